//! 区/校/班 三级考评 (issue 18 item 3), on the engine's `review` module, whose rules decide:
//!
//! * **班**: a class's term summary per child (engine `summarise` over the class's roster, the
//!   school's records and the term's ratings), which the class teacher marks as submitted;
//! * **校**: the school's term review, one state per school and term kept as its event log — the
//!   state is the fold of the engine's `step` over the stored events, so a refused event writes
//!   nothing; the 综合素质评价 rows (engine `export_rows`) only once exported, which the engine
//!   allows only after the school's review **and** the end of the 公示;
//! * **区** ([`district`]): every school's state for the term, the district's audit sample of
//!   each school (engine `audit_sample`, seeded by `StudentKeys::audit_seed`) with the outcome
//!   of each sampled child, and the aggregates of schools.
//!
//! Who: a class teacher their class's summary; a school's account its classes' summaries and its
//! own review (only it steps it); the district's roles every school's state, the samples and the
//! aggregates (children by key only, never a name); the district's administrators record the
//! outcomes.

use std::collections::{BTreeMap, HashMap};

use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Span, Term, WorkCalendar};
use junheng_labour::passport::{Entry, SummaryInput, TermSummary, entries, summarise};
use junheng_labour::review::{ExportRow, ReviewError, ReviewEvent, ReviewState, export_rows, step};
use junheng_labour::settings::LabourSettings;
use junheng_labour::{ClassRef, Grade, RosterEntry, StudentKey};
use junheng_store::labour::review::{ClassSubmission, ReviewEntry};
use junheng_store::{DistrictStore, Role, Scope, StoreError, StudentKeys};
use serde::Serialize;

use super::LabourPass;

use super::records::{ClassSeat, class_label, list_of};
use crate::pairings::{Caller, Refused};

pub mod district;

pub use district::{
    AuditSample, DistrictReview, SampledChild, SchoolLine, Totals, district_review, record_outcome,
    sample,
};

fn conflict(e: ReviewError) -> Refused {
    Refused::Store(StoreError::Conflict(e.to_string()))
}

fn invalid(message: impl Into<String>) -> Refused {
    Refused::Store(StoreError::Invalid(message.into()))
}

/// The children of a school's newest registry, as the engine's roster (class `3年级1班`).
pub(super) async fn school_roster(
    store: &DistrictStore,
    school: &SchoolCode,
) -> Result<Vec<RosterEntry>, StoreError> {
    let Some(newest) = store
        .student_imports(Some(school))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(Vec::new());
    };
    Ok(store
        .registry(newest.id)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(RosterEntry {
                student: StudentKey(e.student),
                class: ClassRef {
                    school: school.clone(),
                    class: class_label(e.grade, &e.class),
                },
                grade: Grade::new(e.grade)?,
            })
        })
        .collect())
}

/// The term summaries of `roster` (children of `school`): the school's records of the school
/// year up to the term's end with their statuses, and the term's ratings (engine `summarise`).
async fn summaries(
    store: &DistrictStore,
    keys: &StudentKeys,
    school: &SchoolCode,
    roster: &[RosterEntry],
    term: Term,
    settings: &LabourSettings,
) -> Result<Vec<TermSummary>, Refused> {
    if roster.is_empty() {
        return Ok(Vec::new());
    }
    let list = list_of(store, school, &settings.checklist.required_groups).await?;
    let span = Term::span(term);
    let year_start = Day::new(term.year, 9, 1).expect("1 September");
    let stored = store
        .labour_school_records(keys, Some(school), year_start, span.last)
        .await?;
    let records: Vec<_> = stored.into_iter().map(|s| s.record).collect();
    let ids: Vec<i64> = records.iter().map(|r| r.id.0).collect();
    let verifications = store.labour_verifications(&ids).await?;
    let timeline: Vec<Entry> = entries(records, &verifications, &list)
        .map_err(|(id, e)| invalid(format!("劳动记录 {id}：{e}")))?;
    let children: Vec<i64> = roster.iter().map(|r| r.student.0).collect();
    let ratings = store.labour_ratings(&children, term).await?;
    Ok(summarise(
        &SummaryInput {
            term,
            span,
            year_start,
            list: &list,
            roster,
            entries: &timeline,
            ratings: &ratings,
            labour_week: None,
        },
        settings,
    ))
}

/// A class's term summary (班级学期小结).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSummary {
    /// The class.
    pub seat: ClassSeat,
    /// The term.
    pub term: Term,
    /// Its days.
    pub span: Span,
    /// One summary per child, in registry order.
    pub summaries: Vec<TermSummary>,
    /// The newest submission of the summary, if any.
    pub submitted: Option<ClassSubmission>,
}

