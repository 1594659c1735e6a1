use super::*;

const HEADER: &str =
    "课堂类型,授课学校标识码,授课单位,接收学校标识码,学科,日期,时长（分钟）,备注\n";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = HEADER.to_owned();
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

#[test]
fn the_template_reads_back_as_its_examples() {
    let file = read_sessions(&write_template(), "三个课堂记录.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(SHEET_NAME));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let s = &file.sessions;
    assert_eq!(s.len(), 4);
    assert_eq!(s[0].kind, ClassroomKind::Remote);
    assert_eq!(
        s[0].giver,
        Giver::School(SchoolCode::parse("5001120001").unwrap())
    );
    assert_eq!(
        (s[0].held_on.as_str(), s[0].minutes, s[0].row),
        ("2024-09-10", 40, 2)
    );
    assert_eq!(s[2].giver, Giver::Outside("重庆市巴蜀小学".into()));
    assert_eq!(s[3].kind, ClassroomKind::Synchronous);
    assert_eq!(s[3].note, "三年级（1）班");
}

#[test]
fn a_csv_reads_with_every_spelling_of_a_date() {
    let file = read_sessions(
        &csv(&[
            "专递课堂,5001120001,,5001120031,音乐,2024/9/10,40,",
            "名师课堂,,王老师名师工作室,5001120031,科学,2024年9月11日,45,",
        ]),
        "课堂.csv",
    )
    .unwrap();
    assert_eq!(file.sheet, None);
    assert_eq!(file.sessions[0].held_on, "2024-09-10");
    assert_eq!(file.sessions[1].held_on, "2024-09-11");
    assert_eq!(file.sessions[1].kind, ClassroomKind::MasterTeacher);
}

#[test]
fn every_problem_is_named_with_its_row_column_and_code() {
    let rows = [
        // 2: an unknown kind
        "空中课堂,5001120001,,5001120031,音乐,2024-09-10,40,",
        // 3: no giver
        "专递课堂,,,5001120031,音乐,2024-09-10,40,",
        // 4: both givers
        "专递课堂,5001120001,巴蜀小学,5001120031,音乐,2024-09-10,40,",
        // 5: a 同步课堂 from outside
        "同步课堂,,巴蜀小学,5001120031,音乐,2024-09-10,40,",
        // 6: the same school gives and receives
        "专递课堂,5001120031,,5001120031,音乐,2024-09-10,40,",
        // 7: a bad code, a bad date, too many minutes
        "专递课堂,5001120001,,500112003,音乐,2024-02-30,601,",
        // 8: minutes not a number, a long subject
        "专递课堂,5001120001,,5001120031,一二三四五六七八九十一二三四五六七八九十一,2024-09-10,四十,",
        // 9, 10: the same session twice
        "专递课堂,5001120001,,5001120032,美术,2024-09-10,40,",
        "专递课堂,5001120001,,5001120032,美术,2024-09-10,40,",
        // 11: the same day told apart by its note: fine
        "专递课堂,5001120001,,5001120032,美术,2024-09-10,40,第二节",
    ];
    let failure = read_sessions(&csv(&rows), "课堂.csv").unwrap_err();
    let found: Vec<(&str, Option<usize>, Option<&str>)> = failure
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    let expect = [
        (codes::KIND_INVALID, 2, "课堂类型"),
        (codes::GIVER_MISSING, 3, "授课学校标识码"),
        (codes::GIVER_AMBIGUOUS, 4, "授课单位"),
        (codes::SYNCHRONOUS_NEEDS_SCHOOL, 5, "授课学校标识码"),
        (codes::SAME_SCHOOL, 6, "接收学校标识码"),
        (codes::SCHOOL_CODE_INVALID, 7, "接收学校标识码"),
        (codes::DATE_INVALID, 7, "日期"),
        (codes::MINUTES_INVALID, 7, "时长（分钟）"),
        (codes::SUBJECT_TOO_LONG, 8, "学科"),
        (codes::NOT_INTEGER, 8, "时长（分钟）"),
    ];
    for (code, row, column) in expect {
        assert!(
            found.contains(&(code, Some(row), Some(column))),
            "{code} at row {row} {column}: {found:?}"
        );
    }
    let dup = failure
        .issues
        .iter()
        .find(|i| i.code == codes::DUPLICATE_SESSION)
        .unwrap();
    assert_eq!(dup.row, Some(10));
    assert!(dup.message.contains("第 9 行"), "{}", dup.message);
    assert!(failure.issues.iter().all(|i| i.row != Some(11)));
    let invalid = failure
        .issues
        .iter()
        .find(|i| i.code == codes::DATE_INVALID)
        .unwrap();
    assert_eq!(invalid.value.as_deref(), Some("2024-02-30"));
    assert_eq!(invalid.file, "课堂.csv");
}

#[test]
fn headers_are_checked_and_unknown_columns_warned() {
    let missing =
        "课堂类型,授课学校标识码,学科,日期,时长（分钟）\n专递课堂,5001120001,音乐,2024-09-10,40\n";
    let failure = read_sessions(missing.as_bytes(), "课堂.csv").unwrap_err();
    assert_eq!(failure.issues[0].code, codes::REQUIRED_COLUMN_MISSING);
    assert_eq!(failure.issues[0].column.as_deref(), Some("接收学校标识码"));
    let extra = "课堂类型,授课学校标识码,接收学校标识码,学科,日期,时长（分钟）,年级\n\
                 专递课堂,5001120001,5001120031,音乐,2024-09-10,40,三年级\n";
    let file = read_sessions(extra.as_bytes(), "课堂.csv").unwrap();
    assert_eq!(file.warnings[0].code, codes::UNKNOWN_COLUMN);
    assert_eq!(file.sessions.len(), 1);
    let only_header = read_sessions(HEADER.as_bytes(), "课堂.csv").unwrap_err();
    assert_eq!(only_header.issues[0].code, codes::NO_DATA_ROWS);
    let pdf = read_sessions(b"%PDF-1.7", "课堂.pdf").unwrap_err();
    assert_eq!(pdf.issues[0].code, codes::UNSUPPORTED_FORMAT);
}

#[test]
fn issues_of_the_use_case_layer_are_located_like_the_reader_s() {
    let file = read_sessions(&write_template(), "三个课堂记录.xlsx").unwrap();
    let issue = file.issue(
        codes::SCHOOL_UNKNOWN,
        3,
        columns::RECEIVER,
        Some("5001120031".into()),
        "不是本区县的学校".into(),
    );
    assert_eq!(issue.sheet.as_deref(), Some(SHEET_NAME));
    assert_eq!(
        (issue.row, issue.column.as_deref()),
        (Some(3), Some("接收学校标识码"))
    );
    assert!(issue.to_string().contains("第 3 行"), "{issue}");
}
