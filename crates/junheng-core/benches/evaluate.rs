//! National-scale evaluation: 200 000 units, after parsing.

use criterion::{Criterion, criterion_group, criterion_main};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;

fn national_scale(c: &mut Criterion) {
    let schools = generate(&DemoSpec {
        schools: 186_000,
        seed: 2024,
        year: 2024,
    });
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let units: usize = evaluate(&schools, &rulebook)
        .unwrap()
        .sections
        .iter()
        .map(|s| s.units.len())
        .sum();
    let mut group = c.benchmark_group(format!(
        "evaluate {} schools / {units} units",
        schools.len()
    ));
    group.sample_size(20);
    group.bench_function("cn-2017", |b| {
        b.iter(|| evaluate(&schools, &rulebook).unwrap())
    });
    let basic = Rulebook::builtin("cn-2012").unwrap();
    group.bench_function("cn-2012", |b| {
        b.iter(|| evaluate(&schools, &basic).unwrap())
    });
    group.finish();
}

criterion_group!(benches, national_scale);
criterion_main!(benches);
