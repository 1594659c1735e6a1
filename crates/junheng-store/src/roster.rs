//! Teacher rosters (教师花名册) per school year. An upload replaces the year's roster as a whole
//! and is kept as a new version: earlier versions stay readable, nothing is overwritten.
//!
//! Enums are stored as their snake_case serde names (`error::word`, `error::parse_word`); a name this
//! program does not know reads back as [`StoreError::Corrupt`].

use std::collections::HashMap;

use junheng_rotation::Teacher;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{narrow, parse_word, school_code, teacher_id, word};
use crate::limits::{MAX_SUBJECT, check_actor, check_len};
use crate::pool::{Dialect, from_row, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError, VersionKind, VersionOrigin};

/// Key of the PostgreSQL advisory lock that serialises roster uploads (their version numbers).
const ROSTER_LOCK: i64 = 4_714_730_201;

/// One upload of a school year's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterVersion {
    /// Row id.
    pub id: i64,
    /// 学年.
    pub year: i32,
    /// 1 for the first upload of the year, then 2, 3…
    pub version: u32,
    /// Teachers in this version.
    pub teachers: u64,
    /// When, RFC 3339 UTC.
    pub uploaded_at: String,
    /// User name of who uploaded it.
    pub uploaded_by: String,
    /// The uploaded file's name (empty for a restore and for versions older than migration 0011).
    pub file_name: String,
    /// How the version was made.
    pub kind: VersionKind,
    /// The version a merge or a restore was built from.
    pub based_on: Option<u32>,
}

struct VersionRow {
    id: i64,
    year: i64,
    version: i64,
    teacher_count: i64,
    uploaded_at: String,
    uploaded_by: String,
    file_name: String,
    kind: String,
    based_on: Option<i64>,
}
from_row!(VersionRow {
    id,
    year,
    version,
    teacher_count,
    uploaded_at,
    uploaded_by,
    file_name,
    kind,
    based_on
});

impl TryFrom<VersionRow> for RosterVersion {
    type Error = StoreError;

    fn try_from(r: VersionRow) -> Result<Self, StoreError> {
        const T: &str = "roster_versions";
        Ok(RosterVersion {
            id: r.id,
            year: narrow(r.year, T, "year")?,
            version: narrow(r.version, T, "version")?,
            teachers: narrow(r.teacher_count, T, "teacher_count")?,
            uploaded_at: r.uploaded_at,
            uploaded_by: r.uploaded_by,
            file_name: r.file_name,
            kind: VersionKind::parse(&r.kind, "roster_versions")?,
            based_on: r
                .based_on
                .map(|v| narrow(v, "roster_versions", "based_on"))
                .transpose()?,
        })
    }
}

/// A row of `roster_teachers` with its version's year.
struct TeacherRow {
    year: i64,
    teacher_id: String,
    school_code: String,
    section: String,
    subject: String,
    degree: String,
    backbone: String,
    pe_arts: i32,
    start_year: i64,
    birth_year: i64,
    sex: String,
    on_staff: i32,
    title: Option<String>,
}
from_row!(TeacherRow {
    year,
    teacher_id,
    school_code,
    section,
    subject,
    degree,
    backbone,
    pe_arts,
    start_year,
    birth_year,
    sex,
    on_staff,
    title
});

/// Columns of `roster_teachers` in insert order.
const TEACHER_COLUMNS: [&str; 13] = [
    "version_id",
    "teacher_id",
    "school_code",
    "section",
    "subject",
    "degree",
    "backbone",
    "pe_arts",
    "start_year",
    "birth_year",
    "sex",
    "on_staff",
    "title",
];

const T: &str = "roster_teachers";

impl TryFrom<TeacherRow> for Teacher {
    type Error = StoreError;

