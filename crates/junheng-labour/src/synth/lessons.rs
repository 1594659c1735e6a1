//! Generated 劳动课 课时 and 劳动周 for demos and tests: a class's lessons week by week and a
//! school's 劳动周, pure and deterministic.
//!
//! ```
//! use junheng_labour::calendar::Day;
//! use junheng_labour::{ClassRef, synth};
//! # use junheng_core::school::SchoolCode;
//! let class = ClassRef { school: SchoolCode::parse("5001120001").unwrap(), class: "3年级1班".into() };
//! let first = Day::parse("2025-09-01").unwrap();
//! let lessons = synth::class_lessons(&class, first, first.plus(27), 3);
//! // Four weeks, the third missed.
//! assert_eq!(lessons.iter().map(|l| l.lessons).collect::<Vec<_>>(), [1, 1, 0, 1]);
//! ```

use junheng_core::school::SchoolCode;

use crate::calendar::{Day, Span};
use crate::compliance::{LabourWeek, LessonRecord};
use crate::roster::ClassRef;

/// One 课时 in every week of `first..=last` (by Monday, the week of `first` included), none in
/// every `missed_every`-th week (`0`: none missed).
pub fn class_lessons(
    class: &ClassRef,
    first: Day,
    last: Day,
    missed_every: u32,
) -> Vec<LessonRecord> {
    let mut out = Vec::new();
    let mut monday = first.monday();
    let mut n = 0u32;
    while monday <= last {
        n += 1;
        let missed = missed_every > 0 && n.is_multiple_of(missed_every);
        out.push(LessonRecord {
            class: class.clone(),
            week: monday,
            lessons: u32::from(!missed),
        });
        monday = monday.plus(7);
    }
    out
}

/// A school's 劳动周 of school year `year`: Monday to Friday of the first full week of November.
///
/// ```
/// # use junheng_core::school::SchoolCode;
/// let w = junheng_labour::synth::labour_week(&SchoolCode::parse("5001120001").unwrap(), 2025);
/// assert_eq!((w.span.first.to_string(), w.span.last.to_string()), ("2025-11-03".into(), "2025-11-07".into()));
/// ```
pub fn labour_week(school: &SchoolCode, year: i32) -> LabourWeek {
    let first_of_november = Day::new(year, 11, 1).expect("1 November");
    let monday = first_of_november.plus(6).monday();
    LabourWeek {
        school: school.clone(),
        year,
        span: Span::new(monday, monday.plus(4)).expect("an ordered week"),
    }
}
