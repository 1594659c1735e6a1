//! Erasure of health data: a child who left (毕业, 转出, 死亡 — as retention defines leaving) has
//! every health record and every closed 心理 case with its notes **deleted**, in every version of
//! every file, unless a 心理 case of theirs is open. The files' counts (which name nobody) stay;
//! the audit log and the access log keep ids only.

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::is_date;
use crate::{Actor, StoreError};

/// What erasure did or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erased {
    /// Children whose health data is (or would be) erased.
    pub students: u64,
    /// Their records, in every version of every file.
    pub records: u64,
    /// Their closed cases.
    pub cases: u64,
}

impl DistrictStore {
    /// Leavers on or before `left_before` with health data, and how much.
    async fn health_leavers(&self, left_before: &str) -> Result<(Vec<i64>, Erased), StoreError> {
        if !is_date(left_before) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        let leavers = self.leavers(left_before, true).await?;
        let mut ids = Vec::new();
        let mut erased = Erased {
            students: 0,
            records: 0,
            cases: 0,
        };
        for chunk in leavers.chunks(500) {
            let rows: Vec<(i64, i64, i64)> = with_pool!(&self.pool, |pool| {
                let sql = format!(
                    "SELECT s.id, (SELECT COUNT(*) FROM health_records h WHERE h.student_id = s.id), \
                     (SELECT COUNT(*) FROM mental_cases c WHERE c.student_id = s.id) \
                     FROM students s WHERE s.district_id = {} AND s.id IN ({})",
                    pool.marks(1, 1),
                    pool.marks(2, chunk.len())
                );
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            for (id, records, cases) in rows {
                if records + cases > 0 {
                    ids.push(id);
                    erased.students += 1;
                    erased.records += u64::try_from(records).unwrap_or(0);
                    erased.cases += u64::try_from(cases).unwrap_or(0);
                }
            }
        }
        Ok((ids, erased))
    }

    /// What [`DistrictStore::erase_health`] would erase, without writing.
    pub async fn health_erasure_report(&self, left_before: &str) -> Result<Erased, StoreError> {
        Ok(self.health_leavers(left_before).await?.1)
    }

    /// Deletes the health data of the children who left on or before `left_before` (see the
    /// module documentation), with one audit entry naming how many, in one transaction.
    pub async fn erase_health(
        &self,
        left_before: &str,
        actor: &Actor,
    ) -> Result<Erased, StoreError> {
        check_actor(actor)?;
        let (ids, erased) = self.health_leavers(left_before).await?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for chunk in ids.chunks(500) {
                let marks = pool.marks(1, chunk.len());
                let statements = [
                    format!("DELETE FROM health_records WHERE student_id IN ({marks})"),
                    format!(
                        "DELETE FROM mental_notes WHERE case_id IN \
                         (SELECT id FROM mental_cases WHERE student_id IN ({marks}))"
                    ),
                    format!("DELETE FROM mental_cases WHERE student_id IN ({marks})"),
                ];
                for sql in statements {
                    // Built from placeholders only.
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
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
                action::HEALTH_ERASE,
                format!("students:{}", erased.students),
                format!(
                    "left_before={left_before} records={} cases={}",
                    erased.records, erased.cases
                )
            )?;
            tx.commit().await?;
        });
        Ok(erased)
    }
}
