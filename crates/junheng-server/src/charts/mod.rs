//! Charts rendered on the server as SVG: they print, work offline and need no JavaScript.
//!
//! Every function returns a complete `<svg>` element with a `<title>` for screen readers; text
//! is escaped here, so callers pass plain strings.

use std::fmt::Write;

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

const PASS: &str = "#1e7b34";
const FAIL: &str = "#b42318";
const INK: &str = "#1f2933";
const MUTED: &str = "#7b8794";
const GRID: &str = "#e4e7eb";
const BLUE: &str = "#2563eb";
const PAPER: &str = "#f8fafc";

fn open(out: &mut String, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" class="chart" font-family="sans-serif" font-size="12"><title>{}</title>"#,
        escape(title)
    );
}

/// One 差异系数 bar: label, value (None = not computable) and its limit.
pub struct CvBar<'a> {
    /// Indicator name.
    pub label: &'a str,
    /// The 差异系数.
    pub cv: Option<f64>,
    /// Its limit.
    pub limit: f64,
}

/// Horizontal bars of each indicator's 差异系数 against its limit (a vertical mark per bar).
pub fn cv_bars(title: &str, bars: &[CvBar<'_>]) -> String {
    let (label_w, bar_w, row_h) = (150.0, 330.0, 26.0);
    let width = label_w + bar_w + 70.0;
    let height = 20.0 + row_h * bars.len() as f64;
    let scale_max = bars
        .iter()
        .map(|b| b.cv.unwrap_or(0.0).max(b.limit))
        .fold(0.0, f64::max)
        .max(0.01)
        * 1.1;
    let x = |v: f64| label_w + bar_w * (v / scale_max).min(1.0);
    let mut out = String::new();
    open(&mut out, width, height, title);
    for (i, bar) in bars.iter().enumerate() {
        let y = 10.0 + row_h * i as f64;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end" fill="{INK}">{}</text>"#,
            label_w - 8.0,
            y + 15.0,
            escape(bar.label)
        );
        let _ = write!(
            out,
            r#"<rect x="{label_w}" y="{}" width="{bar_w}" height="16" fill="{GRID}"/>"#,
            y + 3.0
        );
        match bar.cv {
            Some(cv) => {
                let colour = if cv <= bar.limit { PASS } else { FAIL };
                let _ = write!(
                    out,
                    r#"<rect x="{label_w}" y="{}" width="{:.1}" height="16" fill="{colour}"><title>{cv:.4}</title></rect><text x="{:.1}" y="{}" fill="{INK}">{cv:.3}</text>"#,
                    y + 3.0,
                    x(cv) - label_w,
                    x(cv.max(bar.limit)) + 6.0,
                    y + 15.0
                );
            }
            None => {
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" fill="{FAIL}">不可计算</text>"#,
                    label_w + 6.0,
                    y + 15.0
                );
            }
        }
        let _ = write!(
            out,
            r#"<line x1="{lx:.1}" x2="{lx:.1}" y1="{}" y2="{}" stroke="{INK}" stroke-width="2"><title>上限 {}</title></line>"#,
            y,
            y + 22.0,
            bar.limit,
            lx = x(bar.limit)
        );
    }
    out.push_str("</svg>");
    out
}

/// One unit in a distribution: value, weight (students) and whether it meets the standard.
pub struct Point<'a> {
    /// Unit name.
    pub label: &'a str,
    /// Indicator value.
    pub value: f64,
    /// Whether the value meets the standard.
    pub meets: bool,
}

