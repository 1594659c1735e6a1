//! Frozen test vectors: the stream, the seed, the canonical form and whole draws. If one of
//! these changes, published draws can no longer be re-run: that is a new algorithm version.

use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{
    Inputs, LotteryKey, Stream, Version, ZoneMode, derive_seed, draw, freeze, hex, sha256_hex,
};

use crate::common::{applicant, ceremony, school_with_quota, sealed, test_key, witness, zone};

fn vector_seed() -> [u8; 32] {
    junheng_lottery::parse_hex32(&sha256_hex(b"junheng-lottery test vector")).unwrap()
}

#[test]
fn stream_words() {
    let mut s = Stream::new(&vector_seed());
    let words: Vec<u64> = (0..5).map(|_| s.next_u64()).collect();
    assert_eq!(
        words,
        [
            0x0a9d0d5c2e0469fe,
            0x519aa27072ebf1ee,
            0x86a9e8adeb101a1f,
            0xb249d485c9ed50dd,
            0x1de946d32ad36cd7
        ]
    );
}

#[test]
fn stream_uniform_and_rejection() {
    let mut s = Stream::new(&vector_seed());
    let small: Vec<u64> = (0..10).map(|_| s.uniform(10)).collect();
    assert_eq!(small, [6, 2, 1, 5, 9, 6, 1, 2, 4, 9]);
    // n = 2^63 + 1 rejects words ≥ n: the 3rd and 4th words above are skipped.
    let mut s = Stream::new(&vector_seed());
    let big: Vec<u64> = (0..6).map(|_| s.uniform((1 << 63) + 1)).collect();
    assert_eq!(
        big,
        [
            764782201283045886,
            5880190867333706222,
            2155331769444035799,
            2312364635064307996,
            5124742488462190361,
            6630978293227943002
        ]
    );
}

#[test]
fn fisher_yates() {
    let mut items: Vec<u32> = (0..10).collect();
    Stream::new(&vector_seed()).shuffle(&mut items);
    assert_eq!(items, [2, 0, 5, 4, 1, 9, 3, 7, 8, 6]);
}

#[test]
fn seed_derivation() {
    let digest = sha256_hex(b"x");
    let w = [
        witness("人大代表", " 2718 "),
        witness("公证员", "八二八一"),
        witness("家长代表", "8459"),
    ];
    assert_eq!(
        hex(&derive_seed(&digest, &w).unwrap()),
        "bc94aa149b82603a1606e1f6837439a9d08c083ac1c083246a5652df2170c72e"
    );
}

fn tiny() -> Inputs {
    let mut a = applicant("2025002", "Z1", 1, &["S2", "S1"]);
    a.category = Some("直升".into());
    let mut b = applicant("2025001", "Z1", 0, &["S1"]);
    b.sibling = Some("2025002".into());
    Inputs {
        title: "示例派位".into(),
        zones: vec![zone("Z1", ZoneMode::DeferredAcceptance)],
        schools: vec![
            school_with_quota("S2", "Z1", 5, "直升", 2),
            school_with_quota("S1", "Z1", 1, "a\"b", 1),
        ],
        applicants: vec![a, b],
        key_commitment: None,
    }
}

/// Version 1 (historical): still frozen and verified exactly as before.
#[test]
fn canonical_inputs_v1() {
    let frozen = freeze(&tiny()).unwrap();
    let expected = concat!(
        r#"{"applicants":[{"category":null,"id":"2025001","preferences":["S1"],"sibling":"2025002","tier":0,"zone":"Z1"},"#,
        r#"{"category":"直升","id":"2025002","preferences":["S2","S1"],"sibling":null,"tier":1,"zone":"Z1"}],"#,
        r#""format":"junheng-lottery-inputs/1","#,
        r#""schools":[{"capacity":1,"id":"S1","name":"S1校","quotas":[{"category":"a\"b","seats":1}],"zone":"Z1"},"#,
        r#"{"capacity":5,"id":"S2","name":"S2校","quotas":[{"category":"直升","seats":2}],"zone":"Z1"}],"#,
        r#""title":"示例派位","zones":[{"id":"Z1","mode":"deferred_acceptance","name":""}]}"#
    );
    assert_eq!(
        String::from_utf8(frozen.canonical.clone()).unwrap(),
        expected
    );
    assert_eq!(frozen.digest, sha256_hex(expected.as_bytes()));
    // The canonical form reads back as the same inputs.
    let reread = Inputs::from_json(expected).unwrap();
    assert_eq!(freeze(&reread).unwrap(), frozen);
    assert!(Inputs::from_json(&expected.replace("inputs/1", "inputs/9")).is_err());
}

/// The key derivations, pinned here and in the Python verifier (`SELF_TEST_CODES`).
#[test]
fn key_vectors() {
    let key = test_key();
    assert_eq!(
        key.to_file(),
        "junheng-lottery-key/2\n000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
    );
    assert_eq!(
        key.commitment(),
        "e4ac87b792fbf8e96af29a20bdfb6068db810f221417ab0a7eadfa677d0d0aa1"
    );
    let got: Vec<(String, String)> = ["2025000001", "2025000002", "报名-甲"]
        .iter()
        .map(|r| (key.public_code(r), key.check_code(r)))
        .collect();
    let expected = [
        ("M5E9ZQ10D3J5", "239609"),
        ("710VWFFFG2B9", "398024"),
        ("C5CEC1G4JBAD", "607771"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, k)| (c.to_string(), k.to_string()))
        .collect();
    assert_eq!(got, expected);
    assert_ne!(
        LotteryKey::from_bytes([0; 32]).public_code("2025000001"),
        got[0].0
    );
}

