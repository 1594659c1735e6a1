//! 交流方案: the rotation planner over HTTP. A form (学年, 规则, 教育集团, 最多交流人数,
//! 最远距离) runs `junheng_rotation::plan` off the async runtime; the page shows the rules, the
//! moves, the 差异系数 of the teacher indicators before and after, the schools whose values
//! change, the quota before and after and the planner's notes. The same plan downloads as XLSX and JSON; an administrator can
//! accept it into the ledger (`accept`), after the plan is recomputed and found unchanged — under
//! the same rulebook: the rulebook id is part of the plan cache's key and of the accepted hash.
//!
//! Supervisors and administrators plan for the district or any group, a group lead for their
//! group only; school users do not plan.

mod accept;

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_rotation::{Plan, PlanError, PlanInput, PlanOptions, plan};
use serde::Deserialize;

pub(crate) use accept::{accept, json, workbook};

use crate::access::{Planner, Sees};
use crate::auth::sha256_hex;
use crate::dashboard::RulebookLink;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::rotation::{self, Data, QuotaRow};
use crate::state::{AppState, Here};
use crate::views::{Layout, render, urlencode};

/// The form's fields, as text (an empty field means "not set").
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct PlanQuery {
    pub year: Option<String>,
    /// A built-in rulebook id, `cn-2017` when not set.
    pub rulebook: Option<String>,
    pub group: Option<String>,
    pub max_moves: Option<String>,
    pub max_km: Option<String>,
}

fn field(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl PlanQuery {
    /// The planner's options, checked; the group as the user may plan it.
    fn options(&self, sees: &Sees) -> Result<Option<PlanOptions>, AppError> {
        let Some(year) = field(&self.year) else {
            return Ok(None);
        };
        let year = year.parse::<i32>().map_err(|_| {
            AppError::bad_request(crate::msg!(
                "plan-error-year-value",
                v = crate::views::cut(year)
            ))
        })?;
        let max_moves = field(&self.max_moves)
            .map(|v| {
                v.parse::<usize>()
                    .ok()
                    .filter(|n| *n <= 100_000)
                    .ok_or_else(|| {
                        AppError::bad_request(crate::msg!(
                            "plan-error-max-moves",
                            v = crate::views::cut(v)
                        ))
                    })
            })
            .transpose()?;
        let max_km = field(&self.max_km)
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|k| k.is_finite() && *k > 0.0)
                    .ok_or_else(|| {
                        AppError::bad_request(crate::msg!(
                            "plan-error-max-km",
                            v = crate::views::cut(v)
                        ))
                    })
            })
            .transpose()?;
        let group = sees.plan_scope(field(&self.group).map(str::to_owned))?;
        Ok(Some(PlanOptions {
            year,
            group,
            max_moves,
            max_km,
        }))
    }

    /// The same parameters, under rulebook `rulebook`, as a query string.
    fn query_string(o: &PlanOptions, rulebook: &str) -> String {
        let mut q = format!("year={}&rulebook={rulebook}", o.year);
        if let Some(g) = &o.group {
            q.push_str(&format!("&group={}", urlencode(g)));
        }
        if let Some(n) = o.max_moves {
            q.push_str(&format!("&max_moves={n}"));
        }
        if let Some(k) = o.max_km {
            q.push_str(&format!("&max_km={k}"));
        }
        q
    }
}

/// A stable digest of what a plan would write and why: its rulebook, options and ledger entries.
pub(crate) fn plan_hash(plan: &Plan) -> String {
    let what = (
        (&plan.rulebook, &plan.rulebook_version),
        &plan.options,
        plan.as_ledger(),
    );
    sha256_hex(&serde_json::to_vec(&what).expect("plans serialize to JSON"))
}

/// Runs (or reuses) the plan of `options` over `data`, off the async runtime.
pub(crate) async fn run(
    here: &Here,
    data: Arc<Data>,
    options: PlanOptions,
) -> Result<Arc<Plan>, AppError> {
    let key = format!(
        "plan:{}:{}:{}",
        data.fingerprint(),
        data.rulebook.id,
        serde_json::to_string(&options).expect("options serialize")
    );
    here.view(key, move || {
        let input = PlanInput {
            records: &data.records,
            roster: &data.roster,
            ledger: &data.ledger,
            groups: &data.groups,
            rulebook: &data.rulebook,
        };
        plan(&input, &options, &mut |_, _| {}).map_err(|e| match e {
            PlanError::UnknownGroup(_) => AppError::NotFound(e.to_string()),
            other => AppError::BadRequest(other.to_string()),
        })
    })
    .await
}

