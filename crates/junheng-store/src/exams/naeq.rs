//! The national monitoring's (NAEQ) results as the district entered them: per year and subject,
//! 学业水平 and the 校际差异率 with its unit explicit. A year and subject entered again replaces
//! the value (audited with the old one).

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_SUBJECT, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// The unit a 校际差异率 was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NaeqUnit {
    /// A ratio: 0.15.
    Ratio,
    /// A percentage: 15 (%).
    Percent,
}

impl NaeqUnit {
    /// Stable id: `ratio`, `percent`.
    pub fn id(self) -> &'static str {
        match self {
            NaeqUnit::Ratio => "ratio",
            NaeqUnit::Percent => "percent",
        }
    }

    /// Parses an id, `%` or `比值`.
    pub fn parse(text: &str) -> Option<NaeqUnit> {
        match text.trim() {
            "ratio" | "比值" => Some(NaeqUnit::Ratio),
            "percent" | "%" | "百分比" => Some(NaeqUnit::Percent),
            _ => None,
        }
    }
}

/// A result as entered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NaeqEntry {
    /// The monitoring's year.
    pub year: i32,
    /// 学科 (语文, 数学, 科学, …).
    pub subject: String,
    /// 学业水平 (1–4), if published.
    pub level: Option<u8>,
    /// 校际差异率, in `unit`.
    pub between_school: f64,
    /// Its unit.
    pub unit: NaeqUnit,
    /// Who entered it.
    pub entered_by: String,
    /// When.
    pub entered_at: String,
}

struct NaeqRow {
    year: i64,
    subject: String,
    level: Option<i64>,
    between_school: f64,
    unit: String,
    entered_by: String,
    entered_at: String,
}
from_row!(NaeqRow {
    year,
    subject,
    level,
    between_school,
    unit,
    entered_by,
    entered_at
});

impl TryFrom<NaeqRow> for NaeqEntry {
    type Error = StoreError;

    fn try_from(r: NaeqRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "naeq_results",
            column,
        };
        Ok(NaeqEntry {
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            subject: r.subject,
            level: r
                .level
                .map(|l| u8::try_from(l).map_err(|_| bad("level")))
                .transpose()?,
            between_school: r.between_school,
            unit: NaeqUnit::parse(&r.unit).ok_or_else(|| bad("unit"))?,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
        })
    }
}

impl DistrictStore {
    /// Enters (or replaces) the result of a year and subject; audited with the value replaced.
    pub async fn set_naeq(
        &self,
        year: i32,
        subject: &str,
        level: Option<u8>,
        between_school: f64,
        unit: NaeqUnit,
        actor: &Actor,
    ) -> Result<NaeqEntry, StoreError> {
        check_actor(actor)?;
        let subject = subject.trim();
        check_required(subject, "学科", MAX_SUBJECT)?;
        if !(2015..=2100).contains(&year) {
            return Err(StoreError::invalid("监测年份应在 2015 到 2100 之间"));
        }
        if level.is_some_and(|l| !(1..=4).contains(&l)) {
            return Err(StoreError::invalid("学业水平应为 1 到 4（水平Ⅰ–Ⅳ）"));
        }
        let max = match unit {
            NaeqUnit::Ratio => 1.0,
            NaeqUnit::Percent => 100.0,
        };
        if !between_school.is_finite() || !(0.0..=max).contains(&between_school) {
            return Err(StoreError::Invalid(format!(
                "校际差异率 {between_school} 不在 0 到 {max} 之间（单位：{}）",
                if unit == NaeqUnit::Ratio {
                    "比值"
                } else {
                    "%"
                }
            )));
        }
        let old = self
            .naeq_results()
            .await?
            .into_iter()
            .find(|e| e.year == year && e.subject == subject);
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "DELETE FROM naeq_results WHERE district_id = $1 AND year = $2 AND subject = $3",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(subject)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO naeq_results (district_id, year, subject, level, between_school, \
                 unit, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(subject)
            .bind(level.map(i64::from))
            .bind(between_school)
            .bind(unit.id())
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::NAEQ_SET,
                format!("naeq:{year}:{subject}"),
                format!(
                    "between_school={between_school} unit={} level={} was={}",
                    unit.id(),
                    level.map_or("-".to_owned(), |l| l.to_string()),
                    old.as_ref().map_or("-".to_owned(), |o| format!(
                        "{} {}",
                        o.between_school,
                        o.unit.id()
                    ))
                )
            )?;
            tx.commit().await?;
        });
        self.naeq_results()
            .await?
            .into_iter()
            .find(|e| e.year == year && e.subject == subject)
            .ok_or(StoreError::NotFound("国家监测结果"))
    }

    /// The district's entered results, by year then subject.
    pub async fn naeq_results(&self) -> Result<Vec<NaeqEntry>, StoreError> {
        let rows: Vec<NaeqRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, subject, level, between_school, unit, entered_by, entered_at \
                 FROM naeq_results WHERE district_id = $1 ORDER BY year, subject",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(NaeqEntry::try_from).collect()
    }
}
