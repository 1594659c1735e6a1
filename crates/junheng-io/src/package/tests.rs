//! Packages written, read, tampered with and forged.

use proptest::prelude::*;

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::rulebook::{RotationRules, Rulebook};
use junheng_rotation::{apply_counted, apply_ledger, count_ledger, synth};

use super::*;

const YEAR: i32 = 2024;

fn t(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn district(code: &str) -> DistrictCode {
    DistrictCode::parse(code).unwrap()
}

fn key(code: &str, seed: u8) -> DistrictSigningKey {
    DistrictSigningKey::from_seed(district(code), [seed; 32])
}

/// A small real district: statistics, the roster counted, a ledger counted, the evaluation.
fn contents(
    schools: usize,
) -> (
    PackageContents,
    Vec<junheng_rotation::Teacher>,
    Vec<junheng_rotation::Move>,
) {
    let statistics = generate(&DemoSpec {
        schools,
        seed: 11,
        year: YEAR,
    });
    let roster = synth::roster(&statistics, 11);
    let mut ledger = synth::ledger(&statistics, &roster, &[YEAR], 0.3, 11);
    // And one move by hand, so that even the smallest district has one: a primary teacher to
    // another school with a primary section.
    let teacher = roster
        .iter()
        .find(|t| t.section == junheng_core::school::Section::Primary)
        .unwrap();
    let host = statistics
        .iter()
        .find(|r| r.code != teacher.school && r.primary.students > 0)
        .unwrap();
    ledger.push(junheng_rotation::Move {
        teacher: teacher.id.clone(),
        from: teacher.school.clone(),
        to: host.code.clone(),
        start_year: YEAR - 1,
        end_year: YEAR + 1,
        kind: junheng_rotation::MoveKind::Rotation,
    });
    let evaluation =
        junheng_core::evaluate::evaluate(&statistics, &Rulebook::builtin("cn-2017").unwrap())
            .unwrap();
    let evaluation = serde_json::to_string(&evaluation).unwrap();
    let contents = PackageContents {
        district: district("500112"),
        district_name: "渝北区".into(),
        school_year: YEAR,
        sequence: 1,
        created_at: t("2025-03-01T08:30:00.000Z"),
        producer: "junheng 0.1.0".into(),
        statistics_version: 2,
        roster: roster_counts(&roster, YEAR),
        ledger: count_ledger(&ledger, &roster, YEAR),
        statistics,
        evaluation,
    };
    (contents, roster, ledger)
}

fn small() -> PackageContents {
    contents(4).0
}

fn registry() -> Vec<PublicKeyRecord> {
    vec![
        PublicKeyRecord {
            key: key("500112", 1).public(),
            registered_at: t("2025-01-01T00:00:00.000Z"),
            revoked_at: None,
        },
        PublicKeyRecord {
            key: key("500113", 2).public(),
            registered_at: t("2025-01-01T00:00:00.000Z"),
            revoked_at: None,
        },
    ]
}

fn now() -> Timestamp {
    t("2025-03-02T00:00:00.000Z")
}

/// Reads and verifies against the registry: the code of the refusal.
fn refusal(bytes: &[u8], keys: &[PublicKeyRecord]) -> &'static str {
    read_package(bytes, &Limits::default())
        .and_then(|u| u.verify_against(keys, &now()))
        .map(|_| "accepted")
        .unwrap_or_else(|e| e.code())
}

/// The entries of a package as (name, bytes).
fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    container::parse(bytes, &Limits::default())
        .unwrap()
        .into_iter()
        .map(|e| (e.name, bytes[e.data].to_vec()))
        .collect()
}

fn rewrite(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), &d[..])).collect();
    container::write(&refs).unwrap()
}

