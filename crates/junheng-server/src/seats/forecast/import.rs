//! Importing the forecast's four files: what is stored, the upload forms and templates; a
//! preview that lists every problem (file, sheet, row, column, value, what is expected) or what
//! the file writes and which imported years it replaces; the confirmation that writes it —
//! replacing years only when the box is ticked.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Caller;
use junheng_app::seats::forecast::{Preview, Refused};
use junheng_io::seats::forecast::{SeatFileKind, write_template};
use serde::Deserialize;

use super::refusal;
use crate::access::Admin;
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Form, Multipart, Path, Query};
use crate::state::{AppState, Here};
use crate::upload::Kind;
use crate::views::{Layout, render};

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// The catalogue key of a file's name.
fn kind_key(kind: SeatFileKind) -> &'static str {
    match kind {
        SeatFileKind::Births => "seats-forecast-kind-births",
        SeatFileKind::Zones => "seats-forecast-kind-zones",
        SeatFileKind::Enrolment => "seats-forecast-kind-enrolment",
        SeatFileKind::Capacity => "seats-forecast-kind-capacity",
    }
}

/// One file on the import page: what is stored of it.
struct Stored {
    id: &'static str,
    key: &'static str,
    rows: usize,
    years: String,
}

#[derive(Template)]
#[template(path = "seats_forecast_import.html")]
struct ImportPage {
    layout: Layout,
    files: Vec<Stored>,
    done: &'static str,
}

#[derive(Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

fn years(years: impl IntoIterator<Item = i32>) -> String {
    years
        .into_iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /seats/forecast/import`: what is stored, the four forms and templates.
pub(crate) async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Query(q): Query<Done>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let s = here.store.seat_inputs().await?;
    let birth_years: std::collections::BTreeSet<i32> = s.births.iter().map(|b| b.year).collect();
    let stored = |kind: SeatFileKind, rows: usize, years: String| Stored {
        id: kind.id(),
        key: kind_key(kind),
        rows,
        years,
    };
    let files = vec![
        stored(
            SeatFileKind::Births,
            s.births.len(),
            self::years(birth_years),
        ),
        stored(SeatFileKind::Zones, s.zones.len(), String::new()),
        stored(
            SeatFileKind::Enrolment,
            s.enrolment.len(),
            self::years(s.enrolment_years()),
        ),
        stored(
            SeatFileKind::Capacity,
            s.capacity.len(),
            self::years(s.capacity_years()),
        ),
    ];
    let done = q
        .done
        .as_deref()
        .and_then(SeatFileKind::parse)
        .map_or("", kind_key);
    Ok(render(&ImportPage {
        layout: Layout::new("seats-forecast-import-title", &admin),
        files,
        done,
    }))
}

#[derive(Template)]
#[template(path = "seats_forecast_preview.html")]
struct PreviewPage {
    layout: Layout,
    file_name: String,
    kind: &'static str,
    kind_key: &'static str,
    issue_count: usize,
    issues: Vec<IssueRow>,
    warnings: Vec<IssueRow>,
    preview: Option<Preview>,
    years: String,
    replaces: String,
    pending: String,
    unconfirmed: bool,
}

fn kind_of(text: &str) -> Result<SeatFileKind, AppError> {
    SeatFileKind::parse(text).ok_or_else(|| {
        AppError::BadRequest("文件类型应为 births、zones、enrolment 或 capacity".into())
    })
}

/// The preview page of a read file: its problems, or what it writes.
async fn shown(
    state: &AppState,
    here: &Here,
    admin: &Admin,
    kind: SeatFileKind,
    file_name: String,
    bytes: axum::body::Bytes,
    unconfirmed: bool,
) -> Result<Response, AppError> {
    let read = crate::upload::parse(state, bytes.clone(), file_name.clone(), move |b, n| {
        junheng_app::seats::forecast::read(kind, b, n, &junheng_io::Limits::default())
    })
    .await?;
    let caller = Caller::User(&admin.user);
    let checked = match read {
        Ok(file) => junheng_app::seats::forecast::preview(&here.store, &caller, &file)
            .await
            .map(|p| (p, file.warnings)),
        Err(e) => Err(e),
    };
    let mut page = PreviewPage {
        layout: Layout::new("seats-forecast-preview-title", admin),
        file_name: file_name.clone(),
        kind: kind.id(),
        kind_key: kind_key(kind),
        issue_count: 0,
        issues: Vec::new(),
        warnings: Vec::new(),
        preview: None,
        years: String::new(),
        replaces: String::new(),
        pending: String::new(),
        unconfirmed,
    };
    match checked {
        Ok((preview, warnings)) => {
            page.warnings = warnings.iter().take(SHOWN).map(IssueRow::from).collect();
            page.years = years(preview.years.iter().copied());
            if !preview.replaced.is_empty() {
                page.replaces = preview.replaced_text();
            }
            page.pending = state
                .previews
                .keep(admin.user.id, Kind::SeatForecast, file_name, bytes)
                .await?;
            page.preview = Some(preview);
        }
        Err(Refused::Problems(f)) => {
            page.issue_count = f.issue_count();
            page.issues = f.issues.iter().take(SHOWN).map(IssueRow::from).collect();
            page.warnings = f.warnings.iter().take(SHOWN).map(IssueRow::from).collect();
        }
        Err(e) => return Err(refusal(e)),
    }
    Ok(render(&page))
}

/// `POST /seats/forecast/import` (file, `kind`): the preview.
pub(crate) async fn preview(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let upload = crate::upload::read(multipart).await?;
    let kind = kind_of(upload.field("kind"))?;
    let (file_name, bytes) = upload.spreadsheet()?;
    shown(&state, &here, &admin, kind, file_name, bytes, false).await
}

/// The confirmation form.
#[derive(Deserialize)]
pub(crate) struct Confirm {
    pending: String,
    kind: String,
    /// Ticked: years already imported may be replaced.
    #[serde(default)]
    replace: Option<String>,
}

/// `POST /seats/forecast/import/confirm`: the previewed file read again and written; years
/// already imported are replaced only when ticked (else the preview again, saying so).
pub(crate) async fn confirm(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<Confirm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let kind = kind_of(&form.kind)?;
    let kept = state
        .previews
        .take(&form.pending, admin.user.id, Kind::SeatForecast)
        .await?;
    let read = crate::upload::parse(
        &state,
        kept.bytes.clone(),
        kept.file_name.clone(),
        move |b, n| junheng_app::seats::forecast::read(kind, b, n, &junheng_io::Limits::default()),
    )
    .await?
    .map_err(|_| AppError::conflict(crate::msg!("error-preview-unreadable")))?;
    let caller = Caller::User(&admin.user);
    let confirmed = form.replace.is_some();
    match junheng_app::seats::forecast::import(&here.store, &caller, &read, confirmed).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/seats/forecast/import?done={}", kind.id())).into_response())
        }
        Err(Refused::Unconfirmed(_)) => {
            shown(
                &state,
                &here,
                &admin,
                kind,
                kept.file_name,
                kept.bytes,
                true,
            )
            .await
        }
        Err(e) => Err(refusal(e)),
    }
}

/// `GET /seats/forecast/template/{kind}`: a blank template with examples and its 说明 sheet.
pub(crate) async fn template(admin: Admin, Path(kind): Path<String>) -> Result<Response, AppError> {
    admin.district()?;
    let kind = kind_of(kind.trim_end_matches(".xlsx"))?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &kind.template_name(),
        write_template(kind),
    ))
}
