//! Tests of the exam engine against hand-worked and independent computations.

mod hand_worked;
mod naive;
mod props;
mod value_added;

use super::{ExamBuilder, Mark, PaperSpec, Tenths};

/// An exam from rows `(school, class, key, [marks per paper])`, marks as points (`None` = no
/// row).
pub(super) fn exam_of(
    papers: &[(&str, u16)],
    rows: &[(&str, &str, u128, Vec<Option<Mark>>)],
) -> super::Exam {
    let mut b = ExamBuilder::new(
        papers
            .iter()
            .map(|&(s, full)| PaperSpec::with_default_lines(s, Tenths::points(full)))
            .collect(),
    );
    for (school, class, key, marks) in rows {
        let s = b.school(school, school);
        let i = b.student(s, class, *key).unwrap();
        for (p, m) in marks.iter().enumerate() {
            if let Some(m) = m {
                b.mark(i, p, *m).unwrap();
            }
        }
    }
    b.build()
}

/// A score in points.
pub(super) fn pts(p: f64) -> Option<Mark> {
    Some(Mark::Score(Tenths::from_f64(p).unwrap()))
}

pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[track_caller]
pub(super) fn assert_close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!(close(a, b), "{a} ≠ {b}");
}