/// Every unit's value as a bar, sorted ascending, with the standard and the weighted mean.
pub fn distribution(title: &str, points: &[Point<'_>], standard: Option<f64>, mean: f64) -> String {
    let (width, height, left, bottom) = (640.0, 220.0, 48.0, 24.0);
    let mut sorted: Vec<&Point<'_>> = points.iter().collect();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
    let top = sorted
        .last()
        .map_or(1.0, |p| p.value)
        .max(standard.unwrap_or(0.0))
        .max(mean)
        .max(1e-9)
        * 1.08;
    let plot_h = height - bottom - 10.0;
    let y = |v: f64| 10.0 + plot_h * (1.0 - v / top);
    let step = (width - left - 10.0) / sorted.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, width, height, title);
    for k in 0..=4 {
        let v = top * f64::from(k) / 4.0;
        let _ = write!(
            out,
            r#"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="{GRID}"/><text x="{}" y="{:.1}" text-anchor="end" fill="{MUTED}">{}</text>"#,
            width - 10.0,
            left - 4.0,
            y(v) + 4.0,
            short_number(v),
            y = y(v)
        );
    }
    for (i, p) in sorted.iter().enumerate() {
        let colour = if p.meets { PASS } else { FAIL };
        let _ = write!(
            out,
            r#"<rect x="{:.2}" y="{:.1}" width="{:.2}" height="{:.1}" fill="{colour}"><title>{} {}</title></rect>"#,
            left + step * i as f64,
            y(p.value),
            (step * 0.85).max(0.5),
            (10.0 + plot_h - y(p.value)).max(0.0),
            escape(p.label),
            short_number(p.value)
        );
    }
    let mut line = |v: f64, colour: &str, dash: &str, label: &str| {
        let _ = write!(
            out,
            r#"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/><text x="{}" y="{:.1}" text-anchor="end" fill="{colour}">{} {}</text>"#,
            width - 10.0,
            width - 12.0,
            y(v) - 4.0,
            escape(label),
            short_number(v),
            y = y(v)
        );
    };
    if let Some(s) = standard {
        line(s, INK, "6 3", "标准");
    }
    line(mean, BLUE, "2 2", "全区均值");
    let _ = write!(
        out,
        r#"<text x="{left}" y="{}" fill="{MUTED}">各评估单位由低到高排列（共 {} 个）</text>"#,
        height - 6.0,
        sorted.len()
    );
    out.push_str("</svg>");
    out
}

/// A value per school year, with an optional limit line (e.g. a 差异系数 over the years).
pub fn trend(title: &str, points: &[(i32, f64)], limit: Option<f64>) -> String {
    let (width, height, left, bottom) = (420.0, 180.0, 44.0, 24.0);
    let top = points
        .iter()
        .map(|p| p.1)
        .fold(limit.unwrap_or(0.0), f64::max)
        .max(1e-9)
        * 1.15;
    let plot_h = height - bottom - 10.0;
    let y = |v: f64| 10.0 + plot_h * (1.0 - v / top);
    let step = (width - left - 20.0) / (points.len().max(2) - 1) as f64;
    let x = |i: usize| left + 10.0 + step * i as f64;
    let mut out = String::new();
    open(&mut out, width, height, title);
    if let Some(l) = limit {
        let _ = write!(
            out,
            r#"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="{FAIL}" stroke-dasharray="6 3"/><text x="{}" y="{:.1}" text-anchor="end" fill="{FAIL}">上限 {l}</text>"#,
            width - 10.0,
            width - 12.0,
            y(l) - 4.0,
            y = y(l)
        );
    }
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1)))
        .collect();
    if points.len() > 1 {
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{BLUE}" stroke-width="2"/>"#,
            path.join(" ")
        );
    }
    for (i, (year, v)) in points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{BLUE}"><title>{year}: {}</title></circle><text x="{:.1}" y="{}" text-anchor="middle" fill="{MUTED}">{year}</text><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{INK}">{}</text>"#,
            x(i),
            y(*v),
            short_number(*v),
            x(i),
            height - 6.0,
            x(i),
            y(*v) - 8.0,
            short_number(*v)
        );
    }
    out.push_str("</svg>");
    out
}

/// A school on the map: longitude/latitude in one stated coordinate system.
pub struct Site<'a> {
    /// School name.
    pub label: &'a str,
    /// Link to its page.
    pub href: &'a str,
    /// 经度.
    pub longitude: f64,
    /// 纬度.
    pub latitude: f64,
    /// Whether the school passes.
    pub passes: bool,
}

