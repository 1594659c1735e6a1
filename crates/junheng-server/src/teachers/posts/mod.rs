//! `/teachers/posts`: 资格证, 编制 and 岗位, teachers' pay (issue 17 items 2 and 7) — the cards of
//! 政府保障 items 8 (pay), 10 (approved total) and 12 (资格证), the 编制 table per school as a
//! list (sortable, filterable, downloadable), the teachers without a covering certificate (ids
//! only), the year's post moves; and `GET /api/v1/teachers/posts` as JSON — both from one scoped
//! selection ([`selection`]): the district sees every school, anyone else the schools of the
//! year's statistics they see (items 8 and 10 are the district's). The writes are in [`write`].

mod write;

pub(crate) use write::{
    approved, cancel_move, import_certificates, import_staffing, pay, record_move,
    template_certificates, template_staffing, withdraw,
};

use std::collections::HashSet;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::teachers::posts::{PostsStatus, StaffingRow, status};
use junheng_core::school::{SchoolCode, school_year};
use junheng_teachers::posts::{GapKind, Settings, WarningReason};
use serde::Deserialize;

use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::is_admin;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the 编制 table.
const COLUMNS: &[Column] = &[
    Column::plain("code", "posts-school-code"),
    Column::plain("name", "posts-school-name"),
    Column::plain("approved", "posts-approved"),
    Column::plain("on_post", "posts-on-post"),
    Column::plain("outside", "posts-outside"),
    Column::plain("required", "posts-required"),
    Column::plain("against", "posts-against"),
    Column::choice("standing", "posts-standing"),
    Column::choice("warning", "posts-warning"),
];

fn standing(s: &StaffingRow) -> &'static str {
    let s = &s.staffing;
    if s.over_approved() {
        "posts-over-approved"
    } else if s.under_ratio {
        "posts-under-ratio"
    } else if s.over_ratio {
        "posts-over-ratio"
    } else {
        "posts-fit"
    }
}

fn warning_key(reason: WarningReason) -> &'static str {
    match reason {
        WarningReason::VacantWithOutside => "posts-warning-outside",
        WarningReason::LongVacant => "posts-warning-long",
    }
}

fn row(s: &StaffingRow) -> Row {
    let st = &s.staffing;
    let key = standing(s);
    let row = Row::new(vec![
        Value::text(st.input.school.as_str()),
        Value::text(&s.school_name),
        Value::Int(i64::from(st.input.approved)),
        Value::Int(i64::from(st.input.on_post)),
        Value::Int(i64::from(st.input.outside)),
        st.required_posts()
            .map_or(Value::Empty, |r| Value::Int(i64::from(r))),
        Value::Int(st.against_approved),
        Value::Label(key),
        st.warnings
            .first()
            .map_or(Value::Label("posts-no-warning"), |w| {
                Value::Label(warning_key(w.reason))
            }),
    ]);
    let row = if key == "posts-fit" {
        row
    } else {
        row.class(7, "fail")
    };
    if st.warnings.is_empty() {
        row
    } else {
        row.class(8, "fail")
    }
}

/// `?year=` of the page and the JSON.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PostsQuery {
    pub year: Option<i32>,
}

/// The year asked for (or the newest with statistics) as the viewer may see it: the district
/// everything, a school's account its own school, a 集团 or 学区 lead their schools; `None`
/// before any import.
async fn selection(
    state: &AppState,
    viewer: &Viewer,
    q: &PostsQuery,
) -> Result<Option<(PostsStatus, Vec<i32>)>, AppError> {
    let here = state.here(viewer.district()?);
    let years: Vec<i32> = here.years().await?.iter().map(|y| y.year).collect();
    let Some(year) = q.year.or_else(|| years.first().copied()) else {
        return Ok(None);
    };
    let all = status(&here.store, year, &Settings::default()).await?;
    let sees = viewer.sees();
    let seen = if sees.all() {
        all
    } else {
        // A school, 集团 or 学区 lead: the schools of the year's statistics they see.
        let visible: HashSet<SchoolCode> = here
            .store
            .statistics(year, None)
            .await?
            .into_iter()
            .filter(|r| sees.record(r))
            .map(|r| r.code)
            .collect();
        all.within(|code| visible.contains(code))
    };
    Ok(Some((seen, years)))
}

/// A card's verdict: 达标, 未达标 or 未接入.
fn verdict(met: Option<bool>) -> (&'static str, &'static str) {
    match met {
        Some(true) => ("posts-met", "pass"),
        Some(false) => ("posts-not-met", "fail"),
        None => ("posts-not-connected", "muted"),
    }
}

/// One teacher without a covering certificate (ids only).
struct GapView {
    teacher: String,
    school: String,
    kind: &'static str,
}

/// One move of posts.
struct MoveView {
    id: i64,
    date: String,
    from: String,
    to: String,
    count: u32,
    reason: String,
    cancelled: bool,
}

#[derive(Template)]
#[template(path = "teachers_posts.html")]
struct PostsPage {
    layout: Layout,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    district: bool,
    cards: Vec<Card>,
    certificate_file: Option<String>,
    staffing_file: Option<String>,
    warned: usize,
    list: ListView,
    gaps: Vec<GapView>,
    moves: Vec<MoveView>,
    admin: bool,
    /// The notice after a write (empty: none).
    done: &'static str,
}

