//! Unit tests of the lottery tables.

use calamine::{Reader, Xlsx, open_workbook};
use junheng_lottery::{ZoneMode, draw, freeze};

use super::*;

const ZONES: &str =
    "学区代码,学区名称,派位方式\nZ1,城东,平行志愿\nZ2,城西,顺序志愿\nZ3,民办,单校派位\n";
const SEATS: &str = "学校代码,学校名称,学区代码,计划数,类别,类别计划数\n\
S1,东一小,Z1,3,直升,1\nS1,,,,小区配套,1\nS2,东二小,Z1,2,,\nS3,西一小,Z2,1,,\nP1,民办,Z3,1,,\n";
const APPLICANTS: &str = "报名号,学区代码,优先级,志愿1,志愿2,同胞报名号,类别\n\
A1,Z1,三对口,S1,S2,,直升\nA2,Z1,随迁子女,S2,S1,A3,\nA3,Z1,2,S2,,A2,\nA4,Z2,其他,S3,,,\nA5,Z3,0,P1,,,\n";

fn read(zones: &str, seats: &str, applicants: &str) -> Result<Loaded, ImportFailure> {
    read_with(zones, seats, applicants, &ReadOptions::default())
}

fn read_with(
    zones: &str,
    seats: &str,
    applicants: &str,
    options: &ReadOptions,
) -> Result<Loaded, ImportFailure> {
    read_sources(
        Source {
            bytes: zones.as_bytes(),
            file: "学区.csv",
        },
        Source {
            bytes: seats.as_bytes(),
            file: "学位计划.csv",
        },
        Source {
            bytes: applicants.as_bytes(),
            file: "报名.csv",
        },
        options,
    )
}

fn codes_of(f: &ImportFailure) -> Vec<(&'static str, Option<usize>, Option<String>)> {
    f.issues
        .iter()
        .map(|i| (i.code, i.row, i.column.clone()))
        .collect()
}

#[test]
fn reads_the_three_tables_into_inputs() {
    let loaded = read(ZONES, SEATS, APPLICANTS).unwrap();
    let i = &loaded.inputs;
    assert!(loaded.warnings.is_empty());
    assert_eq!(i.zones[2].mode, ZoneMode::SingleSchool);
    assert_eq!(i.schools.len(), 4);
    let quotas: Vec<_> = i.schools[0]
        .quotas
        .iter()
        .map(|q| (q.category.as_str(), q.seats))
        .collect();
    assert_eq!(quotas, [("直升", 1), ("小区配套", 1)]);
    let tiers: Vec<u32> = i.applicants.iter().map(|a| a.tier).collect();
    assert_eq!(tiers, [0, 1, 2, 2, 0]);
    assert_eq!(i.applicants[1].sibling.as_deref(), Some("A3"));
    assert_eq!(i.applicants[0].category.as_deref(), Some("直升"));
    assert_eq!(i.applicants[2].preferences, ["S2"]);
    assert!(freeze(i).is_ok());
}

#[test]
fn tier_labels_are_configurable_and_preference_headers_flexible() {
    let options = ReadOptions {
        title: "测试".into(),
        tiers: vec!["一类".into(), "二类".into()],
    };
    let applicants = "报名号,学区代码,优先级,第2志愿,第1志愿\nA1,Z1,二类,S2,S1\n";
    let loaded = read_with(ZONES, SEATS, applicants, &options);
    // Z2 and Z3 have schools but no applicants: fine.
    let i = loaded.unwrap().inputs;
    assert_eq!(i.title, "测试");
    assert_eq!(i.applicants[0].tier, 1);
    assert_eq!(i.applicants[0].preferences, ["S1", "S2"]);
    let bad = read_with(
        ZONES,
        SEATS,
        "报名号,学区代码,优先级,志愿1\nA1,Z1,三对口,S1\n",
        &options,
    )
    .unwrap_err();
    assert_eq!(bad.issues[0].code, codes::TIER_INVALID);
    assert!(bad.issues[0].message.contains("一类（0）"));
}

