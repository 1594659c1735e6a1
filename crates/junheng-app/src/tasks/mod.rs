//! Tasks (任务): one model for everything that must be done by someone by a date — now the 整改
//! of 督导 findings and of schools' gaps, later 三线 escalations and the 督导评估 board.
//!
//! - **Raising a task from its source** (what a later capability calls): [`create`] with a
//!   [`NewTask`] whose `source` is the [`RecordRef`] that raised it (a finding, a gap
//!   `学校标识码/indicator-id`, a warning), under the [`Who`] that raises it; [`raised_from`]
//!   lists the unfinished tasks already raised from a record.
//! - **Who may do what**: [`Who`] (see [`who`]); every operation here checks it.
//! - **Changes**: [`act`] with an [`Action`]; closing (验收关闭) re-checks the source
//!   ([`recheck()`]) and records the result in the closing event — a source still open needs an
//!   explicit confirmation (`confirm`), and the event records that the task was closed despite it.
//! - **Dates**: a task is overdue when its deadline is before today's Beijing date
//!   ([`beijing_today`]) and it is neither done nor cancelled; due soon within
//!   [`DEFAULT_DUE_SOON_DAYS`] days (a setting of the server) — see [`Due`].
//!
//! Evidence (佐证材料) attaches to a task as `RecordRef { kind: Task, key: id }`.

mod counts;
mod recheck;
pub mod who;

pub use counts::{TaskCounts, counts};
pub use recheck::{GapKey, Recheck, gap_status, recheck};
pub use who::{Action, Standing, Who, group_schools, zone_schools};

use std::time::SystemTime;

use junheng_core::date::{civil_from_days, days_from_civil};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_store::{
    DistrictStore, NewTask, OwnerKind, StoreError, Task, TaskChange, TaskEvent, TaskFilter,
    TaskOwner, TaskStatus,
};

/// Days before its deadline a task counts as due soon, unless the server's settings say
/// otherwise.
pub const DEFAULT_DUE_SOON_DAYS: u32 = 7;

/// The rulebook a gap is re-checked under (the one pages show by default).
pub const DEFAULT_RULEBOOK: &str = "cn-2017";

/// Why a task operation failed: the store's refusal (invalid input, a change the machine does
/// not allow, a task that does not exist…), or the viewer's standing.
#[derive(Debug)]
pub enum TaskError {
    /// The store refused (its code and Chinese message).
    Store(StoreError),
    /// The viewer may not do this (a Chinese message saying who may).
    Forbidden(String),
}

impl TaskError {
    /// Stable code: the store's, or `task.forbidden`.
    pub fn code(&self) -> &'static str {
        match self {
            TaskError::Store(e) => e.code(),
            TaskError::Forbidden(_) => "task.forbidden",
        }
    }
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskError::Store(e) => e.fmt(f),
            TaskError::Forbidden(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for TaskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TaskError::Store(e) => Some(e),
            TaskError::Forbidden(_) => None,
        }
    }
}

impl From<StoreError> for TaskError {
    fn from(e: StoreError) -> Self {
        TaskError::Store(e)
    }
}

/// Today's date in Beijing (`YYYY-MM-DD`): the day deadlines are measured against.
pub fn beijing_today() -> String {
    beijing_date(SystemTime::now())
}

/// The Beijing date (UTC+8) of a time, `YYYY-MM-DD`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use junheng_app::tasks::beijing_date;
/// // 2026-12-31 16:30 UTC is already 2027-01-01 in Beijing.
/// assert_eq!(beijing_date(UNIX_EPOCH + Duration::from_secs(1_798_734_600)), "2027-01-01");
/// ```
pub fn beijing_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, d) = civil_from_days((secs + 8 * 3600).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `date` (`YYYY-MM-DD`) moved by `days`; `None` for text that is not such a date.
///
/// ```
/// use junheng_app::tasks::add_days;
/// assert_eq!(add_days("2026-02-25", 7).as_deref(), Some("2026-03-04"));
/// assert_eq!(add_days("2026-13-01", 1), None);
/// ```
pub fn add_days(date: &str, days: i64) -> Option<String> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: u32 = date.get(5..7)?.parse().ok()?;
    let d: u32 = date.get(8..10)?.parse().ok()?;
    if !junheng_core::date::is_real_day(y, m, d) {
        return None;
    }
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Where a task stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Due {
    /// Past its deadline, not done or cancelled.
    Overdue,
    /// Due within the coming days (today included).
    Soon,
    /// Due later.
    Later,
    /// Done or cancelled.
    Closed,
}

impl Due {
    /// 已逾期 / 即将到期 / 未到期 / 已结束.
    pub fn label(self) -> &'static str {
        match self {
            Due::Overdue => "已逾期",
            Due::Soon => "即将到期",
            Due::Later => "未到期",
            Due::Closed => "已结束",
        }
    }

    /// Whether it calls for attention (the inbox): overdue or due soon.
    pub fn needs_attention(self) -> bool {
        matches!(self, Due::Overdue | Due::Soon)
    }
}

