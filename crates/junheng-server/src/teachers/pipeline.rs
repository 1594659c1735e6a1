//! The 骨干 pipeline: `GET /teachers/pipeline?year=&format=` — per 城乡 bucket and school, 骨干
//! and their share against the ¼ target, the teachers on each stage, gains and losses since the
//! previous year, and the thin spots; the per-school table sortable, filterable and downloadable;
//! `GET /api/v1/teachers/pipeline?year=` the same as JSON. Both from one scoped computation
//! ([`junheng_app::teachers::pipeline::compute`] narrowed to the schools the viewer sees).

use std::collections::HashSet;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_core::school::{SchoolCode, school_year};
use junheng_teachers::pipeline::{PipelineSettings, Tally, YearPipeline};

use crate::access::Member;
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

const COLUMNS: &[Column] = &[
    Column::plain("code", "tp-school-code"),
    Column::plain("name", "tp-school-name"),
    Column::choice("area", "tp-area"),
    Column::plain("teachers", "tp-teachers"),
    Column::plain("backbone", "tp-backbone"),
    Column::plain("share", "tp-share"),
    Column::plain("candidate", "tp-stage-candidate"),
    Column::plain("district", "tp-stage-district"),
    Column::plain("city", "tp-stage-city"),
    Column::plain("top", "tp-stage-top"),
    Column::plain("gained", "tp-gained"),
    Column::plain("lost", "tp-lost"),
    Column::plain("promoted", "tp-promoted"),
    Column::plain("rotated_in", "tp-rotated-in"),
    Column::plain("joined", "tp-joined"),
    Column::plain("demoted", "tp-demoted"),
    Column::plain("rotated_out", "tp-rotated-out"),
    Column::plain("left", "tp-left"),
];

/// The numbers of a tally as cells: teachers … left.
fn cells(t: &Tally) -> Vec<Value> {
    let n = |v: u32| Value::Int(i64::from(v));
    let mut v = vec![
        n(t.teachers),
        n(t.backbone),
        t.share
            .map_or(Value::Empty, |s| Value::Decimal(s * 100.0, 1)),
    ];
    v.extend(t.stages.map(n));
    match t.flows {
        Some(f) => v.extend(
            [
                f.gained(),
                f.lost(),
                f.promoted,
                f.rotated_in,
                f.joined,
                f.demoted,
                f.rotated_out,
                f.left,
            ]
            .map(n),
        ),
        None => v.extend(std::iter::repeat_n(Value::Empty, 8)),
    }
    v
}

/// One line of the summary table (district and 城乡).
pub(crate) struct SummaryLine {
    pub label: String,
    pub cells: Vec<String>,
    pub meets: Option<bool>,
}

fn summary(label: String, t: &Tally) -> SummaryLine {
    SummaryLine {
        label,
        cells: cells(t)
            .iter()
            .map(|c| match c {
                Value::Int(v) => v.to_string(),
                Value::Decimal(v, _) => format!("{v:.1}%"),
                _ => "—".into(),
            })
            .collect(),
        meets: t.meets_target,
    }
}

/// The schools a viewer sees, from the year's statistics (`None`: every school).
pub(crate) async fn visible(
    here: &Here,
    viewer: &crate::access::Viewer,
) -> Result<Option<HashSet<SchoolCode>>, AppError> {
    let sees = viewer.sees();
    if sees.all() {
        return Ok(None);
    }
    let mut set = HashSet::new();
    if let Some(current) = here.current(None).await? {
        for r in here.store.statistics(current.year, None).await? {
            if sees.record(&r) {
                set.insert(r.code);
            }
        }
    }
    if let crate::access::Sees::School(c) = &sees {
        set.insert(c.clone());
    }
    Ok(Some(set))
}

/// The pipeline of the year asked for, as the viewer sees it, and the years with a roster.
pub(crate) async fn scoped(
    here: &Here,
    viewer: &crate::access::Viewer,
    year: Option<i32>,
) -> Result<Option<(YearPipeline, Vec<i32>)>, AppError> {
    let seen = visible(here, viewer).await?;
    Ok(junheng_app::teachers::pipeline::compute(
        &here.store,
        year,
        &PipelineSettings::default(),
        |c| seen.as_ref().is_none_or(|s| s.contains(c)),
    )
    .await?)
}

#[derive(Template)]
#[template(path = "teachers_pipeline.html")]
struct PipelinePage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    target: String,
    lines: Vec<SummaryLine>,
    thin: Vec<(String, String, String, u32)>,
    has_data: bool,
    has_previous: bool,
    list: ListView,
}

/// `GET /teachers/pipeline?year=&area=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = super::year_of(
        pairs
            .iter()
            .find(|(k, _)| k == "year")
            .map(|(_, v)| v.as_str()),
    )?;
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let found = scoped(&here, &viewer, year).await?;
    let settings = PipelineSettings::default();
    let (p, years) = match &found {
        Some((p, y)) => (Some(p), y.clone()),
        None => (None, Vec::new()),
    };
    let rows: Vec<Row> = p.map_or_else(Vec::new, |p| {
        p.schools
            .iter()
            .map(|s| {
                let mut v = vec![
                    Value::text(s.school.as_str()),
                    Value::text(&s.name),
                    Value::text(s.area.label()),
                ];
                v.extend(cells(&s.tally));
                let row =
                    Row::new(v).link(format!("/teachers/pipeline?year={}&q={}", p.year, s.school));
                if s.tally.meets_target == Some(false) {
                    row.class(5, "fail")
                } else {
                    row
                }
            })
            .collect()
    });
    let name = p.map_or_else(|| "骨干梯队".to_owned(), |p| format!("骨干梯队-{}", p.year));
    let shown = p.map(|p| p.year);
    list.respond(&rows, &name, "骨干梯队", |list| {
        render(&PipelinePage {
            years: year_switch(
                &years
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        label: school_year(*y),
                        selected: Some(*y) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/teachers/pipeline?year={y}"),
            ),
            layout: Layout::new("tp-title", &viewer),
            year_label: shown.map_or(String::new(), school_year),
            target: format!("{:.0}%", settings.target_share * 100.0),
            lines: p.map_or_else(Vec::new, |p| {
                let mut lines = vec![summary("全区".into(), &p.district)];
                lines.extend(
                    p.areas
                        .iter()
                        .map(|a| summary(a.area.label().into(), &a.tally)),
                );
                lines
            }),
            thin: p.map_or_else(Vec::new, |p| {
                p.thin
                    .iter()
                    .map(|t| {
                        (
                            t.school.to_string(),
                            t.name.clone(),
                            t.subject.clone(),
                            t.teachers,
                        )
                    })
                    .collect()
            }),
            has_data: p.is_some(),
            has_previous: p.is_some_and(|p| p.previous.is_some()),
            list,
        })
    })
}

/// `GET /api/v1/teachers/pipeline?year=`: the pipeline the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<super::YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let year = super::year_of(q.year.as_deref())?;
    let (p, _) = scoped(&here, &viewer, year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("tp-no-roster")))?;
    Ok(Json(p).into_response())
}
