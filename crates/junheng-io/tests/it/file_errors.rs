//! File and header problems: format, encoding, empty files, missing/duplicate/unknown columns.

use std::path::Path;

use junheng_io::school::{COLUMNS, codes, read_bytes, read_path};

use crate::common::{PRIMARY, csv, fail_csv, find, ok_csv, only, row};

#[test]
fn unsupported_extension() {
    let failure = read_bytes(b"whatever", "学校.txt").unwrap_err();
    let issue = only(&failure, codes::UNSUPPORTED_FORMAT, None, None);
    assert!(issue.message.contains(".xlsx") && issue.message.contains(".csv"));
    assert_eq!(issue.file, "学校.txt");
    let failure = read_path(Path::new("/nonexistent/学校"), &mut |_, _| {}).unwrap_err();
    only(&failure, codes::UNSUPPORTED_FORMAT, None, None);
}

#[test]
fn unreadable_file() {
    let failure =
        read_path(Path::new("/nonexistent/学校基本情况表.CSV"), &mut |_, _| {}).unwrap_err();
    let issue = only(&failure, codes::FILE_UNREADABLE, None, None);
    assert_eq!(issue.file, "学校基本情况表.CSV");
    for name in ["坏.xlsx", "坏.xls", "坏.ods", "坏.xlsm"] {
        let failure = read_bytes(b"this is not a workbook", name).unwrap_err();
        only(&failure, codes::FILE_UNREADABLE, None, None);
    }
}

#[test]
fn empty_csv() {
    only(&fail_csv(""), codes::FILE_EMPTY, None, None);
    only(&fail_csv("\u{feff}"), codes::FILE_EMPTY, None, None);
}

#[test]
fn header_without_data_rows() {
    only(&fail_csv(&csv(&[])), codes::NO_DATA_ROWS, None, None);
    only(
        &fail_csv(&format!("{}\n,,,\n", csv(&[]).trim_end())),
        codes::NO_DATA_ROWS,
        None,
        None,
    );
}

#[test]
fn missing_required_column() {
    let text = "学年,学校标识码,办学类型\n2024,5001120001,小学\n";
    let failure = fail_csv(text);
    let issue = only(
        &failure,
        codes::REQUIRED_COLUMN_MISSING,
        None,
        Some("学校名称"),
    );
    assert!(issue.message.contains("学校名称"));
    // Every optional column is a warning, numbers default to zero, texts to empty.
    let warnings = &failure.warnings;
    find(
        warnings,
        codes::COLUMN_MISSING_DEFAULT_ZERO,
        None,
        Some("小学在校生数"),
    );
    find(
        warnings,
        codes::COLUMN_MISSING_DEFAULT_EMPTY,
        None,
        Some("学区"),
    );
    // Every optional column but 经度/纬度 (map only) and the arts rooms' areas (checked where
    // given) warns.
    let silent = |c: &&junheng_io::school::Column| {
        c.kind == "coordinate" || c.header.ends_with("专用教室面积")
    };
    assert_eq!(COLUMNS.iter().filter(silent).count(), 4);
    assert_eq!(warnings.len(), COLUMNS.len() - 4 - 4);
}

#[test]
fn missing_optional_columns_are_zero_with_a_warning() {
    let headers: Vec<_> = PRIMARY
        .iter()
        .map(|(h, _)| *h)
        .filter(|h| !["计算机台数", "图书册数"].contains(h))
        .collect();
    let values: Vec<_> = headers
        .iter()
        .map(|h| PRIMARY.iter().find(|(k, _)| k == h).unwrap().1)
        .collect();
    let text = format!("{}\n{}\n", headers.join(","), values.join(","));
    let imported = ok_csv(&text);
    let warning = find(
        &imported.warnings,
        codes::COLUMN_MISSING_DEFAULT_ZERO,
        None,
        Some("计算机台数"),
    );
    assert!(warning.message.contains("计算机台数") && warning.message.contains('0'));
    find(
        &imported.warnings,
        codes::COLUMN_MISSING_DEFAULT_ZERO,
        None,
        Some("图书册数"),
    );
    assert_eq!(imported.records[0].facilities.computers, 0);
    assert_eq!(imported.records[0].primary.students, 812);
}

#[test]
fn duplicate_header() {
    let text = "学年,学校标识码,学校名称,办学类型,学校名称\n2024,5001120001,甲,小学,乙\n";
    let issue = find(
        &fail_csv(text).issues,
        codes::DUPLICATE_COLUMN,
        Some(1),
        Some("学校名称"),
    )
    .clone();
    assert!(
        issue.message.contains("第 3 列") && issue.message.contains("第 5 列"),
        "{}",
        issue.message
    );
}

