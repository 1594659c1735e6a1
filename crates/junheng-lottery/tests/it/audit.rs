//! The ceremony: determinism, witness sensitivity, tampering, hand-checked small draws.

use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{
    AuditPack, VerifyError, Version, ZoneMode, derive_seed, draw, draw_with_seed, freeze,
    is_public_code, verify, verify_against,
};

use crate::common::{
    applicant, ceremony, check_consistent, draws_with_seeds, outcome, school, school_with_quota,
    sealed, zone_z,
};

/// A mixed district with made-up 报名号 (version 1 inputs).
fn registered() -> junheng_lottery::Inputs {
    district(&SynthSpec {
        applicants: 400,
        schools: 15,
        schools_per_zone: 5,
        ..Default::default()
    })
}

/// The same district sealed (version 2 inputs, applicants by 公示编号).
fn mixed() -> junheng_lottery::Inputs {
    sealed(&registered()).inputs
}

#[test]
fn same_seed_gives_identical_results() {
    let inputs = mixed();
    let a = draw(&inputs, &ceremony()).unwrap();
    let b = draw(&inputs, &ceremony()).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        a.results.canonical(Version::V2),
        b.results.canonical(Version::V2)
    );
    let seed = derive_seed(&a.inputs_digest, &ceremony()).unwrap();
    assert_eq!(draw_with_seed(&inputs, &seed).unwrap(), a.results);
}

#[test]
fn a_different_witness_value_gives_different_results() {
    let inputs = mixed();
    let a = draw(&inputs, &ceremony()).unwrap();
    let mut witnesses = ceremony();
    witnesses[2].value = "8460".into();
    let b = draw(&inputs, &witnesses).unwrap();
    assert_ne!(a.seed, b.seed);
    assert_ne!(a.results_digest, b.results_digest);
    let ranks_a: Vec<u32> = a.results.applicants.iter().map(|x| x.rank).collect();
    let ranks_b: Vec<u32> = b.results.applicants.iter().map(|x| x.rank).collect();
    assert_ne!(ranks_a, ranks_b);
    // Witness order matters too, surrounding blanks do not.
    witnesses = ceremony();
    witnesses.swap(0, 1);
    assert_ne!(draw(&inputs, &witnesses).unwrap().seed, a.seed);
    witnesses = ceremony();
    witnesses[0].value = "\u{3000}2718 ".into();
    assert_eq!(draw(&inputs, &witnesses).unwrap().seed, a.seed);
}

#[test]
fn untouched_pack_verifies_also_after_json_round_trip() {
    let inputs = mixed();
    let pack = draw(&inputs, &ceremony()).unwrap();
    assert_eq!(verify(&pack), Ok(()));
    let reread = AuditPack::from_json(&pack.to_json()).unwrap();
    assert_eq!(reread, pack);
    assert_eq!(verify_against(&reread, &inputs), Ok(()));
    assert_eq!(pack.inputs_digest, freeze(&inputs).unwrap().digest);
}

