//! The figures a bureau publishes per paper and 总分, for every class, school, 学区, group,
//! district and the whole exam: counts, 参考率, mean, SD, CV, 一分三率 / 一分四率, 得分率, unit Z and
//! T, 超均率, rank, histogram, box plots by school and 区分度.
//!
//! **Populations.** The *score population* of a unit is its scored students plus the zeros the
//! settings add ([`Tally::zeros`]: 作弊 under `cheat = zero`; the absent under `denominator =
//! enrolled, absent = zero`). Mean, SD, min/max, quantiles, histograms, 区分度, Z and levels are
//! over it. A rate is `hits / denominator`: under `sat` the denominator is the score population
//! minus any absent zeros (scored + 作弊 zeros), under `enrolled` it is `roster − 免考` (− 作弊
//! under `cheat = exclude`), so an absent student counts against every rate. 参考率 is always
//! `(scored + 作弊) / (roster − 免考)`. SD is the **population** SD (divide by N).

use serde::Serialize;

use super::distribution::{BoxPlot, band_labels, box_plot, discrimination};
use super::levels::{LevelFigures, LevelRow};
use super::model::{Cell, Exam};
use super::settings::{
    CheatPolicy, Denominator, QualitySettings, RateMode, TOTAL_SUBJECT, share_line,
};
use super::tally::{
    Codes, Part, Tally, Total, cell_index, school_classes, tally_schools, total_column,
};

/// A level of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// 班级.
    Class,
    /// 任课教师: a teacher's classes on the paper they teach, pooled ([`crate::exam::teacher_units`]).
    Teacher,
    /// 学校.
    School,
    /// 学区 (片区).
    Area,
    /// 教育集团.
    Group,
    /// 区县.
    District,
    /// The whole exam (city or district): the pool.
    All,
}

impl UnitLevel {
    /// Whether units of this level lie inside one school (a class, a teacher's classes): the
    /// levels and box plots, counted by school and above, leave them out.
    pub const fn inside_school(self) -> bool {
        matches!(self, UnitLevel::Class | UnitLevel::Teacher)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            UnitLevel::Class => "班级",
            UnitLevel::Teacher => "任课教师",
            UnitLevel::School => "学校",
            UnitLevel::Area => "学区",
            UnitLevel::Group => "集团",
            UnitLevel::District => "区县",
            UnitLevel::All => "全体",
        }
    }
}

/// One unit's figures on one paper: its exact counts, and the population and rate counts the
/// settings make of them. Scores are in tenths; the methods give points and shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitFigures {
    /// The exact counts.
    pub tally: Tally,
    /// The score population (see the module doc).
    pub n: u32,
    /// The rates' denominator.
    pub denominator: u32,
    /// 优秀, 良好 (by [`RateMode`]), 及格, 低分 counts over the denominator.
    pub hits: [u32; 4],
    /// Rank among units of the same level by mean, highest first; ties share (1, 1, 3).
    /// `None` without a score population.
    pub rank: Option<u32>,
}

impl UnitFigures {
    pub(crate) fn of(t: Tally, lines: [u32; 4], s: &QualitySettings) -> UnitFigures {
        let zeros = t.zeros(s);
        let ge = |line: u32, hits: u32| hits + if line == 0 { zeros } else { 0 };
        let excellent = ge(lines[0], t.excellent);
        let good_all = ge(lines[1], t.good);
        let good = match s.rates {
            RateMode::Cumulative => good_all,
            RateMode::Band => good_all - excellent,
        };
        let pass = ge(lines[2], t.pass);
        let low = t.low + if lines[3] > 0 { zeros } else { 0 };
        let cheat_in = if s.cheat == CheatPolicy::Zero {
            t.cheat
        } else {
            0
        };
        let denominator = match s.denominator {
            Denominator::Sat => t.scored() + cheat_in,
            Denominator::Enrolled => t.roster - t.exempt - (t.cheat - cheat_in),
        };
        UnitFigures {
            tally: t,
            n: t.scored() + zeros,
            denominator,
            hits: [excellent, good, pass, low],
            rank: None,
        }
    }

