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

/// Contiguous school ranges of at least ~512 K students each.
fn school_chunks(exam: &Exam, first_class: &[u32]) -> Vec<std::ops::Range<usize>> {
    const ROWS: usize = 1 << 19;
    let start_row = |s: usize| {
        let c = first_class[s] as usize;
        if c < exam.classes().len() {
            exam.class_range(c as u32).start
        } else {
            exam.students()
        }
    };
    let mut out = Vec::new();
    let mut from = 0;
    for s in 1..=exam.schools().len() {
        if s == exam.schools().len() || start_row(s) - start_row(from) >= ROWS {
            out.push(from..s);
            from = s;
        }
    }
    out
}

enum Column {
    Paper(usize),
    Total,
}

/// All figures of an exam. Pure; spread over the cores by paper and by ranges of schools, with
/// exact integer sums, so the result is the same on any number of cores.
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
    figures_with(exam, settings, total.as_ref())
}

/// [`figures`] with the exam's 总分 column already built (`None` under two papers).
pub(crate) fn figures_with(
    exam: &Exam,
    settings: &QualitySettings,
    total: Option<&Total>,
) -> Figures {
    let first_class = school_classes(exam);
    let chunks = school_chunks(exam, &first_class);
    let papers = exam.papers();
    let mut columns: Vec<(Column, Codes, [u32; 4], String)> = papers
        .iter()
        .enumerate()
        .map(|(p, spec)| {
            let full = u32::from(spec.full.0.min(super::Tenths::MAX.0));
            let l = spec.lines;
            let lines = [l.excellent.0, l.good.0, l.pass.0, l.low.0].map(u32::from);
            let codes = Codes::new(full, lines, full as usize + 6, full as usize + 2);
            (Column::Paper(p), codes, lines, spec.subject.clone())
        })
        .collect();
    if let Some((_, full)) = total {
        let sh = settings.shares(TOTAL_SUBJECT);
        let lines = [sh.excellent, sh.good, sh.pass, sh.low].map(|x| share_line(*full, x));
        let codes = Codes::new(*full, lines, *full as usize + 5, *full as usize + 1);
        columns.push((Column::Total, codes, lines, TOTAL_SUBJECT.to_owned()));
    }
    let cuts: Vec<Option<[u32; 3]>> = columns
        .iter()
        .map(|(_, codes, _, subject)| settings.level_cuts(subject, codes.full))
        .collect();
    let items: Vec<(usize, std::ops::Range<usize>)> = (0..columns.len())
        .flat_map(|c| chunks.iter().map(move |r| (c, r.clone())))
        .collect();
    let parts = crate::parallel::each(&items, |(c, range)| {
        let (column, codes, _, _) = &columns[*c];
        let range = range.clone();
        match column {
            Column::Paper(p) => {
                let full = codes.full as usize;
                let ix = move |c: Cell| cell_index(c, full);
                tally_schools(
                    exam,
                    &first_class,
                    exam.cells(*p),
                    ix,
                    codes,
                    cuts[*c],
                    settings,
                    range,
                )
            }
            Column::Total => {
                let col = &total.expect("built with its column").0[..];
                let ix = |v: u32| v as usize;
                tally_schools(
                    exam,
                    &first_class,
                    col,
                    ix,
                    codes,
                    cuts[*c],
                    settings,
                    range,
                )
            }
        }
    });
    let mut parts = parts.into_iter();
    // Each column's parts, handed to the worker that assembles it.
    let mine: Vec<(usize, Vec<Part>)> = (0..columns.len())
        .map(|c| (c, parts.by_ref().take(chunks.len()).collect()))
        .collect();
    let papers = crate::parallel::each_owned(mine, |(c, mine)| {
        let (column, codes, lines, subject) = &columns[c];
        assemble(
            exam,
            settings,
            subject,
            matches!(column, Column::Total),
            codes.full,
            *lines,
            cuts[c],
            mine,
        )
    });
    Figures {
        settings: settings.clone(),
        papers,
    }
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    exam: &Exam,
    settings: &QualitySettings,
    subject: &str,
    is_total: bool,
    full: u32,
    lines: [u32; 4],
    cuts: Option<[u32; 3]>,
    parts: Vec<Part>,
) -> PaperFigures {
    let mut hist = vec![0u64; full as usize + 1];
    let mut classes = Vec::with_capacity(exam.classes().len());
    let (mut schools, mut boxes, mut levels) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        // Units are made here, straight into the exam-wide list: no per-range list of units to
        // fill and copy (the ranges' tallies waiting here are smaller than units).
        classes.extend(
            part.classes
                .iter()
                .map(|t| UnitFigures::of(*t, lines, settings)),
        );
        for (a, b) in hist.iter_mut().zip(&part.hist) {
            *a += b;
        }
        schools.extend(part.schools);
        boxes.extend(part.boxes);
        levels.extend(part.levels.into_iter().map(|counts| LevelRow { counts }));
    }
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
        subject: subject.to_owned(),
        is_total,
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
    let exact = |a: &UnitFigures, b: &UnitFigures| {
        (u128::from(b.tally.sum) * u128::from(a.n))
            .cmp(&(u128::from(a.tally.sum) * u128::from(b.n)))
    };
    // Non-negative means order like their bits; `!bits` sorts the highest first.
    let mut order: Vec<(u64, u32)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.n > 0)
        .map(|(i, u)| (!(u.tally.sum as f64 / f64::from(u.n)).to_bits(), i as u32))
        .collect();
    order.sort_unstable();
    // Means equal as f64 but not exactly (a difference under an ulp) are put in exact order.
    let mut from = 0;
    while from < order.len() {
        let to = from + order[from..].partition_point(|x| x.0 == order[from].0);
        if to - from > 1 {
            order[from..to].sort_by(|a, b| exact(&units[a.1 as usize], &units[b.1 as usize]));
        }
        from = to;
    }
    let mut prev: Option<(usize, u32)> = None;
    for (pos, &(_, i)) in order.iter().enumerate() {
        let i = i as usize;
        let r = match prev {
            Some((j, r)) if exact(&units[j], &units[i]).is_eq() => r,
            _ => pos as u32 + 1,
        };
        units[i].rank = Some(r);
        prev = Some((i, r));
    }
}
