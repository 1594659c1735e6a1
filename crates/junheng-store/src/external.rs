//! Users of a city's identity service (统一身份认证): a local row per person the service vouches
//! for, found by the issuer and subject (`sub`) of their ID token, created at their first login
//! and given the role, scope and district their claims map to at every login. Such a row has no
//! password (its hash is empty), so it can never log in with one; an administrator's
//! deactivation still wins over the identity service, and a grant that reads named children
//! waits for an administrator's confirmation as it does for a local user.

use crate::audit::{action, append};
use crate::limits::{MAX_SSO_ISSUER, MAX_SSO_SUBJECT, check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::users::{UserRow, user_select, validate_identity};
use crate::{Actor, DistrictId, Role, Scope, Store, StoreError, User};

/// Who the identity service says logs in, and what the claims map to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalIdentity {
    /// The issuer (`iss`) of the ID token.
    pub issuer: String,
    /// The subject (`sub`) of the ID token: the service's stable identifier of the person.
    pub subject: String,
    /// The login name for a new row (1 to 64 characters, no spaces); an existing row keeps its
    /// name.
    pub name: String,
    /// The name shown in the UI.
    pub display_name: String,
    /// The role the claims map to.
    pub role: Role,
    /// The scope the claims map to ([`Role::accepts`] it).
    pub scope: Scope,
    /// The district the claims map to: `Some` exactly for a district role
    /// ([`Role::in_district`]).
    pub district: Option<DistrictId>,
}

/// What [`Store::external_login`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalLogin {
    /// The row to log in: created now (`created`), or found and given the mapped role, scope,
    /// district and display name.
    Ready {
        /// The user, as stored now.
        user: User,
        /// Whether the row was created by this login.
        created: bool,
    },
    /// The claims grant a sensitive role ([`Role::is_sensitive`]), new or changed: the row is
    /// stored inactive, pending an administrator's [`Store::confirm_user`] (or still pending
    /// from an earlier login).
    Pending(User),
    /// The row exists but an administrator deactivated it; nothing was changed.
    Inactive(User),
    /// No row has this identity, and another user already has the login name.
    NameTaken,
}

fn check(identity: &ExternalIdentity) -> Result<(), StoreError> {
    validate_identity(
        &identity.name,
        &identity.display_name,
        identity.role,
        &identity.scope,
        identity.district,
    )?;
    check_required(&identity.issuer, "身份认证服务地址", MAX_SSO_ISSUER)?;
    check_required(&identity.subject, "身份认证用户标识", MAX_SSO_SUBJECT)
}

impl Store {
    /// The row of an identity-service user, created or updated (see [`ExternalLogin`]), with
    /// its audit entries (`user.create` or `user.update`, by `actor`, detail `via=sso`, in the
    /// user's district) in the same transaction. [`StoreError::Invalid`] if the name, display
    /// name, role, scope and district would be refused for a local user too, or the issuer or
    /// subject is empty or too long; [`StoreError::NotFound`] for an unknown district.
    ///
    /// A sensitive role is stored pending (inactive, `pending_by` = `actor`) when the row is
    /// created with it or when the claims change to it; a pending or deactivated row is left as
    /// it is.
    pub async fn external_login(
        &self,
        identity: &ExternalIdentity,
        actor: &Actor,
    ) -> Result<ExternalLogin, StoreError> {
        check(identity)?;
        check_actor(actor)?;
        // Two first logins of one person at once: the second insert meets the unique index
        // and finds the first one's row on its second pass.
        for _ in 0..2 {
            match self.external_login_once(identity, actor).await {
                Err(StoreError::Conflict(_)) => continue,
                other => return other,
            }
        }
        Err(StoreError::Conflict(
            "同一身份正在另一处登录，请稍后重试".into(),
        ))
    }

