//! Schools on a map (SVG, offline), coloured by verdict; only schools the viewer may see.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::school::school_year;

use crate::access::Member;
use crate::charts::{self, Site};
use crate::dashboard::{Selection, require_selection};
use crate::error::AppError;
use crate::params::Query;
use crate::schools::school_verdict;
use crate::state::AppState;
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    layout: Layout,
    /// The year switch.
    years: Vec<crate::dashboard::YearChip>,
    year_label: String,
    map: String,
    placed: usize,
    missing: usize,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sel = require_selection(&here, &q).await?;
    let e = sel.evaluation()?;
    let sees = viewer.sees();
    let visible: Vec<_> = sel.records().iter().filter(|r| sees.record(r)).collect();
    let hrefs: Vec<String> = visible
        .iter()
        .map(|r| format!("/schools/{}", r.code))
        .collect();
    let labels: Vec<String> = visible
        .iter()
        .map(|r| format!("{} {}（{}）", r.code, r.name, school_verdict(e, &r.code).0))
        .collect();
    let sites: Vec<Site<'_>> = visible
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.location.map(|l| Site {
                label: &labels[i],
                href: &hrefs[i],
                longitude: l.longitude,
                latitude: l.latitude,
                passes: school_verdict(e, &r.code).1,
            })
        })
        .collect();
    let page = MapPage {
        layout: Layout::new("地图", &viewer),
        years: crate::dashboard::year_switch(&sel.years, |y| {
            format!("/map?year={y}&rulebook={}", sel.rulebook.id)
        }),
        year_label: school_year(sel.year),
        placed: sites.len(),
        missing: visible.len() - sites.len(),
        map: charts::map("学校分布（绿色达标，红色未达标）", &sites),
    };
    Ok(render(&page))
}
