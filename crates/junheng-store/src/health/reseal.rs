//! Key rotation for health data: every sealed record, case and note re-sealed under the current
//! key, in batches of one transaction each.

use super::{case_context, record_context};
use crate::district::DistrictStore;
use crate::pool::{Dialect, with_pool};
use crate::{StoreError, StudentKeys};

/// A sealed value to re-seal: its table's key (two ids), the seal context and the bytes.
type Sealed = (i64, i64, String, Vec<u8>);

/// A sealed column: its select, its update and its seal context.
type Kind = (&'static str, &'static str, fn(i64, &str) -> String);

fn unreadable() -> StoreError {
    StoreError::invalid(
        "有健康数据无法用当前或旧加密密钥解开：请确认 --previous 给出的是写入时使用的旧密钥",
    )
}

impl DistrictStore {
    /// Re-seals every health record, 心理 case and note of the district under `keys`' current
    /// key (the old one given as previous); values already under it are left. Returns how many
    /// values were re-sealed. Part of `students reseal`, which writes the one audit entry.
    pub async fn reseal_health(&self, keys: &StudentKeys) -> Result<u64, StoreError> {
        let mut done = 0;
        // (select, update) for each sealed column; the select yields two ids, the context's
        // parts and the sealed bytes, ordered by the ids, after ($2, $3).
        let kinds: [Kind; 3] = [
            (
                "SELECT h.file_id, h.student_id, s.pseudonym, h.sealed, f.round_id \
                 FROM health_records h JOIN health_files f ON f.id = h.file_id \
                 JOIN health_rounds r ON r.id = f.round_id JOIN students s ON s.id = h.student_id \
                 WHERE r.district_id = $1 AND (h.file_id, h.student_id) > ($2, $3) \
                 ORDER BY h.file_id, h.student_id LIMIT 2000",
                "UPDATE health_records SET sealed = $1 WHERE file_id = $2 AND student_id = $3",
                record_context,
            ),
            (
                "SELECT c.id, 0, s.pseudonym, c.sealed, 0 FROM mental_cases c \
                 JOIN students s ON s.id = c.student_id \
                 WHERE c.district_id = $1 AND (c.id, 0) > ($2, $3) ORDER BY c.id LIMIT 2000",
                "UPDATE mental_cases SET sealed = $1 WHERE id = $2 AND 0 = $3",
                |_, p| case_context(p),
            ),
            (
                "SELECT n.id, 0, s.pseudonym, n.sealed, 0 FROM mental_notes n \
                 JOIN mental_cases c ON c.id = n.case_id JOIN students s ON s.id = c.student_id \
                 WHERE c.district_id = $1 AND (n.id, 0) > ($2, $3) ORDER BY n.id LIMIT 2000",
                "UPDATE mental_notes SET sealed = $1 WHERE id = $2 AND 0 = $3",
                |_, p| case_context(p),
            ),
        ];
        for (select, update, context) in kinds {
            let mut after = (0i64, 0i64);
            loop {
                let batch: Vec<(i64, i64, String, Vec<u8>, i64)> = with_pool!(&self.pool, |pool| {
                    sqlx::query_as(select)
                        .bind(self.id)
                        .bind(after.0)
                        .bind(after.1)
                        .fetch_all(pool)
                        .await?
                });
                let Some(last) = batch.last() else { break };
                after = (last.0, last.1);
                let mut changed: Vec<Sealed> = Vec::new();
                for (a, b, p, sealed, round) in batch {
                    if let Some(new) = keys
                        .reseal(&sealed, &context(round, &p))
                        .map_err(|_| unreadable())?
                    {
                        changed.push((a, b, p, new));
                    }
                }
                with_pool!(&self.pool, |pool| {
                    let mut tx = pool.begin_write().await?;
                    for (a, b, _, new) in &changed {
                        sqlx::query(update)
                            .bind(new)
                            .bind(a)
                            .bind(b)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                });
                done += changed.len() as u64;
            }
        }
        Ok(done)
    }
}
