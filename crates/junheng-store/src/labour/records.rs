//! The labour passport's records (issue 18): records of a class entered together (one
//! transaction, one audit entry), the decisions on them (verifications) and the children's
//! ratings, each write audited. Children are named by `students.id`; their names are opened only
//! through [`DistrictStore::named_students`], which records the read. The rules (which item a
//! child may record, which decision is allowed) are the engine's, applied by the use-case layer
//! before anything is written here. The evidence text is free text a parent or teacher wrote:
//! it is sealed at rest under the district's student key ([`StudentKeys`]), bound to the child.

use junheng_core::school::SchoolCode;
use junheng_labour::StudentKey;
use junheng_labour::calendar::{Day, Semester, Term};
use junheng_labour::checklist::ItemCode;
use junheng_labour::passport::{
    Decision, Evidence, LabourRecord, Rater, Rating, RecordId, Reporter, Stars, Verification,
    Verifier,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{check_actor, check_required};
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::reseal::SealedColumn;
use crate::time::now;
use crate::{Actor, StoreError, StudentKeys};

/// Most records written at once (a class's entry or a file).
pub const MAX_RECORDS: usize = 20_000;

/// Writes one decision on a record: the record, verifier, decision, day, who decided and when
/// (bound in that order) — a teacher's decision and a parent's answer alike.
pub(crate) const INSERT_VERIFICATION: &str = "INSERT INTO labour_verifications (record_id, verifier, \
     decision, day, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// A record with where the child was when it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRecord {
    /// The record (its `id` is the row's).
    pub record: LabourRecord,
    /// The school.
    pub school: SchoolCode,
    /// The class, as `3年级1班`.
    pub class: String,
    /// Who wrote it (login).
    pub created_by: String,
}

pub(crate) fn corrupt(table: &'static str, column: &'static str) -> StoreError {
    StoreError::Corrupt { table, column }
}

pub(crate) fn day(text: &str, table: &'static str) -> Result<Day, StoreError> {
    Day::parse(text).ok_or_else(|| corrupt(table, "day"))
}

pub(crate) fn semester_id(s: Semester) -> &'static str {
    match s {
        Semester::First => "first",
        Semester::Second => "second",
    }
}

pub(crate) type RecordRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    Vec<u8>,
    String,
    String,
    String,
);

/// The columns of a record and the child's pseudonym (`l` the record, `s` the child).
pub(crate) const RECORD_COLUMNS: &str = "l.id, l.student_id, l.school, l.class, l.item, l.day, l.minutes, \
     l.evidence, l.reporter, l.created_by, s.pseudonym";

/// The seal context of a child's evidence text.
fn evidence_context(pseudonym: &str) -> String {
    format!("labour.evidence:{pseudonym}")
}

pub(crate) fn stored(r: RecordRow, keys: &StudentKeys) -> Result<StoredRecord, StoreError> {
    const T: &str = "labour_records";
    let (id, student, school, class, item, d, minutes, sealed, reporter, by, pseudonym) = r;
    let evidence = keys
        .open(&sealed, &evidence_context(&pseudonym))
        .map_err(|_| corrupt(T, "evidence"))?;
    Ok(StoredRecord {
        record: LabourRecord {
            id: RecordId(id),
            student: StudentKey(student),
            item: ItemCode::parse(&item).ok_or_else(|| corrupt(T, "item"))?,
            day: day(&d, T)?,
            minutes: u16::try_from(minutes).map_err(|_| corrupt(T, "minutes"))?,
            evidence: Evidence::parse(&evidence).map_err(|_| corrupt(T, "evidence"))?,
            reporter: Reporter::from_id(&reporter).ok_or_else(|| corrupt(T, "reporter"))?,
        },
        school: SchoolCode::parse(&school).map_err(|_| corrupt(T, "school"))?,
        class,
        created_by: by,
    })
}

