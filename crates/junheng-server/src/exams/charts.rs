//! The exam pages' charts, server-side SVG like every chart of the server: the distribution of
//! each visible unit over the lines (优秀, 良好, 及格, below 及格, 低分) and over the literacy
//! levels (水平Ⅰ–Ⅳ) as stacked bars, the scores of the pool and each school as horizontal box
//! plots, and value added as points with error bars (± z·SE) around zero.

use std::fmt::Write;

use junheng_core::exam::BoxPlot;

use crate::charts::{
    Anchor, Cell, Drawing, FONT, Rect, Table, Ticks, escape, figure, short_number, text_width,
};
use crate::i18n::Lang;

/// Widest gutter of names.
const LABEL_MAX: f64 = 180.0;
const PLOT_W: f64 = 360.0;
const ROW_H: f64 = 24.0;
const TOP: f64 = 8.0;
const AXIS_H: f64 = 36.0;

/// `text` cut (with …) to `width`.
fn fit(text: &str, width: f64) -> String {
    if text_width(text, FONT) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, FONT) + FONT > width {
            break;
        }
    }
    out.push('…');
    out
}

/// The x axis under a plot whose left edge is `g` and bottom `bottom`: its line, a tick label at
/// each `(x, text)` and the axis title, if any.
fn x_axis(
    d: &mut Drawing,
    g: f64,
    bottom: f64,
    ticks: impl IntoIterator<Item = (f64, String)>,
    title: Option<&str>,
) {
    d.line((g, bottom), (g + PLOT_W, bottom), "axis");
    for (x, text) in ticks {
        d.label(&text, "tick", [(x, bottom + 15.0, Anchor::Middle)]);
    }
    if let Some(title) = title {
        d.label(
            title,
            "axis-title",
            [(g + PLOT_W / 2.0, bottom + 31.0, Anchor::Middle)],
        );
    }
}

fn gutter<'a>(names: impl Iterator<Item = &'a str>) -> f64 {
    names
        .map(|n| text_width(n, FONT) + 10.0)
        .fold(60.0, f64::max)
        .min(LABEL_MAX)
}

/// The segments' classes and keys, best first.
const SEGMENTS: [(&str, &str); 5] = [
    ("seg-excellent", "exams-seg-excellent"),
    ("seg-good", "exams-seg-good"),
    ("seg-pass", "exams-seg-pass"),
    ("seg-below", "exams-seg-below"),
    ("seg-low", "exams-seg-low"),
];

/// The literacy levels' classes and the numerals written in their segments, Ⅰ first.
const LEVELS: [(&str, &str); 4] = [
    ("lvl-1", "Ⅰ"),
    ("lvl-2", "Ⅱ"),
    ("lvl-3", "Ⅲ"),
    ("lvl-4", "Ⅳ"),
];

/// One unit's bar: its name and its shares of the segments (summing to 1).
pub(crate) struct Shares {
    pub name: String,
    pub shares: Vec<f64>,
}

impl Shares {
    /// The segments of the rates `[优秀, 良好, 及格, 低分]`; `band` when 良好率 excludes 优秀.
    pub(crate) fn of(name: String, rates: [f64; 4], band: bool) -> Shares {
        let [exc, good, pass, low] = rates.map(|r| r.clamp(0.0, 1.0));
        let good_only = if band { good } else { (good - exc).max(0.0) };
        let pass_only = (pass - exc - good_only).max(0.0);
        let fail = (1.0 - pass).max(0.0);
        let low = low.min(fail);
        Shares {
            name,
            shares: vec![exc, good_only, pass_only, fail - low, low],
        }
    }
}

/// A segment of stacked bars: its class, its name (HTML, data marked) and the short text written
/// inside it where it fits (empty: none), so that no segment is told by its colour alone.
struct Segment {
    class: &'static str,
    name: String,
    mark: &'static str,
}

