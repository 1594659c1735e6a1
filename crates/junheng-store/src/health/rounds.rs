//! Rounds (a test, a screening, a wave) and the 体质健康 scoring packs a district loaded.

use serde::Serialize;

use super::HealthKind;
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_LOTTERY_TITLE, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Most bytes of a scoring pack's files together.
pub const MAX_PACK_BYTES: usize = 4 << 20;

/// A round of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthRound {
    /// Row id.
    pub id: i64,
    /// What it measures.
    pub kind: HealthKind,
    /// Its name (e.g. 2025学年体质健康测试).
    pub name: String,
    /// The school year (2025 = 2025–2026学年).
    pub year: i32,
    /// When it took place (its first day), `YYYY-MM-DD`.
    pub on_date: String,
    /// Who created it.
    pub created_by: String,
}

struct RoundRow {
    id: i64,
    kind: String,
    name: String,
    year: i64,
    on_date: String,
    created_by: String,
}
from_row!(RoundRow {
    id,
    kind,
    name,
    year,
    on_date,
    created_by
});

impl TryFrom<RoundRow> for HealthRound {
    type Error = StoreError;

    fn try_from(r: RoundRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "health_rounds",
            column,
        };
        Ok(HealthRound {
            id: r.id,
            kind: HealthKind::parse(&r.kind).ok_or_else(|| bad("kind"))?,
            name: r.name,
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            on_date: r.on_date,
            created_by: r.created_by,
        })
    }
}

/// A scoring pack a district loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthPack {
    /// Row id.
    pub id: i64,
    /// Its version, as shown beside every score.
    pub version: String,
    /// Its files by name (CSV text).
    pub files: Vec<(String, String)>,
    /// Who loaded it, when.
    pub loaded_by: String,
    /// When, RFC 3339 UTC.
    pub loaded_at: String,
}

const ROUND_COLUMNS: &str = "id, kind, name, year, on_date, created_by";

impl DistrictStore {
    /// Creates a round, or returns the existing round of that kind and name when it has the
    /// same year and date (a second import of the same round); audited.
    ///
    /// [`StoreError::Conflict`] when a round of that name exists with another year or date.
    pub async fn health_round(
        &self,
        kind: HealthKind,
        name: &str,
        year: i32,
        on_date: &str,
        actor: &Actor,
    ) -> Result<HealthRound, StoreError> {
        check_actor(actor)?;
        let name = name.trim();
        check_required(name, "名称", MAX_LOTTERY_TITLE)?;
        if !(2000..=2100).contains(&year) {
            return Err(StoreError::invalid("学年应在 2000 到 2100 之间"));
        }
        if !is_date(on_date) {
            return Err(StoreError::invalid("日期应写作 YYYY-MM-DD"));
        }
        if let Some(r) = self.health_round_named(kind, name).await? {
            if r.year == year && r.on_date == on_date {
                return Ok(r);
            }
            return Err(StoreError::Conflict(format!(
                "已有名为「{name}」的{}（{} 学年，{}），学年或日期不同：请换一个名称",
                kind.label(),
                r.year,
                r.on_date
            )));
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO health_rounds (district_id, kind, name, year, on_date, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(kind.id())
            .bind(name)
            .bind(i64::from(year))
            .bind(on_date)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::HEALTH_ROUND,
                format!("health_round:{id}"),
                format!("kind={} year={year} on={on_date}", kind.id())
            )?;
            tx.commit().await?;
        });
        self.health_round_named(kind, name)
            .await?
            .ok_or_else(|| StoreError::NotFound("测评轮次"))
    }

    async fn health_round_named(
        &self,
        kind: HealthKind,
        name: &str,
    ) -> Result<Option<HealthRound>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM health_rounds WHERE district_id = $1 AND kind = $2 \
             AND name = $3"
        );
        let row: Option<RoundRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(kind.id())
                .bind(name)
                .fetch_optional(pool)
                .await?
        });
        row.map(HealthRound::try_from).transpose()
    }

    /// The district's rounds of a kind, oldest first.
    pub async fn health_rounds(&self, kind: HealthKind) -> Result<Vec<HealthRound>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM health_rounds WHERE district_id = $1 AND kind = $2 \
             ORDER BY on_date, id"
        );
        let rows: Vec<RoundRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(kind.id())
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(HealthRound::try_from).collect()
    }

    /// A round of this district by id.
    pub async fn health_round_by_id(&self, id: i64) -> Result<HealthRound, StoreError> {
        let sql =
            format!("SELECT {ROUND_COLUMNS} FROM health_rounds WHERE district_id = $1 AND id = $2");
        let row: Option<RoundRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(HealthRound::try_from)
            .transpose()?
            .ok_or_else(|| StoreError::NotFound("测评轮次"))
    }

    /// Stores a scoring pack (its files already checked by the engine), audited.
    ///
    /// [`StoreError::Conflict`] when the district has a pack of that version.
    pub async fn load_health_pack(
        &self,
        version: &str,
        files: &[(String, String)],
        actor: &Actor,
    ) -> Result<HealthPack, StoreError> {
        check_actor(actor)?;
        let version = version.trim();
        check_required(version, "评分表版本", MAX_LOTTERY_TITLE)?;
        let bytes: usize = files.iter().map(|(n, t)| n.len() + t.len()).sum();
        if files.is_empty() || bytes > MAX_PACK_BYTES {
            return Err(StoreError::Invalid(format!(
                "评分表应有 1 个以上文件，合计不超过 {} MB",
                MAX_PACK_BYTES >> 20
            )));
        }
        let json = serde_json::to_string(files).expect("strings serialise");
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let exists: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM health_packs WHERE district_id = $1 AND version = $2",
            )
            .bind(self.id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Conflict(format!(
                    "已载入版本为「{version}」的评分表：新的评分表请用新的版本名"
                )));
            }
            sqlx::query(
                "INSERT INTO health_packs (district_id, version, files, loaded_by, loaded_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(self.id)
            .bind(version)
            .bind(&json)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::HEALTH_PACK,
                format!("health_pack:{version}"),
                format!("files={}", files.len())
            )?;
            tx.commit().await?;
        });
        self.health_pack()
            .await?
            .ok_or_else(|| StoreError::NotFound("评分表"))
    }

    /// The latest scoring pack the district loaded, if any.
    pub async fn health_pack(&self) -> Result<Option<HealthPack>, StoreError> {
        let row: Option<(i64, String, String, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, version, files, loaded_by, loaded_at FROM health_packs \
                 WHERE district_id = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(self.id)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(id, version, files, loaded_by, loaded_at)| {
            Ok(HealthPack {
                id,
                version,
                files: serde_json::from_str(&files).map_err(|_| StoreError::Corrupt {
                    table: "health_packs",
                    column: "files",
                })?,
                loaded_by,
                loaded_at,
            })
        })
        .transpose()
    }
}
