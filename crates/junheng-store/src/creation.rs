//! 优质均衡创建 of each district: the target year the city set and the steps the district
//! reached. The city writes them; the district reads them. Steps are appended, never edited.

use junheng_core::creation::{CreationStatus, Phase};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictId;
use crate::error::narrow;
use crate::limits::{check_actor, check_len};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, Store, StoreError};

/// Longest document reference (文号 or title) of a step.
pub const MAX_STEP_DOCUMENT: usize = 200;
/// Longest note of a step.
pub const MAX_STEP_NOTE: usize = 500;

/// The target year a city set for a district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreationTarget {
    /// 2024, 2028 or 2030.
    pub year: i32,
    /// When it was set.
    pub set_at: String,
    /// Who set it.
    pub set_by: String,
}

/// A step a district reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreationStep {
    /// Row id.
    pub id: i64,
    /// The status reached.
    pub status: CreationStatus,
    /// The day it was reached (`YYYY-MM-DD`).
    pub reached_on: String,
    /// 文号 or title of the document that records it.
    pub document: String,
    /// Free note.
    pub note: String,
    /// When it was recorded.
    pub recorded_at: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// What the city knows of one district's creation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Creation {
    /// The target year, once the city set one.
    pub target: Option<CreationTarget>,
    /// Every step recorded, oldest first.
    pub steps: Vec<CreationStep>,
}

impl Creation {
    /// The furthest status recorded (未启动 without any step).
    pub fn status(&self) -> CreationStatus {
        self.steps
            .iter()
            .map(|s| s.status)
            .max()
            .unwrap_or(CreationStatus::NotStarted)
    }

    /// The step that reached [`Creation::status`], if any.
    pub fn latest(&self) -> Option<&CreationStep> {
        let status = self.status();
        self.steps.iter().rev().find(|s| s.status == status)
    }
}

/// A step to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStep {
    /// The status reached (not 未启动).
    pub status: CreationStatus,
    /// `YYYY-MM-DD`.
    pub reached_on: String,
    /// 文号 or title (required).
    pub document: String,
    /// Free note.
    pub note: String,
}

struct TargetRow {
    district_id: i64,
    target_year: i64,
    set_at: String,
    set_by: String,
}
from_row!(TargetRow {
    district_id,
    target_year,
    set_at,
    set_by
});

struct StepRow {
    id: i64,
    district_id: i64,
    status: String,
    reached_on: String,
    document: String,
    note: String,
    recorded_at: String,
    recorded_by: String,
}
from_row!(StepRow {
    id,
    district_id,
    status,
    reached_on,
    document,
    note,
    recorded_at,
    recorded_by
});

impl TryFrom<StepRow> for CreationStep {
    type Error = StoreError;
    fn try_from(r: StepRow) -> Result<Self, StoreError> {
        let status = CreationStatus::parse(&r.status).ok_or(StoreError::Corrupt {
            table: "creation_steps",
            column: "status",
        })?;
        Ok(CreationStep {
            id: r.id,
            status,
            reached_on: r.reached_on,
            document: r.document,
            note: r.note,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
        })
    }
}