/// The stacked bars of `rows` over `segments`, titled `title` (HTML).
fn stacked(lang: Lang, title: &str, segments: &[Segment], rows: &[Shares]) -> String {
    let g = gutter(rows.iter().map(|r| r.name.as_str()));
    let width = g + PLOT_W + 16.0;
    let bottom = TOP + ROW_H * rows.len() as f64;
    let mut d = Drawing::new(width, bottom + AXIS_H);
    let x = |v: f64| g + PLOT_W * v;
    for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
        d.line((x(v), TOP), (x(v), bottom), "grid");
    }
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let mut at = 0.0;
        for (s, seg) in r.shares.iter().zip(segments) {
            if *s > 0.0 {
                let tip = format!(
                    "{} · {} {:.1}%",
                    crate::i18n::marks::zh(lang, &r.name),
                    seg.name,
                    s * 100.0
                );
                let bar = Rect {
                    x: x(at),
                    y: y + 4.0,
                    w: PLOT_W * s,
                    h: ROW_H - 8.0,
                };
                d.rect(bar, seg.class, &tip);
                // Inside its own segment, over nothing else: the numeral and the share, or the
                // numeral alone, whichever fits.
                let full = format!("{} {:.0}%", seg.mark, s * 100.0);
                let fits = [full.as_str(), seg.mark]
                    .into_iter()
                    .find(|t| !seg.mark.is_empty() && text_width(t, FONT) + 4.0 <= bar.w);
                if let Some(text) = fits {
                    let _ = write!(
                        d.body_mut(),
                        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="seg-mark">{}</text>"#,
                        bar.x + bar.w / 2.0,
                        y + ROW_H / 2.0 + 4.0,
                        escape(text)
                    );
                }
            }
            at += s;
        }
        d.data_label(
            lang,
            &fit(&r.name, g - 8.0),
            "",
            [(g - 5.0, y + ROW_H / 2.0 + 4.0, Anchor::End)],
        );
    }
    let ticks = [0.0, 0.5, 1.0].map(|v| (x(v), format!("{}%", (v * 100.0) as u32)));
    x_axis(&mut d, g, bottom, ticks, None);
    let legend: Vec<(&str, String)> = segments.iter().map(|s| (s.class, s.name.clone())).collect();
    let table = Table {
        head: std::iter::once(escape(lang.t("exams-col-unit")))
            .chain(segments.iter().map(|s| s.name.clone()))
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                std::iter::once(Cell::data(&r.name))
                    .chain(
                        r.shares
                            .iter()
                            .map(|s| Cell::text(&format!("{:.1}%", s * 100.0))),
                    )
                    .collect()
            })
            .collect(),
    };
    figure(lang, title, &d.svg(title), &legend, &table)
}

/// The stacked bars of `rows` over the lines, titled `title` (HTML).
pub(crate) fn distribution(lang: Lang, title: &str, rows: &[Shares]) -> String {
    let segments: Vec<Segment> = SEGMENTS
        .iter()
        .map(|(class, key)| Segment {
            class,
            name: escape(lang.t(key)),
            mark: "",
        })
        .collect();
    stacked(lang, title, &segments, rows)
}

/// The stacked bars of `rows` over the literacy levels named `labels` (data, Ⅰ first), titled
/// `title` (HTML); each segment says its level's numeral and share where it fits.
pub(crate) fn levels(lang: Lang, title: &str, labels: &[String], rows: &[Shares]) -> String {
    let segments: Vec<Segment> = LEVELS
        .iter()
        .zip(labels)
        .map(|((class, mark), label)| Segment {
            class,
            name: format!("{mark} {}", crate::i18n::marks::zh(lang, label)),
            mark,
        })
        .collect();
    stacked(lang, title, &segments, rows)
}

/// One unit's box: its name and its five numbers (`None`: withheld, too few sat).
pub(crate) struct BoxRow {
    pub name: String,
    pub box_plot: Option<BoxPlot>,
}

