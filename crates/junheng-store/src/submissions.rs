//! A school's own data submitted for review (学校提交，管理员审核). Approval stores a new version of
//! the school year in which the school's row is replaced; nothing is overwritten.

use junheng_core::school::{SchoolCode, SchoolRecord};
use serde::Serialize;

use crate::audit::{action, append};
use crate::error::{narrow, school_code};
use crate::limits::{MAX_NOTE, check_actor, check_len};
use crate::pool::{Dialect, from_row, with_pool};
use crate::statistics::check_record_text;
use crate::time::now;
use crate::{Actor, DistrictStore, ImportInfo, ImportSource, StoreError};

/// A submission and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    /// Identifier.
    pub id: i64,
    /// 学年.
    pub year: i32,
    /// The school.
    pub school_code: SchoolCode,
    /// The submitted row.
    pub record: SchoolRecord,
    /// Who submitted it.
    pub submitted_by: String,
    /// When (RFC 3339 UTC).
    pub submitted_at: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<String>,
    /// The reviewer's note.
    pub note: String,
    /// The import (version) an approval made.
    pub import_id: Option<i64>,
}

struct SubmissionRow {
    id: i64,
    year: i64,
    school_code: String,
    record: String,
    submitted_by: String,
    submitted_at: String,
    status: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
    note: String,
    import_id: Option<i64>,
}
from_row!(SubmissionRow {
    id,
    year,
    school_code,
    record,
    submitted_by,
    submitted_at,
    status,
    decided_by,
    decided_at,
    note,
    import_id
});

const COLUMNS: &str = "id, year, school_code, record, submitted_by, submitted_at, status, \
                       decided_by, decided_at, note, import_id";

impl TryFrom<SubmissionRow> for Submission {
    type Error = StoreError;

    fn try_from(r: SubmissionRow) -> Result<Self, StoreError> {
        const T: &str = "submissions";
        Ok(Submission {
            id: r.id,
            year: narrow(r.year, T, "year")?,
            school_code: school_code(&r.school_code, T, "school_code")?,
            record: serde_json::from_str(&r.record).map_err(|_| StoreError::Corrupt {
                table: T,
                column: "record",
            })?,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            status: r.status,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            note: r.note,
            import_id: r.import_id,
        })
    }
}

impl DistrictStore {
    /// Records a school's row for review. [`StoreError::Conflict`] when the school already has
    /// a pending submission for that year.
    ///
    /// [`StoreError::Invalid`] when the record's 学校名称, 学区 or 教育集团 is longer than the
    /// store keeps (see the crate documentation).
    pub async fn submit(&self, record: &SchoolRecord, actor: &Actor) -> Result<i64, StoreError> {
        check_record_text(1, record)?;
        check_actor(actor)?;
        let json = serde_json::to_string(record).map_err(|e| StoreError::Invalid(e.to_string()))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let pending: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM submissions WHERE district_id = $3 AND year = $1 \
                 AND school_code = $2 AND status = 'pending'",
            )
            .bind(i64::from(record.year))
            .bind(record.code.as_str())
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((id,)) = pending {
                return Err(StoreError::Conflict(format!(
                    "学校 {} 的 {} 学年数据已有待审核的提交（#{id}），请等待审核结果",
                    record.code, record.year
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO submissions (year, school_code, record, submitted_by, submitted_at, \
                 status, note, district_id) VALUES ($1, $2, $3, $4, $5, 'pending', '', $6) \
                 RETURNING id",
            )
            .bind(i64::from(record.year))
            .bind(record.code.as_str())
            .bind(&json)
            .bind(&actor.name)
            .bind(now())
            .bind(self.id)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUBMISSION_CREATE,
                format!("school:{}", record.code),
                format!("submission={id} year={}", record.year)
            )?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Submissions, newest first; only those with `status` when given.
    pub async fn submissions(&self, status: Option<&str>) -> Result<Vec<Submission>, StoreError> {
        let rows: Vec<SubmissionRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM submissions WHERE district_id = $2 \
                 AND ($1 IS NULL OR status = $1) ORDER BY id DESC"
            )))
            .bind(status)
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Submission::try_from).collect()
    }

    /// Approves or rejects a pending submission. Approval stores a new version of the year with
    /// the school's row replaced (or added) and returns it. [`StoreError::Invalid`] when the
    /// note is longer than [`MAX_NOTE`] characters.
    pub async fn decide(
        &self,
        id: i64,
        approve: bool,
        note: &str,
        actor: &Actor,
    ) -> Result<Option<ImportInfo>, StoreError> {
        check_len(note, "审核意见", MAX_NOTE)?;
        check_actor(actor)?;
        let found: Option<SubmissionRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM submissions WHERE id = $1 AND district_id = $2"
            )))
            .bind(id)
            .bind(self.id)
            .fetch_optional(pool)
            .await?
        });
        let Some(submission) = found.map(Submission::try_from).transpose()? else {
            return Err(StoreError::NotFound("没有这个编号的提交"));
        };
        if submission.status != "pending" {
            return Err(StoreError::Conflict(format!(
                "提交 #{id} 已经审核过（{}）",
                submission.status
            )));
        }
        let import = if approve {
            let mut rows = self.statistics(submission.year, None).await?;
            match rows.iter_mut().find(|r| r.code == submission.school_code) {
                Some(row) => *row = submission.record.clone(),
                None => rows.push(submission.record.clone()),
            }
            let json = serde_json::to_string(&submission.record)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let source = ImportSource::new(format!("学校提交 #{id}"), json.as_bytes(), note);
            Some(
                self.import_statistics_from(
                    &[(
                        submission.year,
                        &rows,
                        crate::VersionOrigin {
                            kind: crate::VersionKind::Submission,
                            based_on: None,
                        },
                    )],
                    &source,
                    actor,
                )
                .await?
                .remove(0),
            )
        } else {
            None
        };
        let (status, act) = if approve {
            ("approved", action::SUBMISSION_APPROVE)
        } else {
            ("rejected", action::SUBMISSION_REJECT)
        };
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE submissions SET status = $1, decided_by = $2, decided_at = $3, note = $4, \
                 import_id = $5 WHERE id = $6 AND district_id = $7 AND status = 'pending'",
            )
            .bind(status)
            .bind(&actor.name)
            .bind(now())
            .bind(note)
            .bind(import.as_ref().map(|i| i.id))
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!("提交 #{id} 已被他人审核")));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                act,
                format!("school:{}", submission.school_code),
                format!("submission={id}")
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(import)
    }
}
