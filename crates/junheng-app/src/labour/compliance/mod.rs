//! Compliance with the national minimums (issue 18 item 4), for the holder of a
//! [`LabourPass`]: a term's weekly out-of-class minutes, task-group coverage, 劳动课 课时 and
//! 劳动周, computed by the engine (`junheng_labour::compliance`) from the stored roster (each
//! school's registry of the term's school year), each school's effective list, the records with
//! their statuses, the 课时 and the 劳动周 — and the trend over the terms before it.
//!
//! * The assessed weeks are the weeks (Monday to Sunday) that start in the term and ended by
//!   today (the week under way is not judged). There is no school calendar: holiday weeks inside the
//!   term (国庆, 寒暑假 at a term's edge) are assessed like any other, and pages say so.
//! * District roles see every school as the engine's suppressed table (`district_view`: counts of
//!   children below the settings' `min_cell` hidden, with what would give them back) and a
//!   school's classes the same way; never a child. A school's account sees its classes and any
//!   class's children; a 班主任 their own class's children — by pseudonymous key (names only
//!   through the store's audited named read, by the caller).
//! * A school without an effective list is left out and named (`without_list`).

use junheng_core::school::SchoolCode;
use junheng_core::student::{Cell, suppress};
use junheng_labour::calendar::{Day, Span, Term};
use junheng_labour::compliance::{
    Compliance, StudentCompliance, Tally, TrendPoint, district_view, trend,
};
use junheng_labour::settings::LabourSettings;
use junheng_labour::{ClassRef, Quota, Share};
use junheng_store::{DistrictStore, Role, Scope, StoreError, StudentKeys};
use serde::Serialize;

use super::LabourPass;
use super::records::seat;
use crate::pairings::{Caller, Refused};
use crate::students::who::class_matches;

mod source;

pub use source::assessed_weeks;
use source::terms_with_records;
pub(in crate::labour) use source::{Source, compute};

/// Most terms before the chosen one in a trend.
pub const TREND_TERMS: usize = 6;

/// What a caller asks to see: the whole (district or the pass's school), one school's classes
/// (`school`), one class's children (`class`, `3年级1班`, with its school).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The term (default: the term of today).
    pub term: Option<Term>,
    /// A school (district roles; a school's own pass may name its own).
    pub school: Option<SchoolCode>,
    /// A class of that school, as records name it (`3年级1班`).
    pub class: Option<String>,
}

/// Which level a view is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Level {
    /// Every school of the district.
    District,
    /// One school's classes.
    School {
        /// The school.
        school: SchoolCode,
    },
    /// One class's children.
    Class {
        /// The class.
        class: ClassRef,
    },
}

/// A row of a school's or a class's figures: counts of children as cells (hidden when small in
/// a suppressed view), 课时 and, for a school, whether its 劳动周 was held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRow {
    /// The school (`None`: the district's row).
    pub school: Option<SchoolCode>,
    /// The class (`None`: the school's or the district's row).
    pub class: Option<String>,
    /// Children.
    pub students: Cell,
    /// Children meeting the term's weekly minimum, and not.
    pub meeting: [Cell; 2],
    /// Children who did every required task group, and not.
    pub covered: [Cell; 2],
    /// 劳动课 课时 delivered against required.
    pub lessons: Quota,
    /// Whether the school year's 劳动周 was held (schools only).
    pub labour_week: Option<bool>,
    /// The full sums (`None` in a suppressed view).
    pub tally: Option<Tally>,
}

/// A term's compliance as a caller sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceView {
    /// The term.
    pub term: Term,
    /// Its days.
    pub span: Span,
    /// The day it was computed for (Beijing).
    pub today: Day,
    /// The assessed weeks' Mondays.
    pub weeks: Vec<Day>,
    /// The terms with records (newest first), to switch to.
    pub terms: Vec<Term>,
    /// What the view is of.
    pub scope: Level,
    /// Whether small counts of children are hidden (district and city roles).
    pub suppressed: bool,
    /// The smallest count shown in a suppressed view.
    pub min_cell: u64,
    /// The scope's own figures (the district, the school or the class).
    pub total: UnitRow,
    /// Schools that held their 劳动周, of the schools (district level).
    pub labour_weeks: Share,
    /// The schools (district level) or classes (school level).
    pub rows: Vec<UnitRow>,
    /// The class's children (class level).
    pub students: Vec<StudentCompliance>,
    /// Schools left out for want of an effective 劳动清单.
    pub without_list: Vec<SchoolCode>,
    /// The scope's trend over the terms before (at most [`TREND_TERMS`]) and this one; in a
    /// suppressed view a term whose meeting or not-meeting count is small is left out.
    pub trend: Vec<TrendPoint>,
}

