//! `GET /health/mental/cases/{id}`: a 心理 case for its keepers only — the school's 心理教师,
//! the district's crisis team — with the child by name, its tier, due date, reasons, plan,
//! referral and the crisis procedure's step, every note, and the answers and scores of the wave
//! that opened it (opened for this one child). The 班主任 and everyone else, and any id the
//! district does not know, get the same 403 before anything is opened.
//!
//! `POST /health/mental/cases/{id}/record` (`kind` = review | plan | referral | step | follow_up
//! | close, `text`, `tier`, `referral_to`, `on_date`): what a keeper did, through
//! `junheng_app::health::cases::record` (危机 is set and cleared by a 复核 only).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::health::cases::{self, CaseContent, Entry, NoteContent, NoteKind};
use junheng_app::health::mental::MentalRecord;
use junheng_app::health::who::{Sight, may_keep};
use junheng_core::health::mental::Tier;
use junheng_store::{HealthKind, StoreError};

use super::{
    caller, class_text, keys, need_keys, param, refusal, refusal_hiding, school_names, school_text,
    sight_of, tier_key, today, what,
};
use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::params::{Form, Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The tiers a 复核 may decide, by form value.
const TIERS: [(&str, Tier); 4] = [
    ("general", Tier::General),
    ("attention", Tier::Attention),
    ("priority", Tier::Priority),
    ("crisis", Tier::Crisis),
];

/// A note of the case.
struct NoteRow {
    on_date: String,
    /// Data: 测评, 复核面谈 ….
    kind: &'static str,
    tier: &'static str,
    text: String,
    by: String,
    at: String,
}

/// An instrument's answers and score in the wave.
struct Answers {
    /// Data: PHQ-9（抑郁筛查）, or a district instrument's id.
    instrument: String,
    answers: Vec<u8>,
    total: String,
    /// Data: the published band.
    severity: &'static str,
}

#[derive(Template)]
#[template(path = "health_case.html")]
struct Page {
    layout: Layout,
    today: String,
    id: i64,
    name: String,
    number: String,
    school: String,
    class: String,
    open: bool,
    opened_on: String,
    due_on: String,
    closed_on: String,
    overdue: bool,
    tier: &'static str,
    crisis: bool,
    suggested: &'static str,
    same_day: bool,
    reasons: Vec<String>,
    owner: String,
    plan: String,
    /// (where, when, feedback).
    referral: Option<(String, String, String)>,
    /// (step, reached) of the crisis procedure, while 危机.
    steps: Vec<(String, bool)>,
    /// The step to do next, if any.
    next_step: String,
    notes: Vec<NoteRow>,
    wave: String,
    answers: Vec<Answers>,
    /// (value, key) of the tiers a 复核 decides.
    tiers: Vec<(&'static str, &'static str)>,
    /// What was just recorded (a catalogue key), or empty.
    done: &'static str,
}

/// The school of case `id` when the viewer keeps its cases; the same 403 for an unknown case.
async fn kept_school(
    here: &Here,
    viewer: &Viewer,
    id: i64,
) -> Result<junheng_core::school::SchoolCode, AppError> {
    if !matches!(
        sight_of(viewer, HealthKind::Mental),
        Sight::Everything | Sight::Named { class: None, .. }
    ) {
        return Err(AppError::Forbidden);
    }
    let school = match here.store.mental_case_school(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound(_)) => return Err(AppError::Forbidden),
        Err(e) => return Err(e.into()),
    };
    if !may_keep(&caller(viewer), &school) {
        return Err(AppError::Forbidden);
    }
    Ok(school)
}

/// The answers of the child's record in the case's wave.
fn answers(
    record: &MentalRecord,
    grade: u8,
    instruments: &[junheng_core::health::instrument::Loaded],
) -> Vec<Answers> {
    let scores = record.scores(grade);
    let mut out: Vec<Answers> = record
        .answers
        .iter()
        .map(|(instrument, a)| {
            let s = scores.iter().find(|s| s.instrument == *instrument);
            Answers {
                instrument: instrument.label().to_owned(),
                answers: a.clone(),
                total: s.map_or_else(String::new, |s| s.total.to_string()),
                severity: s.map_or("", |s| s.severity.label()),
            }
        })
        .collect();
    // A district instrument's answers and its scales, scored by the district's data.
    let custom = record.custom_scores(grade, instruments);
    out.extend(record.custom.iter().map(|(id, a)| {
        let c = custom.iter().find(|c| &c.instrument == id);
        Answers {
            instrument: id.clone(),
            answers: a.clone(),
            total: c.map_or_else(String::new, |c| {
                c.scales
                    .iter()
                    .map(|s| match s.norm {
                        Some(n) => format!("{} {}（常模 {n}）", s.name, s.raw),
                        None => format!("{} {}", s.name, s.raw),
                    })
                    .collect::<Vec<_>>()
                    .join("；")
            }),
            severity: match c {
                Some(c) if !c.valid => "作答无效，需重测",
                _ => "",
            },
        }
    }));
    out
}