impl DistrictStore {
    /// Writes records of children of one school and class (their `id`s are ignored) as one
    /// batch, with one audit entry naming the class, the batch and how many — in one
    /// transaction. Returns the new ids in order. [`StoreError::Invalid`] without records or
    /// beyond [`MAX_RECORDS`], or when a child is not of the district. The evidence is sealed
    /// under `keys`.
    pub async fn add_labour_records(
        &self,
        keys: &StudentKeys,
        school: &SchoolCode,
        class: &str,
        records: &[LabourRecord],
        batch: &str,
        actor: &Actor,
    ) -> Result<Vec<i64>, StoreError> {
        check_actor(actor)?;
        check_required(class, "班级", 64)?;
        check_required(batch, "批次", 100)?;
        if records.is_empty() || records.len() > MAX_RECORDS {
            return Err(StoreError::Invalid(format!(
                "一次应写入 1 到 {MAX_RECORDS} 条劳动记录"
            )));
        }
        let at = now();
        let ids = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids = Vec::with_capacity(records.len());
            let mut pseudonyms: HashMap<i64, String> = HashMap::new();
            for r in records {
                let pseudonym = match pseudonyms.entry(r.student.0) {
                    Entry::Occupied(known) => known.into_mut(),
                    Entry::Vacant(slot) => {
                        let found: Option<(String,)> = sqlx::query_as(
                            "SELECT pseudonym FROM students WHERE district_id = $1 AND id = $2",
                        )
                        .bind(self.id)
                        .bind(r.student.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                        let (p,) = found.ok_or(StoreError::NotFound("本区的该名学生"))?;
                        slot.insert(p)
                    }
                };
                let sealed = keys.seal(r.evidence.as_str(), &evidence_context(pseudonym));
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO labour_records (district_id, student_id, school, class, item, \
                     day, minutes, evidence, reporter, batch, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(self.id)
                .bind(r.student.0)
                .bind(school.as_str())
                .bind(class)
                .bind(r.item.as_str())
                .bind(r.day.to_string())
                .bind(i64::from(r.minutes))
                .bind(sealed)
                .bind(r.reporter.id())
                .bind(batch)
                .bind(&actor.name)
                .bind(&at)
                .fetch_one(&mut *tx)
                .await?;
                ids.push(id);
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_RECORDS_ADD,
                format!("labour_class:{}/{class}", school.as_str()),
                format!(
                    "class={}/{} batch={} records={} first={}",
                    school.as_str(),
                    class.replace(' ', "_"),
                    batch.replace(' ', "_"),
                    ids.len(),
                    ids.first().copied().unwrap_or(0)
                )
            )?;
            tx.commit().await?;
            ids
        });
        Ok(ids)
    }

