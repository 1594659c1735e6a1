//! `GET /reviews/{kind}/{key}?year=`: one unit's score sheet of a year — each item with its
//! source, weights (as set and as used), every scorer's score, 未接入 reasons and evidence; the
//! forms for the scores the viewer may enter; the unit's documents (with the titles that count
//! as an item's evidence); for a group, the 捆绑 composite with a row per member and the
//! 集而不团 check; and the unit's finalised results over the years (三线 history).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::evidence::Caller;
use junheng_app::reviews::{
    GroupReview, SchoolReview, YearReview, evidence_title, may_score, seat,
};
use junheng_core::bands::{Band, EscalationLevel};
use junheng_core::record::RecordKind;
use junheng_core::review::{ItemSource, UnitReview};
use junheng_store::ReviewUnit;

use super::{band_key, placed, scoped, year_param};
use crate::access::Member;
use crate::dashboard::{YearChip, year_switch};
use crate::error::AppError;
use crate::evidence::Block;
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// One scorer's cell of an item.
struct ScorerCell {
    label: &'static str,
    weight: String,
    score: String,
}

/// One item of the sheet.
struct ItemRow {
    name: String,
    source: &'static str,
    weight: String,
    weight_used: String,
    scorers: Vec<ScorerCell>,
    score: String,
    /// 未接入 reason or the note (e.g. missing evidence), data.
    note: String,
    /// The title a document must carry to count as the item's evidence (empty: none needed).
    evidence_title: String,
    evidence_missing: bool,
}

/// A scorer and item the viewer may score: `(item id, item name, scorer id, scorer label)`.
struct Scorable {
    item: String,
    item_name: String,
    scorer: &'static str,
    scorer_label: &'static str,
}

/// One part of the composite.
struct ComponentRow {
    label: &'static str,
    weight: String,
    weight_used: String,
    raw: String,
    score: String,
    unconnected: String,
}

/// One member in the composite.
struct MemberRowView {
    name: String,
    href: String,
    core: bool,
    students: u64,
    value: String,
    last_year: String,
    change: String,
    weakest: bool,
}

/// The core's lead in quality in one year.
struct QualityGapRow {
    year: String,
    core: String,
    others: String,
    gap: String,
}

/// A group's composite as the sheet shows it.
struct CompositeView {
    value: String,
    components: Vec<ComponentRow>,
    members: Vec<MemberRowView>,
    gap: String,
    quality_gap: Vec<QualityGapRow>,
}

/// What the sheet says of its unit above the items.
struct Head<'a> {
    name: String,
    review: &'a UnitReview,
    band: Option<Band>,
    warning_years: u32,
    escalation: Option<EscalationLevel>,
    lines: String,
    composite: Option<CompositeView>,
    warnings: Vec<String>,
    unchecked: Vec<String>,
}

fn school_head<'a>(review: &'a YearReview, r: &'a SchoolReview) -> Head<'a> {
    let (band, warning_years, escalation) = placed(&review.school_bands, &r.code);
    Head {
        name: r.name.clone(),
        review: &r.review,
        band,
        warning_years,
        escalation,
        lines: lines_text(review.school_bands.placed(&r.code)),
        composite: None,
        warnings: Vec::new(),
        unchecked: Vec::new(),
    }
}

fn group_head<'a>(review: &'a YearReview, g: &'a GroupReview) -> Head<'a> {
    let y = review.year;
    let (band, warning_years, escalation) = placed(&review.group_bands, &g.name);
    let components = g
        .composite
        .components
        .iter()
        .map(|c| ComponentRow {
            label: c.kind.label(),
            weight: format!("{}", c.weight),
            weight_used: share(c.weight_used),
            raw: c.raw.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}")),
            score: num(c.score),
            unconnected: c.unconnected.clone().unwrap_or_default(),
        })
        .collect();
    let members = g
        .composite
        .members
        .iter()
        .map(|m| MemberRowView {
            name: m.name.clone(),
            href: format!("/reviews/school/{}?year={y}", m.unit),
            core: m.core,
            students: m.students,
            value: num(m.value),
            last_year: num(m.last_year),
            change: m
                .change
                .map_or_else(|| "—".to_owned(), |c| format!("{c:+.1}")),
            weakest: m.weakest,
        })
        .collect();
    let gap = &g.composite.gap;
    let or_dash = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    Head {
        name: g.name.clone(),
        review: &g.review,
        band,
        warning_years,
        escalation,
        lines: lines_text(review.group_bands.placed(&g.name)),
        composite: Some(CompositeView {
            value: num(g.composite.value),
            components,
            members,
            gap: format!(
                "{}：{}（基准年 {}：{}）",
                gap.measure.label(),
                or_dash(gap.now),
                gap.baseline_year
                    .map_or_else(|| "—".to_owned(), |y| y.to_string()),
                or_dash(gap.baseline),
            ),
            quality_gap: g
                .quality_gap
                .iter()
                .map(|q| QualityGapRow {
                    year: junheng_core::school::school_year(q.year),
                    core: format!("{:.1}", q.core),
                    others: format!("{:.1}", q.others),
                    gap: format!("{:+.1}", q.gap),
                })
                .collect(),
        }),
        warnings: g
            .cohesion
            .warnings
            .iter()
            .map(|w| w.sentence.clone())
            .collect(),
        unchecked: g.cohesion.unchecked.clone(),
    }
}

/// One finalised year of the unit.
struct HistoryRow {
    year: String,
    value: String,
    band: &'static str,
    warning_years: u32,
    escalation: String,
}

