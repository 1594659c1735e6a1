//! `GET /students/cases/{id}`: a case ("一人一案") — the child by name (read and recorded through
//! `roster::case_names`), its state, risk, owner and plan, every step (dated, by whom, why) and
//! 劝返 attempt, and for those who keep it the forms of its moves. Anyone else, and any id the
//! district does not know, gets the same 403.
//!
//! `POST /students/cases/{id}/act` (核实为正当缺勤, 复学销号, 其他合法情形), `/plan` and `/attempt`:
//! the keepers' writes through `junheng_app::students::cases`; a move the state machine refuses
//! is a 409 that says why in Chinese.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Caller;
use junheng_app::students::cases;
use junheng_app::students::roster;
use junheng_app::students::who::{may_keep_cases, sight};
use junheng_core::student::{DropoutEvent, LawfulReason, transition};
use junheng_store::{NewAttempt, StoreError};
use serde::Deserialize;

use super::{
    keys, lawful_key, level_key, refusal, refusal_hiding, school_names, school_text, state_key,
    today, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// A step of the case.
pub(crate) struct StepRow {
    pub on_date: String,
    pub from: &'static str,
    pub to: &'static str,
    /// Data.
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A 劝返 attempt.
pub(crate) struct AttemptRow {
    pub on_date: String,
    /// Data.
    pub by_whom: String,
    pub outcome: String,
    pub note: String,
    pub recorded_by: String,
}

/// The case's line of the watch list (open cases).
pub(crate) struct RiskView {
    pub level: &'static str,
    pub score: u32,
    /// Data.
    pub reasons: String,
    pub days: i64,
    pub breach: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "dropout_case.html")]
struct CasePage {
    layout: Layout,
    today: String,
    id: i64,
    student: i64,
    /// Data: the child's name and masked 学籍号, school, grade and class.
    name: String,
    number: String,
    school: String,
    class: String,
    state: &'static str,
    open: bool,
    opened_on: String,
    state_since: String,
    closed_on: String,
    owner: String,
    plan: String,
    risk: Option<RiskView>,
    steps: Vec<StepRow>,
    attempts: Vec<AttemptRow>,
    may_keep: bool,
    /// An open 心理 case, for those who may know that much (`junheng_app::health::who`).
    mental_watch: bool,
    /// (event id, button key) of the moves the machine allows now.
    acts: Vec<(&'static str, &'static str)>,
    /// (reason id, key) of the lawful reasons, when a lawful closing is allowed.
    lawful: Vec<(&'static str, &'static str)>,
}

/// `GET /students/cases/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let caller = Caller::User(&viewer.user);
    let sight = sight(&caller);
    // The same refusal for a case the district does not know as for one the viewer may not see.
    let school = match here.store.dropout_case(id).await {
        Ok((case, ..)) => case.school,
        Err(StoreError::NotFound(_)) => return Err(AppError::Forbidden),
        Err(e) => return Err(e.into()),
    };
    if !sight.cases_at(&school) {
        return Err(AppError::Forbidden);
    }
    let today = today();
    let settings = &state.config.students;
    cases::refresh(&here.store, &today, &settings.dropout)
        .await
        .map_err(refusal)?;
    let (case, steps, attempts) = here.store.dropout_case(id).await?;
    let named = roster::case_names(&here.store, keys(&here), &caller, &[&case], &what(&viewer))
        .await
        .map_err(refusal)?;
    let n = named.get(&case.student);
    let entry = here
        .store
        .latest_entries(&[case.student])
        .await?
        .remove(&case.student);
    let names = school_names(&here).await?;
    let risk = if case.state.open() {
        cases::watch_list(
            &here.store,
            Some(&case.school),
            &today,
            &settings.dropout,
            &settings.risk,
        )
        .await
        .map_err(refusal)?
        .into_iter()
        .find(|w| w.case.id == id)
        .map(|w| RiskView {
            level: level_key(w.risk.level),
            score: w.risk.score,
            reasons: w
                .risk
                .reasons
                .iter()
                .map(|(why, p)| format!("{why} {p}"))
                .collect::<Vec<_>>()
                .join("、"),
            days: w.days_in_state.max(0),
            breach: w.breach.unwrap_or_default(),
            next: w.next_action.to_owned(),
        })
    } else {
        None
    };
    let may_keep = may_keep_cases(&caller, &case.school);
    let mental_watch = junheng_app::health::who::mental_flag(&here.store, &caller, case.student)
        .await?
        .unwrap_or(false);
    let acts = [
        (DropoutEvent::Excused, "excused", "dropout-act-excused"),
        (DropoutEvent::Return, "return", "dropout-act-return"),
    ]
    .into_iter()
    .filter(|(e, ..)| transition(case.state, *e).is_ok())
    .map(|(_, id, key)| (id, key))
    .collect();
    let lawful_allowed = case.state.open()
        && transition(
            case.state,
            DropoutEvent::Lawful {
                reason: LawfulReason::Death,
            },
        )
        .is_ok();
    Ok(render(&CasePage {
        layout: Layout::new("dropout-case-title", &viewer),
        today,
        id,
        student: case.student,
        name: n.map(|n| n.name.clone()).unwrap_or_default(),
        number: n.map(|n| n.number_masked.clone()).unwrap_or_default(),
        school: school_text(&names, &case.school),
        class: entry.as_ref().map_or_else(String::new, |(_, _, e)| {
            format!(
                "{}{}",
                junheng_app::students::who::grade_label(e.grade),
                e.class
            )
        }),
        state: state_key(case.state),
        open: case.state.open(),
        opened_on: case.opened_on.clone(),
        state_since: case.state_since.clone(),
        closed_on: case.closed_on.clone().unwrap_or_default(),
        owner: case.owner.clone(),
        plan: case.plan.clone(),
        risk,
        steps: steps
            .into_iter()
            .map(|s| StepRow {
                on_date: s.on_date,
                from: state_key(s.from),
                to: state_key(s.to),
                reason: s.reason,
                by: s.created_by,
                at: crate::views::time(&s.created_at),
            })
            .collect(),
        attempts: attempts
            .into_iter()
            .map(|a| AttemptRow {
                on_date: a.on_date,
                by_whom: a.by_whom,
                outcome: a.outcome,
                note: a.note,
                recorded_by: a.created_by,
            })
            .collect(),
        may_keep: may_keep && case.state.open(),
        mental_watch,
        acts,
        lawful: if lawful_allowed {
            LawfulReason::ALL
                .iter()
                .map(|r| (r.id(), lawful_key(*r)))
                .collect()
        } else {
            Vec::new()
        },
    }))
}

