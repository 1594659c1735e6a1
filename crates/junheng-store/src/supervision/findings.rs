//! What a visit found (督导发现), one at a time, and each finding's link to the task raised
//! from it.

use junheng_core::record::{RecordKind, RecordRef};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use super::Severity;
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{parse_word, to_u32};
use crate::limits::check_actor;
use crate::pool::{Dialect, from_row, with_pool};
use crate::{Actor, StoreError};

/// A finding to record with its visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewFinding<'a> {
    /// What was found (trimmed; not empty; at most
    /// [`MAX_FINDING_TEXT`](crate::limits::MAX_FINDING_TEXT) characters).
    pub text: &'a str,
    /// How serious it is.
    pub severity: Severity,
    /// The 整改 deadline, `YYYY-MM-DD`, not before the visit.
    pub deadline: &'a str,
}

/// A finding of a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Row id (a finding's [`RecordRef`] key: `finding:<id>`).
    pub id: i64,
    /// The visit.
    pub visit: i64,
    /// Its place in the visit, from 1.
    pub seq: u32,
    /// What was found.
    pub text: String,
    /// How serious it is.
    pub severity: Severity,
    /// The 整改 deadline, `YYYY-MM-DD`.
    pub deadline: String,
    /// The task raised from it, once raised.
    pub task: Option<i64>,
}

impl Finding {
    /// The finding as a record (its task's source; evidence attaches to it).
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::Finding,
            key: self.id.to_string(),
        }
    }
}

pub(super) struct FindingRow {
    id: i64,
    visit_id: i64,
    seq: i64,
    content: String,
    severity: String,
    deadline: String,
    task_id: Option<i64>,
}
from_row!(FindingRow {
    id,
    visit_id,
    seq,
    content,
    severity,
    deadline,
    task_id
});

pub(super) const FINDING_COLUMNS: &str =
    "f.id, f.visit_id, f.seq, f.content, f.severity, f.deadline, f.task_id";

impl TryFrom<FindingRow> for Finding {
    type Error = StoreError;

    fn try_from(r: FindingRow) -> Result<Self, StoreError> {
        const F: &str = "supervision_findings";
        Ok(Finding {
            id: r.id,
            visit: r.visit_id,
            seq: to_u32(r.seq, F, "seq")?,
            text: r.content,
            severity: parse_word(&r.severity, F, "severity")?,
            deadline: r.deadline,
            task: r.task_id,
        })
    }
}

impl DistrictStore {
    /// Finding `id` of a visit of the district, if there is one.
    pub async fn finding(&self, id: i64) -> Result<Option<Finding>, StoreError> {
        let row: Option<FindingRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {FINDING_COLUMNS} FROM supervision_findings f \
                 JOIN supervision_visits v ON v.id = f.visit_id \
                 WHERE v.district_id = $1 AND f.id = $2"
            )))
            .bind(self.id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Finding::try_from).transpose()
    }

    /// Records that task `task` was raised from finding `finding`, with its audit entry.
    ///
    /// [`StoreError::NotFound`] when the district has no such finding or task;
    /// [`StoreError::Invalid`] when the task's source is not this finding;
    /// [`StoreError::Conflict`] when the finding is linked to another task already (linking it
    /// to the same task again changes nothing).
    pub async fn link_finding(
        &self,
        finding: i64,
        task: i64,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let source = finding.to_string();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(Option<i64>,)> = sqlx::query_as(
                "SELECT f.task_id FROM supervision_findings f \
                 JOIN supervision_visits v ON v.id = f.visit_id \
                 WHERE v.district_id = $1 AND f.id = $2",
            )
            .bind(self.id)
            .bind(finding)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((linked,)) = found else {
                return Err(StoreError::NotFound("该督导发现"));
            };
            match linked {
                Some(t) if t == task => return Ok(()),
                Some(t) => {
                    return Err(StoreError::Conflict(format!(
                        "督导发现 #{finding} 已对应整改任务 #{t}"
                    )));
                }
                None => {}
            }
            let raised: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT source_kind, source_key FROM tasks WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(task)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((kind, key)) = raised else {
                return Err(StoreError::NotFound("该任务"));
            };
            if kind.as_deref() != Some(RecordKind::Finding.id()) || key.as_deref() != Some(&source)
            {
                return Err(StoreError::Invalid(format!(
                    "任务 #{task} 不是由督导发现 #{finding} 产生的，不能对应"
                )));
            }
            sqlx::query(
                "UPDATE supervision_findings SET task_id = $1 WHERE id = $2 AND task_id IS NULL",
            )
            .bind(task)
            .bind(finding)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_LINK,
                format!("finding:{finding}"),
                format!("task={task}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
