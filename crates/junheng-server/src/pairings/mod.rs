//! 结对帮扶 (pairings) and 三个课堂 usage (`classroom`): the list of pairings (sortable,
//! filterable, downloadable), a pairing's page with its activities and the comparison of its
//! helped schools with comparable schools nobody helps (`detail`), the forms that keep them
//! (`write`), and `GET /api/v1/pairings` from the same scoped selection as the page. Who sees
//! which pairing is `junheng_app::pairings::Reach`: administrators, supervisors and city or
//! province users every pairing; a group lead or a school those involving their schools.

mod classroom;
mod detail;
mod write;

pub(crate) use classroom::{
    add as classroom_add, import as classroom_import, json as classroom_json,
    page as classroom_page, template as classroom_template,
};
pub(crate) use detail::{activity, end, page};
pub(crate) use write::{add, field};

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::pairings::{Caller, Refused};
use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::SchoolCode;
use junheng_store::{ActivityTotals, Helper, Pairing};
use serde::Serialize;

use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

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
pub(crate) fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// The catalogue key of a pairing kind.
pub(crate) fn kind_key(k: PairingKind) -> &'static str {
    match k {
        PairingKind::UrbanRural => "pairings-kind-urban-rural",
        PairingKind::Counterpart => "pairings-kind-counterpart",
        PairingKind::CrossCounty => "pairings-kind-cross-county",
        PairingKind::CrossProvince => "pairings-kind-cross-province",
        PairingKind::ExpertTeam => "pairings-kind-expert-team",
    }
}

/// The catalogue key of a kind of help.
pub(crate) fn help_key(k: HelpKind) -> &'static str {
    match k {
        HelpKind::TeachingVisit => "pairings-help-teaching-visit",
        HelpKind::JointResearch => "pairings-help-joint-research",
        HelpKind::BackboneSupport => "pairings-help-backbone-support",
        HelpKind::CadreSecondment => "pairings-help-cadre-secondment",
        HelpKind::Mentoring => "pairings-help-mentoring",
        HelpKind::RemoteClassroom => "pairings-help-remote-classroom",
    }
}

/// A school as data: its name (from the latest statistics that have it) and code.
pub(crate) fn school_text(
    names: &std::collections::HashMap<SchoolCode, String>,
    code: &SchoolCode,
) -> String {
    match names.get(code) {
        Some(name) => format!("{name}（{code}）"),
        None => code.to_string(),
    }
}

/// Every school's name of the latest school year (schools of earlier years by their latest
/// name).
pub(crate) async fn school_names(
    here: &Here,
) -> Result<std::collections::HashMap<SchoolCode, String>, AppError> {
    let mut names = std::collections::HashMap::new();
    let years = here.years().await?;
    for y in years.iter().rev() {
        for r in here.records(y.year, y.latest_version).await?.iter() {
            names.insert(r.code.clone(), r.name.clone());
        }
    }
    Ok(names)
}

/// The helper as data: a school by name and code, an outside partner with its place, a team
/// with its teachers.
pub(crate) fn helper_text(
    names: &std::collections::HashMap<SchoolCode, String>,
    helper: &Helper,
) -> String {
    match helper {
        Helper::School { code } => school_text(names, code),
        Helper::Outside { name, place } => format!("{name}（{place}）"),
        Helper::Team { name, teachers } => format!("{name}（{teachers} 名教师）"),
    }
}

/// Whether the pairing runs today (catalogue key of its state).
pub(crate) fn state_key(p: &Pairing, today: &str) -> &'static str {
    if p.started_on.as_str() > today {
        "pairings-state-not-started"
    } else if p.ended_on.as_deref().is_some_and(|e| e < today) {
        "pairings-state-ended"
    } else {
        "pairings-state-running"
    }
}

/// The columns of the pairing list.
const COLUMNS: &[Column] = &[
    Column::plain("id", "pairings-id"),
    Column::choice("kind", "pairings-kind"),
    Column::plain("helper", "pairings-helper"),
    Column::plain("helped", "pairings-helped"),
    Column::plain("schools", "pairings-helped-count"),
    Column::plain("help", "pairings-help"),
    Column::plain("from", "pairings-started-on"),
    Column::plain("to", "pairings-ended-on"),
    Column::choice("state", "pairings-state"),
    Column::plain("activities", "pairings-activities"),
    Column::plain("hours", "pairings-hours"),
];

