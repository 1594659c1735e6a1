//! Charts rendered on the server as SVG: they print, work offline and need no JavaScript.
//!
//! Every chart is a `<figure>`: a caption (its title), the SVG (axes with units and round
//! ticks, a `<title>` tooltip on every mark), a legend, and a `<details>` table with the same
//! numbers for screen readers and for reading exact values. Colours are CSS classes whose
//! colours the stylesheet defines once (`--pass` green for better, `--fail` red for worse,
//! `--own` for the viewer's own school). Every text is placed through [`Drawing::label`], which
//! computes its box (CJK characters one em wide, other characters a little over half) and
//! keeps it off every bar and every other text: a label with no free place is left out (its
//! number stays in the tooltip and the table).
//!
//! Every text is in the viewer's language ([`Lang`]); data in it (names, units, sections) stays
//! Chinese and is marked `lang="zh-CN"` on an English page ([`marks`]). A chart's title is HTML
//! (interface text escaped, data marked); every other text is escaped here.

mod axis;
mod bars;
mod distribution;
mod map;

#[cfg(test)]
pub(crate) mod tests;
mod trend;

use std::fmt::Write;

use crate::i18n::Lang;

pub(crate) use axis::{Ticks, short_number};
pub use bars::{CvBar, cv_bars};
pub use distribution::{Point, distribution};
pub use map::{Site, map};
pub use trend::trend;

/// Escapes text for SVG/XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Font size of chart text, in drawing units.
pub(crate) const FONT: f64 = 12.0;

/// A box in drawing units: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Whether the two boxes share any area (touching edges do not).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// Whether `o` lies inside.
    pub fn holds(&self, o: &Rect) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }
}

/// The estimated width of `text` at `size`: full-width (CJK) characters one em, ASCII 0.62 em
/// (sans-serif digits measure 0.55–0.64 em; the wider end keeps estimates on the safe side),
/// other characters one em.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Where a text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The box of `text` drawn at `(x, baseline)` with `anchor`, with a pixel of air around it.
pub(crate) fn text_box(text: &str, x: f64, baseline: f64, anchor: Anchor) -> Rect {
    let w = text_width(text, FONT);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - w / 2.0,
        Anchor::End => x - w,
    };
    Rect {
        x: left - 1.0,
        y: baseline - FONT - 1.0,
        w: w + 2.0,
        h: FONT * 1.3 + 2.0,
    }
}

/// An SVG under construction: marks (bars, points) first, then texts placed off them.
pub(crate) struct Drawing {
    pub width: f64,
    pub height: f64,
    body: String,
    /// Boxes of the marks: no text may cover them.
    pub marks: Vec<Rect>,
    /// Boxes of the placed texts.
    pub labels: Vec<Rect>,
}

