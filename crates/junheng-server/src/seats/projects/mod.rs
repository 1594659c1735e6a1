//! 一校一案 (issue 16): the ledger of building projects (`ledger`: the list with its totals of
//! seats, cost and money execution per year and per funding source, downloads, the template,
//! the import), a project's page with its money and forms (`detail`, `write`), and what
//! projects would do (`whatif`: the what-if and the planner), each with its JSON under
//! `/api/v1/seats/projects` and its workbook. Reading is for the district's readers
//! (administrators, 督学, city and province users looking into the district); writing for its
//! administrators (`junheng_app::seats::projects`).

mod detail;
mod ledger;
mod whatif;
mod write;

use junheng_app::seats::projects::{Caller, Refused};
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};

use crate::access::Policy::{Admin, DistrictReader};
use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::Body::{Form, Upload};
use crate::routes::{Entry, get, post};

/// The routes of the ledger, the what-if and the planner.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/seats/projects", DistrictReader, ledger::page),
        post("/seats/projects", Admin, Form, write::add),
        get("/seats/projects/template.xlsx", Admin, ledger::template),
        get(
            "/seats/projects/ledger.xlsx",
            DistrictReader,
            ledger::workbook,
        ),
        post("/seats/projects/import", Admin, Upload, ledger::import),
        get("/seats/projects/what-if", DistrictReader, whatif::page),
        get("/seats/projects/plan", DistrictReader, whatif::plan_page),
        get("/seats/projects/{id}", DistrictReader, detail::page),
        post("/seats/projects/{id}", Admin, Form, write::edit),
        post("/seats/projects/{id}/status", Admin, Form, write::status),
        post("/seats/projects/{id}/delete", Admin, Form, write::delete),
        get("/api/v1/seats/projects", DistrictReader, ledger::json),
        get(
            "/api/v1/seats/projects/what-if",
            DistrictReader,
            whatif::json,
        ),
        get(
            "/api/v1/seats/projects/plan",
            DistrictReader,
            whatif::plan_json,
        ),
    ]
}

/// A refusal of the use-case layer as the server says it.
pub(crate) fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::Problems(f) => AppError::BadRequest(
            f.issues
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Refused::Store(e) => e.into(),
    }
}

/// The caller of the use-case layer.
fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// Whether the viewer keeps the ledger.
fn is_admin(viewer: &Viewer) -> bool {
    junheng_app::seats::projects::may_write(&caller(viewer))
}

/// The catalogue key of a project kind.
fn kind_key(k: ProjectKind) -> &'static str {
    match k {
        ProjectKind::NewSchool => "projects-kind-new-school",
        ProjectKind::Extension => "projects-kind-extension",
        ProjectKind::Expansion => "projects-kind-expansion",
        ProjectKind::Renovation => "projects-kind-renovation",
    }
}

/// The catalogue key of a status.
fn status_key(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Planned => "projects-status-planned",
        ProjectStatus::Building => "projects-status-building",
        ProjectStatus::Done => "projects-status-done",
    }
}

/// 元 as 万元 with two decimals.
fn wan(yuan: i64) -> String {
    format!("{:.2}", yuan as f64 / 10_000.0)
}

/// An execution rate as a percentage with one decimal, or a dash.
fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The kinds and statuses for forms: (id, catalogue key).
fn kinds() -> Vec<(&'static str, &'static str)> {
    ProjectKind::ALL
        .into_iter()
        .map(|k| (k.id(), kind_key(k)))
        .collect()
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    ProjectStatus::ALL
        .into_iter()
        .map(|s| (s.id(), status_key(s)))
        .collect()
}
