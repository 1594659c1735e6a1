//! 增值评价 between an input and an output exam of the same cohort (`practices.md` §1.3, §1.7).
//!
//! Students are matched by key (row for row when both rosters hold the same distinct keys in the
//! same order, else by a hash join: [`super::keys`]). Per subject present in both exams (by name) and 总分, the
//! students **scored on both** papers are standardised over themselves (population SD):
//! `z_in`, `z_out`. The residual method fits `z_out = a + b·z_in` pooled over the whole exam
//! (with standardised variables `a = 0` and `b = r`), and a unit's value added is its mean
//! residual, with `SE = s/√n`, `s = √(Σr²/(N − 2)) = √(N(1 − r²)/(N − 2))`. The gain method
//! takes `z_out − z_in`, with `s = √(Σ(z_out − z_in)²/(N − 1)) = √(2N(1 − r)/(N − 1))`. A unit is
//! 显著高于 / 显著低于 average when its VA lies beyond ±z·SE, else 无显著差异 — and only when its
//! coverage (matched ÷ students scored on the output paper) reaches the setting; otherwise it is
//! shown without a band. All sums are exact integers; unit means come from exact deviations.

use std::collections::BTreeMap;

use serde::Serialize;

use super::keys::{key_index, match_students, same_roster};
use super::model::{Cell, Exam, Tenths};
use super::settings::{QualitySettings, TOTAL_SUBJECT, ValueAddedMethod};
use super::tally::{Total, school_classes, total_column};

/// The stability caveats to show beside any value added (`practices.md` §1.3).
pub const VALUE_ADDED_CAVEATS: [&str; 4] = [
    "中考总分的组内相关系数（ICC）约为 0.20：成绩差异只有约两成在学校之间。",
    "多数学校的增值与平均水平无显著差异。",
    "同一学校不同学科的增值一致性较差。",
    "学校增值的逐年相关接近于零，有时为负：宜看三年滚动平均，不宜单看一年排名。",
];

/// A unit's value-added band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaBand {
    /// VA > z·SE.
    Above,
    /// Within ±z·SE.
    Level,
    /// VA < −z·SE.
    Below,
}

impl VaBand {
    /// Chinese label.
    pub const fn label(self) -> &'static str {
        match self {
            VaBand::Above => "显著高于",
            VaBand::Level => "无显著差异",
            VaBand::Below => "显著低于",
        }
    }
}

/// One unit's value added on one subject.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VaUnit {
    /// Students scored on the output paper.
    pub output: u32,
    /// Of them, matched and scored on the input paper too.
    pub matched: u32,
    /// `matched / output`.
    pub coverage: Option<f64>,
    /// `coverage ≥ min_coverage`.
    pub sufficient: bool,
    /// Mean residual (or gain) in output SDs.
    pub va: Option<f64>,
    /// `s / √matched`.
    pub se: Option<f64>,
    /// Only for sufficient units.
    pub band: Option<VaBand>,
}

/// One subject's value added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectVa {
    /// 学科 or 总分.
    pub subject: String,
    /// The method.
    pub method: ValueAddedMethod,
    /// The pooled fit's r (= slope b of standardised scores).
    pub r: Option<f64>,
    /// `s` of the SEs.
    pub s: Option<f64>,
    /// The whole exam.
    pub all: VaUnit,
    /// Per output school.
    pub schools: Vec<VaUnit>,
    /// Per output class.
    pub classes: Vec<VaUnit>,
    /// Per 任课教师 of the subject in the output exam (none for 总分): their classes pooled.
    pub teachers: Vec<TeacherVa>,
}

/// One teacher's value added on one subject: the output exam's classes of one school where they
/// teach it, pooled (like a school's: their students' mean residual).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherVa {
    /// 教师编号.
    pub teacher: String,
    /// Index into the output exam's schools.
    pub school: u32,
    /// The classes (indices into the output exam's classes), in order.
    pub classes: Vec<u32>,
    /// The figures.
    pub unit: VaUnit,
}

/// Value added of an output exam over an input exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueAdded {
    /// Per subject in both exams (output order), then 总分.
    pub subjects: Vec<SubjectVa>,
}

