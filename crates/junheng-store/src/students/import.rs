//! Writing registry files: each a new version of a school's 学籍 for a year, a district's files
//! in one transaction.

use std::collections::{HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_core::student::Stage;

use super::{NewStudent, RegistryCounts, StudentImport, name_context, number_context};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_CLASS_NAME, MAX_FILE_NAME, check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError, StudentKeys};

/// Most children in one registry file (a whole district's file).
pub const MAX_STUDENTS_PER_IMPORT: usize = 400_000;
/// Most characters of a child's name.
const MAX_STUDENT_NAME: usize = 30;
/// Most characters of a 户籍 province.
const MAX_PROVINCE: usize = 20;

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

/// One school's registry file to write.
#[derive(Debug, Clone, Copy)]
pub struct RegistryFile<'a> {
    /// The school.
    pub school: &'a SchoolCode,
    /// 公办 (else 民办).
    pub public: bool,
    /// Its children, in file order.
    pub students: &'a [NewStudent],
    /// The file's name.
    pub file_name: &'a str,
    /// The file's SHA-256 (64 lowercase hex digits).
    pub sha256: &'a str,
}

/// A file checked before the transaction: each child's pseudonym, sealed 学籍号 and sealed
/// name, and the file's counts.
struct Checked<'a> {
    file: RegistryFile<'a>,
    pseudonyms: Vec<String>,
    sealed: Vec<(Vec<u8>, Vec<u8>)>,
    counts: RegistryCounts,
}

/// Checks a file's name, digest and children; keys and seals every child (a child already known
/// keeps their sealed values unless the name changed: sealing them all here, on the machine's
/// cores before the transaction, costs less than sealing the new ones inside it).
fn check_file<'a>(keys: &StudentKeys, file: RegistryFile<'a>) -> Result<Checked<'a>, StoreError> {
    check_required(file.file_name, "文件名", MAX_FILE_NAME)?;
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if file.sha256.len() != 64 || !file.sha256.bytes().all(hex) {
        return Err(StoreError::invalid(
            "文件摘要应为 64 位小写十六进制的 SHA-256",
        ));
    }
    let students = file.students;
    if students.is_empty() || students.len() > MAX_STUDENTS_PER_IMPORT {
        return Err(StoreError::Invalid(format!(
            "一个学籍文件应有 1 到 {MAX_STUDENTS_PER_IMPORT} 个学生"
        )));
    }
    let mut seen = HashSet::with_capacity(students.len());
    let mut pseudonyms = Vec::with_capacity(students.len());
    let mut sealed = Vec::with_capacity(students.len());
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
        sealed.push((
            keys.seal(s.number.expose(), &number_context(&p)),
            keys.seal(s.name.trim(), &name_context(&p)),
        ));
        pseudonyms.push(p);
    }
    Ok(Checked {
        file,
        pseudonyms,
        sealed,
        counts: RegistryCounts::of(students),
    })
}

