use junheng_core::school::{SchoolCode, Section};

use super::*;

fn csv(header: &str, rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

fn located(failure: &ImportFailure) -> Vec<(Option<usize>, Option<&str>, &str)> {
    failure
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.code))
        .collect()
}

const CATCHMENT_HEADER: &str = "学段,街道,小区,学校标识码,派位学区,办学性质,寄宿制";

#[test]
fn the_templates_read_back_as_their_examples() {
    let c = read_catchments(&write_catchments_template(), "划片表.xlsx").unwrap();
    assert_eq!(c.sheet.as_deref(), Some(CATCHMENT_SHEET));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.rows.len(), 4);
    let multi = &c.rows[1].value;
    assert_eq!(multi.section, Section::Junior);
    assert_eq!(multi.lottery_zone.as_deref(), Some("第一学区"));
    assert_eq!(multi.place.as_ref().unwrap().label(), "城南街道·桂花园");
    let private = &c.rows[3].value;
    assert!(private.private && private.place.is_none());

    let e = read_entrants(&write_entrants_template(), "新生.xlsx").unwrap();
    let pupils: Vec<u32> = e.rows.iter().map(|l| l.value.pupils).collect();
    assert_eq!(pupils, vec![38, 2, 1]);

    let q = read_quotas(&write_quotas_template(), "指标.xlsx").unwrap();
    assert_eq!(q.rows.len(), 3);
    assert_eq!((q.rows[0].value.plan, q.rows[0].value.quota), (600, 120));
    assert_eq!(q.rows[2].value.quota, 0);
}

#[test]
fn every_catchment_problem_is_located() {
    let rows = [
        "小学,城南街道,,5001120001,,,",
        // 3: a 学段 of neither kind
        "高中,城南街道,,5001120001,,,",
        // 4: the row of 2 again
        "小学,城南街道,,5001120001,,,",
        // 5, 6: a 多校划片 小区 without its zone on 5, another zone on 7
        "初中,城北街道,桂花园,5001120002,第一学区,,",
        "初中,城北街道,桂花园,5001120003,,,",
        "初中,城北街道,桂花园,5001120004,第二学区,,",
        // 8: 1 is 民办 here, 公办 on row 2
        "初中,城西街道,,5001120001,,民办,",
        // 9: a 小区 without a 街道
        "小学,,新村,5001120005,,,",
        // 10: bad words
        "小学,城东街道,,5001120006,,国有,可能",
    ];
    let failure = read_catchments(&csv(CATCHMENT_HEADER, &rows), "划片.csv").unwrap_err();
    assert_eq!(
        located(&failure),
        vec![
            (Some(3), Some("学段"), codes::SECTION_INVALID),
            (Some(4), Some("学校标识码"), codes::DUPLICATE_ROW),
            (Some(6), Some("派位学区"), codes::LOTTERY_ZONE_MISSING),
            (Some(7), Some("派位学区"), codes::LOTTERY_ZONE_INCONSISTENT),
            (Some(8), Some("办学性质"), codes::TERMS_INCONSISTENT),
            (Some(9), Some("小区"), codes::PLACE_INCOMPLETE),
            (Some(10), Some("办学性质"), codes::OWNERSHIP_INVALID),
            (Some(10), Some("寄宿制"), codes::YES_NO_INVALID),
        ]
    );
    assert!(failure.issues[1].message.contains("第 2 行"));
    assert!(failure.issues[3].message.contains("第一学区"));
}

#[test]
fn entrants_are_counted_and_their_other_columns_dropped() {
    let header = "学段,学校标识码,街道,小区,人数,姓名,身份证号";
    let rows = [
        "小学,5001120001,城南街道,桂花园,,张三,500112201801010011",
        "小学,5001120001,城南街道,桂花园,,李四,500112201802020022",
        "小学,5001120001,城南街道, 桂花园 ,3,,",
        "初中,5001120002,城北街道,,,王五,",
    ];
    let file = read_entrants(&csv(header, &rows), "新生.csv").unwrap();
    let warned: Vec<&str> = file
        .warnings
        .iter()
        .filter_map(|w| w.column.as_deref())
        .collect();
    assert_eq!(warned, vec!["姓名", "身份证号"]);
    let counts = file.counts();
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0].pupils, 5);
    assert_eq!(counts[0].home.label(), "城南街道·桂花园");
    assert_eq!(counts[1].school, SchoolCode::parse("5001120002").unwrap());
    // Nothing of a child survives in the counts.
    let shown = format!("{counts:?}");
    assert!(!shown.contains("张三") && !shown.contains("5001122018"));

    let bad = [
        // 2: no street, 0 pupils
        "小学,5001120001,,,0,,",
        // 3: a short code
        "小学,500112,城南街道,,,,",
    ];
    let failure = read_entrants(&csv(header, &bad), "新生.csv").unwrap_err();
    assert_eq!(
        located(&failure),
        vec![
            (Some(2), Some("街道"), codes::TABLE.required_cell_empty),
            (Some(2), Some("人数"), codes::NUMBER_INVALID),
            (Some(3), Some("学校标识码"), codes::SCHOOL_CODE_INVALID),
        ]
    );
    // The values of ignored columns appear in no issue.
    assert!(
        failure
            .issues
            .iter()
            .all(|i| i.value.as_deref() != Some("张三"))
    );
}

#[test]
fn quota_rows_agree_and_stay_within_the_plan() {
    let header = "高中学校,招生计划,初中学校标识码,分配名额,毕业生数";
    let rows = [
        "第一中学,100,5001120002,40,300",
        // 3: another plan for 第一中学
        "第一中学,120,5001120003,30,200",
        // 4: 2's graduates differ
        "第二中学,80,5001120002,10,310",
        // 5: 第一中学's places pass its plan (40 + 30 + 40 > 100)
        "第一中学,100,5001120004,40,100",
        // 6: the pair of 2 again
        "第一中学,100,5001120002,1,300",
        // 7: a negative quota
        "第二中学,80,5001120005,-1,50",
    ];
    let failure = read_quotas(&csv(header, &rows), "指标.csv").unwrap_err();
    assert_eq!(
        located(&failure),
        vec![
            (Some(3), Some("招生计划"), codes::PLAN_INCONSISTENT),
            (Some(4), Some("毕业生数"), codes::GRADUATES_INCONSISTENT),
            (Some(6), Some("初中学校标识码"), codes::DUPLICATE_ROW),
            (Some(6), Some("分配名额"), codes::QUOTA_OVER_PLAN),
            (Some(7), Some("分配名额"), codes::NUMBER_INVALID),
        ]
    );
    assert!(failure.issues[3].message.contains("超过其招生计划 100"));
}
