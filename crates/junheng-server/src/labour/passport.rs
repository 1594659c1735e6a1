//! 劳动护照 pages: `GET /labour/students/{key}` (printable) and its JSON twin
//! `GET /api/v1/labour/students/{key}` — for the class teacher of the child's class and the
//! school's account (`junheng_app::labour::passport`); the child's name is opened through the
//! store's named read, which records this reading of the passport.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::labour::passport::{Passport, passport};

use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::pairings::{caller, refusal};
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The passport and the child's name (the read recorded), or why not.
async fn load(
    state: &AppState,
    viewer: &Member,
    key: &str,
) -> Result<(Passport, String), AppError> {
    let id: i64 = key.trim().parse().map_err(|_| AppError::Forbidden)?;
    let here = state.here(viewer.district()?);
    let settings = super::settings(state);
    let p = passport(
        &here.store,
        super::keys(state)?,
        &caller(viewer),
        id,
        super::class::today(),
        settings,
    )
    .await
    .map_err(refusal)?;
    let keys = crate::students::keys(&here)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-no-keys")))?;
    let named = here
        .store
        .named_students(keys, &[id], &viewer.actor(), &crate::students::what(viewer))
        .await?;
    let name = named
        .into_iter()
        .next()
        .map(|n| {
            if n.name.is_empty() {
                n.number_masked
            } else {
                n.name
            }
        })
        .unwrap_or_default();
    Ok((p, name))
}

struct Line {
    day: String,
    item: String,
    content: String,
    minutes: u16,
    reporter: &'static str,
    status: &'static str,
}

struct BadgeRow {
    name: String,
    earned: bool,
    progress: String,
}

#[derive(Template)]
#[template(path = "labour_passport.html")]
struct PassportPage {
    layout: Layout,
    name: String,
    class: String,
    term: String,
    points: u32,
    grade: &'static str,
    ability: String,
    habit: String,
    quality: String,
    lines: Vec<Line>,
    badges: Vec<BadgeRow>,
}

fn stars(t: Option<junheng_labour::passport::Tenths>) -> String {
    t.map_or_else(|| "—".to_owned(), |t| t.to_string())
}

/// `GET /labour/students/{key}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    let (p, name) = load(&state, &viewer, &key).await?;
    let layout = Layout::new("labour-passport-title", &viewer);
    let lines = p
        .timeline
        .iter()
        .rev()
        .map(|e| Line {
            day: e.record.day.to_string(),
            item: e.record.item.to_string(),
            content: String::new(),
            minutes: e.record.minutes,
            reporter: e.record.reporter.label(),
            status: layout.t(super::class::status_key(e.status)),
        })
        .collect();
    let page = PassportPage {
        name,
        class: p.class.class.clone(),
        term: p.term.to_string(),
        points: p.points.total,
        grade: p.summary.grade.label(),
        ability: stars(p.ratings.ability),
        habit: stars(p.ratings.habit),
        quality: stars(p.ratings.quality),
        lines,
        badges: p
            .badges
            .iter()
            .map(|b| BadgeRow {
                name: b.name.clone(),
                earned: b.earned,
                progress: b
                    .checks
                    .iter()
                    .map(|c| format!("{} {}/{}", c.what, c.have, c.need))
                    .collect::<Vec<_>>()
                    .join("；"),
            })
            .collect(),
        layout,
    };
    Ok(render(&page))
}

/// `GET /api/v1/labour/students/{key}`: the passport as JSON (with the child's name).
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let (p, name) = load(&state, &viewer, &key).await?;
    Ok(Json(serde_json::json!({ "name": name, "passport": p })).into_response())
}
