//! The store's one error type, with stable codes the server maps to HTTP statuses and i18n keys.

use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;
use serde::Serialize;
use serde::de::{DeserializeOwned, IntoDeserializer};

/// Why a store operation failed.
///
/// Messages are Chinese and never contain personal data (names, passwords, values of a row); the
/// database's own error is kept as the [`std::error::Error::source`] for operators' logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database address is not `sqlite:…` or `postgres://…`.
    #[error("不支持的数据库地址：应以 sqlite:// 或 postgres:// 开头")]
    UnsupportedUrl,
    /// The database could not be reached or opened.
    #[error("无法连接数据库，请检查数据库地址、服务是否运行以及访问权限")]
    Connect(#[source] sqlx::Error),
    /// The database holds a newer schema than this program knows.
    #[error("数据库结构版本为 {found}，高于本程序支持的 {supported}，请升级本程序")]
    SchemaTooNew {
        /// Highest migration applied in the database.
        found: i64,
        /// Highest migration this program carries.
        supported: i64,
    },
    /// Something asked for does not exist.
    #[error("未找到{0}")]
    NotFound(&'static str),
    /// The write would duplicate or contradict what is stored.
    #[error("{0}")]
    Conflict(String),
    /// A move for the rotation ledger overlaps, in school years, an active (not cancelled) move
    /// of the same teacher: one already in the ledger, or one earlier in the same batch. Nothing
    /// was written. Its code is `store.conflict`, like [`StoreError::Conflict`].
    #[error(
        "教师 {teacher} 的 {start_year}–{end_year} 学年交流轮岗与{}（{other_start}–{other_end} 学年）重叠，\
         本次未写入任何台账记录",
        other_move(*.other_id)
    )]
    MoveOverlap {
        /// The teacher.
        teacher: TeacherId,
        /// First school year of the refused move.
        start_year: i32,
        /// Last school year of the refused move.
        end_year: i32,
        /// Id of the ledger entry it overlaps; `None` when it overlaps a move of the same batch.
        other_id: Option<i64>,
        /// First school year of the move it overlaps.
        other_start: i32,
        /// Last school year of the move it overlaps.
        other_end: i32,
    },
    /// The input breaks a rule (role and scope, date format, …).
    #[error("{0}")]
    Invalid(String),
    /// A value read from the database is not one this program writes.
    #[error("数据库中的数据无法识别（表 {table}，列 {column}）")]
    Corrupt {
        /// Table of the value.
        table: &'static str,
        /// Column of the value.
        column: &'static str,
    },
    /// A backup file is malformed, truncated or of another schema version.
    #[error("备份文件有误：{0}")]
    Backup(String),
    /// Reading or writing a backup stream failed.
    #[error("读写备份文件失败")]
    Io(#[source] std::io::Error),
    /// The database cannot be reached for now (restarting, connections refused or broken,
    /// none free in time): nothing was written; the same request later may succeed.
    #[error("数据库暂时无法连接，请稍后重试")]
    Unavailable(#[source] sqlx::Error),
    /// Any other database failure.
    #[error("数据库操作失败")]
    Database(#[source] sqlx::Error),
}

impl StoreError {
    /// Stable snake_case code, also the i18n key (`store.not_found`, …).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::UnsupportedUrl => "store.unsupported_url",
            StoreError::Connect(_) => "store.connect",
            StoreError::SchemaTooNew { .. } => "store.schema_too_new",
            StoreError::NotFound(_) => "store.not_found",
            StoreError::Conflict(_) | StoreError::MoveOverlap { .. } => "store.conflict",
            StoreError::Invalid(_) => "store.invalid",
            StoreError::Corrupt { .. } => "store.corrupt",
            StoreError::Backup(_) => "store.backup",
            StoreError::Io(_) => "store.io",
            StoreError::Unavailable(_) => "store.unavailable",
            StoreError::Database(_) => "store.database",
        }
    }

    /// [`StoreError::Invalid`] with `message` (Chinese: what is wrong and what is expected).
    pub fn invalid(message: impl Into<String>) -> Self {
        StoreError::Invalid(message.into())
    }
}

/// How a [`StoreError::MoveOverlap`] names the move it overlaps.
fn other_move(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("台账记录 #{id}"),
        None => "同批提交的另一条记录".to_owned(),
    }
}

/// Whether a database error means the server cannot be reached for now rather than that the
/// statement failed: no connection free in time, a connection refused or broken, the server
/// shutting down or starting (SQLSTATE class 08 and 57P01–57P03).
fn unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if unreachable(&e) {
            StoreError::Unavailable(e)
        } else {
            StoreError::Database(e)
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

/// Maps a unique-constraint violation to [`StoreError::Conflict`] with `message`, anything else
/// to [`StoreError::Database`].
pub(crate) fn conflict_on_unique(message: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            StoreError::Conflict(message.to_owned())
        }
        _ => StoreError::from(e),
    }
}

/// Converts a stored integer back to the domain's narrower type (a year, a count…).
pub(crate) fn narrow<T: TryFrom<i64>>(
    value: i64,
    table: &'static str,
    column: &'static str,
) -> Result<T, StoreError> {
    T::try_from(value).map_err(|_| StoreError::Corrupt { table, column })
}

/// Converts a stored integer back to the domain's unsigned type.
pub(crate) fn to_u32(
    value: i64,
    table: &'static str,
    column: &'static str,
) -> Result<u32, StoreError> {
    narrow(value, table, column)
}

/// The stored text of a fieldless enum: its snake_case serde name.
pub(crate) fn word<E: Serialize>(value: &E) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        // Fieldless enums always serialise as a string; an empty word would read back as
        // corrupt, never as another value.
        _ => String::new(),
    }
}

/// Reads back a stored enum name; one this program does not know is [`StoreError::Corrupt`].
pub(crate) fn parse_word<E: DeserializeOwned>(
    text: &str,
    table: &'static str,
    column: &'static str,
) -> Result<E, StoreError> {
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        text.into_deserializer();
    E::deserialize(de).map_err(|_| StoreError::Corrupt { table, column })
}

/// Reads back a stored school code.
pub(crate) fn school_code(
    text: &str,
    table: &'static str,
    column: &'static str,
) -> Result<SchoolCode, StoreError> {
    SchoolCode::parse(text).map_err(|_| StoreError::Corrupt { table, column })
}

/// Reads back a stored teacher id.
pub(crate) fn teacher_id(
    text: &str,
    table: &'static str,
    column: &'static str,
) -> Result<TeacherId, StoreError> {
    TeacherId::parse(text).map_err(|_| StoreError::Corrupt { table, column })
}
