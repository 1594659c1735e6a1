//! A count or value per school year, with an optional limit line.

use super::{
    Anchor, Cell, Drawing, FONT, Rect, Table, Ticks, escape, figure, short_number, text_width,
};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 52.0;
/// The gutter right of the plot where the limit is named (wider when its name needs it).
const GUTTER: f64 = 70.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// The drawing (exposed for the label tests); `unit` is an interface text.
pub(crate) fn layout(lang: Lang, points: &[(i32, f64)], unit: &str, limit: Option<f64>) -> Drawing {
    let max = points
        .iter()
        .map(|p| p.1)
        .fold(limit.unwrap_or(0.0), f64::max);
    let ticks = Ticks::new(max, 4);
    let limit_text = limit.map(|l| lang.tf("charts-limit-value", &[("v", short_number(l).into())]));
    let gutter = limit_text
        .as_deref()
        .map_or(GUTTER, |t| GUTTER.max(text_width(t, FONT) + 8.0));
    let right = WIDTH - gutter;
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
        let tip = lang.tf(
            "charts-trend-tip",
            &[
                ("year", year.to_string().into()),
                ("v", short_number(*v).into()),
                ("unit", unit.into()),
            ],
        );
        d.rect(r, "point", escape(tip.trim()).as_str());
    }
    if let (Some(l), Some(text)) = (limit, &limit_text) {
        d.line((LEFT, y(l)), (right, y(l)), "limit-line");
        let at = y(l) + FONT / 2.0 - 1.0;
        let candidates = (0..10).flat_map(|k| {
            let shift = f64::from(k) * (FONT + 3.0);
            [at - shift, at + shift].map(|b| (right + 6.0, b, Anchor::Start))
        });
        d.label(text, "bad-text", candidates);
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
            &lang.tf("charts-unit-axis", &[("unit", unit.into())]),
            "axis-title",
            [(4.0, 14.0, Anchor::Start)],
        );
    }
    d.label(
        lang.t("charts-school-year"),
        "axis-title",
        [(LEFT + (right - LEFT) / 2.0, HEIGHT - 8.0, Anchor::Middle)],
    );
    d
}

/// The figure of a value per school year (`unit`, an interface text, names the vertical axis),
/// with an optional limit line in red; `title` is HTML (see [`marks`]).
pub fn trend(
    lang: Lang,
    title: &str,
    unit: &str,
    points: &[(i32, f64)],
    limit: Option<f64>,
) -> String {
    let d = layout(lang, points, unit, limit);
    let value = if unit.is_empty() {
        title.to_owned()
    } else {
        marks::html(
            lang,
            "charts-title-unit",
            &[
                ("title", Var::Html(title.to_owned())),
                ("unit", Var::arg(unit)),
            ],
        )
    };
    let table = Table {
        head: vec![escape(lang.t("charts-school-year")), value],
        rows: points
            .iter()
            .map(|(year, v)| vec![Cell::text(&year.to_string()), Cell::text(&short_number(*v))])
            .collect(),
    };
    let mut legend = vec![("series", title.to_owned())];
    if limit.is_some() {
        legend.push(("limit-line", escape(lang.t("charts-limit"))));
    }
    figure(lang, title, &d.svg(title), &legend, &table)
}
