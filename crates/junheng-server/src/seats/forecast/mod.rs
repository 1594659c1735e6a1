//! 学位预测 on the web (issue 16): the forecast of the district and of each 学区 — the
//! back-test first, then the charts of demand against supply with the 高/低 band, then the
//! schools — from `junheng_app::seats::forecast`, and the import of its four files.
//!
//! | route | who | what |
//! |---|---|---|
//! | `GET /seats/forecast` ([`page::district`]) | district readers | the district: back-test, charts, 学区, schools; settings as query parameters |
//! | `GET /seats/forecast/zones/{zone}` ([`page::zone`]) | district readers | one 学区 and its schools |
//! | `GET /seats/forecast/export.xlsx[?zone=]` ([`workbook::export`]) | district readers | the same tables as a workbook |
//! | `GET /api/v1/seats/forecast[?zone=]`, `GET /api/v1/seats/forecast/zones/{zone}` ([`page::json`], [`page::zone_json`]) | district readers | the forecast as data |
//! | `GET /seats/forecast/import` ([`import::page`]) | administrators | what is stored, the four upload forms and templates |
//! | `POST /seats/forecast/import` ([`import::preview`]) | administrators | a file checked: its problems, or what it writes and replaces |
//! | `POST /seats/forecast/import/confirm` ([`import::confirm`]) | administrators | the previewed file written (replacing years only when ticked) |
//! | `GET /seats/forecast/template/{kind}` ([`import::template`]) | administrators | a blank template |
//!
//! Settings (query parameters, all optional, the engine's defaults otherwise): `series`
//! (`resident`, `hukou`), `years` (calibration years), `horizon`, `entry_age`, `clip_low`,
//! `clip_high`, `primary_max`, `junior_max`.

mod chart;
mod import;
mod page;
mod workbook;

use junheng_app::pairings::Caller;
use junheng_app::seats::forecast::{Forecast, ForecastSettings, Refused};
use junheng_core::seats::forecast::BirthSeries;
use serde::Deserialize;

use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::{Entry, get, post};
use crate::state::Here;

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::{Admin, DistrictReader};
    use crate::routes::Body::{Form, Upload};
    vec![
        get("/seats/forecast", DistrictReader, page::district),
        get("/seats/forecast/zones/{zone}", DistrictReader, page::zone),
        get(
            "/seats/forecast/export.xlsx",
            DistrictReader,
            workbook::export,
        ),
        get("/api/v1/seats/forecast", DistrictReader, page::json),
        get(
            "/api/v1/seats/forecast/zones/{zone}",
            DistrictReader,
            page::zone_json,
        ),
        get("/seats/forecast/import", Admin, import::page),
        post("/seats/forecast/import", Admin, Upload, import::preview),
        post(
            "/seats/forecast/import/confirm",
            Admin,
            Form,
            import::confirm,
        ),
        get("/seats/forecast/template/{kind}", Admin, import::template),
    ]
}

/// The settings a request may override.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct SettingsQuery {
    series: Option<String>,
    years: Option<usize>,
    horizon: Option<i32>,
    entry_age: Option<i32>,
    clip_low: Option<f64>,
    clip_high: Option<f64>,
    primary_max: Option<u32>,
    junior_max: Option<u32>,
    /// The 学区 of the workbook and the API's district route.
    zone: Option<String>,
}

impl SettingsQuery {
    /// The settings: the defaults with what the query overrides.
    fn settings(&self) -> Result<ForecastSettings, AppError> {
        let mut s = ForecastSettings::default();
        if let Some(series) = self.series.as_deref().filter(|v| !v.is_empty()) {
            s.series = BirthSeries::parse(series).ok_or_else(|| {
                AppError::BadRequest("出生口径应为 resident（常住）或 hukou（户籍）".into())
            })?;
        }
        let m = &mut s.model;
        m.calibration_years = self.years.unwrap_or(m.calibration_years);
        m.horizon = self.horizon.unwrap_or(m.horizon);
        m.entry_age = self.entry_age.unwrap_or(m.entry_age);
        m.clip = (
            self.clip_low.unwrap_or(m.clip.0),
            self.clip_high.unwrap_or(m.clip.1),
        );
        s.limits = [
            self.primary_max.unwrap_or(s.limits[0]),
            self.junior_max.unwrap_or(s.limits[1]),
        ];
        junheng_app::seats::forecast::check_settings(&s)?;
        Ok(s)
    }

    /// The settings as a query string (without `zone`), for links that keep them.
    fn query(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", crate::views::query_value(&v)));
            }
        };
        push("series", self.series.clone());
        push("years", self.years.map(|v| v.to_string()));
        push("horizon", self.horizon.map(|v| v.to_string()));
        push("entry_age", self.entry_age.map(|v| v.to_string()));
        push("clip_low", self.clip_low.map(|v| v.to_string()));
        push("clip_high", self.clip_high.map(|v| v.to_string()));
        push("primary_max", self.primary_max.map(|v| v.to_string()));
        push("junior_max", self.junior_max.map(|v| v.to_string()));
        parts.join("&")
    }
}

/// A refusal of the use-case layer as the server says it.
fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::Problems(f) => AppError::BadRequest(f.to_string()),
        Refused::Unconfirmed(_) => AppError::BadRequest(e.to_string()),
        Refused::Store(e) => e.into(),
    }
}

/// The forecast of the viewer's district under the request's settings.
async fn forecast(here: &Here, viewer: &Viewer, q: &SettingsQuery) -> Result<Forecast, AppError> {
    let settings = q.settings()?;
    junheng_app::seats::forecast::forecast(&here.store, &Caller::User(&viewer.user), &settings)
        .await
        .map_err(refusal)
}
