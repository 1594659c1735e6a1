//! `GET /five?year=&format=` — 五育 coverage per school and for the district against the
//! district's targets (met / not met in colour and words): 大课间, 美育, 特色学校, 校园足球, 研学.
//! A school's account sees its own school's row, a group's or 学区's lead its schools' rows,
//! the district's and region's users every school; the district's figures are shown to all (school-level counts, no child: nothing to
//! suppress). `GET /api/v1/five?year=` the same as JSON. Imports per record set (all or
//! nothing), an entry of one record per school, 撤回 of a batch, templates, and the targets
//! (`POST /five/targets`, administrators, audited).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::five::{FiveView, set_targets, view};
use junheng_app::labour::{Sight, batches};
use junheng_core::school::school_year;
use junheng_io::labour::Kind;
use junheng_labour::Share;
use junheng_labour::five::{FiveTargets, SchoolFive};
use junheng_store::labour::LabourBatch;

use super::{EntryForm, KindQuery, WithdrawForm, entry_forms, notices, percent, year_of};
use crate::access::{Admin, Member};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const BACK: &str = "/five";

const COLUMNS: &[Column] = &[
    Column::plain("code", "tp-school-code"),
    Column::plain("breaks_days", "five-breaks-days"),
    Column::plain("breaks", "five-breaks"),
    Column::choice("breaks_met", "five-breaks-met"),
    Column::plain("arts", "five-arts"),
    Column::choice("arts_met", "five-arts-met"),
    Column::plain("specialties", "five-specialties"),
    Column::choice("football", "five-football"),
    Column::plain("trips", "five-trips"),
    Column::plain("trip_share", "five-trip-share"),
    Column::choice("trips_met", "five-trips-met"),
];

/// A target's verdict as a label and its colour.
fn verdict(met: Option<bool>) -> (Value, &'static str) {
    match met {
        Some(true) => (Value::Label("five-met"), "pass"),
        Some(false) => (Value::Label("five-not-met"), "fail"),
        None => (Value::Label("five-no-target"), ""),
    }
}

fn row(s: &SchoolFive) -> Row {
    let (breaks, bc) = verdict(s.met.breaks);
    let (arts, ac) = verdict(s.met.arts);
    let (trips, tc) = verdict(s.met.trips);
    let kinds: Vec<String> = s
        .specialties
        .iter()
        .map(|(k, l)| format!("{}·{}", k.label(), l.label()))
        .collect();
    Row::new(vec![
        Value::text(s.school.as_str()),
        Value::text(format!("{}/{}", s.breaks.part, s.breaks.whole)),
        percent(s.breaks),
        breaks,
        percent(s.arts),
        arts,
        Value::text(kinds.join("、")),
        Value::maybe(s.football.map(|l| l.label().to_owned())),
        Value::Int(i64::from(s.trips)),
        percent(s.trip_participation),
        trips,
    ])
    .class(3, bc)
    .class(5, ac)
    .class(10, tc)
}

/// One line of the district's card: what, the share, the target, the verdict.
pub(crate) struct Measure {
    pub label: &'static str,
    pub share: String,
    pub target: String,
    pub verdict: &'static str,
    pub class: &'static str,
}

fn measure(label: &'static str, s: Share, target: u32, met: Option<bool>) -> Measure {
    let (verdict, class) = match met {
        Some(true) => ("five-met", "pass"),
        Some(false) => ("five-not-met", "fail"),
        None => ("five-no-target", ""),
    };
    Measure {
        label,
        share: s.value().map_or_else(
            || "—".to_owned(),
            |v| format!("{}/{} ({:.1}%)", s.part, s.whole, v * 100.0),
        ),
        target: if target == 0 {
            "—".into()
        } else {
            format!("{}%", per_mille_shown(target))
        },
        verdict,
        class,
    }
}

