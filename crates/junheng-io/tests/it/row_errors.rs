//! One test per cell and row problem, on CSV (header = line 1): code, row and column.

use junheng_io::school::codes;

use crate::common::{csv, fail_csv, find, ok_csv, only, row};

/// A one-row file with some cells replaced must fail with exactly this issue on line 2.
fn one(overrides: &[(&str, &str)], code: &str, column: &str) -> junheng_io::school::Issue {
    only(
        &fail_csv(&csv(&[row(overrides)])),
        code,
        Some(2),
        Some(column),
    )
}

#[test]
fn the_valid_row_imports() {
    let imported = ok_csv(&csv(&[row(&[])]));
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
    let r = &imported.records[0];
    assert_eq!(
        (r.year, r.code.as_str(), r.primary.students),
        (2024, "5001120001", 812)
    );
    assert_eq!(r.primary.intermediate_title_teachers, 20);
    assert_eq!((r.facilities.computers, r.facilities.books), (120, 30000));
    assert_eq!(r.facilities.teaching_room_area, 6500.5);
    assert_eq!(r.facilities.equipment_value, 320.75);
    assert_eq!(r.zone, None);
}

#[test]
fn scientific_notation_code() {
    let issue = one(
        &[("学校标识码", "5.00112E+09")],
        codes::SCHOOL_CODE_SCIENTIFIC,
        "学校标识码",
    );
    assert_eq!(issue.value.as_deref(), Some("5.00112E+09"));
    assert!(issue.message.contains("文本"));
    assert!(
        issue
            .to_string()
            .starts_with("学校基本情况表.csv 第 2 行「学校标识码」列，值「5.00112E+09」：")
    );
}

#[test]
fn code_not_ten_digits() {
    let issue = one(
        &[("学校标识码", "500112001")],
        codes::SCHOOL_CODE_NOT_TEN_DIGITS,
        "学校标识码",
    );
    assert!(issue.message.contains("开头的 0"), "{}", issue.message);
    one(
        &[("学校标识码", "50011200011")],
        codes::SCHOOL_CODE_NOT_TEN_DIGITS,
        "学校标识码",
    );
    one(
        &[("学校标识码", "500112000X")],
        codes::SCHOOL_CODE_NOT_TEN_DIGITS,
        "学校标识码",
    );
    let parent = [("办学类型", "教学点"), ("上级学校标识码", "12345")];
    one(&parent, codes::SCHOOL_CODE_NOT_TEN_DIGITS, "上级学校标识码");
}

#[test]
fn codes_forced_to_text_are_accepted() {
    let imported = ok_csv(&csv(&[
        row(&[("学校标识码", "'0001120001")]),
        row(&[("学校标识码", "=\"0001120002\"")]),
    ]));
    let codes: Vec<_> = imported.records.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["0001120001", "0001120002"]);
}

#[test]
fn required_cell_empty() {
    one(
        &[("学校名称", " \u{3000}")],
        codes::REQUIRED_CELL_EMPTY,
        "学校名称",
    );
    one(
        &[("学校标识码", "")],
        codes::REQUIRED_CELL_EMPTY,
        "学校标识码",
    );
    one(&[("学年", "")], codes::REQUIRED_CELL_EMPTY, "学年");
    one(&[("办学类型", "")], codes::REQUIRED_CELL_EMPTY, "办学类型");
}

#[test]
fn year_not_an_integer_in_range() {
    for bad in ["1999", "2101", "2024.5", "二〇二四", "2024-2025"] {
        let issue = one(&[("学年", bad)], codes::YEAR_INVALID, "学年");
        assert_eq!(issue.value.as_deref(), Some(bad));
    }
    assert_eq!(
        ok_csv(&csv(&[row(&[("学年", "2024.0")])])).records[0].year,
        2024
    );
}

#[test]
fn unknown_school_kind_lists_the_allowed_ones() {
    let issue = one(
        &[("办学类型", "九年制")],
        codes::UNKNOWN_SCHOOL_KIND,
        "办学类型",
    );
    for kind in [
        "小学",
        "初中",
        "九年一贯制学校",
        "十二年一贯制学校",
        "完全中学",
        "教学点",
        "特殊教育学校",
    ] {
        assert!(issue.message.contains(kind), "{}", issue.message);
    }
}

