use super::*;
use junheng_teachers::training::{Hours, Level, Source};

fn csv(body: &str) -> Vec<u8> {
    body.as_bytes().to_vec()
}

const HEAD: &str = "教师编号,培训项目,培训级别,开始日期,结束日期,学时,证书编号,来源\n";

#[test]
fn the_template_reads_back() {
    let file = read_training(&write_template(), "培训台账.xlsx").unwrap();
    let levels: Vec<Level> = file.records.iter().map(|(_, r)| r.level).collect();
    assert_eq!(levels, Level::ALL.to_vec());
    assert_eq!(file.records[3].1.hours, Hours::parse("2.5").unwrap());
    assert_eq!(file.records[3].1.source, Source::Entered);
    assert_eq!(file.records[0].0, 2);
    let b = read_budgets(&write_budget_template(), "培训经费.xlsx").unwrap();
    assert_eq!(b.budgets[1].training, 32_000);
}

#[test]
fn every_problem_is_located() {
    let body = format!(
        "{HEAD}T1,课程,国,2024-07-08,2024-07-01,10,,\n\
         T2,课程,省培,2024-13-01,2024-07-01,0,,网络\n\
         T3,课程,区,2024-07-08,2024-07-08,1.234,,\n\
         T4,课程,校,2024-07-08,2024-07-08,360.5,,\n\
         110105194912310021,课程,校,2024-07-08,2024-07-08,1,,\n\
         T5,课程,市,2024-07-08,2024-07-09,8,,\n\
         T5,课程,市,2024-07-08,2024-07-10,8,,\n"
    );
    let e = read_training(&csv(&body), "t.csv").unwrap_err();
    let found: Vec<(Option<usize>, &str)> = e.issues.iter().map(|i| (i.row, i.code)).collect();
    assert!(
        found.contains(&(Some(2), codes::DATES_REVERSED)),
        "{found:?}"
    );
    assert!(found.contains(&(Some(3), codes::LEVEL_INVALID)));
    assert!(found.contains(&(Some(3), codes::DATE_INVALID)));
    assert!(found.contains(&(Some(3), codes::HOURS_INVALID)));
    assert!(found.contains(&(Some(3), codes::SOURCE_INVALID)));
    assert!(found.contains(&(Some(4), codes::HOURS_INVALID)));
    assert!(found.contains(&(Some(5), codes::HOURS_INVALID)));
    assert!(found.contains(&(Some(6), codes::TEACHER_ID_NATIONAL_ID)));
    assert!(found.contains(&(Some(8), codes::DUPLICATE_RECORD)));
    let shown: Vec<String> = e.issues.iter().filter_map(|i| i.value.clone()).collect();
    assert!(!shown.iter().any(|v| v.contains("194912310021")));
    let hours = e
        .issues
        .iter()
        .find(|i| i.code == codes::HOURS_INVALID)
        .unwrap();
    assert_eq!(hours.column.as_deref(), Some("学时"));
}

#[test]
fn exactly_360_hours_and_a_single_day_are_fine() {
    let body = format!("{HEAD}T1,课程,国培,2024-07-08,2024-07-08,360,,手工录入\n");
    let file = read_training(&csv(&body), "t.csv").unwrap();
    assert_eq!(file.records[0].1.hours, Hours::parse("360").unwrap());
}

#[test]
fn budgets_are_checked() {
    let body = "学校标识码,年度,公用经费预算（元）,其中教师培训经费（元）\n\
                5001120001,2025,100000,5000\n\
                5001120001,2025,100000,6000\n\
                5001120002,2025,100000,100001\n\
                5001120003,1999,0,1\n";
    let e = read_budgets(body.as_bytes(), "b.csv").unwrap_err();
    let found: Vec<(Option<usize>, &str)> = e.issues.iter().map(|i| (i.row, i.code)).collect();
    assert!(
        found.contains(&(Some(3), codes::DUPLICATE_BUDGET)),
        "{found:?}"
    );
    assert!(found.contains(&(Some(4), codes::AMOUNT_INVALID)));
    assert!(found.contains(&(Some(5), codes::YEAR_INVALID)));
    assert!(found.contains(&(Some(5), codes::AMOUNT_INVALID)));
}

#[test]
fn an_entry_is_checked_by_the_row_rules_and_names_each_field() {
    use columns as c;
    let good = [
        (c::TEACHER, " T0001 "),
        (c::COURSE, "国培研修"),
        (c::LEVEL, "国"),
        (c::START, "2024-07-08"),
        (c::END, "2024-07-12"),
        (c::HOURS, "40"),
        (c::CERTIFICATE, ""),
        (c::SOURCE, "平台导出"),
    ];
    let r = read_entry(&good).unwrap();
    assert_eq!(r.teacher.as_str(), "T0001");
    assert_eq!((r.level, r.source), (Level::National, Source::Entered));
    assert_eq!(r.certificate, None);
    let bad = [
        (c::TEACHER, "T0001"),
        (c::LEVEL, "省培"),
        (c::START, "2024-07-12"),
        (c::END, "2024-07-08"),
        (c::HOURS, "360.5"),
    ];
    let e = read_entry(&bad).unwrap_err();
    let found: Vec<(&str, Option<&str>, Option<usize>)> = e
        .issues
        .iter()
        .map(|i| (i.code, i.column.as_deref(), i.row))
        .collect();
    for expected in [
        (codes::REQUIRED_CELL_EMPTY, Some(c::COURSE), None),
        (codes::LEVEL_INVALID, Some(c::LEVEL), None),
        (codes::HOURS_INVALID, Some(c::HOURS), None),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    let hours = e.issues.iter().find(|i| i.code == codes::HOURS_INVALID);
    assert!(hours.unwrap().message.contains("不超过 360"), "{e}");
    // The dates are checked once the other fields pass, as in a file.
    let reversed = read_entry(&[
        (c::TEACHER, "T0001"),
        (c::COURSE, "课"),
        (c::LEVEL, "校"),
        (c::START, "2024-07-12"),
        (c::END, "2024-07-08"),
        (c::HOURS, "1"),
    ])
    .unwrap_err();
    assert_eq!(reversed.issues[0].code, codes::DATES_REVERSED);
    assert_eq!(reversed.issues[0].file, ENTERED);
}

#[test]
fn a_budget_entry_is_checked_as_a_row() {
    use columns as c;
    let b = read_budget_entry(&[
        (c::SCHOOL, "5001120001"),
        (c::YEAR, "2026"),
        (c::FUNDS, "100000"),
        (c::TRAINING, "5000"),
    ])
    .unwrap();
    assert_eq!((b.year, b.public_funds, b.training), (2026, 100_000, 5_000));
    let e = read_budget_entry(&[
        (c::SCHOOL, "50011200"),
        (c::YEAR, "2026"),
        (c::FUNDS, "100000"),
        (c::TRAINING, "100001"),
    ])
    .unwrap_err();
    let columns: Vec<Option<&str>> = e.issues.iter().map(|i| i.column.as_deref()).collect();
    assert!(columns.contains(&Some(c::SCHOOL)), "{e}");
    assert!(columns.contains(&Some(c::TRAINING)), "{e}");
}
