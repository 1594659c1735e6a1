//! Per-school-year statistics: every import of a year is a new version, nothing is overwritten.

use std::collections::HashMap;
use std::sync::Arc;

use junheng_core::school::{SchoolCode, SchoolRecord};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{narrow, to_u32};
use crate::limits::{
    MAX_FILE_NAME, MAX_GROUP_NAME, MAX_NOTE, MAX_SCHOOL_TEXT, check_actor, check_len,
};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError, VersionKind, VersionOrigin};

#[macro_use]
mod rows;
use rows::*;

/// Where an import came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSource {
    /// The uploaded file's name, as the user's computer named it.
    pub file_name: String,
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Free note (why this version was imported); may be empty.
    pub note: String,
}

impl ImportSource {
    /// Describes an uploaded file: hashes its bytes.
    ///
    /// ```
    /// let s = junheng_store::ImportSource::new("2024.xlsx", b"abc", "");
    /// assert_eq!(&s.sha256[..8], "ba7816bf");
    /// ```
    pub fn new(file_name: impl Into<String>, bytes: &[u8], note: impl Into<String>) -> Self {
        let digest = Sha256::digest(bytes);
        ImportSource {
            file_name: file_name.into(),
            sha256: hex::encode(digest),
            note: note.into(),
        }
    }
}

/// One import: a version of a school year's statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportInfo {
    /// Row id.
    pub id: i64,
    /// 学年.
    pub year: i32,
    /// 1 for the first import of the year, then 2, 3…
    pub version: u32,
    /// The uploaded file's name.
    pub file_name: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Note given at import.
    pub note: String,
    /// Schools imported.
    pub rows: u64,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
    /// User name of who imported.
    pub imported_by: String,
    /// How the version was made.
    pub kind: VersionKind,
    /// The version a merge or a restore was built from.
    pub based_on: Option<u32>,
}

/// A school year as the years list shows it: its latest version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearSummary {
    /// 学年.
    pub year: i32,
    /// The latest version.
    pub latest_version: u32,
    /// How many versions were imported.
    pub versions: u32,
    /// Schools in the latest version.
    pub schools: u64,
    /// When the latest version was imported.
    pub imported_at: String,
    /// Who imported the latest version.
    pub imported_by: String,
}

/// One school's record as one import stored it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolVersion {
    /// 学年.
    pub year: i32,
    /// Version of that year's statistics.
    pub version: u32,
    /// The import's id.
    pub import_id: i64,
    /// When the version was imported.
    pub imported_at: String,
    /// Who imported it.
    pub imported_by: String,
    /// The record.
    pub record: SchoolRecord,
}

impl TryFrom<ImportRow> for ImportInfo {
    type Error = StoreError;

    fn try_from(r: ImportRow) -> Result<Self, StoreError> {
        Ok(ImportInfo {
            id: r.id,
            year: narrow(r.year, "imports", "year")?,
            version: to_u32(r.version, "imports", "version")?,
            file_name: r.file_name,
            sha256: r.sha256,
            note: r.note,
            rows: narrow(r.row_count, "imports", "row_count")?,
            imported_at: r.imported_at,
            imported_by: r.imported_by,
            kind: VersionKind::parse(&r.kind, "imports")?,
            based_on: r
                .based_on
                .map(|v| to_u32(v, "imports", "based_on"))
                .transpose()?,
        })
    }
}

/// The first school code that appears twice, with both positions (1-based), to name it in the
/// conflict message. Codes are not personal data.
fn first_duplicate(records: &[SchoolRecord]) -> Option<(&SchoolCode, usize, usize)> {
    let mut seen = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        if let Some(first) = seen.insert(&r.code, i) {
            return Some((&r.code, first + 1, i + 1));
        }
    }
    None
}

/// A unique violation while inserting the rows of an import is a school code given twice.
fn duplicate_or_database(e: sqlx::Error, records: &[SchoolRecord]) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            StoreError::Conflict(match first_duplicate(records) {
                Some((code, a, b)) => {
                    format!("学校标识码 {code} 在导入的数据中重复（第 {a} 条和第 {b} 条记录）")
                }
                None => "导入的数据中有重复的学校标识码".to_owned(),
            })
        }
        _ => StoreError::from(e),
    }
}

