//! Properties of the percentile and the placement.

use proptest::prelude::*;

use super::tests::placed;
use super::*;

fn unit_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1e4f64..1e4, 1..40)
}

fn all_placed(vs: &[f64], policy: &BandPolicy) -> Placement<u32> {
    let current = vs.iter().enumerate().map(|(i, v)| (i as u32, Some(*v)));
    place(policy, &current.collect(), &[]).unwrap()
}

proptest! {
    #[test]
    fn percentiles_rise_with_p_within_the_range(mut vs in unit_values(), p in 0f64..=100.0, q in 0f64..=100.0) {
        vs.sort_by(f64::total_cmp);
        let (lo, hi) = (p.min(q), p.max(q));
        let (a, b) = (percentile(&vs, lo).unwrap(), percentile(&vs, hi).unwrap());
        prop_assert!(a <= b);
        prop_assert!(vs[0] <= a && b <= vs[vs.len() - 1]);
    }

    #[test]
    fn a_better_value_never_gets_a_worse_band(vs in unit_values(), higher in any::<bool>()) {
        let policy = BandPolicy { higher_is_better: higher, ..BandPolicy::default() };
        let p = all_placed(&vs, &policy);
        for (i, a) in vs.iter().enumerate() {
            for (j, b) in vs.iter().enumerate() {
                let better = if higher { a >= b } else { a <= b };
                if better {
                    prop_assert!(placed(&p, i as u32).band >= placed(&p, j as u32).band);
                }
            }
        }
    }

    #[test]
    fn used_lines_are_in_order(vs in unit_values(), higher in any::<bool>()) {
        let policy = BandPolicy { higher_is_better: higher, ..BandPolicy::default() };
        let sign = if higher { 1.0 } else { -1.0 };
        let lines = placed(&all_placed(&vs, &policy), 0).lines;
        prop_assert!(sign * lines.warning.value <= sign * lines.basic.value);
        prop_assert!(sign * lines.basic.value <= sign * lines.development.value);
    }

    #[test]
    fn negating_values_and_orientation_changes_no_band(vs in unit_values()) {
        let high = all_placed(&vs, &BandPolicy::default());
        let negated: Vec<f64> = vs.iter().map(|v| -v).collect();
        let lower = BandPolicy { higher_is_better: false, ..BandPolicy::default() };
        let low = all_placed(&negated, &lower);
        for i in 0..vs.len() as u32 {
            // Interpolation may round differently on the mirrored side: compare away from lines.
            let l = placed(&high, i).lines;
            let near = [l.development.value, l.basic.value, l.warning.value]
                .iter()
                .any(|line| (line - vs[i as usize]).abs() < 1e-6 * (1.0 + line.abs()));
            if !near {
                prop_assert_eq!(placed(&high, i).band, placed(&low, i).band);
            }
        }
    }

    #[test]
    fn escalation_rises_with_the_run(a in 0u32..10, b in 0u32..10) {
        let policy = BandPolicy::default();
        let (short, long) = (a.min(b), a.max(b));
        prop_assert!(policy.escalation_for(short) <= policy.escalation_for(long));
    }
}
