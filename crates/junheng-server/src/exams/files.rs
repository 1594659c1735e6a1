//! A school's scores, written and undone:
//!
//! * `POST /exams/{id}/import` (multipart: `school`, `file`): a school's wide file through
//!   `junheng_app::exams::import::import_school` — every located problem listed when the file is
//!   refused (nothing written); the version written, the students of the roster without a row
//!   (缺考) and the way back (withdraw) when it is not. Who may import which school is
//!   `junheng_app::exams::who::may_import`'s. With `school` = [`WHOLE`], the district's
//!   administrators import a whole exam's long file (.csv, .parquet: every school at once,
//!   `junheng_app::exams::whole`), kept in a temporary file while it is read.
//! * `GET /exams/{id}/template.xlsx`: the exam's blank template (its papers as columns).
//! * `POST /exams/{id}/withdraw` (`school`, then `confirm=1`): withdrawing a school's latest file
//!   restores the version before it; the first post shows what will change and asks again.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::exams::Refused;
use junheng_app::exams::import::{FileIn, import_school, papers_of};
use junheng_app::exams::who::{Sight, may_import};
use junheng_core::school::SchoolCode;

use super::{caller, exam_of, refusal, sight_of};
use crate::access::Member;
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Form, Multipart, Path};
use crate::state::AppState;
use crate::students::{keys, param, school_text};
use crate::views::{Layout, render};

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// The `school` value that asks for a whole exam's long file.
pub(crate) const WHOLE: &str = "*";

/// What an import wrote.
pub(crate) struct Done {
    pub version: u32,
    pub students: u64,
    pub missing: usize,
    pub replaced: bool,
    /// The schools written by a whole exam's file (0 for a school's file).
    pub schools: usize,
}

#[derive(Template)]
#[template(path = "exams_import.html")]
struct ImportPage {
    layout: Layout,
    id: i64,
    exam: String,
    file_name: String,
    school: String,
    code: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
    done: Option<Done>,
    warnings: Vec<IssueRow>,
}

fn school_field(text: &str) -> Result<SchoolCode, AppError> {
    if text.is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "exams-field-missing",
            v = "school"
        )));
    }
    SchoolCode::parse(text).map_err(|_| {
        AppError::bad_request(crate::msg!("exams-bad-school", v = crate::views::cut(text)))
    })
}

/// `POST /exams/{id}/import`.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let upload = crate::upload::read(multipart).await?;
    if upload.field("school") == WHOLE {
        return import_whole(state, viewer, id, upload).await;
    }
    let school = school_field(upload.field("school"))?;
    let (file_name, bytes) = upload.spreadsheet()?;
    let here = state.here(viewer.district()?);
    let exam = exam_of(&here, id).await?;
    let who = caller(&viewer);
    if !may_import(&who, &school) {
        return Err(AppError::Forbidden);
    }
    let before = here
        .store
        .exam_files(id, false)
        .await?
        .iter()
        .any(|f| f.school == school);
    let result = {
        let _slot = state.parse_slot().await?;
        import_school(
            &here.store,
            &who,
            keys(&here),
            id,
            FileIn {
                school: &school,
                name: &file_name,
                bytes: &bytes,
            },
        )
        .await
    };
    let names = junheng_app::students::rates::school_names(&here.store)
        .await?
        .into_iter()
        .collect();
    let page = |issue_count, issues, done, warnings| ImportPage {
        layout: Layout::new("exams-import-title", &viewer),
        id,
        exam: exam.name.clone(),
        file_name: file_name.clone(),
        school: school_text(&names, &school),
        code: school.to_string(),
        issue_count,
        issues,
        done,
        warnings,
    };
    match result {
        Ok(i) => {
            let file = i.files.first();
            let done = Done {
                version: file.map_or(0, |f| f.version),
                students: file.map_or(0, |f| f.students),
                missing: i.missing.iter().map(|(_, n)| n).sum(),
                replaced: before,
                schools: 0,
            };
            let warnings = i.warnings.iter().map(IssueRow::from).collect();
            Ok(render(&page(0, Vec::new(), Some(done), warnings)))
        }
        Err(Refused::Problems(failure)) => Ok(render(&page(
            failure.issue_count(),
            failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect(),
            None,
            failure.warnings.iter().map(IssueRow::from).collect(),
        ))),
        Err(e) => Err(refusal(e)),
    }
}

