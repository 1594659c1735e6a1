//! The greedy plan against the exhaustive optimum on small instances.

use junheng_core::rulebook::Rulebook;
use junheng_rotation::{PlanInput, PlanOptions, plan, plan_exhaustive};

use crate::common::small;

#[test]
fn greedy_plans_are_within_five_percent_of_the_optimum_on_small_instances() {
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let mut gaps = Vec::new();
    for seed in 0..40u64 {
        let d = small(6, 9, seed);
        let input = PlanInput {
            records: &d.records,
            roster: &d.roster,
            ledger: &[],
            groups: &d.groups,
            rulebook: &rulebook,
        };
        let options = PlanOptions {
            year: 2024,
            max_moves: Some(3),
            ..Default::default()
        };
        let Some(best) = plan_exhaustive(&input, &options).unwrap() else {
            continue;
        };
        let greedy = plan(&input, &options, &mut |_, _| {}).unwrap();
        assert!(
            greedy.quota_after.met(),
            "seed {seed}: greedy missed a reachable quota"
        );
        let gap = (greedy.objective.1 - best.objective.1) / best.objective.1;
        assert!(gap > -1e-9, "seed {seed}: greedy beat the optimum ({gap})");
        if gap > 0.01 {
            eprintln!("seed {seed}: gap {:.3} %", gap * 100.0);
        }
        gaps.push(gap.max(0.0));
    }
    assert!(
        gaps.len() >= 30,
        "only {} instances had a feasible plan",
        gaps.len()
    );
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    let worst = gaps.iter().cloned().fold(0.0, f64::max);
    eprintln!(
        "{} instances: mean gap {:.3} %, worst {:.3} %",
        gaps.len(),
        mean * 100.0,
        worst * 100.0
    );
    assert!(worst <= 0.05, "worst gap {:.2} %", worst * 100.0);
}