#[test]
fn unknown_urban_rural() {
    let issue = one(
        &[("城乡分类", "农村")],
        codes::UNKNOWN_URBAN_RURAL,
        "城乡分类",
    );
    assert!(issue.message.contains("城区") && issue.message.contains("乡村"));
    assert_eq!(
        ok_csv(&csv(&[row(&[("城乡分类", "")])])).records[0].urban_rural,
        None
    );
}

#[test]
fn not_a_number() {
    let issue = one(
        &[("小学在校生数", "812人")],
        codes::NOT_A_NUMBER,
        "小学在校生数",
    );
    assert_eq!(issue.value.as_deref(), Some("812人"));
    one(
        &[("运动场地面积", "约9000")],
        codes::NOT_A_NUMBER,
        "运动场地面积",
    );
}

#[test]
fn negative_count_and_area() {
    one(&[("小学班数", "-3")], codes::NEGATIVE_NUMBER, "小学班数");
    one(
        &[("运动场地面积", "-1.5")],
        codes::NEGATIVE_NUMBER,
        "运动场地面积",
    );
    one(
        &[("教学仪器设备资产值", "-0.01")],
        codes::NEGATIVE_NUMBER,
        "教学仪器设备资产值",
    );
}

#[test]
fn non_integer_count() {
    let issue = one(
        &[("小学专任教师数", "12.5")],
        codes::NOT_INTEGER,
        "小学专任教师数",
    );
    assert_eq!(issue.value.as_deref(), Some("12.5"));
    let r = &ok_csv(&csv(&[row(&[
        ("小学专任教师数", "45.0"),
        ("音乐专用教室数", "1,000"),
    ])]))
    .records[0];
    assert_eq!((r.primary.teachers, r.facilities.music_rooms), (45, 1000));
}

#[test]
fn area_or_money_not_finite() {
    one(
        &[("教学及辅助用房面积", "inf")],
        codes::NUMBER_NOT_FINITE,
        "教学及辅助用房面积",
    );
    one(
        &[("教学仪器设备资产值", "NaN")],
        codes::NUMBER_NOT_FINITE,
        "教学仪器设备资产值",
    );
    one(
        &[("运动场地面积", "1e400")],
        codes::NUMBER_NOT_FINITE,
        "运动场地面积",
    );
}

#[test]
fn count_too_large() {
    one(
        &[("图书册数", "5000000000")],
        codes::NUMBER_TOO_LARGE,
        "图书册数",
    );
}

#[test]
fn empty_numeric_cells_are_zero() {
    let r = &ok_csv(&csv(&[row(&[("小学班数", ""), ("运动场地面积", " ")])])).records[0];
    assert_eq!(
        (r.primary.classes, r.facilities.sports_ground_area),
        (0, 0.0)
    );
}

#[test]
fn excel_error_values_exported_to_csv() {
    let issue = one(
        &[("运动场地面积", "#DIV/0!")],
        codes::EXCEL_ERROR_CELL,
        "运动场地面积",
    );
    assert_eq!(issue.value.as_deref(), Some("#DIV/0!"));
    one(
        &[("学校名称", "#REF!")],
        codes::EXCEL_ERROR_CELL,
        "学校名称",
    );
}

#[test]
fn teacher_subsets_exceed_teachers() {
    for column in [
        "小学高于规定学历教师数",
        "小学骨干教师数",
        "小学体育艺术专任教师数",
        "小学中级及以上职称教师数",
    ] {
        let issue = one(&[(column, "46")], codes::EXCEEDS_TEACHERS, column);
        assert!(
            issue.message.contains("小学专任教师数"),
            "{}",
            issue.message
        );
    }
    let junior = [
        ("办学类型", "初中"),
        ("小学在校生数", "0"),
        ("小学班数", "0"),
        ("小学专任教师数", "0"),
        ("小学高于规定学历教师数", "0"),
        ("小学骨干教师数", "0"),
        ("小学体育艺术专任教师数", "0"),
        ("小学中级及以上职称教师数", "0"),
        ("初中在校生数", "600"),
        ("初中专任教师数", "40"),
        ("初中骨干教师数", "41"),
    ];
    one(&junior, codes::EXCEEDS_TEACHERS, "初中骨干教师数");
}

#[test]
fn gym_larger_than_teaching_rooms() {
    one(
        &[("体育馆面积", "7000")],
        codes::GYM_EXCEEDS_TEACHING_AREA,
        "体育馆面积",
    );
}

