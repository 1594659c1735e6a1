//! 任课教师 views: a teacher's classes on the paper they teach, pooled into one unit — the figure
//! a school reads of each teacher's teaching (一分四率, mean, 超均率 against the whole exam). A
//! teacher unit has no rank: Junheng ranks no teachers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::figures::{PaperFigures, UnitFigures};
use super::model::{Exam, PaperIx};
use super::settings::QualitySettings;
use super::tally::Tally;

/// One teacher's unit on one paper: every class of one school where they teach it, pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherUnit {
    /// 教师编号.
    pub teacher: String,
    /// Index into [`Exam::schools`].
    pub school: u32,
    /// The classes (indices into [`Exam::classes`]), in order.
    pub classes: Vec<u32>,
    /// The pooled figures (the classes' exact counts merged, the settings applied once).
    pub figures: UnitFigures,
}

/// The teacher units of paper `paper` of `exam` from that paper's figures `of` (a teacher who
/// teaches it in two schools has one unit in each), by school, then 教师编号. Empty for 总分 and
/// for an exam without teachers.
///
/// ```
/// use junheng_core::exam::{figures, teacher_units, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
/// let s = b.school("1", "甲校");
/// for (k, class, score) in [(1, "1班", 90), (2, "1班", 70), (3, "2班", 50)] {
///     let i = b.student(s, class, k).unwrap();
///     b.mark(i, 0, Mark::Score(Tenths::points(score))).unwrap();
/// }
/// b.teach(s, "1班", 0, "T01").unwrap();
/// b.teach(s, "2班", 0, "T01").unwrap();
/// let exam = b.build();
/// let settings = QualitySettings::default();
/// let f = figures(&exam, &settings);
/// let units = teacher_units(&exam, &f.papers[0], 0, &settings);
/// assert_eq!(units[0].classes, [0, 1]);
/// assert_eq!(units[0].figures.mean(), Some(70.0));
/// ```
pub fn teacher_units(
    exam: &Exam,
    of: &PaperFigures,
    paper: PaperIx,
    settings: &QualitySettings,
) -> Vec<TeacherUnit> {
    if of.is_total {
        return Vec::new();
    }
    let mut pooled: BTreeMap<(u32, &str), (Vec<u32>, Tally)> = BTreeMap::new();
    for t in exam
        .teaching()
        .iter()
        .filter(|t| usize::from(t.paper) == paper)
    {
        let school = exam.classes()[t.class as usize].school;
        let (classes, tally) = pooled.entry((school, t.teacher.as_str())).or_default();
        classes.push(t.class);
        tally.merge(&of.classes[t.class as usize].tally);
    }
    pooled
        .into_iter()
        .map(|((school, teacher), (classes, tally))| TeacherUnit {
            teacher: teacher.to_owned(),
            school,
            classes,
            figures: UnitFigures::of(tally, of.lines, settings),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::settings::{AbsentPolicy, CheatPolicy, Denominator};
    use crate::exam::{ExamBuilder, Mark, PaperSpec, Tenths, figures};

    /// Rows `(school, class, key, mark)` on one 120-point paper, as an exam.
    fn exam_of(rows: &[(&str, &str, u128, Mark)], teach: &[(&str, &str, &str)]) -> Exam {
        let mut b = ExamBuilder::new(vec![
            PaperSpec::with_default_lines("语文", Tenths::points(120)),
            PaperSpec::with_default_lines("数学", Tenths::points(120)),
        ]);
        for &(school, class, key, mark) in rows {
            let s = b.school(school, school);
            let i = b.student(s, class, key).unwrap();
            b.mark(i, 1, mark).unwrap();
        }
        for &(school, class, teacher) in teach {
            let s = b.school(school, school);
            b.teach(s, class, 1, teacher).unwrap();
        }
        b.build()
    }

    #[test]
    fn a_teacher_unit_is_the_exam_of_their_classes_alone() {
        // A small pseudo-random exam: three schools, four classes each.
        let mut rows = Vec::new();
        let mut x: u64 = 12345;
        for key in 0..600u128 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let school = ["A", "B", "C"][(x >> 33) as usize % 3];
            let class = ["1班", "2班", "3班", "4班"][(x >> 40) as usize % 4];
            let mark = match (x >> 20) % 50 {
                0 => Mark::Absent,
                1 => Mark::Cheat,
                2 => Mark::Exempt,
                r => Mark::Score(Tenths((r as u16 * 23 + (x >> 50) as u16 % 7) % 1201)),
            };
            rows.push((school, class, key, mark));
        }
        let teach = [
            ("A", "1班", "T1"),
            ("A", "3班", "T1"),
            ("B", "2班", "T1"),
            ("A", "2班", "T2"),
        ];
        let exam = exam_of(&rows, &teach);
        for settings in [
            QualitySettings::default(),
            QualitySettings {
                denominator: Denominator::Enrolled,
                absent: AbsentPolicy::Zero,
                cheat: CheatPolicy::Zero,
                ..QualitySettings::default()
            },
        ] {
            let f = figures(&exam, &settings);
            let units = teacher_units(&exam, &f.papers[1], 1, &settings);
            let names: Vec<(&str, &str, usize)> = units
                .iter()
                .map(|u| {
                    let s = exam.schools()[u.school as usize].code.as_str();
                    (s, u.teacher.as_str(), u.classes.len())
                })
                .collect();
            // Schools in the exam's order (B's first student came first).
            assert_eq!(names, [("B", "T1", 1), ("A", "T1", 2), ("A", "T2", 1)]);
            // Independently: an exam of T1's two classes at A alone; its pool is T1's unit.
            let alone: Vec<_> = rows
                .iter()
                .copied()
                .filter(|r| r.0 == "A" && (r.1 == "1班" || r.1 == "3班"))
                .collect();
            let pool = figures(&exam_of(&alone, &[]), &settings).papers[1].all;
            let unit = units[1].figures;
            assert_eq!(unit.tally, pool.tally);
            assert_eq!(
                (unit.n, unit.denominator, unit.hits),
                (pool.n, pool.denominator, pool.hits)
            );
            assert_eq!(unit.rank, None);
            assert!(teacher_units(&exam, &f.papers[0], 0, &settings).is_empty());
            assert!(teacher_units(&exam, f.papers.last().unwrap(), 2, &settings).is_empty());
        }
    }
}
