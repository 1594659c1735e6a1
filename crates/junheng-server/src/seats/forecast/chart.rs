//! The chart of a unit's 学段: seat demand per school year — the 中 scenario as a line inside
//! the band from 低 to 高 — against the seats supplied (a dashed red line that steps up when a
//! project opens). Built on the shared chart pieces (`crate::charts`): round ticks, labels kept
//! off the marks, a legend and the table of the same numbers.

use junheng_app::seats::forecast::UnitForecast;

use crate::charts::{
    Anchor, Cell, Drawing, FONT, Rect, Table, Ticks, escape, figure, short_number,
};
use crate::i18n::Lang;

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// One year's numbers of a 学段: 低, 中, 高 and the seats (`None`: unknown).
type Point = (i32, [f64; 3], Option<f64>);

/// The points of `section` (0 小学, 1 初中).
fn points(unit: &UnitForecast, section: usize) -> Vec<Point> {
    unit.years
        .iter()
        .map(|y| {
            let d = |s: usize| y.demand.get(s).map_or(0.0, |d| d[section]);
            (
                y.year,
                [d(2), d(1), d(0)],
                y.supply.map(|s| s.seats[section]),
            )
        })
        .collect()
}

fn drawing(lang: Lang, points: &[Point]) -> Drawing {
    let max = points
        .iter()
        .map(|p| p.1[2].max(p.2.unwrap_or(0.0)))
        .fold(0.0, f64::max);
    let ticks = Ticks::new(max, 4);
    let right = WIDTH - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let y = |v: f64| base - plot_h * (v / ticks.top).clamp(0.0, 1.0);
    let step = (right - LEFT - 20.0) / (points.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + 10.0 + step * i as f64;
    let mut d = Drawing::new(WIDTH, HEIGHT);
    for &v in &ticks.values {
        d.line((LEFT, y(v)), (right, y(v)), "grid");
    }
    d.line((LEFT, base), (right, base), "axis");
    d.line((LEFT, TOP), (LEFT, base), "axis");
    let line = |f: &dyn Fn(&Point) -> f64| -> Vec<String> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(f(p))))
            .collect()
    };
    if points.len() > 1 {
        let mut band = line(&|p| p.1[2]);
        band.extend(line(&|p| p.1[0]).into_iter().rev());
        d.raw(&format!(
            r#"<polygon points="{}" class="band"/>"#,
            band.join(" ")
        ));
        d.raw(&format!(
            r#"<polyline points="{}" class="series"/>"#,
            line(&|p| p.1[1]).join(" ")
        ));
    }
    // The seats as steps: flat within a year, rising where a project opens.
    let mut supply = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if let Some(s) = p.2 {
            let (from, to) = (x(i) - step / 2.0, x(i) + step / 2.0);
            supply.push(format!(
                "{:.1},{:.1} {:.1},{:.1}",
                from.max(LEFT),
                y(s),
                to.min(right),
                y(s)
            ));
        }
    }
    if !supply.is_empty() {
        d.raw(&format!(
            r#"<polyline points="{}" class="limit-line" fill="none"/>"#,
            supply.join(" ")
        ));
    }
    for (i, (year, v, _)) in points.iter().enumerate() {
        let tip = lang.tf(
            "seats-forecast-tip",
            &[
                ("year", year.to_string().into()),
                ("v", short_number(v[1].round()).into()),
            ],
        );
        let r = Rect {
            x: x(i) - 3.0,
            y: y(v[1]) - 3.0,
            w: 6.0,
            h: 6.0,
        };
        d.rect(r, "point", &escape(&tip));
    }
    for (i, (year, _, _)) in points.iter().enumerate() {
        d.label(
            &year.to_string(),
            "tick",
            [
                (x(i), base + 16.0, Anchor::Middle),
                (x(i), base + 30.0, Anchor::Middle),
            ],
        );
    }
    for &v in &ticks.values {
        d.label(
            &ticks.text(v),
            "tick",
            [(LEFT - 6.0, y(v) + 4.0, Anchor::End)],
        );
    }
    d.label(
        lang.t("seats-forecast-pupils"),
        "axis-title",
        [(4.0, FONT + 2.0, Anchor::Start)],
    );
    d
}

/// The figure of one 学段 of a unit; `title` is HTML (data marked).
pub(crate) fn chart(lang: Lang, title: &str, unit: &UnitForecast, section: usize) -> String {
    let points = points(unit, section);
    let d = drawing(lang, &points);
    let number = |v: f64| Cell::text(&short_number(v.round()));
    let table = Table {
        head: [
            "seats-forecast-year",
            "seats-forecast-low",
            "seats-forecast-middle",
            "seats-forecast-high",
            "seats-forecast-supply",
        ]
        .iter()
        .map(|k| escape(lang.t(k)))
        .collect(),
        rows: points
            .iter()
            .map(|(year, v, s)| {
                vec![
                    Cell::text(&year.to_string()),
                    number(v[0]),
                    number(v[1]),
                    number(v[2]),
                    s.map_or_else(|| Cell::text("—"), number),
                ]
            })
            .collect(),
    };
    let legend = [
        ("band", escape(lang.t("seats-forecast-band"))),
        ("series", escape(lang.t("seats-forecast-middle"))),
        ("limit-line", escape(lang.t("seats-forecast-supply"))),
    ];
    figure(lang, title, &d.svg(title), &legend, &table)
}