/// The data and the plan of a request (`None` when the form was not submitted).
pub(crate) async fn compute(
    here: &Here,
    sees: &Sees,
    q: &PlanQuery,
) -> Result<Option<(Arc<Data>, Arc<Plan>)>, AppError> {
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let Some(options) = q.options(sees)? else {
        return Ok(None);
    };
    let data = Arc::new(rotation::require(here, Some(options.year), rulebook).await?);
    let plan = run(here, data.clone(), options).await?;
    Ok(Some((data, plan)))
}

/// A plan as a planner may see it: the units of the effect and the moves of schools in their
/// scope only. The page, the XLSX and the JSON are all made from this one selection.
pub(crate) fn scoped(plan: &Plan, sees: &Sees, data: &Data) -> Plan {
    let visible = |c: &junheng_core::school::SchoolCode| sees.in_year(c, &data.groups);
    let mut plan = plan.clone();
    plan.effect.units.retain(|u| visible(&u.school));
    plan.moves.retain(|m| visible(&m.from) && visible(&m.to));
    plan
}

/// The columns of the plan's moves (a list: sorted, filtered, downloaded as XLSX/CSV).
const MOVE_COLUMNS: &[Column] = &[
    Column::plain("teacher", "common-teacher-id"),
    Column::choice("section", "common-section"),
    Column::choice("subject", "rotation-subject"),
    Column::choice("degree", "list-degree"),
    Column::choice("backbone", "rotation-backbone-level"),
    Column::choice("pe_arts", "rotation-pe-arts"),
    Column::plain("years", "rotation-years-at-school"),
    Column::plain("from", "common-home-school"),
    Column::plain("to", "common-host-school"),
    Column::plain("distance", "list-distance-km"),
];

impl MoveRow {
    /// Its cells in the list ([`MOVE_COLUMNS`]); `key` is its index in the plan's moves.
    fn list_row(&self, km: Option<f64>, key: usize) -> Row {
        Row::new(vec![
            Value::text(&self.teacher),
            Value::text(self.section),
            Value::text(&self.subject),
            Value::text(self.degree),
            Value::text(self.backbone),
            if self.pe_arts {
                Value::Label("common-yes")
            } else {
                Value::Empty
            },
            Value::Int(i64::from(self.years)),
            Value::text(&self.from),
            Value::text(&self.to),
            km.map_or(Value::Empty, |d| Value::Decimal(d, 1)),
        ])
        .key(key)
    }
}

pub(crate) struct MoveRow {
    pub teacher: String,
    pub section: &'static str,
    pub subject: String,
    pub degree: &'static str,
    pub backbone: &'static str,
    pub pe_arts: bool,
    pub years: i32,
    pub from: String,
    pub to: String,
    pub distance: String,
}

pub(crate) struct WorstRow {
    pub section: &'static str,
    pub before: String,
    pub after: String,
}

pub(crate) struct Shown {
    scope: String,
    candidates: usize,
    term: String,
    quota: Vec<QuotaRow>,
    worst: Vec<WorstRow>,
    moves: Vec<MoveRow>,
    notes: Vec<String>,
    query: String,
    hash: String,
    rulebook: String,
    year: i32,
    group: String,
    max_moves: String,
    max_km: String,
}

/// What the page shows of a [`scoped`] plan; `hash` is the full plan's (see [`plan_hash`]).
fn shown(plan: &Plan, hash: String) -> Shown {
    let o = &plan.options;
    Shown {
        scope: plan.scope.clone(),
        candidates: plan.candidates,
        term: format!("{}–{}", plan.term.0, plan.term.1),
        quota: vec![
            QuotaRow::new(
                "label-before-plan",
                plan.scope.clone(),
                String::new(),
                &plan.quota_before,
            ),
            QuotaRow::new(
                "label-after-plan",
                plan.scope.clone(),
                String::new(),
                &plan.quota_after,
            ),
        ],
        worst: plan
            .worst
            .iter()
            .map(|w| WorstRow {
                section: w.section.label(),
                before: format!("{:.3}", w.before),
                after: format!("{:.3}", w.after),
            })
            .collect(),
        moves: plan
            .moves
            .iter()
            .map(|m| MoveRow {
                teacher: m.teacher.to_string(),
                section: m.section.label(),
                subject: m.subject.clone(),
                degree: m.degree.label(),
                backbone: m.backbone.label(),
                pe_arts: m.pe_arts,
                years: m.years_at_school,
                from: format!("{} {}", m.from, m.from_name),
                to: format!("{} {}", m.to, m.to_name),
                distance: m.distance_km.map_or("—".into(), |d| format!("{d:.1}")),
            })
            .collect(),
        notes: plan.notes.clone(),
        query: PlanQuery::query_string(&plan.options, &plan.rulebook),
        hash,
        rulebook: plan.rulebook.clone(),
        year: o.year,
        group: o.group.clone().unwrap_or_default(),
        max_moves: o.max_moves.map_or(String::new(), |n| n.to_string()),
        max_km: o.max_km.map_or(String::new(), |k| k.to_string()),
    }
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    admin: bool,
    district: bool,
    years: Vec<(i32, String, bool)>,
    rulebook_id: String,
    rulebooks: Vec<RulebookLink>,
    rules: String,
    groups: Vec<(String, bool)>,
    max_moves: String,
    max_km: String,
    result: Option<Shown>,
    /// The plan's moves as a list (headers, filters, pager, downloads).
    list: ListView,
    cvs: Vec<rotation::CvRow>,
    units: Vec<rotation::UnitRow>,
}

