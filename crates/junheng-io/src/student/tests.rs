//! Unit tests of the student file.

use super::*;
use crate::table::write::{Sheet, V, t, xlsx};

const HEADER: &str = "学籍号,姓名,性别,出生日期,学段,年级,班级,户籍,户籍所在省份,留守儿童,残疾类别,安置方式,\
                      脱贫户,低保,孤儿,事实无人抚养,困境儿童,寄宿,政府购买学位";

/// A boy born 2016-09-01 (valid check character).
const BOY: &str = "G500112201609010015";
/// A girl born 2015-05-20.
const GIRL: &str = "G500112201505200025";
/// A boy born 2011-11-11.
const OLDER_BOY: &str = "G500112201111110035";
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

/// A row of a 小学 boy, 本地, nothing else set; `edit` changes cells by header.
fn row(edit: &[(&str, &str)]) -> String {
    let headers: Vec<&str> = HEADER.split(',').collect();
    let defaults = format!("{BOY},张三,男,2016-09-01,小学,2,1班,本地,,,,,,,,,,,");
    let mut cells: Vec<String> = defaults.split(',').map(String::from).collect();
    for (h, v) in edit {
        let j = headers.iter().position(|x| x == h).expect("a header");
        cells[j] = (*v).to_owned();
    }
    cells.join(",")
}

