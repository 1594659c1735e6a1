//! Tasks (任务): what someone must do by a date — the 整改 of 督导 findings and of schools'
//! gaps first. `GET /tasks` (the list, its XLSX/CSV, overdue rows said in words), `GET
//! /tasks/{id}` (detail, history, source, re-check, the viewer's actions, the task's evidence),
//! `GET /tasks/new` and `POST /tasks` (create; the school page's gap sentences link to a
//! prefilled form), `POST /tasks/{id}/status` (start, submit, close, return, cancel) and `GET
//! /api/v1/tasks`. Who may see and do what is `junheng_app::tasks::Who`, built here once per
//! request ([`who`]); overdue and due-soon tasks of the viewer's scope reach the inbox
//! ([`waiting`], [`inbox_items`]) and the school page ([`of_school`]).

mod form;
mod list;
mod page;

pub(crate) use form::{create, new_page};
pub(crate) use list::{json, list};
pub(crate) use page::{change_status, page};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use junheng_app::tasks::{self as app, Action, Due, Recheck, TaskError, Who};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{OwnerKind, Role, Scope, Task, TaskFilter, TaskOwner, TaskStatus};

use crate::access::Viewer;
use crate::error::AppError;
use crate::state::{AppState, Here};
use crate::views::urlencode;

/// The latest school year's statistics (its latest version), read once; `None` without any.
async fn latest_records(here: &Here) -> Result<Option<Arc<Vec<SchoolRecord>>>, AppError> {
    match here.current(None).await? {
        Some(y) => Ok(Some(here.records(y.year, y.latest_version).await?)),
        None => Ok(None),
    }
}

/// What the viewer is, for tasks: a group or zone lead's schools from the latest statistics.
pub(crate) async fn who(here: &Here, viewer: &Viewer) -> Result<Who, AppError> {
    let keep: Box<dyn Fn(&SchoolRecord) -> bool + Send> =
        match (viewer.user.role, &viewer.user.scope) {
            (Role::GroupLead, Scope::Group(g)) => {
                let g = g.clone();
                Box::new(move |r| r.group.as_deref() == Some(g.as_str()))
            }
            (Role::ZoneLead, Scope::Zone(z)) => {
                let z = z.clone();
                Box::new(move |r| r.zone.as_deref().map(str::trim) == Some(z.as_str()))
            }
            _ => return Ok(Who::of(&viewer.user, BTreeSet::new())),
        };
    let schools: BTreeSet<SchoolCode> = latest_records(here)
        .await?
        .map(|records| {
            records
                .iter()
                .filter(|r| keep(r))
                .map(|r| r.code.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(Who::of(&viewer.user, schools))
}

/// A refusal of the use-case layer as the server answers it.
pub(crate) fn refused(e: TaskError) -> AppError {
    match e {
        TaskError::Store(e) => e.into(),
        TaskError::Forbidden(_) => AppError::Forbidden,
    }
}

/// Days before a deadline that count as soon (the setting `task_due_soon_days`).
pub(crate) fn soon_days(state: &AppState) -> u32 {
    state.config.task_due_soon_days
}

/// The catalogue key of a status.
pub(crate) fn status_key(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Open => "tasks-status-open",
        TaskStatus::InProgress => "tasks-status-in-progress",
        TaskStatus::Submitted => "tasks-status-submitted",
        TaskStatus::Done => "tasks-status-done",
        TaskStatus::Cancelled => "tasks-status-cancelled",
    }
}

/// The catalogue key of an owner's kind.
pub(crate) fn owner_key(k: OwnerKind) -> &'static str {
    match k {
        OwnerKind::User => "tasks-owner-user",
        OwnerKind::School => "tasks-owner-school",
        OwnerKind::Group => "tasks-owner-group",
        OwnerKind::Zone => "tasks-owner-zone",
        OwnerKind::Department => "tasks-owner-department",
    }
}

/// The catalogue key of where a task stands against its deadline.
pub(crate) fn due_key(d: Due) -> &'static str {
    match d {
        Due::Overdue => "tasks-due-overdue",
        Due::Soon => "tasks-due-soon",
        Due::Later => "tasks-due-later",
        Due::Closed => "tasks-due-closed",
    }
}

/// The class that colours a due state (the words say it too).
fn due_class(d: Due) -> &'static str {
    match d {
        Due::Overdue => "fail",
        Due::Soon => "pending",
        Due::Later | Due::Closed => "",
    }
}

