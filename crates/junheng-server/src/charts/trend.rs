//! A count or value per school year, with an optional limit line.

use super::{Anchor, Drawing, FONT, Rect, Table, Ticks, figure, short_number};

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 52.0;
const GUTTER: f64 = 70.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// The drawing (exposed for the label tests).
pub(crate) fn layout(points: &[(i32, f64)], unit: &str, limit: Option<f64>) -> Drawing {
    let max = points
        .iter()
        .map(|p| p.1)
        .fold(limit.unwrap_or(0.0), f64::max);
    let ticks = Ticks::new(max, 4);
    let right = WIDTH - GUTTER;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let y = |v: f64| base - plot_h * (v / ticks.top).clamp(0.0, 1.0);
    let step = (right - LEFT - 30.0) / (points.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + 15.0 + step * i as f64;
    let mut d = Drawing::new(WIDTH, HEIGHT);
    for &v in &ticks.values {
        d.line((LEFT, y(v)), (right, y(v)), "grid");
    }
    d.line((LEFT, base), (right, base), "axis");
    d.line((LEFT, TOP), (LEFT, base), "axis");
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1)))
            .collect();
        d.raw(&format!(
            r#"<polyline points="{}" class="series"/>"#,
            path.join(" ")
        ));
    }
    for (i, (year, v)) in points.iter().enumerate() {
        let r = Rect {
            x: x(i) - 4.0,
            y: y(*v) - 4.0,
            w: 8.0,
            h: 8.0,
        };
        d.rect(
            r,
            "point",
            &format!("{year} 学年：{}{unit}", short_number(*v)),
        );
    }
    if let Some(l) = limit {
        d.line((LEFT, y(l)), (right, y(l)), "limit-line");
        let at = y(l) + FONT / 2.0 - 1.0;
        let candidates = (0..10).flat_map(|k| {
            let shift = f64::from(k) * (FONT + 3.0);
            [at - shift, at + shift].map(|b| (right + 6.0, b, Anchor::Start))
        });
        d.label(&format!("上限 {}", short_number(l)), "bad-text", candidates);
    }
    for (i, (_, v)) in points.iter().enumerate() {
        let (px, py) = (x(i), y(*v));
        d.label(
            &short_number(*v),
            "value",
            [
                (px, py - 8.0, Anchor::Middle),
                (px, py + 20.0, Anchor::Middle),
                (px + 8.0, py + 4.0, Anchor::Start),
                (px - 8.0, py + 4.0, Anchor::End),
            ],
        );
    }
    for (i, (year, _)) in points.iter().enumerate() {
        d.label(
            &year.to_string(),
            "tick",
            [(x(i), base + 16.0, Anchor::Middle)],
        );
    }
    for &v in &ticks.values {
        d.label(
            &ticks.text(v),
            "tick",
            [(LEFT - 6.0, y(v) + 4.0, Anchor::End)],
        );
    }
    if !unit.is_empty() {
        d.label(
            &format!("单位：{unit}"),
            "axis-title",
            [(4.0, 14.0, Anchor::Start)],
        );
    }
    d.label(
        "学年",
        "axis-title",
        [(LEFT + (right - LEFT) / 2.0, HEIGHT - 8.0, Anchor::Middle)],
    );
    d
}

/// The figure of a value per school year (`unit` names the vertical axis), with an optional
/// limit line in red.
pub fn trend(title: &str, unit: &str, points: &[(i32, f64)], limit: Option<f64>) -> String {
    let d = layout(points, unit, limit);
    let table = Table {
        head: vec!["学年".into(), format!("{title}（{unit}）")],
        rows: points
            .iter()
            .map(|(year, v)| vec![year.to_string(), short_number(*v)])
            .collect(),
    };
    let mut legend = vec![("series", title)];
    if limit.is_some() {
        legend.push(("limit-line", "上限"));
    }
    figure(title, &d.svg(title), &legend, &table)
}