/// A package of arbitrary part bytes, properly listed and signed: what a malicious or broken
/// producer could make, past the writer's checks.
fn forge(parts: [Vec<u8>; 4], signer: &DistrictSigningKey) -> Vec<u8> {
    let manifest = Manifest {
        created_at: t("2025-03-01T08:30:00.000Z"),
        district: ManifestDistrict {
            code: signer.district().clone(),
            name: "渝北区".into(),
        },
        format: FORMAT.into(),
        parts: PARTS
            .iter()
            .zip(&parts)
            .map(|(n, p)| PartEntry {
                name: (*n).into(),
                sha256: sha256_hex(p),
                size: p.len() as u64,
            })
            .collect(),
        producer: "伪造".into(),
        school_year: YEAR,
        sequence: 1,
        signing_key: signer.public().fingerprint(),
        statistics_version: 1,
    };
    let canonical = manifest.canonical();
    let signature = signer.sign(&Manifest::signed_message(&canonical));
    let mut entries = vec![(MANIFEST.to_owned(), canonical)];
    entries.extend(PARTS.iter().map(|n| n.to_string()).zip(parts));
    entries.push((SIGNATURE.to_owned(), signature.to_vec()));
    rewrite(&entries)
}

fn genuine_parts(c: &PackageContents) -> [Vec<u8>; 4] {
    parts::encode(&c.statistics, &c.roster, &c.ledger, &c.evaluation)
}

#[test]
fn a_package_reads_back_as_written_with_its_provenance() {
    let c = small();
    assert!(!c.ledger.rows.is_empty() && !c.roster.is_empty());
    let signer = key("500112", 1);
    let bytes = write_package(&c, &signer).unwrap();
    assert_eq!(write_package(&c, &signer).unwrap(), bytes, "deterministic");
    let unverified = read_package(&bytes, &Limits::default()).unwrap();
    assert_eq!(
        unverified.manifest().signing_key,
        signer.public().fingerprint()
    );
    assert!(format!("{unverified:?}").len() < 2_000);
    let package = unverified.verify_against(&registry(), &now()).unwrap();
    assert_eq!(package.contents, c);
    assert_eq!(package.signed_by, registry()[0]);
    assert_eq!(package.sha256, sha256_hex(&bytes));
    let names: Vec<&str> = package
        .manifest
        .parts
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, PARTS);
    // A general ZIP reader opens it; the manifest inside is the canonical one.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut manifest = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(MANIFEST).unwrap(), &mut manifest).unwrap();
    assert_eq!(manifest, package.manifest.canonical());
}

#[test]
fn the_city_recomputes_the_ledgers_effect_from_the_package_alone() {
    let (c, roster, ledger) = contents(30);
    let bytes = write_package(&c, &key("500112", 1)).unwrap();
    let got = read_package(&bytes, &Limits::default())
        .unwrap()
        .verify_against(&registry(), &now())
        .unwrap()
        .contents;
    let rules = RotationRules::default();
    let district_side = apply_ledger(&c.statistics, &roster, &ledger, YEAR, &rules);
    let city_side = apply_counted(&got.statistics, &got.ledger.rows, YEAR, &rules);
    assert!(!district_side.applied.is_empty());
    assert_eq!(city_side.records, district_side.records);
    // Nothing of any teacher travels: no id appears anywhere in the file.
    let text = String::from_utf8_lossy(&bytes);
    for t in &roster {
        assert!(!text.contains(&format!("\"{}\"", t.id)), "{}", t.id);
    }
}

/// Which codes a changed byte may give, by where it is.
fn expected_codes(bytes: &[u8], at: usize) -> &'static [&'static str] {
    let entries = container::parse(bytes, &Limits::default()).unwrap();
    match entries.iter().find(|e| e.data.contains(&at)) {
        Some(e) if e.name == MANIFEST => &[
            codes::MANIFEST_INVALID,
            codes::FORMAT,
            codes::PART_MISSING,
            codes::SIZE_MISMATCH,
            codes::DIGEST_MISMATCH,
            codes::UNKNOWN_KEY,
            codes::FOREIGN_KEY,
            codes::SIGNATURE_INVALID,
        ],
        Some(e) if e.name == SIGNATURE => &[codes::SIGNATURE_INVALID],
        Some(_) => &[codes::DIGEST_MISMATCH],
        None => &[codes::UNREADABLE, codes::LAYOUT],
    }
}

