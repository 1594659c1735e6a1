//! Downloads: the blank roster and ledger templates, and the year's rotation workbook — built
//! from the same scoped selections as the `/rotation` page (`super::scoped`, `super::year_ledger`):
//! a school user's workbook holds their school's quota, teachers and ledger entries only; the
//! ledger sheet lists cancelled entries with who, when and why.

use axum::extract::State;
use axum::response::Response;
use junheng_rotation::reconcile;
use junheng_store::AuditEntry;

use crate::access::Member;
use crate::dashboard::RulebookParam;
use crate::error::AppError;
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{XLSX, download};

/// `GET /rotation/template/roster.xlsx` (blank; any logged-in user).
pub(crate) async fn roster_template(_member: Member) -> Response {
    download(
        XLSX,
        "教师花名册模板.xlsx",
        junheng_io::teacher::write_template(),
    )
}

/// `GET /rotation/template/ledger.xlsx` (blank; any logged-in user).
pub(crate) async fn ledger_template(_member: Member) -> Response {
    download(
        XLSX,
        "交流轮岗台账模板.xlsx",
        junheng_io::rotation::write_ledger_template(),
    )
}

/// `GET /rotation/{year}.xlsx?rulebook=`: the quotas, the eligible teachers not yet rotated and
/// the roster check of the caller's scope. Audited: it lists teachers.
pub(crate) async fn export(
    State(state): State<AppState>,
    member: Member,
    Path(file): Path<String>,
    Query(q): Query<RulebookParam>,
) -> Result<Response, AppError> {
    let here = state.here(member.district()?);
    let year = file
        .strip_suffix(".xlsx")
        .and_then(|y| y.parse::<i32>().ok())
        .ok_or_else(|| AppError::not_found(crate::msg!("error-no-page")))?;
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let data = super::require(&here, Some(year), rulebook).await?;
    if data.roster.is_empty() {
        return Err(AppError::not_found(crate::msg!(
            "rotation-error-no-roster",
            v = year
        )));
    }
    let sees = member.sees();
    let entries = super::year_ledger(&here, &sees, &data).await?;
    let bytes = {
        let (ry, district) = super::scoped(data.rotation_year(), &sees, &data);
        let mismatches: Vec<_> = reconcile(&data.records, &data.roster, year)
            .into_iter()
            .filter(|m| sees.in_year(&m.school, &data.groups))
            .collect();
        let ledger = junheng_app::rotation::ledger_lines(&entries, &data.names, year);
        junheng_io::rotation::write_rotation_xlsx(&ry, district, &mismatches, &data.names, &ledger)
            .map_err(|e| AppError::Internal(e.to_string()))?
    };
    let entry = AuditEntry {
        district: None,
        actor: member.user.name.clone(),
        action: "rotation.xlsx",
        target: format!("rotation:{year}"),
        detail: format!("scope={}", member.user.scope),
    };
    here.audit(entry).await?;
    Ok(download(XLSX, &format!("教师交流轮岗-{year}.xlsx"), bytes))
}