    /// 应考 after exemptions: roster − 免考.
    pub fn enrolled(&self) -> u32 {
        self.tally.roster - self.tally.exempt
    }
    /// 实考: scored + 作弊.
    pub fn sat(&self) -> u32 {
        self.tally.scored() + self.tally.cheat
    }
    /// 缺考 including students without a row (and invalid cells).
    pub fn absent(&self) -> u32 {
        self.tally.absent + self.tally.missing + self.tally.invalid
    }
    /// 参考率 = 实考 / (应考 − 免考).
    pub fn participation(&self) -> Option<f64> {
        ratio(self.sat(), self.enrolled())
    }
    /// Mean in points.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.tally.sum as f64 / f64::from(self.n) / 10.0)
    }
    /// Population SD in points, from the exact `N·Σx² − (Σx)²`.
    pub fn sd(&self) -> Option<f64> {
        (self.n > 0).then(|| {
            let n = u128::from(self.n);
            let num = n * self.tally.sumsq - u128::from(self.tally.sum).pow(2);
            (num as f64).sqrt() / f64::from(self.n) / 10.0
        })
    }
    /// 变差系数 (CV) = SD / mean; `None` at a zero mean.
    pub fn cv(&self) -> Option<f64> {
        let mean = self.mean()?;
        (mean > 0.0).then(|| self.sd().unwrap_or(0.0) / mean)
    }
    /// The four rates: 优秀率, 良好率, 及格率, 低分率.
    pub fn rates(&self) -> Option<[f64; 4]> {
        (self.denominator > 0).then(|| {
            self.hits
                .map(|h| f64::from(h) / f64::from(self.denominator))
        })
    }
    /// Lowest score of the population, points.
    pub fn min(&self) -> Option<f64> {
        (self.n > 0).then(|| {
            if self.n > self.tally.scored() {
                0.0
            } else {
                f64::from(self.tally.min) / 10.0
            }
        })
    }
    /// Highest score of the population, points.
    pub fn max(&self) -> Option<f64> {
        (self.n > 0).then(|| f64::from(self.tally.max) / 10.0)
    }
    /// Students of the population per band of 10 % of full marks (zeros in the first).
    pub fn histogram(&self) -> [u32; 10] {
        let mut h = self.tally.bands;
        h[0] += self.n - self.tally.scored();
        h
    }
}

fn ratio(a: u32, b: u32) -> Option<f64> {
    (b > 0).then(|| f64::from(a) / f64::from(b))
}

/// One paper's (or 总分's) figures at every level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperFigures {
    /// 学科, or `总分`.
    pub subject: String,
    /// Whether this is the derived 总分.
    pub is_total: bool,
    /// Full marks, tenths.
    pub full: u32,
    /// Lines 优秀, 良好, 及格, 低分 in tenths (a paper's own; 总分's from the settings' shares).
    pub lines: [u32; 4],
    /// Per class (index into `Exam::classes`).
    pub classes: Vec<UnitFigures>,
    /// Per school.
    pub schools: Vec<UnitFigures>,
    /// Per 学区.
    pub areas: Vec<UnitFigures>,
    /// Per group.
    pub groups: Vec<UnitFigures>,
    /// Per district.
    pub districts: Vec<UnitFigures>,
    /// The pool (the whole exam).
    pub all: UnitFigures,
    /// Box plot per school.
    pub boxes: Vec<Option<BoxPlot>>,
    /// Box plot of the pool.
    pub pool_box: Option<BoxPlot>,
    /// 区分度 of the paper over the pool.
    pub discrimination: Option<f64>,
    /// The pool's score population per tenth of a point, `0..=full`.
    pub hist: Vec<u64>,
    /// Literacy levels, when the settings give this subject cuts.
    pub levels: Option<LevelFigures>,
}

impl PaperFigures {
    /// The units of a level (none for [`UnitLevel::Teacher`]: [`crate::exam::teacher_units`]
    /// pools them from the classes).
    pub fn units(&self, level: UnitLevel) -> &[UnitFigures] {
        match level {
            UnitLevel::Class => &self.classes,
            UnitLevel::Teacher => &[],
            UnitLevel::School => &self.schools,
            UnitLevel::Area => &self.areas,
            UnitLevel::Group => &self.groups,
            UnitLevel::District => &self.districts,
            UnitLevel::All => std::slice::from_ref(&self.all),
        }
    }
    /// Unit Z = (unit mean − pool mean) / pool SD; `None` when either is missing or SD is 0.
    pub fn z(&self, unit: &UnitFigures) -> Option<f64> {
        let sd = self.all.sd().filter(|sd| *sd > 0.0)?;
        Some((unit.mean()? - self.all.mean()?) / sd)
    }
    /// T = 50 + 10·Z.
    pub fn t(&self, unit: &UnitFigures) -> Option<f64> {
        self.z(unit).map(|z| 50.0 + 10.0 * z)
    }
    /// 超均率 = (unit mean − pool mean) / pool mean.
    pub fn over_mean(&self, unit: &UnitFigures) -> Option<f64> {
        let pool = self.all.mean().filter(|m| *m > 0.0)?;
        Some((unit.mean()? - pool) / pool)
    }
    /// 得分率 = mean / full.
    pub fn score_rate(&self, unit: &UnitFigures) -> Option<f64> {
        (self.full > 0).then(|| unit.mean().map(|m| m * 10.0 / f64::from(self.full)))?
    }
    /// The histogram's band labels (points).
    pub fn band_labels(&self) -> Vec<String> {
        band_labels(self.full)
    }
}

