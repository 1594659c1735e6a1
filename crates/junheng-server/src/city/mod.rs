//! 各区县比较: the city (or province) page. Every district of the viewer's region side by side
//! for a school year — verdict, each section's 差异系数 against its limit, failing units, the
//! rotation quota, data freshness and the creation phase — sortable, exportable (`/city.xlsx`,
//! `/api/v1/city`: the same [`scoped`] selection), with each district's trend over the years
//! and a drill-down into its pages (read-only: `/city/enter`).
//!
//! Beside the comparison, each district's 集团化办学 coverage and the region's total from the
//! summed counts (`coverage`), in the page, the workbook and the JSON alike.
//!
//! A row is a summary of a district: no school and no person is named.

mod coverage;
pub(crate) mod page;
mod phases;

pub(crate) use page::{page, progress_text, status_key, target_text};
pub(crate) use phases::{phases_page, record_step, set_target};

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use junheng_app::city::{
    self as app, CityRow, CoverageSummary, EvaluationSummary, RotationSummary, SortKey, Trend,
};
use junheng_core::rulebook::Rulebook;
use junheng_rotation::{groups_of, rotation_year, special_schools};
use junheng_store::{AuditEntry, District, Freshness, MoveFilter, Scope};
use serde::{Deserialize, Serialize};

use crate::access::Regional;
use crate::dashboard::rulebook;
use crate::error::{ApiError, AppError};
use crate::params::Query;
use crate::state::{AppState, Here};

/// `?year=2024&rulebook=cn-2017&sort=failing&desc=1`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CityQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub sort: Option<String>,
    pub desc: Option<String>,
}

impl CityQuery {
    fn descending(&self) -> bool {
        matches!(self.desc.as_deref(), Some("1" | "true"))
    }

    fn key(&self) -> Result<SortKey, AppError> {
        match self
            .sort
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(SortKey::Code),
            Some(name) => SortKey::parse(name).ok_or_else(|| {
                let names: Vec<&str> = SortKey::ALL.iter().map(|(_, n)| *n).collect();
                AppError::bad_request(crate::msg!(
                    "city-bad-sort",
                    v = crate::views::cut(name),
                    keys = names.join(", "),
                ))
            }),
        }
    }
}

/// What the page, the workbook and the JSON show: one selection.
pub(crate) struct CityView {
    /// The region's name (重庆市).
    pub region: String,
    pub year: i32,
    /// Every school year any district of the region has, newest first.
    pub years: Vec<i32>,
    pub rulebook: Rulebook,
    pub key: SortKey,
    pub descending: bool,
    pub rows: Vec<CityRow>,
    /// Each district's evaluation of every year it has.
    pub trend: Vec<Trend>,
    /// The region's coverage: the districts' counts summed (`None`: no district has data).
    pub coverage: Option<CoverageSummary>,
}

/// The comparison of the viewer's region for the year asked (the newest any district has by
/// default), sorted as asked.
pub(crate) async fn scoped(
    state: &AppState,
    region: &Scope,
    q: &CityQuery,
) -> Result<CityView, AppError> {
    let rulebook = rulebook(q.rulebook.as_deref())?;
    let (key, descending) = (q.key()?, q.descending());
    let cache_key = format!("{region:?}:{:?}:{}", q.year, rulebook.id);
    let view = match state.recent_city::<CityView>(&cache_key) {
        Some(v) => v,
        None => {
            let v = Arc::new(compute(state, region, q.year, rulebook).await?);
            state.remember_city(cache_key, v.clone());
            v
        }
    };
    let mut rows = view.rows.clone();
    app::sort(&mut rows, key, descending);
    Ok(CityView {
        region: view.region.clone(),
        year: view.year,
        years: view.years.clone(),
        rulebook: view.rulebook.clone(),
        key,
        descending,
        rows,
        trend: view.trend.clone(),
        coverage: view.coverage.clone(),
    })
}

