//! Every unit's value of one indicator as a bar, sorted ascending, with the standard and the
//! weighted mean.

use super::{Anchor, Drawing, FONT, Rect, Table, Ticks, figure, short_number};

/// One unit in a distribution.
pub struct Point<'a> {
    /// Unit name.
    pub label: &'a str,
    /// Indicator value.
    pub value: f64,
    /// Whether the value meets the standard.
    pub meets: bool,
    /// Whether this is the viewer's own school (highlighted).
    pub own: bool,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 60.0;
/// The gutter right of the plot where the reference lines are named.
const GUTTER: f64 = 100.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// The drawing (exposed for the label tests).
pub(crate) fn layout(
    points: &[Point<'_>],
    unit: &str,
    standard: Option<f64>,
    mean: f64,
) -> Drawing {
    let mut sorted: Vec<&Point<'_>> = points.iter().collect();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
    let max = sorted
        .last()
        .map_or(0.0, |p| p.value)
        .max(standard.unwrap_or(0.0))
        .max(mean);
    let ticks = Ticks::new(max, 5);
    let right = WIDTH - GUTTER;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let y = |v: f64| base - plot_h * (v / ticks.top).clamp(0.0, 1.0);
    let step = (right - LEFT) / sorted.len().max(1) as f64;
    let mut d = Drawing::new(WIDTH, HEIGHT);
    for &v in &ticks.values {
        d.line((LEFT, y(v)), (right, y(v)), "grid");
    }
    d.line((LEFT, base), (right, base), "axis");
    d.line((LEFT, TOP), (LEFT, base), "axis");
    let mut own = None;
    for (i, p) in sorted.iter().enumerate() {
        let class = match (p.meets, p.own) {
            (true, false) => "good",
            (false, false) => "bad",
            (true, true) => "good own",
            (false, true) => "bad own",
        };
        let r = Rect {
            x: LEFT + step * i as f64,
            y: y(p.value),
            w: (step * 0.85).max(0.5),
            h: base - y(p.value),
        };
        let tip = format!("{} {}", p.label, short_number(p.value));
        d.rect(r, class, &tip);
        if p.own {
            own = Some(r);
        }
    }
    let reference = |v: f64, class: &str, name: &str, d: &mut Drawing| {
        d.line((LEFT, y(v)), (right, y(v)), class);
        let text = format!("{name} {}", short_number(v));
        let at = y(v) + FONT / 2.0 - 1.0;
        let candidates = (0..12).flat_map(|k| {
            let shift = f64::from(k) * (FONT + 3.0);
            [at - shift, at + shift].map(|b| (right + 6.0, b, Anchor::Start))
        });
        d.label(&text, class, candidates);
    };
    if let Some(s) = standard {
        reference(s, "standard", "标准", &mut d);
    }
    reference(mean, "mean", "均值", &mut d);
    if let Some(r) = own {
        let cx = r.x + r.w / 2.0;
        let candidates = (0..12).map(|k| (cx, r.y - 4.0 - f64::from(k) * 8.0, Anchor::Middle));
        d.label("本校", "own-text", candidates);
    }
    for &v in &ticks.values {
        d.label(
            &ticks.text(v),
            "tick",
            [(LEFT - 6.0, y(v) + 4.0, Anchor::End)],
        );
    }
    let title = if unit.is_empty() {
        "指标值".to_owned()
    } else {
        format!("指标值（{unit}）")
    };
    d.label(&title, "axis-title", [(4.0, 14.0, Anchor::Start)]);
    let count = format!("各评估单位由低到高排列（共 {} 个）", sorted.len());
    d.label(
        &count,
        "axis-title",
        [(LEFT + (right - LEFT) / 2.0, HEIGHT - 10.0, Anchor::Middle)],
    );
    d
}

/// The figure of every unit's value (green meets the standard, red does not; the viewer's own
/// school outlined and named), with the standard and the weighted mean as lines.
pub fn distribution(
    title: &str,
    unit: &str,
    points: &[Point<'_>],
    standard: Option<f64>,
    mean: f64,
) -> String {
    let d = layout(points, unit, standard, mean);
    let mut rows: Vec<&Point<'_>> = points.iter().collect();
    rows.sort_by(|a, b| a.value.total_cmp(&b.value));
    let table = Table {
        head: vec![
            "评估单位".into(),
            if unit.is_empty() {
                "指标值".into()
            } else {
                format!("指标值（{unit}）")
            },
            "是否达到标准".into(),
        ],
        rows: rows
            .iter()
            .map(|p| {
                let name = if p.own {
                    format!("{}（本校）", p.label)
                } else {
                    p.label.to_owned()
                };
                vec![
                    name,
                    short_number(p.value),
                    if p.meets { "达到" } else { "未达到" }.into(),
                ]
            })
            .collect(),
    };
    let mut legend = vec![("good", "达到标准"), ("bad", "未达到标准")];
    if standard.is_some() {
        legend.push(("standard", "标准"));
    }
    legend.push(("mean", "全区加权均值"));
    if points.iter().any(|p| p.own) {
        legend.push(("own", "本校"));
    }
    figure(title, &d.svg(title), &legend, &table)
}