    fn try_from(r: TeacherRow) -> Result<Self, StoreError> {
        let corrupt = |column| StoreError::Corrupt { table: T, column };
        let flag = |v: i32, column| match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(corrupt(column)),
        };
        Ok(Teacher {
            year: narrow(r.year, "roster_versions", "year")?,
            id: teacher_id(&r.teacher_id, T, "teacher_id")?,
            school: school_code(&r.school_code, T, "school_code")?,
            section: parse_word(&r.section, T, "section")?,
            subject: r.subject,
            degree: parse_word(&r.degree, T, "degree")?,
            backbone: parse_word(&r.backbone, T, "backbone")?,
            pe_arts: flag(r.pe_arts, "pe_arts")?,
            start_year: narrow(r.start_year, T, "start_year")?,
            birth_year: narrow(r.birth_year, T, "birth_year")?,
            sex: parse_word(&r.sex, T, "sex")?,
            on_staff: flag(r.on_staff, "on_staff")?,
            title: r
                .title
                .as_deref()
                .map(|t| parse_word(t, T, "title"))
                .transpose()?,
        })
    }
}

/// Refuses an empty roster, teachers of another year, a teacher id given twice and subjects
/// longer than [`MAX_SUBJECT`]. Messages name the row and the teacher id, never other values.
fn check_roster(year: i32, teachers: &[Teacher]) -> Result<(), StoreError> {
    if teachers.is_empty() {
        return Err(StoreError::invalid("花名册中没有任何教师"));
    }
    let mut seen = HashMap::with_capacity(teachers.len());
    for (i, t) in teachers.iter().enumerate() {
        if t.year != year {
            return Err(StoreError::Invalid(format!(
                "第 {} 条记录（教师编号 {}）的学年 {} 与上传的学年 {year} 不一致",
                i + 1,
                t.id,
                t.year
            )));
        }
        check_len(&t.subject, "学科", MAX_SUBJECT).map_err(|e| {
            StoreError::Invalid(format!("第 {} 条记录（教师编号 {}）的{e}", i + 1, t.id))
        })?;
        if let Some(first) = seen.insert(&t.id, i) {
            return Err(StoreError::Conflict(format!(
                "教师编号 {} 在花名册中重复（第 {} 条和第 {} 条记录）",
                t.id,
                first + 1,
                i + 1
            )));
        }
    }
    Ok(())
}

const VERSION_COLUMNS: &str =
    "id, year, version, teacher_count, uploaded_at, uploaded_by, file_name, kind, based_on";

impl DistrictStore {
    /// Replaces the roster of school year `year` as a whole with `teachers`, as a new version
    /// (earlier versions stay readable with [`DistrictStore::roster_at`]).
    ///
    /// One transaction, all or nothing: the version row, one row per teacher and the audit entry
    /// `roster.replace` (target `roster:YEAR`, detail `version=N teachers=M`: counts only, never
    /// personal data). [`StoreError::Invalid`] if the roster is empty or a teacher is of another
    /// year, [`StoreError::Conflict`] if a teacher id is given twice.
    pub async fn replace_roster(
        &self,
        year: i32,
        teachers: &[Teacher],
        actor: &Actor,
    ) -> Result<RosterVersion, StoreError> {
        let mut versions = self.replace_rosters(&[(year, teachers)], actor).await?;
        Ok(versions.remove(0))
    }

    /// Replaces the rosters of several school years of one file, each as a new version of its
    /// year, in one transaction: every year or none ([`DistrictStore::replace_roster`] for one
    /// year; the same checks, for each year).
    pub async fn replace_rosters(
        &self,
        years: &[(i32, &[Teacher])],
        actor: &Actor,
    ) -> Result<Vec<RosterVersion>, StoreError> {
        let years: Vec<_> = years
            .iter()
            .map(|&(year, teachers)| (year, teachers, VersionOrigin::REPLACE))
            .collect();
        self.replace_rosters_from(&years, "", actor).await
    }

