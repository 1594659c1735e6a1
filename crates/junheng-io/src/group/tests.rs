//! Unit tests of the group file.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::write::MEMBERSHIP_RULE;
use super::*;

const G: &[&str] = &[
    "集团名称",
    "集团类型",
    "状态",
    "成立日期",
    "法人形式",
    "牵头校标识码",
    "备注",
];
const M: &[&str] = &["集团名称", "学校标识码", "加入日期", "退出日期"];

fn kinds() -> Vec<String> {
    [
        "紧密型",
        "融合型",
        "领办型",
        "联盟型",
        "法人统筹型",
        "品牌引领型",
        "项目驱动型",
    ]
    .iter()
    .map(|k| (*k).to_owned())
    .collect()
}

fn code(s: &str) -> SchoolCode {
    SchoolCode::parse(s).unwrap()
}

/// A workbook of text cells: (sheet, rows), the first row the header; empty strings are blank.
fn book(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut b = Workbook::new();
    for (name, rows) in sheets {
        let ws = b.add_worksheet();
        ws.set_name(*name).unwrap();
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(i as u32, j as u16, *v).unwrap();
                }
            }
        }
    }
    b.save_to_buffer().unwrap()
}

/// A file of the two sheets with the template's headers and these rows.
fn file(groups: &[&[&str]], members: &[&[&str]]) -> Vec<u8> {
    fn sheet<'a>(header: &[&'static str], rows: &[&[&'a str]]) -> Vec<Vec<&'a str>> {
        let mut all = vec![header.to_vec()];
        all.extend(rows.iter().map(|r| r.to_vec()));
        all
    }
    book(&[("集团", sheet(G, groups)), ("成员", sheet(M, members))])
}

fn problems(bytes: &[u8]) -> Vec<Issue> {
    read_groups(bytes, "教育集团名册.xlsx", &kinds())
        .unwrap_err()
        .issues
}

/// The one problem of a file: its code, sheet, row, column and value, and its message.
fn only(bytes: &[u8]) -> Issue {
    let mut issues = problems(bytes);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    issues.remove(0)
}

#[track_caller]
fn located(i: &Issue, code: &str, sheet: &str, row: usize, column: &str, value: Option<&str>) {
    assert_eq!(
        (i.code, i.sheet.as_deref(), i.row, i.column.as_deref()),
        (code, Some(sheet), Some(row), Some(column)),
        "{i:#?}"
    );
    assert_eq!(i.value.as_deref(), value, "{i:#?}");
    assert_eq!(i.file, "教育集团名册.xlsx");
}

const OK_GROUP: &[&str] = &[
    "巴蜀小学教育集团",
    "紧密型",
    "正式",
    "2019-09-01",
    "多法人",
    "5001120001",
    "",
];

fn sample() -> GroupFile {
    let group = |row, name: &str| GroupLine {
        row,
        name: name.to_owned(),
        kind: String::new(),
        status: GroupStatus::Formal,
        founded_on: None,
        legal_form: LegalForm::Unknown,
        lead_school: None,
        note: String::new(),
    };
    let member = |row, group: &str, school: &str, joined: &str, left: Option<&str>| MemberLine {
        row,
        group: group.to_owned(),
        school: code(school),
        joined_on: joined.to_owned(),
        left_on: left.map(str::to_owned),
    };
    GroupFile {
        groups: vec![
            GroupLine {
                kind: "紧密型".into(),
                founded_on: Some("2019-09-01".into()),
                legal_form: LegalForm::Multiple,
                lead_school: Some(code("5001120001")),
                note: "2023 年起纳入市级示范集团培育；含“名校+新校”两个校区".into(),
                ..group(2, "重庆市渝中区巴蜀小学教育集团")
            },
            GroupLine {
                kind: "品牌引领型".into(),
                status: GroupStatus::Cultivating,
                legal_form: LegalForm::Single,
                ..group(3, "人民路小学（集团）")
            },
            group(4, "第三十九中学联盟"),
        ],
        members: vec![
            member(
                2,
                "重庆市渝中区巴蜀小学教育集团",
                "5001120001",
                "2019-09-01",
                None,
            ),
            member(
                3,
                "重庆市渝中区巴蜀小学教育集团",
                "5001120002",
                "2019-09-01",
                Some("2022-09-01"),
            ),
            // Leaves one group and joins another on the same day: no overlap.
            member(4, "人民路小学（集团）", "5001120002", "2022-09-01", None),
            member(
                5,
                "第三十九中学联盟",
                "0001120003",
                "2024-02-29",
                Some("2025-01-31"),
            ),
        ],
    }
}

#[test]
fn a_written_file_reads_back_equal_with_its_chinese_names() {
    let input = sample();
    let bytes = write_groups(&input.groups, &input.members, &kinds());
    let (read, warnings) =
        read_groups_with(&bytes, "教育集团名册.xlsx", &kinds(), &Limits::default()).unwrap();
    assert_eq!(read, input);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(read.groups[0].name, "重庆市渝中区巴蜀小学教育集团");
    assert_eq!(read.members[3].school.as_str(), "0001120003");
}

/// The cells of a sheet of an .xlsx, as text.
fn sheet_text(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut b: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = b.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_template_has_both_sheets_notes_and_a_guide() {
    let bytes = write_groups(&[], &[], &kinds());
    let b: Xlsx<_> = open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
    assert_eq!(b.sheet_names(), ["集团", "成员", "说明"]);
    assert_eq!(sheet_text(&bytes, "集团"), [G]);
    assert_eq!(sheet_text(&bytes, "成员"), [M]);
    let guide: Vec<String> = sheet_text(&bytes, "说明")
        .into_iter()
        .map(|r| r.join("|"))
        .collect();
    let all = guide.join("\n");
    for header in G.iter().chain(M) {
        assert!(all.contains(&format!("|{header}|")), "{header}: {all}");
    }
    assert!(
        guide.iter().any(|r| r.starts_with("成员|加入日期|必填|")),
        "{all}"
    );
    assert!(
        guide.iter().any(|r| r.starts_with("集团|集团名称|必填|")),
        "{all}"
    );
    for k in kinds() {
        assert!(all.contains(&k), "{k}");
    }
    for word in ["正式", "培育", "一法人多校区", "多法人", MEMBERSHIP_RULE] {
        assert!(all.contains(word), "{word}: {all}");
    }
    assert!(MEMBERSHIP_RULE.contains("某学年的集团成员以该学年9月1日的成员关系为准"));
    // Each header has its note; the type's lists the vocabulary; lists of words are offered.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut comments = String::new();
    zip.by_name("xl/comments1.xml")
        .unwrap()
        .read_to_string(&mut comments)
        .unwrap();
    for header in G {
        assert!(comments.contains(&format!("{header}（")), "{header}");
    }
    assert!(comments.contains("紧密型、融合型"), "{comments}");
    let mut groups_xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut groups_xml)
        .unwrap();
    assert!(groups_xml.contains("\"正式,培育\""), "{groups_xml}");
    assert!(groups_xml.contains("紧密型,融合型,领办型"), "{groups_xml}");
    // The empty template is a file without groups.
    let i = only(&bytes);
    assert_eq!(
        (i.code, i.sheet.as_deref()),
        (codes::NO_DATA_ROWS, Some("集团"))
    );
}

#[test]
fn spreadsheet_date_cells_and_other_spellings_are_read_as_dates() {
    let mut b = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let ws = b.add_worksheet().set_name("集团").unwrap();
    for (j, h) in G.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "  巴蜀集团　").unwrap();
    ws.write_date_with_format(1, 3, ExcelDateTime::from_ymd(2019, 9, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 2, "培育集团").unwrap();
    let ws = b.add_worksheet().set_name("成员").unwrap();
    for (j, h) in M.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "巴蜀集团").unwrap();
    ws.write_string(1, 1, "'5001120001").unwrap();
    ws.write_date_with_format(1, 2, ExcelDateTime::from_ymd(2024, 2, 29).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 3, "2025年1月5日").unwrap();
    let bytes = b.save_to_buffer().unwrap();
    let read = read_groups(&bytes, "a.XLSX", &kinds()).unwrap();
    let g = &read.groups[0];
    assert_eq!(g.name, "巴蜀集团");
    assert_eq!(g.founded_on.as_deref(), Some("2019-09-01"));
    assert_eq!(g.status, GroupStatus::Cultivating);
    assert_eq!((g.kind.as_str(), g.legal_form), ("", LegalForm::Unknown));
    let m = &read.members[0];
    assert_eq!(
        (m.joined_on.as_str(), m.left_on.as_deref()),
        ("2024-02-29", Some("2025-01-05"))
    );
}

