//! The teacher roster (教师花名册): formats, every `roster.*` code at its row and column, round
//! trips and the rule that national ID numbers are never echoed back.

use std::path::PathBuf;

use junheng_core::school::Section;
use junheng_io::teacher::{
    COLUMNS, ImportFailure, ImportedRoster, codes, read_bytes, read_path, write_csv,
    write_template, write_xlsx,
};
use junheng_rotation::{BackboneLevel, Degree, Sex, Title};
use rust_xlsxwriter::Workbook;

use crate::common::{book_with_row, find, single};

const HEADER: &str = "学年,教师编号,学校标识码,学段,学科,学历,骨干级别,是否体育艺术,本校任教起始年,出生年,性别,在编,专业技术职务";

/// The rows of fixtures/roster.ods (make_roster_fixture.py), as CSV.
const ROWS: &str = "\
2024,T2024-0001,5001120001,小学,语文,本科,区县,否,2015,1990,女,是,一级
2024,T2024-0002,5001120001,小学,体育,大专,,是,2020,1998,男,是,
2024,T2024-0101,5001120002,初中,数学,硕士,市级,否,2012,1985,女,否,高级教师
";

/// A valid row (line 2 when first), as cells to vary.
const GOOD: [&str; 13] = [
    "2024",
    "T1",
    "5001120001",
    "小学",
    "语文",
    "本科",
    "区县",
    "否",
    "2015",
    "1990",
    "女",
    "是",
    "一级",
];

fn roster_csv() -> String {
    format!("{HEADER}\n{ROWS}")
}

/// GOOD with one cell (by header) replaced, as a CSV line.
fn with(header: &str, value: &str) -> String {
    let j = COLUMNS.iter().position(|c| c.header == header).unwrap();
    let mut cells = GOOD.map(str::to_owned);
    cells[j] = value.to_owned();
    cells.join(",")
}

fn fail(text: &str) -> ImportFailure {
    match read_bytes(text.as_bytes(), "花名册.csv") {
        Ok(r) => panic!("expected a failure, got {:?}", r.teachers),
        Err(f) => f,
    }
}