/// `GET /plan?year=&rulebook=&group=&max_moves=&max_km=` and the moves list's parameters
/// (`sort`, `desc`, `q`, a drop-down per choice column, `page`, `format=xlsx|csv`).
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Planner,
    Query(q): Query<PlanQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let list = List::new(
        MOVE_COLUMNS,
        pairs,
        &["year", "rulebook", "group", "max_moves", "max_km"],
    )?;
    let here = state.here(viewer.district()?);
    let sees = viewer.sees();
    sees.plan_scope(None)?;
    let computed = compute(&here, &sees, &q).await?;
    let data = match &computed {
        Some((data, _)) => data.clone(),
        None => {
            let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
            Arc::new(rotation::require(&here, None, rulebook).await?)
        }
    };
    let rulebooks = crate::dashboard::rulebook_links(&data.rulebook.id, |id| match &computed {
        Some((_, plan)) => format!("/plan?{}", PlanQuery::query_string(&plan.options, id)),
        None => format!("/plan?rulebook={id}"),
    });
    let asked = computed
        .as_ref()
        .and_then(|(_, p)| p.options.group.clone())
        .or_else(|| field(&q.group).map(str::to_owned));
    let scoped_plan = computed
        .as_ref()
        .map(|(data, plan)| (scoped(plan, &sees, data), plan_hash(plan)));
    let (cvs, units) = match &scoped_plan {
        Some((plan, _)) => rotation::effect_rows(&plan.effect, true, |_| true),
        None => (Vec::new(), Vec::new()),
    };
    let mut groups: Vec<String> = data
        .groups
        .values()
        .filter(|g| sees.group(g))
        .cloned()
        .collect();
    groups.sort();
    groups.dedup();
    let result = scoped_plan.map(|(plan, hash)| {
        let km: Vec<Option<f64>> = plan.moves.iter().map(|m| m.distance_km).collect();
        (shown(&plan, hash), km)
    });
    let rows: Vec<Row> = result.as_ref().map_or(Vec::new(), |(s, km)| {
        s.moves
            .iter()
            .zip(km)
            .enumerate()
            .map(|(i, (m, km))| m.list_row(*km, i))
            .collect()
    });
    let mut result = result.map(|(s, _)| s);
    let name = format!("交流名单-{}", data.year);
    list.respond(&rows, &name, "交流名单", |list| {
        if let Some(r) = result.as_mut() {
            let mut moves: Vec<Option<MoveRow>> = r.moves.drain(..).map(Some).collect();
            r.moves = list.keys.iter().filter_map(|k| moves[*k].take()).collect();
        }
        render(&PlanPage {
            layout: Layout::new("plan-rotation-plan", &viewer),
            admin: viewer.user.role == junheng_store::Role::Admin,
            district: sees.all(),
            years: rotation::year_links(&data),
            rulebook_id: data.rulebook.id.clone(),
            rulebooks,
            rules: data.rulebook.rotation.describe(),
            groups: groups
                .into_iter()
                .map(|g| {
                    let selected = asked.as_deref() == Some(g.as_str());
                    (g, selected)
                })
                .collect(),
            max_moves: field(&q.max_moves).unwrap_or_default().to_owned(),
            max_km: field(&q.max_km).unwrap_or_default().to_owned(),
            result,
            list,
            cvs,
            units,
        })
    })
}
