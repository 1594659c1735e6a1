//! 区: the district's view of a term — every school's state, the audit sample of a school
//! (engine `audit_sample`, seeded by [`StudentKeys::audit_seed`]) with its outcomes, and the
//! aggregates — for the district's roles; children by key only.

use std::collections::{BTreeMap, HashMap};

use junheng_core::school::SchoolCode;
use junheng_labour::StudentKey;
use junheng_labour::calendar::Term;
use junheng_labour::review::{ReviewState, audit_sample, audit_size};
use junheng_labour::settings::LabourSettings;
use junheng_store::labour::review::{AuditOutcome, AuditRecord, ReviewEntry};
use junheng_store::{DistrictStore, StoreError, StudentKeys};
use serde::Serialize;

use super::super::{LabourPass, district_schools};
use super::{fold, invalid, school_roster};
use crate::pairings::{Caller, Refused};

/// A sampled child and the district's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampledChild {
    /// The child (`students.id`).
    pub student: i64,
    /// The class, `3年级1班`.
    pub class: String,
    /// The recorded outcome, if any.
    pub outcome: Option<AuditRecord>,
}

/// The district's audit sample of a school for a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditSample {
    /// The school.
    pub school: SchoolCode,
    /// The term.
    pub term: Term,
    /// Children of the school's newest registry.
    pub children: usize,
    /// The sample, in draw order.
    pub sampled: Vec<SampledChild>,
}

fn district_only(caller: &Caller<'_>) -> Result<LabourPass, Refused> {
    let pass = LabourPass::of(caller).ok_or(Refused::Denied)?;
    if pass.school().is_some() {
        return Err(Refused::Denied);
    }
    Ok(pass)
}

/// The district's audit sample of `school` for `term` (engine `audit_sample` over the school's
/// newest registry, seeded by the district's [`StudentKeys::audit_seed`]) with the outcomes
/// recorded: the district's roles only.
pub async fn sample(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: &StudentKeys,
    school: &SchoolCode,
    term: Term,
    settings: &LabourSettings,
) -> Result<AuditSample, Refused> {
    district_only(caller)?;
    if !store.school_codes().await?.contains(school) {
        return Err(Refused::Store(StoreError::NotFound("该学校")));
    }
    let roster = school_roster(store, school).await?;
    let children: Vec<StudentKey> = roster.iter().map(|r| r.student).collect();
    let chosen = audit_sample(
        &children,
        &settings.review.audit,
        &keys.audit_seed(school, term),
    );
    let classes: HashMap<StudentKey, &str> = roster
        .iter()
        .map(|r| (r.student, r.class.class.as_str()))
        .collect();
    let mut outcomes: HashMap<i64, AuditRecord> = store
        .labour_audits(Some(school), term)
        .await?
        .into_iter()
        .map(|a| (a.student, a))
        .collect();
    Ok(AuditSample {
        school: school.clone(),
        term,
        children: children.len(),
        sampled: chosen
            .into_iter()
            .map(|k| SampledChild {
                student: k.0,
                class: classes.get(&k).copied().unwrap_or_default().to_owned(),
                outcome: outcomes.remove(&k.0),
            })
            .collect(),
    })
}

/// Records the district's outcome of a sampled child (符合/不符合 and a short note): the
/// district's administrators and the operator; a child outside the sample is
/// [`Refused::Denied`].
#[allow(clippy::too_many_arguments)]
pub async fn record_outcome(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: &StudentKeys,
    school: &SchoolCode,
    term: Term,
    student: i64,
    outcome: AuditOutcome,
    note: &str,
    settings: &LabourSettings,
) -> Result<(), Refused> {
    let pass = district_only(caller)?;
    if !pass.writes_list(None) {
        return Err(Refused::Denied);
    }
    let drawn = sample(store, caller, keys, school, term, settings).await?;
    if !drawn.sampled.iter().any(|c| c.student == student) {
        return Err(Refused::Denied);
    }
    let note = note.trim();
    if outcome == AuditOutcome::Mismatch && note.is_empty() {
        return Err(invalid("记录“不符合”时请写明情况（说明）"));
    }
    store
        .record_labour_audit(school, term, student, outcome, note, &caller.actor())
        .await?;
    Ok(())
}

