//! The class table (班级规模表) of a school year: each class of each school with its pupils, for
//! the 政府保障 item on class size. A file is written whole or not at all, with its audit entry
//! ([`DistrictStore::import_class_table`]); the latest file of a year is the year's table, and
//! withdrawing it ([`DistrictStore::withdraw_class_table`]) brings the previous one back. When
//! a year has no table, the registry's classes ([`DistrictStore::registry_classes`]) are counted
//! instead.

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::check_actor;
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most classes one class table may hold.
pub const MAX_CLASSES_PER_TABLE: usize = 50_000;
/// Most characters of a class's name.
pub const MAX_CLASS_NAME: usize = 30;
/// Most pupils of one class.
pub const MAX_CLASS_PUPILS: u32 = 200;

/// One class: its school, grade (1–9) and name, and its pupils.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassEntry {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 年级, 1–9 (一至六年级 小学, 七至九年级 初中).
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// 学生数.
    pub pupils: u32,
}

/// An imported class table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassTableFile {
    /// Row id.
    pub id: i64,
    /// 学年 (2024 = 2024–2025学年).
    pub year: i32,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Classes in it.
    pub classes: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// What a class says, checked; `which` names it in a message (第 3 个班).
fn check(c: &ClassEntry, which: usize) -> Result<(), StoreError> {
    let bad = |m: String| Err(StoreError::Invalid(format!("第 {which} 个班：{m}")));
    if !(1..=9).contains(&c.grade) {
        return bad(format!("年级 {} 应为 1 至 9", c.grade));
    }
    if c.class.trim().is_empty() || c.class.chars().count() > MAX_CLASS_NAME {
        return bad(format!("班级名称应为 1 到 {MAX_CLASS_NAME} 个字"));
    }
    if !(1..=MAX_CLASS_PUPILS).contains(&c.pupils) {
        return bad(format!("学生数 {} 应为 1 至 {MAX_CLASS_PUPILS}", c.pupils));
    }
    Ok(())
}

const CLASS_INSERT: &str = "INSERT INTO seat_classes (file_id, school, grade, class, pupils)";
const PER_CLASS: usize = 5;
const FILE_COLUMNS: &str = "id, year, file_name, sha256, classes, imported_by, imported_at";

type FileRow = (i64, i64, String, String, i64, String, String);

fn file(r: FileRow) -> Result<ClassTableFile, StoreError> {
    let (id, year, file_name, sha256, classes, imported_by, imported_at) = r;
    Ok(ClassTableFile {
        id,
        year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
            table: "seat_class_files",
            column: "year",
        })?,
        file_name,
        sha256,
        classes: u64::try_from(classes).unwrap_or(0),
        imported_by,
        imported_at,
    })
}

fn classes_of(rows: Vec<(String, i64, String, i64)>) -> Result<Vec<ClassEntry>, StoreError> {
    let bad = |column| StoreError::Corrupt {
        table: "seat_classes",
        column,
    };
    rows.into_iter()
        .map(|(school, grade, class, pupils)| {
            Ok(ClassEntry {
                school: school_code(&school, "seat_classes", "school")?,
                grade: u8::try_from(grade)
                    .ok()
                    .filter(|g| (1..=9).contains(g))
                    .ok_or_else(|| bad("grade"))?,
                class,
                pupils: u32::try_from(pupils).map_err(|_| bad("pupils"))?,
            })
        })
        .collect()
}

