//! The rates of a school year (`junheng_app::students::rates`) as a viewer may see them: the
//! district's (or, for a school account, its school's) with definitions, inputs and the 督导
//! floors, each rate across the registry's years, and every school's within reach — the page
//! `GET /students/rates?year=`, its workbook (`&format=xlsx`) and `GET /api/v1/students/rates`
//! from one selection ([`scoped`]; the file and the JSON are `files`').
//!
//! Whoever reads these sees no name, so a rate's numerator and denominator below `min_cell`
//! are hidden (`<10` on the page and in the workbook, `null` in the JSON) as the counts' cells
//! are; the rate itself and its verdict are shown.

mod files;

pub(crate) use files::json;

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::students::rates::{RateLine, RateSet, SchoolRates, YearRates, school_names};
use junheng_core::school::{SchoolCode, school_year};
use junheng_core::student::StudentRate;
use serde::Serialize;

use super::counts::grade_text;
use super::{Reach, param, percent, sight_of, year_chips, year_of};
use crate::access::{Member, Viewer};
use crate::dashboard::YearChip;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// One rate across the registry's years.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Trend {
    /// The rate's stable id.
    pub id: &'static str,
    /// Its Chinese name.
    pub name: &'static str,
    /// The 督导 floor, if any.
    pub floor: Option<f64>,
    /// (school year, value), oldest first; `None` where it is not computed.
    pub points: Vec<(i32, Option<f64>)>,
}

/// A year's rates as a viewer may see them.
pub(crate) struct Scoped {
    /// The school years with a registry, newest first.
    pub years: Vec<i32>,
    /// The year shown (`None`: no registry yet).
    pub year: Option<i32>,
    pub reach: Reach,
    /// The district's rates (district reach only).
    pub district: Option<RateSet>,
    /// The schools within reach, with a registry that year.
    pub schools: Vec<SchoolRates>,
    /// The inputs of the year (district reach only): (name, value, source).
    pub inputs: Vec<(String, u64, String)>,
    /// Each rate of the headline set across the years (when asked for).
    pub trends: Vec<Trend>,
    /// The names of the district's schools (from the statistics).
    pub names: HashMap<SchoolCode, String>,
}

impl Scoped {
    /// The rates the page leads with: the district's, or the school account's school's.
    pub(crate) fn headline(&self) -> Option<&RateSet> {
        match &self.reach {
            Reach::District => self.district.as_ref(),
            Reach::School(code) => self
                .schools
                .iter()
                .find(|s| s.school == *code)
                .map(|s| &s.rates),
        }
    }
}

/// The set of `rates` a reach leads with.
fn headline_of<'a>(reach: &Reach, rates: &'a YearRates) -> Option<&'a RateSet> {
    match reach {
        Reach::District => Some(&rates.district),
        Reach::School(code) => rates
            .schools
            .iter()
            .find(|s| s.school == *code)
            .map(|s| &s.rates),
    }
}