/// The catalogue key of an action's button.
pub(crate) fn action_key(a: Action) -> &'static str {
    match a {
        Action::Start => "tasks-action-start",
        Action::Submit => "tasks-action-submit",
        Action::Close => "tasks-action-close",
        Action::Reopen => "tasks-action-reopen",
        Action::Cancel => "tasks-action-cancel",
    }
}

/// The catalogue key of a re-check's outcome.
pub(crate) fn recheck_key(r: &Recheck) -> &'static str {
    match r {
        Recheck::Resolved => "tasks-recheck-resolved",
        Recheck::StillOpen(_) => "tasks-recheck-still-open",
        Recheck::NotCheckable(_) => "tasks-recheck-not-checkable",
    }
}

/// The catalogue key of a source's kind.
pub(crate) fn source_kind_key(k: RecordKind) -> &'static str {
    match k {
        RecordKind::School => "tasks-source-school",
        RecordKind::Group => "tasks-source-group",
        RecordKind::Zone => "tasks-source-zone",
        RecordKind::Finding => "tasks-source-finding",
        RecordKind::SupervisionItem => "tasks-source-supervision-item",
        RecordKind::Teacher => "tasks-source-teacher",
        RecordKind::Task => "tasks-source-task",
        RecordKind::Gap => "tasks-source-gap",
        RecordKind::Warning => "tasks-source-warning",
        RecordKind::Pairing => "tasks-source-pairing",
        RecordKind::Review => "tasks-source-review",
    }
}

/// 学校名称 by 学校标识码, of the latest statistics: how owners and sources are named.
#[derive(Default)]
pub(crate) struct Names(BTreeMap<String, String>);

