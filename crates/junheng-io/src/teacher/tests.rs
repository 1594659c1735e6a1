//! Unit tests of the roster.

use junheng_rotation::{BackboneLevel, Degree};

use super::parse::{BIRTH_MIN, MIN_AGE, SUBJECT_MAX_CHARS};
use super::*;

const HEADER: &str =
    "学年,教师编号,学校标识码,学段,学科,学历,骨干级别,是否体育艺术,本校任教起始年,出生年,性别,在编";

fn csv(rows: &[&str]) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

fn codes_of(text: &str) -> Vec<(&'static str, Option<usize>, Option<String>)> {
    let failure = read_bytes(text.as_bytes(), "花名册.csv").unwrap_err();
    failure
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.clone()))
        .collect()
}

#[test]
fn the_template_reads_back_as_its_examples() {
    let roster = read_bytes(&write_template(), "教师花名册模板.xlsx").unwrap();
    assert_eq!(roster.teachers, write::examples());
    assert!(roster.warnings.is_empty(), "{:?}", roster.warnings);
}

#[test]
fn ages_and_start_years_are_checked_at_their_bounds() {
    let youngest = 2024 - MIN_AGE;
    let ok = read_bytes(
        csv(&[&format!(
            "2024,T1,5001120001,小学,语文,本科,,否,2024,{youngest},女,是"
        )])
        .as_bytes(),
        "a.csv",
    )
    .unwrap();
    assert_eq!(ok.teachers[0].birth_year, youngest);
    let too_young = format!(
        "2024,T1,5001120001,小学,语文,本科,,否,2024,{},女,是",
        youngest + 1
    );
    let too_old = format!(
        "2024,T2,5001120001,小学,语文,本科,,否,2000,{},女,是",
        BIRTH_MIN - 1
    );
    let early_start = "2024,T3,5001120001,小学,语文,本科,,否,2005,1990,女,是";
    let got = codes_of(&csv(&[&too_young, &too_old, early_start]));
    assert_eq!(
        got,
        [
            (codes::BIRTH_YEAR_INVALID, Some(2), Some("出生年".into())),
            (codes::BIRTH_YEAR_INVALID, Some(3), Some("出生年".into())),
            (
                codes::START_YEAR_INVALID,
                Some(4),
                Some("本校任教起始年".into())
            ),
        ]
    );
}

#[test]
fn blank_backbone_is_none_and_the_title_column_is_optional() {
    let roster = read_bytes(
        csv(&["2024,T1,5001120001,初中,数学,硕士,,是,2020,1995,男,否"]).as_bytes(),
        "a.csv",
    )
    .unwrap();
    let t = &roster.teachers[0];
    assert_eq!(t.backbone, BackboneLevel::None);
    assert_eq!(t.degree, Degree::Graduate);
    assert_eq!(t.title, None);
    assert!(t.pe_arts && !t.on_staff);
}

#[test]
fn subjects_are_limited_to_twenty_characters() {
    let ok = "字".repeat(SUBJECT_MAX_CHARS);
    let long = "字".repeat(SUBJECT_MAX_CHARS + 1);
    let row = |s: &str, id: &str| format!("2024,{id},5001120001,小学,{s},本科,,否,2015,1990,女,是");
    let got = codes_of(&csv(&[&row(&ok, "T1"), &row(&long, "T2")]));
    assert_eq!(
        got,
        [(codes::SUBJECT_TOO_LONG, Some(3), Some("学科".into()))]
    );
}

#[test]
fn progress_is_reported_in_rows() {
    let rows: Vec<String> = (0..5000)
        .map(|k| format!("2024,T{k},5001120001,小学,语文,本科,,否,2015,1990,女,是"))
        .collect();
    let text = csv(&rows.iter().map(String::as_str).collect::<Vec<_>>());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.csv");
    std::fs::write(&path, text).unwrap();
    let mut calls = Vec::new();
    let roster = read_path(&path, &mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(roster.teachers.len(), 5000);
    assert_eq!(calls, [(4096, 5000), (5000, 5000)]);
}