#[test]
fn unknown_column_is_a_warning_and_ignored() {
    let text = csv(&[row(&[])]);
    let lines: Vec<_> = text.lines().collect();
    let text = format!("{},备注\n{},这是备注\n", lines[0], lines[1]);
    let imported = ok_csv(&text);
    let warning = find(
        &imported.warnings,
        codes::UNKNOWN_COLUMN,
        Some(1),
        Some("备注"),
    );
    assert!(warning.message.contains("忽略"));
    assert_eq!(imported.records.len(), 1);
}

#[test]
fn headers_are_trimmed_of_ascii_and_full_width_spaces() {
    let text = csv(&[row(&[])]).replacen("学年,学校标识码", " 学年\u{3000},\u{3000}学校标识码 ", 1);
    let imported = ok_csv(&text);
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
}

#[test]
fn utf8_with_and_without_bom() {
    let text = csv(&[row(&[])]);
    let plain = ok_csv(&text);
    let with_bom = read_bytes(format!("\u{feff}{text}").as_bytes(), "a.csv").unwrap();
    assert_eq!(plain.records, with_bom.records);
    assert_eq!(plain.records[0].name, "重庆市渝北区实验小学");
}

#[test]
fn gb18030_csv_reads_right() {
    let text = csv(&[row(&[("学校名称", "渝北区㙟坝小学"), ("学区", "两路学区")])]);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file must not be UTF-8"
    );
    let gb = read_bytes(&bytes, "gbk.csv").unwrap();
    assert_eq!(gb.records, ok_csv(&text).records);
    assert_eq!(gb.records[0].name, "渝北区㙟坝小学");
    assert_eq!(gb.records[0].zone.as_deref(), Some("两路学区"));
}

#[test]
fn utf16_with_bom_reads_right() {
    let text = csv(&[row(&[])]);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        read_bytes(&bytes, "u16.csv").unwrap().records,
        ok_csv(&text).records
    );
}

#[test]
fn undecodable_csv() {
    // Invalid in UTF-8 and in GB18030 (0x80 alone, 0xFF).
    only(
        &read_bytes(b"\x80\xff,\xff\n", "bad.csv").unwrap_err(),
        codes::ENCODING_INVALID,
        None,
        None,
    );
    // A UTF-8 BOM followed by GBK bytes: located at the first bad byte.
    let (gbk, _, _) = encoding_rs::GB18030.encode("学年,学校标识码\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&gbk);
    let issue = only(
        &read_bytes(&bytes, "bom.csv").unwrap_err(),
        codes::ENCODING_INVALID,
        Some(1),
        Some("第 1 列"),
    );
    assert!(issue.message.contains("第 6 个字节"), "{}", issue.message);
}

#[test]
fn a_utf8_file_with_one_gbk_cell_names_the_cell() {
    let mut bytes = csv(&[
        row(&[]),
        row(&[("学校标识码", "5001120002"), ("学校名称", "NAME")]),
    ])
    .into_bytes();
    let at = bytes.windows(4).position(|w| w == b"NAME").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode("新华村小");
    bytes.splice(at..at + 4, gbk.iter().copied());
    let failure = read_bytes(&bytes, "mixed.csv").unwrap_err();
    only(&failure, codes::ENCODING_INVALID, Some(3), Some("学校名称"));
}

#[test]
fn tab_and_semicolon_separated_csv() {
    let text = csv(&[row(&[])]);
    for sep in ["\t", ";"] {
        let other = text.replace(',', sep);
        assert_eq!(
            read_bytes(other.as_bytes(), "t.csv").unwrap().records,
            ok_csv(&text).records
        );
    }
}

#[test]
fn read_path_reports_progress_in_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("学校基本情况表.csv");
    let rows: Vec<_> = (0..10_000)
        .map(|i| row(&[("学校标识码", &format!("50011{i:05}"))]))
        .collect();
    let text = csv(&rows);
    std::fs::write(&path, &text).unwrap();
    let mut calls = Vec::new();
    let imported = read_path(&path, &mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(imported.records.len(), 10_000);
    let total = text.len() as u64;
    assert!(calls.len() >= 3 && calls.len() < 10, "{calls:?}");
    assert!(calls.iter().all(|&(d, t)| t == total && d <= t));
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(calls.last(), Some(&(total, total)));
}

#[test]
fn failure_display_is_one_issue_per_line_and_capped() {
    let rows: Vec<_> = (0..250)
        .map(|i| row(&[("学校标识码", &format!("50011{i:05}")), ("小学班数", "x")]))
        .collect();
    let failure = fail_csv(&csv(&rows));
    assert_eq!(failure.issues.len(), 250);
    let text = failure.to_string();
    assert_eq!(text.lines().count(), 201);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("学校基本情况表.csv 第 2 行「小学班数」列，值「x」：")
    );
    assert!(text.ends_with("…另有 50 个问题"));
    let _: &dyn std::error::Error = &failure;
}