#[test]
fn every_single_byte_change_is_refused_with_the_code_of_its_place() {
    let c = contents(2).0;
    let bytes = write_package(&c, &key("500112", 1)).unwrap();
    assert!(bytes.len() < 40_000, "{}", bytes.len());
    let keys = registry();
    let mut seen = std::collections::BTreeSet::new();
    for at in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[at] ^= 0x01;
        let code = refusal(&changed, &keys);
        assert!(
            expected_codes(&bytes, at).contains(&code),
            "byte {at}: {code}"
        );
        seen.insert(code);
    }
    // Every kind of place was hit.
    for code in [
        codes::UNREADABLE,
        codes::LAYOUT,
        codes::MANIFEST_INVALID,
        codes::DIGEST_MISMATCH,
        codes::SIGNATURE_INVALID,
    ] {
        assert!(seen.contains(code), "{code} never seen: {seen:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any byte set to any other value, anywhere.
    #[test]
    fn any_changed_byte_is_refused(at in any::<prop::sample::Index>(), value in any::<u8>()) {
        let bytes = write_package(&contents(2).0, &key("500112", 1)).unwrap();
        let at = at.index(bytes.len());
        prop_assume!(bytes[at] != value);
        let mut changed = bytes.clone();
        changed[at] = value;
        let code = refusal(&changed, &registry());
        prop_assert!(expected_codes(&bytes, at).contains(&code), "byte {}: {}", at, code);
    }
}

#[test]
fn unsigned_missing_and_extra_parts_are_refused() {
    let bytes = write_package(&small(), &key("500112", 1)).unwrap();
    let entries = entries_of(&bytes);
    let without = |name: &str| -> Vec<(String, Vec<u8>)> {
        entries.iter().filter(|(n, _)| n != name).cloned().collect()
    };
    let keys = registry();
    assert_eq!(
        refusal(&rewrite(&without(SIGNATURE)), &keys),
        codes::UNSIGNED
    );
    assert_eq!(
        refusal(&rewrite(&without(ROSTER_PART)), &keys),
        codes::PART_MISSING
    );
    assert_eq!(
        refusal(&rewrite(&without(MANIFEST)), &keys),
        codes::MANIFEST_INVALID
    );
    let mut extra = entries.clone();
    extra.insert(3, ("notes.txt".into(), "备注".as_bytes().to_vec()));
    assert_eq!(refusal(&rewrite(&extra), &keys), codes::PART_UNLISTED);
    let mut longer = entries.clone();
    longer[2].1.push(b'\n');
    assert_eq!(refusal(&rewrite(&longer), &keys), codes::SIZE_MISMATCH);
    let mut swapped = entries.clone();
    swapped[1].1[0] ^= 0x20;
    assert_eq!(refusal(&rewrite(&swapped), &keys), codes::DIGEST_MISMATCH);
    let mut short_signature = entries.clone();
    short_signature[5].1.pop();
    assert_eq!(
        refusal(&rewrite(&short_signature), &keys),
        codes::SIGNATURE_INVALID
    );
    // Parts in another order: everything checks out but the layout.
    let mut reordered = entries.clone();
    reordered.swap(2, 3);
    assert_eq!(refusal(&rewrite(&reordered), &keys), codes::LAYOUT);
}

#[test]
fn keys_of_other_districts_unknown_revoked_and_rotated() {
    let c = small();
    let keys = registry();
    // Signed by 500113's registered key while claiming 500112.
    let mut foreign = forge(genuine_parts(&c), &key("500113", 2));
    let entries = entries_of(&foreign);
    let manifest = String::from_utf8(entries[0].1.clone()).unwrap();
    assert!(manifest.contains("500113"));
    // (The forger's own district in the manifest verifies: it is 500113's package.)
    assert_eq!(refusal(&foreign, &keys), "accepted");
    let claimed = manifest.replace("500113", "500112");
    let signer = key("500113", 2);
    let signature = signer.sign(&Manifest::signed_message(claimed.as_bytes()));
    let mut e = entries.clone();
    e[0].1 = claimed.into_bytes();
    e[5].1 = signature.to_vec();
    foreign = rewrite(&e);
    assert_eq!(refusal(&foreign, &keys), codes::FOREIGN_KEY);
    let err = read_package(&foreign, &Limits::default())
        .unwrap()
        .verify_against(&keys, &now())
        .unwrap_err();
    assert!(err.to_string().contains("500113"), "{err}");

    // A key nobody registered; and the registered key's package checked against nobody's.
    let stranger = write_package(&c, &key("500112", 9)).unwrap();
    assert_eq!(refusal(&stranger, &keys), codes::UNKNOWN_KEY);
    let genuine = write_package(&c, &key("500112", 1)).unwrap();
    assert_eq!(refusal(&genuine, &[]), codes::UNKNOWN_KEY);

    // Rotation: a new key registered, the old one revoked. The old key's package — even one
    // dated before the revocation — is refused after it; the new key's is accepted.
    let mut rotated = keys.clone();
    rotated[0].revoked_at = Some(t("2025-02-01T00:00:00.000Z"));
    rotated.push(PublicKeyRecord {
        key: key("500112", 3).public(),
        registered_at: t("2025-02-01T00:00:00.000Z"),
        revoked_at: None,
    });
    assert_eq!(refusal(&genuine, &rotated), codes::KEY_REVOKED);
    let early = read_package(&genuine, &Limits::default())
        .unwrap()
        .verify_against(&rotated, &t("2025-01-15T00:00:00.000Z"));
    assert!(early.is_ok(), "valid before its revocation");
    let renewed = write_package(&c, &key("500112", 3)).unwrap();
    assert_eq!(refusal(&renewed, &rotated), "accepted");
    // Checked before the new key's registration: unknown then.
    let before = read_package(&renewed, &Limits::default())
        .unwrap()
        .verify_against(&rotated, &t("2025-01-15T00:00:00.000Z"))
        .unwrap_err();
    assert_eq!(before.code(), codes::UNKNOWN_KEY);
    // The manifest names the old key but the new key signed: no match.
    let mut e = entries_of(&renewed);
    e[5].1 = entries_of(&genuine)[5].1.clone();
    assert_eq!(refusal(&rewrite(&e), &rotated), codes::SIGNATURE_INVALID);
}

#[test]
fn person_level_parts_are_refused_even_when_signed() {
    let c = small();
    let signer = key("500112", 1);
    let keys = registry();
    let [stats, roster, ledger, evaluation] = genuine_parts(&c);
    assert_eq!(
        refusal(
            &forge(
                [
                    stats.clone(),
                    roster.clone(),
                    ledger.clone(),
                    evaluation.clone()
                ],
                &signer
            ),
            &keys
        ),
        "accepted"
    );
    // A roster of teachers instead of counts.
    let teachers = br#"[{"teacher_id":"T0001","school":"5001120001","section":"primary"}]"#;
    let forged = forge(
        [
            stats.clone(),
            teachers.to_vec(),
            ledger.clone(),
            evaluation.clone(),
        ],
        &signer,
    );
    assert_eq!(refusal(&forged, &keys), codes::PERSON_LEVEL);
    // Ledger rows naming the teacher.
    let text = String::from_utf8(ledger.clone()).unwrap();
    let named = text.replacen("\"from\"", "\"teacher\":\"T0001\",\"from\"", 1);
    assert_ne!(named, text);
    let forged = forge(
        [
            stats.clone(),
            roster.clone(),
            named.into_bytes(),
            evaluation.clone(),
        ],
        &signer,
    );
    assert_eq!(refusal(&forged, &keys), codes::PERSON_LEVEL);
    // A 姓名 column in the statistics.
    let csv = String::from_utf8(stats.clone()).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    lines[0].push_str(",姓名");
    for l in &mut lines[1..] {
        l.push_str(",张三");
    }
    let forged = forge(
        [
            (lines.join("\n") + "\n").into_bytes(),
            roster.clone(),
            ledger.clone(),
            evaluation.clone(),
        ],
        &signer,
    );
    assert_eq!(refusal(&forged, &keys), codes::PERSON_LEVEL);
    // An ID number anywhere in the evaluation.
    let eval = String::from_utf8(evaluation.clone()).unwrap();
    let with_id = eval.replacen('{', r#"{"note":"110101199003077777","#, 1);
    let forged = forge(
        [
            stats.clone(),
            roster.clone(),
            ledger.clone(),
            with_id.into_bytes(),
        ],
        &signer,
    );
    assert_eq!(refusal(&forged, &keys), codes::PERSON_LEVEL);
    // An unknown column that names no person is still refused, as not the template.
    lines[0] = lines[0].replace(",姓名", ",备注");
    let forged = forge(
        [
            (lines.join("\n") + "\n").into_bytes(),
            roster,
            ledger,
            evaluation,
        ],
        &signer,
    );
    assert_eq!(refusal(&forged, &keys), codes::STATISTICS_INVALID);
}

#[test]
fn the_writer_refuses_what_the_reader_would() {
    let c = small();
    let signer = key("500112", 1);
    let code = |c: &PackageContents| write_package(c, &signer).unwrap_err().code();
    assert_eq!(
        write_package(&c, &key("500113", 2)).unwrap_err().code(),
        codes::KEY_DISTRICT
    );
    let mut person = c.clone();
    person.evaluation = r#"{"rulebook":"cn-2017","year":2024,"姓名":"张三"}"#.into();
    assert_eq!(code(&person), codes::PERSON_LEVEL);
    let mut other_year = c.clone();
    other_year.evaluation = r#"{"rulebook":"cn-2017","year":2023}"#.into();
    assert_eq!(code(&other_year), codes::INCONSISTENT);
    let mut not_json = c.clone();
    not_json.evaluation = "评估结果".into();
    assert_eq!(code(&not_json), codes::PART_INVALID);
    let mut stats_year = c.clone();
    stats_year.school_year = 2023;
    stats_year.evaluation = r#"{"rulebook":"cn-2017","year":2023}"#.into();
    assert_eq!(code(&stats_year), codes::INCONSISTENT);
    let mut zero = c.clone();
    zero.sequence = 0;
    assert_eq!(code(&zero), codes::MANIFEST_INVALID);
    let mut name = c.clone();
    name.district_name = "渝北\n区".into();
    assert_eq!(code(&name), codes::MANIFEST_INVALID);
    let mut twice = c.clone();
    twice.roster.push(twice.roster[0].clone());
    assert_eq!(code(&twice), codes::PART_INVALID);
    let mut empty = c;
    empty.statistics.clear();
    assert_eq!(code(&empty), codes::STATISTICS_INVALID);
}

#[test]
fn caps_are_applied_before_reading() {
    let bytes = write_package(&small(), &key("500112", 1)).unwrap();
    let tiny = Limits {
        max_input_bytes: bytes.len() as u64 - 1,
        ..Limits::default()
    };
    assert_eq!(
        read_package(&bytes, &tiny).unwrap_err().code(),
        codes::TOO_LARGE
    );
    let parts = Limits {
        max_part_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        read_package(&bytes, &parts).unwrap_err().code(),
        codes::PART_TOO_LARGE
    );
}

#[test]
fn a_higher_sequence_supersedes_an_equal_or_lower_is_refused() {
    assert_eq!(supersedes(None, 1), Ok(()));
    assert_eq!(supersedes(Some(1), 2), Ok(()));
    assert_eq!(supersedes(Some(3), 7), Ok(()));
    for (existing, new) in [(2, 2), (3, 1)] {
        let err = supersedes(Some(existing), new).unwrap_err();
        assert_eq!(err.code(), codes::SEQUENCE_NOT_NEWER);
        assert!(err.to_string().contains(&existing.to_string()));
    }
}

#[test]
fn every_error_has_a_chinese_message_and_a_package_code() {
    let errors = [
        PackageError::TooLarge { limit: 1 << 20 },
        PackageError::Unreadable("x".into()),
        PackageError::Format(String::new()),
        PackageError::Format("junheng-package/2".into()),
        PackageError::Unsigned,
        PackageError::Layout { offset: 3 },
        PackageError::SequenceNotNewer {
            existing: 2,
            new: 1,
        },
    ];
    for e in errors {
        assert!(e.code().starts_with("package."));
        assert!(
            e.to_string()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{e}"
        );
    }
    assert!(PackageError::Unsigned.is_refusal());
    assert!(!PackageError::Unreadable(String::new()).is_refusal());
}
