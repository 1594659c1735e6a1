//! Supervisors (督学) and their assignments to a 学区 or an education group: recorded, ended
//! (never deleted), listed.

use serde::Serialize;
use sqlx::AssertSqlSafe;

use super::{UnitKind, date, login};
use crate::audit::{action, append};
use crate::dated::still_running;
use crate::district::DistrictStore;
use crate::error::parse_word;
use crate::limits::{MAX_GROUP_NAME, MAX_SCHOOL_TEXT, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::users::{UserRow, user_select};
use crate::{Actor, Role, StoreError, User};

/// A supervisor's assignment to a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// Row id.
    pub id: i64,
    /// The supervisor's login.
    pub supervisor: String,
    /// 学区 or 教育集团.
    pub unit_kind: UnitKind,
    /// The unit's name.
    pub unit_name: String,
    /// First day, `YYYY-MM-DD`.
    pub since: String,
    /// Last day, `YYYY-MM-DD`; `None` while it runs.
    pub until: Option<String>,
    /// Who recorded it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl Assignment {
    /// Whether the assignment runs on `date` (`YYYY-MM-DD`; both ends included).
    pub fn in_force(&self, date: &str) -> bool {
        self.since.as_str() <= date && self.until.as_deref().is_none_or(|u| date <= u)
    }
}

/// An assignment to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAssignment<'a> {
    /// The supervisor's login (trimmed; no spaces).
    pub supervisor: &'a str,
    /// 学区 or 教育集团.
    pub unit_kind: UnitKind,
    /// The unit's name (trimmed; a 学区 at most [`MAX_SCHOOL_TEXT`], a group at most
    /// [`MAX_GROUP_NAME`] characters).
    pub unit_name: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub since: &'a str,
}

struct AssignmentRow {
    id: i64,
    supervisor: String,
    unit_kind: String,
    unit_name: String,
    since: String,
    until: Option<String>,
    created_by: String,
    created_at: String,
}
from_row!(AssignmentRow {
    id,
    supervisor,
    unit_kind,
    unit_name,
    since,
    until,
    created_by,
    created_at
});

const ASSIGNMENT_COLUMNS: &str =
    "id, supervisor, unit_kind, unit_name, since, until, created_by, created_at";

impl TryFrom<AssignmentRow> for Assignment {
    type Error = StoreError;

    fn try_from(r: AssignmentRow) -> Result<Self, StoreError> {
        Ok(Assignment {
            id: r.id,
            supervisor: r.supervisor,
            unit_kind: parse_word(&r.unit_kind, "supervisor_assignments", "unit_kind")?,
            unit_name: r.unit_name,
            since: r.since,
            until: r.until,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

impl DistrictStore {
    /// The supervisors (督学) of the district: its users of role `supervisor`, active or not,
    /// by login.
    pub async fn supervisors(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u WHERE u.district_id = $1 AND u.role = $2 ORDER BY u.name"
            ))
            .bind(self.id)
            .bind(Role::Supervisor.id())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(User::try_from).collect()
    }

    /// Records an assignment, with its audit entry, in one transaction; returns it as stored.
    ///
    /// [`StoreError::Invalid`] (nothing written) for a bad login, an empty or too long unit
    /// name, a day that is not a real `YYYY-MM-DD`; [`StoreError::Conflict`] when the same
    /// supervisor already holds an assignment to the unit that runs on or after `since`.
    pub async fn assign_supervisor(
        &self,
        new: &NewAssignment<'_>,
        actor: &Actor,
    ) -> Result<Assignment, StoreError> {
        check_actor(actor)?;
        let supervisor = new.supervisor.trim();
        login(supervisor)?;
        let unit = new.unit_name.trim();
        match new.unit_kind {
            UnitKind::Zone => check_required(unit, "学区名称", MAX_SCHOOL_TEXT)?,
            UnitKind::Group => check_required(unit, "教育集团名称", MAX_GROUP_NAME)?,
        }
        date(new.since, "开始日期")?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let held: Option<(String,)> = sqlx::query_as(
                "SELECT since FROM supervisor_assignments WHERE district_id = $1 \
                 AND supervisor = $2 AND unit_kind = $3 AND unit_name = $4 \
                 AND (until IS NULL OR until >= $5) ORDER BY since LIMIT 1",
            )
            .bind(self.id)
            .bind(supervisor)
            .bind(new.unit_kind.id())
            .bind(unit)
            .bind(new.since)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((since,)) = held {
                return Err(StoreError::Conflict(format!(
                    "督学 {supervisor} 已负责{}“{unit}”（自 {since} 起），不能重复指派",
                    new.unit_kind.label()
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO supervisor_assignments (district_id, supervisor, unit_kind, \
                 unit_name, since, until, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(supervisor)
            .bind(new.unit_kind.id())
            .bind(unit)
            .bind(new.since)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_ASSIGN,
                format!("assignment:{id}"),
                format!(
                    "supervisor={supervisor} unit={}:{unit} since={}",
                    new.unit_kind.id(),
                    new.since
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(Assignment {
            id,
            supervisor: supervisor.to_owned(),
            unit_kind: new.unit_kind,
            unit_name: unit.to_owned(),
            since: new.since.to_owned(),
            until: None,
            created_by: actor.name.clone(),
            created_at: at,
        })
    }

    /// Sets the last day of a running assignment, with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such assignment;
    /// [`StoreError::Conflict`] when it has ended already; [`StoreError::Invalid`] for a day
    /// before its first.
    pub async fn end_assignment(
        &self,
        id: i64,
        until: &str,
        actor: &Actor,
    ) -> Result<Assignment, StoreError> {
        check_actor(actor)?;
        date(until, "结束日期")?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT since, until FROM supervisor_assignments \
                 WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let since = still_running(found, "该督学指派")?;
            if until < since.as_str() {
                return Err(StoreError::Invalid(format!(
                    "结束日期 {until} 不能早于开始日期 {since}"
                )));
            }
            sqlx::query(
                "UPDATE supervisor_assignments SET until = $1 WHERE district_id = $2 AND id = $3",
            )
            .bind(until)
            .bind(self.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_END,
                format!("assignment:{id}"),
                format!("until={until}")
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.assignment(id)
            .await?
            .ok_or(StoreError::NotFound("该督学指派"))
    }

    /// Every assignment of the district, by unit, then first day.
    pub async fn assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        self.assignments_where(None).await
    }

    /// Assignment `id` of the district, if it has it.
    pub async fn assignment(&self, id: i64) -> Result<Option<Assignment>, StoreError> {
        Ok(self.assignments_where(Some(id)).await?.into_iter().next())
    }

    async fn assignments_where(&self, id: Option<i64>) -> Result<Vec<Assignment>, StoreError> {
        let rows: Vec<AssignmentRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {ASSIGNMENT_COLUMNS} FROM supervisor_assignments \
                 WHERE district_id = $1 AND ($2 IS NULL OR id = $2) \
                 ORDER BY unit_kind DESC, unit_name, since, id"
            )))
            .bind(self.id)
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Assignment::try_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_run_between_their_days() {
        let a = Assignment {
            id: 1,
            supervisor: "dux".into(),
            unit_kind: UnitKind::Zone,
            unit_name: "第一学区".into(),
            since: "2025-09-01".into(),
            until: Some("2026-01-31".into()),
            created_by: "admin".into(),
            created_at: String::new(),
        };
        assert!(!a.in_force("2025-08-31"));
        assert!(a.in_force("2025-09-01") && a.in_force("2026-01-31"));
        assert!(!a.in_force("2026-02-01"));
    }
}
