//! Importing a school statistics file: upload, a preview that lists every problem by row and
//! column before anything is stored and compares the file with the current version (replace the
//! year, or update the listed schools; removals past the threshold need a ticked box), then an
//! explicit confirmation that stores a new version.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::versions::{Mode, WriteOptions};
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolRecord, school_year};
use junheng_io::school::{ImportFailure, Imported, Issue, read_bytes};
use junheng_store::ImportSource;

use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Multipart};
use crate::state::{AppState, Here};
use crate::upload::Kind;
use crate::versions::{Choice, ConfirmWrite};
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
        layout: Layout::new("common-import", &admin),
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
    choice: Option<Choice>,
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
    let layout = Layout::new("import-import-preview", &admin);
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
            choice: None,
        },
        Ok((imported, years)) => {
            let warnings = imported
                .warnings
                .iter()
                .take(SHOWN_ISSUES)
                .map(IssueRow::from)
                .collect();
            let choice = choice(&state, &here, &imported.records).await?;
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
                choice: Some(choice),
            }
        }
    };
    Ok(render(&page))
}

/// The file's records compared with each year's current version, replacing the year and
/// updating the listed schools.
async fn choice(
    state: &AppState,
    here: &Here,
    records: &[SchoolRecord],
) -> Result<Choice, AppError> {
    let threshold = state.config.removal_threshold;
    let compare = |mode| {
        let options = WriteOptions {
            mode,
            confirm_removals: false,
            threshold,
        };
        async move {
            junheng_app::statistics::compare(&here.store, records, None, &options)
                .await
                .map(|years| years.into_iter().map(|(_, c)| c).collect::<Vec<_>>())
        }
    };
    let replace = compare(Mode::Replace).await?;
    let listed = compare(Mode::UpdateListed).await?;
    let mut names = BTreeMap::new();
    for year in replace
        .iter()
        .filter_map(|c| c.current_version.map(|v| (c.year, v)))
    {
        for r in here.records(year.0, year.1).await?.iter() {
            names.insert(r.code.clone(), r.name.clone());
        }
    }
    names.extend(records.iter().map(|r| (r.code.clone(), r.name.clone())));
    Ok(Choice::new(&replace, &listed, &names, threshold))
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
                    crate::views::verdict_key(e.passes),
                ),
                Err(_) => (0, 0, "label-cannot-evaluate"),
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
/// its SHA-256) and parsed again, stored as a new version of each of its years — as a whole
/// or for the listed schools only (`mode`). When the new version removes past the threshold
/// and the box is not ticked, nothing is stored and the preview is shown again with the reason.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<ConfirmWrite>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let options = form.options(state.config.removal_threshold)?;
    let kept = state
        .previews
        .take(&form.pending, admin.user.id, Kind::Statistics)
        .await?;
    let imported = crate::upload::parse(
        &here,
        kept.bytes.clone(),
        kept.file_name.clone(),
        read_and_summarize,
    )
    .await?
    .map_err(|_| AppError::conflict(crate::msg!("error-preview-unreadable")))?;
    let (imported, years) = imported;
    let records = imported.records;
    let compared = junheng_app::statistics::compare(&here.store, &records, None, &options).await?;
    if let Some(refused) = compared
        .iter()
        .find_map(|(_, c)| c.check(&options, "学校统计数据").err())
    {
        // Kept again, so that ticking the box does not need another upload.
        let pending = state
            .previews
            .keep(
                admin.user.id,
                Kind::Statistics,
                kept.file_name.clone(),
                kept.bytes,
            )
            .await?;
        let mut choice = choice(&state, &here, &records).await?;
        choice.error = refused.to_string();
        choice.proposed = options.mode.id();
        return Ok(render(&PreviewPage {
            layout: Layout::new("import-import-preview", &admin),
            file_name: kept.file_name,
            ok: true,
            issue_count: 0,
            issues: Vec::new(),
            warnings: Vec::new(),
            years,
            pending,
            choice: Some(choice),
        }));
    }
    let source = ImportSource {
        file_name: kept.file_name,
        sha256: kept.sha256,
        note: String::new(),
    };
    // Every year of the file in one transaction: all or none.
    let stored = junheng_app::statistics::import(
        &here.store,
        &records,
        None,
        &source,
        &options,
        &admin.actor(),
    )
    .await?;
    here.years_changed();
    let last = stored
        .iter()
        .max_by_key(|i| i.year)
        .ok_or_else(|| AppError::Internal("the import stored no school year".into()))?;
    let href = crate::versions::saved_href("statistics", last.year, last.version);
    Ok(Redirect::to(&href).into_response())
}
