//! Honours (issue 17): the 骨干 pipeline's titles (称号), awards and 师德考核 results, each written
//! as a batch — an imported file or an entry made on a page — whole or not at all, with its audit
//! entry ([`DistrictStore::import_honours`]); a batch can be withdrawn
//! ([`DistrictStore::withdraw_honours`]). A teacher's 师德 result of a year is the newest batch's,
//! so withdrawing a batch brings the previous result back. Every read of a teacher's record is
//! audited ([`DistrictStore::log_record_read`]).

use std::collections::BTreeMap;

use serde::Serialize;

use junheng_rotation::TeacherId;
use junheng_teachers::honours::{Award, AwardKind, AwardLevel, EthicsResult};
use junheng_teachers::pipeline::{HonourTitle, Stage};

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{check_actor, check_len, check_required};
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most records of one batch.
pub const MAX_HONOUR_RECORDS: usize = 50_000;
/// Most characters of a title's or award's name, and of an issuer.
pub const MAX_HONOUR_TEXT: usize = 100;
/// Most characters of a 师德 level.
pub const MAX_ETHICS_LEVEL: usize = 20;
/// The file name of a batch entered on a page.
pub const ENTERED: &str = "手工录入";

/// The records of one batch.
#[derive(Debug, Clone, Copy)]
pub enum HonourRecords<'a> {
    /// 称号.
    Titles(&'a [HonourTitle]),
    /// 获奖.
    Awards(&'a [Award]),
    /// 师德考核.
    Ethics(&'a [EthicsResult]),
}

impl HonourRecords<'_> {
    /// The kind's stable id: `titles`, `awards` or `ethics`.
    pub fn kind(&self) -> &'static str {
        match self {
            HonourRecords::Titles(_) => "titles",
            HonourRecords::Awards(_) => "awards",
            HonourRecords::Ethics(_) => "ethics",
        }
    }

    fn len(&self) -> usize {
        match self {
            HonourRecords::Titles(r) => r.len(),
            HonourRecords::Awards(r) => r.len(),
            HonourRecords::Ethics(r) => r.len(),
        }
    }
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HonourFile {
    /// Row id.
    pub id: i64,
    /// `titles`, `awards` or `ethics`.
    pub kind: String,
    /// The file's name ([`ENTERED`] for an entry).
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex (empty for an entry).
    pub sha256: String,
    /// Records in it.
    pub records: u64,
    /// Who wrote it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

fn corrupt(table: &'static str, column: &'static str) -> StoreError {
    StoreError::Corrupt { table, column }
}

fn year(v: i64, table: &'static str) -> Result<i32, StoreError> {
    i32::try_from(v).map_err(|_| corrupt(table, "year"))
}

fn teacher(v: &str, table: &'static str) -> Result<TeacherId, StoreError> {
    TeacherId::parse(v).map_err(|_| corrupt(table, "teacher"))
}

/// Checks every record's texts (naming the record) before anything is written.
fn check(records: &HonourRecords<'_>) -> Result<(), StoreError> {
    let n = records.len();
    if n == 0 || n > MAX_HONOUR_RECORDS {
        return Err(StoreError::Invalid(format!(
            "一批记录应有 1 到 {MAX_HONOUR_RECORDS} 条"
        )));
    }
    let at = |i: usize, e: StoreError| match e {
        StoreError::Invalid(m) => StoreError::Invalid(format!("第 {} 条：{m}", i + 1)),
        e => e,
    };
    match records {
        HonourRecords::Titles(r) => r.iter().enumerate().try_for_each(|(i, t)| {
            check_required(&t.title, "称号", MAX_HONOUR_TEXT)
                .and_then(|()| check_len(&t.issuer, "认定单位", MAX_HONOUR_TEXT))
                .map_err(|e| at(i, e))
        }),
        HonourRecords::Awards(r) => r.iter().enumerate().try_for_each(|(i, a)| {
            check_required(&a.title, "奖项名称", MAX_HONOUR_TEXT).map_err(|e| at(i, e))
        }),
        HonourRecords::Ethics(r) => {
            let mut seen = std::collections::HashSet::new();
            r.iter().enumerate().try_for_each(|(i, e)| {
                check_required(&e.level, "考核等次", MAX_ETHICS_LEVEL).map_err(|x| at(i, x))?;
                if !seen.insert((&e.teacher, e.year)) {
                    return Err(StoreError::Invalid(format!(
                        "第 {} 条：同一教师同一学年的师德考核结果列了两次",
                        i + 1
                    )));
                }
                Ok(())
            })
        }
    }
}

const FILE_COLUMNS: &str = "id, kind, file_name, sha256, records, imported_by, imported_at";
type FileRow = (i64, String, String, String, i64, String, String);

fn file(r: FileRow) -> HonourFile {
    let (id, kind, file_name, sha256, records, imported_by, imported_at) = r;
    HonourFile {
        id,
        kind,
        file_name,
        sha256,
        records: u64::try_from(records).unwrap_or(0),
        imported_by,
        imported_at,
    }
}

/// Binds the records of a batch in chunks the backend accepts, one `INSERT` per chunk.
macro_rules! insert_chunks {
    ($pool:expr, $tx:expr, $records:expr, $head:expr, $per:expr, |$q:ident, $i:ident, $r:ident| $bind:expr) => {{
        let per = ($pool.params_per_insert() / $per).max(1);
        for (c, chunk) in $records.chunks(per).enumerate() {
            let sql = insert_values_sql($head, $per, chunk.len());
            // Built from our own constants only.
            let mut $q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (k, $r) in chunk.iter().enumerate() {
                let $i = i64::try_from(c * per + k + 1).unwrap_or(i64::MAX);
                $q = $bind;
            }
            $q.execute(&mut *$tx).await?;
        }
    }};
}

impl DistrictStore {
    /// Writes a batch — its records, its row and the audit entry — in one transaction.
    /// [`StoreError::Invalid`] when a record breaks a rule (naming which), when there are none or
    /// more than [`MAX_HONOUR_RECORDS`], or when a 师德 batch lists a teacher and year twice.
    pub async fn import_honours(
        &self,
        records: HonourRecords<'_>,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<HonourFile, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", crate::limits::MAX_FILE_NAME)?;
        check_len(sha256, "文件摘要", 64)?;
        check(&records)?;
        let at = now();
        let count = records.len() as u64;
        let kind = records.kind();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO honour_files (district_id, kind, file_name, sha256, records, \
                 imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(kind)
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(count).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            match records {
                HonourRecords::Titles(r) => insert_chunks!(
                    pool,
                    tx,
                    r,
                    "INSERT INTO honour_titles (file_id, line, teacher, title, stage, year, issuer)",
                    7,
                    |q, i, t| q
                        .bind(id)
                        .bind(i)
                        .bind(t.teacher.as_str())
                        .bind(t.title.trim())
                        .bind(t.stage.id())
                        .bind(i64::from(t.year))
                        .bind(t.issuer.trim())
                ),
                HonourRecords::Awards(r) => insert_chunks!(
                    pool,
                    tx,
                    r,
                    "INSERT INTO honour_awards (file_id, line, teacher, year, kind, level, title)",
                    7,
                    |q, i, a| q
                        .bind(id)
                        .bind(i)
                        .bind(a.teacher.as_str())
                        .bind(i64::from(a.year))
                        .bind(a.kind.id())
                        .bind(a.level.id())
                        .bind(a.title.trim())
                ),
                HonourRecords::Ethics(r) => insert_chunks!(
                    pool,
                    tx,
                    r,
                    "INSERT INTO honour_ethics (file_id, teacher, year, level)",
                    4,
                    |q, _i, e| q
                        .bind(id)
                        .bind(e.teacher.as_str())
                        .bind(i64::from(e.year))
                        .bind(e.level.trim())
                ),
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::HONOURS_IMPORT,
                format!("honour_file:{id}"),
                format!(
                    "kind={kind} file={} records={count}",
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(HonourFile {
            id,
            kind: kind.to_owned(),
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            records: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The batches of a kind (every kind when `None`), newest first.
    pub async fn honour_files(&self, kind: Option<&str>) -> Result<Vec<HonourFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM honour_files WHERE district_id = $1 \
             AND ($2 IS NULL OR kind = $2) ORDER BY id DESC"
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(kind)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(file).collect())
    }

    /// Withdraws a batch (its records and its row), with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such batch.
    pub async fn withdraw_honours(&self, id: i64, actor: &Actor) -> Result<HonourFile, StoreError> {
        check_actor(actor)?;
        let found = self
            .honour_files(None)
            .await?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or(StoreError::NotFound("该批荣誉记录"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for table in ["honour_titles", "honour_awards", "honour_ethics"] {
                // The table names are our own constants.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE file_id = $1"
                )))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("DELETE FROM honour_files WHERE id = $1 AND district_id = $2")
                .bind(id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::HONOURS_WITHDRAW,
                format!("honour_file:{id}"),
                format!("kind={} records={}", found.kind, found.records)
            )?;
            tx.commit().await?;
        });
        Ok(found)
    }

    /// The titles (of one teacher when given), by teacher, year and batch.
    pub async fn honour_titles(
        &self,
        of: Option<&TeacherId>,
    ) -> Result<Vec<HonourTitle>, StoreError> {
        const T: &str = "honour_titles";
        let rows: Vec<(String, String, String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT t.teacher, t.title, t.stage, t.year, t.issuer FROM honour_titles t \
                 JOIN honour_files f ON f.id = t.file_id WHERE f.district_id = $1 \
                 AND ($2 IS NULL OR t.teacher = $2) ORDER BY t.teacher, t.year, t.file_id, t.line",
            )
            .bind(self.id)
            .bind(of.map(TeacherId::as_str))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(t, title, stage, y, issuer)| {
                Ok(HonourTitle {
                    teacher: teacher(&t, T)?,
                    title,
                    stage: Stage::from_id(&stage).ok_or_else(|| corrupt(T, "stage"))?,
                    year: year(y, T)?,
                    issuer,
                })
            })
            .collect()
    }

    /// The awards (of one teacher, of one year, when given), by teacher, year and batch.
    pub async fn honour_awards(
        &self,
        of: Option<&TeacherId>,
        in_year: Option<i32>,
    ) -> Result<Vec<Award>, StoreError> {
        const T: &str = "honour_awards";
        let rows: Vec<(String, i64, String, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT a.teacher, a.year, a.kind, a.level, a.title FROM honour_awards a \
                 JOIN honour_files f ON f.id = a.file_id WHERE f.district_id = $1 \
                 AND ($2 IS NULL OR a.teacher = $2) AND ($3 IS NULL OR a.year = $3) \
                 ORDER BY a.teacher, a.year, a.file_id, a.line",
            )
            .bind(self.id)
            .bind(of.map(TeacherId::as_str))
            .bind(in_year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(t, y, kind, level, title)| {
                Ok(Award {
                    teacher: teacher(&t, T)?,
                    year: year(y, T)?,
                    kind: AwardKind::from_id(&kind).ok_or_else(|| corrupt(T, "kind"))?,
                    level: AwardLevel::from_id(&level).ok_or_else(|| corrupt(T, "level"))?,
                    title,
                })
            })
            .collect()
    }

    /// The 师德 results (of one teacher, of one year, when given): per teacher and year the
    /// newest batch's, by teacher and year.
    pub async fn honour_ethics(
        &self,
        of: Option<&TeacherId>,
        in_year: Option<i32>,
    ) -> Result<Vec<EthicsResult>, StoreError> {
        const T: &str = "honour_ethics";
        let rows: Vec<(i64, String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT e.file_id, e.teacher, e.year, e.level FROM honour_ethics e \
                 JOIN honour_files f ON f.id = e.file_id WHERE f.district_id = $1 \
                 AND ($2 IS NULL OR e.teacher = $2) AND ($3 IS NULL OR e.year = $3)",
            )
            .bind(self.id)
            .bind(of.map(TeacherId::as_str))
            .bind(in_year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        let mut newest: BTreeMap<(String, i64), (i64, String)> = BTreeMap::new();
        for (file, t, y, level) in rows {
            let e = newest.entry((t, y)).or_insert((file, level.clone()));
            if file > e.0 {
                *e = (file, level);
            }
        }
        newest
            .into_iter()
            .map(|((t, y), (_, level))| {
                Ok(EthicsResult {
                    teacher: teacher(&t, T)?,
                    year: year(y, T)?,
                    level,
                })
            })
            .collect()
    }

    /// Records that `actor` read a teacher's record (`sections`: what was shown, e.g.
    /// `roster,titles,awards,ethics`). Names the teacher by 教师编号 only.
    pub async fn log_record_read(
        &self,
        of: &TeacherId,
        sections: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let detail = format!("sections={sections}");
        self.log_teacher_read(action::TEACHER_RECORD_READ, of, detail, actor)
            .await
    }
}
