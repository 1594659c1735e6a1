//! 控辍保学 cases ("一人一案"): a child's episode at risk, its state and every move between
//! states (dated, by whom, why), its owner and plan, and the 劝返 attempts. Which moves are
//! allowed is the engine's ([`junheng_core::student::transition`], [`escalate`]); this module
//! writes them.
//!
//! [`escalate`]: junheng_core::student::escalate

use junheng_core::school::SchoolCode;
use junheng_core::student::DropoutState;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_NOTE, check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Most characters of an owner, a 劝返 person or an outcome.
const MAX_CASE_TEXT: usize = 100;

/// A case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DropoutCase {
    /// Row id.
    pub id: i64,
    /// The child.
    pub student: i64,
    /// The school.
    pub school: SchoolCode,
    /// Its state.
    pub state: DropoutState,
    /// 包保责任人 (may be empty).
    pub owner: String,
    /// 方案: 复学, 送教上门, 随班就读 … (may be empty).
    pub plan: String,
    /// Opened on, `YYYY-MM-DD`.
    pub opened_on: String,
    /// In its state since, `YYYY-MM-DD`.
    pub state_since: String,
    /// Closed on (复学 销号 or a lawful situation).
    pub closed_on: Option<String>,
}

/// A move of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseStep {
    /// From.
    pub from: DropoutState,
    /// To.
    pub to: DropoutState,
    /// On, `YYYY-MM-DD`.
    pub on_date: String,
    /// Why.
    pub reason: String,
    /// By whom (login, or `system` for the calendar).
    pub created_by: String,
    /// When written, RFC 3339 UTC.
    pub created_at: String,
}

/// A 劝返 attempt to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    /// On, `YYYY-MM-DD`.
    pub on_date: String,
    /// Who went (names of the staff, 1–100 characters).
    pub by_whom: String,
    /// The outcome (1–100 characters).
    pub outcome: String,
    /// 备注.
    pub note: String,
}

/// A stored attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// On.
    pub on_date: String,
    /// Who went.
    pub by_whom: String,
    /// The outcome.
    pub outcome: String,
    /// 备注.
    pub note: String,
    /// Who recorded it.
    pub created_by: String,
}

struct CaseRow {
    id: i64,
    student_id: i64,
    school: String,
    state: String,
    owner: String,
    plan: String,
    opened_on: String,
    state_since: String,
    closed_on: Option<String>,
}
from_row!(CaseRow {
    id,
    student_id,
    school,
    state,
    owner,
    plan,
    opened_on,
    state_since,
    closed_on
});

fn state(text: &str, table: &'static str) -> Result<DropoutState, StoreError> {
    DropoutState::from_id(text).ok_or(StoreError::Corrupt {
        table,
        column: "state",
    })
}

impl TryFrom<CaseRow> for DropoutCase {
    type Error = StoreError;

    fn try_from(r: CaseRow) -> Result<Self, StoreError> {
        Ok(DropoutCase {
            id: r.id,
            student: r.student_id,
            school: school_code(&r.school, "dropout_cases", "school")?,
            state: state(&r.state, "dropout_cases")?,
            owner: r.owner,
            plan: r.plan,
            opened_on: r.opened_on,
            state_since: r.state_since,
            closed_on: r.closed_on,
        })
    }
}

const CASE_COLUMNS: &str =
    "id, student_id, school, state, owner, plan, opened_on, state_since, closed_on";