/// Version 2: the tiny inputs sealed with the test key.
#[test]
fn canonical_inputs_v2() {
    let key = test_key();
    let sealed = sealed(&tiny());
    let (c1, c2) = (key.public_code("2025001"), key.public_code("2025002"));
    let frozen = freeze(&sealed.inputs).unwrap();
    let text = String::from_utf8(frozen.canonical.clone()).unwrap();
    let a1 = format!(
        r#"{{"category":null,"id":"{c1}","preferences":["S1"],"sibling":"{c2}","tier":0,"zone":"Z1"}}"#
    );
    let a2 = format!(
        r#"{{"category":"直升","id":"{c2}","preferences":["S2","S1"],"sibling":null,"tier":1,"zone":"Z1"}}"#
    );
    let applicants = if c1 < c2 {
        format!("{a1},{a2}")
    } else {
        format!("{a2},{a1}")
    };
    let expected = format!(
        concat!(
            r#"{{"applicants":[{}],"format":"junheng-lottery-inputs/2","key_commitment":"{}","#,
            r#""schools":[{{"capacity":1,"id":"S1","name":"S1校","quotas":[{{"category":"a\"b","seats":1}}],"zone":"Z1"}},"#,
            r#"{{"capacity":5,"id":"S2","name":"S2校","quotas":[{{"category":"直升","seats":2}}],"zone":"Z1"}}],"#,
            r#""title":"示例派位","zones":[{{"id":"Z1","mode":"deferred_acceptance","name":""}}]}}"#
        ),
        applicants,
        key.commitment()
    );
    assert_eq!(text, expected);
    assert_eq!(
        frozen.digest,
        "54e5b3c92171e96ffeee7ffaceca681ba1c72ee3365c3b95cc5f5b6479c49d12"
    );
    assert!(!text.contains("2025001") && !text.contains("2025002"));
    let reread = Inputs::from_json(&text).unwrap();
    assert_eq!(freeze(&reread).unwrap(), frozen);
    let receipts: Vec<&str> = sealed
        .receipts
        .iter()
        .map(|r| r.registration.as_str())
        .collect();
    assert_eq!(receipts, ["2025001", "2025002"]);
}

/// Whole draws of synthetic districts, one per mechanism and one mixed: pinned results digests.
#[test]
fn pinned_draws() {
    let cases = [
        (
            Some(ZoneMode::SingleSchool),
            "41d7163f004a2728d0537c2b01cc61e49bfe732b14d7f6f459157c187ad8f0f8",
        ),
        (
            Some(ZoneMode::Sequential),
            "f553e82bf5a2fe6579f272e71155b2bfa47048aafa18a080f43f28b961110d50",
        ),
        (
            Some(ZoneMode::DeferredAcceptance),
            "50b1f63ffe02f8a921f0fdf7a9fc86374d31d2d0543b0f3c56350f183251810c",
        ),
        (
            None,
            "cb9bf158d5ea7eb9175efa742427e0267d3c7055ea4e9a7f3e7734078e963e70",
        ),
    ];
    let mut got = Vec::new();
    for (mode, _) in cases {
        let inputs = district(&SynthSpec {
            applicants: 300,
            schools: 12,
            schools_per_zone: 4,
            mode,
            ..Default::default()
        });
        got.push(draw(&inputs, &ceremony()).unwrap().results_digest);
    }
    let expected: Vec<&str> = cases.iter().map(|c| c.1).collect();
    assert_eq!(got, expected);
}

/// The same districts sealed with the test key: pinned version 2 results digests.
#[test]
fn pinned_draws_v2() {
    let cases = [
        (
            Some(ZoneMode::SingleSchool),
            "b3bcd07635967457bf7f6310e64b5e951d559b867a33495944046baec382cd9f",
        ),
        (
            Some(ZoneMode::Sequential),
            "1dac5efc44b0e65ff441a42443ee3dc53928b3265415727692cbdbc05a5df489",
        ),
        (
            Some(ZoneMode::DeferredAcceptance),
            "7ef47781c49ee7b106f8684dd8f2e990120f25cc49f59d28e100ca0b3a97f601",
        ),
        (
            None,
            "bdcab766ffa935fa6931cf80b08f30ab16bfac38cb953dfdbec47ed6b781f368",
        ),
    ];
    let mut got = Vec::new();
    for (mode, _) in cases {
        let inputs = district(&SynthSpec {
            applicants: 300,
            schools: 12,
            schools_per_zone: 4,
            mode,
            ..Default::default()
        });
        let pack = draw(&sealed(&inputs).inputs, &ceremony()).unwrap();
        assert_eq!(pack.format, Version::V2.pack_format());
        got.push(pack.results_digest);
    }
    let expected: Vec<&str> = cases.iter().map(|c| c.1).collect();
    assert_eq!(got, expected);
}
