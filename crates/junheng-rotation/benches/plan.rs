//! Performance and quality of the rotation planner:
//!
//! * a plan for 300 schools and 20 000 teachers in ≤ 10 s on 2 cores (the default budget: the
//!   fewest moves that meet the quota; and a budget of twice that);
//! * the optimality gap against the exhaustive optimum on small instances (printed: mean and
//!   worst over 60 instances with up to 3 and 4 moves).
//!
//! Run with `cargo bench -p junheng-rotation --bench plan`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::rulebook::Rulebook;
use junheng_rotation::{PlanInput, PlanOptions, groups_of, plan, plan_exhaustive, synth};

fn district_300_20k(c: &mut Criterion) {
    let base = generate(&DemoSpec {
        schools: 300,
        seed: 11,
        year: 2024,
    });
    let teachers: u32 = base
        .iter()
        .map(|r| r.primary.teachers + r.junior.teachers)
        .sum();
    let records = synth::scaled(&base, 20_000.0 / f64::from(teachers));
    let roster = synth::roster(&records, 11);
    let groups = groups_of(&records, 2024);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let input = PlanInput {
        records: &records,
        roster: &roster,
        ledger: &[],
        groups: &groups,
        rulebook: &rulebook,
    };
    let options = PlanOptions {
        year: 2024,
        ..Default::default()
    };
    let once = plan(&input, &options, &mut |_, _| {}).unwrap();
    eprintln!(
        "300 schools, {} teachers, {} eligible: {} moves; worst 差异系数/limit {:.4} → {:.4} (Σ sections)",
        roster.len(),
        once.candidates,
        once.moves.len(),
        once.objective.0,
        once.objective.1
    );
    let double = PlanOptions {
        max_moves: Some(once.moves.len() * 2),
        ..options.clone()
    };
    let mut group = c.benchmark_group("plan");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("300_schools_20000_teachers", |b| {
        b.iter(|| black_box(plan(&input, &options, &mut |_, _| {}).unwrap()))
    });
    group.bench_function("300_schools_20000_teachers_double_budget", |b| {
        b.iter(|| black_box(plan(&input, &double, &mut |_, _| {}).unwrap()))
    });
    group.finish();
}

fn optimality_gap(_: &mut Criterion) {
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    for (schools, movers, moves) in [(6, 9, 3), (7, 10, 4)] {
        let started = Instant::now();
        let (mut gaps, mut exact_time, mut greedy_time) =
            (Vec::new(), Duration::ZERO, Duration::ZERO);
        for seed in 0..60u64 {
            let records = generate(&DemoSpec {
                schools,
                seed,
                year: 2024,
            });
            let mut roster = synth::roster(&records, seed);
            synth::few_movers(&mut roster, movers, seed);
            let groups = BTreeMap::new();
            let input = PlanInput {
                records: &records,
                roster: &roster,
                ledger: &[],
                groups: &groups,
                rulebook: &rulebook,
            };
            let options = PlanOptions {
                year: 2024,
                max_moves: Some(moves),
                ..Default::default()
            };
            let t = Instant::now();
            let Some(best) = plan_exhaustive(&input, &options).unwrap() else {
                continue;
            };
            exact_time += t.elapsed();
            let t = Instant::now();
            let greedy = plan(&input, &options, &mut |_, _| {}).unwrap();
            greedy_time += t.elapsed();
            gaps.push(((greedy.objective.1 - best.objective.1) / best.objective.1).max(0.0));
        }
        let n = gaps.len() as f64;
        let mean = gaps.iter().sum::<f64>() / n;
        let worst = gaps.iter().cloned().fold(0.0, f64::max);
        let optimal = gaps.iter().filter(|g| **g < 1e-9).count();
        eprintln!(
            "optimality gap, {schools} schools, ~{movers} movers, ≤ {moves} moves: {} instances, optimal in {optimal}, mean {:.2} %, worst {:.2} %; exhaustive {:.0} ms vs greedy {:.1} ms per instance ({:.1} s total)",
            gaps.len(),
            mean * 100.0,
            worst * 100.0,
            exact_time.as_secs_f64() * 1000.0 / n,
            greedy_time.as_secs_f64() * 1000.0 / n,
            started.elapsed().as_secs_f64()
        );
    }
}

criterion_group!(benches, district_300_20k, optimality_gap);
criterion_main!(benches);