impl Drawing {
    pub fn new(width: f64, height: f64) -> Self {
        Drawing {
            width,
            height,
            body: String::new(),
            marks: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Appends raw SVG (escaped by the caller).
    pub fn raw(&mut self, svg: &str) {
        self.body.push_str(svg);
    }

    /// A mark (a bar, a point) with its class and tooltip (HTML: a `<title>` holds HTML, see
    /// [`marks::html`]); its box keeps texts off.
    pub fn rect(&mut self, r: Rect, class: &str, tooltip: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" class="{class}"><title>{tooltip}</title></rect>"#,
            r.x,
            r.y,
            r.w.max(0.5),
            r.h.max(0.0),
        );
        self.marks.push(r);
    }

    /// The SVG written so far, to append elements that are neither marks nor placed texts.
    pub fn body_mut(&mut self) -> &mut String {
        &mut self.body
    }

    /// A line (axis, grid, reference); texts may cross it.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), class: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" class="{class}"/>"#
        );
    }

    /// Places `text` at the first of `candidates` (x, baseline, anchor) where its box lies
    /// inside the drawing and covers no mark and no placed text; returns whether it found one.
    pub fn label(
        &mut self,
        text: &str,
        class: &str,
        candidates: impl IntoIterator<Item = (f64, f64, Anchor)>,
    ) -> bool {
        self.place(text, &escape(text), "", class, candidates)
    }

    /// [`Drawing::label`] for a text that is data (a name): marked `lang="zh-CN"` on an English
    /// page.
    pub fn data_label(
        &mut self,
        lang: Lang,
        text: &str,
        class: &str,
        candidates: impl IntoIterator<Item = (f64, f64, Anchor)>,
    ) -> bool {
        self.place(
            text,
            &escape(text),
            crate::i18n::marks::lang_attr(lang),
            class,
            candidates,
        )
    }

    /// [`Drawing::label`] for a text given as SVG markup (data marked by [`marks::svg`]), measured
    /// by its plain form `text`.
    pub fn marked_label(
        &mut self,
        text: &str,
        markup: &str,
        class: &str,
        candidates: impl IntoIterator<Item = (f64, f64, Anchor)>,
    ) -> bool {
        self.place(text, markup, "", class, candidates)
    }

    /// Places `markup` (with the attributes `attrs`) where the box of `text` fits.
    fn place(
        &mut self,
        text: &str,
        markup: &str,
        attrs: &str,
        class: &str,
        candidates: impl IntoIterator<Item = (f64, f64, Anchor)>,
    ) -> bool {
        let bounds = Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: self.height,
        };
        for (x, y, anchor) in candidates {
            let b = text_box(text, x, y, anchor);
            let free = bounds.holds(&b)
                && !self.marks.iter().any(|m| m.overlaps(&b))
                && !self.labels.iter().any(|l| l.overlaps(&b));
            if free {
                let _ = write!(
                    self.body,
                    r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{}" class="{class}"{attrs}>{markup}</text>"#,
                    anchor.svg(),
                );
                self.labels.push(b);
                return true;
            }
        }
        false
    }

    /// The complete `<svg>` element, its `<title>` the HTML `title`.
    pub fn svg(&self, title: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" role="img" font-size="{FONT}"><title>{title}</title>{}</svg>"#,
            self.body,
            w = self.width,
            h = self.height,
        )
    }
}

/// One entry of a legend: its CSS class (the swatch) and its text (HTML).
pub(crate) type Key<'a> = (&'a str, String);

/// A cell of the table under a chart.
pub(crate) struct Cell {
    /// Its content, HTML.
    html: String,
    /// Whether it holds only data (marked `lang="zh-CN"` on an English page).
    data: bool,
}

impl Cell {
    /// A number or an interface text.
    pub fn text(text: &str) -> Cell {
        Cell {
            html: escape(text),
            data: false,
        }
    }

    /// Data (a name).
    pub fn data(text: &str) -> Cell {
        Cell {
            html: escape(text),
            data: true,
        }
    }

    /// HTML, data in it marked already.
    pub fn html(html: String) -> Cell {
        Cell { html, data: false }
    }
}

/// The table under a chart: header (HTML) and rows.
pub(crate) struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A chart's figure: caption (HTML), SVG, legend and the table with the same numbers.
pub(crate) fn figure(
    lang: Lang,
    title: &str,
    svg: &str,
    legend: &[Key<'_>],
    table: &Table,
) -> String {
    let mut out = format!(
        r#"<figure class="chart"><figcaption>{title}</figcaption>{svg}<ul class="legend">"#
    );
    for (class, text) in legend {
        let _ = write!(
            out,
            r#"<li><span class="swatch {class}"></span>{text}</li>"#
        );
    }
    let _ = write!(
        out,
        r#"</ul><details class="chart-table"><summary>{}</summary><div class="scroll"><table><thead><tr>"#,
        escape(lang.t("charts-data-table"))
    );
    for h in &table.head {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let attr = if cell.data {
                crate::i18n::marks::lang_attr(lang)
            } else {
                ""
            };
            let _ = write!(out, "<td{attr}>{}</td>", cell.html);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></details></figure>");
    out
}
