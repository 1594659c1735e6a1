//! Tasks (任务): what someone must do by a date — first the 整改 (rectification) of a 督导
//! finding or of a school's gap, later 三线 escalations and the 督导评估 board. A task names its
//! owner ([`TaskOwner`]: a person, a school, a group, a 学区 or a 责任部门), its deadline
//! (`YYYY-MM-DD`) and, optionally, the record it comes from ([`RecordRef`]). Its status moves
//! through a checked state machine ([`TaskStatus::can_become`]); every change, its creation
//! too, is a [`TaskEvent`] with who, when and a note, written in the transaction of the change
//! with its audit entry. Nothing is deleted: a wrong task is cancelled, with its reason.
//!
//! ```text
//! 待办 open ──开始──▶ 进行中 in_progress ──提交验收──▶ 待验收 submitted ──验收──▶ 已完成 done
//!                        ▲                                 │
//!                        └─────────── 退回（写明原因）───────┘
//! 待办、进行中、待验收 ──撤销（写明原因）──▶ 已撤销 cancelled
//! ```
//!
//! Who may make which change is the use-case layer's decision (`junheng_app::tasks`); the store
//! keeps the machine, the notes a change requires and the re-check a closing records.

use junheng_core::record::RecordRef;
use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};

use crate::StoreError;
#[cfg(test)]
use crate::error::word;
use crate::limits::{
    MAX_DEPARTMENT, MAX_GROUP_NAME, MAX_SCHOOL_TEXT, MAX_TASK_NOTE, MAX_USER_NAME, check_len,
    check_required,
};

mod store;

/// Where a task stands. Stored as its [`TaskStatus::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// 待办: created, not started.
    Open,
    /// 进行中: being worked on (again, after a return).
    InProgress,
    /// 待验收: submitted for acceptance.
    Submitted,
    /// 已完成: accepted (closed), with the re-check of its source.
    Done,
    /// 已撤销: cancelled, with its reason.
    Cancelled,
}

impl TaskStatus {
    /// Every status, in the order of the machine.
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Open,
        TaskStatus::InProgress,
        TaskStatus::Submitted,
        TaskStatus::Done,
        TaskStatus::Cancelled,
    ];

    /// The stable identifier, as stored and in URLs: `open`, `in_progress`, `submitted`,
    /// `done`, `cancelled`.
    pub fn id(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Submitted => "submitted",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    /// 待办 / 进行中 / 待验收 / 已完成 / 已撤销.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Open => "待办",
            TaskStatus::InProgress => "进行中",
            TaskStatus::Submitted => "待验收",
            TaskStatus::Done => "已完成",
            TaskStatus::Cancelled => "已撤销",
        }
    }

    /// The status of an [`TaskStatus::id`].
    pub fn parse(id: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|s| s.id() == id.trim())
    }

    /// Whether nothing follows (已完成, 已撤销): such a task is never overdue.
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }

    /// The statuses a task of this status may become.
    ///
    /// ```
    /// use junheng_store::TaskStatus::*;
    /// assert_eq!(Open.next(), [InProgress, Cancelled]);
    /// assert_eq!(Submitted.next(), [Done, InProgress, Cancelled]);
    /// assert!(Done.next().is_empty());
    /// ```
    pub fn next(self) -> &'static [TaskStatus] {
        use TaskStatus::*;
        match self {
            Open => &[InProgress, Cancelled],
            InProgress => &[Submitted, Cancelled],
            Submitted => &[Done, InProgress, Cancelled],
            Done | Cancelled => &[],
        }
    }

    /// Whether a task of this status may become `to`.
    pub fn can_become(self, to: TaskStatus) -> bool {
        self.next().contains(&to)
    }

    /// [`TaskStatus::can_become`] as the store refuses it: [`StoreError::Invalid`] naming task
    /// `id`, both states and what the task may become.
    ///
    /// ```
    /// use junheng_store::TaskStatus;
    /// let e = TaskStatus::Open.check_move(3, TaskStatus::Done).unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "任务 #3 当前为“待办”，不能改为“已完成”；“待办”的任务只能改为：进行中、已撤销"
    /// );
    /// ```
    pub fn check_move(self, id: i64, to: TaskStatus) -> Result<(), StoreError> {
        if self.can_become(to) {
            Ok(())
        } else {
            Err(not_allowed(id, self, to))
        }
    }
}

