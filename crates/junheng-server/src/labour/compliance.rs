//! `GET /labour/compliance?term=&school=&class=&format=` — a term's compliance with the national
//! minimums (weekly out-of-class minutes, task-group coverage, 劳动课 课时, 劳动周) as the
//! viewer's `LabourPass` allows: district roles every school (small counts of children hidden),
//! `?school=` a school's classes; a school's account its classes and `?class=` a class's
//! children; a 班主任 their class's children (names through the audited named read). The page,
//! its download (`format=xlsx|csv`, the rows the list selects) and `GET /api/v1/labour/compliance`
//! come from one selection (the use case `junheng_app::labour::compliance::view`).
//!
//! The inputs nothing else records: a 劳动课时 file (`POST /labour/compliance/import`, all or
//! nothing), a 劳动周 (`POST /labour/compliance/entry`, a form of the 劳动周 template's cells),
//! 撤回 of a batch (administrators) and the templates.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::batches;
use junheng_app::labour::compliance::{ComplianceView, Level, Selection, UnitRow, view};
use junheng_core::school::SchoolCode;
use junheng_core::student::Cell;
use junheng_io::labour::Kind;
use junheng_labour::calendar::Term;
use junheng_labour::compliance::TrendPoint;
use junheng_labour::{Quota, Share};
use junheng_store::labour::LabourBatch;

use super::{EntryForm, KindQuery, WithdrawForm, entry_forms, notices};
use crate::access::{Admin, Member, Viewer};
use crate::error::{ApiError, AppError};
use crate::list::{Column, List, ListView, Row, Value};
use crate::pairings::{caller, is_admin, refusal};
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

const BACK: &str = "/labour/compliance";

const UNIT_COLUMNS: &[Column] = &[
    Column::plain("unit", "lc-unit"),
    Column::plain("students", "lc-students"),
    Column::plain("meeting", "lc-meeting"),
    Column::plain("not_meeting", "lc-not-meeting"),
    Column::plain("meeting_share", "lc-meeting-share"),
    Column::plain("covered", "lc-covered"),
    Column::plain("not_covered", "lc-not-covered"),
    Column::plain("lessons", "lc-lessons"),
    Column::choice("lessons_met", "lc-lessons-met"),
    Column::choice("labour_week", "lc-labour-week"),
];

const CHILD_COLUMNS: &[Column] = &[
    Column::plain("key", "lc-key"),
    Column::plain("name", "lc-name"),
    Column::plain("minimum", "lc-minimum"),
    Column::plain("weekly", "lc-weekly"),
    Column::plain("weeks_met", "lc-weeks-met"),
    Column::choice("meets", "lc-meets"),
    Column::plain("coverage", "lc-coverage"),
];

/// A count of children, or why it is hidden.
fn cell(c: Cell) -> Value {
    match c {
        Cell::Count(n) => Value::Int(i64::try_from(n).unwrap_or(i64::MAX)),
        Cell::Small => Value::Label("lc-small"),
        Cell::Complement => Value::Label("lc-complement"),
    }
}

/// A part of a whole as `part/whole (xx.x%)`, or nothing.
fn share(s: Share) -> Value {
    s.value().map_or(Value::Empty, |v| {
        Value::text(format!("{}/{} ({:.1}%)", s.part, s.whole, v * 100.0))
    })
}

fn quota(q: Quota) -> Value {
    Value::text(format!("{}/{}", q.done, q.required))
}

/// The meeting share when both counts are shown.
fn meeting_share(r: &UnitRow) -> Value {
    match r.meeting {
        [Cell::Count(a), Cell::Count(b)] => share(Share::new(a, a + b)),
        _ => Value::Empty,
    }
}

fn yes_no(v: bool) -> Value {
    Value::Label(if v { "lc-yes" } else { "lc-no" })
}

fn unit_row(r: &UnitRow, term: Term) -> Row {
    let name = r
        .class
        .clone()
        .or_else(|| r.school.as_ref().map(SchoolCode::to_string))
        .unwrap_or_default();
    let row = Row::new(vec![
        Value::text(name),
        cell(r.students),
        cell(r.meeting[0]),
        cell(r.meeting[1]),
        meeting_share(r),
        cell(r.covered[0]),
        cell(r.covered[1]),
        quota(r.lessons),
        yes_no(r.lessons.met()),
        r.labour_week.map_or(Value::Empty, yes_no),
    ])
    .class(8, if r.lessons.met() { "pass" } else { "fail" });
    let term = Term::id(term);
    match (&r.school, &r.class) {
        (Some(s), None) => row.link(format!("{BACK}?term={term}&school={s}")),
        (Some(s), Some(c)) => row.link(format!(
            "{BACK}?term={term}&school={s}&class={}",
            crate::views::query_value(c)
        )),
        _ => row,
    }
}

