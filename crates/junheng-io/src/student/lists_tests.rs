//! Unit tests of the comparison lists.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use super::codes;
use super::lists::*;
use crate::school::ImportFailure;
use crate::table::write::{Sheet, V, t, xlsx};

const HEADER: &str = "学籍号,姓名,出生日期,乡镇（街道）,备注";
/// A boy born 2016-09-01 (valid check character).
const BOY: &str = "G500112201609010015";
/// A girl born 2015-05-20.
const GIRL: &str = "G500112201505200025";
/// A 身份证号 (valid check character) to put where it does not belong.
const ID: &str = "110101201503077770";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

fn failure(rows: &[&str]) -> ImportFailure {
    read_list(&csv(rows), "户籍名单.csv").unwrap_err()
}

fn found(f: &ImportFailure) -> Vec<(&'static str, Option<usize>, Option<&str>)> {
    f.issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect()
}

/// Nothing of `secret` shows in the failure, whichever way it is printed.
fn hidden(f: &ImportFailure, secret: &str) {
    for shown in [format!("{f}"), format!("{f:?}")] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn the_template_reads_back_as_its_examples() {
    let file = read_list(&write_list_template(), "名单.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(SHEET_NAME));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let l = &file.lines;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].number.expose(), BOY);
    assert_eq!((l[0].name.as_str(), l[0].row), ("张示例", 2));
    assert_eq!((l[0].township.as_str(), l[0].note.as_str()), ("示例镇", ""));
    assert_eq!(l[1].note, "父母在外务工");
    assert_eq!(l[2].number.expose(), "L5001122024000123");
}

#[test]
fn optional_columns_may_be_left_out_or_empty() {
    let file = read_list(
        format!("学籍号,姓名\n{BOY},张三\nl123456,李四\n").as_bytes(),
        "a.csv",
    )
    .unwrap();
    assert_eq!(file.lines.len(), 2);
    assert_eq!(file.lines[1].number.expose(), "L123456");
    assert_eq!(file.lines[1].township, "");
    let file = read_list(
        &csv(&[&format!("{GIRL},李四,,,"), "L000001,王五,2014-01-01,,"]),
        "a.csv",
    )
    .unwrap();
    assert_eq!(file.lines.len(), 2);
}

#[test]
fn every_problem_is_located_and_no_name_is_echoed() {
    let long_note = "备".repeat(101);
    let rows = [
        // 2: fine
        format!("{BOY},张三,2016-09-01,示例镇,"),
        // 3: the birth date disagrees; a formula name
        format!("{GIRL},@王小二,2015-05-21,,"),
        // 4: a bad number; a name of digits; a long township
        format!("X123,24680,,{},", "镇".repeat(31)),
        // 5: a long note (not echoed); a formula township
        format!("L000001,赵某某,,=1+1,{long_note}"),
        // 6: a bad date; an empty name
        "L000002,,2016-02-30,,".to_owned(),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let f = failure(&rows);
    let got = found(&f);
    let expect = [
        (codes::BIRTH_MISMATCH, 3, "出生日期"),
        (codes::TEXT_FORMULA, 3, "姓名"),
        (codes::NUMBER_INVALID, 4, "学籍号"),
        (codes::NAME_INVALID, 4, "姓名"),
        (codes::LIST_TOWNSHIP_INVALID, 4, "乡镇（街道）"),
        (codes::TEXT_FORMULA, 5, "乡镇（街道）"),
        (codes::LIST_NOTE_INVALID, 5, "备注"),
        (codes::BIRTH_DATE_INVALID, 6, "出生日期"),
        (codes::REQUIRED_CELL_EMPTY, 6, "姓名"),
    ];
    for (code, row, column) in expect {
        assert!(
            got.contains(&(code, Some(row), Some(column))),
            "{code} at row {row} {column}: {got:?}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{got:?}");
    for secret in ["王小二", "24680", "赵某某", "2015-05-21", &long_note] {
        hidden(&f, secret);
    }
    let note = f.issues.iter().find(|i| i.code == codes::LIST_NOTE_INVALID);
    assert!(note.unwrap().message.contains("第 5 行的备注"));
    assert!(
        f.issues
            .iter()
            .all(|i| i.column.as_deref() != Some("姓名") || i.value.is_none())
    );
    assert_eq!(f.issues[0].file, "户籍名单.csv");
}

#[test]
fn a_national_id_column_refuses_the_whole_file() {
    for header in ["身份证号", "身份证"] {
        let text = format!("{HEADER},{header}\n{BOY},张三,,,,{ID}\n");
        let f = read_list(text.as_bytes(), "名单.csv").unwrap_err();
        assert_eq!(
            found(&f),
            [(codes::NATIONAL_ID_COLUMN, Some(1), Some(header))]
        );
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        hidden(&f, ID);
    }
    // With a required column missing too, the 身份证 column comes first.
    let f = read_list(format!("学籍号,身份证号\n{BOY},{ID}\n").as_bytes(), "a.csv").unwrap_err();
    assert_eq!(f.issues[0].code, codes::NATIONAL_ID_COLUMN);
    assert_eq!(f.issues[1].code, codes::REQUIRED_COLUMN_MISSING);
    hidden(&f, ID);
}

#[test]
fn an_id_in_the_name_or_another_column_is_refused_unshown() {
    let f = failure(&[
        &format!("{BOY},{ID},,,"),
        &format!("{GIRL},李四,,,母亲{ID}"),
    ]);
    assert_eq!(
        found(&f),
        [
            (codes::NATIONAL_ID_VALUE, Some(2), Some("姓名")),
            (codes::NATIONAL_ID_VALUE, Some(3), Some("备注")),
        ]
    );
    assert_eq!(f.issues[0].value, None);
    assert!(f.issues[0].message.contains("第 2 行的姓名"));
    hidden(&f, ID);
    hidden(&f, &ID[6..14]);
}

#[test]
fn a_number_twice_is_refused_masked() {
    let f = failure(&[
        &format!("{BOY},张三,,,"),
        "L000001,李四,,,",
        &format!("{BOY},王五,,,"),
    ]);
    assert_eq!(
        found(&f),
        [(codes::DUPLICATE_NUMBER, Some(4), Some("学籍号"))]
    );
    assert_eq!(f.issues[0].value.as_deref(), Some("G5001**********0015"));
    assert!(f.issues[0].message.contains("第 2 行"));
    hidden(&f, BOY);
    hidden(&f, "王五");
}

#[test]
fn the_header_and_the_sheet_are_checked() {
    let f = read_list("学籍号,备注\nL000001,x\n".as_bytes(), "a.csv").unwrap_err();
    assert_eq!(
        found(&f),
        [(codes::REQUIRED_COLUMN_MISSING, None, Some("姓名"))]
    );
    let empty = read_list(b"", "a.csv").unwrap_err();
    assert!(empty.issues[0].message.contains("名单模板"), "{empty}");
    let headers: Vec<&str> = HEADER.split(',').collect();
    let row = vec![t(BOY), t("张三"), V::E, V::E, V::E];
    let bytes = xlsx(&[
        Sheet::new("户籍", &headers, vec![row]),
        Sheet::new("备用", &headers, vec![]),
    ])
    .unwrap();
    let file = read_list(&bytes, "名单.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some("户籍"));
    assert_eq!(file.warnings[0].code, codes::LIST_SHEET_NOT_NAMED);
}

#[test]
fn debug_hides_the_name_the_note_and_the_number() {
    let file = read_list(&write_list_template(), "名单.xlsx").unwrap();
    let shown = format!("{file:?}");
    for secret in ["张示例", "父母在外务工", BOY] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("G5001**********0015"));
}

#[test]
fn kinds_have_ids_and_labels() {
    for k in ListKind::ALL {
        assert_eq!(ListKind::from_id(k.id()), Some(k));
        assert!(!k.label().is_empty() && !k.purpose().is_empty());
    }
    assert_eq!(ListKind::Poverty.to_string(), "脱贫户适龄子女名单");
    assert_eq!(ListKind::from_id("x"), None);
}

/// Every XML part of a workbook, as one text.
pub(super) fn unzipped(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut all).unwrap();
    }
    all
}

#[test]
fn the_comparison_shows_masked_numbers_only() {
    let mismatches = [
        Mismatch {
            row: 2,
            number_masked: "G5001**********0015".into(),
            name: "张三".into(),
            township: "示例镇".into(),
            finding: "学籍中无此学生，疑似失学".into(),
        },
        // A caller that forgot to mask.
        Mismatch {
            row: 7,
            number_masked: GIRL.into(),
            name: "李四".into(),
            township: String::new(),
            finding: "学籍中无此学生，疑似失学".into(),
        },
    ];
    assert!(!format!("{:?}", mismatches[1]).contains(GIRL));
    let bytes = write_comparison(
        ListKind::Hukou,
        "户籍名单.xlsx",
        "2025-03-01",
        40,
        &mismatches,
    );
    let xml = unzipped(&bytes);
    for plain in [BOY, GIRL, &BOY[1..], &GIRL[5..15]] {
        assert!(!xml.contains(plain), "{plain}");
    }
    assert!(xml.contains("G5001**********0015") && xml.contains("G5001**********0025"));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["比对结果", "未匹配", "说明"]);
    let summary = book.worksheet_range("比对结果").unwrap();
    assert_eq!(
        summary.get((1, 1)),
        Some(&Data::String("户籍适龄儿童名单".into()))
    );
    assert_eq!(summary.get((5, 1)), Some(&Data::Float(42.0)));
    assert_eq!(summary.get((7, 1)), Some(&Data::Float(2.0)));
    let rows = book.worksheet_range("未匹配").unwrap();
    assert_eq!(rows.height(), 3);
    assert_eq!(rows.get((2, 0)), Some(&Data::Float(7.0)));
    assert_eq!(rows.get((2, 2)), Some(&Data::String("李四".into())));
}