/// Where `task` stands on `today` when tasks are due soon within `soon_days` days.
///
/// ```
/// use junheng_app::tasks::{Due, due};
/// use junheng_store::{OwnerKind, Task, TaskOwner, TaskStatus};
/// let task = Task {
///     id: 1,
///     title: "补足骨干教师".into(),
///     detail: String::new(),
///     owner: TaskOwner::new(OwnerKind::School, "5001120001").unwrap(),
///     deadline: "2026-03-01".into(),
///     status: TaskStatus::Open,
///     source: None,
///     created_by: "dux".into(),
///     created_at: String::new(),
///     updated_at: String::new(),
/// };
/// assert_eq!(due(&task, "2026-03-02", 7), Due::Overdue);
/// assert_eq!(due(&task, "2026-03-01", 7), Due::Soon);
/// assert_eq!(due(&task, "2026-02-22", 7), Due::Soon);
/// assert_eq!(due(&task, "2026-02-21", 7), Due::Later);
/// ```
pub fn due(task: &Task, today: &str, soon_days: u32) -> Due {
    if task.status.is_final() {
        return Due::Closed;
    }
    if task.is_overdue(today) {
        return Due::Overdue;
    }
    let until = add_days(today, i64::from(soon_days)).unwrap_or_default();
    if task.deadline <= until {
        Due::Soon
    } else {
        Due::Later
    }
}

/// A task as a form or the command line gives it: every field as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskInput<'a> {
    /// 任务名称.
    pub title: &'a str,
    /// 任务说明.
    pub detail: &'a str,
    /// `user` (`person`), `school`, `group`, `zone` or `department`.
    pub owner_kind: &'a str,
    /// The owner's login name, 学校标识码 or name.
    pub owner_key: &'a str,
    /// `YYYY-MM-DD`.
    pub deadline: &'a str,
    /// The source's kind (`gap`, `finding`…), empty for none.
    pub source_kind: &'a str,
    /// The source's key.
    pub source_key: &'a str,
}

impl TaskInput<'_> {
    /// The owner and the source, checked (Chinese messages naming the field).
    pub fn read(&self) -> Result<(TaskOwner, Option<RecordRef>), StoreError> {
        let kind = OwnerKind::parse(self.owner_kind).ok_or_else(|| {
            StoreError::Invalid(format!(
                "负责方类型应为 user（个人）、school（学校）、group（教育集团）、zone（学区）或 \
                 department（责任部门），收到「{}」",
                self.owner_kind.chars().take(40).collect::<String>()
            ))
        })?;
        let owner = TaskOwner::new(kind, self.owner_key)?;
        let source = match (self.source_kind.trim(), self.source_key.trim()) {
            ("", "") => None,
            (kind, key) => Some(
                RecordRef::parse(kind, key)
                    .map_err(|e| StoreError::Invalid(format!("任务来源有误：{e}")))?,
            ),
        };
        Ok((owner, source))
    }
}

/// Creates a task from a form or the command line ([`TaskInput::read`], then [`create`]).
pub async fn create_from(
    store: &DistrictStore,
    who: &Who,
    input: &TaskInput<'_>,
) -> Result<Task, TaskError> {
    let (owner, source) = input.read()?;
    create(
        store,
        who,
        &NewTask {
            title: input.title,
            detail: input.detail,
            owner: &owner,
            deadline: input.deadline,
            source: source.as_ref(),
        },
    )
    .await
}

/// Creates a task (待办) as `who`: raises it from its source when `new.source` is given.
///
/// Checks who may ([`Who::check_create`]); that a school owner is a school of the latest
/// statistics and a group owner a group of them (or a saved group); that a gap source is
/// written `学校标识码/indicator-id`. Then the store checks the texts, the deadline and the
/// owner's shape, and writes the task, its first event and its audit entry at once.
pub async fn create(
    store: &DistrictStore,
    who: &Who,
    new: &NewTask<'_>,
) -> Result<Task, TaskError> {
    who.check_create(new.source)?;
    let owner = TaskOwner::new(new.owner.kind, &new.owner.key)?;
    match owner.kind {
        OwnerKind::School => {
            let code = owner.school().ok_or(StoreError::NotFound("该学校"))?;
            if !store.has_school(&code).await? {
                return Err(StoreError::Invalid(format!(
                    "最新学年的统计数据中没有学校 {code}，请核对负责学校的学校标识码"
                ))
                .into());
            }
        }
        OwnerKind::Group => {
            let saved = store.groups().await?.iter().any(|g| g.name == owner.key);
            if !saved && group_schools(store, &owner.key).await?.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "没有名为“{}”的教育集团",
                    owner.key.chars().take(40).collect::<String>()
                ))
                .into());
            }
        }
        OwnerKind::User | OwnerKind::Zone | OwnerKind::Department => {}
    }
    match new.source {
        Some(s) if s.kind == RecordKind::Gap => {
            GapKey::parse(&s.key).map_err(StoreError::Invalid)?;
        }
        Some(s) if s.kind == RecordKind::SupervisionItem => {
            crate::board::ItemGap::parse(&s.key).map_err(StoreError::Invalid)?;
        }
        _ => {}
    }
    Ok(store.create_task(new, &who.actor()).await?)
}

