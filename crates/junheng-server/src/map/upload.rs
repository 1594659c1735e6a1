//! An administrator uploads the district's boundary (GeoJSON) and, optionally, its townships;
//! a refused file shows the map page again with what was wrong, and nothing is written.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{MapQuery, build};
use crate::access::Admin;
use crate::error::AppError;
use crate::i18n::marks::{self, Var};
use crate::params::Multipart;
use crate::state::AppState;
use crate::views::render;

/// The two files of the form: the outline and the townships, and the outline's file name.
#[derive(Default)]
struct Files {
    outline: Option<Vec<u8>>,
    townships: Option<Vec<u8>>,
    name: String,
}

async fn read(Multipart(mut multipart): Multipart) -> Result<Files, AppError> {
    let mut files = Files::default();
    let bad = |_| AppError::bad_request(crate::msg!("map-unreadable-form"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !matches!(name.as_str(), "boundary" | "townships") {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(bad)?;
        let file = (!bytes.is_empty()).then(|| bytes.to_vec());
        if name == "boundary" {
            files.outline = file;
            files.name = file_name;
        } else {
            files.townships = file;
        }
    }
    Ok(files)
}

/// Stores an uploaded boundary, or shows why it was refused (422).
pub(crate) async fn upload(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let files = read(multipart).await?;
    let lang = viewer.lang;
    // The page again with why (HTML).
    let refused = |error: String| async {
        let page = build(&here, &viewer, &MapQuery::default(), String::new(), error).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
    };
    let Some(outline) = files.outline else {
        return refused(crate::views::escape(lang.t("map-choose-boundary-file"))).await;
    };
    let name = match files.name.trim() {
        "" => "区县边界.geojson",
        n => n,
    };
    let name: String = name.chars().take(200).collect();
    match junheng_app::map::set_boundary(
        &here.store,
        &outline,
        files.townships.as_deref(),
        &name,
        &viewer.actor(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/map?saved=1").into_response()),
        Err(junheng_store::StoreError::Invalid(message)) => {
            refused(marks::html(
                lang,
                "map-not-saved",
                &[("why", Var::Data(&message))],
            ))
            .await
        }
        Err(e) => Err(e.into()),
    }
}
