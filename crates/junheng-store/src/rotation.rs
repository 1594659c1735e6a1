//! The rotation ledger (交流轮岗台账): moves recorded from an imported ledger, by hand, or from an
//! accepted plan. A move is never edited or deleted; a wrong one is cancelled, with who, when
//! and why. A teacher has at most one active (not cancelled) move in any school year.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use junheng_rotation::{Move, TeacherId};
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{narrow, parse_word, school_code, teacher_id, word};
use crate::limits::{MAX_NOTE, check_actor, check_len};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Key of the PostgreSQL advisory lock that serialises ledger writers (the overlap check).
const LEDGER_LOCK: i64 = 4_714_730_202;

/// Where the moves of a ledger write come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveSource {
    /// An uploaded ledger file (台账导入).
    Import,
    /// Entered by hand.
    Manual,
    /// Accepted from the planner's proposal.
    Plan,
}

impl MoveSource {
    /// Stable identifier, as stored and audited: `import`, `manual` or `plan`.
    pub fn id(self) -> &'static str {
        match self {
            MoveSource::Import => "import",
            MoveSource::Manual => "manual",
            MoveSource::Plan => "plan",
        }
    }
}

/// Which ledger entries [`DistrictStore::moves`] returns; the default is every active move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveFilter<'a> {
    /// Only moves whose teacher is at the host in this school year (`start_year ≤ year ≤
    /// end_year`).
    pub year_active: Option<i32>,
    /// Only moves starting in this school year.
    pub start_year: Option<i32>,
    /// Only moves from or to this school.
    pub school: Option<&'a SchoolCode>,
    /// Cancelled moves too.
    pub include_cancelled: bool,
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// Row id.
    pub id: i64,
    /// The move.
    #[serde(rename = "move")]
    pub move_: Move,
    /// Where it came from.
    pub source: MoveSource,
    /// The note given when it was added.
    pub note: Option<String>,
    /// Who added it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// When it was cancelled; `None` while active.
    pub cancelled_at: Option<String>,
    /// Who cancelled it.
    pub cancelled_by: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// The batch it was written in: the id of the batch's first move (its own id for moves
    /// written before batches were kept). [`DistrictStore::cancel_batch`] cancels a batch.
    pub batch: i64,
}

impl LedgerEntry {
    /// Whether the move counts (it was not cancelled).
    pub fn is_active(&self) -> bool {
        self.cancelled_at.is_none()
    }
}

struct MoveRow {
    id: i64,
    teacher_id: String,
    from_school: String,
    to_school: String,
    start_year: i64,
    end_year: i64,
    kind: String,
    source: String,
    note: Option<String>,
    created_by: String,
    created_at: String,
    cancelled_at: Option<String>,
    cancelled_by: Option<String>,
    cancel_reason: Option<String>,
    batch_id: Option<i64>,
}
from_row!(MoveRow {
    id,
    teacher_id,
    from_school,
    to_school,
    start_year,
    end_year,
    kind,
    source,
    note,
    created_by,
    created_at,
    cancelled_at,
    cancelled_by,
    cancel_reason,
    batch_id
});

const T: &str = "rotation_moves";

const COLUMNS: &str = "id, teacher_id, from_school, to_school, start_year, end_year, kind, \
                       source, note, created_by, created_at, cancelled_at, cancelled_by, \
                       cancel_reason, batch_id";

impl TryFrom<MoveRow> for LedgerEntry {
    type Error = StoreError;

    fn try_from(r: MoveRow) -> Result<Self, StoreError> {
        Ok(LedgerEntry {
            id: r.id,
            move_: Move {
                teacher: teacher_id(&r.teacher_id, T, "teacher_id")?,
                from: school_code(&r.from_school, T, "from_school")?,
                to: school_code(&r.to_school, T, "to_school")?,
                start_year: narrow(r.start_year, T, "start_year")?,
                end_year: narrow(r.end_year, T, "end_year")?,
                kind: parse_word(&r.kind, T, "kind")?,
            },
            source: parse_word(&r.source, T, "source")?,
            note: r.note,
            created_by: r.created_by,
            created_at: r.created_at,
            cancelled_at: r.cancelled_at,
            cancelled_by: r.cancelled_by,
            cancel_reason: r.cancel_reason,
            batch: r.batch_id.unwrap_or(r.id),
        })
    }
}