/// Every paper's figures, then 总分's (when the exam has two papers or more).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The settings they were computed under.
    pub settings: QualitySettings,
    /// In the exam's paper order, 总分 last.
    pub papers: Vec<PaperFigures>,
}

impl Figures {
    /// A paper's figures by subject (or `总分`).
    pub fn paper(&self, subject: &str) -> Option<&PaperFigures> {
        self.papers.iter().find(|p| p.subject == subject)
    }
}

enum Column {
    Paper(usize),
    Total,
}

/// One column to tally: a paper, or 总分.
struct ColumnSpec {
    column: Column,
    codes: Codes,
    lines: [u32; 4],
    subject: String,
    cuts: Option<[u32; 3]>,
}

/// All figures of an exam. Pure; spread over the cores by paper, with exact integer sums, so
/// the result is the same on any number of cores.
///
/// ```
/// use junheng_core::exam::{figures, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
/// let s = b.school("1", "甲校");
/// for (k, score) in [(1, 90), (2, 70), (3, 50)] {
///     let i = b.student(s, "(1)班", k).unwrap();
///     b.mark(i, 0, Mark::Score(Tenths::points(score))).unwrap();
/// }
/// let f = figures(&b.build(), &QualitySettings::default());
/// let math = f.paper("数学").unwrap();
/// assert_eq!(math.all.mean(), Some(70.0));
/// assert_eq!(math.all.rates().unwrap()[2], 2.0 / 3.0); // 及格率
/// ```
pub fn figures(exam: &Exam, settings: &QualitySettings) -> Figures {
    let total = (exam.papers().len() >= 2).then(|| total_column(exam, settings));
    let columns = ExamColumns::new(exam, settings, total.as_ref());
    let ix: Vec<usize> = (0..columns.len()).collect();
    let papers = crate::parallel::each(&ix, |&c| columns.paper(c));
    columns.figures(papers)
}

/// An exam's columns, each paper's figures (and 总分's) made on their own
/// ([`ExamColumns::paper`]), so that a caller can spread the columns of several exams over
/// the cores at once.
pub(crate) struct ExamColumns<'a> {
    exam: &'a Exam,
    settings: &'a QualitySettings,
    /// The 总分 column, when the exam has two papers or more.
    total: Option<&'a Total>,
    first_class: Vec<u32>,
    columns: Vec<ColumnSpec>,
}

impl<'a> ExamColumns<'a> {
    /// The exam's papers, then 总分 when `total` (its column, built under two papers or more).
    pub(crate) fn new(
        exam: &'a Exam,
        settings: &'a QualitySettings,
        total: Option<&'a Total>,
    ) -> ExamColumns<'a> {
        let spec = |column, codes: Codes, lines, subject: &str| ColumnSpec {
            cuts: settings.level_cuts(subject, codes.full),
            column,
            codes,
            lines,
            subject: subject.to_owned(),
        };
        let mut columns: Vec<ColumnSpec> = exam
            .papers()
            .iter()
            .enumerate()
            .map(|(p, paper)| {
                let full = u32::from(paper.full.0.min(super::Tenths::MAX.0));
                let l = paper.lines;
                let lines = [l.excellent.0, l.good.0, l.pass.0, l.low.0].map(u32::from);
                let codes = Codes::new(full, lines, full as usize + 6, full as usize + 2);
                spec(Column::Paper(p), codes, lines, &paper.subject)
            })
            .collect();
        if let Some((_, full)) = total {
            let sh = settings.shares(TOTAL_SUBJECT);
            let lines = [sh.excellent, sh.good, sh.pass, sh.low].map(|x| share_line(*full, x));
            let codes = Codes::new(*full, lines, *full as usize + 5, *full as usize + 1);
            columns.push(spec(Column::Total, codes, lines, TOTAL_SUBJECT));
        }
        ExamColumns {
            exam,
            settings,
            total,
            first_class: school_classes(exam),
            columns,
        }
    }

    /// How many columns: the papers, and 总分.
    pub(crate) fn len(&self) -> usize {
        self.columns.len()
    }

    /// The figures of the columns' papers, in column order.
    pub(crate) fn figures(&self, papers: Vec<PaperFigures>) -> Figures {
        Figures {
            settings: self.settings.clone(),
            papers,
        }
    }

    /// Column `c`'s figures: one pass over its codes, school by school, each class's unit made
    /// as its run is tallied, straight into the exam's list.
    pub(crate) fn paper(&self, c: usize) -> PaperFigures {
        let (exam, settings) = (self.exam, self.settings);
        let spec = &self.columns[c];
        let mut classes = Vec::with_capacity(exam.classes().len());
        let class = |t: Tally| classes.push(UnitFigures::of(t, spec.lines, settings));
        let schools = 0..exam.schools().len();
        let (first_class, codes, cuts) = (&self.first_class[..], &spec.codes, spec.cuts);
        let part = match spec.column {
            Column::Paper(p) => {
                let full = codes.full as usize;
                let ix = move |c: Cell| cell_index(c, full);
                let cells = exam.cells(p);
                tally_schools(
                    exam,
                    first_class,
                    cells,
                    ix,
                    codes,
                    cuts,
                    settings,
                    schools,
                    class,
                )
            }
            Column::Total => {
                let col = &self.total.expect("built with its column").0[..];
                let ix = |v: u32| v as usize;
                tally_schools(
                    exam,
                    first_class,
                    col,
                    ix,
                    codes,
                    cuts,
                    settings,
                    schools,
                    class,
                )
            }
        };
        assemble(self, spec, classes, part)
    }
}

