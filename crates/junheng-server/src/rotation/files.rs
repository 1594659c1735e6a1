//! Downloads: the blank roster and ledger templates, and the year's rotation workbook.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use junheng_rotation::reconcile;
use junheng_store::AuditEntry;

use crate::access::require_district;
use crate::auth::Viewer;
use crate::dashboard::RulebookParam;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::{XLSX, download};

/// `GET /rotation/template/roster.xlsx` (blank; any logged-in user).
pub(crate) async fn roster_template(_viewer: Viewer) -> Response {
    download(
        XLSX,
        "roster-template.xlsx",
        junheng_io::teacher::write_template(),
    )
}

/// `GET /rotation/template/ledger.xlsx` (blank; any logged-in user).
pub(crate) async fn ledger_template(_viewer: Viewer) -> Response {
    download(
        XLSX,
        "ledger-template.xlsx",
        junheng_io::rotation::write_ledger_template(),
    )
}

/// `GET /rotation/{year}.xlsx?rulebook=`: quotas, every eligible teacher and the roster check; district
/// users only (it lists every school's teachers).
pub(crate) async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(file): Path<String>,
    Query(q): Query<RulebookParam>,
) -> Result<Response, AppError> {
    require_district(&viewer.user)?;
    let year = file
        .strip_suffix(".xlsx")
        .and_then(|y| y.parse::<i32>().ok())
        .ok_or_else(|| AppError::NotFound("页面不存在".into()))?;
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let data = super::require(&state, Some(year), rulebook).await?;
    if data.roster.is_empty() {
        return Err(AppError::NotFound(format!("{year} 学年没有教师花名册")));
    }
    let bytes = {
        let ry = data.rotation_year();
        let mismatches = reconcile(&data.records, &data.roster, year);
        junheng_io::rotation::write_rotation_xlsx(&ry, &mismatches, &data.names)
            .map_err(|e| AppError::Internal(e.to_string()))?
    };
    let entry = AuditEntry {
        actor: viewer.user.name.clone(),
        action: "rotation.xlsx",
        target: format!("rotation:{year}"),
        detail: String::new(),
    };
    state.store.audit(&entry).await?;
    Ok(download(XLSX, &format!("rotation-{year}.xlsx"), bytes))
}
