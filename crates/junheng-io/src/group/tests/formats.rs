//! Missing sheets and columns, other formats and the limits, and .ods files.

use super::*;

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
