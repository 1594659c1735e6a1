//! Writing a registry file (a new version of a school's 学籍 for a year) and reading the registry
//! back without names.

use std::collections::{HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_core::student::{Disability, Flags, Placement, Stage};

use super::{
    NewStudent, RegistryCounts, RegistryEntry, StudentImport, name_context, number_context,
};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_CLASS_NAME, MAX_FILE_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, insert_values_sql, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError, StudentKeys};

/// Most children in one registry file (a whole district's file).
pub const MAX_STUDENTS_PER_IMPORT: usize = 400_000;
/// Most characters of a child's name.
const MAX_STUDENT_NAME: usize = 30;
/// Most characters of a 户籍 province.
const MAX_PROVINCE: usize = 20;

/// A registry row with its file's school and year.
type EntryRow = (
    i64,
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    String,
    i64,
);

/// A registry entry read back.
#[allow(clippy::too_many_arguments)]
fn entry(
    id: i64,
    male: i64,
    birth: String,
    grade: i64,
    class: Option<String>,
    from: Option<String>,
    dis: Option<String>,
    place: Option<String>,
    flags: i64,
) -> Result<RegistryEntry, StoreError> {
    let bad = |column| StoreError::Corrupt {
        table: "student_records",
        column,
    };
    let disability = match (dis, place) {
        (Some(d), Some(p)) => Some((
            Disability::from_id(&d).ok_or_else(|| bad("disability"))?,
            Placement::from_id(&p).ok_or_else(|| bad("placement"))?,
        )),
        (None, None) => None,
        _ => return Err(bad("placement")),
    };
    Ok(RegistryEntry {
        student: id,
        male: male != 0,
        birth_month: birth,
        grade: u8::try_from(grade).map_err(|_| bad("grade"))?,
        class: class.unwrap_or_default(),
        migrant_from: from,
        disability,
        flags: Flags::from_bits(u8::try_from(flags).map_err(|_| bad("flags"))?),
    })
}

struct ImportRow {
    id: i64,
    school: String,
    year: i64,
    version: i64,
    public: i64,
    file_name: String,
    sha256: String,
    students: i64,
    counts: String,
    imported_by: String,
    imported_at: String,
}
from_row!(ImportRow {
    id,
    school,
    year,
    version,
    public,
    file_name,
    sha256,
    students,
    counts,
    imported_by,
    imported_at
});

impl TryFrom<ImportRow> for StudentImport {
    type Error = StoreError;

    fn try_from(r: ImportRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "student_imports",
            column,
        };
        Ok(StudentImport {
            id: r.id,
            school: school_code(&r.school, "student_imports", "school")?,
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            version: u32::try_from(r.version).map_err(|_| bad("version"))?,
            public: r.public != 0,
            file_name: r.file_name,
            sha256: r.sha256,
            students: u64::try_from(r.students).map_err(|_| bad("students"))?,
            counts: serde_json::from_str(&r.counts).map_err(|_| bad("counts"))?,
            imported_by: r.imported_by,
            imported_at: r.imported_at,
        })
    }
}

const IMPORT_COLUMNS: &str = "id, school, year, version, public, file_name, sha256, students, \
                              counts, imported_by, imported_at";

/// A child's row of a file, checked; `n` names it (第 n 个学生).
fn check(s: &NewStudent, n: usize) -> Result<(), StoreError> {
    let at = |m: String| StoreError::Invalid(format!("第 {n} 个学生：{m}"));
    let name = s.name.trim();
    if name.is_empty() || name.chars().count() > MAX_STUDENT_NAME {
        return Err(at(format!("姓名应为 1 到 {MAX_STUDENT_NAME} 个字")));
    }
    if !is_date(&s.birth_date) {
        return Err(at("出生日期应写作 YYYY-MM-DD".into()));
    }
    if Stage::of_grade(s.grade).is_none() {
        return Err(at("年级应为 1 到 9".into()));
    }
    check_required(s.class.trim(), "班级", MAX_CLASS_NAME).map_err(|e| at(e.to_string()))?;
    if let junheng_core::student::Hukou::Migrant { province } = &s.hukou {
        check_required(province.trim(), "户籍所在省份", MAX_PROVINCE)
            .map_err(|e| at(e.to_string()))?;
    }
    Ok(())
}

/// The columns of `student_records`, in bind order.
const RECORD_INSERT: &str = "INSERT INTO student_records (import_id, student_id, stage, grade, \
                             class, migrant_from, disability, placement, flags)";
