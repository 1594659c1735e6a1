//! 继续教育 (training): the ledger of each teacher's training, written in batches — an imported
//! file or one record entered on the page — each with its audit entry in its transaction, and
//! withdrawn (撤回) by batch; the schools' training budgets; and the audited reads of a teacher's
//! records.
//!
//! A record's key is its teacher, course and start date: a record already in the district's
//! ledger is skipped (counted in the batch's `skipped`), so importing the same file twice adds
//! nothing.

use junheng_rotation::TeacherId;
use junheng_teachers::training::{Budget, Day, Hours, Level, Source, TrainingRecord};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{school_code, teacher_id};
use crate::limits::check_actor;
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most records one batch may hold.
pub const MAX_TRAINING_RECORDS: usize = 200_000;

/// A batch of the ledger: an imported file or one entered record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingBatch {
    /// Row id.
    pub id: i64,
    /// The school year whose roster the teachers were checked against.
    pub year: i32,
    /// Whether the batch is a file (`false`: one record entered on the page).
    pub file: bool,
    /// The file's name (an entered record: 页面录入).
    pub file_name: String,
    /// SHA-256 of the file (an entered record: of its key), lower-case hex.
    pub sha256: String,
    /// Records it added.
    pub records: u64,
    /// Records it held that were already in the ledger.
    pub skipped: u64,
    /// Who wrote it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// A stored record with its batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredTraining {
    /// The batch it came with.
    pub batch: i64,
    /// The record.
    #[serde(flatten)]
    pub record: TrainingRecord,
}

/// A stored budget with who entered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredBudget {
    /// The budget.
    #[serde(flatten)]
    pub budget: Budget,
    /// Who entered it.
    pub entered_by: String,
    /// When, RFC 3339 UTC.
    pub entered_at: String,
}

const RECORD_INSERT: &str = "INSERT INTO training_records (district_id, file_id, teacher, course, \
     level, start_date, end_date, hours, certificate, source)";
const PER_RECORD: usize = 10;
const BATCH_COLUMNS: &str =
    "id, year, kind, file_name, sha256, records, skipped, imported_by, imported_at";

type BatchRow = (i64, i64, String, String, String, i64, i64, String, String);
type RecordRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    String,
);

fn batch(r: BatchRow) -> Result<TrainingBatch, StoreError> {
    let (id, year, kind, file_name, sha256, records, skipped, imported_by, imported_at) = r;
    Ok(TrainingBatch {
        id,
        year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
            table: "training_files",
            column: "year",
        })?,
        file: kind == "file",
        file_name,
        sha256,
        records: u64::try_from(records).unwrap_or(0),
        skipped: u64::try_from(skipped).unwrap_or(0),
        imported_by,
        imported_at,
    })
}

fn record(r: RecordRow) -> Result<StoredTraining, StoreError> {
    let (batch, teacher, course, level, start, end, hours, certificate, source) = r;
    let bad = |column| StoreError::Corrupt {
        table: "training_records",
        column,
    };
    Ok(StoredTraining {
        batch,
        record: TrainingRecord {
            teacher: teacher_id(&teacher, "training_records", "teacher")?,
            course,
            level: Level::from_code(&level).ok_or_else(|| bad("level"))?,
            start: Day::parse(&start).ok_or_else(|| bad("start_date"))?,
            end: Day::parse(&end).ok_or_else(|| bad("end_date"))?,
            hours: Hours::from_hundredths(hours),
            certificate,
            source: Source::from_code(&source).ok_or_else(|| bad("source"))?,
        },
    })
}