#[test]
fn gb18030_and_bom_files_are_read() {
    let (gbk, _, _) = encoding_rs::GB18030.encode(ZONES);
    let bom = format!("\u{feff}{SEATS}");
    let loaded = read_sources(
        Source {
            bytes: &gbk,
            file: "学区.csv",
        },
        Source {
            bytes: bom.as_bytes(),
            file: "学位计划.csv",
        },
        Source {
            bytes: APPLICANTS.as_bytes(),
            file: "报名.csv",
        },
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(loaded.inputs.zones[0].name, "城东");
}

#[test]
fn every_problem_is_reported_at_once_with_its_place() {
    let zones = "学区代码,学区名称,派位方式\nZ1,,平行志愿\nZ1,,摇号\nZ2,,顺序志愿\nZ3,,单校派位\nZ4,,单校划片\nZ5,,单校划片\n";
    let seats = "学校代码,学校名称,学区代码,计划数,类别,类别计划数\n\
S1,,Z1,2,直升,3\nS1,,Z1,3,直升,1\nS1,,,,,\nS2,,Z1,0,,\nS3,,Z2,1,,x\nS4,,Z9,1,,\nP1,,Z3,1,,\nP1,,,,小区,1\nQ1,,Z5,1,,\nQ2,,Z5,1,,\n";
    let applicants = "报名号,学区代码,优先级,志愿1,志愿2,同胞报名号\n\
A1,Z1,0,S1,S1,\nA1,Z1,0,S1,,\nA2,Z1,-1,S9,,A8\nA3,Z1,0,S3,,\nA4,Z3,0,P1,S1,\nA5,Z2,0,,S3,\nA6,Z2,0,,,A6\nA7,Z5,0,Q1,Q2,\n";
    let f = read(zones, seats, applicants).unwrap_err();
    let got = codes_of(&f);
    let want: &[(&str, usize, &str)] = &[
        (codes::DUPLICATE_ZONE, 3, "学区代码"),
        (codes::UNKNOWN_MODE, 3, "派位方式"),
    ];
    for (code, row, column) in want {
        assert!(
            got.contains(&(*code, Some(*row), Some((*column).into()))),
            "{code}: {got:?}"
        );
    }
    let all: Vec<&str> = got.iter().map(|g| g.0).collect();
    for code in [
        codes::SCHOOL_CONFLICT,
        codes::DUPLICATE_CATEGORY,
        codes::DUPLICATE_SCHOOL,
        codes::CAPACITY_INVALID,
        codes::QUOTA_INVALID,
        codes::UNKNOWN_ZONE,
        codes::QUOTAS_EXCEED_CAPACITY,
        codes::ZONE_WITHOUT_SCHOOLS,
        codes::REPEATED_PREFERENCE,
        codes::DUPLICATE_APPLICANT,
        codes::TIER_INVALID,
        codes::UNKNOWN_SCHOOL,
        codes::SIBLING_NOT_FOUND,
        codes::PREFERENCE_OUTSIDE_ZONE,
        codes::SINGLE_SCHOOL_PREFERENCES,
        codes::PREFERENCE_GAP,
        codes::PREFERENCES_EMPTY,
        codes::SIBLING_SELF,
    ] {
        assert!(all.contains(&code), "missing {code}:\n{f}");
    }
    let outside = f
        .issues
        .iter()
        .rfind(|i| i.code == codes::PREFERENCE_OUTSIDE_ZONE)
        .unwrap();
    assert_eq!(
        outside.to_string(),
        "报名.csv 第 6 行「志愿2」列，值「S1」：该校属于学区 Z1，不在报名者的学区 Z3 内；志愿只能填报本学区学校"
    );
}

#[test]
fn missing_columns_and_empty_files_are_named() {
    let f = read("学区代码\nZ1\n", "", "报名号,学区代码,优先级\nA1,Z1,0\n").unwrap_err();
    let got = codes_of(&f);
    assert!(got.contains(&(codes::FILE_EMPTY, None, None)), "{got:?}");
    let f = read("学区代码,名字\nZ1,x\n", SEATS, "报名号,学区代码,优先级\n").unwrap_err();
    let got = codes_of(&f);
    assert!(got.contains(&(
        codes::REQUIRED_COLUMN_MISSING,
        None,
        Some("派位方式".into())
    )));
    assert!(got.contains(&(codes::REQUIRED_COLUMN_MISSING, None, Some("志愿1".into()))));
    assert!(got.contains(&(codes::NO_DATA_ROWS, None, None)));
    assert_eq!(f.warnings[0].code, codes::UNKNOWN_COLUMN);
    let f = read_sources(
        Source {
            bytes: b"",
            file: "学区.txt",
        },
        Source {
            bytes: SEATS.as_bytes(),
            file: "学位计划.csv",
        },
        Source {
            bytes: APPLICANTS.as_bytes(),
            file: "报名.csv",
        },
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(f.issues[0].code, codes::UNSUPPORTED_FORMAT);
}

#[test]
fn workbooks_are_read_from_the_named_sheet_and_results_written() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_template(dir.path()).unwrap();
    assert_eq!(written.len(), 6);
    // A workbook whose 报名 sheet is second, with a numeric 报名号.
    let path = dir.path().join("报名.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明")
        .unwrap();
    let ws = book.add_worksheet().set_name("报名").unwrap();
    for (j, h) in ["报名号", "学区代码", "优先级", "志愿1"].iter().enumerate() {
        ws.write_string(2, j as u16, *h).unwrap();
    }
    ws.write_number(3, 0, 2025000001.0).unwrap();
    ws.write_string(3, 1, "Z2").unwrap();
    ws.write_number(3, 2, 1.0).unwrap();
    ws.write_string(3, 3, "S3").unwrap();
    ws.write_number(4, 0, 2025000002.5).unwrap();
    book.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let source = |bytes: &'static str, file| Source {
        bytes: bytes.as_bytes(),
        file,
    };
    let f = read_sources(
        source(ZONES, "学区.csv"),
        source(SEATS, "学位计划.csv"),
        Source {
            bytes: &bytes,
            file: "报名.xlsx",
        },
        &ReadOptions::default(),
    )
    .unwrap_err();
    let i = f
        .issues
        .iter()
        .find(|i| i.code == codes::NOT_TEXT)
        .expect("fractional 报名号");
    assert_eq!((i.sheet.as_deref(), i.row), (Some("报名"), Some(5)));

    let registered = read(ZONES, SEATS, APPLICANTS).unwrap().inputs;
    let key = junheng_lottery::LotteryKey::from_bytes([2; 32]);
    let sealed = junheng_lottery::seal(&registered, &key).unwrap();
    let inputs = sealed.inputs;
    let w = junheng_lottery::Witness {
        role: "公证员".into(),
        name: String::new(),
        value: "1".into(),
    };
    let pack = draw(&inputs, &[w]).unwrap();
    let out = dir.path().join("结果.xlsx");
    write_results(&inputs, &pack.results, None, &out).unwrap();
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["录取结果", "候补", "公办兜底"]);
    let sheet = book.worksheet_range("录取结果").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, RESULT_COLUMNS);
    let csv = dir.path().join("结果.csv");
    write_results(&inputs, &pack.results, None, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}名单,学校代码,学校名称,学区代码,序号,公示编号,"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("录取,")).count(),
        pack.results.placed()
    );
    assert!(!text.contains("A0"), "no 报名号 without the bureau's names");
    assert!(write_results(&inputs, &pack.results, None, &dir.path().join("x.txt")).is_err());

    // The bureau's copy: 报名号 beside every 公示编号, in every list.
    let names = names_from_key(
        &key,
        &registered
            .applicants
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>(),
    );
    write_results(&inputs, &pack.results, Some(&names), &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}名单,学校代码,学校名称,学区代码,序号,报名号,公示编号,优先级,随机号,录取志愿,名额类别"
    );
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 11, "{line}");
        assert_eq!(key.public_code(cells[5]), cells[6], "{line}");
    }
    write_results(&inputs, &pack.results, Some(&names), &out).unwrap();
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let fallback = book.worksheet_range("公办兜底").unwrap();
    let header: Vec<String> = fallback
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        ["序号", "报名号", "公示编号", "学区代码", "优先级", "随机号"]
    );
}

