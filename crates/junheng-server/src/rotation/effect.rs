//! `/rotation/effect?year=&rulebook=`: the evaluation of a year with the ledger applied (teachers counted
//! at their host school, as the rulebook says) against the statistics as reported, and the moves
//! that could not be applied, with why.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::evaluate::evaluate;
use junheng_core::school::school_year;
use junheng_rotation::{Effect, Move, apply_ledger, effect};

use crate::access::Member;
use crate::error::AppError;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{self, Layout, render};

use super::RotationQuery;

/// One indicator's 差异系数 before and after.
pub(crate) struct CvRow {
    pub section: &'static str,
    pub name: String,
    pub limit: String,
    pub before: String,
    pub after: String,
    /// "↓", "↑" or "→".
    pub arrow: &'static str,
    pub narrower: bool,
    pub passes_after: bool,
}

/// One unit whose values changed: "指标 before → after" per changed indicator.
pub(crate) struct UnitRow {
    pub code: String,
    pub name: String,
    pub section: &'static str,
    pub changes: String,
    pub verdict_before: &'static str,
    pub verdict_after: &'static str,
    pub passes_after: bool,
}

pub(crate) struct SkipRow {
    pub teacher: String,
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// The rows of an [`Effect`] a user may see: every indicator (district aggregates), the units
/// of schools in scope whose values changed.
pub(crate) fn effect_rows(
    e: &Effect,
    teacher_only: bool,
    visible: impl Fn(&junheng_core::school::SchoolCode) -> bool,
) -> (Vec<CvRow>, Vec<UnitRow>) {
    let cvs = e
        .indicators
        .iter()
        .filter(|i| i.teacher || !teacher_only)
        .map(|i| {
            let (b, a) = (i.cv_before, i.cv_after);
            let arrow = match (b, a) {
                (Some(b), Some(a)) if a < b - 1e-12 => "↓",
                (Some(b), Some(a)) if a > b + 1e-12 => "↑",
                _ => "→",
            };
            CvRow {
                section: i.section.label(),
                name: i.name.clone(),
                limit: views::threshold(i.limit),
                before: views::cv_or_key(b),
                after: views::cv_or_key(a),
                arrow,
                narrower: arrow == "↓",
                passes_after: i.passes_after.unwrap_or(true),
            }
        })
        .collect();
    let shorts: Vec<(junheng_core::school::Section, &str)> = e
        .indicators
        .iter()
        .map(|i| (i.section, i.short.as_str()))
        .collect();
    let units = e
        .units
        .iter()
        .filter(|u| u.changed() && visible(&u.school))
        .map(|u| {
            let names: Vec<&str> = shorts
                .iter()
                .filter(|(s, _)| *s == u.section)
                .map(|(_, n)| *n)
                .collect();
            let changes = u
                .before
                .iter()
                .zip(&u.after)
                .zip(names)
                .filter(|((b, a), _)| b != a)
                .map(|((b, a), n)| format!("{n} {} → {}", views::value(*b), views::value(*a)))
                .collect::<Vec<_>>()
                .join("；");
            let verdict = |p: Option<bool>| p.map_or("label-not-evaluated", views::verdict_key);
            UnitRow {
                code: u.school.to_string(),
                name: u.name.clone(),
                section: u.section.label(),
                changes,
                verdict_before: verdict(u.passes_before),
                verdict_after: verdict(u.passes_after),
                passes_after: u.passes_after.unwrap_or(true),
            }
        })
        .collect();
    (cvs, units)
}

#[derive(Template)]
#[template(path = "rotation_effect.html")]
struct EffectPage {
    layout: Layout,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebook_id: String,
    rulebooks: Vec<crate::dashboard::RulebookLink>,
    passes_before: bool,
    passes_after: bool,
    applied: usize,
    cvs: Vec<CvRow>,
    units: Vec<UnitRow>,
    skipped: Vec<SkipRow>,
}

/// The ledger's effect on a year: computed once per (inputs, rulebook), off the runtime.
struct LedgerEffect {
    effect: Effect,
    applied: usize,
    skipped: Vec<(Move, String)>,
}

fn ledger_effect(data: &super::Data) -> Result<LedgerEffect, AppError> {
    let rules = data.rulebook.rotation;
    let applied = apply_ledger(&data.records, &data.roster, &data.ledger, data.year, &rules);
    let bad = |e: junheng_core::evaluate::EvaluateError| AppError::BadRequest(e.to_string());
    let before = evaluate(&data.records, &data.rulebook).map_err(bad)?;
    let after = evaluate(&applied.records, &data.rulebook).map_err(bad)?;
    Ok(LedgerEffect {
        effect: effect(&before, &after),
        applied: applied.applied.len(),
        skipped: applied
            .skipped
            .iter()
            .map(|(m, reason)| ((*m).clone(), reason.describe()))
            .collect(),
    })
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<RotationQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let data = Arc::new(super::require(&here, q.year, rulebook).await?);
    if data.records.is_empty() {
        return Err(AppError::not_found(crate::msg!(
            "rotation-error-no-statistics",
            v = data.year
        )));
    }
    let key = format!("ledger-effect:{}:{}", data.fingerprint(), data.rulebook.id);
    let computed = {
        let data = data.clone();
        here.view(key, move || ledger_effect(&data)).await?
    };
    let sees = viewer.sees();
    let visible = |c: &junheng_core::school::SchoolCode| sees.in_year(c, &data.groups);
    let (cvs, units) = effect_rows(&computed.effect, false, visible);
    let skipped = computed
        .skipped
        .iter()
        .filter(|(m, _)| visible(&m.from) || visible(&m.to))
        .map(|(m, reason)| SkipRow {
            teacher: m.teacher.to_string(),
            from: format!("{} {}", m.from, data.name(&m.from)),
            to: format!("{} {}", m.to, data.name(&m.to)),
            reason: reason.clone(),
        })
        .collect();
    let e = &computed.effect;
    let page = EffectPage {
        layout: Layout::new("rotation-effect-of-the-rotations", &viewer),
        year: data.year,
        year_label: school_year(data.year),
        years: super::year_links(&data),
        rulebooks: super::rulebook_links(&data, |y, id| {
            format!("/rotation/effect?year={y}&rulebook={id}")
        }),
        rulebook_id: data.rulebook.id.clone(),
        passes_before: e.passes_before,
        passes_after: e.passes_after,
        applied: computed.applied,
        cvs,
        units,
        skipped,
    };
    Ok(render(&page))
}
