//! Enrollment lotteries: the frozen applicant list (canonical text and its digest) and, once
//! drawn, the audit pack. A lottery is drawn once; nothing is overwritten.

use serde::Serialize;

use crate::audit::{action, append};
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

/// A lottery with its canonical inputs and audit pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lottery {
    /// The summary.
    pub info: LotteryInfo,
    /// The canonical inputs (`junheng-lottery-inputs/1` JSON).
    pub inputs: String,
    /// The audit pack JSON, once drawn.
    pub pack: Option<String>,
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
from_row!(Lottery { inputs, pack } flatten { info: LotteryInfo });

/// The columns of [`LotteryInfo`]: the list never reads the texts.
const INFO_COLUMNS: &str = "id, title, digest, created_by, created_at, drawn_by, drawn_at";

impl Store {
    /// Stores a frozen applicant list; returns the lottery's id. [`StoreError::Invalid`] when the
    /// title (trimmed) or the digest is empty or longer than [`MAX_LOTTERY_TITLE`] or
    /// [`MAX_DIGEST`] characters.
    pub async fn create_lottery(
        &self,
        title: &str,
        inputs: &str,
        digest: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let title = title.trim();
        check_required(title, "派位名称", MAX_LOTTERY_TITLE)?;
        check_required(digest, "派位摘要", MAX_DIGEST)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO lotteries (title, inputs, digest, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(title)
            .bind(inputs)
            .bind(digest)
            .bind(&actor.name)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
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
                "SELECT {INFO_COLUMNS} FROM lotteries ORDER BY id DESC"
            )))
            .fetch_all(pool)
            .await?)
        })
    }

    /// One lottery with its texts.
    pub async fn lottery(&self, id: i64) -> Result<Option<Lottery>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {INFO_COLUMNS}, inputs, pack FROM lotteries WHERE id = $1"
            )))
            .bind(id)
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
                "UPDATE lotteries SET pack = $1, drawn_by = $2, drawn_at = $3 WHERE id = $4 AND pack IS NULL",
            )
            .bind(pack)
            .bind(&actor.name)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict(
                    "该派位已经进行过，结果不能重抽".to_owned(),
                ));
            }
            append!(
                &mut *tx,
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