/// The comparison of `region` for `year` (the newest any district has by default), by code.
async fn compute(
    state: &AppState,
    region: &Scope,
    year: Option<i32>,
    rulebook: Rulebook,
) -> Result<CityView, AppError> {
    let districts: Vec<District> = state
        .districts()
        .await?
        .iter()
        .filter(|d| d.in_region(region))
        .cloned()
        .collect();
    let fresh = state.store.freshness().await?;
    let fresh: Vec<Freshness> = fresh
        .into_iter()
        .filter(|f| districts.iter().any(|d| d.id == f.district))
        .collect();
    let mut years: Vec<i32> = fresh.iter().map(|f| f.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = match year {
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            return Err(AppError::not_found(crate::msg!(
                "city-no-district-has-year",
                year = y.to_string(),
            )));
        }
        None => years.first().copied().unwrap_or_else(app::this_year),
    };
    let marks = state.store.ledger_marks().await?;
    let creations = state.store.creations().await?;
    let packages = state.store.received_packages(None).await?;
    let this_year = app::this_year();
    let today = junheng_app::tasks::beijing_today();
    let mut rows = Vec::with_capacity(districts.len());
    let mut trend = Vec::with_capacity(districts.len());
    for d in districts {
        let here = state.here(&d);
        let mark = marks
            .iter()
            .find(|(id, _)| *id == d.id)
            .map_or("0", |(_, m)| m.as_str());
        let mut history = Vec::new();
        for f in fresh.iter().filter(|f| f.district == d.id).rev() {
            history.push((f.year, summary(&here, f, &rulebook).await?.as_ref().clone()));
        }
        let this = fresh.iter().find(|f| f.district == d.id && f.year == year);
        let district_coverage = match this {
            None => None,
            Some(f) => Some(coverage::of_district(&here, f).await?.as_ref().clone()),
        };
        let (evaluation, rotation) = match this {
            None => (Err(format!("没有 {year} 学年的数据")), None),
            Some(f) => (
                history
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, s)| s.clone())
                    .expect("the year's freshness is in its history"),
                *quota(&here, f, mark, &rulebook).await?,
            ),
        };
        let creation = creations
            .iter()
            .find(|(id, _)| *id == d.id)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        trend.push((d.clone(), history));
        rows.push(
            CityRow::new(
                d,
                this.cloned(),
                evaluation,
                rotation,
                creation,
                &packages,
                this_year,
            )
            .with_coverage(district_coverage)
            .with_readiness(
                junheng_app::inspection::readiness(&here.store, year, &rulebook.id).await?,
            )
            .with_tasks(
                junheng_app::tasks::counts(&here.store, &today).await?,
                &today,
            ),
        );
    }
    Ok(CityView {
        coverage: app::region_total(&rows),
        region: region_name(&rows, region),
        year,
        years,
        rulebook,
        key: SortKey::Code,
        descending: false,
        rows,
        trend,
    })
}

fn region_name(rows: &[CityRow], region: &Scope) -> String {
    let named = rows.first().map(|r| match region {
        Scope::Province(_) => r.district.province.1.clone(),
        _ => r.district.city.1.clone(),
    });
    named
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| match region {
            Scope::Province(code) | Scope::City(code) => code.clone(),
            _ => String::new(),
        })
}

type Summary = Result<EvaluationSummary, String>;

/// The evaluation summary of a district's year (cached by version and rulebook).
async fn summary(
    here: &Here,
    f: &Freshness,
    rulebook: &Rulebook,
) -> Result<Arc<Summary>, AppError> {
    let key = format!("city:summary:{}:{}:{}", f.year, f.version, rulebook.id);
    let (here2, rulebook, f) = (here.clone(), rulebook.clone(), f.clone());
    here.city_view(key, async move {
        let evaluated = here2.evaluation_of(f.year, f.version, &rulebook).await?;
        Ok(evaluated
            .evaluation()
            .map(EvaluationSummary::of)
            .map_err(|e| e.to_string()))
    })
    .await
}

