//! 年度综合考核 (the annual review of schools and groups): the manual scores entered during a
//! year and the results the district finalises (定稿) for it.
//!
//! A score is one unit's, one rubric item's and one scorer's (自评 / 他评 / 区县评价), 0–100; a
//! score entered again replaces the earlier one and the audit log keeps both. A year's results
//! are stored whole when the district finalises it and replaced whole when it finalises again:
//! they are what later years compare with (the 三线 history, last year's totals, the baseline of
//! the within-group gap). What the rubric asks and who may score what is
//! `junheng_app::reviews`'; this crate checks what a row says by itself.

use junheng_core::bands::{Band, EscalationLevel};
use junheng_core::review::Scorer;
use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::narrow;
use crate::limits::{MAX_NOTE, MAX_SCHOOL_TEXT, check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

const SCORES: &str = "review_scores";
const RESULTS: &str = "review_results";

/// The most results one finalisation stores (schools and groups of a district).
const MAX_RESULTS: usize = 5_000;
/// The longest result detail (JSON) stored.
const MAX_DETAIL: usize = 256 * 1024;

/// The unit a review is of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum ReviewUnit {
    /// A school, by its 学校标识码.
    School(SchoolCode),
    /// An education group, by its name.
    Group(String),
}

impl ReviewUnit {
    /// `school` or `group` (stored, in URLs).
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewUnit::School(_) => "school",
            ReviewUnit::Group(_) => "group",
        }
    }

    /// The school's code or the group's name.
    pub fn key(&self) -> &str {
        match self {
            ReviewUnit::School(code) => code.as_str(),
            ReviewUnit::Group(name) => name,
        }
    }

    /// The unit of a kind and key as stored or written in a URL; `None` for an unknown kind or
    /// a malformed code.
    pub fn parse(kind: &str, key: &str) -> Option<ReviewUnit> {
        match kind {
            "school" => SchoolCode::parse(key.trim()).ok().map(ReviewUnit::School),
            "group" if !key.trim().is_empty() => Some(ReviewUnit::Group(key.trim().to_owned())),
            _ => None,
        }
    }

    fn stored(table: &'static str, kind: &str, key: &str) -> Result<ReviewUnit, StoreError> {
        ReviewUnit::parse(kind, key).ok_or(StoreError::Corrupt {
            table,
            column: "unit",
        })
    }
}

impl std::fmt::Display for ReviewUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind(), self.key())
    }
}

/// A manual score as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewScore {
    /// 考核年度.
    pub year: i32,
    /// Whose.
    pub unit: ReviewUnit,
    /// The rubric item's identifier.
    pub item: String,
    /// Who scored.
    pub scorer: Scorer,
    /// 0–100.
    pub score: f64,
    /// 评分说明.
    pub note: String,
    /// Who entered it.
    pub entered_by: String,
    /// When, RFC 3339 UTC.
    pub entered_at: String,
}

/// A score to enter.
#[derive(Debug, Clone, Copy)]
pub struct NewReviewScore<'a> {
    /// 考核年度.
    pub year: i32,
    /// Whose.
    pub unit: &'a ReviewUnit,
    /// The rubric item's identifier.
    pub item: &'a str,
    /// Who scores.
    pub scorer: Scorer,
    /// 0–100.
    pub score: f64,
    /// 评分说明.
    pub note: &'a str,
}

/// One unit's finalised result of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewResult {
    /// 考核年度.
    pub year: i32,
    /// Whose.
    pub unit: ReviewUnit,
    /// The unit's name that year.
    pub name: String,
    /// The value placed in the 三线 (考核总分 or G), `None` when 未接入.
    pub value: Option<f64>,
    /// Its band, `None` when not placed.
    pub band: Option<Band>,
    /// Consecutive years at the 警戒线, this one included.
    pub warning_periods: u32,
    /// The escalation reached.
    pub escalation: Option<EscalationLevel>,
    /// The whole result as computed (JSON).
    pub detail: String,
    /// Who finalised the year.
    pub finalised_by: String,
    /// When, RFC 3339 UTC.
    pub finalised_at: String,
}

/// A result to store when finalising.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReviewResult {
    /// Whose.
    pub unit: ReviewUnit,
    /// The unit's name that year.
    pub name: String,
    /// The value placed (考核总分 or G).
    pub value: Option<f64>,
    /// Its band.
    pub band: Option<Band>,
    /// Consecutive years at the 警戒线.
    pub warning_periods: u32,
    /// The escalation reached.
    pub escalation: Option<EscalationLevel>,
    /// The whole result (JSON).
    pub detail: String,
}

