//! The three files of a school year's 划片 and admission items: the 划片 file (places of a 学段
//! and their schools, with each school's 公办/民办 and 寄宿制), the entrants (新生来源, counts
//! per school and home place — never a child) and the 指标到校 quotas of the 优质高中. A file is
//! written whole or not at all with its audit entry ([`DistrictStore::import_zoning_file`]); the
//! latest file of a kind is the year's, and withdrawing it
//! ([`DistrictStore::withdraw_zoning_file`]) brings the previous one back.

use std::collections::HashSet;

use junheng_core::school::Section;
use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, Place, QuotaRow};
use serde::Serialize;

use super::check_file;
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::check_actor;
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most rows one file may hold.
pub const MAX_ZONING_ROWS: usize = 100_000;
/// Most characters of a 街道, 小区, 派位学区 or 高中 name.
pub const MAX_PLACE_NAME: usize = 50;
/// Most pupils of one row (entrants, graduates, plans, places).
pub const MAX_ZONING_PUPILS: u32 = 100_000;

/// The kind of a zoning file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoningKind {
    /// 划片表.
    Catchments,
    /// 新生来源表 (entrants, counted).
    Entrants,
    /// 指标到校表.
    Quotas,
}

impl ZoningKind {
    /// All kinds, in page order.
    pub const ALL: [ZoningKind; 3] = [
        ZoningKind::Catchments,
        ZoningKind::Entrants,
        ZoningKind::Quotas,
    ];

    /// Stable identifier (stored, URLs, CLI).
    pub fn id(self) -> &'static str {
        match self {
            ZoningKind::Catchments => "catchments",
            ZoningKind::Entrants => "entrants",
            ZoningKind::Quotas => "quotas",
        }
    }

    /// The kind of an identifier.
    pub fn from_id(id: &str) -> Option<ZoningKind> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The file's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            ZoningKind::Catchments => "划片表",
            ZoningKind::Entrants => "新生来源表",
            ZoningKind::Quotas => "指标到校表",
        }
    }
}

/// The rows of one file, by kind.
#[derive(Debug, Clone, Copy)]
pub enum ZoningRows<'a> {
    /// 划片表.
    Catchments(&'a [CatchmentRow]),
    /// 新生来源表, already counted per school and home place.
    Entrants(&'a [EntrantCount]),
    /// 指标到校表.
    Quotas(&'a [QuotaRow]),
}

impl ZoningRows<'_> {
    /// The kind.
    pub fn kind(&self) -> ZoningKind {
        match self {
            ZoningRows::Catchments(_) => ZoningKind::Catchments,
            ZoningRows::Entrants(_) => ZoningKind::Entrants,
            ZoningRows::Quotas(_) => ZoningKind::Quotas,
        }
    }

    fn len(&self) -> usize {
        match self {
            ZoningRows::Catchments(r) => r.len(),
            ZoningRows::Entrants(r) => r.len(),
            ZoningRows::Quotas(r) => r.len(),
        }
    }
}

/// An imported zoning file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoningFile {
    /// Row id.
    pub id: i64,
    /// 学年.
    pub year: i32,
    /// Its kind.
    pub kind: ZoningKind,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Rows stored (entrants: per school and home place).
    pub rows: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

/// The current files of a year with their rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoningData {
    /// The 划片表.
    pub catchments: Option<(ZoningFile, Vec<CatchmentRow>)>,
    /// The entrants.
    pub entrants: Option<(ZoningFile, Vec<EntrantCount>)>,
    /// The 指标到校表.
    pub quotas: Option<(ZoningFile, Vec<QuotaRow>)>,
}

fn name(text: &str, what: &str, which: usize) -> Result<(), StoreError> {
    let n = text.trim().chars().count();
    if n == 0 || n > MAX_PLACE_NAME {
        return Err(StoreError::Invalid(format!(
            "第 {which} 行：{what}应为 1 到 {MAX_PLACE_NAME} 个字"
        )));
    }
    Ok(())
}