#[test]
fn tampered_packs_are_detected() {
    let inputs = mixed();
    let pack = draw(&inputs, &ceremony()).unwrap();

    let mut p = pack.clone();
    p.witnesses[1].value = "8282".into();
    let err = verify(&p).unwrap_err();
    assert!(matches!(err, VerifyError::Seed { .. }));
    assert!(err.to_string().contains("随机种子不符"), "{err}");

    // Witness changed and seed recomputed to match: the results then differ.
    let mut p = pack.clone();
    p.witnesses[1].value = "8282".into();
    p.seed = junheng_lottery::hex(&derive_seed(&p.inputs_digest, &p.witnesses).unwrap());
    let err = verify(&p).unwrap_err();
    assert!(
        err.to_string().starts_with("派位结果不符：公示编号"),
        "{err}"
    );

    // One result moved to another applicant.
    let mut p = pack.clone();
    let placed = p
        .results
        .applicants
        .iter()
        .position(|a| a.school.is_some())
        .unwrap();
    let unplaced = p
        .results
        .applicants
        .iter()
        .position(|a| a.school.is_none())
        .unwrap();
    let (s, r, q) = {
        let a = &p.results.applicants[placed];
        (a.school.clone(), a.round, a.seat.clone())
    };
    p.results.applicants[unplaced].school = s;
    p.results.applicants[unplaced].round = r;
    p.results.applicants[unplaced].seat = q;
    let err = verify(&p).unwrap_err();
    assert!(matches!(err, VerifyError::Results(_)), "{err}");
    assert!(
        err.to_string().contains(&p.results.applicants[unplaced].id),
        "{err}"
    );

    // A waitlist reordered.
    let mut p = pack.clone();
    let s = p
        .results
        .schools
        .iter_mut()
        .find(|s| s.waitlist.len() >= 2)
        .unwrap();
    s.waitlist.swap(0, 1);
    let err = verify(&p).unwrap_err();
    assert!(err.to_string().contains("候补名单第 1 位"), "{err}");

    // Results digest edited.
    let mut p = pack.clone();
    p.results_digest = "0".repeat(64);
    assert!(matches!(verify(&p), Err(VerifyError::ResultsDigest { .. })));

    // Inputs changed (one applicant's tier), digest kept.
    let mut p = pack.clone();
    p.inputs.applicants[0].tier += 1;
    let err = verify(&p).unwrap_err();
    assert!(matches!(err, VerifyError::InputsDigest { .. }));
    assert!(err.to_string().contains("名单或摘要已被改动"), "{err}");

    // Pack carries other inputs than those published.
    let mut other = inputs.clone();
    other.applicants.pop();
    assert!(matches!(
        verify_against(&pack, &other),
        Err(VerifyError::PublishedInputs { .. })
    ));

    // Mechanism record edited.
    let mut p = pack.clone();
    p.mechanisms[0].mechanism = "sequential/1".into();
    if pack.mechanisms[0].mechanism != "sequential/1" {
        assert!(matches!(verify(&p), Err(VerifyError::Mechanisms { .. })));
    }

    // Unknown version, or parts of different versions.
    let mut p = pack.clone();
    p.algorithm = "junheng-lottery-draw/3".into();
    assert!(matches!(verify(&p), Err(VerifyError::Version { .. })));
    let mut p = pack.clone();
    p.format = "junheng-lottery-audit/3".into();
    let err = verify(&p).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("应为「junheng-lottery-audit/1」或「junheng-lottery-audit/2」"),
        "{err}"
    );
    let mut p = pack.clone();
    p.algorithm = Version::V1.algorithm().into();
    assert!(matches!(
        verify(&p),
        Err(VerifyError::Version {
            what: "算法版本",
            ..
        })
    ));
}

#[test]
fn a_version_2_pack_names_nobody() {
    let inputs = registered();
    let pack = draw(&mixed(), &ceremony()).unwrap();
    assert_eq!(
        (pack.format.as_str(), pack.algorithm.as_str()),
        ("junheng-lottery-audit/2", "junheng-lottery-draw/2")
    );
    let json = pack.to_json();
    for a in &inputs.applicants {
        assert!(
            !json.contains(&format!("\"{}\"", a.id)),
            "{} published",
            a.id
        );
    }
    assert!(
        pack.results
            .applicants
            .iter()
            .all(|a| is_public_code(&a.id))
    );
    assert!(json.contains("\"key_commitment\""));
    assert!(json.contains("\"format\": \"junheng-lottery-inputs/2\""));
    assert_eq!(verify(&AuditPack::from_json(&json).unwrap()), Ok(()));
}

/// Packs made before version 2 keep verifying; their parts cannot be mixed with version 2.
#[test]
fn version_1_packs_still_verify() {
    let inputs = registered();
    let v1 = draw(&inputs, &ceremony()).unwrap();
    assert_eq!(
        (v1.format.as_str(), v1.algorithm.as_str()),
        ("junheng-lottery-audit/1", "junheng-lottery-draw/1")
    );
    assert_eq!(verify(&v1), Ok(()));
    assert_eq!(verify_against(&v1, &inputs), Ok(()));
    // A v1 pack as written before version 2 (inputs without a format key) reads and verifies.
    let mut json: serde_json::Value = serde_json::from_str(&v1.to_json()).unwrap();
    json["inputs"].as_object_mut().unwrap().remove("format");
    let old = AuditPack::from_json(&json.to_string()).unwrap();
    assert_eq!(verify(&old), Ok(()));

    let v2 = draw(&mixed(), &ceremony()).unwrap();
    let mut p = v1.clone();
    p.format = v2.format.clone();
    p.algorithm = v2.algorithm.clone();
    let err = verify(&p).unwrap_err();
    assert!(
        matches!(
            err,
            VerifyError::Version {
                what: "所附名单格式",
                ..
            }
        ),
        "{err}"
    );
    let mut p = v2.clone();
    p.inputs = inputs.clone();
    p.inputs_digest = freeze(&inputs).unwrap().digest;
    assert!(matches!(verify(&p), Err(VerifyError::Version { .. })));
    // The same results under the other version's tag give another digest.
    assert_ne!(
        v1.results.digest(Version::V1),
        v1.results.digest(Version::V2)
    );
}