    /// [`DistrictStore::replace_rosters`] with where the new versions came from: the file's
    /// name (at most 255 characters; empty for a restore) and each year's origin (a merge of
    /// the listed schools into an earlier version, a restore), kept with each version and
    /// audited (`kind=… based_on=…`; the file name is not personal data).
    pub async fn replace_rosters_from(
        &self,
        years: &[(i32, &[Teacher], VersionOrigin)],
        file_name: &str,
        actor: &Actor,
    ) -> Result<Vec<RosterVersion>, StoreError> {
        check_len(file_name, "文件名", crate::limits::MAX_FILE_NAME)?;
        if years.is_empty() {
            return Err(StoreError::invalid("花名册中没有任何教师"));
        }
        for &(year, teachers, _) in years {
            check_roster(year, teachers)?;
        }
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(ROSTER_LOCK).await?;
            let mut versions = Vec::with_capacity(years.len());
            for &(year, teachers, origin) in years {
                let (version,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM roster_versions \
                     WHERE district_id = $2 AND year = $1",
                )
                .bind(i64::from(year))
                .bind(self.id)
                .fetch_one(&mut *tx)
                .await?;
                let uploaded_at = now();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO roster_versions (year, version, teacher_count, uploaded_at, \
                     uploaded_by, district_id, file_name, kind, based_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(i64::from(year))
                .bind(version)
                .bind(teachers.len() as i64)
                .bind(&uploaded_at)
                .bind(&actor.name)
                .bind(self.id)
                .bind(file_name)
                .bind(origin.kind.id())
                .bind(origin.based_on.map(i64::from))
                .fetch_one(&mut *tx)
                .await?;
                let head = format!(
                    "INSERT INTO roster_teachers ({})",
                    TEACHER_COLUMNS.join(", ")
                );
                let per_statement = (pool.params_per_insert() / TEACHER_COLUMNS.len()).max(1);
                for chunk in teachers.chunks(per_statement) {
                    // Built from our own column names only.
                    let sql = insert_values_sql(&head, TEACHER_COLUMNS.len(), chunk.len());
                    let mut q = sqlx::query(AssertSqlSafe(sql));
                    for t in chunk {
                        q = q
                            .bind(id)
                            .bind(t.id.as_str())
                            .bind(t.school.as_str())
                            .bind(t.section.id())
                            .bind(t.subject.as_str())
                            .bind(word(&t.degree))
                            .bind(word(&t.backbone))
                            .bind(i32::from(t.pe_arts))
                            .bind(i64::from(t.start_year))
                            .bind(i64::from(t.birth_year))
                            .bind(word(&t.sex))
                            .bind(i32::from(t.on_staff))
                            .bind(t.title.as_ref().map(word));
                    }
                    q.execute(&mut *tx).await?;
                }
                append!(
                    &mut *tx,
                    Some(self.id),
                    &actor.name,
                    action::ROSTER_REPLACE,
                    format!("roster:{year}"),
                    format!(
                        "version={version} teachers={}{}",
                        teachers.len(),
                        origin.detail()
                    )
                )?;
                versions.push(RosterVersion {
                    id,
                    year,
                    version: narrow(version, "roster_versions", "version")?,
                    teachers: teachers.len() as u64,
                    uploaded_at,
                    uploaded_by: actor.name.clone(),
                    file_name: file_name.to_owned(),
                    kind: origin.kind,
                    based_on: origin.based_on,
                });
            }
            tx.commit().await?;
            Ok(versions)
        })
    }

    /// The roster of school year `year`: the teachers of its latest version, ordered by school
    /// code, then teacher id (byte order, the same on both backends). Empty if no roster of that
    /// year was ever uploaded.
    pub async fn roster(&self, year: i32) -> Result<Vec<Teacher>, StoreError> {
        Ok(self.roster_teachers(year, None).await?.unwrap_or_default())
    }

    /// The teachers of version `version` of the roster of `year`, ordered like
    /// [`DistrictStore::roster`]. [`StoreError::NotFound`] if there is no such version.
    pub async fn roster_at(&self, year: i32, version: u32) -> Result<Vec<Teacher>, StoreError> {
        self.roster_teachers(year, Some(version))
            .await?
            .ok_or(StoreError::NotFound("该学年该版本的教师花名册"))
    }

    /// The teachers of one version (the latest when `None`); `None` if there is no such version.
    async fn roster_teachers(
        &self,
        year: i32,
        version: Option<u32>,
    ) -> Result<Option<Vec<Teacher>>, StoreError> {
        let rows: Option<Vec<TeacherRow>> = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            let found: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM roster_versions WHERE district_id = $3 AND year = $1 \
                 AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1",
            )
            .bind(i64::from(year))
            .bind(version.map(i64::from))
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            let rows = match found {
                None => None,
                Some((id,)) => Some(
                    sqlx::query_as(
                        "SELECT v.year, t.teacher_id, t.school_code, t.section, t.subject, \
                         t.degree, t.backbone, t.pe_arts, t.start_year, t.birth_year, t.sex, \
                         t.on_staff, t.title FROM roster_teachers t \
                         JOIN roster_versions v ON v.id = t.version_id WHERE t.version_id = $1",
                    )
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?,
                ),
            };
            tx.commit().await?;
            rows
        });
        let Some(rows) = rows else { return Ok(None) };
        let mut teachers = rows
            .into_iter()
            .map(Teacher::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        // Sorted here, not by SQL: PostgreSQL's collation may not be byte order.
        teachers.sort_by(|a, b| (&a.school, &a.id).cmp(&(&b.school, &b.id)));
        Ok(Some(teachers))
    }

    /// Every upload of the roster of `year`, newest first.
    pub async fn roster_versions(&self, year: i32) -> Result<Vec<RosterVersion>, StoreError> {
        let rows: Vec<VersionRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {VERSION_COLUMNS} FROM roster_versions WHERE district_id = $2 \
                 AND year = $1 ORDER BY version DESC"
            )))
            .bind(i64::from(year))
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(RosterVersion::try_from).collect()
    }

    /// The school years that have a roster, newest first, each with its latest version.
    pub async fn roster_years(&self) -> Result<Vec<RosterVersion>, StoreError> {
        let rows: Vec<VersionRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {VERSION_COLUMNS} FROM roster_versions v WHERE district_id = $1 \
                 AND version = (SELECT MAX(w.version) FROM roster_versions w \
                 WHERE w.district_id = v.district_id AND w.year = v.year) \
                 ORDER BY year DESC"
            )))
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(RosterVersion::try_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_core::school::Section;
    use junheng_rotation::{BackboneLevel, Degree, MoveKind, Sex, Title};
    use serde::de::DeserializeOwned;

    fn round_trips<E>(values: &[E])
    where
        E: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for v in values {
            let text = word(v);
            assert!(!text.is_empty(), "{v:?}");
            assert_eq!(&parse_word::<E>(&text, "t", "c").unwrap(), v);
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{text}\""));
        }
    }

    #[test]
    fn stored_words_are_the_serde_names_and_read_back() {
        round_trips(Degree::ALL);
        round_trips(BackboneLevel::ALL);
        round_trips(Sex::ALL);
        round_trips(Title::ALL);
        round_trips(MoveKind::ALL);
        round_trips(&[Section::Primary, Section::Junior, Section::Senior]);
        for s in [Section::Primary, Section::Junior, Section::Senior] {
            assert_eq!(word(&s), s.id());
        }
        assert_eq!(word(&Degree::Bachelor), "bachelor");
        let err = parse_word::<Degree>("doctor", "roster_teachers", "degree").unwrap_err();
        assert_eq!(err.code(), "store.corrupt");
        assert!(parse_word::<Sex>("Male", "t", "c").is_err());
    }
}
