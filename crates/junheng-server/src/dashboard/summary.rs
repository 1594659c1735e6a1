//! What the dashboard says first: its verdict in one sentence (which rule fails, how many
//! units) and key figures with their change against the year before (worse red, better green).

use junheng_core::evaluate::Evaluation;

use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::views;

/// The verdict of an evaluation in one sentence of `lang`, as HTML (sections and indicators
/// marked as data): every failing rule of every section, or why it passes.
pub(crate) fn verdict_sentence(lang: Lang, e: &Evaluation<'_>) -> String {
    let mut reasons = Vec::new();
    for s in &e.sections {
        let section = Var::Data(s.section.label());
        if s.failing_units > 0 {
            reasons.push(marks::html(
                lang,
                "dashboard-reason-failing-units",
                &[
                    ("section", section.clone()),
                    ("n", Var::arg(s.failing_units)),
                    ("all", Var::arg(s.units.len())),
                ],
            ));
        }
        match &s.composite {
            Some(c) if !c.passes => reasons.push(match c.cv {
                Some(cv) => marks::html(
                    lang,
                    "dashboard-reason-composite",
                    &[
                        ("section", section.clone()),
                        ("cv", Var::arg(format!("{cv:.3}"))),
                        ("limit", Var::arg(views::threshold(c.cv_max))),
                    ],
                ),
                None => marks::html(
                    lang,
                    "dashboard-reason-composite-unknown",
                    &[("section", section.clone())],
                ),
            }),
            Some(_) => {}
            None => {
                for i in s.indicators.iter().filter(|i| i.passes != Some(true)) {
                    let indicator = Var::Data(&i.short);
                    reasons.push(match (i.spread.cv, i.cv_max) {
                        (Some(cv), Some(max)) => marks::html(
                            lang,
                            "dashboard-reason-indicator",
                            &[
                                ("section", section.clone()),
                                ("indicator", indicator),
                                ("cv", Var::arg(format!("{cv:.3}"))),
                                ("limit", Var::arg(views::threshold(max))),
                            ],
                        ),
                        _ => marks::html(
                            lang,
                            "dashboard-reason-indicator-unknown",
                            &[("section", section.clone()), ("indicator", indicator)],
                        ),
                    });
                }
            }
        }
    }
    if reasons.is_empty() {
        let sections: Vec<String> = e
            .sections
            .iter()
            .map(|s| marks::zh(lang, s.section.label()))
            .collect();
        marks::html(
            lang,
            "dashboard-sentence-passes",
            &[("sections", Var::Html(marks::list(lang, &sections)))],
        )
    } else {
        let reasons = reasons.join(lang.t("pages-clause-separator"));
        marks::html(
            lang,
            "dashboard-sentence-fails",
            &[("reasons", Var::Html(reasons))],
        )
    }
}

/// Whether a larger figure is better, worse or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Good {
    Lower,
    Neither,
}

/// A key figure of an evaluation.
struct Figure {
    /// The section it belongs to (empty: the district).
    section: &'static str,
    /// The figure's name, a catalogue key.
    label: &'static str,
    value: Option<f64>,
    decimals: usize,
    good: Good,
}

fn figures(e: &Evaluation<'_>) -> Vec<Figure> {
    let mut out = vec![
        Figure {
            section: "",
            label: "dashboard-failing-units",
            value: Some(e.sections.iter().map(|s| s.failing_units).sum::<usize>() as f64),
            decimals: 0,
            good: Good::Lower,
        },
        Figure {
            section: "",
            label: "common-students",
            value: Some(e.sections.iter().map(|s| s.students).sum::<u64>() as f64),
            decimals: 0,
            good: Good::Neither,
        },
    ];
    for s in &e.sections {
        let (label, value) = match &s.composite {
            Some(c) => ("dashboard-composite-cv", c.cv),
            None => (
                "dashboard-largest-cv",
                s.indicators
                    .iter()
                    .filter_map(|i| i.spread.cv)
                    .fold(None, |m: Option<f64>, c| Some(m.map_or(c, |m| m.max(c)))),
            ),
        };
        out.push(Figure {
            section: s.section.label(),
            label,
            value,
            decimals: 3,
            good: Good::Lower,
        });
    }
    out
}

