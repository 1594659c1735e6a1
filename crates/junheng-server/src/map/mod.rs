//! The map: the district's outline and townships (uploaded by an administrator, [`upload`])
//! under the schools the viewer may see, coloured by verdict; a year switch and filters by
//! 学段, 集团, 学区 and verdict.

mod upload;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::school::{SchoolRecord, school_year};
use junheng_store::Capability;
use serde::Deserialize;

use crate::access::{Member, Sees, Viewer};
use crate::charts::{self, Site};
use crate::dashboard::{Selection, YearChip, select, year_switch};
use crate::error::AppError;
use crate::i18n::marks::{self, Var};
use crate::params::Query;
use crate::schools::school_verdict;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

pub(crate) use upload::upload;

/// The map's query: year and rulebook as every evaluated page, and the filters.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MapQuery {
    year: Option<i32>,
    rulebook: Option<String>,
    /// `primary` or `junior`.
    section: Option<String>,
    group: Option<String>,
    zone: Option<String>,
    /// `pass` or `fail`.
    verdict: Option<String>,
    /// Set after an upload: say what was saved.
    saved: Option<u8>,
}

/// A value of a filter's choice list: (value, label, selected).
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    layout: Layout,
    year_label: String,
    /// The selected year (the filters' form keeps it).
    year: String,
    years: Vec<YearChip>,
    rulebook: String,
    map: String,
    placed: usize,
    missing: usize,
    sections: Vec<Choice>,
    groups: Vec<Choice>,
    zones: Vec<Choice>,
    verdicts: Vec<Choice>,
    /// The stored boundary's file, size and uploader (HTML).
    boundary: String,
    admin: bool,
    csrf: String,
    message: String,
    /// Why an upload was refused (HTML: the store's reason is data).
    error: String,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn choices<'a>(
    all: &str,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: Option<&str>,
) -> Vec<Choice> {
    let mut out = vec![(String::new(), all.to_owned(), selected.is_none())];
    out.extend(
        values
            .into_iter()
            .map(|(v, l)| (v.to_owned(), l.to_owned(), selected == Some(v))),
    );
    out
}

/// Whether a school has the section asked for.
fn has_section(r: &SchoolRecord, section: Option<&str>) -> bool {
    match section {
        Some("primary") => r.primary.students > 0,
        Some("junior") => r.junior.students > 0,
        _ => true,
    }
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<MapQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let message = match q.saved {
        Some(_) => match here.store.boundary().await? {
            Some(b) => crate::tr!(
                viewer.lang,
                "map-saved",
                points = b.vertices,
                townships = b.township_count,
            ),
            None => String::new(),
        },
        None => String::new(),
    };
    Ok(render(
        &build(&here, &viewer, &q, message, String::new()).await?,
    ))
}

