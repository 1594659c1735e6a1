//! `GET /seats/forecast/export.xlsx[?zone=]`: the page's tables as a workbook in Chinese
//! (`junheng_app::seats::forecast::export::sheets`), its download audited.

use axum::extract::State;
use axum::response::Response;

use super::page::zone_unit;
use super::{SettingsQuery, forecast};
use crate::access::DistrictReader;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;

/// `GET /seats/forecast/export.xlsx`: the district's (or `zone`'s) tables.
pub(crate) async fn export(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let f = forecast(&here, &viewer, &q).await?;
    let zone = q.zone.clone().filter(|z| !z.is_empty());
    let unit = match &zone {
        Some(z) => zone_unit(&here, &f, z).await?,
        None => f.district.clone(),
    };
    let sheets = junheng_app::seats::forecast::export::sheets(&f, &unit, zone.as_deref());
    let bytes =
        junheng_io::export::write_xlsx(&sheets).map_err(|e| AppError::Internal(e.to_string()))?;
    let name = match &zone {
        Some(z) => format!("学位预测-{z}.xlsx"),
        None => "学位预测.xlsx".to_owned(),
    };
    crate::students::export(
        &here,
        &viewer,
        "seats.forecast.xlsx",
        format!("seats:{}", zone.as_deref().unwrap_or("district")),
        &name,
        bytes,
    )
    .await
}