/// One school's line of the district's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolLine {
    /// The school.
    pub school: SchoolCode,
    /// Its review state.
    pub state: ReviewState,
    /// Classes whose summary is submitted.
    pub classes_submitted: u32,
    /// The audit sample's size (from the school's children).
    pub sample_size: u32,
    /// Outcomes recorded.
    pub audited: u32,
    /// Of which 不符合.
    pub mismatches: u32,
}

/// The district's aggregates of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Schools listed.
    pub schools: u32,
    /// In 公示.
    pub publicity: u32,
    /// Reviewed (审核通过, or further).
    pub reviewed: u32,
    /// Exported.
    pub exported: u32,
    /// Schools with at least one outcome recorded.
    pub sampled: u32,
    /// Outcomes recorded.
    pub audited: u32,
    /// 不符合.
    pub mismatches: u32,
}

/// The district's view of a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictReview {
    /// The term.
    pub term: Term,
    /// One line per school.
    pub schools: Vec<SchoolLine>,
    /// The aggregates.
    pub totals: Totals,
}

/// Every school's state for a term with its sample's progress, and the aggregates: the
/// district's roles only. Schools are those of the statistics of the term's year, and any other
/// school with a review or an audit.
pub async fn district_review(
    store: &DistrictStore,
    caller: &Caller<'_>,
    term: Term,
    settings: &LabourSettings,
) -> Result<DistrictReview, Refused> {
    district_only(caller)?;
    let mut logs: BTreeMap<SchoolCode, Vec<ReviewEntry>> = BTreeMap::new();
    for e in store.labour_review_log(None, term).await? {
        logs.entry(e.school.clone()).or_default().push(e);
    }
    let mut submitted: HashMap<SchoolCode, u32> = HashMap::new();
    for s in store.labour_class_submissions(None, term).await? {
        *submitted.entry(s.school).or_default() += 1;
    }
    let mut audits: HashMap<SchoolCode, (u32, u32)> = HashMap::new();
    for a in store.labour_audits(None, term).await? {
        let e = audits.entry(a.school).or_default();
        e.0 += 1;
        e.1 += u32::from(a.outcome == AuditOutcome::Mismatch);
    }
    let mut schools: Vec<SchoolCode> = district_schools(store, Some(term.year))
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    schools.extend(logs.keys().cloned());
    schools.extend(audits.keys().cloned());
    schools.sort();
    schools.dedup();
    let mut sizes: HashMap<SchoolCode, usize> = HashMap::new();
    for i in store.student_imports(None).await? {
        sizes
            .entry(i.school)
            .or_insert(usize::try_from(i.students).unwrap_or(usize::MAX));
    }
    let mut totals = Totals::default();
    let mut lines = Vec::with_capacity(schools.len());
    for school in schools {
        let (state, _) = fold(logs.get(&school).map_or(&[][..], Vec::as_slice), settings)?;
        let (audited, mismatches) = audits.get(&school).copied().unwrap_or_default();
        totals.schools += 1;
        match state {
            ReviewState::Publicity { .. } => totals.publicity += 1,
            ReviewState::Reviewed { .. } => totals.reviewed += 1,
            ReviewState::Exported { .. } => {
                totals.reviewed += 1;
                totals.exported += 1;
            }
            _ => {}
        }
        totals.sampled += u32::from(audited > 0);
        totals.audited += audited;
        totals.mismatches += mismatches;
        let size = audit_size(
            sizes.get(&school).copied().unwrap_or(0),
            &settings.review.audit,
        );
        lines.push(SchoolLine {
            classes_submitted: submitted.get(&school).copied().unwrap_or(0),
            sample_size: u32::try_from(size).unwrap_or(u32::MAX),
            school,
            state,
            audited,
            mismatches,
        });
    }
    Ok(DistrictReview {
        term,
        schools: lines,
        totals,
    })
}
