//! Labour bases and alliances, and 五育 coverage (issue 18, items 5 and 6): each record set is
//! written as a batch — an imported file or an entry made on a page — whole or not at all, with
//! its audit entry ([`DistrictStore::import_labour`]); a batch can be withdrawn (撤回,
//! [`DistrictStore::withdraw_labour`]). School-level figures only: no child is named.
//!
//! A 大课间 record of a school and term, and a 美育 record of a school and year, are the newest
//! batch's, so re-importing corrects and withdrawing brings the previous record back.
//!
//! The 劳动清单 of the district and its schools, versioned ([`lists`]); the passport's records,
//! their verifications and the ratings ([`records`]); parents' one-time links ([`links`]).
//! Children are named by `students.id` only.

mod bases;
pub mod five;
mod lessons;
pub mod links;
pub mod lists;
pub mod records;
pub mod review;

use junheng_core::school::SchoolCode;
use junheng_labour::bases::{Alliance, Base, Visit};
use junheng_labour::calendar::Day;
use junheng_labour::compliance::{LabourWeek, LessonRecord};
use junheng_labour::five::{ArtsRecord, BreakRecord, FootballSchool, Specialty, StudyTrip};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{conflict_on_unique, narrow as int};
use crate::limits::{check_actor, check_len, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most records of one batch.
pub const MAX_LABOUR_RECORDS: usize = 20_000;
/// Most characters of a base's, an alliance's or a destination's name.
pub const MAX_LABOUR_NAME: usize = 60;
/// Most characters of a visit's note.
pub const MAX_VISIT_NOTE: usize = 200;
/// The file name of a batch entered on a page.
pub const ENTERED: &str = "手工录入";

/// A visit with its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredVisit {
    /// The visit.
    #[serde(flatten)]
    pub visit: Visit,
    /// What they did (may be empty).
    pub note: String,
}

