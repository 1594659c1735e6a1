//! A tiny migration runner: numbered SQL files embedded in the binary, applied in order, once,
//! recorded in `schema_migrations(version, applied_at)`.

use sqlx::AssertSqlSafe;

use crate::pool::{Dialect, Pool, with_pool};
use crate::time::now;
use crate::{Backend, StoreError};

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
    Migration {
        version: 6,
        sql: include_str!("../migrations/0006_districts.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("../migrations/0007_creation.sql"),
    },
    Migration {
        version: 8,
        sql: include_str!("../migrations/0008_packages.sql"),
    },
    Migration {
        version: 9,
        sql: include_str!("../migrations/0009_external_users.sql"),
    },
    Migration {
        version: 10,
        sql: include_str!("../migrations/0010_account_states.sql"),
    },
    Migration {
        version: 11,
        sql: include_str!("../migrations/0011_versions.sql"),
    },
    Migration {
        version: 12,
        sql: include_str!("../migrations/0012_boundaries.sql"),
    },
    Migration {
        version: 13,
        sql: include_str!("../migrations/0013_evidence.sql"),
    },
    Migration {
        version: 14,
        sql: include_str!("../migrations/0014_tasks.sql"),
    },
    Migration {
        version: 15,
        sql: include_str!("../migrations/0015_groups.sql"),
    },
    Migration {
        version: 16,
        sql: include_str!("../migrations/0016_pairings.sql"),
    },
    Migration {
        version: 17,
        sql: include_str!("../migrations/0017_supervision.sql"),
    },
    Migration {
        version: 18,
        sql: include_str!("../migrations/0018_reviews.sql"),
    },
    Migration {
        version: 19,
        sql: include_str!("../migrations/0019_students.sql"),
    },
    Migration {
        version: 20,
        sql: include_str!("../migrations/0020_student_event_kinds.sql"),
    },
    Migration {
        version: 21,
        sql: include_str!("../migrations/0021_health.sql"),
    },
    Migration {
        version: 22,
        sql: include_str!("../migrations/0022_exams.sql"),
    },
    Migration {
        version: 23,
        sql: include_str!("../migrations/0023_seats.sql"),
    },
    Migration {
        version: 24,
        sql: include_str!("../migrations/0024_seat_projects.sql"),
    },
    Migration {
        version: 25,
        sql: include_str!("../migrations/0025_seat_forecast.sql"),
    },
    Migration {
        version: 26,
        sql: include_str!("../migrations/0026_seat_zoning.sql"),
    },
    Migration {
        version: 27,
        sql: include_str!("../migrations/0027_training.sql"),
    },
    Migration {
        version: 28,
        sql: include_str!("../migrations/0028_posts.sql"),
    },
    Migration {
        version: 29,
        sql: include_str!("../migrations/0029_studios.sql"),
    },
    Migration {
        version: 30,
        sql: include_str!("../migrations/0030_honours.sql"),
    },
    Migration {
        version: 31,
        sql: include_str!("../migrations/0031_leaders.sql"),
    },
    Migration {
        version: 32,
        sql: include_str!("../migrations/0032_five.sql"),
    },
    Migration {
        version: 33,
        sql: include_str!("../migrations/0033_labour.sql"),
    },
    Migration {
        version: 34,
        sql: include_str!("../migrations/0034_labour_review.sql"),
    },
    Migration {
        version: 35,
        sql: include_str!("../migrations/0035_labour_lessons.sql"),
    },
    Migration {
        version: 36,
        sql: include_str!("../migrations/0036_survey.sql"),
    },
    Migration {
        version: 37,
        sql: include_str!("../migrations/0037_inspection.sql"),
    },
    Migration {
        version: 38,
        sql: include_str!("../migrations/0038_board.sql"),
    },
];

/// The schema version this program writes (the highest migration it carries).
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// The text of a migration for one backend: `{{id}}` becomes the backend's identity column,
/// `{{bytes}}` its column type of bytes (BLOB, BYTEA), `{{now}}` the time of the migration, and
/// the lines between `-- @only sqlite` (or `-- @only postgres`) and `-- @end` are kept for that
/// backend only — for the few statements the two dialects write differently (changing a
/// table's constraints).
fn render(sql: &str, backend: Backend, identity: &str, at: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut keep = true;
    for line in sql.lines() {
        match line.trim().strip_prefix("-- @") {
            Some(marker) if marker.starts_with("only ") => {
                keep = marker["only ".len()..].trim() == backend.id();
                continue;
            }
            Some("end") => {
                keep = true;
                continue;
            }
            _ => {}
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    let bytes = match backend {
        Backend::Sqlite => "BLOB",
        Backend::Postgres => "BYTEA",
    };
    out.replace("{{id}}", identity)
        .replace("{{bytes}}", bytes)
        .replace("{{now}}", at)
}

/// Applies the migrations the database lacks, up to `target`, all in one transaction.
pub(crate) async fn migrate(pool: &Pool, target: i64) -> Result<(), StoreError> {
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
        for migration in MIGRATIONS.iter().filter(|m| m.version <= target) {
            if applied.iter().any(|v| v.0 == migration.version) {
                continue;
            }
            // The text comes from our own embedded files, never from input.
            let sql = render(
                migration.sql,
                pool.backend(),
                pool.identity_column(),
                &now(),
            );
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
        }
        for m in MIGRATIONS {
            for backend in [Backend::Sqlite, Backend::Postgres] {
                let rendered = render(m.sql, backend, "IDENTITY", "NOW");
                assert!(
                    !rendered.contains("{{") && !rendered.contains("-- @"),
                    "unknown dialect token or unclosed block in migration {}",
                    m.version
                );
            }
            // Types that exist under the same name and meaning in both dialects only (the
            // identity token renders AUTOINCREMENT for SQLite).
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

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn dialect_blocks_are_kept_for_their_backend_only() {
        let sql = "A {{id}};\n-- @only postgres\nPG;\n-- @end\n-- @only sqlite\nLITE '{{now}}';\n-- @end\nB;\n";
        assert_eq!(
            render(sql, Backend::Postgres, "ID", "T"),
            "A ID;\nPG;\nB;\n"
        );
        assert_eq!(
            render(sql, Backend::Sqlite, "ID", "T"),
            "A ID;\nLITE 'T';\nB;\n"
        );
    }

    #[test]
    fn bytes_are_each_backend_s_own_type() {
        let sql = "content {{bytes}} NOT NULL";
        assert_eq!(
            render(sql, Backend::Sqlite, "ID", "T"),
            "content BLOB NOT NULL\n"
        );
        assert_eq!(
            render(sql, Backend::Postgres, "ID", "T"),
            "content BYTEA NOT NULL\n"
        );
    }
}