/// Refuses a record whose 学校名称, 学区 or 教育集团 is longer than the store keeps; `n` is the
/// record's position (1-based) in what was given.
pub(crate) fn check_record_text(n: usize, r: &SchoolRecord) -> Result<(), StoreError> {
    let fields = [
        (Some(r.name.as_str()), "学校名称", MAX_SCHOOL_TEXT),
        (r.zone.as_deref(), "学区", MAX_SCHOOL_TEXT),
        (r.group.as_deref(), "教育集团", MAX_GROUP_NAME),
    ];
    for (text, field, max) in fields {
        let Some(text) = text else { continue };
        check_len(text, field, max).map_err(|e| {
            StoreError::Invalid(format!("第 {n} 条记录（学校标识码 {}）的{e}", r.code))
        })?;
    }
    Ok(())
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The checks of one year's records before anything is written.
fn check_year(year: i32, records: &[SchoolRecord]) -> Result<(), StoreError> {
    if records.is_empty() {
        return Err(StoreError::invalid("导入的数据中没有任何学校"));
    }
    if let Some((i, r)) = records.iter().enumerate().find(|(_, r)| r.year != year) {
        return Err(StoreError::Invalid(format!(
            "第 {} 条记录（学校标识码 {}）的学年 {} 与导入的学年 {year} 不一致",
            i + 1,
            r.code,
            r.year
        )));
    }
    for (i, r) in records.iter().enumerate() {
        check_record_text(i + 1, r)?;
    }
    let finite = |r: &SchoolRecord| {
        let f = &r.facilities;
        let place = r.location.map_or([0.0; 2], |l| [l.longitude, l.latitude]);
        let rooms = [f.music_room_area, f.art_room_area].map(|a| a.unwrap_or(0.0));
        [
            f.teaching_room_area,
            f.gym_area,
            f.sports_ground_area,
            f.equipment_value,
        ]
        .iter()
        .chain(&place)
        .chain(&rooms)
        .all(|v| v.is_finite())
    };
    if !records.iter().all(finite) {
        return Err(StoreError::invalid("面积、资产值和经纬度必须是有限的数"));
    }
    Ok(())
}

impl DistrictStore {
    /// Imports a school year's statistics as a new version (previous versions stay readable).
    ///
    /// One transaction, all or nothing: the `imports` row, one `school_years` row per record,
    /// the 教育集团 named in the records (created if missing, with an open membership from
    /// September 1st of the school year for each school not already an open member), and the
    /// audit entry.
    ///
    /// [`StoreError::Invalid`] for no records, a record of another year, a text longer than the
    /// store keeps (学校名称, 学区, 教育集团, the file name, the note: see the crate
    /// documentation), or a malformed digest.
    pub async fn import_statistics(
        &self,
        year: i32,
        records: &[SchoolRecord],
        source: &ImportSource,
        actor: &Actor,
    ) -> Result<ImportInfo, StoreError> {
        let mut infos = self
            .import_statistics_years(&[(year, records)], source, actor)
            .await?;
        Ok(infos.remove(0))
    }

    /// Imports several school years of one file, each as a new version of its year, in one
    /// transaction: every year or none ([`DistrictStore::import_statistics`] for one year; the
    /// same checks, for each year).
    pub async fn import_statistics_years(
        &self,
        years: &[(i32, &[SchoolRecord])],
        source: &ImportSource,
        actor: &Actor,
    ) -> Result<Vec<ImportInfo>, StoreError> {
        let years: Vec<_> = years
            .iter()
            .map(|&(year, records)| (year, records, VersionOrigin::REPLACE))
            .collect();
        self.import_statistics_from(&years, source, actor).await
    }

    /// [`DistrictStore::import_statistics_years`] with each year's origin: a merge of the
    /// listed schools into an earlier version, or a restore of an earlier version (kept with
    /// the version and audited as `kind=… based_on=…`).
    pub async fn import_statistics_from(
        &self,
        years: &[(i32, &[SchoolRecord], VersionOrigin)],
        source: &ImportSource,
        actor: &Actor,
    ) -> Result<Vec<ImportInfo>, StoreError> {
        self.import_years(years, source, actor, None)
            .await
            .map(|(infos, _)| infos)
    }

    /// [`DistrictStore::import_statistics_years`], and, in the same transaction, the record of
    /// the package the statistics came from (its sequence checked against those received
    /// before, under the district's lock): the import and the record are written together or
    /// not at all. Returns the imports and the record's id.
    pub(crate) async fn import_years(
        &self,
        years: &[(i32, &[SchoolRecord], VersionOrigin)],
        source: &ImportSource,
        actor: &Actor,
        received: Option<&crate::packages::NewReceivedPackage>,
    ) -> Result<(Vec<ImportInfo>, Option<i64>), StoreError> {
        if years.is_empty() {
            return Err(StoreError::invalid("导入的数据中没有任何学校"));
        }
        for &(year, records, _) in years {
            check_year(year, records)?;
        }
        check_len(&source.file_name, "文件名", MAX_FILE_NAME)?;
        check_len(&source.note, "导入备注", MAX_NOTE)?;
        check_actor(actor)?;
        if !is_sha256_hex(&source.sha256) {
            return Err(StoreError::invalid(
                "文件摘要应为 64 位小写十六进制的 SHA-256",
            ));
        }
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let district = self.id;
            // Serialises concurrent imports of one district on PostgreSQL (a row lock until
            // commit); SQLite's BEGIN IMMEDIATE already did.
            sqlx::query("UPDATE districts SET code = code WHERE id = $1")
                .bind(district)
                .execute(&mut *tx)
                .await?;
            if let Some(p) = received {
                let (last,): (Option<i64>,) = sqlx::query_as(
                    "SELECT MAX(sequence) FROM received_packages \
                     WHERE district_id = $1 AND year = $2",
                )
                .bind(district)
                .bind(i64::from(p.year))
                .fetch_one(&mut *tx)
                .await?;
                crate::packages::check_sequence(last, p.sequence)?;
            }
            let mut infos = Vec::with_capacity(years.len());
            for &(year, records, origin) in years {
                let (version,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM imports \
                     WHERE district_id = $1 AND year = $2",
                )
                .bind(district)
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?;
                let imported_at = now();
                let (import_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO imports (district_id, year, version, file_name, sha256, note, \
                     row_count, imported_at, imported_by, kind, based_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(district)
                .bind(i64::from(year))
                .bind(version)
                .bind(&source.file_name)
                .bind(&source.sha256)
                .bind(&source.note)
                .bind(records.len() as i64)
                .bind(&imported_at)
                .bind(&actor.name)
                .bind(origin.kind.id())
                .bind(origin.based_on.map(i64::from))
                .fetch_one(&mut *tx)
                .await?;
                // Multi-row INSERTs of one prepared text (sqlx caches it per connection).
                let rows = (pool.params_per_insert() / (SCHOOL_COLUMNS.len() + 1)).max(1);
                let full: Arc<str> = insert_schools_sql(rows).into();
                for chunk in records.chunks(rows) {
                    // Built from our own column names only.
                    let sql = if chunk.len() == rows {
                        full.clone()
                    } else {
                        insert_schools_sql(chunk.len()).into()
                    };
                    let mut q = sqlx::query(AssertSqlSafe(sql));
                    for r in chunk {
                        q = bind_school!(q, import_id, r);
                    }
                    q.execute(&mut *tx)
                        .await
                        .map_err(|e| duplicate_or_database(e, records))?;
                }
                let groups_created = sqlx::query(
                    "INSERT INTO edu_groups (district_id, name, kind, created_at) \
                     SELECT DISTINCT $3, s.group_name, '', $2 FROM school_years s \
                     WHERE s.import_id = $1 AND TRIM(s.group_name) <> '' \
                     AND NOT EXISTS (SELECT 1 FROM edu_groups g \
                     WHERE g.district_id = $3 AND g.name = s.group_name)",
                )
                .bind(import_id)
                .bind(&imported_at)
                .bind(district)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                // The column seeds the registry (`groups::membership_date`): a school the
                // registry has never placed joins the named group on the year's date (until a
                // later stored year's column says otherwise), and a
                // membership of the named group that starts later moves back to that date
                // when nothing else covers the school in between. Otherwise the registry
                // stands: leaving and moving are recorded in the registry.
                let date = crate::groups::membership_date(year);
                let members_extended = sqlx::query(
                    "UPDATE group_members SET joined_on = $2 WHERE id IN (\
                     SELECT m.id FROM group_members m \
                     JOIN edu_groups g ON g.id = m.group_id AND g.district_id = $3 \
                     JOIN school_years s ON s.school_code = m.school_code AND s.group_name = g.name \
                     WHERE s.import_id = $1 AND m.joined_on > $2 \
                     AND NOT EXISTS (SELECT 1 FROM group_members o \
                     JOIN edu_groups og ON og.id = o.group_id AND og.district_id = $3 \
                     WHERE o.school_code = m.school_code AND o.id <> m.id \
                     AND o.joined_on < m.joined_on AND (o.left_on IS NULL OR o.left_on > $2)))",
                )
                .bind(import_id)
                .bind(&date)
                .bind(district)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                // A school placed from an earlier year's column stays until the first later
                // stored year whose column names no group or another one.
                let members_opened = sqlx::query(
                    "INSERT INTO group_members (group_id, school_code, joined_on, left_on) \
                     SELECT g.id, s.school_code, $2, \
                     (SELECT CAST(MIN(i2.year) AS TEXT) || '-09-01' FROM school_years s2 \
                     JOIN imports i2 ON i2.id = s2.import_id WHERE i2.district_id = $3 \
                     AND i2.year > $4 AND s2.school_code = s.school_code \
                     AND (s2.group_name IS NULL OR s2.group_name <> s.group_name)) \
                     FROM school_years s \
                     JOIN edu_groups g ON g.name = s.group_name AND g.district_id = $3 \
                     WHERE s.import_id = $1 AND TRIM(s.group_name) <> '' \
                     AND NOT EXISTS (SELECT 1 FROM group_members m \
                     JOIN edu_groups mg ON mg.id = m.group_id AND mg.district_id = $3 \
                     WHERE m.school_code = s.school_code)",
                )
                .bind(import_id)
                .bind(&date)
                .bind(district)
                .bind(i64::from(year))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    + members_extended;
                let detail = format!(
                    "version={version} rows={} sha256={} groups_created={groups_created} \
                     members_opened={members_opened}{}",
                    records.len(),
                    &source.sha256[..16],
                    origin.detail(),
                );
                append!(
                    &mut *tx,
                    Some(district),
                    &actor.name,
                    action::IMPORT_STATISTICS,
                    format!("statistics:{year}"),
                    &detail
                )?;
                infos.push(ImportInfo {
                    id: import_id,
                    year,
                    version: to_u32(version, "imports", "version")?,
                    file_name: source.file_name.clone(),
                    sha256: source.sha256.clone(),
                    note: source.note.clone(),
                    rows: records.len() as u64,
                    imported_at,
                    imported_by: actor.name.clone(),
                    kind: origin.kind,
                    based_on: origin.based_on,
                });
            }
            let mut received_id = None;
            if let Some(p) = received {
                let import_id = infos
                    .first()
                    .map(|i| i.id)
                    .ok_or(StoreError::NotFound("导入"))?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO received_packages (district_id, year, sequence, import_id, \
                     file_name, package_sha256, manifest_sha256, fingerprint, created_at, \
                     producer, statistics_version, roster_json, ledger_json, evaluation_json, \
                     received_at, received_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
                     $10, $11, $12, $13, $14, $15, $16) RETURNING id",
                )
                .bind(district)
                .bind(i64::from(p.year))
                .bind(p.sequence as i64)
                .bind(import_id)
                .bind(&source.file_name)
                .bind(&source.sha256)
                .bind(&p.manifest_sha256)
                .bind(&p.fingerprint)
                .bind(&p.created_at)
                .bind(&p.producer)
                .bind(p.statistics_version as i64)
                .bind(&p.roster_json)
                .bind(&p.ledger_json)
                .bind(&p.evaluation_json)
                .bind(now())
                .bind(&actor.name)
                .fetch_one(&mut *tx)
                .await
                .map_err(crate::error::conflict_on_unique(
                    "该区县该学年同一序号的数据包已接收过",
                ))?;
                append!(
                    &mut *tx,
                    Some(district),
                    &actor.name,
                    action::PACKAGE_RECEIVE,
                    format!("package:{}:{}", p.year, p.sequence),
                    format!(
                        "file={} sha256={} key={} import={import_id}",
                        source.file_name,
                        &source.sha256[..16],
                        p.fingerprint
                    )
                )?;
                received_id = Some(id);
            }
            tx.commit().await?;
            Ok((infos, received_id))
        })
    }

    /// Every school code of any stored version of any school year, each once: the schools a
    /// registry entry (a group's lead school, a member) may name.
    pub async fn school_codes(&self) -> Result<Vec<SchoolCode>, StoreError> {
        let rows: Vec<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT s.school_code FROM school_years s \
                 JOIN imports i ON i.id = s.import_id WHERE i.district_id = $1",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(c,)| crate::error::school_code(&c, "school_years", "school_code"))
            .collect()
    }

    /// Whether school `code` is in the latest version of the latest school year (a school-scoped
    /// account must name a school the district has).
    pub async fn has_school(&self, code: &SchoolCode) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT CAST(1 AS BIGINT) FROM school_years s WHERE s.school_code = $2 AND s.import_id = \
                 (SELECT id FROM imports WHERE district_id = $1 \
                 ORDER BY year DESC, version DESC LIMIT 1)",
            )
            .bind(self.id)
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.is_some())
    }

    /// Every imported school year, newest year first, with its latest version.
    pub async fn years(&self) -> Result<Vec<YearSummary>, StoreError> {
        let rows: Vec<YearRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT i.year, i.version, i.row_count, i.imported_at, i.imported_by, \
                 (SELECT COUNT(*) FROM imports j WHERE j.district_id = i.district_id \
                 AND j.year = i.year) AS versions \
                 FROM imports i WHERE i.district_id = $1 \
                 AND i.version = (SELECT MAX(j.version) FROM imports j \
                 WHERE j.district_id = i.district_id AND j.year = i.year) \
                 ORDER BY i.year DESC",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(YearSummary {
                    year: narrow(r.year, "imports", "year")?,
                    latest_version: to_u32(r.version, "imports", "version")?,
                    versions: to_u32(r.versions, "imports", "version")?,
                    schools: narrow(r.row_count, "imports", "row_count")?,
                    imported_at: r.imported_at,
                    imported_by: r.imported_by,
                })
            })
            .collect()
    }

    /// The import history, newest first; of one school year, or of all.
    pub async fn imports(&self, year: Option<i32>) -> Result<Vec<ImportInfo>, StoreError> {
        let rows: Vec<ImportRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, year, version, file_name, sha256, note, row_count, imported_at, \
                 imported_by, kind, based_on FROM imports WHERE district_id = $2 \
                 AND ($1 IS NULL OR year = $1) ORDER BY id DESC",
            )
            .bind(year.map(i64::from))
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ImportInfo::try_from).collect()
    }

    /// The records of a school year, ordered by school code; the latest version when `version`
    /// is `None`. [`StoreError::NotFound`] if the year or version was never imported.
    pub async fn statistics(
        &self,
        year: i32,
        version: Option<u32>,
    ) -> Result<Vec<SchoolRecord>, StoreError> {
        let rows: Vec<SchoolRow> = with_pool!(&self.pool, |pool| {
            let import: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM imports WHERE district_id = $3 \
                 AND year = $1 AND version = COALESCE($2, (SELECT MAX(version) FROM imports \
                 WHERE district_id = $3 AND year = $1))",
            )
            .bind(i64::from(year))
            .bind(version.map(i64::from))
            .bind(self.id)
            .fetch_optional(pool)
            .await?;
            let Some((import_id,)) = import else {
                return Err(StoreError::NotFound("该学年（版本）的统计数据"));
            };
            sqlx::query_as(concat!(
                "SELECT ",
                school_select!(),
                " FROM school_years s \
                 JOIN imports i ON i.id = s.import_id \
                 WHERE s.import_id = $1 ORDER BY s.school_code"
            ))
            .bind(import_id)
            .fetch_all(pool)
            .await?
        });
        let records = rows
            .into_iter()
            .map(SchoolRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        self.with_registry_groups(records).await
    }

    /// Every stored version of one school's record across years, newest year and version first.
    pub async fn school_history(
        &self,
        code: &SchoolCode,
    ) -> Result<Vec<SchoolVersion>, StoreError> {
        let rows: Vec<HistoryRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT i.id AS import_id, i.version, i.imported_at, i.imported_by, ",
                school_select!(),
                " FROM school_years s JOIN imports i ON i.id = s.import_id \
                 WHERE i.district_id = $2 AND s.school_code = $1 \
                 ORDER BY i.year DESC, i.version DESC"
            ))
            .bind(code.as_str())
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                let record = SchoolRecord::try_from(r.school)?;
                Ok(SchoolVersion {
                    year: record.year,
                    version: to_u32(r.version, "imports", "version")?,
                    import_id: r.import_id,
                    imported_at: r.imported_at,
                    imported_by: r.imported_by,
                    record,
                })
            })
            .collect()
    }
}
