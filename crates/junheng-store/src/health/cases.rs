//! 心理 follow-up cases: one per episode of a child, its content (tier, owner, plan, the crisis
//! procedure's step) and every note sealed; in clear only the child, school, class and the dates
//! an SLA needs. Reading a case opens it and records the read.

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::case_context;
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_CLASS_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::students::log_access;
use crate::time::{is_date, now};
use crate::{Actor, StoreError, StudentKeys};

/// Most bytes of a case's or a note's JSON.
const MAX_CASE_BYTES: usize = 16_384;

/// A case to open.
#[derive(Clone, PartialEq, Eq)]
pub struct NewMentalCase {
    /// The child.
    pub student: i64,
    /// The school and class then.
    pub school: SchoolCode,
    /// 班级 (as the registry writes it, with its grade: `7|3班`).
    pub class: String,
    /// The wave that raised it, if one did.
    pub round: Option<i64>,
    /// Opened on, `YYYY-MM-DD`.
    pub opened_on: String,
    /// When its first action is due.
    pub due_on: String,
    /// The case's content (JSON), sealed.
    pub content: String,
    /// The first note (JSON), sealed.
    pub note: String,
}

impl std::fmt::Debug for NewMentalCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewMentalCase")
            .field("student", &self.student)
            .finish_non_exhaustive()
    }
}

/// A case, opened.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct MentalCase {
    /// Row id.
    pub id: i64,
    /// The child.
    pub student: i64,
    /// The school.
    pub school: SchoolCode,
    /// The class (`grade|class`).
    pub class: String,
    /// The wave that raised it.
    pub round: Option<i64>,
    /// Opened on.
    pub opened_on: String,
    /// When the next action is due.
    pub due_on: String,
    /// When it closed.
    pub closed_on: Option<String>,
    /// Its content (JSON).
    pub content: String,
}

impl std::fmt::Debug for MentalCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MentalCase")
            .field("id", &self.id)
            .field("student", &self.student)
            .finish_non_exhaustive()
    }
}

/// A note of a case, opened.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct MentalNote {
    /// Row id.
    pub id: i64,
    /// Its date.
    pub on_date: String,
    /// Its content (JSON).
    pub content: String,
    /// Who wrote it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl std::fmt::Debug for MentalNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MentalNote")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

struct CaseRow {
    id: i64,
    student_id: i64,
    pseudonym: String,
    school: String,
    class: String,
    round_id: Option<i64>,
    opened_on: String,
    due_on: String,
    closed_on: Option<String>,
    sealed: Vec<u8>,
}
from_row!(CaseRow {
    id,
    student_id,
    pseudonym,
    school,
    class,
    round_id,
    opened_on,
    due_on,
    closed_on,
    sealed
});

const CASE_COLUMNS: &str = "c.id, c.student_id, s.pseudonym, c.school, c.class, c.round_id, \
                            c.opened_on, c.due_on, c.closed_on, c.sealed";

fn unreadable() -> StoreError {
    StoreError::invalid("心理个案无法解密：请确认使用的学生数据密钥与写入时相同")
}

fn open_case(keys: &StudentKeys, r: CaseRow) -> Result<MentalCase, StoreError> {
    Ok(MentalCase {
        id: r.id,
        student: r.student_id,
        school: school_code(&r.school, "mental_cases", "school")?,
        class: r.class,
        round: r.round_id,
        opened_on: r.opened_on,
        due_on: r.due_on,
        closed_on: r.closed_on,
        content: keys
            .open(&r.sealed, &case_context(&r.pseudonym))
            .map_err(|_| unreadable())?,
    })
}

fn check_json(text: &str, what: &str) -> Result<(), StoreError> {
    if text.is_empty() || text.len() > MAX_CASE_BYTES {
        return Err(StoreError::Invalid(format!("{what}为空或过长")));
    }
    Ok(())
}