/// The district quota of a year with a roster (cached by statistics and roster versions and
/// the ledger's mark).
async fn quota(
    here: &Here,
    f: &Freshness,
    mark: &str,
    rulebook: &Rulebook,
) -> Result<Arc<Option<RotationSummary>>, AppError> {
    let Some(roster_version) = f.roster_version else {
        return Ok(Arc::new(None));
    };
    let key = format!(
        "city:quota:{}:{}:{roster_version}:{mark}:{}",
        f.year, f.version, rulebook.id
    );
    let (here2, rules, f) = (here.clone(), rulebook.rotation, f.clone());
    here.city_view(key, async move {
        let records = here2.records(f.year, f.version).await?;
        let roster = here2.store.roster_at(f.year, roster_version).await?;
        let ledger: Vec<_> = here2
            .store
            .moves(&MoveFilter::default())
            .await?
            .into_iter()
            .map(|e| e.move_)
            .collect();
        tokio::task::spawn_blocking(move || {
            let groups = groups_of(&records, f.year);
            let special = special_schools(&records, f.year);
            let ry = rotation_year(f.year, &roster, &ledger, &groups, &special, &rules);
            Some(RotationSummary::of(&ry.district))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
}

/// `GET /city.xlsx`: the comparison, the trend and the coverage, as shown.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Response, AppError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    let tables = [
        app::comparison(&v.rows),
        app::trend(&v.trend),
        app::coverage_table(&v.rows, v.coverage.as_ref(), &v.region),
        app::coverage_definitions(),
    ];
    let bytes = tokio::task::spawn_blocking(move || junheng_io::export::write_xlsx(&tables))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .audit(&AuditEntry {
            district: None,
            actor: viewer.user.name.clone(),
            action: "city.xlsx",
            target: format!("{}/{}", v.year, v.rulebook.id),
            detail: format!("{} 个区县", v.rows.len()),
        })
        .await?;
    let name = format!("各区县比较-{}-{}.xlsx", v.year, v.rulebook.id);
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}

/// The JSON of `/api/v1/city`.
#[derive(Serialize)]
pub(crate) struct CityJson {
    region: String,
    year: i32,
    years: Vec<i32>,
    rulebook: String,
    sort: &'static str,
    descending: bool,
    /// Each with its coverage (`null`: no data for the year).
    districts: Vec<CityRow>,
    /// The region's coverage, its definitions and the city target.
    coverage: coverage::CoverageJson,
}

/// `GET /api/v1/city`
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Json<CityJson>, ApiError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    let coverage = coverage::CoverageJson::of(&v);
    Ok(Json(CityJson {
        coverage,
        region: v.region,
        year: v.year,
        years: v.years,
        rulebook: v.rulebook.id,
        sort: v.key.name(),
        descending: v.descending,
        districts: v.rows,
    }))
}

/// `?district=500112`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Enter {
    pub district: Option<String>,
}

/// `GET /city/enter?district=CODE`: look into a district of the region (read-only), its
/// dashboard first; without a code, back to the city page with no district chosen.
pub(crate) async fn enter(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<Enter>,
) -> Result<Response, AppError> {
    let code = q.district.as_deref().map(str::trim).unwrap_or_default();
    let (value, age, to) = if code.is_empty() {
        (String::new(), Some(std::time::Duration::ZERO), "/city")
    } else {
        let all = state.districts().await?;
        let d = all
            .iter()
            .find(|d| d.code == code && d.in_region(&viewer.region))
            .ok_or_else(|| {
                AppError::not_found(crate::msg!(
                    "city-no-district-in-scope",
                    v = crate::views::cut(code),
                ))
            })?;
        (d.code.clone(), None, "/dashboard")
    };
    let cookie = crate::auth::set_cookie(&state, crate::access::DISTRICT_COOKIE, &value, age);
    Ok((
        axum::http::StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, cookie),
            (LOCATION, to.parse().expect("a path")),
        ],
    )
        .into_response())
}