impl DistrictStore {
    /// Writes a batch of records — the batch's row, every record not yet in the ledger and the
    /// audit entry — in one transaction. `file` false is one record entered on the page. Nothing
    /// is written, and `None` returned, when every record is already in the ledger.
    /// [`StoreError::Invalid`] when a record breaks a rule (naming which) or the batch is empty
    /// or larger than [`MAX_TRAINING_RECORDS`].
    pub async fn import_training(
        &self,
        year: i32,
        records: &[TrainingRecord],
        file: bool,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<Option<TrainingBatch>, StoreError> {
        check_actor(actor)?;
        crate::seats::check_file(year, file_name, sha256)?;
        if records.is_empty() || records.len() > MAX_TRAINING_RECORDS {
            return Err(StoreError::Invalid(format!(
                "一批培训记录应有 1 到 {MAX_TRAINING_RECORDS} 条"
            )));
        }
        for (i, r) in records.iter().enumerate() {
            if let Some(p) = r.problem() {
                return Err(StoreError::Invalid(format!("第 {} 条记录：{p}", i + 1)));
            }
        }
        let at = now();
        let kind = if file { "file" } else { "entered" };
        let total = records.len() as u64;
        let written = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO training_files (district_id, year, kind, file_name, sha256, records, \
                 skipped, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, 0, 0, $6, $7) \
                 RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(kind)
            .bind(file_name)
            .bind(sha256)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per = (pool.params_per_insert() / PER_RECORD).max(1);
            let mut added: u64 = 0;
            for chunk in records.chunks(per) {
                let sql = format!(
                    "{} ON CONFLICT (district_id, teacher, course, start_date) DO NOTHING",
                    insert_values_sql(RECORD_INSERT, PER_RECORD, chunk.len())
                );
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for r in chunk {
                    q = q
                        .bind(self.id)
                        .bind(id)
                        .bind(r.teacher.as_str())
                        .bind(r.course.trim())
                        .bind(r.level.code())
                        .bind(r.start.to_string())
                        .bind(r.end.to_string())
                        .bind(r.hours.hundredths())
                        .bind(r.certificate.as_deref().map(str::trim))
                        .bind(r.source.code());
                }
                added += q.execute(&mut *tx).await?.rows_affected();
            }
            if added == 0 {
                tx.rollback().await?;
                None
            } else {
                let skipped = total - added;
                sqlx::query("UPDATE training_files SET records = $1, skipped = $2 WHERE id = $3")
                    .bind(i64::try_from(added).unwrap_or(i64::MAX))
                    .bind(i64::try_from(skipped).unwrap_or(i64::MAX))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                append!(
                    &mut *tx,
                    Some(self.id),
                    &actor.name,
                    if file {
                        action::TRAINING_IMPORT
                    } else {
                        action::TRAINING_ADD
                    },
                    format!("training_file:{id}"),
                    format!(
                        "year={year} file={} records={added} skipped={skipped}",
                        file_name.replace(' ', "_")
                    )
                )?;
                tx.commit().await?;
                Some((id, added))
            }
        });
        Ok(written.map(|(id, added)| TrainingBatch {
            id,
            year,
            file,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            records: added,
            skipped: total - added,
            imported_by: actor.name.clone(),
            imported_at: at,
        }))
    }

    /// The ledger's batches, newest first.
    pub async fn training_batches(&self) -> Result<Vec<TrainingBatch>, StoreError> {
        let sql = format!(
            "SELECT {BATCH_COLUMNS} FROM training_files WHERE district_id = $1 ORDER BY id DESC"
        );
        let rows: Vec<BatchRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(batch).collect()
    }

    /// Every record of the district's ledger, by teacher, start date and course.
    pub async fn training_records(&self) -> Result<Vec<StoredTraining>, StoreError> {
        let rows: Vec<RecordRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT file_id, teacher, course, level, start_date, end_date, hours, \
                 certificate, source FROM training_records WHERE district_id = $1 \
                 ORDER BY teacher, start_date, course",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(record).collect()
    }

    /// Withdraws a batch: its records and its row, with the audit entry.
    /// [`StoreError::NotFound`] when the district has no such batch.
    pub async fn withdraw_training(
        &self,
        id: i64,
        actor: &Actor,
    ) -> Result<TrainingBatch, StoreError> {
        check_actor(actor)?;
        let current = self
            .training_batches()
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(StoreError::NotFound("该培训记录批次"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM training_records WHERE file_id = $1 AND district_id = $2")
                .bind(id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM training_files WHERE id = $1 AND district_id = $2")
                .bind(id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::TRAINING_WITHDRAW,
                format!("training_file:{id}"),
                format!("year={} records={}", current.year, current.records)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }

    /// Writes schools' training budgets (each replacing the same school and year's), with the
    /// audit entry, in one transaction. [`StoreError::Invalid`] when an amount breaks a rule.
    pub async fn set_training_budgets(
        &self,
        budgets: &[Budget],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        if budgets.is_empty() || budgets.len() > 100_000 {
            return Err(StoreError::invalid("应有 1 到 100000 条培训经费"));
        }
        for (i, b) in budgets.iter().enumerate() {
            if let Some(p) = b.problem() {
                return Err(StoreError::Invalid(format!("第 {} 条培训经费：{p}", i + 1)));
            }
            if !(2000..=2100).contains(&b.year) {
                return Err(StoreError::Invalid(format!(
                    "第 {} 条培训经费：年度应在 2000 至 2100 之间",
                    i + 1
                )));
            }
        }
        let at = now();
        let years: std::collections::BTreeSet<i32> = budgets.iter().map(|b| b.year).collect();
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for b in budgets {
                sqlx::query(
                    "INSERT INTO training_budgets (district_id, school, year, public_funds, \
                     training, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (district_id, school, year) DO UPDATE SET \
                     public_funds = excluded.public_funds, training = excluded.training, \
                     entered_by = excluded.entered_by, entered_at = excluded.entered_at",
                )
                .bind(self.id)
                .bind(b.school.as_str())
                .bind(i64::from(b.year))
                .bind(b.public_funds)
                .bind(b.training)
                .bind(&actor.name)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::TRAINING_BUDGETS,
                format!("training_budgets:{}", years.join(",")),
                format!("schools={}", budgets.len())
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records that `actor` read a teacher's 继续教育 progress and records, and how (`via`: `page`,
    /// `json`, `xlsx`, `csv` or `cli`).
    pub async fn log_training_read(
        &self,
        of: &TeacherId,
        via: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let detail = format!("via={via}");
        self.log_teacher_read(action::TRAINING_TEACHER_READ, of, detail, actor)
            .await
    }

    /// The budgets of `year` (every year when `None`), by year then school.
    pub async fn training_budgets(
        &self,
        year: Option<i32>,
    ) -> Result<Vec<StoredBudget>, StoreError> {
        let rows: Vec<(String, i64, i64, i64, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT school, year, public_funds, training, entered_by, entered_at \
                 FROM training_budgets WHERE district_id = $1 AND ($2 IS NULL OR year = $2) \
                 ORDER BY year, school",
            )
            .bind(self.id)
            .bind(year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(school, year, public_funds, training, entered_by, entered_at)| {
                    Ok(StoredBudget {
                        budget: Budget {
                            school: school_code(&school, "training_budgets", "school")?,
                            year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
                                table: "training_budgets",
                                column: "year",
                            })?,
                            public_funds,
                            training,
                        },
                        entered_by,
                        entered_at,
                    })
                },
            )
            .collect()
    }
}
