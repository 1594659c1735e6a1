//! 质量监测 at city scale: exams generated here (a private deterministic generator: schools of
//! about 1 000 students in classes of 45, 8 papers, a school effect, 缺考/免考/作弊/missing cells,
//! the same cohort across exams with 2 % churn), then `analyse_all` — figures of every paper and
//! 总分 at every level, the 校际差异率 estimates and value added between consecutive exams.
//!
//! The criterion group runs on 4 exams of 31 250 students × 8 papers (10⁶ sittings). Setting
//! `JUNHENG_EXAM_STUDENTS` (students per exam, e.g. 3500000 for 10⁸ sittings over 4 exams) first
//! times one run at that size and prints it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use junheng_core::demo::Rng;
use junheng_core::exam::{
    Cell, ClassUnit, Exam, PaperSpec, QualitySettings, SchoolUnit, Tenths, analyse_all, figures,
    value_added,
};
use junheng_core::parallel;

const SUBJECTS: [(&str, u16); 8] = [
    ("语文", 150),
    ("数学", 150),
    ("英语", 150),
    ("物理", 100),
    ("化学", 100),
    ("道德与法治", 100),
    ("历史", 100),
    ("生物", 100),
];
const SCHOOL: usize = 1_000;
const CLASS: usize = 45;
const EXAMS: usize = 4;

/// The cohort: per student a key, an ability and a school (fixed across exams).
struct Cohort {
    keys: Vec<u128>,
    ability: Vec<f32>,
    schools: usize,
}

fn cohort(n: usize, seed: u64) -> Cohort {
    let mut rng = Rng::new(seed);
    let keys = (0..n)
        .map(|_| (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64()))
        .collect();
    let schools = n.div_ceil(SCHOOL);
    let effect: Vec<f64> = (0..schools).map(|_| rng.range(-0.6, 0.6)).collect();
    let ability = (0..n)
        .map(|i| (effect[i / SCHOOL] + normal(&mut rng)) as f32)
        .collect();
    Cohort {
        keys,
        ability,
        schools,
    }
}