/// Schools placed by longitude/latitude (equirectangular, corrected for latitude), coloured by
/// verdict, each a link to its page.
pub fn map(title: &str, sites: &[Site<'_>]) -> String {
    let (width, height, pad) = (640.0, 480.0, 24.0);
    let mut out = String::new();
    open(&mut out, width, height, title);
    if sites.is_empty() {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{MUTED}">没有学校填写经度、纬度</text></svg>"#,
            width / 2.0,
            height / 2.0
        );
        return out;
    }
    let (mut lo_x, mut hi_x, mut lo_y, mut hi_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for s in sites {
        lo_x = lo_x.min(s.longitude);
        hi_x = hi_x.max(s.longitude);
        lo_y = lo_y.min(s.latitude);
        hi_y = hi_y.max(s.latitude);
    }
    let shrink = ((lo_y + hi_y) / 2.0).to_radians().cos().max(0.1);
    let span_x = ((hi_x - lo_x) * shrink).max(1e-6);
    let span_y = (hi_y - lo_y).max(1e-6);
    let scale = ((width - 2.0 * pad) / span_x).min((height - 2.0 * pad) / span_y);
    let _ = write!(
        out,
        r#"<rect x="0" y="0" width="{width}" height="{height}" fill="{PAPER}" stroke="{GRID}"/>"#
    );
    for s in sites {
        let cx = pad + (s.longitude - lo_x) * shrink * scale;
        let cy = height - pad - (s.latitude - lo_y) * scale;
        let colour = if s.passes { PASS } else { FAIL };
        let _ = write!(
            out,
            r#"<a href="{}"><circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="{colour}" fill-opacity="0.85"><title>{}</title></circle></a>"#,
            escape(s.href),
            escape(s.label)
        );
    }
    out.push_str("</svg>");
    out
}

/// Numbers on axes and labels: at most 3 significant decimals, no trailing zeros.
pub fn short_number(v: f64) -> String {
    let text = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn cv_bars_colour_by_the_limit_and_escape_labels() {
        let svg = cv_bars(
            "差异系数",
            &[
                CvBar {
                    label: "骨干<教师>",
                    cv: Some(0.62),
                    limit: 0.5,
                },
                CvBar {
                    label: "场馆",
                    cv: Some(0.3),
                    limit: 0.5,
                },
                CvBar {
                    label: "设备",
                    cv: None,
                    limit: 0.5,
                },
            ],
        );
        well_formed(&svg);
        assert!(svg.contains("骨干&lt;教师&gt;"));
        assert!(svg.contains(FAIL) && svg.contains(PASS));
        assert!(svg.contains("不可计算"));
    }

    #[test]
    fn distribution_sorts_and_marks_the_standard() {
        let points = [
            Point {
                label: "甲",
                value: 3.0,
                meets: false,
            },
            Point {
                label: "乙",
                value: 1.0,
                meets: false,
            },
            Point {
                label: "丙",
                value: 6.0,
                meets: true,
            },
        ];
        let svg = distribution("分布", &points, Some(4.5), 3.3);
        well_formed(&svg);
        let first = svg.find("乙 1").unwrap();
        let last = svg.find("丙 6").unwrap();
        assert!(first < last, "ascending order");
        assert!(svg.contains("标准 4.5"));
    }

    #[test]
    fn trend_and_map_handle_edge_cases() {
        well_formed(&trend("趋势", &[(2024, 0.3)], Some(0.5)));
        well_formed(&trend("趋势", &[], None));
        well_formed(&map("地图", &[]));
        let one = [Site {
            label: "校",
            href: "/schools/1",
            longitude: 106.5,
            latitude: 29.5,
            passes: true,
        }];
        well_formed(&map("地图", &one));
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(2000.0), "2000");
        assert_eq!(short_number(4.5), "4.5");
        assert_eq!(short_number(0.123_456), "0.12");
        assert_eq!(short_number(12.34), "12.3");
    }
}
