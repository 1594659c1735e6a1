//! 三个课堂 usage: `GET /classroom?year=&schools=rural|all` lists, per receiving school (the
//! rural ones first, or all) and subject, the sessions and hours of the school year and the share
//! of the subject's scheduled lessons they cover (`junheng_app::classroom::usage`; 未接入 when
//! the school's classes are unknown), sortable, filterable and downloadable;
//! `GET /api/v1/classroom?year=&schools=` gives the same rows as JSON. Administrators import a
//! session file (all or nothing; every problem listed with its sheet, row, column and value),
//! enter one session, and download the template.

use std::collections::BTreeSet;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::classroom::{Scheduled, Schools, SubjectUsage, Usage};
use junheng_app::pairings::Refused;
use junheng_core::classroom::{ClassroomKind, GRADE_BANDS};
use junheng_core::school::{UrbanRural, school_year};
use junheng_store::{Giver, NewClassroomSession};

use super::write::{field, school};
use super::{caller, is_admin, refusal};
use crate::access::{Admin, Member};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::{ApiError, AppError};
use crate::import::IssueRow;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Form, Multipart, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the usage list.
const COLUMNS: &[Column] = &[
    Column::plain("code", "classroom-school-code"),
    Column::plain("name", "classroom-school-name"),
    Column::choice("urban", "classroom-urban-rural"),
    Column::plain("classes", "classroom-classes"),
    Column::choice("subject", "classroom-subject"),
    Column::plain("sessions", "classroom-sessions"),
    Column::plain("hours", "classroom-hours"),
    Column::plain("scheduled", "classroom-scheduled"),
    Column::plain("share", "classroom-share"),
];

/// The catalogue key of a session kind.
pub(crate) fn kind_key(k: ClassroomKind) -> &'static str {
    match k {
        ClassroomKind::Remote => "classroom-kind-remote",
        ClassroomKind::MasterTeacher => "classroom-kind-master-teacher",
        ClassroomKind::FamousSchool => "classroom-kind-famous-school",
        ClassroomKind::Synchronous => "classroom-kind-synchronous",
    }
}

fn row(u: &SubjectUsage) -> Row {
    let (scheduled, share) = match u.scheduled {
        Scheduled::Unknown => (
            Value::Label("classroom-not-connected"),
            Value::Label("classroom-not-connected"),
        ),
        Scheduled::NotPlanned => (Value::Label("classroom-not-planned"), Value::Empty),
        Scheduled::Lessons(l) => (
            Value::Decimal(l, 0),
            u.share
                .map_or(Value::Empty, |s| Value::Decimal(s * 100.0, 1)),
        ),
    };
    let mut row = Row::new(vec![
        Value::text(u.school.as_str()),
        Value::text(&u.name),
        Value::text(u.urban_rural.map_or("", UrbanRural::label)),
        u.classes.map_or(Value::Empty, |c| Value::Int(i64::from(c))),
        Value::text(&u.subject),
        Value::Int(i64::from(u.sessions)),
        Value::Decimal(u.hours, 1),
        scheduled,
        share,
    ]);
    if u.sessions == 0 && matches!(u.scheduled, Scheduled::Lessons(_)) {
        row = row.class(5, "fail");
    }
    row
}

/// The school years a viewer may pick: those with statistics or sessions, newest first.
async fn years(here: &Here) -> Result<Vec<i32>, AppError> {
    let mut years: BTreeSet<i32> = here.years().await?.iter().map(|y| y.year).collect();
    years.extend(junheng_app::classroom::years(&here.store).await?);
    Ok(years.into_iter().rev().collect())
}

fn schools_of(text: Option<&str>) -> Result<Schools, AppError> {
    match text.map(str::trim) {
        None | Some("" | "rural") => Ok(Schools::Rural),
        Some("all") => Ok(Schools::All),
        Some(other) => Err(AppError::bad_request(crate::msg!(
            "classroom-bad-schools",
            v = crate::views::cut(other)
        ))),
    }
}

fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!(
                        "classroom-bad-year",
                        v = crate::views::cut(t)
                    ))
                })
        })
        .transpose()
}

