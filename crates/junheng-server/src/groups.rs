//! 教育集团: the list (type, status, lead school, members and students of the year, the bundled
//! verdict), and a group's page with what is recorded about it, its members (with history) and
//! their verdicts, the bundled evaluation, the group's rotation (see `bundle`), its change
//! history and, for administrators, the forms that keep the registry (`write`). The year's
//! members are the dated membership on the year's 1 September (`junheng_store::membership_date`).

mod api;
mod coverage;
mod write;

pub(crate) use api::{list as api_list, one as api_group};
pub(crate) use coverage::{json as coverage_json, page as coverage};
pub(crate) use write::{import, join, leave, save, template};

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
    Column::choice("status", "groups-status"),
    Column::plain("lead", "list-lead-school"),
    Column::plain("founded", "groups-founded-on"),
    Column::plain("members", "groups-member-schools"),
    Column::plain("students", "common-students"),
    Column::plain("verdict", "groups-bundled-verdict"),
];

#[derive(Template)]
#[template(path = "groups.html")]
struct ListPage {
    layout: Layout,
    list: ListView,
    years: Vec<crate::dashboard::YearChip>,
    year_label: String,
    /// The result of an import (HTML), or empty.
    done: String,
    admin: bool,
    kinds: Vec<String>,
}

/// Whether the viewer keeps the district's registry (an administrator in their district).
fn is_admin(viewer: &Member) -> bool {
    viewer
        .user
        .role
        .grants(junheng_store::Capability::AdministerDistrict)
        && viewer.user.role.in_district()
}

/// The bundled verdict of a group in each section, e.g. `小学 达标；初中 未达标`.
fn bundled_verdict(
    e: &junheng_core::evaluate::Evaluation<'_>,
    name: &str,
    members: &[junheng_core::school::SchoolCode],
) -> String {
    junheng_core::group::bundle(e, members, name)
        .sections
        .iter()
        .map(|s| format!("{} {}", s.label, s.verdict.label))
        .collect::<Vec<_>>()
        .join("；")
}

