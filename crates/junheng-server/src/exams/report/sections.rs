//! Two sections of a paper on the report page, from the rows the caller sees: 素养水平 (each
//! row's students per literacy level with the cut scores and labels stated, as a table and as
//! stacked bars) and the box plots of the pool and each visible school (as a chart and a table).
//! A row withheld for a small cell says so instead of its numbers; class rows have no levels
//! (the engine counts them by school and above), and the page says that too.

use junheng_app::exams::report::{PaperReport, Row};
use junheng_core::exam::UnitLevel;

use super::super::charts::{BoxRow, Shares, box_plots, levels};
use super::super::{level_key, num, pct};
use super::row_class;
use crate::i18n::Lang;
use crate::i18n::marks::{Var, html};

/// A row of the 素养水平 table.
pub(crate) struct LevelRowView {
    pub level: &'static str,
    pub name: String,
    pub class: &'static str,
    pub suppressed: bool,
    /// Per level, Ⅰ first: students and share (%).
    pub cells: Vec<(u32, String)>,
    /// Share at 水平Ⅲ or above (%).
    pub at_least_three: String,
}

/// One level of the scale: its numeral, its label (data) and its scores in words.
pub(crate) struct ScaleView {
    pub numeral: &'static str,
    pub label: String,
    pub range: String,
}

/// The 素养水平 section of a paper.
pub(crate) struct LevelsView {
    pub scale: Vec<ScaleView>,
    pub rows: Vec<LevelRowView>,
    /// The page shows class rows, which have no levels.
    pub classes_left_out: bool,
    pub chart: String,
}

const NUMERALS: [&str; 4] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"];

/// The 素养水平 section of `p`, when it has levels.
pub(crate) fn levels_view(lang: Lang, p: &PaperReport) -> Option<LevelsView> {
    let scale = p.levels.as_ref()?;
    // Cuts are whole tenths: written as the page writes full marks.
    let [a, b, c] = scale.cuts.map(|v| v.to_string());
    let ranges = [
        lang.t_v("exams-levels-below", &a),
        lang.tf(
            "exams-levels-between",
            &[("a", a.as_str().into()), ("b", b.as_str().into())],
        ),
        lang.tf(
            "exams-levels-between",
            &[("a", b.as_str().into()), ("b", c.as_str().into())],
        ),
        lang.t_v("exams-levels-from", &c),
    ];
    let shown: Vec<&Row> = p.rows.iter().filter(|r| !r.level.inside_school()).collect();
    let rows = shown
        .iter()
        .map(|r| {
            let shares = r.levels.as_ref().and_then(|l| l.shares);
            LevelRowView {
                level: level_key(r.level),
                name: r.name.clone(),
                class: row_class(r),
                suppressed: r.levels.is_none(),
                cells: (0..4)
                    .map(|k| {
                        let count = r.levels.as_ref().map_or(0, |l| l.counts[k]);
                        (count, pct(shares.map(|s| s[k])))
                    })
                    .collect(),
                at_least_three: pct(r.levels.as_ref().and_then(|l| l.at_least_three)),
            }
        })
        .collect();
    let bars: Vec<Shares> = shown
        .iter()
        .filter_map(|r| {
            Some(Shares {
                name: r.name.clone(),
                shares: r.levels.as_ref()?.shares?.to_vec(),
            })
        })
        .take(60)
        .collect();
    let title = html(
        lang,
        "exams-levels-chart-title",
        &[("subject", Var::Data(&p.subject))],
    );
    Some(LevelsView {
        scale: NUMERALS
            .iter()
            .zip(&scale.labels)
            .zip(ranges)
            .map(|((numeral, label), range)| ScaleView {
                numeral,
                label: label.clone(),
                range,
            })
            .collect(),
        rows,
        classes_left_out: p.rows.iter().any(|r| r.level.inside_school()),
        chart: if bars.is_empty() {
            String::new()
        } else {
            levels(lang, &title, &scale.labels, &bars)
        },
    })
}

/// A row of the box plots' table: its five numbers, or `None` when withheld.
pub(crate) struct BoxView {
    pub level: &'static str,
    pub name: String,
    pub class: &'static str,
    pub sat: u32,
    pub numbers: Option<[String; 5]>,
}

/// The box plots of a paper: the pool's and each visible school's.
pub(crate) struct BoxesView {
    pub rows: Vec<BoxView>,
    pub chart: String,
}

