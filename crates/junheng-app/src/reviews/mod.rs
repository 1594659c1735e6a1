//! 年度综合考核 (the annual review of schools and education groups), written once for the server
//! and the command line: computing a year from the district's scores, evaluation and registry
//! ([`year`]), entering a score ([`enter`]), finalising a year ([`finalise`]), and who sees and
//! scores what ([`Standing`], [`may_score`]).
//!
//! The rubric, the 捆绑 composite, the 三线 and the 集而不团 warning are the engines of
//! `junheng_core::review`, with the district's [`ReviewSettings`]. A school's resource item is
//! its own evaluation; a group's is its bundled evaluation (members of the year by the registry,
//! on the year's 1 September); its quality item is its quality score from the year's exams
//! ([`quality_by_year`]; a group's bundles its members' by the students who sat), 未接入 for a
//! unit without scores that year or when the student data keys are not configured.
//!
//! A manual item requiring evidence counts as evidenced when the unit (the school, or the group)
//! has a document titled [`evidence_title`] — the review page's upload form gives it that title.
//!
//! Finalising (定稿) stores the year's results: the 三线 of later years, last year's totals (the
//! lift of non-core members) and the baseline of the within-group gap are read from finalised
//! years only, so a year's bands never move because scores of an earlier year were edited after
//! it was finalised — until that year is finalised again.

mod compute;
mod quality;
mod who;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;

use junheng_core::evaluate::Evaluation;
use junheng_core::record::RecordKind;
use junheng_core::review::{ItemSource, ReviewSettings, RubricItem, Scorer};
use junheng_core::school::SchoolRecord;
use junheng_store::{
    DistrictStore, NewReviewResult, NewReviewScore, ReviewResult, ReviewUnit, StoreError,
};

pub use compute::{ComputeError, GroupReview, Inputs, SchoolReview, YearReview, compute};
pub use quality::{QualitySource, quality_by_year};
pub use who::{Seat, Standing, may_finalise, may_score, standing};

use crate::evidence::Caller;

/// Why an operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this (HTTP 403, exit status 2).
    Denied,
    /// The input breaks a rule of the rubric (unknown item, a scorer the item does not have…).
    Invalid(String),
    /// The store refused or failed.
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看或填写该考核评分"),
            Refused::Invalid(m) => f.write_str(m),
            Refused::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl From<ComputeError> for Refused {
    fn from(e: ComputeError) -> Self {
        Refused::Invalid(e.0)
    }
}

impl Refused {
    /// A stable code: `review.denied`, `review.invalid` or the store's.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "review.denied",
            Refused::Invalid(_) => "review.invalid",
            Refused::Store(e) => e.code(),
        }
    }
}

/// The title a document of evidence for `item` in `year` carries on its unit (school or group):
/// `2025年度综合考核·集团管理与制度建设`.
pub fn evidence_title(year: i32, item: &RubricItem) -> String {
    format!("{year}年度综合考核·{}", item.name)
}

/// A year's finalisation: who and when, `None` while it is a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finalised {
    /// Who finalised it.
    pub by: String,
    /// When, RFC 3339 UTC.
    pub at: String,
}

/// A year's review with what the store says about it.
#[derive(Debug, Clone)]
pub struct Year {
    /// The computed review.
    pub review: YearReview,
    /// The finalised results of every year.
    pub history: Vec<ReviewResult>,
    /// The year's finalisation.
    pub finalised: Option<Finalised>,
    /// Whether a score was entered after the year was finalised (定稿后有改动).
    pub changed_since: bool,
}

impl Year {
    /// The finalised results of one unit, oldest year first.
    pub fn history_of<'a>(
        &'a self,
        unit: &'a ReviewUnit,
    ) -> impl Iterator<Item = &'a ReviewResult> {
        self.history.iter().filter(move |r| &r.unit == unit)
    }
}

/// Computes `year` from the store: the scores, the evidence titles, the registry, the
/// finalised results of every year, the exams of the year and of the 集而不团 window before it
/// (through `quality`), with the year's `records` and `evaluation` (`None` when the year has no
/// statistics; resource items are then 未接入).
pub async fn year(
    store: &DistrictStore,
    settings: &ReviewSettings,
    quality: &QualitySource<'_>,
    year: i32,
    records: &[SchoolRecord],
    evaluation: Option<&Evaluation<'_>>,
) -> Result<Year, Refused> {
    let scores = store.review_scores(year).await?;
    let history = store.review_results(None).await?;
    let groups = store.group_details().await?;
    let titles: Vec<(String, &RubricItem)> = settings
        .rubric
        .items
        .iter()
        .map(|i| (evidence_title(year, i), i))
        .collect();
    let mut evidence = HashSet::new();
    for doc in store.all_evidence().await? {
        let unit = match doc.record.kind {
            RecordKind::School => ReviewUnit::parse("school", &doc.record.key),
            RecordKind::Group => ReviewUnit::parse("group", &doc.record.key),
            _ => None,
        };
        if let (Some(unit), Some((_, item))) = (unit, titles.iter().find(|(t, _)| *t == doc.title))
        {
            evidence.insert((unit, item.id.clone()));
        }
    }
    // The enrolment of each earlier finalised year, from that year's current statistics.
    let mut enrolment = std::collections::BTreeMap::new();
    let mut earlier: Vec<i32> = history
        .iter()
        .map(|r| r.year)
        .filter(|&y| y < year)
        .collect();
    earlier.dedup();
    for y in earlier {
        enrolment.insert(y, compute::enrolment(&store.statistics(y, None).await?));
    }
    let window = i32::try_from(settings.cohesion.years).unwrap_or(i32::MAX);
    let quality = quality_by_year(store, quality, year.saturating_sub(window)..=year).await?;
    let review = compute(&Inputs {
        year,
        settings,
        evaluation,
        records,
        groups: &groups,
        scores: &scores,
        evidence: &evidence,
        history: &history,
        enrolment: &enrolment,
        quality: &quality,
    })?;
    let of_year: Vec<&ReviewResult> = history.iter().filter(|r| r.year == year).collect();
    let finalised = of_year.first().map(|r| Finalised {
        by: r.finalised_by.clone(),
        at: r.finalised_at.clone(),
    });
    let changed_since = finalised
        .as_ref()
        .is_some_and(|f| scores.iter().any(|s| s.entered_at > f.at));
    Ok(Year {
        review,
        history,
        finalised,
        changed_since,
    })
}