/// The rates of `year` (or of the newest registry year) that `viewer` may see, and with
/// `trends` each rate across every registry year; refused (403) for a viewer who sees no counts.
pub(crate) async fn scoped(
    here: &Here,
    viewer: &Viewer,
    year: Option<i32>,
    trends: bool,
) -> Result<Scoped, AppError> {
    let reach = Reach::of(&sight_of(viewer)).ok_or(AppError::Forbidden)?;
    let years = here.store.registry_years().await?;
    let names = school_names(&here.store).await?;
    let Some(year) = year.or_else(|| years.first().copied()) else {
        return Ok(Scoped {
            years,
            year: None,
            reach,
            district: None,
            schools: Vec::new(),
            inputs: Vec::new(),
            trends: Vec::new(),
            names,
        });
    };
    let variant = here.config.students.consolidation;
    let compute = |y: i32| junheng_app::students::rates::rates(&here.store, y, variant, &names);
    let rates = compute(year).await?;
    let mut trend: Vec<Trend> = Vec::new();
    if trends {
        for y in years.iter().rev().copied() {
            let other;
            let of_year = if y == year {
                &rates
            } else {
                other = compute(y).await?;
                &other
            };
            for line in headline_of(&reach, of_year).map_or(&[][..], |s| &s.lines[..]) {
                let at = match trend.iter().position(|t| t.id == line.id) {
                    Some(i) => i,
                    None => {
                        trend.push(Trend {
                            id: line.id,
                            name: line.name,
                            floor: None,
                            points: Vec::new(),
                        });
                        trend.len() - 1
                    }
                };
                let t = &mut trend[at];
                t.floor = t.floor.or(line.rate.as_ref().and_then(|r| r.floor));
                t.points.push((y, line.rate.as_ref().and_then(|r| r.value)));
            }
        }
    }
    let whole = reach == Reach::District;
    let YearRates {
        district,
        schools,
        inputs,
        ..
    } = rates;
    Ok(Scoped {
        years,
        year: Some(year),
        district: whole.then_some(district),
        schools: schools
            .into_iter()
            .filter(|s| reach.holds(&s.school))
            .collect(),
        inputs: if whole { inputs } else { Vec::new() },
        reach,
        trends: trend,
        names,
    })
}

/// A rate as a page shows it.
pub(crate) struct RateView {
    /// Its Chinese name (data).
    pub name: &'static str,
    pub value: String,
    /// `≥95.0%`, or empty without a floor.
    pub floor: String,
    /// The catalogue key of 达标 / 未达标, or empty.
    pub verdict: &'static str,
    pub pass: bool,
    /// `numerator / denominator`, or empty.
    pub inputs: String,
    /// Its definition (data).
    pub definition: &'static str,
    /// Why it is not computed (data), or empty.
    pub missing: String,
    /// More graduates than the cohort: capped at 100 %.
    pub capped: bool,
}

/// A count of a rate's inputs as shown without names: `None` below `k` (0 is shown: it reveals
/// no child), as the counts' tables hide it.
pub(crate) fn shown(n: u64, k: u64) -> Option<u64> {
    (n == 0 || n >= k).then_some(n)
}

/// `numerator / denominator`, each below `k` as `<k`.
pub(super) fn inputs_text(r: &StudentRate, k: u64) -> String {
    let text = |n| shown(n, k).map_or_else(|| format!("<{k}"), |n| n.to_string());
    format!("{} / {}", text(r.numerator), text(r.denominator))
}

impl RateView {
    /// The view of a computed rate, its inputs below `k` hidden.
    fn of_rate(name: &'static str, r: &StudentRate, k: u64) -> RateView {
        let meets = r.meets_floor();
        RateView {
            name,
            value: percent(r.value),
            floor: r
                .floor
                .map_or_else(String::new, |f| format!("≥{:.1}%", f * 100.0)),
            verdict: meets.map_or("", crate::views::verdict_key),
            pass: meets.unwrap_or(true),
            inputs: inputs_text(r, k),
            definition: r.definition,
            missing: String::new(),
            capped: r.capped,
        }
    }

    /// The view of a rate line, its inputs below `k` hidden.
    pub(crate) fn of(line: &RateLine, k: u64) -> RateView {
        match &line.rate {
            Some(r) => RateView::of_rate(line.name, r, k),
            None => RateView {
                name: line.name,
                value: "—".into(),
                floor: String::new(),
                verdict: "",
                pass: true,
                inputs: String::new(),
                definition: "",
                missing: line.missing.clone().unwrap_or_default(),
                capped: false,
            },
        }
    }
}

/// 流失率 of a grade.
pub(crate) struct AttritionRow {
    pub grade: String,
    pub value: String,
    pub inputs: String,
}

/// One school's rates in the schools' table.
struct SchoolRow {
    code: String,
    name: String,
    public: bool,
    rates: Vec<RateView>,
}

/// The rates of a school's table: those computed per school.
pub(super) const SCHOOL_RATES: [&str; 3] =
    ["junior_consolidation", "nine_year_consolidation", "migrant"];