#[test]
fn receipts_carry_the_check_code_and_the_family_s_own_entries() {
    let registered = read(ZONES, SEATS, APPLICANTS).unwrap().inputs;
    let key = junheng_lottery::LotteryKey::from_bytes([5; 32]);
    let sealed = junheng_lottery::seal(&registered, &key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("回执.csv");
    let tiers: Vec<String> = DEFAULT_TIERS.iter().map(|t| t.to_string()).collect();
    write_receipts(&registered, &sealed.receipts, &tiers, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let first = format!(
        "A1,{},{},Z1,三对口（0）,S1、S2,直升",
        key.public_code("A1"),
        key.check_code("A1")
    );
    assert!(text.starts_with("\u{feff}报名号,公示编号,回执校验码,学区代码,优先级,志愿,类别\r\n"));
    assert!(text.contains(&first), "{text}");
    let xlsx = dir.path().join("回执.xlsx");
    write_receipts(&registered, &sealed.receipts, &tiers, &xlsx).unwrap();
    let book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), [RECEIPT_SHEET, "说明"]);
}

#[test]
fn registration_numbers_holding_ids_or_formulas_are_refused_and_masked() {
    let applicants = "报名号,学区代码,优先级,志愿1,同胞报名号\n\
=HYPERLINK(\"x\"),Z1,0,S1,\nA2,Z1,0,S1,@SUM(1)\nT110101199003077777,Z1,0,S2,\n\
A4,Z1,0,S2,110101-19900307-7777\n-5,Z1,0,S2,\n+86,Z1,0,S2,\nA\u{1}7,Z1,0,S2,\nA8,Z1,0,S2,\n";
    let f = read(ZONES, SEATS, applicants).unwrap_err();
    let got: Vec<(&str, Option<usize>, Option<&str>)> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.value.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                codes::APPLICANT_ID_FORMULA,
                Some(2),
                Some("=HYPERLINK(\"x\")")
            ),
            (codes::APPLICANT_ID_FORMULA, Some(3), Some("@SUM(1)")),
            (codes::APPLICANT_ID_NATIONAL_ID, Some(4), Some("T11…")),
            (codes::APPLICANT_ID_NATIONAL_ID, Some(5), Some("110…")),
            (codes::APPLICANT_ID_FORMULA, Some(6), Some("-5")),
            (codes::APPLICANT_ID_FORMULA, Some(7), Some("+86")),
            (codes::CONTROL_CHARACTER, Some(8), Some("A\u{1}7")),
        ]
    );
    let all = f.to_string();
    assert!(!all.contains("199003077777"), "{all}");
    assert!(all.contains("公式"), "{all}");
}

#[test]
fn an_id_number_excel_turned_into_a_number_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("报名").unwrap();
    for (j, h) in ["报名号", "学区代码", "优先级", "志愿1"].iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 110101199003077777.0).unwrap();
    ws.write_string(1, 1, "Z1").unwrap();
    ws.write_number(1, 2, 0.0).unwrap();
    ws.write_string(1, 3, "S1").unwrap();
    book.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let f = read_sources(
        Source {
            bytes: ZONES.as_bytes(),
            file: "学区.csv",
        },
        Source {
            bytes: SEATS.as_bytes(),
            file: "学位计划.csv",
        },
        Source {
            bytes: &bytes,
            file: "报名.xlsx",
        },
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(f.issues[0].code, codes::APPLICANT_ID_NATIONAL_ID);
    assert_eq!(f.issues[0].value.as_deref(), Some("1.1…"));
    assert!(!f.to_string().contains("11010119"), "{f}");
}
