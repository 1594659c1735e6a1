//! 佐证材料: the document check fuzzed with the importers' harness (`fuzz.rs`): valid documents
//! of every accepted kind, and files that must be refused, mutated at random — bytes flipped,
//! inserted, cut, spliced, the ZIP end record and central directory rewritten — plus
//! structured containers that lie about themselves.
//!
//! For every case: no panic; the peak memory of the check stays a small multiple of the input;
//! an accepted file keeps its bytes, their SHA-256 and a kind its extension agrees with; a
//! refusal carries one of the stable `evidence.*` codes and a short Chinese message naming the
//! file. Time-bounded by a quarter of `JUNHENG_TEST_FUZZ_SECONDS` (default 20), over fixed seeds
//! and one random seed, printed with any failure.

use std::io::{Cursor, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use junheng_io::evidence::{Checked, EvidenceError, Kind, check, check_with, codes};
use sha2::{Digest, Sha256};

use crate::bombs::zip_of;
use crate::fuzz::{Rng, budget, mutate_bytes, peak_of};
use crate::watchdog::watched;

const CODES: [&str; 7] = [
    codes::EMPTY,
    codes::SIZE,
    codes::TYPE,
    codes::EXTENSION,
    codes::NAME,
    codes::MACRO,
    codes::UNREADABLE,
];

fn fixture(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures");
    std::fs::read(dir.join(name)).unwrap()
}

/// A ZIP whose first entry is stored (as OpenDocument's `mimetype` must be).
fn odf(mime: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(mime.as_bytes()).unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(b"<office:document-content/>").unwrap();
    w.finish().unwrap();
    out.into_inner()
}

fn ole(stream: &str) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream(stream)
        .unwrap()
        .write_all(&[7; 5000])
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// Valid documents of every kind, and a web page, under the names they are checked as.
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let ooxml = |family: &str| {
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>".as_slice()),
            ("_rels/.rels", b"<Relationships/>".as_slice()),
            (&format!("{family}/document.xml"), [b'x'; 300].as_slice()),
        ])
    };
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    png.extend_from_slice(&[0; 32]);
    let mut webp = b"RIFF\x10\0\0\0WEBPVP8 ".to_vec();
    webp.extend_from_slice(&[0; 64]);
    vec![
        (
            "集团章程.pdf",
            b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec(),
        ),
        ("照片.png", png),
        (
            "扫描.jpg",
            b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01".to_vec(),
        ),
        ("图.webp", webp),
        ("规划.docx", ooxml("word")),
        ("花名册.xlsx", junheng_io::teacher::write_template()),
        ("汇报.pptx", ooxml("ppt")),
        ("旧章程.doc", ole("/WordDocument")),
        ("旧表.xls", fixture("template.xls")),
        ("章程.odt", odf("application/vnd.oasis.opendocument.text")),
        ("表.ods", fixture("template.ods")),
        (
            "网页.html",
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
        ),
    ]
}

/// Containers that lie: entry counts, sizes and offsets past the file, many end records, a
/// ZIP64 marker, an OLE header claiming huge tables.
fn liars() -> Vec<(&'static str, Vec<u8>)> {
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("word/document.xml", b"<x/>".as_slice()),
    ]);
    let end = docx.len() - 22;
    let with = |at: usize, value: &[u8]| {
        let mut b = docx.clone();
        b[end + at..end + at + value.len()].copy_from_slice(value);
        b
    };
    let mut many_ends = docx.clone();
    for _ in 0..3000 {
        many_ends.extend_from_slice(b"PK\x05\x06");
    }
    let mut ole_huge = ole("/WordDocument");
    // Number of FAT sectors and of the first directory sector: far past the file.
    ole_huge[0x2C..0x30].copy_from_slice(&u32::MAX.to_le_bytes());
    ole_huge[0x30..0x34].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    vec![
        ("多部件.docx", with(8, &[0xFF, 0xFF, 0xFF, 0xFF])),
        ("大目录.docx", with(12, &u32::MAX.to_le_bytes())),
        ("远目录.docx", with(16, &0x7FFF_FFFFu32.to_le_bytes())),
        ("注释.docx", with(20, &[0xFF, 0xFF])),
        ("多结尾.docx", many_ends),
        (
            "空.docx",
            b"PK\x05\x06".iter().copied().chain([0; 18]).collect(),
        ),
        ("巨表.doc", ole_huge),
        ("截断.doc", ole("/WordDocument")[..520].to_vec()),
    ]
}