/// Writes one step of a case (in the caller's transaction).
macro_rules! insert_step {
    ($conn:expr, $case:expr, $from:expr, $to:expr, $on:expr, $reason:expr, $actor:expr, $at:expr) => {
        sqlx::query(
            "INSERT INTO dropout_steps (case_id, from_state, to_state, on_date, reason, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($case)
        .bind($from.id())
        .bind($to.id())
        .bind($on)
        .bind($reason.trim())
        .bind(&$actor.name)
        .bind(&$at)
        .execute($conn)
        .await?
    };
}

fn check_day(day: &str) -> Result<(), StoreError> {
    if is_date(day) {
        Ok(())
    } else {
        Err(StoreError::invalid("日期应写作 YYYY-MM-DD"))
    }
}

impl DistrictStore {
    /// Opens a case for a child at `school` in `state` (an open state) on `on_date`, with its
    /// first step (from 在校) and the audit entry. [`StoreError::Conflict`] when the child has an
    /// open case already.
    pub async fn open_case(
        &self,
        student: i64,
        school: &SchoolCode,
        state: DropoutState,
        on_date: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_day(on_date)?;
        check_required(reason.trim(), "原因", MAX_NOTE)?;
        if !state.open() {
            return Err(StoreError::invalid(
                "新个案应处于待核、疑似辍学、辍学或劝返状态",
            ));
        }
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM students WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(student)
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("这名学生"));
            }
            let open: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM dropout_cases WHERE district_id = $1 AND student_id = $2 \
                 AND closed_on IS NULL",
            )
            .bind(self.id)
            .bind(student)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((other,)) = open {
                return Err(StoreError::Conflict(format!(
                    "这名学生已有未销号的个案（编号 {other}）"
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO dropout_cases (district_id, student_id, school, state, owner, plan, \
                 opened_on, state_since) VALUES ($1, $2, $3, $4, '', '', $5, $5) RETURNING id",
            )
            .bind(self.id)
            .bind(student)
            .bind(school.as_str())
            .bind(state.id())
            .bind(on_date)
            .fetch_one(&mut *tx)
            .await?;
            insert_step!(
                &mut *tx,
                id,
                DropoutState::InSchool,
                state,
                on_date,
                reason,
                actor,
                at
            );
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::DROPOUT_CASE,
                format!("dropout_case:{id}"),
                format!("open student={student} state={}", state.id())
            )?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Moves an open case from `from` to `to` on `on_date` (the caller checked the move with
    /// the engine), with its step and audit entry; a state that is not open closes the case.
    /// [`StoreError::Conflict`] when the case is closed or no longer in `from` (someone moved it
    /// meanwhile).
    pub async fn move_case(
        &self,
        case: i64,
        from: DropoutState,
        to: DropoutState,
        on_date: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_day(on_date)?;
        check_required(reason.trim(), "原因", MAX_NOTE)?;
        let at = now();
        let closed = (!to.open()).then_some(on_date);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE dropout_cases SET state = $1, state_since = $2, closed_on = $3 \
                 WHERE district_id = $4 AND id = $5 AND state = $6 AND closed_on IS NULL",
            )
            .bind(to.id())
            .bind(on_date)
            .bind(closed)
            .bind(self.id)
            .bind(case)
            .bind(from.id())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::Conflict(
                    "个案已销号或状态已被他人更新，请刷新后重试".into(),
                ));
            }
            insert_step!(&mut *tx, case, from, to, on_date, reason, actor, at);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::DROPOUT_CASE,
                format!("dropout_case:{case}"),
                format!("move {}->{}", from.id(), to.id())
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Sets an open case's 包保责任人 and 方案 (audited).
    pub async fn plan_case(
        &self,
        case: i64,
        owner: &str,
        plan: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_len(owner.trim(), "包保责任人", MAX_CASE_TEXT)?;
        check_len(plan.trim(), "方案", MAX_NOTE)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE dropout_cases SET owner = $1, plan = $2 WHERE district_id = $3 \
                 AND id = $4 AND closed_on IS NULL",
            )
            .bind(owner.trim())
            .bind(plan.trim())
            .bind(self.id)
            .bind(case)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("这个未销号的个案"));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::DROPOUT_CASE,
                format!("dropout_case:{case}"),
                "plan".to_owned()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records a 劝返 attempt of a case (audited).
    pub async fn add_attempt(
        &self,
        case: i64,
        attempt: &NewAttempt,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_day(&attempt.on_date)?;
        check_required(attempt.by_whom.trim(), "劝返人", MAX_CASE_TEXT)?;
        check_required(attempt.outcome.trim(), "劝返结果", MAX_CASE_TEXT)?;
        check_len(attempt.note.trim(), "备注", MAX_NOTE)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM dropout_cases WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(case)
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("这个个案"));
            }
            sqlx::query(
                "INSERT INTO dropout_attempts (case_id, on_date, by_whom, outcome, note, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(case)
            .bind(&attempt.on_date)
            .bind(attempt.by_whom.trim())
            .bind(attempt.outcome.trim())
            .bind(attempt.note.trim())
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::DROPOUT_CASE,
                format!("dropout_case:{case}"),
                "attempt".to_owned()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The district's cases: open ones only, or all; of one school when given; by school and
    /// opening day.
    pub async fn dropout_cases(
        &self,
        open_only: bool,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<DropoutCase>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM dropout_cases WHERE district_id = $1 \
             AND ($2 = 0 OR closed_on IS NULL) AND ($3 IS NULL OR school = $3) \
             ORDER BY school, opened_on, id"
        );
        let rows: Vec<CaseRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(i64::from(open_only))
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(DropoutCase::try_from).collect()
    }

    /// A case with its steps and attempts, oldest first.
    pub async fn dropout_case(
        &self,
        case: i64,
    ) -> Result<(DropoutCase, Vec<CaseStep>, Vec<Attempt>), StoreError> {
        let sql =
            format!("SELECT {CASE_COLUMNS} FROM dropout_cases WHERE district_id = $1 AND id = $2");
        let (row, steps, attempts) = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            // Built from our own constants only.
            let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(case)
                .fetch_optional(&mut *tx)
                .await?;
            let steps: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
                "SELECT from_state, to_state, on_date, reason, created_by, created_at \
                 FROM dropout_steps WHERE case_id = $1 ORDER BY id",
            )
            .bind(case)
            .fetch_all(&mut *tx)
            .await?;
            let attempts: Vec<(String, String, String, String, String)> = sqlx::query_as(
                "SELECT on_date, by_whom, outcome, note, created_by FROM dropout_attempts \
                 WHERE case_id = $1 ORDER BY on_date, id",
            )
            .bind(case)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            (row, steps, attempts)
        });
        let case = DropoutCase::try_from(row.ok_or(StoreError::NotFound("这个个案"))?)?;
        let steps = steps
            .into_iter()
            .map(|(f, t, on_date, reason, created_by, created_at)| {
                Ok(CaseStep {
                    from: state(&f, "dropout_steps")?,
                    to: state(&t, "dropout_steps")?,
                    on_date,
                    reason,
                    created_by,
                    created_at,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let attempts = attempts
            .into_iter()
            .map(|(on_date, by_whom, outcome, note, created_by)| Attempt {
                on_date,
                by_whom,
                outcome,
                note,
                created_by,
            })
            .collect();
        Ok((case, steps, attempts))
    }

    /// The number of 劝返 attempts of each open case of the district (cases without any left
    /// out).
    pub async fn open_case_attempts(
        &self,
    ) -> Result<std::collections::HashMap<i64, u32>, StoreError> {
        let rows: Vec<(i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT a.case_id, COUNT(*) FROM dropout_attempts a \
                 JOIN dropout_cases c ON c.id = a.case_id \
                 WHERE c.district_id = $1 AND c.closed_on IS NULL GROUP BY a.case_id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(c, n)| (c, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    /// A child's cases, newest first.
    pub async fn cases_of(&self, student: i64) -> Result<Vec<DropoutCase>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM dropout_cases WHERE district_id = $1 AND student_id = $2 \
             ORDER BY opened_on DESC, id DESC"
        );
        let rows: Vec<CaseRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(student)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(DropoutCase::try_from).collect()
    }
}
