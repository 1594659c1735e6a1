use super::*;

const HEADER: &str = "项目名称,学校标识码,项目类型,状态,规划学年,投入使用学年,新增运动场地（㎡）,总投资（元）,资金来源,开工日期,竣工日期,2023年计划（元）,2023年支出（元）";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.into_bytes()
}

#[test]
fn the_template_reads_back_and_a_ledger_round_trips() {
    let file = read_ledger(&write_template(), "建设项目台账.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(SHEET_NAME));
    let first = &file.projects[0];
    assert_eq!(first.kind, ProjectKind::Expansion);
    assert_eq!(first.status, ProjectStatus::Done);
    assert_eq!(first.adds.sports_ground_area, 5115.9);
    assert_eq!(
        first.money,
        vec![
            MoneyLine {
                year: 2023,
                planned: 2_000_000,
                spent: 2_000_000
            },
            MoneyLine {
                year: 2024,
                planned: 1_600_000,
                spent: 1_450_000
            },
        ]
    );
    assert_eq!(file.projects[2].adds.primary_classes, 36);
    let again = read_ledger(&write_ledger(&file.projects), "台账.xlsx").unwrap();
    assert_eq!(again.projects, file.projects);
}

#[test]
fn a_csv_ledger_reads_its_money_columns() {
    let file = read_ledger(
        &csv(&["操场扩建,5001120001,挖潜扩容,在建,2023,2024,5115.9,3600000,改薄资金,2023-11-01,,2000000,1500000"]),
        "台账.csv",
    )
    .unwrap();
    let p = &file.projects[0];
    assert_eq!(p.status, ProjectStatus::Building);
    assert_eq!(p.started_on.as_deref(), Some("2023-11-01"));
    assert_eq!(
        p.money,
        vec![MoneyLine {
            year: 2023,
            planned: 2_000_000,
            spent: 1_500_000
        }]
    );
    assert_eq!(p.funding, "改薄资金");
}

#[test]
fn every_problem_is_located_and_nothing_is_returned() {
    let err = read_ledger(
        &csv(&[
            "甲,5001120001,扩建,在建,2023,,0,100,,2023-11-01,,,",
            "乙,5001120002,改造,完成,2023,2024,0,100,,2023-11-01,,,",
            "丁,5001120003,改造,规划,2023,,0,100,,,,,",
            "丁,5001120004,改造,规划,2023,,0,100,,,,,",
            "丙,500112000,改造,规划,2023,2022,-5,1.5,,,,abc,",
        ]),
        "台账.csv",
    )
    .unwrap_err();
    let at = |code: &str| {
        err.issues
            .iter()
            .find(|i| i.code == code)
            .unwrap_or_else(|| panic!("{code} in {:?}", err.issues))
    };
    assert_eq!(at(codes::KIND_INVALID).row, Some(2));
    let status = at(codes::STATUS_DATES);
    assert_eq!(status.row, Some(3));
    assert!(status.message.contains("竣工日期"), "{}", status.message);
    let dup = at(codes::DUPLICATE_NAME);
    assert_eq!(
        (dup.row, dup.column.as_deref()),
        (Some(5), Some(columns::NAME))
    );
    assert!(dup.message.contains("第 4 行"), "{}", dup.message);
    assert_eq!(at(codes::SCHOOL_CODE_INVALID).row, Some(6));
    let area = at(codes::NUMBER_INVALID);
    assert_eq!(area.column.as_deref(), Some("新增运动场地（㎡）"));
    assert_eq!(area.value.as_deref(), Some("-5"));
    let money = err
        .issues
        .iter()
        .find(|i| i.column.as_deref() == Some("2023年计划（元）"))
        .expect("the money cell is named");
    assert_eq!(money.row, Some(6));
    assert!(
        err.issues
            .iter()
            .any(|i| i.code == codes::NOT_INTEGER && i.column.as_deref() == Some(columns::COST))
    );
}

#[test]
fn a_missing_column_and_a_bad_money_year_stop_the_reading() {
    let text = "项目名称,学校标识码,项目类型,状态,1999年计划（元）\n甲,5001120001,改造,规划,1\n";
    let err = read_ledger(text.as_bytes(), "台账.csv").unwrap_err();
    let codes_found: Vec<&str> = err.issues.iter().map(|i| i.code).collect();
    assert!(
        codes_found.contains(&codes::REQUIRED_COLUMN_MISSING),
        "{codes_found:?}"
    );
    assert_eq!(money_column("2023年支出（元）"), Some((2023, false)));
    assert_eq!(money_column("23年支出（元）"), None);
}
