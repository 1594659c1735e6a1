//! Issue #9 regressions: hostile files are refused with one located issue and bounded messages,
//! wide files are read in linear time, bad UTF-8 is never guessed, CSV output never starts a
//! formula, ID numbers are never echoed.

use junheng_io::Limits;
use junheng_io::school::{self, codes};
use junheng_io::{lottery, rotation, teacher};

use crate::bombs::*;
use crate::common::{csv, row, single};

/// Every issue's echoes stay short whatever the input.
fn bounded(issues: &[junheng_io::school::Issue]) {
    for i in issues {
        assert!(i.file.chars().count() <= 61, "{i:?}");
        assert!(i.value.as_deref().map_or(0, |v| v.chars().count()) <= 61);
        assert!(i.column.as_deref().map_or(0, |v| v.chars().count()) <= 61);
        assert!(i.message.chars().count() <= 401, "{}", i.message);
    }
}

#[test]
fn a_huge_cell_in_a_deflated_sheet_is_refused_before_it_is_read() {
    let bomb = inflated_cell(48 << 20);
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    let issue = single(school::read_bytes(&bomb, "炸弹.xlsx"));
    assert_eq!(issue.code, codes::CELL_TOO_LONG, "{issue}");
    assert!(issue.message.contains("32767"), "{issue}");
    bounded(&[issue]);
    let issue = single(teacher::read_bytes(&bomb, "炸弹.xlsx"));
    assert_eq!(issue.code, teacher::codes::CELL_TOO_LONG);
}

#[test]
fn workbook_limits_count_inflated_bytes_not_the_headers() {
    let limits = Limits {
        max_part_bytes: 1 << 20,
        ..Limits::default()
    };
    let honest = inflated_cell(2 << 20);
    let liar = lie_about_sizes(honest.clone(), 100);
    for bytes in [honest, liar] {
        let issue = single(school::read_bytes_with(&bytes, "a.xlsx", &limits));
        assert!(
            [codes::WORKBOOK_TOO_LARGE, codes::FILE_UNREADABLE].contains(&issue.code),
            "{issue}"
        );
    }
    let big = Limits {
        max_workbook_bytes: 3 << 20,
        ..limits
    };
    let parts: Vec<(String, Vec<u8>)> = (0..4)
        .map(|i| (format!("xl/media/{i}.bin"), vec![0u8; 900 << 10]))
        .collect();
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let issue = single(school::read_bytes_with(&zip_of(&refs), "a.xlsx", &big));
    assert_eq!(issue.code, codes::WORKBOOK_TOO_LARGE, "{issue}");
}

#[test]
fn a_cell_in_the_far_corner_costs_nothing() {
    let failure = school::read_bytes(&far_corner(), "远.xlsx").unwrap_err();
    assert_eq!(failure.issues[0].code, codes::NO_DATA_ROWS, "{failure}");
    assert!(
        failure
            .warnings
            .iter()
            .any(|w| w.code == codes::CELLS_OUTSIDE_HEADER),
        "{:?}",
        failure.warnings
    );
}

#[test]
fn ods_repeats_are_bounded_before_the_library_expands_them() {
    let bomb = ods_repeats(1_000_000, 16_000);
    assert!(bomb.len() < 5_000);
    let issue = single(school::read_bytes(&bomb, "重复.ods"));
    assert_eq!(issue.code, codes::SHEET_TOO_LARGE, "{issue}");
    assert_eq!(issue.sheet.as_deref(), Some("学校基本情况表"));
    let issue = single(rotation::read_ledger_bytes(&bomb, "重复.ods"));
    assert_eq!(issue.code, rotation::codes::SHEET_TOO_LARGE);
}

/// A content.xml cut short inside its table made calamine's ODS reader loop forever (found by
/// the fuzz harness): truncated XML is refused before the library reads it, in .ods and .xlsx.
/// A workbook with one part's text changed by `edit`.
fn edit_part(bytes: Vec<u8>, part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut content).unwrap();
        if name == part {
            content = edit(&String::from_utf8(content).unwrap()).into_bytes();
        }
        parts.push((name, content));
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    crate::bombs::zip_of(&refs)
}

const ODS_ROW: &str = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>学年</text:p></table:table-cell></table:table-row>";

#[test]
fn xml_cut_short_is_refused_not_read_forever() {
    let cut = |bytes: Vec<u8>, part: &str, keep: &str| {
        edit_part(bytes, part, |text| {
            text[..text.find(keep).unwrap()].to_owned()
        })
    };
    let ods = cut(
        crate::bombs::ods_with_rows(ODS_ROW),
        "content.xml",
        "</table:table>",
    );
    for issue in [
        single(school::read_bytes(&ods, "截断.ods")),
        single(rotation::read_ledger_bytes(&ods, "截断.ods")),
    ] {
        assert!(issue.message.contains("content.xml"), "{issue}");
        assert!(issue.message.contains("中断"), "{issue}");
    }
    let xlsx = crate::bombs::xlsx_with_rows(crate::bombs::inline_cell("A1", "学年").as_bytes());
    let xlsx = cut(xlsx, "xl/worksheets/sheet1.xml", "</sheetData>");
    let issue = single(school::read_bytes(&xlsx, "截断.xlsx"));
    assert!(issue.message.contains("sheet1.xml"), "{issue}");
}

