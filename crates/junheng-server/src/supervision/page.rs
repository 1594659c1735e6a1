//! `GET /supervision` (assignments, the visits as a list, the forms), `GET
//! /supervision/visits/{id}`, `GET /supervision/findings/{id}` and `GET
//! /api/v1/supervision/visits`: every one built from the viewer's scope ([`scoped`]).

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::supervision::{self as app, Progress, VisitQuery};
use junheng_app::tasks::{self as tasks_app, Due};
use junheng_core::school::SchoolCode;
use junheng_store::{Severity, Task, UnitKind, Visit};
use serde::{Deserialize, Serialize};

use super::{Scoped, refused, scoped, severity_key, supervisor_names, unit_key};
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render, urlencode};

const COLUMNS: &[Column] = &[
    Column::plain("id", "supervision-col-id"),
    Column::plain("visited_on", "supervision-col-visited-on"),
    Column::plain("school", "supervision-col-school"),
    Column::choice("zone", "supervision-col-zone"),
    Column::choice("group", "supervision-col-group"),
    Column::choice("supervisor", "supervision-col-supervisor"),
    Column::plain("findings", "supervision-col-findings"),
    Column::plain("done", "supervision-col-done"),
    Column::plain("overdue", "supervision-col-overdue"),
    Column::plain("summary", "supervision-col-summary"),
];

/// Longest summary shown in the list (the visit's page shows all of it).
const SUMMARY_SHOWN: usize = 60;

/// An assignment as the page shows it (names are data).
pub(crate) struct AssignmentRow {
    pub id: i64,
    pub supervisor: String,
    pub unit_kind: &'static str,
    pub unit: String,
    pub unit_href: String,
    pub since: String,
    pub until: String,
    pub running: bool,
}

#[derive(Template)]
#[template(path = "supervision.html")]
struct ListPage {
    layout: Layout,
    today: String,
    assignments: Vec<AssignmentRow>,
    may_assign: bool,
    may_record: bool,
    /// The recorder is a supervisor (recording under their own login).
    own: bool,
    /// (login, shown) of the active supervisors, for the forms.
    supervisors: Vec<(String, String)>,
    /// (value `zone:名称` or `group:名称`, name) of the district's units, for the assignment form.
    zones: Vec<(String, String)>,
    groups: Vec<(String, String)>,
    /// (code, `名称（code）`) of the latest statistics' schools, for the visit form.
    schools: Vec<(String, String)>,
    default_days: u32,
    from: String,
    to: String,
    /// Findings overdue among the visits listed (whatever the list's own filters).
    overdue: usize,
    list: ListView,
}

/// `?from=&to=&school=` besides the list's own parameters.
fn dates(pairs: &[(String, String)]) -> (Option<String>, Option<String>, Option<String>) {
    let get = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
    };
    (get("from"), get("to"), get("school"))
}

/// A school code of a query, or a Chinese 400.
fn school_param(code: Option<String>) -> Result<Option<SchoolCode>, AppError> {
    code.map(|c| {
        SchoolCode::parse(&c).map_err(|_| {
            AppError::BadRequest(format!(
                "学校应为 10 位数字的学校标识码，收到「{}」",
                crate::views::cut(&c)
            ))
        })
    })
    .transpose()
}

/// The visits of the viewer's scope that `query` selects, with how their findings stand today.
async fn selected(
    here: &Here,
    s: &Scoped,
    query: &VisitQuery,
) -> Result<(Vec<(Visit, Progress)>, HashMap<i64, Task>, String), AppError> {
    let today = tasks_app::beijing_today();
    let visits = app::visits(&here.store, &s.scope, query, &s.records).await?;
    let tasks = app::finding_tasks(&here.store).await?;
    let rows = visits
        .into_iter()
        .map(|v| {
            let p = app::progress(&v, &tasks, &today);
            (v, p)
        })
        .collect();
    Ok((rows, tasks, today))
}