/// The pass's reach after the selection: the schools (`None`: all) and the class, or denied.
fn reach(
    store_pass: &LabourPass,
    caller: &Caller<'_>,
    sel: &Selection,
) -> Result<(Option<SchoolCode>, Option<String>), Refused> {
    let own_class = match caller {
        Caller::User(u) => match (&u.role, &u.scope) {
            (Role::ClassTeacher, Scope::Class { school, class }) => Some((school, class)),
            _ => None,
        },
        Caller::Operator(_) => None,
    };
    if let Some((school, class)) = own_class {
        // Another class named in `sel.class` is refused once the class is resolved (`view`).
        if sel.school.as_ref().is_some_and(|s| s != school) {
            return Err(Refused::Denied);
        }
        return Ok((Some(school.clone()), Some(class.trim().to_owned())));
    }
    let school = match (store_pass.school(), &sel.school) {
        (Some(own), Some(asked)) if own != asked => return Err(Refused::Denied),
        (Some(own), _) => Some(own.clone()),
        (None, asked) => asked.clone(),
    };
    let class = sel
        .class
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    match (class, &school) {
        // A child's row is never shown to district roles.
        (Some(_), _) if store_pass.school().is_none() && !matches!(caller, Caller::Operator(_)) => {
            Err(Refused::Denied)
        }
        (Some(_), None) => Err(Refused::Store(StoreError::Invalid(
            "选择班级时须同时选择学校".into(),
        ))),
        (c, _) => Ok((school, c.map(str::to_owned))),
    }
}

/// The cells of a unit's counts, plain.
fn plain(
    school: Option<&SchoolCode>,
    class: Option<&str>,
    t: &Tally,
    labour_week: Option<bool>,
) -> UnitRow {
    UnitRow {
        school: school.cloned(),
        class: class.map(str::to_owned),
        students: Cell::Count(t.students),
        meeting: [
            Cell::Count(t.students_meeting),
            Cell::Count(t.students - t.students_meeting),
        ],
        covered: [
            Cell::Count(t.students_covered),
            Cell::Count(t.students - t.students_covered),
        ],
        lessons: t.lessons,
        labour_week,
        tally: Some(t.clone()),
    }
}

/// Rows of counts hidden where small (the engine's rule of `district_view`, over the rows given).
fn hidden(
    rows: &[(SchoolCode, Option<String>, &Tally, Option<bool>)],
    min_cell: u64,
) -> Vec<UnitRow> {
    let counts = |f: fn(&Tally) -> u64| -> Vec<Vec<u64>> {
        rows.iter()
            .map(|(_, _, t, _)| vec![f(t), t.students - f(t)])
            .collect()
    };
    let meeting = suppress(&counts(|t| t.students_meeting), min_cell);
    let covered = suppress(&counts(|t| t.students_covered), min_cell);
    rows.iter()
        .enumerate()
        .map(|(i, (school, class, t, week))| UnitRow {
            school: Some(school.clone()),
            class: class.clone(),
            students: meeting.row_totals[i],
            meeting: [meeting.cells[i][0], meeting.cells[i][1]],
            covered: [covered.cells[i][0], covered.cells[i][1]],
            lessons: t.lessons,
            labour_week: *week,
            tally: None,
        })
        .collect()
}

/// The tally of the scope in a computed term.
fn scope_tally(c: &Compliance, level: &Level) -> Option<Tally> {
    match level {
        Level::District => Some(c.district.clone()),
        Level::School { school } => c
            .schools
            .iter()
            .find(|s| &s.school == school)
            .map(|s| s.tally.clone()),
        Level::Class { class } => c
            .schools
            .iter()
            .flat_map(|s| &s.classes)
            .find(|k| &k.class == class)
            .map(|k| k.tally.clone()),
    }
}