pub(super) fn school_line<'a>(s: &'a SchoolRates, id: &str) -> Option<&'a RateLine> {
    s.rates.lines.iter().find(|l| l.id == id)
}

#[derive(Template)]
#[template(path = "students_rates.html")]
struct RatesPage {
    layout: Layout,
    years: Vec<YearChip>,
    year: i32,
    year_label: String,
    has_data: bool,
    /// Whose rates lead: the district's, or the school's (its name).
    school_name: String,
    lines: Vec<RateView>,
    attrition: Vec<AttritionRow>,
    charts: Vec<String>,
    school_headers: Vec<&'static str>,
    schools: Vec<SchoolRow>,
    inputs: Vec<super::overview::InputRow>,
}

/// The 流失率 rows of a set, their inputs below `k` hidden.
pub(crate) fn attrition_rows(lang: Lang, set: &RateSet, k: u64) -> Vec<AttritionRow> {
    set.attrition
        .iter()
        .filter_map(|(g, r)| {
            r.as_ref().map(|r| AttritionRow {
                grade: grade_text(lang, *g),
                value: percent(r.value),
                inputs: inputs_text(r, k),
            })
        })
        .collect()
}

/// `GET /students/rates?year=&format=xlsx`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_of(param(&pairs, "year"))?;
    let xlsx = match param(&pairs, "format").map(str::trim) {
        None | Some("" | "html") => false,
        Some("xlsx") => true,
        Some(other) => {
            return Err(AppError::bad_request(crate::msg!(
                "students-bad-format",
                v = crate::views::cut(other)
            )));
        }
    };
    let s = scoped(&here, &viewer, year, true).await?;
    if xlsx {
        return files::workbook(&here, &viewer, &s).await;
    }
    let lang = viewer.lang;
    let charts = s
        .trends
        .iter()
        .filter_map(|t| {
            let points: Vec<(i32, f64)> = t
                .points
                .iter()
                .filter_map(|(y, v)| v.map(|v| (*y, v * 100.0)))
                .collect();
            (!points.is_empty()).then(|| {
                let title =
                    marks::html(lang, "students-trend-title", &[("name", Var::Data(t.name))]);
                crate::charts::trend(
                    lang,
                    &title,
                    lang.t("students-percent"),
                    &points,
                    t.floor.map(|f| f * 100.0),
                )
            })
        })
        .collect();
    let headline = s.headline();
    let school_name = match &s.reach {
        Reach::District => String::new(),
        Reach::School(code) => s
            .schools
            .first()
            .map_or_else(|| code.to_string(), |r| r.name.clone()),
    };
    let year = s.year.unwrap_or_default();
    let k = here.config.students.min_cell;
    Ok(render(&RatesPage {
        layout: Layout::new("students-rates-title", &viewer),
        years: year_chips(&s.years, s.year, |y| format!("/students/rates?year={y}")),
        year,
        year_label: s.year.map_or_else(String::new, school_year),
        has_data: s.year.is_some(),
        school_name,
        lines: headline.map_or_else(Vec::new, |h| {
            h.lines.iter().map(|l| RateView::of(l, k)).collect()
        }),
        attrition: headline.map_or_else(Vec::new, |h| attrition_rows(lang, h, k)),
        charts,
        school_headers: SCHOOL_RATES
            .iter()
            .filter_map(|id| {
                s.schools
                    .iter()
                    .find_map(|r| school_line(r, id))
                    .map(|l| l.name)
            })
            .collect(),
        schools: s
            .schools
            .iter()
            .map(|r| SchoolRow {
                code: r.school.to_string(),
                name: r.name.clone(),
                public: r.public,
                rates: SCHOOL_RATES
                    .iter()
                    .filter_map(|id| school_line(r, id).map(|l| RateView::of(l, k)))
                    .collect(),
            })
            .collect(),
        inputs: super::overview::input_rows(&s.inputs),
    }))
}

/// The catalogue key of 公办 / 民办.
pub(crate) fn public_key(public: bool) -> &'static str {
    if public {
        "students-public-yes"
    } else {
        "students-public-no"
    }
}