impl Store {
    /// Sets district `district`'s target year (2024, 2028 or 2030: one of the three phases).
    pub async fn set_creation_target(
        &self,
        district: DistrictId,
        year: i32,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let Some(phase) = Phase::of_target(year) else {
            return Err(StoreError::Invalid(format!(
                "目标年份 {year} 不是创建阶段的年份：应为 2024（试点推进）、2028（整体推进）或 2030（攻坚推进）"
            )));
        };
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Option<(i64,)> = sqlx::query_as("SELECT id FROM districts WHERE id = $1")
                .bind(district.get())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("该区县"));
            }
            sqlx::query("DELETE FROM creation_targets WHERE district_id = $1")
                .bind(district.get())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO creation_targets (district_id, target_year, set_at, set_by) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(district.get())
            .bind(i64::from(year))
            .bind(&at)
            .bind(&actor.name)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(district.get()),
                &actor.name,
                action::CREATION_TARGET,
                format!("creation:{}", district.get()),
                format!("{year}（{}）", phase.label())
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records a step district `district` reached. A step may not go back behind the furthest
    /// one recorded (a later document of the same status is recorded: a re-assessment).
    pub async fn record_creation_step(
        &self,
        district: DistrictId,
        step: &NewStep,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        if step.status == CreationStatus::NotStarted {
            return Err(StoreError::invalid(
                "“未启动”是尚未记录任何步骤时的状态，不能作为一步记录",
            ));
        }
        if !is_date(step.reached_on.trim()) {
            return Err(StoreError::Invalid(format!(
                "日期「{}」有误：应为 YYYY-MM-DD，如 2025-06-30",
                crate::limits::cut(step.reached_on.trim(), 20)
            )));
        }
        if step.document.trim().is_empty() {
            return Err(StoreError::invalid(
                "请填写文件（文号或标题），每一步都应有据可查",
            ));
        }
        check_len(step.document.trim(), "文件", MAX_STEP_DOCUMENT)?;
        check_len(step.note.trim(), "备注", MAX_STEP_NOTE)?;
        let current = self.creation(district).await?.status();
        if step.status < current {
            return Err(StoreError::Invalid(format!(
                "该区县已到“{current}”，不能再记录更早的“{}”",
                step.status
            )));
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Option<(i64,)> = sqlx::query_as("SELECT id FROM districts WHERE id = $1")
                .bind(district.get())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("该区县"));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO creation_steps (district_id, status, reached_on, document, note, \
                 recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(district.get())
            .bind(step.status.label())
            .bind(step.reached_on.trim())
            .bind(step.document.trim())
            .bind(step.note.trim())
            .bind(&at)
            .bind(&actor.name)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(district.get()),
                &actor.name,
                action::CREATION_STEP,
                format!("creation:{}", district.get()),
                format!(
                    "{} {}：{}",
                    step.status,
                    step.reached_on.trim(),
                    step.document.trim()
                )
            )?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The creation of one district.
    pub async fn creation(&self, district: DistrictId) -> Result<Creation, StoreError> {
        Ok(self
            .read_creations(Some(district))
            .await?
            .pop()
            .map(|(_, c)| c)
            .unwrap_or_default())
    }

    /// The creation of every district that has a target or a step.
    pub async fn creations(&self) -> Result<Vec<(DistrictId, Creation)>, StoreError> {
        self.read_creations(None).await
    }

    /// The creations of district `only`, or of every district.
    async fn read_creations(
        &self,
        only: Option<DistrictId>,
    ) -> Result<Vec<(DistrictId, Creation)>, StoreError> {
        // 0 is no district's id: without `only`, every row (`district_id <> 0`).
        let (filter, id) = match only {
            Some(d) => ("district_id = $1", d.get()),
            None => ("district_id <> $1", 0),
        };
        let (targets, steps): (Vec<TargetRow>, Vec<StepRow>) = with_pool!(&self.pool, |pool| {
            let targets = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT district_id, target_year, set_at, set_by FROM creation_targets \
                 WHERE {filter}"
            )))
            .bind(id)
            .fetch_all(pool)
            .await?;
            let steps = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, district_id, status, reached_on, document, note, recorded_at, \
                 recorded_by FROM creation_steps WHERE {filter} \
                 ORDER BY district_id, reached_on, id"
            )))
            .bind(id)
            .fetch_all(pool)
            .await?;
            (targets, steps)
        });
        let mut out: std::collections::BTreeMap<i64, Creation> = Default::default();
        for t in targets {
            out.entry(t.district_id).or_default().target = Some(CreationTarget {
                year: narrow(t.target_year, "creation_targets", "target_year")?,
                set_at: t.set_at,
                set_by: t.set_by,
            });
        }
        for s in steps {
            let d = s.district_id;
            out.entry(d).or_default().steps.push(s.try_into()?);
        }
        Ok(out.into_iter().map(|(d, c)| (DistrictId(d), c)).collect())
    }
}