/// `GET /supervision?from=&to=&school=&zone=&group=&supervisor=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = scoped(&here, &viewer).await?;
    let (from, to, school) = dates(&pairs);
    let query = VisitQuery {
        school: school_param(school)?,
        from: from.clone(),
        to: to.clone(),
        ..VisitQuery::default()
    };
    let list = List::new(COLUMNS, pairs, &["from", "to", "school"])?.with_inputs(&["from", "to"]);
    let (visits, _, today) = selected(&here, &s, &query).await?;
    let names = supervisor_names(&here).await?;
    let shown = |login: &str| {
        names
            .get(login)
            .cloned()
            .unwrap_or_else(|| login.to_owned())
    };
    let rows: Vec<Row> = visits
        .iter()
        .map(|(v, p)| {
            let (zone, group) = s.units(v.school.as_str());
            let summary: String = v.summary.chars().take(SUMMARY_SHOWN).collect();
            let summary = if v.summary.chars().count() > SUMMARY_SHOWN {
                format!("{summary}…")
            } else {
                summary
            };
            Row::new(vec![
                Value::Int(v.id),
                Value::text(&v.visited_on),
                Value::text(s.school(v.school.as_str())),
                Value::maybe(zone),
                Value::maybe(group),
                Value::text(shown(&v.supervisor)),
                Value::Int(p.findings as i64),
                Value::Int(p.done as i64),
                Value::Int(p.overdue as i64),
                Value::text(summary),
            ])
            .link(format!("/supervision/visits/{}", v.id))
            .class(8, if p.overdue > 0 { "fail" } else { "" })
        })
        .collect();
    let overdue = visits.iter().map(|(_, p)| p.overdue).sum();
    let assignments = app::assignments(&here.store, &s.scope)
        .await?
        .into_iter()
        .map(|a| AssignmentRow {
            id: a.id,
            supervisor: shown(&a.supervisor),
            unit_kind: unit_key(a.unit_kind),
            unit_href: match a.unit_kind {
                UnitKind::Zone => format!("/zones/{}", urlencode(&a.unit_name)),
                UnitKind::Group => format!("/groups/{}", urlencode(&a.unit_name)),
            },
            unit: a.unit_name.clone(),
            since: a.since.clone(),
            until: a.until.clone().unwrap_or_default(),
            running: a.until.is_none(),
        })
        .collect();
    let may_assign = s.caller.may_assign();
    let may_record = s.caller.may_record();
    let mut supervisors = Vec::new();
    let (mut zones, mut groups, mut schools) = (Vec::new(), Vec::new(), Vec::new());
    if may_record && !list.is_download() {
        supervisors = here
            .store
            .supervisors()
            .await?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| (u.name.clone(), shown(&u.name)))
            .collect();
        schools = s
            .records
            .iter()
            .map(|r| (r.code.to_string(), s.school(r.code.as_str())))
            .collect();
    }
    if may_assign && !list.is_download() {
        zones = here
            .store
            .zone_names()
            .await?
            .into_iter()
            .map(|z| (format!("zone:{z}"), z))
            .collect();
        let mut names: Vec<String> = here
            .store
            .groups()
            .await?
            .into_iter()
            .map(|g| g.name)
            .chain(s.records.iter().filter_map(|r| r.group.clone()))
            .collect();
        names.sort();
        names.dedup();
        groups = names
            .into_iter()
            .map(|g| (format!("group:{g}"), g))
            .collect();
    }
    let name = format!("督导记录-{today}");
    list.respond(&rows, &name, "督导记录", |list| {
        render(&ListPage {
            layout: Layout::new("supervision-title", &viewer),
            today: today.clone(),
            assignments,
            may_assign,
            may_record,
            own: s.caller.standing == app::Standing::Supervisor,
            supervisors,
            zones,
            groups,
            schools,
            default_days: state.config.finding_deadline_days,
            from: from.unwrap_or_default(),
            to: to.unwrap_or_default(),
            overdue,
            list,
        })
    })
}

/// A finding's task as the visit's page shows it.
pub(crate) struct TaskCell {
    pub id: i64,
    /// Data.
    pub title: String,
    /// Where the task is, empty when the viewer may not open it.
    pub href: String,
    pub status: &'static str,
    pub due: &'static str,
    pub due_class: &'static str,
}

/// A finding as the visit's page shows it.
pub(crate) struct FindingRow {
    pub id: i64,
    pub seq: u32,
    pub severity: &'static str,
    pub severe: bool,
    /// Data.
    pub text: String,
    pub deadline: String,
    pub task: Option<TaskCell>,
}

#[derive(Template)]
#[template(path = "supervision_visit.html")]
struct VisitPage {
    layout: Layout,
    id: i64,
    school: String,
    school_href: String,
    visited_on: String,
    supervisor: String,
    summary: String,
    created_by: String,
    created_at: String,
    findings: Vec<FindingRow>,
    /// Findings without their task.
    missing: usize,
    may_complete: bool,
    today: String,
}