/// What kind of owner a task has. Stored as its [`OwnerKind::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    /// A person: a user of the district, by login name.
    User,
    /// A school, by its 学校标识码.
    School,
    /// An education group (教育集团), by name.
    Group,
    /// A 学区, by name.
    Zone,
    /// A 责任部门: a department of the bureau or of the district government (区财政局 …), by its
    /// name (free text).
    Department,
}

impl OwnerKind {
    /// Every kind.
    pub const ALL: [OwnerKind; 5] = [
        OwnerKind::User,
        OwnerKind::School,
        OwnerKind::Group,
        OwnerKind::Zone,
        OwnerKind::Department,
    ];

    /// The stable identifier: `user`, `school`, `group`, `zone`, `department`.
    pub fn id(self) -> &'static str {
        match self {
            OwnerKind::User => "user",
            OwnerKind::School => "school",
            OwnerKind::Group => "group",
            OwnerKind::Zone => "zone",
            OwnerKind::Department => "department",
        }
    }

    /// 个人 / 学校 / 教育集团 / 学区 / 责任部门.
    pub fn label(self) -> &'static str {
        match self {
            OwnerKind::User => "个人",
            OwnerKind::School => "学校",
            OwnerKind::Group => "教育集团",
            OwnerKind::Zone => "学区",
            OwnerKind::Department => "责任部门",
        }
    }

    /// The kind of an [`OwnerKind::id`] (`person` is another name of `user`).
    pub fn parse(id: &str) -> Option<OwnerKind> {
        match id.trim() {
            "person" => Some(OwnerKind::User),
            id => OwnerKind::ALL.into_iter().find(|k| k.id() == id),
        }
    }
}

/// Who must do a task: a kind and a key (a login name, a 学校标识码, a name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaskOwner {
    /// What kind of owner.
    pub kind: OwnerKind,
    /// Its key within the kind.
    pub key: String,
}

impl TaskOwner {
    /// A checked owner: the key trimmed and not empty; a school's key a 学校标识码 (10 digits);
    /// a login name without spaces; names within the store's limits (group
    /// [`MAX_GROUP_NAME`], 学区 [`MAX_SCHOOL_TEXT`], 责任部门 [`MAX_DEPARTMENT`]).
    ///
    /// ```
    /// use junheng_store::{OwnerKind, TaskOwner};
    /// let school = TaskOwner::new(OwnerKind::School, " 5001120001 ").unwrap();
    /// assert_eq!(school.key, "5001120001");
    /// assert!(TaskOwner::new(OwnerKind::School, "50011").is_err());
    /// assert!(TaskOwner::new(OwnerKind::Department, "").is_err());
    /// ```
    pub fn new(kind: OwnerKind, key: &str) -> Result<TaskOwner, StoreError> {
        let key = key.trim();
        match kind {
            OwnerKind::User => {
                check_required(key, "负责人（登录名）", MAX_USER_NAME)?;
                if key.chars().any(char::is_whitespace) {
                    return Err(StoreError::invalid("负责人的登录名不能包含空格"));
                }
            }
            OwnerKind::School => {
                SchoolCode::parse(key).map_err(|_| {
                    StoreError::Invalid(format!(
                        "负责学校应为 10 位数字的学校标识码，收到「{}」",
                        key.chars().take(40).collect::<String>()
                    ))
                })?;
            }
            OwnerKind::Group => check_required(key, "负责的教育集团", MAX_GROUP_NAME)?,
            OwnerKind::Zone => check_required(key, "负责的学区", MAX_SCHOOL_TEXT)?,
            OwnerKind::Department => check_required(key, "责任部门", MAX_DEPARTMENT)?,
        }
        Ok(TaskOwner {
            kind,
            key: key.to_owned(),
        })
    }

    /// The school, for a school's task.
    pub fn school(&self) -> Option<SchoolCode> {
        (self.kind == OwnerKind::School)
            .then(|| SchoolCode::parse(&self.key).ok())
            .flatten()
    }
}

