//! The two forms of one entry on `/teachers/training`: one training record
//! (`POST /teachers/training/records`, a batch 页面录入 that can be withdrawn like a file) and one
//! school's budget of a year (`POST /teachers/training/budgets`, replacing an entered one only
//! when ticked). Each form's fields are checked by the file's row rules
//! ([`junheng_io::teachers::training::read_entry`], [`read_budget_entry`]) and written by the
//! same use case as a file; a refused entry is shown again with what was typed and every problem
//! naming its field and what is expected.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::pairings::Refused;
use junheng_app::teachers::training::{add as add_record, set_budgets};
use junheng_core::school::SchoolCode;
use junheng_io::school::Issue;
use junheng_io::teachers::training::{columns as c, read_budget_entry, read_entry};
use junheng_store::StoreError;
use junheng_teachers::training::Level;
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::pairings::{caller, refusal, school_names};
use crate::params::Form;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The record form: what was typed (all text) and, when refused, every problem.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RecordForm {
    pub year: String,
    pub teacher: String,
    pub course: String,
    pub level: String,
    pub start: String,
    pub end: String,
    pub hours: String,
    pub certificate: String,
    #[serde(skip)]
    pub errors: Vec<String>,
}

impl RecordForm {
    /// An empty form, its 学年 the current roster's.
    pub fn blank(year: Option<i32>) -> Self {
        RecordForm {
            year: year.map_or_else(String::new, |y| y.to_string()),
            ..RecordForm::default()
        }
    }

    /// The four levels, the one typed chosen.
    pub fn levels(&self) -> Vec<(&'static str, bool)> {
        let chosen = Level::parse(&self.level);
        Level::ALL
            .into_iter()
            .map(|l| (l.label(), chosen == Some(l)))
            .collect()
    }

    fn fields(&self) -> [(&'static str, &str); 7] {
        [
            (c::TEACHER, &self.teacher),
            (c::COURSE, &self.course),
            (c::LEVEL, &self.level),
            (c::START, &self.start),
            (c::END, &self.end),
            (c::HOURS, &self.hours),
            (c::CERTIFICATE, &self.certificate),
        ]
    }
}

/// The one-school budget form: what was typed and, when refused, every problem.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct BudgetForm {
    pub school: String,
    pub year: String,
    pub funds: String,
    pub training: String,
    pub replace: String,
    #[serde(skip)]
    pub errors: Vec<String>,
}

impl BudgetForm {
    /// An empty form for budget year `year`.
    pub fn blank(year: i32) -> Self {
        BudgetForm {
            year: year.to_string(),
            ..BudgetForm::default()
        }
    }

    fn fields(&self) -> [(&'static str, &str); 4] {
        [
            (c::SCHOOL, &self.school),
            (c::YEAR, &self.year),
            (c::FUNDS, &self.funds),
            (c::TRAINING, &self.training),
        ]
    }
}

/// The schools a budget may be entered for, by code: (code, name).
pub(crate) fn school_choices<'a>(
    names: impl IntoIterator<Item = (&'a SchoolCode, &'a String)>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = names
        .into_iter()
        .map(|(code, name)| (code.to_string(), name.clone()))
        .collect();
    out.sort();
    out
}

/// A problem as the form shows it: the field, what is wrong and expected, the value typed.
fn said(i: &Issue) -> String {
    let mut out = match i.column.as_deref() {
        Some(field) if !i.message.contains(field) => format!("「{field}」：{}", i.message),
        _ => i.message.clone(),
    };
    if let Some(v) = &i.value {
        out.push_str(&format!("（填写的是「{v}」）"));
    }
    out
}

/// The page a refused entry is shown again on.
#[derive(Template)]
#[template(path = "teachers_training_entry.html")]
struct EntryPage {
    layout: Layout,
    /// Which form: the budget's (else the record's).
    budget_form: bool,
    record: RecordForm,
    budget: BudgetForm,
    schools: Vec<(String, String)>,
}

