//! The 三线 board of quality (issue 15 item 5): `GET /exams/bands[?exam={id}&exam={id}…]`, `GET
//! /exams/bands.json` and `GET /exams/bands.xlsx` — one selection ([`selection`]) for the page,
//! the data and the workbook. The chosen exams (by default every exam of the latest exam's grade)
//! are the periods, oldest first; each school's and group's quality score in each is placed
//! against the lines of `[quality.bands]` by `junheng_app::exams::bands::board`, 未接入 where a
//! school has no scores; beside them the lines' values per period and the latest escalation with
//! its run at the 警戒线. The board compares schools: only the district's administrators and 督学
//! see it (the use case refuses everyone else).
//!
//! The workbook is [`workbook`]'s; raising the escalations as tasks (`POST /exams/bands/raise`,
//! administrators, confirmed first) is [`raise`]'s.

mod raise;
mod workbook;

pub(crate) use raise::raise_tasks;
pub(crate) use workbook::workbook;

use std::collections::BTreeSet;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::exams::bands::{Board, Period, board};
use junheng_core::bands::{
    Band, BandPolicy, EscalationLevel, LineRule, Lines, Outcome, Placement, SharedRule,
};
use junheng_store::ExamInfo;
use serde::Serialize;

use super::{caller, refusal};
use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::students::keys;
use crate::views::{Layout, render};

/// At most this many exams are compared at once (each is opened whole).
const MOST: usize = 16;
/// A raised task's time when the form gives none, in days.
const DAYS: i64 = 30;

/// The board of a request: the district's exams (by date), the ids chosen, the board over them.
pub(super) struct Selection {
    pub exams: Vec<ExamInfo>,
    pub chosen: Vec<i64>,
    pub board: Board,
}

/// The exams `pairs` name (`exam=`, in order, without repeats).
fn asked(pairs: &[(String, String)]) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "exam") {
        let id: i64 = v
            .trim()
            .parse()
            .map_err(|_| AppError::bad_request(crate::msg!("exams-field-missing", v = "exam")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > MOST {
        return Err(AppError::bad_request(crate::msg!(
            "exams-bands-too-many",
            n = MOST
        )));
    }
    Ok(ids)
}

/// Every exam of the latest exam's grade (the last [`MOST`]), by date.
fn default_choice(exams: &[ExamInfo]) -> Vec<i64> {
    let Some(latest) = exams.last() else {
        return Vec::new();
    };
    let same: Vec<i64> = exams
        .iter()
        .filter(|e| e.grade == latest.grade)
        .map(|e| e.id)
        .collect();
    same[same.len().saturating_sub(MOST)..].to_vec()
}

/// The selection of `viewer`: the exams `pairs` name, or the default choice.
pub(super) async fn selection(
    state: &AppState,
    here: &Here,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<Selection, AppError> {
    let asked = asked(pairs)?;
    let mut exams = here.store.exams().await?;
    exams.sort_by(|a, b| (&a.on_date, a.id).cmp(&(&b.on_date, b.id)));
    // An exam the district does not have is refused as one the caller may not see.
    if asked.iter().any(|id| !exams.iter().any(|e| e.id == *id)) {
        return Err(AppError::Forbidden);
    }
    let chosen = if asked.is_empty() {
        default_choice(&exams)
    } else {
        asked
    };
    let quality = &state.config.quality;
    let board = board(
        &here.store,
        &caller(viewer),
        keys(here),
        &chosen,
        quality,
        &quality.bands,
    )
    .await
    .map_err(refusal)?;
    Ok(Selection {
        exams,
        chosen,
        board,
    })
}

/// The catalogue key of a unit's outcome: its band, or 未接入.
fn band_key(band: Option<Band>) -> &'static str {
    match band {
        Some(Band::Development) => "exams-bands-band-development",
        Some(Band::Basic) => "exams-bands-band-basic",
        Some(Band::BelowBasic) => "exams-bands-band-below-basic",
        Some(Band::Warning) => "exams-bands-band-warning",
        None => "exams-bands-no-value",
    }
}

/// The catalogue key of an escalation level.
fn level_key(level: EscalationLevel) -> &'static str {
    match level {
        EscalationLevel::Notice => "exams-bands-level-notice",
        EscalationLevel::Interview => "exams-bands-level-interview",
        EscalationLevel::Inspection => "exams-bands-level-inspection",
    }
}

/// A unit in a period: its placement, `None` when it has no scores there (未接入).
fn placed<'a>(p: &'a Placement<String>, key: &str) -> Option<&'a junheng_core::bands::Placed> {
    p.placed(&key.to_owned())
}

/// The rows of a table: the schools or the groups.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Schools,
    Groups,
}

