//! An exam's report as workbook tables — the same selection as its page and its JSON: one sheet
//! of every paper's rows, one of the 比值赋分 composite, one of the 校际差异率 local estimates.

use junheng_io::export::{Cell, Table};

use super::report::Report;

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
                        Cell::text("人数过少，不显示")
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
    vec![
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
    ]
}
