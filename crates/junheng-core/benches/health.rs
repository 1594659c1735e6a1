//! 体质健康 scoring at province scale: 3 500 000 students of grades 1–9 from the demo generator,
//! scored over every core, counting 合格, 优良, 优秀 and 未评分 (初中 students are 未评分 with the
//! built-in pack: it holds no 初中 tables). Also one district of 100 000.
//!
//! Generating the students is not timed; it is spread over the cores too, each chunk from its own
//! seed, so the students are the same on any machine.

use std::hint::black_box;
use std::ops::Range;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use junheng_core::demo::{Rng, health::fitness};
use junheng_core::health::fitness::{Item, Pack, Sex, bmi_tenths, score};
use junheng_core::parallel;

/// A result not taken.
const MISSING: i16 = i16::MIN;

/// One student, 26 bytes: every result the importer accepts fits an `i16` in its item's units.
#[derive(Debug, Clone, Copy)]
struct Student {
    grade: u8,
    male: bool,
    height_tenths_cm: i16,
    weight_tenths_kg: i16,
    /// By `Item as usize`; the BMI slot is unused (BMI comes from height and weight).
    results: [i16; 10],
}

impl Student {
    fn sex(&self) -> Sex {
        if self.male { Sex::Male } else { Sex::Female }
    }

    fn result(&self, item: Item) -> Option<i64> {
        match item {
            Item::Bmi => bmi_tenths(self.weight_tenths_kg.into(), self.height_tenths_cm.into()),
            _ => Some(self.results[item as usize])
                .filter(|v| *v != MISSING)
                .map(i64::from),
        }
    }
}

/// Students per grade 1–9, relative (China's enrolment is nearly flat across the grades).
const GRADE_WEIGHTS: [f64; 9] = [1.00, 1.00, 1.00, 0.99, 0.98, 0.97, 0.95, 0.94, 0.93];
/// Students per generated chunk (one seed each).
const CHUNK: usize = 25_000;
/// Students per school: a school shares one ability in −1 … 1.
const SCHOOL: usize = 1_000;

fn chunk(seed: u64, index: usize, len: usize) -> Vec<Student> {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let total: f64 = GRADE_WEIGHTS.iter().sum();
    let mut ability = 0.0;
    (0..len)
        .map(|i| {
            if i % SCHOOL == 0 {
                ability = rng.range(-1.0, 1.0);
            }
            let mut pick = rng.unit() * total;
            let mut grade = 9;
            for (g, w) in GRADE_WEIGHTS.iter().enumerate() {
                if pick < *w {
                    grade = g as u8 + 1;
                    break;
                }
                pick -= w;
            }
            let male = i % 2 == 0;
            let sex = if male { Sex::Male } else { Sex::Female };
            let s = fitness(&mut rng, grade, sex, ability);
            let mut results = [MISSING; 10];
            for (item, value) in s.results {
                results[item as usize] = i16::try_from(value).expect("plausible results fit");
            }
            Student {
                grade,
                male,
                height_tenths_cm: s.height_tenths_cm as i16,
                weight_tenths_kg: s.weight_tenths_kg as i16,
                results,
            }
        })
        .collect()
}

/// `n` students, generated over the cores.
fn students(n: usize, seed: u64) -> Vec<Student> {
    let chunks: Vec<(usize, usize)> = (0..n.div_ceil(CHUNK))
        .map(|c| (c, CHUNK.min(n - c * CHUNK)))
        .collect();
    let parts = parallel::each(&chunks, |&(c, len)| chunk(seed, c, len));
    let mut all = Vec::with_capacity(n);
    for part in parts {
        all.extend(part);
    }
    all
}

/// What scoring a population counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    students: u64,
    /// 合格: 学年总分 ≥ 60.
    pass: u64,
    /// 优良: ≥ 80.
    good: u64,
    /// 优秀: ≥ 90.
    excellent: u64,
    /// 未评分: no 总分 (an item 未评分 or missing).
    unscored: u64,
}

impl Tally {
    fn merge(mut self, other: Tally) -> Tally {
        self.students += other.students;
        self.pass += other.pass;
        self.good += other.good;
        self.excellent += other.excellent;
        self.unscored += other.unscored;
        self
    }
}

fn tally(pack: &Pack, students: &[Student]) -> Tally {
    let mut t = Tally::default();
    for s in students {
        t.students += 1;
        match score(pack, s.grade, s.sex(), |item| s.result(item)).total {
            None => t.unscored += 1,
            Some(total) => {
                t.pass += u64::from(total >= 6_000);
                t.good += u64::from(total >= 8_000);
                t.excellent += u64::from(total >= 9_000);
            }
        }
    }
    t
}

/// Scores every student over the cores: a few dozen contiguous ranges handed out one by one.
fn score_all(pack: &Pack, students: &[Student]) -> Tally {
    let parts = 64.min(students.len().max(1));
    let size = students.len().div_ceil(parts);
    let ranges: Vec<Range<usize>> = (0..parts)
        .map(|p| (p * size).min(students.len())..((p + 1) * size).min(students.len()))
        .collect();
    parallel::each(&ranges, |r| tally(pack, &students[r.clone()]))
        .into_iter()
        .fold(Tally::default(), Tally::merge)
}

fn report(label: &str, t: &Tally) {
    let scored = (t.students - t.unscored).max(1) as f64;
    let pct = |n: u64| 100.0 * n as f64 / scored;
    eprintln!(
        "{label}: {} students, 未评分 {}; of the scored 合格 {:.1} %, 优良 {:.1} %, 优秀 {:.1} %",
        t.students,
        t.unscored,
        pct(t.pass),
        pct(t.good),
        pct(t.excellent)
    );
}

fn fitness_scoring(c: &mut Criterion) {
    let pack = Pack::builtin();
    let started = Instant::now();
    let province = students(3_500_000, 2024);
    eprintln!(
        "generated {} students in {:.2?} ({} bytes each)",
        province.len(),
        started.elapsed(),
        size_of::<Student>()
    );
    let district = &province[..100_000];
    report("province", &score_all(&pack, &province));
    report("district", &score_all(&pack, district));
    // Spreading over the cores changes nothing.
    assert_eq!(score_all(&pack, district), tally(&pack, district));

    let mut group = c.benchmark_group("fitness score");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("3 500 000 students, grades 1-9", |b| {
        b.iter(|| score_all(&pack, black_box(&province)))
    });
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("one district, 100 000 students", |b| {
        b.iter(|| score_all(&pack, black_box(district)))
    });
    group.finish();
}

criterion_group!(benches, fitness_scoring);
criterion_main!(benches);
