//! Enrolment events of children: 入学, 转入, 转出, 休学, 复学, 辍学, 死亡, 毕业, and 无故缺勤 —
//! each dated, at a school, with the school year and the child's grade then.

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_NOTE, MAX_SCHOOL_TEXT, check_actor, check_len};
use crate::pool::{Dialect, from_row, insert_values_sql, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Most events one write may carry.
pub const MAX_EVENTS_PER_WRITE: usize = 500_000;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 入学 (first enrolment, grade 1 or 7).
    Enter,
    /// 转入.
    TransferIn,
    /// 转出.
    TransferOut,
    /// 休学.
    Suspend,
    /// 复学.
    Resume,
    /// 辍学.
    Dropout,
    /// 死亡.
    Death,
    /// 毕业.
    Graduate,
    /// 无故缺勤 (with its days).
    Absence,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 9] = [
        EventKind::Enter,
        EventKind::TransferIn,
        EventKind::TransferOut,
        EventKind::Suspend,
        EventKind::Resume,
        EventKind::Dropout,
        EventKind::Death,
        EventKind::Graduate,
        EventKind::Absence,
    ];

    /// Stable id, as stored.
    pub const fn id(self) -> &'static str {
        match self {
            EventKind::Enter => "enter",
            EventKind::TransferIn => "transfer_in",
            EventKind::TransferOut => "transfer_out",
            EventKind::Suspend => "suspend",
            EventKind::Resume => "resume",
            EventKind::Dropout => "dropout",
            EventKind::Death => "death",
            EventKind::Graduate => "graduate",
            EventKind::Absence => "absence",
        }
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            EventKind::Enter => "入学",
            EventKind::TransferIn => "转入",
            EventKind::TransferOut => "转出",
            EventKind::Suspend => "休学",
            EventKind::Resume => "复学",
            EventKind::Dropout => "辍学",
            EventKind::Death => "死亡",
            EventKind::Graduate => "毕业",
            EventKind::Absence => "无故缺勤",
        }
    }

    /// Parses an [`id`](Self::id) or a [`label`](Self::label).
    pub fn parse(text: &str) -> Option<EventKind> {
        let t = text.trim();
        EventKind::ALL
            .into_iter()
            .find(|k| k.id() == t || k.label() == t)
    }
}

/// The school year of a day `YYYY-MM-DD`: from 1 September (2024-09-01 … 2025-08-31 → 2024).
pub fn school_year(day: &str) -> Option<i32> {
    let y: i32 = day.get(..4)?.parse().ok()?;
    let m: u32 = day.get(5..7)?.parse().ok()?;
    Some(if m >= 9 { y } else { y - 1 })
}

/// An event to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStudentEvent {
    /// The child.
    pub student: i64,
    /// The school it happened at.
    pub school: SchoolCode,
    /// What.
    pub kind: EventKind,
    /// When, `YYYY-MM-DD`.
    pub on_date: String,
    /// The child's grade then, 1–9.
    pub grade: u8,
    /// The other end of a transfer (a school or a place); may be empty.
    pub other_place: String,
    /// A 转出 the destination confirmed.
    pub confirmed: bool,
    /// Days of a 无故缺勤 (1–365); 0 otherwise.
    pub days: u32,
    /// 备注.
    pub note: String,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentEvent {
    /// Row id.
    pub id: i64,
    /// The child.
    pub student: i64,
    /// The school.
    pub school: SchoolCode,
    /// What.
    pub kind: EventKind,
    /// When.
    pub on_date: String,
    /// School year.
    pub year: i32,
    /// Grade then.
    pub grade: u8,
    /// The other end of a transfer.
    pub other_place: String,
    /// Confirmed (a 转出).
    pub confirmed: bool,
    /// Days (a 无故缺勤).
    pub days: u32,
    /// 备注.
    pub note: String,
    /// Who wrote it.
    pub created_by: String,
}

struct EventRow {
    id: i64,
    student_id: i64,
    school: String,
    kind: String,
    on_date: String,
    year: i64,
    grade: i64,
    other_place: String,
    confirmed: i64,
    days: i64,
    note: String,
    created_by: String,
}
from_row!(EventRow {
    id,
    student_id,
    school,
    kind,
    on_date,
    year,
    grade,
    other_place,
    confirmed,
    days,
    note,
    created_by
});

