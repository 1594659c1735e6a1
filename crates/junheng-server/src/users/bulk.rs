//! Every school's account at once (`/users/bulk`): the administrator picks the schools (all of the
//! latest statistics, or a list of school codes), sees which accounts will be created and which
//! schools are skipped (they have one), confirms, and gets printable slips with each school's
//! one-time password — shown this once, never stored in clear.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::Response;
use junheng_app::users::bulk::{self, BulkPlan, NewSchoolAccount, Skipped};
use serde::Deserialize;

use super::authority;
use crate::access::Admin;
use crate::auth::{hash_off_runtime, one_time_password};
use crate::error::AppError;
use crate::params::Form;
use crate::state::AppState;
use crate::views::{Layout, render};

/// One school in a preview or on a slip.
pub(crate) struct SchoolLine {
    code: String,
    school: String,
    /// Why skipped, or the one-time password on a slip.
    extra: String,
}

fn skipped_lines(skipped: Vec<Skipped>) -> Vec<SchoolLine> {
    skipped
        .into_iter()
        .map(|s| SchoolLine {
            code: s.code.to_string(),
            school: s.school,
            extra: s.reason,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "users_bulk.html")]
struct BulkPage {
    layout: Layout,
    message: String,
    /// Set once previewed: the statistics' year and the lines.
    previewed: bool,
    year: i32,
    create: Vec<SchoolLine>,
    skipped: Vec<SchoolLine>,
    /// The codes to create, separated by commas, for the confirmation form.
    codes: String,
    list: String,
}

fn form_page(admin: &Admin, message: String, list: String) -> Response {
    render(&BulkPage {
        layout: Layout::new("users-create-school-accounts-in", admin),
        message,
        previewed: false,
        year: 0,
        create: Vec::new(),
        skipped: Vec::new(),
        codes: String::new(),
        list,
    })
}

/// `GET /users/bulk`.
pub(crate) async fn bulk_page(admin: Admin) -> Result<Response, AppError> {
    admin.district()?;
    Ok(form_page(&admin, String::new(), String::new()))
}

#[derive(Deserialize)]
pub(crate) struct BulkForm {
    /// `statistics` (every school of the latest statistics) or `list`.
    source: String,
    #[serde(default)]
    codes: String,
}

/// The school codes of a pasted list: one a line, or separated by commas, spaces or 、.
fn codes_of(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn plan_of(admin: &Admin, state: &AppState, form: &BulkForm) -> Result<BulkPlan, AppError> {
    let district = admin.district()?;
    let codes = match form.source.as_str() {
        "statistics" => None,
        "list" => Some(codes_of(&form.codes)),
        _ => {
            return Err(AppError::bad_request(crate::msg!(
                "users-error-bulk-source"
            )));
        }
    };
    Ok(bulk::plan(&state.store, district, codes.as_deref()).await?)
}

/// `POST /users/bulk`: the preview, with the confirmation form.
pub(crate) async fn bulk_preview(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<BulkForm>,
) -> Result<Response, AppError> {
    let plan = match plan_of(&admin, &state, &form).await {
        Ok(plan) => plan,
        Err(AppError::BadRequest(message)) => return Ok(form_page(&admin, message, form.codes)),
        Err(e) => return Err(e),
    };
    let codes = plan
        .create
        .iter()
        .map(|a| a.code.to_string())
        .collect::<Vec<_>>()
        .join(",");
    Ok(render(&BulkPage {
        layout: Layout::new("users-create-school-accounts-in", &admin),
        message: String::new(),
        previewed: true,
        year: plan.year,
        create: plan
            .create
            .into_iter()
            .map(|a| SchoolLine {
                code: a.code.to_string(),
                school: a.school,
                extra: String::new(),
            })
            .collect(),
        skipped: skipped_lines(plan.skipped),
        codes,
        list: form.codes,
    }))
}

#[derive(Template)]
#[template(path = "slips.html")]
struct SlipsPage {
    layout: Layout,
    site: String,
    slips: Vec<SchoolLine>,
    skipped: Vec<SchoolLine>,
}

/// The address of this site for the slips: the configured public origin, or the request's host.
fn site(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = &state.config.public_origin {
        return origin.clone();
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    codes: String,
}

/// `POST /users/bulk/confirm`: creates the accounts of the confirmed codes (a school that got an
/// account since the preview is skipped) and shows the slips once.
pub(crate) async fn bulk_confirm(
    State(state): State<AppState>,
    admin: Admin,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let codes = codes_of(&form.codes);
    let plan = match bulk::plan(&state.store, &here.district, Some(&codes)).await {
        Ok(plan) => plan,
        Err(e) if e.code() == "store.invalid" => {
            return Ok(form_page(&admin, e.to_string(), form.codes));
        }
        Err(e) => return Err(e.into()),
    };
    let mut accounts: Vec<(NewSchoolAccount, String)> = Vec::with_capacity(plan.create.len());
    let mut slips = Vec::with_capacity(plan.create.len());
    for account in plan.create {
        let password = one_time_password();
        slips.push(SchoolLine {
            code: account.code.to_string(),
            school: account.school.clone(),
            extra: password.clone(),
        });
        accounts.push((account, hash_off_runtime(&password).await?));
    }
    bulk::create_all(
        &state.store,
        authority(&here),
        &here.district,
        &accounts,
        &admin.actor(),
    )
    .await?;
    Ok(render(&SlipsPage {
        layout: Layout::new("users-school-account-slips", &admin),
        site: site(&state, &headers),
        slips,
        skipped: skipped_lines(plan.skipped),
    }))
}