impl DistrictStore {
    /// Writes a registry file of `school` for school year `year` as the next version of that
    /// school and year: [`DistrictStore::import_registries`] of one file.
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
        let file = RegistryFile {
            school,
            public,
            students,
            file_name,
            sha256,
        };
        let mut done = self.import_registries(keys, year, &[file], actor).await?;
        Ok(done.remove(0))
    }

    /// Writes registry files of school year `year`, each as the next version of its school and
    /// year: the children new to the district (by pseudonym) with their sealed name and 学籍号,
    /// a name that changed re-sealed, every child's record, each file's counts and audit entry —
    /// all files in one transaction, all or nothing. The files' content is not kept.
    ///
    /// [`StoreError::Invalid`] when a child breaks a rule (naming which), the same 学籍号 is
    /// twice in a file, a file has none or more than [`MAX_STUDENTS_PER_IMPORT`], or a school
    /// has two files; [`StoreError::Conflict`] when a file (SHA-256) is already its school and
    /// year's latest version.
    pub async fn import_registries(
        &self,
        keys: &StudentKeys,
        year: i32,
        files: &[RegistryFile<'_>],
        actor: &Actor,
    ) -> Result<Vec<StudentImport>, StoreError> {
        check_actor(actor)?;
        if !(2000..=2100).contains(&year) {
            return Err(StoreError::invalid("学年应在 2000 到 2100 之间"));
        }
        let mut schools = HashSet::new();
        for f in files {
            if !schools.insert(f.school) {
                return Err(StoreError::Invalid(format!(
                    "学校 {} 有多个学籍文件：每所学校每学年一个文件",
                    f.school
                )));
            }
        }
        // Files are independent: checked, keyed and sealed on the machine's cores.
        let checked = junheng_core::parallel::each(files, |f| check_file(keys, *f))
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let at = now();
        let written: Vec<(i64, i64)> = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut written = Vec::with_capacity(checked.len());
            for c in &checked {
                let RegistryFile {
                    school,
                    public,
                    students,
                    file_name,
                    sha256,
                } = c.file;
                let pseudonyms = c.pseudonyms.as_slice();
                let sealed = c.sealed.as_slice();
                let counts_json = serde_json::to_string(&c.counts).expect("counts serialise");
                let n = students.len() as u64;
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
                    let sql = format!(
                        "SELECT id, pseudonym, name_sealed FROM students WHERE district_id = {} \
                         AND pseudonym IN ({})",
                        pool.marks(1, 1),
                        pool.marks(2, chunk.len())
                    );
                    // Built from placeholders only.
                    let mut q =
                        sqlx::query_as::<_, (i64, String, Vec<u8>)>(sqlx::AssertSqlSafe(sql))
                            .bind(self.id);
                    for p in chunk {
                        q = q.bind(p);
                    }
                    for (sid, p, name) in q.fetch_all(&mut *tx).await? {
                        known.insert(p, (sid, name));
                    }
                }
                // New children, sealed; their ids come back with their pseudonyms.
                let fresh: Vec<(usize, &NewStudent)> = students
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !known.contains_key(&pseudonyms[*i]))
                    .collect();
                let per = (pool.params_per_insert() / PER_STUDENT).max(1);
                for chunk in fresh.chunks(per) {
                    let sql = format!(
                        "{} RETURNING id, pseudonym",
                        pool.values_sql(STUDENT_INSERT, PER_STUDENT, chunk.len())
                    );
                    // Built from our own constants only.
                    let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
                    for (i, s) in chunk {
                        let p = &pseudonyms[*i];
                        q = q
                            .bind(self.id)
                            .bind(p)
                            .bind(sealed[*i].0.as_slice())
                            .bind(sealed[*i].1.as_slice())
                            .bind(i64::from(s.male))
                            .bind(&s.birth_date[..7])
                            .bind(&at);
                    }
                    for (sid, p) in q.fetch_all(&mut *tx).await? {
                        known.insert(p, (sid, Vec::new()));
                    }
                }
                // A name that changed (a correction) is sealed again; a reduced child is restored.
                for (i, (s, p)) in students.iter().zip(pseudonyms).enumerate() {
                    let (sid, stored) = &known[p];
                    if stored.is_empty() {
                        continue;
                    }
                    let same = keys
                        .open(stored, &name_context(p))
                        .is_ok_and(|old| old == s.name.trim());
                    if !same {
                        sqlx::query(
                            "UPDATE students SET name_sealed = $1, number_sealed = $2, \
                             reduced_at = NULL WHERE id = $3",
                        )
                        .bind(sealed[i].1.as_slice())
                        .bind(sealed[i].0.as_slice())
                        .bind(sid)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                let per = (pool.params_per_insert() / PER_RECORD).max(1);
                let rows: Vec<(&NewStudent, i64)> = students
                    .iter()
                    .zip(pseudonyms)
                    .map(|(s, p)| (s, known[p].0))
                    .collect();
                let build = |chunk: &[(&NewStudent, i64)]| {
                    let sql = pool.values_sql(RECORD_INSERT, PER_RECORD, chunk.len());
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
                    q
                };
                // The next statement is bound while the database runs this one.
                let mut chunks = rows.chunks(per);
                let mut next = chunks.next().map(build);
                while let Some(q) = next.take() {
                    let bind_next = async { chunks.next().map(build) };
                    let (done, following) =
                        futures_util::future::join(q.execute(&mut *tx), bind_next).await;
                    done?;
                    next = following;
                }
                append!(
                    &mut *tx,
                    Some(self.id),
                    &actor.name,
                    action::STUDENT_IMPORT,
                    format!("student_import:{id}"),
                    format!("school={school} year={year} version={version} students={n}")
                )?;
                written.push((id, version));
            }
            tx.commit().await?;
            written
        });
        Ok(checked
            .into_iter()
            .zip(written)
            .map(|(c, (id, version))| StudentImport {
                id,
                school: c.file.school.clone(),
                year,
                version: u32::try_from(version).unwrap_or(u32::MAX),
                public: c.file.public,
                file_name: c.file.file_name.to_owned(),
                sha256: c.file.sha256.to_owned(),
                students: c.file.students.len() as u64,
                counts: c.counts,
                imported_by: actor.name.clone(),
                imported_at: at.clone(),
            })
            .collect())
    }
}