#[derive(Template)]
#[template(path = "review_sheet.html")]
struct SheetPage {
    layout: Layout,
    years: Vec<YearChip>,
    year: i32,
    year_label: String,
    name: String,
    kind: &'static str,
    action: String,
    total_label: &'static str,
    total: String,
    band: &'static str,
    lines: String,
    warning_years: u32,
    escalation: String,
    items: Vec<ItemRow>,
    scorable: Vec<Scorable>,
    composite: Option<CompositeView>,
    warnings: Vec<String>,
    unchecked: Vec<String>,
    history: Vec<HistoryRow>,
    evidence: Block,
    /// The score just saved (`?saved=`), or empty.
    saved: String,
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

fn share(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn item_rows(
    year: i32,
    review: &UnitReview,
    settings: &junheng_core::review::Rubric,
) -> Vec<ItemRow> {
    review
        .items
        .iter()
        .map(|i| {
            let rubric = settings.item(&i.id);
            ItemRow {
                name: i.name.clone(),
                source: super::source_key(i.source),
                weight: format!("{}", i.weight),
                weight_used: share(i.weight_used),
                scorers: i
                    .scorers
                    .iter()
                    .map(|s| ScorerCell {
                        label: s.scorer.label(),
                        weight: format!("{}", s.weight),
                        score: num(s.score),
                    })
                    .collect(),
                score: num(i.score),
                note: i
                    .unconnected
                    .map(|u| u.label().to_owned())
                    .or_else(|| i.note.clone())
                    .unwrap_or_default(),
                evidence_title: rubric
                    .filter(|r| r.evidence_required)
                    .map_or_else(String::new, |r| evidence_title(year, r)),
                evidence_missing: i.evidence_missing,
            }
        })
        .collect()
}

/// `GET /reviews/{kind}/{key}?year=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path((kind, key)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let unit = ReviewUnit::parse(&kind, &key)
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-unit")))?;
    let year = year_param(&pairs)?;
    let s = scoped(&state, &here, &viewer, year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("review-no-data")))?;
    let review = &s.year.review;
    let y = review.year;
    let seat =
        seat(review, &unit).ok_or_else(|| AppError::not_found(crate::msg!("review-no-unit")))?;
    if !s.standing.sees(&unit, seat) {
        return Err(AppError::Forbidden);
    }
    let settings = &state.config.review;
    let caller = Caller::User(&viewer.user);
    let scorable: Vec<Scorable> = settings
        .rubric
        .items
        .iter()
        .filter(|i| i.source == ItemSource::Manual)
        .flat_map(|i| {
            i.scorers
                .iter()
                .filter(|sw| may_score(&caller, &unit, sw.scorer, seat))
                .map(|sw| Scorable {
                    item: i.id.clone(),
                    item_name: i.name.clone(),
                    scorer: sw.scorer.id(),
                    scorer_label: sw.scorer.label(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let back = format!(
        "/reviews/{}/{}?year={y}",
        unit.kind(),
        crate::views::urlencode(unit.key())
    );
    let head = match &unit {
        ReviewUnit::School(code) => review.school(code).map(|r| school_head(review, r)),
        ReviewUnit::Group(name) => review.group(name).map(|g| group_head(review, g)),
    }
    .ok_or_else(|| AppError::not_found(crate::msg!("review-no-unit")))?;
    let record = match unit {
        ReviewUnit::School(_) => RecordKind::School,
        ReviewUnit::Group(_) => RecordKind::Group,
    };
    let mut evidence =
        crate::evidence::record_block(&here, &viewer, record, unit.key(), &back).await?;
    evidence.titles = settings
        .rubric
        .items
        .iter()
        .filter(|i| i.evidence_required)
        .map(|i| evidence_title(y, i))
        .collect();
    let history = s
        .year
        .history_of(&unit)
        .map(|r| HistoryRow {
            year: junheng_core::school::school_year(r.year),
            value: num(r.value),
            band: band_key(r.band),
            warning_years: r.warning_periods,
            escalation: r
                .escalation
                .map_or_else(String::new, |e| e.label().to_owned()),
        })
        .collect();
    let saved = pairs
        .iter()
        .find(|(k, _)| k == "saved")
        .and_then(|(_, v)| v.parse::<f64>().ok())
        .map_or_else(String::new, |v| {
            crate::tr!(viewer.lang, "review-saved", score = format!("{v:.1}"))
        });
    let unit_kind = unit.kind();
    Ok(render(&SheetPage {
        layout: Layout::new("review-sheet-title", &viewer),
        years: year_switch(&s.years, |yy| {
            format!(
                "/reviews/{unit_kind}/{}?year={yy}",
                crate::views::urlencode(unit.key())
            )
        }),
        year: y,
        year_label: s.label(),
        name: head.name,
        kind: unit_kind,
        action: format!(
            "/reviews/{unit_kind}/{}/scores",
            crate::views::urlencode(unit.key())
        ),
        total_label: if head.composite.is_some() {
            "review-group-own"
        } else {
            "review-total"
        },
        total: num(head.review.total),
        band: band_key(head.band),
        lines: head.lines,
        warning_years: head.warning_years,
        escalation: head
            .escalation
            .map_or_else(String::new, |e| e.label().to_owned()),
        items: item_rows(y, head.review, &settings.rubric),
        scorable,
        composite: head.composite,
        warnings: head.warnings,
        unchecked: head.unchecked,
        history,
        evidence,
        saved,
    }))
}

/// The lines a unit was held to, e.g. `发展线 85.0 · 基本线 70.0 · 警戒线 55.0`.
fn lines_text(p: Option<&junheng_core::bands::Placed>) -> String {
    p.map_or_else(String::new, |p| {
        format!(
            "发展线 {:.1} · 基本线 {:.1} · 警戒线 {:.1}",
            p.lines.development.value, p.lines.basic.value, p.lines.warning.value
        )
    })
}
