//! Key rotation for exam files: every school's sealed columns re-sealed under the current key,
//! one file per transaction.

use super::file_context;
use crate::district::DistrictStore;
use crate::pool::with_pool;
use crate::{StoreError, StudentKeys};

impl DistrictStore {
    /// Re-seals every exam file of the district under `keys`' current key (the old one given as
    /// previous); files already under it are left. Returns how many were re-sealed. Part of
    /// `students reseal`, which writes the one audit entry.
    pub async fn reseal_exams(&self, keys: &StudentKeys) -> Result<u64, StoreError> {
        let ids: Vec<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT f.id FROM exam_files f JOIN exams e ON e.id = f.exam_id \
                 WHERE e.district_id = $1 ORDER BY f.id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let mut done = 0;
        for (id,) in ids {
            let (exam, school, sealed): (i64, String, Vec<u8>) = with_pool!(&self.pool, |pool| {
                sqlx::query_as("SELECT exam_id, school, sealed FROM exam_files WHERE id = $1")
                    .bind(id)
                    .fetch_one(pool)
                    .await?
            });
            let Some(new) = keys
                .reseal(&sealed, &file_context(exam, &school))
                .map_err(|_| {
                    StoreError::invalid(
                        "有考试成绩无法用当前或旧加密密钥解开：请确认 --previous 给出的是写入时使用的旧密钥",
                    )
                })?
            else {
                continue;
            };
            with_pool!(&self.pool, |pool| {
                sqlx::query("UPDATE exam_files SET sealed = $1 WHERE id = $2")
                    .bind(new)
                    .bind(id)
                    .execute(pool)
                    .await?;
            });
            done += 1;
        }
        Ok(done)
    }
}
