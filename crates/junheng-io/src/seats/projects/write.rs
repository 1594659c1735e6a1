//! Writing the ledger: the template (.xlsx with example rows, drop-down lists and a 说明 sheet)
//! and a district's ledger in the same layout, so that an exported ledger imports again.

use std::collections::BTreeSet;

use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;

use super::columns::*;
use super::{COLUMNS, MoneyLine, ProjectLine, SHEET_NAME};
use crate::table::write::{self, Sheet, V, labels, t};

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每个建设项目填一行（一校一案）：项目名称、所在学校、类型、状态、规划学年、投入使用学年，项目建成后学校统计中增加的班数、面积、设备和专用教室，新增学位，总投资和资金来源。",
    "状态：规划 = 尚未开工；在建 = 已开工（须填开工日期）；完成 = 已竣工（须填开工日期、竣工日期和投入使用学年）。",
    "各年度资金写成成对的列：「2023年计划（元）」「2023年支出（元）」，年度和列数不限；金额为整数元。",
    "教学及辅助用房面积不含体育馆；体育馆面积另填，统计时计入教学及辅助用房。设备值单位为万元。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何项目。与台账中已有项目同名的行会替换该项目（导入前须确认）。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；学校标识码为 10 位文本，请保持文本格式。数据填在「建设项目」工作表中；填写前请删除示例行。",
];

/// The money columns of a set of years: `YYYY年计划（元）`, `YYYY年支出（元）` per year.
fn money_headers(years: &BTreeSet<i32>) -> Vec<String> {
    years
        .iter()
        .flat_map(|y| [format!("{y}{PLANNED_SUFFIX}"), format!("{y}{SPENT_SUFFIX}")])
        .collect()
}

/// A number cell, empty for 0 (the template's optional columns).
fn n(v: f64) -> V {
    if v == 0.0 { V::E } else { V::N(v) }
}

/// One project as a row: the fixed columns, then its money in `years` order.
fn row(p: &ProjectLine, years: &BTreeSet<i32>) -> Vec<V> {
    let text = |s: &str| if s.is_empty() { V::E } else { t(s) };
    let a = &p.adds;
    let mut cells = vec![
        t(&p.name),
        t(p.school.as_str()),
        t(p.kind.label()),
        t(p.status.label()),
        V::N(f64::from(p.year_planned)),
        p.year_opened.map_or(V::E, |y| V::N(f64::from(y))),
        n(f64::from(a.primary_classes)),
        n(f64::from(a.junior_classes)),
        n(a.teaching_room_area),
        n(a.gym_area),
        n(a.sports_ground_area),
        n(a.equipment_value),
        n(f64::from(a.multimedia_rooms)),
        n(f64::from(a.music_rooms)),
        n(f64::from(a.art_rooms)),
        n(f64::from(p.seats_added)),
        V::N(p.cost as f64),
        text(&p.funding),
        p.started_on.as_deref().map_or(V::E, t),
        p.completed_on.as_deref().map_or(V::E, t),
        text(&p.note),
    ];
    for y in years {
        let m = p.money.iter().find(|m| m.year == *y);
        cells.push(m.map_or(V::E, |m| V::N(m.planned as f64)));
        cells.push(m.map_or(V::E, |m| V::N(m.spent as f64)));
    }
    cells
}

/// The ledger sheet of `projects`: the template's columns with notes and drop-down lists, and
/// a pair of money columns for every year any project has money in.
fn sheet(projects: &[ProjectLine]) -> Sheet {
    let years: BTreeSet<i32> = projects
        .iter()
        .flat_map(|p| p.money.iter().map(|m| m.year))
        .collect();
    let rows = projects.iter().map(|p| row(p, &years)).collect();
    let mut sheet = Sheet::template(SHEET_NAME, COLUMNS, rows)
        .numbers_general(COLUMNS)
        .choose(KIND, labels(&ProjectKind::ALL, ProjectKind::label))
        .choose(STATUS, labels(&ProjectStatus::ALL, ProjectStatus::label));
    for h in money_headers(&years) {
        sheet
            .notes
            .push(format!("{h}：该年度的计划资金或实际支出，整数元"));
        sheet.headers.push(h);
        sheet.text.push(false);
    }
    sheet
}

/// The examples of the template: a 挖潜扩容 of sports ground, a 改薄 renovation under way, a
/// new school planned.
fn examples() -> Vec<ProjectLine> {
    let code = |c: &str| junheng_core::school::SchoolCode::parse(c).expect("example code");
    let money = |y, planned, spent| MoneyLine {
        year: y,
        planned,
        spent,
    };
    vec![
        ProjectLine {
            row: 2,
            name: "实验小学挖潜扩容".into(),
            school: code("5001120001"),
            kind: ProjectKind::Expansion,
            status: ProjectStatus::Done,
            year_planned: 2023,
            year_opened: Some(2024),
            adds: Additions {
                sports_ground_area: 5115.9,
                ..Additions::default()
            },
            seats_added: 0,
            cost: 3_600_000,
            funding: "一般公共预算".into(),
            started_on: Some("2023-11-01".into()),
            completed_on: Some("2024-07-20".into()),
            note: String::new(),
            money: vec![
                money(2023, 2_000_000, 2_000_000),
                money(2024, 1_600_000, 1_450_000),
            ],
        },
        ProjectLine {
            row: 3,
            name: "青山小学薄弱环节改善".into(),
            school: code("5001120031"),
            kind: ProjectKind::Renovation,
            status: ProjectStatus::Building,
            year_planned: 2024,
            year_opened: Some(2025),
            adds: Additions {
                teaching_room_area: 800.0,
                equipment_value: 35.0,
                multimedia_rooms: 4,
                music_rooms: 1,
                art_rooms: 1,
                ..Additions::default()
            },
            seats_added: 0,
            cost: 5_200_000,
            funding: "改薄资金".into(),
            started_on: Some("2024-03-01".into()),
            completed_on: None,
            note: String::new(),
            money: vec![money(2024, 5_200_000, 2_800_000)],
        },
        ProjectLine {
            row: 4,
            name: "城东新区第二小学新建".into(),
            school: code("5001120099"),
            kind: ProjectKind::NewSchool,
            status: ProjectStatus::Planned,
            year_planned: 2025,
            year_opened: Some(2027),
            adds: Additions {
                primary_classes: 36,
                teaching_room_area: 14_000.0,
                gym_area: 1_500.0,
                sports_ground_area: 12_000.0,
                equipment_value: 600.0,
                multimedia_rooms: 40,
                music_rooms: 3,
                art_rooms: 3,
                ..Additions::default()
            },
            seats_added: 1620,
            cost: 160_000_000,
            funding: "地方专项债".into(),
            started_on: None,
            completed_on: None,
            note: "学校标识码为建成后统计使用的代码".into(),
            money: Vec::new(),
        },
    ]
}

/// The ledger template: an .xlsx with the 建设项目 sheet (header with a note per column,
/// drop-downs of 项目类型 and 状态, three example rows, money columns of two years) and a 说明
/// sheet explaining each column and the rules.
pub fn write_template() -> Vec<u8> {
    write::template(sheet(&examples()), COLUMNS, RULES)
}

/// A district's ledger in the template's layout (an .xlsx that imports again).
pub fn write_ledger(projects: &[ProjectLine]) -> Vec<u8> {
    write::template(sheet(projects), COLUMNS, RULES)
}