/// The form of `POST /students/cases/{id}/act`.
#[derive(Debug, Deserialize)]
pub(crate) struct ActForm {
    /// `excused`, `return` or `lawful`.
    event: String,
    on_date: String,
    /// The lawful reason's id (`lawful`).
    #[serde(default)]
    lawful: String,
    #[serde(default)]
    reason: String,
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/students/cases/{id}")).into_response()
}

/// `POST /students/cases/{id}/act`.
pub(crate) async fn act(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<ActForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let bad = || {
        AppError::bad_request(crate::msg!(
            "dropout-bad-event",
            v = crate::views::cut(&form.event)
        ))
    };
    let event = match form.event.trim() {
        "excused" => DropoutEvent::Excused,
        "return" => DropoutEvent::Return,
        "lawful" => DropoutEvent::Lawful {
            reason: LawfulReason::from_id(form.lawful.trim()).ok_or_else(|| {
                AppError::bad_request(crate::msg!(
                    "dropout-bad-lawful",
                    v = crate::views::cut(&form.lawful)
                ))
            })?,
        },
        _ => return Err(bad()),
    };
    let reason = match (form.reason.trim(), event) {
        ("", DropoutEvent::Excused) => "核实为正当缺勤".to_owned(),
        ("", DropoutEvent::Return) => "复学（销号）".to_owned(),
        ("", DropoutEvent::Lawful { reason }) => reason.label().to_owned(),
        (r, _) => r.to_owned(),
    };
    cases::act(
        &here.store,
        &Caller::User(&viewer.user),
        id,
        event,
        form.on_date.trim(),
        &reason,
    )
    .await
    .map_err(refusal_hiding)?;
    Ok(back(id))
}

/// The form of `POST /students/cases/{id}/plan`.
#[derive(Debug, Deserialize)]
pub(crate) struct PlanForm {
    owner: String,
    plan: String,
}

/// `POST /students/cases/{id}/plan`: the case's 包保责任人 and 方案.
pub(crate) async fn plan(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<PlanForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    cases::plan(
        &here.store,
        &Caller::User(&viewer.user),
        id,
        &form.owner,
        &form.plan,
    )
    .await
    .map_err(refusal_hiding)?;
    Ok(back(id))
}

/// The form of `POST /students/cases/{id}/attempt`.
#[derive(Debug, Deserialize)]
pub(crate) struct AttemptForm {
    on_date: String,
    by_whom: String,
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `POST /students/cases/{id}/attempt`: a 劝返 attempt (a case at 疑似辍学 or 辍学 moves to
/// 劝返中).
pub(crate) async fn attempt(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<AttemptForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let a = NewAttempt {
        on_date: form.on_date.trim().to_owned(),
        by_whom: form.by_whom,
        outcome: form.outcome,
        note: form.note,
    };
    cases::attempt(&here.store, &Caller::User(&viewer.user), id, &a)
        .await
        .map_err(refusal_hiding)?;
    Ok(back(id))
}
