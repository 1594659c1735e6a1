//! Horizontal bars of each indicator's 差异系数 against its limit.

use super::{Anchor, Cell, Drawing, FONT, Rect, Table, Ticks, escape, figure, text_width};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};

/// One 差异系数 bar: label, value (None = not computable) and its limit.
pub struct CvBar<'a> {
    /// Indicator name (data).
    pub label: &'a str,
    /// The 差异系数.
    pub cv: Option<f64>,
    /// Its limit.
    pub limit: f64,
}

/// The widest the names' gutter may be; it is as wide as the longest name up to this.
const LABEL_MAX: f64 = 150.0;
const PLOT_W: f64 = 320.0;
const ROW_H: f64 = 28.0;
const TOP: f64 = 8.0;
/// Room under the rows for the axis, its numbers and its title.
const AXIS_H: f64 = 44.0;

/// `text` cut (with …) to fit `width` at the chart's font size.
pub(crate) fn fit(text: &str, width: f64) -> String {
    if text_width(text, FONT) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if text_width(&next, FONT) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The drawing (exposed for the label tests).
pub(crate) fn layout(lang: Lang, bars: &[CvBar<'_>]) -> Drawing {
    let gutter = bars
        .iter()
        .map(|b| text_width(b.label, FONT) + 12.0)
        .fold(60.0, f64::max)
        .min(LABEL_MAX);
    let width = gutter + PLOT_W + 70.0;
    let height = TOP + ROW_H * bars.len() as f64 + AXIS_H;
    let max = bars
        .iter()
        .map(|b| b.cv.unwrap_or(0.0).max(b.limit))
        .fold(0.0, f64::max);
    let ticks = Ticks::new(max, 5);
    let x = |v: f64| gutter + PLOT_W * (v / ticks.top).clamp(0.0, 1.0);
    let bottom = TOP + ROW_H * bars.len() as f64;
    let mut d = Drawing::new(width, height);
    for &v in &ticks.values {
        d.line((x(v), TOP), (x(v), bottom), "grid");
    }
    d.line((gutter, bottom), (gutter + PLOT_W, bottom), "axis");
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        if let Some(cv) = bar.cv {
            let class = if cv <= bar.limit { "good" } else { "bad" };
            let tip = marks::html(
                lang,
                "charts-cv-tip",
                &[
                    ("name", Var::Data(bar.label)),
                    ("cv", Var::arg(format!("{cv:.3}"))),
                    ("limit", Var::arg(bar.limit.to_string())),
                ],
            );
            let r = Rect {
                x: gutter,
                y: y + 5.0,
                w: x(cv) - gutter,
                h: 16.0,
            };
            d.rect(r, class, &tip);
        }
        let lx = x(bar.limit);
        let limit = Rect {
            x: lx - 1.5,
            y: y + 2.0,
            w: 3.0,
            h: 22.0,
        };
        let tip = marks::html(
            lang,
            "charts-limit-tip",
            &[
                ("name", Var::Data(bar.label)),
                ("limit", Var::arg(bar.limit.to_string())),
            ],
        );
        d.rect(limit, "limit", &tip);
    }
    for (i, bar) in bars.iter().enumerate() {
        let base = TOP + ROW_H * i as f64 + 18.0;
        let name = fit(bar.label, gutter - 12.0);
        d.data_label(lang, &name, "name", [(gutter - 8.0, base, Anchor::End)]);
        // Right after the bar when it fits before the limit's mark, else after both.
        let (text, class, near, after) = match bar.cv {
            Some(cv) => (
                format!("{cv:.3}"),
                "value",
                x(cv) + 5.0,
                x(cv).max(x(bar.limit) + 1.5) + 5.0,
            ),
            None => (
                lang.t("charts-not-computable").to_owned(),
                "value bad-text",
                gutter + 4.0,
                x(bar.limit) + 6.0,
            ),
        };
        d.label(
            &text,
            class,
            [
                (near, base, Anchor::Start),
                (after, base, Anchor::Start),
                (gutter + 4.0, base, Anchor::Start),
            ],
        );
    }
    for &v in &ticks.values {
        d.label(
            &ticks.text(v),
            "tick",
            [(x(v), bottom + 16.0, Anchor::Middle)],
        );
    }
    d.label(
        lang.t("charts-cv-axis"),
        "axis-title",
        [(gutter + PLOT_W / 2.0, height - 6.0, Anchor::Middle)],
    );
    d
}

/// The figure of each indicator's 差异系数 (green within its limit, red above) with the limit
/// as a dark mark per bar; `title` is HTML (see [`marks`]).
pub fn cv_bars(lang: Lang, title: &str, bars: &[CvBar<'_>]) -> String {
    let d = layout(lang, bars);
    let table = Table {
        head: [
            "charts-indicator",
            "charts-cv",
            "charts-limit",
            "charts-verdict",
        ]
        .map(|k| escape(lang.t(k)))
        .to_vec(),
        rows: bars
            .iter()
            .map(|b| {
                let (cv, verdict) = match b.cv {
                    Some(cv) => (
                        format!("{cv:.3}"),
                        lang.t(if cv <= b.limit {
                            "charts-passes"
                        } else {
                            "charts-fails"
                        }),
                    ),
                    None => (lang.t("charts-not-computable").to_owned(), "—"),
                };
                vec![
                    Cell::data(b.label),
                    Cell::text(&cv),
                    Cell::text(&b.limit.to_string()),
                    Cell::text(verdict),
                ]
            })
            .collect(),
    };
    let legend = [
        ("good", "charts-within-limit"),
        ("bad", "charts-over-limit"),
        ("limit", "charts-limit"),
    ]
    .map(|(class, key)| (class, escape(lang.t(key))));
    figure(lang, title, &d.svg(title), &legend, &table)
}