/// Found by the fuzz harness in CI: a closing tag split by a newline (`</t\nable:table>`) left
/// the sheet open to the end of the file, and calamine's ODS reader waited for it forever.
#[test]
fn xml_with_a_misspelt_or_missing_closing_tag_is_refused_not_read_forever() {
    let ods = || crate::bombs::ods_with_rows(ODS_ROW);
    let misspelt = edit_part(ods(), "content.xml", |t| {
        t.replace("</table:table>", "</t\nable:table>")
    });
    let annotation = edit_part(ods(), "content.xml", |t| {
        t.replace(
            "<text:p>学年</text:p>",
            "<office:annotation><text:p>学年</text:p>",
        )
        .replace("</table:table>", "</office:annotation></table:table>")
        .replacen("</table:table-cell>", "", 1)
    });
    let deep = edit_part(ods(), "content.xml", |t| {
        let open = "<text:span>".repeat(300);
        let close = "</text:span>".repeat(300);
        t.replace(
            "<text:p>学年</text:p>",
            &format!("<text:p>{open}学年{close}</text:p>"),
        )
    });
    for (bytes, says) in [
        (misspelt, "没有正确配对"),
        (annotation, "没有正确配对"),
        (deep, "嵌套超过"),
    ] {
        let read = || {
            [
                single(school::read_bytes(&bytes, "损坏.ods")),
                single(teacher::read_bytes(&bytes, "损坏.ods")),
            ]
        };
        for issue in crate::watchdog::watched(says, &bytes, read) {
            assert!(issue.message.contains("content.xml"), "{issue}");
            assert!(issue.message.contains(says), "{issue}");
        }
    }
}

#[test]
fn xls_shared_strings_repeated_in_every_cell_are_bounded() {
    let long = "长".repeat(30_000);
    let cells: Vec<(u16, u16, u32)> = (0..60_000).map(|r| (r as u16, 0, 0)).collect();
    let bomb = xls_with_strings(&[&long], &cells);
    let issue = single(school::read_bytes(&bomb, "共享.xls"));
    assert_eq!(issue.code, codes::SHEET_TOO_LARGE, "{issue}");
    // A sparse cell far away is not a dense rectangle.
    let sparse = xls_with_strings(&["学年", "x"], &[(0, 0, 0), (65_535, 255, 1)]);
    let failure = school::read_bytes(&sparse, "稀疏.xls").unwrap_err();
    assert!(
        failure
            .warnings
            .iter()
            .any(|w| w.code == codes::CELLS_OUTSIDE_HEADER),
        "{failure}"
    );
}

