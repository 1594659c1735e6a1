//! 资格证, 编制 and 岗位 (区管校聘), teachers' pay (issue 17, `posts`): the year's 教师资格证 and
//! 编制 files (written whole with their audit entry; the latest of a year is current and
//! withdrawing it brings the previous one back), the district's approved totals, the moves of
//! posts between schools (cancelled, never edited) and the yearly pay figures ([`district`]).

use junheng_rotation::TeacherId;
use junheng_teachers::posts::{CertificateKind, Staffing, TeacherCertificate};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_SUBJECT, check_actor, check_len, check_required};
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

mod district;

pub use district::PostMoveRecord;

/// Most rows of one file.
pub const MAX_ROWS_PER_FILE: usize = 100_000;
/// Most characters of a certificate number.
pub const MAX_CERTIFICATE_NUMBER: usize = 40;
/// Most posts, staff or teachers one school may list.
pub const MAX_SCHOOL_STAFF: u32 = 10_000;

/// Which file of the slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostFileKind {
    /// 教师资格证.
    Certificates,
    /// 编制.
    Staffing,
}

impl PostFileKind {
    fn table(self) -> &'static str {
        match self {
            PostFileKind::Certificates => "post_certificate_files",
            PostFileKind::Staffing => "post_staffing_files",
        }
    }

    fn rows_table(self) -> &'static str {
        match self {
            PostFileKind::Certificates => "post_certificates",
            PostFileKind::Staffing => "post_staffing",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            PostFileKind::Certificates => "该学年导入的教师资格证表",
            PostFileKind::Staffing => "该学年导入的编制表",
        }
    }

    fn actions(self) -> (&'static str, &'static str) {
        match self {
            PostFileKind::Certificates => (
                action::POSTS_CERTIFICATES_IMPORT,
                action::POSTS_CERTIFICATES_WITHDRAW,
            ),
            PostFileKind::Staffing => (
                action::POSTS_STAFFING_IMPORT,
                action::POSTS_STAFFING_WITHDRAW,
            ),
        }
    }
}

/// An imported file of the slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostFile {
    /// Row id.
    pub id: i64,
    /// 学年 (2024 = 2024–2025学年).
    pub year: i32,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Rows in it.
    pub rows: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

type FileRow = (i64, i64, String, String, i64, String, String);

fn file(r: FileRow, table: &'static str) -> Result<PostFile, StoreError> {
    let (id, year, file_name, sha256, rows, imported_by, imported_at) = r;
    Ok(PostFile {
        id,
        year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
            table,
            column: "year",
        })?,
        file_name,
        sha256,
        rows: u64::try_from(rows).unwrap_or(0),
        imported_by,
        imported_at,
    })
}

fn check_file(year: i32, file_name: &str, sha256: &str, rows: usize) -> Result<(), StoreError> {
    crate::seats::check_file(year, file_name, sha256)?;
    if rows == 0 || rows > MAX_ROWS_PER_FILE {
        return Err(StoreError::Invalid(format!(
            "一个文件应有 1 到 {MAX_ROWS_PER_FILE} 行"
        )));
    }
    Ok(())
}

/// One stored value of a file's row.
enum Val {
    Text(String),
    OptText(Option<String>),
    Int(i64),
}

const CERT_INSERT: &str = "INSERT INTO post_certificates (file_id, teacher, kind, subject, number)";
const STAFF_INSERT: &str =
    "INSERT INTO post_staffing (file_id, school, approved, on_post, outside)";