/// Per mille as a percentage: 980 → 98, 975 → 97.5.
fn per_mille_shown(v: u32) -> String {
    if v.is_multiple_of(10) {
        (v / 10).to_string()
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

/// A percentage typed on the page (`98`, `97.5`, empty = no target) as per mille.
fn per_mille(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches(['%', '％']);
    if t.is_empty() {
        return Some(0);
    }
    let (whole, tenth) = t.split_once('.').unwrap_or((t, "0"));
    let w: u32 = whole.parse().ok()?;
    let d: u32 = match tenth {
        "" => 0,
        d if d.len() == 1 => d.parse().ok()?,
        _ => return None,
    };
    (w <= 100).then_some(w * 10 + d).filter(|v| *v <= 1000)
}

#[derive(Template)]
#[template(path = "five.html")]
struct FivePage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    year: i32,
    list: ListView,
    measures: Vec<Measure>,
    by_kind: String,
    /// The targets as typed percentages, in the order of the form.
    targets: [String; 5],
    forms: Vec<EntryForm>,
    admin: bool,
    batches: Vec<LabourBatch>,
    imported: u64,
    withdrawn: bool,
    targets_set: bool,
}

/// `GET /five?year=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    let sight = Sight::of(&who);
    let year = year_of(&pairs)?;
    let (imported, _, withdrawn) = notices(&pairs);
    let targets_set = pairs.iter().any(|(k, _)| k == "targets");
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let found: Option<FiveView> = view(&here.store, &sight, year).await.map_err(refusal)?;
    let targets = here.store.five_targets().await?;
    let rows: Vec<Row> = found
        .as_ref()
        .map_or_else(Vec::new, |v| v.report.schools.iter().map(row).collect());
    let admin = is_admin(&viewer);
    let batches = batches(&here.store, &who, &Kind::FIVE).await?;
    let shown = found.as_ref().map(|v| v.report.year);
    let name = shown.map_or_else(|| "五育".to_owned(), |y| format!("五育-{y}"));
    let forms = if admin || viewer.user.role == junheng_store::Role::School {
        entry_forms(&Kind::FIVE, sight.school())
    } else {
        Vec::new()
    };
    list.respond(&rows, &name, "五育", |list| {
        let (measures, by_kind) = found.as_ref().map_or_else(
            || (Vec::new(), String::new()),
            |v| {
                let d = &v.report.district;
                let t = &v.targets;
                let kinds: Vec<String> = d
                    .by_kind
                    .iter()
                    .map(|(k, n)| format!("{} {n}", k.label()))
                    .collect();
                (
                    vec![
                        measure("five-breaks", d.breaks, t.breaks_per_mille, d.met.breaks),
                        measure("five-arts", d.arts, t.arts_per_mille, d.met.arts),
                        measure(
                            "five-specialties",
                            d.specialty_schools,
                            t.specialty_per_mille,
                            d.met.specialty,
                        ),
                        measure(
                            "five-football",
                            d.football_schools,
                            t.football_per_mille,
                            d.met.football,
                        ),
                        measure(
                            "five-trip-share",
                            d.trip_participation,
                            t.trips_per_mille,
                            d.met.trips,
                        ),
                    ],
                    kinds.join("，"),
                )
            },
        );
        let typed = |v: u32| {
            if v == 0 {
                String::new()
            } else {
                per_mille_shown(v)
            }
        };
        render(&FivePage {
            years: year_switch(
                &found
                    .as_ref()
                    .map_or_else(Vec::new, |v| v.years.clone())
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        label: school_year(*y),
                        selected: Some(*y) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/five?year={y}"),
            ),
            layout: Layout::new("five-title", &viewer),
            year_label: shown.map_or(String::new(), school_year),
            year: shown.unwrap_or(0),
            list,
            measures,
            by_kind,
            targets: [
                typed(targets.breaks_per_mille),
                typed(targets.arts_per_mille),
                typed(targets.specialty_per_mille),
                typed(targets.football_per_mille),
                typed(targets.trips_per_mille),
            ],
            forms,
            admin,
            batches,
            imported,
            withdrawn,
            targets_set,
        })
    })
}

/// `GET /api/v1/five?year=`: the view the page shows, as JSON (`report` null when there is no
/// record yet).
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let year = year_of(&pairs)?;
    let found = view(&here.store, &Sight::of(&caller(&viewer)), year)
        .await
        .map_err(refusal)?;
    let answer = match found {
        Some(v) => serde_json::to_value(v).map_err(|e| AppError::Internal(e.to_string()))?,
        None => serde_json::json!({
            "targets": here.store.five_targets().await?,
            "years": [],
            "report": null,
        }),
    };
    Ok(Json(answer).into_response())
}

/// `POST /five/import` (multipart `kind` breaks|arts|specialties|football|trips, `file`).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    super::upload(&state, &viewer, multipart, &Kind::FIVE, BACK).await
}

/// `POST /five/entry` (form `kind` and the template's cells).
pub(crate) async fn enter(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    super::enter_one(&state, &viewer, form, &Kind::FIVE, BACK).await
}

/// `POST /five/withdraw` (form `id`, `confirm`).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    super::withdraw_one(&state, &viewer, form, &Kind::FIVE).await?;
    Ok(Redirect::to("/five?withdrawn=1").into_response())
}

/// `POST /five/targets` (form `breaks`, `arts`, `specialty`, `football`, `trips`: percentages,
/// one decimal at most, empty for no target).
pub(crate) async fn targets(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let field = |k: &'static str| {
        let text = form
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| AppError::bad_request(crate::msg!("five-bad-target", v = k)))?;
        per_mille(text).ok_or_else(|| {
            AppError::bad_request(crate::msg!("five-bad-target", v = crate::views::cut(text)))
        })
    };
    let t = FiveTargets {
        breaks_per_mille: field("breaks")?,
        arts_per_mille: field("arts")?,
        specialty_per_mille: field("specialty")?,
        football_per_mille: field("football")?,
        trips_per_mille: field("trips")?,
    };
    set_targets(&here.store, &caller(&viewer), &t)
        .await
        .map_err(refusal)?;
    Ok(Redirect::to("/five?targets=1").into_response())
}

/// `GET /five/template.xlsx?kind=breaks|arts|specialties|football|trips`.
pub(crate) async fn template(
    viewer: Member,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    super::template_of(&viewer, &q, &Kind::FIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_typed_become_per_mille() {
        assert_eq!(per_mille("98"), Some(980));
        assert_eq!(per_mille(" 97.5% "), Some(975));
        assert_eq!(per_mille(""), Some(0));
        assert_eq!(per_mille("100"), Some(1000));
        for bad in ["100.1", "101", "97.55", "-1", "abc", "9 8"] {
            assert_eq!(per_mille(bad), None, "{bad}");
        }
        assert_eq!(per_mille_shown(975), "97.5");
        assert_eq!(per_mille_shown(900), "90");
    }
}