#[test]
fn group_cells_are_checked_one_by_one() {
    let member = &["巴蜀小学教育集团", "5001120002", "2019-09-01", ""][..];
    let with = |j: usize, v: &str| {
        let mut row = OK_GROUP.to_vec();
        row[j] = v;
        file(&[&row], &[member])
    };
    let long_name = "集".repeat(NAME_MAX_CHARS + 1);
    let long_note = "注".repeat(NOTE_MAX_CHARS + 1);
    let cases: &[(usize, &str, &str, &[&str])] = &[
        (
            1,
            "随便型",
            codes::KIND_UNKNOWN,
            &["集团类型应为", "紧密型", "项目驱动型"],
        ),
        (2, "试点", codes::STATUS, &["正式", "培育", "留空表示正式"]),
        (3, "2019-02-29", codes::DATE, &["成立日期", "YYYY-MM-DD"]),
        (3, "去年", codes::DATE, &["1900 至 2100"]),
        (4, "单法人", codes::LEGAL_FORM, &["一法人多校区", "多法人"]),
        (
            5,
            "500112000",
            codes::SCHOOL_CODE,
            &["牵头校标识码", "10 位"],
        ),
        (6, long_note.as_str(), codes::NOTE_TOO_LONG, &["501", "500"]),
    ];
    for (j, value, code, words) in cases {
        let i = only(&with(*j, value));
        located(
            &i,
            code,
            "集团",
            2,
            G[*j],
            Some(crate::guard::shown(value).as_str()),
        );
        for w in *words {
            assert!(i.message.contains(w), "{code}: {w} not in {}", i.message);
        }
    }
    // A long name: reported; its members are not reported again as of an unknown group.
    let mut row = OK_GROUP.to_vec();
    row[0] = &long_name;
    let m = &[long_name.as_str(), "5001120002", "2019-09-01", ""][..];
    let i = only(&file(&[&row], &[m]));
    located(
        &i,
        codes::NAME_TOO_LONG,
        "集团",
        2,
        "集团名称",
        Some(crate::guard::shown(&long_name).as_str()),
    );
    assert!(
        i.message.contains("101") && i.message.contains("100"),
        "{}",
        i.message
    );
    // A name of exactly the limits is fine.
    let mut row = OK_GROUP.to_vec();
    let name = "集".repeat(NAME_MAX_CHARS);
    row[0] = &name;
    let note = "注".repeat(NOTE_MAX_CHARS);
    row[6] = &note;
    let read = read_groups(&file(&[&row], &[]), "a.xlsx", &kinds()).unwrap();
    assert_eq!(read.groups[0].name, name);
    assert!(read.members.is_empty());
}

