//! A school submits its own data for review; an administrator approves (a new version of the
//! year with that school's row replaced) or rejects it. Both steps are audited by the store.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::school::{SchoolCode, school_year};
use junheng_io::school::read_bytes;
use junheng_store::Submission;
use serde::Deserialize;
use serde_json::Value;

use crate::access::{Admin, SchoolUser, Viewer};
use crate::error::AppError;
use crate::params::{Form, Multipart, Path};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

pub(crate) struct Row {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub year: String,
    pub submitted_by: String,
    pub submitted_at: String,
    pub status: &'static str,
    pub pending: bool,
    pub changes: Vec<String>,
    pub note: String,
}

fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => "待审核",
        "approved" => "已通过",
        _ => "已退回",
    }
}

/// The fields a submission changes against the stored row, as "path: old → new".
fn changes(
    old: Option<&junheng_core::school::SchoolRecord>,
    new: &junheng_core::school::SchoolRecord,
) -> Vec<String> {
    let Some(old) = old else {
        return vec!["新增学校".to_owned()];
    };
    let (a, b) = (
        serde_json::to_value(old).unwrap_or(Value::Null),
        serde_json::to_value(new).unwrap_or(Value::Null),
    );
    let mut out = Vec::new();
    diff("", &a, &b, &mut out);
    if out.is_empty() {
        out.push("与现有数据相同".to_owned());
    }
    out
}

fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(&p, x.get(k).unwrap_or(&Value::Null), v, out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} → {b}")),
        _ => {}
    }
}

async fn rows(here: &Here, list: Vec<Submission>) -> Result<Vec<Row>, AppError> {
    let mut rows = Vec::with_capacity(list.len());
    for s in list {
        let stored = match here.current(Some(s.year)).await? {
            Some(y) => here.records(y.year, y.latest_version).await?,
            None => Default::default(),
        };
        let old = stored.iter().find(|r| r.code == s.school_code);
        rows.push(Row {
            id: s.id,
            code: s.school_code.to_string(),
            name: s.record.name.clone(),
            year: school_year(s.year),
            submitted_by: s.submitted_by.clone(),
            submitted_at: s.submitted_at.clone(),
            status: status_label(&s.status),
            pending: s.status == "pending",
            changes: if s.status == "pending" {
                changes(old, &s.record)
            } else {
                Vec::new()
            },
            note: s.note.clone(),
        });
    }
    Ok(rows)
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    layout: Layout,
    school: String,
    message: String,
    ok: bool,
    rows: Vec<Row>,
}

async fn submit_page(
    here: &Here,
    viewer: &Viewer,
    school: &SchoolCode,
    message: String,
    ok: bool,
) -> Result<Response, AppError> {
    let mine: Vec<Submission> = here
        .store
        .submissions(None)
        .await?
        .into_iter()
        .filter(|s| &s.school_code == school)
        .collect();
    let page = SubmitPage {
        layout: Layout::new("提交本校数据", viewer),
        school: school.to_string(),
        message,
        ok,
        rows: rows(here, mine).await?,
    };
    Ok(render(&page))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    user: SchoolUser,
) -> Result<Response, AppError> {
    let here = state.here(user.district()?);
    submit_page(&here, &user, &user.school, String::new(), false).await
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
        return submit_page(&here, viewer, school, "请选择文件".into(), false).await;
    };
    let parsed = crate::upload::parse(&here, bytes, name, read_bytes).await?;
    let records = match parsed {
        Ok(imported) => imported.records,
        Err(failure) => {
            let first: Vec<String> = failure
                .issues
                .iter()
                .take(20)
                .map(|i| i.to_string())
                .collect();
            let message = format!(
                "文件有 {} 个问题，未提交：{}",
                failure.issue_count(),
                first.join("；")
            );
            return submit_page(&here, viewer, school, message, false).await;
        }
    };
    match junheng_app::submissions::submit(&here.store, school, &records, &viewer.actor()).await {
        Ok(id) => {
            let message = format!("已提交（编号 {id}），等待区教育局审核");
            submit_page(&here, viewer, school, message, true).await
        }
        Err(e) if matches!(e.code(), "store.conflict" | "store.invalid") => {
            submit_page(&here, viewer, school, e.to_string(), false).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "submissions.html")]
struct ReviewPage {
    layout: Layout,
    rows: Vec<Row>,
}

pub(crate) async fn review(
    State(state): State<AppState>,
    viewer: Admin,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let list = here.store.submissions(None).await?;
    let page = ReviewPage {
        layout: Layout::new("审核提交", &viewer),
        rows: rows(&here, list).await?,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub(crate) struct Decision {
    decision: String,
    #[serde(default)]
    note: String,
}

pub(crate) async fn decide(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<Decision>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    junheng_app::submissions::decide(&here.store, id, &form.decision, &form.note, &viewer.actor())
        .await?;
    here.years_changed();
    Ok(Redirect::to("/submissions").into_response())
}
