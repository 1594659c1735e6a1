//! A school's file of a round: each a new version (the latest is the school's round), its
//! children's records sealed, its counts in clear; and the records read back — named reads
//! always recorded.

use std::collections::HashSet;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::{HealthRound, record_context};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_CLASS_NAME, MAX_FILE_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError, StudentKeys};

/// Most records in one file (a whole district's file).
pub const MAX_HEALTH_RECORDS: usize = 400_000;
/// Most bytes of one record's JSON.
const MAX_RECORD_BYTES: usize = 4096;
/// Most records one named read may open.
pub const MAX_HEALTH_READ: usize = 20_000;

/// A child's record of a file, to write.
#[derive(Clone, PartialEq, Eq)]
pub struct NewHealthRecord {
    /// The child (`students.id`).
    pub student: i64,
    /// Their pseudonym (the seal is bound to it).
    pub pseudonym: String,
    /// 年级 then.
    pub grade: u8,
    /// 班级 then.
    pub class: String,
    /// The record (JSON, interpreted by the use-case layer), sealed on writing.
    pub payload: String,
}

impl std::fmt::Debug for NewHealthRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewHealthRecord")
            .field("student", &self.student)
            .field("grade", &self.grade)
            .finish_non_exhaustive()
    }
}

/// A school's file of a round, to write.
#[derive(Debug, Clone, Copy)]
pub struct HealthFileInput<'a> {
    /// The school.
    pub school: &'a SchoolCode,
    /// The file's name.
    pub file_name: &'a str,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: &'a str,
    /// Its children's records.
    pub records: &'a [NewHealthRecord],
    /// Its counts (JSON).
    pub counts: &'a str,
}

/// A file as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthFile {
    /// Row id.
    pub id: i64,
    /// Its round.
    pub round: i64,
    /// The school.
    pub school: SchoolCode,
    /// Its version for the school and round, from 1.
    pub version: u32,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Children in it.
    pub records: u64,
    /// Its counts (JSON).
    pub counts: String,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// A child's record read back and opened.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct OpenedRecord {
    /// The round.
    pub round: i64,
    /// The school.
    pub school: SchoolCode,
    /// The child.
    pub student: i64,
    /// 年级 then.
    pub grade: u8,
    /// 班级 then.
    pub class: String,
    /// The record (JSON).
    pub payload: String,
}

impl std::fmt::Debug for OpenedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedRecord")
            .field("round", &self.round)
            .field("student", &self.student)
            .finish_non_exhaustive()
    }
}

struct FileRow {
    id: i64,
    round_id: i64,
    school: String,
    version: i64,
    file_name: String,
    sha256: String,
    records: i64,
    counts: String,
    imported_by: String,
    imported_at: String,
}
from_row!(FileRow {
    id,
    round_id,
    school,
    version,
    file_name,
    sha256,
    records,
    counts,
    imported_by,
    imported_at
});

impl TryFrom<FileRow> for HealthFile {
    type Error = StoreError;

    fn try_from(r: FileRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "health_files",
            column,
        };
        Ok(HealthFile {
            id: r.id,
            round: r.round_id,
            school: school_code(&r.school, "health_files", "school")?,
            version: u32::try_from(r.version).map_err(|_| bad("version"))?,
            file_name: r.file_name,
            sha256: r.sha256,
            records: u64::try_from(r.records).map_err(|_| bad("records"))?,
            counts: r.counts,
            imported_by: r.imported_by,
            imported_at: r.imported_at,
        })
    }
}

const FILE_COLUMNS: &str = "f.id, f.round_id, f.school, f.version, f.file_name, f.sha256, \
                            f.records, f.counts, f.imported_by, f.imported_at";
/// The latest version of each school's file of a round.
pub(super) const LATEST: &str = "f.version = (SELECT MAX(g.version) FROM health_files g \
                      WHERE g.round_id = f.round_id AND g.school = f.school)";

const RECORD_INSERT: &str =
    "INSERT INTO health_records (file_id, student_id, grade, class, sealed)";

/// A file's records checked and sealed.
fn seal_file(
    keys: &StudentKeys,
    round: i64,
    file: &HealthFileInput<'_>,
) -> Result<Vec<Vec<u8>>, StoreError> {
    check_required(file.file_name, "文件名", MAX_FILE_NAME)?;
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if file.sha256.len() != 64 || !file.sha256.bytes().all(hex) {
        return Err(StoreError::invalid(
            "文件摘要应为 64 位小写十六进制的 SHA-256",
        ));
    }
    if file.records.is_empty() || file.records.len() > MAX_HEALTH_RECORDS {
        return Err(StoreError::Invalid(format!(
            "一个文件应有 1 到 {MAX_HEALTH_RECORDS} 名学生的记录"
        )));
    }
    let mut seen = HashSet::with_capacity(file.records.len());
    let mut sealed = Vec::with_capacity(file.records.len());
    for (i, r) in file.records.iter().enumerate() {
        let at = |m: &str| StoreError::Invalid(format!("第 {} 条记录：{m}", i + 1));
        if !seen.insert(r.student) {
            return Err(at("同一学生在文件中出现两次"));
        }
        if !(1..=12).contains(&r.grade) {
            return Err(at("年级应为 1 到 12"));
        }
        check_required(r.class.trim(), "班级", MAX_CLASS_NAME).map_err(|e| at(&e.to_string()))?;
        if r.payload.is_empty() || r.payload.len() > MAX_RECORD_BYTES {
            return Err(at("记录内容为空或过长"));
        }
        sealed.push(keys.seal(&r.payload, &record_context(round, &r.pseudonym)));
    }
    Ok(sealed)
}

