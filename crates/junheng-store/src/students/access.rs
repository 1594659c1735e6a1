//! Reading named children: the one place names and 学籍号 are opened, and always with the record
//! of who read which children for what (a page, a file), written in the same transaction — if
//! the record cannot be written, nothing is read.

use serde::Serialize;

use super::{name_context, number_context};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError, StudentKeys};

/// Most children one named read may open (a page or a file).
pub const MAX_NAMED_READ: usize = 20_000;

/// A child with their name, as the care role sees them.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NamedStudent {
    /// The child's id.
    pub id: i64,
    /// 姓名 (empty once retention reduced the record).
    pub name: String,
    /// 学籍号, masked (`G5001********1234`).
    pub number_masked: String,
    /// Whether retention reduced the record.
    pub reduced: bool,
}

impl std::fmt::Debug for NamedStudent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamedStudent")
            .field("id", &self.id)
            .field("number_masked", &self.number_masked)
            .finish_non_exhaustive()
    }
}

/// One named read of a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who (login).
    pub actor: String,
    /// The page or the file.
    pub what: String,
}

/// A child's id, pseudonym, sealed name, sealed 学籍号 and when retention reduced it.
type SealedRow = (i64, String, Vec<u8>, Vec<u8>, Option<String>);

/// Records that `$actor` read the children `$ids` (ids of district `$district`) at `$what`: a
/// row of `student_access` per child and one audit entry of `$action` naming how many (the
/// first ids only) — inside the caller's transaction, so nothing is read unless it is recorded.
macro_rules! log_access {
    ($pool:expr, $tx:expr, $district:expr, $ids:expr, $actor:expr, $what:expr, $at:expr, $action:expr) => {{
        let ids: &[i64] = $ids;
        let per = ($pool.params_per_insert() / 5).max(1);
        for chunk in ids.chunks(per) {
            let sql = $crate::pool::insert_values_sql(
                "INSERT INTO student_access (district_id, at, actor, what, student_id)",
                5,
                chunk.len(),
            );
            // Built from our own constants only.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q
                    .bind($district)
                    .bind($at)
                    .bind(&$actor.name)
                    .bind($what)
                    .bind(id);
            }
            q.execute(&mut *$tx).await?;
        }
        let first: Vec<String> = ids.iter().take(20).map(|id| id.to_string()).collect();
        let detail = format!(
            "what={} students={} ids={}{}",
            $what.replace(' ', "_"),
            ids.len(),
            first.join(","),
            if ids.len() > 20 { ",…" } else { "" }
        );
        $crate::audit::append!(
            &mut *$tx,
            Some($district),
            &$actor.name,
            $action,
            format!("students:{}", ids.len()),
            detail
                .chars()
                .take($crate::limits::MAX_AUDIT_DETAIL)
                .collect::<String>()
        )?;
    }};
}
pub(crate) use log_access;