struct TrendRow {
    term: String,
    meeting: String,
    change: String,
    student_weeks: String,
    coverage: String,
    lessons: String,
}

fn trend_row(p: &TrendPoint) -> TrendRow {
    let shown = |s: Share| share(s).shown();
    TrendRow {
        term: p.term.to_string(),
        meeting: shown(p.meeting),
        change: p
            .meeting_change_per_mille
            .map_or_else(String::new, |c| format!("{:+.1}", c as f64 / 10.0)),
        student_weeks: shown(p.student_weeks),
        coverage: shown(p.coverage),
        lessons: format!("{}/{}", p.lessons.done, p.lessons.required),
    }
}

#[derive(Template)]
#[template(path = "labour_compliance.html")]
struct CompliancePage {
    layout: Layout,
    term: String,
    term_param: String,
    terms: Vec<(String, String, bool)>,
    scope: String,
    weeks: usize,
    first_week: String,
    today: String,
    suppressed: bool,
    min_cell: u64,
    total: Vec<(&'static str, String)>,
    labour_weeks: String,
    list: ListView,
    children: bool,
    without_list: String,
    trend: Vec<TrendRow>,
    forms: Vec<EntryForm>,
    batches: Vec<LabourBatch>,
    imported: u64,
    withdrawn: bool,
    writes: bool,
}

/// The selection of a query: `term`, `school`, `class`; a 400 naming what is expected.
fn selection(pairs: &[(String, String)]) -> Result<Selection, AppError> {
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let term = given("term")
        .map(|t| {
            Term::parse(t).ok_or_else(|| {
                AppError::bad_request(crate::msg!("lc-bad-term", v = crate::views::cut(t)))
            })
        })
        .transpose()?;
    let school = given("school")
        .map(|s| {
            SchoolCode::parse(s).map_err(|_| {
                AppError::bad_request(crate::msg!("lc-bad-school", v = crate::views::cut(s)))
            })
        })
        .transpose()?;
    Ok(Selection {
        term,
        school,
        class: given("class").map(|c| c.chars().take(40).collect()),
    })
}

/// The viewer's view of the selection.
async fn selected(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<(ComplianceView, crate::state::Here), AppError> {
    let here = state.here(viewer.district()?);
    let pass = super::pass(viewer)?;
    let sel = selection(pairs)?;
    let v = view(
        &here.store,
        super::keys(state)?,
        &pass,
        &caller(viewer),
        &sel,
        super::class::today(),
        super::settings(state),
    )
    .await
    .map_err(refusal)?;
    Ok((v, here))
}

/// The names of a class's children, opened through the store's audited named read (keys only
/// when the server holds no student keys).
async fn names(
    here: &crate::state::Here,
    viewer: &Viewer,
    v: &ComplianceView,
) -> Result<HashMap<i64, String>, AppError> {
    let Some(keys) = crate::students::keys(here) else {
        return Ok(HashMap::new());
    };
    let ids: Vec<i64> = v.students.iter().map(|s| s.student.0).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let named = here
        .store
        .named_students(keys, &ids, &viewer.actor(), &crate::students::what(viewer))
        .await?;
    Ok(named
        .into_iter()
        .map(|n| {
            let shown = if n.name.is_empty() {
                n.number_masked
            } else {
                n.name
            };
            (n.id, shown)
        })
        .collect())
}

/// `GET /labour/compliance?term=&school=&class=&q=&sort=&desc=&page=&format=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (v, here) = selected(&state, &viewer, &pairs).await?;
    let (imported, _, withdrawn) = notices(&pairs);
    let children = matches!(v.scope, Level::Class { .. });
    let columns = if children {
        CHILD_COLUMNS
    } else {
        UNIT_COLUMNS
    };
    let list = List::new(columns, pairs, &["term", "school", "class"])?;
    let rows: Vec<Row> = if children {
        let names = names(&here, &viewer, &v).await?;
        v.students
            .iter()
            .map(|s| {
                let weekly: Vec<String> = s.weekly_minutes.iter().map(u32::to_string).collect();
                Row::new(vec![
                    Value::Int(s.student.0),
                    Value::maybe(names.get(&s.student.0).cloned()),
                    Value::Int(i64::from(s.minimum)),
                    Value::text(weekly.join(" / ")),
                    Value::text(format!("{}/{}", s.weeks_met, v.weeks.len())),
                    yes_no(s.meets),
                    share(s.coverage),
                ])
                .class(5, if s.meets { "pass" } else { "fail" })
                .link(format!("/labour/students/{}", s.student.0))
            })
            .collect()
    } else {
        v.rows.iter().map(|r| unit_row(r, v.term)).collect()
    };
    let who = caller(&viewer);
    let pass = super::pass(&viewer)?;
    let writes = is_admin(&viewer) || viewer.user.role == junheng_store::Role::School;
    let forms = if writes {
        entry_forms(&[Kind::Weeks], pass.school())
    } else {
        Vec::new()
    };
    let batches = batches(&here.store, &who, &Kind::COMPLIANCE).await?;
    let scope = match &v.scope {
        Level::District => String::new(),
        Level::School { school } => school.to_string(),
        Level::Class { class } => format!("{} {}", class.school, class.class),
    };
    let name = format!("劳动教育达标-{}", Term::id(v.term));
    let t = &v.total;
    let mut total = vec![
        ("lc-students", cell(t.students).shown()),
        ("lc-meeting", cell(t.meeting[0]).shown()),
        ("lc-meeting-share", meeting_share(t).shown()),
        ("lc-covered", cell(t.covered[0]).shown()),
        ("lc-lessons", quota(t.lessons).shown()),
    ];
    if let Some(tally) = &t.tally {
        total.push(("lc-student-weeks", share(tally.student_weeks).shown()));
        total.push((
            "lc-mean-minutes",
            tally
                .mean_weekly_minutes()
                .map_or_else(String::new, |m| m.to_string()),
        ));
    }
    let term_param = Term::id(v.term);
    list.respond(&rows, &name, "达标情况", |list| {
        render(&CompliancePage {
            layout: Layout::new("lc-title", &viewer),
            term: v.term.to_string(),
            terms: v
                .terms
                .iter()
                .map(|t| (Term::id(*t), t.to_string(), *t == v.term))
                .collect(),
            term_param,
            scope,
            weeks: v.weeks.len(),
            first_week: v
                .weeks
                .first()
                .map_or_else(String::new, ToString::to_string),
            today: v.today.to_string(),
            suppressed: v.suppressed,
            min_cell: v.min_cell,
            total,
            labour_weeks: if matches!(v.scope, Level::District) {
                share(v.labour_weeks).shown()
            } else {
                String::new()
            },
            list,
            children,
            without_list: v
                .without_list
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
            trend: v.trend.iter().map(trend_row).collect(),
            forms,
            batches,
            imported,
            withdrawn,
            writes,
        })
    })
}

/// `GET /api/v1/labour/compliance?term=&school=&class=`: the view the page shows, as JSON
/// (children by key only).
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let (v, _) = selected(&state, &viewer, &pairs).await?;
    Ok(Json(v).into_response())
}

/// `POST /labour/compliance/import` (multipart `kind` lessons|weeks, `file`).
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    super::upload(&state, &viewer, multipart, &Kind::COMPLIANCE, BACK).await
}

/// `POST /labour/compliance/entry` (form `kind`=weeks and the 劳动周 template's cells).
pub(crate) async fn enter(
    State(state): State<AppState>,
    viewer: Member,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    super::enter_one(&state, &viewer, form, &[Kind::Weeks], BACK).await
}

/// `POST /labour/compliance/withdraw` (form `id`, `confirm`).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    super::withdraw_one(&state, &viewer, form, &Kind::COMPLIANCE).await?;
    Ok(Redirect::to("/labour/compliance?withdrawn=1").into_response())
}

/// `GET /labour/compliance/template.xlsx?kind=lessons|weeks`.
pub(crate) async fn template(
    viewer: Member,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    super::pass(&viewer)?;
    super::template_of(&viewer, &q, &Kind::COMPLIANCE)
}