/// The records of one batch. A base's and an alliance's id are given by the store (the ones
/// passed are ignored); an alliance names stored bases.
#[derive(Debug, Clone, Copy)]
pub enum LabourRecords<'a> {
    /// 劳动基地.
    Bases(&'a [Base]),
    /// 劳动教育联盟.
    Alliances(&'a [Alliance]),
    /// 基地活动记录.
    Visits(&'a [StoredVisit]),
    /// 大课间.
    Breaks(&'a [BreakRecord]),
    /// 美育实践.
    Arts(&'a [ArtsRecord]),
    /// 特色学校.
    Specialties(&'a [Specialty]),
    /// 校园足球.
    Football(&'a [FootballSchool]),
    /// 研学.
    Trips(&'a [StudyTrip]),
    /// 劳动课时 (the class as records name it, `3年级1班`).
    Lessons(&'a [LessonRecord]),
    /// 劳动周.
    Weeks(&'a [LabourWeek]),
}

impl LabourRecords<'_> {
    /// The kind's stable id (as `junheng_io::labour::Kind::id`).
    pub fn kind(&self) -> &'static str {
        match self {
            LabourRecords::Bases(_) => "bases",
            LabourRecords::Alliances(_) => "alliances",
            LabourRecords::Visits(_) => "visits",
            LabourRecords::Breaks(_) => "breaks",
            LabourRecords::Arts(_) => "arts",
            LabourRecords::Specialties(_) => "specialties",
            LabourRecords::Football(_) => "football",
            LabourRecords::Trips(_) => "trips",
            LabourRecords::Lessons(_) => "lessons",
            LabourRecords::Weeks(_) => "weeks",
        }
    }

    fn len(&self) -> usize {
        match self {
            LabourRecords::Bases(r) => r.len(),
            LabourRecords::Alliances(r) => r.len(),
            LabourRecords::Visits(r) => r.len(),
            LabourRecords::Breaks(r) => r.len(),
            LabourRecords::Arts(r) => r.len(),
            LabourRecords::Specialties(r) => r.len(),
            LabourRecords::Football(r) => r.len(),
            LabourRecords::Trips(r) => r.len(),
            LabourRecords::Lessons(r) => r.len(),
            LabourRecords::Weeks(r) => r.len(),
        }
    }
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabourBatch {
    /// Row id.
    pub id: i64,
    /// The kind's stable id.
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

pub(crate) fn corrupt(table: &'static str, column: &'static str) -> StoreError {
    StoreError::Corrupt { table, column }
}

pub(crate) fn school(v: &str, table: &'static str) -> Result<SchoolCode, StoreError> {
    SchoolCode::parse(v).map_err(|_| corrupt(table, "school"))
}

pub(crate) fn day(v: &str, table: &'static str) -> Result<Day, StoreError> {
    Day::parse(v).ok_or_else(|| corrupt(table, "day"))
}

/// Checks every record's texts (naming the record) before anything is written.
fn check(records: &LabourRecords<'_>) -> Result<(), StoreError> {
    let n = records.len();
    if n == 0 || n > MAX_LABOUR_RECORDS {
        return Err(StoreError::Invalid(format!(
            "一批记录应有 1 到 {MAX_LABOUR_RECORDS} 条"
        )));
    }
    let at = |i: usize, e: StoreError| match e {
        StoreError::Invalid(m) => StoreError::Invalid(format!("第 {} 条：{m}", i + 1)),
        e => e,
    };
    let each = |texts: &mut dyn Iterator<Item = (usize, &str, &str, usize, bool)>| {
        for (i, text, field, max, required) in texts {
            if required {
                check_required(text, field, max)
            } else {
                check_len(text, field, max)
            }
            .map_err(|e| at(i, e))?;
        }
        Ok(())
    };
    match records {
        LabourRecords::Bases(r) => each(
            &mut r
                .iter()
                .enumerate()
                .map(|(i, b)| (i, b.name.as_str(), "基地名称", MAX_LABOUR_NAME, true)),
        ),
        LabourRecords::Alliances(r) => each(
            &mut r
                .iter()
                .enumerate()
                .map(|(i, a)| (i, a.name.as_str(), "联盟名称", MAX_LABOUR_NAME, true)),
        ),
        LabourRecords::Visits(r) => each(
            &mut r
                .iter()
                .enumerate()
                .map(|(i, v)| (i, v.note.as_str(), "备注", MAX_VISIT_NOTE, false)),
        ),
        LabourRecords::Trips(r) => each(
            &mut r
                .iter()
                .enumerate()
                .map(|(i, t)| (i, t.destination.as_str(), "目的地", MAX_LABOUR_NAME, true)),
        ),
        LabourRecords::Lessons(r) => each(
            &mut r
                .iter()
                .enumerate()
                .map(|(i, l)| (i, l.class.class.as_str(), "班级", MAX_LABOUR_NAME, true)),
        ),
        _ => Ok(()),
    }
}

const BATCH_COLUMNS: &str = "id, kind, file_name, sha256, records, imported_by, imported_at";
type BatchRow = (i64, String, String, String, i64, String, String);

fn batch(r: BatchRow) -> LabourBatch {
    let (id, kind, file_name, sha256, records, imported_by, imported_at) = r;
    LabourBatch {
        id,
        kind,
        file_name,
        sha256,
        records: u64::try_from(records).unwrap_or(0),
        imported_by,
        imported_at,
    }
}

/// The tables of a kind's rows keyed by `batch_id`, children first (for a withdrawal).
fn tables_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "visits" => &["labour_visits"],
        "breaks" => &["five_breaks"],
        "arts" => &["five_arts"],
        "specialties" => &["five_specialties"],
        "football" => &["five_football"],
        "trips" => &["five_trips"],
        "lessons" => &["labour_lessons"],
        "weeks" => &["labour_weeks"],
        _ => &[],
    }
}

impl DistrictStore {
    /// Writes a batch — its records, its row and the audit entry — in one transaction.
    /// [`StoreError::Invalid`] when a record breaks a rule (naming which), when there are none
    /// or more than [`MAX_LABOUR_RECORDS`]; [`StoreError::Conflict`] when a base's or an
    /// alliance's name is taken.
    pub async fn import_labour(
        &self,
        records: LabourRecords<'_>,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<LabourBatch, StoreError> {
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
                "INSERT INTO labour_batches (district_id, kind, file_name, sha256, records, \
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
            let taken = |what: &str, name: &str| format!("{what}“{name}”已存在；名称在全区唯一");
            match records {
                LabourRecords::Bases(r) => {
                    for b in r {
                        sqlx::query(
                            "INSERT INTO labour_bases (district_id, batch_id, name, kind, \
                             capacity, school) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(self.id)
                        .bind(id)
                        .bind(b.name.trim())
                        .bind(b.kind.id())
                        .bind(i64::from(b.capacity))
                        .bind(b.school.as_ref().map_or("", SchoolCode::as_str))
                        .execute(&mut *tx)
                        .await
                        .map_err(conflict_on_unique(&taken("基地", &b.name)))?;
                    }
                }
                LabourRecords::Alliances(r) => {
                    for a in r {
                        let (aid,): (i64,) = sqlx::query_as(
                            "INSERT INTO labour_alliances (district_id, batch_id, name) \
                             VALUES ($1, $2, $3) RETURNING id",
                        )
                        .bind(self.id)
                        .bind(id)
                        .bind(a.name.trim())
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(conflict_on_unique(&taken("联盟", &a.name)))?;
                        for s in &a.schools {
                            sqlx::query(
                                "INSERT INTO labour_alliance_schools (alliance_id, school) \
                                 VALUES ($1, $2)",
                            )
                            .bind(aid)
                            .bind(s.as_str())
                            .execute(&mut *tx)
                            .await?;
                        }
                        for b in &a.bases {
                            sqlx::query(
                                "INSERT INTO labour_alliance_bases (alliance_id, base_id) \
                                 SELECT $1, id FROM labour_bases WHERE id = $2 AND district_id = $3",
                            )
                            .bind(aid)
                            .bind(b.0)
                            .bind(self.id)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                }
                LabourRecords::Visits(r) => {
                    for (line, v) in r.iter().enumerate() {
                        let done = sqlx::query(
                            "INSERT INTO labour_visits (batch_id, line, base_id, school, day, \
                             students, note) SELECT $1, $2, id, $3, $4, $5, $6 FROM labour_bases \
                             WHERE id = $7 AND district_id = $8",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(v.visit.school.as_str())
                        .bind(v.visit.day.to_string())
                        .bind(i64::from(v.visit.students))
                        .bind(v.note.trim())
                        .bind(v.visit.base.0)
                        .bind(self.id)
                        .execute(&mut *tx)
                        .await?;
                        if done.rows_affected() != 1 {
                            return Err(StoreError::NotFound("该基地"));
                        }
                    }
                }
                LabourRecords::Breaks(r) => {
                    for (line, b) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO five_breaks (batch_id, line, school, year, semester, \
                             days_held, school_days) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(b.school.as_str())
                        .bind(i64::from(b.term.year))
                        .bind(five::semester_id(b.term.semester))
                        .bind(i64::from(b.days_held))
                        .bind(i64::from(b.school_days))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Arts(r) => {
                    for (line, a) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO five_arts (batch_id, line, school, year, \
                             students_reached, students) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(a.school.as_str())
                        .bind(i64::from(a.year))
                        .bind(i64::from(a.students_reached))
                        .bind(i64::from(a.students))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Specialties(r) => {
                    for (line, s) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO five_specialties (batch_id, line, school, kind, level, \
                             since, until_year) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(s.school.as_str())
                        .bind(s.kind.id())
                        .bind(s.level.id())
                        .bind(i64::from(s.since))
                        .bind(i64::from(s.until.unwrap_or(0)))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Football(r) => {
                    for (line, f) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO five_football (batch_id, line, school, level, since, \
                             until_year) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(f.school.as_str())
                        .bind(f.level.id())
                        .bind(i64::from(f.since))
                        .bind(i64::from(f.until.unwrap_or(0)))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Trips(r) => {
                    for (line, t) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO five_trips (batch_id, line, school, day, destination, \
                             participants, students) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(t.school.as_str())
                        .bind(t.day.to_string())
                        .bind(t.destination.trim())
                        .bind(i64::from(t.participants))
                        .bind(i64::from(t.students))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Lessons(r) => {
                    for (line, l) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO labour_lessons (batch_id, line, school, class, week, \
                             lessons) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(l.class.school.as_str())
                        .bind(l.class.class.trim())
                        .bind(l.week.monday().to_string())
                        .bind(i64::from(l.lessons))
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                LabourRecords::Weeks(r) => {
                    for (line, w) in r.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO labour_weeks (batch_id, line, school, year, first_day, \
                             last_day) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(id)
                        .bind(line as i64 + 1)
                        .bind(w.school.as_str())
                        .bind(i64::from(w.year))
                        .bind(w.span.first.to_string())
                        .bind(w.span.last.to_string())
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_IMPORT,
                format!("labour_batch:{id}"),
                format!(
                    "kind={kind} file={} records={count}",
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(LabourBatch {
            id,
            kind: kind.to_owned(),
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            records: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The batches of the given kinds (every kind when empty), newest first.
    pub async fn labour_batches(&self, kinds: &[&str]) -> Result<Vec<LabourBatch>, StoreError> {
        let sql = format!(
            "SELECT {BATCH_COLUMNS} FROM labour_batches WHERE district_id = $1 ORDER BY id DESC"
        );
        let rows: Vec<BatchRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(batch)
            .filter(|b| kinds.is_empty() || kinds.contains(&b.kind.as_str()))
            .collect())
    }

    /// Withdraws a batch (its records and its row), with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such batch; [`StoreError::Conflict`]
    /// when it holds bases that a visit or an alliance still names.
    pub async fn withdraw_labour(&self, id: i64, actor: &Actor) -> Result<LabourBatch, StoreError> {
        check_actor(actor)?;
        let found = self
            .labour_batches(&[])
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(StoreError::NotFound("该批记录"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            match found.kind.as_str() {
                "bases" => {
                    let (used,): (i64,) = sqlx::query_as(
                        "SELECT (SELECT COUNT(*) FROM labour_visits WHERE base_id IN \
                         (SELECT id FROM labour_bases WHERE batch_id = $1)) + (SELECT COUNT(*) \
                         FROM labour_alliance_bases WHERE base_id IN \
                         (SELECT id FROM labour_bases WHERE batch_id = $1))",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if used > 0 {
                        return Err(StoreError::Conflict(format!(
                            "这批基地还被 {used} 条活动记录或联盟引用；请先撤回引用它们的批次"
                        )));
                    }
                    sqlx::query("DELETE FROM labour_bases WHERE batch_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                "alliances" => {
                    for table in ["labour_alliance_schools", "labour_alliance_bases"] {
                        // The table names are our own constants.
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DELETE FROM {table} WHERE alliance_id IN \
                             (SELECT id FROM labour_alliances WHERE batch_id = $1)"
                        )))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query("DELETE FROM labour_alliances WHERE batch_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                kind => {
                    for table in tables_of(kind) {
                        // The table names are our own constants.
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DELETE FROM {table} WHERE batch_id = $1"
                        )))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            sqlx::query("DELETE FROM labour_batches WHERE id = $1 AND district_id = $2")
                .bind(id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_WITHDRAW,
                format!("labour_batch:{id}"),
                format!("kind={} records={}", found.kind, found.records)
            )?;
            tx.commit().await?;
        });
        Ok(found)
    }
}
