//! The two typed pools behind one query code path.
//!
//! Every query is written once, as text with `$1, $2…` placeholders (both SQLite and PostgreSQL
//! accept them), inside [`with_pool!`], which expands the same code in an SQLite arm and a
//! PostgreSQL arm; the compiler type-checks it against both drivers. The few statements that
//! differ between the dialects are methods of [`Dialect`]. sqlx's `AnyPool` is not used: it
//! decodes only a handful of types.

use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Postgres, Sqlite, Transaction};

use crate::StoreError;

/// How long a request waits for a PostgreSQL connection before the store answers
/// [`StoreError::Unavailable`].
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Which database a [`crate::Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// An embedded SQLite file (a bureau laptop).
    Sqlite,
    /// A PostgreSQL server (a city or province deployment).
    Postgres,
}

impl Backend {
    /// Stable identifier: `sqlite` or `postgres`.
    pub fn id(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// A connection pool of one of the two backends.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Expands `$body` once per backend with `$pool` bound to the typed pool, so one text of SQL and
/// Rust serves both. Written like a closure so that rustfmt formats the body; it is not one
/// (`?` and `return` act on the enclosing function).
macro_rules! with_pool {
    ($store_pool:expr, |$pool:ident| $body:expr) => {
        match $store_pool {
            $crate::pool::Pool::Sqlite($pool) => $body,
            $crate::pool::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Implements `sqlx::FromRow` for the rows of both backends, by column name, as
/// `#[derive(sqlx::FromRow)]` would. The derive needs sqlx's proc-macro crate, which compiles
/// sqlx and SQLite's C code a second time for the host: measured here, a clean debug build of
/// sqlx took 6 min 26 s of CPU with it and 3 min 57 s without.
///
/// `from_row!(Row { a, b } flatten { user: UserRow })` reads columns `a` and `b` and builds the
/// field `user` from the same row (`#[sqlx(flatten)]`). A field left out does not compile.
macro_rules! from_row {
    (@impl $row:ty, $ty:ident { $($field:ident),* } $(flatten { $($flat:ident: $flat_ty:ident),* })?) => {
        impl<'r> sqlx::FromRow<'r, $row> for $ty {
            fn from_row(row: &'r $row) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                Ok($ty {
                    $($field: row.try_get(stringify!($field))?,)*
                    $($($flat: <$flat_ty as sqlx::FromRow<'r, $row>>::from_row(row)?,)*)?
                })
            }
        }
    };
    ($ty:ident { $($field:ident),* $(,)? } $(flatten { $($flat:ident: $flat_ty:ident),* $(,)? })?) => {
        $crate::pool::from_row!(@impl sqlx::sqlite::SqliteRow, $ty { $($field),* }
            $(flatten { $($flat: $flat_ty),* })?);
        $crate::pool::from_row!(@impl sqlx::postgres::PgRow, $ty { $($field),* }
            $(flatten { $($flat: $flat_ty),* })?);
    };
}
pub(crate) use from_row;

/// `{head} VALUES ($1, …, $n), ($n+1, …)…`: a multi-row INSERT of `rows` rows of `per_row`
/// parameters each; `head` is `INSERT INTO table (columns…)`.
pub(crate) fn insert_values_sql(head: &str, per_row: usize, rows: usize) -> String {
    let mut sql = format!("{head} VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..per_row {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(r * per_row + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

/// How long an SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Pool {
    pub(crate) async fn connect(url: &str) -> Result<Pool, StoreError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|_| StoreError::UnsupportedUrl)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // NORMAL is durable in WAL mode except for the last transactions on power loss.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // 64 MiB of page cache per connection (SQLite's default is 2 MiB), taken as
                // pages are read: a city's registry indexes millions of pseudonyms, and each
                // insert into them otherwise reads its pages back from the file.
                .pragma("cache_size", "-65536")
                // A multi-row statement inside a transaction keeps a statement journal (to undo
                // itself alone): in memory, not in a temporary file written page by page.
                .pragma("temp_store", "memory")
                .pragma("wal_autocheckpoint", "16384")
                .busy_timeout(SQLITE_BUSY_TIMEOUT);
            // Every connection to `:memory:` is its own database: keep exactly one, forever.
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let pool_options = if memory {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
            } else {
                SqlitePoolOptions::new().max_connections(8)
            };
            let pool = pool_options
                .connect_with(options)
                .await
                .map_err(StoreError::Connect)?;
            Ok(Pool::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options =
                PgConnectOptions::from_str(url).map_err(|_| StoreError::UnsupportedUrl)?;
            // One plain connection first: the pool would retry a refused connection until its
            // acquire timeout (30 s), a server started against a stopped database should say so
            // at once.
            PgConnection::connect_with(&options)
                .await
                .map_err(StoreError::Connect)?
                .close()
                .await
                .map_err(StoreError::Connect)?;
            // While the server is unreachable (restarting), a request waits at most
            // ACQUIRE_TIMEOUT for a connection, then fails as unavailable (a 503), instead of
            // holding its client for sqlx's default 30 s. Connections are checked before use,
            // so those broken by a restart are replaced, not handed out.
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .test_before_acquire(true)
                .connect_with(options)
                .await
                .map_err(StoreError::Connect)?;
            Ok(Pool::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    pub(crate) fn backend(&self) -> Backend {
        with_pool!(self, |pool| pool.backend())
    }

    pub(crate) async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }

    /// On SQLite, copies every page of the write-ahead log into the database file and empties
    /// the log (`PRAGMA wal_checkpoint(TRUNCATE)`); returns whether it could not finish because
    /// another connection (of another process) was reading or writing. On PostgreSQL nothing.
    pub(crate) async fn checkpoint(&self) -> Result<bool, StoreError> {
        match self {
            Pool::Sqlite(pool) => {
                let (busy, _log, _done): (i64, i64, i64) =
                    sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(pool)
                        .await?;
                Ok(busy != 0)
            }
            Pool::Postgres(_) => Ok(false),
        }
    }
}

/// The statements that differ between SQLite and PostgreSQL.
pub(crate) trait Dialect {
    type Db: sqlx::Database;

    fn backend(&self) -> Backend;

    /// Begins a transaction that will write.
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Self::Db>, sqlx::Error>> + Send;

    /// Begins a read-only transaction that sees one consistent snapshot.
    fn begin_snapshot(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Self::Db>, sqlx::Error>> + Send;

    /// Statement that serialises concurrent migrators, if the transaction alone does not.
    fn migration_lock(&self) -> Option<&'static str>;

    /// Begins a transaction that will write, serialised with every other transaction begun
    /// with the same `key` until it ends (what it reads before writing stays true).
    fn begin_write_locked(
        &self,
        key: i64,
    ) -> impl Future<Output = Result<Transaction<'static, Self::Db>, sqlx::Error>> + Send;

    /// Column definition of an integer identity primary key (`{{id}}` in migrations).
    fn identity_column(&self) -> &'static str;

    /// Most bind parameters to put in one multi-row INSERT.
    fn params_per_insert(&self) -> usize;

    /// `count` placeholders numbered from `first` (`$first, …` on PostgreSQL), comma-separated.
    /// On SQLite they are anonymous (`?, …`): a `$n` costs a walk of the statement's parameter
    /// list at every bind, so binding a statement of n of them costs n². A statement written
    /// with `marks` takes its parameters in text order and uses no other kind.
    fn marks(&self, first: usize, count: usize) -> String;

    /// [`insert_values_sql`] with [`Dialect::marks`].
    fn values_sql(&self, head: &str, per_row: usize, rows: usize) -> String {
        let mut sql = format!("{head} VALUES ");
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            sql.push_str(&self.marks(r * per_row + 1, per_row));
            sql.push(')');
        }
        sql
    }

    /// Statement that moves `table`'s identity past its largest id after ids were inserted
    /// explicitly (restore), if the database does not do it by itself.
    fn advance_identity(&self, table: &'static str) -> Option<String>;
}

impl Dialect for SqlitePool {
    type Db = Sqlite;

    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        // IMMEDIATE takes the write lock at once (waiting up to the busy timeout): a deferred
        // transaction that reads first and writes later fails with SQLITE_BUSY when another
        // writer committed in between.
        self.begin_with("BEGIN IMMEDIATE")
    }

    fn begin_snapshot(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        // A WAL read transaction sees the snapshot of its first read.
        self.begin()
    }

    fn migration_lock(&self) -> Option<&'static str> {
        None
    }

    fn begin_write_locked(
        &self,
        _key: i64,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        // BEGIN IMMEDIATE takes the database's one write lock already.
        self.begin_write()
    }

    fn marks(&self, _first: usize, count: usize) -> String {
        vec!["?"; count].join(", ")
    }

    fn params_per_insert(&self) -> usize {
        // SQLite finds a `$n` parameter's name by walking a list, so binding a statement costs
        // the square of its parameter count: 500 rows of a school (17 000 parameters) per
        // INSERT took 8 s for 10 000 schools, 8 rows about 0.2 s.
        300
    }

    fn identity_column(&self) -> &'static str {
        "INTEGER PRIMARY KEY AUTOINCREMENT"
    }

    fn advance_identity(&self, _table: &'static str) -> Option<String> {
        // AUTOINCREMENT keeps sqlite_sequence at the largest id ever inserted, explicit ones too.
        None
    }
}

impl Dialect for PgPool {
    type Db = Postgres;

    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        self.begin()
    }

    fn begin_snapshot(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        self.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    }

    fn params_per_insert(&self) -> usize {
        // Below PostgreSQL's 65 535; one round trip per ~900 schools.
        30_000
    }

    fn marks(&self, first: usize, count: usize) -> String {
        (first..first + count)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn migration_lock(&self) -> Option<&'static str> {
        // Two servers starting at once must not both create the tables.
        Some("SELECT pg_advisory_xact_lock(4714730101)")
    }

    async fn begin_write_locked(
        &self,
        key: i64,
    ) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        // A transaction-level advisory lock: released at commit or rollback.
        let mut tx = self.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    fn identity_column(&self) -> &'static str {
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    }

    fn advance_identity(&self, table: &'static str) -> Option<String> {
        Some(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))
    }
}