/// `GET /groups?year=&rulebook=&q=&kind=&status=&sort=&desc=&page=&format=`: the groups the
/// viewer may see, with their members, students and bundled verdict in the year.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let lang = viewer.lang;
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let q = Selection {
        year: given("year").and_then(|y| y.trim().parse().ok()),
        rulebook: given("rulebook"),
    };
    let done = match (
        given("created"),
        given("updated"),
        given("added"),
        given("closed"),
    ) {
        (Some(c), Some(u), Some(a), Some(l)) => crate::views::escape(&crate::tr!(
            lang,
            "groups-imported",
            created = c,
            updated = u,
            added = a,
            closed = l
        )),
        _ => String::new(),
    };
    let list = List::new(COLUMNS, pairs, &["year", "rulebook"])?;
    let sees = viewer.sees();
    let sel = select(&here, &q).await?;
    let e = sel.as_ref().map(|s| s.evaluation()).transpose()?;
    let date = sel.as_ref().map(|s| junheng_store::membership_date(s.year));
    let mut rows = Vec::new();
    for d in here.store.group_details().await? {
        let g = &d.group;
        if !sees.group(&g.name) {
            continue;
        }
        // Without statistics, the members whose membership is open.
        let members = match &date {
            Some(date) => d.members_on(date),
            None => d
                .members
                .iter()
                .filter(|m| m.left_on.is_none())
                .map(|m| m.school.clone())
                .collect(),
        };
        let students: u64 = sel.as_ref().map_or(0, |s| {
            s.records()
                .iter()
                .filter(|r| members.contains(&r.code))
                .map(|r| u64::from(r.primary.students) + u64::from(r.junior.students))
                .sum()
        });
        let verdict = e
            .as_ref()
            .map_or(String::new(), |e| bundled_verdict(e, &g.name, &members));
        rows.push(
            Row::new(vec![
                Value::text(&g.name),
                Value::text(&g.kind),
                Value::text(g.status.label()),
                Value::text(
                    g.lead_school
                        .as_ref()
                        .map_or(String::new(), |c| c.to_string()),
                ),
                Value::maybe(g.founded_on.clone()),
                Value::Int(members.len() as i64),
                Value::Int(students as i64),
                Value::text(verdict),
            ])
            .link(format!("/groups/{}", crate::views::urlencode(&g.name))),
        );
    }
    let admin = is_admin(&viewer);
    list.respond(&rows, "教育集团", "教育集团", |list| {
        render(&ListPage {
            layout: Layout::new("common-education-groups", &viewer),
            list,
            years: sel.as_ref().map_or_else(Vec::new, |s| {
                crate::dashboard::year_switch(&s.years, |y| {
                    format!("/groups?year={y}&rulebook={}", s.rulebook.id)
                })
            }),
            year_label: sel.as_ref().map_or(String::new(), |s| school_year(s.year)),
            done,
            admin,
            kinds: here.config.group_kinds.clone(),
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
    /// 正式 / 培育 (data).
    status: &'static str,
    status_id: &'static str,
    founded_on: String,
    /// 法人形式 (data).
    legal_form: &'static str,
    legal_form_id: &'static str,
    note: String,
    /// Administrators keep the registry from this page.
    admin: bool,
    kinds: Vec<String>,
    /// What the last write did (a catalogue key), or empty.
    done: &'static str,
    history: Vec<crate::audit::HistoryLine>,
    year: i32,
    year_label: String,
    rulebook_id: String,
    members: Vec<MemberRow>,
    bundled: Vec<crate::bundle::BundleSection>,
    unevaluated: Vec<String>,
    quota: Option<crate::rotation::QuotaRow>,
    moves: Vec<crate::rotation::MoveRow>,
    /// The group's documents (集团章程 …): `evidence_block.html`.
    evidence: crate::evidence::Block,
    /// The group's 综合考核 in the year (G, band, 集而不团 warnings).
    review: Option<crate::reviews::GroupSummary>,
}

/// What the last write of the page did (`?done=`).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// `GET /groups/{name}?year=&rulebook=&done=`: a group's page.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(name): Path<String>,
    Query(q): Query<Selection>,
    Query(done): Query<Done>,
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
    let review = match &sel {
        Some(sel) => {
            crate::reviews::group_summary(&here, sel.year, sel.records(), e, &name).await?
        }
        None => None,
    };
    let back = format!("/groups/{}", crate::views::urlencode(&detail.group.name));
    let evidence = crate::evidence::record_block(
        &here,
        &viewer,
        junheng_core::record::RecordKind::Group,
        &detail.group.name,
        &back,
    )
    .await?;
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
            .as_ref()
            .map_or(String::new(), |c| c.to_string()),
        status: detail.group.status.label(),
        status_id: detail.group.status.id(),
        founded_on: detail.group.founded_on.clone().unwrap_or_default(),
        legal_form: detail.group.legal_form.label(),
        legal_form_id: detail.group.legal_form.id(),
        note: detail.group.note.clone(),
        admin: is_admin(&viewer),
        kinds: here.config.group_kinds.clone(),
        done: match done.done.as_deref() {
            Some("saved") => "groups-done-saved",
            Some("joined") => "groups-done-joined",
            Some("left") => "groups-done-left",
            _ => "",
        },
        history: crate::audit::history(&here, lang, format!("group:{}", detail.group.id), 50)
            .await?,
        year: sel.as_ref().map_or(0, |s| s.year),
        year_label: sel.as_ref().map_or(String::new(), |s| school_year(s.year)),
        rulebook_id: crate::dashboard::rulebook_id(q.rulebook.as_deref())?.to_owned(),
        members,
        bundled,
        unevaluated,
        quota,
        moves,
        evidence,
        review,
    };
    Ok(render(&page))
}
