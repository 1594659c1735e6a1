//! The rates' file and JSON, from the page's selection ([`super::scoped`]):
//! `GET /students/rates?year=&format=xlsx` (the rates, the schools, the trends and 流失率, with
//! an audit entry) and `GET /api/v1/students/rates?year=`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::students::rates::{RateLine, RateSet};
use junheng_core::school::{SchoolCode, school_year};
use junheng_core::student::StudentRate;
use junheng_io::export::{Cell, Table, write_xlsx};
use junheng_store::AuditEntry;
use serde::Serialize;

use super::{
    RateView, SCHOOL_RATES, Scoped, Trend, inputs_text, public_key, school_line, scoped, shown,
};
use crate::access::{Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::students::counts::grade_text;
use crate::students::{param, year_of};

/// A rate in the API: as the page shows it, its inputs `null` below `min_cell`.
#[derive(Serialize)]
struct RateJson<'a> {
    id: &'a str,
    name: &'a str,
    value: Option<f64>,
    floor: Option<f64>,
    meets_floor: Option<bool>,
    capped: bool,
    definition: &'a str,
    numerator: Option<u64>,
    denominator: Option<u64>,
    /// Why it is not computed.
    missing: Option<&'a str>,
}

/// 流失率 of a grade in the API.
#[derive(Serialize)]
struct AttritionJson {
    grade: u8,
    value: Option<f64>,
    numerator: Option<u64>,
    denominator: Option<u64>,
}

/// A rate set in the API (the registry's counts are left out: the pages show them suppressed).
#[derive(Serialize)]
struct SetJson<'a> {
    lines: Vec<RateJson<'a>>,
    attrition: Vec<AttritionJson>,
}

impl<'a> SetJson<'a> {
    fn of(set: &'a RateSet, k: u64) -> Self {
        SetJson {
            lines: set
                .lines
                .iter()
                .map(|l| {
                    let r = l.rate.as_ref();
                    RateJson {
                        id: l.id,
                        name: l.name,
                        value: r.and_then(|r| r.value),
                        floor: r.and_then(|r| r.floor),
                        meets_floor: r.and_then(StudentRate::meets_floor),
                        capped: r.is_some_and(|r| r.capped),
                        definition: r.map_or("", |r| r.definition),
                        numerator: r.and_then(|r| shown(r.numerator, k)),
                        denominator: r.and_then(|r| shown(r.denominator, k)),
                        missing: l.missing.as_deref(),
                    }
                })
                .collect(),
            attrition: set
                .attrition
                .iter()
                .filter_map(|(g, r)| {
                    r.as_ref().map(|r| AttritionJson {
                        grade: *g,
                        value: r.value,
                        numerator: shown(r.numerator, k),
                        denominator: shown(r.denominator, k),
                    })
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SchoolJson<'a> {
    school: &'a SchoolCode,
    name: &'a str,
    public: bool,
    rates: SetJson<'a>,
}

#[derive(Serialize)]
struct InputJson<'a> {
    name: &'a str,
    value: u64,
    source: &'a str,
}

#[derive(Serialize)]
struct RatesJson<'a> {
    /// Counts below this are `null`.
    min_cell: u64,
    year: Option<i32>,
    years: &'a [i32],
    /// The district's rates (district roles only).
    district: Option<SetJson<'a>>,
    schools: Vec<SchoolJson<'a>>,
    inputs: Vec<InputJson<'a>>,
    trends: &'a [Trend],
}

/// `GET /api/v1/students/rates?year=`: what the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let year = year_of(param(&pairs, "year"))?;
    let s = scoped(&here, &viewer, year, true).await?;
    let k = here.config.students.min_cell;
    let view = RatesJson {
        min_cell: k,
        year: s.year,
        years: &s.years,
        district: s.district.as_ref().map(|d| SetJson::of(d, k)),
        schools: s
            .schools
            .iter()
            .map(|r| SchoolJson {
                school: &r.school,
                name: &r.name,
                public: r.public,
                rates: SetJson::of(&r.rates, k),
            })
            .collect(),
        inputs: s
            .inputs
            .iter()
            .map(|(name, value, source)| InputJson {
                name,
                value: *value,
                source,
            })
            .collect(),
        trends: &s.trends,
    };
    Ok(Json(view).into_response())
}

/// A count of a workbook, below `k` as `<k`.
fn count_cell(n: u64, k: u64) -> Cell {
    shown(n, k).map_or_else(|| Cell::text(format!("<{k}")), |n| Cell::Integer(n as i64))
}

/// A rate's cells in a workbook: its value in % (one decimal), and `numerator / denominator`
/// (each below `k` as `<k`).
fn rate_cells(line: Option<&RateLine>, k: u64) -> [Cell; 2] {
    match line.and_then(|l| l.rate.as_ref()) {
        Some(r) => [
            r.value.map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 1)),
            Cell::text(inputs_text(r, k)),
        ],
        None => [
            Cell::Empty,
            Cell::text(line.and_then(|l| l.missing.clone()).unwrap_or_default()),
        ],
    }
}

