//! 督导评估 (issue 19): the district's statements on items (认定) with their history, the figures
//! it enters for items no other capability computes (the official 社会认可度, a 定额), and the
//! snapshots of the verdict — its history over the years.
//!
//! Statements and figures are append-only: the newest one not withdrawn counts, and 撤回 brings
//! the one before it back. Every write is audited with what it replaced.

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Longest note of a statement or source of a figure.
pub const MAX_INSPECTION_NOTE: usize = 2000;
/// Longest item id or figure name.
const MAX_NAME: usize = 64;

/// A statement (认定) on an item of a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStatement {
    /// Row id.
    pub id: i64,
    /// School year.
    pub year: i32,
    /// The rulebook's item id.
    pub item: String,
    /// Whether the requirement is met (for a 一票否决 item: that the case does not occur).
    pub met: bool,
    /// What was checked.
    pub note: String,
    /// Who made it.
    pub made_by: String,
    /// When (RFC 3339).
    pub made_at: String,
    /// Who withdrew it and when, if it was withdrawn.
    pub withdrawn: Option<(String, String)>,
}

/// A figure entered for a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionInput {
    /// Row id.
    pub id: i64,
    /// School year.
    pub year: i32,
    /// Which figure (`recognition_rate`, …; the use-case layer knows the names).
    pub name: String,
    /// Its value.
    pub value: f64,
    /// Where it comes from (the report, its date).
    pub source: String,
    /// Who entered it.
    pub entered_by: String,
    /// When (RFC 3339).
    pub entered_at: String,
    /// Who withdrew it and when, if it was withdrawn.
    pub withdrawn: Option<(String, String)>,
}

/// A district's own 自评报告 template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTemplate {
    /// Row id.
    pub id: i64,
    /// The file name it was uploaded under.
    pub file_name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When (RFC 3339).
    pub uploaded_at: String,
}

/// A kept verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionSnapshot {
    /// School year.
    pub year: i32,
    /// Rulebook id and version.
    pub rulebook: String,
    /// Rulebook version.
    pub rulebook_version: String,
    /// Digest of everything the verdict was decided from.
    pub stamp: String,
    /// The overall result's id.
    pub overall: String,
    /// The verdict as JSON.
    pub verdict: String,
    /// When it was computed (RFC 3339).
    pub computed_at: String,
}

struct StatementRow {
    id: i64,
    year: i64,
    item: String,
    met: i64,
    note: String,
    made_by: String,
    made_at: String,
    withdrawn_by: Option<String>,
    withdrawn_at: Option<String>,
}
from_row!(StatementRow {
    id,
    year,
    item,
    met,
    note,
    made_by,
    made_at,
    withdrawn_by,
    withdrawn_at
});

struct InputRow {
    id: i64,
    year: i64,
    name: String,
    value: f64,
    source: String,
    entered_by: String,
    entered_at: String,
    withdrawn_by: Option<String>,
    withdrawn_at: Option<String>,
}
from_row!(InputRow {
    id,
    year,
    name,
    value,
    source,
    entered_by,
    entered_at,
    withdrawn_by,
    withdrawn_at
});

struct SnapshotRow {
    year: i64,
    rulebook: String,
    rulebook_version: String,
    stamp: String,
    overall: String,
    verdict: String,
    computed_at: String,
}
from_row!(SnapshotRow {
    year,
    rulebook,
    rulebook_version,
    stamp,
    overall,
    verdict,
    computed_at
});

fn year_of(year: i64, table: &'static str) -> Result<i32, StoreError> {
    i32::try_from(year).map_err(|_| StoreError::Corrupt {
        table,
        column: "year",
    })
}

fn withdrawn(by: Option<String>, at: Option<String>) -> Option<(String, String)> {
    by.zip(at)
}

fn check_year(year: i32) -> Result<(), StoreError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "学年 {year} 无效：应在 2000 到 2100 之间"
        )))
    }
}

fn check_name(name: &str, field: &str) -> Result<(), StoreError> {
    check_required(name, field, MAX_NAME)?;
    if name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{field}“{name}”无效：只能由小写字母、数字和下划线组成"
        )))
    }
}