fn section(s: Section, which: usize) -> Result<(), StoreError> {
    if Section::EVALUATED.contains(&s) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "第 {which} 行：学段应为小学或初中"
        )))
    }
}

fn count(n: u32, what: &str, min: u32, which: usize) -> Result<(), StoreError> {
    if (min..=MAX_ZONING_PUPILS).contains(&n) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "第 {which} 行：{what} {n} 应为 {min} 至 {MAX_ZONING_PUPILS}"
        )))
    }
}

fn place(p: &Place, which: usize) -> Result<(), StoreError> {
    name(&p.street, "街道（乡镇）", which)?;
    p.community
        .as_deref()
        .map_or(Ok(()), |c| name(c, "小区（社区、村）", which))
}

/// Each row's rules, and no key twice.
fn check(rows: ZoningRows<'_>) -> Result<(), StoreError> {
    let twice = |which: usize| StoreError::Invalid(format!("第 {which} 行与前面某行重复"));
    match rows {
        ZoningRows::Catchments(rows) => {
            let mut seen = HashSet::new();
            for (i, r) in rows.iter().enumerate() {
                section(r.section, i + 1)?;
                if let Some(p) = &r.place {
                    place(p, i + 1)?;
                }
                if let Some(z) = &r.lottery_zone {
                    name(z, "派位学区", i + 1)?;
                }
                if !seen.insert((r.section, &r.place, &r.school)) {
                    return Err(twice(i + 1));
                }
            }
        }
        ZoningRows::Entrants(rows) => {
            let mut seen = HashSet::new();
            for (i, r) in rows.iter().enumerate() {
                section(r.section, i + 1)?;
                place(&r.home, i + 1)?;
                count(r.pupils, "人数", 1, i + 1)?;
                if !seen.insert((r.section, &r.school, &r.home)) {
                    return Err(twice(i + 1));
                }
            }
        }
        ZoningRows::Quotas(rows) => {
            let mut seen = HashSet::new();
            for (i, r) in rows.iter().enumerate() {
                name(&r.high_school, "高中名称", i + 1)?;
                count(r.plan, "招生计划", 1, i + 1)?;
                count(r.quota, "分配名额", 0, i + 1)?;
                count(r.graduates, "毕业生数", 1, i + 1)?;
                if !seen.insert((r.high_school.trim(), &r.junior)) {
                    return Err(twice(i + 1));
                }
            }
        }
    }
    Ok(())
}

const FILE_COLUMNS: &str = "id, year, kind, file_name, sha256, row_count, imported_by, imported_at";

type FileRow = (i64, i64, String, String, String, i64, String, String);

/// section, street, community, school, lottery_zone, private, boarding.
type CatchmentColumns = (String, String, String, String, Option<String>, i32, i32);

fn file(r: FileRow) -> Result<ZoningFile, StoreError> {
    let (id, year, kind, file_name, sha256, rows, imported_by, imported_at) = r;
    let bad = |column| StoreError::Corrupt {
        table: "seat_zoning_files",
        column,
    };
    Ok(ZoningFile {
        id,
        year: i32::try_from(year).map_err(|_| bad("year"))?,
        kind: ZoningKind::from_id(&kind).ok_or_else(|| bad("kind"))?,
        file_name,
        sha256,
        rows: u64::try_from(rows).unwrap_or(0),
        imported_by,
        imported_at,
    })
}

fn section_of(id: &str, table: &'static str) -> Result<Section, StoreError> {
    Section::EVALUATED
        .into_iter()
        .find(|s| s.id() == id)
        .ok_or(StoreError::Corrupt {
            table,
            column: "section",
        })
}

fn number(n: i64, table: &'static str, column: &'static str) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt { table, column })
}

const CATCHMENT_INSERT: &str = "INSERT INTO seat_catchments (file_id, section, street, community, \
     school, lottery_zone, private, boarding)";
const ENTRANT_INSERT: &str =
    "INSERT INTO seat_entrants (file_id, section, school, street, community, pupils)";
