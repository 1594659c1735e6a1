//! `GET /exams[?format=xlsx][&school=]`: the district's exams (name, day, grade, kind, scope,
//! schools with a file and their students), the value-added form, the link to the 三线 board
//! (for those who see every unit: [`super::bands`]), and for administrators the
//! create form and the official NAEQ results with their entry form (`POST /exams/naeq` is
//! [`super::naeq`]'s). `POST /exams` creates an exam. `GET /api/v1/exams` is the same list as
//! data.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::exams::import::{ExamIn, create as create_exam};
use junheng_app::exams::who::{Sight, may_administer};
use junheng_core::exam::{NAEQ_LINE, Tenths};
use junheng_core::school::SchoolCode;
use junheng_io::export::Cell as X;
use junheng_store::{ExamInfo, ExamKind, ExamScope, NaeqEntry};
use serde::Serialize;

use super::naeq::{NaeqRow, naeq_sheet};
use super::{caller, export, kind_key, refusal, scope_key, sight_of};
use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::params::{Form, Query};
use crate::state::{AppState, Here};
use crate::students::{param, today};
use crate::views::{Layout, render};

/// An exam as the list shows it.
pub(crate) struct ExamRow {
    pub id: i64,
    pub name: String,
    pub on_date: String,
    pub year: i32,
    pub grade: u8,
    pub kind: &'static str,
    pub scope: &'static str,
    /// Schools with a file.
    pub schools: usize,
    /// Students on their rosters.
    pub students: u64,
}

#[derive(Template)]
#[template(path = "exams.html")]
struct Page {
    layout: Layout,
    exams: Vec<ExamRow>,
    /// `?school=` carried to the reports (a school's page links here).
    school: String,
    naeq: Vec<NaeqRow>,
    show_naeq: bool,
    admin: bool,
    va: bool,
    /// Whether the 三线 board is theirs to see (it compares schools).
    bands: bool,
    kinds: Vec<(&'static str, &'static str)>,
    scopes: Vec<(&'static str, &'static str)>,
    year: i32,
    today: String,
    line: f64,
}

/// An exam with its files: the schools with one and the students on their rosters.
#[derive(Serialize)]
pub(crate) struct Held {
    #[serde(flatten)]
    pub info: ExamInfo,
    pub schools: usize,
    pub students: u64,
}

/// The list of a request, for the page, the workbook and the API: every exam of the district
/// with its files, and the official NAEQ results for those who see the district's figures
/// (`None` for the others).
#[derive(Serialize)]
pub(crate) struct Listed {
    pub exams: Vec<Held>,
    pub naeq: Option<Vec<NaeqEntry>>,
}

async fn listed(here: &Here, sight: &Sight) -> Result<Listed, AppError> {
    if *sight == Sight::Nothing {
        return Err(AppError::Forbidden);
    }
    let mut exams = Vec::new();
    for info in here.store.exams().await? {
        let files = here.store.exam_files(info.id, false).await?;
        exams.push(Held {
            schools: files.len(),
            students: files.iter().map(|f| f.students).sum(),
            info,
        });
    }
    let naeq = if matches!(sight, Sight::Everything | Sight::District) {
        Some(here.store.naeq_results().await?)
    } else {
        None
    };
    Ok(Listed { exams, naeq })
}

/// `GET /api/v1/exams`: the list as data.
pub(crate) async fn api(
    State(state): State<AppState>,
    viewer: Member,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    Ok(Json(listed(&here, &sight_of(&viewer)).await?).into_response())
}