#[test]
fn a_group_needs_a_name_and_names_are_unique() {
    let i = only(&file(&[&["", "紧密型"]], &[]));
    located(&i, codes::NAME_REQUIRED, "集团", 2, "集团名称", None);
    assert!(i.message.contains("不能为空"), "{}", i.message);

    let second = &["巴蜀小学教育集团", "联盟型"][..];
    let i = only(&file(&[OK_GROUP, second], &[]));
    located(
        &i,
        codes::DUPLICATE_GROUP,
        "集团",
        3,
        "集团名称",
        Some("巴蜀小学教育集团"),
    );
    assert!(i.message.contains("第 2 行"), "{}", i.message);
}

/// A 成员 row and the problem it has.
type Case<'a> = (
    &'a [&'a str],
    &'a str,
    usize,
    Option<&'a str>,
    &'a [&'a str],
);

#[test]
fn member_cells_are_checked_one_by_one() {
    // (row, code, column index, value, words of the message)
    let cases: &[Case] = &[
        (
            &["", "5001120002", "2019-09-01", ""],
            codes::NAME_REQUIRED,
            0,
            None,
            &["不能为空"],
        ),
        (
            &["不存在的集团", "5001120002", "2019-09-01", ""],
            codes::MEMBER_GROUP_UNKNOWN,
            0,
            Some("不存在的集团"),
            &["「集团」工作表中没有这个集团"],
        ),
        (
            &["巴蜀小学教育集团", "50011200", "2019-09-01", ""],
            codes::SCHOOL_CODE,
            1,
            Some("50011200"),
            &["10 位", "开头的 0"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "", ""],
            codes::REQUIRED_CELL_EMPTY,
            2,
            None,
            &["「加入日期」不能为空", "YYYY-MM-DD"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019/9/31", ""],
            codes::DATE,
            2,
            Some("2019/9/31"),
            &["加入日期应为", "真实日期"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2019-09-01"],
            codes::LEFT_BEFORE_JOINED,
            3,
            Some("2019-09-01"),
            &["退出日期应晚于加入日期 2019-09-01"],
        ),
        (
            &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2018-01-01"],
            codes::LEFT_BEFORE_JOINED,
            3,
            Some("2018-01-01"),
            &["应晚于"],
        ),
    ];
    for (row, code, j, value, words) in cases {
        let i = only(&file(&[OK_GROUP], &[row]));
        located(&i, code, "成员", 2, M[*j], *value);
        for w in *words {
            assert!(i.message.contains(w), "{code}: {w} not in {}", i.message);
        }
    }
}

#[test]
fn a_school_is_in_one_group_at_a_time() {
    let groups = &[OK_GROUP, &["人民路小学集团"][..]];
    let a = &["巴蜀小学教育集团", "5001120002", "2019-09-01", ""][..];
    let b = &["人民路小学集团", "5001120002", "2022-09-01", ""][..];
    let i = only(&file(groups, &[a, b]));
    located(
        &i,
        codes::MEMBER_OVERLAP,
        "成员",
        3,
        "加入日期",
        Some("2022-09-01"),
    );
    for w in [
        "5001120002",
        "第 2 行",
        "巴蜀小学教育集团",
        "人民路小学集团",
        "2019-09-01 起至今",
        "一所学校同一时间只属于一个集团",
    ] {
        assert!(i.message.contains(w), "{w} not in {}", i.message);
    }
    // The same school twice in one group overlaps too; the later-joined line is reported.
    let again = &["巴蜀小学教育集团", "5001120002", "2020-09-01", "2021-09-01"][..];
    let i = only(&file(groups, &[again, a]));
    located(
        &i,
        codes::MEMBER_OVERLAP,
        "成员",
        2,
        "加入日期",
        Some("2020-09-01"),
    );
    // Leaving on the day one joins another group is no overlap.
    let left = &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2022-09-01"][..];
    let read = read_groups(&file(groups, &[left, b]), "a.xlsx", &kinds()).unwrap();
    assert_eq!(read.members.len(), 2);
}

/// Every row a sweep reports: those overlapping any line of their school joined before them.
fn overlapping_rows(lines: &[(usize, u8, u32, Option<u32>)]) -> Vec<usize> {
    let groups: Vec<&[&str]> = vec![OK_GROUP];
    let rows: Vec<[String; 4]> = lines
        .iter()
        .map(|(_, school, joined, left)| {
            let day = |d: u32| format!("2020-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
            [
                "巴蜀小学教育集团".to_owned(),
                format!("500112000{school}"),
                day(*joined),
                left.map(day).unwrap_or_default(),
            ]
        })
        .collect();
    let members: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = members.iter().map(Vec::as_slice).collect();
    match read_groups(&file(&groups, &refs), "a.xlsx", &kinds()) {
        Ok(_) => Vec::new(),
        Err(f) => {
            assert!(f.issues.iter().all(|i| i.code == codes::MEMBER_OVERLAP));
            f.issues.iter().filter_map(|i| i.row).collect()
        }
    }
}

#[test]
fn the_overlap_sweep_finds_what_comparing_every_pair_finds() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % u64::from(n)) as u32
    };
    let (mut with, mut without) = (0, 0);
    for _ in 0..40 {
        let lines: Vec<(usize, u8, u32, Option<u32>)> = (0..2 + next(6) as usize)
            .map(|k| {
                let joined = next(250);
                let left = (next(3) > 0).then(|| joined + 1 + next(80));
                (k + 2, next(3) as u8, joined, left)
            })
            .collect();
        let overlaps = |a: &(usize, u8, u32, Option<u32>), b: &(usize, u8, u32, Option<u32>)| {
            a.1 == b.1 && a.3.is_none_or(|e| e > b.2) && b.3.is_none_or(|e| e > a.2)
        };
        // A line is reported when it overlaps a line joined before it (or on the same day,
        // above it).
        let expected: Vec<usize> = lines
            .iter()
            .filter(|m| {
                lines
                    .iter()
                    .any(|p| (p.2, p.0) < (m.2, m.0) && overlaps(p, m))
            })
            .map(|m| m.0)
            .collect();
        assert_eq!(overlapping_rows(&lines), expected, "{lines:?}");
        if expected.is_empty() {
            without += 1;
        } else {
            with += 1;
        }
    }
    assert!(
        with > 5 && without > 5,
        "{with} with overlaps, {without} without"
    );
}

