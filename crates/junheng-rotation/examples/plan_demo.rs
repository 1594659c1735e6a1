use std::collections::BTreeMap;
use std::time::Instant;

use junheng_core::{demo, rulebook::Rulebook};
use junheng_rotation::{PlanInput, PlanOptions, plan, synth};

fn main() {
    let schools: usize = std::env::args().nth(1).map_or(300, |a| a.parse().unwrap());
    let records = demo::generate(&demo::DemoSpec {
        schools,
        seed: 11,
        year: 2024,
    });
    let roster = synth::roster(&records, 11);
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let groups = BTreeMap::new();
    let input = PlanInput {
        records: &records,
        roster: &roster,
        ledger: &[],
        groups: &groups,
        rulebook: &rulebook,
    };
    let t = Instant::now();
    let p = plan(
        &input,
        &PlanOptions {
            year: 2024,
            ..Default::default()
        },
        &mut |_| {},
    )
    .unwrap();
    println!(
        "teachers {} candidates {} moves {} in {:?}",
        roster.len(),
        p.candidates,
        p.moves.len(),
        t.elapsed()
    );
    println!(
        "quota before {:?}\nquota after {:?}",
        p.quota_before, p.quota_after
    );
    println!("worst {:?} objective {:?}", p.worst, p.objective);
    for i in p.effect.indicators.iter().filter(|i| i.teacher) {
        println!(
            "{:?} {} {:?} -> {:?} (limit {})",
            i.section, i.short, i.cv_before, i.cv_after, i.limit
        );
    }
    println!("notes {:?}", p.notes);
}
