//! The board as a workbook: the owners × deadlines sheet, the plans and the parts — the same
//! board the page shows.

use junheng_io::export::{Cell as X, Table as XTable};
use junheng_store::TaskOwner;

use super::view::{Board, Column, Counts};

/// A column's heading: 已逾期, `2026-12`, 以后.
pub fn column_label(c: &Column) -> String {
    match c {
        Column::Overdue => "已逾期".to_owned(),
        Column::Month(m) => m.clone(),
        Column::Later => "以后".to_owned(),
    }
}

fn counts(c: &Counts) -> [X; 4] {
    [
        X::Integer(c.total as i64),
        X::Integer(c.done as i64),
        X::Integer(c.overdue as i64),
        c.percent().map_or(X::Empty, |p| X::Integer(i64::from(p))),
    ]
}

fn yuan(fen: i64) -> X {
    X::Decimal(fen as f64 / 100.0, 2)
}

/// The sheets of `board`, owners named by `name`.
pub fn tables(board: &Board, name: impl Fn(&TaskOwner) -> String) -> Vec<XTable> {
    let mut headers = vec!["负责方类型".to_owned(), "负责方".to_owned()];
    headers.extend(board.columns.iter().map(column_label));
    headers.extend(["任务数", "已完成", "已逾期", "完成率%", "预算（元）"].map(str::to_owned));
    let grid = XTable {
        sheet: "挂图作战",
        headers,
        rows: board
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![X::text(r.owner.kind.label()), X::text(name(&r.owner))];
                row.extend(r.cells.iter().map(|c| X::Integer(c.len() as i64)));
                row.extend(counts(&r.counts));
                row.push(yuan(r.budget_fen));
                row
            })
            .collect(),
    };
    let plans = XTable {
        sheet: "整改计划",
        headers: [
            "编号",
            "计划",
            "类型",
            "负责方",
            "学年",
            "任务数",
            "已完成",
            "已逾期",
            "完成率%",
            "预算（元）",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: board
            .plans
            .iter()
            .map(|p| {
                let mut row = vec![
                    X::Integer(p.plan.id),
                    X::text(p.plan.title.clone()),
                    X::text(p.plan.kind.label()),
                    X::text(name(&p.plan.owner)),
                    X::Integer(i64::from(p.plan.year)),
                ];
                row.extend(counts(&p.counts));
                row.push(yuan(p.budget_fen));
                row
            })
            .collect(),
    };
    let parts = XTable {
        sheet: "各方面进度",
        headers: ["方面", "任务数", "已完成", "已逾期", "完成率%"]
            .map(str::to_owned)
            .to_vec(),
        rows: board
            .parts
            .iter()
            .map(|p| {
                let mut row = vec![X::text(p.part.clone())];
                row.extend(counts(&p.counts));
                row
            })
            .collect(),
    };
    vec![grid, plans, parts]
}
