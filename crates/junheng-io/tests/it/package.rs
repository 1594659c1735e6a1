//! 数据上报 packages as files from elsewhere: re-packed by ZIP tools, deflate bombs, lying headers,
//! too many parts, too large — each refused before anything is inflated or parsed.

use std::io::{Cursor, Read, Write};

use junheng_io::Limits;
use junheng_io::package::{
    DistrictCode, DistrictSigningKey, PackageContents, PublicKeyRecord, Timestamp, codes,
    read_package, write_package,
};
use junheng_rotation::CountedLedger;

use crate::bombs::{lie_about_sizes, zip_of};
use crate::common::{PRIMARY, csv, ok_csv, row};

fn t(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn signer() -> DistrictSigningKey {
    DistrictSigningKey::from_seed(DistrictCode::parse("500112").unwrap(), [5; 32])
}

fn package() -> Vec<u8> {
    let statistics = ok_csv(&csv(&[row(&[]), row(&[("学校标识码", "5001120002")])])).records;
    assert_eq!(statistics[0].name, PRIMARY[2].1);
    let evaluation = junheng_core::evaluate::evaluate(
        &statistics,
        &junheng_core::rulebook::Rulebook::builtin("cn-2017").unwrap(),
    )
    .unwrap();
    let evaluation = serde_json::to_string(&evaluation).unwrap();
    let contents = PackageContents {
        district: DistrictCode::parse("500112").unwrap(),
        district_name: "渝北区".into(),
        school_year: 2024,
        sequence: 1,
        created_at: t("2025-03-01T08:30:00.000Z"),
        producer: "junheng test".into(),
        statistics_version: 1,
        statistics,
        roster: vec![],
        ledger: CountedLedger::default(),
        evaluation,
    };
    write_package(&contents, &signer()).unwrap()
}

fn keys() -> Vec<PublicKeyRecord> {
    vec![PublicKeyRecord {
        key: signer().public(),
        registered_at: t("2025-01-01T00:00:00.000Z"),
        revoked_at: None,
    }]
}

fn code(bytes: &[u8], limits: &Limits) -> &'static str {
    read_package(bytes, limits)
        .and_then(|u| u.verify_against(&keys(), &t("2025-03-02T00:00:00.000Z")))
        .map(|_| "accepted")
        .unwrap_or_else(|e| e.code())
}

/// The entries of a ZIP, as a general reader sees them.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn zip_stored(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_package_unzipped_and_zipped_again_is_refused() {
    let bytes = package();
    let limits = Limits::default();
    assert_eq!(code(&bytes, &limits), "accepted");
    let entries = unzip(&bytes);
    assert_eq!(entries.len(), 6);
    // Stored again by another writer: the content and signature check out, the layout does not.
    assert_eq!(code(&zip_stored(&entries), &limits), codes::LAYOUT);
    // Deflated: refused before anything is inflated.
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), &d[..])).collect();
    let deflated = zip_of(&refs);
    let err = read_package(&deflated, &limits).unwrap_err();
    assert_eq!(err.code(), codes::UNREADABLE);
    assert!(err.to_string().contains("manifest.json 经过压缩"), "{err}");
}

#[test]
fn a_deflate_bomb_is_never_inflated() {
    // 16 MiB of one byte deflate to a few KiB; the part is refused for being compressed, so it is
    // never inflated whatever the limits.
    let bomb = vec![b'{'; 16 << 20];
    let bytes = zip_of(&[("manifest.json", &bomb)]);
    assert!(bytes.len() < 100_000);
    let tiny = Limits {
        max_part_bytes: 1 << 10,
        max_workbook_bytes: 1 << 10,
        ..Limits::default()
    };
    assert_eq!(code(&bytes, &tiny), codes::UNREADABLE);
    // Headers that lie about the size a part inflates to.
    let lying = lie_about_sizes(package(), 1 << 30);
    let err = read_package(&lying, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), codes::UNREADABLE);
    assert!(err.to_string().contains("大小不一致"), "{err}");
}

#[test]
fn sizes_and_counts_are_capped() {
    let bytes = package();
    let limits = Limits::default();
    let small_file = Limits {
        max_input_bytes: 1 << 10,
        ..limits
    };
    assert_eq!(code(&bytes, &small_file), codes::TOO_LARGE);
    let small_part = Limits {
        max_part_bytes: 1 << 10,
        ..limits
    };
    assert_eq!(code(&bytes, &small_part), codes::PART_TOO_LARGE);
    // Ten thousand empty entries: refused from the end record's count.
    let names: Vec<String> = (0..10_000).map(|i| format!("p{i}")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let err = read_package(&zip_stored_refs(&many), &limits).unwrap_err();
    assert_eq!(err.code(), codes::UNREADABLE);
    assert!(err.to_string().contains("10000 个部件"), "{err}");
    // Not a ZIP at all; empty; a workbook.
    let workbook = crate::bombs::inflated_cell(10);
    for other in [&b""[..], &b"junheng-package/1"[..], &workbook[..]] {
        assert_eq!(code(other, &limits), codes::UNREADABLE);
    }
}

fn zip_stored_refs(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let owned: Vec<(String, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| ((*n).to_owned(), d.to_vec()))
        .collect();
    zip_stored(&owned)
}