/// Checks one case under every invariant; returns the peak memory of the check.
fn case(name: &str, bytes: &[u8], what: &str) -> usize {
    let (result, peak) = watched(what, bytes, || {
        peak_of(|| catch_unwind(AssertUnwindSafe(|| check(bytes.to_vec(), name))))
    });
    let Ok(result) = result else {
        panic!("{what}: the check panicked");
    };
    // The input copy, the ZIP names and cfb's tables: a few times the input at most.
    let bound = 6 * bytes.len() + (8 << 20);
    assert!(peak <= bound, "{what}: peak {peak} bytes > {bound}");
    match result {
        Ok(checked) => accepted(&checked, name, bytes, what),
        Err(e) => refused(&e, name, what),
    }
    peak
}

fn accepted(checked: &Checked, name: &str, bytes: &[u8], what: &str) {
    let ext = name.rsplit_once('.').unwrap().1;
    assert!(
        checked.kind.extensions().contains(&ext),
        "{what}: {checked:?}"
    );
    assert_eq!(checked.bytes(), bytes, "{what}");
    assert_eq!(checked.sha256, hex::encode(Sha256::digest(bytes)), "{what}");
    assert_eq!(checked.file_name, name, "{what}");
    assert_eq!(
        Kind::from_media_type(checked.kind.media_type()),
        Some(checked.kind)
    );
}

fn refused(e: &EvidenceError, name: &str, what: &str) {
    assert!(CODES.contains(&e.code), "{what}: code {}", e.code);
    assert!(e.message.contains(name), "{what}: {e}");
    assert!(e.message.chars().count() <= 400, "{what}: {e}");
}

/// One random change aimed at a ZIP's end record or central directory, or at the OLE header.
fn mutate_structure(rng: &mut Rng, bytes: &mut [u8]) {
    let len = bytes.len();
    if len < 64 {
        return;
    }
    let at = match rng.below(3) {
        0 => len - 22 + rng.below(22),
        1 => len.saturating_sub(22 + rng.below(400)),
        _ => rng.below(512.min(len)),
    };
    let value = match rng.below(4) {
        0 => 0,
        1 => 0xFF,
        2 => rng.next() as u8,
        _ => bytes[at].wrapping_add(1),
    };
    bytes[at] = value;
}

#[test]
fn liars_and_limits_are_refused_within_bounded_memory() {
    for (name, bytes) in liars() {
        case(name, &bytes, &format!("liar {name}"));
        let err = check(bytes, name).unwrap_err();
        assert!(
            [codes::UNREADABLE, codes::TYPE].contains(&err.code),
            "{name}: {}",
            err.code
        );
    }
    let big = vec![b'%'; 1 << 20];
    assert_eq!(
        check_with(big, "大.pdf", 1000).unwrap_err().code,
        codes::SIZE
    );
}

#[test]
fn mutated_documents_never_panic_nor_pass_unchecked() {
    let seeds = seeds();
    for (name, bytes) in &seeds {
        let result = check(bytes.clone(), name);
        if name.ends_with(".html") {
            assert_eq!(result.unwrap_err().code, codes::TYPE);
        } else {
            assert!(result.is_ok(), "seed {name}: {}", result.unwrap_err());
        }
    }
    let random = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let runs = [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, random];
    let per_run = budget() / 4 / runs.len() as u32;
    let (mut cases, mut accepted, mut worst) = (0usize, 0usize, 0usize);
    for &run in &runs {
        let mut rng = Rng(run);
        let started = Instant::now();
        while started.elapsed() < per_run {
            let (name, seed) = &seeds[rng.below(seeds.len())];
            let other = &seeds[rng.below(seeds.len())].1;
            let mut bytes = seed.clone();
            for _ in 0..1 + rng.below(3) {
                if rng.below(2) == 0 {
                    mutate_bytes(&mut rng, &mut bytes, other);
                } else {
                    mutate_structure(&mut rng, &mut bytes);
                }
            }
            let what =
                format!("seed {run:#x} case {cases} ({name}); rerun with this seed to reproduce");
            worst = worst.max(case(name, &bytes, &what));
            accepted += usize::from(check(bytes, name).is_ok());
            cases += 1;
        }
    }
    eprintln!(
        "fuzz: evidence, {cases} cases ({accepted} accepted), seeds {runs:x?}, peak memory {:.1} MiB",
        worst as f64 / f64::from(1 << 20)
    );
    assert!(cases > runs.len(), "the budget ran no case");
}
