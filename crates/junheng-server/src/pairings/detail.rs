//! A pairing's page: who helps whom, since when, the kinds of help and the activities recorded;
//! then, over every stored school year, the helped schools' verdicts and indicator values and,
//! per 学段 and 城乡分类, their mean of each indicator and share meeting the standard beside
//! the comparable schools nobody helps in that year (`junheng_core::pairing::compare`, on the
//! server's cached evaluations) — said plainly to be a comparison, not a causal effect. For
//! administrators, the forms to record an activity and to end the pairing.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::{Reach, comparison_sets};
use junheng_core::pairing::HelpKind;
use junheng_core::pairing::compare::{Comparison, Figures, compare};
use junheng_core::school::school_year;
use junheng_store::{NewActivity, Pairing};
use serde::Deserialize;

use super::write::field;
use super::{caller, help_key, helper_text, is_admin, kind_key, refusal, school_names, state_key};
use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::params::{Form, Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// A helped school on the page.
pub(crate) struct SchoolLink {
    pub code: String,
    /// Its name (data), empty when no statistics name it.
    pub name: String,
}

/// An activity on the page.
pub(crate) struct ActivityRow {
    pub held_on: String,
    pub kind: &'static str,
    pub hours: String,
    pub participants: u32,
    pub note: String,
}

/// One indicator of a stratum: both groups.
pub(crate) struct IndicatorRow {
    /// 指标名称 (data).
    pub name: String,
    pub unit: String,
    pub standard: String,
    pub helped_mean: String,
    pub comparison_mean: String,
    pub helped_share: String,
    pub comparison_share: String,
}

/// One 学段 and 城乡分类 of a year.
pub(crate) struct StratumView {
    /// 小学 / 初中 (data).
    pub section: &'static str,
    /// 城区 / 镇区 / 乡村 / 未分类 (data).
    pub category: &'static str,
    pub helped_units: usize,
    pub comparison_units: usize,
    /// Whether the comparison group is shown (a scoped viewer sees only groups of
    /// `MIN_SCOPED_GROUP` schools or more).
    pub shown: bool,
    pub helped_pass: String,
    pub comparison_pass: String,
    pub indicators: Vec<IndicatorRow>,
}

/// One school year of the comparison.
pub(crate) struct YearBlock {
    pub label: String,
    /// Whether the pairing was in force in the year.
    pub in_force: bool,
    /// Why the year has no comparison (a catalogue key), or empty.
    pub missing: &'static str,
    pub strata: Vec<StratumView>,
}

/// A helped unit in a year: its verdict and values.
pub(crate) struct UnitRow {
    pub year: String,
    pub code: String,
    pub name: String,
    pub section: &'static str,
    pub category: &'static str,
    /// The verdict's catalogue key (达标 / 未达标), or empty without a unit rule.
    pub verdict: &'static str,
    pub passes: bool,
    pub met: String,
    pub values: Vec<String>,
}

#[derive(Template)]
#[template(path = "pairing.html")]
struct PairingPage {
    layout: Layout,
    id: i64,
    kind: &'static str,
    helper: String,
    helped: Vec<SchoolLink>,
    /// Helped schools the viewer may not see (counted, not named).
    hidden: usize,
    help: Vec<&'static str>,
    started_on: String,
    ended_on: String,
    state: &'static str,
    note: String,
    activities: Vec<ActivityRow>,
    admin: bool,
    running: bool,
    helps: Vec<(&'static str, &'static str)>,
    today: String,
    done: &'static str,
    rulebook_name: &'static str,
    heads: Vec<String>,
    years: Vec<YearBlock>,
    units: Vec<UnitRow>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    rulebook: Option<String>,
    done: Option<String>,
}

fn share(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn mean(f: &Figures) -> String {
    f.mean.map_or_else(|| "—".to_owned(), crate::views::value)
}

/// The page's view of one year's comparison.
fn year_block(c: &Comparison, reach: &Reach, in_force: bool) -> YearBlock {
    let strata = c
        .strata
        .iter()
        .map(|s| {
            let shown = reach.shows_group(s.comparison.units);
            let hide = |t: String| if shown { t } else { "—".to_owned() };
            StratumView {
                section: s.section_label,
                category: s.category_label,
                helped_units: s.helped.units,
                comparison_units: s.comparison.units,
                shown,
                helped_pass: share(s.helped.pass_share),
                comparison_pass: hide(share(s.comparison.pass_share)),
                indicators: s
                    .indicators
                    .iter()
                    .map(|i| IndicatorRow {
                        name: i.name.clone(),
                        unit: i.unit.clone(),
                        standard: i.standard.map_or_else(String::new, crate::views::threshold),
                        helped_mean: mean(&i.helped),
                        comparison_mean: hide(mean(&i.comparison)),
                        helped_share: share(i.helped.share_meeting),
                        comparison_share: hide(share(i.comparison.share_meeting)),
                    })
                    .collect(),
            }
        })
        .collect();
    YearBlock {
        label: school_year(c.year),
        in_force,
        missing: "",
        strata,
    }
}

/// The comparison of every stored year, oldest first, and the helped units' rows.
async fn comparisons(
    here: &Here,
    pairing: &Pairing,
    reach: &Reach,
    rulebook: &junheng_core::rulebook::Rulebook,
) -> Result<(Vec<String>, Vec<YearBlock>, Vec<UnitRow>), AppError> {
    let all = here.store.pairings().await?;
    let mut heads = Vec::new();
    let mut blocks = Vec::new();
    let mut units = Vec::new();
    let years = here.years().await?;
    for y in years.iter().rev() {
        let in_force = pairing.in_force(y.year);
        let shown = here.evaluation(y, rulebook).await?;
        let Ok(e) = shown.evaluated.evaluation() else {
            blocks.push(YearBlock {
                label: school_year(y.year),
                in_force,
                missing: "pairings-year-not-evaluated",
                strata: Vec::new(),
            });
            continue;
        };
        let (helped, excluded) = comparison_sets(pairing, &all, reach, y.year);
        let c = compare(e, &helped, &excluded);
        if heads.is_empty()
            && let Some(s) = c.strata.first()
        {
            heads = s.indicators.iter().map(|i| i.short.clone()).collect();
        }
        let mut block = year_block(&c, reach, in_force);
        if block.strata.is_empty() {
            block.missing = "pairings-year-no-helped-school";
        }
        blocks.push(block);
        for u in &c.schools {
            units.push(UnitRow {
                year: school_year(c.year),
                code: u.code.to_string(),
                name: u.name.clone(),
                section: u.section.label(),
                category: u.category.label(),
                verdict: u.passes.map_or("", crate::views::verdict_key),
                passes: u.passes != Some(false),
                met: u.met.map_or_else(String::new, |m| m.to_string()),
                values: u.values.iter().map(|v| crate::views::value(*v)).collect(),
            });
        }
    }
    Ok((heads, blocks, units))
}

/// `GET /pairings/{id}?rulebook=&done=`: a pairing's page.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (reach, pairing, activities) =
        junheng_app::pairings::open(&here.store, &caller(&viewer), id)
            .await
            .map_err(refusal)?;
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let names = school_names(&here).await?;
    let helped: Vec<SchoolLink> = pairing
        .schools
        .iter()
        .filter(|c| reach.school(c))
        .map(|c| SchoolLink {
            code: c.to_string(),
            name: names.get(c).cloned().unwrap_or_default(),
        })
        .collect();
    let hidden = pairing.schools.len() - helped.len();
    let (heads, years, units) = comparisons(&here, &pairing, &reach, &rulebook).await?;
    let today = junheng_app::tasks::beijing_today();
    let page = PairingPage {
        layout: Layout::new("pairings-one", &viewer),
        id: pairing.id,
        kind: kind_key(pairing.kind),
        helper: helper_text(&names, &pairing.helper),
        helped,
        hidden,
        help: pairing.help.iter().map(|h| help_key(*h)).collect(),
        started_on: pairing.started_on.clone(),
        ended_on: pairing.ended_on.clone().unwrap_or_default(),
        state: state_key(&pairing, &today),
        note: pairing.note.clone(),
        activities: activities
            .iter()
            .map(|a| ActivityRow {
                held_on: a.held_on.clone(),
                kind: help_key(a.kind),
                hours: format!("{:.1}", a.hours),
                participants: a.participants,
                note: a.note.clone(),
            })
            .collect(),
        admin: is_admin(&viewer),
        running: pairing.ended_on.is_none(),
        helps: HelpKind::ALL
            .into_iter()
            .filter(|k| pairing.help.contains(k))
            .map(|k| (k.id(), help_key(k)))
            .collect(),
        today,
        done: match q.done.as_deref() {
            Some("added") => "pairings-done-added",
            Some("activity") => "pairings-done-activity",
            Some("ended") => "pairings-done-ended",
            _ => "",
        },
        rulebook_name: crate::dashboard::rulebook_name(&rulebook.id),
        heads,
        years,
        units,
    };
    Ok(render(&page))
}

/// `POST /pairings/{id}/activities` (form `held_on`, `kind`, `hours`, `participants`, `note`).
pub(crate) async fn activity(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let kind = HelpKind::parse(field(&form, "kind")).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "pairings-bad-help",
            v = crate::views::cut(field(&form, "kind"))
        ))
    })?;
    let hours = field(&form, "hours").parse::<f64>().map_err(|_| {
        AppError::bad_request(crate::msg!(
            "pairings-bad-hours",
            v = crate::views::cut(field(&form, "hours"))
        ))
    })?;
    let participants = match field(&form, "participants") {
        "" => 0,
        n => n.parse::<u32>().map_err(|_| {
            AppError::bad_request(crate::msg!(
                "pairings-bad-participants",
                v = crate::views::cut(n)
            ))
        })?,
    };
    let new = NewActivity {
        held_on: field(&form, "held_on"),
        kind,
        hours,
        participants,
        note: field(&form, "note"),
    };
    junheng_app::pairings::add_activity(&here.store, &caller(&viewer), id, &new)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/pairings/{id}?done=activity")).into_response())
}

/// `POST /pairings/{id}/end` (form `ended_on`).
pub(crate) async fn end(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    junheng_app::pairings::end(&here.store, &caller(&viewer), id, field(&form, "ended_on"))
        .await
        .map_err(refusal)?;
    Ok(Redirect::to(&format!("/pairings/{id}?done=ended")).into_response())
}
