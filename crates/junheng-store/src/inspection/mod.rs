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

mod kept;

pub use kept::{InspectionSnapshot, ReportTemplate};

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

/// The append-only tables whose rows are withdrawn rather than deleted.
#[derive(Clone, Copy)]
enum Appended {
    Statement,
    Input,
}

impl Appended {
    /// The table, the column naming what a row is about, and the refusal when no row is found.
    fn sql(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Appended::Statement => ("inspection_attestations", "item", "该认定（或已撤回）"),
            Appended::Input => ("inspection_inputs", "name", "该数据项（或已撤回）"),
        }
    }

    /// The word of the audit detail.
    fn word(self) -> &'static str {
        match self {
            Appended::Statement => "statement",
            Appended::Input => "input",
        }
    }
}

fn year_of(year: i64, table: &'static str) -> Result<i32, StoreError> {
    i32::try_from(year).map_err(|_| StoreError::Corrupt {
        table,
        column: "year",
    })
}

fn withdrawn(by: Option<String>, at: Option<String>) -> Option<(String, String)> {
    by.zip(at)
}

pub(crate) fn check_year(year: i32) -> Result<(), StoreError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "学年 {year} 无效：应在 2000 到 2100 之间"
        )))
    }
}

pub(crate) fn check_name(name: &str, field: &str) -> Result<(), StoreError> {
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
        let year = self.withdraw_row(Appended::Statement, id, actor).await?;
        self.statements(year)
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
        let year = self.withdraw_row(Appended::Input, id, actor).await?;
        self.inspection_inputs(year)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(StoreError::NotFound("数据项"))
    }

    /// Marks row `id` of an append-only table withdrawn, in one transaction with its audit
    /// entry; its school year. Not found when the row is not the district's or already withdrawn.
    async fn withdraw_row(
        &self,
        table: Appended,
        id: i64,
        actor: &Actor,
    ) -> Result<i32, StoreError> {
        check_actor(actor)?;
        let (name, what, gone) = table.sql();
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own table and column names only.
            let row: Option<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT year, {what} FROM {name} WHERE id = $1 AND district_id = $2 \
                 AND withdrawn_at IS NULL"
            )))
            .bind(id)
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((year, item)) = row else {
                return Err(StoreError::NotFound(gone));
            };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {name} SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4"
            )))
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
                format!("{}={id}", table.word())
            )?;
            tx.commit().await?;
            year_of(year, name)
        })
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
}
