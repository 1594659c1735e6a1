//! `GET /seats/projects/what-if?year=&project=…`: chosen projects (check boxes) applied to a
//! school year's statistics — each changed unit's seven values and verdict before and after,
//! every 差异系数 before and after with its limit, the gaps that close marked, and what each
//! project closes alone. `GET /seats/projects/plan?year=&project=…`: the planner over the
//! chosen candidates (every 规划 project when none is chosen) — the cheapest set after which the
//! district passes, its method and, when greedy, its gap to the lower bound; or the closest set
//! and what still fails. Both download as workbooks (`format=xlsx`) and answer in JSON under
//! `/api/v1/seats/projects/…`.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::seats::projects::tables::{plan_tables, what_if_tables};
use junheng_app::seats::projects::whatif::{
    Inputs, PlanReport, WhatIfReport, inputs, plan_of, what_if_of,
};
use junheng_core::seats::ledger::ProjectStatus;
use junheng_core::seats::project::SpreadChange;
use junheng_store::SeatProject;
use serde::Serialize;

use super::{caller, kind_key, refusal, status_key, wan};
use crate::access::{DistrictReader, Viewer};
use crate::error::{ApiError, AppError};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// What the pages and their JSON are asked.
struct Ask {
    year: Option<i32>,
    rulebook: junheng_core::rulebook::Rulebook,
    projects: Vec<i64>,
    xlsx: bool,
}

/// The query of the pages and their JSON: `year`, `rulebook` (a built-in id, `cn-2017` by
/// default), `project` (repeated), `format=xlsx`.
fn ask(pairs: &[(String, String)]) -> Result<Ask, AppError> {
    let bad = |k: &str, v: &str| {
        AppError::bad_request(crate::msg!(
            "projects-bad-field",
            field = k.to_owned(),
            v = crate::views::cut(v)
        ))
    };
    let (mut year, mut rulebook, mut projects, mut xlsx) = (None, None, Vec::new(), false);
    for (k, v) in pairs {
        match k.as_str() {
            "year" if !v.is_empty() => year = Some(v.parse().map_err(|_| bad(k, v))?),
            "rulebook" if !v.is_empty() => rulebook = Some(v.as_str()),
            "project" => projects.push(v.parse().map_err(|_| bad(k, v))?),
            "format" => xlsx = v == "xlsx",
            _ => {}
        }
    }
    projects.sort_unstable();
    projects.dedup();
    Ok(Ask {
        year,
        rulebook: crate::dashboard::rulebook(rulebook)?,
        projects,
        xlsx,
    })
}

/// The years of the district's statistics, newest first (the pages' year choice).
async fn years(state: &AppState, viewer: &Viewer) -> Result<Vec<i32>, AppError> {
    let here = state.here(viewer.district()?);
    Ok(here.years().await?.iter().map(|y| y.year).collect())
}

/// What the JSON of the what-if and the planner read: a 404 without statistics.
async fn json_inputs(state: &AppState, viewer: &Viewer, a: &Ask) -> Result<Inputs, AppError> {
    load(state, viewer, a)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("projects-no-statistics")))
}

/// The planner over the chosen projects (every 规划 project when none is chosen), off the
/// async runtime.
async fn plan_report(inputs: Inputs, a: &Ask) -> Result<PlanReport, AppError> {
    let (ids, rulebook) = (a.projects.clone(), a.rulebook.clone());
    compute(move || {
        let ids = (!ids.is_empty()).then_some(ids);
        plan_of(&inputs, ids.as_deref(), &rulebook)
    })
    .await
}

/// The year's statistics and the ledger; `None` when the district has no statistics.
async fn load(state: &AppState, viewer: &Viewer, a: &Ask) -> Result<Option<Inputs>, AppError> {
    let here = state.here(viewer.district()?);
    if a.year.is_none() && here.years().await?.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        inputs(&here.store, &caller(viewer), a.year)
            .await
            .map_err(refusal)?,
    ))
}

/// Runs an engine off the async runtime.
async fn compute<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, junheng_store::StoreError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::from)
}

/// A project as a check box.
struct Choice {
    id: i64,
    name: String,
    school: String,
    kind: &'static str,
    status: &'static str,
    cost: String,
    checked: bool,
}

fn choices(projects: &[SeatProject], checked: impl Fn(&SeatProject) -> bool) -> Vec<Choice> {
    projects
        .iter()
        .map(|p| Choice {
            id: p.id,
            name: p.entry.name.clone(),
            school: p.entry.school.to_string(),
            kind: kind_key(p.entry.kind),
            status: status_key(p.entry.status),
            cost: wan(p.entry.cost),
            checked: checked(p),
        })
        .collect()
}

/// A 差异系数 row: section (data), indicator (data), before, after, limit, verdict key, closes.
struct SpreadRow {
    section: &'static str,
    indicator: String,
    before: String,
    after: String,
    limit: String,
    meets: &'static str,
    closes: bool,
}

