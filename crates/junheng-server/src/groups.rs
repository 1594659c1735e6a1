//! 教育集团: the list, and a group's page with its members (with history) and their verdicts,
//! the bundled evaluation and the group's rotation (see `bundle`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::school::school_year;

use crate::access::Member;
use crate::dashboard::{Selection, select};
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::schools::school_verdict;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the group list.
const COLUMNS: &[Column] = &[
    Column::plain("name", "map-group"),
    Column::choice("kind", "common-type"),
    Column::plain("lead", "list-lead-school"),
    Column::plain("members", "groups-member-schools"),
];

#[derive(Template)]
#[template(path = "groups.html")]
struct ListPage {
    layout: Layout,
    list: ListView,
}

/// `GET /groups?q=&kind=&sort=&desc=&page=&format=`: the groups the viewer may see.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let list = List::new(COLUMNS, pairs, &[])?;
    let sees = viewer.sees();
    let mut rows = Vec::new();
    for g in here.store.groups().await? {
        if !sees.group(&g.name) {
            continue;
        }
        let members = here.store.group(&g.name).await?.map_or(0, |d| {
            d.members.iter().filter(|m| m.left_on.is_none()).count()
        });
        rows.push(
            Row::new(vec![
                Value::text(&g.name),
                Value::text(&g.kind),
                Value::text(g.lead_school.map_or(String::new(), |c| c.to_string())),
                Value::Int(members as i64),
            ])
            .link(format!("/groups/{}", crate::views::urlencode(&g.name))),
        );
    }
    list.respond(&rows, "教育集团", "教育集团", |list| {
        render(&ListPage {
            layout: Layout::new("common-education-groups", &viewer),
            list,
        })
    })
}

pub(crate) struct MemberRow {
    pub code: String,
    /// The school's name (data).
    pub name: String,
    pub joined_on: String,
    pub left_on: String,
    pub verdict: String,
    pub passes: bool,
    pub visible: bool,
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    layout: Layout,
    /// The year switch.
    years: Vec<crate::dashboard::YearChip>,
    name: String,
    kind: String,
    lead: String,
    year: i32,
    year_label: String,
    rulebook_id: String,
    members: Vec<MemberRow>,
    bundled: Vec<crate::bundle::BundleSection>,
    unevaluated: Vec<String>,
    quota: Option<crate::rotation::QuotaRow>,
    moves: Vec<crate::rotation::MoveRow>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(name): Path<String>,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let lang = viewer.lang;
    let sees = viewer.sees();
    if !sees.group(&name) {
        return Err(AppError::Forbidden);
    }
    let detail = here.store.group(&name).await?.ok_or_else(|| {
        AppError::not_found(crate::msg!("groups-no-group", v = crate::views::cut(&name)))
    })?;
    let sel = select(&here, &q).await?;
    let (quota, moves) = match &sel {
        Some(sel) => crate::bundle::rotation(&here, sel.year, &sel.rulebook, &name).await?,
        None => (None, Vec::new()),
    };
    let e = sel.as_ref().map(|s| s.evaluation()).transpose()?;
    let members = detail
        .members
        .iter()
        .map(|m| {
            let record = sel
                .as_ref()
                .and_then(|s| s.records().iter().find(|r| r.code == m.school));
            let (verdict, passes) = match (record, &e) {
                (Some(_), Some(e)) => school_verdict(lang, e, &m.school),
                _ => (lang.t("groups-no-data-this-year").to_owned(), true),
            };
            MemberRow {
                code: m.school.to_string(),
                name: record.map_or(String::new(), |r| r.name.clone()),
                joined_on: m.joined_on.clone(),
                left_on: m.left_on.clone().unwrap_or_default(),
                verdict,
                passes,
                visible: record.is_some_and(|r| sees.record(r)),
            }
        })
        .collect();
    let (bundled, unevaluated) = match (&sel, &e) {
        (Some(sel), Some(e)) => crate::bundle::sections(&sees, e, sel.records(), &name),
        _ => (Vec::new(), Vec::new()),
    };
    let page = GroupPage {
        layout: Layout::new(name.clone(), &viewer),
        years: sel.as_ref().map_or_else(Vec::new, |s| {
            crate::dashboard::year_switch(&s.years, |y| {
                format!(
                    "/groups/{}?year={y}&rulebook={}",
                    crate::views::urlencode(&name),
                    s.rulebook.id
                )
            })
        }),
        name: detail.group.name.clone(),
        kind: detail.group.kind.clone(),
        lead: detail
            .group
            .lead_school
            .map_or(String::new(), |c| c.to_string()),
        year: sel.as_ref().map_or(0, |s| s.year),
        year_label: sel.as_ref().map_or(String::new(), |s| school_year(s.year)),
        rulebook_id: crate::dashboard::rulebook_id(q.rulebook.as_deref())?.to_owned(),
        members,
        bundled,
        unevaluated,
        quota,
        moves,
    };
    Ok(render(&page))
}