/// Horizontal box plots of `rows` on a paper of `full` points, titled `title` (HTML): whiskers
/// from the lowest to the highest score, the box from Q1 to Q3, the median a bar across it and
/// its number beside the whisker; a withheld unit says so in words.
pub(crate) fn box_plots(lang: Lang, title: &str, full: f64, rows: &[BoxRow]) -> String {
    let g = gutter(rows.iter().map(|r| r.name.as_str()));
    let width = g + PLOT_W + 40.0;
    let bottom = TOP + ROW_H * rows.len() as f64;
    let mut d = Drawing::new(width, bottom + AXIS_H);
    let ticks = Ticks::new(full, 5);
    let x = |v: f64| g + PLOT_W * (v / ticks.top).clamp(0.0, 1.0);
    for &v in &ticks.values {
        d.line((x(v), TOP), (x(v), bottom), "grid");
    }
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let cy = y + ROW_H / 2.0;
        if let Some(b) = r.box_plot {
            let tip = format!(
                "{} · {} {} · Q1 {} · {} {} · Q3 {} · {} {}",
                crate::i18n::marks::zh(lang, &r.name),
                escape(lang.t("exams-box-min")),
                short_number(b.min),
                short_number(b.q1),
                escape(lang.t("exams-box-median")),
                short_number(b.median),
                short_number(b.q3),
                escape(lang.t("exams-box-max")),
                short_number(b.max),
            );
            let _ = write!(
                d.body_mut(),
                r#"<g class="box-plot"><line x1="{:.1}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}" class="whisker"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" class="box"><title>{tip}</title></rect><line x1="{m:.1}" y1="{:.1}" x2="{m:.1}" y2="{:.1}" class="median"/></g>"#,
                x(b.min),
                x(b.max),
                x(b.q1),
                y + 5.0,
                (x(b.q3) - x(b.q1)).max(1.0),
                ROW_H - 10.0,
                y + 5.0,
                y + ROW_H - 5.0,
                m = x(b.median),
            );
            d.marks.push(Rect {
                x: x(b.min) - 1.0,
                y: y + 5.0,
                w: x(b.max) - x(b.min) + 2.0,
                h: ROW_H - 10.0,
            });
            let median = short_number(b.median);
            d.label(
                &median,
                "value",
                [
                    (x(b.max) + 4.0, cy + 4.0, Anchor::Start),
                    (x(b.min) - 4.0, cy + 4.0, Anchor::End),
                ],
            );
        } else {
            d.label(
                lang.t("exams-suppressed"),
                "note",
                [(g + 4.0, cy + 4.0, Anchor::Start)],
            );
        }
        d.data_label(
            lang,
            &fit(&r.name, g - 8.0),
            "",
            [(g - 5.0, cy + 4.0, Anchor::End)],
        );
    }
    let marks = ticks.values.iter().map(|&v| (x(v), ticks.text(v)));
    x_axis(&mut d, g, bottom, marks, Some(lang.t("exams-box-axis")));
    let legend = vec![
        ("box", escape(lang.t("exams-box-legend-box"))),
        ("median", escape(lang.t("exams-box-legend-median"))),
        ("whisker", escape(lang.t("exams-box-legend-whisker"))),
    ];
    let table = Table {
        head: [
            "exams-col-unit",
            "exams-box-min",
            "exams-box-q1",
            "exams-box-median",
            "exams-box-q3",
            "exams-box-max",
        ]
        .iter()
        .map(|k| escape(lang.t(k)))
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = vec![Cell::data(&r.name)];
                match r.box_plot {
                    Some(b) => cells.extend(
                        [b.min, b.q1, b.median, b.q3, b.max]
                            .iter()
                            .map(|v| Cell::text(&short_number(*v))),
                    ),
                    None => cells.extend((0..5).map(|_| Cell::text(lang.t("exams-suppressed")))),
                }
                cells
            })
            .collect(),
    };
    figure(lang, title, &d.svg(title), &legend, &table)
}

/// One unit's value added.
pub(crate) struct VaPoint {
    pub name: String,
    pub va: Option<f64>,
    pub se: Option<f64>,
    /// `good`, `bad` or `` (no significant difference, or not banded).
    pub class: &'static str,
    /// Shown faded: too few matched students to be banded.
    pub insufficient: bool,
}

