//! Helpers: a valid row to vary, CSV builders and issue assertions.

use junheng_io::school::{COLUMNS, ImportFailure, Imported, Issue, read_bytes};

/// A valid 小学 row, by header.
pub const PRIMARY: &[(&str, &str)] = &[
    ("学年", "2024"),
    ("学校标识码", "5001120001"),
    ("学校名称", "重庆市渝北区实验小学"),
    ("办学类型", "小学"),
    ("城乡分类", "城区"),
    ("小学在校生数", "812"),
    ("小学班数", "18"),
    ("小学专任教师数", "45"),
    ("小学高于规定学历教师数", "44"),
    ("小学骨干教师数", "6"),
    ("小学体育艺术专任教师数", "7"),
    ("小学中级及以上职称教师数", "20"),
    ("教学及辅助用房面积", "6500.5"),
    ("体育馆面积", "800"),
    ("运动场地面积", "9000"),
    ("教学仪器设备资产值", "320.75"),
    ("网络多媒体教室数", "20"),
    ("音乐专用教室数", "2"),
    ("美术专用教室数", "2"),
    ("计算机台数", "120"),
    ("图书册数", "30000"),
];

/// A row in template column order: `PRIMARY` with some cells replaced (by header).
pub fn row(overrides: &[(&str, &str)]) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|c| {
            let pick = |list: &[(&str, &str)]| {
                list.iter()
                    .rev()
                    .find(|(h, _)| *h == c.header)
                    .map(|(_, v)| v.to_string())
            };
            pick(overrides)
                .or_else(|| pick(PRIMARY))
                .unwrap_or_default()
        })
        .collect()
}

/// Quotes a CSV field when needed.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A CSV text with the full template header and the given rows.
pub fn csv(rows: &[Vec<String>]) -> String {
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    let mut out = header.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Imports a CSV text that must fail.
pub fn fail_csv(text: &str) -> ImportFailure {
    match read_bytes(text.as_bytes(), "学校基本情况表.csv") {
        Ok(imported) => panic!(
            "expected failure, imported {} records",
            imported.records.len()
        ),
        Err(failure) => failure,
    }
}

/// Imports a CSV text that must succeed.
pub fn ok_csv(text: &str) -> Imported {
    read_bytes(text.as_bytes(), "学校基本情况表.csv")
        .unwrap_or_else(|f| panic!("import failed:\n{f}"))
}

/// The one issue with `code`, checked for row and column.
pub fn find<'a>(
    issues: &'a [Issue],
    code: &str,
    row: Option<usize>,
    column: Option<&str>,
) -> &'a Issue {
    let matching: Vec<_> = issues.iter().filter(|i| i.code == code).collect();
    let found = matching
        .iter()
        .find(|i| i.row == row && i.column.as_deref() == column)
        .unwrap_or_else(|| panic!("no {code} at row {row:?} column {column:?} in:\n{issues:#?}"));
    assert!(!found.message.is_empty());
    found
}

/// Checks a failure has exactly one issue, with this code, row and column; returns it.
pub fn only(
    failure: &ImportFailure,
    code: &str,
    row: Option<usize>,
    column: Option<&str>,
) -> Issue {
    assert_eq!(
        failure.issues.len(),
        1,
        "expected one issue, got:\n{failure}"
    );
    find(&failure.issues, code, row, column).clone()
}

/// A workbook whose sheet `sheet` has a CSV header line and one row of text cells (the roster
/// and ledger tests vary it with `worksheet_from_index(0)`).
pub fn book_with_row(sheet: &str, header: &str, cells: &[&str]) -> rust_xlsxwriter::Workbook {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name(sheet).unwrap();
    for (j, (h, v)) in header.split(',').zip(cells).enumerate() {
        ws.write_string(0, j as u16, h).unwrap();
        ws.write_string(1, j as u16, *v).unwrap();
    }
    book
}

/// The one issue of an import that must fail with exactly one.
pub fn single<T: std::fmt::Debug>(result: Result<T, ImportFailure>) -> Issue {
    let failure = result.expect_err("expected the import to fail");
    assert_eq!(failure.issues.len(), 1, "{failure}");
    failure.issues[0].clone()
}