/// Hand-checked: one 顺序志愿 zone, two schools of one seat.
#[test]
fn sequential_first_round_beats_a_better_tier_in_round_two() {
    let inputs = zone_z(
        ZoneMode::Sequential,
        vec![school("S1", "Z", 1), school("S2", "Z", 1)],
        vec![
            applicant("a", "Z", 1, &["S1", "S2"]),
            applicant("b", "Z", 0, &["S1", "S2"]),
            applicant("c", "Z", 0, &["S2"]),
        ],
    );
    for r in draws_with_seeds(&inputs, 20) {
        check_consistent(&inputs, &r);
        let at = |id: &str| outcome(&r, id).school.clone();
        // Tier 0 b wins S1 in round 1; c (tier 0, first choice S2) wins S2; a is unplaced.
        assert_eq!(at("b").as_deref(), Some("S1"));
        assert_eq!(at("c").as_deref(), Some("S2"));
        assert_eq!(at("a"), None);
        assert_eq!(r.fallback, vec!["a".to_string()]);
        assert_eq!(r.schools[0].waitlist, vec!["a".to_string()]);
    }
}

/// Hand-checked: DA lets a tier-0 applicant displace at their second choice.
#[test]
fn deferred_acceptance_respects_tiers_at_every_choice() {
    let inputs = zone_z(
        ZoneMode::DeferredAcceptance,
        vec![school("S1", "Z", 1), school("S2", "Z", 1)],
        vec![
            applicant("a", "Z", 1, &["S2", "S1"]),
            applicant("b", "Z", 0, &["S1", "S2"]),
            applicant("c", "Z", 0, &["S1", "S2"]),
        ],
    );
    for r in draws_with_seeds(&inputs, 20) {
        let at = |id: &str| outcome(&r, id).school.clone();
        // b and c (tier 0) take both seats; a (tier 1) is displaced from S2.
        assert_eq!(at("a"), None);
        assert!(at("b").is_some() && at("c").is_some());
    }
}

/// Reserved seats: category applicants fill them first, unused reserved seats revert.
#[test]
fn reserved_seats_go_first_to_their_category_and_revert_when_unused() {
    let mut applicants: Vec<_> = (0..6)
        .map(|i| applicant(&format!("g{i}"), "Z", 0, &["S"]))
        .collect();
    let mut z = applicant("z0", "Z", 0, &["S"]);
    z.category = Some("直升".into());
    applicants.push(z);
    let inputs = zone_z(
        ZoneMode::SingleSchool,
        vec![school_with_quota("S", "Z", 3, "直升", 2)],
        applicants,
    );
    for r in draws_with_seeds(&inputs, 20) {
        check_consistent(&inputs, &r);
        let z = outcome(&r, "z0");
        assert_eq!(
            (z.school.as_deref(), z.seat.as_deref()),
            (Some("S"), Some("直升"))
        );
        assert_eq!(
            r.schools[0].admitted.len(),
            3,
            "the unused reserved seat reverts"
        );
    }
}

#[test]
fn siblings_share_one_draw() {
    let mut inputs = zone_z(
        ZoneMode::SingleSchool,
        vec![school("S", "Z", 2)],
        (0..10)
            .map(|i| applicant(&format!("a{i}"), "Z", 0, &["S"]))
            .collect(),
    );
    inputs.applicants[3].sibling = Some("a7".into());
    for r in draws_with_seeds(&inputs, 50) {
        let rank = |id: &str| outcome(&r, id).rank;
        assert_eq!(rank("a7"), rank("a3") + 1);
        check_consistent(&inputs, &r);
    }
}
