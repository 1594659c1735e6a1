//! 劳动清单 pages: the district's list and each school's list with its check, or a school's
//! effective list; import (all or nothing, every problem located), 撤回, the template.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::lists::{
    ListsView, import as import_list, view, withdraw as withdraw_list,
};
use junheng_app::pairings::Refused;
use junheng_core::school::SchoolCode;
use junheng_io::labour::lists::{read, write_template};
use junheng_labour::checklist::{ChecklistItem, Origin};
use junheng_store::labour::lists::ListVersion;
use serde::Deserialize;

use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::import::IssueRow;
use crate::pairings::{caller, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// An item as the page shows it.
pub(crate) struct ItemRow {
    code: String,
    group: &'static str,
    grades: String,
    place: &'static str,
    content: String,
    frequency: String,
    minutes: u16,
    mandatory: bool,
    safety: String,
    origin: &'static str,
}

fn item_row(i: &ChecklistItem, origin: &'static str) -> ItemRow {
    ItemRow {
        code: i.code.to_string(),
        group: i.group.label(),
        grades: i.grades.to_string(),
        place: i.place.label(),
        content: i.content.clone(),
        frequency: i.frequency.to_string(),
        minutes: i.minutes,
        mandatory: i.mandatory,
        safety: i.safety_note.clone(),
        origin,
    }
}

/// A school's list as the district's page shows it.
pub(crate) struct SchoolRow {
    school: String,
    version: String,
    items: u64,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "labour_lists.html")]
struct ListsPage {
    layout: Layout,
    /// The pass's school (empty: the district's view).
    school: String,
    district_version: String,
    district_items: Vec<ItemRow>,
    district_problems: Vec<String>,
    versions: Vec<ListVersion>,
    schools: Vec<SchoolRow>,
    effective: Vec<ItemRow>,
    school_problems: Vec<String>,
    writes: bool,
    done: String,
}

fn origin_key(o: Origin) -> &'static str {
    match o {
        Origin::District => "labour-origin-district",
        Origin::DistrictChanged => "labour-origin-changed",
        Origin::School => "labour-origin-school",
    }
}

/// `GET /labour/lists?done=`: the lists the viewer's pass sees.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let pass = super::pass(&viewer)?;
    let here = state.here(viewer.district()?);
    let settings = super::settings(&state);
    let v = view(&here.store, &pass, &settings.checklist.required_groups).await?;
    let own = pass.school().cloned();
    let layout = Layout::new("labour-lists-title", &viewer);
    let (effective, school_problems) = match (&own, v.schools.first()) {
        (Some(_), Some(s)) => (
            s.effective.as_ref().map_or_else(Vec::new, |e| {
                e.items()
                    .iter()
                    .map(|l| item_row(&l.item, layout.t(origin_key(l.origin))))
                    .collect()
            }),
            s.problems.iter().map(|p| p.message()).collect(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let page = ListsPage {
        school: own.as_ref().map_or(String::new(), |s| s.to_string()),
        district_version: v
            .district
            .as_ref()
            .map_or(String::new(), |d| d.version.version.to_string()),
        district_items: v.district.as_ref().map_or_else(Vec::new, |d| {
            d.list
                .items
                .iter()
                .map(|i| item_row(i, layout.t("labour-origin-district")))
                .collect()
        }),
        district_problems: v.district_problems.iter().map(|p| p.message()).collect(),
        versions: if own.is_some() {
            v.school_versions.clone()
        } else {
            v.district_versions.clone()
        },
        schools: if own.is_some() {
            Vec::new()
        } else {
            v.schools
                .iter()
                .map(|s| SchoolRow {
                    school: s.school.to_string(),
                    version: s
                        .own
                        .as_ref()
                        .map_or(String::new(), |o| o.version.version.to_string()),
                    items: s.own.as_ref().map_or(0, |o| o.version.items),
                    problems: s.problems.iter().map(|p| p.message()).collect(),
                })
                .collect()
        },
        effective,
        school_problems,
        writes: pass.writes_list(own.as_ref()),
        done: match q.done.as_deref() {
            Some("imported") => layout.t("labour-lists-imported").to_owned(),
            Some("withdrawn") => layout.t("labour-lists-withdrawn").to_owned(),
            _ => String::new(),
        },
        layout,
    };
    Ok(render(&page))
}

/// `?done=` after a write.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// `GET /api/v1/labour/lists`: the view the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
) -> Result<Json<ListsView>, ApiError> {
    let pass = super::pass(&viewer)?;
    let here = state.here(viewer.district()?);
    let settings = super::settings(&state);
    Ok(Json(
        view(&here.store, &pass, &settings.checklist.required_groups).await?,
    ))
}

/// The school a form names: the pass's own school, or for the district's administrators the
/// code typed (empty: the district's list).
fn school_of(viewer: &Member, typed: Option<&str>) -> Result<Option<SchoolCode>, AppError> {
    let pass = super::pass(viewer)?;
    if let Some(own) = pass.school() {
        return Ok(Some(own.clone()));
    }
    typed
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            SchoolCode::parse(t).map_err(|_| {
                AppError::bad_request(crate::msg!("labour-bad-school", v = crate::views::cut(t)))
            })
        })
        .transpose()
}

/// `POST /labour/lists/import` (multipart `school`, `file`): the next version of the list, or
/// every problem with its row and column.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let typed = upload
        .fields
        .iter()
        .find(|(k, _)| k == "school")
        .map(|(_, v)| v.as_str());
    let school = school_of(&viewer, typed)?;
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let parsed = crate::upload::parse(&state, bytes, file_name.clone(), read).await?;
    let settings = super::settings(&state);
    let done = match parsed {
        Ok(f) => {
            import_list(
                &here.store,
                &caller(&viewer),
                school.as_ref(),
                &f,
                &sha256,
                &settings.checklist.required_groups,
            )
            .await
        }
        Err(e) => Err(Refused::Problems(e)),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/labour/lists?done=imported").into_response()),
        Err(Refused::Problems(failure)) => Ok(render(&super::IssuesPage {
            layout: Layout::new("labour-import-title", &viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(500)
                .map(IssueRow::from)
                .collect(),
            back: "/labour/lists",
        })),
        Err(e) => Err(refusal(e)),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    #[serde(default)]
    school: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /labour/lists/withdraw` (form `school`, `confirm`): 撤回 the current version.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!(
            "labour-confirm-withdraw"
        )));
    }
    let school = school_of(&viewer, Some(&form.school))?;
    withdraw_list(&here.store, &caller(&viewer), school.as_ref())
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/labour/lists?done=withdrawn").into_response())
}

/// `GET /labour/lists/template.xlsx`.
pub(crate) async fn template(viewer: Member) -> Result<Response, AppError> {
    viewer.district()?;
    super::pass(&viewer)?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "劳动清单模板.xlsx",
        write_template(),
    ))
}