fn ok(bytes: &[u8], file: &str) -> ImportedRoster {
    read_bytes(bytes, file).unwrap_or_else(|f| panic!("{file}:\n{f}"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures")
        .join(name)
}

#[test]
fn a_good_roster_in_csv() {
    let roster = ok(roster_csv().as_bytes(), "花名册.csv");
    assert!(roster.warnings.is_empty());
    let [a, b, c] = &roster.teachers[..] else {
        panic!("{:?}", roster.teachers)
    };
    assert_eq!(
        (a.year, a.id.as_str(), a.school.as_str(), a.section),
        (2024, "T2024-0001", "5001120001", Section::Primary)
    );
    assert_eq!(
        (a.backbone, a.title, a.sex, a.pe_arts, a.on_staff),
        (
            BackboneLevel::District,
            Some(Title::First),
            Sex::Female,
            false,
            true
        )
    );
    assert_eq!(
        (b.degree, b.backbone, b.title),
        (Degree::College, BackboneLevel::None, None)
    );
    assert_eq!((b.start_year, b.birth_year, b.pe_arts), (2020, 1998, true));
    assert_eq!(
        (c.section, c.degree, c.backbone),
        (Section::Junior, Degree::Graduate, BackboneLevel::City)
    );
    assert_eq!((c.title, c.on_staff), (Some(Title::Senior), false));
}

#[test]
fn bom_gb18030_and_utf16_csv_read_alike() {
    let expected = ok(roster_csv().as_bytes(), "a.csv").teachers;
    let text = roster_csv();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for (bytes, name) in [
        (bom, "bom.csv"),
        (gbk.into_owned(), "gbk.CSV"),
        (utf16, "utf16.csv"),
    ] {
        assert_eq!(ok(&bytes, name).teachers, expected, "{name}");
    }
}

#[test]
fn a_good_roster_in_xlsx_and_ods() {
    let expected = ok(roster_csv().as_bytes(), "a.csv").teachers;
    // Typed by hand: years as numbers, codes as text, columns in another order, a title sheet.
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("封面")
        .unwrap()
        .write_string(0, 0, "2024 学年")
        .unwrap();
    let ws = book.add_worksheet().set_name("教师花名册").unwrap();
    let mut headers: Vec<&str> = HEADER.split(',').collect();
    headers.reverse();
    for (j, h) in headers.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, line) in ROWS.lines().enumerate() {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells.reverse();
        for (j, v) in cells.iter().enumerate() {
            let (r, c) = (i as u32 + 1, j as u16);
            if let (Ok(n), 4) = (v.parse::<f64>(), v.len()) {
                ws.write_number(r, c, n).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let roster = ok(&bytes, "花名册.xlsx");
    assert_eq!(roster.teachers, expected);
    assert!(roster.warnings.is_empty(), "{:?}", roster.warnings);
    assert_eq!(ok(&bytes, "花名册.XLSM").teachers, expected);
    let ods = read_path(&fixture("roster.ods"), &mut |_, _| {}).unwrap();
    assert_eq!(ods.teachers, expected);
}

#[test]
fn csv_and_xlsx_round_trip() {
    let teachers = ok(roster_csv().as_bytes(), "a.csv").teachers;
    let mut csv = Vec::new();
    write_csv(&teachers, &mut csv).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(ok(&csv, "out.csv").teachers, teachers);
    let xlsx = write_xlsx(&teachers).unwrap();
    assert_eq!(ok(&xlsx, "out.xlsx").teachers, teachers);
    // And through a file, with progress.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    std::fs::write(&path, &xlsx).unwrap();
    let mut last = (0, 0);
    let read = read_path(&path, &mut |d, t| last = (d, t)).unwrap();
    assert_eq!((read.teachers, last), (teachers, (3, 3)));
}

#[test]
fn the_template_explains_the_columns_and_the_id_rule() {
    use calamine::{Reader, Xlsx};
    let bytes = write_template();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["教师花名册", "说明"]);
    let guide = book.worksheet_range("说明").unwrap();
    let text: Vec<String> = guide.cells().map(|(_, _, d)| d.to_string()).collect();
    for c in COLUMNS {
        assert!(text.iter().any(|t| t == c.header), "{}", c.header);
    }
    assert!(text.iter().any(|t| t.contains("不要上传居民身份证号")));
    let roster = ok(&bytes, "模板.xlsx");
    assert!((2..=3).contains(&roster.teachers.len()));
}

#[test]
fn national_ids_are_refused_and_never_echoed() {
    let ids = [
        "11010519491231002X",
        "110105491231002",
        "110105 19491231 0021",
    ];
    let text = format!(
        "{HEADER}\n{}\n",
        ids.iter()
            .map(|id| with("教师编号", id))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let f = fail(&text);
    assert_eq!(f.issues.len(), 3, "{f}");
    for (k, id) in ids.iter().enumerate() {
        let i = find(
            &f.issues,
            codes::TEACHER_ID_NATIONAL_ID,
            Some(k + 2),
            Some("教师编号"),
        );
        assert_eq!(i.value.as_deref(), Some("110…"));
        assert!(i.message.contains("不要上传身份证号"), "{}", i.message);
        assert!(!i.to_string().contains(id) && !i.message.contains("1101"));
    }
    assert!(!f.to_string().contains("19491231"));
    // An 18-digit number typed into a spreadsheet is refused and masked too.
    let mut book = book_with_row("Sheet1", HEADER, &GOOD);
    let ws = book.worksheet_from_index(0).unwrap();
    ws.write_number(1, 1, 110_105_194_912_310_021.0).unwrap();
    let f = read_bytes(&book.save_to_buffer().unwrap(), "花名册.xlsx").unwrap_err();
    let i = find(
        &f.issues,
        codes::TEACHER_ID_NATIONAL_ID,
        Some(2),
        Some("教师编号"),
    );
    assert_eq!(i.value.as_deref(), Some("110…"));
    // A column of ID numbers is ignored with a warning that says not to upload them.
    let extra = format!("{HEADER},身份证号\n{},11010519491231002X\n", GOOD.join(","));
    let roster = ok(extra.as_bytes(), "a.csv");
    let w = find(
        &roster.warnings,
        codes::UNKNOWN_COLUMN,
        Some(1),
        Some("身份证号"),
    );
    assert!(w.message.contains("不要上传身份证号"));
}

#[test]
fn every_row_code_at_its_row_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        (codes::YEAR_INVALID, "学年", "1999"),
        (codes::NOT_INTEGER, "学年", "2024.5"),
        (codes::NOT_INTEGER, "出生年", "一九九〇"),
        (codes::TEACHER_ID_INVALID, "教师编号", "张三"),
        (codes::SCHOOL_CODE_INVALID, "学校标识码", "500112001"),
        (codes::SCHOOL_CODE_INVALID, "学校标识码", "5.00112E+09"),
        (codes::SECTION_INVALID, "学段", "高中"),
        (codes::REQUIRED_CELL_EMPTY, "学科", ""),
        (codes::SUBJECT_TOO_LONG, "学科", &"科".repeat(21)),
        (codes::EXCEL_ERROR_CELL, "学科", "#N/A"),
        (codes::CONTROL_CHARACTER, "学科", "\"语\n文\""),
        (codes::DEGREE_INVALID, "学历", "小学"),
        (codes::BACKBONE_INVALID, "骨干级别", "校长"),
        (codes::YES_NO_INVALID, "是否体育艺术", "Y"),
        (codes::START_YEAR_INVALID, "本校任教起始年", "2025"),
        (codes::BIRTH_YEAR_INVALID, "出生年", "1939"),
        (codes::SEX_INVALID, "性别", "M"),
        (codes::YES_NO_INVALID, "在编", "在"),
        (codes::TITLE_INVALID, "专业技术职务", "教授"),
    ];
    let mut text = format!("{HEADER}\n");
    let mut line = 2;
    let mut expected = Vec::new();
    for (code, header, value) in cases {
        text.push_str(&with(header, value));
        text.push('\n');
        expected.push((*code, line, *header, *value));
        line += 1 + value.matches('\n').count();
    }
    let f = fail(&text);
    assert_eq!(f.issues.len(), cases.len(), "{f}");
    for (code, line, header, value) in expected {
        let i = find(&f.issues, code, Some(line), Some(header));
        if !value.is_empty() && !value.contains('"') {
            assert_eq!(i.value.as_deref(), Some(value), "{code}");
        }
        assert!(
            i.to_string()
                .starts_with(&format!("花名册.csv 第 {line} 行「{header}」列"))
        );
    }
}

#[test]
fn the_same_teacher_twice_in_a_year_names_both_rows() {
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        with("教师编号", "T9"),
        with("学年", "2025").replace(",T1,", ",T9,"),
        with("教师编号", "T9"),
    );
    let f = fail(&text);
    assert_eq!(f.issues.len(), 1, "{f}");
    let i = find(
        &f.issues,
        codes::DUPLICATE_TEACHER,
        Some(4),
        Some("教师编号"),
    );
    assert!(
        i.message.contains("第 2 行")
            && i.message.contains("第 4 行")
            && i.message.contains("2024")
    );
}

#[test]
fn spreadsheet_cells_of_the_wrong_kind() {
    let mut book = book_with_row("教师花名册", HEADER, &GOOD);
    let ws = book.worksheet_from_index(0).unwrap();
    ws.write_number(1, 2, 5_001_120_001.0).unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    let f = read_bytes(&book.save_to_buffer().unwrap(), "花名册.xlsx").unwrap_err();
    assert_eq!(f.issues.len(), 2, "{f}");
    let code = find(
        &f.issues,
        codes::SCHOOL_CODE_NOT_TEXT,
        Some(2),
        Some("学校标识码"),
    );
    assert_eq!(code.sheet.as_deref(), Some("教师花名册"));
    find(&f.issues, codes::NOT_TEXT, Some(2), Some("学科"));
}

#[test]
fn file_and_header_codes() {
    let one = |bytes: &[u8], file: &str| single(read_bytes(bytes, file));
    assert_eq!(one(b"x", "a.txt").code, codes::UNSUPPORTED_FORMAT);
    assert_eq!(one(b"", "a.csv").code, codes::FILE_EMPTY);
    assert_eq!(
        one(b"\xEF\xBB\xBF\xFF\xFE\xFD", "a.csv").code,
        codes::ENCODING_INVALID
    );
    assert_eq!(one(b"not a zip", "a.xlsx").code, codes::FILE_UNREADABLE);
    let missing = read_path(&fixture("does-not-exist.csv"), &mut |_, _| {}).unwrap_err();
    assert_eq!(missing.issues[0].code, codes::FILE_UNREADABLE);
    let no_sheet = read_path(&fixture("no_sheet.ods"), &mut |_, _| {}).unwrap_err();
    assert_eq!(no_sheet.issues[0].code, codes::SHEET_MISSING);
    let mut book = Workbook::new();
    book.add_worksheet();
    let empty = one(&book.save_to_buffer().unwrap(), "a.xlsx");
    assert_eq!(
        (empty.code, empty.sheet.as_deref()),
        (codes::SHEET_EMPTY, Some("Sheet1"))
    );

    let header_only = fail(&format!("{HEADER}\n"));
    find(&header_only.issues, codes::NO_DATA_ROWS, None, None);
    let without_subject = HEADER.replace(",学科", "");
    let f = fail(&format!("{without_subject}\n1\n"));
    assert_eq!(f.issues.len(), 1, "{f}");
    let i = find(
        &f.issues,
        codes::REQUIRED_COLUMN_MISSING,
        None,
        Some("学科"),
    );
    assert!(i.message.contains("学科"));
    let f = fail(&format!("{HEADER},学年\n{},2024\n", GOOD.join(",")));
    find(&f.issues, codes::DUPLICATE_COLUMN, Some(1), Some("学年"));

    // Warnings: unknown columns, and a workbook without a sheet of the template's name.
    let roster = ok(
        format!("{HEADER},备注\n{},新调入\n", GOOD.join(",")).as_bytes(),
        "a.csv",
    );
    find(
        &roster.warnings,
        codes::UNKNOWN_COLUMN,
        Some(1),
        Some("备注"),
    );
    let mut book = book_with_row("2024", HEADER, &GOOD);
    book.add_worksheet().set_name("备用").unwrap();
    let roster = ok(&book.save_to_buffer().unwrap(), "a.xlsx");
    assert_eq!(roster.teachers.len(), 1);
    find(&roster.warnings, codes::SHEET_NOT_NAMED, None, None);
}

#[test]
fn every_problem_at_once_in_file_order() {
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n",
        GOOD.join(","),
        with("性别", "男女"),
        GOOD.join(","),
        with("学年", "3000").replace(",否,", ",X,"),
    );
    let f = fail(&text);
    let got: Vec<_> = f.issues.iter().map(|i| (i.code, i.row)).collect();
    assert_eq!(
        got,
        [
            (codes::SEX_INVALID, Some(3)),
            (codes::DUPLICATE_TEACHER, Some(4)),
            (codes::YEAR_INVALID, Some(5)),
            (codes::YES_NO_INVALID, Some(5)),
        ]
    );
}

/// Regression: the table reader took row numbers from the csv crate's own line count, which
/// is one short for CRLF line ends and skips blank lines; rows are now numbered as an editor
/// shows them, like the school importer's.
#[test]
fn csv_problems_name_the_line_an_editor_shows_with_crlf_and_blank_lines() {
    let bad = with("性别", "未知");
    let rows = |f: &ImportFailure| {
        let mut rows: Vec<usize> = f.issues.iter().filter_map(|i| i.row).collect();
        rows.sort_unstable();
        rows
    };
    let crlf = format!("{HEADER}\r\n{bad}\r\n{bad}\r\n");
    assert_eq!(rows(&fail(&crlf)), [2, 3]);
    let blank = format!("{HEADER}\n\n{bad}\n\n\n{bad}\n");
    assert_eq!(rows(&fail(&blank)), [3, 6]);
    let mac = format!("{HEADER}\r{bad}\r{bad}\r");
    assert_eq!(rows(&fail(&mac)), [2, 3]);
}
