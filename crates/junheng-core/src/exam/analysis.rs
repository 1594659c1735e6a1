//! Everything at once: the figures of every exam, the local 校际差异率 estimates of every paper
//! and the value added of the asked pairs — the entry point of the benchmark and of a city's
//! yearly run.

use serde::Serialize;

use super::figures::{Figures, figures_with};
use super::model::Exam;
use super::settings::QualitySettings;
use super::spread::{PaperSpread, spread};
use super::tally::{Total, total_column};
use super::value_added::{ValueAdded, key_index, match_students, value_added_matched};

/// The analysis of a set of exams.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Per exam.
    pub figures: Vec<Figures>,
    /// Per exam, per paper and 总分.
    pub spreads: Vec<Vec<PaperSpread>>,
    /// Per pair asked, `(input, output)` exam indices.
    pub value_added: Vec<((usize, usize), ValueAdded)>,
}

/// Figures, spreads and value added of `exams`; `va_pairs` are `(input, output)` indices of
/// exams of the same cohort (pairs with an index past the exams are skipped).
///
/// ```
/// use junheng_core::exam::{analyse_all, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
/// let s = b.school("1", "甲校");
/// let i = b.student(s, "(1)班", 7).unwrap();
/// b.mark(i, 0, Mark::Score(Tenths::points(80))).unwrap();
/// let exam = b.build();
/// let a = analyse_all(&[exam.clone(), exam], &QualitySettings::default(), &[(0, 1)]);
/// assert_eq!(a.figures.len(), 2);
/// assert_eq!(a.value_added[0].1.subjects[0].all.matched, 1);
/// ```
pub fn analyse_all(
    exams: &[Exam],
    settings: &QualitySettings,
    va_pairs: &[(usize, usize)],
) -> Analysis {
    let totals: Vec<Option<Total>> = exams
        .iter()
        .map(|e| (e.papers().len() >= 2).then(|| total_column(e, settings)))
        .collect();
    let figures: Vec<Figures> = exams
        .iter()
        .zip(&totals)
        .map(|(e, t)| figures_with(e, settings, t.as_ref()))
        .collect();
    let spreads = exams
        .iter()
        .zip(&figures)
        .map(|(e, f)| f.papers.iter().map(|p| spread(e, p)).collect())
        .collect();
    let pairs: Vec<(usize, usize)> = va_pairs
        .iter()
        .copied()
        .filter(|&(a, b)| a < exams.len() && b < exams.len())
        .collect();
    let mut needed: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    needed.sort_unstable();
    needed.dedup();
    let indexes = crate::parallel::each(&needed, |&e| key_index(&exams[e]));
    let index = |e: usize| &indexes[needed.binary_search(&e).expect("indexed")];
    let maps: Vec<Vec<u32>> = pairs
        .iter()
        .map(|&(a, b)| match_students(index(a), index(b), exams[b].students()))
        .collect();
    drop(indexes);
    let value_added = pairs
        .iter()
        .zip(&maps)
        .map(|(&(a, b), map)| {
            let t = totals[a].as_ref().zip(totals[b].as_ref());
            (
                (a, b),
                value_added_matched(&exams[a], &exams[b], map, settings, t),
            )
        })
        .collect();
    Analysis {
        figures,
        spreads,
        value_added,
    }
}
