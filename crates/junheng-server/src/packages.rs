//! 数据上报 on the city's side (`/city/packages`): the packages received from the districts of
//! the caller's region (current or superseded), each district's key registry with its history,
//! and an upload form that receives a package through the same operation as `junheng receive`
//! (`junheng_app::packages::receive`): verified, stored in one transaction, or refused with a
//! message that names what is wrong and nothing written.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use junheng_app::packages::{self, PackageFailure};
use junheng_store::{District, Scope};

use crate::access::{Receiver, Viewer};
use crate::auth::marked;
use crate::error::AppError;
use crate::params::Multipart;
use crate::state::AppState;
use crate::views::{Layout, render};

pub(crate) struct PackageRow {
    pub district: String,
    pub year: String,
    pub sequence: u64,
    pub version: u32,
    pub file_name: String,
    pub received_at: String,
    pub received_by: String,
    pub fingerprint: String,
    pub current: bool,
}

pub(crate) struct KeyRow {
    pub district: String,
    pub fingerprint: String,
    pub in_use: bool,
    pub registered_at: String,
    pub registered_by: String,
    pub revoked_at: String,
    pub reason: String,
}

/// What the page (and any export of it) shows: the packages and keys of the districts in the
/// caller's region, newest first.
pub(crate) struct Selection {
    pub packages: Vec<PackageRow>,
    pub keys: Vec<KeyRow>,
}

/// The districts a city or province user receives packages for.
async fn region(state: &AppState, viewer: &Viewer) -> Result<Vec<District>, AppError> {
    let scope = &viewer.user.scope;
    if !matches!(scope, Scope::City(_) | Scope::Province(_)) {
        return Err(AppError::Forbidden);
    }
    Ok(state
        .store
        .districts()
        .await?
        .into_iter()
        .filter(|d| d.in_region(scope))
        .collect())
}

/// The one selection of the page.
pub(crate) async fn select(state: &AppState, viewer: &Viewer) -> Result<Selection, AppError> {
    let districts = region(state, viewer).await?;
    let name = |id| {
        districts
            .iter()
            .find(|d| d.id == id)
            .map(|d| format!("{} {}", d.code, d.name))
    };
    let packages = state
        .store
        .received_packages(None)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(PackageRow {
                district: name(p.district)?,
                year: junheng_core::school::school_year(p.year),
                sequence: p.sequence,
                version: p.import_version,
                file_name: p.file_name,
                received_at: crate::views::time(&p.received_at),
                received_by: p.received_by,
                fingerprint: p.fingerprint,
                current: p.current,
            })
        })
        .collect();
    let keys = state
        .store
        .district_keys(None)
        .await?
        .into_iter()
        .filter_map(|k| {
            Some(KeyRow {
                district: name(k.district)?,
                in_use: k.in_use(),
                fingerprint: k.fingerprint,
                registered_at: crate::views::time(&k.registered_at),
                registered_by: k.registered_by,
                revoked_at: crate::views::time(&k.revoked_at.unwrap_or_default()),
                reason: k.revoke_reason.unwrap_or_default(),
            })
        })
        .collect();
    Ok(Selection { packages, keys })
}

#[derive(Template)]
#[template(path = "packages.html")]
struct PackagesPage {
    layout: Layout,
    selection: Selection,
    /// What the last upload did, as HTML (data marked, see [`marked`]): received (a sentence),
    /// or refused (the reason).
    received: String,
    refused: String,
}

async fn page_with(
    state: &AppState,
    viewer: &Viewer,
    received: String,
    refused: String,
) -> Result<Response, AppError> {
    let status = if refused.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let selection = select(state, viewer).await?;
    let page = render(&PackagesPage {
        layout: Layout::new("submissions-reporting-upward", viewer),
        selection,
        received,
        refused,
    });
    Ok((status, page).into_response())
}

/// `GET /city/packages`.
pub(crate) async fn page(
    State(state): State<AppState>,
    receiver: Receiver,
) -> Result<Response, AppError> {
    page_with(&state, &receiver, String::new(), String::new()).await
}

