//! 区/校 review pages (`/labour/review?term=`): for a school's account, its term review — the
//! state, the 公示's days, the classes' submissions and the buttons 提交小结 / 开始公示 / 审核通过 /
//! 退回重新公示 / 导出 (each a POST with confirmation), and the 综合素质评价 file once exported;
//! for the district's roles, every school's state, the audit samples' progress and the
//! aggregates, with each school's sample (`/labour/review/audit?school=&term=`) where the
//! district's administrators record 符合/不符合. The rules are the engine's, through
//! `junheng_app::labour::review`.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::review::{
    Action, AuditSample, DistrictReview, SchoolReview, district_review, export, record_outcome,
    sample, school_review, step_review,
};
use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Term};
use junheng_labour::review::{ReviewState, export_rows};
use junheng_store::labour::review::AuditOutcome;

use super::summary::{field, prev_term, term_param};
use crate::access::Member;
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, refusal};
use crate::params::{Form, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const SCHOOLS: &[Column] = &[
    Column::plain("school", "tp-school-code"),
    Column::choice("state", "labour-review-state"),
    Column::plain("classes", "labour-classes-submitted"),
    Column::plain("sample", "labour-sample-size"),
    Column::plain("audited", "labour-audited"),
    Column::plain("mismatches", "labour-mismatches"),
];

fn is_school(viewer: &Member) -> bool {
    viewer.user.role == junheng_store::Role::School
}

fn school_of(text: Option<&str>) -> Result<SchoolCode, AppError> {
    let t = text.map(str::trim).unwrap_or_default();
    SchoolCode::parse(t).map_err(|_| {
        AppError::bad_request(crate::msg!("labour-bad-school", v = crate::views::cut(t)))
    })
}

struct LogLine {
    day: String,
    event: &'static str,
    actor: String,
}

struct ClassLine {
    class: String,
    href: String,
    children: u32,
    submitted: String,
}

#[derive(Template)]
#[template(path = "labour_review.html")]
struct SchoolPage {
    layout: Layout,
    term: String,
    term_label: String,
    prev: String,
    next: String,
    state: &'static str,
    publicity: String,
    days: u32,
    today: String,
    actions: Vec<(&'static str, &'static str)>,
    export_note: String,
    exported: bool,
    classes: Vec<ClassLine>,
    missing: usize,
    log: Vec<LogLine>,
    stepped: bool,
}

fn event_key(id: &str) -> &'static str {
    match id {
        "summarise" => "labour-step-summarise",
        "publicise" => "labour-step-publicise",
        "review" => "labour-step-review",
        "reopen" => "labour-step-reopen",
        _ => "labour-step-export",
    }
}

/// The buttons the state offers (the engine still decides each step).
fn actions_of(state: &ReviewState) -> Vec<Action> {
    match state {
        ReviewState::Collecting => vec![Action::Summarise],
        ReviewState::Summarised { .. } => vec![Action::Publicise],
        ReviewState::Publicity { .. } => vec![Action::Review, Action::Reopen],
        ReviewState::Reviewed { .. } => vec![Action::Export, Action::Reopen],
        ReviewState::Exported { .. } => Vec::new(),
    }
}

fn action_id(a: Action) -> &'static str {
    match a {
        Action::Summarise => "summarise",
        Action::Publicise => "publicise",
        Action::Review => "review",
        Action::Reopen => "reopen",
        Action::Export => "export",
    }
}

fn school_page(viewer: &Member, r: &SchoolReview, stepped: bool) -> Response {
    let layout = Layout::new("labour-review-title", viewer);
    let publicity = match r.state {
        ReviewState::Publicity { start, ends } | ReviewState::Reviewed { start, ends, .. } => {
            format!("{start} – {ends}")
        }
        ReviewState::Exported { ends, .. } => format!("– {ends}"),
        _ => String::new(),
    };
    let export_note = export_rows(&r.state, &[], &[])
        .err()
        .map_or(String::new(), |e| e.to_string());
    let term = Term::id(r.term);
    let page = SchoolPage {
        term_label: r.term.to_string(),
        prev: Term::id(prev_term(r.term)),
        next: Term::id(r.term.next()),
        state: r.state.label(),
        publicity,
        days: r.publicity_working_days,
        today: super::class::today().to_string(),
        actions: actions_of(&r.state)
            .into_iter()
            .map(|a| {
                let id = action_id(a);
                (id, event_key(id))
            })
            .collect(),
        export_note,
        exported: matches!(r.state, ReviewState::Exported { .. }),
        classes: r
            .classes
            .iter()
            .map(|c| ClassLine {
                href: format!(
                    "/labour/class/summary?term={term}&class={}",
                    percent_encoding::utf8_percent_encode(
                        &c.class,
                        percent_encoding::NON_ALPHANUMERIC
                    )
                ),
                class: c.class.clone(),
                children: c.children,
                submitted: c
                    .submitted
                    .as_ref()
                    .map_or(String::new(), |s| crate::views::time(&s.at)),
            })
            .collect(),
        missing: r.missing().len(),
        log: r
            .log
            .iter()
            .map(|e| {
                let (id, day) = junheng_store::labour::review::event_parts(e.event);
                LogLine {
                    day: day.to_string(),
                    event: layout.t(event_key(id)),
                    actor: e.actor.clone(),
                }
            })
            .collect(),
        stepped,
        term,
        layout,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "labour_review_district.html")]