/// The term summary of the class the caller acts for ([`super::records::seat`] decides who).
pub async fn class_summary(
    store: &DistrictStore,
    keys: &StudentKeys,
    seat: &ClassSeat,
    term: Term,
    settings: &LabourSettings,
) -> Result<ClassSummary, Refused> {
    let roster: Vec<RosterEntry> = seat
        .children
        .iter()
        .map(|&s| RosterEntry {
            student: StudentKey(s),
            class: ClassRef {
                school: seat.school.clone(),
                class: seat.label.clone(),
            },
            grade: seat.grade,
        })
        .collect();
    let summaries = summaries(store, keys, &seat.school, &roster, term, settings).await?;
    let submitted = store
        .labour_class_submissions(Some(&seat.school), term)
        .await?
        .into_iter()
        .find(|s| s.class == seat.label);
    Ok(ClassSummary {
        seat: seat.clone(),
        term,
        span: Term::span(term),
        summaries,
        submitted,
    })
}

/// Marks the class's term summary as submitted (audited). Refused once the school's review has
/// gone past 待公示 (a 公示 runs, or it is reviewed or exported): the school must 退回 first.
pub async fn submit_class(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    term: Term,
    settings: &LabourSettings,
) -> Result<(), Refused> {
    let (state, _) = state_of(store, &seat.school, term, settings).await?;
    if !matches!(
        state,
        ReviewState::Collecting | ReviewState::Summarised { .. }
    ) {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "本校本学期的劳动考评为「{}」，班级小结不能再提交；如需更正，请学校先退回重新公示",
            state.label()
        ))));
    }
    let children = u32::try_from(seat.children.len()).unwrap_or(u32::MAX);
    store
        .submit_labour_class(&seat.school, &seat.label, term, children, &caller.actor())
        .await?;
    Ok(())
}

/// The fold of the engine's `step` over a school's log: its state and how many events it has.
/// A log the engine would not accept (it was written by the engine's rules) is corrupt.
fn fold(log: &[ReviewEntry], settings: &LabourSettings) -> Result<(ReviewState, u32), StoreError> {
    let calendar = WorkCalendar::default();
    let mut state = ReviewState::Collecting;
    for e in log {
        state = step(&state, e.event, &calendar, &settings.review).map_err(|_| {
            StoreError::Corrupt {
                table: "labour_reviews",
                column: "event",
            }
        })?;
    }
    Ok((state, log.len() as u32))
}

async fn state_of(
    store: &DistrictStore,
    school: &SchoolCode,
    term: Term,
    settings: &LabourSettings,
) -> Result<(ReviewState, Vec<ReviewEntry>), Refused> {
    let log = store.labour_review_log(Some(school), term).await?;
    let (state, _) = fold(&log, settings)?;
    Ok((state, log))
}

/// The school a caller's review request is of: a school's account its own (another school is
/// [`Refused::Denied`]); the district's roles and the operator the school named. A class
/// teacher is refused.
fn school_for(caller: &Caller<'_>, wanted: Option<&SchoolCode>) -> Result<SchoolCode, Refused> {
    if let Caller::User(u) = caller
        && u.role == Role::ClassTeacher
    {
        return Err(Refused::Denied);
    }
    let pass = LabourPass::of(caller).ok_or(Refused::Denied)?;
    match (pass.school(), wanted) {
        (Some(own), None) => Ok(own.clone()),
        (Some(own), Some(w)) if own == w => Ok(own.clone()),
        (Some(_), Some(_)) => Err(Refused::Denied),
        (None, Some(w)) => Ok(w.clone()),
        (None, None) => Err(invalid("请选择学校（学校标识码）")),
    }
}

/// A class of the school with its submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRow {
    /// The class, `3年级1班`.
    pub class: String,
    /// Children of the newest registry in it.
    pub children: u32,
    /// Its newest submission.
    pub submitted: Option<ClassSubmission>,
}

/// A school's term review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolReview {
    /// The school.
    pub school: SchoolCode,
    /// The term.
    pub term: Term,
    /// Where it stands (the fold of its log).
    pub state: ReviewState,
    /// The log, oldest first.
    pub log: Vec<ReviewEntry>,
    /// Its classes (newest registry) and their submissions.
    pub classes: Vec<ClassRow>,
    /// Working days a 公示 lasts.
    pub publicity_working_days: u32,
}

impl SchoolReview {
    /// The classes whose summary is not submitted.
    pub fn missing(&self) -> Vec<&str> {
        self.classes
            .iter()
            .filter(|c| c.submitted.is_none())
            .map(|c| c.class.as_str())
            .collect()
    }
}

