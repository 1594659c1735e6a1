//! 年度综合考核: the year's list of schools or groups with their totals, `G` and 三线 (sortable,
//! filterable, downloadable), the finalisation (`write`), a unit's score sheet with its items,
//! scorers, evidence, composite, 集而不团 warnings and history (`sheet`), and
//! `GET /api/v1/reviews?year=` — the page, the XLSX and the JSON from one scoped selection
//! ([`scoped`]). The computation, the rules of who sees and scores what, and the writes are
//! `junheng_app::reviews`'.

mod sheet;
mod summary;
mod write;

pub(crate) use sheet::page as sheet;
pub(crate) use summary::{GroupSummary, group_summary};
pub(crate) use write::{finalise, score};

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::evidence::Caller;
use junheng_app::reviews::{
    GroupReview, Refused, SchoolReview, Standing, Year, placed, seat, standing,
};
use junheng_core::bands::{Band, EscalationLevel};
use junheng_core::school::school_year;
use junheng_store::ReviewUnit;
use serde::Serialize;

use crate::access::{Member, Viewer};
use crate::dashboard::{Selection, YearChip, YearLink, select, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// A refusal of the use-case layer as the server says it.
pub(crate) fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::Invalid(m) => AppError::BadRequest(m),
        Refused::Store(e) => e.into(),
    }
}

/// The catalogue key of a band.
pub(crate) fn band_key(band: Option<Band>) -> &'static str {
    match band {
        Some(Band::Development) => "review-band-development",
        Some(Band::Basic) => "review-band-basic",
        Some(Band::BelowBasic) => "review-band-below-basic",
        Some(Band::Warning) => "review-band-warning",
        None => "review-band-none",
    }
}

/// Where the quality item comes from: the student data keys and the `[quality]` settings.
pub(crate) fn quality(here: &Here) -> junheng_app::reviews::QualitySource<'_> {
    junheng_app::reviews::QualitySource {
        keys: crate::students::keys(here),
        settings: &here.config.quality,
    }
}

/// The catalogue key of where an item's score comes from.
pub(crate) fn source_key(source: junheng_core::review::ItemSource) -> &'static str {
    use junheng_core::review::ItemSource;
    match source {
        ItemSource::Manual => "review-source-manual",
        ItemSource::Resource => "review-source-resource",
        ItemSource::Quality => "review-source-quality",
    }
}

/// A year's review as the viewer may see it.
pub(crate) struct Scoped {
    /// The year, computed whole (the 三线 place every unit of the district).
    pub year: Year,
    /// The years with statistics, for the year switch.
    pub years: Vec<YearLink>,
    /// What the viewer reaches.
    pub standing: Standing,
}

impl Scoped {
    /// The schools the viewer sees.
    pub fn schools(&self) -> impl Iterator<Item = &SchoolReview> {
        self.year.review.schools.iter().filter(|s| {
            let unit = ReviewUnit::School(s.code.clone());
            seat(&self.year.review, &unit).is_some_and(|seat| self.standing.sees(&unit, seat))
        })
    }

    /// The groups the viewer sees.
    pub fn groups(&self) -> impl Iterator<Item = &GroupReview> {
        self.year.review.groups.iter().filter(|g| {
            let unit = ReviewUnit::Group(g.name.clone());
            seat(&self.year.review, &unit).is_some_and(|seat| self.standing.sees(&unit, seat))
        })
    }

    /// The year's label, e.g. `2025学年`.
    pub fn label(&self) -> String {
        school_year(self.year.review.year)
    }
}

/// The `year` of a query, refused when it is not a number.
pub(crate) fn year_param(pairs: &[(String, String)]) -> Result<Option<i32>, AppError> {
    match pairs.iter().find(|(k, _)| k == "year") {
        Some((_, v)) => v.trim().parse::<i32>().map(Some).map_err(|_| {
            AppError::bad_request(crate::msg!("review-bad-year", v = crate::views::cut(v)))
        }),
        None => Ok(None),
    }
}

/// The review of `year` (or the newest year with statistics) as `viewer` may see it; `None`
/// before any statistics. A year whose statistics cannot be evaluated is reviewed with its
/// resource items 未接入.
pub(crate) async fn scoped(
    state: &AppState,
    here: &Here,
    viewer: &Viewer,
    year: Option<i32>,
) -> Result<Option<Scoped>, AppError> {
    let Some(sel) = select(
        here,
        &Selection {
            year,
            rulebook: None,
        },
    )
    .await?
    else {
        return Ok(None);
    };
    let evaluation = sel.evaluation().ok();
    let caller = Caller::User(&viewer.user);
    let standing = standing(&caller);
    if standing == Standing::Nothing {
        return Err(AppError::Forbidden);
    }
    let year = junheng_app::reviews::year(
        &here.store,
        &state.config.review,
        &quality(here),
        sel.year,
        sel.records(),
        evaluation,
    )
    .await
    .map_err(refusal)?;
    Ok(Some(Scoped {
        year,
        years: sel.years.clone(),
        standing,
    }))
}