/// The year asked for (or the newest with data) and its usage as the viewer sees it; `None`
/// when the district has neither statistics nor sessions.
async fn selection(
    here: &Here,
    viewer: &Member,
    year: Option<i32>,
    schools: Schools,
) -> Result<(Vec<i32>, Option<Usage>), AppError> {
    let all = years(here).await?;
    let Some(year) = year.or_else(|| all.first().copied()) else {
        return Ok((all, None));
    };
    let usage = junheng_app::classroom::usage(
        &here.store,
        &caller(viewer),
        year,
        schools,
        &here.config.lesson_plan,
    )
    .await
    .map_err(refusal)?;
    Ok((all, Some(usage)))
}

/// A subject of the lesson plan, as the page explains it.
pub(crate) struct PlanRow {
    pub subject: String,
    pub weekly: Vec<String>,
}

/// Sessions of one kind in the year.
pub(crate) struct KindCount {
    pub kind: &'static str,
    pub sessions: u32,
}

#[derive(Template)]
#[template(path = "classroom.html")]
struct ClassroomPage {
    layout: Layout,
    years: Vec<YearChip>,
    year_label: String,
    year: i32,
    all: bool,
    has_statistics: bool,
    weeks: u32,
    bands: [&'static str; 3],
    plan: Vec<PlanRow>,
    kinds: Vec<KindCount>,
    list: ListView,
    admin: bool,
    session_kinds: Vec<(&'static str, &'static str)>,
    /// How many sessions a file just wrote, or 0.
    imported: u64,
    added: bool,
}

/// `GET /classroom?year=&schools=&subject=&urban=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let year = year_of(given("year").as_deref())?;
    let schools = schools_of(given("schools").as_deref())?;
    let imported = given("imported").and_then(|n| n.parse().ok()).unwrap_or(0);
    let added = given("added").is_some();
    let list = List::new(COLUMNS, pairs, &["year", "schools"])?;
    let (all_years, usage) = selection(&here, &viewer, year, schools).await?;
    let rows: Vec<Row> = usage
        .as_ref()
        .map_or_else(Vec::new, |u| u.rows.iter().map(row).collect());
    let shown = usage.as_ref().map(|u| u.year);
    let name = match shown {
        Some(y) => format!("三个课堂-{y}"),
        None => "三个课堂".to_owned(),
    };
    let plan = &here.config.lesson_plan;
    let all = schools == Schools::All;
    list.respond(&rows, &name, "三个课堂", |list| {
        render(&ClassroomPage {
            layout: Layout::new("classroom-title", &viewer),
            years: year_switch(
                &all_years
                    .iter()
                    .map(|y| YearLink {
                        year: *y,
                        label: school_year(*y),
                        selected: Some(*y) == shown,
                    })
                    .collect::<Vec<_>>(),
                |y| {
                    format!(
                        "/classroom?year={y}&schools={}",
                        if all { "all" } else { "rural" }
                    )
                },
            ),
            year_label: shown.map_or(String::new(), school_year),
            year: shown.unwrap_or(0),
            all,
            has_statistics: usage.as_ref().is_some_and(|u| u.has_statistics),
            weeks: plan.weeks,
            bands: GRADE_BANDS,
            plan: plan
                .subjects
                .iter()
                .map(|(s, w)| PlanRow {
                    subject: s.clone(),
                    weekly: w.iter().map(|l| format!("{l}")).collect(),
                })
                .collect(),
            kinds: usage.as_ref().map_or_else(Vec::new, |u| {
                ClassroomKind::ALL
                    .into_iter()
                    .map(|k| KindCount {
                        kind: kind_key(k),
                        sessions: u.by_kind.get(&k).copied().unwrap_or(0),
                    })
                    .collect()
            }),
            list,
            admin: is_admin(&viewer),
            session_kinds: ClassroomKind::ALL
                .into_iter()
                .map(|k| (k.id(), kind_key(k)))
                .collect(),
            imported,
            added,
        })
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct UsageQuery {
    year: Option<String>,
    schools: Option<String>,
}

/// `GET /api/v1/classroom?year=&schools=rural|all`: the usage the page shows, as JSON.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<UsageQuery>,
) -> Result<Response, ApiError> {
    let here = state.here(viewer.district()?);
    let year = year_of(q.year.as_deref())?;
    let schools = schools_of(q.schools.as_deref())?;
    let (_, usage) = selection(&here, &viewer, year, schools).await?;
    let usage = usage.ok_or_else(|| AppError::not_found(crate::msg!("classroom-no-data")))?;
    Ok(Json(usage).into_response())
}

/// `POST /classroom/sessions` (form `kind`, `giver_school` or `giver_name`, `receiver`,
/// `subject`, `held_on`, `minutes`, `note`): one session.
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let kind = ClassroomKind::parse(field(&form, "kind")).ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "classroom-bad-kind",
            v = crate::views::cut(field(&form, "kind"))
        ))
    })?;
    let (code, name) = (field(&form, "giver_school"), field(&form, "giver_name"));
    let giver = match (code.is_empty(), name.is_empty()) {
        (true, true) => {
            return Err(AppError::bad_request(crate::msg!(
                "classroom-giver-missing"
            )));
        }
        (false, true) => Giver::School {
            code: school(code)?,
        },
        (true, false) => Giver::Outside {
            name: name.to_owned(),
        },
        (false, false) => return Err(AppError::bad_request(crate::msg!("classroom-giver-both"))),
    };
    let minutes = field(&form, "minutes").parse::<u32>().map_err(|_| {
        AppError::bad_request(crate::msg!(
            "classroom-bad-minutes",
            v = crate::views::cut(field(&form, "minutes"))
        ))
    })?;
    let new = NewClassroomSession {
        kind,
        giver,
        receiver: school(field(&form, "receiver"))?,
        subject: field(&form, "subject").to_owned(),
        held_on: field(&form, "held_on").to_owned(),
        minutes,
        note: field(&form, "note").to_owned(),
    };
    let stored = junheng_app::classroom::add(&here.store, &super::caller(&viewer), &new)
        .await
        .map_err(refusal)?;
    let year = junheng_core::pairing::school_year_of(&stored.held_on).unwrap_or_default();
    Ok(Redirect::to(&format!("/classroom?year={year}&schools=all&added=1")).into_response())
}

