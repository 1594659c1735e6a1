//! Key rotation for health data: every sealed record, case and note re-sealed under the current
//! key (the store's one loop, [`crate::reseal`]).

use super::{case_context, record_context};
use crate::district::DistrictStore;
use crate::reseal::SealedColumn;
use crate::{StoreError, StudentKeys};

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
        let columns: [SealedColumn; 3] = [
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
        self.reseal_columns(keys, &columns, unreadable).await
    }
}