    async fn external_login_once(
        &self,
        identity: &ExternalIdentity,
        actor: &Actor,
    ) -> Result<ExternalLogin, StoreError> {
        let display_name = identity.display_name.trim();
        let district = identity.district.map(|d| d.0);
        let pending_by = identity.role.is_sensitive().then(|| actor.name.clone());
        let detail = format!(
            "role={} scope={} via=sso{}",
            identity.role.id(),
            identity.scope,
            if pending_by.is_some() { " pending" } else { "" }
        );
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            if let Some(d) = district {
                let known: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM districts WHERE id = $1")
                        .bind(d)
                        .fetch_optional(&mut *tx)
                        .await?;
                if known.is_none() {
                    return Err(StoreError::NotFound("该区县"));
                }
            }
            let found: Option<UserRow> = sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u WHERE u.sso_issuer = $1 AND u.sso_subject = $2"
            ))
            .bind(&identity.issuer)
            .bind(&identity.subject)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = found {
                let mut user = User::try_from(row)?;
                match (&user.pending_by, user.active) {
                    (Some(_), _) => return Ok(ExternalLogin::Pending(user)),
                    (None, false) => return Ok(ExternalLogin::Inactive(user)),
                    (None, true) => {}
                }
                let grant_changed = user.role != identity.role
                    || user.scope != identity.scope
                    || user.district != identity.district;
                if !grant_changed && user.display_name == display_name {
                    tx.commit().await?;
                    return Ok(ExternalLogin::Ready {
                        user,
                        created: false,
                    });
                }
                // A new grant of a sensitive role waits for an administrator, as a local one.
                let pending = grant_changed && pending_by.is_some();
                sqlx::query(
                    "UPDATE users SET role = $1, scope_kind = $2, scope_ref = $3, \
                     display_name = $4, district_id = $5, active = $6, pending_by = $7 \
                     WHERE id = $8",
                )
                .bind(identity.role.id())
                .bind(identity.scope.kind_id())
                .bind(identity.scope.reference())
                .bind(display_name)
                .bind(district)
                .bind(i32::from(!pending))
                .bind(if pending { pending_by.as_deref() } else { None })
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
                if pending {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(user.id)
                        .execute(&mut *tx)
                        .await?;
                }
                append!(
                    &mut *tx,
                    district.or(user.district.map(|d| d.0)),
                    &actor.name,
                    action::USER_UPDATE,
                    format!("user:{}", user.id),
                    &detail
                )?;
                tx.commit().await?;
                user.role = identity.role;
                user.scope = identity.scope.clone();
                user.district = identity.district;
                user.display_name = display_name.to_owned();
                if pending {
                    user.active = false;
                    user.pending_by = pending_by;
                    return Ok(ExternalLogin::Pending(user));
                }
                return Ok(ExternalLogin::Ready {
                    user,
                    created: false,
                });
            }
            let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1")
                .bind(&identity.name)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                return Ok(ExternalLogin::NameTaken);
            }
            let created_at = now();
            let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                "INSERT INTO users (name, display_name, role, scope_kind, scope_ref, \
                 password_hash, active, created_at, district_id, pending_by, sso_issuer, \
                 sso_subject) \
                 VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(&identity.name)
            .bind(display_name)
            .bind(identity.role.id())
            .bind(identity.scope.kind_id())
            .bind(identity.scope.reference())
            .bind(i32::from(pending_by.is_none()))
            .bind(&created_at)
            .bind(district)
            .bind(pending_by.as_deref())
            .bind(&identity.issuer)
            .bind(&identity.subject)
            .fetch_one(&mut *tx)
            .await;
            let (id,) = match inserted {
                Ok(id) => id,
                Err(sqlx::Error::Database(db))
                    if db.kind() == sqlx::error::ErrorKind::UniqueViolation =>
                {
                    return Err(StoreError::Conflict("同一身份正在另一处登录".into()));
                }
                Err(e) => return Err(e.into()),
            };
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::USER_CREATE,
                format!("user:{id}"),
                &detail
            )?;
            tx.commit().await?;
            let user = User {
                id,
                name: identity.name.clone(),
                display_name: display_name.to_owned(),
                role: identity.role,
                scope: identity.scope.clone(),
                district: identity.district,
                active: pending_by.is_none(),
                pending_by: pending_by.clone(),
                created_at,
                external: true,
                must_change_password: false,
                locked_until: None,
            };
            Ok(if pending_by.is_some() {
                ExternalLogin::Pending(user)
            } else {
                ExternalLogin::Ready {
                    user,
                    created: true,
                }
            })
        })
    }
}
