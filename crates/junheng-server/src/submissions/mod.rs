//! A school submits its own data for review (`/submit`: the template pre-filled with its current
//! row to download, edit and upload; problems as the same cell table as `/import`); an
//! administrator approves (a new version of the year with that school's row replaced) or returns
//! it with a reason (`review`), and follows a year's collection school by school (`progress`).
//! Every step is audited by the store.

mod progress;
mod review;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

use junheng_app::submissions::{Stage, Verdict, effect, previous};
use junheng_core::date::beijing_text as beijing;
use junheng_core::school::{SchoolCode, school_year};
use junheng_io::school::read_bytes;
use junheng_store::{AuditEntry, ImportInfo, SchoolVersion, Submission};

pub(crate) use progress::{progress, progress_workbook};
pub(crate) use review::{decide, review};

use crate::access::{SchoolUser, Viewer};
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::Multipart;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// At most this many problems of an upload are listed (all are counted).
const SHOWN_ISSUES: usize = 200;

/// One changed template field.
pub(crate) struct ChangeView {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A submission as the pages show it: what it changes and what that does to the verdict.
pub(crate) struct SubmissionView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub year: String,
    pub submitted_by: String,
    pub submitted_at: String,
    pub status: &'static str,
    pub returned: bool,
    /// A school the year has no row of.
    pub new_school: bool,
    pub changes: Vec<ChangeView>,
    pub verdict_before: &'static str,
    pub verdict_after: &'static str,
    /// `worse`, `better` or `same`: the class of the verdict's change.
    pub trend: &'static str,
    pub decided_by: String,
    pub decided_at: String,
    pub note: String,
}

