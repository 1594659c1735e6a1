//! A written file reads back; the template; spreadsheet date cells; an empty vocabulary.

use super::*;

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
