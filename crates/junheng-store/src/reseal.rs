//! Key rotation's one loop: every value of a sealed column re-sealed under the current key, in
//! batches of one transaction each (health records, 心理 cases and notes, labour evidence).

use crate::district::DistrictStore;
use crate::pool::{Dialect, with_pool};
use crate::{StoreError, StudentKeys};

/// A sealed column: its select, its update and its seal context.
///
/// The select takes the district (`$1`) and the last key seen (`$2`, `$3`) and yields two ids
/// (the row's key), the child's pseudonym, the sealed bytes and a context id (e.g. a health
/// round), ordered by the two ids, after ($2, $3), at most 2000 rows. The update takes the new
/// bytes and the two ids.
pub(crate) type SealedColumn = (&'static str, &'static str, fn(i64, &str) -> String);

impl DistrictStore {
    /// Re-seals every value of `columns` under `keys`' current key (values already under it are
    /// left); `unreadable` is the refusal when a value opens under neither key. Returns how many
    /// values were re-sealed.
    pub(crate) async fn reseal_columns(
        &self,
        keys: &StudentKeys,
        columns: &[SealedColumn],
        unreadable: fn() -> StoreError,
    ) -> Result<u64, StoreError> {
        let mut done = 0;
        for (select, update, context) in columns {
            let mut after = (0i64, 0i64);
            loop {
                let batch: Vec<(i64, i64, String, Vec<u8>, i64)> = with_pool!(&self.pool, |pool| {
                    sqlx::query_as(*select)
                        .bind(self.id)
                        .bind(after.0)
                        .bind(after.1)
                        .fetch_all(pool)
                        .await?
                });
                let Some(last) = batch.last() else { break };
                after = (last.0, last.1);
                let mut changed: Vec<(i64, i64, Vec<u8>)> = Vec::new();
                for (a, b, p, sealed, round) in batch {
                    if let Some(new) = keys
                        .reseal(&sealed, &context(round, &p))
                        .map_err(|_| unreadable())?
                    {
                        changed.push((a, b, new));
                    }
                }
                with_pool!(&self.pool, |pool| {
                    let mut tx = pool.begin_write().await?;
                    for (a, b, new) in &changed {
                        sqlx::query(*update)
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
