use junheng_teachers::honours::{AwardLevel, HonoursSettings};

use super::*;

fn csv(kind: Kind, body: &str) -> Result<HonoursFile, ImportFailure> {
    let head: Vec<&str> = kind.columns().iter().map(|c| c.header).collect();
    let text = format!("{}\n{body}", head.join(","));
    read(
        kind,
        text.as_bytes(),
        "荣誉.csv",
        &HonoursSettings::default(),
    )
}

fn codes_of(f: &ImportFailure) -> Vec<(Option<usize>, Option<&str>, &str)> {
    f.issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.code))
        .collect()
}

#[test]
fn templates_read_back() {
    let s = HonoursSettings::default();
    let awards = read(
        Kind::Awards,
        &write_template(Kind::Awards, &s),
        "获奖.xlsx",
        &s,
    )
    .unwrap();
    let Records::Awards(list) = &awards.records else {
        panic!("awards")
    };
    assert_eq!(list[1].level, AwardLevel::National);
    assert_eq!(awards.rows, [2, 3, 4]);
}

#[test]
fn every_problem_is_located() {
    let f = csv(
        Kind::Awards,
        "T1,2024,赛课,市级,一等奖\n\
         110105194912310021,2024,赛课,市级,一等奖\n\
         T2,1999,演讲,乡级,一等奖\n\
         T1,2024,赛课,市级,一等奖",
    )
    .unwrap_err();
    assert_eq!(
        codes_of(&f),
        [
            (
                Some(3),
                Some("教师编号"),
                codes::awards::TEACHER_ID_NATIONAL_ID
            ),
            (Some(4), Some("学年"), codes::awards::YEAR_INVALID),
            (Some(4), Some("类别"), codes::awards::WORD_INVALID),
            (Some(4), Some("级别"), codes::awards::WORD_INVALID),
            (Some(5), Some("奖项名称"), codes::awards::DUPLICATE),
        ]
    );
    // The national ID number is never echoed.
    assert!(!format!("{f:?}").contains("110105194912310021"));
}

#[test]
fn ethics_levels_come_from_the_settings_and_a_teacher_year_is_listed_once() {
    let f = csv(Kind::Ethics, "T1,2024,良好\nT2,2024,合格\nT2,2024,优秀").unwrap_err();
    assert_eq!(
        codes_of(&f),
        [
            (Some(2), Some("考核等次"), codes::ethics::WORD_INVALID),
            (Some(4), Some("学年"), codes::ethics::DUPLICATE),
        ]
    );
    assert!(f.issues[0].message.contains("优秀、合格、基本合格、不合格"));
    let s = HonoursSettings {
        ethics_levels: vec!["优秀".into(), "良好".into()],
        ethics_failing: vec![],
    };
    let ok = read(
        Kind::Ethics,
        "教师编号,学年,考核等次\nT1,2024,良好".as_bytes(),
        "a.csv",
        &s,
    );
    assert_eq!(ok.unwrap().len(), 1);
}

#[test]
fn titles_take_their_stage_and_an_optional_issuer() {
    let text = "教师编号,称号,级别,认定年份\nT1,市级骨干教师,市级,2023\nT1,特级教师,特,2024";
    let f = read(
        Kind::Titles,
        text.as_bytes(),
        "a.csv",
        &HonoursSettings::default(),
    )
    .unwrap_err();
    assert_eq!(
        codes_of(&f),
        [(Some(3), Some("级别"), codes::titles::WORD_INVALID)]
    );
    let long = "长".repeat(TEXT_MAX_CHARS + 1);
    let f = csv(Kind::Titles, &format!("T1,{long},市级,2023,市教委")).unwrap_err();
    assert_eq!(
        codes_of(&f),
        [(Some(2), Some("称号"), codes::titles::TEXT_TOO_LONG)]
    );
    let ok = csv(
        Kind::Titles,
        &format!("T1,{},市级,2023,", "长".repeat(TEXT_MAX_CHARS)),
    )
    .unwrap();
    assert_eq!(ok.len(), 1);
}