impl Rows {
    /// Their placements in a period.
    fn of(self, p: &Period) -> &Placement<String> {
        match self {
            Rows::Schools => &p.schools,
            Rows::Groups => &p.groups,
        }
    }
}

/// One unit in one period as the page shows it.
pub(crate) struct CellView {
    pub score: Option<f64>,
    pub value: String,
    /// The band's id (`warning`, …) or `none`: the cell's colour.
    pub class: &'static str,
    /// The band's words (never colour alone).
    pub band: &'static str,
}

/// One unit: its cells and the latest period's escalation.
pub(crate) struct UnitView {
    pub name: String,
    pub code: String,
    pub cells: Vec<CellView>,
    /// The latest escalation's key, empty for none.
    pub level: &'static str,
    /// Consecutive periods at the 警戒线 in the latest period.
    pub runs: u32,
}

/// A period's head: the exam and its lines (a range where a school's own baseline sets them).
pub(crate) struct PeriodView {
    pub name: String,
    pub on_date: String,
    /// 发展线, 基本线, 警戒线.
    pub lines: [String; 3],
    /// Schools with scores, and without.
    pub placed: usize,
    pub missing: usize,
}

/// An exam of the choice form.
pub(crate) struct ChoiceView {
    pub id: i64,
    pub name: String,
    pub on_date: String,
    pub grade: u32,
    pub on: bool,
}

fn units(board: &Board, rows: Rows) -> Vec<UnitView> {
    keys_of(board, rows)
        .into_iter()
        .map(|key| {
            let cells = board
                .periods
                .iter()
                .map(|p| match placed(rows.of(p), &key) {
                    Some(x) => CellView {
                        score: Some(x.value),
                        value: format!("{:.1}", x.value),
                        class: x.band.id(),
                        band: band_key(Some(x.band)),
                    },
                    None => CellView {
                        score: None,
                        value: "—".into(),
                        class: "none",
                        band: band_key(None),
                    },
                })
                .collect();
            let last = board.periods.last().and_then(|p| placed(rows.of(p), &key));
            UnitView {
                name: match rows {
                    Rows::Schools => board.names.get(&key).cloned().unwrap_or_default(),
                    Rows::Groups => key.clone(),
                },
                code: match rows {
                    Rows::Schools => key.clone(),
                    Rows::Groups => String::new(),
                },
                cells,
                level: last.and_then(|x| x.escalation).map_or("", level_key),
                runs: last.map_or(0, |x| x.warning_periods),
            }
        })
        .collect()
}

/// Every unit of any period (schools by code, groups by name).
fn keys_of(board: &Board, rows: Rows) -> BTreeSet<String> {
    board
        .periods
        .iter()
        .flat_map(|p| rows.of(p).units.iter().map(|u| u.unit.clone()))
        .collect()
}

/// The values one line took for the schools placed in a period: one value, or a range.
fn line_text(p: &Placement<String>, line: fn(&Lines) -> f64) -> String {
    let values: Vec<f64> = p
        .units
        .iter()
        .filter_map(|u| match &u.outcome {
            Outcome::Placed(x) => Some(line(&x.lines)),
            Outcome::NoValue => None,
        })
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() {
        "—".into()
    } else if hi - lo < 0.05 {
        format!("{lo:.1}")
    } else {
        format!("{lo:.1}–{hi:.1}")
    }
}

fn periods(board: &Board) -> Vec<PeriodView> {
    board
        .periods
        .iter()
        .map(|p| PeriodView {
            name: p.exam.name.clone(),
            on_date: p.exam.on_date.clone(),
            lines: [
                line_text(&p.schools, |l| l.development.value),
                line_text(&p.schools, |l| l.basic.value),
                line_text(&p.schools, |l| l.warning.value),
            ],
            placed: p.schools.units.len() - p.schools.without_value(),
            missing: p.schools.without_value(),
        })
        .collect()
}

/// How a line is set, in the page's language.
fn rule_text(lang: Lang, rule: LineRule) -> String {
    let shared = |r: SharedRule| match r {
        SharedRule::Absolute { threshold } => lang.t_v("exams-bands-rule-absolute", threshold),
        SharedRule::DistrictPercentile { p } => lang.t_v("exams-bands-rule-percentile", p),
        SharedRule::DistrictMeanMinusSd { k } => lang.t_v("exams-bands-rule-mean-sd", k),
        SharedRule::DistrictMedian {} => lang.t("exams-bands-rule-median").to_owned(),
    };
    match rule {
        LineRule::SelfBaseline {
            years,
            delta,
            fallback,
        } => format!(
            "{} {}",
            lang.tf(
                "exams-bands-rule-self",
                &[("a", years.into()), ("b", delta.into())]
            ),
            lang.t_v("exams-bands-rule-fallback", shared(fallback))
        ),
        other => shared(other.without_history()),
    }
}