#[test]
fn students_in_a_section_the_kind_does_not_have() {
    one(
        &[("初中在校生数", "30")],
        codes::SECTION_NOT_IN_KIND,
        "初中在校生数",
    );
    one(
        &[("高中在校生数", "30")],
        codes::SECTION_NOT_IN_KIND,
        "高中在校生数",
    );
    let point = [
        ("办学类型", "教学点"),
        ("上级学校标识码", "5001120009"),
        ("初中班数", "1"),
    ];
    let failure = fail_csv(&csv(&[row(&[("学校标识码", "5001120009")]), row(&point)]));
    assert_eq!(failure.issues.len(), 1, "{failure}");
    find(
        &failure.issues,
        codes::SECTION_NOT_IN_KIND,
        Some(3),
        Some("初中班数"),
    );
    // 九年一贯制 has both, 特殊教育学校 has all three.
    ok_csv(&csv(&[row(&[
        ("办学类型", "九年一贯制学校"),
        ("初中在校生数", "300"),
    ])]));
    ok_csv(&csv(&[row(&[
        ("办学类型", "特殊教育学校"),
        ("高中在校生数", "12"),
    ])]));
}

#[test]
fn teaching_point_without_parent() {
    one(
        &[("办学类型", "教学点")],
        codes::TEACHING_POINT_WITHOUT_PARENT,
        "上级学校标识码",
    );
}

#[test]
fn parent_not_found_among_the_same_years_schools() {
    let point = |year: &str| {
        row(&[
            ("学年", year),
            ("学校标识码", "5001120002"),
            ("办学类型", "教学点"),
            ("上级学校标识码", "5001120001"),
        ])
    };
    let ok = ok_csv(&csv(&[row(&[]), point("2024")]));
    assert_eq!(
        ok.records[1].parent_code.as_ref().map(|c| c.as_str()),
        Some("5001120001")
    );
    let failure = fail_csv(&csv(&[row(&[]), point("2023")]));
    let issue = only(
        &failure,
        codes::PARENT_NOT_FOUND,
        Some(3),
        Some("上级学校标识码"),
    );
    assert!(issue.message.contains("2023"));
}

#[test]
fn parent_is_a_teaching_point() {
    let a = row(&[
        ("学校标识码", "5001120002"),
        ("办学类型", "教学点"),
        ("上级学校标识码", "5001120001"),
    ]);
    let b = row(&[
        ("学校标识码", "5001120003"),
        ("办学类型", "教学点"),
        ("上级学校标识码", "5001120002"),
    ]);
    let failure = fail_csv(&csv(&[row(&[]), a, b]));
    let issue = only(
        &failure,
        codes::PARENT_IS_TEACHING_POINT,
        Some(4),
        Some("上级学校标识码"),
    );
    assert!(issue.message.contains("第 3 行"));
}

#[test]
fn parent_is_the_school_itself() {
    one(
        &[("办学类型", "教学点"), ("上级学校标识码", "5001120001")],
        codes::PARENT_IS_SELF,
        "上级学校标识码",
    );
}

