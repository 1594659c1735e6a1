//! Enrollment lotteries: the frozen applicant list (canonical text and its digest), the private
//! lottery key of version 2 lists and, once drawn, the audit pack. A lottery is drawn once;
//! nothing is overwritten. The key is never listed, logged or audited.

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::{DistrictId, DistrictStore};
use crate::limits::{MAX_DIGEST, MAX_LOTTERY_TITLE, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, Store, StoreError};

/// A lottery without its (large) texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotteryInfo {
    /// Identifier.
    pub id: i64,
    /// Title shown at the ceremony.
    pub title: String,
    /// SHA-256 of the canonical inputs, published before the ceremony.
    pub digest: String,
    /// Who stored it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Who drew it, once drawn.
    pub drawn_by: Option<String>,
    /// When it was drawn.
    pub drawn_at: Option<String>,
}

/// A lottery with its canonical inputs, key and audit pack.
#[derive(Clone, PartialEq, Eq)]
pub struct Lottery {
    /// The summary.
    pub info: LotteryInfo,
    /// The canonical inputs (`junheng-lottery-inputs/2` JSON; `/1` for lotteries stored before
    /// version 2).
    pub inputs: String,
    /// The audit pack JSON, once drawn.
    pub pack: Option<String>,
    /// The lottery key's 64 hex digits (version 2); `None` for lotteries stored before.
    pub lottery_key: Option<String>,
}

impl std::fmt::Debug for Lottery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lottery")
            .field("info", &self.info)
            .field("inputs", &format_args!("{} bytes", self.inputs.len()))
            .field("pack", &self.pack.as_ref().map(String::len))
            .field("lottery_key", &self.lottery_key.as_ref().map(|_| "…"))
            .finish()
    }
}

from_row!(LotteryInfo {
    id,
    title,
    digest,
    created_by,
    created_at,
    drawn_by,
    drawn_at
});
from_row!(Lottery { inputs, pack, lottery_key } flatten { info: LotteryInfo });

/// The columns of [`LotteryInfo`]: the list never reads the texts.
const INFO_COLUMNS: &str = "id, title, digest, created_by, created_at, drawn_by, drawn_at";

impl Store {
    /// The district a lottery belongs to, for its public pages (a published lottery is
    /// reached by its number alone).
    pub async fn lottery_district(&self, id: i64) -> Result<Option<DistrictId>, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT district_id FROM lotteries WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|r| DistrictId(r.0)))
    }
}

impl DistrictStore {
    /// Stores a frozen applicant list and its lottery key (64 lowercase hex digits; `None` only
    /// for a list of the historical version 1); returns the lottery's id. [`StoreError::Invalid`]
    /// when the title (trimmed) or the digest is empty or longer than [`MAX_LOTTERY_TITLE`] or
    /// [`MAX_DIGEST`] characters, or the key is malformed.
    pub async fn create_lottery(
        &self,
        title: &str,
        inputs: &str,
        digest: &str,
        lottery_key: Option<&str>,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let title = title.trim();
        check_required(title, "派位名称", MAX_LOTTERY_TITLE)?;
        check_required(digest, "派位摘要", MAX_DIGEST)?;
        check_actor(actor)?;
        let hex =
            |k: &str| k.len() == 64 && k.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if lottery_key.is_some_and(|k| !hex(k)) {
            return Err(StoreError::invalid("派位密钥应为 64 位小写十六进制数字"));
        }
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO lotteries (title, inputs, digest, lottery_key, created_by, created_at, \
                 district_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(title)
            .bind(inputs)
            .bind(digest)
            .bind(lottery_key)
            .bind(&actor.name)
            .bind(now())
            .bind(self.id)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LOTTERY_CREATE,
                format!("lottery:{id}"),
                format!("digest={digest}")
            )?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every lottery, newest first.
    pub async fn lotteries(&self) -> Result<Vec<LotteryInfo>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {INFO_COLUMNS} FROM lotteries WHERE district_id = $1 ORDER BY id DESC"
            )))
            .bind(self.id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// One lottery with its texts and key.
    pub async fn lottery(&self, id: i64) -> Result<Option<Lottery>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {INFO_COLUMNS}, inputs, pack, lottery_key FROM lotteries \
                 WHERE id = $1 AND district_id = $2"
            )))
            .bind(id)
            .bind(self.id)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Records the draw's audit pack. [`StoreError::Conflict`] if the lottery was drawn already.
    pub async fn record_draw(&self, id: i64, pack: &str, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE lotteries SET pack = $1, drawn_by = $2, drawn_at = $3 \
                 WHERE id = $4 AND district_id = $5 AND pack IS NULL",
            )
            .bind(pack)
            .bind(&actor.name)
            .bind(now())
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                let exists: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM lotteries WHERE id = $1 AND district_id = $2")
                        .bind(id)
                        .bind(self.id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(match exists {
                    Some(_) => StoreError::Conflict("该派位已经进行过，结果不能重抽".to_owned()),
                    None => StoreError::NotFound("该派位"),
                });
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LOTTERY_DRAW,
                format!("lottery:{id}"),
                ""
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
