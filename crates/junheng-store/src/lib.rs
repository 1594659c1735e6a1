//! Junheng's storage adapter: the registry, versioned school statistics, education groups,
//! users, sessions, API tokens, teacher rosters, the rotation ledger and the audit log, on an
//! embedded SQLite file or on PostgreSQL.
//!
//! One query code path serves both backends (see `pool.rs`): typed sqlx pools, the same SQL
//! text with `$n` placeholders, runtime `query`/`query_as`. One set of migrations, embedded in
//! the binary, is applied by [`Store::open`].
//!
//! Every write that takes an [`Actor`] appends its audit entry in its own transaction; imports
//! are all-or-nothing and never overwrite: a re-import of a year is a new version.
//!
//! ```no_run
//! # use junheng_core::school::SchoolRecord;
//! # async fn demo(records: Vec<SchoolRecord>) -> Result<(), junheng_store::StoreError> {
//! use junheng_store::{Actor, ImportSource, Store};
//! let store = Store::open("sqlite://junheng.db").await?;
//! let source = ImportSource::new("2024学校基本情况表.xlsx", b"...file bytes...", "");
//! let info = store.import_statistics(2024, &records, &source, &Actor::new("dux")).await?;
//! assert_eq!(store.statistics(2024, None).await?.len() as u64, info.rows);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod audit;
mod backup;
mod district;
mod error;
mod groups;
mod lotteries;
mod migrate;
mod pool;
mod roster;
mod rotation;
mod sessions;
mod statistics;
mod submissions;
mod time;
mod users;

pub use audit::{Actor, AuditEntry, AuditFilter, AuditRecord, action};
pub use backup::{BACKUP_FORMAT, BackupSummary, TableCount};
pub use district::{DEFAULT_DISTRICT, District};
pub use error::StoreError;
pub use groups::{Group, GroupDetail, Membership};
pub use lotteries::{Lottery, LotteryInfo};
pub use migrate::SCHEMA_VERSION;
pub use pool::Backend;
pub use roster::RosterVersion;
pub use rotation::{LedgerEntry, MoveFilter, MoveSource};
pub use sessions::{ApiToken, Session};
pub use statistics::{ImportInfo, ImportSource, SchoolVersion, YearSummary};
pub use submissions::Submission;
pub use time::rfc3339;
pub use users::{NewUser, Role, Scope, User, UserWithHash};

use pool::Pool;

/// The store: a pool of connections to one database. Cheap to clone (clones share the pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Connects and applies missing migrations.
    ///
    /// `sqlite://PATH` (the file is created if missing; WAL journal, foreign keys on, a busy
    /// timeout for concurrent writers; `sqlite::memory:` for a private in-memory database) or
    /// `postgres://user@host:port/database`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let pool = Pool::connect(url).await?;
        migrate::migrate(&pool).await?;
        Ok(Store { pool })
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    /// The schema version of the database (the highest migration applied).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::schema_version(&self.pool).await
    }

    /// Whether the database answers (`SELECT 1`), for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        pool::with_pool!(&self.pool, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Connections of the pool: (open, idle), for metrics.
    pub fn pool_use(&self) -> (u32, usize) {
        pool::with_pool!(&self.pool, |pool| (pool.size(), pool.num_idle()))
    }

    /// Closes every connection; waits for those in use to be returned. Later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