const QUOTA_INSERT: &str =
    "INSERT INTO seat_quotas (file_id, high_school, high_plan, junior, quota, graduates)";

/// A place's two columns: `''` for none.
fn columns(p: Option<&Place>) -> (&str, &str) {
    p.map_or(("", ""), |p| {
        (p.street.as_str(), p.community.as_deref().unwrap_or(""))
    })
}

fn place_of(street: &str, community: &str) -> Option<Place> {
    (!street.is_empty()).then(|| Place::new(street, Some(community)))
}

impl DistrictStore {
    /// Writes one file of school year `year` — its rows, its record and the audit entry — in one
    /// transaction, as the year's current file of its kind. [`StoreError::Invalid`] when a row
    /// breaks a rule (naming which), when a key is listed twice, or when there are no rows or
    /// more than [`MAX_ZONING_ROWS`].
    pub async fn import_zoning_file(
        &self,
        year: i32,
        rows: ZoningRows<'_>,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<ZoningFile, StoreError> {
        check_actor(actor)?;
        check_file(year, file_name, sha256)?;
        let kind = rows.kind();
        if rows.len() == 0 || rows.len() > MAX_ZONING_ROWS {
            return Err(StoreError::Invalid(format!(
                "{}应有 1 到 {MAX_ZONING_ROWS} 行",
                kind.label()
            )));
        }
        check(rows)?;
        let at = now();
        let n = rows.len() as u64;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO seat_zoning_files (district_id, year, kind, file_name, sha256, \
                 row_count, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(kind.id())
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per_insert = pool.params_per_insert();
            match rows {
                ZoningRows::Catchments(rows) => {
                    for chunk in rows.chunks((per_insert / 8).max(1)) {
                        // Built from our own constants only.
                        let sql = insert_values_sql(CATCHMENT_INSERT, 8, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for r in chunk {
                            let (street, community) = columns(r.place.as_ref());
                            q = q
                                .bind(id)
                                .bind(r.section.id())
                                .bind(street)
                                .bind(community)
                                .bind(r.school.as_str())
                                .bind(r.lottery_zone.as_deref().map(str::trim))
                                .bind(i32::from(r.private))
                                .bind(i32::from(r.boarding));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
                ZoningRows::Entrants(rows) => {
                    for chunk in rows.chunks((per_insert / 6).max(1)) {
                        // Built from our own constants only.
                        let sql = insert_values_sql(ENTRANT_INSERT, 6, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for r in chunk {
                            let (street, community) = columns(Some(&r.home));
                            q = q
                                .bind(id)
                                .bind(r.section.id())
                                .bind(r.school.as_str())
                                .bind(street)
                                .bind(community)
                                .bind(i64::from(r.pupils));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
                ZoningRows::Quotas(rows) => {
                    for chunk in rows.chunks((per_insert / 6).max(1)) {
                        // Built from our own constants only.
                        let sql = insert_values_sql(QUOTA_INSERT, 6, chunk.len());
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                        for r in chunk {
                            q = q
                                .bind(id)
                                .bind(r.high_school.trim())
                                .bind(i64::from(r.plan))
                                .bind(r.junior.as_str())
                                .bind(i64::from(r.quota))
                                .bind(i64::from(r.graduates));
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEATS_ZONING_IMPORT,
                format!("seat_zoning_file:{id}"),
                format!(
                    "year={year} kind={} file={} rows={n}",
                    kind.id(),
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(ZoningFile {
            id,
            year,
            kind,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            rows: n,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The zoning files of `year` (every year when `None`) and of `kind` (every kind when
    /// `None`), newest first; the first of a year and kind is current.
    pub async fn zoning_files(
        &self,
        year: Option<i32>,
        kind: Option<ZoningKind>,
    ) -> Result<Vec<ZoningFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM seat_zoning_files WHERE district_id = $1 \
             AND ($2 IS NULL OR year = $2) AND ($3 IS NULL OR kind = $3) \
             ORDER BY year DESC, id DESC"
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(year.map(i64::from))
                .bind(kind.map(ZoningKind::id))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(file).collect()
    }

    /// The year's current file of each kind, with its rows.
    pub async fn zoning_data(&self, year: i32) -> Result<ZoningData, StoreError> {
        let files = self.zoning_files(Some(year), None).await?;
        let current = |k: ZoningKind| files.iter().find(|f| f.kind == k).cloned();
        let mut data = ZoningData::default();
        if let Some(f) = current(ZoningKind::Catchments) {
            let rows: Vec<CatchmentColumns> = with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT section, street, community, school, lottery_zone, private, \
                         boarding FROM seat_catchments WHERE file_id = $1 \
                         ORDER BY section, street, community, school",
                )
                .bind(f.id)
                .fetch_all(pool)
                .await?
            });
            const T: &str = "seat_catchments";
            let rows = rows
                .into_iter()
                .map(
                    |(section, street, community, school, zone, private, boarding)| {
                        Ok(CatchmentRow {
                            section: section_of(&section, T)?,
                            place: place_of(&street, &community),
                            school: school_code(&school, T, "school")?,
                            lottery_zone: zone,
                            private: private != 0,
                            boarding: boarding != 0,
                        })
                    },
                )
                .collect::<Result<_, StoreError>>()?;
            data.catchments = Some((f, rows));
        }
        if let Some(f) = current(ZoningKind::Entrants) {
            let rows: Vec<(String, String, String, String, i64)> = with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT section, school, street, community, pupils FROM seat_entrants \
                         WHERE file_id = $1 ORDER BY section, school, street, community",
                )
                .bind(f.id)
                .fetch_all(pool)
                .await?
            });
            const T: &str = "seat_entrants";
            let rows = rows
                .into_iter()
                .map(|(section, school, street, community, pupils)| {
                    Ok(EntrantCount {
                        section: section_of(&section, T)?,
                        school: school_code(&school, T, "school")?,
                        home: Place::new(&street, Some(&community)),
                        pupils: number(pupils, T, "pupils")?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            data.entrants = Some((f, rows));
        }
        if let Some(f) = current(ZoningKind::Quotas) {
            let rows: Vec<(String, i64, String, i64, i64)> = with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT high_school, high_plan, junior, quota, graduates FROM seat_quotas \
                     WHERE file_id = $1 ORDER BY high_school, junior",
                )
                .bind(f.id)
                .fetch_all(pool)
                .await?
            });
            const T: &str = "seat_quotas";
            let rows = rows
                .into_iter()
                .map(|(high_school, plan, junior, quota, graduates)| {
                    Ok(QuotaRow {
                        high_school,
                        plan: number(plan, T, "high_plan")?,
                        junior: school_code(&junior, T, "junior")?,
                        quota: number(quota, T, "quota")?,
                        graduates: number(graduates, T, "graduates")?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            data.quotas = Some((f, rows));
        }
        Ok(data)
    }

    /// Withdraws the year's current file of `kind` (the previous one, if any, is current again),
    /// with its audit entry. [`StoreError::NotFound`] when the year has none.
    pub async fn withdraw_zoning_file(
        &self,
        year: i32,
        kind: ZoningKind,
        actor: &Actor,
    ) -> Result<ZoningFile, StoreError> {
        check_actor(actor)?;
        let current = self
            .zoning_files(Some(year), Some(kind))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("该学年导入的这类文件"))?;
        let rows_table = match kind {
            ZoningKind::Catchments => "seat_catchments",
            ZoningKind::Entrants => "seat_entrants",
            ZoningKind::Quotas => "seat_quotas",
        };
        let delete = format!("DELETE FROM {rows_table} WHERE file_id = $1");
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own constants only.
            sqlx::query(sqlx::AssertSqlSafe(delete.clone()))
                .bind(current.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM seat_zoning_files WHERE id = $1 AND district_id = $2")
                .bind(current.id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEATS_ZONING_WITHDRAW,
                format!("seat_zoning_file:{}", current.id),
                format!("year={year} kind={} rows={}", kind.id(), current.rows)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }
}
