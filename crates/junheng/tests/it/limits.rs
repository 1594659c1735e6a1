//! Hostile input files on the real binary: refused with exit code 2, a located message naming
//! the limit (and the flag that raises it), and output that does not grow with the input.

use std::io::Write;

use crate::{junheng, stderr};

/// A file name in a fresh temporary directory.
fn temp(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[test]
fn an_endless_input_is_refused_at_the_size_cap() {
    let (_dir, path) = temp("学校.csv");
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["evaluate", p, "--max-input-mb", "1"],
        vec!["--max-input-mb", "1", "roster", "import", p],
        vec!["ledger", "import", p, "--max-input-mb", "1"],
        vec!["--max-input-mb", "1", "lottery", "verify", p],
        vec![
            "--max-input-mb",
            "1",
            "lottery",
            "freeze",
            "--zones",
            p,
            "--seats",
            p,
            "--applicants",
            p,
            "-o",
            "/nonexistent/f.json",
            "--receipts",
            "/nonexistent/r.csv",
            "--key-out",
            "/nonexistent/k",
        ],
    ] {
        let o = junheng(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("学校.csv"), "{err}");
        assert!(err.contains("1 MiB"), "{err}");
        assert!(err.contains("--max-input-mb"), "{err}");
        assert!(err.len() < 2_000, "{} bytes", err.len());
    }
    // With the default cap too (64 MiB of zeros are read, then refused).
    let o = junheng(&["evaluate", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("64 MiB"), "{}", stderr(&o));
    // A rulebook file is read within the cap as well.
    let (_d, rules) = temp("规则.toml");
    std::os::unix::fs::symlink("/dev/zero", &rules).unwrap();
    let o = junheng(&[
        "evaluate",
        p,
        "--rulebook",
        rules.to_str().unwrap(),
        "--max-input-mb",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("规则.toml"), "{}", stderr(&o));
}

#[test]
fn a_deflate_bomb_is_refused_with_a_located_message_and_short_output() {
    let mut sheet = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".to_vec();
    sheet.resize(sheet.len() + (64 << 20), b'x');
    sheet.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    let (_dir, path) = temp("炸弹.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(&sheet).unwrap();
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
    let o = junheng(&["evaluate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("炸弹.xlsx"), "{err}");
    assert!(err.contains("32767 个字符"), "{err}");
    assert!(err.len() < 2_000, "{} bytes", err.len());
    assert!(o.stdout.is_empty());
}

#[test]
fn a_wide_roster_is_refused_at_once_with_one_issue() {
    let (_dir, path) = temp("花名册.csv");
    let header: Vec<String> = (0..100_000).map(|j| format!("列{j}")).collect();
    std::fs::write(&path, format!("{}\n1\n", header.join(","))).unwrap();
    let o = junheng(&["roster", "import", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("第 1 行") && err.contains("256"), "{err}");
    assert!(err.len() < 2_000, "{} bytes", err.len());
}
