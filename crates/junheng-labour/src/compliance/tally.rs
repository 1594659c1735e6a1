//! The sums of a class, a school or the district: every figure a count, so that a school's is
//! the sum of its classes' and the district's the sum of its schools'.

use serde::Serialize;

use super::StudentCompliance;
use crate::share::{Quota, Share};

/// The sums of a term's compliance over some children and classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Children.
    pub students: u64,
    /// Children meeting the term's weekly minimum.
    pub students_meeting: u64,
    /// For each assessed week, children meeting its minimum.
    pub weekly: Vec<Share>,
    /// Child-weeks at or above the minimum, of child-weeks.
    pub student_weeks: Share,
    /// Verified out-of-class minutes in the assessed weeks.
    pub minutes: u64,
    /// Required task groups done in the school year, of required, over the children.
    pub coverage: Share,
    /// Children who did every required group.
    pub students_covered: u64,
    /// 劳动课 课时 delivered against required.
    pub lessons: Quota,
    /// Classes.
    pub classes: u64,
    /// Classes given at least the required 课时.
    pub classes_meeting_lessons: u64,
}

impl Tally {
    /// Nothing yet, over `weeks` assessed weeks.
    pub fn empty(weeks: usize) -> Tally {
        Tally {
            students: 0,
            students_meeting: 0,
            weekly: vec![Share::default(); weeks],
            student_weeks: Share::default(),
            minutes: 0,
            coverage: Share::default(),
            students_covered: 0,
            lessons: Quota::default(),
            classes: 0,
            classes_meeting_lessons: 0,
        }
    }

    /// The sums of one class.
    pub fn of_class(students: &[StudentCompliance], lessons: Quota, weeks: usize) -> Tally {
        let mut t = Tally::empty(weeks);
        for s in students {
            t.students += 1;
            t.students_meeting += u64::from(s.meets);
            for (share, &m) in t.weekly.iter_mut().zip(&s.weekly_minutes) {
                *share = share.plus(Share::new(u64::from(m >= s.minimum), 1));
            }
            t.student_weeks = t
                .student_weeks
                .plus(Share::new(u64::from(s.weeks_met), weeks as u64));
            t.minutes += s.weekly_minutes.iter().map(|&m| u64::from(m)).sum::<u64>();
            t.coverage = t.coverage.plus(s.coverage);
            t.students_covered += u64::from(s.coverage.part == s.coverage.whole);
        }
        t.lessons = lessons;
        t.classes = 1;
        t.classes_meeting_lessons = u64::from(lessons.met());
        t
    }

    /// Both added (over the same weeks).
    pub fn plus(&self, other: &Tally) -> Tally {
        debug_assert_eq!(self.weekly.len(), other.weekly.len(), "same weeks");
        Tally {
            students: self.students + other.students,
            students_meeting: self.students_meeting + other.students_meeting,
            weekly: self
                .weekly
                .iter()
                .zip(&other.weekly)
                .map(|(a, b)| a.plus(*b))
                .collect(),
            student_weeks: self.student_weeks.plus(other.student_weeks),
            minutes: self.minutes + other.minutes,
            coverage: self.coverage.plus(other.coverage),
            students_covered: self.students_covered + other.students_covered,
            lessons: self.lessons.plus(other.lessons),
            classes: self.classes + other.classes,
            classes_meeting_lessons: self.classes_meeting_lessons + other.classes_meeting_lessons,
        }
    }

    /// Children meeting the term's minimum, of children.
    pub fn meeting(&self) -> Share {
        Share::new(self.students_meeting, self.students)
    }

    /// Children who did every required group, of children.
    pub fn covered(&self) -> Share {
        Share::new(self.students_covered, self.students)
    }

    /// Classes given their 课时, of classes.
    pub fn classes_meeting(&self) -> Share {
        Share::new(self.classes_meeting_lessons, self.classes)
    }

    /// Mean out-of-class minutes per child and week, rounded down; `None` without child-weeks.
    pub fn mean_weekly_minutes(&self) -> Option<u64> {
        (self.student_weeks.whole > 0).then(|| self.minutes / self.student_weeks.whole)
    }
}