/// A task to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewTask<'a> {
    /// 任务名称 (trimmed, not empty, at most [`MAX_TASK_TITLE`] characters).
    pub title: &'a str,
    /// 任务说明 (trimmed, at most [`MAX_TASK_DETAIL`] characters; may be empty).
    pub detail: &'a str,
    /// Who must do it (checked by [`TaskOwner::new`]).
    pub owner: &'a TaskOwner,
    /// 完成期限, `YYYY-MM-DD`.
    pub deadline: &'a str,
    /// The record it comes from, if any.
    pub source: Option<&'a RecordRef>,
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// Row id (a task's [`RecordRef`] key: `task:<id>`).
    pub id: i64,
    /// 任务名称.
    pub title: String,
    /// 任务说明.
    pub detail: String,
    /// Who must do it.
    pub owner: TaskOwner,
    /// 完成期限, `YYYY-MM-DD`.
    pub deadline: String,
    /// Where it stands.
    pub status: TaskStatus,
    /// The record it comes from.
    pub source: Option<RecordRef>,
    /// Who created it (login name).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// When its status last changed (its creation at first), RFC 3339 UTC.
    pub updated_at: String,
}

impl Task {
    /// Whether the task is overdue on `today` (`YYYY-MM-DD`): its deadline is before that day
    /// and it is neither done nor cancelled.
    pub fn is_overdue(&self, today: &str) -> bool {
        !self.status.is_final() && self.deadline.as_str() < today
    }
}

/// What a re-check of a closed task's source found. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The source no longer holds (the gap is closed).
    Resolved,
    /// The source still holds.
    StillOpen,
    /// The source cannot be checked (why is the note).
    NotCheckable,
}

/// The re-check recorded with a closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRecord {
    /// What it found.
    pub outcome: CheckOutcome,
    /// Why (a Chinese sentence; empty for a resolved source). Cut to [`MAX_TASK_NOTE`].
    pub text: String,
    /// Whether the task was closed although the source still holds (confirmed explicitly).
    pub despite: bool,
}

/// One status change of a task (its creation is the first: `from` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskEvent {
    /// Row id.
    pub id: i64,
    /// The task.
    pub task_id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who (login name).
    pub actor: String,
    /// The status before; `None` for the creation.
    pub from: Option<TaskStatus>,
    /// The status after.
    pub to: TaskStatus,
    /// The note given (a reason, what was done, an opinion).
    pub note: String,
    /// The re-check of the source, on a closing.
    pub check: Option<CheckRecord>,
}

/// A status change to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskChange<'a> {
    /// The status the caller saw: a task changed meanwhile by someone else is a
    /// [`StoreError::Conflict`], not changed again.
    pub from: TaskStatus,
    /// The status to reach.
    pub to: TaskStatus,
    /// The note (trimmed, at most [`MAX_TASK_NOTE`]); required to submit (what was done), to
    /// return a submitted task (why) and to cancel (why).
    pub note: &'a str,
    /// The re-check of the source: required to close (→ 已完成), refused otherwise.
    pub check: Option<&'a CheckRecord>,
}

/// Which tasks [`DistrictStore::tasks`] returns; the default is every task of the district.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskFilter<'a> {
    /// Only tasks owned by one of these owners (an empty slice: none).
    pub owners: Option<&'a [TaskOwner]>,
    /// Only tasks with an owner of this kind.
    pub owner_kind: Option<OwnerKind>,
    /// Only tasks of these statuses (empty: any).
    pub statuses: &'a [TaskStatus],
    /// Only tasks from this record.
    pub source: Option<&'a RecordRef>,
    /// Only tasks overdue on this day (`YYYY-MM-DD`): deadline before it, not done or
    /// cancelled.
    pub overdue_on: Option<&'a str>,
    /// Only tasks not done or cancelled whose deadline is on or before this day (overdue ones
    /// included): "due soon" is `due_by` = today + N days.
    pub due_by: Option<&'a str>,
}

