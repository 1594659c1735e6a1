//! Import speed of the school statistics template at national scale: parse + validate a
//! 200 000-row CSV from memory (`cargo bench -p junheng-io`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use junheng_core::demo::{DemoSpec, generate};
use junheng_io::school::{read_bytes, write_csv};

fn national_csv(c: &mut Criterion) {
    let records = generate(&DemoSpec {
        schools: 200_000,
        seed: 1,
        year: 2024,
    });
    let mut bytes = Vec::new();
    write_csv(&records, &mut bytes).unwrap();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("csv 200 000 rows", |b| {
        b.iter(|| {
            let imported = read_bytes(&bytes, "national.csv").unwrap();
            assert_eq!(imported.records.len(), records.len());
        })
    });
    group.finish();
}

criterion_group!(benches, national_csv);
criterion_main!(benches);
