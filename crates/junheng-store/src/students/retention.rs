//! Retention: the records of children who left (毕业, 转出, 死亡) are reduced, once the retention
//! period has passed, to what statistics need. This is the one place data is **erased** rather
//! than versioned: the sealed name and 学籍号 are emptied, the class, the family-status flags and
//! the free text of their events and cases are erased in every registry version, in one
//! transaction. What stays: the child's id and pseudonym, sex, birth month, grade, 户籍, 残疾 and
//! the dated events — the counts of past years do not change. The audit log and the access log
//! hold ids only. A backup taken before still holds the sealed values (never the key): the
//! README says so.

use serde::Serialize;

use super::events::school_year;
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// What retention did or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reduced {
    /// Children whose records are (or would be) reduced.
    pub students: u64,
    /// Children reduced before.
    pub reduced_before: u64,
}

/// The free text written in place of erased text.
const ERASED: &str = "（已按保留期限删除）";

impl DistrictStore {
    /// The children who left on or before `left_before` (`YYYY-MM-DD`): a last 毕业, 转出 or 死亡
    /// with no later 入学, 转入 or 复学, on no registry of a later school year, with no open case
    /// — for retention, not yet reduced and with no open 控辍保学 case; for the erasure of health
    /// records (`health`), with no open 心理 case.
    pub(crate) async fn leavers(
        &self,
        left_before: &str,
        health: bool,
    ) -> Result<Vec<i64>, StoreError> {
        let open = if health {
            "NOT EXISTS (SELECT 1 FROM mental_cases c WHERE c.student_id = s.id \
             AND c.closed_on IS NULL)"
        } else {
            "s.reduced_at IS NULL AND NOT EXISTS (SELECT 1 FROM dropout_cases c \
             WHERE c.student_id = s.id AND c.closed_on IS NULL)"
        };
        let sql = format!(
            "SELECT s.id, \
                     (SELECT MAX(on_date) FROM student_events e WHERE e.district_id = s.district_id AND e.student_id = s.id \
                      AND e.kind IN ('graduate', 'transfer_out', 'death')) AS left_on, \
                     (SELECT MAX(on_date) FROM student_events e WHERE e.district_id = s.district_id AND e.student_id = s.id \
                      AND e.kind IN ('enter', 'transfer_in', 'resume')) AS back_on, \
                     (SELECT MAX(i.year) FROM student_records r JOIN student_imports i \
                      ON i.id = r.import_id WHERE r.student_id = s.id) AS last_year \
                     FROM students s WHERE s.district_id = $1 AND {open} \
                     AND EXISTS (SELECT 1 FROM student_events e WHERE e.district_id = s.district_id \
                      AND e.student_id = s.id \
                      AND e.kind IN ('graduate', 'transfer_out', 'death') AND e.on_date <= $2)"
        );
        let rows: Vec<(i64, String, Option<String>, Option<i64>)> =
            with_pool!(&self.pool, |pool| {
                // Built from our own constants only.
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(self.id)
                    .bind(left_before)
                    .fetch_all(pool)
                    .await?
            });
        Ok(rows
            .into_iter()
            .filter(|(_, left, back, last_year)| {
                left.as_str() <= left_before
                    && back.as_deref().is_none_or(|b| b < left.as_str())
                    && school_year(left)
                        .is_some_and(|y| last_year.is_none_or(|l| l <= i64::from(y)))
            })
            .map(|(id, ..)| id)
            .collect())
    }

    /// What [`DistrictStore::reduce_students`] would reduce, without writing.
    pub async fn retention_report(&self, left_before: &str) -> Result<Reduced, StoreError> {
        if !is_date(left_before) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        let students = self.leavers(left_before, false).await?.len() as u64;
        Ok(Reduced {
            students,
            reduced_before: self.reduced_count().await?,
        })
    }