struct ScoreRow {
    year: i64,
    unit_kind: String,
    unit: String,
    item: String,
    scorer: String,
    score: f64,
    note: String,
    entered_by: String,
    entered_at: String,
}
from_row!(ScoreRow {
    year,
    unit_kind,
    unit,
    item,
    scorer,
    score,
    note,
    entered_by,
    entered_at
});

struct ResultRow {
    year: i64,
    unit_kind: String,
    unit: String,
    name: String,
    value: Option<f64>,
    band: Option<String>,
    warning_periods: i64,
    escalation: Option<String>,
    detail: String,
    finalised_by: String,
    finalised_at: String,
}
from_row!(ResultRow {
    year,
    unit_kind,
    unit,
    name,
    value,
    band,
    warning_periods,
    escalation,
    detail,
    finalised_by,
    finalised_at
});

fn check_year(year: i32) -> Result<(), StoreError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(StoreError::invalid(format!(
            "考核年度应在 2000–2100 之间，现为 {year}"
        )))
    }
}

fn check_unit(unit: &ReviewUnit) -> Result<(), StoreError> {
    if let ReviewUnit::Group(name) = unit {
        check_required(name, "集团名称", MAX_SCHOOL_TEXT)?;
    }
    Ok(())
}

impl ScoreRow {
    fn into_score(self) -> Result<ReviewScore, StoreError> {
        Ok(ReviewScore {
            year: narrow(self.year, SCORES, "year")?,
            unit: ReviewUnit::stored(SCORES, &self.unit_kind, &self.unit)?,
            scorer: Scorer::from_id(&self.scorer).ok_or(StoreError::Corrupt {
                table: SCORES,
                column: "scorer",
            })?,
            item: self.item,
            score: self.score,
            note: self.note,
            entered_by: self.entered_by,
            entered_at: self.entered_at,
        })
    }
}

impl ResultRow {
    fn into_result(self) -> Result<ReviewResult, StoreError> {
        let band = self
            .band
            .map(|b| {
                Band::from_id(&b).ok_or(StoreError::Corrupt {
                    table: RESULTS,
                    column: "band",
                })
            })
            .transpose()?;
        let escalation = self
            .escalation
            .map(|e| {
                EscalationLevel::from_id(&e).ok_or(StoreError::Corrupt {
                    table: RESULTS,
                    column: "escalation",
                })
            })
            .transpose()?;
        Ok(ReviewResult {
            year: narrow(self.year, RESULTS, "year")?,
            unit: ReviewUnit::stored(RESULTS, &self.unit_kind, &self.unit)?,
            name: self.name,
            value: self.value,
            band,
            warning_periods: narrow(self.warning_periods, RESULTS, "warning_periods")?,
            escalation,
            detail: self.detail,
            finalised_by: self.finalised_by,
            finalised_at: self.finalised_at,
        })
    }
}

impl DistrictStore {
    /// Every manual score of a year, by unit, item and scorer.
    pub async fn review_scores(&self, year: i32) -> Result<Vec<ReviewScore>, StoreError> {
        let rows: Vec<ScoreRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, unit_kind, unit, item, scorer, score, note, entered_by, entered_at \
                 FROM review_scores WHERE district_id = $1 AND year = $2 \
                 ORDER BY unit_kind, unit, item, scorer",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ScoreRow::into_score).collect()
    }

