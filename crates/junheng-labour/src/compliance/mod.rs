//! Compliance with the national minimums, per class, school and district, term by term.
//!
//! * Weekly out-of-class labour minutes of each child against the 纲要's minimum \[V\]: 120 for
//!   grades 1–2, 180 otherwise (settings may raise, never lower them). A week is met when the
//!   child's verified minutes at [`ComplianceSettings::out_of_class`] places (default 家庭 and
//!   社会 \[L\]) reach the minimum; a child meets the term when they met at least
//!   [`ComplianceSettings::term_weeks_per_mille`] of its assessed weeks (default all \[L\]).
//! * Task-group coverage per child per school year: the groups the child's band requires
//!   ([`crate::checklist::RequiredGroups`]) with at least one verified record in the year.
//! * 劳动课 课时 delivered per class against [`ComplianceSettings::lessons_per_week`] (≥ 1 \[V\]) a
//!   week; the 劳动周 held in the school year (required every year \[V\]).
//!
//! Every figure is a sum ([`Tally`]): a school's is the sum of its classes', the district's the
//! sum of its schools'. Views for district and city roles hide small counts of children
//! ([`district_view`]).
//!
//! ```
//! use junheng_labour::Grade;
//! use junheng_labour::compliance::ComplianceSettings;
//! let s = ComplianceSettings::default();
//! assert_eq!((s.weekly_minimum(Grade::new(2).unwrap()), s.weekly_minimum(Grade::new(3).unwrap())), (120, 180));
//! ```

mod tally;
#[cfg(test)]
mod tests;
mod view;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use junheng_core::school::SchoolCode;
use junheng_core::student::DEFAULT_MIN_CELL;
use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Span, Term};
use crate::checklist::{EffectiveList, Place, RequiredGroups};
use crate::passport::Entry;
use crate::roster::{ClassRef, Grade, RosterEntry, StudentKey};
use crate::share::{Quota, Share};

pub use tally::Tally;
pub use view::{DistrictView, TrendPoint, district_view, trend};

/// The 纲要's weekly minimum for grades 1–2, minutes \[V\].
pub const NATIONAL_LOWER_GRADES_MINUTES: u32 = 120;
/// The 纲要's weekly minimum for grades 3–9, minutes \[V\].
pub const NATIONAL_WEEKLY_MINUTES: u32 = 180;
/// The 课标's 劳动课 课时 a week, on average \[V\].
pub const NATIONAL_LESSONS_PER_WEEK: u32 = 1;

/// The settings of compliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplianceSettings {
    /// Weekly out-of-class minutes for grades 1–2; at least the national 120.
    pub lower_grades_weekly_minutes: u32,
    /// Weekly out-of-class minutes for grades 3–9; at least the national 180.
    pub weekly_minutes: u32,
    /// 劳动课 课时 a week; at least the national 1.
    pub lessons_per_week: u32,
    /// The share of a term's assessed weeks a child must meet to meet the term, per mille.
    /// Default 1000 (every week: the 纲要 asks for the minimum each week) \[L\].
    pub term_weeks_per_mille: u32,
    /// The places whose labour counts as out-of-class (课外、家庭). Default 家庭 and 社会 \[L\]:
    /// campus labour is mostly in school time.
    pub out_of_class: Vec<Place>,
    /// The smallest count of children shown to district and city roles. Default 10 \[L\]
    /// ([`junheng_core::student::DEFAULT_MIN_CELL`]).
    pub min_cell: u64,
}

impl Default for ComplianceSettings {
    fn default() -> Self {
        ComplianceSettings {
            lower_grades_weekly_minutes: NATIONAL_LOWER_GRADES_MINUTES,
            weekly_minutes: NATIONAL_WEEKLY_MINUTES,
            lessons_per_week: NATIONAL_LESSONS_PER_WEEK,
            term_weeks_per_mille: 1000,
            out_of_class: vec![Place::Home, Place::Society],
            min_cell: DEFAULT_MIN_CELL,
        }
    }
}

impl ComplianceSettings {
    /// The weekly out-of-class minutes a child of `grade` needs.
    pub fn weekly_minimum(&self, grade: Grade) -> u32 {
        if grade.get() <= 2 {
            self.lower_grades_weekly_minutes
        } else {
            self.weekly_minutes
        }
    }
}

