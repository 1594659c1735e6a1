//! The 综合素质评价 export: one plain row per child and term, only after 公示 and review.
//!
//! The shape (JSON; a CSV has the same columns, badges joined with `、`):
//!
//! ```json
//! {"student": 42, "year": 2025, "semester": "first", "grade": "good", "grade_label": "良好",
//!  "points": 126, "badges": ["清洁与卫生勋章"], "ability": 4.3, "habit": 4.0, "quality": 4.5}
//! ```
//!
//! `student` is the opaque key (the receiving system maps it back through the registry);
//! `year` is the school year's first year and `semester` `first` (autumn) or `second`; `grade`
//! is one of `excellent`, `good`, `pass`, `not_yet` (优秀/良好/合格/待合格); `points` the term's
//! points; `badges` the names of the badges earned by the term's end; `ability`, `habit` and
//! `quality` the term's mean ratings (1.0–5.0, one decimal) or `null` when there were none.

use std::collections::HashMap;

use serde::Serialize;

use super::{ReviewError, ReviewState};
use crate::calendar::Semester;
use crate::passport::{Badge, Tenths, TermGrade, TermSummary};
use crate::roster::StudentKey;

/// One row of the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    /// The child's opaque key.
    pub student: StudentKey,
    /// 学年 (its first year).
    pub year: i32,
    /// 学期.
    pub semester: Semester,
    /// The term grade's id.
    pub grade: TermGrade,
    /// The term grade in Chinese.
    pub grade_label: &'static str,
    /// Points of the term.
    pub points: u32,
    /// Names of the badges earned.
    pub badges: Vec<String>,
    /// Mean 劳动能力.
    pub ability: Option<Tenths>,
    /// Mean 劳动习惯.
    pub habit: Option<Tenths>,
    /// Mean 劳动品质.
    pub quality: Option<Tenths>,
}

/// The rows of the school's term summaries, refused unless the term has been exported (reviewed
/// after its 公示, [`super::step`]); a badge id without a badge in `badges` is written as its id.
///
/// ```
/// use junheng_labour::review::{ReviewState, export_rows};
/// let err = export_rows(&ReviewState::Collecting, &[], &[]).unwrap_err();
/// assert_eq!(err.code(), "review.not_reviewed");
/// ```
pub fn export_rows(
    state: &ReviewState,
    summaries: &[TermSummary],
    badges: &[Badge],
) -> Result<Vec<ExportRow>, ReviewError> {
    match state {
        ReviewState::Exported { .. } => {}
        ReviewState::Publicity { ends, .. } | ReviewState::Reviewed { ends, .. } => {
            return Err(ReviewError::PublicityNotOver { ends: *ends });
        }
        ReviewState::Collecting | ReviewState::Summarised { .. } => {
            return Err(ReviewError::NotReviewed);
        }
    }
    let names: HashMap<&str, &str> = badges
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    Ok(summaries
        .iter()
        .map(|s| ExportRow {
            student: s.student,
            year: s.term.year,
            semester: s.term.semester,
            grade: s.grade,
            grade_label: s.grade.label(),
            points: s.points,
            badges: s
                .badges
                .iter()
                .map(|id| names.get(id.as_str()).copied().unwrap_or(id).to_owned())
                .collect(),
            ability: s.ratings.ability,
            habit: s.ratings.habit,
            quality: s.ratings.quality,
        })
        .collect())
}
