//! Managing an existing account: changing its role, scope and display name, a one-time password
//! the user must change, the lock after repeated failed logins, and the counts of what waits for
//! a user (the inbox in every page's header).

use std::time::SystemTime;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::{Role, Scope, User, validate_identity};
use crate::audit::{action, append};
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::{now, rfc3339};
use crate::{Actor, DistrictId, Store, StoreError};

/// What waits for a user: the counts behind the inbox of the page header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Inbox {
    /// Submissions of the district awaiting review (administrators).
    pub to_review: i64,
    /// The school's submissions that were returned and not submitted again (school users).
    pub returned: i64,
    /// Users of the district whose login name is locked now (administrators).
    pub locked: i64,
    /// Tasks of the user's scope overdue or due soon (counted by the server, which knows the
    /// scope and the setting of "soon"; [`Store::inbox`] leaves it 0).
    pub tasks: i64,
}

impl Inbox {
    /// Everything waiting, added up.
    pub fn total(&self) -> i64 {
        self.to_review + self.returned + self.locked + self.tasks
    }
}

impl Store {
    /// Changes the display name, role and scope of user `id` (checked as at creation; the
    /// caller checks the scope against the district's data). A change of role or scope ends
    /// the user's sessions; a role that reads named children ([`Role::is_sensitive`]) granted by
    /// the change waits, inactive, for a second administrator's [`Store::confirm_user`].
    /// [`StoreError::Invalid`] for a user of the identity service, whose role follows its claims.
    pub async fn update_user(
        &self,
        id: i64,
        display_name: &str,
        role: Role,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<User, StoreError> {
        check_actor(actor)?;
        let user = self.user(id).await?.ok_or(StoreError::NotFound("该用户"))?;
        if user.external {
            return Err(StoreError::invalid(
                "该用户通过统一身份认证登录，其角色和范围以统一身份认证为准，不能在本平台修改",
            ));
        }
        if role.in_district() != user.role.in_district() {
            return Err(StoreError::invalid(
                "区县账号与市级、省级账号不能互相转换；请另建账号",
            ));
        }
        validate_identity(&user.name, display_name, role, scope, user.district)?;
        let granted = role != user.role || *scope != user.scope;
        let pending = granted && role.is_sensitive();
        // A pending grant that no longer reads named children needs no confirmation.
        let (active, pending_by) = if pending {
            (false, Some(actor.name.clone()))
        } else if user.pending_by.is_some() {
            (true, None)
        } else {
            (user.active, None)
        };
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE users SET display_name = $1, role = $2, scope_kind = $3, scope_ref = $4, \
                 active = $5, pending_by = $6 WHERE id = $7",
            )
            .bind(display_name.trim())
            .bind(role.id())
            .bind(scope.kind_id())
            .bind(scope.reference().trim())
            .bind(i32::from(active))
            .bind(pending_by.as_deref())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if granted {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            append!(
                &mut *tx,
                user.district.map(|d| d.0),
                &actor.name,
                action::USER_UPDATE,
                format!("user:{id}"),
                format!(
                    "role={} scope={}{}",
                    role.id(),
                    scope,
                    if pending { " pending" } else { "" }
                )
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.user(id).await?.ok_or(StoreError::NotFound("该用户"))
    }

    /// Sets a one-time password (its hash) chosen for user `id` by an administrator: the user's
    /// sessions end, and at the next login they must choose their own before anything else.
    pub async fn set_one_time_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.store_password(id, password_hash, true, actor).await
    }

    /// Locks user `id`'s login name until `until` after repeated failed logins (audited under
    /// `system`). A name locked now is left alone (no second entry).
    pub async fn lock_user(&self, id: i64, until: SystemTime) -> Result<(), StoreError> {
        let until = rfc3339(until);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(Option<i64>,)> = sqlx::query_as(
                "UPDATE users SET locked_until = $1 WHERE id = $2 \
                 AND (locked_until IS NULL OR locked_until < $3) RETURNING district_id",
            )
            .bind(&until)
            .bind(id)
            .bind(now())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((district,)) = row {
                append!(
                    &mut *tx,
                    district,
                    "system",
                    action::USER_LOCK,
                    format!("user:{id}"),
                    format!("until={until}")
                )?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Ends the lock of user `id`'s login name now. [`StoreError::Invalid`] when the name is not
    /// locked.
    pub async fn unlock_user(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(Option<i64>,)> = sqlx::query_as(
                "UPDATE users SET locked_until = NULL WHERE id = $1 AND locked_until > $2 \
                 RETURNING district_id",
            )
            .bind(id)
            .bind(now())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((district,)) = row else {
                return Err(StoreError::invalid(
                    "该用户的登录名当前没有被锁定，无需解锁",
                ));
            };
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::USER_UNLOCK,
                format!("user:{id}"),
                ""
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// What waits in `district` for a user, in one grouped query: submissions to review and
    /// locked users (counted only when `admin`), and the returned submissions of `school`.
    pub async fn inbox(
        &self,
        district: DistrictId,
        admin: bool,
        school: Option<&SchoolCode>,
    ) -> Result<Inbox, StoreError> {
        let rows: Vec<(String, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT 'review' AS what, COUNT(*) AS n FROM submissions \
                 WHERE $4 = 1 AND district_id = $1 AND status = 'pending' \
                 UNION ALL SELECT 'locked', COUNT(*) FROM users \
                 WHERE $4 = 1 AND district_id = $1 AND locked_until > $3 \
                 UNION ALL SELECT 'returned', COUNT(*) FROM submissions s \
                 WHERE s.district_id = $1 AND s.school_code = $2 AND s.status = 'rejected' \
                 AND NOT EXISTS (SELECT 1 FROM submissions t WHERE t.district_id = s.district_id \
                 AND t.school_code = s.school_code AND t.year = s.year AND t.id > s.id)",
            )
            .bind(district.0)
            .bind(school.map(SchoolCode::as_str))
            .bind(now())
            .bind(i32::from(admin))
            .fetch_all(pool)
            .await?
        });
        let mut inbox = Inbox::default();
        for (what, n) in rows {
            match what.as_str() {
                "review" => inbox.to_review = n,
                "locked" => inbox.locked = n,
                _ => inbox.returned = n,
            }
        }
        Ok(inbox)
    }
}