/// `GET /health/mental/cases/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    kept_school(&here, &viewer, id).await?;
    let keys = need_keys(&here)?;
    let actor = viewer.actor();
    let read_as = what(&viewer);
    let (case, notes) = here.store.mental_case(keys, id, &actor, &read_as).await?;
    let content = CaseContent::decode(&case.content).map_err(refusal)?;
    let named = here
        .store
        .named_students(keys, &[case.student], &actor, &read_as)
        .await?
        .pop();
    let (grade, class) = case.class.split_once('|').unwrap_or(("0", &case.class));
    let grade: u8 = grade.parse().unwrap_or(0);
    let mut wave = String::new();
    let mut shown = Vec::new();
    if let Some(round) = case.round {
        let round = here.store.health_round_by_id(round).await?;
        wave = round.name.clone();
        let opened = here
            .store
            .open_health(
                keys,
                &round,
                Some(&case.school),
                None,
                Some(&[case.student]),
                &actor,
                &read_as,
            )
            .await?;
        for r in opened {
            let rec = junheng_app::health::mental::decode(&r).map_err(refusal)?;
            shown = answers(&rec, r.grade, &state.config.health_instruments);
        }
    }
    let settings = &state.config.health.mental;
    let crisis = content.tier == Tier::Crisis;
    let reached = content.step.unwrap_or(0);
    let steps: Vec<(String, bool)> = if crisis {
        settings
            .crisis_steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i < reached))
            .collect()
    } else {
        Vec::new()
    };
    let names = school_names(&here).await?;
    let today = today();
    let notes = notes
        .iter()
        .map(|n| {
            let c = NoteContent::decode(&n.content).map_err(refusal)?;
            Ok(NoteRow {
                on_date: n.on_date.clone(),
                kind: c.kind.label(),
                tier: c.tier.map_or("", tier_key),
                text: c.text,
                by: n.created_by.clone(),
                at: crate::views::time(&n.created_at),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let done = match param(&pairs, "done") {
        Some(_) => "health-case-recorded",
        None => "",
    };
    Ok(render(&Page {
        layout: Layout::new("health-case-title", &viewer),
        id,
        name: named.as_ref().map(|n| n.name.clone()).unwrap_or_default(),
        number: named
            .as_ref()
            .map(|n| n.number_masked.clone())
            .unwrap_or_default(),
        school: school_text(&names, &case.school),
        class: class_text(grade, class),
        open: case.closed_on.is_none(),
        overdue: case.closed_on.is_none() && case.due_on.as_str() < today.as_str(),
        opened_on: case.opened_on.clone(),
        due_on: case.due_on.clone(),
        closed_on: case.closed_on.clone().unwrap_or_default(),
        tier: tier_key(content.tier),
        crisis,
        suggested: tier_key(content.suggested),
        same_day: content.same_day_review,
        reasons: content.reasons.clone(),
        owner: content.owner.clone(),
        plan: content.plan.clone(),
        referral: content.referral.clone(),
        next_step: if crisis {
            settings
                .crisis_steps
                .get(reached)
                .cloned()
                .unwrap_or_default()
        } else {
            String::new()
        },
        steps,
        notes,
        wave,
        answers: shown,
        tiers: TIERS.iter().map(|(v, t)| (*v, tier_key(*t))).collect(),
        done,
        today,
    }))
}

/// The one value of field `key` (trimmed; empty when absent).
fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.trim())
}

/// The entry a form describes, refused (400) before anything is looked up when incomplete.
fn entry(form: &[(String, String)]) -> Result<Entry, AppError> {
    let kind_text = field(form, "kind");
    let kind = NoteKind::parse(kind_text).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "health-bad-note-kind",
            v = crate::views::cut(kind_text)
        ))
    })?;
    let tier = match field(form, "tier") {
        "" => None,
        t => Some(
            TIERS
                .iter()
                .find(|(v, _)| *v == t)
                .map(|(_, tier)| *tier)
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!("health-bad-tier", v = crate::views::cut(t)))
                })?,
        ),
    };
    let on_date = match field(form, "on_date") {
        "" => today(),
        d => d.to_owned(),
    };
    Ok(Entry {
        kind,
        text: field(form, "text").to_owned(),
        tier,
        referral_to: Some(field(form, "referral_to").to_owned()).filter(|s| !s.is_empty()),
        on_date,
    })
}

/// `POST /health/mental/cases/{id}/record`.
pub(crate) async fn record(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let entry = entry(&form)?;
    let here = state.here(viewer.district()?);
    kept_school(&here, &viewer, id).await?;
    cases::record(
        &here.store,
        keys(&here),
        &caller(&viewer),
        id,
        &entry,
        &state.config.health.mental,
    )
    .await
    .map_err(refusal_hiding)?;
    Ok(Redirect::to(&format!("/health/mental/cases/{id}?done=1")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_form_is_read_or_refused_before_anything_is_looked_up() {
        assert!(entry(&[]).is_err());
        assert!(
            entry(&form(&[("kind", "screen")])).is_err(),
            "a screen is the importer's"
        );
        assert!(entry(&form(&[("kind", "review"), ("tier", "severe")])).is_err());
        let e = entry(&form(&[
            ("kind", "review"),
            ("tier", "crisis"),
            ("text", "面谈"),
            ("on_date", "2025-03-03"),
        ]))
        .unwrap();
        assert_eq!(
            (e.kind, e.tier, e.on_date.as_str()),
            (NoteKind::Review, Some(Tier::Crisis), "2025-03-03")
        );
        let e = entry(&form(&[("kind", "follow_up"), ("text", "回访")])).unwrap();
        assert_eq!(
            (e.kind, e.tier, e.referral_to),
            (NoteKind::FollowUp, None, None)
        );
    }
}