#[test]
fn duplicate_code_within_a_year_names_both_rows() {
    let failure = fail_csv(&csv(&[
        row(&[]),
        row(&[("学年", "2023")]),
        row(&[("学校名称", "另一所")]),
    ]));
    let issue = only(
        &failure,
        codes::DUPLICATE_SCHOOL_CODE,
        Some(4),
        Some("学校标识码"),
    );
    assert!(
        issue.message.contains("第 2 行") && issue.message.contains("第 4 行"),
        "{}",
        issue.message
    );
    // Several years in one file are fine.
    assert_eq!(
        ok_csv(&csv(&[row(&[]), row(&[("学年", "2023")])]))
            .records
            .len(),
        2
    );
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let text = csv(&[
        row(&[("学校标识码", "5.00112E+09"), ("小学在校生数", "abc")]),
        row(&[
            ("学校标识码", "5001120002"),
            ("办学类型", "大学"),
            ("体育馆面积", "9999"),
        ]),
        row(&[
            ("学校标识码", "5001120003"),
            ("学年", "1990"),
            ("小学骨干教师数", "50"),
        ]),
        row(&[
            ("学校标识码", "5001120004"),
            ("办学类型", "教学点"),
            ("上级学校标识码", "5001120099"),
        ]),
        row(&[("学校标识码", "5001120004"), ("学校名称", "")]),
    ]);
    let failure = fail_csv(&text);
    let got: Vec<_> = failure
        .issues
        .iter()
        .map(|i| {
            (
                i.code,
                i.row.unwrap_or(0),
                i.column.clone().unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        (codes::SCHOOL_CODE_SCIENTIFIC, 2, "学校标识码"),
        (codes::NOT_A_NUMBER, 2, "小学在校生数"),
        (codes::UNKNOWN_SCHOOL_KIND, 3, "办学类型"),
        (codes::GYM_EXCEEDS_TEACHING_AREA, 3, "体育馆面积"),
        (codes::YEAR_INVALID, 4, "学年"),
        (codes::EXCEEDS_TEACHERS, 4, "小学骨干教师数"),
        (codes::PARENT_NOT_FOUND, 5, "上级学校标识码"),
        (codes::REQUIRED_CELL_EMPTY, 6, "学校名称"),
        (codes::DUPLICATE_SCHOOL_CODE, 6, "学校标识码"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(c, r, h)| (*c, *r, h.to_string()))
        .collect();
    assert_eq!(got, want, "{failure}");
    let shown = failure.to_string();
    assert_eq!(shown.lines().count(), want.len());
}

#[test]
fn blank_rows_are_skipped_and_lines_stay_as_the_user_sees_them() {
    let mut text = csv(&[row(&[])]);
    text.push_str(",,,,,\n\n \u{3000},\n");
    let second = csv(&[row(&[("学校标识码", "5001120002"), ("小学班数", "x")])]);
    text.push_str(second.split_once('\n').unwrap().1);
    let failure = fail_csv(&text);
    only(&failure, codes::NOT_A_NUMBER, Some(6), Some("小学班数"));
}

#[test]
fn multi_line_names_keep_line_numbers_right() {
    let text = csv(&[
        row(&[("学校名称", "第一\n小学")]),
        row(&[("学校标识码", "5001120002"), ("小学班数", "x")]),
    ]);
    only(
        &fail_csv(&text),
        codes::NOT_A_NUMBER,
        Some(4),
        Some("小学班数"),
    );
}

#[test]
fn coordinates_come_in_pairs_within_china() {
    let csv = "学年,学校标识码,学校名称,办学类型,小学在校生数,经度,纬度\n\
               2024,5001120001,甲小学,小学,100,106.5,29.5\n\
               2024,5001120002,乙小学,小学,100,106.5,\n\
               2024,5001120003,丙小学,小学,100,29.5,106.5\n\
               2024,5001120004,丁小学,小学,100,,\n";
    let failure = junheng_io::school::read_bytes(csv.as_bytes(), "坐标.csv").unwrap_err();
    let found: Vec<(&str, Option<usize>, Option<&str>)> = failure
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("import.coordinate_incomplete", Some(3), Some("纬度")),
            ("import.coordinate_out_of_range", Some(4), Some("经度")),
            ("import.coordinate_out_of_range", Some(4), Some("纬度")),
        ]
    );
    let good = "学年,学校标识码,学校名称,办学类型,小学在校生数,经度,纬度\n2024,5001120001,甲小学,小学,100,106.5,29.5\n";
    let imported = junheng_io::school::read_bytes(good.as_bytes(), "坐标.csv").unwrap();
    let location = imported.records[0].location.unwrap();
    assert_eq!((location.longitude, location.latitude), (106.5, 29.5));
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| w.column.as_deref() != Some("经度"))
    );
}

#[test]
fn arts_rooms_areas_are_read_where_given_and_written_back() {
    let r = &ok_csv(&csv(&[row(&[
        ("音乐专用教室面积", "192.5"),
        ("美术专用教室面积", ""),
    ])]))
    .records[0];
    assert_eq!(
        (r.facilities.music_room_area, r.facilities.art_room_area),
        (Some(192.5), None)
    );
    let mut out = Vec::new();
    junheng_io::school::write_csv(std::slice::from_ref(r), &mut out).unwrap();
    let text = std::str::from_utf8(&out).unwrap();
    let back = ok_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(back.records[0], *r);
    one(
        &[("美术专用教室面积", "-1")],
        codes::NEGATIVE_NUMBER,
        "美术专用教室面积",
    );
    one(
        &[("音乐专用教室面积", "九十六")],
        codes::NOT_A_NUMBER,
        "音乐专用教室面积",
    );
}
