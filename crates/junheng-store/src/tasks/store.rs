//! The tasks' tables (`tasks`, `task_events`, migration 0014): rows read back, and the
//! district's reads and writes — each write in one transaction with its event and its audit
//! entry.

use junheng_core::record::RecordRef;
use sqlx::AssertSqlSafe;

use super::{
    CheckRecord, NewTask, Task, TaskChange, TaskEvent, TaskFilter, TaskOwner, TaskStatus,
    check_change, not_allowed,
};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{parse_word, word};
use crate::limits::{
    MAX_TASK_DETAIL, MAX_TASK_NOTE, MAX_TASK_TITLE, check_actor, check_len, check_required,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

struct TaskRow {
    id: i64,
    title: String,
    detail: String,
    owner_kind: String,
    owner_key: String,
    deadline: String,
    status: String,
    source_kind: Option<String>,
    source_key: Option<String>,
    created_by: String,
    created_at: String,
    updated_at: String,
}
from_row!(TaskRow {
    id,
    title,
    detail,
    owner_kind,
    owner_key,
    deadline,
    status,
    source_kind,
    source_key,
    created_by,
    created_at,
    updated_at
});

struct EventRow {
    id: i64,
    task_id: i64,
    at: String,
    actor: String,
    from_status: Option<String>,
    to_status: String,
    note: String,
    check_outcome: Option<String>,
    check_note: Option<String>,
    despite: i32,
}
from_row!(EventRow {
    id,
    task_id,
    at,
    actor,
    from_status,
    to_status,
    note,
    check_outcome,
    check_note,
    despite
});

const T: &str = "tasks";
const COLUMNS: &str = "id, title, detail, owner_kind, owner_key, deadline, status, source_kind, \
                       source_key, created_by, created_at, updated_at";
const EVENT_COLUMNS: &str =
    "id, task_id, at, actor, from_status, to_status, note, check_outcome, check_note, despite";

impl TryFrom<TaskRow> for Task {
    type Error = StoreError;

    fn try_from(r: TaskRow) -> Result<Self, StoreError> {
        let corrupt = |column| StoreError::Corrupt { table: T, column };
        let source = match (r.source_kind, r.source_key) {
            (Some(kind), Some(key)) => {
                Some(RecordRef::parse(&kind, &key).map_err(|_| corrupt("source_kind"))?)
            }
            _ => None,
        };
        Ok(Task {
            id: r.id,
            title: r.title,
            detail: r.detail,
            owner: TaskOwner {
                kind: parse_word(&r.owner_kind, T, "owner_kind")?,
                key: r.owner_key,
            },
            deadline: r.deadline,
            status: parse_word(&r.status, T, "status")?,
            source,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl TryFrom<EventRow> for TaskEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<Self, StoreError> {
        const E: &str = "task_events";
        let check = match r.check_outcome {
            Some(outcome) => Some(CheckRecord {
                outcome: parse_word(&outcome, E, "check_outcome")?,
                text: r.check_note.unwrap_or_default(),
                despite: r.despite != 0,
            }),
            None => None,
        };
        Ok(TaskEvent {
            id: r.id,
            task_id: r.task_id,
            at: r.at,
            actor: r.actor,
            from: r
                .from_status
                .as_deref()
                .map(|s| parse_word(s, E, "from_status"))
                .transpose()?,
            to: parse_word(&r.to_status, E, "to_status")?,
            note: r.note,
            check,
        })
    }
}

impl DistrictStore {
    /// Creates a task (待办) and its first event, in one transaction with its audit entry.
    ///
    /// [`StoreError::Invalid`] (nothing written) for an empty or too long title, a too long
    /// detail, a deadline that is not a real `YYYY-MM-DD` day, a bad owner ([`TaskOwner::new`])
    /// or a source key longer than [`junheng_core::record::MAX_RECORD_KEY`].
    pub async fn create_task(&self, new: &NewTask<'_>, actor: &Actor) -> Result<Task, StoreError> {
        check_actor(actor)?;
        let title = new.title.trim();
        let detail = new.detail.trim();
        check_required(title, "任务名称", MAX_TASK_TITLE)?;
        check_len(detail, "任务说明", MAX_TASK_DETAIL)?;
        let deadline = new.deadline.trim();
        if !is_date(deadline) {
            return Err(StoreError::Invalid(format!(
                "完成期限应为实际存在的日期，写作 YYYY-MM-DD（如 2026-06-30），收到「{}」",
                deadline.chars().take(40).collect::<String>()
            )));
        }
        let owner = TaskOwner::new(new.owner.kind, &new.owner.key)?;
        let source = new
            .source
            .map(|s| RecordRef::new(s.kind, &s.key))
            .transpose()
            .map_err(|e| StoreError::Invalid(format!("任务来源有误：{e}")))?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO tasks (district_id, title, detail, owner_kind, owner_key, deadline, \
                 status, source_kind, source_key, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
            )
            .bind(self.id)
            .bind(title)
            .bind(detail)
            .bind(owner.kind.id())
            .bind(&owner.key)
            .bind(deadline)
            .bind(TaskStatus::Open.id())
            .bind(source.as_ref().map(|s| s.kind.id()))
            .bind(source.as_ref().map(|s| s.key.as_str()))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO task_events (task_id, at, actor, from_status, to_status, note, \
                 despite) VALUES ($1, $2, $3, NULL, $4, '', 0)",
            )
            .bind(id)
            .bind(&at)
            .bind(&actor.name)
            .bind(TaskStatus::Open.id())
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::TASK_CREATE,
                format!("task:{id}"),
                format!(
                    "owner={}:{} deadline={deadline}{}",
                    owner.kind.id(),
                    owner.key,
                    source
                        .as_ref()
                        .map_or_else(String::new, |s| format!(" source={s}"))
                )
            )?;
            tx.commit().await?;
            id
        });
        self.task(id)
            .await?
            .ok_or(StoreError::NotFound("刚创建的任务"))
    }

    /// Task `id` of the district, if there is one.
    pub async fn task(&self, id: i64) -> Result<Option<Task>, StoreError> {
        let row: Option<TaskRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM tasks WHERE id = $1 AND district_id = $2"
            )))
            .bind(id)
            .bind(self.id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Task::try_from).transpose()
    }

    /// The district's tasks that `filter` selects, by deadline then id.
    pub async fn tasks(&self, filter: &TaskFilter<'_>) -> Result<Vec<Task>, StoreError> {
        if filter.owners.is_some_and(<[TaskOwner]>::is_empty) {
            return Ok(Vec::new());
        }
        // Every value but the district is text: the SQL names them $2, $3… in order.
        let mut binds: Vec<String> = Vec::new();
        let mut arg = |value: &str| {
            binds.push(value.to_owned());
            format!("${}", binds.len() + 1)
        };
        let mut sql = format!("SELECT {COLUMNS} FROM tasks WHERE district_id = $1");
        if let Some(owners) = filter.owners {
            let alternatives: Vec<String> = owners
                .iter()
                .map(|o| {
                    format!(
                        "(owner_kind = {} AND owner_key = {})",
                        arg(o.kind.id()),
                        arg(&o.key)
                    )
                })
                .collect();
            sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
        }
        if let Some(kind) = filter.owner_kind {
            sql.push_str(&format!(" AND owner_kind = {}", arg(kind.id())));
        }
        if !filter.statuses.is_empty() {
            let ids: Vec<String> = filter.statuses.iter().map(|s| arg(s.id())).collect();
            sql.push_str(&format!(" AND status IN ({})", ids.join(", ")));
        }
        if let Some(source) = filter.source {
            sql.push_str(&format!(
                " AND source_kind = {} AND source_key = {}",
                arg(source.kind.id()),
                arg(&source.key)
            ));
        }
        // Final statuses are written out: they are this program's own words, never input.
        let open = "status NOT IN ('done', 'cancelled')";
        if let Some(day) = filter.overdue_on {
            sql.push_str(&format!(" AND {open} AND deadline < {}", arg(day)));
        }
        if let Some(day) = filter.due_by {
            sql.push_str(&format!(" AND {open} AND deadline <= {}", arg(day)));
        }
        sql.push_str(" ORDER BY deadline, id");
        let rows: Vec<TaskRow> = with_pool!(&self.pool, |pool| {
            let mut query = sqlx::query_as(AssertSqlSafe(sql.clone())).bind(self.id);
            for value in &binds {
                query = query.bind(value.as_str());
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter().map(Task::try_from).collect()
    }

    /// The events of task `id`, oldest first (empty for a task of another district).
    pub async fn task_events(&self, id: i64) -> Result<Vec<TaskEvent>, StoreError> {
        let rows: Vec<EventRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {EVENT_COLUMNS} FROM task_events WHERE task_id = $1 AND task_id IN \
                 (SELECT id FROM tasks WHERE district_id = $2) ORDER BY id"
            )))
            .bind(id)
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(TaskEvent::try_from).collect()
    }

    /// Changes task `id`'s status as `change` says and records the event (with the re-check on
    /// a closing), in one transaction with its audit entry; returns the task as it now is.
    ///
    /// [`StoreError::Invalid`] (in Chinese, naming both states and what the task may become)
    /// for a change the machine does not allow, a missing required note, a closing without its
    /// re-check; [`StoreError::Conflict`] when the task is no longer in `change.from` (changed
    /// meanwhile); [`StoreError::NotFound`] for a task of no row of this district.
    pub async fn transition_task(
        &self,
        id: i64,
        change: &TaskChange<'_>,
        actor: &Actor,
    ) -> Result<Task, StoreError> {
        check_actor(actor)?;
        let current = self.task(id).await?.ok_or(StoreError::NotFound("该任务"))?;
        if current.status != change.from {
            // Someone changed it meanwhile: done already (a second click) or still possible is a
            // conflict; for anything else the machine speaks for the stored status.
            if current.status != change.to && !current.status.can_become(change.to) {
                return Err(not_allowed(id, current.status, change.to));
            }
            return Err(changed_meanwhile(id, current.status));
        }
        let note = check_change(id, change)?;
        let check = change.check.map(|c| CheckRecord {
            outcome: c.outcome,
            text: crate::limits::cut(c.text.trim(), MAX_TASK_NOTE).into_owned(),
            despite: c.despite,
        });
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE tasks SET status = $1, updated_at = $2 \
                 WHERE id = $3 AND district_id = $4 AND status = $5",
            )
            .bind(change.to.id())
            .bind(&at)
            .bind(id)
            .bind(self.id)
            .bind(change.from.id())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!(
                    "任务 #{id} 的状态已被他人改变，请刷新后重试"
                )));
            }
            sqlx::query(
                "INSERT INTO task_events (task_id, at, actor, from_status, to_status, note, \
                 check_outcome, check_note, despite) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(&at)
            .bind(&actor.name)
            .bind(change.from.id())
            .bind(change.to.id())
            .bind(note)
            .bind(check.as_ref().map(|c| word(&c.outcome)))
            .bind(check.as_ref().map(|c| c.text.as_str()))
            .bind(i32::from(check.as_ref().is_some_and(|c| c.despite)))
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::TASK_STATUS,
                format!("task:{id}"),
                format!(
                    "from={} to={}{}",
                    change.from.id(),
                    change.to.id(),
                    check.as_ref().map_or_else(String::new, |c| format!(
                        " check={}{}",
                        word(&c.outcome),
                        if c.despite { " despite=1" } else { "" }
                    ))
                )
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.task(id).await?.ok_or(StoreError::NotFound("该任务"))
    }
}

/// The refusal of a change to a task someone else changed since the caller read it.
fn changed_meanwhile(id: i64, now: TaskStatus) -> StoreError {
    StoreError::Conflict(format!(
        "任务 #{id} 已被他人改为“{}”，请刷新后重试",
        now.label()
    ))
}
