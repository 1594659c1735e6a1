//! Performance targets of the lottery engine:
//!
//! * a deferred-acceptance draw of 1 000 000 applicants and 2 000 schools (100 zones of 20
//!   schools, up to 5 preferences) in ≤ 2 s, measured end to end (validation, ranks, DA,
//!   results with waitlists);
//! * 10 000 simulated draws of a 20 000-applicant district (40 schools, mixed mechanisms,
//!   reserved seats, siblings) in ≤ 30 s on 2 threads.
//!
//! Run with `cargo bench -p junheng-lottery --bench lottery`.
//!
//! Measured (release, 2-core shared machine, load ≈ 3): DA 1 000 000 × 2 000 end to end
//! 0.93 s (0.90–0.95); `freeze` of the same 0.45 s; 10 000 simulated draws of 20 000
//! applicants on 2 threads 8.9 s (7.6–10.1). `seal` of the 1 000 000 applicants (validation, two
//! HMAC-SHA256 per applicant, the renamed copy) 2.5 s (2.2–2.9), measured on the same machine
//! under other builds: once per lottery, at `freeze`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{LotteryKey, ZoneMode, draw_with_seed, freeze, seal, simulate};

fn deferred_acceptance_1m(c: &mut Criterion) {
    let inputs = district(&SynthSpec {
        applicants: 1_000_000,
        schools: 2_000,
        schools_per_zone: 20,
        mode: Some(ZoneMode::DeferredAcceptance),
        preferences: 5,
        ..Default::default()
    });
    let mut group = c.benchmark_group("draw");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("deferred_acceptance_1m_applicants_2000_schools", |b| {
        b.iter(|| black_box(draw_with_seed(&inputs, &[7; 32]).unwrap()))
    });
    group.bench_function("freeze_1m_applicants", |b| {
        b.iter(|| black_box(freeze(&inputs).unwrap()))
    });
    let key = LotteryKey::from_bytes([3; 32]);
    group.bench_function("seal_1m_applicants", |b| {
        b.iter(|| black_box(seal(&inputs, &key).unwrap()))
    });
    group.finish();
}

fn simulation_20k(c: &mut Criterion) {
    let inputs = district(&SynthSpec {
        applicants: 20_000,
        schools: 40,
        schools_per_zone: 5,
        mode: None,
        ..Default::default()
    });
    let mut group = c.benchmark_group("simulate");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("10000_draws_20000_applicants_2_threads", |b| {
        b.iter(|| black_box(simulate(&inputs, 10_000, &[1; 32], 2).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, deferred_acceptance_1m, simulation_20k);
criterion_main!(benches);
