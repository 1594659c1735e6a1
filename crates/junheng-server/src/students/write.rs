//! The registry's writes: `POST /students/import` (a school's 学籍 file for a school year, 公办
//! or 民办 — written whole as the next version of that school and year, or refused with every
//! problem located, nothing written), its template (`GET /students/template.xlsx`), and
//! `POST /students/inputs` (an input of the rates with its source). Who may import which school
//! is `junheng_app::students::who::may_import`'s: the administrator any school of the district,
//! a school account its own.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::students::Refused;
use junheng_app::students::who::may_import;
use junheng_core::school::{SchoolCode, school_year};

use super::counts::CountTable;
use super::rates::public_key;
use super::{caller, refusal, year_of};
use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Form, Multipart};
use crate::state::AppState;
use crate::views::{Layout, render};

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// What an import wrote.
struct Done {
    version: u32,
    students: u64,
    /// The version it replaced and that version's children, if any.
    replaced: Option<(u32, u64)>,
    counts: CountTable,
    href: String,
}

#[derive(Template)]
#[template(path = "students_import.html")]
struct ImportPage {
    layout: Layout,
    file_name: String,
    school: String,
    year_label: String,
    public: &'static str,
    issue_count: usize,
    issues: Vec<IssueRow>,
    done: Option<Done>,
    warnings: Vec<IssueRow>,
}

/// The school year of a form's field, required.
fn required_year(text: &str) -> Result<i32, AppError> {
    year_of(Some(text))?.ok_or_else(|| AppError::bad_request(crate::msg!("students-year-missing")))
}

/// `POST /students/import` (multipart: `school`, `year`, `public` = `public` | `private`,
/// `file`).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = crate::upload::read(multipart).await?;
    let school_text = upload.field("school").to_owned();
    if school_text.is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "students-school-missing"
        )));
    }
    let school = SchoolCode::parse(&school_text).map_err(|_| {
        AppError::bad_request(crate::msg!(
            "students-bad-school",
            v = crate::views::cut(&school_text)
        ))
    })?;
    let year = required_year(upload.field("year"))?;
    let public = match upload.field("public") {
        "public" | "公办" => true,
        "private" | "民办" => false,
        other => {
            return Err(AppError::bad_request(crate::msg!(
                "students-bad-public",
                v = crate::views::cut(other)
            )));
        }
    };
    let (file_name, bytes) = upload.spreadsheet()?;
    let who = caller(&viewer);
    if !may_import(&who, &school) {
        return Err(AppError::Forbidden);
    }
    let names = junheng_app::students::rates::school_names(&here.store).await?;
    let school_name = names
        .get(&school)
        .cloned()
        .unwrap_or_else(|| school.to_string());
    let done = {
        // Reading the file is the slow part: it waits for a parse slot like every upload.
        let _slot = state.parse_slot().await?;
        junheng_app::students::import::import(
            &here.store,
            state.config.student_keys.as_deref(),
            &who,
            &school,
            year,
            public,
            &bytes,
            &file_name,
            &junheng_io::Limits::default(),
        )
        .await
    };
    let page = |issue_count, issues, done, warnings| ImportPage {
        layout: Layout::new("students-import-title", &viewer),
        file_name: file_name.clone(),
        school: school_name.clone(),
        year_label: school_year(year),
        public: public_key(public),
        issue_count,
        issues,
        done,
        warnings,
    };
    match done {
        Ok(imported) => {
            let i = &imported.import;
            let done = Done {
                version: i.version,
                students: i.students,
                replaced: imported.replaced.map(|n| (i.version.saturating_sub(1), n)),
                counts: CountTable::by_grade(
                    viewer.lang,
                    &i.counts,
                    state.config.students.min_cell,
                ),
                href: format!("/students/school/{school}?year={year}"),
            };
            let warnings = imported.warnings.iter().map(IssueRow::from).collect();
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
            Vec::new(),
        ))),
        Err(e) => Err(refusal(e)),
    }
}

/// `GET /students/template.xlsx`: the registry template with examples and a 说明 sheet.
pub(crate) async fn template(viewer: Member) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "学籍导入模板.xlsx",
        junheng_io::student::write_template(),
    ))
}

/// The one value of field `key` (trimmed; empty when absent).
pub(super) fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.trim())
}

/// `POST /students/inputs` (fields `year`, `name` = `population` | `disabled`, `value`,
/// `source`): an input of the year's rates.
pub(crate) async fn input(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = required_year(field(&form, "year"))?;
    let name = field(&form, "name");
    if !matches!(name, "population" | "disabled") {
        return Err(AppError::bad_request(crate::msg!(
            "students-bad-input-name",
            v = crate::views::cut(name)
        )));
    }
    let text = field(&form, "value");
    let value = text.parse::<u64>().map_err(|_| {
        AppError::bad_request(crate::msg!(
            "students-bad-input-value",
            v = crate::views::cut(text)
        ))
    })?;
    let source = field(&form, "source");
    if source.is_empty() {
        return Err(AppError::bad_request(crate::msg!(
            "students-source-missing"
        )));
    }
    junheng_app::students::roster::set_input(
        &here.store,
        &caller(&viewer),
        year,
        name,
        value,
        source,
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!("/students?year={year}&saved=input")).into_response())
}
