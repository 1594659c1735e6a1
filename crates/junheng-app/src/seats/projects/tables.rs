//! The what-if and the planner as workbook sheets (pages download them, the command line writes
//! them): the projects with their effects, each changed unit before and after, each 差异系数
//! before and after with its limit; the plan's chosen projects, what still fails and its method.

use junheng_core::school::Section;
use junheng_core::seats::project::{SpreadChange, UnitChange};
use junheng_io::export::{Cell, Table};
use junheng_store::SeatProject;

use super::whatif::{PlanReport, SectionHeads, WhatIfReport};

/// 元 as 万元 with two decimals.
fn wan(yuan: i64) -> Cell {
    Cell::Decimal(yuan as f64 / 10_000.0, 2)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn project_cells(p: &SeatProject) -> Vec<Cell> {
    let e = &p.entry;
    vec![
        Cell::Integer(p.id),
        Cell::text(&e.name),
        Cell::text(e.school.as_str()),
        Cell::text(e.kind.label()),
        Cell::text(e.status.label()),
        wan(e.cost),
    ]
}

const PROJECT_HEADERS: [&str; 6] = [
    "编号",
    "项目名称",
    "学校标识码",
    "项目类型",
    "状态",
    "总投资（万元）",
];

fn verdict(v: Option<bool>) -> Cell {
    Cell::text(match v {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "",
    })
}

/// Each changed unit before and after: one row per unit, 前/后 per indicator.
fn units_table(sections: &[SectionHeads], units: &[UnitChange]) -> Table {
    let width = sections
        .iter()
        .map(|s| s.indicators.len())
        .max()
        .unwrap_or(0);
    let mut headers = strings(&["单位", "学校名称", "学段", "此前", "此后"]);
    for k in 1..=width {
        headers.push(format!("指标{k}（此前）"));
        headers.push(format!("指标{k}（此后）"));
    }
    headers.push("指标".into());
    let rows = units
        .iter()
        .map(|u| {
            let mut row = vec![
                Cell::text(&u.unit),
                Cell::text(&u.name),
                Cell::text(u.section.label()),
                verdict(u.passed),
                verdict(u.passes),
            ];
            for k in 0..width {
                row.push(Cell::number(u.before.get(k).copied()));
                row.push(Cell::number(u.after.get(k).copied()));
            }
            let names = sections
                .iter()
                .find(|s| s.section == u.section)
                .map(|s| {
                    s.indicators
                        .iter()
                        .map(|i| i.short.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                })
                .unwrap_or_default();
            row.push(Cell::text(names));
            row
        })
        .collect();
    Table {
        sheet: "单位前后对比",
        headers,
        rows,
    }
}

fn short<'a>(sections: &'a [SectionHeads], section: Section, id: &'a str) -> &'a str {
    sections
        .iter()
        .find(|s| s.section == section)
        .and_then(|s| s.indicators.iter().find(|i| i.id == id))
        .map_or(id, |i| i.short.as_str())
}

/// Every 差异系数 before and after, with its limit and whether its gap closes.
fn spreads_table(sections: &[SectionHeads], spreads: &[SpreadChange]) -> Table {
    let rows = spreads
        .iter()
        .map(|s| {
            let closes = s.met == Some(false) && s.meets == Some(true);
            vec![
                Cell::text(s.section.label()),
                Cell::text(short(sections, s.section, &s.indicator)),
                s.before.map_or(Cell::Empty, |v| Cell::Decimal(v, 3)),
                s.after.map_or(Cell::Empty, |v| Cell::Decimal(v, 3)),
                s.limit.map_or(Cell::Empty, |v| Cell::Decimal(v, 3)),
                verdict(s.meets),
                Cell::text(if closes { "是" } else { "" }),
            ]
        })
        .collect();
    Table {
        sheet: "差异系数前后对比",
        headers: strings(&[
            "学段",
            "指标",
            "此前",
            "此后",
            "限值",
            "此后是否达标",
            "差距消除",
        ]),
        rows,
    }
}

/// The what-if as sheets: 项目 (each project and what it closes alone), 单位前后对比, 差异系数前后对比.
pub fn what_if_tables(r: &WhatIfReport) -> Vec<Table> {
    let mut headers = strings(&PROJECT_HEADERS);
    headers.extend(strings(&[
        "改变的单位数",
        "转为达标的单位",
        "达标的差异系数",
        "说明",
    ]));
    let mut rows: Vec<Vec<Cell>> = r
        .applied
        .iter()
        .map(|p| {
            let mut row = project_cells(p);
            let effect = r.effects.iter().find(|e| e.project == p.id);
            row.push(Cell::Integer(effect.map_or(0, |e| e.units_changed as i64)));
            row.push(Cell::text(
                effect.map_or(String::new(), |e| e.units_passing.join("、")),
            ));
            row.push(Cell::text(effect.map_or(String::new(), |e| {
                e.spreads_closed
                    .iter()
                    .map(|(s, i)| format!("{}{}", s.label(), short(&r.sections, *s, i)))
                    .collect::<Vec<_>>()
                    .join("、")
            })));
            row.push(Cell::Empty);
            row
        })
        .collect();
    for p in &r.left_out {
        let mut row = project_cells(p);
        row.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
        row.push(Cell::text(format!("{} 学年统计中没有该校，未计入", r.year)));
        rows.push(row);
    }
    vec![
        Table {
            sheet: "项目",
            headers,
            rows,
        },
        units_table(&r.sections, &r.result.units),
        spreads_table(&r.sections, &r.result.spreads),
    ]
}

/// The plan as sheets: 方案 (method, cost, lower bound and gap, verdict), 入选项目, 仍未达标,
/// 差异系数前后对比.
pub fn plan_tables(r: &PlanReport) -> Vec<Table> {
    let method = if r.exact() {
        "精确（枚举全部组合）".to_owned()
    } else {
        "贪心（按每万元改进量依次加入，再去掉多余项目）".to_owned()
    };
    let mut summary = vec![
        vec![Cell::text("学年"), Cell::Integer(i64::from(r.year))],
        vec![
            Cell::text("候选项目数"),
            Cell::Integer(r.candidates.len() as i64),
        ],
        vec![Cell::text("方法"), Cell::text(method)],
        vec![
            Cell::text("结论"),
            Cell::text(if r.plan.passes {
                "入选项目完成后全部单位达标、各差异系数均在限值内"
            } else {
                "没有任何组合能使区县达标；以下为最接近的组合"
            }),
        ],
        vec![Cell::text("入选项目总投资（万元）"), wan(r.cost)],
        vec![
            Cell::text("此前未达标单位数"),
            Cell::Integer(r.failing_before as i64),
        ],
        vec![
            Cell::text("此后未达标单位数"),
            Cell::Integer(r.still_failing.len() as i64),
        ],
    ];
    if let Some(lb) = r.lower_bound {
        summary.push(vec![Cell::text("费用下界（万元）"), wan(lb)]);
        summary.push(vec![
            Cell::text("与下界的差距"),
            r.gap().map_or(Cell::Empty, |g| Cell::Decimal(g, 4)),
        ]);
    }
    let chosen = Table {
        sheet: "入选项目",
        headers: strings(&PROJECT_HEADERS),
        rows: r.chosen.iter().map(project_cells).collect(),
    };
    let failing = Table {
        sheet: "仍未达标的单位",
        headers: strings(&["单位", "学校名称", "学段"]),
        rows: r
            .still_failing
            .iter()
            .map(|u| {
                vec![
                    Cell::text(&u.unit),
                    Cell::text(&u.name),
                    Cell::text(u.section.label()),
                ]
            })
            .collect(),
    };
    vec![
        Table {
            sheet: "方案",
            headers: strings(&["项", "值"]),
            rows: summary,
        },
        chosen,
        failing,
        spreads_table(&r.sections, &r.after.spreads),
    ]
}
