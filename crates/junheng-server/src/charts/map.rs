//! Schools on the district's map: the district's outline and townships under them (projected
//! here, `junheng_core::geo::Projection`), each school a dot coloured by verdict whose name
//! shows on hover and focus, a link to its page.

use std::fmt::Write;

use junheng_core::geo::{Boundary, Extent, Projection, Shape};

use super::{Anchor, Cell, Drawing, FONT, Table, escape, figure, text_width};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};

/// A school on the map.
pub struct Site<'a> {
    /// 学校标识码.
    pub code: &'a str,
    /// School name (data).
    pub name: &'a str,
    /// Its verdict in words (an interface text).
    pub verdict: &'a str,
    /// Link to its page.
    pub href: &'a str,
    /// 经度.
    pub longitude: f64,
    /// 纬度.
    pub latitude: f64,
    /// Whether the school passes.
    pub passes: bool,
    /// Whether this is the viewer's own school.
    pub own: bool,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 540.0;
const PAD: f64 = 20.0;

/// The SVG path of a shape; a position less than half a unit from the last one drawn is left
/// out (a detailed outline of 10⁵ points draws in a few thousand).
pub(crate) fn path(shape: &Shape, project: &Projection) -> String {
    let mut d = String::new();
    for ring in shape.polygons.iter().flatten() {
        let mut last: Option<(f64, f64)> = None;
        for p in ring {
            let (x, y) = project.project(*p);
            if last.is_some_and(|(lx, ly)| (x - lx).abs() < 0.5 && (y - ly).abs() < 0.5) {
                continue;
            }
            let _ = write!(d, "{}{x:.1},{y:.1}", if last.is_none() { "M" } else { "L" });
            last = Some((x, y));
        }
        d.push('Z');
    }
    d
}

/// The map's SVG (exposed for tests); `title` is HTML.
pub(crate) fn svg(
    lang: Lang,
    title: &str,
    boundary: Option<&Boundary>,
    sites: &[Site<'_>],
) -> String {
    let mut d = Drawing::new(WIDTH, HEIGHT);
    let located = sites
        .iter()
        .map(|s| [s.longitude, s.latitude])
        .collect::<Vec<_>>();
    let mut extent = Extent::of(&located);
    if let Some(b) = boundary {
        extent = extent.union(Extent::of(b.district.positions()));
    }
    if extent.is_empty() {
        d.label(
            lang.t("charts-map-empty"),
            "axis-title",
            [(WIDTH / 2.0, HEIGHT / 2.0, Anchor::Middle)],
        );
        return d.svg(title);
    }
    let project = Projection::fit(extent, WIDTH, HEIGHT, PAD);
    d.raw(&format!(
        r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" class="sea"/>"#
    ));
    if let Some(b) = boundary {
        d.raw(&format!(
            r#"<path d="{}" class="district" fill-rule="evenodd"/>"#,
            path(&b.district, &project)
        ));
        for t in &b.townships {
            d.raw(&format!(
                r#"<path d="{}" class="township" fill-rule="evenodd"><title>{}</title></path>"#,
                path(&t.shape, &project),
                marks::zh(lang, &t.name)
            ));
        }
    }
    // The own school last, so that it is drawn on top.
    let mut order: Vec<&Site<'_>> = sites.iter().collect();
    order.sort_by_key(|s| s.own);
    for s in order {
        let (cx, cy) = project.project([s.longitude, s.latitude]);
        let class = match (s.passes, s.own) {
            (true, false) => "good",
            (false, false) => "bad",
            (true, true) => "good own",
            (false, true) => "bad own",
        };
        let vars = [
            ("code", Var::arg(s.code)),
            ("name", Var::Data(s.name)),
            ("verdict", Var::arg(s.verdict)),
        ];
        let text = marks::plain(lang, "charts-site", &vars);
        // The hover label stays inside the drawing: left of the dot on the right half.
        let w = text_width(&text, FONT);
        let (tx, anchor) = if cx + 10.0 + w > WIDTH {
            (cx - 10.0, "end")
        } else {
            (cx + 10.0, "start")
        };
        let ty = if cy < 24.0 { cy + 18.0 } else { cy - 8.0 };
        let _ = write!(
            d.body_mut(),
            r#"<a href="{}" class="site"><circle cx="{cx:.1}" cy="{cy:.1}" r="{}" class="{class}"><title>{}</title></circle><text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" class="hover-label">{}</text></a>"#,
            escape(s.href),
            if s.own { 8 } else { 5 },
            marks::html(lang, "charts-site", &vars),
            marks::svg(lang, "charts-site", &vars)
        );
    }
    d.svg(title)
}

/// The map's figure: the SVG, its legend and the table of the schools shown; `title` is HTML.
pub fn map(lang: Lang, title: &str, boundary: Option<&Boundary>, sites: &[Site<'_>]) -> String {
    let table = Table {
        head: [
            "charts-school-code",
            "charts-school-name",
            "charts-verdict",
            "charts-longitude",
            "charts-latitude",
        ]
        .map(|k| escape(lang.t(k)))
        .to_vec(),
        rows: sites
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.code),
                    if s.own {
                        Cell::html(marks::html(
                            lang,
                            "charts-own-named",
                            &[("name", Var::Data(s.name))],
                        ))
                    } else {
                        Cell::data(s.name)
                    },
                    Cell::text(s.verdict),
                    Cell::text(&format!("{:.6}", s.longitude)),
                    Cell::text(&format!("{:.6}", s.latitude)),
                ]
            })
            .collect(),
    };
    let mut legend = vec![
        ("good", "charts-passing-schools"),
        ("bad", "charts-failing-schools"),
    ];
    if sites.iter().any(|s| s.own) {
        legend.push(("own", "charts-own"));
    }
    if let Some(b) = boundary {
        legend.push(("district", "charts-district-boundary"));
        if !b.townships.is_empty() {
            legend.push(("township", "charts-township-boundaries"));
        }
    }
    let legend: Vec<_> = legend
        .into_iter()
        .map(|(class, key)| (class, escape(lang.t(key))))
        .collect();
    figure(
        lang,
        title,
        &svg(lang, title, boundary, sites),
        &legend,
        &table,
    )
}
