//! 集团化办学 coverage of a school year: 学校参与率 and 学生受益率 (优质资源覆盖率) overall, by
//! 学段, by 城乡分类 and by 学区, with their definitions; the page, its XLSX/CSV and
//! `GET /api/v1/coverage?year=` come from one computation ([`junheng_app::groups::coverage_of`]).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_core::coverage::{
    Coverage, CoverageRates, SCHOOL_RATE_DEFINITION, STUDENT_RATE_DEFINITION,
};
use junheng_core::school::school_year;
use serde::Deserialize;

use crate::access::DistrictReader;
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the coverage table.
const COLUMNS: &[Column] = &[
    Column::choice("by", "coverage-by"),
    Column::plain("bucket", "coverage-bucket"),
    Column::plain("covered_schools", "coverage-covered-schools"),
    Column::plain("schools", "coverage-schools"),
    Column::plain("school_rate", "coverage-school-rate"),
    Column::plain("covered_students", "coverage-covered-students"),
    Column::plain("students", "coverage-students"),
    Column::plain("student_rate", "coverage-student-rate"),
];

#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    pub year: Option<i32>,
}

/// The year asked for (or the newest) and its coverage; `None` before any import.
async fn of_year(here: &Here, year: Option<i32>) -> Result<Option<Coverage>, AppError> {
    let Some(current) = here.current(year).await? else {
        return Ok(None);
    };
    Ok(Some(
        junheng_app::groups::coverage_of(&here.store, current.year).await?,
    ))
}

fn rate(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, |v| Value::Decimal(v * 100.0, 1))
}

fn row(by: &'static str, bucket: Value, r: &CoverageRates) -> Row {
    Row::new(vec![
        Value::Label(by),
        bucket,
        Value::Int(r.schools.numerator as i64),
        Value::Int(r.schools.denominator as i64),
        rate(r.schools.value),
        Value::Int(r.students.numerator as i64),
        Value::Int(r.students.denominator as i64),
        rate(r.students.value),
    ])
}

/// The rows of the table: overall, each 学段, each 城乡分类, each 学区.
fn rows(c: &Coverage) -> Vec<Row> {
    let mut rows = vec![row(
        "coverage-overall",
        Value::Label("coverage-whole-district"),
        &c.overall,
    )];
    rows.extend(
        c.sections
            .iter()
            .map(|s| row("coverage-by-section", Value::text(s.label), &s.rates)),
    );
    rows.extend(
        c.urban_rural
            .iter()
            .map(|s| row("coverage-by-urban-rural", Value::text(s.label), &s.rates)),
    );
    rows.extend(
        c.zones
            .iter()
            .map(|z| row("coverage-by-zone", Value::text(z.label.clone()), &z.rates)),
    );
    rows
}

#[derive(askama::Template)]
#[template(path = "coverage.html")]
struct CoveragePage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    school_definition: &'static str,
    student_definition: &'static str,
    list: ListView,
}

/// `GET /coverage?year=&format=`: the coverage of a school year.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = match pairs.iter().find(|(k, _)| k == "year") {
        Some((_, v)) => Some(v.trim().parse::<i32>().map_err(|_| {
            AppError::bad_request(crate::msg!("coverage-bad-year", v = crate::views::cut(v)))
        })?),
        None => None,
    };
    let list = List::new(COLUMNS, pairs, &["year"])?;
    let coverage = of_year(&here, year).await?;
    let rows = coverage.as_ref().map_or_else(Vec::new, rows);
    let all_years = here.years().await?;
    let shown = coverage.as_ref().map(|c| c.year);
    let name = match shown {
        Some(y) => format!("集团化办学覆盖率-{y}"),
        None => "集团化办学覆盖率".to_owned(),
    };
    list.respond(&rows, &name, "覆盖率", |list| {
        render(&CoveragePage {
            layout: Layout::new("coverage-title", &viewer),
            years: year_switch(
                &all_years
                    .iter()
                    .map(|y| YearLink {
                        year: y.year,
                        label: school_year(y.year),
                        selected: Some(y.year) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| format!("/coverage?year={y}"),
            ),
            year_label: shown.map_or(String::new(), school_year),
            school_definition: SCHOOL_RATE_DEFINITION,
            student_definition: STUDENT_RATE_DEFINITION,
            list,
        })
    })
}

/// `GET /api/v1/coverage?year=`: the same coverage as JSON (numerators, denominators, rates
/// and definitions).
pub(crate) async fn json(
    State(state): State<AppState>,
    caller: DistrictReader,
    Query(q): Query<YearQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(caller.district()?);
    let coverage = of_year(&here, q.year)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("coverage-no-data")))?;
    Ok(Json(coverage).into_response())
}