    async fn reduced_count(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM students WHERE district_id = $1 AND reduced_at IS NOT NULL",
            )
            .bind(self.id)
            .fetch_one(pool)
            .await?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Reduces the records of the children who left on or before `left_before` (see the module
    /// documentation), with one audit entry naming how many, in one transaction.
    pub async fn reduce_students(
        &self,
        left_before: &str,
        actor: &Actor,
    ) -> Result<Reduced, StoreError> {
        check_actor(actor)?;
        if !is_date(left_before) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        let before = self.reduced_count().await?;
        let ids = self.leavers(left_before, false).await?;
        let at = now();
        let family = i64::from(junheng_core::student::Flags::FAMILY);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let per = pool.params_per_insert().saturating_sub(4).clamp(1, 5000);
            for chunk in ids.chunks(per) {
                let marks = |from: usize| {
                    (0..chunk.len())
                        .map(|i| format!("${}", i + from))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let statements = [
                    format!(
                        "UPDATE students SET name_sealed = $2, number_sealed = $2, \
                             reduced_at = $3 WHERE district_id = $1 AND id IN ({})",
                        marks(4)
                    ),
                    format!(
                        "UPDATE student_records SET class = NULL, flags = flags - (flags & $1) \
                             WHERE student_id IN ({})",
                        marks(2)
                    ),
                    format!(
                        "UPDATE student_events SET other_place = '', note = '' \
                             WHERE district_id = $1 AND student_id IN ({})",
                        marks(2)
                    ),
                    format!(
                        "UPDATE dropout_steps SET reason = $1 WHERE case_id IN \
                             (SELECT id FROM dropout_cases WHERE student_id IN ({}))",
                        marks(2)
                    ),
                    format!(
                        "UPDATE dropout_attempts SET by_whom = $1, outcome = $1, note = '' \
                             WHERE case_id IN (SELECT id FROM dropout_cases WHERE student_id IN ({}))",
                        marks(2)
                    ),
                    format!(
                        "UPDATE dropout_cases SET owner = '', plan = '' WHERE student_id IN ({})",
                        marks(1)
                    ),
                ];
                for (i, sql) in statements.into_iter().enumerate() {
                    // Built from placeholders only.
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    q = match i {
                        0 => q.bind(self.id).bind(Vec::<u8>::new()).bind(&at),
                        1 => q.bind(family),
                        2 => q.bind(self.id),
                        3 | 4 => q.bind(ERASED),
                        _ => q,
                    };
                    for id in chunk {
                        q = q.bind(id);
                    }
                    q.execute(&mut *tx).await?;
                }
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_RETENTION,
                format!("students:{}", ids.len()),
                format!("left_before={left_before}")
            )?;
            tx.commit().await?;
        });
        Ok(Reduced {
            students: ids.len() as u64,
            reduced_before: before,
        })
    }

    /// Sets an input of a school year's rates (`population`: 适龄人口; `disabled`: the 残联's
    /// count of 适龄三类残疾儿童少年), with its source, audited; replaces an earlier value.
    pub async fn set_student_input(
        &self,
        year: i32,
        name: &str,
        value: u64,
        source: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        if !matches!(name, "population" | "disabled") {
            return Err(StoreError::invalid("输入项应为 population 或 disabled"));
        }
        if !(2000..=2100).contains(&year) || value > 100_000_000 {
            return Err(StoreError::invalid("学年或数值超出范围"));
        }
        crate::limits::check_required(source.trim(), "数据来源", crate::limits::MAX_NOTE)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "DELETE FROM student_inputs WHERE district_id = $1 AND year = $2 AND name = $3",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(name)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO student_inputs (district_id, year, name, value, source, entered_by, \
                 entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(name)
            .bind(i64::try_from(value).unwrap_or(i64::MAX))
            .bind(source.trim())
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_INPUT,
                format!("student_input:{year}:{name}"),
                format!("value={value}")
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The inputs of a school year: (name, value, source).
    pub async fn student_inputs(
        &self,
        year: i32,
    ) -> Result<Vec<(String, u64, String)>, StoreError> {
        let rows: Vec<(String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT name, value, source FROM student_inputs WHERE district_id = $1 \
                 AND year = $2 ORDER BY name",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(n, v, s)| (n, u64::try_from(v).unwrap_or(0), s))
            .collect())
    }
}