fn spread_rows(
    spreads: &[SpreadChange],
    short: impl Fn(&SpreadChange) -> String,
) -> Vec<SpreadRow> {
    spreads
        .iter()
        .map(|s| SpreadRow {
            section: s.section.label(),
            indicator: short(s),
            before: crate::views::cv_or_key(s.before),
            after: crate::views::cv_or_key(s.after),
            limit: s.limit.map_or(String::new(), |l| format!("{l:.3}")),
            meets: s.meets.map_or("", crate::views::verdict_key),
            closes: s.met == Some(false) && s.meets == Some(true),
        })
        .collect()
}

/// A changed unit: its values before → after, its verdict before and after.
struct UnitRow {
    unit: String,
    name: String,
    passed: &'static str,
    passes: &'static str,
    closes: bool,
    cells: Vec<(String, String, bool)>,
}

/// The changed units of one 学段 with the indicators' short names.
struct UnitSection {
    section: &'static str,
    heads: Vec<String>,
    units: Vec<UnitRow>,
}

/// What one project closes alone.
struct EffectRow {
    id: i64,
    name: String,
    changed: usize,
    passing: String,
    closed: String,
}

struct WhatIfView {
    failing: (usize, usize),
    passes: (&'static str, &'static str),
    effects: Vec<EffectRow>,
    left_out: Vec<String>,
    sections: Vec<UnitSection>,
    spreads: Vec<SpreadRow>,
}

fn short_name(
    r: &[junheng_app::seats::projects::whatif::SectionHeads],
    s: &SpreadChange,
) -> String {
    r.iter()
        .find(|h| h.section == s.section)
        .and_then(|h| h.indicators.iter().find(|i| i.id == s.indicator))
        .map_or_else(|| s.indicator.clone(), |i| i.short.clone())
}

fn what_if_view(r: &WhatIfReport) -> WhatIfView {
    let verdict = |v: Option<bool>| v.map_or("", crate::views::verdict_key);
    let sections = r
        .sections
        .iter()
        .map(|h| UnitSection {
            section: h.section.label(),
            heads: h.indicators.iter().map(|i| i.short.clone()).collect(),
            units: r
                .result
                .units
                .iter()
                .filter(|u| u.section == h.section)
                .map(|u| UnitRow {
                    unit: u.unit.clone(),
                    name: u.name.clone(),
                    passed: verdict(u.passed),
                    passes: verdict(u.passes),
                    closes: u.passed == Some(false) && u.passes == Some(true),
                    cells: u
                        .before
                        .iter()
                        .zip(&u.after)
                        .map(|(b, a)| (crate::views::value(*b), crate::views::value(*a), b != a))
                        .collect(),
                })
                .collect(),
        })
        .filter(|s| !s.units.is_empty())
        .collect();
    let effects = r
        .effects
        .iter()
        .filter_map(|e| {
            let p = r.applied.iter().find(|p| p.id == e.project)?;
            Some(EffectRow {
                id: p.id,
                name: p.entry.name.clone(),
                changed: e.units_changed,
                passing: e.units_passing.join("、"),
                closed: e
                    .spreads_closed
                    .iter()
                    .map(|(s, i)| {
                        let change = r
                            .result
                            .spreads
                            .iter()
                            .find(|x| x.section == *s && x.indicator == *i);
                        let name = change.map_or_else(|| i.clone(), |c| short_name(&r.sections, c));
                        format!("{}{name}", s.label())
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            })
        })
        .collect();
    let pass = |p: bool| crate::views::verdict_key(p);
    WhatIfView {
        failing: r.result.failing,
        passes: (pass(r.result.passes.0), pass(r.result.passes.1)),
        effects,
        left_out: r.left_out.iter().map(|p| p.entry.name.clone()).collect(),
        sections,
        spreads: spread_rows(&r.result.spreads, |s| short_name(&r.sections, s)),
    }
}

#[derive(Template)]
#[template(path = "seat_projects_what_if.html")]
struct WhatIfPage {
    layout: Layout,
    years: Vec<i32>,
    year: i32,
    choices: Vec<Choice>,
    view: Option<WhatIfView>,
    download: String,
}

/// The query of a page again, asking for its workbook.
fn download_link(path: &str, year: i32, projects: &[i64]) -> String {
    let mut url = format!("{path}?year={year}&format=xlsx");
    for p in projects {
        url.push_str(&format!("&project={p}"));
    }
    url
}

fn workbook(name: &str, tables: &[junheng_io::export::Table]) -> Result<Response, AppError> {
    let bytes =
        junheng_io::export::write_xlsx(tables).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::views::download(crate::views::XLSX, name, bytes))
}

/// `GET /seats/projects/what-if?year=&rulebook=&project=…&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let a = ask(&pairs)?;
    let years = years(&state, &viewer).await?;
    let Some(inputs) = load(&state, &viewer, &a).await? else {
        return Ok(render(&WhatIfPage {
            layout: Layout::new("projects-what-if-title", &viewer),
            years,
            year: 0,
            choices: Vec::new(),
            view: None,
            download: String::new(),
        }));
    };
    let chosen = a.projects.clone();
    let (year, choices_) = (
        inputs.year,
        choices(&inputs.projects, |p| chosen.contains(&p.id)),
    );
    let report = if chosen.is_empty() {
        None
    } else {
        let rulebook = a.rulebook.clone();
        Some(compute(move || what_if_of(&inputs, &chosen, &rulebook)).await?)
    };
    if a.xlsx {
        let r =
            report.ok_or_else(|| AppError::bad_request(crate::msg!("projects-choose-projects")))?;
        return workbook(&format!("建设项目模拟-{year}.xlsx"), &what_if_tables(&r));
    }
    Ok(render(&WhatIfPage {
        layout: Layout::new("projects-what-if-title", &viewer),
        years,
        year,
        choices: choices_,
        view: report.as_ref().map(what_if_view),
        download: download_link("/seats/projects/what-if", year, &a.projects),
    }))
}

