//! One indicator across the schools of a section: the distribution with the standard and the
//! student-weighted mean, the units that drive the 差异系数, the least addition that brings
//! it within its limit, and its 城乡 split with the split's trend ([`crate::urban`]).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::evaluate::{Comparator, format_amount};
use junheng_core::school::school_year;

use crate::access::{Member, Sees};
use crate::charts::{self, Point};
use crate::dashboard::{self, Selection, require_selection};
use crate::error::AppError;
use crate::i18n::marks::{self, Var};
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{self, Layout, render};

pub(crate) struct DriverRow {
    pub code: String,
    /// The school's name (data).
    pub name: String,
    pub value: String,
    pub share: String,
    pub side: &'static str,
}

pub(crate) struct ChangeRow {
    pub code: String,
    /// The school's name (data).
    pub name: String,
    pub from: String,
    pub to: String,
    /// The addition and its unit (data), HTML.
    pub amount: String,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    layout: Layout,
    /// The year switch.
    years: Vec<crate::dashboard::YearChip>,
    /// The indicator's name and its section (data).
    name: String,
    section: &'static str,
    year_label: String,
    standard: String,
    mean: String,
    sd: String,
    cv: String,
    limit: String,
    verdict: &'static str,
    passes: bool,
    chart: String,
    drivers: Vec<DriverRow>,
    /// The least addition in one sentence (HTML).
    plan: String,
    changes: Vec<ChangeRow>,
    hidden: usize,
    /// The 城乡 split of the indicator and its trend.
    urban: Option<crate::urban::IndicatorView>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path((section, id)): Path<(String, String)>,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let lang = viewer.lang;
    let sel = require_selection(&here, &q).await?;
    let split = crate::urban::split(&here, &sel).await?;
    let trend = crate::urban::trend(&here, &sel.rulebook).await?;
    let e = sel.evaluation()?;
    let s = e
        .sections
        .iter()
        .find(|s| s.section.id() == section)
        .ok_or_else(|| {
            AppError::not_found(crate::msg!(
                "indicators-no-section",
                v = crate::views::cut(&section),
            ))
        })?;
    let i = s
        .indicators
        .iter()
        .position(|ind| ind.id == id)
        .ok_or_else(|| {
            AppError::not_found(crate::msg!(
                "indicators-no-indicator",
                v = crate::views::cut(&id)
            ))
        })?;
    let ind = &s.indicators[i];
    let cmp = Comparator::new(e.policy.compare_decimals);
    let sees = viewer.sees();
    let points: Vec<Point<'_>> = s
        .units
        .iter()
        .zip(&s.values[i])
        .map(|(u, &v)| Point {
            // Names only for schools the viewer may see.
            label: sees.record(u.record).then(|| u.name()),
            value: v,
            meets: ind.standard.is_none_or(|st| cmp.meets(v, st)),
            own: matches!(&sees, Sees::School(code) if code == u.school_code()),
        })
        .collect();
    let visible = |u: usize| sees.record(s.units[u].record);
    let mut hidden = 0;
    let drivers = ind
        .drivers
        .iter()
        .filter(|d| {
            visible(d.unit) || {
                hidden += 1;
                false
            }
        })
        .map(|d| DriverRow {
            code: s.units[d.unit].school_code().to_string(),
            name: s.units[d.unit].name().to_owned(),
            value: views::value(d.value),
            share: format!("{:.1}%", d.share * 100.0),
            side: lang.t(if d.value < ind.spread.mean {
                "indicators-below-mean"
            } else {
                "indicators-above-mean"
            }),
        })
        .collect();
    let unit = ind.quantity.action_unit();
    let (plan, changes) = match &ind.improvement {
        Some(p) => (
            marks::html(
                lang,
                if p.reaches_target {
                    "indicators-plan"
                } else {
                    "indicators-plan-closest"
                },
                &[
                    ("floor", Var::arg(views::value(p.floor))),
                    ("n", Var::arg(p.changes.len())),
                    (
                        "amount",
                        Var::arg(format_amount(p.total_amount, ind.quantity)),
                    ),
                    ("unit", Var::Data(unit)),
                    ("from", Var::arg(dashboard::cv(lang, ind.spread.cv))),
                    ("to", Var::arg(dashboard::cv(lang, Some(p.cv_after)))),
                    ("target", Var::arg(views::threshold(p.target_cv))),
                ],
            ),
            p.changes
                .iter()
                .filter(|c| visible(c.unit))
                .map(|c| ChangeRow {
                    code: s.units[c.unit].school_code().to_string(),
                    name: s.units[c.unit].name().to_owned(),
                    from: views::value(c.from),
                    to: views::value(c.to),
                    amount: format!(
                        "{} {}",
                        format_amount(c.amount, ind.quantity),
                        marks::zh(lang, unit)
                    ),
                })
                .collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    let page = IndicatorPage {
        layout: Layout::new(ind.name.clone(), &viewer),
        years: crate::dashboard::year_switch(&sel.years, |y| {
            format!(
                "/indicators/{}/{}?year={y}&rulebook={}",
                s.section.id(),
                ind.id,
                sel.rulebook.id
            )
        }),
        name: ind.name.clone(),
        section: s.section.label(),
        year_label: school_year(sel.year),
        standard: ind.standard.map_or("—".into(), views::threshold),
        mean: views::value(ind.spread.mean),
        sd: views::value(ind.spread.sd),
        cv: dashboard::cv(lang, ind.spread.cv),
        limit: ind.cv_max.map_or("—".into(), views::threshold),
        verdict: ind.passes.map_or("—", |p| dashboard::verdict(lang, p)),
        passes: ind.passes != Some(false),
        chart: charts::distribution(
            lang,
            &marks::zh(lang, &ind.name),
            &ind.unit,
            &points,
            ind.standard,
            ind.spread.mean,
        ),
        drivers,
        plan,
        changes,
        hidden,
        urban: crate::urban::indicator_view(lang, &split, &trend, s.section, &ind.id),
    };
    Ok(render(&page))
}