    /// Enters a score (replacing the unit's earlier score of the item by the same scorer) and
    /// returns the score it replaced. The score is 0–100; the note is bounded.
    pub async fn set_review_score(
        &self,
        new: &NewReviewScore<'_>,
        actor: &Actor,
    ) -> Result<Option<f64>, StoreError> {
        check_year(new.year)?;
        check_unit(new.unit)?;
        check_required(new.item, "考核项", MAX_SCHOOL_TEXT)?;
        if !(new.score.is_finite() && (0.0..=100.0).contains(&new.score)) {
            return Err(StoreError::invalid(format!(
                "评分应为 0–100 的数，现为 {}",
                new.score
            )));
        }
        let note = new.note.trim();
        check_len(note, "评分说明", MAX_NOTE)?;
        check_actor(actor)?;
        let unit = new.unit;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let before: Option<(f64,)> = sqlx::query_as(
                "SELECT score FROM review_scores WHERE district_id = $1 AND year = $2 \
                 AND unit_kind = $3 AND unit = $4 AND item = $5 AND scorer = $6",
            )
            .bind(self.id)
            .bind(i64::from(new.year))
            .bind(unit.kind())
            .bind(unit.key())
            .bind(new.item)
            .bind(new.scorer.id())
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO review_scores (district_id, year, unit_kind, unit, item, scorer, \
                 score, note, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
                 $9, $10) ON CONFLICT (district_id, year, unit_kind, unit, item, scorer) DO \
                 UPDATE SET score = excluded.score, note = excluded.note, \
                 entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            )
            .bind(self.id)
            .bind(i64::from(new.year))
            .bind(unit.kind())
            .bind(unit.key())
            .bind(new.item)
            .bind(new.scorer.id())
            .bind(new.score)
            .bind(note)
            .bind(&actor.name)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            let was = before.map(|(s,)| s);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::REVIEW_SCORE,
                format!("review:{}:{unit}", new.year),
                format!(
                    "item={} scorer={} score={} was={}",
                    new.item,
                    new.scorer.id(),
                    new.score,
                    was.map_or_else(|| "-".to_owned(), |w| w.to_string())
                )
            )?;
            tx.commit().await?;
            Ok(was)
        })
    }

    /// The finalised results of every year (of one unit, or of all), oldest year first.
    pub async fn review_results(
        &self,
        unit: Option<&ReviewUnit>,
    ) -> Result<Vec<ReviewResult>, StoreError> {
        // An empty kind selects every unit.
        let (kind, key) = unit.map_or(("", ""), |u| (u.kind(), u.key()));
        let rows: Vec<ResultRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, unit_kind, unit, name, value, band, warning_periods, escalation, \
                 detail, finalised_by, finalised_at FROM review_results WHERE district_id = $1 \
                 AND ($2 = '' OR (unit_kind = $2 AND unit = $3)) ORDER BY year, unit_kind, unit",
            )
            .bind(self.id)
            .bind(kind)
            .bind(key)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ResultRow::into_result).collect()
    }

    /// Finalises a year: its stored results become `results`, replacing any earlier
    /// finalisation of the year in one transaction. Returns how many rows it replaced.
    pub async fn finalise_reviews(
        &self,
        year: i32,
        results: &[NewReviewResult],
        actor: &Actor,
    ) -> Result<usize, StoreError> {
        check_year(year)?;
        check_actor(actor)?;
        if results.is_empty() || results.len() > MAX_RESULTS {
            return Err(StoreError::invalid(format!(
                "定稿应有 1–{MAX_RESULTS} 个考核结果，现为 {}",
                results.len()
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for r in results {
            check_unit(&r.unit)?;
            check_required(&r.name, "名称", MAX_SCHOOL_TEXT)?;
            check_len(&r.detail, "考核结果明细", MAX_DETAIL)?;
            if !seen.insert(&r.unit) {
                return Err(StoreError::invalid(format!("考核对象 {} 重复", r.unit)));
            }
            if r.value.is_some_and(|v| !v.is_finite()) {
                return Err(StoreError::invalid(format!("{} 的考核值不是数", r.name)));
            }
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let replaced =
                sqlx::query("DELETE FROM review_results WHERE district_id = $1 AND year = $2")
                    .bind(self.id)
                    .bind(i64::from(year))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            for r in results {
                sqlx::query(
                    "INSERT INTO review_results (district_id, year, unit_kind, unit, name, \
                     value, band, warning_periods, escalation, detail, finalised_by, \
                     finalised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(self.id)
                .bind(i64::from(year))
                .bind(r.unit.kind())
                .bind(r.unit.key())
                .bind(r.name.trim())
                .bind(r.value)
                .bind(r.band.map(Band::id))
                .bind(i64::from(r.warning_periods))
                .bind(r.escalation.map(EscalationLevel::id))
                .bind(&r.detail)
                .bind(&actor.name)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::REVIEW_FINALISE,
                format!("review:{year}"),
                format!("results={} replaced={replaced}", results.len())
            )?;
            tx.commit().await?;
            Ok(usize::try_from(replaced).unwrap_or(usize::MAX))
        })
    }
}
