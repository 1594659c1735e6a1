//! Server-side sessions and API tokens. Only SHA-256 hashes of the secrets are stored; the
//! server makes the secrets and hashes them.

use std::time::SystemTime;

use serde::Serialize;

use crate::audit::{action, append};
use crate::error::conflict_on_unique;
use crate::limits::{MAX_TOKEN_HASH, MAX_TOKEN_NAME, check_actor, check_required, could_be_key};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{now, rfc3339};
use crate::users::{UserRow, user_select};
use crate::{Actor, Store, StoreError, User};

/// A live session (the token hash is the caller's key, so it is not repeated here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The session's user.
    pub user_id: i64,
    /// The CSRF token forms of this session must carry.
    pub csrf: String,
    /// When created, RFC 3339 UTC.
    pub created_at: String,
    /// When it expires, RFC 3339 UTC.
    pub expires_at: String,
    /// Last request seen before this one, RFC 3339 UTC.
    pub last_seen_at: String,
}

/// An API token as its owner sees it (never the secret or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Row id.
    pub id: i64,
    /// Owner.
    pub user_id: i64,
    /// What the token is for, e.g. 数据同步脚本.
    pub name: String,
    /// When created, RFC 3339 UTC.
    pub created_at: String,
    /// When last used, RFC 3339 UTC.
    pub last_used_at: Option<String>,
    /// When revoked, RFC 3339 UTC.
    pub revoked_at: Option<String>,
}
from_row!(ApiToken {
    id,
    user_id,
    name,
    created_at,
    last_used_at,
    revoked_at
});

/// An API token with its owner's login name, as an administrator lists them (never the secret
/// or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserToken {
    /// The token.
    #[serde(flatten)]
    pub token: ApiToken,
    /// The owner's login name.
    pub user_name: String,
}
from_row!(UserToken { user_name } flatten { token: ApiToken });

struct SessionRow {
    user_id: i64,
    csrf: String,
    // `users` has a created_at too.
    session_created_at: String,
    expires_at: String,
    last_seen_at: String,
    user: UserRow,
}
from_row!(SessionRow { user_id, csrf, session_created_at, expires_at, last_seen_at } flatten { user: UserRow });

fn check_hash(hash: &str) -> Result<(), StoreError> {
    check_required(hash, "令牌摘要", MAX_TOKEN_HASH)
}

impl Store {
    /// Records a session of an active user, valid until `expires_at`.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: SystemTime,
    ) -> Result<(), StoreError> {
        check_hash(token_hash)?;
        check_required(csrf, "CSRF 令牌", MAX_TOKEN_HASH)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let inserted = sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, \
                 last_seen_at) SELECT $1, id, $2, $3, $4, $3 FROM users \
                 WHERE id = $5 AND active = 1",
            )
            .bind(token_hash)
            .bind(csrf)
            .bind(&at)
            .bind(rfc3339(expires_at))
            .bind(user_id)
            .execute(pool)
            .await
            .map_err(conflict_on_unique("会话令牌重复"))?
            .rows_affected();
            if inserted == 0 {
                return Err(StoreError::NotFound("该启用状态的用户"));
            }
            Ok(())
        })
    }

    /// The session and its user, if the session exists, has not expired at `now` and the user
    /// is active; records `now` as the session's last request.
    pub async fn session(
        &self,
        token_hash: &str,
        now: SystemTime,
    ) -> Result<Option<(Session, User)>, StoreError> {
        if !could_be_key(token_hash, MAX_TOKEN_HASH) {
            return Ok(None);
        }
        let now = rfc3339(now);
        let row: Option<SessionRow> = with_pool!(&self.pool, |pool| {
            let row: Option<SessionRow> = sqlx::query_as(concat!(
                "SELECT s.user_id, s.csrf, s.created_at AS session_created_at, s.expires_at, \
                 s.last_seen_at, ",
                user_select!(),
                " FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
            ))
            .bind(token_hash)
            .bind(&now)
            .fetch_optional(pool)
            .await?;
            if row.is_some() {
                sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                    .bind(&now)
                    .bind(token_hash)
                    .execute(pool)
                    .await?;
            }
            row
        });
        row.map(|r| {
            Ok((
                Session {
                    user_id: r.user_id,
                    csrf: r.csrf,
                    created_at: r.session_created_at,
                    expires_at: r.expires_at,
                    last_seen_at: r.last_seen_at,
                },
                User::try_from(r.user)?,
            ))
        })
        .transpose()
    }

    /// Ends a session (logout). Ending an unknown session is not an error.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        if !could_be_key(token_hash, MAX_TOKEN_HASH) {
            return Ok(());
        }
        with_pool!(&self.pool, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Deletes the sessions expired at `now`; returns how many.
    pub async fn purge_sessions(&self, now: SystemTime) -> Result<u64, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(rfc3339(now))
                .execute(pool)
                .await?
                .rows_affected())
        })
    }

    /// Records an API token of a user under a name (what it is for).
    pub async fn create_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_hash(token_hash)?;
        check_required(name.trim(), "令牌名称", MAX_TOKEN_NAME)?;
        check_actor(actor)?;
        let name = name.trim();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let district: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT district_id FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                 SELECT id, $1, $2, $3 FROM users WHERE id = $4 RETURNING id",
            )
            .bind(name)
            .bind(token_hash)
            .bind(now())
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(conflict_on_unique("令牌重复"))?;
            let (Some((id,)), Some((district,))) = (id, district) else {
                return Err(StoreError::NotFound("该用户"));
            };
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::TOKEN_CREATE,
                format!("user:{user_id}"),
                format!("token={id}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The active user owning a non-revoked token; records the use.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
        if !could_be_key(token_hash, MAX_TOKEN_HASH) {
            return Ok(None);
        }
        let row: Option<UserRow> = with_pool!(&self.pool, |pool| {
            let row: Option<UserRow> = sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            if row.is_some() {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                    .bind(now())
                    .bind(token_hash)
                    .execute(pool)
                    .await?;
            }
            row
        });
        row.map(User::try_from).transpose()
    }

    /// A user's API tokens, revoked ones included, oldest first.
    pub async fn tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(
                "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens \
                 WHERE user_id = $1 ORDER BY id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Every API token with its owner's login name, revoked ones included, oldest first; only
    /// the tokens of user `user_id` when given (an unknown id has none).
    pub async fn token_list(&self, user_id: Option<i64>) -> Result<Vec<UserToken>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(
                "SELECT t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at, \
                 u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// The user an API token (by id) belongs to, revoked or not.
    pub async fn token_owner(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT user_id FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|r| r.0))
    }

    /// Revokes an API token by id. [`StoreError::NotFound`] if there is no such live token.
    pub async fn revoke_token(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let user: Option<(i64, Option<i64>)> = sqlx::query_as(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
                 RETURNING user_id, (SELECT district_id FROM users WHERE users.id = user_id)",
            )
            .bind(now())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id, district)) = user else {
                return Err(StoreError::NotFound("该有效令牌"));
            };
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::TOKEN_REVOKE,
                format!("user:{user_id}"),
                format!("token={id}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