/// The review of a school (the caller's own for a school's account) for a term.
pub async fn school_review(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    term: Term,
    settings: &LabourSettings,
) -> Result<SchoolReview, Refused> {
    let school = school_for(caller, school)?;
    let (state, log) = state_of(store, &school, term, settings).await?;
    let roster = school_roster(store, &school).await?;
    let mut classes: BTreeMap<(u8, String), u32> = BTreeMap::new();
    for r in &roster {
        *classes
            .entry((r.grade.get(), r.class.class.clone()))
            .or_default() += 1;
    }
    let submitted: HashMap<String, ClassSubmission> = store
        .labour_class_submissions(Some(&school), term)
        .await?
        .into_iter()
        .map(|s| (s.class.clone(), s))
        .collect();
    Ok(SchoolReview {
        classes: classes
            .into_iter()
            .map(|((_, class), children)| ClassRow {
                submitted: submitted.get(&class).cloned(),
                class,
                children,
            })
            .collect(),
        school,
        term,
        state,
        log,
        publicity_working_days: settings.review.publicity_working_days,
    })
}

/// What the school does to its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 提交小结: every class summary is in.
    Summarise,
    /// 开始公示.
    Publicise,
    /// 审核通过.
    Review,
    /// 退回重新公示.
    Reopen,
    /// 导出 to 综合素质评价.
    Export,
}

impl Action {
    /// The action of its id (`summarise`, `publicise`, `review`, `reopen`, `export`).
    pub fn from_id(id: &str) -> Option<Action> {
        Some(match id.trim() {
            "summarise" => Action::Summarise,
            "publicise" => Action::Publicise,
            "review" => Action::Review,
            "reopen" => Action::Reopen,
            "export" => Action::Export,
            _ => return None,
        })
    }

    /// The engine's event on `on`.
    pub fn event(self, on: Day) -> ReviewEvent {
        match self {
            Action::Summarise => ReviewEvent::Summarise { on },
            Action::Publicise => ReviewEvent::Publicise { start: on },
            Action::Review => ReviewEvent::Review { on },
            Action::Reopen => ReviewEvent::Reopen { on },
            Action::Export => ReviewEvent::Export { on },
        }
    }
}

/// One step of a school's review on day `on` (today, or earlier; a 公示 may also be planned to
/// start later), by the school's account for its own school (or the operator): the engine's
/// `step` from the stored state decides, and only an accepted event is written (audited). 提交小结
/// also needs every class of the newest registry to have submitted its summary. Returns the new
/// state; a refusal says why in Chinese (the engine's words) and writes nothing.
#[allow(clippy::too_many_arguments)]
pub async fn step_review(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    term: Term,
    action: Action,
    on: Day,
    today: Day,
    settings: &LabourSettings,
) -> Result<ReviewState, Refused> {
    let school = match caller {
        Caller::Operator(_) => school.cloned().ok_or_else(|| invalid("请指定学校"))?,
        Caller::User(u) => match (&u.role, &u.scope) {
            (Role::School, Scope::School(own)) if school.is_none_or(|s| s == own) => own.clone(),
            _ => return Err(Refused::Denied),
        },
    };
    if on > today && action != Action::Publicise {
        return Err(invalid(format!("日期 {on} 晚于今天（{today}）")));
    }
    let review = school_review(store, caller, Some(&school), term, settings).await?;
    if action == Action::Summarise {
        let missing = review.missing();
        if review.classes.is_empty() {
            return Err(Refused::Store(StoreError::Conflict(
                "本校没有学籍，无法提交劳动小结".into(),
            )));
        }
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(10).copied().collect();
            return Err(Refused::Store(StoreError::Conflict(format!(
                "还有 {} 个班级未提交班级小结（{}{}）；全部提交后才能提交学校小结",
                missing.len(),
                shown.join("、"),
                if missing.len() > shown.len() {
                    "等"
                } else {
                    ""
                }
            ))));
        }
    }
    let calendar = WorkCalendar::default();
    let next =
        step(&review.state, action.event(on), &calendar, &settings.review).map_err(conflict)?;
    store
        .add_labour_review_event(
            &school,
            term,
            review.log.len() as u32 + 1,
            action.event(on),
            &caller.actor(),
        )
        .await?;
    Ok(next)
}

/// The 综合素质评价 rows of a school's term (engine `export_rows`) for the school's account (or
/// the operator): refused, with the engine's reason, until the review is exported — which the
/// engine allows only after the school's review and the end of the 公示. Children by key only
/// (see the README's shape); the district sees aggregates, not these rows.
pub async fn export(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    term: Term,
    settings: &LabourSettings,
) -> Result<Vec<ExportRow>, Refused> {
    if let Caller::User(u) = caller
        && u.role != Role::School
    {
        return Err(Refused::Denied);
    }
    let school = school_for(caller, school)?;
    let (state, _) = state_of(store, &school, term, settings).await?;
    export_rows(&state, &[], &[]).map_err(conflict)?;
    let roster = school_roster(store, &school).await?;
    let summaries = summaries(store, keys, &school, &roster, term, settings).await?;
    export_rows(&state, &summaries, &settings.passport.badges).map_err(conflict)
}