/// A card of a 政府保障 item.
struct Card {
    id: &'static str,
    title: &'static str,
    /// (catalogue key of 达标/未达标/未接入, its class).
    verdict: (&'static str, &'static str),
    text: String,
}

fn file_text(f: &junheng_store::teachers::posts::PostFile) -> String {
    format!(
        "{}（{} 行，{} {}）",
        f.file_name,
        f.rows,
        f.imported_by,
        crate::views::time(&f.imported_at)
    )
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn item_texts(s: &PostsStatus) -> (String, String, String) {
    let pay = s.item8().map_or(String::new(), |p| {
        format!(
            "教师 {} 元 / 公务员 {} 元（{}）",
            p.pay.teachers,
            p.pay.civil_servants,
            percent(p.ratio)
        )
    });
    let approved = s.approved.approved.as_ref().map_or(String::new(), |a| {
        format!(
            "核定总量 {} · 已分配 {} · 在编 {}",
            a.posts, s.approved.allocated, s.approved.on_post
        )
    });
    let certs = s.certificates.as_ref().map_or(String::new(), |r| {
        format!(
            "持证 {}/{}（{}），学段相符 {}",
            r.district.holding,
            r.district.teachers,
            percent(r.district.holding_rate()),
            percent(r.district.covering_rate())
        )
    });
    (pay, approved, certs)
}

/// `GET /teachers/posts?year=&q=&standing=&warning=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<PostsQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let done = pairs
        .iter()
        .find(|(k, _)| k == "done")
        .map_or("", |(_, v)| done_key(v));
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let found = selection(&state, &viewer, &q).await?;
    let rows: Vec<Row> = found
        .as_ref()
        .map_or_else(Vec::new, |(s, _)| s.staffing.iter().map(row).collect());
    let year = found.as_ref().map_or(0, |(s, _)| s.year);
    let district = viewer.sees().all();
    list.respond(&rows, &format!("编制-{year}"), "编制", |list| {
        let (s, years) = match &found {
            Some((s, y)) => (Some(s), y.clone()),
            None => (None, Vec::new()),
        };
        let (t8, t10, t12) = s.map(item_texts).unwrap_or_default();
        let mut cards = Vec::new();
        if district {
            cards.push(Card {
                id: "posts-item8",
                title: "posts-item8",
                verdict: verdict(s.and_then(|s| s.item8().map(|p| p.met))),
                text: t8,
            });
            cards.push(Card {
                id: "posts-item10",
                title: "posts-item10",
                verdict: verdict(s.and_then(|s| s.approved.met)),
                text: t10,
            });
        }
        cards.push(Card {
            id: "posts-item12",
            title: "posts-item12",
            verdict: verdict(s.and_then(PostsStatus::item12)),
            text: t12,
        });
        render(&PostsPage {
            layout: Layout::new("posts-title", &viewer),
            year,
            year_label: if year > 0 {
                school_year(year)
            } else {
                String::new()
            },
            years: years
                .iter()
                .map(|y| (*y, school_year(*y), *y == year))
                .collect(),
            district,
            cards,
            certificate_file: s.and_then(|s| s.certificate_file.as_ref()).map(file_text),
            staffing_file: s.and_then(|s| s.staffing_file.as_ref()).map(file_text),
            warned: s.map_or(0, |s| s.warned().count()),
            list,
            gaps: s
                .and_then(|s| s.certificates.as_ref())
                .map_or_else(Vec::new, |r| {
                    r.gaps
                        .iter()
                        .map(|g| GapView {
                            teacher: g.teacher.as_str().to_owned(),
                            school: s.map_or(String::new(), |s| s.name(&g.school)),
                            kind: match g.kind {
                                GapKind::Missing => "posts-gap-missing",
                                GapKind::WrongSection => "posts-gap-section",
                            },
                        })
                        .collect()
                }),
            moves: s.map_or_else(Vec::new, |s| {
                s.moves
                    .iter()
                    .map(|m| MoveView {
                        id: m.id,
                        date: m.by_move.date.to_string(),
                        from: s.name(&m.by_move.from),
                        to: s.name(&m.by_move.to),
                        count: m.by_move.count,
                        reason: m.by_move.reason.clone(),
                        cancelled: m.by_move.cancelled,
                    })
                    .collect()
            }),
            admin: is_admin(&viewer),
            done,
        })
    })
}

/// The notice after a write, by the redirect's `done=`.
fn done_key(v: &str) -> &'static str {
    match v {
        "certificates" => "posts-done-certificates",
        "staffing" => "posts-done-staffing",
        "withdrawn" => "posts-done-withdrawn",
        "approved" => "posts-done-approved",
        "move" => "posts-done-move",
        "cancelled" => "posts-done-cancelled",
        "pay" => "posts-done-pay",
        _ => "posts-done",
    }
}

/// `GET /api/v1/teachers/posts?year=`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<PostsQuery>,
) -> Result<Response, ApiError> {
    let (s, _) = selection(&state, &viewer, &q)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("rotation-error-nothing")))?;
    Ok(Json(s).into_response())
}
