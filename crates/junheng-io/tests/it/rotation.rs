//! The rotation ledger (交流轮岗台账): formats, every `ledger.*` code at its row and column,
//! round trips, overlapping moves and masked national ID numbers.

use junheng_io::rotation::{
    ImportFailure, ImportedLedger, LEDGER_COLUMNS, codes, read_ledger_bytes, read_ledger_path,
    write_ledger_csv, write_ledger_template, write_ledger_xlsx,
};
use junheng_rotation::MoveKind;
use rust_xlsxwriter::Workbook;

use crate::common::{book_with_row, find, single};

const HEADER: &str = "教师编号,调出学校标识码,调入学校标识码,开始学年,结束学年,类型";
const LEDGER: &str = "\
T2024-0001,5001120001,5001120002,2024,2026,交流
T2024-0002,5001120001,5001120003,2024,2024,支教
T2024-0001,5001120001,5001120003,2027,2027,走教
T2024-0101,5001120002,5001120001,2025,2027,轮岗
";
/// Cells (by header) to change in GOOD.
type Changes<'a> = &'a [(&'a str, &'a str)];

const GOOD: [&str; 6] = ["T1", "5001120001", "5001120002", "2024", "2026", "交流"];

fn csv(rows: &[String]) -> String {
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

/// GOOD with cells (by header) replaced, as a CSV line.
fn with(changes: Changes) -> String {
    let mut cells = GOOD.map(str::to_owned);
    for (header, value) in changes {
        let j = LEDGER_COLUMNS
            .iter()
            .position(|c| c.header == *header)
            .unwrap();
        cells[j] = (*value).to_owned();
    }
    cells.join(",")
}

fn ok(bytes: &[u8], file: &str) -> ImportedLedger {
    read_ledger_bytes(bytes, file).unwrap_or_else(|f| panic!("{file}:\n{f}"))
}

fn fail(text: &str) -> ImportFailure {
    match read_ledger_bytes(text.as_bytes(), "台账.csv") {
        Ok(l) => panic!("expected a failure, got {:?}", l.moves),
        Err(f) => f,
    }
}

#[test]
fn a_good_ledger_in_csv_gb18030_and_xlsx() {
    let text = format!("{HEADER}\n{LEDGER}");
    let ledger = ok(text.as_bytes(), "台账.csv");
    assert!(ledger.warnings.is_empty());
    let kinds: Vec<MoveKind> = ledger.moves.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MoveKind::Exchange,
            MoveKind::Support,
            MoveKind::Itinerant,
            MoveKind::Rotation
        ]
    );
    let m = &ledger.moves[0];
    assert_eq!(
        (
            m.teacher.as_str(),
            m.from.as_str(),
            m.to.as_str(),
            m.start_year,
            m.end_year
        ),
        ("T2024-0001", "5001120001", "5001120002", 2024, 2026)
    );
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    assert_eq!(ok(&gbk, "台账.csv").moves, ledger.moves);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("交流轮岗台账").unwrap();
    for (i, line) in std::iter::once(HEADER).chain(LEDGER.lines()).enumerate() {
        for (j, v) in line.split(',').enumerate() {
            if (3..5).contains(&j) && i > 0 {
                ws.write_number(i as u32, j as u16, v.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                ws.write_string(i as u32, j as u16, v).unwrap();
            }
        }
    }
    assert_eq!(
        ok(&book.save_to_buffer().unwrap(), "台账.xlsx").moves,
        ledger.moves
    );
}

#[test]
fn csv_xlsx_and_template_round_trip() {
    let moves = ok(format!("{HEADER}\n{LEDGER}").as_bytes(), "a.csv").moves;
    let mut out = Vec::new();
    write_ledger_csv(&moves, &mut out).unwrap();
    assert_eq!(ok(&out, "out.csv").moves, moves);
    let xlsx = write_ledger_xlsx(&moves).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    std::fs::write(&path, xlsx).unwrap();
    let mut last = (0, 0);
    let read = read_ledger_path(&path, &mut |d, t| last = (d, t)).unwrap();
    assert_eq!((read.moves, last), (moves, (4, 4)));
    let template = ok(&write_ledger_template(), "模板.xlsx");
    assert_eq!(template.moves.len(), 2);
}

#[test]
fn overlapping_moves_of_one_teacher_name_both_rows() {
    let f = fail(&csv(&[
        with(&[]),
        with(&[("教师编号", "T2")]),
        with(&[
            ("开始学年", "2026"),
            ("结束学年", "2028"),
            ("调入学校标识码", "5001120003"),
        ]),
        with(&[("开始学年", "2027"), ("结束学年", "2027")]),
    ]));
    // Row 4 overlaps row 2 (in 2026); row 5 overlaps row 4 only (2027); row 3 is another teacher.
    assert_eq!(f.issues.len(), 2, "{f}");
    let i = find(&f.issues, codes::OVERLAP, Some(4), Some("开始学年"));
    assert!(
        i.message.contains("第 2 行") && i.message.contains("第 4 行"),
        "{}",
        i.message
    );
    assert!(i.message.contains("2024–2026") && i.message.contains("2026–2028"));
    let i = find(&f.issues, codes::OVERLAP, Some(5), Some("开始学年"));
    assert!(i.message.contains("第 4 行") && !i.message.contains("第 2 行"));
}