/// The columns of the schools' list.
const SCHOOL_COLUMNS: &[Column] = &[
    Column::plain("name", "common-school-name"),
    Column::plain("code", "common-school-code"),
    Column::choice("group", "map-group"),
    Column::choice("zone", "review-zone"),
    Column::plain("total", "review-total"),
    Column::choice("band", "review-band"),
    Column::plain("warning_years", "review-warning-years"),
    Column::choice("escalation", "review-escalation"),
    Column::plain("unconnected", "review-unconnected"),
    Column::plain("evidence_missing", "review-evidence-missing"),
];

/// The columns of the groups' list.
const GROUP_COLUMNS: &[Column] = &[
    Column::plain("name", "map-group"),
    Column::plain("members", "groups-member-schools"),
    Column::plain("own", "review-group-own"),
    Column::plain("g", "review-composite"),
    Column::choice("band", "review-band"),
    Column::plain("warning_years", "review-warning-years"),
    Column::plain("unconnected", "review-composite-unconnected"),
    Column::plain("cohesion", "review-cohesion"),
];

fn score_value(v: Option<f64>) -> Value {
    v.map_or(Value::Label("review-unconnected-short"), |v| {
        Value::Decimal(v, 1)
    })
}

fn escalation_value(e: Option<EscalationLevel>) -> Value {
    e.map_or(Value::Empty, |e| Value::text(e.label()))
}

fn school_row(s: &Scoped, r: &SchoolReview) -> Row {
    let (band, years, escalation) = placed(&s.year.review.school_bands, &r.code);
    Row::new(vec![
        Value::text(&r.name),
        Value::text(r.code.as_str()),
        Value::maybe(r.group.clone()),
        Value::maybe(r.zone.clone()),
        score_value(r.review.total),
        Value::Label(band_key(band)),
        Value::Int(i64::from(years)),
        escalation_value(escalation),
        Value::text(r.review.unconnected.join("、")),
        Value::text(r.review.evidence_missing.join("、")),
    ])
    .link(format!(
        "/reviews/school/{}?year={}",
        r.code, s.year.review.year
    ))
}

