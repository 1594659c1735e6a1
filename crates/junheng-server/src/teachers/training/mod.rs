//! 继续教育 (training): `GET /teachers/training?cycle=&budget_year=&format=` shows the district's
//! schools' completion and on-track rates, 政府保障 item 9, 教育质量 item 4 and the teachers behind
//! schedule (a school's users: their teachers only); its XLSX download is a workbook of the
//! behind-schedule list, the rates and the failing budgets, its CSV the list;
//! `GET /api/v1/teachers/training` gives the same as JSON — all from one scoped computation
//! ([`junheng_app::teachers::training::status`]). One teacher's progress in the current and the
//! previous cycle and every record of theirs: `GET /teachers/training/t/{teacher}` (with
//! `?format=xlsx|csv` of the records) and `GET /api/v1/teachers/training/t/{teacher}`, from one
//! audited selection ([`junheng_app::teachers::training::teacher`]). The district's
//! administrators import the ledger (all or nothing), enter one record, withdraw a batch
//! (confirmed), import or enter the training budgets (a school and year entered already is
//! replaced only when ticked) and download the two templates. Group and 学区 leads are refused.

mod entry;
mod files;
mod page;
mod teacher;

use junheng_app::teachers::training::{TrainingStatus, status};
use junheng_core::school::SchoolCode;
use junheng_teachers::training::{Day, TrainingRules, Verdict};

use crate::access::Policy::{Admin, Member};
use crate::access::{Sees, Viewer};
use crate::error::AppError;
use crate::routes::Body::{Form, Upload};
use crate::routes::{Entry, get, post};
use crate::state::AppState;

/// The page, its forms, the teacher's page, the templates and the JSON.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/teachers/training", Member, page::page),
        post("/teachers/training/import", Admin, Upload, files::import),
        post("/teachers/training/withdraw", Admin, Form, files::withdraw),
        get("/teachers/training/template.xlsx", Admin, files::template),
        post("/teachers/training/records", Admin, Form, entry::add),
        post(
            "/teachers/training/budgets/import",
            Admin,
            Upload,
            files::import_budgets,
        ),
        post("/teachers/training/budgets", Admin, Form, entry::budget),
        get(
            "/teachers/training/budgets/template.xlsx",
            Admin,
            files::budget_template,
        ),
        get("/teachers/training/t/{teacher}", Member, teacher::page),
        get("/api/v1/teachers/training", Member, page::json),
        get(
            "/api/v1/teachers/training/t/{teacher}",
            Member,
            teacher::json,
        ),
    ]
}

/// Today in Beijing, as every other page of the product counts days.
pub(crate) fn today() -> Day {
    Day::parse(&junheng_app::tasks::beijing_today()).unwrap_or(Day::first_of(2026))
}

/// The school a viewer is limited to (`None`: the district); group and 学区 leads, and anyone
/// else, see nothing here.
fn scope(sees: Sees) -> Result<Option<SchoolCode>, AppError> {
    match sees {
        Sees::District => Ok(None),
        Sees::School(code) => Ok(Some(code)),
        _ => Err(AppError::Forbidden),
    }
}

/// The value of a query's `key`.
fn given<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The page's, its downloads' and the JSON's one computation (`?cycle=&budget_year=`).
async fn scoped(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<TrainingStatus, AppError> {
    let here = state.here(viewer.district()?);
    let school = scope(viewer.sees())?;
    let cycle = crate::seats::year_of(given(pairs, "cycle"))?;
    let budget_year = crate::seats::year_of(given(pairs, "budget_year"))?;
    Ok(status(
        &here.store,
        school.as_ref(),
        &TrainingRules::default(),
        cycle,
        budget_year,
        today(),
    )
    .await?)
}

/// A rate as the page shows it (`87.5%`, `—` without one).
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "pass",
        Verdict::NotMet => "fail",
        Verdict::NotConnected => "muted",
    }
}
