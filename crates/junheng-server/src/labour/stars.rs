//! `GET /labour/stars?term=` — 星级学校: each school's stars for a term and each level's checks
//! (the engine's `rate_school` on the school's compliance, the district's criteria), so a school
//! sees what it lacks for the next star. District roles see every school (the checks, 课时 and
//! 劳动周; not the counts of children behind the shares), a school's account and its class
//! teachers their own school. `GET /api/v1/labour/stars?term=` the same as JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_labour::calendar::Term;

use junheng_app::labour::stars::{StarsView, stars};
use junheng_labour::review::StarCheck;

use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::pairings::{caller, refusal};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The viewer's stars of the query's term.
async fn rated(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<StarsView, AppError> {
    let here = state.here(viewer.district()?);
    let pass = super::pass(viewer)?;
    let term = match pairs
        .iter()
        .find(|(k, _)| k == "term")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
    {
        Some(t) => Some(Term::parse(t).ok_or_else(|| {
            AppError::bad_request(crate::msg!("lc-bad-term", v = crate::views::cut(t)))
        })?),
        None => None,
    };
    stars(
        &here.store,
        super::keys(state)?,
        &pass,
        &caller(viewer),
        term,
        super::class::today(),
        super::settings(state),
    )
    .await
    .map_err(refusal)
}

struct Level {
    stars: u64,
    reached: bool,
    /// The interface keys of the checks it misses.
    missing: Vec<&'static str>,
}

struct SchoolRow {
    code: String,
    stars: u8,
    shown: String,
    levels: Vec<Level>,
    meeting: String,
    coverage: String,
    lessons: String,
    labour_week: bool,
}

fn level(c: &StarCheck) -> Level {
    let mut missing = Vec::new();
    for (ok, key) in [
        (c.meeting, "ls-meeting"),
        (c.coverage, "ls-coverage"),
        (c.lessons, "ls-lessons"),
        (c.labour_week, "ls-labour-week"),
    ] {
        if !ok {
            missing.push(key);
        }
    }
    Level {
        stars: u64::from(c.stars),
        reached: c.reached(),
        missing,
    }
}

#[derive(Template)]
#[template(path = "labour_stars.html")]
struct StarsPage {
    layout: Layout,
    term: String,
    term_param: String,
    schools: Vec<SchoolRow>,
    without_list: String,
}

/// `GET /labour/stars?term=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let v = rated(&state, &viewer, &pairs).await?;
    let percent = |s: junheng_labour::Share| {
        s.value()
            .map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
    };
    let schools = v
        .schools
        .iter()
        .map(|s| SchoolRow {
            code: s.school.to_string(),
            stars: s.stars,
            shown: format!(
                "{}{}",
                "★".repeat(usize::from(s.stars)),
                "☆".repeat(5 - usize::from(s.stars.min(5)))
            ),
            levels: s.checks.iter().map(level).collect(),
            meeting: s.input.map_or_else(String::new, |i| percent(i.meeting)),
            coverage: s.input.map_or_else(String::new, |i| percent(i.coverage)),
            lessons: format!("{}/{}", s.lessons.done, s.lessons.required),
            labour_week: s.labour_week,
        })
        .collect();
    Ok(render(&StarsPage {
        layout: Layout::new("ls-title", &viewer),
        term: v.term.to_string(),
        term_param: Term::id(v.term),
        schools,
        without_list: v
            .without_list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
    }))
}

/// `GET /api/v1/labour/stars?term=`.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    Ok(Json(rated(&state, &viewer, &pairs).await?).into_response())
}
