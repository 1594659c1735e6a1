//! What the dashboard says first: its verdict in one sentence (which rule fails, how many
//! units) and key figures with their change against the year before (worse red, better green).

use junheng_core::evaluate::Evaluation;

use crate::views;

/// The verdict of an evaluation in one sentence: every failing rule of every section, or why
/// it passes.
pub(crate) fn verdict_sentence(e: &Evaluation<'_>) -> String {
    let mut reasons = Vec::new();
    for s in &e.sections {
        let label = s.section.label();
        if s.failing_units > 0 {
            reasons.push(format!(
                "{label} {} 个评估单位（共 {} 个）未达到单位达标规则",
                s.failing_units,
                s.units.len()
            ));
        }
        match &s.composite {
            Some(c) if !c.passes => reasons.push(match c.cv {
                Some(cv) => format!(
                    "{label}综合差异系数 {} 超过上限 {}",
                    views::cv(Some(cv)),
                    views::threshold(c.cv_max)
                ),
                None => format!("{label}综合差异系数不可计算"),
            }),
            Some(_) => {}
            None => {
                for i in s.indicators.iter().filter(|i| i.passes != Some(true)) {
                    reasons.push(match (i.spread.cv, i.cv_max) {
                        (Some(cv), Some(max)) => format!(
                            "{label}「{}」差异系数 {} 超过上限 {}",
                            i.short,
                            views::cv(Some(cv)),
                            views::threshold(max)
                        ),
                        _ => format!("{label}「{}」差异系数不可计算", i.short),
                    });
                }
            }
        }
    }
    if reasons.is_empty() {
        let sections: Vec<&str> = e.sections.iter().map(|s| s.section.label()).collect();
        format!(
            "达标：{}每个评估单位都达到单位达标规则，差异系数都在上限以内。",
            sections.join("、")
        )
    } else {
        format!("未达标：{}。", reasons.join("；"))
    }
}

/// Whether a larger figure is better, worse or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Good {
    Lower,
    Neither,
}

/// A key figure of an evaluation.
struct Figure {
    /// The section it belongs to (empty: the district).
    section: &'static str,
    label: &'static str,
    value: Option<f64>,
    decimals: usize,
    good: Good,
}

fn figures(e: &Evaluation<'_>) -> Vec<Figure> {
    let mut out = vec![
        Figure {
            section: "",
            label: "未达标评估单位",
            value: Some(e.sections.iter().map(|s| s.failing_units).sum::<usize>() as f64),
            decimals: 0,
            good: Good::Lower,
        },
        Figure {
            section: "",
            label: "在校生",
            value: Some(e.sections.iter().map(|s| s.students).sum::<u64>() as f64),
            decimals: 0,
            good: Good::Neither,
        },
    ];
    for s in &e.sections {
        let (label, value) = match &s.composite {
            Some(c) => ("综合差异系数", c.cv),
            None => (
                "最大差异系数",
                s.indicators
                    .iter()
                    .filter_map(|i| i.spread.cv)
                    .fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.max(c)))),
            ),
        };
        out.push(Figure {
            section: s.section.label(),
            label,
            value,
            decimals: 3,
            good: Good::Lower,
        });
    }
    out
}

/// A KPI tile: the figure, and its change against the year before.
pub(crate) struct Tile {
    /// The section (data: 小学, 初中), empty for the district.
    pub section: &'static str,
    /// The figure's name (an interface text).
    pub label: &'static str,
    pub value: String,
    /// `↑ 2`, `↓ 0.012`, `持平`, or empty without a year before.
    pub change: String,
    /// `worse`, `better` or empty.
    pub class: &'static str,
}

/// The tiles of `e`, each against the same figure of `before` (the year before, if any).
pub(crate) fn tiles(e: &Evaluation<'_>, before: Option<&Evaluation<'_>>) -> Vec<Tile> {
    let old = before.map(figures).unwrap_or_default();
    figures(e)
        .into_iter()
        .map(|f| {
            let prior = old
                .iter()
                .find(|o| o.section == f.section && o.label == f.label)
                .and_then(|o| o.value);
            let show = |v: f64| format!("{v:.*}", f.decimals);
            let (change, class) = match (f.value, prior) {
                (Some(now), Some(then)) => {
                    let delta = now - then;
                    if show(delta.abs()) == show(0.0) {
                        ("持平".to_owned(), "")
                    } else {
                        let up = delta > 0.0;
                        let class = match (f.good, up) {
                            (Good::Neither, _) => "",
                            (Good::Lower, true) => "worse",
                            (Good::Lower, false) => "better",
                        };
                        (
                            format!("{} {}", if up { "↑" } else { "↓" }, show(delta.abs())),
                            class,
                        )
                    }
                }
                _ => (String::new(), ""),
            };
            Tile {
                section: f.section,
                label: f.label,
                value: f.value.map_or_else(|| "不可计算".to_owned(), show),
                change,
                class,
            }
        })
        .collect()
}