#[derive(Template)]
#[template(path = "classroom_issues.html")]
struct IssuesPage {
    layout: Layout,
    file_name: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
}

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// `POST /classroom/import`: a session file, written whole or refused with every problem
/// listed (sheet, row, column, value, what is expected).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (file_name, bytes) = crate::upload::read(multipart)
        .await?
        .file
        .ok_or_else(|| AppError::bad_request(crate::msg!("classroom-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let read = crate::upload::parse(&state, bytes, file_name.clone(), |bytes, name| {
        junheng_app::classroom::read(bytes, name, &junheng_io::Limits::default())
    })
    .await?;
    let done = match read {
        Ok(parsed) => {
            junheng_app::classroom::import(&here.store, &caller(&viewer), &parsed, &sha256).await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(stored) => Ok(Redirect::to(&format!(
            "/classroom?schools=all&imported={}",
            stored.sessions
        ))
        .into_response()),
        Err(Refused::Problems(failure)) => Ok(render(&IssuesPage {
            layout: Layout::new("classroom-import-title", &viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect(),
        })),
        Err(e) => Err(refusal(e)),
    }
}

/// `GET /classroom/template.xlsx`: the session template with examples and a 说明 sheet.
pub(crate) async fn template(viewer: Admin) -> Result<Response, AppError> {
    viewer.district()?;
    Ok(crate::views::download(
        crate::views::XLSX,
        "三个课堂记录模板.xlsx",
        junheng_io::classroom::write_template(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::config::{Flags, Settings};

    #[test]
    fn the_lesson_plan_is_a_setting_of_the_file_and_the_environment() {
        let defaults = Settings::load(None, &[], &Flags::default()).unwrap();
        assert_eq!(defaults.config.lesson_plan.weeks, 35);
        assert_eq!(
            defaults.config.lesson_plan.subjects["音乐"],
            [2.0, 2.0, 1.0]
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        std::fs::write(
            &file,
            "classroom_weeks = 36\n[classroom_lessons]\n\"书法\" = [1, 1, 0.5]\n",
        )
        .unwrap();
        let env = vec![("JUNHENG_CLASSROOM_WEEKS".to_owned(), "34".to_owned())];
        let loaded = Settings::load(Some(&file), &env, &Flags::default()).unwrap();
        let plan = &loaded.config.lesson_plan;
        assert_eq!(plan.weeks, 34, "the environment over the file");
        assert_eq!(
            plan.subjects.len(),
            1,
            "the file's subjects replace the defaults"
        );
        assert_eq!(plan.subjects["书法"], [1.0, 1.0, 0.5]);
        std::fs::write(&file, "[classroom_lessons]\n\"书法\" = [1, 1, 30]\n").unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(
            e.0.contains("classroom_lessons") && e.0.contains("书法"),
            "{e}"
        );
    }
}
