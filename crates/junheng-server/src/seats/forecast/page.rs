//! The forecast pages of the district and of a 学区, and the same selections as JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::seats::forecast::export::peak;
use junheng_app::seats::forecast::{Forecast, SchoolForecast, UnitForecast};
use junheng_core::school::Section;
use serde::Serialize;

use super::{SettingsQuery, chart::chart, forecast};
use crate::access::{DistrictReader, Viewer};
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::params::{Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render, urlencode};

/// A row of the back-test table.
pub(super) struct BackRow {
    pub section: &'static str,
    pub mape: String,
    pub tests: usize,
}

/// A progression step: 1→2 … 8→9, observed and used.
pub(super) struct StepRow {
    pub step: String,
    pub observed: String,
    pub used: String,
    pub junior_entry: bool,
}

/// A year of the unit: demand per scenario, supply, the gaps.
pub(super) struct YearRow {
    pub year: i32,
    pub low: String,
    pub middle: String,
    pub high: String,
    pub supply: String,
    pub added: String,
    pub seats_short: String,
    pub classes_short: String,
}

/// A 学区 (district page) or a school (both pages) in the summary tables.
pub(super) struct UnitRow {
    pub name: String,
    pub href: String,
    pub code: String,
    pub zone: String,
    pub capacity: String,
    pub demand: Vec<String>,
    pub first_over: String,
    pub first_over_high: String,
    pub peak_seats: String,
    pub peak_classes: String,
    pub over: bool,
    pub error: String,
}

#[derive(Template)]
#[template(path = "seats_forecast.html")]
struct ForecastPage {
    layout: Layout,
    /// The unit's name as HTML (data marked).
    name: String,
    district: bool,
    admin: bool,
    base: Option<i32>,
    horizon: i32,
    series: &'static str,
    years_setting: usize,
    primary_max: u32,
    junior_max: u32,
    export: String,
    error: String,
    backtest: Vec<BackRow>,
    entry: Vec<(String, String)>,
    steps: Vec<StepRow>,
    fed: String,
    charts: Vec<String>,
    years: Vec<YearRow>,
    heads: Vec<i32>,
    zones: Vec<UnitRow>,
    schools: Vec<UnitRow>,
    unmapped: String,
}

/// A count of pupils or seats as shown.
pub(super) fn whole(v: f64) -> String {
    format!("{:.0}", v.round())
}

fn over_text(lang: Lang, unit: &UnitForecast, year: Option<i32>) -> String {
    if unit.years.iter().all(|y| y.supply.is_none()) {
        return lang.t("seats-forecast-no-capacity").to_owned();
    }
    year.map_or_else(
        || lang.t("seats-forecast-never").to_owned(),
        |y| y.to_string(),
    )
}

fn unit_row(
    lang: Lang,
    limits: [u32; 2],
    unit: &UnitForecast,
    href: String,
    school: Option<&SchoolForecast>,
) -> UnitRow {
    let (seats, classes) = peak(&unit.years);
    let capacity = match school {
        Some(s) => s.capacity.as_ref().map_or(String::new(), |c| {
            let seats = |seats: Option<u32>, classes: Option<u32>, l: u32| {
                seats.or(classes.map(|c| c * l)).unwrap_or(0)
            };
            (seats(c.primary_seats, c.primary_classes, limits[0])
                + seats(c.junior_seats, c.junior_classes, limits[1]))
            .to_string()
        }),
        None => unit
            .years
            .first()
            .and_then(|y| y.supply)
            .map_or(String::new(), |s| whole(s.total())),
    };
    UnitRow {
        name: unit.name.clone(),
        href,
        code: school.map_or(String::new(), |s| s.code.to_string()),
        zone: school.and_then(|s| s.zone.clone()).unwrap_or_default(),
        capacity,
        demand: unit
            .years
            .iter()
            .map(|y| whole(y.demand_total(1)))
            .collect(),
        first_over: over_text(lang, unit, unit.first_over),
        first_over_high: over_text(lang, unit, unit.first_over_high),
        peak_seats: seats.map_or("0".into(), |(v, y)| format!("{} ({y})", whole(v))),
        peak_classes: classes.map_or("0".into(), |(v, y)| format!("{v} ({y})")),
        over: unit.first_over.is_some(),
        error: unit.error.clone().unwrap_or_default(),
    }
}