/// The unfinished tasks raised from `source` (to show, or to avoid raising twice).
pub async fn raised_from(
    store: &DistrictStore,
    source: &RecordRef,
) -> Result<Vec<Task>, StoreError> {
    store
        .tasks(&TaskFilter {
            source: Some(source),
            statuses: &[
                TaskStatus::Open,
                TaskStatus::InProgress,
                TaskStatus::Submitted,
            ],
            ..TaskFilter::default()
        })
        .await
}

/// The tasks `filter` selects that `who` may see.
pub async fn list(
    store: &DistrictStore,
    who: &Who,
    filter: &TaskFilter<'_>,
) -> Result<Vec<Task>, StoreError> {
    let scope = who.owners();
    let asked = filter.owners;
    let mut tasks = store
        .tasks(&TaskFilter {
            owners: scope.as_deref().or(asked),
            ..*filter
        })
        .await?;
    if let (Some(_), Some(asked)) = (&scope, asked) {
        tasks.retain(|t| asked.contains(&t.owner));
    }
    Ok(tasks)
}

/// The tasks of `who`'s scope that call for attention on `today`: overdue, or due within
/// `soon_days` days.
pub async fn attention(
    store: &DistrictStore,
    who: &Who,
    today: &str,
    soon_days: u32,
) -> Result<Vec<Task>, StoreError> {
    let until = add_days(today, i64::from(soon_days))
        .ok_or_else(|| StoreError::Invalid(format!("日期有误：{today}")))?;
    list(
        store,
        who,
        &TaskFilter {
            due_by: Some(&until),
            ..TaskFilter::default()
        },
    )
    .await
}

/// Task `id` with its events, if `who` may see it: [`StoreError::NotFound`] for no task of the
/// district, [`TaskError::Forbidden`] for one outside their scope.
pub async fn get(
    store: &DistrictStore,
    who: &Who,
    id: i64,
) -> Result<(Task, Vec<TaskEvent>), TaskError> {
    let task = store
        .task(id)
        .await?
        .ok_or(StoreError::NotFound("该任务"))?;
    if !who.sees(&task) {
        return Err(TaskError::Forbidden("该任务不在您的范围内".into()));
    }
    let events = store.task_events(id).await?;
    Ok((task, events))
}

/// What [`act`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    /// The task changed (as it now is); on a closing, with the re-check recorded.
    Changed(Task, Option<Recheck>),
    /// Nothing changed: closing needs a confirmation, the re-check finding the source still
    /// open.
    NeedsConfirmation(Task, Recheck),
}

/// Makes `action` on task `id` as `who`, with `note` (required to submit, return and cancel).
///
/// Closing re-checks the source first: a source still open closes only with `confirm` (the
/// closing event records "closed despite"); without it nothing is written and
/// [`Acted::NeedsConfirmation`] says why. Refusals: [`TaskError::Forbidden`] when their standing
/// never allows the action on this task, the store's [`StoreError::Invalid`] (in Chinese, naming
/// the states) when the task's status does not allow it.
pub async fn act(
    store: &DistrictStore,
    who: &Who,
    id: i64,
    action: Action,
    note: &str,
    confirm: bool,
) -> Result<Acted, TaskError> {
    let (task, _) = get(store, who, id).await?;
    if !who.may_ever(&task, action) {
        return Err(TaskError::Forbidden(format!(
            "您不能对任务 #{id} 执行“{}”",
            action.label()
        )));
    }
    let wrong_step = match action {
        Action::Start => task.status != TaskStatus::Open,
        Action::Reopen => task.status != TaskStatus::Submitted,
        _ => false,
    };
    if wrong_step {
        // Start and return reach the same status from different ones: name what is expected.
        let from = if action == Action::Start {
            TaskStatus::Open
        } else {
            TaskStatus::Submitted
        };
        return Err(StoreError::Invalid(format!(
            "任务 #{id} 当前为“{}”，只有“{}”的任务才能{}",
            task.status.label(),
            from.label(),
            action.label()
        ))
        .into());
    }
    task.status.check_move(id, action.to())?;
    let recheck = if action == Action::Close {
        let found = recheck(store, task.source.as_ref()).await?;
        if matches!(found, Recheck::StillOpen(_)) && !confirm {
            return Ok(Acted::NeedsConfirmation(task, found));
        }
        Some(found)
    } else {
        None
    };
    let record = recheck.as_ref().map(|r| r.record(confirm));
    let changed = store
        .transition_task(
            id,
            &TaskChange {
                from: task.status,
                to: action.to(),
                note,
                check: record.as_ref(),
            },
            &who.actor(),
        )
        .await?;
    Ok(Acted::Changed(changed, recheck))
}

#[cfg(test)]
mod tests;