/// 劳动课 课时 a class was given in a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonRecord {
    /// The class.
    pub class: ClassRef,
    /// Any day of the week (counted by its Monday).
    pub week: Day,
    /// 课时 given.
    pub lessons: u32,
}

/// A school's 劳动周 in a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabourWeek {
    /// The school.
    pub school: SchoolCode,
    /// The school year.
    pub year: i32,
    /// Its days.
    pub span: Span,
}

/// What a term's compliance is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ComplianceInput<'a> {
    /// The term.
    pub term: Term,
    /// The term's assessed weeks (any day of each, repeats counted once; holiday weeks left out
    /// by the caller).
    pub weeks: &'a [Day],
    /// The children and their classes.
    pub roster: &'a [RosterEntry],
    /// Each school's effective list.
    pub lists: &'a BTreeMap<SchoolCode, EffectiveList>,
    /// The children's records with statuses in the school year up to the term's end.
    pub entries: &'a [Entry],
    /// 劳动课 课时 given.
    pub lessons: &'a [LessonRecord],
    /// 劳动周 held.
    pub labour_weeks: &'a [LabourWeek],
}

/// Why compliance cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComplianceError {
    /// A school of the roster has no effective list.
    #[error("学校 {0} 没有劳动清单，无法计算达标情况")]
    NoList(SchoolCode),
    /// A child appears twice in the roster.
    #[error("学生 {0} 在名册中出现多次")]
    DuplicateStudent(StudentKey),
}

impl ComplianceError {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            ComplianceError::NoList(_) => "compliance.no_list",
            ComplianceError::DuplicateStudent(_) => "compliance.duplicate_student",
        }
    }
}

/// One child's term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentCompliance {
    /// The child.
    pub student: StudentKey,
    /// The grade.
    pub grade: Grade,
    /// The weekly minimum.
    pub minimum: u32,
    /// Verified out-of-class minutes of each assessed week, in the input's order.
    pub weekly_minutes: Vec<u32>,
    /// Weeks at or above the minimum.
    pub weeks_met: u32,
    /// Whether the child meets the term ([`ComplianceSettings::term_weeks_per_mille`]).
    pub meets: bool,
    /// Required task groups done in the school year, of those required.
    pub coverage: Share,
}

/// A class's term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCompliance {
    /// The class.
    pub class: ClassRef,
    /// Its sums.
    pub tally: Tally,
    /// Its children, by key.
    pub students: Vec<StudentCompliance>,
}

/// A school's term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolCompliance {
    /// The school.
    pub school: SchoolCode,
    /// The sum of its classes.
    pub tally: Tally,
    /// Whether its 劳动周 of the school year was held.
    pub labour_week: bool,
    /// Its classes.
    pub classes: Vec<ClassCompliance>,
}

impl SchoolCompliance {
    /// What the 星级 rating reads.
    pub fn star_input(&self) -> crate::review::StarInput {
        crate::review::StarInput {
            meeting: self.tally.meeting(),
            coverage: self.tally.coverage,
            lessons: self.tally.lessons,
            labour_week: self.labour_week,
        }
    }
}

/// A term's compliance: schools (by code), the district's sums and 劳动周 held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// The term.
    pub term: Term,
    /// The assessed weeks' Mondays, in order.
    pub weeks: Vec<Day>,
    /// The schools.
    pub schools: Vec<SchoolCompliance>,
    /// The sum of the schools.
    pub district: Tally,
    /// Schools that held their 劳动周, of the schools.
    pub labour_weeks: Share,
}