/// A column's figures from its class units and its pass over the schools.
fn assemble(
    columns: &ExamColumns<'_>,
    spec: &ColumnSpec,
    mut classes: Vec<UnitFigures>,
    part: Part,
) -> PaperFigures {
    let (exam, settings) = (columns.exam, columns.settings);
    let (lines, cuts, full) = (spec.lines, spec.cuts, spec.codes.full);
    let Part {
        schools,
        boxes,
        levels,
        hist,
    } = part;
    let levels: Vec<LevelRow> = levels
        .into_iter()
        .map(|counts| LevelRow { counts })
        .collect();
    let hist: Vec<u64> = hist.into_iter().map(u64::from).collect();
    let mut areas = vec![Tally::default(); exam.areas().len()];
    let mut groups = vec![Tally::default(); exam.groups().len()];
    let mut districts = vec![Tally::default(); exam.districts().len().max(1)];
    let mut all = Tally::default();
    for (unit, t) in exam.schools().iter().zip(&schools) {
        if let Some(a) = unit.area.and_then(|a| areas.get_mut(a as usize)) {
            a.merge(t);
        }
        if let Some(g) = unit.group.and_then(|g| groups.get_mut(g as usize)) {
            g.merge(t);
        }
        if let Some(d) = districts.get_mut(unit.district as usize) {
            d.merge(t);
        }
        all.merge(t);
    }
    let unit = |t: Tally| UnitFigures::of(t, lines, settings);
    let ranked = |ts: Vec<Tally>| {
        let mut units: Vec<UnitFigures> = ts.into_iter().map(unit).collect();
        rank(&mut units);
        units
    };
    let levels = cuts
        .map(|cuts| LevelFigures::from_schools(exam, settings.levels.labels.clone(), cuts, levels));
    let mut all = unit(all);
    all.rank = (all.n > 0).then_some(1);
    PaperFigures {
        subject: spec.subject.clone(),
        is_total: matches!(spec.column, Column::Total),
        full,
        lines,
        classes: {
            rank(&mut classes);
            classes
        },
        schools: ranked(schools),
        areas: ranked(areas),
        groups: ranked(groups),
        districts: ranked(districts),
        all,
        boxes,
        pool_box: box_plot(&hist),
        discrimination: discrimination(&hist, full),
        hist,
        levels,
    }
}

/// Competition ranks by mean, highest first. Sorted on the `f64` mean, with ties of the `f64`
/// settled exactly (`Σa·n_b` vs `Σb·n_a`).
fn rank(units: &mut [UnitFigures]) {
    /// `(!bits of the f64 mean, Σ, n, unit)`: non-negative means order like their bits, and
    /// `!bits` sorts the highest first. Compact, so that sorting reads no unit.
    type Entry = (u64, u64, u32, u32);
    let exact = |a: &Entry, b: &Entry| {
        (u128::from(b.1) * u128::from(a.2)).cmp(&(u128::from(a.1) * u128::from(b.2)))
    };
    let mut order: Vec<Entry> = Vec::with_capacity(units.len());
    order.extend(
        (units.iter().enumerate())
            .filter(|(_, u)| u.n > 0)
            .map(|(i, u)| {
                let bits = (u.tally.sum as f64 / f64::from(u.n)).to_bits();
                (!bits, u.tally.sum, u.n, i as u32)
            }),
    );
    // Means equal as f64 but not exactly (a difference under an ulp) are put in exact order;
    // units of exactly equal means share a rank, so their order among themselves is free.
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| exact(a, b)));
    let mut prev: Option<(&Entry, u32)> = None;
    for (pos, e) in order.iter().enumerate() {
        let r = match prev {
            Some((p, r)) if exact(p, e).is_eq() => r,
            _ => pos as u32 + 1,
        };
        units[e.3 as usize].rank = Some(r);
        prev = Some((e, r));
    }
}