#[test]
fn every_row_code_at_its_row_and_column() {
    let cases: &[(&str, &str, Changes)] = &[
        (
            codes::TEACHER_ID_INVALID,
            "教师编号",
            &[("教师编号", "T 1")],
        ),
        (codes::REQUIRED_CELL_EMPTY, "教师编号", &[("教师编号", "")]),
        (
            codes::SCHOOL_CODE_INVALID,
            "调出学校标识码",
            &[("调出学校标识码", "50011200011")],
        ),
        (
            codes::SAME_SCHOOL,
            "调入学校标识码",
            &[("调入学校标识码", "5001120001")],
        ),
        (codes::YEAR_INVALID, "开始学年", &[("开始学年", "1999")]),
        (codes::NOT_INTEGER, "结束学年", &[("结束学年", "2026年")]),
        (codes::YEARS_REVERSED, "结束学年", &[("结束学年", "2023")]),
        (codes::TERM_TOO_LONG, "结束学年", &[("结束学年", "2034")]),
        (codes::KIND_INVALID, "类型", &[("类型", "挂职")]),
        (codes::EXCEL_ERROR_CELL, "类型", &[("类型", "#REF!")]),
        (codes::CONTROL_CHARACTER, "类型", &[("类型", "\"交\t流\"")]),
    ];
    let rows: Vec<String> = cases.iter().map(|(_, _, c)| with(c)).collect();
    let f = fail(&csv(&rows));
    assert_eq!(f.issues.len(), cases.len(), "{f}");
    for (k, (code, header, _)) in cases.iter().enumerate() {
        let i = find(&f.issues, code, Some(k + 2), Some(header));
        assert!(
            i.to_string()
                .starts_with(&format!("台账.csv 第 {} 行「{header}」列", k + 2))
        );
    }
}

#[test]
fn national_ids_are_masked() {
    let f = fail(&csv(&[with(&[("教师编号", "11010519491231002X")])]));
    let i = find(
        &f.issues,
        codes::TEACHER_ID_NATIONAL_ID,
        Some(2),
        Some("教师编号"),
    );
    assert_eq!(i.value.as_deref(), Some("110…"));
    assert!(!f.to_string().contains("19491231") && i.message.contains("不要上传身份证号"));
}

#[test]
fn file_header_and_cell_kind_codes() {
    let one = |bytes: &[u8], file: &str| single(read_ledger_bytes(bytes, file));
    assert_eq!(one(b"", "a.docx").code, codes::UNSUPPORTED_FORMAT);
    assert_eq!(one(b"  \n", "a.csv").code, codes::FILE_EMPTY);
    assert_eq!(
        one(b"\xEF\xBB\xBF\x80", "a.csv").code,
        codes::ENCODING_INVALID
    );
    let gone = std::path::Path::new("/nonexistent/台账.csv");
    let f = read_ledger_path(gone, &mut |_, _| {}).unwrap_err();
    assert_eq!(
        (f.issues[0].code, f.issues[0].file.as_str()),
        (codes::FILE_UNREADABLE, "台账.csv")
    );
    find(
        &fail(&format!("{HEADER}\n")).issues,
        codes::NO_DATA_ROWS,
        None,
        None,
    );
    let f = fail(&format!("{}\nT1\n", HEADER.replace(",类型", "")));
    find(
        &f.issues,
        codes::REQUIRED_COLUMN_MISSING,
        None,
        Some("类型"),
    );
    let f = fail(&format!("{HEADER},类型\n{},交流\n", GOOD.join(",")));
    find(&f.issues, codes::DUPLICATE_COLUMN, Some(1), Some("类型"));
    let l = ok(
        format!("{HEADER},备注\n{},x\n", GOOD.join(",")).as_bytes(),
        "a.csv",
    );
    find(&l.warnings, codes::UNKNOWN_COLUMN, Some(1), Some("备注"));

    let mut book = book_with_row("台账", HEADER, &GOOD);
    let ws = book.worksheet_from_index(0).unwrap();
    ws.write_number(1, 1, 5_001_120_001.0).unwrap();
    ws.write_number(1, 3, 2024.5).unwrap();
    ws.write_boolean(1, 5, true).unwrap();
    book.add_worksheet().set_name("说明").unwrap();
    let f = read_ledger_bytes(&book.save_to_buffer().unwrap(), "台账.xlsx").unwrap_err();
    assert_eq!(f.issues.len(), 3, "{f}");
    find(
        &f.issues,
        codes::SCHOOL_CODE_NOT_TEXT,
        Some(2),
        Some("调出学校标识码"),
    );
    find(&f.issues, codes::NOT_INTEGER, Some(2), Some("开始学年"));
    find(&f.issues, codes::NOT_TEXT, Some(2), Some("类型"));
    find(&f.warnings, codes::SHEET_NOT_NAMED, None, None);
    let mut book = Workbook::new();
    book.add_worksheet().set_name("交流轮岗台账").unwrap();
    assert_eq!(
        one(&book.save_to_buffer().unwrap(), "a.xlsx").code,
        codes::SHEET_EMPTY
    );
}
