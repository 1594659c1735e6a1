//! 劳动护照: one child's passport (issue 18 item 2) — the timeline of their records with status,
//! the term's points (engine `points`), badges with progress (engine `award`), the term's rating
//! means and grade (engine `summarise`) — for the class teacher of the child's class and the
//! school's account of the child's school only (district roles see aggregates elsewhere, never a
//! passport). A child outside the caller's reach is refused alike whether they exist or not. The
//! name is opened by the caller through the store's audited named read, which is the record of
//! the passport's reading.

use junheng_labour::calendar::{Day, Span, Term};
use junheng_labour::passport::{
    BadgeProgress, Entry, PointsTally, RatingMeans, TermSummary, award, entries, points, summarise,
};
use junheng_labour::settings::LabourSettings;
use junheng_labour::{ClassRef, Grade, RosterEntry, StudentKey};
use junheng_store::{DistrictStore, Role, Scope, StoreError, StudentKeys};
use serde::Serialize;

use super::records::{class_label, list_of};
use crate::pairings::{Caller, Refused};
use crate::students::who::class_matches;

/// A child's passport for the term of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passport {
    /// The child (`students.id`).
    pub student: i64,
    /// The class, as `3年级1班`, and its school.
    pub class: ClassRef,
    /// The grade.
    pub grade: Grade,
    /// The term.
    pub term: Term,
    /// Its days.
    pub span: Span,
    /// Every record with its status, oldest first.
    pub timeline: Vec<Entry>,
    /// The term's points, line by line.
    pub points: PointsTally,
    /// Each badge with the child's progress.
    pub badges: Vec<BadgeProgress>,
    /// The term's rating means.
    pub ratings: RatingMeans,
    /// The term summary with its grade.
    pub summary: TermSummary,
}

/// The passport of `student` for the term of `today`, if the caller may read it.
pub async fn passport(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    student: i64,
    today: Day,
    settings: &LabourSettings,
) -> Result<Passport, Refused> {
    if let Caller::User(u) = caller
        && !matches!(u.role, Role::ClassTeacher | Role::School)
    {
        return Err(Refused::Denied);
    }
    let found = store.latest_entries(&[student]).await?;
    let (school, _, entry) = found.get(&student).ok_or(Refused::Denied)?;
    let allowed = match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => match &u.scope {
            Scope::Class { school: s, class } => {
                s == school && class_matches(class, entry.grade, &entry.class)
            }
            Scope::School(s) => s == school && u.role == Role::School,
            _ => false,
        },
    };
    if !allowed {
        return Err(Refused::Denied);
    }
    let grade = Grade::new(entry.grade).ok_or(Refused::Store(StoreError::Corrupt {
        table: "student_records",
        column: "grade",
    }))?;
    let required = &settings.checklist.required_groups;
    let list = list_of(store, school, required).await?;
    let first = Day::new(1900, 1, 1).expect("a day");
    let stored = store
        .labour_records(keys, None, Some(student), first, today)
        .await?;
    let records: Vec<_> = stored.into_iter().map(|s| s.record).collect();
    let ids: Vec<i64> = records.iter().map(|r| r.id.0).collect();
    let verifications = store.labour_verifications(&ids).await?;
    let timeline = entries(records, &verifications, &list)
        .map_err(|(id, e)| Refused::Store(StoreError::Invalid(format!("劳动记录 {id}：{e}"))))?;
    let term = Term::of(today);
    let span = Term::span(term);
    let year_start = Day::new(term.year, 9, 1).expect("a day");
    let ratings = store.labour_ratings(&[student], term).await?;
    // The school's 劳动周 of the school year (its records earn the bonus once).
    let labour_week = store
        .labour_weeks(Some(school), Some(term.year))
        .await?
        .first()
        .map(|w| w.span);
    let class = ClassRef {
        school: school.clone(),
        class: class_label(entry.grade, &entry.class),
    };
    let roster = [RosterEntry {
        student: StudentKey(student),
        class: class.clone(),
        grade,
    }];
    let summary = summarise(
        &junheng_labour::passport::SummaryInput {
            term,
            span,
            year_start,
            list: &list,
            roster: &roster,
            entries: &timeline,
            ratings: &ratings,
            labour_week,
        },
        settings,
    )
    .into_iter()
    .next()
    .expect("one child summarised");
    let p = &settings.passport;
    let in_term = timeline.iter().filter(|e| span.contains(e.record.day));
    let tally = points(in_term, labour_week, &p.points);
    let year: Vec<&Entry> = timeline
        .iter()
        .filter(|e| e.record.day >= year_start)
        .collect();
    let year_points = points(year.iter().copied(), labour_week, &p.points);
    let band = grade.band();
    let of_band = timeline.iter().filter(|e| {
        list.item(&e.record.item)
            .is_some_and(|i| i.grades.band() == band)
    });
    let badges = award(
        &p.badges,
        band,
        of_band,
        year.iter().copied(),
        year_points.total,
        &list,
        required,
    );
    Ok(Passport {
        student,
        class,
        grade,
        term,
        span,
        ratings: summary.ratings,
        timeline,
        points: tally,
        badges,
        summary,
    })
}