/// A refused form, to be shown again.
enum Refill {
    Record(RecordForm),
    Budget(BudgetForm),
}

/// The refused form shown again, with `status`; the page's language switch comes back to
/// `/teachers/training`, not to the form's address.
async fn again(
    here: &Here,
    viewer: &Admin,
    status: StatusCode,
    form: Refill,
) -> Result<Response, AppError> {
    let (title, record, budget, schools) = match form {
        Refill::Record(r) => ("training-add-title", r, None, Vec::new()),
        Refill::Budget(b) => {
            let names: HashMap<SchoolCode, String> = school_names(here).await?;
            (
                "training-budget-title",
                RecordForm::default(),
                Some(b),
                school_choices(&names),
            )
        }
    };
    let mut layout = Layout::new(title, viewer);
    layout.path = "/teachers/training".to_owned();
    let page = EntryPage {
        layout,
        budget_form: budget.is_some(),
        record,
        budget: budget.unwrap_or_default(),
        schools,
    };
    Ok((status, render(&page)).into_response())
}

/// The refusal of a use case as problems at the form (with its status), or as the error it is.
fn at_form(e: Refused) -> Result<(StatusCode, Vec<String>), AppError> {
    match e {
        Refused::Problems(f) => Ok((StatusCode::BAD_REQUEST, f.issues.iter().map(said).collect())),
        Refused::Store(StoreError::Invalid(m)) => Ok((StatusCode::BAD_REQUEST, vec![m])),
        Refused::Store(StoreError::Conflict(m)) => Ok((StatusCode::CONFLICT, vec![m])),
        e => Err(refusal(e)),
    }
}

/// `POST /teachers/training/records` (form `year`, `teacher`, `course`, `level`, `start`, `end`,
/// `hours`, `certificate`): one record, its teacher in the 学年's roster.
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Admin,
    Form(mut form): Form<RecordForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = crate::seats::year_of(Some(&form.year)).ok().flatten();
    let read = read_entry(&form.fields());
    let (status, errors) = match (year, read) {
        (Some(year), Ok(record)) => {
            match add_record(&here.store, &caller(&viewer), year, &record).await {
                Ok(done) => {
                    let n = done.batch.map_or(0, |b| b.records);
                    return Ok(
                        Redirect::to(&format!("/teachers/training?entered={n}")).into_response()
                    );
                }
                Err(e) => at_form(e)?,
            }
        }
        (year, read) => {
            let mut errors = Vec::new();
            if year.is_none() {
                errors.push(
                    "「学年」应为 2000 至 2100 之间的年份（例如 2024 表示 2024–2025 学年）"
                        .to_owned(),
                );
            }
            if let Err(f) = read {
                errors.extend(f.issues.iter().map(said));
            }
            (StatusCode::BAD_REQUEST, errors)
        }
    };
    form.errors = errors;
    again(&here, &viewer, status, Refill::Record(form)).await
}

/// `POST /teachers/training/budgets` (form `school`, `year`, `funds`, `training`, `replace`): one
/// school's budget of a year.
pub(crate) async fn budget(
    State(state): State<AppState>,
    viewer: Admin,
    Form(mut form): Form<BudgetForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (status, errors) = match read_budget_entry(&form.fields()) {
        Ok(b) => {
            let replace = form.replace == "1";
            match set_budgets(
                &here.store,
                &caller(&viewer),
                std::slice::from_ref(&b),
                replace,
            )
            .await
            {
                Ok(n) => {
                    return Ok(Redirect::to(&format!(
                        "/teachers/training?budgets={n}&budget_year={}",
                        b.year
                    ))
                    .into_response());
                }
                Err(e) => at_form(e)?,
            }
        }
        Err(f) => (StatusCode::BAD_REQUEST, f.issues.iter().map(said).collect()),
    };
    form.errors = errors;
    again(&here, &viewer, status, Refill::Budget(form)).await
}