/// The workbook of the selection: the rates, the schools, the trends and 流失率, with an audit
/// entry.
pub(super) async fn workbook(
    here: &Here,
    viewer: &Viewer,
    s: &Scoped,
) -> Result<Response, AppError> {
    let k = here.config.students.min_cell;
    let zh = |key: &'static str| Lang::Zh.t(key).to_owned();
    let lines = s.headline().map_or(&[][..], |h| &h.lines[..]);
    let rates = Table {
        sheet: "比率",
        headers: [
            "students-rate",
            "students-value",
            "students-floor",
            "students-verdict",
            "students-numerator",
            "students-denominator",
            "students-definition",
            "students-missing",
        ]
        .into_iter()
        .map(zh)
        .collect(),
        rows: lines
            .iter()
            .map(|l| {
                let v = RateView::of(l, k);
                let r = l.rate.as_ref();
                vec![
                    Cell::text(l.name),
                    r.and_then(|r| r.value)
                        .map_or(Cell::Empty, |x| Cell::Decimal(x * 100.0, 1)),
                    Cell::text(v.floor),
                    Cell::text(if v.verdict.is_empty() {
                        ""
                    } else {
                        Lang::Zh.t(v.verdict)
                    }),
                    r.map_or(Cell::Empty, |r| count_cell(r.numerator, k)),
                    r.map_or(Cell::Empty, |r| count_cell(r.denominator, k)),
                    Cell::text(v.definition),
                    Cell::text(v.missing),
                ]
            })
            .collect(),
    };
    let mut school_headers = vec![
        zh("common-school-code"),
        zh("common-school-name"),
        zh("students-public"),
    ];
    for id in SCHOOL_RATES {
        let name = s
            .schools
            .iter()
            .find_map(|r| school_line(r, id))
            .map_or(id, |l| l.name);
        school_headers.push(format!("{name}（%）"));
        school_headers.push(format!("{name}（{}）", zh("students-inputs")));
    }
    let schools = Table {
        sheet: "学校",
        headers: school_headers,
        rows: s
            .schools
            .iter()
            .map(|r| {
                let mut row = vec![
                    Cell::text(r.school.as_str()),
                    Cell::text(&r.name),
                    Cell::text(Lang::Zh.t(public_key(r.public))),
                ];
                for id in SCHOOL_RATES {
                    row.extend(rate_cells(school_line(r, id), k));
                }
                row
            })
            .collect(),
    };
    let years: Vec<i32> = s
        .trends
        .first()
        .map_or_else(Vec::new, |t| t.points.iter().map(|p| p.0).collect());
    let trends = Table {
        sheet: "趋势",
        headers: std::iter::once(zh("common-school-year-2"))
            .chain(s.trends.iter().map(|t| format!("{}（%）", t.name)))
            .collect(),
        rows: years
            .iter()
            .map(|y| {
                std::iter::once(Cell::text(school_year(*y)))
                    .chain(s.trends.iter().map(|t| {
                        t.points
                            .iter()
                            .find(|p| p.0 == *y)
                            .and_then(|p| p.1)
                            .map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 1))
                    }))
                    .collect()
            })
            .collect(),
    };
    let attrition = Table {
        sheet: "流失率",
        headers: [
            "students-grade-column",
            "students-attrition",
            "students-numerator",
            "students-denominator",
        ]
        .into_iter()
        .map(zh)
        .collect(),
        rows: s
            .headline()
            .map_or(&[][..], |h| &h.attrition[..])
            .iter()
            .filter_map(|(g, r)| {
                r.as_ref().map(|r| {
                    vec![
                        Cell::text(grade_text(Lang::Zh, *g)),
                        r.value.map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 2)),
                        count_cell(r.numerator, k),
                        count_cell(r.denominator, k),
                    ]
                })
            })
            .collect(),
    };
    let tables = vec![rates, schools, trends, attrition];
    let bytes = tokio::task::spawn_blocking(move || write_xlsx(&tables))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let year = s.year.map_or_else(String::new, |y| y.to_string());
    here.audit(AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: "students.rates.xlsx",
        target: format!("students:{year}"),
        detail: format!("scope={} schools={}", viewer.user.scope, s.schools.len()),
    })
    .await?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("学生比率-{year}.xlsx"),
        bytes,
    ))
}