/// A note or reason, trimmed; at most [`MAX_NOTE`] characters.
fn check_text<'a>(text: &'a str, what: &str) -> Result<&'a str, StoreError> {
    let text = text.trim();
    check_len(text, what, MAX_NOTE)?;
    Ok(text)
}

/// Refuses an empty batch, a move that ends before it starts or stays at its home school, and
/// two moves of one teacher in the batch that overlap.
fn check_moves(moves: &[Move]) -> Result<(), StoreError> {
    if moves.is_empty() {
        return Err(StoreError::invalid("没有任何交流轮岗记录"));
    }
    let mut by_teacher: HashMap<&TeacherId, Vec<&Move>> = HashMap::new();
    for (i, m) in moves.iter().enumerate() {
        if m.start_year > m.end_year {
            return Err(StoreError::Invalid(format!(
                "第 {} 条记录（教师编号 {}）的起始学年 {} 晚于结束学年 {}",
                i + 1,
                m.teacher,
                m.start_year,
                m.end_year
            )));
        }
        if m.from == m.to {
            return Err(StoreError::Invalid(format!(
                "第 {} 条记录（教师编号 {}）的调出学校与调入学校相同",
                i + 1,
                m.teacher
            )));
        }
        let earlier = by_teacher.entry(&m.teacher).or_default();
        if let Some(other) = earlier.iter().find(|o| overlaps(o, m)) {
            return Err(overlap(m, None, other.start_year, other.end_year));
        }
        earlier.push(m);
    }
    Ok(())
}

fn overlaps(a: &Move, b: &Move) -> bool {
    a.start_year <= b.end_year && b.start_year <= a.end_year
}

fn overlap(m: &Move, other_id: Option<i64>, other_start: i32, other_end: i32) -> StoreError {
    StoreError::MoveOverlap {
        teacher: m.teacher.clone(),
        start_year: m.start_year,
        end_year: m.end_year,
        other_id,
        other_start,
        other_end,
    }
}

