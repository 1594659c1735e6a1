//! A student's card (for parents, through the school): per paper and 总分 the score, Z, T and
//! rank in the school and in the pool.

use serde::Serialize;

use super::figures::{Figures, PaperFigures};
use super::model::{Cell, Exam, StudentKey, Tenths};
use super::settings::{AbsentPolicy, CheatPolicy, Denominator, QualitySettings};
use super::tally::total_code;

/// One line of a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardLine {
    /// 学科 or 总分.
    pub subject: String,
    /// 已考, 作弊, 免考, 缺考 or 无成绩.
    pub status: &'static str,
    /// The score counted, points (a zero for a 作弊 or absent student when the settings count
    /// one); `None` outside the score population.
    pub score: Option<f64>,
    /// (score − pool mean) / pool SD.
    pub z: Option<f64>,
    /// 50 + 10·Z.
    pub t: Option<f64>,
    /// 1 + the students of the school's score population above (ties share).
    pub rank_in_school: Option<u32>,
    /// The school's score population.
    pub school_n: u32,
    /// 1 + the students of the pool above.
    pub rank_in_pool: Option<u32>,
    /// The pool's score population.
    pub pool_n: u32,
}

/// A student's card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentCard {
    /// The key.
    pub key: StudentKey,
    /// Index into `Exam::schools`.
    pub school: u32,
    /// Index into `Exam::classes`.
    pub class: u32,
    /// Per paper, then 总分.
    pub lines: Vec<CardLine>,
}

/// A raw code's value in the score population, and its status label. `base` is where the
/// statuses (作弊, 免考, 缺考, missing) start.
fn counted(code: u32, full: u32, base: u32, s: &QualitySettings) -> (Option<u32>, &'static str) {
    let absent_zero = s.denominator == Denominator::Enrolled && s.absent == AbsentPolicy::Zero;
    let zero_if = |yes: bool| yes.then_some(0);
    if code <= full {
        return (Some(code), "已考");
    }
    match code.checked_sub(base) {
        Some(0) => (zero_if(s.cheat == CheatPolicy::Zero), "作弊"),
        Some(1) => (None, "免考"),
        Some(3) => (zero_if(absent_zero), "无成绩"),
        _ => (zero_if(absent_zero), "缺考"),
    }
}

/// The card of roster student `ix` (`Exam::student_of` finds it by key); `None` past the
/// roster. `figures` must be the exam's own.
///
/// ```
/// use junheng_core::exam::{figures, student_card, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
/// let s = b.school("1", "甲校");
/// for (k, score) in [(1, 90), (2, 70), (3, 50)] {
///     let i = b.student(s, "(1)班", k).unwrap();
///     b.mark(i, 0, Mark::Score(Tenths::points(score))).unwrap();
/// }
/// let exam = b.build();
/// let f = figures(&exam, &QualitySettings::default());
/// let card = student_card(&exam, &f, exam.student_of(2).unwrap()).unwrap();
/// assert_eq!(card.lines[0].rank_in_school, Some(2));
/// assert_eq!(card.lines[0].t, Some(50.0));
/// ```
pub fn student_card(exam: &Exam, figures: &Figures, ix: usize) -> Option<StudentCard> {
    if ix >= exam.students() {
        return None;
    }
    let s = &figures.settings;
    let class = exam.class_of()[ix];
    let school = exam.classes()[class as usize].school;
    let range = exam.school_range(school);
    let columns: Vec<&[Cell]> = (0..exam.papers().len()).map(|p| exam.cells(p)).collect();
    let fulls: Vec<u16> = exam
        .papers()
        .iter()
        .map(|p| p.full.0.min(Tenths::MAX.0))
        .collect();
    let cheat_zero = s.cheat == CheatPolicy::Zero;
    let lines = figures
        .papers
        .iter()
        .enumerate()
        .map(|(p, paper)| {
            let code = |i: usize| {
                if paper.is_total {
                    total_code(&columns, &fulls, paper.full, cheat_zero, i)
                } else {
                    u32::from(columns[p][i].0)
                }
            };
            let base = if paper.is_total {
                paper.full + 1
            } else {
                u32::from(Cell::CHEAT.0)
            };
            line(paper, s, range.clone(), ix, |i| {
                counted(code(i), paper.full, base, s)
            })
        })
        .collect();
    Some(StudentCard {
        key: exam.keys()[ix],
        school,
        class,
        lines,
    })
}

fn line(
    paper: &PaperFigures,
    s: &QualitySettings,
    school: std::ops::Range<usize>,
    ix: usize,
    value: impl Fn(usize) -> (Option<u32>, &'static str),
) -> CardLine {
    let _ = s;
    let (own, status) = value(ix);
    let (mut above, mut school_n) = (0u32, 0u32);
    for i in school {
        if let Some(v) = value(i).0 {
            school_n += 1;
            above += u32::from(own.is_some_and(|o| v > o));
        }
    }
    let pool_above = |o: u32| paper.hist[o as usize + 1..].iter().sum::<u64>() as u32;
    let points = own.map(|o| f64::from(o) / 10.0);
    let z = match (points, paper.all.mean(), paper.all.sd()) {
        (Some(x), Some(m), Some(sd)) if sd > 0.0 => Some((x - m) / sd),
        _ => None,
    };
    CardLine {
        subject: paper.subject.clone(),
        status,
        score: points,
        z,
        t: z.map(|z| 50.0 + 10.0 * z),
        rank_in_school: own.map(|_| above + 1),
        school_n,
        rank_in_pool: own.map(|o| pool_above(o) + 1),
        pool_n: paper.all.n,
    }
}