/// `GET /exams`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sight = sight_of(&viewer);
    let listed = listed(&here, &sight).await?;
    let school = param(&pairs, "school")
        .map(|v| {
            SchoolCode::parse(v).map(|c| c.to_string()).map_err(|_| {
                AppError::bad_request(crate::msg!("exams-bad-school", v = crate::views::cut(v)))
            })
        })
        .transpose()?
        // Carried into the links only for a sight that names that school (never echoed to others).
        .filter(|code| match &sight {
            Sight::Everything => true,
            Sight::School(s) | Sight::Class { school: s, .. } => s.as_str() == code,
            _ => false,
        })
        .unwrap_or_default();
    let exams: Vec<ExamRow> = listed
        .exams
        .into_iter()
        .map(|h| ExamRow {
            id: h.info.id,
            name: h.info.name,
            on_date: h.info.on_date,
            year: h.info.year,
            grade: h.info.grade,
            kind: kind_key(h.info.kind),
            scope: scope_key(h.info.scope),
            schools: h.schools,
            students: h.students,
        })
        .collect();
    let show_naeq = listed.naeq.is_some();
    let naeq: Vec<NaeqRow> = listed.naeq.iter().flatten().map(NaeqRow::of).collect();
    let stamp = today();
    if param(&pairs, "format") == Some("xlsx") {
        let lang = crate::i18n::Lang::Zh;
        let mut sheets = vec![junheng_io::export::Table {
            sheet: "考试",
            headers: [
                "exams-col-name",
                "exams-col-date",
                "exams-col-year",
                "exams-col-grade",
                "exams-col-kind",
                "exams-col-scope",
                "exams-col-schools",
                "exams-col-students",
            ]
            .iter()
            .map(|k| lang.t(k).to_owned())
            .collect(),
            rows: exams
                .iter()
                .map(|e| {
                    vec![
                        X::text(e.name.clone()),
                        X::text(e.on_date.clone()),
                        X::Integer(i64::from(e.year)),
                        X::Integer(i64::from(e.grade)),
                        X::text(lang.t(e.kind)),
                        X::text(lang.t(e.scope)),
                        X::Integer(e.schools as i64),
                        X::Integer(e.students as i64),
                    ]
                })
                .collect(),
        }];
        if show_naeq {
            sheets.push(naeq_sheet(&naeq));
        }
        let bytes = junheng_io::export::write_xlsx(&sheets)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        return export(
            &here,
            &viewer,
            "exams.xlsx",
            "exams".into(),
            &format!("考试-{stamp}.xlsx"),
            bytes,
        )
        .await;
    }
    let admin = may_administer(&caller(&viewer));
    Ok(render(&Page {
        layout: Layout::new("exams-title", &viewer),
        exams,
        school,
        naeq,
        show_naeq,
        admin,
        va: !matches!(sight, Sight::District),
        bands: sight == Sight::Everything,
        kinds: ExamKind::ALL
            .iter()
            .map(|k| (k.id(), kind_key(*k)))
            .collect(),
        scopes: ExamScope::ALL
            .iter()
            .map(|s| (s.id(), scope_key(*s)))
            .collect(),
        year: junheng_store::school_year(&stamp).unwrap_or(2024),
        today: stamp,
        line: NAEQ_LINE,
    }))
}

/// The value of field `key` (trimmed; empty when absent).
pub(super) fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    param(form, key).map_or("", str::trim)
}

/// `语文:150, 数学:150, 英语：120` → subjects with full marks; the piece that is not one is named.
pub(crate) fn subjects(text: &str) -> Result<Vec<(String, Tenths)>, AppError> {
    let bad = |piece: &str| {
        AppError::bad_request(crate::msg!(
            "exams-bad-subjects",
            v = crate::views::cut(piece.trim())
        ))
    };
    let mut out = Vec::new();
    for piece in text
        .split([',', '，', '、', ';', '；', '\n'])
        .filter(|p| !p.trim().is_empty())
    {
        let (subject, full) = piece.split_once([':', '：']).ok_or_else(|| bad(piece))?;
        let full = Tenths::parse(full).ok_or_else(|| bad(piece))?;
        out.push((subject.trim().to_owned(), full));
    }
    if out.is_empty() {
        return Err(bad(text));
    }
    Ok(out)
}

/// Whether `text` is a real day written `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    text.len() == 10
        && matches!(
            (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()),
            (Ok(y), Ok(m), Ok(d)) if junheng_core::date::is_real_day(y, m, d)
        )
}

/// `POST /exams`: name, year, on_date, grade, kind, scope, subjects.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let missing =
        |key: &'static str| AppError::bad_request(crate::msg!("exams-field-missing", v = key));
    let name = field(&form, "name");
    if name.is_empty() || name.chars().count() > 100 {
        return Err(missing("name"));
    }
    let year = crate::students::year_of(Some(field(&form, "year")))?.ok_or(missing("year"))?;
    let on_date = field(&form, "on_date");
    if !is_day(on_date) {
        return Err(missing("on_date"));
    }
    let grade: u8 = field(&form, "grade")
        .parse()
        .ok()
        .filter(|g| (1..=9).contains(g))
        .ok_or(missing("grade"))?;
    let kind = ExamKind::parse(field(&form, "kind")).ok_or(missing("kind"))?;
    let scope = ExamScope::parse(field(&form, "scope")).ok_or(missing("scope"))?;
    let subjects = subjects(field(&form, "subjects"))?;
    let here = state.here(viewer.district()?);
    let exam = create_exam(
        &here.store,
        &caller(&viewer),
        &state.config.quality,
        &ExamIn {
            name,
            year,
            on_date,
            grade,
            kind,
            scope,
            subjects,
        },
    )
    .await
    .map_err(refusal)?;
    Ok(Redirect::to(&format!("/exams/{}", exam.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_read_as_people_write_them() {
        let s = subjects("语文:150， 数学：150、英语:120.5").unwrap();
        assert_eq!(
            s,
            vec![
                ("语文".to_owned(), Tenths(1500)),
                ("数学".to_owned(), Tenths(1500)),
                ("英语".to_owned(), Tenths(1205)),
            ]
        );
        assert!(subjects("语文 150").is_err());
        assert!(subjects("").is_err());
        assert!(subjects("语文:abc").is_err());
    }
}