/// Value added of `output` over `input` (the same cohort, later).
///
/// ```
/// use junheng_core::exam::{value_added, ExamBuilder, Mark, PaperSpec, QualitySettings, Tenths};
/// let exam = |shift: u16| {
///     let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
///     for (school, code) in [(0u128, "1"), (1, "2")] {
///         let s = b.school(code, code);
///         for k in 0..10u128 {
///             let i = b.student(s, "(1)班", school * 100 + k).unwrap();
///             let score = 40 + 5 * k as u16 + if school == 1 { shift } else { 0 };
///             b.mark(i, 0, Mark::Score(Tenths::points(score))).unwrap();
///         }
///     }
///     b.build()
/// };
/// let va = value_added(&exam(0), &exam(10), &QualitySettings::default());
/// let math = &va.subjects[0];
/// assert!(math.schools[1].va.unwrap() > 0.0);
/// assert!(math.schools[0].va.unwrap() < 0.0);
/// ```
pub fn value_added(input: &Exam, output: &Exam, settings: &QualitySettings) -> ValueAdded {
    let map = (!same_roster(input, output))
        .then(|| match_students(&key_index(input), &key_index(output), output.students()));
    let totals = (input.papers().len() >= 2 && output.papers().len() >= 2).then(|| {
        (
            total_column(input, settings),
            total_column(output, settings),
        )
    });
    let totals = totals.as_ref().map(|(a, b)| (a, b));
    let subjects = VaSubjects::new(input, output, map.as_deref(), settings, totals);
    let ix: Vec<usize> = (0..subjects.len()).collect();
    ValueAdded {
        subjects: crate::parallel::each(&ix, |&k| subjects.subject(k)),
    }
}

/// A code of a column: a paper's cell, or a 总分 code; a score when `≤ full`.
trait Code: Copy {
    /// The code as a number.
    fn value(self) -> u32;
}

impl Code for Cell {
    #[inline]
    fn value(self) -> u32 {
        u32::from(self.0)
    }
}

impl Code for u32 {
    #[inline]
    fn value(self) -> u32 {
        self
    }
}

