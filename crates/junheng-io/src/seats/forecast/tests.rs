//! The forecast's files: templates read back, every problem located, all or nothing.

use super::*;

fn csv(lines: &[&str]) -> Vec<u8> {
    lines.join("\r\n").into_bytes()
}

fn failure(kind: SeatFileKind, lines: &[&str]) -> ImportFailure {
    read_seat_file(kind, &csv(lines), "f.csv").unwrap_err()
}

#[test]
fn every_template_reads_back_with_its_examples() {
    let zones = read_seat_file(
        SeatFileKind::Zones,
        &write_template(SeatFileKind::Zones),
        "z.xlsx",
    )
    .unwrap();
    let SeatRows::Zones(rows) = &zones.rows else {
        panic!()
    };
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].share, rows[2].share), (0.7, 1.0));
    assert_eq!(zones.sheet.as_deref(), Some("学区对应"));
    let cap = read_seat_file(
        SeatFileKind::Capacity,
        &write_template(SeatFileKind::Capacity),
        "c.xlsx",
    )
    .unwrap();
    let SeatRows::Capacity(rows) = &cap.rows else {
        panic!()
    };
    assert_eq!(rows[1].junior_seats, Some(1500));
    assert_eq!(rows[0].junior_classes, None);
    let e = read_seat_file(
        SeatFileKind::Enrolment,
        &write_template(SeatFileKind::Enrolment),
        "e.xlsx",
    )
    .unwrap();
    let SeatRows::Enrolment(rows) = &e.rows else {
        panic!()
    };
    assert_eq!(
        (rows[0].grade, rows[0].pupils, rows[0].migrant),
        (1, 182, 21)
    );
    assert_eq!(rows[2].migrant, 0);
}

#[test]
fn births_problems_are_located_with_what_is_expected() {
    let f = failure(
        SeatFileKind::Births,
        &[
            "街道/乡镇,口径,出生年份,出生数",
            "龙山街道,常住,2018,1250",
            "龙山街道,流动,2018,1250",
            "龙山街道,常住,1800,-3",
            "龙山街道,常住,2018,1300",
        ],
    );
    let codes: Vec<(&str, Option<usize>, Option<&str>)> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            (codes::SERIES_INVALID, Some(3), Some("口径")),
            (codes::YEAR_INVALID, Some(4), Some("出生年份")),
            (codes::COUNT_INVALID, Some(4), Some("出生数")),
            (codes::DUPLICATE_ROW, Some(5), None),
        ]
    );
    assert_eq!(f.issues[0].value.as_deref(), Some("流动"));
    assert!(
        f.issues[0].message.contains("常住、户籍"),
        "{}",
        f.issues[0]
    );
    assert!(f.issues[3].message.contains("第 2 行"), "{}", f.issues[3]);
    assert_eq!(f.issues[0].file, "f.csv");
}

#[test]
fn shares_of_an_area_must_sum_to_one() {
    let f = failure(
        SeatFileKind::Zones,
        &[
            "街道/乡镇,学区,比例",
            "龙山街道,龙山学区,0.7",
            "龙山街道,新城学区,20%",
            "白沙镇,白沙学区,",
            "石门镇,石门学区,1.5",
        ],
    );
    let found: Vec<(&str, Option<usize>)> = f.issues.iter().map(|i| (i.code, i.row)).collect();
    assert_eq!(
        found,
        [
            (codes::SHARES_NOT_ONE, Some(3)),
            (codes::SHARE_INVALID, Some(5))
        ]
    );
    assert!(f.issues[0].message.contains("0.900"), "{}", f.issues[0]);
    let ok = read_seat_file(
        SeatFileKind::Zones,
        &csv(&[
            "街道/乡镇,学区,比例",
            "龙山街道,龙山学区,70%",
            "龙山街道,新城学区,0.3",
        ]),
        "z.csv",
    )
    .unwrap();
    assert_eq!(ok.len(), 2);
}

#[test]
fn enrolment_and_capacity_rows_are_checked() {
    let f = failure(
        SeatFileKind::Enrolment,
        &[
            "学年,学校标识码,年级,在校生数,随迁子女数",
            "2024,5001120001,1,100,10",
            "2024,5001120001,10,100,",
            "2024,500112001,2,100,",
            "2024,5001120001,3,100,101",
            "2024,5001120001,1,90,",
        ],
    );
    let found: Vec<(&str, Option<usize>)> = f.issues.iter().map(|i| (i.code, i.row)).collect();
    assert_eq!(
        found,
        [
            (codes::GRADE_INVALID, Some(3)),
            (codes::SCHOOL_CODE_INVALID, Some(4)),
            (codes::MIGRANT_OVER_PUPILS, Some(5)),
            (codes::DUPLICATE_ROW, Some(6)),
        ]
    );
    let f = failure(
        SeatFileKind::Capacity,
        &[
            "学年,学校标识码,小学核定班数,初中核定班数",
            "2024,5001120001,,",
            "2024,5001120002,24,x",
        ],
    );
    let found: Vec<(&str, Option<usize>, Option<&str>)> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (codes::CAPACITY_EMPTY, Some(2), Some("小学核定班数")),
            (codes::COUNT_INVALID, Some(3), Some("初中核定班数")),
        ]
    );
    let missing = failure(SeatFileKind::Capacity, &["学年,小学核定班数", "2024,24"]);
    assert_eq!(missing.issues[0].code, codes::REQUIRED_COLUMN_MISSING);
    assert_eq!(missing.issues[0].column.as_deref(), Some("学校标识码"));
}
