//! Everything at once: the figures of every exam, the local 校际差异率 estimates of every paper
//! and the value added of the asked pairs — the entry point of the benchmark and of a city's
//! yearly run.

use serde::Serialize;

use super::figures::{ExamColumns, Figures, PaperFigures};
use super::keys::{key_index, match_students, same_roster};
use super::model::Exam;
use super::settings::QualitySettings;
use super::spread::{PaperSpread, spread};
use super::tally::{Total, total_column};
use super::value_added::{SubjectVa, VaSubjects, ValueAdded};

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
    let pairs: Vec<(usize, usize)> = va_pairs
        .iter()
        .copied()
        .filter(|&(a, b)| a < exams.len() && b < exams.len())
        .collect();
    // Pairs of the same roster match row for row; the others by a hash join of their keys.
    let joined: Vec<bool> = pairs
        .iter()
        .map(|&(a, b)| !same_roster(&exams[a], &exams[b]))
        .collect();
    let mut needed: Vec<usize> = pairs
        .iter()
        .zip(&joined)
        .filter(|(_, j)| **j)
        .flat_map(|(&(a, b), _)| [a, b])
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let indexes = crate::parallel::each(&needed, |&e| key_index(&exams[e]));
    let index = |e: usize| &indexes[needed.binary_search(&e).expect("indexed")];
    let maps: Vec<Option<Vec<u32>>> = pairs
        .iter()
        .zip(&joined)
        .map(|(&(a, b), &j)| j.then(|| match_students(index(a), index(b), exams[b].students())))
        .collect();
    drop(indexes);
    let columns: Vec<ExamColumns<'_>> = exams
        .iter()
        .zip(&totals)
        .map(|(e, t)| ExamColumns::new(e, settings, t.as_ref()))
        .collect();
    let vas: Vec<VaSubjects<'_>> = pairs
        .iter()
        .zip(&maps)
        .map(|(&(a, b), map)| {
            let t = totals[a].as_ref().zip(totals[b].as_ref());
            VaSubjects::new(&exams[a], &exams[b], map.as_deref(), settings, t)
        })
        .collect();
    // Every paper of every exam and every subject of every pair, handed out one at a time to
    // both cores: no core waits at the end of an exam or a pair. The papers (the larger) first.
    let tasks: Vec<Task> = (columns.iter().enumerate())
        .flat_map(|(e, c)| (0..c.len()).map(move |c| Task::Paper(e, c)))
        .chain(
            (vas.iter().enumerate()).flat_map(|(v, s)| (0..s.len()).map(move |k| Task::Va(v, k))),
        )
        .collect();
    let mut done = crate::parallel::each(&tasks, |task| match *task {
        Task::Paper(e, c) => Done::Paper(Box::new(columns[e].paper(c))),
        Task::Va(v, k) => Done::Va(vas[v].subject(k)),
    })
    .into_iter();
    let figures: Vec<Figures> = columns
        .iter()
        .map(|c| {
            let papers = done.by_ref().take(c.len()).map(Done::paper).collect();
            c.figures(papers)
        })
        .collect();
    let value_added = pairs
        .iter()
        .zip(&vas)
        .map(|(&pair, s)| {
            let subjects = done.by_ref().take(s.len()).map(Done::va).collect();
            (pair, ValueAdded { subjects })
        })
        .collect();
    let spreads = exams
        .iter()
        .zip(&figures)
        .map(|(e, f)| f.papers.iter().map(|p| spread(e, p)).collect())
        .collect();
    Analysis {
        figures,
        spreads,
        value_added,
    }
}

/// A unit of [`analyse_all`]'s work: a column of an exam, or a subject of a pair.
enum Task {
    Paper(usize, usize),
    Va(usize, usize),
}

/// A [`Task`]'s result.
enum Done {
    Paper(Box<PaperFigures>),
    Va(SubjectVa),
}

impl Done {
    fn paper(self) -> PaperFigures {
        match self {
            Done::Paper(p) => *p,
            Done::Va(_) => unreachable!("tasks are in order"),
        }
    }

    fn va(self) -> SubjectVa {
        match self {
            Done::Va(v) => v,
            Done::Paper(_) => unreachable!("tasks are in order"),
        }
    }
}
