//! Reading health records back: opened for a person only with the read recorded in the same
//! transaction (`open_health`), or for the program's own recomputation.

use junheng_core::school::SchoolCode;

use super::files::{LATEST, MAX_HEALTH_READ, OpenedRecord};
use super::{HealthRound, record_context};
use crate::audit::action;
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::students::log_access;
use crate::time::now;
use crate::{Actor, StoreError, StudentKeys};

impl DistrictStore {
    /// The records of the latest files of `round` (of `school` only, of `class` only, of
    /// `students` only, when given), opened for `actor` at `what` — each child's read recorded,
    /// with one audit entry, in the same transaction. In school, class, child order.
    ///
    /// [`StoreError::Invalid`] beyond [`MAX_HEALTH_READ`] records.
    #[allow(clippy::too_many_arguments)]
    pub async fn open_health(
        &self,
        keys: &StudentKeys,
        round: &HealthRound,
        school: Option<&SchoolCode>,
        class: Option<(u8, &str)>,
        students: Option<&[i64]>,
        actor: &Actor,
        what: &str,
    ) -> Result<Vec<OpenedRecord>, StoreError> {
        check_actor(actor)?;
        check_required(what, "查看位置", 200)?;
        let rows = self
            .sealed_records(round.id, school, class, students)
            .await?;
        if rows.len() > MAX_HEALTH_READ {
            return Err(StoreError::Invalid(format!(
                "一次最多查看 {MAX_HEALTH_READ} 名学生的健康记录：请按学校或班级查看"
            )));
        }
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let at = now();
        let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
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
        open_rows(keys, round.id, rows)
    }

    /// The records of one file opened **without** recording a read: for the program's own
    /// recomputation (counts after a new scoring pack, a 补测 file merged into the school's
    /// file) — never to show.
    pub async fn health_records_for_recount(
        &self,
        keys: &StudentKeys,
        round: i64,
        file: i64,
    ) -> Result<Vec<OpenedRecord>, StoreError> {
        let rows: Vec<(String, i64, String, i64, String, Vec<u8>)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT f.school, h.student_id, s.pseudonym, h.grade, h.class, h.sealed \
                 FROM health_records h JOIN health_files f ON f.id = h.file_id \
                 JOIN health_rounds r ON r.id = f.round_id JOIN students s ON s.id = h.student_id \
                 WHERE r.district_id = $1 AND f.round_id = $2 AND f.id = $3 ORDER BY h.student_id",
                )
                .bind(self.id)
                .bind(round)
                .bind(file)
                .fetch_all(pool)
                .await?
            });
        open_rows(keys, round, rows)
    }

    /// The sealed records of the latest files of a round, filtered.
    async fn sealed_records(
        &self,
        round: i64,
        school: Option<&SchoolCode>,
        class: Option<(u8, &str)>,
        students: Option<&[i64]>,
    ) -> Result<Vec<SealedRecord>, StoreError> {
        let mut sql = format!(
            "SELECT f.school, h.student_id, s.pseudonym, h.grade, h.class, h.sealed \
             FROM health_records h JOIN health_files f ON f.id = h.file_id \
             JOIN health_rounds r ON r.id = f.round_id JOIN students s ON s.id = h.student_id \
             WHERE r.district_id = $1 AND f.round_id = $2 AND {LATEST}"
        );
        let mut n = 3;
        if school.is_some() {
            sql.push_str(&format!(" AND f.school = ${n}"));
            n += 1;
        }
        if class.is_some() {
            sql.push_str(&format!(" AND h.grade = ${n} AND h.class = ${}", n + 1));
            n += 2;
        }
        if let Some(ids) = students {
            if ids.is_empty() || ids.len() > MAX_HEALTH_READ {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", n + i)).collect();
            sql.push_str(&format!(" AND h.student_id IN ({})", marks.join(", ")));
        }
        sql.push_str(" ORDER BY f.school, h.grade, h.class, h.student_id");
        let rows: Vec<SealedRecord> = with_pool!(&self.pool, |pool| {
            // Built from placeholders and our own constants only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(round);
            if let Some(s) = school {
                q = q.bind(s.as_str());
            }
            if let Some((g, c)) = class {
                q = q.bind(i64::from(g)).bind(c);
            }
            for id in students.unwrap_or_default() {
                q = q.bind(id);
            }
            q.fetch_all(pool).await?
        });
        Ok(rows)
    }
}

/// A sealed record: school, child, pseudonym, grade, class, sealed JSON.
type SealedRecord = (String, i64, String, i64, String, Vec<u8>);

fn open_rows(
    keys: &StudentKeys,
    round: i64,
    rows: Vec<SealedRecord>,
) -> Result<Vec<OpenedRecord>, StoreError> {
    let bad = |column| StoreError::Corrupt {
        table: "health_records",
        column,
    };
    rows.into_iter()
        .map(|(school, student, p, grade, class, sealed)| {
            let payload = keys.open(&sealed, &record_context(round, &p)).map_err(|_| {
                StoreError::invalid(
                    "健康记录无法解密：请确认使用的学生数据密钥与导入时相同（见 README “学生数据的密钥”）",
                )
            })?;
            Ok(OpenedRecord {
                round,
                school: school_code(&school, "health_files", "school")?,
                student,
                grade: u8::try_from(grade).map_err(|_| bad("grade"))?,
                class,
                payload,
            })
        })
        .collect()
}