fn failure(rows: &[String]) -> ImportFailure {
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    read_students(&csv(&rows), "学籍.csv").unwrap_err()
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
    let file = read_students(&write_template(), "学籍.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(SHEET_NAME));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let s = &file.students;
    assert_eq!(s.len(), 4);
    assert_eq!(s[0].number.expose(), BOY);
    assert_eq!(
        (s[0].name.as_str(), s[0].male, s[0].row),
        ("张示例", true, 2)
    );
    assert_eq!((s[0].stage, s[0].grade), (Stage::Primary, 2));
    assert_eq!(s[0].hukou, Hukou::Local);
    assert!(s[0].flags.left_behind);
    assert_eq!(s[1].birth_date, "2015-05-20");
    assert_eq!(s[1].hukou.province(), Some("四川省"));
    assert!(s[1].flags.poverty && !s[1].male);
    assert_eq!(
        s[2].disability,
        Some((Disability::Physical, Placement::Regular))
    );
    assert!(s[2].flags.boarding);
    assert_eq!(
        s[3].number.kind(),
        junheng_core::student::NumberKind::Temporary
    );
    assert_eq!(
        (s[3].stage, s[3].grade, s[3].flags.purchased_place),
        (Stage::Junior, 8, true)
    );
}

#[test]
fn csv_reads_in_utf8_and_gb18030_with_every_spelling() {
    let rows = [
        row(&[("年级", "二年级"), ("出生日期", "2016/9/1")]),
        row(&[
            ("学籍号", GIRL),
            ("姓名", "李四"),
            ("性别", "女"),
            ("出生日期", "2015年5月20日"),
            ("年级", "4"),
            ("户籍", "随迁"),
            ("户籍所在省份", "广西"),
            ("低保", "是"),
            ("困境儿童", "否"),
        ]),
        row(&[
            ("学籍号", "l123456"),
            ("学段", "初中"),
            ("年级", "初三"),
            ("残疾类别", "听力"),
            ("安置方式", "送教上门"),
        ]),
    ];
    let text =
        String::from_utf8(csv(&rows.iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    for bytes in [text.as_bytes(), &gbk] {
        let file = read_students(bytes, "学籍.csv").unwrap();
        assert_eq!(file.sheet, None);
        let s = &file.students;
        assert_eq!((s[0].grade, s[0].birth_date.as_str()), (2, "2016-09-01"));
        assert_eq!(s[1].name, "李四");
        assert_eq!(s[1].birth_date, "2015-05-20");
        assert_eq!(
            s[1].hukou,
            Hukou::Migrant {
                province: "广西壮族自治区".into()
            }
        );
        assert!(s[1].flags.dibao && !s[1].flags.hardship);
        assert_eq!(s[2].number.expose(), "L123456");
        assert_eq!((s[2].stage, s[2].grade), (Stage::Junior, 9));
        assert_eq!(
            s[2].disability,
            Some((Disability::Hearing, Placement::HomeTeaching))
        );
    }
}

#[test]
fn every_problem_is_named_with_its_row_column_and_code() {
    let rows = [
        // 2: fine
        row(&[]),
        // 3: not G or L; a bad sex; a bad date; a bad stage
        row(&[
            ("学籍号", "X123456"),
            ("性别", "M"),
            ("出生日期", "2016-02-30"),
            ("学段", "高中"),
        ]),
        // 4: wrong check character; a bad grade; a long class; a bad hukou
        row(&[
            ("学籍号", "G500112201609010016"),
            ("年级", "十"),
            ("班级", &"班".repeat(21)),
            ("户籍", "外地"),
        ]),
        // 5: sex and birth disagree with the number; grade outside the stage
        row(&[
            ("学籍号", OLDER_BOY),
            ("性别", "女"),
            ("出生日期", "2016-09-02"),
            ("年级", "7"),
        ]),
        // 6: 随迁 without province; disability without placement; a bad flag
        row(&[
            ("学籍号", GIRL),
            ("性别", "女"),
            ("出生日期", "2015-05-20"),
            ("户籍", "随迁"),
            ("残疾类别", "肢体"),
            ("寄宿", "Y"),
        ]),
        // 7: 本地 with a province; placement without disability
        row(&[
            ("学籍号", "L000007"),
            ("户籍所在省份", "四川省"),
            ("安置方式", "特教班"),
        ]),
        // 8: a bad province; a bad disability; a bad placement
        row(&[
            ("学籍号", "L000001"),
            ("户籍", "随迁"),
            ("户籍所在省份", "成都"),
            ("残疾类别", "其他"),
            ("安置方式", "在家"),
        ]),
        // 9: the same number as row 2; a name of digits; a formula class
        row(&[("姓名", "24680"), ("班级", "=1+1")]),
        // 10: a formula name; a scientific-notation number
        row(&[("学籍号", "1.10101E+17"), ("姓名", "@张三")]),
        // 11: an empty name, a long name
        row(&[("学籍号", "L000002"), ("姓名", "")]),
        row(&[("学籍号", "L000003"), ("姓名", &"张".repeat(31))]),
    ];
    let f = failure(&rows);
    let got = found(&f);
    let expect = [
        (codes::NUMBER_INVALID, 3, "学籍号"),
        (codes::SEX_INVALID, 3, "性别"),
        (codes::BIRTH_DATE_INVALID, 3, "出生日期"),
        (codes::STAGE_INVALID, 3, "学段"),
        (codes::NUMBER_CHECK, 4, "学籍号"),
        (codes::GRADE_INVALID, 4, "年级"),
        (codes::CLASS_INVALID, 4, "班级"),
        (codes::HUKOU_INVALID, 4, "户籍"),
        (codes::SEX_MISMATCH, 5, "性别"),
        (codes::BIRTH_MISMATCH, 5, "出生日期"),
        (codes::GRADE_STAGE_MISMATCH, 5, "年级"),
        (codes::PROVINCE_MISSING, 6, "户籍所在省份"),
        (codes::PLACEMENT_MISSING, 6, "安置方式"),
        (codes::YES_NO_INVALID, 6, "寄宿"),
        (codes::PROVINCE_UNEXPECTED, 7, "户籍所在省份"),
        (codes::PLACEMENT_UNEXPECTED, 7, "安置方式"),
        (codes::PROVINCE_INVALID, 8, "户籍所在省份"),
        (codes::DISABILITY_INVALID, 8, "残疾类别"),
        (codes::PLACEMENT_INVALID, 8, "安置方式"),
        (codes::DUPLICATE_NUMBER, 9, "学籍号"),
        (codes::NAME_INVALID, 9, "姓名"),
        (codes::TEXT_FORMULA, 9, "班级"),
        (codes::NUMBER_NOT_TEXT, 10, "学籍号"),
        (codes::TEXT_FORMULA, 10, "姓名"),
        (codes::REQUIRED_CELL_EMPTY, 11, "姓名"),
        (codes::NAME_INVALID, 12, "姓名"),
    ];
    for (code, row, column) in expect {
        assert!(
            got.contains(&(code, Some(row), Some(column))),
            "{code} at row {row} {column}: {got:?}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{got:?}");
    let issue = |code, row| {
        f.issues
            .iter()
            .find(|i| i.code == code && i.row == Some(row))
            .unwrap()
    };
    // The row before names the first; numbers show masked only.
    let dup = issue(codes::DUPLICATE_NUMBER, 9);
    assert!(dup.message.contains("第 2 行"), "{}", dup.message);
    assert_eq!(dup.value.as_deref(), Some("G5001**********0015"));
    assert_eq!(
        issue(codes::NUMBER_CHECK, 4).value.as_deref(),
        Some("G5001**********0016")
    );
    hidden(&f, "201609010016");
    hidden(&f, "201609010015");
    // Names and disagreeing birth dates are not echoed.
    for i in f
        .issues
        .iter()
        .filter(|i| i.column.as_deref() == Some("姓名"))
    {
        assert_eq!(i.value, None, "{i}");
    }
    hidden(&f, "24680");
    hidden(&f, "@张三");
    let birth = issue(codes::BIRTH_MISMATCH, 5);
    assert_eq!(birth.value, None);
    hidden(&f, "2016-09-02");
    assert!(
        issue(codes::NAME_INVALID, 9)
            .message
            .contains("第 9 行的姓名")
    );
    assert_eq!(
        issue(codes::BIRTH_DATE_INVALID, 3).value.as_deref(),
        Some("2016-02-30")
    );
}

#[test]
fn nothing_is_returned_when_one_row_is_wrong() {
    let rows: Vec<String> = (0..50)
        .map(|k| row(&[("学籍号", &format!("L{k:08}"))]))
        .chain([row(&[("学籍号", "L99999999"), ("性别", "?")])])
        .collect();
    let f = failure(&rows);
    assert_eq!(found(&f), [(codes::SEX_INVALID, Some(52), Some("性别"))]);
}

#[test]
fn a_national_id_column_refuses_the_whole_file() {
    for header in ["身份证号", "居民身份证号", "身份证"] {
        let text = format!("{HEADER},{header}\n{},{ID}\n", row(&[]));
        let f = read_students(text.as_bytes(), "学籍.csv").unwrap_err();
        assert_eq!(
            found(&f),
            [(codes::NATIONAL_ID_COLUMN, Some(1), Some(header))]
        );
        assert!(f.issues[0].message.contains("请不要上传身份证号列"));
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        hidden(&f, ID);
    }
    // With a required column missing too, the 身份证 column comes first.
    let text = format!("学籍号,身份证号\n{BOY},{ID}\n");
    let f = read_students(text.as_bytes(), "学籍.csv").unwrap_err();
    assert_eq!(f.issues[0].code, codes::NATIONAL_ID_COLUMN);
    assert!(
        f.issues[1..]
            .iter()
            .all(|i| i.code == codes::REQUIRED_COLUMN_MISSING)
    );
    hidden(&f, ID);
}

#[test]
fn an_id_in_another_column_is_refused_and_never_shown() {
    let text = format!("{HEADER},证件号码\n{},{ID}\n", row(&[]));
    let f = read_students(text.as_bytes(), "学籍.csv").unwrap_err();
    assert_eq!(
        found(&f),
        [(codes::NATIONAL_ID_VALUE, Some(2), Some("证件号码"))]
    );
    assert_eq!(f.issues[0].value.as_deref(), Some("110…"));
    hidden(&f, ID);

    let rows = [
        row(&[("姓名", ID)]),
        row(&[
            ("学籍号", GIRL),
            ("性别", "女"),
            ("出生日期", "2015-05-20"),
            ("班级", &format!("1班{ID}")),
        ]),
        row(&[("学籍号", "L000001"), ("姓名", "1.10101E+17")]),
    ];
    let f = failure(&rows);
    assert_eq!(
        found(&f),
        [
            (codes::NATIONAL_ID_VALUE, Some(2), Some("姓名")),
            (codes::NATIONAL_ID_VALUE, Some(3), Some("班级")),
            (codes::NATIONAL_ID_VALUE, Some(4), Some("姓名")),
        ]
    );
    assert_eq!(f.issues[0].value, None);
    assert!(f.issues[0].message.contains("第 2 行的姓名"));
    assert_eq!(f.issues[1].value.as_deref(), Some("1班1…"));
    hidden(&f, ID);
    hidden(&f, &ID[6..14]);
}

#[test]
fn numbers_typed_as_numbers_or_ids_without_g_are_refused_masked() {
    let rows = [
        row(&[("学籍号", ID)]),
        row(&[("学籍号", "")]),
        row(&[("学籍号", "G50011220160901001")]),
    ];
    let f = failure(&rows);
    assert_eq!(
        found(&f),
        [
            (codes::NUMBER_INVALID, Some(2), Some("学籍号")),
            (codes::REQUIRED_CELL_EMPTY, Some(3), Some("学籍号")),
            (codes::NUMBER_INVALID, Some(4), Some("学籍号")),
        ]
    );
    assert_eq!(f.issues[0].value.as_deref(), Some("1101**********7770"));
    assert!(
        f.issues[0].message.contains("请在前面加 G"),
        "{}",
        f.issues[0].message
    );
    hidden(&f, ID);

    // A spreadsheet number cell in an .xlsx.
    let headers: Vec<&str> = HEADER.split(',').collect();
    let mut cells: Vec<V> = row(&[])
        .split(',')
        .map(|c| if c.is_empty() { V::E } else { t(c) })
        .collect();
    cells[0] = V::N(110_101_201_503_077_770.0);
    let bytes = xlsx(&[Sheet::new(SHEET_NAME, &headers, vec![cells])]).unwrap();
    let f = read_students(&bytes, "学籍.xlsx").unwrap_err();
    assert_eq!(
        found(&f),
        [(codes::NUMBER_NOT_TEXT, Some(2), Some("学籍号"))]
    );
    hidden(&f, "201503077");
}

#[test]
fn grades_are_read_in_every_spelling() {
    for (text, grade, stage) in [
        ("1", 1, "小学"),
        ("一年级", 1, "小学"),
        ("6年级", 6, "小学"),
        ("七年级", 7, "初中"),
        ("初一", 7, "初中"),
        ("初三", 9, "初中"),
        ("9", 9, "初中"),
    ] {
        let file =
            read_students(&csv(&[&row(&[("年级", text), ("学段", stage)])]), "a.csv").unwrap();
        assert_eq!(file.students[0].grade, grade, "{text}");
    }
    for text in ["0", "10", "初四", "高一", "3.5", "三班"] {
        let f = failure(&[row(&[("年级", text)])]);
        assert_eq!(
            found(&f),
            [(codes::GRADE_INVALID, Some(2), Some("年级"))],
            "{text}"
        );
    }
}

#[test]
fn provinces_are_read_by_their_full_or_short_names() {
    assert_eq!(PROVINCES.len(), 34);
    for p in PROVINCES {
        assert_eq!(province(p), Some(p));
    }
    assert_eq!(province("四川"), Some("四川省"));
    assert_eq!(province("内蒙古"), Some("内蒙古自治区"));
    assert_eq!(province("香港"), Some("香港特别行政区"));
    assert_eq!(province("北京"), Some("北京市"));
    assert_eq!(province("新疆"), Some("新疆维吾尔自治区"));
    assert_eq!(province("火星"), None);
}

#[test]
fn debug_hides_the_name_and_the_number() {
    let file = read_students(&write_template(), "学籍.xlsx").unwrap();
    let shown = format!("{file:?}");
    assert!(!shown.contains("张示例"), "{shown}");
    assert!(!shown.contains(BOY), "{shown}");
    assert!(shown.contains("G5001**********0015"));
}

#[test]
fn headers_are_checked_and_unknown_columns_warned() {
    let f = read_students("学籍号,姓名\nL000001,张三\n".as_bytes(), "a.csv").unwrap_err();
    assert_eq!(f.issues[0].code, codes::REQUIRED_COLUMN_MISSING);
    let text = format!("{HEADER},备注\n{},x\n", row(&[]));
    let file = read_students(text.as_bytes(), "a.csv").unwrap();
    assert_eq!(file.warnings[0].code, codes::UNKNOWN_COLUMN);
    let only_header = read_students(format!("{HEADER}\n").as_bytes(), "a.csv").unwrap_err();
    assert_eq!(only_header.issues[0].code, codes::NO_DATA_ROWS);
    // Optional columns may be left out.
    let file = read_students(
        format!("学籍号,姓名,性别,出生日期,学段,年级,班级,户籍\n{BOY},张三,男,2016-09-01,小学,2,1班,本地\n")
            .as_bytes(),
        "a.csv",
    )
    .unwrap();
    assert_eq!(file.students[0].flags, Flags::default());
}

#[test]
fn a_large_district_file_reads() {
    let rows: Vec<String> = (0..20_000)
        .map(|k| row(&[("学籍号", &format!("L{k:08}")), ("姓名", "张三")]))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = read_students(&csv(&rows), "区县学籍.csv").unwrap();
    assert_eq!(file.students.len(), 20_000);
}

#[test]
fn another_sheet_is_read_with_a_warning() {
    let headers: Vec<&str> = HEADER.split(',').collect();
    let cells = |r: String| -> Vec<V> {
        r.split(',')
            .map(|c| if c.is_empty() { V::E } else { t(c) })
            .collect()
    };
    let bytes = xlsx(&[
        Sheet::new("花名册", &headers, vec![cells(row(&[]))]),
        Sheet::new("备用", &headers, vec![]),
    ])
    .unwrap();
    let file = read_students(&bytes, "学籍.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some("花名册"));
    assert_eq!(file.warnings[0].code, codes::SHEET_NOT_NAMED);
    assert_eq!(file.students.len(), 1);
}