struct DistrictPage {
    layout: Layout,
    term_label: String,
    prev: String,
    next: String,
    totals: [(&'static str, u32); 7],
    list: ListView,
}

fn district_rows(d: &DistrictReview) -> Vec<Row> {
    let term = Term::id(d.term);
    d.schools
        .iter()
        .map(|l| {
            Row::new(vec![
                Value::text(l.school.to_string()),
                Value::text(l.state.label()),
                Value::Int(i64::from(l.classes_submitted)),
                Value::Int(i64::from(l.sample_size)),
                Value::Int(i64::from(l.audited)),
                Value::Int(i64::from(l.mismatches)),
            ])
            .link(format!(
                "/labour/review/audit?school={}&term={term}",
                l.school
            ))
        })
        .collect()
}

/// What `/labour/review` shows the viewer: their school's review (a school's account) or the
/// district's view (the district's roles) — one selection for the page and its JSON.
enum Seen {
    School(SchoolReview),
    District(DistrictReview),
}

async fn seen(state: &AppState, viewer: &Member, term: Term) -> Result<Seen, AppError> {
    let pass = super::pass(viewer)?;
    let here = state.here(viewer.district()?);
    let settings = super::settings(state);
    let who = caller(viewer);
    if pass.school().is_some() {
        if !is_school(viewer) {
            return Err(AppError::Forbidden);
        }
        let r = school_review(&here.store, &who, None, term, settings)
            .await
            .map_err(refusal)?;
        return Ok(Seen::School(r));
    }
    let d = district_review(&here.store, &who, term, settings)
        .await
        .map_err(refusal)?;
    Ok(Seen::District(d))
}

/// `GET /labour/review?term=` (and `&format=xlsx|csv` of the district's list).
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let term = term_param(&pairs)?;
    let d = match seen(&state, &viewer, term).await? {
        Seen::School(r) => return Ok(school_page(&viewer, &r, field(&pairs, "done").is_some())),
        Seen::District(d) => d,
    };
    let list = List::new(SCHOOLS, pairs, &["term"])?;
    let rows = district_rows(&d);
    let t = d.totals;
    let name = format!("劳动考评-{}", Term::id(term));
    list.respond(&rows, &name, "学校考评", |view| {
        render(&DistrictPage {
            layout: Layout::new("labour-review-title", &viewer),
            term_label: term.to_string(),
            prev: Term::id(prev_term(term)),
            next: Term::id(term.next()),
            totals: [
                ("labour-total-schools", t.schools),
                ("labour-total-publicity", t.publicity),
                ("labour-total-reviewed", t.reviewed),
                ("labour-total-exported", t.exported),
                ("labour-total-sampled", t.sampled),
                ("labour-total-audited", t.audited),
                ("labour-total-mismatches", t.mismatches),
            ],
            list: view,
        })
    })
}

/// `GET /api/v1/labour/review?term=`: a school's review (its account) or the district's view,
/// the same selection as the page.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let term = term_param(&pairs)?;
    let body = match seen(&state, &viewer, term).await? {
        Seen::School(r) => serde_json::json!({ "school": r }),
        Seen::District(d) => serde_json::json!({ "district": d }),
    };
    Ok(Json(body).into_response())
}

/// `POST /labour/review/step` (form `term`, `action`, `day` for 开始公示, `confirm`): one step
/// of the school's review; a refusal says the engine's reason and writes nothing.
pub(crate) async fn step(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let term = field(&form, "term")
        .and_then(Term::parse)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-term")))?;
    let action = field(&form, "action")
        .and_then(Action::from_id)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-step")))?;
    if field(&form, "confirm") != Some("1") {
        return Err(AppError::bad_request(crate::msg!("labour-confirm-step")));
    }
    let today = super::class::today();
    let on = match field(&form, "day").map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) if action == Action::Publicise => Day::parse(d).ok_or_else(|| {
            AppError::bad_request(crate::msg!("labour-bad-day", v = crate::views::cut(d)))
        })?,
        _ => today,
    };
    let here = state.here(viewer.district()?);
    step_review(
        &here.store,
        &caller(&viewer),
        None,
        term,
        action,
        on,
        today,
        super::settings(&state),
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!("/labour/review?term={}&done=1", Term::id(term))).into_response())
}