/// Helped schools as one cell: the first three by name, then how many more.
fn helped_text(
    names: &std::collections::HashMap<SchoolCode, String>,
    schools: &[SchoolCode],
) -> String {
    let shown: Vec<String> = schools
        .iter()
        .take(3)
        .map(|c| names.get(c).cloned().unwrap_or_else(|| c.to_string()))
        .collect();
    let mut text = shown.join("、");
    if schools.len() > 3 {
        text.push_str(&format!("等 {} 所", schools.len()));
    }
    text
}

/// One pairing as a row of the list.
fn row(
    p: &Pairing,
    names: &std::collections::HashMap<SchoolCode, String>,
    totals: Option<&ActivityTotals>,
    today: &str,
) -> Row {
    let totals = totals.copied().unwrap_or_default();
    Row::new(vec![
        Value::Int(p.id),
        Value::Label(kind_key(p.kind)),
        Value::text(helper_text(names, &p.helper)),
        Value::text(helped_text(names, &p.schools)),
        Value::Int(p.schools.len() as i64),
        Value::text(
            p.help
                .iter()
                .map(|h| h.label())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Value::text(&p.started_on),
        Value::maybe(p.ended_on.clone()),
        Value::Label(state_key(p, today)),
        Value::Int(i64::from(totals.activities)),
        Value::Decimal(totals.hours, 1),
    ])
    .link(format!("/pairings/{}", p.id))
}

#[derive(Template)]
#[template(path = "pairings.html")]
struct ListPage {
    layout: Layout,
    list: ListView,
    admin: bool,
    kinds: Vec<(&'static str, &'static str)>,
    helps: Vec<(&'static str, &'static str)>,
}

/// Whether the viewer keeps the district's pairings and sessions.
pub(crate) fn is_admin(viewer: &Viewer) -> bool {
    junheng_app::pairings::may_write(&caller(viewer))
}

/// `GET /pairings?q=&kind=&state=&sort=&desc=&page=&format=`: the pairings the viewer sees.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let list = List::new(COLUMNS, pairs, &[])?;
    let (_, pairings) = junheng_app::pairings::visible(&here.store, &caller(&viewer))
        .await
        .map_err(refusal)?;
    let names = school_names(&here).await?;
    let totals = here.store.activity_totals().await?;
    let today = junheng_app::tasks::beijing_today();
    let rows: Vec<Row> = pairings
        .iter()
        .map(|p| row(p, &names, totals.get(&p.id), &today))
        .collect();
    list.respond(&rows, "结对帮扶", "结对帮扶", |list| {
        render(&ListPage {
            layout: Layout::new("pairings-title", &viewer),
            list,
            admin: is_admin(&viewer),
            kinds: PairingKind::ALL
                .into_iter()
                .map(|k| (k.id(), kind_key(k)))
                .collect(),
            helps: HelpKind::ALL
                .into_iter()
                .map(|k| (k.id(), help_key(k)))
                .collect(),
        })
    })
}

/// A pairing in the API.
#[derive(Serialize)]
struct PairingView<'a> {
    #[serde(flatten)]
    pairing: &'a Pairing,
    /// 城乡结对 …
    kind_label: &'static str,
    /// 送教 …
    help_labels: Vec<&'static str>,
    /// Activities recorded, their hours and participants.
    activities: ActivityTotals,
}

/// `GET /api/v1/pairings`: the pairings the caller sees, as the page lists them.
pub(crate) async fn api_list(
    State(state): State<AppState>,
    caller_: Member,
) -> Result<Response, ApiError> {
    let here = state.here(caller_.district()?);
    let (_, pairings) = junheng_app::pairings::visible(&here.store, &caller(&caller_))
        .await
        .map_err(refusal)?;
    let totals = here.store.activity_totals().await.map_err(AppError::from)?;
    let views: Vec<PairingView<'_>> = pairings
        .iter()
        .map(|p| PairingView {
            pairing: p,
            kind_label: p.kind.label(),
            help_labels: p.help.iter().map(|h| h.label()).collect(),
            activities: totals.get(&p.id).copied().unwrap_or_default(),
        })
        .collect();
    Ok(Json(views).into_response())
}
