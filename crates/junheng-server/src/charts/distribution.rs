//! Every unit's value of one indicator as a bar, sorted ascending, with the standard and the
//! weighted mean.

use super::{
    Anchor, Cell, Drawing, FONT, Rect, Table, Ticks, escape, figure, short_number, text_width,
};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};

/// One unit in a distribution.
pub struct Point<'a> {
    /// Unit name (data); `None` for a school the viewer may not see (named "another school").
    pub label: Option<&'a str>,
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
/// The gutter right of the plot where the reference lines are named (wider when their names
/// need it).
const GUTTER: f64 = 100.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// The drawing (exposed for the label tests).
pub(crate) fn layout(
    lang: Lang,
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
    let reference_text = |key: &str, v: f64| lang.tf(key, &[("v", short_number(v).into())]);
    let mut references = vec![("mean", reference_text("charts-mean-value", mean), mean)];
    if let Some(s) = standard {
        references.insert(
            0,
            ("standard", reference_text("charts-standard-value", s), s),
        );
    }
    let gutter = references
        .iter()
        .map(|(_, text, _)| text_width(text, FONT) + 8.0)
        .fold(GUTTER, f64::max);
    let right = WIDTH - gutter;
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
        let tip = format!("{} {}", name(lang, p), short_number(p.value));
        d.rect(r, class, &tip);
        if p.own {
            own = Some(r);
        }
    }
    for (class, text, v) in &references {
        d.line((LEFT, y(*v)), (right, y(*v)), class);
        let at = y(*v) + FONT / 2.0 - 1.0;
        let candidates = (0..12).flat_map(|k| {
            let shift = f64::from(k) * (FONT + 3.0);
            [at - shift, at + shift].map(|b| (right + 6.0, b, Anchor::Start))
        });
        d.label(text, class, candidates);
    }
    if let Some(r) = own {
        let cx = r.x + r.w / 2.0;
        let candidates = (0..12).map(|k| (cx, r.y - 4.0 - f64::from(k) * 8.0, Anchor::Middle));
        d.label(lang.t("charts-own"), "own-text", candidates);
    }
    for &v in &ticks.values {
        d.label(
            &ticks.text(v),
            "tick",
            [(LEFT - 6.0, y(v) + 4.0, Anchor::End)],
        );
    }
    let (title, markup) = if unit.is_empty() {
        let text = lang.t("charts-value");
        (text.to_owned(), escape(text))
    } else {
        let vars = [("unit", Var::Data(unit))];
        (
            marks::plain(lang, "charts-value-unit", &vars),
            marks::svg(lang, "charts-value-unit", &vars),
        )
    };
    d.marked_label(&title, &markup, "axis-title", [(4.0, 14.0, Anchor::Start)]);
    let count = lang.tf("charts-units-ascending", &[("n", sorted.len().into())]);
    d.label(
        &count,
        "axis-title",
        [(LEFT + (right - LEFT) / 2.0, HEIGHT - 10.0, Anchor::Middle)],
    );
    d
}

/// A unit's name in a tooltip or the table (HTML).
fn name(lang: Lang, p: &Point<'_>) -> String {
    match p.label {
        Some(label) => marks::zh(lang, label),
        None => escape(lang.t("charts-other-school")),
    }
}

/// The figure of every unit's value (green meets the standard, red does not; the viewer's own
/// school outlined and named), with the standard and the weighted mean as lines; `title` is
/// HTML (see [`marks`]), `unit` the indicator's unit (data).
pub fn distribution(
    lang: Lang,
    title: &str,
    unit: &str,
    points: &[Point<'_>],
    standard: Option<f64>,
    mean: f64,
) -> String {
    let d = layout(lang, points, unit, standard, mean);
    let mut rows: Vec<&Point<'_>> = points.iter().collect();
    rows.sort_by(|a, b| a.value.total_cmp(&b.value));
    let table = Table {
        head: vec![
            escape(lang.t("charts-unit")),
            if unit.is_empty() {
                escape(lang.t("charts-value"))
            } else {
                marks::html(lang, "charts-value-unit", &[("unit", Var::Data(unit))])
            },
            escape(lang.t("charts-meets-standard")),
        ],
        rows: rows
            .iter()
            .map(|p| {
                let name = match (p.own, p.label) {
                    (true, _) => Cell::html(marks::html(
                        lang,
                        "charts-own-named",
                        &[("name", Var::Html(name(lang, p)))],
                    )),
                    (false, Some(label)) => Cell::data(label),
                    (false, None) => Cell::text(lang.t("charts-other-school")),
                };
                let meets = if p.meets {
                    "charts-meets-yes"
                } else {
                    "charts-meets-no"
                };
                vec![
                    name,
                    Cell::text(&short_number(p.value)),
                    Cell::text(lang.t(meets)),
                ]
            })
            .collect(),
    };
    let mut legend = vec![
        ("good", "charts-meets-standard-legend"),
        ("bad", "charts-misses-standard"),
    ];
    if standard.is_some() {
        legend.push(("standard", "charts-standard"));
    }
    legend.push(("mean", "charts-weighted-mean"));
    if points.iter().any(|p| p.own) {
        legend.push(("own", "charts-own"));
    }
    let legend: Vec<_> = legend
        .into_iter()
        .map(|(class, key)| (class, escape(lang.t(key))))
        .collect();
    figure(lang, title, &d.svg(title), &legend, &table)
}