/// The views of `list`: each against the row it is measured by (see
/// [`junheng_app::submissions::previous`]), its verdict under the default rulebook judged with
/// the year's current rows (for 上级学校 and teaching points).
async fn views(here: &Here, list: Vec<Submission>) -> Result<Vec<SubmissionView>, AppError> {
    let rulebook = crate::dashboard::rulebook(None)?;
    let mut out = Vec::with_capacity(list.len());
    // Each year's imports and each school's history are read once for the whole list.
    let mut imports: HashMap<i32, Vec<ImportInfo>> = HashMap::new();
    let mut histories: HashMap<SchoolCode, Vec<SchoolVersion>> = HashMap::new();
    for s in list {
        let context = match here.current(Some(s.year)).await? {
            Some(y) => here.records(y.year, y.latest_version).await?,
            None => Default::default(),
        };
        if let std::collections::hash_map::Entry::Vacant(e) = imports.entry(s.year) {
            e.insert(here.store.imports(Some(s.year)).await?);
        }
        if !histories.contains_key(&s.school_code) {
            let history = here.store.school_history(&s.school_code).await?;
            histories.insert(s.school_code.clone(), history);
        }
        let before = previous(&imports[&s.year], &histories[&s.school_code], &s);
        let e = effect(&context, before.as_ref(), &s.record, &rulebook);
        let stage = Stage::of(&s.status);
        let trend = match (e.verdict_before, e.verdict_after) {
            (Some(Verdict::Passes), Verdict::Fails) => "worse",
            (Some(Verdict::Fails), Verdict::Passes) => "better",
            _ => "same",
        };
        let verdict_before = e.verdict_before.map_or("—", crate::i18n::labels::verdict);
        let verdict_after = crate::i18n::labels::verdict(e.verdict_after);
        out.push(SubmissionView {
            id: s.id,
            code: s.school_code.to_string(),
            name: s.record.name.clone(),
            year: school_year(s.year),
            submitted_by: s.submitted_by.clone(),
            submitted_at: beijing(&s.submitted_at),
            status: crate::i18n::labels::stage(stage),
            returned: stage == Stage::Returned,
            new_school: e.previous.is_none(),
            changes: e
                .changes
                .into_iter()
                .map(|c| ChangeView {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
            trend,
            verdict_before,
            verdict_after,
            decided_by: s.decided_by.clone().unwrap_or_default(),
            decided_at: s.decided_at.as_deref().map(beijing).unwrap_or_default(),
            note: s.note.clone(),
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    layout: Layout,
    school: String,
    /// The 学年 the template is pre-filled with, empty when the school has no stored row.
    prefilled: String,
    message: String,
    ok: bool,
    issue_count: usize,
    issues: Vec<IssueRow>,
    warnings: Vec<IssueRow>,
    /// The school's submissions, newest first (the first, when returned, is shown on top).
    rows: Vec<SubmissionView>,
}

/// What an upload found wrong, for the page.
#[derive(Default)]
struct Problems {
    count: usize,
    issues: Vec<IssueRow>,
    warnings: Vec<IssueRow>,
}

/// The latest stored row of `school` (of the newest year that has it).
async fn current_row(
    here: &Here,
    school: &SchoolCode,
) -> Result<Option<junheng_core::school::SchoolRecord>, AppError> {
    for y in here.years().await?.iter() {
        let records = here.records(y.year, y.latest_version).await?;
        if let Some(r) = records.iter().find(|r| &r.code == school) {
            return Ok(Some(r.clone()));
        }
    }
    Ok(None)
}

async fn submit_page(
    here: &Here,
    viewer: &Viewer,
    school: &SchoolCode,
    message: String,
    ok: bool,
    problems: Problems,
) -> Result<Response, AppError> {
    let mine: Vec<Submission> = here
        .store
        .submissions(None)
        .await?
        .into_iter()
        .filter(|s| &s.school_code == school)
        .collect();
    let rows = views(here, mine).await?;
    let page = SubmitPage {
        layout: Layout::new("submissions-submit-school-data", viewer),
        school: school.to_string(),
        prefilled: current_row(here, school)
            .await?
            .map_or(String::new(), |r| school_year(r.year)),
        message,
        ok,
        issue_count: problems.count,
        issues: problems.issues,
        warnings: problems.warnings,
        rows,
    };
    Ok(render(&page))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    user: SchoolUser,
) -> Result<Response, AppError> {
    let here = state.here(user.district()?);
    submit_page(
        &here,
        &user,
        &user.school,
        String::new(),
        false,
        Problems::default(),
    )
    .await
}

/// `GET /submit/template.xlsx`: the statistics template with the school's current row (of the
/// newest year that has it) filled in; an empty template when the school has no row yet.
pub(crate) async fn template(
    State(state): State<AppState>,
    user: SchoolUser,
) -> Result<Response, AppError> {
    let here = state.here(user.district()?);
    let row = current_row(&here, &user.school).await?;
    let year = row.as_ref().map(|r| r.year);
    let records: Vec<_> = row.into_iter().collect();
    let bytes = tokio::task::spawn_blocking(move || junheng_io::school::write_xlsx_bytes(&records))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    here.audit(AuditEntry {
        district: None,
        actor: user.user.name.clone(),
        action: "submit.template",
        target: format!("school:{}", user.school),
        detail: year.map_or("empty".to_owned(), |y| format!("year={y}")),
    })
    .await?;
    let name = format!("学校数据模板-{}.xlsx", user.school);
    Ok(crate::views::download(crate::views::XLSX, &name, bytes))
}

/// A file in the template with exactly the user's own school, one row.
pub(crate) async fn submit(
    State(state): State<AppState>,
    user: SchoolUser,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(user.district()?);
    let (viewer, school) = (&user.viewer, &user.school);
    let upload = crate::upload::read(multipart).await?;
    let Some((name, bytes)) = upload.file else {
        return submit_page(
            &here,
            viewer,
            school,
            viewer.lang.t("submissions-choose-file").to_owned(),
            false,
            Problems::default(),
        )
        .await;
    };
    let parsed = crate::upload::parse(&here, bytes, name, read_bytes).await?;
    let records = match parsed {
        Ok(imported) => imported.records,
        Err(failure) => {
            let problems = Problems {
                count: failure.issue_count(),
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
            };
            let message = crate::tr!(viewer.lang, "submissions-file-problems", n = problems.count);
            return submit_page(&here, viewer, school, message, false, problems).await;
        }
    };
    match junheng_app::submissions::submit(&here.store, school, &records, &viewer.actor()).await {
        Ok(id) => {
            let message = crate::tr!(viewer.lang, "submissions-submitted-as", n = id);
            submit_page(&here, viewer, school, message, true, Problems::default()).await
        }
        Err(e) if matches!(e.code(), "store.conflict" | "store.invalid") => {
            submit_page(
                &here,
                viewer,
                school,
                e.to_string(),
                false,
                Problems::default(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