/// Points with error bars (± `z`·SE) around zero, titled `title` (HTML).
pub(crate) fn value_added(lang: Lang, title: &str, z: f64, rows: &[VaPoint]) -> String {
    let g = gutter(rows.iter().map(|r| r.name.as_str()));
    let width = g + PLOT_W + 16.0;
    let bottom = TOP + ROW_H * rows.len() as f64;
    let mut d = Drawing::new(width, bottom + AXIS_H);
    let reach = rows
        .iter()
        .filter_map(|r| Some(r.va?.abs() + z * r.se.unwrap_or(0.0)))
        .fold(0.25_f64, f64::max);
    let top = (reach * 4.0).ceil() / 4.0;
    let x = |v: f64| g + PLOT_W * ((v + top) / (2.0 * top)).clamp(0.0, 1.0);
    for v in [-top, -top / 2.0, 0.0, top / 2.0, top] {
        d.line(
            (x(v), TOP),
            (x(v), bottom),
            if v == 0.0 { "standard" } else { "grid" },
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let cy = TOP + ROW_H * i as f64 + ROW_H / 2.0;
        if let Some(va) = r.va {
            let half = z * r.se.unwrap_or(0.0);
            let class = if r.insufficient { "faded" } else { r.class };
            let _ = write!(
                d.body_mut(),
                r#"<g class="va {class}"><line x1="{:.1}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}" class="whisker"/><circle cx="{:.1}" cy="{cy:.1}" r="4.5"><title>{} · {va:+.3} ± {half:.3}</title></circle></g>"#,
                x(va - half),
                x(va + half),
                x(va),
                crate::i18n::marks::zh(lang, &r.name),
            );
            d.marks.push(Rect {
                x: x(va - half) - 5.0,
                y: cy - 5.0,
                w: x(va + half) - x(va - half) + 10.0,
                h: 10.0,
            });
        }
        d.data_label(
            lang,
            &fit(&r.name, g - 8.0),
            "",
            [(g - 5.0, cy + 4.0, Anchor::End)],
        );
    }
    let marks = [-top, 0.0, top].map(|v| (x(v), format!("{v:+.2}")));
    x_axis(&mut d, g, bottom, marks, Some(lang.t("exams-va-axis")));
    let legend = vec![
        ("good", escape(lang.t("exams-band-above"))),
        ("neutral", escape(lang.t("exams-band-level"))),
        ("bad", escape(lang.t("exams-band-below"))),
        ("faded", escape(lang.t("exams-va-insufficient"))),
    ];
    let table = Table {
        head: [
            "exams-col-unit",
            "exams-va-col-va",
            "exams-va-col-low",
            "exams-va-col-high",
        ]
        .iter()
        .map(|k| escape(lang.t(k)))
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let half = z * r.se.unwrap_or(0.0);
                let n = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:+.3}"));
                vec![
                    Cell::data(&r.name),
                    Cell::text(&n(r.va)),
                    Cell::text(&n(r.va.map(|v| v - half))),
                    Cell::text(&n(r.va.map(|v| v + half))),
                ]
            })
            .collect(),
    };
    figure(lang, title, &d.svg(title), &legend, &table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_cumulative_and_band_rates_sum_to_one() {
        let s = Shares::of("甲".into(), [0.2, 0.5, 0.8, 0.1], false);
        let sum: f64 = s.shares.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12, "{:?}", s.shares);
        assert!((s.shares[1] - 0.3).abs() < 1e-12);
        let b = Shares::of("甲".into(), [0.2, 0.3, 0.8, 0.1], true);
        assert!((b.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((b.shares[2] - 0.3).abs() < 1e-12);
    }

    #[test]
    fn the_charts_say_nothing_in_chinese_on_an_english_page_outside_data() {
        let rows = vec![Shares::of("第一中学".into(), [0.2, 0.5, 0.8, 0.1], false)];
        crate::charts::tests::english(&distribution(Lang::En, "Rates", &rows));
        let va = vec![VaPoint {
            name: "第一中学".into(),
            va: Some(0.12),
            se: Some(0.05),
            class: "good",
            insufficient: false,
        }];
        crate::charts::tests::english(&value_added(Lang::En, "VA", 1.96, &va));
    }
}