/// A whole exam's long file: kept in a temporary file (named as uploaded, for its format) while
/// it is read, then every school's next version in one transaction.
async fn import_whole(
    state: AppState,
    viewer: Member,
    id: i64,
    upload: crate::upload::Upload,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let exam = exam_of(&here, id).await?;
    let who = caller(&viewer);
    if !junheng_app::exams::who::may_administer(&who) {
        return Err(AppError::Forbidden);
    }
    let (file_name, bytes) = upload.spreadsheet()?;
    let dir = tempfile::tempdir().map_err(|e| AppError::Internal(e.to_string()))?;
    // Named as uploaded (its last path part only), so that the problems name the user's file.
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let base = if base.is_empty() || base.starts_with('.') {
        "upload.csv"
    } else {
        base
    };
    let path = dir.path().join(base);
    std::fs::write(&path, &bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    let result = {
        let _slot = state.parse_slot().await?;
        let store = &here.store;
        junheng_app::exams::whole::import_exam_file(store, &who, keys(&here), id, &path, &file_name)
            .await
    };
    drop(dir);
    let (issue_count, issues, done, warnings) = match result {
        Ok(i) => {
            let done = Done {
                version: i.files.iter().map(|f| f.version).max().unwrap_or(0),
                students: i.files.iter().map(|f| f.students).sum(),
                missing: i.missing.iter().map(|(_, n)| n).sum(),
                replaced: false,
                schools: i.files.len(),
            };
            let warnings = i.warnings.iter().map(IssueRow::from).collect();
            (0, Vec::new(), Some(done), warnings)
        }
        Err(Refused::Problems(failure)) => {
            let issues = failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect();
            let warnings = failure.warnings.iter().map(IssueRow::from).collect();
            (failure.issue_count(), issues, None, warnings)
        }
        Err(e) => return Err(refusal(e)),
    };
    Ok(render(&ImportPage {
        layout: Layout::new("exams-import-title", &viewer),
        id,
        exam: exam.name,
        file_name,
        school: crate::i18n::Lang::Zh
            .t("exams-import-whole-option")
            .to_owned(),
        code: String::new(),
        issue_count,
        issues,
        done,
        warnings,
    }))
}

/// `GET /exams/{id}/template.xlsx`: the blank template of the exam's papers.
pub(crate) async fn template(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    if sight_of(&viewer) == Sight::Nothing {
        return Err(AppError::Forbidden);
    }
    let exam = exam_of(&here, id).await?;
    let papers = papers_of(&exam).map_err(refusal)?;
    let bytes = junheng_io::exam::write_exam_template(&papers);
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("{}-成绩模板.xlsx", exam.name),
        bytes,
    ))
}

#[derive(Template)]
#[template(path = "exams_withdraw.html")]
struct WithdrawPage {
    layout: Layout,
    id: i64,
    exam: String,
    school: String,
    code: String,
    /// The version withdrawn, its file and students.
    version: u32,
    file_name: String,
    students: u64,
    /// The version restored (0: none, the school has no scores after).
    restored: u32,
}

/// `POST /exams/{id}/withdraw`: `school`; with `confirm=1` it withdraws, else it asks.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let school = school_field(param(&form, "school").unwrap_or("").trim())?;
    let confirmed = param(&form, "confirm") == Some("1");
    let here = state.here(viewer.district()?);
    let exam = exam_of(&here, id).await?;
    let who = caller(&viewer);
    if !may_import(&who, &school) {
        return Err(AppError::Forbidden);
    }
    if confirmed {
        junheng_app::exams::import::withdraw(&here.store, &who, id, &school)
            .await
            .map_err(refusal)?;
        return Ok(Redirect::to(&format!("/exams/{id}?withdrawn=1")).into_response());
    }
    let mut versions: Vec<_> = here
        .store
        .exam_files(id, true)
        .await?
        .into_iter()
        .filter(|f| f.school == school)
        .collect();
    let latest = here
        .store
        .exam_files(id, false)
        .await?
        .into_iter()
        .find(|f| f.school == school)
        .ok_or_else(|| AppError::not_found(crate::msg!("exams-no-file")))?;
    versions.retain(|f| f.version < latest.version);
    let names = junheng_app::students::rates::school_names(&here.store)
        .await?
        .into_iter()
        .collect();
    Ok(render(&WithdrawPage {
        layout: Layout::new("exams-withdraw-title", &viewer),
        id,
        exam: exam.name,
        school: school_text(&names, &school),
        code: school.to_string(),
        version: latest.version,
        file_name: latest.file_name,
        students: latest.students,
        restored: versions.iter().map(|f| f.version).max().unwrap_or(0),
    }))
}