/// `GET /supervision/visits/{id}`.
pub(crate) async fn visit(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = scoped(&here, &viewer).await?;
    let v = app::visit(&here.store, &s.scope, id)
        .await
        .map_err(refused)?;
    let who = crate::tasks::who(&here, &viewer).await?;
    let today = tasks_app::beijing_today();
    let soon = state.config.task_due_soon_days;
    let mut findings = Vec::new();
    for f in &v.findings {
        let task = match f.task {
            Some(t) => here.store.task(t).await?,
            None => None,
        };
        findings.push(FindingRow {
            id: f.id,
            seq: f.seq,
            severity: severity_key(f.severity),
            severe: f.severity == Severity::Severe,
            text: f.text.clone(),
            deadline: f.deadline.clone(),
            task: task.map(|t| {
                let due = tasks_app::due(&t, &today, soon);
                TaskCell {
                    id: t.id,
                    href: if who.sees(&t) {
                        format!("/tasks/{}", t.id)
                    } else {
                        String::new()
                    },
                    status: crate::tasks::status_key(t.status),
                    due: crate::tasks::due_key(due),
                    due_class: match due {
                        Due::Overdue => "fail",
                        Due::Soon => "pending",
                        Due::Later | Due::Closed => "",
                    },
                    title: t.title,
                }
            }),
        });
    }
    let names = supervisor_names(&here).await?;
    let page = VisitPage {
        layout: Layout::new("supervision-visit-title", &viewer),
        id: v.id,
        school: s.school(v.school.as_str()),
        school_href: format!("/schools/{}", v.school),
        visited_on: v.visited_on.clone(),
        supervisor: names
            .get(&v.supervisor)
            .cloned()
            .unwrap_or_else(|| v.supervisor.clone()),
        summary: v.summary.clone(),
        created_by: v.created_by.clone(),
        created_at: crate::views::time(&v.created_at),
        missing: v.findings.iter().filter(|f| f.task.is_none()).count(),
        may_complete: s.caller.may_assign(),
        findings,
        today,
    };
    Ok(render(&page))
}

/// `GET /supervision/findings/{id}`: the visit of a finding (a task's source links here).
pub(crate) async fn finding(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let s = scoped(&here, &viewer).await?;
    let v = app::visit_of_finding(&here.store, &s.scope, id)
        .await
        .map_err(refused)?;
    Ok(Redirect::to(&format!("/supervision/visits/{}#finding-{id}", v.id)).into_response())
}

/// `GET /api/v1/supervision/visits` query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ApiQuery {
    school: Option<String>,
    supervisor: Option<String>,
    zone: Option<String>,
    group: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ApiFinding {
    #[serde(flatten)]
    finding: junheng_store::Finding,
    /// The task's status (`open`, `in_progress`…), `null` without a task.
    task_status: Option<&'static str>,
    /// Whether the task is overdue today.
    overdue: bool,
}

#[derive(Serialize)]
pub(crate) struct ApiVisit {
    id: i64,
    school: SchoolCode,
    visited_on: String,
    supervisor: String,
    summary: String,
    created_by: String,
    created_at: String,
    findings: Vec<ApiFinding>,
    tasks_done: usize,
    tasks_overdue: usize,
}

#[derive(Serialize)]
pub(crate) struct ApiVisits {
    /// Beijing date overdue tasks are measured on.
    today: String,
    visits: Vec<ApiVisit>,
}

/// `GET /api/v1/supervision/visits?school=&supervisor=&zone=&group=&from=&to=`: the visits of
/// the caller's scope (as `/supervision` lists them), newest first.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: Member,
    Query(q): Query<ApiQuery>,
) -> Result<Json<ApiVisits>, ApiError> {
    let here = state.here(caller.district()?);
    let s = scoped(&here, &caller).await?;
    let some = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let unit = match (some(q.zone), some(q.group)) {
        (Some(z), _) => Some((UnitKind::Zone, z)),
        (None, Some(g)) => Some((UnitKind::Group, g)),
        (None, None) => None,
    };
    let query = VisitQuery {
        school: school_param(some(q.school))?,
        supervisor: some(q.supervisor),
        unit,
        from: some(q.from),
        to: some(q.to),
    };
    let (visits, tasks, today) = selected(&here, &s, &query).await?;
    let visits = visits
        .into_iter()
        .map(|(v, p)| ApiVisit {
            findings: v
                .findings
                .into_iter()
                .map(|f| {
                    let task = f.task.and_then(|t| tasks.get(&t));
                    ApiFinding {
                        task_status: task.map(|t| t.status.id()),
                        overdue: task.is_some_and(|t| t.is_overdue(&today)),
                        finding: f,
                    }
                })
                .collect(),
            id: v.id,
            school: v.school,
            visited_on: v.visited_on,
            supervisor: v.supervisor,
            summary: v.summary,
            created_by: v.created_by,
            created_at: v.created_at,
            tasks_done: p.done,
            tasks_overdue: p.overdue,
        })
        .collect();
    Ok(Json(ApiVisits { today, visits }))
}
