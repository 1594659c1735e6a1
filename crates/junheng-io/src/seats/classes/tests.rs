use super::*;

const HEADER: &str = "学校标识码,年级,班级,学生数\n";

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
    let file = read_classes(&write_template(), "班级规模表.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(SHEET_NAME));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let c = &file.classes;
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].school, SchoolCode::parse("5001120001").unwrap());
    assert_eq!(
        (c[0].grade, c[0].class.as_str(), c[0].pupils, c[0].row),
        (1, "1班", 44, 2)
    );
    assert_eq!(
        (c[3].grade, c[3].class.as_str(), c[3].pupils),
        (7, "七（2）班", 57)
    );
}

#[test]
fn every_problem_is_named_with_its_row_column_and_code() {
    let long = "班".repeat(CLASS_MAX_CHARS + 1);
    let rows = [
        "5001120001,1,1班,45",
        // 3: grade 10
        "5001120001,10,1班,45",
        // 4: pupils 0
        "5001120001,2,1班,0",
        // 5: not a number
        "5001120001,2,2班,四十",
        // 6: a short code
        "500112,2,3班,40",
        // 7: the class of row 2 again
        "5001120001,1,1班,46",
        // 8: a long class name
        &format!("5001120001,3,{long},40"),
        // 9: an empty class
        "5001120001,3,,40",
    ];
    let failure = read_classes(&csv(&rows), "班级.csv").unwrap_err();
    let got: Vec<(Option<usize>, Option<&str>, &str)> = failure
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.code))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Some("年级"), codes::GRADE_INVALID),
            (Some(4), Some("学生数"), codes::PUPILS_INVALID),
            (Some(5), Some("学生数"), codes::NOT_INTEGER),
            (Some(6), Some("学校标识码"), codes::SCHOOL_CODE_INVALID),
            (Some(7), Some("班级"), codes::DUPLICATE_CLASS),
            (Some(8), Some("班级"), codes::CLASS_TOO_LONG),
            (Some(9), Some("班级"), codes::TABLE.required_cell_empty),
        ]
    );
    assert!(
        failure.issues[0].message.contains("1 至 9"),
        "{}",
        failure.issues[0].message
    );
    assert!(
        failure.issues[4].message.contains("第 2 行"),
        "{}",
        failure.issues[4].message
    );
}

#[test]
fn a_missing_column_stops_before_the_rows() {
    let failure = read_classes(
        "学校标识码,年级,班级\n5001120001,1,1班\n".as_bytes(),
        "班级.csv",
    )
    .unwrap_err();
    assert_eq!(failure.issues.len(), 1);
    assert_eq!(failure.issues[0].code, codes::TABLE.required_column_missing);
    assert!(failure.issues[0].message.contains("学生数"));
}