/// The term's compliance of every child, class and school of the roster.
pub fn compliance(
    input: &ComplianceInput<'_>,
    required: &RequiredGroups,
    settings: &ComplianceSettings,
) -> Result<Compliance, ComplianceError> {
    let weeks: Vec<Day> = input
        .weeks
        .iter()
        .map(|d| d.monday())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let frame = Frame {
        week_ix: weeks.iter().enumerate().map(|(i, &w)| (w, i)).collect(),
        weeks: &weeks,
        term: input.term,
        required,
        settings,
    };
    let mut seen = BTreeSet::new();
    for child in input.roster {
        if !seen.insert(child.student) {
            return Err(ComplianceError::DuplicateStudent(child.student));
        }
        if !input.lists.contains_key(&child.class.school) {
            return Err(ComplianceError::NoList(child.class.school.clone()));
        }
    }
    let mut entries_of: HashMap<StudentKey, Vec<&Entry>> = HashMap::new();
    for e in input.entries.iter().filter(|e| e.status.verified()) {
        entries_of.entry(e.record.student).or_default().push(e);
    }
    let mut classes: BTreeMap<&ClassRef, Vec<StudentCompliance>> = BTreeMap::new();
    for child in input.roster {
        let list = &input.lists[&child.class.school];
        let mine = entries_of
            .get(&child.student)
            .map_or(&[][..], Vec::as_slice);
        classes
            .entry(&child.class)
            .or_default()
            .push(frame.student(child, mine, list));
    }
    let mut lessons: HashMap<&ClassRef, u64> = HashMap::new();
    for l in input.lessons {
        if frame.week_ix.contains_key(&l.week.monday()) {
            *lessons.entry(&l.class).or_default() += u64::from(l.lessons);
        }
    }
    let required_lessons = weeks.len() as u64 * u64::from(settings.lessons_per_week);
    let mut schools: BTreeMap<&SchoolCode, Vec<ClassCompliance>> = BTreeMap::new();
    for (class, mut students) in classes {
        students.sort_by_key(|s| s.student);
        let lessons = Quota {
            done: lessons.get(class).copied().unwrap_or(0),
            required: required_lessons,
        };
        schools
            .entry(&class.school)
            .or_default()
            .push(ClassCompliance {
                class: class.clone(),
                tally: Tally::of_class(&students, lessons, weeks.len()),
                students,
            });
    }
    let held: BTreeSet<&SchoolCode> = input
        .labour_weeks
        .iter()
        .filter(|w| w.year == input.term.year)
        .map(|w| &w.school)
        .collect();
    let schools: Vec<SchoolCompliance> = schools
        .into_iter()
        .map(|(school, classes)| SchoolCompliance {
            school: school.clone(),
            tally: classes
                .iter()
                .fold(Tally::empty(weeks.len()), |t, c| t.plus(&c.tally)),
            labour_week: held.contains(school),
            classes,
        })
        .collect();
    Ok(Compliance {
        term: input.term,
        district: schools
            .iter()
            .fold(Tally::empty(weeks.len()), |t, s| t.plus(&s.tally)),
        labour_weeks: Share::new(
            schools.iter().filter(|s| s.labour_week).count() as u64,
            schools.len() as u64,
        ),
        weeks,
        schools,
    })
}

/// What every child's term is measured against.
struct Frame<'a> {
    /// The assessed weeks' Mondays, in order.
    weeks: &'a [Day],
    /// Each week's place in `weeks`.
    week_ix: HashMap<Day, usize>,
    term: Term,
    required: &'a RequiredGroups,
    settings: &'a ComplianceSettings,
}

impl Frame<'_> {
    /// One child's weeks and coverage from their verified entries.
    fn student(
        &self,
        child: &RosterEntry,
        entries: &[&Entry],
        list: &EffectiveList,
    ) -> StudentCompliance {
        let minimum = self.settings.weekly_minimum(child.grade);
        let needed = self.required.of(child.grade.band());
        let mut weekly_minutes = vec![0u32; self.weeks.len()];
        let mut groups = BTreeSet::new();
        for e in entries {
            let Some(item) = list.item(&e.record.item) else {
                continue;
            };
            let day = e.record.day;
            if day.school_year() == self.term.year && needed.contains(&item.group) {
                groups.insert(item.group);
            }
            if let Some(&i) = self.week_ix.get(&day.monday())
                && self.settings.out_of_class.contains(&item.place)
            {
                weekly_minutes[i] += u32::from(e.record.minutes);
            }
        }
        let weeks_met = weekly_minutes.iter().filter(|&&m| m >= minimum).count() as u32;
        let assessed = self.weeks.len() as u64;
        StudentCompliance {
            student: child.student,
            grade: child.grade,
            minimum,
            meets: assessed > 0
                && u64::from(weeks_met) * 1000
                    >= assessed * u64::from(self.settings.term_weeks_per_mille),
            weekly_minutes,
            weeks_met,
            coverage: Share::new(groups.len() as u64, needed.len() as u64),
        }
    }
}
