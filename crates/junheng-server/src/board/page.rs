//! `GET /board`: the board of the viewer's tasks — owners × deadlines (已逾期, the coming
//! months, 以后), counts, budgets, plans and parts; `GET /api/v1/board` and `GET /board.xlsx`:
//! the same board as data and as a workbook.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use junheng_app::board::{self as app, Board, Column, export};
use junheng_app::inspection::path;
use junheng_app::tasks::{self as tasks_app, Who};
use junheng_io::export::write_xlsx;
use junheng_store::AuditEntry;
use serde::Deserialize;

use super::{CountsView, owner_kinds, yuan};
use crate::access::Member;
use crate::city::page::{days_text, target_text};
use crate::error::{ApiError, AppError};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::tasks::{Names, owner_key, soon_days, who};
use crate::views::{Layout, render};

struct CellView {
    /// The tasks' ids.
    tasks: Vec<i64>,
    class: &'static str,
}

struct RowView {
    kind: &'static str,
    /// Data.
    owner: String,
    cells: Vec<CellView>,
    counts: CountsView,
    budget: String,
}

struct PlanView {
    id: i64,
    /// Data.
    title: String,
    kind: &'static str,
    owner: String,
    counts: CountsView,
    budget: String,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    layout: Layout,
    today: String,
    /// A catalogue key (已逾期, 以后) or empty, and the month.
    columns: Vec<(&'static str, String)>,
    rows: Vec<RowView>,
    counts: CountsView,
    planned: String,
    spent: String,
    funders: Vec<(String, String)>,
    plans: Vec<PlanView>,
    /// The part (data) and its counts.
    parts: Vec<(String, CountsView)>,
    keeps: bool,
    done: &'static str,
    year: i32,
    owner_kinds: Vec<(&'static str, &'static str)>,
    /// The district's creation target and the days left to it, in the viewer's language.
    target: String,
    days: String,
    late: bool,
    /// Whether the viewer may open the path page (the district's readers).
    reads_path: bool,
}

/// `?done=` of the page after a write.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct BoardQuery {
    pub done: Option<String>,
}

/// The viewer's board on today (Beijing).
pub(crate) async fn load(here: &Here, viewer: &Member) -> Result<(Who, Board), AppError> {
    let who = who(here, viewer).await?;
    let today = tasks_app::beijing_today();
    let board = app::load(&here.store, &who, &today, soon_days(here)).await?;
    Ok((who, board))
}

/// `GET /board?done=`
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<BoardQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (who, board) = load(&here, &viewer).await?;
    let names = Names::of(&here).await?;
    let year = match here.current(None).await? {
        Some(y) => y.year,
        None => {
            board
                .today
                .get(0..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(2025)
                - 1
        }
    };
    let columns = board
        .columns
        .iter()
        .map(|c| match c {
            Column::Overdue => ("board-overdue", String::new()),
            Column::Month(m) => ("", m.clone()),
            Column::Later => ("board-later", String::new()),
        })
        .collect();
    let rows = board
        .rows
        .iter()
        .map(|r| RowView {
            kind: owner_key(r.owner.kind),
            owner: names.owner(&r.owner),
            cells: r
                .cells
                .iter()
                .enumerate()
                .map(|(i, tasks)| CellView {
                    class: match (i, tasks.is_empty()) {
                        (_, true) => "",
                        (0, false) => "fail",
                        (1, false) => "pending",
                        _ => "",
                    },
                    tasks: tasks.clone(),
                })
                .collect(),
            counts: (&r.counts).into(),
            budget: yuan(r.budget_fen),
        })
        .collect();
    let plans = board
        .plans
        .iter()
        .map(|p| PlanView {
            id: p.plan.id,
            title: p.plan.title.clone(),
            kind: p.plan.kind.label(),
            owner: names.owner(&p.plan.owner),
            counts: (&p.counts).into(),
            budget: yuan(p.budget_fen),
        })
        .collect();
    // The phase target the board works toward: the district's 创建 target (set by the city or
    // the district) and the days left to its deadline.
    let creation = state.store.creation(here.district.id).await?;
    let target = creation.target.as_ref().map(|t| t.year);
    let days_left = target.and_then(|t| path::days_left(t, &board.today));
    let late = path::is_late(creation.status(), days_left);
    let done = match q.done.as_deref() {
        Some("raised") => "board-done-raised",
        Some("budget") => "board-done-budget",
        Some("plan") => "board-done-plan",
        _ => "",
    };
    Ok(render(&BoardPage {
        layout: Layout::new("board-title", &viewer),
        today: board.today.clone(),
        columns,
        rows,
        counts: (&board.counts).into(),
        planned: yuan(board.budgets.planned_fen),
        spent: yuan(board.budgets.done_fen),
        funders: board
            .budgets
            .by_funder
            .iter()
            .map(|(f, v)| (f.clone(), yuan(*v)))
            .collect(),
        plans,
        parts: board
            .parts
            .iter()
            .map(|p| (p.part.clone(), (&p.counts).into()))
            .collect(),
        keeps: app::keeps(&who),
        done,
        year,
        owner_kinds: owner_kinds(),
        target: target_text(viewer.lang, target),
        days: days_text(viewer.lang, creation.status(), days_left),
        late,
        reads_path: viewer
            .user
            .role
            .grants(junheng_store::Capability::ReadDistrict),
    }))
}

/// `GET /api/v1/board`: the same board as data.
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: Member,
) -> Result<Json<Board>, ApiError> {
    let here = state.here(caller.district()?);
    let (_, board) = load(&here, &caller).await?;
    Ok(Json(board))
}

/// `GET /board.xlsx`: the board's three sheets.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    viewer: Member,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (_, board) = load(&here, &viewer).await?;
    let names = Names::of(&here).await?;
    let bytes = write_xlsx(&export::tables(&board, |o| names.owner(o)))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    here.audit(AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: "board.xlsx",
        target: board.today.clone(),
        detail: format!("rows={}", board.rows.len()),
    })
    .await?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("挂图作战-{}.xlsx", board.today),
        bytes,
    ))
}
