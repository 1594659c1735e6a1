//! A school's scores of an exam: each import a new version (the latest is the school's), the
//! columns sealed; withdrawing the latest version restores the one before (the undo of an
//! import); the files opened again for the analyses.

use std::collections::HashSet;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::{ExamInfo, file_context};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_FILE_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::students::log_access;
use crate::time::now;
use crate::{Actor, StoreError, StudentKeys};

/// Most bytes of one school's sealed columns (a large school's eight papers take about 50 bytes
/// a student).
pub const MAX_EXAM_FILE_BYTES: usize = 64 << 20;

/// A school's scores to write.
#[derive(Debug, Clone, Copy)]
pub struct ExamFileInput<'a> {
    /// The school.
    pub school: &'a SchoolCode,
    /// The file's name.
    pub file_name: &'a str,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: &'a str,
    /// Students on the school's roster.
    pub students: u64,
    /// Sittings with a mark (score or status).
    pub sittings: u64,
    /// The school's columns, encoded by the use-case layer; sealed on writing.
    pub columns: &'a [u8],
}

/// A school's file as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExamFile {
    /// Row id.
    pub id: i64,
    /// Its exam.
    pub exam: i64,
    /// The school.
    pub school: SchoolCode,
    /// Its version, from 1.
    pub version: u32,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Students on the roster.
    pub students: u64,
    /// Sittings with a mark.
    pub sittings: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// A school's latest file opened: its columns.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenedExamFile {
    /// The school.
    pub school: SchoolCode,
    /// Its version.
    pub version: u32,
    /// The columns, as the use-case layer encoded them.
    pub columns: Vec<u8>,
}

impl std::fmt::Debug for OpenedExamFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedExamFile")
            .field("school", &self.school)
            .field("version", &self.version)
            .field("bytes", &self.columns.len())
            .finish()
    }
}

struct FileRow {
    id: i64,
    exam_id: i64,
    school: String,
    version: i64,
    file_name: String,
    sha256: String,
    students: i64,
    sittings: i64,
    imported_by: String,
    imported_at: String,
}
from_row!(FileRow {
    id,
    exam_id,
    school,
    version,
    file_name,
    sha256,
    students,
    sittings,
    imported_by,
    imported_at
});

impl TryFrom<FileRow> for ExamFile {
    type Error = StoreError;

    fn try_from(r: FileRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "exam_files",
            column,
        };
        Ok(ExamFile {
            id: r.id,
            exam: r.exam_id,
            school: school_code(&r.school, "exam_files", "school")?,
            version: u32::try_from(r.version).map_err(|_| bad("version"))?,
            file_name: r.file_name,
            sha256: r.sha256,
            students: u64::try_from(r.students).map_err(|_| bad("students"))?,
            sittings: u64::try_from(r.sittings).map_err(|_| bad("sittings"))?,
            imported_by: r.imported_by,
            imported_at: r.imported_at,
        })
    }
}

const FILE_COLUMNS: &str = "f.id, f.exam_id, f.school, f.version, f.file_name, f.sha256, \
                            f.students, f.sittings, f.imported_by, f.imported_at";
/// The latest version of each school's file of an exam.
const LATEST: &str = "f.version = (SELECT MAX(g.version) FROM exam_files g \
                      WHERE g.exam_id = f.exam_id AND g.school = f.school)";

fn check_file(file: &ExamFileInput<'_>) -> Result<(), StoreError> {
    check_required(file.file_name, "文件名", MAX_FILE_NAME)?;
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if file.sha256.len() != 64 || !file.sha256.bytes().all(hex) {
        return Err(StoreError::invalid(
            "文件摘要应为 64 位小写十六进制的 SHA-256",
        ));
    }
    if file.students == 0 || file.columns.is_empty() || file.columns.len() > MAX_EXAM_FILE_BYTES {
        return Err(StoreError::invalid(format!(
            "学校 {} 的成绩为空或超过 {} MB",
            file.school,
            MAX_EXAM_FILE_BYTES >> 20
        )));
    }
    Ok(())
}

