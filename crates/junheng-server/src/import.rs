//! Importing a school statistics file: upload, a preview that lists every problem by row and
//! column before anything is stored, then an explicit confirmation that stores a new version.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolRecord, school_year};
use junheng_io::school::{ImportFailure, Imported, Issue, read_bytes};
use junheng_store::ImportSource;

use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Multipart};
use crate::state::AppState;
use crate::upload::{Confirm, Kind};
use crate::views::{Layout, render};

/// At most this many problems are listed on the page (all are counted).
const SHOWN_ISSUES: usize = 500;

#[derive(Template)]
#[template(path = "import.html")]
struct UploadPage {
    layout: Layout,
}

pub(crate) async fn page(admin: Admin) -> Result<Response, AppError> {
    Ok(render(&UploadPage {
        layout: Layout::new("导入数据", &admin),
    }))
}

pub(crate) struct IssueRow {
    pub code: &'static str,
    pub file: String,
    pub sheet: String,
    pub row: String,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl From<&Issue> for IssueRow {
    fn from(i: &Issue) -> Self {
        Self {
            code: i.code,
            file: i.file.clone(),
            sheet: i.sheet.clone().unwrap_or_default(),
            row: i.row.map_or(String::new(), |r| r.to_string()),
            column: i.column.clone().unwrap_or_default(),
            value: i.value.clone().unwrap_or_default(),
            message: i.message.clone(),
        }
    }
}

pub(crate) struct YearRow {
    pub year: String,
    pub schools: usize,
    pub students: u64,
    pub units: usize,
    pub failing: usize,
    pub verdict: &'static str,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    layout: Layout,
    file_name: String,
    ok: bool,
    issue_count: usize,
    issues: Vec<IssueRow>,
    warnings: Vec<IssueRow>,
    years: Vec<YearRow>,
    pending: String,
}

/// The import of a file and, when it passes, its summary per year.
fn read_and_summarize(bytes: &[u8], name: &str) -> Result<(Imported, Vec<YearRow>), ImportFailure> {
    read_bytes(bytes, name).map(|imported| {
        let years = summarize(&imported.records);
        (imported, years)
    })
}

pub(crate) async fn preview(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let (file_name, bytes) = crate::upload::read(multipart).await?.spreadsheet()?;
    let parsed =
        crate::upload::parse(&here, bytes.clone(), file_name.clone(), read_and_summarize).await?;
    let layout = Layout::new("导入预览", &admin);
    let page = match parsed {
        Err(failure) => PreviewPage {
            layout,
            file_name,
            ok: false,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(SHOWN_ISSUES)
                .map(IssueRow::from)
                .collect(),
            warnings: failure
                .warnings
                .iter()
                .take(SHOWN_ISSUES)
                .map(IssueRow::from)
                .collect(),
            years: Vec::new(),
            pending: String::new(),
        },
        Ok((imported, years)) => {
            let warnings = imported
                .warnings
                .iter()
                .take(SHOWN_ISSUES)
                .map(IssueRow::from)
                .collect();
            drop(imported);
            let id = state
                .previews
                .keep(admin.user.id, Kind::Statistics, file_name.clone(), bytes)
                .await?;
            PreviewPage {
                layout,
                file_name,
                ok: true,
                issue_count: 0,
                issues: Vec::new(),
                warnings,
                years,
                pending: id,
            }
        }
    };
    Ok(render(&page))
}

/// Per year: schools, students and the national evaluation's verdict, before storing.
fn summarize(records: &[SchoolRecord]) -> Vec<YearRow> {
    let mut by_year: BTreeMap<i32, Vec<SchoolRecord>> = BTreeMap::new();
    for r in records {
        by_year.entry(r.year).or_default().push(r.clone());
    }
    let rulebook = Rulebook::builtin("cn-2017").expect("built-in rulebook");
    by_year
        .into_iter()
        .map(|(year, rs)| {
            let students = rs
                .iter()
                .map(|r| u64::from(r.primary.students) + u64::from(r.junior.students))
                .sum();
            let (units, failing, verdict) = match evaluate(&rs, &rulebook) {
                Ok(e) => (
                    e.sections.iter().map(|s| s.units.len()).sum(),
                    e.sections.iter().map(|s| s.failing_units).sum(),
                    if e.passes { "达标" } else { "未达标" },
                ),
                Err(_) => (0, 0, "无法评估"),
            };
            YearRow {
                year: school_year(year),
                schools: rs.len(),
                students,
                units,
                failing,
                verdict,
            }
        })
        .collect()
}

/// `POST /import/confirm`: the previewed file, read again from its preview (checked against
/// its SHA-256) and parsed again, stored as a new version of each of its years.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<Confirm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let kept = state
        .previews
        .take(&form.pending, admin.user.id, Kind::Statistics)
        .await?;
    let records = crate::upload::parse(&here, kept.bytes, kept.file_name.clone(), read_bytes)
        .await?
        .map_err(|_| AppError::Conflict("预览后的文件无法再次读取，请重新上传".into()))?
        .records;
    let source = ImportSource {
        file_name: kept.file_name,
        sha256: kept.sha256,
        note: String::new(),
    };
    // Every year of the file in one transaction: all or none.
    let stored =
        junheng_app::statistics::import(&here.store, &records, None, &source, &admin.actor())
            .await?;
    let last = stored.iter().map(|i| i.year).max().unwrap_or_default();
    here.years_changed();
    Ok(Redirect::to(&format!("/dashboard?year={last}")).into_response())
}
