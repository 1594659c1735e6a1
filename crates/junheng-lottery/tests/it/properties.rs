//! Property tests on random districts: invariants of every mechanism, DA stability, and DA equal
//! to the textbook round form.

use std::collections::HashMap;

use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{
    DrawResults, Inputs, LotteryKey, ZoneMode, draw_with_seed, freeze, is_public_code, seal,
};
use proptest::prelude::*;

use crate::common::{View, check_consistent, check_rounds, check_stable, choose, keys};

fn spec(modes: Vec<Option<ZoneMode>>) -> impl Strategy<Value = (SynthSpec, [u8; 32])> {
    (
        (
            1usize..160,
            1usize..12,
            1usize..6,
            prop::sample::select(modes),
        ),
        (
            1usize..6,
            20u32..140,
            any::<bool>(),
            any::<bool>(),
            any::<u64>(),
        ),
        any::<[u8; 32]>(),
    )
        .prop_map(
            |(
                (applicants, schools, per_zone, mode),
                (prefs, ratio, quotas, siblings, seed),
                draw_seed,
            )| {
                let spec = SynthSpec {
                    applicants,
                    schools,
                    schools_per_zone: per_zone,
                    mode,
                    preferences: prefs,
                    seat_ratio: f64::from(ratio) / 100.0,
                    quotas,
                    siblings,
                    seed,
                };
                (spec, draw_seed)
            },
        )
}

fn all_modes() -> Vec<Option<ZoneMode>> {
    vec![
        None,
        Some(ZoneMode::SingleSchool),
        Some(ZoneMode::Sequential),
        Some(ZoneMode::DeferredAcceptance),
    ]
}

/// Student-proposing DA in its textbook round form: every free applicant proposes at once,
/// every school keeps its choice among held and new proposers.
fn textbook_da<'a>(
    inputs: &'a Inputs,
    results: &DrawResults,
) -> HashMap<&'a str, (String, Option<String>)> {
    let view = View::new(inputs);
    let keys = keys(inputs, results);
    let mut next: HashMap<&str, usize> = HashMap::new();
    let mut held: HashMap<&str, HashMap<&str, Option<String>>> = HashMap::new();
    let mut free: Vec<&str> = inputs
        .applicants
        .iter()
        .filter(|a| view.mode[a.zone.as_str()] == ZoneMode::DeferredAcceptance)
        .map(|a| a.id.as_str())
        .collect();
    while !free.is_empty() {
        let mut proposals: HashMap<&str, Vec<&str>> = HashMap::new();
        for a in free.drain(..) {
            let k = next.entry(a).or_insert(0);
            if let Some(s) = view.applicant[a].preferences.get(*k) {
                *k += 1;
                proposals.entry(s.as_str()).or_default().push(a);
            }
        }
        for (s, proposers) in proposals {
            let mut candidates: Vec<&str> = held
                .get(s)
                .map(|h| h.keys().copied().collect())
                .unwrap_or_default();
            candidates.extend(proposers);
            let chosen = choose(&view, &keys, s, &candidates);
            free.extend(candidates.iter().filter(|a| !chosen.contains_key(**a)));
            held.insert(s, chosen);
        }
    }
    let mut placement = HashMap::new();
    for (s, chosen) in held {
        for (a, seat) in chosen {
            placement.insert(a, (s.to_string(), seat));
        }
    }
    placement
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Capacity never exceeded, nobody placed twice, lists consistent; single-school and
    /// 顺序志愿 zones respect (tier, rank) round by round; DA zones are stable.
    #[test]
    fn every_mechanism_keeps_its_invariants((spec, seed) in spec(all_modes())) {
        let inputs = district(&spec);
        let results = draw_with_seed(&inputs, &seed).unwrap();
        check_consistent(&inputs, &results);
        check_rounds(&inputs, &results);
        check_stable(&inputs, &results);
    }

    /// The heap implementation gives the textbook DA matching, reserved seats included.
    #[test]
    fn deferred_acceptance_equals_the_textbook_form((spec, seed) in spec(vec![Some(ZoneMode::DeferredAcceptance)])) {
        let inputs = district(&spec);
        let results = draw_with_seed(&inputs, &seed).unwrap();
        let expected = textbook_da(&inputs, &results);
        for a in &results.applicants {
            let got = a.school.clone().map(|s| (s, a.seat.clone()));
            prop_assert_eq!(got.as_ref(), expected.get(a.id.as_str()), "applicant {}", a.id);
        }
    }

    /// The canonical form and the draw do not depend on the order of the input records.
    #[test]
    fn record_order_does_not_matter((spec, seed) in spec(all_modes()), rotate in 0usize..1000) {
        let inputs = district(&spec);
        let mut shuffled = inputs.clone();
        let k = rotate % shuffled.applicants.len();
        shuffled.applicants.rotate_left(k);
        shuffled.schools.reverse();
        shuffled.zones.reverse();
        prop_assert_eq!(junheng_lottery::freeze(&inputs).unwrap(), junheng_lottery::freeze(&shuffled).unwrap());
        prop_assert_eq!(draw_with_seed(&inputs, &seed).unwrap(), draw_with_seed(&shuffled, &seed).unwrap());
    }

    /// Sealing renames applicants and siblings only: one code per 报名号, every receipt opens
    /// with its check code, the published form holds no 报名号, and the sealed draw keeps every
    /// invariant (siblings still consecutive).
    #[test]
    fn sealing_keeps_everything_but_the_names((spec, seed) in spec(all_modes()), key in any::<[u8; 32]>()) {
        let inputs = district(&spec);
        let key = LotteryKey::from_bytes(key);
        let sealed = seal(&inputs, &key).unwrap();
        let code: HashMap<&str, &str> = sealed
            .receipts
            .iter()
            .map(|r| (r.registration.as_str(), r.code.as_str()))
            .collect();
        prop_assert_eq!(code.len(), inputs.applicants.len());
        for (a, b) in inputs.applicants.iter().zip(&sealed.inputs.applicants) {
            prop_assert_eq!(b.id.as_str(), code[a.id.as_str()]);
            prop_assert_eq!(b.sibling.as_deref(), a.sibling.as_deref().map(|s| code[s]));
            prop_assert_eq!(&a.zone, &b.zone);
            prop_assert_eq!(a.tier, b.tier);
            prop_assert_eq!(&a.preferences, &b.preferences);
            prop_assert_eq!(&a.category, &b.category);
        }
        for r in &sealed.receipts {
            prop_assert!(is_public_code(&r.code));
            prop_assert_eq!(key.open_receipt(&r.registration, &r.check), Some(r.code.clone()));
        }
        let published = String::from_utf8(freeze(&sealed.inputs).unwrap().canonical).unwrap();
        for a in &inputs.applicants {
            let quoted = format!("\"{}\"", a.id);
            prop_assert!(!published.contains(&quoted), "{} published", a.id);
        }
        let results = draw_with_seed(&sealed.inputs, &seed).unwrap();
        check_consistent(&sealed.inputs, &results);
        check_rounds(&sealed.inputs, &results);
        check_stable(&sealed.inputs, &results);
    }
}
