//! Each school's quality score in an exam: its 比值赋分 composite on 总分 (or the exam's only
//! paper) as a share of the weights, 0–100 ([`quality_score`]), with the students who sat — what
//! the 三线 board of quality and the annual review's quality item are made of.

use junheng_core::exam::{Exam, QualitySettings, TOTAL_SUBJECT, figures, quality_score};

/// One school's quality in one exam.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolQuality {
    /// Its index in `Exam::schools`.
    pub school: usize,
    /// The score, `None` when it has none (no student sat, or no paper scored).
    pub value: Option<f64>,
    /// Students who sat the paper scored.
    pub sat: u32,
}

/// Every school's quality in `exam`, in the exam's school order; empty for an exam without
/// papers.
pub fn school_quality(exam: &Exam, settings: &QualitySettings) -> Vec<SchoolQuality> {
    let f = figures(exam, settings);
    let Some(paper) = f.paper(TOTAL_SUBJECT).or(f.papers.first()) else {
        return Vec::new();
    };
    let scores = quality_score(paper, &settings.composite);
    (0..exam.schools().len())
        .map(|s| SchoolQuality {
            school: s,
            value: scores.get(s).copied().flatten(),
            sat: paper.schools.get(s).map_or(0, |u| u.sat()),
        })
        .collect()
}