impl DistrictStore {
    async fn pseudonym_of(&self, student: i64) -> Result<String, StoreError> {
        let row: Option<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT pseudonym FROM students WHERE district_id = $1 AND id = $2")
                .bind(self.id)
                .bind(student)
                .fetch_optional(pool)
                .await?
        });
        row.map(|(p,)| p).ok_or(StoreError::NotFound("学生"))
    }

    /// Opens a case with its first note, audited; returns its id.
    ///
    /// [`StoreError::Conflict`] when the child has an open case.
    pub async fn open_mental_case(
        &self,
        keys: &StudentKeys,
        case: &NewMentalCase,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_required(case.class.trim(), "班级", MAX_CLASS_NAME + 4)?;
        check_json(&case.content, "个案内容")?;
        check_json(&case.note, "记录内容")?;
        if !is_date(&case.opened_on) || !is_date(&case.due_on) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        let p = self.pseudonym_of(case.student).await?;
        let content = keys.seal(&case.content, &case_context(&p));
        let note = keys.seal(&case.note, &case_context(&p));
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let open: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM mental_cases WHERE district_id = $1 AND student_id = $2 \
                 AND closed_on IS NULL",
            )
            .bind(self.id)
            .bind(case.student)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((id,)) = open {
                return Err(StoreError::Conflict(format!(
                    "这名学生已有未结束的心理个案（编号 {id}）：请在该个案中记录"
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO mental_cases (district_id, student_id, school, class, round_id, \
                 opened_on, due_on, closed_on, sealed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) RETURNING id",
            )
            .bind(self.id)
            .bind(case.student)
            .bind(case.school.as_str())
            .bind(case.class.trim())
            .bind(case.round)
            .bind(&case.opened_on)
            .bind(&case.due_on)
            .bind(&content)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO mental_notes (case_id, on_date, sealed, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&case.opened_on)
            .bind(&note)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::MENTAL_CASE,
                format!("mental_case:{id}"),
                format!("open student={}", case.student)
            )?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Writes a case's new content and due date (and its closing date, when it closes) with a
    /// note, audited. [`StoreError::Conflict`] when the case is closed.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_mental_case(
        &self,
        keys: &StudentKeys,
        id: i64,
        content: &str,
        due_on: &str,
        closed_on: Option<&str>,
        note_on: &str,
        note: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_json(content, "个案内容")?;
        check_json(note, "记录内容")?;
        if !is_date(due_on) || !is_date(note_on) || closed_on.is_some_and(|d| !is_date(d)) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        let (student, closed) = self.mental_case_row(id).await?;
        if closed.is_some() {
            return Err(StoreError::Conflict(
                "这个心理个案已结案：如需继续跟进，请新开个案".into(),
            ));
        }
        let p = self.pseudonym_of(student).await?;
        let content = keys.seal(content, &case_context(&p));
        let note = keys.seal(note, &case_context(&p));
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE mental_cases SET sealed = $1, due_on = $2, closed_on = $3 \
                 WHERE district_id = $4 AND id = $5 AND closed_on IS NULL",
            )
            .bind(&content)
            .bind(due_on)
            .bind(closed_on)
            .bind(self.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO mental_notes (case_id, on_date, sealed, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(note_on)
            .bind(&note)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::MENTAL_CASE,
                format!("mental_case:{id}"),
                if closed_on.is_some() {
                    "close"
                } else {
                    "update"
                }
                .to_owned()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The school of case `id`, without opening anything or recording a read: for a page to
    /// refuse a caller who may not keep the school's cases before the case is opened.
    pub async fn mental_case_school(&self, id: i64) -> Result<SchoolCode, StoreError> {
        let row: Option<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT school FROM mental_cases WHERE district_id = $1 AND id = $2")
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let (school,) = row.ok_or(StoreError::NotFound("心理个案"))?;
        school_code(&school, "mental_cases", "school")
    }

    async fn mental_case_row(&self, id: i64) -> Result<(i64, Option<String>), StoreError> {
        let row: Option<(i64, Option<String>)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT student_id, closed_on FROM mental_cases WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.ok_or(StoreError::NotFound("心理个案"))
    }

    /// The cases (open only, or all) of the district, of `school`, or of one class of it
    /// (`class`: grade and class as the registry writes them), opened for `actor` at `what` and
    /// the read recorded; newest first.
    pub async fn mental_cases(
        &self,
        keys: &StudentKeys,
        school: Option<&SchoolCode>,
        class: Option<(u8, &str)>,
        open_only: bool,
        actor: &Actor,
        what: &str,
    ) -> Result<Vec<MentalCase>, StoreError> {
        check_actor(actor)?;
        check_required(what, "查看位置", 200)?;
        let class = class.map(|(g, c)| format!("{g}|{}", c.trim()));
        let mut sql = format!(
            "SELECT {CASE_COLUMNS} FROM mental_cases c JOIN students s ON s.id = c.student_id \
             WHERE c.district_id = $1"
        );
        let mut n = 2;
        if open_only {
            sql.push_str(" AND c.closed_on IS NULL");
        }
        if school.is_some() {
            sql.push_str(&format!(" AND c.school = ${n}"));
            n += 1;
        }
        if class.is_some() {
            sql.push_str(&format!(" AND c.class = ${n}"));
        }
        sql.push_str(" ORDER BY c.opened_on DESC, c.id DESC LIMIT 5000");
        let rows: Vec<CaseRow> = with_pool!(&self.pool, |pool| {
            // Built from placeholders and our own constants only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
            if let Some(s) = school {
                q = q.bind(s.as_str());
            }
            if let Some(c) = &class {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        self.record_case_reads(&rows, actor, what).await?;
        rows.into_iter().map(|r| open_case(keys, r)).collect()
    }

    async fn record_case_reads(
        &self,
        rows: &[CaseRow],
        actor: &Actor,
        what: &str,
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.student_id).collect();
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            log_access!(
                pool,
                &mut *tx,
                self.id,
                &ids,
                actor,
                what,
                &at,
                action::HEALTH_READ
            );
            tx.commit().await?;
        });
        Ok(())
    }

    /// A case and its notes (oldest first), opened for `actor` at `what`, the read recorded.
    pub async fn mental_case(
        &self,
        keys: &StudentKeys,
        id: i64,
        actor: &Actor,
        what: &str,
    ) -> Result<(MentalCase, Vec<MentalNote>), StoreError> {
        check_actor(actor)?;
        check_required(what, "查看位置", 200)?;
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM mental_cases c JOIN students s ON s.id = c.student_id \
             WHERE c.district_id = $1 AND c.id = $2"
        );
        let row: Option<CaseRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        let row = row.ok_or(StoreError::NotFound("心理个案"))?;
        let notes: Vec<(i64, String, Vec<u8>, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, on_date, sealed, created_by, created_at FROM mental_notes \
                 WHERE case_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        let context = case_context(&row.pseudonym);
        self.record_case_reads(std::slice::from_ref(&row), actor, what)
            .await?;
        let notes = notes
            .into_iter()
            .map(|(id, on_date, sealed, created_by, created_at)| {
                Ok(MentalNote {
                    id,
                    on_date,
                    content: keys.open(&sealed, &context).map_err(|_| unreadable())?,
                    created_by,
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((open_case(keys, row)?, notes))
    }

    /// The id of the child's open case, if any (nothing opened, nothing recorded).
    pub async fn open_mental_case_of(&self, student: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id FROM mental_cases WHERE district_id = $1 AND student_id = $2 \
                 AND closed_on IS NULL",
            )
            .bind(self.id)
            .bind(student)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// The children of `students` with an open 心理 case: the one thing other capabilities may
    /// learn of a child's mental health (a yes, for authorised roles), without opening anything.
    pub async fn mental_watch(&self, students: &[i64]) -> Result<Vec<i64>, StoreError> {
        if students.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT student_id FROM mental_cases WHERE district_id = $1 \
                 AND closed_on IS NULL",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let set: std::collections::HashSet<i64> = students.iter().copied().collect();
        Ok(rows
            .into_iter()
            .map(|(s,)| s)
            .filter(|s| set.contains(s))
            .collect())
    }
}
