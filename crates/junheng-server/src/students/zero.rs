//! 动态清零 of 控辍保学 where the registry's pages, the dashboard and the city page show it:
//! the open cases of a district by state and the schools with one — counts, never a name; and
//! `GET /api/v1/students/zero`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::students::ledgers::zero_status;
use junheng_app::students::who::Sight;
use junheng_store::District;
use serde::Serialize;

use super::{Reach, sight_of};
use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::state::{AppState, Here};

/// The 动态清零 status as a card shows it (the overview, the dashboard).
pub(crate) struct ZeroCard {
    /// Every case closed.
    pub zero: bool,
    pub open: u64,
    pub schools_open: u64,
    /// Open cases per state (Chinese name, count), states with none left out.
    pub by_state: Vec<(&'static str, u64)>,
    /// Where the card leads (控辍保学's pages for who keeps the cases, else the students'
    /// overview; empty: nowhere) and the catalogue key of the link.
    pub link: &'static str,
    pub link_key: &'static str,
}

/// The 动态清零 card of a viewer who sees the district's counts; `None` for the others.
pub(crate) async fn zero_card(here: &Here, viewer: &Viewer) -> Result<Option<ZeroCard>, AppError> {
    let sight = sight_of(viewer);
    if Reach::of(&sight) != Some(Reach::District) {
        return Ok(None);
    }
    let status = zero_status(&here.store).await?;
    let (link, link_key) = if matches!(sight, Sight::Everything | Sight::Cases) {
        ("/students/dropout", "students-dropout-link")
    } else {
        ("/students", "students-title")
    };
    Ok(Some(ZeroCard {
        zero: status.zero(),
        open: status.open,
        schools_open: status.schools_open,
        by_state: status
            .by_state
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect(),
        link,
        link_key,
    }))
}

/// The rates the city page compares, in its columns' order.
pub(crate) const CITY_RATES: [&str; 4] = [
    "junior_consolidation",
    "nine_year_consolidation",
    "disabled",
    "migrant",
];

/// A district's students on the city page: its rates of the year and its 动态清零 — counts
/// and rates only, never a name.
#[derive(Clone)]
pub(crate) struct DistrictZero {
    pub code: String,
    /// The district's name (data).
    pub name: String,
    /// [`CITY_RATES`]' values ("—" where not computed) and whether each meets its 督导 floor
    /// (`pass`, `fail`, or empty where it has none or no value).
    pub rates: Vec<(String, &'static str)>,
    pub open: u64,
    pub schools_open: u64,
}

/// The students' table of the city page: the rates' names (Chinese, data) and each of
/// `districts` (the region a city or province viewer compares) in school year `year`.
pub(crate) async fn by_district(
    state: &AppState,
    districts: &[District],
    year: i32,
) -> Result<(Vec<&'static str>, Vec<DistrictZero>), AppError> {
    // Read from every district's registry files and ledgers: kept like the region's comparison
    // (5 s, forgotten at once after this server's imports and city writes), so that a city page
    // under load does not read them again for each request.
    let codes: Vec<&str> = districts.iter().map(|d| d.code.as_str()).collect();
    let key = format!("students-zero:{year}:{}", codes.join(","));
    if let Some(table) = state.recent_city::<ZeroTable>(&key) {
        return Ok((*table).clone());
    }
    let table = read_by_district(state, districts, year).await?;
    state.remember_city(key, std::sync::Arc::new(table.clone()));
    Ok(table)
}

/// The rates' names and each district's line.
type ZeroTable = (Vec<&'static str>, Vec<DistrictZero>);

async fn read_by_district(
    state: &AppState,
    districts: &[District],
    year: i32,
) -> Result<ZeroTable, AppError> {
    let variant = state.config.students.consolidation;
    let lines = junheng_app::students::rates::city(&state.store, districts, year, variant).await?;
    let names = CITY_RATES
        .iter()
        .map(|id| {
            lines
                .iter()
                .flat_map(|l| &l.rates.lines)
                .find(|r| r.id == *id)
                .map_or(*id, |r| r.name)
        })
        .collect();
    let rows = lines
        .into_iter()
        .map(|l| DistrictZero {
            rates: CITY_RATES
                .iter()
                .map(|id| {
                    let rate = l.rates.lines.iter().find(|r| r.id == *id);
                    let rate = rate.and_then(|r| r.rate.as_ref());
                    let value = rate.and_then(|r| r.value);
                    let class = match (value, rate.and_then(|r| r.floor)) {
                        (Some(v), Some(f)) if v >= f => "pass",
                        (Some(_), Some(_)) => "fail",
                        _ => "",
                    };
                    (super::percent(value), class)
                })
                .collect(),
            code: l.district.code,
            name: l.district.name,
            open: l.zero.open,
            schools_open: l.zero.schools_open,
        })
        .collect();
    Ok((names, rows))
}

/// The 动态清零 status in the API.
#[derive(Serialize)]
struct ZeroJson {
    /// Every case closed.
    zero: bool,
    #[serde(flatten)]
    status: junheng_app::students::ledgers::ZeroStatus,
}

/// `GET /api/v1/students/zero`: the district's 动态清零 status (counts, no names), for the
/// roles that see the district's counts.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    if Reach::of(&sight_of(&viewer)) != Some(Reach::District) {
        return Err(AppError::Forbidden.into());
    }
    let status = zero_status(&here.store).await.map_err(AppError::from)?;
    Ok(Json(ZeroJson {
        zero: status.zero(),
        status,
    })
    .into_response())
}