/// A KPI tile: the figure, and its change against the year before.
pub(crate) struct Tile {
    /// The figure's name, with its section (data: 小学, 初中) if it has one: HTML.
    pub label: String,
    pub value: String,
    /// `↑ 2`, `↓ 0.012`, `持平` (unchanged), or empty without a year before.
    pub change: String,
    /// `worse`, `better` or empty.
    pub class: &'static str,
}

/// The tiles of `e` in `lang`, each against the same figure of `before` (the year before, if
/// any).
pub(crate) fn tiles(lang: Lang, e: &Evaluation<'_>, before: Option<&Evaluation<'_>>) -> Vec<Tile> {
    let old = before.map(figures).unwrap_or_default();
    figures(e)
        .into_iter()
        .map(|f| {
            let prior = old
                .iter()
                .find(|o| o.section == f.section && o.label == f.label)
                .and_then(|o| o.value);
            let show = |v: f64| format!("{v:.*}", f.decimals);
            let (change, class) = match (f.value, prior) {
                (Some(now), Some(then)) => {
                    let delta = now - then;
                    if show(delta.abs()) == show(0.0) {
                        (lang.t("dashboard-unchanged").to_owned(), "")
                    } else {
                        let up = delta > 0.0;
                        let class = match (f.good, up) {
                            (Good::Neither, _) => "",
                            (Good::Lower, true) => "worse",
                            (Good::Lower, false) => "better",
                        };
                        (
                            format!("{} {}", if up { "↑" } else { "↓" }, show(delta.abs())),
                            class,
                        )
                    }
                }
                _ => (String::new(), ""),
            };
            let label = if f.section.is_empty() {
                views::escape(lang.t(f.label))
            } else {
                marks::html(
                    lang,
                    "dashboard-tile-of-section",
                    &[
                        ("section", Var::Data(f.section)),
                        ("figure", Var::arg(lang.t(f.label))),
                    ],
                )
            };
            Tile {
                label,
                value: f
                    .value
                    .map_or_else(|| lang.t("label-not-computable").to_owned(), show),
                change,
                class,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::evaluate::evaluate;
    use junheng_core::rulebook::Rulebook;

    use super::*;
    use crate::charts::tests::english;

    /// The sentence and the tiles in both languages, on the demo district under every rule:
    /// Chinese as the bureau says it (no marks), English with the data marked.
    #[test]
    fn the_verdict_and_the_tiles_speak_both_languages() {
        let schools = generate(&DemoSpec {
            schools: 60,
            seed: 7,
            year: 2024,
        });
        for id in Rulebook::builtin_ids() {
            let e = evaluate(&schools, &Rulebook::builtin(id).unwrap()).unwrap();
            let zh = verdict_sentence(Lang::Zh, &e);
            assert!(
                zh.starts_with(if e.passes {
                    "达标："
                } else {
                    "未达标："
                }) && !zh.contains('<'),
                "{zh}"
            );
            let en = verdict_sentence(Lang::En, &e);
            assert!(
                en.starts_with(if e.passes { "Passes: " } else { "Fails: " }),
                "{en}"
            );
            english(&en);
            let same = tiles(Lang::Zh, &e, Some(&e));
            assert!(same.iter().any(|t| t.label == "在校生"));
            assert!(
                same.iter()
                    .all(|t| t.change == "持平" && t.class.is_empty())
            );
            for t in tiles(Lang::En, &e, Some(&e)) {
                english(&t.label);
                assert!(t.change == "unchanged" && t.value.is_ascii(), "{}", t.value);
            }
            for s in &e.sections {
                let view = crate::dashboard::section_view(Lang::En, s);
                english(&view.chart);
                english(&view.composite);
                for row in &view.rows {
                    english(&row.label);
                    english(&row.cv);
                    english(row.verdict);
                }
            }
        }
    }
}