impl DistrictStore {
    /// Adds moves to the ledger as one batch (the id of its first move, kept on every move);
    /// returns their ids, in the order given.
    ///
    /// One transaction, all or nothing, with one audit entry `ledger.add` (target `ledger`,
    /// detail `source=… moves=N batch=ID`). [`StoreError::MoveOverlap`] if a move overlaps, in school
    /// years, an active move of the same teacher in the ledger or earlier in `moves`;
    /// [`StoreError::Invalid`] for an empty batch, a move ending before it starts, one whose
    /// schools are the same, or a note over 500 characters.
    pub async fn add_moves(
        &self,
        moves: &[Move],
        source: MoveSource,
        actor: &Actor,
        note: Option<&str>,
    ) -> Result<Vec<i64>, StoreError> {
        check_moves(moves)?;
        check_actor(actor)?;
        let note = match note {
            Some(n) => Some(check_text(n, "备注")?).filter(|n| !n.is_empty()),
            None => None,
        };
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(LEDGER_LOCK).await?;
            // The active moves of the batch's teachers, read in a few queries (not one per
            // move), each teacher's in id order.
            let mut teachers: Vec<&str> = moves.iter().map(|m| m.teacher.as_str()).collect();
            teachers.sort_unstable();
            teachers.dedup();
            let mut active: HashMap<String, Vec<(i64, i64, i64)>> = HashMap::new();
            for chunk in teachers.chunks(pool.params_per_insert() - 1) {
                let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
                // Built from placeholders only.
                let sql = format!(
                    "SELECT id, teacher_id, start_year, end_year FROM rotation_moves \
                     WHERE cancelled_at IS NULL AND district_id = ${} AND teacher_id IN ({}) \
                     ORDER BY id",
                    chunk.len() + 1,
                    list.join(", ")
                );
                let mut q = sqlx::query_as::<_, (i64, String, i64, i64)>(AssertSqlSafe(sql));
                for t in chunk {
                    q = q.bind(*t);
                }
                q = q.bind(self.id);
                for (id, teacher, start, end) in q.fetch_all(&mut *tx).await? {
                    active.entry(teacher).or_default().push((id, start, end));
                }
            }
            for m in moves {
                let (first, last) = (i64::from(m.start_year), i64::from(m.end_year));
                let found = active.get(m.teacher.as_str()).and_then(|a| {
                    a.iter()
                        .find(|(_, start, end)| *start <= last && *end >= first)
                });
                if let Some(&(id, start, end)) = found {
                    return Err(overlap(
                        m,
                        Some(id),
                        narrow(start, T, "start_year")?,
                        narrow(end, T, "end_year")?,
                    ));
                }
            }
            let created_at = now();
            let mut ids: Vec<i64> = Vec::with_capacity(moves.len());
            for m in moves {
                // The first move's own id, set just below; the others name it at insert.
                let batch = ids.first().copied();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO rotation_moves (teacher_id, from_school, to_school, start_year, \
                     end_year, kind, source, note, created_by, created_at, district_id, \
                     batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                     RETURNING id",
                )
                .bind(m.teacher.as_str())
                .bind(m.from.as_str())
                .bind(m.to.as_str())
                .bind(i64::from(m.start_year))
                .bind(i64::from(m.end_year))
                .bind(word(&m.kind))
                .bind(source.id())
                .bind(note)
                .bind(&actor.name)
                .bind(&created_at)
                .bind(self.id)
                .bind(batch)
                .fetch_one(&mut *tx)
                .await?;
                if batch.is_none() {
                    sqlx::query("UPDATE rotation_moves SET batch_id = id WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                ids.push(id);
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LEDGER_ADD,
                "ledger",
                format!(
                    "source={} moves={} batch={}",
                    source.id(),
                    moves.len(),
                    ids[0]
                )
            )?;
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Ledger entries matching `filter`, in the order they were added.
    pub async fn moves(&self, filter: &MoveFilter<'_>) -> Result<Vec<LedgerEntry>, StoreError> {
        let rows: Vec<MoveRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM rotation_moves WHERE district_id = $5 \
                 AND ($1 IS NULL OR (start_year <= $1 AND end_year >= $1)) \
                 AND ($2 IS NULL OR start_year = $2) \
                 AND ($3 IS NULL OR from_school = $3 OR to_school = $3) \
                 AND ($4 = 1 OR cancelled_at IS NULL) ORDER BY id"
            )))
            .bind(filter.year_active.map(i64::from))
            .bind(filter.start_year.map(i64::from))
            .bind(filter.school.map(SchoolCode::as_str))
            .bind(i32::from(filter.include_cancelled))
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(LedgerEntry::try_from).collect()
    }