/// A subject's input and output columns, each with its full marks.
#[derive(Clone, Copy)]
enum Columns<'a> {
    Cells([(&'a [Cell], u32); 2]),
    Total([(&'a [u32], u32); 2]),
}

/// Per class: students scored on output, matched, Σx, Σy.
#[derive(Clone, Copy, Default)]
struct Acc {
    output: u32,
    matched: u32,
    sx: u64,
    sy: u64,
}

/// The subjects of the value added of `output` over `input`, each computed on its own
/// ([`VaSubjects::subject`]), so that a caller can spread them over the cores with other work.
pub(crate) struct VaSubjects<'a> {
    output: &'a Exam,
    map: Option<&'a [u32]>,
    settings: &'a QualitySettings,
    /// (subject, the output paper — none for 总分 —, the columns).
    subjects: Vec<(String, Option<usize>, Columns<'a>)>,
    first_class: Vec<u32>,
}

impl<'a> VaSubjects<'a> {
    /// Per subject in both exams (output order), then 总分 when `totals` (the exams' 总分
    /// columns, both of two papers or more). `map` gives each output row's input row
    /// (`u32::MAX` unmatched), `None` when the rosters are the same ([`same_roster`]): row for
    /// row.
    pub(crate) fn new(
        input: &'a Exam,
        output: &'a Exam,
        map: Option<&'a [u32]>,
        settings: &'a QualitySettings,
        totals: Option<(&'a Total, &'a Total)>,
    ) -> VaSubjects<'a> {
        fn cells(exam: &Exam, p: usize) -> (&[Cell], u32) {
            let full = exam.papers()[p].full.0.min(Tenths::MAX.0);
            (exam.cells(p), u32::from(full))
        }
        let mut subjects: Vec<(String, Option<usize>, Columns<'a>)> = Vec::new();
        for (po, spec) in output.papers().iter().enumerate() {
            if let Some(pi) = input
                .papers()
                .iter()
                .position(|s| s.subject == spec.subject)
            {
                let columns = Columns::Cells([cells(input, pi), cells(output, po)]);
                subjects.push((spec.subject.clone(), Some(po), columns));
            }
        }
        if let Some(((tin, fin), (tout, fout))) = totals {
            let columns = Columns::Total([(&tin[..], *fin), (&tout[..], *fout)]);
            subjects.push((TOTAL_SUBJECT.to_owned(), None, columns));
        }
        VaSubjects {
            output,
            map,
            settings,
            subjects,
            first_class: school_classes(output),
        }
    }

    /// How many subjects.
    pub(crate) fn len(&self) -> usize {
        self.subjects.len()
    }

    /// Subject `k`'s value added.
    pub(crate) fn subject(&self, k: usize) -> SubjectVa {
        let (subject, paper, columns) = &self.subjects[k];
        let (classes, squares) = match *columns {
            Columns::Cells([x, y]) => class_sums(self.output, self.map, x, y),
            Columns::Total([x, y]) => class_sums(self.output, self.map, x, y),
        };
        let (output, settings) = (self.output, self.settings);
        subject_va(
            output,
            &self.first_class,
            classes,
            squares,
            (subject, *paper),
            settings,
        )
    }
}

/// Per output class its [`Acc`], and over the exam Σx², Σy², Σxy of the matched.
fn class_sums<T: Code>(
    output: &Exam,
    map: Option<&[u32]>,
    (xs, full_x): (&[T], u32),
    (ys, full_y): (&[T], u32),
) -> (Vec<Acc>, [u128; 3]) {
    let mut classes = vec![Acc::default(); output.classes().len()];
    let mut squares = [0u128; 3];
    // The input codes of a run of rows gathered through the map (unmatched: above any full).
    let mut gathered: Vec<u32> = Vec::new();
    for (c, acc) in classes.iter_mut().enumerate() {
        // Σx² of a block of 2¹⁶ scores ≤ 540 000 tenths stays below 2⁶⁴.
        let range = output.class_range(c as u32);
        for block in range.clone().step_by(1 << 16) {
            let rows = block..(block + (1 << 16)).min(range.end);
            let ys = &ys[rows.clone()];
            let (run, sq) = match map {
                None => run_sums(&xs[rows], ys, full_x, full_y),
                Some(map) => {
                    gathered.clear();
                    gathered.extend(
                        map[rows]
                            .iter()
                            .map(|&j| xs.get(j as usize).map_or(u32::MAX, |a| a.value())),
                    );
                    run_sums(&gathered, ys, full_x, full_y)
                }
            };
            acc.add(&run);
            for (total, s) in squares.iter_mut().zip(sq) {
                *total += u128::from(s);
            }
        }
    }
    (classes, squares)
}

/// One run of rows, input codes `xs` beside output codes `ys`: students scored on the output,
/// matched, Σx, Σy, Σx², Σy², Σxy. A row adds its scores only when both are scores, with no
/// branch.
fn run_sums<X: Code, Y: Code>(xs: &[X], ys: &[Y], full_x: u32, full_y: u32) -> (Acc, [u64; 3]) {
    let (mut out, mut matched, mut sx, mut sy) = (0u32, 0u32, 0u64, 0u64);
    let (mut xx, mut yy, mut xy) = (0u64, 0u64, 0u64);
    for (a, b) in xs.iter().zip(ys) {
        let (a, b) = (a.value(), b.value());
        let scored = b <= full_y;
        let both = scored & (a <= full_x);
        out += u32::from(scored);
        matched += u32::from(both);
        let keep = u64::from(both).wrapping_neg();
        let (a, b) = (u64::from(a) & keep, u64::from(b) & keep);
        sx += a;
        sy += b;
        xx += a * a;
        yy += b * b;
        xy += a * b;
    }
    let acc = Acc {
        output: out,
        matched,
        sx,
        sy,
    };
    (acc, [xx, yy, xy])
}

fn subject_va(
    output: &Exam,
    first_class: &[u32],
    classes: Vec<Acc>,
    [xx, yy, xy]: [u128; 3],
    (subject, paper): (&str, Option<usize>),
    settings: &QualitySettings,
) -> SubjectVa {
    let mut all = Acc::default();
    let schools: Vec<Acc> = (0..output.schools().len())
        .map(|s| {
            let mut acc = Acc::default();
            for c in &classes[first_class[s] as usize..first_class[s + 1] as usize] {
                acc.add(c);
            }
            all.add(&acc);
            acc
        })
        .collect();
    let n = i128::from(all.matched);
    let (sx, sy) = (i128::from(all.sx), i128::from(all.sy));
    let var_x = n * xx as i128 - sx * sx;
    let var_y = n * yy as i128 - sy * sy;
    let cov = n * xy as i128 - sx * sy;
    let fit = (n > 2 && var_x > 0 && var_y > 0).then(|| {
        let r = cov as f64 / ((var_x as f64).sqrt() * (var_y as f64).sqrt());
        let nf = n as f64;
        let s = match settings.value_added.method {
            ValueAddedMethod::Residual => (nf * (1.0 - r * r).max(0.0) / (nf - 2.0)).sqrt(),
            ValueAddedMethod::Gain => (2.0 * nf * (1.0 - r).max(0.0) / (nf - 1.0)).sqrt(),
        };
        Fit {
            n,
            sx,
            sy,
            r,
            s,
            // SDs × N, so a deviation (Σ_u·N − Σ·n_u)/(n_u·N) over SD is
            // (Σ_u·N − Σ·n_u)/(n_u · √var).
            root_x: (var_x as f64).sqrt(),
            root_y: (var_y as f64).sqrt(),
        }
    });
    let unit = |a: &Acc| fit_unit(a, fit.as_ref(), settings);
    // Each teacher's classes of the subject pooled, school by school.
    let mut taught: BTreeMap<(u32, &str), (Vec<u32>, Acc)> = BTreeMap::new();
    let teaching = output.teaching().iter();
    for t in teaching.filter(|t| Some(usize::from(t.paper)) == paper) {
        let school = output.classes()[t.class as usize].school;
        let (list, acc) = taught.entry((school, t.teacher.as_str())).or_default();
        list.push(t.class);
        acc.add(&classes[t.class as usize]);
    }
    SubjectVa {
        subject: subject.to_owned(),
        method: settings.value_added.method,
        r: fit.as_ref().map(|f| f.r),
        s: fit.as_ref().map(|f| f.s),
        all: unit(&all),
        schools: schools.iter().map(unit).collect(),
        classes: classes.iter().map(unit).collect(),
        teachers: taught
            .into_iter()
            .map(|((school, teacher), (classes, acc))| TeacherVa {
                teacher: teacher.to_owned(),
                school,
                classes,
                unit: unit(&acc),
            })
            .collect(),
    }
}

impl Acc {
    fn add(&mut self, o: &Acc) {
        self.output += o.output;
        self.matched += o.matched;
        self.sx += o.sx;
        self.sy += o.sy;
    }
}

struct Fit {
    n: i128,
    sx: i128,
    sy: i128,
    r: f64,
    s: f64,
    root_x: f64,
    root_y: f64,
}

fn fit_unit(a: &Acc, fit: Option<&Fit>, settings: &QualitySettings) -> VaUnit {
    let coverage = (a.output > 0).then(|| f64::from(a.matched) / f64::from(a.output));
    let sufficient = coverage.is_some_and(|c| c >= settings.value_added.min_coverage);
    let mut out = VaUnit {
        output: a.output,
        matched: a.matched,
        coverage,
        sufficient,
        va: None,
        se: None,
        band: None,
    };
    let Some(f) = fit.filter(|_| a.matched > 0) else {
        return out;
    };
    let nu = i128::from(a.matched);
    let dev = |s_u: u64, s: i128, root: f64| {
        (i128::from(s_u) * f.n - s * nu) as f64 / (a.matched as f64 * root)
    };
    let (zx, zy) = (dev(a.sx, f.sx, f.root_x), dev(a.sy, f.sy, f.root_y));
    let va = match settings.value_added.method {
        ValueAddedMethod::Residual => zy - f.r * zx,
        ValueAddedMethod::Gain => zy - zx,
    };
    let se = f.s / f64::from(a.matched).sqrt();
    out.va = Some(va);
    out.se = Some(se);
    if sufficient {
        let z = settings.value_added.z;
        out.band = Some(if va > z * se {
            VaBand::Above
        } else if va < -z * se {
            VaBand::Below
        } else {
            VaBand::Level
        });
    }
    out
}

/// The rolling mean over the last three years given (oldest first); years without a value are
/// skipped, `None` when none of the three has one.
///
/// ```
/// use junheng_core::exam::rolling_mean;
/// assert_eq!(rolling_mean(&[Some(9.0), Some(0.3), None, Some(0.1)]), Some(0.2));
/// assert_eq!(rolling_mean(&[]), None);
/// ```
pub fn rolling_mean(years: &[Option<f64>]) -> Option<f64> {
    let last: Vec<f64> = years.iter().rev().take(3).flatten().copied().collect();
    (!last.is_empty()).then(|| last.iter().sum::<f64>() / last.len() as f64)
}
