//! `GET /inspection/path`, its JSON, and the district's own 自评 step
//! ([`junheng_app::inspection::path`]): the target year and the days left, the five statuses
//! as a stepper, the year's 督导评估 standing, the open and overdue tasks.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::inspection::path::{Path, path, record_self_assessment};
use junheng_core::school::school_year;
use junheng_store::Actor;

use super::InspectionQuery;
use crate::access::{Admin, DistrictReader, Viewer};
use crate::city::page::{days_text, status_key, target_text};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// One status of the stepper.
struct StepView {
    /// A catalogue key.
    label: &'static str,
    reached: bool,
    /// The recorded step's day, document and note, and who recorded it (data).
    on: String,
    document: String,
    note: String,
    by: String,
}

#[derive(Template)]
#[template(path = "inspection_path.html")]
struct PathPage {
    layout: Layout,
    target: String,
    days: String,
    late: bool,
    deadline: String,
    steps: Vec<StepView>,
    /// The school year the standing is of, and the query that keeps it.
    year_label: String,
    keep: String,
    /// The standing in one Chinese line (data), its parts met, items not met and undecided.
    readiness: Option<(String, usize, usize, usize)>,
    open: usize,
    overdue: usize,
    admin: bool,
    today: String,
    done: bool,
}

/// The viewer's district's path for `q`.
async fn load(state: &AppState, viewer: &Viewer, q: &InspectionQuery) -> Result<Path, AppError> {
    let district = viewer.district()?;
    let rulebook = crate::dashboard::rulebook_id(q.rulebook.as_deref())?;
    let today = junheng_app::tasks::beijing_today();
    Ok(path(&state.store, district.id, q.year, rulebook, &today).await?)
}

/// `GET /inspection/path?year=&rulebook=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let p = load(&state, &viewer, &q).await?;
    let lang = viewer.lang;
    let steps = p
        .steps
        .iter()
        .map(|s| StepView {
            label: status_key(s.status),
            reached: s.reached,
            on: s
                .step
                .as_ref()
                .map_or(String::new(), |x| x.reached_on.clone()),
            document: s
                .step
                .as_ref()
                .map_or(String::new(), |x| x.document.clone()),
            note: s.step.as_ref().map_or(String::new(), |x| x.note.clone()),
            by: s
                .step
                .as_ref()
                .map_or(String::new(), |x| x.recorded_by.clone()),
        })
        .collect();
    let page = PathPage {
        layout: Layout::new("insp-path-title", &viewer),
        target: target_text(lang, p.target),
        days: days_text(lang, p.status, p.days_left),
        late: p.overdue,
        deadline: p.deadline.clone().unwrap_or_default(),
        steps,
        year_label: p.year.map_or(String::new(), school_year),
        keep: p.year.map_or(String::new(), |y| format!("year={y}")),
        readiness: p.readiness.as_ref().map(|r| {
            (
                r.overall.label().to_owned(),
                r.parts_met,
                r.items_not_met,
                r.items_undecided,
            )
        }),
        open: p.tasks.open,
        overdue: p.tasks.overdue,
        admin: crate::pairings::is_admin(&viewer),
        today: junheng_app::tasks::beijing_today(),
        done: q.done.as_deref() == Some("self-assessed"),
    };
    Ok(render(&page))
}

/// `GET /api/v1/inspection/path?year=&rulebook=`: the path as data.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    Ok(Json(load(&state, &viewer, &q).await?).into_response())
}

/// `POST /inspection/path/self-assessment`: `on` (`YYYY-MM-DD`), `document` (文号 or title),
/// `note` — the district's 自评 step; back to the page with a notice.
pub(crate) async fn self_assess(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |key: &str| {
        form.iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    };
    let district = viewer.district()?;
    record_self_assessment(
        &state.store,
        district.id,
        field("on"),
        field("document"),
        field("note"),
        &Actor::new(viewer.user.name.clone()),
    )
    .await?;
    Ok(Redirect::to("/inspection/path?done=self-assessed").into_response())
}