fn normal(rng: &mut Rng) -> f64 {
    let (u, v) = (rng.unit().max(1e-12), rng.unit());
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// One exam of the cohort: 2 % of the students replaced by new ones.
fn exam(c: &Cohort, index: usize) -> Exam {
    let n = c.keys.len();
    let papers: Vec<PaperSpec> = SUBJECTS
        .iter()
        .map(|&(s, full)| PaperSpec::with_default_lines(s, Tenths::points(full)))
        .collect();
    let schools: Vec<SchoolUnit> = (0..c.schools)
        .map(|s| SchoolUnit {
            code: format!("{:010}", 5_001_000_000u64 + s as u64),
            name: format!("第{}学校", s + 1),
            area: Some((s / 8) as u32),
            group: (s % 3 == 0).then_some((s / 30) as u32),
            district: (s * 10 / c.schools.max(1)) as u32,
        })
        .collect();
    let mut classes = Vec::new();
    let mut class_of = Vec::with_capacity(n);
    for s in 0..c.schools {
        let size = SCHOOL.min(n - s * SCHOOL);
        for k in 0..size.div_ceil(CLASS) {
            classes.push(ClassUnit {
                school: s as u32,
                name: format!("({})班", k + 1),
            });
            class_of.extend(std::iter::repeat_n(
                classes.len() as u32 - 1,
                CLASS.min(size - k * CLASS),
            ));
        }
    }
    let mut keys = c.keys.clone();
    let mut rng = Rng::new(0xE7A3 + index as u64);
    for k in keys.iter_mut() {
        if index > 0 && rng.chance(0.02) {
            *k = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
        }
    }
    let chunks: Vec<(usize, usize)> = (0..SUBJECTS.len())
        .flat_map(|p| (0..n.div_ceil(250_000)).map(move |k| (p, k)))
        .collect();
    let parts = parallel::each(&chunks, |&(p, k)| {
        let mut rng = Rng::new(((index * 64 + p) as u64) << 32 | k as u64);
        let full = f64::from(SUBJECTS[p].1);
        let growth = 0.1 * index as f64;
        (k * 250_000..((k + 1) * 250_000).min(n))
            .map(|i| {
                let u = rng.unit();
                if u < 0.01 {
                    Cell::ABSENT
                } else if u < 0.013 {
                    Cell::EXEMPT
                } else if u < 0.0135 {
                    Cell::CHEAT
                } else if u < 0.0155 {
                    Cell::MISSING
                } else {
                    let z = 0.8 * f64::from(c.ability[i]) + 0.6 * normal(&mut rng) + growth;
                    let share = (0.68 + 0.16 * z).clamp(0.0, 1.0);
                    let score = (share * full * 2.0).round() * 5.0;
                    Cell(score as u16)
                }
            })
            .collect::<Vec<Cell>>()
    });
    let mut cells = Vec::with_capacity(n * SUBJECTS.len());
    for part in parts {
        cells.extend(part);
    }
    let units: std::collections::HashMap<String, (Option<u32>, Option<u32>, u32)> = schools
        .iter()
        .map(|s| (s.code.clone(), (s.area, s.group, s.district)))
        .collect();
    Exam::from_columns(papers, schools, classes, class_of, keys, cells).with_units(
        (0..c.schools.div_ceil(8))
            .map(|a| format!("第{}学区", a + 1))
            .collect(),
        (0..c.schools.div_ceil(30))
            .map(|g| format!("第{}集团", g + 1))
            .collect(),
        (0..10).map(|d| format!("第{}区", d + 1)).collect(),
        |code| units[code],
    )
}

fn exams(students: usize) -> Vec<Exam> {
    let c = cohort(students, 2025);
    (0..EXAMS).map(|i| exam(&c, i)).collect()
}

const PAIRS: [(usize, usize); 3] = [(0, 1), (1, 2), (2, 3)];

/// CPU seconds of this process so far (user + system, from `/proc/self/stat`), to read the
/// work done on a shared machine where wall time depends on other load.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn timed<R>(label: &str, work: impl FnOnce() -> R) -> R {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let out = work();
    eprintln!(
        "  {label}: wall {:.3?}, cpu {:.2} s",
        wall.elapsed(),
        cpu_seconds() - cpu
    );
    out
}

fn once(students: usize) {
    let started = Instant::now();
    let exams = exams(students);
    let sittings: usize = exams.iter().map(|e| e.students() * e.papers().len()).sum();
    eprintln!(
        "generated {EXAMS} exams of {students} students, {sittings} sittings, in {:.2?}",
        started.elapsed()
    );
    let settings = QualitySettings::default();
    for round in 0..3 {
        let a = timed(&format!("analyse_all #{round}"), || {
            analyse_all(black_box(&exams), &settings, &PAIRS)
        });
        let f = &a.figures[0].papers[1];
        eprintln!(
            "    {} mean {:.3}, η² {:.4}, VA pairs {}",
            f.subject,
            f.all.mean().unwrap_or(0.0),
            a.spreads[0][1].all.eta2.unwrap_or(0.0),
            a.value_added.len()
        );
    }
    timed("figures only", || {
        exams
            .iter()
            .map(|e| figures(e, &settings))
            .collect::<Vec<_>>()
    });
    timed("value added only (3 pairs)", || {
        PAIRS
            .iter()
            .map(|&(a, b)| value_added(&exams[a], &exams[b], &settings))
            .collect::<Vec<_>>()
    });
}

fn exam_analysis(c: &mut Criterion) {
    if let Some(n) = std::env::var("JUNHENG_EXAM_STUDENTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        once(n);
    }
    let exams = exams(31_250);
    let settings = QualitySettings::default();
    let mut group = c.benchmark_group("exam analysis");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function(
        "4 exams × 31 250 students × 8 papers (10⁶ sittings)",
        |b| b.iter(|| analyse_all(black_box(&exams), &settings, &PAIRS)),
    );
    group.finish();
}

criterion_group!(benches, exam_analysis);
criterion_main!(benches);