/// `POST /city/packages`: a package uploaded (its CSRF token checked by the middleware).
pub(crate) async fn upload(
    State(state): State<AppState>,
    receiver: Receiver,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let lang = receiver.lang;
    let Some((name, bytes)) = crate::upload::read(multipart).await?.file else {
        let refused = crate::views::escape(lang.t("packages-choose-file"));
        return page_with(&state, &receiver, String::new(), refused).await;
    };
    let limits = junheng_io::Limits::for_max_input(state.config.max_upload_bytes as u64);
    let outcome = {
        // Verifying hashes the whole file and reads its statistics: one upload at a time per
        // parse slot, like the other uploads.
        let _slot = state.parse_slot().await?;
        packages::receive(
            &state.store,
            &bytes,
            &name,
            Some(&receiver.user.scope),
            &limits,
            &receiver.actor(),
        )
        .await
    };
    match outcome {
        Ok(r) => {
            // A new statistics version of the district: its years and the city comparisons
            // cached by this server are out of date.
            state.here(&r.district).years_changed();
            let p = &r.package;
            let received = crate::msg!(
                "packages-received",
                code = &r.district.code,
                district = &r.district.name,
                year = junheng_core::school::school_year(p.year),
                sequence = p.sequence,
                key = &p.fingerprint,
                schools = r.import.rows,
                version = r.import.version,
            );
            let received = marked(lang, &received);
            page_with(&state, &receiver, received, String::new()).await
        }
        Err(PackageFailure::Store(e)) if !is_refusal(&e) => Err(e.into()),
        Err(e) => {
            let refused = crate::msg!(
                "packages-refused",
                file = &name,
                reason = e.to_string(),
                code = e.code(),
            );
            let refused = marked(lang, &refused);
            page_with(&state, &receiver, String::new(), refused).await
        }
    }
}

/// A store error that refuses the package (as opposed to a failure of the database).
fn is_refusal(e: &junheng_store::StoreError) -> bool {
    matches!(
        e,
        junheng_store::StoreError::Invalid(_)
            | junheng_store::StoreError::Conflict(_)
            | junheng_store::StoreError::NotFound(_)
    )
}

/// `GET /city/packages.xlsx`: the page's selection as a workbook (received packages, keys).
pub(crate) async fn workbook(
    State(state): State<AppState>,
    receiver: Receiver,
) -> Result<Response, AppError> {
    use junheng_io::export::{Cell, Table, write_xlsx};
    let s = select(&state, &receiver).await?;
    let text = |t: &str| Cell::text(t);
    let headers = |h: &[&str]| h.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    let packages = Table {
        sheet: "已接收的数据包",
        headers: headers(&[
            "区县",
            "学年",
            "序号",
            "状态",
            "统计数据版本",
            "接收时间",
            "接收人",
            "密钥指纹",
            "文件",
        ]),
        rows: s
            .packages
            .iter()
            .map(|p| {
                vec![
                    text(&p.district),
                    text(&p.year),
                    Cell::Number(p.sequence as f64),
                    text(if p.current {
                        "当前"
                    } else {
                        "已被更正取代"
                    }),
                    Cell::Number(f64::from(p.version)),
                    text(&p.received_at),
                    text(&p.received_by),
                    text(&p.fingerprint),
                    text(&p.file_name),
                ]
            })
            .collect(),
    };
    let keys = Table {
        sheet: "区县公钥登记",
        headers: headers(&[
            "区县",
            "密钥指纹",
            "状态",
            "登记时间",
            "登记人",
            "停用时间",
            "停用原因",
        ]),
        rows: s
            .keys
            .iter()
            .map(|k| {
                vec![
                    text(&k.district),
                    text(&k.fingerprint),
                    text(if k.in_use { "使用中" } else { "已停用" }),
                    text(&k.registered_at),
                    text(&k.registered_by),
                    text(&k.revoked_at),
                    text(&k.reason),
                ]
            })
            .collect(),
    };
    let count = packages.rows.len();
    let tables = [packages, keys];
    let bytes = tokio::task::spawn_blocking(move || write_xlsx(&tables))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .audit(&junheng_store::AuditEntry {
            district: None,
            actor: receiver.user.name.clone(),
            action: "packages.xlsx",
            target: "city/packages".into(),
            detail: format!("{count} 个数据包"),
        })
        .await?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "已接收的数据包.xlsx",
        bytes,
    ))
}