impl TryFrom<EventRow> for StudentEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "student_events",
            column,
        };
        Ok(StudentEvent {
            id: r.id,
            student: r.student_id,
            school: school_code(&r.school, "student_events", "school")?,
            kind: EventKind::ALL
                .into_iter()
                .find(|k| k.id() == r.kind)
                .ok_or_else(|| bad("kind"))?,
            on_date: r.on_date,
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            grade: u8::try_from(r.grade).map_err(|_| bad("grade"))?,
            other_place: r.other_place,
            confirmed: r.confirmed != 0,
            days: u32::try_from(r.days).map_err(|_| bad("days"))?,
            note: r.note,
            created_by: r.created_by,
        })
    }
}

/// How many events of a kind a school had for a grade in a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventCount {
    /// The school.
    pub school: SchoolCode,
    /// School year.
    pub year: i32,
    /// Grade.
    pub grade: u8,
    /// What.
    pub kind: EventKind,
    /// How many.
    pub count: u64,
}

const EVENT_COLUMNS: &str = "id, student_id, school, kind, on_date, year, grade, other_place, \
                             confirmed, days, note, created_by";
const EVENT_INSERT: &str = "INSERT INTO student_events (district_id, student_id, school, kind, \
                            on_date, year, grade, other_place, confirmed, days, note, \
                            created_by, created_at)";
const PER_EVENT: usize = 13;

fn check(e: &NewStudentEvent, n: usize) -> Result<i32, StoreError> {
    let at = |m: String| StoreError::Invalid(format!("第 {n} 条记录：{m}"));
    let year = school_year(&e.on_date)
        .filter(|_| is_date(&e.on_date))
        .ok_or_else(|| at("日期应写作 YYYY-MM-DD".into()))?;
    if !(1..=9).contains(&e.grade) {
        return Err(at("年级应为 1 到 9".into()));
    }
    match e.kind {
        EventKind::Absence if !(1..=365).contains(&e.days) => {
            return Err(at("无故缺勤天数应为 1 到 365".into()));
        }
        EventKind::Absence => {}
        _ if e.days != 0 => return Err(at("只有无故缺勤填写天数".into())),
        _ => {}
    }
    if e.confirmed && e.kind != EventKind::TransferOut {
        return Err(at("只有转出需要确认".into()));
    }
    check_len(e.other_place.trim(), "转入/转出单位", MAX_SCHOOL_TEXT)
        .map_err(|x| at(x.to_string()))?;
    check_len(e.note.trim(), "备注", MAX_NOTE).map_err(|x| at(x.to_string()))?;
    Ok(year)
}