    /// Cancels a move: it stays in the ledger, marked with who, when and `reason` (required, at
    /// most 500 characters; kept in the ledger, not in the audit entry `ledger.cancel`, target
    /// `move:ID`). [`StoreError::NotFound`] if there is no such move, [`StoreError::Conflict`]
    /// if it was cancelled already.
    pub async fn cancel_move(
        &self,
        id: i64,
        actor: &Actor,
        reason: &str,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let reason = check_text(reason, "撤销原因")?;
        if reason.is_empty() {
            return Err(StoreError::invalid("请填写撤销原因"));
        }
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE rotation_moves SET cancelled_at = $1, cancelled_by = $2, \
                 cancel_reason = $3 WHERE id = $4 AND district_id = $5 AND cancelled_at IS NULL",
            )
            .bind(now())
            .bind(&actor.name)
            .bind(reason)
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                let cancelled: Option<(Option<String>,)> = sqlx::query_as(
                    "SELECT cancelled_at FROM rotation_moves WHERE id = $1 AND district_id = $2",
                )
                .bind(id)
                .bind(self.id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(match cancelled {
                    None => StoreError::NotFound("该交流轮岗台账记录"),
                    Some((at,)) => StoreError::Conflict(format!(
                        "台账记录 #{id} 已于 {} 撤销，不能重复撤销",
                        at.unwrap_or_default()
                    )),
                });
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LEDGER_CANCEL,
                format!("move:{id}"),
                ""
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Cancels every active move of batch `batch` (the moves of one accepted plan, one ledger
    /// file, one move by hand) in one transaction, each marked with who, when and `reason` as
    /// [`DistrictStore::cancel_move`] does; returns how many were cancelled. One audit entry
    /// `ledger.cancel_batch` (target `batch:ID`, detail `moves=N`). [`StoreError::NotFound`] if
    /// there is no such batch, [`StoreError::Conflict`] if all its moves were cancelled already.
    pub async fn cancel_batch(
        &self,
        batch: i64,
        actor: &Actor,
        reason: &str,
    ) -> Result<u64, StoreError> {
        check_actor(actor)?;
        let reason = check_text(reason, "撤销原因")?;
        if reason.is_empty() {
            return Err(StoreError::invalid("请填写撤销原因"));
        }
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(LEDGER_LOCK).await?;
            let done = sqlx::query(
                "UPDATE rotation_moves SET cancelled_at = $1, cancelled_by = $2, \
                 cancel_reason = $3 WHERE district_id = $4 AND COALESCE(batch_id, id) = $5 \
                 AND cancelled_at IS NULL",
            )
            .bind(now())
            .bind(&actor.name)
            .bind(reason)
            .bind(self.id)
            .bind(batch)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                let (moves,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM rotation_moves \
                     WHERE district_id = $1 AND COALESCE(batch_id, id) = $2",
                )
                .bind(self.id)
                .bind(batch)
                .fetch_one(&mut *tx)
                .await?;
                return Err(if moves == 0 {
                    StoreError::NotFound("该批台账记录")
                } else {
                    StoreError::Conflict(format!(
                        "第 {batch} 批的 {moves} 条台账记录都已撤销，不能重复撤销"
                    ))
                });
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LEDGER_CANCEL_BATCH,
                format!("batch:{batch}"),
                format!("moves={done}")
            )?;
            tx.commit().await?;
            Ok(done)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_rotation::MoveKind;

    fn m(teacher: &str, start_year: i32, end_year: i32) -> Move {
        Move {
            teacher: TeacherId::parse(teacher).unwrap(),
            from: SchoolCode::parse("5001120001").unwrap(),
            to: SchoolCode::parse("5001120002").unwrap(),
            start_year,
            end_year,
            kind: MoveKind::Rotation,
        }
    }

    #[test]
    fn sources_are_stored_by_their_serde_names() {
        for s in [MoveSource::Import, MoveSource::Manual, MoveSource::Plan] {
            assert_eq!(word(&s), s.id());
            assert_eq!(parse_word::<MoveSource>(s.id(), T, "source").unwrap(), s);
        }
    }

    #[test]
    fn a_batch_is_checked_before_any_write() {
        assert_eq!(check_moves(&[]).unwrap_err().code(), "store.invalid");
        assert_eq!(
            check_moves(&[m("T1", 2025, 2024)]).unwrap_err().code(),
            "store.invalid"
        );
        let mut home = m("T1", 2024, 2024);
        home.to = home.from.clone();
        assert_eq!(check_moves(&[home]).unwrap_err().code(), "store.invalid");
        check_moves(&[
            m("T1", 2024, 2025),
            m("T1", 2026, 2027),
            m("T2", 2024, 2027),
        ])
        .unwrap();
        let err = check_moves(&[
            m("T1", 2024, 2025),
            m("T2", 2024, 2025),
            m("T1", 2025, 2026),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            StoreError::MoveOverlap {
                other_id: None,
                start_year: 2025,
                other_start: 2024,
                ..
            }
        ));
        assert_eq!(err.code(), "store.conflict");
        let text = err.to_string();
        assert!(text.contains("T1") && text.contains("2025–2026"), "{text}");
    }
}