#[test]
fn every_problem_is_reported_in_sheet_row_and_column_order() {
    let groups: &[&[&str]] = &[
        &["甲集团", "随便型", "试点"],
        &["乙集团", "", "", "2024-13-01", "", "12345"],
        &["甲集团"],
    ];
    let members: &[&[&str]] = &[
        &["丙集团", "5001120001", "2024-09-31"],
        &["甲集团", "5001120001", "2024-09-01", "2024-08-01"],
        &["甲集团", "123", ""],
    ];
    let issues = problems(&file(groups, members));
    let got: Vec<(&str, &str, usize, &str)> = issues
        .iter()
        .map(|i| {
            (
                i.code,
                i.sheet.as_deref().unwrap(),
                i.row.unwrap(),
                i.column.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (codes::KIND_UNKNOWN, "集团", 2, "集团类型"),
            (codes::STATUS, "集团", 2, "状态"),
            (codes::DATE, "集团", 3, "成立日期"),
            (codes::SCHOOL_CODE, "集团", 3, "牵头校标识码"),
            (codes::DUPLICATE_GROUP, "集团", 4, "集团名称"),
            (codes::MEMBER_GROUP_UNKNOWN, "成员", 2, "集团名称"),
            (codes::DATE, "成员", 2, "加入日期"),
            (codes::LEFT_BEFORE_JOINED, "成员", 3, "退出日期"),
            (codes::SCHOOL_CODE, "成员", 4, "学校标识码"),
            (codes::REQUIRED_CELL_EMPTY, "成员", 4, "加入日期"),
        ]
    );
}

#[test]
fn missing_sheets_and_columns_are_named() {
    let groups_only = book(&[("集团", vec![G.to_vec(), OK_GROUP.to_vec()])]);
    let i = only(&groups_only);
    assert_eq!(
        (i.code, i.sheet.as_deref(), i.row),
        (codes::SHEET_MISSING, Some("成员"), None)
    );
    assert!(
        i.message.contains("没有名为「成员」的工作表"),
        "{}",
        i.message
    );

    let neither = book(&[("Sheet1", vec![vec!["x"], vec!["y"]])]);
    let got: Vec<_> = problems(&neither)
        .iter()
        .map(|i| (i.code, i.sheet.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (codes::SHEET_MISSING, Some("集团".into())),
            (codes::SHEET_MISSING, Some("成员".into()))
        ]
    );

    let columns = book(&[
        ("集团", vec![vec!["名称", "集团类型"], vec!["甲", "紧密型"]]),
        (
            "成员",
            vec![vec!["集团名称", "学校标识码"], vec!["甲", "5001120001"]],
        ),
    ]);
    let failure = read_groups(&columns, "教育集团名册.xlsx", &kinds()).unwrap_err();
    let got: Vec<_> = failure
        .issues
        .iter()
        .map(|i| (i.code, i.sheet.as_deref(), i.column.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (codes::COLUMN_MISSING, Some("集团"), Some("集团名称")),
            (codes::COLUMN_MISSING, Some("成员"), Some("加入日期")),
        ]
    );
    assert!(failure.issues[1].message.contains("缺少必填列「加入日期」"));
    assert_eq!(failure.warnings[0].code, codes::UNKNOWN_COLUMN);

    // An empty members sheet (header only) is fine; an empty sheet (no header) is not.
    let read = read_groups(&file(&[OK_GROUP], &[]), "a.xlsx", &kinds()).unwrap();
    assert_eq!(read.groups.len(), 1);
    let no_header = book(&[
        ("集团", vec![G.to_vec(), OK_GROUP.to_vec()]),
        ("成员", vec![]),
    ]);
    let i = only(&no_header);
    assert_eq!(
        (i.code, i.sheet.as_deref()),
        (codes::SHEET_EMPTY, Some("成员"))
    );
}

#[test]
fn other_formats_and_the_limits() {
    let i = only_of(read_groups(b"a,b\n", "集团.csv", &kinds()));
    assert_eq!(i.code, codes::UNSUPPORTED_FORMAT);
    assert!(i.message.contains("两个工作表"), "{}", i.message);
    let i = only_of(read_groups(b"", "集团.txt", &kinds()));
    assert_eq!(i.code, codes::UNSUPPORTED_FORMAT);
    let i = only_of(read_groups(b"not a zip", "集团.xlsx", &kinds()));
    assert_eq!((i.code, i.sheet.as_deref()), (codes::FILE_UNREADABLE, None));

    let bytes = file(&[OK_GROUP], &[]);
    let small = Limits {
        max_input_bytes: 100,
        ..Limits::default()
    };
    let i = only_of(read_groups_with(&bytes, "a.xlsx", &kinds(), &small).map(|(f, _)| f));
    assert_eq!(i.code, codes::FILE_TOO_LARGE);

    let member = |s: &'static str| ["巴蜀小学教育集团", s, "2019-09-01"];
    let rows = [
        member("5001120001"),
        member("5001120002"),
        member("5001120003"),
    ];
    let refs: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
    let few = Limits {
        max_rows: 2,
        ..Limits::default()
    };
    let bytes = file(&[OK_GROUP], &refs);
    let i = only_of(read_groups_with(&bytes, "a.xlsx", &kinds(), &few).map(|(f, _)| f));
    assert_eq!(
        (i.code, i.sheet.as_deref()),
        (codes::TOO_MANY_ROWS, Some("成员"))
    );

    let bad = [
        &["甲", "随便型"][..],
        &["乙", "随便型"],
        &["丙", "随便型"],
        &["丁", "随便型"],
    ];
    let bytes = file(&bad, &[]);
    let capped = Limits {
        max_issues: 2,
        ..Limits::default()
    };
    let failure = read_groups_with(&bytes, "a.xlsx", &kinds(), &capped).unwrap_err();
    let got: Vec<_> = failure.issues.iter().map(|i| (i.code, i.row)).collect();
    assert_eq!(
        got,
        [
            (codes::KIND_UNKNOWN, Some(2)),
            (codes::KIND_UNKNOWN, Some(3)),
            (codes::MORE_ISSUES, None)
        ]
    );
    assert_eq!(failure.issue_count(), 4);
}

fn only_of(result: Result<GroupFile, ImportFailure>) -> Issue {
    let mut issues = result.unwrap_err().issues;
    assert_eq!(issues.len(), 1, "{issues:#?}");
    issues.remove(0)
}

#[test]
fn an_empty_vocabulary_takes_only_empty_types() {
    let none: Vec<String> = Vec::new();
    let bytes = write_groups(&sample().groups, &[], &none);
    let failure = read_groups(&bytes, "a.xlsx", &none).unwrap_err();
    let i = &failure.issues[0];
    assert_eq!((i.code, i.row), (codes::KIND_UNKNOWN, Some(2)));
    assert!(i.message.contains("没有设置集团类型"), "{}", i.message);
    let mut groups = sample().groups;
    for g in &mut groups {
        g.kind.clear();
    }
    let bytes = write_groups(&groups, &[], &none);
    assert_eq!(read_groups(&bytes, "a.xlsx", &none).unwrap().groups, groups);
}

/// A minimal .ods of these sheets (`(name, rows)`, each cell the XML of a `table:table-cell`).
fn ods(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    use std::io::Write;
    let mut content = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>",
    );
    for (name, rows) in sheets {
        content.push_str(&format!("<table:table table:name=\"{name}\">"));
        for row in rows {
            content.push_str("<table:table-row>");
            content.push_str(&row.concat());
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" \
        manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" \
        manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 3] = [
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ];
    for (name, bytes) in parts {
        w.start_file(name, stored).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

fn ods_text(t: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
    )
}

fn ods_date(d: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\">\
         <text:p>{d}</text:p></table:table-cell>"
    )
}

#[test]
fn an_ods_file_reads_with_its_date_cells() {
    let texts = |cells: &[&str]| cells.iter().map(|c| ods_text(c)).collect::<Vec<_>>();
    let mut group = texts(&["巴蜀小学教育集团", "联盟型", "培育"]);
    group.push(ods_date("2019-09-01"));
    let mut member = texts(&["巴蜀小学教育集团", "5001120002"]);
    member.push(ods_date("2019-09-01T00:00:00"));
    member.push(ods_text("2023-08-31"));
    let bytes = ods(&[
        ("集团", vec![texts(&G[..4]), group]),
        ("成员", vec![texts(M), member]),
    ]);
    let read = read_groups(&bytes, "教育集团名册.ods", &kinds()).unwrap();
    let g = &read.groups[0];
    assert_eq!(
        (
            g.name.as_str(),
            g.kind.as_str(),
            g.status,
            g.founded_on.as_deref()
        ),
        (
            "巴蜀小学教育集团",
            "联盟型",
            GroupStatus::Cultivating,
            Some("2019-09-01")
        )
    );
    let m = &read.members[0];
    assert_eq!(
        (
            m.school.as_str(),
            m.joined_on.as_str(),
            m.left_on.as_deref()
        ),
        ("5001120002", "2019-09-01", Some("2023-08-31"))
    );
    // The same file with a missing sheet names it.
    let bytes = ods(&[("集团", vec![texts(&G[..4])])]);
    let issues = read_groups(&bytes, "a.ods", &kinds()).unwrap_err().issues;
    let got: Vec<_> = issues.iter().map(|i| i.code).collect();
    assert_eq!(
        got,
        [codes::NO_DATA_ROWS, codes::SHEET_MISSING],
        "{issues:#?}"
    );
}
