//! The seats planner (`junheng_core::seats::planner`) on the demo district of 160 schools whose
//! teachers meet their standards (so that what fails is what building mends): 25 candidate
//! projects searched exactly (every subset, 2²⁵, on the incremental model) and 200 by the
//! greedy heuristic with its lower bound. Candidates alternate a large and a small works at the
//! failing schools and a few others, each with its cost.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_core::seats::planner::{Candidate, Method, plan};
use junheng_core::seats::project::{Additions, Change};

fn district() -> Vec<SchoolRecord> {
    let mut records = generate(&DemoSpec {
        schools: 160,
        seed: 2024,
        year: 2024,
    });
    for r in &mut records {
        for s in [&mut r.primary, &mut r.junior] {
            let per = |x: f64| (f64::from(s.students) * x).ceil() as u32;
            s.qualified_teachers = per(0.06);
            s.backbone_teachers = per(0.015);
            s.pe_arts_teachers = per(0.012);
            s.teachers = s.teachers.max(s.qualified_teachers);
        }
    }
    records
}

fn candidates(records: &[SchoolRecord], rulebook: &Rulebook, n: usize) -> Vec<Candidate> {
    let e = evaluate(records, rulebook).unwrap();
    let mut schools: Vec<_> = e
        .sections
        .iter()
        .flat_map(|s| {
            s.units
                .iter()
                .zip(&s.verdicts)
                .filter(|(_, v)| v.passes == Some(false))
                .map(|(u, _)| u.school_code().clone())
        })
        .collect();
    schools.sort();
    schools.dedup();
    schools.extend(records.iter().take(40).map(|r| r.code.clone()));
    (0..n)
        .map(|k| {
            let big = k % 2 == 0;
            let scale = if big { 4000.0 } else { 900.0 };
            Candidate {
                change: Change {
                    project: format!("候选{k}"),
                    school: schools[k % schools.len()].clone(),
                    adds: Additions {
                        teaching_room_area: scale,
                        gym_area: scale / 4.0,
                        sports_ground_area: scale * 2.0,
                        equipment_value: scale / 10.0,
                        multimedia_rooms: if big { 12 } else { 3 },
                        music_rooms: 1,
                        art_rooms: 1,
                        ..Additions::default()
                    },
                },
                cost: if big { 900.0 } else { 300.0 } + k as f64,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let records = district();
    let mut group = c.benchmark_group("seats planner, 160 schools");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    for n in [25, 200] {
        let list = candidates(&records, &rulebook, n);
        let p = plan(&records, &list, &rulebook).unwrap();
        let exact = matches!(p.method, Method::Exact);
        assert_eq!(exact, n <= 25);
        group.bench_function(format!("{n} candidates"), |b| {
            b.iter(|| plan(black_box(&records), black_box(&list), &rulebook).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