/// Where a unit sits in the year's review (its group and 学区), `None` for a unit the year does
/// not review.
pub fn seat<'a>(review: &'a YearReview, unit: &ReviewUnit) -> Option<Seat<'a>> {
    match unit {
        ReviewUnit::School(code) => review.school(code).map(|s| Seat {
            group: s.group.as_deref(),
            zone: s.zone.as_deref(),
        }),
        ReviewUnit::Group(name) => review.group(name).map(|g| Seat {
            group: Some(g.name.as_str()),
            zone: None,
        }),
    }
}

/// A score to enter.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
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

/// Enters a score of the year `review` is of: the unit must be one the year reviews, the item a
/// manual item of the rubric that `scorer` scores, and the caller allowed ([`may_score`]).
/// Returns the score it replaced.
pub async fn enter(
    store: &DistrictStore,
    caller: &Caller<'_>,
    settings: &ReviewSettings,
    review: &YearReview,
    entry: &Entry<'_>,
) -> Result<Option<f64>, Refused> {
    let seat = seat(review, entry.unit).ok_or_else(|| {
        Refused::Invalid(format!(
            "{} 年度没有考核对象 {}（学校须在当年统计中，集团须当年有成员校）",
            review.year, entry.unit
        ))
    })?;
    if !standing(caller).sees(entry.unit, seat)
        || !may_score(caller, entry.unit, entry.scorer, seat)
    {
        return Err(Refused::Denied);
    }
    let item = settings.rubric.item(entry.item).ok_or_else(|| {
        Refused::Invalid(format!(
            "考核方案中没有考核项“{}”，应为 {}",
            entry.item.chars().take(50).collect::<String>(),
            settings
                .rubric
                .items
                .iter()
                .filter(|i| i.source == ItemSource::Manual)
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ))
    })?;
    if item.source != ItemSource::Manual {
        return Err(Refused::Invalid(format!(
            "考核项“{}”的得分来自{}，不能人工填写",
            item.name,
            item.source.label()
        )));
    }
    if item.scorer_weight(entry.scorer).is_none() {
        return Err(Refused::Invalid(format!(
            "考核项“{}”没有{}",
            item.name,
            entry.scorer.label()
        )));
    }
    let new = NewReviewScore {
        year: review.year,
        unit: entry.unit,
        item: &item.id,
        scorer: entry.scorer,
        score: entry.score,
        note: entry.note,
    };
    Ok(store.set_review_score(&new, &caller.actor()).await?)
}

/// The band, the consecutive years at the 警戒线 and the escalation of a unit in a placement
/// (none, 0 and none for a unit not placed).
pub fn placed<K: Ord>(
    bands: &junheng_core::bands::Placement<K>,
    key: &K,
) -> (
    Option<junheng_core::bands::Band>,
    u32,
    Option<junheng_core::bands::EscalationLevel>,
) {
    bands.placed(key).map_or((None, 0, None), |p| {
        (Some(p.band), p.warning_periods, p.escalation)
    })
}

/// The results a finalisation stores: every school's total and every group's `G` with their
/// bands, and the whole computed row as JSON.
pub fn results(review: &YearReview) -> Vec<NewReviewResult> {
    let mut out = Vec::new();
    for s in &review.schools {
        let (band, warning_periods, escalation) = placed(&review.school_bands, &s.code);
        out.push(NewReviewResult {
            unit: ReviewUnit::School(s.code.clone()),
            name: s.name.clone(),
            value: s.review.total,
            band,
            warning_periods,
            escalation,
            detail: serde_json::to_string(s).unwrap_or_default(),
        });
    }
    for g in &review.groups {
        let (band, warning_periods, escalation) = placed(&review.group_bands, &g.name);
        out.push(NewReviewResult {
            unit: ReviewUnit::Group(g.name.clone()),
            name: g.name.clone(),
            value: g.composite.value,
            band,
            warning_periods,
            escalation,
            detail: serde_json::to_string(g).unwrap_or_default(),
        });
    }
    out
}

/// Finalises the year `review` is of (定稿), replacing an earlier finalisation of it; the
/// operator and the district's 管理员 only. Returns how many stored results it replaced.
pub async fn finalise(
    store: &DistrictStore,
    caller: &Caller<'_>,
    review: &YearReview,
) -> Result<usize, Refused> {
    if !may_finalise(caller) {
        return Err(Refused::Denied);
    }
    let results = results(review);
    if results.is_empty() {
        return Err(Refused::Invalid(format!(
            "{} 年度没有可定稿的考核对象（该年没有学校统计数据）",
            review.year
        )));
    }
    Ok(store
        .finalise_reviews(review.year, &results, &caller.actor())
        .await?)
}