/// The refusal of a change the machine does not allow, naming both states and what the task
/// may become.
fn not_allowed(id: i64, from: TaskStatus, to: TaskStatus) -> StoreError {
    let next: Vec<&str> = from.next().iter().map(|s| s.label()).collect();
    let then = if next.is_empty() {
        format!("“{}”的任务已结束，不能再改变状态", from.label())
    } else {
        format!("“{}”的任务只能改为：{}", from.label(), next.join("、"))
    };
    StoreError::Invalid(format!(
        "任务 #{id} 当前为“{}”，不能改为“{}”；{then}",
        from.label(),
        to.label()
    ))
}

/// Checks a change against the machine and the notes it requires; returns the trimmed note.
fn check_change<'a>(id: i64, change: &TaskChange<'a>) -> Result<&'a str, StoreError> {
    let note = change.note.trim();
    check_len(note, "说明", MAX_TASK_NOTE)?;
    if !change.from.can_become(change.to) {
        return Err(not_allowed(id, change.from, change.to));
    }
    let needs = match (change.from, change.to) {
        (_, TaskStatus::Cancelled) => Some("撤销任务须写明原因"),
        (TaskStatus::Submitted, TaskStatus::InProgress) => {
            Some("退回任务须写明原因（负责方据此继续整改）")
        }
        (_, TaskStatus::Submitted) => Some("提交验收须写明完成情况"),
        _ => None,
    };
    if let Some(message) = needs.filter(|_| note.is_empty()) {
        return Err(StoreError::invalid(message));
    }
    match (change.to, change.check) {
        (TaskStatus::Done, None) => Err(StoreError::invalid("关闭任务须记录对来源的复查结果")),
        (TaskStatus::Done, Some(c)) if c.despite && c.outcome != CheckOutcome::StillOpen => Err(
            StoreError::invalid("只有复查发现问题仍未解决时，才能记录“仍然关闭”"),
        ),
        (TaskStatus::Done, Some(_)) => Ok(note),
        (_, Some(_)) => Err(StoreError::invalid("只有关闭任务时才记录复查结果")),
        (_, None) => Ok(note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_machine_and_its_refusals_name_the_states() {
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.id()), Some(s));
            assert_eq!(word(&s), s.id());
            assert_eq!(s.is_final(), s.next().is_empty());
        }
        for k in OwnerKind::ALL {
            assert_eq!(OwnerKind::parse(k.id()), Some(k));
            assert_eq!(word(&k), k.id());
        }
        // `tasks` writes the final statuses out in its SQL.
        assert_eq!(
            (TaskStatus::Done.id(), TaskStatus::Cancelled.id()),
            ("done", "cancelled")
        );
        let e = not_allowed(3, TaskStatus::Open, TaskStatus::Done);
        assert_eq!(e.code(), "store.invalid");
        assert_eq!(
            e.to_string(),
            "任务 #3 当前为“待办”，不能改为“已完成”；“待办”的任务只能改为：进行中、已撤销"
        );
        let e = not_allowed(3, TaskStatus::Done, TaskStatus::InProgress);
        assert!(e.to_string().contains("已结束"), "{e}");
    }

    #[test]
    fn changes_need_their_notes_and_a_closing_its_check() {
        let change = |from, to, note, check| TaskChange {
            from,
            to,
            note,
            check,
        };
        use TaskStatus::*;
        assert!(check_change(1, &change(Open, InProgress, "", None)).is_ok());
        assert!(check_change(1, &change(InProgress, Submitted, " ", None)).is_err());
        assert!(check_change(1, &change(Submitted, InProgress, "", None)).is_err());
        assert!(check_change(1, &change(Open, Cancelled, "", None)).is_err());
        assert!(check_change(1, &change(Submitted, Done, "", None)).is_err());
        let still = CheckRecord {
            outcome: CheckOutcome::StillOpen,
            text: "仍未达标".into(),
            despite: true,
        };
        assert!(check_change(1, &change(Submitted, Done, "", Some(&still))).is_ok());
        let resolved = CheckRecord {
            outcome: CheckOutcome::Resolved,
            text: String::new(),
            despite: true,
        };
        assert!(check_change(1, &change(Submitted, Done, "", Some(&resolved))).is_err());
        assert!(check_change(1, &change(Open, InProgress, "", Some(&still))).is_err());
        let long = "字".repeat(MAX_TASK_NOTE + 1);
        assert!(check_change(1, &change(InProgress, Submitted, &long, None)).is_err());
    }
}