impl DistrictStore {
    /// Writes a school year's class table — every class, the file's record and the audit entry —
    /// in one transaction, as the year's current table. [`StoreError::Invalid`] when a class
    /// breaks a rule (naming which), when there are none or more than
    /// [`MAX_CLASSES_PER_TABLE`], or when one class is listed twice.
    pub async fn import_class_table(
        &self,
        year: i32,
        classes: &[ClassEntry],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<ClassTableFile, StoreError> {
        check_actor(actor)?;
        super::check_file(year, file_name, sha256)?;
        if classes.is_empty() || classes.len() > MAX_CLASSES_PER_TABLE {
            return Err(StoreError::Invalid(format!(
                "一个班级规模表应有 1 到 {MAX_CLASSES_PER_TABLE} 个班"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in classes.iter().enumerate() {
            check(c, i + 1)?;
            if !seen.insert((&c.school, c.grade, c.class.trim())) {
                return Err(StoreError::Invalid(format!(
                    "第 {} 个班：{} {} 年级“{}”列了两次",
                    i + 1,
                    c.school,
                    c.grade,
                    c.class.trim()
                )));
            }
        }
        let at = now();
        let count = classes.len() as u64;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO seat_class_files (district_id, year, file_name, sha256, classes, \
                 imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(count).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per = (pool.params_per_insert() / PER_CLASS).max(1);
            for chunk in classes.chunks(per) {
                let sql = insert_values_sql(CLASS_INSERT, PER_CLASS, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for c in chunk {
                    q = q
                        .bind(id)
                        .bind(c.school.as_str())
                        .bind(i64::from(c.grade))
                        .bind(c.class.trim())
                        .bind(i64::from(c.pupils));
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEATS_CLASSES_IMPORT,
                format!("seat_class_file:{id}"),
                format!(
                    "year={year} file={} classes={count}",
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(ClassTableFile {
            id,
            year,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            classes: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The class tables imported for `year` (every year when `None`), newest first; the first
    /// of a year is its current table.
    pub async fn class_tables(&self, year: Option<i32>) -> Result<Vec<ClassTableFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM seat_class_files WHERE district_id = $1 \
             AND ($2 IS NULL OR year = $2) ORDER BY year DESC, id DESC"
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(year.map(i64::from))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(file).collect()
    }

    /// The year's current class table and its classes (by school, grade and class), if any.
    pub async fn class_table(
        &self,
        year: i32,
    ) -> Result<Option<(ClassTableFile, Vec<ClassEntry>)>, StoreError> {
        let Some(current) = self.class_tables(Some(year)).await?.into_iter().next() else {
            return Ok(None);
        };
        let rows: Vec<(String, i64, String, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT school, grade, class, pupils FROM seat_classes WHERE file_id = $1 \
                 ORDER BY school, grade, class",
            )
            .bind(current.id)
            .fetch_all(pool)
            .await?
        });
        Ok(Some((current, classes_of(rows)?)))
    }

    /// Withdraws the year's current class table (the previous one, if any, is current again),
    /// with its audit entry. [`StoreError::NotFound`] when the year has none.
    pub async fn withdraw_class_table(
        &self,
        year: i32,
        actor: &Actor,
    ) -> Result<ClassTableFile, StoreError> {
        check_actor(actor)?;
        let current = self
            .class_tables(Some(year))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("该学年导入的班级规模表"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM seat_classes WHERE file_id = $1")
                .bind(current.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM seat_class_files WHERE id = $1 AND district_id = $2")
                .bind(current.id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEATS_CLASSES_WITHDRAW,
                format!("seat_class_file:{}", current.id),
                format!("year={year} classes={}", current.classes)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }

    /// The classes of the year's registry (学籍): per school, grade and class of each school's
    /// latest registry file, how many children it lists (children without a class are not
    /// counted). Names nobody.
    pub async fn registry_classes(&self, year: i32) -> Result<Vec<ClassEntry>, StoreError> {
        let rows: Vec<(String, i64, String, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT i.school, r.grade, r.class, COUNT(*) FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 WHERE i.district_id = $1 AND i.year = $2 AND r.class IS NOT NULL \
                 AND r.grade BETWEEN 1 AND 9 \
                 AND i.version = (SELECT MAX(l.version) FROM student_imports l \
                     WHERE l.district_id = i.district_id AND l.school = i.school \
                     AND l.year = i.year) \
                 GROUP BY i.school, r.grade, r.class ORDER BY i.school, r.grade, r.class",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        classes_of(rows)
    }
}