/// The name of a unit as HTML: the district by the interface's word, a 学区 as data.
fn name_html(lang: Lang, unit: &UnitForecast, district: bool) -> String {
    if district {
        crate::views::escape(lang.t("seats-forecast-district"))
    } else {
        marks::zh(lang, &unit.name)
    }
}

fn build(
    viewer: &Viewer,
    f: &Forecast,
    unit: &UnitForecast,
    zone: Option<&str>,
    q: &SettingsQuery,
) -> ForecastPage {
    let lang = viewer.lang;
    let district = zone.is_none();
    let name = name_html(lang, unit, district);
    let model = unit.model.as_ref();
    let backtest = model.map_or(Vec::new(), |m| {
        m.back_test
            .iter()
            .map(|b| BackRow {
                section: if b.section == Section::Primary {
                    "seats-forecast-primary"
                } else {
                    "seats-forecast-junior"
                },
                mape: b.mape.map_or_else(
                    || lang.t("seats-forecast-no-tests").to_owned(),
                    |m| format!("{m:.1}%"),
                ),
                tests: b.tests.len(),
            })
            .collect()
    });
    let entry = model.map_or(Vec::new(), |m| {
        m.projections
            .first()
            .map(|_| {
                m.calibration
                    .entry
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        let source = if i == 0 {
                            f.settings.series.label()
                        } else {
                            "随迁子女"
                        };
                        (source.to_owned(), format!("{k:.3}"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let steps = model.map_or(Vec::new(), |m| {
        (0..8)
            .map(|g| StepRow {
                step: format!("{}→{}", g + 1, g + 2),
                observed: m.calibration.observed[g].map_or("—".into(), |r| format!("{r:.3}")),
                used: format!("{:.3}", m.calibration.progression[g]),
                junior_entry: g == 5,
            })
            .collect()
    });
    let fed = model.and_then(|m| m.fed_share).map_or(String::new(), |s| {
        lang.t_v("seats-forecast-fed", format!("{:.1}%", s * 100.0))
    });
    let charts = if unit.years.is_empty() {
        Vec::new()
    } else {
        [
            ("seats-forecast-chart-primary", 0),
            ("seats-forecast-chart-junior", 1),
        ]
        .into_iter()
        .filter(|(_, s)| unit.years.iter().any(|y| y.demand[1][*s] > 0.0))
        .map(|(key, s)| {
            let v = if district {
                Var::arg(lang.t("seats-forecast-district"))
            } else {
                Var::Data(&unit.name)
            };
            chart(lang, &marks::html(lang, key, &[("v", v)]), unit, s)
        })
        .collect()
    };
    let years = unit
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year,
            low: whole(y.demand_total(2)),
            middle: whole(y.demand_total(1)),
            high: whole(y.demand_total(0)),
            supply: y.supply.map_or("—".into(), |s| whole(s.total())),
            added: y.supply.map_or(String::new(), |s| {
                (s.added_classes[0] + s.added_classes[1]).to_string()
            }),
            seats_short: whole(y.seats_short()),
            classes_short: y.classes_short().to_string(),
        })
        .collect();
    let query = q.query();
    let keep = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let zones = if district {
        f.zones
            .iter()
            .map(|z| {
                unit_row(
                    lang,
                    f.settings.limits,
                    z,
                    format!("/seats/forecast/zones/{}{keep}", urlencode(&z.name)),
                    None,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let schools = f
        .schools_of(zone)
        .map(|s| unit_row(lang, f.settings.limits, &s.unit, String::new(), Some(s)))
        .collect();
    let mut export = format!("/seats/forecast/export.xlsx?{query}");
    if let Some(z) = zone {
        export.push_str(&format!("&zone={}", urlencode(z)));
    }
    ForecastPage {
        layout: Layout::new(
            if district {
                "seats-forecast-title"
            } else {
                "seats-forecast-zone-title"
            },
            viewer,
        ),
        name,
        district,
        admin: junheng_app::pairings::may_write(&junheng_app::pairings::Caller::User(&viewer.user)),
        base: f.base_year,
        horizon: f.settings.model.horizon,
        series: f.settings.series.id(),
        years_setting: f.settings.model.calibration_years,
        primary_max: f.settings.limits[0],
        junior_max: f.settings.limits[1],
        export,
        error: unit.error.clone().unwrap_or_default(),
        backtest,
        entry,
        steps,
        fed,
        charts,
        heads: unit.years.iter().map(|y| y.year).collect(),
        years,
        zones,
        schools,
        unmapped: if district {
            f.unmapped_areas.join("、")
        } else {
            String::new()
        },
    }
}

/// `GET /seats/forecast`: the district.
pub(crate) async fn district(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let f = forecast(&here, &viewer, &q).await?;
    Ok(render(&build(&viewer, &f, &f.district, None, &q)))
}

/// The 学区 `name` of the forecast, or of the statistics (a 学区 without forecast data yet);
/// 404 for any other name.
pub(super) async fn zone_unit(
    here: &Here,
    f: &Forecast,
    name: &str,
) -> Result<UnitForecast, AppError> {
    if let Some(z) = f.zone(name) {
        return Ok(z.clone());
    }
    let (zones, _) = junheng_app::seats::forecast::schools(&here.store).await?;
    if zones.values().flatten().any(|z| z == name) {
        return Ok(UnitForecast {
            name: name.to_owned(),
            model: None,
            error: Some("该学区还没有可预测的出生人口和在校生数据".into()),
            years: Vec::new(),
            first_over: None,
            first_over_high: None,
        });
    }
    Err(AppError::not_found(crate::msg!("error-no-page")))
}

/// `GET /seats/forecast/zones/{zone}`: one 学区.
pub(crate) async fn zone(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(name): Path<String>,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let f = forecast(&here, &viewer, &q).await?;
    let unit = zone_unit(&here, &f, &name).await?;
    Ok(render(&build(&viewer, &f, &unit, Some(&name), &q)))
}

/// The forecast of a unit as data.
#[derive(Serialize)]
struct Data<'a> {
    settings: &'a junheng_app::seats::forecast::ForecastSettings,
    base_year: Option<i32>,
    unit: &'a UnitForecast,
    zones: Vec<&'a UnitForecast>,
    schools: Vec<&'a SchoolForecast>,
    unmapped_areas: &'a [String],
}

/// `GET /api/v1/seats/forecast[?zone=]`: the district (or one 学区) with its 学区 and schools.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let f = forecast(&here, &viewer, &q).await?;
    match q.zone.clone().filter(|z| !z.is_empty()) {
        Some(z) => answer(&here, &f, &z).await,
        None => Ok(Json(Data {
            settings: &f.settings,
            base_year: f.base_year,
            unit: &f.district,
            zones: f.zones.iter().collect(),
            schools: f.schools.iter().collect(),
            unmapped_areas: &f.unmapped_areas,
        })
        .into_response()),
    }
}

async fn answer(here: &Here, f: &Forecast, zone: &str) -> Result<Response, ApiError> {
    let unit = zone_unit(here, f, zone).await?;
    Ok(Json(Data {
        settings: &f.settings,
        base_year: f.base_year,
        unit: &unit,
        zones: Vec::new(),
        schools: f.schools_of(Some(zone)).collect(),
        unmapped_areas: &[],
    })
    .into_response())
}

/// `GET /api/v1/seats/forecast/zones/{zone}`: one 学区 and its schools.
pub(crate) async fn zone_json(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Path(name): Path<String>,
    Query(q): Query<SettingsQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let f = forecast(&here, &viewer, &q).await?;
    answer(&here, &f, &name).await
}