    /// The records of a class (of one school) from `first` to `last`, by day and id; or of one
    /// child (every class) when `student` is given; the evidence opened under `keys`.
    pub async fn labour_records(
        &self,
        keys: &StudentKeys,
        class: Option<(&SchoolCode, &str)>,
        student: Option<i64>,
        first: Day,
        last: Day,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM labour_records l JOIN students s ON s.id = l.student_id \
             WHERE l.district_id = $1 AND ($2 IS NULL OR l.school = $2) \
             AND ($3 IS NULL OR l.class = $3) AND ($4 IS NULL OR l.student_id = $4) \
             AND l.day >= $5 AND l.day <= $6 ORDER BY l.day, l.id"
        );
        let rows: Vec<RecordRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(class.map(|c| c.0.as_str()))
                .bind(class.map(|c| c.1))
                .bind(student)
                .bind(first.to_string())
                .bind(last.to_string())
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(|r| stored(r, keys)).collect()
    }

    /// The records of one school (every school when `None`) from `first` to `last`, by day and
    /// id (what a term's summaries and compliance sum); the evidence opened under `keys`.
    pub async fn labour_school_records(
        &self,
        keys: &StudentKeys,
        school: Option<&SchoolCode>,
        first: Day,
        last: Day,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM labour_records l JOIN students s ON s.id = l.student_id \
             WHERE l.district_id = $1 AND ($2 IS NULL OR l.school = $2) \
             AND l.day >= $3 AND l.day <= $4 ORDER BY l.day, l.id"
        );
        let rows: Vec<RecordRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(school.map(SchoolCode::as_str))
                .bind(first.to_string())
                .bind(last.to_string())
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(|r| stored(r, keys)).collect()
    }

    /// One record of the district, if any; the evidence opened under `keys`.
    pub async fn labour_record(
        &self,
        keys: &StudentKeys,
        id: i64,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM labour_records l JOIN students s ON s.id = l.student_id \
             WHERE l.district_id = $1 AND l.id = $2"
        );
        let row: Option<RecordRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(|r| stored(r, keys)).transpose()
    }

    /// The decisions on records of the district (those of `records`), by day and id.
    pub async fn labour_verifications(
        &self,
        records: &[i64],
    ) -> Result<Vec<Verification>, StoreError> {
        const T: &str = "labour_verifications";
        let mut out = Vec::new();
        for chunk in records.chunks(5000) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT v.record_id, v.verifier, v.decision, v.day FROM labour_verifications v \
                 JOIN labour_records r ON r.id = v.record_id WHERE r.district_id = $1 \
                 AND v.record_id IN ({}) ORDER BY v.day, v.id",
                marks.join(", ")
            );
            let rows: Vec<(i64, String, String, String)> = with_pool!(&self.pool, |pool| {
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            for (record, verifier, decision, d) in rows {
                out.push(Verification {
                    record: RecordId(record),
                    verifier: Verifier::from_id(&verifier).ok_or_else(|| corrupt(T, "verifier"))?,
                    decision: Decision::from_id(&decision).ok_or_else(|| corrupt(T, "decision"))?,
                    day: day(&d, T)?,
                });
            }
        }
        Ok(out)
    }

    /// Writes a decision on a record of the district, with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such record.
    pub async fn add_labour_verification(
        &self,
        v: &Verification,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(i64,)> = sqlx::query_as(
                "SELECT student_id FROM labour_records WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(v.record.0)
            .fetch_optional(&mut *tx)
            .await?;
            let (student,) = found.ok_or(StoreError::NotFound("该劳动记录"))?;
            sqlx::query(INSERT_VERIFICATION)
                .bind(v.record.0)
                .bind(v.verifier.id())
                .bind(v.decision.id())
                .bind(v.day.to_string())
                .bind(&actor.name)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_VERIFY,
                format!("labour_record:{}", v.record.0),
                format!(
                    "student={student} verifier={} decision={}",
                    v.verifier.id(),
                    v.decision.id()
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Writes ratings of children (each the rater's rating of the term; a later one of the same
    /// child, term and rater supersedes the earlier for the means), with one audit entry.
    pub async fn add_labour_ratings(
        &self,
        ratings: &[Rating],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        if ratings.is_empty() || ratings.len() > MAX_RECORDS {
            return Err(StoreError::Invalid(format!(
                "一次应写入 1 到 {MAX_RECORDS} 条评价"
            )));
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let per = (pool.params_per_insert() / 11).max(1);
            for chunk in ratings.chunks(per) {
                let sql = insert_values_sql(
                    "INSERT INTO labour_ratings (district_id, student_id, year, semester, rater, \
                     ability, habit, quality, rated_by, rated_at, item)",
                    11,
                    chunk.len(),
                );
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for r in chunk {
                    q = q
                        .bind(self.id)
                        .bind(r.student.0)
                        .bind(i64::from(r.term.year))
                        .bind(semester_id(r.term.semester))
                        .bind(r.rater.id())
                        .bind(i64::from(r.ability.get()))
                        .bind(i64::from(r.habit.get()))
                        .bind(i64::from(r.quality.get()))
                        .bind(&actor.name)
                        .bind(&at)
                        .bind(r.item.as_ref().map(ItemCode::as_str));
                }
                q.execute(&mut *tx).await?;
            }
            let first: Vec<String> = ratings
                .iter()
                .take(20)
                .map(|r| r.student.to_string())
                .collect();
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_RATE,
                format!("students:{}", ratings.len()),
                format!("ratings={} students={}", ratings.len(), first.join(","))
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The ratings of children of a term (the latest of each child and rater), by child.
    pub async fn labour_ratings(
        &self,
        students: &[i64],
        term: Term,
    ) -> Result<Vec<Rating>, StoreError> {
        const T: &str = "labour_ratings";
        let mut out = Vec::new();
        for chunk in students.chunks(5000) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 4)).collect();
            let sql = format!(
                "SELECT student_id, rater, ability, habit, quality, item FROM labour_ratings \
                 WHERE district_id = $1 AND year = $2 AND semester = $3 AND student_id IN ({}) \
                 ORDER BY student_id, id",
                marks.join(", ")
            );
            type Row = (i64, String, i64, i64, i64, Option<String>);
            let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(self.id)
                    .bind(i64::from(term.year))
                    .bind(semester_id(term.semester));
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            let mut latest: std::collections::BTreeMap<(i64, String, Option<String>), Rating> =
                std::collections::BTreeMap::new();
            for (student, rater, a, h, q, item) in rows {
                let stars = |v: i64, c| {
                    u8::try_from(v)
                        .ok()
                        .and_then(Stars::new)
                        .ok_or_else(|| corrupt(T, c))
                };
                let rating = Rating {
                    student: StudentKey(student),
                    term,
                    rater: Rater::from_id(&rater).ok_or_else(|| corrupt(T, "rater"))?,
                    item: item
                        .as_deref()
                        .map(|i| ItemCode::parse(i).ok_or_else(|| corrupt(T, "item")))
                        .transpose()?,
                    ability: stars(a, "ability")?,
                    habit: stars(h, "habit")?,
                    quality: stars(q, "quality")?,
                };
                latest.insert((student, rater, item), rating);
            }
            out.extend(latest.into_values());
        }
        Ok(out)
    }

    /// Re-seals every labour record's evidence of the district under `keys`' current key (the
    /// old one given as previous); part of `students reseal`. Returns how many were re-sealed.
    pub async fn reseal_labour(&self, keys: &StudentKeys) -> Result<u64, StoreError> {
        let columns: [SealedColumn; 1] = [(
            "SELECT l.id, 0, s.pseudonym, l.evidence, 0 FROM labour_records l \
             JOIN students s ON s.id = l.student_id \
             WHERE l.district_id = $1 AND (l.id, 0) > ($2, $3) ORDER BY l.id LIMIT 2000",
            "UPDATE labour_records SET evidence = $1 WHERE id = $2 AND 0 = $3",
            |_, p| evidence_context(p),
        )];
        self.reseal_columns(keys, &columns, || {
            StoreError::invalid(
                "有劳动记录无法用当前或旧加密密钥解开：请确认 --previous 给出的是写入时使用的旧密钥",
            )
        })
        .await
    }
}
