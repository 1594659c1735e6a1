//! An exam's report as workbook tables — the same selection as its page and its JSON: one sheet
//! of every paper's rows, one of the 比值赋分 composite, one of the 校际差异率 local estimates,
//! and the 素养水平 (papers with level cuts) and 箱线图 sheets the server's workbook shares.

use junheng_core::exam::UnitLevel;
use junheng_io::export::{Cell, Table};

use super::report::{PaperReport, Report, Row};

/// What a withheld row (a small cell) says instead of its figures.
const SUPPRESSED: &str = "人数过少，不显示";

/// The report's tables.
pub fn tables(report: &Report) -> Vec<Table> {
    let pct = |x: Option<f64>| Cell::number(x.map(|v| v * 100.0));
    let rows = report
        .papers
        .iter()
        .flat_map(|p| {
            p.rows.iter().map(move |r| {
                let rate = |i: usize| pct(r.rates.map(|a| a[i]));
                vec![
                    Cell::text(p.subject.clone()),
                    Cell::text(r.level.label()),
                    Cell::text(r.code.clone()),
                    Cell::text(r.name.clone()),
                    Cell::Integer(i64::from(r.enrolled)),
                    Cell::Integer(i64::from(r.sat)),
                    Cell::Integer(i64::from(r.absent)),
                    pct(r.participation),
                    if r.suppressed {
                        Cell::text(SUPPRESSED)
                    } else {
                        Cell::number(r.mean)
                    },
                    Cell::number(r.sd),
                    rate(0),
                    rate(1),
                    rate(2),
                    rate(3),
                    pct(r.score_rate),
                    pct(r.over_mean),
                    Cell::number(r.z),
                    Cell::number(r.t),
                    Cell::number(r.rank.map(f64::from)),
                ]
            })
        })
        .collect();
    let headers = [
        "科目",
        "层级",
        "学校标识码",
        "名称",
        "应考",
        "实考",
        "缺考",
        "参考率(%)",
        "平均分",
        "标准差",
        "优秀率(%)",
        "良好率(%)",
        "及格率(%)",
        "低分率(%)",
        "得分率(%)",
        "超均率(%)",
        "标准分Z",
        "T分",
        "排名",
    ];
    let composite = report
        .composite
        .iter()
        .map(|(name, c)| {
            vec![
                Cell::text(name.clone()),
                Cell::Decimal(c.rated_average, 2),
                Cell::Decimal(c.rated_excellent, 2),
                Cell::Decimal(c.rated_good, 2),
                Cell::Decimal(c.rated_pass, 2),
                Cell::Decimal(c.score, 2),
                Cell::Integer(i64::from(c.rank)),
            ]
        })
        .collect();
    let spread = report
        .papers
        .iter()
        .filter_map(|p| p.spread.as_ref().map(|s| (p, s)))
        .map(|(p, s)| {
            vec![
                Cell::text(p.subject.clone()),
                Cell::Integer(i64::from(s.all.schools)),
                Cell::Integer(s.all.students as i64),
                Cell::number(s.all.eta2),
                Cell::number(s.all.icc1),
                Cell::number(s.all.sd_of_means),
                Cell::text(s.all.label()),
            ]
        })
        .collect();
    let mut out = vec![
        Table {
            sheet: "考试报告",
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
        Table {
            sheet: "比值赋分",
            headers: [
                "学校",
                "平均分赋分",
                "优秀率赋分",
                "良好率赋分",
                "及格率赋分",
                "总分",
                "排名",
            ]
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
            rows: composite,
        },
        Table {
            sheet: "校际差异率本地估算",
            headers: [
                "科目",
                "学校数",
                "学生数",
                "η²",
                "ICC(1)",
                "校均分标准差",
                "说明",
            ]
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
            rows: spread,
        },
    ];
    out.extend(levels_table(report));
    out.push(boxes_table(report));
    out
}

/// The first cells of a row on the levels' and box plots' sheets: 学科, 层级, 单位, 学校标识码,
/// 实考.
fn unit_cells(p: &PaperReport, row: &Row) -> Vec<Cell> {
    vec![
        Cell::text(p.subject.clone()),
        Cell::text(row.level.label()),
        Cell::text(row.name.clone()),
        Cell::text(row.code.clone()),
        Cell::Integer(i64::from(row.sat)),
    ]
}

/// A withheld row's note (a small cell), else nothing.
fn note(row: &Row) -> Cell {
    if row.suppressed {
        Cell::text(SUPPRESSED)
    } else {
        Cell::Empty
    }
}

/// 素养水平: per paper with levels, each row but the classes' (the engine counts levels by
/// school and above): its cuts, students and share per level and the share at Ⅲ or above.
/// `None` when no paper has levels.
pub fn levels_table(r: &Report) -> Option<Table> {
    let labels = &r.papers.iter().find_map(|p| p.levels.as_ref())?.labels;
    let mut headers: Vec<String> = ["学科", "层级", "单位", "学校标识码", "实考"]
        .map(String::from)
        .to_vec();
    headers.extend(labels.iter().skip(1).map(|l| format!("{l}划界分")));
    headers.extend(labels.iter().map(|l| format!("{l}人数")));
    headers.extend(labels.iter().map(|l| format!("{l}比例(%)")));
    headers.extend(["≥Ⅲ级(%)", "备注"].map(String::from));
    let pct = |v: Option<f64>| v.map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 1));
    let mut rows = Vec::new();
    for p in &r.papers {
        let Some(scale) = &p.levels else { continue };
        for row in p.rows.iter().filter(|row| !row.level.inside_school()) {
            let mut cells = unit_cells(p, row);
            cells.extend(scale.cuts.iter().map(|c| Cell::Decimal(*c, 1)));
            let l = row.levels.as_ref();
            cells.extend(
                (0..4).map(|k| l.map_or(Cell::Empty, |l| Cell::Integer(i64::from(l.counts[k])))),
            );
            cells.extend((0..4).map(|k| pct(l.and_then(|l| l.shares).map(|s| s[k]))));
            cells.push(pct(l.and_then(|l| l.at_least_three)));
            cells.push(note(row));
            rows.push(cells);
        }
    }
    Some(Table {
        sheet: "素养水平",
        headers,
        rows,
    })
}

/// 箱线图: per paper, the pool's and each school's min, Q1, median, Q3 and max.
pub fn boxes_table(r: &Report) -> Table {
    let mut rows = Vec::new();
    for p in &r.papers {
        for row in p
            .rows
            .iter()
            .filter(|row| matches!(row.level, UnitLevel::All | UnitLevel::School))
        {
            let mut cells = unit_cells(p, row);
            match row.box_plot {
                Some(b) => cells.extend(
                    [b.min, b.q1, b.median, b.q3, b.max]
                        .iter()
                        .map(|v| Cell::Decimal(*v, 2)),
                ),
                None => cells.extend((0..5).map(|_| Cell::Empty)),
            }
            cells.push(note(row));
            rows.push(cells);
        }
    }
    Table {
        sheet: "箱线图",
        headers: [
            "学科",
            "层级",
            "单位",
            "学校标识码",
            "实考",
            "最低分",
            "下四分位数(Q1)",
            "中位数",
            "上四分位数(Q3)",
            "最高分",
            "备注",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}
