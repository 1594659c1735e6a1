//! One-time links for parents (issue 18 item 7): each confirms or disputes one home record.
//! Only the SHA-256 of a link's token is stored; a link works until its last day and for one
//! answer, which is written with the decision and its audit entry in one transaction.

use junheng_labour::calendar::Day;
use junheng_labour::passport::Verification;

use crate::audit::{action, append};
use crate::district::{DistrictId, DistrictStore};
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, Store, StoreError};

/// A stored link as its token's hash finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    /// The district of the record.
    pub district: DistrictId,
    /// The record.
    pub record: i64,
    /// The last day the link works.
    pub expires_on: Day,
    /// Whether it was answered.
    pub used: bool,
}

impl Store {
    /// The link of a token's hash, in whichever district it is.
    pub async fn labour_link(&self, token_hash: &str) -> Result<Option<LinkInfo>, StoreError> {
        let row: Option<(i64, i64, String, Option<String>)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT district_id, record_id, expires_on, used_at FROM labour_links \
                 WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(d, record, expires, used)| {
            Ok(LinkInfo {
                district: DistrictId(d),
                record,
                expires_on: Day::parse(&expires).ok_or(StoreError::Corrupt {
                    table: "labour_links",
                    column: "expires_on",
                })?,
                used: used.is_some(),
            })
        })
        .transpose()
    }
}

impl DistrictStore {
    /// Stores links (record, SHA-256 hex of the token) that work until `expires_on`, with one
    /// audit entry naming how many (never a token).
    pub async fn add_labour_links(
        &self,
        links: &[(i64, String)],
        expires_on: Day,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        if links.is_empty() {
            return Ok(());
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for (record, hash) in links {
                sqlx::query(
                    "INSERT INTO labour_links (token_hash, district_id, record_id, expires_on, \
                     created_by, created_at) SELECT $1, district_id, id, $2, $3, $4 \
                     FROM labour_records WHERE id = $5 AND district_id = $6",
                )
                .bind(hash)
                .bind(expires_on.to_string())
                .bind(&actor.name)
                .bind(&at)
                .bind(record)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_LINKS_ISSUE,
                format!("labour_links:{}", links.len()),
                format!("links={} expires={expires_on}", links.len())
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Answers a link: marks it used and writes the parent's decision with its audit entry, in
    /// one transaction — or nothing, returning `false`, when the link is unknown or was used
    /// meanwhile.
    pub async fn use_labour_link(
        &self,
        token_hash: &str,
        v: &Verification,
    ) -> Result<bool, StoreError> {
        let at = now();
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE labour_links SET used_at = $1 WHERE token_hash = $2 AND district_id = $3 \
                 AND record_id = $4 AND used_at IS NULL",
            )
            .bind(&at)
            .bind(token_hash)
            .bind(self.id)
            .bind(v.record.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Ok(false);
            }
            sqlx::query(super::records::INSERT_VERIFICATION)
                .bind(v.record.0)
                .bind(v.verifier.id())
                .bind(v.decision.id())
                .bind(v.day.to_string())
                .bind("家长（一次性链接）")
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                "家长（一次性链接）",
                action::LABOUR_PARENT_ANSWER,
                format!("labour_record:{}", v.record.0),
                format!("decision={}", v.decision.id())
            )?;
            tx.commit().await?;
            true
        }))
    }
}