#[test]
fn a_file_past_the_input_cap_is_refused_by_every_reader() {
    let limits = Limits {
        max_input_bytes: 1000,
        ..Limits::default()
    };
    let big = csv(&vec![row(&[]); 20]);
    let issue = single(school::read_bytes_with(big.as_bytes(), "a.csv", &limits));
    assert_eq!(issue.code, codes::FILE_TOO_LARGE);
    let issue = single(teacher::read_bytes_with(big.as_bytes(), "a.csv", &limits));
    assert_eq!(issue.code, teacher::codes::FILE_TOO_LARGE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("学校.csv");
    std::fs::write(&path, &big).unwrap();
    let failure = school::read_path_with(&path, &limits, &mut |_, _| {}).unwrap_err();
    assert_eq!(failure.issues[0].code, codes::FILE_TOO_LARGE);
    assert!(failure.issues[0].message.contains("1000 字节"), "{failure}");
}

#[test]
fn wide_files_are_refused_in_linear_time_with_one_issue() {
    let wide = wide_csv(100_000);
    let issue = single(teacher::read_bytes(&wide, "宽.csv"));
    assert_eq!(issue.code, teacher::codes::TOO_MANY_COLUMNS);
    assert_eq!(issue.row, Some(1));
    let issue = single(rotation::read_ledger_bytes(&wide, "宽.csv"));
    assert_eq!(issue.code, rotation::codes::TOO_MANY_COLUMNS);
    let issue = single(school::read_bytes(&wide, "宽.csv"));
    assert_eq!(issue.code, codes::TOO_MANY_COLUMNS);
    // Under the cap: every unknown column is counted, a hundred are listed.
    let failure = teacher::read_bytes(&wide_csv(250), "宽.csv").unwrap_err();
    let warnings = &failure.warnings;
    assert_eq!(warnings.len(), 101);
    let last = warnings.last().unwrap();
    assert_eq!(last.code, teacher::codes::MORE_WARNINGS);
    assert_eq!(last.message, "另有 150 条警告未列出");
}

#[test]
fn long_data_rows_are_counted_not_kept() {
    let header = "教师编号,调出学校标识码,调入学校标识码,开始学年,结束学年,类型";
    let mut text = format!("{header}\nT0001,5001120001,5001120002,2024,2026,交流");
    text.push_str(&",x".repeat(100_000));
    text.push('\n');
    let ledger = rotation::read_ledger_bytes(text.as_bytes(), "长.csv").unwrap();
    assert_eq!(ledger.moves.len(), 1);
    assert_eq!(
        ledger.warnings[0].code,
        rotation::codes::CELLS_OUTSIDE_HEADER
    );
}

#[test]
fn utf8_with_bad_bytes_is_refused_where_the_bad_byte_is() {
    let header = "教师编号,调出学校标识码,调入学校标识码,开始学年,结束学年,类型";
    let mut bytes = format!("{header}\nT0001,5001120001,5001120002,2024,2026,交流\n").into_bytes();
    let at = bytes.len() - 4;
    bytes[at] = 0xFF;
    let issue = single(rotation::read_ledger_bytes(&bytes, "坏.csv"));
    assert_eq!(issue.code, rotation::codes::ENCODING_INVALID);
    assert_eq!(issue.row, Some(2));
    assert_eq!(issue.column.as_deref(), Some("类型"));
    assert!(issue.message.contains(&format!("第 {} 个字节", at + 1)));
    // The lottery's tables too.
    let zones = "学区代码,学区名称,派位方式\nZ1,第一学区,平行志愿\n";
    let seats = "学校代码,学校名称,学区代码,计划数\nS1,一小,Z1,1\n";
    let mut applicants = "报名号,学区代码,优先级,志愿1\nA1,Z1,0,S1\n"
        .as_bytes()
        .to_vec();
    applicants.extend_from_slice("A2,第一\u{5b66}区".as_bytes());
    let n = applicants.len();
    applicants[n - 2] = 0xFF;
    let failure = lottery::read_sources(
        lottery::Source {
            bytes: zones.as_bytes(),
            file: "学区.csv",
        },
        lottery::Source {
            bytes: seats.as_bytes(),
            file: "学位计划.csv",
        },
        lottery::Source {
            bytes: &applicants,
            file: "报名.csv",
        },
        &lottery::ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(failure.issues[0].code, lottery::codes::ENCODING_INVALID);
    assert_eq!(failure.issues[0].row, Some(3));
}

#[test]
fn neutralised_formulas_read_back_as_written() {
    let name = "=HYPERLINK(\"http://x\",\"点我\")";
    let text = csv(&[row(&[
        ("学校名称", name),
        ("学区", "@东区"),
        ("教育集团", "-集团"),
    ])]);
    let records = school::read_bytes(text.as_bytes(), "a.csv")
        .unwrap()
        .records;
    let mut out = Vec::new();
    school::write_csv(&records, &mut out).unwrap();
    let written = String::from_utf8(out.clone()).unwrap();
    assert!(written.contains("\"'=HYPERLINK("), "{written}");
    assert!(written.contains(",'@东区,'-集团,"), "{written}");
    let again = school::read_bytes(&out, "again.csv").unwrap().records;
    assert_eq!(again, records);
    assert_eq!(again[0].name, name);
}

#[test]
fn national_ids_as_teacher_ids_are_refused_and_masked() {
    let header = "学年,教师编号,学校标识码,学段,学科,学历,骨干级别,是否体育艺术,本校任教起始年,出生年,性别,在编";
    for id in [
        "110101-19900307-7777",
        "T110101199003077777",
        "110101199003077777-1",
        "１１０１０１１９９００３０７７７７７",
    ] {
        let text =
            format!("{header}\n2024,{id},5001120001,小学,语文,本科,区县,否,2015,1990,女,是\n");
        let issue = single(teacher::read_bytes(text.as_bytes(), "花名册.csv"));
        assert_eq!(issue.code, teacher::codes::TEACHER_ID_NATIONAL_ID, "{id}");
        let shown = issue.value.clone().unwrap();
        assert!(
            shown.ends_with('…') && shown.chars().count() == 4,
            "{shown}"
        );
        assert!(!issue.to_string().contains("19900307"), "{issue}");
    }
    // An ID number in an unknown column's header is not echoed either.
    let text = format!(
        "{header},110101199003077777\n2024,T1,5001120001,小学,语文,本科,区县,否,2015,1990,女,是,x\n"
    );
    let roster = teacher::read_bytes(text.as_bytes(), "花名册.csv").unwrap();
    assert_eq!(roster.warnings[0].column.as_deref(), Some("110…"));
}