fn group_row(s: &Scoped, g: &GroupReview) -> Row {
    let (band, years, _) = placed(&s.year.review.group_bands, &g.name);
    Row::new(vec![
        Value::text(&g.name),
        Value::Int(g.members.len() as i64),
        score_value(g.review.total),
        score_value(g.composite.value),
        Value::Label(band_key(band)),
        Value::Int(i64::from(years)),
        Value::text(
            g.composite
                .unconnected
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Value::Int(g.cohesion.warnings.len() as i64),
    ])
    .link(format!(
        "/reviews/group/{}?year={}",
        crate::views::urlencode(&g.name),
        s.year.review.year
    ))
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ListPage {
    layout: Layout,
    years: Vec<YearChip>,
    year: i32,
    year_label: String,
    /// `school` or `group`.
    unit: &'static str,
    list: ListView,
    /// 已定稿 by whom and when, or empty.
    finalised: String,
    changed_since: bool,
    may_finalise: bool,
    rubric: Vec<(String, String, &'static str)>,
    weights: String,
    /// What a finalisation did (`?finalised=N`), or empty.
    done: String,
    has_data: bool,
}

/// `GET /reviews?year=&unit=school|group&q=&sort=&desc=&page=&format=`: the year's schools (or
/// groups) the viewer sees, with totals, `G` and 三线.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_param(&pairs)?;
    let unit = match pairs
        .iter()
        .find(|(k, _)| k == "unit")
        .map(|(_, v)| v.as_str())
    {
        None | Some("school") => "school",
        Some("group") => "group",
        Some(other) => {
            return Err(AppError::bad_request(crate::msg!(
                "review-bad-unit",
                v = crate::views::cut(other)
            )));
        }
    };
    let lang = viewer.lang;
    let done = pairs
        .iter()
        .find(|(k, _)| k == "finalised")
        .and_then(|(_, n)| n.parse::<u32>().ok())
        .map_or_else(String::new, |n| {
            crate::tr!(lang, "review-done-finalised", count = n)
        });
    let columns = if unit == "school" {
        SCHOOL_COLUMNS
    } else {
        GROUP_COLUMNS
    };
    let list = List::new(columns, pairs, &["year", "unit", "finalised"])?;
    let scoped = scoped(&state, &here, &viewer, year).await?;
    let rows: Vec<Row> = match (&scoped, unit) {
        (Some(s), "school") => s.schools().map(|r| school_row(s, r)).collect(),
        (Some(s), _) => s.groups().map(|g| group_row(s, g)).collect(),
        (None, _) => Vec::new(),
    };
    let settings = &state.config.review;
    let shown = scoped.as_ref().map(|s| s.year.review.year);
    let name = format!(
        "综合考核-{}-{}",
        shown.map_or(String::new(), |y| y.to_string()),
        if unit == "school" { "学校" } else { "集团" }
    );
    let sheet = if unit == "school" { "学校" } else { "集团" };
    list.respond(&rows, &name, sheet, |list| {
        render(&ListPage {
            layout: Layout::new("review-title", &viewer),
            years: scoped.as_ref().map_or_else(Vec::new, |s| {
                year_switch(&s.years, |y| format!("/reviews?year={y}&unit={unit}"))
            }),
            year: shown.unwrap_or_default(),
            year_label: scoped.as_ref().map_or_else(String::new, Scoped::label),
            unit,
            list,
            finalised: scoped
                .as_ref()
                .and_then(|s| s.year.finalised.as_ref())
                .map_or_else(String::new, |f| {
                    crate::tr!(
                        lang,
                        "review-finalised-by",
                        by = f.by.clone(),
                        at = crate::views::time(&f.at)
                    )
                }),
            changed_since: scoped.as_ref().is_some_and(|s| s.year.changed_since),
            may_finalise: junheng_app::reviews::may_finalise(&Caller::User(&viewer.user)),
            rubric: settings
                .rubric
                .items
                .iter()
                .map(|i| {
                    (
                        i.name.clone(),
                        format!("{}", i.weight),
                        source_key(i.source),
                    )
                })
                .collect(),
            weights: {
                let w = settings.composite.weights;
                format!("{} / {} / {} / {}", w.level, w.floor, w.lift, w.gap)
            },
            done,
            has_data: scoped.is_some(),
        })
    })
}

/// A school in the API: its review and its band.
#[derive(Serialize)]
struct SchoolView<'a> {
    #[serde(flatten)]
    school: &'a SchoolReview,
    band: Option<Band>,
    band_label: Option<&'static str>,
    warning_years: u32,
    escalation: Option<EscalationLevel>,
}

/// A group in the API.
#[derive(Serialize)]
struct GroupView<'a> {
    #[serde(flatten)]
    group: &'a GroupReview,
    band: Option<Band>,
    band_label: Option<&'static str>,
    warning_years: u32,
}

/// The year in the API.
#[derive(Serialize)]
struct YearView<'a> {
    year: i32,
    finalised_by: Option<&'a str>,
    finalised_at: Option<&'a str>,
    changed_since_finalised: bool,
    schools: Vec<SchoolView<'a>>,
    groups: Vec<GroupView<'a>>,
}

/// `GET /api/v1/reviews?year=`: the year's review of the units the caller sees, as the pages
/// show it (items, totals, composites, warnings, bands).
pub(crate) async fn api(
    State(state): State<AppState>,
    caller: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let year = year_param(&pairs)?;
    let s = scoped(&state, &here, &caller, year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-data")))?;
    let review = &s.year.review;
    let view = YearView {
        year: review.year,
        finalised_by: s.year.finalised.as_ref().map(|f| f.by.as_str()),
        finalised_at: s.year.finalised.as_ref().map(|f| f.at.as_str()),
        changed_since_finalised: s.year.changed_since,
        schools: s
            .schools()
            .map(|r| {
                let (band, warning_years, escalation) = placed(&review.school_bands, &r.code);
                SchoolView {
                    school: r,
                    band,
                    band_label: band.map(Band::label),
                    warning_years,
                    escalation,
                }
            })
            .collect(),
        groups: s
            .groups()
            .map(|g| {
                let (band, warning_years, _) = placed(&review.group_bands, &g.name);
                GroupView {
                    group: g,
                    band,
                    band_label: band.map(Band::label),
                    warning_years,
                }
            })
            .collect(),
    };
    Ok(Json(view).into_response())
}