/// The box plots of `p`: the pool and the schools among its rows.
pub(crate) fn boxes_view(lang: Lang, p: &PaperReport) -> BoxesView {
    let shown: Vec<&Row> = p
        .rows
        .iter()
        .filter(|r| matches!(r.level, UnitLevel::All | UnitLevel::School))
        .collect();
    let rows = shown
        .iter()
        .map(|r| BoxView {
            level: level_key(r.level),
            name: r.name.clone(),
            class: row_class(r),
            sat: r.sat,
            numbers: r
                .box_plot
                .map(|b| [b.min, b.q1, b.median, b.q3, b.max].map(|v| num(Some(v), 1))),
        })
        .collect();
    let chart_rows: Vec<BoxRow> = shown
        .iter()
        .take(60)
        .map(|r| BoxRow {
            name: r.name.clone(),
            box_plot: r.box_plot,
        })
        .collect();
    let title = html(
        lang,
        "exams-box-chart-title",
        &[("subject", Var::Data(&p.subject))],
    );
    BoxesView {
        rows,
        chart: box_plots(lang, &title, p.full, &chart_rows),
    }
}

#[cfg(test)]
mod tests {
    use junheng_app::exams::report::{LevelScale, Levels};
    use junheng_core::exam::BoxPlot;

    use super::*;

    fn row(level: UnitLevel, name: &str, sat: u32, suppressed: bool) -> Row {
        Row {
            level,
            code: String::new(),
            name: name.into(),
            enrolled: sat,
            sat,
            absent: 0,
            participation: Some(1.0),
            suppressed,
            mean: None,
            sd: None,
            rates: None,
            score_rate: None,
            over_mean: None,
            z: None,
            t: None,
            rank: None,
            levels: (!suppressed && level != UnitLevel::Class).then_some(Levels {
                counts: [1, 1, 1, 1],
                shares: Some([0.25; 4]),
                at_least_three: Some(0.5),
            }),
            box_plot: (!suppressed && level != UnitLevel::Class).then_some(BoxPlot {
                min: 10.0,
                q1: 20.0,
                median: 30.5,
                q3: 40.0,
                max: 50.0,
            }),
        }
    }

    fn paper() -> PaperReport {
        PaperReport {
            subject: "数学素养".into(),
            full: 100.0,
            lines: [85.0, 70.0, 60.0, 40.0],
            rows: vec![
                row(UnitLevel::All, "全体", 20, false),
                row(UnitLevel::School, "第一中学", 16, false),
                row(UnitLevel::School, "第二中学", 4, true),
                row(UnitLevel::Class, "第一中学 · 1班", 16, false),
            ],
            levels: Some(LevelScale {
                labels: ["水平Ⅰ", "水平Ⅱ", "水平Ⅲ", "水平Ⅳ"]
                    .map(String::from)
                    .to_vec(),
                cuts: [40.0, 60.0, 80.0],
            }),
            discrimination: None,
            spread: None,
        }
    }

    #[test]
    fn levels_state_the_cuts_and_withhold_small_cells() {
        let v = levels_view(Lang::Zh, &paper()).unwrap();
        let ranges: Vec<&str> = v.scale.iter().map(|s| s.range.as_str()).collect();
        assert_eq!(ranges[0], "（低于 40 分）");
        assert_eq!(ranges[3], "（80 分及以上）");
        assert_eq!(v.rows.len(), 3, "no class row");
        assert!(v.classes_left_out);
        assert!(v.rows[2].suppressed && v.rows[2].at_least_three == "—");
        assert_eq!(v.rows[1].cells[2], (1, "25.0".to_owned()));
        assert_eq!(v.rows[1].at_least_three, "50.0");
        assert!(v.chart.contains("Ⅲ 25%"), "the segments say their level");
        let mut none = paper();
        none.levels = None;
        assert!(levels_view(Lang::Zh, &none).is_none());
    }

    #[test]
    fn boxes_are_the_pools_and_the_schools_small_ones_withheld() {
        let v = boxes_view(Lang::Zh, &paper());
        assert_eq!(v.rows.len(), 3);
        assert_eq!(v.rows[1].numbers.as_ref().unwrap()[2], "30.5", "the median");
        assert!(v.rows[2].numbers.is_none());
        assert!(v.chart.contains("人数过少，不显示") && v.chart.contains("class=\"box\""));
        crate::charts::tests::english(&boxes_view(Lang::En, &paper()).chart);
        crate::charts::tests::english(&levels_view(Lang::En, &paper()).unwrap().chart);
    }

    /// Every key this module names as a literal has a text in both languages.
    #[test]
    fn every_key_named_here_exists() {
        let checked =
            crate::i18n::assert_named_keys_exist("exams-", &[include_str!("sections.rs")]);
        assert!(checked >= 5, "{checked}");
    }
}