/// The policy in words: (line key, rule) per line, and the escalation ladder.
fn policy_text(lang: Lang, policy: &BandPolicy) -> (Vec<(&'static str, String)>, Vec<String>) {
    let lines = vec![
        (
            "exams-bands-development",
            rule_text(lang, policy.development),
        ),
        ("exams-bands-basic", rule_text(lang, policy.basic)),
        ("exams-bands-warning", rule_text(lang, policy.warning)),
    ];
    let mut steps = policy.escalation.clone();
    steps.sort_by_key(|s| s.periods);
    let steps = steps
        .iter()
        .map(|s| {
            lang.tf(
                "exams-bands-step",
                &[
                    ("a", s.periods.into()),
                    ("b", lang.t(level_key(s.level)).into()),
                ],
            )
        })
        .collect();
    (lines, steps)
}

#[derive(Template)]
#[template(path = "exams_bands.html")]
struct Page {
    layout: Layout,
    choices: Vec<ChoiceView>,
    /// `exam=…&exam=…` of the chosen exams, for the downloads.
    query: String,
    chosen: Vec<i64>,
    periods: Vec<PeriodView>,
    schools: Vec<UnitView>,
    groups: Vec<UnitView>,
    lines: Vec<(&'static str, String)>,
    steps: Vec<String>,
    lower_is_better: bool,
    /// Schools escalated in the latest period.
    escalated: usize,
    admin: bool,
    days: i64,
}

fn query_of(chosen: &[i64]) -> String {
    chosen
        .iter()
        .map(|id| format!("exam={id}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /exams/bands`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = selection(&state, &here, &viewer, &pairs).await?;
    let policy = &state.config.quality.bands;
    let (lines, steps) = policy_text(viewer.lang, policy);
    let admin = junheng_app::exams::who::may_administer(&caller(&viewer));
    Ok(render(&Page {
        layout: Layout::new("exams-bands-title", &viewer),
        choices: s
            .exams
            .iter()
            .rev()
            .map(|e| ChoiceView {
                id: e.id,
                name: e.name.clone(),
                on_date: e.on_date.clone(),
                grade: u32::from(e.grade),
                on: s.chosen.contains(&e.id),
            })
            .collect(),
        query: query_of(&s.chosen),
        periods: periods(&s.board),
        schools: units(&s.board, Rows::Schools),
        groups: units(&s.board, Rows::Groups),
        chosen: s.board.periods.iter().map(|p| p.exam.id).collect(),
        lines,
        steps,
        lower_is_better: !policy.higher_is_better,
        escalated: s.board.escalated().len(),
        admin,
        days: DAYS,
    }))
}

/// A school escalated in the latest period, as data.
#[derive(Serialize)]
struct Escalated {
    code: String,
    name: String,
    level: EscalationLevel,
    level_label: &'static str,
    warning_periods: u32,
}

/// The JSON: the policy, the board and the schools escalated in the latest period.
#[derive(Serialize)]
struct Data<'a> {
    policy: &'a BandPolicy,
    #[serde(flatten)]
    board: &'a Board,
    escalated: Vec<Escalated>,
}

/// `GET /exams/bands.json`: the page's selection as data.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = selection(&state, &here, &viewer, &pairs).await?;
    let escalated = s
        .board
        .escalated()
        .into_iter()
        .map(|(code, name, level, runs)| Escalated {
            code,
            name,
            level,
            level_label: level.label(),
            warning_periods: runs,
        })
        .collect();
    Ok(Json(Data {
        policy: &state.config.quality.bands,
        board: &s.board,
        escalated,
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key says in Chinese what the engine's labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for b in Band::ALL {
            assert_eq!(Lang::Zh.t(band_key(Some(b))), b.label());
        }
        assert_eq!(Lang::Zh.t(band_key(None)), Outcome::NoValue.label());
        for l in EscalationLevel::ALL {
            assert_eq!(Lang::Zh.t(level_key(l)), l.label());
        }
    }

    #[test]
    fn the_default_policy_is_said_in_both_languages() {
        let (lines, steps) = policy_text(Lang::Zh, &BandPolicy::default());
        assert_eq!(lines[1].1, "区内各校第 25 百分位");
        assert_eq!(steps.len(), 3);
        assert!(steps[1].contains("约谈并制定帮扶计划"), "{steps:?}");
        let (lines, _) = policy_text(Lang::En, &BandPolicy::default());
        assert!(lines.iter().all(|(_, t)| t.is_ascii()), "{lines:?}");
        let own = rule_text(
            Lang::Zh,
            LineRule::SelfBaseline {
                years: 3,
                delta: 2.0,
                fallback: SharedRule::DistrictMedian {},
            },
        );
        assert!(own.contains('3') && own.contains("中位数"), "{own}");
    }
}
