//! Files imported and withdrawn, pairs ended: each with its audit entry in its transaction.

use junheng_teachers::mentors::Outcome;

use super::{StudioFile, StudioFileKind, StudioRows, check};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::check_actor;
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

const STUDIO_INSERT: &str = "INSERT INTO teacher_studios (file_id, position, name, kind, level, \
     subject, host, host_school, start_on, end_on, status, members)";
const OUTPUT_INSERT: &str =
    "INSERT INTO teacher_studio_outputs (file_id, position, studio, year, kind, count, schools)";
const PAIR_INSERT: &str = "INSERT INTO teacher_mentor_pairs (file_id, position, mentor, \
     mentor_school, mentee, mentee_school, subject, start_on, end_on, goals, meetings_held, \
     meetings_planned, outcome)";

/// Items joined by commas, as stored.
fn joined<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl DistrictStore {
    /// Writes one file — its rows, its record and the audit entry — in one transaction, as the
    /// current file of its kind. [`StoreError::Invalid`] when a row breaks a rule (naming
    /// which), a key is listed twice, or there are no rows or more than
    /// [`super::MAX_STUDIO_ROWS`].
    pub async fn import_studio_file(
        &self,
        rows: StudioRows<'_>,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<StudioFile, StoreError> {
        check_actor(actor)?;
        check(rows, file_name, sha256)?;
        let kind = rows.kind();
        let at = now();
        let n = rows.len() as u64;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO teacher_studio_files (district_id, kind, file_name, sha256, \
                 row_count, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 RETURNING id",
            )
            .bind(self.id)
            .bind(kind.id())
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per_insert = pool.params_per_insert();
            match rows {
                StudioRows::Studios(rows) => {
                    let size = (per_insert / 12).max(1);
                    for (c, chunk) in rows.chunks(size).enumerate() {
                        // Built from our own constants only.
                        let sql = insert_values_sql(STUDIO_INSERT, 12, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for (k, s) in chunk.iter().enumerate() {
                            q = q
                                .bind(id)
                                .bind((c * size + k) as i64)
                                .bind(&s.name)
                                .bind(&s.kind)
                                .bind(s.level.id())
                                .bind(&s.subject)
                                .bind(s.host.as_str())
                                .bind(s.host_school.as_str())
                                .bind(&s.start)
                                .bind(s.end.as_deref())
                                .bind(s.status.id())
                                .bind(joined(&s.members));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
                StudioRows::Outputs(rows) => {
                    let size = (per_insert / 7).max(1);
                    for (c, chunk) in rows.chunks(size).enumerate() {
                        // Built from our own constants only.
                        let sql = insert_values_sql(OUTPUT_INSERT, 7, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for (k, o) in chunk.iter().enumerate() {
                            q = q
                                .bind(id)
                                .bind((c * size + k) as i64)
                                .bind(&o.studio)
                                .bind(i64::from(o.year))
                                .bind(o.kind.id())
                                .bind(i64::from(o.count))
                                .bind(joined(&o.schools));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
                StudioRows::Mentors(rows) => {
                    let size = (per_insert / 13).max(1);
                    for (c, chunk) in rows.chunks(size).enumerate() {
                        // Built from our own constants only.
                        let sql = insert_values_sql(PAIR_INSERT, 13, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for (k, p) in chunk.iter().enumerate() {
                            q = q
                                .bind(id)
                                .bind((c * size + k) as i64)
                                .bind(p.mentor.as_str())
                                .bind(p.mentor_school.as_str())
                                .bind(p.mentee.as_str())
                                .bind(p.mentee_school.as_str())
                                .bind(&p.subject)
                                .bind(&p.start)
                                .bind(p.end.as_deref())
                                .bind(&p.goals)
                                .bind(i64::from(p.meetings_held))
                                .bind(i64::from(p.meetings_planned))
                                .bind(p.outcome.map(Outcome::id));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                kind.actions().0,
                format!("teacher_studio_file:{id}"),
                format!(
                    "kind={} file={} rows={n}",
                    kind.id(),
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(StudioFile {
            id,
            kind,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            rows: n,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// Withdraws the current file of `kind` (the previous one, if any, is current again), with
    /// its audit entry. [`StoreError::NotFound`] when there is none.
    pub async fn withdraw_studio_file(
        &self,
        kind: StudioFileKind,
        actor: &Actor,
    ) -> Result<StudioFile, StoreError> {
        check_actor(actor)?;
        let current = self
            .current_studio_file(kind)
            .await?
            .ok_or(StoreError::NotFound("导入的这类文件"))?;
        let delete = format!("DELETE FROM {} WHERE file_id = $1", kind.table());
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own constants only.
            sqlx::query(sqlx::AssertSqlSafe(delete.clone()))
                .bind(current.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM teacher_studio_files WHERE id = $1 AND district_id = $2")
                .bind(current.id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                kind.actions().1,
                format!("teacher_studio_file:{}", current.id),
                format!("kind={} rows={}", kind.id(), current.rows)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }

    /// Ends pair `position` of the current 师徒结对 file on `end` (`YYYY-MM-DD`, not before its
    /// start) with `outcome`, with its audit entry. [`StoreError::NotFound`] without such a
    /// pair; [`StoreError::Invalid`] for a bad date or a pair already ended.
    pub async fn end_mentor_pair(
        &self,
        position: usize,
        end: &str,
        outcome: Outcome,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let (file, pairs) = self
            .mentor_pairs()
            .await?
            .ok_or(StoreError::NotFound("师徒结对"))?;
        let pair = pairs
            .get(position)
            .ok_or(StoreError::NotFound("师徒结对"))?;
        if pair.end.is_some() {
            return Err(StoreError::invalid("该结对已结束"));
        }
        super::period(&pair.start, Some(end), position + 1)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE teacher_mentor_pairs SET end_on = $1, outcome = $2 \
                 WHERE file_id = $3 AND position = $4",
            )
            .bind(end)
            .bind(outcome.id())
            .bind(file.id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::TEACHERS_MENTORS_END,
                format!("teacher_mentor_pair:{}:{position}", file.id),
                format!("end={end} outcome={}", outcome.label())
            )?;
            tx.commit().await?;
        });
        Ok(())
    }
}