impl DistrictStore {
    /// Writes events of children of this district, with one audit entry, in one transaction.
    /// [`StoreError::Invalid`] when one breaks a rule (naming which) or names a child the
    /// district does not know.
    pub async fn add_student_events(
        &self,
        events: &[NewStudentEvent],
        actor: &Actor,
    ) -> Result<u64, StoreError> {
        check_actor(actor)?;
        if events.is_empty() || events.len() > MAX_EVENTS_PER_WRITE {
            return Err(StoreError::Invalid(format!(
                "一次应写入 1 到 {MAX_EVENTS_PER_WRITE} 条记录"
            )));
        }
        let years = events
            .iter()
            .enumerate()
            .map(|(i, e)| check(e, i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let mut ids: Vec<i64> = events.iter().map(|e| e.student).collect();
        ids.sort_unstable();
        ids.dedup();
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let per = pool.params_per_insert().saturating_sub(1).clamp(1, 5000);
            let mut found = 0usize;
            for chunk in ids.chunks(per) {
                let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "SELECT COUNT(*) FROM students WHERE district_id = $1 AND id IN ({})",
                    marks.join(", ")
                );
                // Built from placeholders only.
                let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                found += usize::try_from(q.fetch_one(&mut *tx).await?.0).unwrap_or(0);
            }
            if found != ids.len() {
                return Err(StoreError::invalid("记录中有本区县学籍中没有的学生"));
            }
            let per = (pool.params_per_insert() / PER_EVENT).max(1);
            let rows: Vec<(&NewStudentEvent, i32)> = events.iter().zip(years).collect();
            for chunk in rows.chunks(per) {
                let sql = insert_values_sql(EVENT_INSERT, PER_EVENT, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (e, year) in chunk {
                    q = q
                        .bind(self.id)
                        .bind(e.student)
                        .bind(e.school.as_str())
                        .bind(e.kind.id())
                        .bind(e.on_date.as_str())
                        .bind(i64::from(*year))
                        .bind(i64::from(e.grade))
                        .bind(e.other_place.trim())
                        .bind(i64::from(e.confirmed))
                        .bind(i64::from(e.days))
                        .bind(e.note.trim())
                        .bind(&actor.name)
                        .bind(&at);
                }
                q.execute(&mut *tx).await?;
            }
            let kinds: Vec<&str> = {
                let mut k: Vec<&str> = events.iter().map(|e| e.kind.id()).collect();
                k.sort_unstable();
                k.dedup();
                k
            };
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_EVENTS,
                format!("student_events:{}", events.len()),
                format!("kinds={} students={}", kinds.join(","), ids.len())
            )?;
            tx.commit().await?;
        });
        Ok(events.len() as u64)
    }

    /// A child's events, oldest first.
    pub async fn student_events(&self, student: i64) -> Result<Vec<StudentEvent>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM student_events WHERE district_id = $1 \
             AND student_id = $2 ORDER BY on_date, id"
        );
        let rows: Vec<EventRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(student)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentEvent::try_from).collect()
    }

    /// The events of these children, by child, day and id (for the watch list: one query).
    pub async fn events_of(&self, students: &[i64]) -> Result<Vec<StudentEvent>, StoreError> {
        let mut out = Vec::new();
        for chunk in students.chunks(5000) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM student_events WHERE district_id = $1 \
                 AND student_id IN ({}) ORDER BY student_id, on_date, id",
                marks.join(", ")
            );
            let rows: Vec<EventRow> = with_pool!(&self.pool, |pool| {
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            for r in rows {
                out.push(StudentEvent::try_from(r)?);
            }
        }
        Ok(out)
    }

    /// Events of one kind dated from `from` to `to` (both included), by day.
    pub async fn events_between(
        &self,
        kind: EventKind,
        from: &str,
        to: &str,
    ) -> Result<Vec<StudentEvent>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM student_events WHERE district_id = $1 AND kind = $2 \
             AND on_date >= $3 AND on_date <= $4 ORDER BY on_date, id"
        );
        let rows: Vec<EventRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(kind.id())
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentEvent::try_from).collect()
    }

    /// Counts of events per school, school year, grade and kind, for school years `from` to
    /// `to` (absences left out).
    pub async fn event_counts(&self, from: i32, to: i32) -> Result<Vec<EventCount>, StoreError> {
        let rows: Vec<(String, i64, i64, String, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT school, year, grade, kind, COUNT(*) FROM student_events \
                 WHERE district_id = $1 AND year >= $2 AND year <= $3 AND kind <> 'absence' \
                 GROUP BY school, year, grade, kind ORDER BY school, year, grade, kind",
            )
            .bind(self.id)
            .bind(i64::from(from))
            .bind(i64::from(to))
            .fetch_all(pool)
            .await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "student_events",
            column,
        };
        rows.into_iter()
            .map(|(school, year, grade, kind, n)| {
                Ok(EventCount {
                    school: school_code(&school, "student_events", "school")?,
                    year: i32::try_from(year).map_err(|_| bad("year"))?,
                    grade: u8::try_from(grade).map_err(|_| bad("grade"))?,
                    kind: EventKind::ALL
                        .into_iter()
                        .find(|k| k.id() == kind)
                        .ok_or_else(|| bad("kind"))?,
                    count: u64::try_from(n).map_err(|_| bad("count"))?,
                })
            })
            .collect()
    }

    /// 转出 not confirmed, dated on or before `before`, with no 转入 of the same child in the
    /// district on or after it: the children who may be out of school (疑似失学).
    pub async fn unmatched_transfers(&self, before: &str) -> Result<Vec<StudentEvent>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM student_events o WHERE district_id = $1 \
             AND kind = 'transfer_out' AND confirmed = 0 AND on_date <= $2 \
             AND NOT EXISTS (SELECT 1 FROM student_events i WHERE i.district_id = o.district_id \
             AND i.student_id = o.student_id AND i.kind = 'transfer_in' \
             AND i.on_date >= o.on_date) ORDER BY on_date, id"
        );
        let rows: Vec<EventRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(before)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentEvent::try_from).collect()
    }

    /// Marks a 转出 as confirmed by its destination (audited).
    pub async fn confirm_transfer(&self, event: i64, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE student_events SET confirmed = 1 WHERE district_id = $1 AND id = $2 \
                 AND kind = 'transfer_out'",
            )
            .bind(self.id)
            .bind(event)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound("这条转出记录"));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::STUDENT_TRANSFER_CONFIRM,
                format!("student_event:{event}"),
                String::new()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_start_on_the_first_of_september() {
        assert_eq!(school_year("2024-09-01"), Some(2024));
        assert_eq!(school_year("2025-08-31"), Some(2024));
        assert_eq!(school_year("2025-01-15"), Some(2024));
        assert_eq!(school_year("x"), None);
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.id()), Some(k));
            assert_eq!(EventKind::parse(k.label()), Some(k));
        }
    }
}