const PER_RECORD: usize = 9;
const STUDENT_INSERT: &str = "INSERT INTO students (district_id, pseudonym, number_sealed, \
                              name_sealed, male, birth_month, created_at)";
const PER_STUDENT: usize = 7;

impl DistrictStore {
    /// Writes a registry file of `school` for school year `year` as the next version of that
    /// school and year: the children new to the district (by pseudonym) with their sealed name
    /// and 学籍号, a name that changed re-sealed, every child's record, the file's counts and the
    /// audit entry — in one transaction, all or nothing. The file's content is not kept.
    ///
    /// [`StoreError::Invalid`] when a child breaks a rule (naming which), the same 学籍号 is
    /// there twice, or the file has none or more than [`MAX_STUDENTS_PER_IMPORT`];
    /// [`StoreError::Conflict`] when the same file (SHA-256) is already this school and year's
    /// latest version.
    #[allow(clippy::too_many_arguments)]
    pub async fn import_students(
        &self,
        keys: &StudentKeys,
        school: &SchoolCode,
        year: i32,
        public: bool,
        students: &[NewStudent],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<StudentImport, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", MAX_FILE_NAME)?;
        if !(2000..=2100).contains(&year) {
            return Err(StoreError::invalid("学年应在 2000 到 2100 之间"));
        }
        let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
        if sha256.len() != 64 || !sha256.bytes().all(hex) {
            return Err(StoreError::invalid(
                "文件摘要应为 64 位小写十六进制的 SHA-256",
            ));
        }
        if students.is_empty() || students.len() > MAX_STUDENTS_PER_IMPORT {
            return Err(StoreError::Invalid(format!(
                "一个学籍文件应有 1 到 {MAX_STUDENTS_PER_IMPORT} 个学生"
            )));
        }
        let mut seen = HashSet::with_capacity(students.len());
        let mut pseudonyms = Vec::with_capacity(students.len());
        for (i, s) in students.iter().enumerate() {
            check(s, i + 1)?;
            let p = keys.pseudonym(&s.number);
            if !seen.insert(p.clone()) {
                return Err(StoreError::Invalid(format!(
                    "第 {} 个学生的学籍号 {} 在文件中重复",
                    i + 1,
                    s.number.masked()
                )));
            }
            pseudonyms.push(p);
        }
        let counts = RegistryCounts::of(students);
        let counts_json = serde_json::to_string(&counts).expect("counts serialise");
        let at = now();
        let n = students.len() as u64;
        let (id, version) = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let latest: Option<(i64, String)> = sqlx::query_as(
                "SELECT version, sha256 FROM student_imports WHERE district_id = $1 \
                 AND school = $2 AND year = $3 ORDER BY version DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(i64::from(year))
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((_, same)) = latest.as_ref().filter(|(_, h)| h == sha256) {
                let _ = same;
                return Err(StoreError::Conflict(format!(
                    "这个文件（SHA-256 相同）已是 {school} {year} 学年学籍的最新版本，未重复导入"
                )));
            }
            let version = latest.map_or(1, |(v, _)| v + 1);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO student_imports (district_id, school, year, version, public, \
                 file_name, sha256, students, counts, imported_by, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(i64::from(year))
            .bind(version)
            .bind(i64::from(public))
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .bind(&counts_json)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;

            // The children already known, with their sealed name.
            let per = pool.params_per_insert().saturating_sub(1).clamp(1, 5000);
            let mut known: HashMap<String, (i64, Vec<u8>)> = HashMap::new();
            for chunk in pseudonyms.chunks(per) {
                let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "SELECT id, pseudonym, name_sealed FROM students WHERE district_id = $1 \
                     AND pseudonym IN ({})",
                    marks.join(", ")
                );
                // Built from placeholders only.
                let mut q = sqlx::query_as::<_, (i64, String, Vec<u8>)>(sqlx::AssertSqlSafe(sql))
                    .bind(self.id);
                for p in chunk {
                    q = q.bind(p);
                }
                for (sid, p, name) in q.fetch_all(&mut *tx).await? {
                    known.insert(p, (sid, name));
                }
            }
            // New children, sealed.
            let fresh: Vec<(usize, &NewStudent)> = students
                .iter()
                .enumerate()
                .filter(|(i, _)| !known.contains_key(&pseudonyms[*i]))
                .collect();
            let per = (pool.params_per_insert() / PER_STUDENT).max(1);
            for chunk in fresh.chunks(per) {
                let sql = insert_values_sql(STUDENT_INSERT, PER_STUDENT, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (i, s) in chunk {
                    let p = &pseudonyms[*i];
                    q = q
                        .bind(self.id)
                        .bind(p)
                        .bind(keys.seal(s.number.expose(), &number_context(p)))
                        .bind(keys.seal(s.name.trim(), &name_context(p)))
                        .bind(i64::from(s.male))
                        .bind(&s.birth_date[..7])
                        .bind(&at);
                }
                q.execute(&mut *tx).await?;
            }
            if !fresh.is_empty() {
                let fresh_keys: Vec<&String> = fresh.iter().map(|(i, _)| &pseudonyms[*i]).collect();
                let per = pool.params_per_insert().saturating_sub(1).clamp(1, 5000);
                for chunk in fresh_keys.chunks(per) {
                    let marks: Vec<String> =
                        (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                    let sql = format!(
                        "SELECT id, pseudonym FROM students WHERE district_id = $1 \
                         AND pseudonym IN ({})",
                        marks.join(", ")
                    );
                    // Built from placeholders only.
                    let mut q =
                        sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql)).bind(self.id);
                    for p in chunk {
                        q = q.bind(*p);
                    }
                    for (sid, p) in q.fetch_all(&mut *tx).await? {
                        known.insert(p, (sid, Vec::new()));
                    }
                }
            }
            // A name that changed (a correction) is sealed again; a reduced child is restored.
            for (s, p) in students.iter().zip(&pseudonyms) {
                let (sid, sealed) = &known[p];
                if sealed.is_empty() {
                    continue;
                }
                let same = keys
                    .open(sealed, &name_context(p))
                    .is_ok_and(|old| old == s.name.trim());
                if !same {
                    sqlx::query(
                        "UPDATE students SET name_sealed = $1, number_sealed = $2, \
                         reduced_at = NULL WHERE id = $3",
                    )
                    .bind(keys.seal(s.name.trim(), &name_context(p)))
                    .bind(keys.seal(s.number.expose(), &number_context(p)))
                    .bind(sid)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            let per = (pool.params_per_insert() / PER_RECORD).max(1);
            let rows: Vec<(&NewStudent, i64)> = students
                .iter()
                .zip(&pseudonyms)
                .map(|(s, p)| (s, known[p].0))
                .collect();
            for chunk in rows.chunks(per) {
                let sql = insert_values_sql(RECORD_INSERT, PER_RECORD, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (s, sid) in chunk {
                    let stage = Stage::of_grade(s.grade).expect("checked");
                    q = q
                        .bind(id)
                        .bind(*sid)
                        .bind(stage.id())
                        .bind(i64::from(s.grade))
                        .bind(s.class.trim())
                        .bind(match &s.hukou {
                            junheng_core::student::Hukou::Migrant { province } => {
                                Some(province.trim())
                            }
                            junheng_core::student::Hukou::Local => None,
                        })
                        .bind(s.disability.map(|(d, _)| d.id()))
                        .bind(s.disability.map(|(_, p)| p.id()))
                        .bind(i64::from(s.flags.bits()));
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_IMPORT,
                format!("student_import:{id}"),
                format!("school={school} year={year} version={version} students={n}")
            )?;
            tx.commit().await?;
            (id, version)
        });
        Ok(StudentImport {
            id,
            school: school.clone(),
            year,
            version: u32::try_from(version).unwrap_or(u32::MAX),
            public,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            students: n,
            counts,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// Every registry file of the district (of one school when given), newest first.
    pub async fn student_imports(
        &self,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<StudentImport>, StoreError> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM student_imports WHERE district_id = $1 \
             AND ($2 IS NULL OR school = $2) ORDER BY year DESC, school, version DESC"
        );
        let rows: Vec<ImportRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentImport::try_from).collect()
    }

    /// The registry of a school year: the latest version of each school's file (of one school
    /// when given).
    pub async fn current_registries(
        &self,
        year: i32,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<StudentImport>, StoreError> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM student_imports i WHERE district_id = $1 \
             AND year = $2 AND ($3 IS NULL OR school = $3) AND version = (SELECT MAX(version) \
             FROM student_imports j WHERE j.district_id = i.district_id AND j.school = i.school \
             AND j.year = i.year) ORDER BY school"
        );
        let rows: Vec<ImportRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(i64::from(year))
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentImport::try_from).collect()
    }

    /// The school years that have a registry, newest first.
    pub async fn registry_years(&self) -> Result<Vec<i32>, StoreError> {
        let years: Vec<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT year FROM student_imports WHERE district_id = $1 \
                 ORDER BY year DESC",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(years
            .into_iter()
            .filter_map(|(y,)| i32::try_from(y).ok())
            .collect())
    }

    /// The children of a registry file, by grade, class and id — without names.
    pub async fn registry(&self, import: i64) -> Result<Vec<RegistryEntry>, StoreError> {
        type Row = (
            i64,
            i64,
            String,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.male, s.birth_month, r.grade, r.class, r.migrant_from, \
                 r.disability, r.placement, r.flags FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 JOIN students s ON s.id = r.student_id \
                 WHERE i.district_id = $1 AND r.import_id = $2 ORDER BY r.grade, r.class, s.id",
            )
            .bind(self.id)
            .bind(import)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, male, birth, grade, class, from, dis, place, flags)| {
                entry(id, male, birth, grade, class, from, dis, place, flags)
            })
            .collect()
    }

    /// The latest registry entry of each of these children (of the latest school year that
    /// lists them, latest version): child → (school, year, entry).
    pub async fn latest_entries(
        &self,
        students: &[i64],
    ) -> Result<HashMap<i64, (SchoolCode, i32, RegistryEntry)>, StoreError> {
        let mut out = HashMap::new();
        for chunk in students.chunks(5000) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT s.id, s.male, s.birth_month, r.grade, r.class, r.migrant_from, \
                 r.disability, r.placement, r.flags, i.school, i.year FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 JOIN students s ON s.id = r.student_id \
                 WHERE i.district_id = $1 AND r.student_id IN ({}) \
                 ORDER BY r.student_id, i.year, i.version, i.id",
                marks.join(", ")
            );
            let rows: Vec<EntryRow> = with_pool!(&self.pool, |pool| {
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            // Ordered oldest first: the last row of each child wins.
            for r in rows {
                let school = school_code(&r.9, "student_imports", "school")?;
                let year = i32::try_from(r.10).map_err(|_| StoreError::Corrupt {
                    table: "student_imports",
                    column: "year",
                })?;
                let entry = entry(r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8)?;
                out.insert(entry.student, (school, year, entry));
            }
        }
        Ok(out)
    }

    /// The children of the registry of school year `year` (the latest version of each
    /// school's file) by pseudonym: (child, school, grade, flags). For comparisons with other
    /// departments' lists; no name.
    pub async fn registry_keys(
        &self,
        year: i32,
    ) -> Result<HashMap<String, (i64, SchoolCode, u8, Flags)>, StoreError> {
        let rows: Vec<(String, i64, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT s.pseudonym, s.id, i.school, r.grade, r.flags FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 JOIN students s ON s.id = r.student_id \
                 WHERE i.district_id = $1 AND i.year = $2 AND i.version = (SELECT MAX(version) \
                 FROM student_imports j WHERE j.district_id = i.district_id \
                 AND j.school = i.school AND j.year = i.year)",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "student_records",
            column,
        };
        rows.into_iter()
            .map(|(p, id, school, grade, flags)| {
                Ok((
                    p,
                    (
                        id,
                        school_code(&school, "student_imports", "school")?,
                        u8::try_from(grade).map_err(|_| bad("grade"))?,
                        Flags::from_bits(u8::try_from(flags).map_err(|_| bad("flags"))?),
                    ),
                ))
            })
            .collect()
    }

    /// The id of the child with this pseudonym, if the district knows them.
    pub async fn student_id(&self, pseudonym: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT id FROM students WHERE district_id = $1 AND pseudonym = $2")
                .bind(self.id)
                .bind(pseudonym)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// Where a child is on the registry: (school, year, grade) of the latest year that lists
    /// them, from their latest version of that year.
    pub async fn student_place(
        &self,
        student: i64,
    ) -> Result<Option<(SchoolCode, i32, u8)>, StoreError> {
        let row: Option<(String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT i.school, i.year, r.grade FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 WHERE i.district_id = $1 AND r.student_id = $2 \
                 ORDER BY i.year DESC, i.version DESC, i.id DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(student)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(s, y, g)| {
            let bad = |column| StoreError::Corrupt {
                table: "student_imports",
                column,
            };
            Ok((
                school_code(&s, "student_imports", "school")?,
                i32::try_from(y).map_err(|_| bad("year"))?,
                u8::try_from(g).map_err(|_| bad("grade"))?,
            ))
        })
        .transpose()
    }
}