/// `GET /api/v1/seats/projects/what-if?year=&rulebook=&project=…`.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let a = ask(&pairs)?;
    let inputs = json_inputs(&state, &viewer, &a).await?;
    let (ids, rulebook) = (a.projects, a.rulebook);
    let report = compute(move || what_if_of(&inputs, &ids, &rulebook)).await?;
    Ok(Json(report).into_response())
}

struct PlanView {
    exact: bool,
    passes: bool,
    verified: bool,
    cost: String,
    lower_bound: String,
    gap: String,
    candidates: usize,
    chosen: Vec<Choice>,
    failing_before: usize,
    still_failing: Vec<(String, String, &'static str)>,
    spreads_over: Vec<SpreadRow>,
    left_out: Vec<String>,
}

fn plan_view(r: &PlanReport) -> PlanView {
    PlanView {
        exact: r.exact(),
        passes: r.plan.passes,
        verified: r.plan.verified,
        cost: wan(r.cost),
        lower_bound: r.lower_bound.map_or(String::new(), wan),
        gap: r
            .gap()
            .map_or(String::new(), |g| format!("{:.1}%", g * 100.0)),
        candidates: r.candidates.len(),
        chosen: choices(&r.chosen, |_| true),
        failing_before: r.failing_before,
        still_failing: r
            .still_failing
            .iter()
            .map(|u| (u.unit.clone(), u.name.clone(), u.section.label()))
            .collect(),
        spreads_over: spread_rows(&r.spreads_over, |s| short_name(&r.sections, s)),
        left_out: r.left_out.iter().map(|p| p.entry.name.clone()).collect(),
    }
}

#[derive(Template)]
#[template(path = "seat_projects_plan.html")]
struct PlanPage {
    layout: Layout,
    years: Vec<i32>,
    year: i32,
    choices: Vec<Choice>,
    view: Option<PlanView>,
    download: String,
}

/// `GET /seats/projects/plan?year=&rulebook=&project=…&format=`: every 规划 project is a
/// candidate unless some are chosen.
pub(crate) async fn plan_page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let a = ask(&pairs)?;
    let years = years(&state, &viewer).await?;
    let layout = Layout::new("projects-plan-title", &viewer);
    let Some(inputs) = load(&state, &viewer, &a).await? else {
        return Ok(render(&PlanPage {
            layout,
            years,
            year: 0,
            choices: Vec::new(),
            view: None,
            download: String::new(),
        }));
    };
    let year = inputs.year;
    let choices_ = choices(&inputs.projects, |p| {
        if a.projects.is_empty() {
            p.entry.status == ProjectStatus::Planned
        } else {
            a.projects.contains(&p.id)
        }
    });
    let report = plan_report(inputs, &a).await?;
    if a.xlsx {
        return workbook(
            &format!("建设项目规划方案-{year}.xlsx"),
            &plan_tables(&report),
        );
    }
    Ok(render(&PlanPage {
        layout,
        years,
        year,
        choices: choices_,
        view: Some(plan_view(&report)),
        download: download_link("/seats/projects/plan", year, &a.projects),
    }))
}

/// The plan in the API: the report and its gap to the lower bound.
#[derive(Serialize)]
struct PlanJson {
    #[serde(flatten)]
    report: PlanReport,
    /// Cost over the lower bound, minus one (greedy only).
    gap: Option<f64>,
}

/// `GET /api/v1/seats/projects/plan?year=&rulebook=&project=…`.
pub(crate) async fn plan_json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let a = ask(&pairs)?;
    let inputs = json_inputs(&state, &viewer, &a).await?;
    let report = plan_report(inputs, &a).await?;
    Ok(Json(PlanJson {
        gap: report.gap(),
        report,
    })
    .into_response())
}