impl DistrictStore {
    /// Writes schools' files of `exam`, each as the next version of its school's file, sealed,
    /// with one audit entry each — all in one transaction, all or nothing.
    ///
    /// [`StoreError::Invalid`] when a school has two files or a file breaks a rule;
    /// [`StoreError::Conflict`] when a file (SHA-256) is already its school's latest version.
    pub async fn import_exam_files(
        &self,
        keys: &StudentKeys,
        exam: &ExamInfo,
        files: &[ExamFileInput<'_>],
        actor: &Actor,
    ) -> Result<Vec<ExamFile>, StoreError> {
        check_actor(actor)?;
        let mut schools = HashSet::new();
        for f in files {
            check_file(f)?;
            if !schools.insert(f.school) {
                return Err(StoreError::Invalid(format!(
                    "学校 {} 有多个文件：每所学校每次考试一个文件",
                    f.school
                )));
            }
        }
        let sealed: Vec<Vec<u8>> = junheng_core::parallel::each(files, |f| {
            keys.seal_bytes(f.columns, &file_context(exam.id, f.school.as_str()))
        });
        let at = now();
        let ids: Vec<i64> = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids = Vec::with_capacity(files.len());
            for (f, sealed) in files.iter().zip(&sealed) {
                let latest: Option<(i64, String)> = sqlx::query_as(
                    "SELECT f.version, f.sha256 FROM exam_files f JOIN exams e ON e.id = f.exam_id \
                     WHERE e.district_id = $1 AND f.exam_id = $2 AND f.school = $3 \
                     ORDER BY f.version DESC LIMIT 1",
                )
                .bind(self.id)
                .bind(exam.id)
                .bind(f.school.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                if latest.as_ref().is_some_and(|(_, h)| h == f.sha256) {
                    return Err(StoreError::Conflict(format!(
                        "这个文件（SHA-256 相同）已是 {} 在「{}」中的最新版本，未重复导入",
                        f.school, exam.name
                    )));
                }
                let version = latest.map_or(1, |(v, _)| v + 1);
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO exam_files (exam_id, school, version, file_name, sha256, \
                     students, sittings, sealed, imported_by, imported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(exam.id)
                .bind(f.school.as_str())
                .bind(version)
                .bind(f.file_name)
                .bind(f.sha256)
                .bind(i64::try_from(f.students).unwrap_or(i64::MAX))
                .bind(i64::try_from(f.sittings).unwrap_or(i64::MAX))
                .bind(sealed.as_slice())
                .bind(&actor.name)
                .bind(&at)
                .fetch_one(&mut *tx)
                .await?;
                append!(
                    &mut *tx,
                    Some(self.id),
                    &actor.name,
                    action::EXAM_IMPORT,
                    format!("exam_file:{id}"),
                    format!(
                        "exam={} school={} version={version} students={} sittings={}",
                        exam.id, f.school, f.students, f.sittings
                    )
                )?;
                ids.push(id);
            }
            tx.commit().await?;
            ids
        });
        let mut files = self.exam_files(exam.id, true).await?;
        files.retain(|f| ids.contains(&f.id));
        Ok(files)
    }

    /// The files of an exam: every version (`all`) or each school's latest, by school.
    pub async fn exam_files(&self, exam: i64, all: bool) -> Result<Vec<ExamFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM exam_files f JOIN exams e ON e.id = f.exam_id \
             WHERE e.district_id = $1 AND f.exam_id = $2 {} ORDER BY f.school, f.version",
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
                .bind(exam)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(ExamFile::try_from).collect()
    }

    /// Each school's latest file of `exam` opened (of the given schools only, when `schools` is
    /// given). The columns name children by pseudonymous key only; a use case that shows a
    /// named child records that read itself.
    pub async fn open_exam_files(
        &self,
        keys: &StudentKeys,
        exam: i64,
        schools: Option<&[SchoolCode]>,
    ) -> Result<Vec<OpenedExamFile>, StoreError> {
        // Only the wanted schools' sealed columns leave the database.
        let rows: Vec<(String, i64, Vec<u8>)> = with_pool!(&self.pool, |pool| {
            let only = schools.map_or(String::new(), |list| {
                format!("AND f.school IN ({})", pool.marks(3, list.len().max(1)))
            });
            let sql = format!(
                "SELECT f.school, f.version, f.sealed FROM exam_files f \
                 JOIN exams e ON e.id = f.exam_id WHERE e.district_id = {} AND f.exam_id = {} \
                 AND {LATEST} {only} ORDER BY f.school",
                pool.marks(1, 1),
                pool.marks(2, 1)
            );
            // Built from our own constants and placeholders only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(exam);
            match schools {
                Some([]) => q = q.bind(""),
                Some(list) => {
                    for c in list {
                        q = q.bind(c.as_str());
                    }
                }
                None => {}
            }
            q.fetch_all(pool).await?
        });
        junheng_core::parallel::each(&rows, |(school, version, sealed)| {
            let columns = keys
                .open_bytes(sealed, &file_context(exam, school))
                .map_err(|_| {
                    StoreError::invalid(format!(
                        "学校 {school} 的成绩无法用当前或旧加密密钥解开：请检查密钥配置"
                    ))
                })?;
            Ok(OpenedExamFile {
                school: school_code(school, "exam_files", "school")?,
                version: u32::try_from(*version).map_err(|_| StoreError::Corrupt {
                    table: "exam_files",
                    column: "version",
                })?,
                columns,
            })
        })
        .into_iter()
        .collect()
    }

    /// Withdraws a school's latest file of `exam` (the undo of an import): the version before,
    /// if any, is the school's again. Audited; returns the withdrawn file.
    pub async fn withdraw_exam_file(
        &self,
        exam: &ExamInfo,
        school: &SchoolCode,
        actor: &Actor,
    ) -> Result<ExamFile, StoreError> {
        check_actor(actor)?;
        let latest = self
            .exam_files(exam.id, false)
            .await?
            .into_iter()
            .find(|f| &f.school == school)
            .ok_or(StoreError::NotFound("该校的成绩文件"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM exam_files WHERE id = $1 AND exam_id = $2")
                .bind(latest.id)
                .bind(exam.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::EXAM_WITHDRAW,
                format!("exam_file:{}", latest.id),
                format!(
                    "exam={} school={school} version={}",
                    exam.id, latest.version
                )
            )?;
            tx.commit().await?;
        });
        Ok(latest)
    }
}

impl DistrictStore {
    /// Records that `actor` read the 成绩单 of the district's child `student` in `exam` at `what`
    /// (`student_access` + `exam.read`): the use case calls it before it shows the card.
    pub async fn record_exam_read(
        &self,
        exam: i64,
        student: i64,
        actor: &Actor,
        what: &str,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let at = now();
        let what = format!("{what} exam={exam}");
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM students WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(student)
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("学生"));
            }
            log_access!(
                pool,
                &mut *tx,
                self.id,
                &[student],
                actor,
                &what,
                &at,
                action::EXAM_READ
            );
            tx.commit().await?;
        });
        Ok(())
    }
}
