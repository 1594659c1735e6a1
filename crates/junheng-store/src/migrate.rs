//! A tiny migration runner: numbered SQL files embedded in the binary, applied in order, once,
//! recorded in `schema_migrations(version, applied_at)`.

use sqlx::AssertSqlSafe;

use crate::StoreError;
use crate::pool::{Dialect, Pool, with_pool};
use crate::time::now;

/// One embedded migration.
struct Migration {
    version: i64,
    sql: &'static str,
}

/// Every migration, in order. Add a file as `migrations/NNNN_name.sql` and a line here; never
/// edit a published one.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../migrations/0002_submissions.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../migrations/0003_lotteries.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("../migrations/0004_rotation.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("../migrations/0005_lottery_keys.sql"),
    },
];

/// The schema version this program writes (the highest migration it carries).
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// Replaces the dialect tokens of a migration.
fn render(sql: &str, identity: &str) -> String {
    sql.replace("{{id}}", identity)
}

/// Applies the migrations the database lacks, all in one transaction.
pub(crate) async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    with_pool!(pool, |pool| {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = pool.migration_lock() {
            sqlx::raw_sql(lock).execute(&mut *tx).await?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (\
             version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let applied: Vec<(i64,)> =
            sqlx::query_as("SELECT version FROM schema_migrations ORDER BY version")
                .fetch_all(&mut *tx)
                .await?;
        let found = applied.last().map_or(0, |v| v.0);
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for migration in MIGRATIONS {
            if applied.iter().any(|v| v.0 == migration.version) {
                continue;
            }
            // The text comes from our own embedded files, never from input.
            let sql = render(migration.sql, pool.identity_column());
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(migration.version)
                .bind(now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// The highest migration applied in the database.
pub(crate) async fn schema_version(pool: &Pool) -> Result<i64, StoreError> {
    with_pool!(pool, |pool| {
        let (v,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(pool)
            .await?;
        Ok(v.unwrap_or(0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_like_their_files_and_portable() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
            let rendered = render(m.sql, "INTEGER PRIMARY KEY AUTOINCREMENT");
            assert!(
                !rendered.contains("{{"),
                "unknown dialect token in migration {}",
                m.version
            );
            // Types that exist under the same name and meaning in both dialects only.
            for banned in [
                "SERIAL",
                "BOOLEAN",
                "TIMESTAMP",
                "AUTOINCREMENT",
                "JSONB",
                "BLOB",
            ] {
                assert!(
                    !m.sql.contains(banned),
                    "{banned} in migration {}",
                    m.version
                );
            }
        }
    }
}