/// A term's compliance as the caller may see it (see the module's rules).
pub async fn view(
    store: &DistrictStore,
    keys: &StudentKeys,
    pass: &LabourPass,
    caller: &Caller<'_>,
    sel: &Selection,
    today: Day,
    settings: &LabourSettings,
) -> Result<ComplianceView, Refused> {
    let (school, class) = reach(pass, caller, sel)?;
    // The class as records name it (`3年级1班`), whichever way the scope or the query wrote it.
    let class = match &class {
        Some(c) => {
            let found = seat(store, caller, school.as_ref(), Some(c)).await?;
            // A 班主任 may name their class in either spelling (`3年级1班`, `三年级1班`).
            if let Some(asked) = sel.class.as_deref()
                && !class_matches(asked, found.grade.get(), &found.class)
            {
                return Err(Refused::Denied);
            }
            Some(found.label)
        }
        None => None,
    };
    let term = sel.term.unwrap_or_else(|| Term::of(today));
    let suppressed = pass.school().is_none() && !matches!(caller, Caller::Operator(_));
    let min_cell = settings.compliance.min_cell;
    let mut source = Source::new(store, keys, settings);
    let (found, without_list) =
        compute(&mut source, school.as_ref(), class.as_deref(), term, today).await?;
    let level = match (&school, &class, pass.school()) {
        (Some(s), Some(c), _) => Level::Class {
            class: ClassRef {
                school: s.clone(),
                class: c.clone(),
            },
        },
        (Some(s), None, _) if sel.school.is_some() || pass.school().is_some() => {
            Level::School { school: s.clone() }
        }
        _ => Level::District,
    };
    if let Level::Class { class } = &level
        && found
            .schools
            .iter()
            .all(|s| s.classes.iter().all(|k| &k.class != class))
    {
        return Err(Refused::Store(StoreError::NotFound(
            "该班级（该学年学籍中没有这个班的学生，或学校没有劳动清单）",
        )));
    }
    let tally = scope_tally(&found, &level).unwrap_or_else(|| Tally::empty(found.weeks.len()));
    let week_of = |s: &SchoolCode| {
        found
            .schools
            .iter()
            .find(|x| &x.school == s)
            .map(|x| x.labour_week)
    };
    let (rows, total) = match &level {
        Level::District => {
            let rows = if suppressed {
                let v = district_view(&found, min_cell);
                let keep: Vec<(SchoolCode, Option<String>, &Tally, Option<bool>)> = found
                    .schools
                    .iter()
                    .map(|s| (s.school.clone(), None, &s.tally, Some(s.labour_week)))
                    .collect();
                let mut rows = hidden(&keep, min_cell);
                for (i, r) in rows.iter_mut().enumerate() {
                    r.students = v.meeting.row_totals[i];
                    r.meeting = [v.meeting.cells[i][0], v.meeting.cells[i][1]];
                    r.covered = [v.covered.cells[i][0], v.covered.cells[i][1]];
                }
                rows
            } else {
                found
                    .schools
                    .iter()
                    .map(|s| plain(Some(&s.school), None, &s.tally, Some(s.labour_week)))
                    .collect()
            };
            (rows, district_total(&found, suppressed, min_cell))
        }
        Level::School { school } => {
            let classes: Vec<(SchoolCode, Option<String>, &Tally, Option<bool>)> = found
                .schools
                .iter()
                .filter(|s| &s.school == school)
                .flat_map(|s| &s.classes)
                .map(|k| (school.clone(), Some(k.class.class.clone()), &k.tally, None))
                .collect();
            let rows = if suppressed {
                hidden(&classes, min_cell)
            } else {
                classes
                    .iter()
                    .map(|(s, c, t, w)| plain(Some(s), c.as_deref(), t, *w))
                    .collect()
            };
            let total = if suppressed {
                hidden(&[(school.clone(), None, &tally, week_of(school))], min_cell).remove(0)
            } else {
                plain(Some(school), None, &tally, week_of(school))
            };
            (rows, total)
        }
        Level::Class { class } => (
            Vec::new(),
            plain(Some(&class.school), Some(&class.class), &tally, None),
        ),
    };
    let students = match &level {
        Level::Class { class } => found
            .schools
            .iter()
            .flat_map(|s| &s.classes)
            .find(|k| &k.class == class)
            .map(|k| k.students.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let terms = terms_with_records(store, school.as_ref(), today).await?;
    let mut series: Vec<(Term, Tally)> = Vec::new();
    for t in terms.iter().filter(|t| **t < term).take(TREND_TERMS) {
        let (c, _) = compute(&mut source, school.as_ref(), class.as_deref(), *t, today).await?;
        if let Some(tally) = scope_tally(&c, &level) {
            series.push((*t, tally));
        }
    }
    series.push((term, tally));
    let refs: Vec<(Term, &Tally)> = series.iter().map(|(t, x)| (*t, x)).collect();
    let small = |p: &TrendPoint| {
        let (yes, no) = (p.meeting.part, p.meeting.whole - p.meeting.part);
        (yes > 0 && yes < min_cell) || (no > 0 && no < min_cell)
    };
    let trend: Vec<TrendPoint> = trend(&refs)
        .into_iter()
        .filter(|p| !suppressed || !small(p))
        .collect();
    Ok(ComplianceView {
        term,
        span: Term::span(term),
        today,
        weeks: found.weeks.clone(),
        terms,
        scope: level,
        suppressed,
        min_cell,
        total,
        labour_weeks: found.labour_weeks,
        rows,
        students,
        without_list,
        trend,
    })
}

/// The district's own row: plain, or its totals as the suppressed table gives them.
fn district_total(found: &Compliance, suppressed: bool, min_cell: u64) -> UnitRow {
    let t = &found.district;
    if !suppressed {
        return plain(None, None, t, None);
    }
    let v = district_view(found, min_cell);
    let totals = |s: &junheng_core::student::Suppressed| {
        [
            s.column_totals.first().copied().unwrap_or(Cell::Count(0)),
            s.column_totals.get(1).copied().unwrap_or(Cell::Count(0)),
        ]
    };
    UnitRow {
        school: None,
        class: None,
        students: v.meeting.total,
        meeting: totals(&v.meeting),
        covered: totals(&v.covered),
        lessons: t.lessons,
        labour_week: None,
        tally: None,
    }
}