impl DistrictStore {
    /// Writes a file's rows (each `per_row` values after the file id), its record and the
    /// audit entry in one transaction.
    async fn import_post_file(
        &self,
        kind: PostFileKind,
        year: i32,
        rows: Vec<Vec<Val>>,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<PostFile, StoreError> {
        check_actor(actor)?;
        check_file(year, file_name, sha256, rows.len())?;
        let (insert, per_row) = match kind {
            PostFileKind::Certificates => (CERT_INSERT, 5),
            PostFileKind::Staffing => (STAFF_INSERT, 5),
        };
        let at = now();
        let count = rows.len() as u64;
        let file_sql = format!(
            "INSERT INTO {} (district_id, year, file_name, sha256, rows_count, imported_by, \
             imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            kind.table()
        );
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own constants only.
            let (id,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(file_sql))
                .bind(self.id)
                .bind(i64::from(year))
                .bind(file_name)
                .bind(sha256)
                .bind(i64::try_from(count).unwrap_or(i64::MAX))
                .bind(&actor.name)
                .bind(&at)
                .fetch_one(&mut *tx)
                .await?;
            let per = (pool.params_per_insert() / per_row).max(1);
            for chunk in rows.chunks(per) {
                let sql = insert_values_sql(insert, per_row, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for row in chunk {
                    q = q.bind(id);
                    for v in row {
                        q = match v {
                            Val::Text(t) => q.bind(t.as_str()),
                            Val::OptText(t) => q.bind(t.as_deref()),
                            Val::Int(n) => q.bind(*n),
                        };
                    }
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                kind.actions().0,
                format!("{}:{id}", kind.table()),
                format!(
                    "year={year} file={} rows={count}",
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(PostFile {
            id,
            year,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            rows: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The files of a kind imported for `year` (every year when `None`), newest first; the
    /// first of a year is current.
    pub async fn post_files(
        &self,
        kind: PostFileKind,
        year: Option<i32>,
    ) -> Result<Vec<PostFile>, StoreError> {
        let sql = format!(
            "SELECT id, year, file_name, sha256, rows_count, imported_by, imported_at FROM {} \
             WHERE district_id = $1 AND ($2 IS NULL OR year = $2) ORDER BY year DESC, id DESC",
            kind.table()
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(year.map(i64::from))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(|r| file(r, kind.table())).collect()
    }

    /// Withdraws the year's current file of a kind (the previous one, if any, is current
    /// again), with its audit entry. [`StoreError::NotFound`] when the year has none.
    pub async fn withdraw_post_file(
        &self,
        kind: PostFileKind,
        year: i32,
        actor: &Actor,
    ) -> Result<PostFile, StoreError> {
        check_actor(actor)?;
        let current = self
            .post_files(kind, Some(year))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound(kind.noun()))?;
        let rows_sql = format!("DELETE FROM {} WHERE file_id = $1", kind.rows_table());
        let file_sql = format!(
            "DELETE FROM {} WHERE id = $1 AND district_id = $2",
            kind.table()
        );
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own constants only.
            sqlx::query(sqlx::AssertSqlSafe(rows_sql.clone()))
                .bind(current.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(file_sql.clone()))
                .bind(current.id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                kind.actions().1,
                format!("{}:{}", kind.table(), current.id),
                format!("year={year} rows={}", current.rows)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }

    /// Writes a school year's 教师资格证 file as the year's current one. [`StoreError::Invalid`]
    /// when a subject or number is too long, or a teacher holds the same kind twice. That every
    /// teacher is in the year's roster is the app's check.
    pub async fn import_certificates(
        &self,
        year: i32,
        certs: &[TeacherCertificate],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<PostFile, StoreError> {
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::with_capacity(certs.len());
        for (i, c) in certs.iter().enumerate() {
            let which = format!("第 {} 张证书", i + 1);
            check_len(&c.subject, &format!("{which}的任教学科"), MAX_SUBJECT)?;
            if let Some(n) = &c.number {
                check_required(n, &format!("{which}的证书号码"), MAX_CERTIFICATE_NUMBER)?;
            }
            if !seen.insert((&c.teacher, c.kind)) {
                return Err(StoreError::Invalid(format!(
                    "{which}：教师 {} 的{}教师资格列了两次",
                    c.teacher.as_str(),
                    c.kind.label()
                )));
            }
            rows.push(vec![
                Val::Text(c.teacher.as_str().to_owned()),
                Val::Text(c.kind.id().to_owned()),
                Val::Text(c.subject.trim().to_owned()),
                Val::OptText(c.number.clone()),
            ]);
        }
        self.import_post_file(
            PostFileKind::Certificates,
            year,
            rows,
            file_name,
            sha256,
            actor,
        )
        .await
    }

    /// The year's current 教师资格证 file and its certificates (by teacher and kind), if any.
    pub async fn certificates(
        &self,
        year: i32,
    ) -> Result<Option<(PostFile, Vec<TeacherCertificate>)>, StoreError> {
        let kind = PostFileKind::Certificates;
        let Some(current) = self.post_files(kind, Some(year)).await?.into_iter().next() else {
            return Ok(None);
        };
        let rows: Vec<(String, String, String, Option<String>)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT teacher, kind, subject, number FROM post_certificates \
                     WHERE file_id = $1 ORDER BY teacher, kind",
            )
            .bind(current.id)
            .fetch_all(pool)
            .await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "post_certificates",
            column,
        };
        let certs = rows
            .into_iter()
            .map(|(teacher, k, subject, number)| {
                Ok(TeacherCertificate {
                    teacher: TeacherId::parse(&teacher).map_err(|_| bad("teacher"))?,
                    kind: CertificateKind::parse(&k).ok_or_else(|| bad("kind"))?,
                    subject,
                    number,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some((current, certs)))
    }

    /// Writes a school year's 编制 file as the year's current one. [`StoreError::Invalid`] when a
    /// figure is above [`MAX_SCHOOL_STAFF`] or a school is listed twice.
    pub async fn import_staffing(
        &self,
        year: i32,
        schools: &[Staffing],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<PostFile, StoreError> {
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::with_capacity(schools.len());
        for (i, s) in schools.iter().enumerate() {
            if [s.approved, s.on_post, s.outside]
                .iter()
                .any(|n| *n > MAX_SCHOOL_STAFF)
            {
                return Err(StoreError::Invalid(format!(
                    "第 {} 所学校：人数应为 0 至 {MAX_SCHOOL_STAFF}",
                    i + 1
                )));
            }
            if !seen.insert(&s.school) {
                return Err(StoreError::Invalid(format!(
                    "第 {} 所学校：{} 列了两次",
                    i + 1,
                    s.school
                )));
            }
            rows.push(vec![
                Val::Text(s.school.as_str().to_owned()),
                Val::Int(i64::from(s.approved)),
                Val::Int(i64::from(s.on_post)),
                Val::Int(i64::from(s.outside)),
            ]);
        }
        self.import_post_file(PostFileKind::Staffing, year, rows, file_name, sha256, actor)
            .await
    }

    /// The year's current 编制 file and its schools (by school), if any.
    pub async fn staffing(
        &self,
        year: i32,
    ) -> Result<Option<(PostFile, Vec<Staffing>)>, StoreError> {
        let kind = PostFileKind::Staffing;
        let Some(current) = self.post_files(kind, Some(year)).await?.into_iter().next() else {
            return Ok(None);
        };
        let rows: Vec<(String, i64, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT school, approved, on_post, outside FROM post_staffing \
                 WHERE file_id = $1 ORDER BY school",
            )
            .bind(current.id)
            .fetch_all(pool)
            .await?
        });
        let n = |v: i64, column| {
            u32::try_from(v).map_err(|_| StoreError::Corrupt {
                table: "post_staffing",
                column,
            })
        };
        let schools = rows
            .into_iter()
            .map(|(school, approved, on_post, outside)| {
                Ok(Staffing {
                    school: school_code(&school, "post_staffing", "school")?,
                    approved: n(approved, "approved")?,
                    on_post: n(on_post, "on_post")?,
                    outside: n(outside, "outside")?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some((current, schools)))
    }

    /// The current 编制 figures of every year before `year` that has them, oldest first.
    pub async fn staffing_history(
        &self,
        year: i32,
    ) -> Result<Vec<(i32, Vec<Staffing>)>, StoreError> {
        let mut years: Vec<i32> = self
            .post_files(PostFileKind::Staffing, None)
            .await?
            .into_iter()
            .map(|f| f.year)
            .filter(|y| *y < year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let mut out = Vec::with_capacity(years.len());
        for y in years {
            if let Some((_, rows)) = self.staffing(y).await? {
                out.push((y, rows));
            }
        }
        Ok(out)
    }
}