impl DistrictStore {
    /// Opens the names and masked 学籍号 of `ids` (children of this district; others are left
    /// out) for `actor`, recording for each child who read it and `what` (the page's path or the
    /// file's name), with one audit entry — in one transaction. In the order of `ids`.
    ///
    /// [`StoreError::Invalid`] beyond [`MAX_NAMED_READ`] children or without `what`.
    pub async fn named_students(
        &self,
        keys: &StudentKeys,
        ids: &[i64],
        actor: &Actor,
        what: &str,
    ) -> Result<Vec<NamedStudent>, StoreError> {
        check_actor(actor)?;
        check_required(what, "查看位置", 200)?;
        if ids.len() > MAX_NAMED_READ {
            return Err(StoreError::Invalid(format!(
                "一次最多查看 {MAX_NAMED_READ} 名学生的姓名"
            )));
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let at = now();
        let rows = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut rows: Vec<SealedRow> = Vec::new();
            let per = pool.params_per_insert().saturating_sub(1).clamp(1, 5000);
            for chunk in ids.chunks(per) {
                let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "SELECT id, pseudonym, name_sealed, number_sealed, reduced_at FROM students \
                     WHERE district_id = $1 AND id IN ({})",
                    marks.join(", ")
                );
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                rows.extend(q.fetch_all(&mut *tx).await?);
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
            log_access!(
                pool,
                &mut *tx,
                self.id,
                &ids,
                actor,
                what,
                &at,
                action::STUDENT_READ
            );
            tx.commit().await?;
            rows
        });
        let mut by_id = std::collections::HashMap::with_capacity(rows.len());
        for (id, p, name, number, reduced) in rows {
            let opened = if reduced.is_some() || name.is_empty() {
                NamedStudent {
                    id,
                    name: String::new(),
                    number_masked: String::new(),
                    reduced: true,
                }
            } else {
                let name = keys.open(&name, &name_context(&p)).map_err(|_| {
                    StoreError::Invalid(
                        "学生姓名无法解密：请确认使用的学生数据密钥与导入时相同（见 README “学生数据的密钥”）"
                            .into(),
                    )
                })?;
                let number = keys.open(&number, &number_context(&p)).map_err(|_| {
                    StoreError::Invalid(
                        "学籍号无法解密：请确认使用的学生数据密钥与导入时相同".into(),
                    )
                })?;
                let masked = junheng_core::student::StudentNumber::parse(&number)
                    .map(|n| n.masked())
                    .unwrap_or_default();
                NamedStudent {
                    id,
                    name,
                    number_masked: masked,
                    reduced: false,
                }
            };
            by_id.insert(id, opened);
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Re-seals every child's name and 学籍号, and every health record, 心理 case and note, under
    /// `keys`' current sealing key (rotation: the old key given as previous), in batches of one
    /// transaction each, with one audit entry. Returns how many values were re-sealed; values already under the current key are left.
    /// A value that opens under neither key stops the run with an error (nothing of that batch
    /// written).
    pub async fn reseal_students(
        &self,
        keys: &StudentKeys,
        actor: &Actor,
    ) -> Result<u64, StoreError> {
        check_actor(actor)?;
        let mut after = 0i64;
        let mut done = 0u64;
        loop {
            let batch: Vec<(i64, String, Vec<u8>, Vec<u8>)> = with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT id, pseudonym, name_sealed, number_sealed FROM students \
                     WHERE district_id = $1 AND id > $2 ORDER BY id LIMIT 5000",
                )
                .bind(self.id)
                .bind(after)
                .fetch_all(pool)
                .await?
            });
            let Some(last) = batch.last() else { break };
            after = last.0;
            let unreadable = || {
                StoreError::Invalid(
                    "有学生数据无法用当前或旧加密密钥解开：请确认 --previous 给出的是导入时使用的旧密钥"
                        .into(),
                )
            };
            let mut changed = Vec::new();
            for (id, p, name, number) in &batch {
                if name.is_empty() {
                    continue;
                }
                let n = keys
                    .reseal(name, &name_context(p))
                    .map_err(|_| unreadable())?;
                let m = keys
                    .reseal(number, &number_context(p))
                    .map_err(|_| unreadable())?;
                if n.is_some() || m.is_some() {
                    changed.push((
                        *id,
                        n.unwrap_or_else(|| name.clone()),
                        m.unwrap_or_else(|| number.clone()),
                    ));
                }
            }
            with_pool!(&self.pool, |pool| {
                let mut tx = pool.begin_write().await?;
                for (id, n, m) in &changed {
                    sqlx::query(
                        "UPDATE students SET name_sealed = $1, number_sealed = $2 \
                         WHERE district_id = $3 AND id = $4",
                    )
                    .bind(n)
                    .bind(m)
                    .bind(self.id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
            });
            done += changed.len() as u64;
        }
        done += self.reseal_health(keys).await?;
        done += self.reseal_labour(keys).await?;
        done += self.reseal_exams(keys).await?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_RESEAL,
                format!("students:{done}"),
                format!("{keys:?}")
            )?;
            tx.commit().await?;
        });
        Ok(done)
    }

    /// Who read a child's name, newest first (at most `limit`).
    pub async fn student_access(
        &self,
        student: i64,
        limit: u32,
    ) -> Result<Vec<AccessEntry>, StoreError> {
        let rows: Vec<(String, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT at, actor, what FROM student_access WHERE district_id = $1 \
                 AND student_id = $2 ORDER BY id DESC LIMIT $3",
            )
            .bind(self.id)
            .bind(student)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(at, actor, what)| AccessEntry { at, actor, what })
            .collect())
    }
}