impl DistrictStore {
    /// Writes files of `round`, each as the next version of its school's file of the round:
    /// every child's record sealed, each file's counts and audit entry — all files in one
    /// transaction, all or nothing. Every child must be a child of this district.
    ///
    /// [`StoreError::Invalid`] when a record breaks a rule (naming which), a school has two
    /// files or a child is not the district's; [`StoreError::Conflict`] when a file (SHA-256)
    /// is already its school's latest version.
    pub async fn import_health_files(
        &self,
        keys: &StudentKeys,
        round: &HealthRound,
        files: &[HealthFileInput<'_>],
        actor: &Actor,
    ) -> Result<Vec<HealthFile>, StoreError> {
        check_actor(actor)?;
        let mut schools = HashSet::new();
        for f in files {
            if !schools.insert(f.school) {
                return Err(StoreError::Invalid(format!(
                    "学校 {} 有多个文件：每所学校每轮一个文件",
                    f.school
                )));
            }
        }
        let sealed = junheng_core::parallel::each(files, |f| seal_file(keys, round.id, f))
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let at = now();
        let ids: Vec<i64> = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids = Vec::with_capacity(files.len());
            for (f, sealed) in files.iter().zip(&sealed) {
                let latest: Option<(i64, String)> = sqlx::query_as(
                    "SELECT version, sha256 FROM health_files WHERE round_id = $1 AND school = $2 \
                     ORDER BY version DESC LIMIT 1",
                )
                .bind(round.id)
                .bind(f.school.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                if latest.as_ref().is_some_and(|(_, h)| h == f.sha256) {
                    return Err(StoreError::Conflict(format!(
                        "这个文件（SHA-256 相同）已是 {} 在「{}」中的最新版本，未重复导入",
                        f.school, round.name
                    )));
                }
                let version = latest.map_or(1, |(v, _)| v + 1);
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO health_files (round_id, school, version, file_name, sha256, \
                     records, counts, imported_by, imported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(round.id)
                .bind(f.school.as_str())
                .bind(version)
                .bind(f.file_name)
                .bind(f.sha256)
                .bind(i64::try_from(f.records.len()).unwrap_or(i64::MAX))
                .bind(f.counts)
                .bind(&actor.name)
                .bind(&at)
                .fetch_one(&mut *tx)
                .await?;
                // Every child is the district's.
                let per = pool.params_per_insert().saturating_sub(1).clamp(1, 5000);
                let mut known = 0usize;
                for chunk in f.records.chunks(per) {
                    // `+district_id`: look each child up by id; on the district's index SQLite
                    // scanned every child of the district for each file.
                    let sql = format!(
                        "SELECT COUNT(*) FROM students WHERE +district_id = {} AND id IN ({})",
                        pool.marks(1, 1),
                        pool.marks(2, chunk.len())
                    );
                    // Built from placeholders only.
                    let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).bind(self.id);
                    for r in chunk {
                        q = q.bind(r.student);
                    }
                    known += usize::try_from(q.fetch_one(&mut *tx).await?.0).unwrap_or(0);
                }
                if known != f.records.len() {
                    return Err(StoreError::invalid("文件中有学生不是本区县学籍中的学生"));
                }
                let per = (pool.params_per_insert() / 5).max(1);
                let rows: Vec<(&NewHealthRecord, &Vec<u8>)> =
                    f.records.iter().zip(sealed).collect();
                for chunk in rows.chunks(per) {
                    let sql = pool.values_sql(RECORD_INSERT, 5, chunk.len());
                    // Built from our own constants only.
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (r, s) in chunk {
                        q = q
                            .bind(id)
                            .bind(r.student)
                            .bind(i64::from(r.grade))
                            .bind(r.class.trim())
                            .bind(s.as_slice());
                    }
                    q.execute(&mut *tx).await?;
                }
                append!(
                    &mut *tx,
                    Some(self.id),
                    &actor.name,
                    action::HEALTH_IMPORT,
                    format!("health_file:{id}"),
                    format!(
                        "round={} kind={} school={} version={version} records={}",
                        round.id,
                        round.kind.id(),
                        f.school,
                        f.records.len()
                    )
                )?;
                ids.push(id);
            }
            tx.commit().await?;
            ids
        });
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.health_file(id).await?);
        }
        Ok(out)
    }

    async fn health_file(&self, id: i64) -> Result<HealthFile, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM health_files f JOIN health_rounds r ON r.id = f.round_id \
             WHERE r.district_id = $1 AND f.id = $2"
        );
        let row: Option<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(HealthFile::try_from)
            .transpose()?
            .ok_or(StoreError::NotFound("测评文件"))
    }

    /// The files of a round: every version (`all`) or each school's latest, by school.
    pub async fn health_files(&self, round: i64, all: bool) -> Result<Vec<HealthFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM health_files f JOIN health_rounds r ON r.id = f.round_id \
             WHERE r.district_id = $1 AND f.round_id = $2 {} ORDER BY f.school, f.version",
            if all {
                String::new()
            } else {
                format!("AND {LATEST}")
            }
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(round)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(HealthFile::try_from).collect()
    }

    /// Replaces a file's counts (after a new scoring pack), audited by the caller's one entry.
    pub async fn set_health_counts(
        &self,
        counts: &[(i64, String)],
        actor: &Actor,
        why: &str,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for (file, json) in counts {
                sqlx::query(
                    "UPDATE health_files SET counts = $1 WHERE id = $2 AND round_id IN \
                     (SELECT id FROM health_rounds WHERE district_id = $3)",
                )
                .bind(json)
                .bind(file)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::HEALTH_RESCORE,
                format!("health_files:{}", counts.len()),
                why.to_owned()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }
}
