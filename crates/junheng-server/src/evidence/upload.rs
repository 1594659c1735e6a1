//! `POST /evidence`: attach a document to a record. The caller's right to attach is checked
//! before the file is looked at (403 otherwise); the file is checked by content in a parse slot,
//! off the runtime; a refused file, title or duplicate shows the record's documents again with
//! why (422, or 409 for the same content again), and nothing is written.

use axum::extract::State;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::evidence::{self as app, Caller, Refused, Upload};
use junheng_core::record::RecordRef;
use junheng_io::evidence::{DEFAULT_MAX_BYTES, check};
use junheng_store::StoreError;

use super::{page, record_href, refusal};
use crate::access::Member;
use crate::error::AppError;
use crate::i18n::marks::{self, Var};
use crate::params::Multipart;
use crate::state::AppState;
use crate::views::LocalPath;

/// Bytes kept of a text field (a note of 500 Chinese characters is 1 500).
const TEXT_FIELD: usize = 8 << 10;

/// The fields of the form.
#[derive(Default)]
struct Form {
    kind: String,
    key: String,
    back: String,
    title: String,
    note: String,
    /// The file's name and bytes; `None` when no file was chosen.
    file: Option<(String, Vec<u8>)>,
    /// The file's size when it was larger than the limit (its bytes were not kept).
    too_large: Option<u64>,
}

fn unreadable(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::bad_request(crate::msg!("error-file-too-large"))
    } else {
        AppError::bad_request(crate::msg!("error-upload-incomplete"))
    }
}

/// Reads a field's bytes, keeping at most `keep`; returns them and the field's whole size.
async fn bytes(mut field: Field<'_>, keep: usize) -> Result<(Vec<u8>, u64), AppError> {
    let mut out = Vec::new();
    let mut total = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        total += chunk.len() as u64;
        if out.len() + chunk.len() <= keep {
            out.extend_from_slice(&chunk);
        }
    }
    Ok((out, total))
}

async fn text(field: Field<'_>) -> Result<String, AppError> {
    let (b, total) = bytes(field, TEXT_FIELD).await?;
    if total > TEXT_FIELD as u64 {
        return Err(AppError::bad_request(crate::msg!(
            "evidence-field-too-long"
        )));
    }
    String::from_utf8(b).map_err(|_| AppError::bad_request(crate::msg!("error-form-unreadable")))
}

async fn read(Multipart(mut multipart): Multipart, limit: u64) -> Result<Form, AppError> {
    let mut form = Form::default();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "kind" => form.kind = text(field).await?,
            "key" => form.key = text(field).await?,
            "back" => form.back = text(field).await?,
            "title" => form.title = text(field).await?,
            "note" => form.note = text(field).await?,
            "file" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let keep = usize::try_from(limit).unwrap_or(usize::MAX);
                let (b, total) = bytes(field, keep).await?;
                if total > limit {
                    form.too_large = Some(total);
                    form.file = Some((file_name, Vec::new()));
                } else if total > 0 {
                    form.file = Some((file_name, b));
                }
            }
            _ => {}
        }
    }
    Ok(form)
}

/// `POST /evidence`.
pub(crate) async fn upload(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let limit = DEFAULT_MAX_BYTES.min(state.config.max_upload_bytes as u64);
    let form = read(multipart, limit).await?;
    let record =
        RecordRef::parse(&form.kind, &form.key).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let caller = Caller::User(&viewer.user);
    app::may_attach(&here.store, &caller, &record)
        .await
        .map_err(refusal)?;
    let lang = viewer.lang;
    let pairs = vec![
        ("kind".to_owned(), form.kind.clone()),
        ("key".to_owned(), form.key.clone()),
    ];
    let refused = |status: StatusCode, why: String| {
        page(
            &here,
            &viewer.0,
            Some(record.clone()),
            pairs.clone(),
            Some((status, why)),
        )
    };
    let not_saved = |why: &str| marks::html(lang, "evidence-not-saved", &[("why", Var::Data(why))]);
    let Some((file_name, bytes)) = form.file else {
        return refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            crate::views::escape(lang.t("evidence-choose-file")),
        )
        .await;
    };
    if let Some(total) = form.too_large {
        let name = junheng_io::evidence::sanitize_name(&file_name).unwrap_or_default();
        let why = marks::html(
            lang,
            "evidence-too-large",
            &[
                ("name", Var::Data(&crate::views::cut(&name))),
                ("size", Var::arg(super::size(total as i64))),
                ("limit", Var::arg(super::size(limit as i64))),
            ],
        );
        return refused(StatusCode::UNPROCESSABLE_ENTITY, why).await;
    }
    let checked = {
        let _slot = state.parse_slot().await?;
        tokio::task::spawn_blocking(move || check(bytes, &file_name))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(e) => return refused(StatusCode::UNPROCESSABLE_ENTITY, not_saved(&e.message)).await,
    };
    let upload = Upload {
        record: &record,
        title: &form.title,
        note: &form.note,
    };
    match app::attach(&here.store, &caller, &upload, &checked).await {
        Ok(_) => {
            let back = LocalPath::parse(form.back.trim())
                .map_or_else(|| record_href(&record), |p| p.as_str().to_owned());
            Ok(Redirect::to(&back).into_response())
        }
        Err(Refused::Store(StoreError::Conflict(why))) => {
            refused(StatusCode::CONFLICT, not_saved(&why)).await
        }
        Err(Refused::Store(StoreError::Invalid(why))) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, not_saved(&why)).await
        }
        Err(e) => Err(refusal(e)),
    }
}