impl Names {
    pub(crate) async fn of(here: &Here) -> Result<Names, AppError> {
        Ok(Names(
            latest_records(here)
                .await?
                .map(|records| {
                    records
                        .iter()
                        .map(|r| (r.code.to_string(), r.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        ))
    }

    /// A school by its code: `名称（code）`, or the code alone.
    fn school(&self, code: &str) -> String {
        match self.0.get(code) {
            Some(name) => format!("{name}（{code}）"),
            None => code.to_owned(),
        }
    }

    /// The owner as data: a school with its name, anyone else by its key.
    pub(crate) fn owner(&self, owner: &TaskOwner) -> String {
        match owner.kind {
            OwnerKind::School => self.school(&owner.key),
            _ => owner.key.clone(),
        }
    }

    /// The source's key as data: a gap's school with its name.
    fn source(&self, source: &RecordRef) -> String {
        match source.kind {
            RecordKind::Gap => match source.key.split_once('/') {
                Some((code, indicator)) => format!("{} / {indicator}", self.school(code)),
                None => source.key.clone(),
            },
            RecordKind::School => self.school(&source.key),
            _ => source.key.clone(),
        }
    }
}

/// Where a source is shown, if it has a page.
pub(crate) fn source_href(source: &RecordRef) -> Option<String> {
    match source.kind {
        RecordKind::Gap => {
            let code = source.key.split_once('/')?.0;
            Some(format!("/schools/{}", urlencode(code)))
        }
        RecordKind::School => Some(format!("/schools/{}", urlencode(&source.key))),
        RecordKind::Group => Some(format!("/groups/{}", urlencode(&source.key))),
        RecordKind::Task => Some(format!("/tasks/{}", urlencode(&source.key))),
        RecordKind::Finding => Some(format!("/supervision/findings/{}", urlencode(&source.key))),
        // A 督导评估 gap (`学年/指标[/单位]`): the item's page of that year.
        RecordKind::SupervisionItem => {
            let gap = junheng_app::board::ItemGap::parse(&source.key).ok()?;
            Some(if gap.item == junheng_app::board::RESOURCES {
                format!("/inspection?year={}", gap.year)
            } else {
                format!(
                    "/inspection/items/{}?year={}",
                    urlencode(&gap.item),
                    gap.year
                )
            })
        }
        _ => None,
    }
}

/// The prefilled form that raises a task from a school's gap on an indicator.
pub(crate) fn new_from_gap_href(code: &SchoolCode, indicator: &str) -> String {
    format!(
        "/tasks/new?source_kind=gap&source_key={}&owner_kind=school&owner_key={code}",
        urlencode(&format!("{code}/{indicator}"))
    )
}

/// Whether the viewer may raise tasks (administrators and supervisors of the district).
pub(crate) fn may_raise(viewer: &Viewer) -> bool {
    matches!(
        (viewer.user.role, &viewer.user.scope),
        (Role::Admin | Role::Supervisor, Scope::District)
    )
}

/// The overdue and due-soon tasks of the viewer's scope (none for a viewer without a district
/// or who only reads).
async fn attention(state: &AppState, viewer: &Viewer) -> Result<Vec<Task>, AppError> {
    let Some(district) = viewer.district.as_ref() else {
        return Ok(Vec::new());
    };
    let here = state.here(district);
    let who = who(&here, viewer).await?;
    if who.standing == app::Standing::Reader {
        return Ok(Vec::new());
    }
    let today = app::beijing_today();
    Ok(app::attention(&here.store, &who, &today, soon_days(state)).await?)
}

/// How many tasks wait for the viewer (the header's inbox count).
pub(crate) async fn waiting(state: &AppState, viewer: &Viewer) -> Result<i64, AppError> {
    Ok(attention(state, viewer).await?.len() as i64)
}

/// The inbox's items of tasks: (what, the task as data, link).
pub(crate) async fn inbox_items(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<(&'static str, String, String)>, AppError> {
    let today = app::beijing_today();
    Ok(attention(state, viewer)
        .await?
        .into_iter()
        .map(|t| {
            let what = if t.is_overdue(&today) {
                "tasks-inbox-overdue"
            } else {
                "tasks-inbox-due-soon"
            };
            let detail = format!("#{} {}（{}）", t.id, t.title, t.deadline);
            (what, detail, format!("/tasks/{}", t.id))
        })
        .collect())
}

/// A task as the school page lists it.
pub(crate) struct SchoolTask {
    pub href: String,
    pub id: i64,
    /// Data.
    pub title: String,
    pub deadline: String,
    pub status: &'static str,
    pub due: &'static str,
    pub class: &'static str,
}

/// The unfinished tasks of school `code` the viewer sees (owned by the school, or raised from
/// one of its gaps), overdue first.
pub(crate) async fn of_school(
    here: &Here,
    viewer: &Viewer,
    code: &SchoolCode,
) -> Result<Vec<SchoolTask>, AppError> {
    let who = who(here, viewer).await?;
    let unfinished = [
        TaskStatus::Open,
        TaskStatus::InProgress,
        TaskStatus::Submitted,
    ];
    let tasks = here
        .store
        .tasks(&TaskFilter {
            statuses: &unfinished,
            ..TaskFilter::default()
        })
        .await?;
    let today = app::beijing_today();
    let gap_prefix = format!("{code}/");
    let mut rows: Vec<(Due, SchoolTask)> = tasks
        .into_iter()
        .filter(|t| {
            t.owner.school().as_ref() == Some(code)
                || t.source
                    .as_ref()
                    .is_some_and(|s| s.kind == RecordKind::Gap && s.key.starts_with(&gap_prefix))
        })
        .filter(|t| who.sees(t))
        .map(|t| {
            let due = app::due(&t, &today, soon_days(here));
            let row = SchoolTask {
                href: format!("/tasks/{}", t.id),
                id: t.id,
                title: t.title,
                deadline: t.deadline,
                status: status_key(t.status),
                due: due_key(due),
                class: due_class(due),
            };
            (due, row)
        })
        .collect();
    rows.sort_by_key(|(due, row)| (*due != Due::Overdue, row.deadline.clone()));
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each key says in Chinese what the other layers' labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for s in TaskStatus::ALL {
            assert_eq!(Lang::Zh.t(status_key(s)), s.label());
        }
        for k in OwnerKind::ALL {
            assert_eq!(Lang::Zh.t(owner_key(k)), k.label());
        }
        for d in [Due::Overdue, Due::Soon, Due::Later, Due::Closed] {
            assert_eq!(Lang::Zh.t(due_key(d)), d.label());
        }
        for a in Action::ALL {
            assert_eq!(Lang::Zh.t(action_key(a)), a.label());
        }
        for r in [
            Recheck::Resolved,
            Recheck::StillOpen(String::new()),
            Recheck::NotCheckable(String::new()),
        ] {
            assert_eq!(Lang::Zh.t(recheck_key(&r)), r.label());
        }
        for k in RecordKind::ALL {
            assert_eq!(Lang::Zh.t(source_kind_key(k)), k.label());
        }
    }
}