impl DistrictStore {
    /// Records a statement on `item` of school `year`; audited with the statement it replaces.
    /// The caller checks that the item exists in the rulebook.
    pub async fn attest(
        &self,
        year: i32,
        item: &str,
        met: bool,
        note: &str,
        actor: &Actor,
    ) -> Result<ItemStatement, StoreError> {
        check_actor(actor)?;
        check_year(year)?;
        check_name(item, "指标")?;
        let note = note.trim();
        check_len(note, "认定说明", MAX_INSPECTION_NOTE)?;
        let before = self.statement(year, item).await?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO inspection_attestations (district_id, year, item, met, note, \
                 made_by, made_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(item)
            .bind(i64::from(met))
            .bind(note)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_ATTEST,
                format!("inspection:{year}:{item}"),
                format!(
                    "met={met} was={}",
                    before
                        .as_ref()
                        .map_or("-".to_owned(), |b| b.met.to_string())
                )
            )?;
            tx.commit().await?;
            id
        });
        self.statements(year)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(StoreError::NotFound("认定"))
    }

    /// Withdraws (撤回) the statement with row id `id`; the one before it counts again.
    pub async fn withdraw_statement(
        &self,
        id: i64,
        actor: &Actor,
    ) -> Result<ItemStatement, StoreError> {
        check_actor(actor)?;
        let at = now();
        let target = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT year, item FROM inspection_attestations WHERE id = $1 \
                 AND district_id = $2 AND withdrawn_at IS NULL",
            )
            .bind(id)
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((year, item)) = row else {
                return Err(StoreError::NotFound("该认定（或已撤回）"));
            };
            sqlx::query(
                "UPDATE inspection_attestations SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_WITHDRAW,
                format!("inspection:{year}:{item}"),
                format!("statement={id}")
            )?;
            tx.commit().await?;
            year_of(year, "inspection_attestations")?
        });
        self.statements(target)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(StoreError::NotFound("认定"))
    }

    /// Every statement of school `year`, withdrawn ones included, newest first.
    pub async fn statements(&self, year: i32) -> Result<Vec<ItemStatement>, StoreError> {
        let rows: Vec<StatementRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, year, item, met, note, made_by, made_at, withdrawn_by, withdrawn_at \
                 FROM inspection_attestations WHERE district_id = $1 AND year = $2 \
                 ORDER BY id DESC",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ItemStatement {
                    id: r.id,
                    year: year_of(r.year, "inspection_attestations")?,
                    item: r.item,
                    met: r.met != 0,
                    note: r.note,
                    made_by: r.made_by,
                    made_at: r.made_at,
                    withdrawn: withdrawn(r.withdrawn_by, r.withdrawn_at),
                })
            })
            .collect()
    }

    /// The statement that counts for `item` of `year`: the newest not withdrawn.
    pub async fn statement(
        &self,
        year: i32,
        item: &str,
    ) -> Result<Option<ItemStatement>, StoreError> {
        Ok(self
            .statements(year)
            .await?
            .into_iter()
            .find(|s| s.item == item && s.withdrawn.is_none()))
    }

    /// Enters a figure for school `year`; audited with the value it replaces. The caller checks
    /// the name and the value's range.
    pub async fn set_inspection_input(
        &self,
        year: i32,
        name: &str,
        value: f64,
        source: &str,
        actor: &Actor,
    ) -> Result<InspectionInput, StoreError> {
        check_actor(actor)?;
        check_year(year)?;
        check_name(name, "数据项")?;
        let source = source.trim();
        check_required(source, "数据来源", MAX_INSPECTION_NOTE)?;
        if !value.is_finite() {
            return Err(StoreError::invalid("数值无效"));
        }
        let before = self.inspection_input(year, name).await?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO inspection_inputs (district_id, year, name, value, source, \
                 entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(name)
            .bind(value)
            .bind(source)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_INPUT,
                format!("inspection:{year}:{name}"),
                format!(
                    "value={value} was={}",
                    before
                        .as_ref()
                        .map_or("-".to_owned(), |b| b.value.to_string())
                )
            )?;
            tx.commit().await?;
            id
        });
        self.inspection_inputs(year)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(StoreError::NotFound("数据项"))
    }

    /// Withdraws (撤回) the figure with row id `id`; the one before it counts again.
    pub async fn withdraw_inspection_input(
        &self,
        id: i64,
        actor: &Actor,
    ) -> Result<InspectionInput, StoreError> {
        check_actor(actor)?;
        let at = now();
        let year = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT year, name FROM inspection_inputs WHERE id = $1 AND district_id = $2 \
                 AND withdrawn_at IS NULL",
            )
            .bind(id)
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((year, name)) = row else {
                return Err(StoreError::NotFound("该数据项（或已撤回）"));
            };
            sqlx::query(
                "UPDATE inspection_inputs SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_WITHDRAW,
                format!("inspection:{year}:{name}"),
                format!("input={id}")
            )?;
            tx.commit().await?;
            year_of(year, "inspection_inputs")?
        });
        self.inspection_inputs(year)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(StoreError::NotFound("数据项"))
    }

    /// Every figure of school `year`, withdrawn ones included, newest first.
    pub async fn inspection_inputs(&self, year: i32) -> Result<Vec<InspectionInput>, StoreError> {
        let rows: Vec<InputRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, year, name, value, source, entered_by, entered_at, withdrawn_by, \
                 withdrawn_at FROM inspection_inputs WHERE district_id = $1 AND year = $2 \
                 ORDER BY id DESC",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(InspectionInput {
                    id: r.id,
                    year: year_of(r.year, "inspection_inputs")?,
                    name: r.name,
                    value: r.value,
                    source: r.source,
                    entered_by: r.entered_by,
                    entered_at: r.entered_at,
                    withdrawn: withdrawn(r.withdrawn_by, r.withdrawn_at),
                })
            })
            .collect()
    }

    /// The figure that counts for `name` of `year`: the newest not withdrawn.
    pub async fn inspection_input(
        &self,
        year: i32,
        name: &str,
    ) -> Result<Option<InspectionInput>, StoreError> {
        Ok(self
            .inspection_inputs(year)
            .await?
            .into_iter()
            .find(|i| i.name == name && i.withdrawn.is_none()))
    }

    /// Keeps a verdict unless the newest kept one of its year and rulebook has the same stamp;
    /// whether it was kept.
    pub async fn keep_snapshot(&self, snapshot: &InspectionSnapshot) -> Result<bool, StoreError> {
        check_year(snapshot.year)?;
        let kept = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let last: Option<(String,)> = sqlx::query_as(
                "SELECT stamp FROM inspection_snapshots WHERE district_id = $1 AND year = $2 \
                 AND rulebook = $3 ORDER BY id DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(i64::from(snapshot.year))
            .bind(&snapshot.rulebook)
            .fetch_optional(&mut *tx)
            .await?;
            if last.is_some_and(|(s,)| s == snapshot.stamp) {
                false
            } else {
                sqlx::query(
                    "INSERT INTO inspection_snapshots (district_id, year, rulebook, \
                     rulebook_version, stamp, overall, verdict, computed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(self.id)
                .bind(i64::from(snapshot.year))
                .bind(&snapshot.rulebook)
                .bind(&snapshot.rulebook_version)
                .bind(&snapshot.stamp)
                .bind(&snapshot.overall)
                .bind(&snapshot.verdict)
                .bind(&snapshot.computed_at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                true
            }
        });
        Ok(kept)
    }

    /// Stores a checked 自评报告 template as the district's current one; audited.
    pub async fn save_report_template(
        &self,
        file_name: &str,
        sha256: &str,
        content: &[u8],
        actor: &Actor,
    ) -> Result<ReportTemplate, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", crate::limits::MAX_FILE_NAME)?;
        check_len(sha256, "文件摘要", 64)?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO inspection_templates (district_id, file_name, sha256, content, \
                 uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(self.id)
            .bind(file_name)
            .bind(sha256)
            .bind(content)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_TEMPLATE,
                format!("inspection_template:{id}"),
                format!("file={file_name} sha256={sha256}")
            )?;
            tx.commit().await?;
            id
        });
        Ok(ReportTemplate {
            id,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            uploaded_by: actor.name.clone(),
            uploaded_at: at,
        })
    }

    /// The district's current 自评报告 template and its bytes (`None`: the default is used).
    pub async fn report_template(&self) -> Result<Option<(ReportTemplate, Vec<u8>)>, StoreError> {
        let row: Option<(i64, String, String, Vec<u8>, String, String)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT id, file_name, sha256, content, uploaded_by, uploaded_at \
                     FROM inspection_templates WHERE district_id = $1 AND withdrawn_at IS NULL \
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(self.id)
                .fetch_optional(pool)
                .await?
            });
        Ok(row.map(
            |(id, file_name, sha256, content, uploaded_by, uploaded_at)| {
                (
                    ReportTemplate {
                        id,
                        file_name,
                        sha256,
                        uploaded_by,
                        uploaded_at,
                    },
                    content,
                )
            },
        ))
    }

    /// Withdraws (撤回) the current template: the one before it (or the default) is used again.
    pub async fn withdraw_report_template(&self, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        let Some((current, _)) = self.report_template().await? else {
            return Err(StoreError::NotFound("自定义的自评报告模板"));
        };
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE inspection_templates SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4 AND withdrawn_at IS NULL",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(current.id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_WITHDRAW,
                format!("inspection_template:{}", current.id),
                format!("file={}", current.file_name)
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The newest kept verdict of every school year under `rulebook`, oldest year first.
    pub async fn snapshots(&self, rulebook: &str) -> Result<Vec<InspectionSnapshot>, StoreError> {
        let rows: Vec<SnapshotRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, rulebook, rulebook_version, stamp, overall, verdict, computed_at \
                 FROM inspection_snapshots s WHERE district_id = $1 AND rulebook = $2 \
                 AND id = (SELECT MAX(id) FROM inspection_snapshots x \
                 WHERE x.district_id = s.district_id AND x.year = s.year \
                 AND x.rulebook = s.rulebook) ORDER BY year",
            )
            .bind(self.id)
            .bind(rulebook)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(InspectionSnapshot {
                    year: year_of(r.year, "inspection_snapshots")?,
                    rulebook: r.rulebook,
                    rulebook_version: r.rulebook_version,
                    stamp: r.stamp,
                    overall: r.overall,
                    verdict: r.verdict,
                    computed_at: r.computed_at,
                })
            })
            .collect()
    }
}
