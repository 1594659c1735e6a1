//! 三个课堂 sessions (专递课堂, 名师课堂, 名校网络课堂, and 同步课堂 inside a group): who gave a
//! lesson to which school of the district, in what subject, on what day, for how many minutes.
//!
//! A session file is written whole or not at all, with its audit entry, in one transaction
//! ([`DistrictStore::import_sessions`]); the same file (same SHA-256) twice is refused. A session
//! entered on the web is written alone ([`DistrictStore::add_session`]). Sessions are not edited.
//!
//! This crate checks what a session says by itself (limits, date, minutes, a giver that is not
//! the receiver); that its schools are schools of the district, and that a 同步课堂 stays inside
//! one group, is `junheng_app::classroom`'s.

use junheng_core::classroom::ClassroomKind;
use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{
    MAX_FILE_NAME, MAX_NOTE, MAX_PARTNER_NAME, MAX_SESSION_MINUTES, MAX_SESSIONS_PER_IMPORT,
    MAX_SUBJECT, check_actor, check_len, check_required,
};
use crate::pool::{Dialect, from_row, insert_values_sql, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Who gave a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Giver {
    /// A school of the district.
    School {
        /// 学校标识码.
        code: SchoolCode,
    },
    /// A giver outside the district (a school, a platform, a teacher's studio), by name.
    Outside {
        /// Its name.
        name: String,
    },
}

impl Giver {
    /// The giver's school, when it is a school of the district.
    pub fn school(&self) -> Option<&SchoolCode> {
        match self {
            Giver::School { code } => Some(code),
            Giver::Outside { .. } => None,
        }
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassroomSession {
    /// Row id.
    pub id: i64,
    /// Its kind.
    pub kind: ClassroomKind,
    /// Who gave it.
    pub giver: Giver,
    /// The receiving school.
    pub receiver: SchoolCode,
    /// 学科.
    pub subject: String,
    /// Its day, `YYYY-MM-DD`.
    pub held_on: String,
    /// Minutes.
    pub minutes: u32,
    /// 备注.
    pub note: String,
    /// The file it came from, if it was imported.
    pub import: Option<i64>,
    /// Who wrote it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// A session to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClassroomSession {
    /// Its kind.
    pub kind: ClassroomKind,
    /// Who gave it: an outside name of 1 to [`MAX_PARTNER_NAME`] characters, or a school other
    /// than the receiver.
    pub giver: Giver,
    /// The receiving school.
    pub receiver: SchoolCode,
    /// 学科: 1 to [`MAX_SUBJECT`] characters (trimmed).
    pub subject: String,
    /// Its day, `YYYY-MM-DD`.
    pub held_on: String,
    /// Minutes: 1 to [`MAX_SESSION_MINUTES`].
    pub minutes: u32,
    /// 备注: at most [`MAX_NOTE`] characters (trimmed).
    pub note: String,
}

/// An imported session file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassroomImport {
    /// Row id.
    pub id: i64,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Sessions written.
    pub sessions: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

struct SessionRow {
    id: i64,
    kind: String,
    giver_school: Option<String>,
    giver_name: String,
    receiver_school: String,
    subject: String,
    held_on: String,
    minutes: i64,
    note: String,
    import_id: Option<i64>,
    created_by: String,
    created_at: String,
}
from_row!(SessionRow {
    id,
    kind,
    giver_school,
    giver_name,
    receiver_school,
    subject,
    held_on,
    minutes,
    note,
    import_id,
    created_by,
    created_at
});

impl TryFrom<SessionRow> for ClassroomSession {
    type Error = StoreError;

    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "classroom_sessions",
            column,
        };
        Ok(ClassroomSession {
            id: r.id,
            kind: ClassroomKind::ALL
                .into_iter()
                .find(|k| k.id() == r.kind)
                .ok_or_else(|| bad("kind"))?,
            giver: match r.giver_school {
                Some(code) => Giver::School {
                    code: school_code(&code, "classroom_sessions", "giver_school")?,
                },
                None => Giver::Outside { name: r.giver_name },
            },
            receiver: school_code(&r.receiver_school, "classroom_sessions", "receiver_school")?,
            subject: r.subject,
            held_on: r.held_on,
            minutes: u32::try_from(r.minutes).map_err(|_| bad("minutes"))?,
            note: r.note,
            import: r.import_id,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

/// What a session says, checked; `which` names it in a message (第 3 条).
fn check(s: &NewClassroomSession, which: &str) -> Result<(), StoreError> {
    let at = |e: StoreError| match e {
        StoreError::Invalid(m) if !which.is_empty() => StoreError::Invalid(format!("{which}：{m}")),
        e => e,
    };
    match &s.giver {
        Giver::School { code } if *code == s.receiver => {
            return Err(at(StoreError::Invalid(format!(
                "授课学校和接收学校都是 {code}，应为两所不同的学校"
            ))));
        }
        Giver::School { .. } => {}
        Giver::Outside { name } => {
            check_required(name.trim(), "授课单位名称", MAX_PARTNER_NAME).map_err(at)?;
        }
    }
    check_required(s.subject.trim(), "学科", MAX_SUBJECT).map_err(at)?;
    if !is_date(&s.held_on) {
        return Err(at(StoreError::Invalid(format!(
            "日期“{}”应写作 YYYY-MM-DD，例如 2024-09-10",
            s.held_on.chars().take(20).collect::<String>()
        ))));
    }
    if !(1..=MAX_SESSION_MINUTES).contains(&s.minutes) {
        return Err(at(StoreError::Invalid(format!(
            "时长应为 1 到 {MAX_SESSION_MINUTES} 分钟"
        ))));
    }
    check_len(s.note.trim(), "备注", MAX_NOTE).map_err(at)
}

/// Columns written per session, in [`bind_session!`] order.
const SESSION_INSERT: &str = "INSERT INTO classroom_sessions (district_id, import_id, kind, \
                              giver_school, giver_name, receiver_school, subject, held_on, \
                              minutes, note, created_by, created_at)";
const PER_SESSION: usize = 12;

/// Binds one session's columns of [`SESSION_INSERT`].
macro_rules! bind_session {
    ($q:expr, $district:expr, $import:expr, $s:expr, $actor:expr, $at:expr) => {
        $q.bind($district)
            .bind($import)
            .bind($s.kind.id())
            .bind($s.giver.school().map(SchoolCode::as_str))
            .bind(match &$s.giver {
                Giver::Outside { name } => name.trim(),
                Giver::School { .. } => "",
            })
            .bind($s.receiver.as_str())
            .bind($s.subject.trim())
            .bind($s.held_on.as_str())
            .bind(i64::from($s.minutes))
            .bind($s.note.trim())
            .bind($actor)
            .bind($at)
    };
}

const SESSION_COLUMNS: &str = "id, kind, giver_school, giver_name, receiver_school, subject, \
                               held_on, minutes, note, import_id, created_by, created_at";

impl DistrictStore {
    /// Writes one session, with its audit entry, in one transaction; returns it as stored.
    /// [`StoreError::Invalid`] when it breaks a rule of [`NewClassroomSession`].
    pub async fn add_session(
        &self,
        new: &NewClassroomSession,
        actor: &Actor,
    ) -> Result<ClassroomSession, StoreError> {
        check_actor(actor)?;
        check(new, "")?;
        let at = now();
        let sql = format!(
            "{} RETURNING id",
            insert_values_sql(SESSION_INSERT, PER_SESSION, 1)
        );
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            // Built from our own constants only.
            let q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            let (id,): (i64,) = bind_session!(q, self.id, None::<i64>, new, &actor.name, &at)
                .fetch_one(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::CLASSROOM_ADD,
                format!("classroom_session:{id}"),
                format!(
                    "kind={} receiver={} date={} minutes={}",
                    new.kind.id(),
                    new.receiver,
                    new.held_on,
                    new.minutes
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(ClassroomSession {
            id,
            kind: new.kind,
            giver: match &new.giver {
                Giver::Outside { name } => Giver::Outside {
                    name: name.trim().to_owned(),
                },
                g => g.clone(),
            },
            receiver: new.receiver.clone(),
            subject: new.subject.trim().to_owned(),
            held_on: new.held_on.clone(),
            minutes: new.minutes,
            note: new.note.trim().to_owned(),
            import: None,
            created_by: actor.name.clone(),
            created_at: at,
        })
    }

    /// Writes every session of a file, the file's record and the audit entry, in one
    /// transaction: all or nothing. [`StoreError::Conflict`] when a file of the same SHA-256 was
    /// imported already (naming when and as what); [`StoreError::Invalid`] when a session
    /// breaks a rule of [`NewClassroomSession`] (naming which) or there are none or more than
    /// [`MAX_SESSIONS_PER_IMPORT`].
    pub async fn import_sessions(
        &self,
        sessions: &[NewClassroomSession],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<ClassroomImport, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", MAX_FILE_NAME)?;
        let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
        if sha256.len() != 64 || !sha256.bytes().all(hex) {
            return Err(StoreError::invalid(
                "文件摘要应为 64 位小写十六进制的 SHA-256",
            ));
        }
        if sessions.is_empty() || sessions.len() > MAX_SESSIONS_PER_IMPORT {
            return Err(StoreError::Invalid(format!(
                "一个文件应有 1 到 {MAX_SESSIONS_PER_IMPORT} 条课堂记录"
            )));
        }
        for (i, s) in sessions.iter().enumerate() {
            check(s, &format!("第 {} 条记录", i + 1))?;
        }
        let at = now();
        let count = sessions.len() as u64;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let same: Option<(String, String)> = sqlx::query_as(
                "SELECT file_name, imported_at FROM classroom_imports \
                 WHERE district_id = $1 AND sha256 = $2",
            )
            .bind(self.id)
            .bind(sha256)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((earlier, when)) = same {
                return Err(StoreError::Conflict(format!(
                    "同一个文件（SHA-256 相同）已于 {} 作为“{earlier}”导入过，未重复导入",
                    junheng_core::date::beijing_text(&when)
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO classroom_imports (district_id, file_name, sha256, sessions, \
                 imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(self.id)
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(count).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per = (pool.params_per_insert() / PER_SESSION).max(1);
            for chunk in sessions.chunks(per) {
                let sql = insert_values_sql(SESSION_INSERT, PER_SESSION, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for s in chunk {
                    q = bind_session!(q, self.id, Some(id), s, &actor.name, &at);
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::CLASSROOM_IMPORT,
                format!("classroom:{id}"),
                format!("file={} sessions={count}", file_name.replace(' ', "_"))
            )?;
            tx.commit().await?;
            id
        });
        Ok(ClassroomImport {
            id,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            sessions: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The sessions of the district held from `from` to `to` (`YYYY-MM-DD`, both included), by
    /// day and id.
    pub async fn sessions(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<ClassroomSession>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM classroom_sessions WHERE district_id = $1 \
             AND held_on >= $2 AND held_on <= $3 ORDER BY held_on, id"
        );
        let rows: Vec<SessionRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(ClassroomSession::try_from).collect()
    }

    /// The months (`YYYY-MM`) in which the district has sessions, oldest first.
    pub async fn session_months(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT substr(held_on, 1, 7) AS month FROM classroom_sessions \
                 WHERE district_id = $1 ORDER BY month",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(m,)| m).collect())
    }

    /// The session files imported, newest first.
    pub async fn classroom_imports(&self) -> Result<Vec<ClassroomImport>, StoreError> {
        let rows: Vec<(i64, String, String, i64, String, String)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT id, file_name, sha256, sessions, imported_by, imported_at \
                     FROM classroom_imports WHERE district_id = $1 ORDER BY id DESC",
                )
                .bind(self.id)
                .fetch_all(pool)
                .await?
            });
        Ok(rows
            .into_iter()
            .map(
                |(id, file_name, sha256, sessions, imported_by, imported_at)| ClassroomImport {
                    id,
                    file_name,
                    sha256,
                    sessions: u64::try_from(sessions).unwrap_or(0),
                    imported_by,
                    imported_at,
                },
            )
            .collect())
    }
}