/// The page for `q`, with a message after an upload or the error (HTML) of a refused one.
async fn build(
    here: &Here,
    viewer: &Viewer,
    q: &MapQuery,
    message: String,
    error: String,
) -> Result<MapPage, AppError> {
    let selection = Selection {
        year: q.year,
        rulebook: q.rulebook.clone(),
    };
    let sel = select(here, &selection).await?;
    let boundary = junheng_app::map::boundary(&here.store).await?;
    let stored = here.store.boundary().await?;
    let sees = viewer.sees();
    let lang = viewer.lang;
    let own = match &sees {
        Sees::School(code) => Some(code.clone()),
        _ => None,
    };
    let (section, group, zone, verdict) = (
        given(&q.section),
        given(&q.group),
        given(&q.zone),
        given(&q.verdict),
    );
    let empty: &[SchoolRecord] = &[];
    let records = sel.as_ref().map_or(empty, |s| s.records());
    let visible: Vec<&SchoolRecord> = records.iter().filter(|r| sees.record(r)).collect();
    let mut group_names: Vec<&str> = visible.iter().filter_map(|r| r.group.as_deref()).collect();
    group_names.sort_unstable();
    group_names.dedup();
    let mut zone_names: Vec<&str> = visible.iter().filter_map(|r| r.zone.as_deref()).collect();
    zone_names.sort_unstable();
    zone_names.dedup();
    let evaluation = match &sel {
        Some(s) => Some(s.evaluation()?),
        None => None,
    };
    let verdicts: Vec<(String, bool)> = visible
        .iter()
        .map(|r| {
            evaluation.map_or(("—".to_owned(), true), |e| {
                school_verdict(lang, e, &r.code)
            })
        })
        .collect();
    let chosen: Vec<usize> = (0..visible.len())
        .filter(|&i| {
            let r = visible[i];
            has_section(r, section)
                && group.is_none_or(|g| r.group.as_deref() == Some(g))
                && zone.is_none_or(|z| r.zone.as_deref() == Some(z))
                && match verdict {
                    Some("pass") => verdicts[i].1,
                    Some("fail") => !verdicts[i].1,
                    _ => true,
                }
        })
        .collect();
    let hrefs: Vec<String> = chosen
        .iter()
        .map(|&i| format!("/schools/{}", visible[i].code))
        .collect();
    let codes: Vec<String> = chosen
        .iter()
        .map(|&i| visible[i].code.to_string())
        .collect();
    let sites: Vec<Site<'_>> = chosen
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| {
            let r = visible[i];
            r.location.map(|l| Site {
                code: &codes[k],
                name: &r.name,
                verdict: &verdicts[i].0,
                href: &hrefs[k],
                longitude: l.longitude,
                latitude: l.latitude,
                passes: verdicts[i].1,
                own: own.as_ref() == Some(&r.code),
            })
        })
        .collect();
    let year_label = sel.as_ref().map_or(String::new(), |s| school_year(s.year));
    let title = if year_label.is_empty() {
        crate::views::escape(lang.t("map-boundary-title"))
    } else {
        crate::views::escape(&crate::tr!(
            lang,
            "map-schools-title",
            v = year_label.as_str()
        ))
    };
    Ok(MapPage {
        layout: Layout::new("map-map", viewer),
        year: sel.as_ref().map_or(String::new(), |s| s.year.to_string()),
        years: sel.as_ref().map_or(Vec::new(), |s| {
            year_switch(&s.years, |y| {
                format!("/map?year={y}&rulebook={}", s.rulebook.id)
            })
        }),
        rulebook: sel
            .as_ref()
            .map_or(String::new(), |s| s.rulebook.id.clone()),
        year_label,
        placed: sites.len(),
        missing: chosen.len() - sites.len(),
        map: charts::map(lang, &title, boundary.as_ref(), &sites),
        sections: choices(
            lang.t("map-all-sections"),
            [
                ("primary", lang.t("map-primary")),
                ("junior", lang.t("map-junior-secondary")),
            ],
            section,
        ),
        groups: choices(
            lang.t("map-all-groups"),
            group_names.iter().map(|g| (*g, *g)),
            group,
        ),
        zones: choices(
            lang.t("map-all-zones"),
            zone_names.iter().map(|z| (*z, *z)),
            zone,
        ),
        verdicts: choices(
            lang.t("map-all-verdicts"),
            [
                ("pass", lang.t("common-passes")),
                ("fail", lang.t("common-fails")),
            ],
            verdict,
        ),
        boundary: stored.map_or(String::new(), |b| {
            marks::html(
                lang,
                "map-boundary-info",
                &[
                    ("file", Var::Data(&b.file_name)),
                    ("points", Var::arg(b.vertices)),
                    ("townships", Var::arg(b.township_count)),
                    ("by", Var::Data(&b.uploaded_by)),
                ],
            )
        }),
        admin: viewer.user.role.grants(Capability::AdministerDistrict)
            && viewer.user.role.in_district(),
        csrf: viewer.csrf.clone(),
        message,
        error,
    })
}
