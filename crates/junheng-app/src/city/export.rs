//! The city comparison as a table (the workbook, the CSV and the command line's listing share
//! it): one row per district, no school, no person.

use junheng_io::export::{Cell, Table};
use junheng_store::District;

use super::{CityRow, EvaluationSummary};

/// The columns of [`comparison`].
pub const HEADERS: [&str; 28] = [
    "区县代码",
    "区县名称",
    "类型",
    "结论",
    "小学差异系数",
    "小学限值",
    "小学超标指标数",
    "初中差异系数",
    "初中限值",
    "初中超标指标数",
    "未达标评估单位数",
    "交流轮岗应交流人数",
    "交流轮岗人数",
    "交流比例",
    "交流比例是否达到",
    "数据版本",
    "导入时间",
    "数据来源",
    "上报包",
    "创建目标年份",
    "创建阶段",
    "创建状态",
    "距目标",
    "督导评估结论",
    "督导评估达标方面数",
    "距目标期限天数",
    "未完成任务数",
    "逾期任务数",
];

/// The verdict of a row: 达标, 未达标, or why there is none.
pub fn verdict(row: &CityRow) -> String {
    match &row.evaluation {
        Ok(e) if e.passes => "达标".into(),
        Ok(_) => "未达标".into(),
        Err(why) => why.clone(),
    }
}

fn section_cells(e: Option<&EvaluationSummary>, label: &str) -> [Cell; 3] {
    match e.and_then(|e| e.section(label)) {
        None => [Cell::Empty, Cell::Empty, Cell::Empty],
        Some(s) => [
            Cell::number(s.cv),
            Cell::Number(s.limit),
            Cell::Number(s.over_limit as f64),
        ],
    }
}

/// The comparison of `rows` as one sheet.
pub fn comparison(rows: &[CityRow]) -> Table {
    let rows = rows
        .iter()
        .map(|r| {
            let e = r.evaluation.as_ref().ok();
            let mut cells = vec![
                Cell::text(&r.district.code),
                Cell::text(&r.district.name),
                Cell::text(r.district.kind.label()),
                Cell::text(verdict(r)),
            ];
            cells.extend(section_cells(e, "小学"));
            cells.extend(section_cells(e, "初中"));
            cells.push(Cell::number(e.map(|e| e.failing_units as f64)));
            match r.rotation {
                Some(q) => cells.extend([
                    Cell::Number(q.required as f64),
                    Cell::Number(q.rotated as f64),
                    Cell::number(q.share),
                    Cell::text(if q.met { "是" } else { "否" }),
                ]),
                None => cells.extend([
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::text("无花名册"),
                ]),
            }
            match &r.freshness {
                Some(f) => cells.extend([
                    Cell::Number(f64::from(f.version)),
                    Cell::text(&f.imported_at),
                    Cell::text(&f.file_name),
                ]),
                None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
            }
            cells.push(Cell::text(r.package.as_ref().map_or(String::new(), |p| {
                format!("{}（密钥 {}）", p.describe(), p.fingerprint)
            })));
            cells.extend([
                Cell::number(r.creation.target.as_ref().map(|t| f64::from(t.year))),
                Cell::text(r.phase.unwrap_or("")),
                Cell::text(r.status.label()),
                Cell::text(r.progress.describe()),
            ]);
            match &r.inspection {
                Some(i) => cells.extend([
                    Cell::text(i.overall.label()),
                    Cell::Number(i.parts_met as f64),
                ]),
                None => cells.extend([Cell::text("尚未计算"), Cell::Empty]),
            }
            cells.push(Cell::number(r.days_to_target.map(|d| d as f64)));
            match r.tasks {
                Some(t) => {
                    cells.extend([Cell::Number(t.open as f64), Cell::Number(t.overdue as f64)])
                }
                None => cells.extend([Cell::Empty, Cell::Empty]),
            }
            cells
        })
        .collect();
    Table {
        sheet: "各区县比较",
        headers: HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// A district's evaluation of each year it has data for.
pub type Trend = (District, Vec<(i32, Result<EvaluationSummary, String>)>);

/// Each district's verdict and failing units over the years, oldest year first.
pub fn trend(rows: &[Trend]) -> Table {
    let mut years: Vec<i32> = rows
        .iter()
        .flat_map(|(_, ys)| ys.iter().map(|(y, _)| *y))
        .collect();
    years.sort_unstable();
    years.dedup();
    let headers: Vec<String> = ["区县代码".to_owned(), "区县名称".to_owned()]
        .into_iter()
        .chain(years.iter().map(|y| format!("{y} 学年")))
        .collect();
    let rows = rows
        .iter()
        .map(|(d, ys)| {
            let mut cells = vec![Cell::text(&d.code), Cell::text(&d.name)];
            for y in &years {
                cells.push(match ys.iter().find(|(yy, _)| yy == y) {
                    None => Cell::Empty,
                    Some((_, Ok(e))) => Cell::text(format!(
                        "{}（{} 个未达标单位）",
                        if e.passes { "达标" } else { "未达标" },
                        e.failing_units
                    )),
                    Some((_, Err(why))) => Cell::text(why),
                });
            }
            cells
        })
        .collect();
    Table {
        sheet: "历年趋势",
        headers,
        rows,
    }
}