/// `GET /labour/review/export?term=&format=xlsx|csv` (xlsx without one): the school's
/// 综合素质评价 file; until the review is exported, a redirect to the review page, which shows
/// the engine's reason.
pub(crate) async fn download(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let term: Term = term_param(&pairs)?;
    let found = export(
        &here.store,
        super::keys(&state)?,
        &caller(&viewer),
        None,
        term,
        super::settings(&state),
    )
    .await;
    let rows = match found {
        Ok(rows) => rows,
        // Not exported yet: back to the review page, which says the engine's reason.
        Err(junheng_app::pairings::Refused::Store(junheng_store::StoreError::Conflict(_))) => {
            return Ok(Redirect::to(&format!(
                "/labour/review?term={}#labour-export-note",
                Term::id(term)
            ))
            .into_response());
        }
        Err(e) => return Err(refusal(e)),
    };
    let table = junheng_io::labour::review::export_table(&rows);
    let name = format!("综合素质评价-劳动素养-{}", Term::id(term));
    match field(&pairs, "format").map(str::trim).unwrap_or("xlsx") {
        "xlsx" | "" => {
            let bytes = junheng_io::export::write_xlsx(&[table])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(crate::views::download(
                crate::views::XLSX,
                &format!("{name}.xlsx"),
                bytes,
            ))
        }
        "csv" => {
            let mut bytes = Vec::new();
            junheng_io::export::write_csv(&table, &mut bytes)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok(crate::views::download(
                "text/csv; charset=utf-8",
                &format!("{name}.csv"),
                bytes,
            ))
        }
        _ => Err(AppError::bad_request(crate::msg!("labour-export-format"))),
    }
}

struct SampleLine {
    student: i64,
    class: String,
    outcome: &'static str,
    note: String,
    by: String,
}

#[derive(Template)]
#[template(path = "labour_audit.html")]
struct AuditPage {
    layout: Layout,
    school: String,
    term: String,
    term_label: String,
    children: usize,
    lines: Vec<SampleLine>,
    admin: bool,
    done: bool,
}

fn audit_page(viewer: &Member, s: &AuditSample, admin: bool, done: bool) -> Response {
    render(&AuditPage {
        layout: Layout::new("labour-audit-title", viewer),
        school: s.school.to_string(),
        term: Term::id(s.term),
        term_label: s.term.to_string(),
        children: s.children,
        lines: s
            .sampled
            .iter()
            .map(|c| SampleLine {
                student: c.student,
                class: c.class.clone(),
                outcome: c.outcome.as_ref().map_or("", |o| o.outcome.label()),
                note: c.outcome.as_ref().map_or(String::new(), |o| o.note.clone()),
                by: c.outcome.as_ref().map_or(String::new(), |o| o.by.clone()),
            })
            .collect(),
        admin,
        done,
    })
}

/// `GET /labour/review/audit?school=&term=`: the district's audit sample of a school.
pub(crate) async fn audit(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let pass = super::pass(&viewer)?;
    if pass.school().is_some() {
        return Err(AppError::Forbidden);
    }
    let school = school_of(field(&pairs, "school"))?;
    let term = term_param(&pairs)?;
    let here = state.here(viewer.district()?);
    let keys = crate::students::keys(&here)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-no-keys")))?;
    let s = sample(
        &here.store,
        &caller(&viewer),
        keys,
        &school,
        term,
        super::settings(&state),
    )
    .await
    .map_err(refusal)?;
    Ok(audit_page(
        &viewer,
        &s,
        pass.writes_list(None),
        field(&pairs, "done").is_some(),
    ))
}

/// `POST /labour/review/audit` (form `school`, `term`, `student`, `outcome` match|mismatch,
/// `note`): the district's outcome of a sampled child.
pub(crate) async fn record(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let school = school_of(field(&form, "school"))?;
    let term = field(&form, "term")
        .and_then(Term::parse)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-term")))?;
    let student: i64 = field(&form, "student")
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-child")))?;
    let outcome = field(&form, "outcome")
        .and_then(AuditOutcome::from_id)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-choose-outcome")))?;
    let note = field(&form, "note").unwrap_or_default();
    let here = state.here(viewer.district()?);
    let keys = crate::students::keys(&here)
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-no-keys")))?;
    record_outcome(
        &here.store,
        &caller(&viewer),
        keys,
        &school,
        term,
        student,
        outcome,
        note,
        super::settings(&state),
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!(
        "/labour/review/audit?school={school}&term={}&done=1",
        Term::id(term)
    ))
    .into_response())
}
