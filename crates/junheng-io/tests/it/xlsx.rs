//! Spreadsheet specifics, on .xlsx files written with rust_xlsxwriter: numbers in code columns,
//! error and date cells, sheet choice, row numbers as Excel shows them.

use std::path::PathBuf;

use junheng_io::school::{COLUMNS, ImportFailure, Imported, codes, read_bytes, read_path};
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook, Worksheet};

use crate::common::{find, only, row};

/// Writes the template header and rows with the header's top-left cell at (`top`, `left`)
/// (0-based): numbers as numbers, codes and other text as text.
fn fill(sheet: &mut Worksheet, top: u32, left: u16, rows: &[Vec<String>]) {
    for (i, c) in COLUMNS.iter().enumerate() {
        sheet.write_string(top, left + i as u16, c.header).unwrap();
    }
    for (k, r) in rows.iter().enumerate() {
        for (i, value) in r.iter().enumerate() {
            let (row, col) = (top + 1 + k as u32, left + i as u16);
            if value.is_empty() {
                continue;
            }
            match value.parse::<f64>() {
                Ok(v) if COLUMNS[i].kind != "code" => sheet.write_number(row, col, v).unwrap(),
                _ => sheet.write_string(row, col, value).unwrap(),
            };
        }
    }
}

struct Book {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// Saves a workbook built by `build` as 学校基本情况表.xlsx.
fn book(build: impl FnOnce(&mut Workbook)) -> Book {
    let mut workbook = Workbook::new();
    build(&mut workbook);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("学校基本情况表.xlsx");
    workbook.save(&path).unwrap();
    Book { _dir: dir, path }
}

/// A one-sheet workbook named 学校基本情况表 whose data starts at A1, after `tweak`.
fn simple(rows: &[Vec<String>], tweak: impl FnOnce(&mut Worksheet)) -> Book {
    book(|wb| {
        let sheet = wb.add_worksheet().set_name("学校基本情况表").unwrap();
        fill(sheet, 0, 0, rows);
        tweak(sheet);
    })
}

fn read(book: &Book) -> Result<Imported, ImportFailure> {
    read_path(&book.path, &mut |_, _| {})
}

const CODE_COL: u16 = 1;
const PARENT_COL: u16 = 5;

#[test]
fn a_code_cell_holding_a_number_is_an_error_naming_the_cell() {
    let b = simple(
        &[row(&[]), row(&[("学校标识码", "5001120002")])],
        |s| {
            s.write_number(2, CODE_COL, 5001120002.0).unwrap();
        },
    );
    let failure = read(&b).unwrap_err();
    let issue = only(
        &failure,
        codes::SCHOOL_CODE_NOT_TEXT,
        Some(3),
        Some("学校标识码"),
    );
    assert_eq!(issue.value.as_deref(), Some("5001120002"));
    assert_eq!(issue.sheet.as_deref(), Some("学校基本情况表"));
    assert!(issue.to_string().starts_with(
        "学校基本情况表.xlsx 工作表「学校基本情况表」第 3 行「学校标识码」列，值「5001120002」："
    ));
    assert!(issue.message.contains("文本"));
}

#[test]
fn a_parent_code_holding_a_number_is_an_error_too() {
    let point = row(&[
        ("学校标识码", "5001120002"),
        ("办学类型", "教学点"),
        ("上级学校标识码", "5001120001"),
    ]);
    let b = simple(&[row(&[]), point], |s| {
        s.write_number(2, PARENT_COL, 5001120001.0).unwrap();
    });
    only(
        &read(&b).unwrap_err(),
        codes::SCHOOL_CODE_NOT_TEXT,
        Some(3),
        Some("上级学校标识码"),
    );
}

#[test]
fn codes_as_text_in_scientific_notation() {
    let b = simple(&[row(&[("学校标识码", "5.00112E+09")])], |_| {});
    only(
        &read(&b).unwrap_err(),
        codes::SCHOOL_CODE_SCIENTIFIC,
        Some(2),
        Some("学校标识码"),
    );
}

#[test]
fn rows_are_numbered_as_excel_shows_them() {
    // Header in C4, a blank row between the two schools.
    let b = book(|wb| {
        let sheet = wb.add_worksheet().set_name("学校基本情况表").unwrap();
        let second = row(&[("学校标识码", "5001120002"), ("小学班数", "x")]);
        fill(
            sheet,
            3,
            2,
            &[row(&[]), vec![String::new(); COLUMNS.len()], second],
        );
    });
    only(
        &read(&b).unwrap_err(),
        codes::NOT_A_NUMBER,
        Some(7),
        Some("小学班数"),
    );
}

#[test]
fn excel_error_cells() {
    let b = simple(&[row(&[])], |s| {
        s.write_formula(1, 24, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    let issue = only(
        &read(&b).unwrap_err(),
        codes::EXCEL_ERROR_CELL,
        Some(2),
        Some("体育馆面积"),
    );
    assert_eq!(issue.value.as_deref(), Some("#DIV/0!"));
}

#[test]
fn date_and_boolean_cells_in_number_columns() {
    let b = simple(&[row(&[])], |s| {
        let date = ExcelDateTime::from_ymd(2024, 9, 1).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        s.write_datetime_with_format(1, 8, &date, &format).unwrap();
        s.write_boolean(1, 11, true).unwrap();
    });
    let failure = read(&b).unwrap_err();
    let date = find(
        &failure.issues,
        codes::NOT_A_NUMBER,
        Some(2),
        Some("小学在校生数"),
    );
    assert!(date.message.contains("日期"), "{}", date.message);
    find(
        &failure.issues,
        codes::NOT_A_NUMBER,
        Some(2),
        Some("小学班数"),
    );
    assert_eq!(failure.issues.len(), 2, "{failure}");
}

#[test]
fn counts_from_excel_numbers() {
    let b = simple(
        &[row(&[]), row(&[("学校标识码", "5001120002")])],
        |s| {
            s.write_number(1, 13, 0.1 * 450.0).unwrap(); // 45.00000000000001, a formula's noise
            s.write_number(2, 13, 44.5).unwrap();
        },
    );
    let failure = read(&b).unwrap_err();
    only(
        &failure,
        codes::NOT_INTEGER,
        Some(3),
        Some("小学专任教师数"),
    );
}

#[test]
fn the_sheet_named_like_the_template_is_read_wherever_it_is() {
    let b = book(|wb| {
        wb.add_worksheet()
            .set_name("说明")
            .unwrap()
            .write_string(0, 0, "填表说明")
            .unwrap();
        fill(
            wb.add_worksheet().set_name("学校基本情况表").unwrap(),
            0,
            0,
            &[row(&[])],
        );
    });
    let imported = read(&b).unwrap();
    assert_eq!(imported.records.len(), 1);
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
}

#[test]
fn otherwise_the_first_sheet_is_read_with_a_warning() {
    let b = book(|wb| {
        fill(
            wb.add_worksheet().set_name("Sheet1").unwrap(),
            0,
            0,
            &[row(&[])],
        );
        wb.add_worksheet().set_name("Sheet2").unwrap();
    });
    let imported = read(&b).unwrap();
    assert_eq!(imported.records.len(), 1);
    let warning = find(&imported.warnings, codes::SHEET_NOT_NAMED, None, None);
    assert!(warning.message.contains("Sheet1"));
}

#[test]
fn empty_sheet() {
    let b = book(|wb| {
        wb.add_worksheet().set_name("学校基本情况表").unwrap();
    });
    let issue = only(&read(&b).unwrap_err(), codes::SHEET_EMPTY, None, None);
    assert_eq!(issue.sheet.as_deref(), Some("学校基本情况表"));
}

#[test]
fn header_only_sheet() {
    let b = simple(&[], |_| {});
    only(&read(&b).unwrap_err(), codes::NO_DATA_ROWS, None, None);
}

#[test]
fn spreadsheet_rows_and_issues_match_csv_ones() {
    let rows = [
        row(&[("办学类型", "九年制")]),
        row(&[("学校标识码", "5001120002"), ("小学骨干教师数", "99")]),
    ];
    let b = simple(&rows, |_| {});
    let failure = read(&b).unwrap_err();
    find(
        &failure.issues,
        codes::UNKNOWN_SCHOOL_KIND,
        Some(2),
        Some("办学类型"),
    );
    find(
        &failure.issues,
        codes::EXCEEDS_TEACHERS,
        Some(3),
        Some("小学骨干教师数"),
    );
    assert_eq!(failure.issues.len(), 2);
    // read_bytes reads the same file from memory.
    let bytes = std::fs::read(&b.path).unwrap();
    let again = read_bytes(&bytes, "上传.XLSX").unwrap_err();
    assert_eq!(again.issues.len(), 2);
    assert_eq!(again.issues[0].file, "上传.XLSX");
}

#[test]
fn progress_counts_rows() {
    let rows: Vec<_> = (0..9000)
        .map(|i| row(&[("学校标识码", &format!("50011{i:05}"))]))
        .collect();
    let b = simple(&rows, |_| {});
    let mut calls = Vec::new();
    let imported = read_path(&b.path, &mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(imported.records.len(), 9000);
    assert!(calls.len() >= 3 && calls.len() < 10, "{calls:?}");
    assert_eq!(calls.last(), Some(&(9000, 9000)));
}
