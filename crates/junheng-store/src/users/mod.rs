//! Users, their role and the scope of data the role applies to ([`role`]: the permission
//! model). A grant that reads named children takes effect only when a second administrator
//! confirms it ([`Store::confirm_user`]).

mod account;
mod role;

use std::fmt;

use serde::Serialize;

pub use account::Inbox;
pub use role::{Capability, Role, Scope};

use crate::audit::{action, append};
use crate::error::{conflict_on_unique, school_code};
use crate::limits::{
    MAX_CLASS_NAME, MAX_DISPLAY_NAME, MAX_GROUP_NAME, MAX_PASSWORD_HASH, MAX_REGION_CODE,
    MAX_SCHOOL_TEXT, MAX_USER_NAME, check_actor, check_len, check_required, could_be_key,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, DistrictId, Store, StoreError};

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Login name, unique; 1 to 64 characters without spaces.
    pub name: String,
    /// Name shown in the UI (a person's real name: never written to the audit log).
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Scope, matching the role ([`Role::accepts`]).
    pub scope: Scope,
    /// The district of a district role ([`Role::in_district`]); `None` for city and province
    /// users.
    pub district: Option<DistrictId>,
    /// Password hash (argon2 PHC string) made by the server.
    pub password_hash: String,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .field("district", &self.district)
            .finish_non_exhaustive()
    }
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Scope of the role.
    pub scope: Scope,
    /// The district of a district role; `None` for city and province users.
    pub district: Option<DistrictId>,
    /// Inactive users cannot log in and have no sessions.
    pub active: bool,
    /// A grant of a sensitive role ([`Role::is_sensitive`]) awaiting a second administrator's
    /// confirmation: the login name of the administrator who asked for it. The user stays
    /// inactive until then.
    pub pending_by: Option<String>,
    /// When created, RFC 3339 UTC.
    pub created_at: String,
    /// Logs in through the identity service (统一身份认证), never with a password.
    pub external: bool,
    /// An administrator set a one-time password: the user must choose their own before anything
    /// else.
    pub must_change_password: bool,
    /// Locked after repeated failed logins until this time (RFC 3339 UTC), if ever locked; a
    /// time in the past means the lock has ended.
    pub locked_until: Option<String>,
}

/// A user with the password hash, for login only. Not serialisable, and its `Debug` hides the
/// hash.
#[derive(Clone, PartialEq, Eq)]
pub struct UserWithHash {
    /// The user.
    pub user: User,
    /// The stored password hash.
    pub password_hash: String,
}

impl fmt::Debug for UserWithHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserWithHash")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The columns of a user, for `SELECT`s elsewhere in the crate (`u` is `users`).
macro_rules! user_select {
    () => {
        "u.id, u.name, u.display_name, u.role, u.scope_kind, u.scope_ref, u.district_id, \
         u.active, u.pending_by, u.created_at, \
         CASE WHEN u.sso_subject IS NULL THEN 0 ELSE 1 END AS is_external, \
         u.must_change_password, u.locked_until"
    };
}
pub(crate) use user_select;

pub(crate) struct UserRow {
    id: i64,
    name: String,
    display_name: String,
    role: String,
    scope_kind: String,
    scope_ref: String,
    district_id: Option<i64>,
    active: i32,
    pending_by: Option<String>,
    created_at: String,
    is_external: i32,
    must_change_password: i32,
    locked_until: Option<String>,
}
from_row!(UserRow {
    id,
    name,
    display_name,
    role,
    scope_kind,
    scope_ref,
    district_id,
    active,
    pending_by,
    created_at,
    is_external,
    must_change_password,
    locked_until
});

struct UserHashRow {
    user: UserRow,
    password_hash: String,
}
from_row!(UserHashRow { password_hash } flatten { user: UserRow });

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        let corrupt = |column| StoreError::Corrupt {
            table: "users",
            column,
        };
        let role = Role::parse(&r.role).ok_or(corrupt("role"))?;
        let scope = match r.scope_kind.as_str() {
            "province" => Scope::Province(r.scope_ref),
            "city" => Scope::City(r.scope_ref),
            "district" => Scope::District,
            "group" => Scope::Group(r.scope_ref),
            "zone" => Scope::Zone(r.scope_ref),
            "department" => Scope::Department(r.scope_ref),
            "school" => Scope::School(school_code(&r.scope_ref, "users", "scope_ref")?),
            "class" => {
                let (school, class) = r.scope_ref.split_once('/').ok_or(corrupt("scope_ref"))?;
                Scope::Class {
                    school: school_code(school, "users", "scope_ref")?,
                    class: class.to_owned(),
                }
            }
            "teacher" => {
                let (school, teacher) = r.scope_ref.split_once('/').ok_or(corrupt("scope_ref"))?;
                Scope::Teacher {
                    school: school_code(school, "users", "scope_ref")?,
                    teacher: teacher.to_owned(),
                }
            }
            _ => return Err(corrupt("scope_kind")),
        };
        if role.in_district() != r.district_id.is_some() {
            return Err(corrupt("district_id"));
        }
        Ok(User {
            id: r.id,
            name: r.name,
            display_name: r.display_name,
            role,
            scope,
            district: r.district_id.map(DistrictId),
            active: r.active != 0,
            pending_by: r.pending_by,
            created_at: r.created_at,
            external: r.is_external != 0,
            must_change_password: r.must_change_password != 0,
            locked_until: r.locked_until,
        })
    }
}

fn validate(new: &NewUser) -> Result<(), StoreError> {
    validate_identity(
        &new.name,
        &new.display_name,
        new.role,
        &new.scope,
        new.district,
    )?;
    check_password_hash(&new.password_hash)
}

/// The checks of a user's name, display name, role and scope, local or external.
pub(crate) fn validate_identity(
    name: &str,
    display_name: &str,
    role: Role,
    scope: &Scope,
    district: Option<DistrictId>,
) -> Result<(), StoreError> {
    let name_len = name.chars().count();
    if name_len == 0
        || name_len > MAX_USER_NAME
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::Invalid(format!(
            "用户名应为 1 到 {MAX_USER_NAME} 个字符，且不含空格"
        )));
    }
    // A login name is shown in lists and written to the audit log: never a national ID number.
    if junheng_core::privacy::contains_national_id(name) {
        return Err(StoreError::invalid(
            "用户名不能含居民身份证号；请使用拼音、工号等其他登录名",
        ));
    }
    check_required(display_name.trim(), "姓名", MAX_DISPLAY_NAME)?;
    if !role.accepts(scope) {
        return Err(StoreError::Invalid(format!(
            "{}的数据范围应为{}",
            role.label(),
            role.expected_scope()
        )));
    }
    match (role.in_district(), district) {
        (true, None) => {
            return Err(StoreError::Invalid(format!(
                "{}属于一个区县：请指定区县",
                role.label()
            )));
        }
        (false, Some(_)) => {
            return Err(StoreError::Invalid(format!(
                "{}不属于某一个区县",
                role.label()
            )));
        }
        _ => {}
    }
    match scope {
        Scope::Group(name) => {
            if name.trim().is_empty() {
                return Err(StoreError::invalid("集团负责人的集团名称不能为空"));
            }
            check_len(name, "集团名称", MAX_GROUP_NAME)?;
        }
        Scope::Zone(name) => {
            check_required(name.trim(), "学区名称", MAX_SCHOOL_TEXT)?;
        }
        Scope::Department(name) => {
            check_required(name, "责任部门名称", crate::limits::MAX_DEPARTMENT)?;
            if name.trim() != name {
                return Err(StoreError::invalid("责任部门名称前后不能有空格"));
            }
        }
        Scope::City(code) | Scope::Province(code) => {
            check_required(code.trim(), "市或省的代码", MAX_REGION_CODE)?;
        }
        Scope::Class { class, .. } => {
            check_required(class.trim(), "班级名称", MAX_CLASS_NAME)?;
            if class.contains('/') {
                return Err(StoreError::invalid("班级名称不能含「/」"));
            }
        }
        Scope::Teacher { teacher, .. } => {
            let id = junheng_rotation::TeacherId::parse(teacher)
                .map_err(|e| StoreError::Invalid(format!("任课教师的{e}")))?;
            if id.as_str() != teacher {
                return Err(StoreError::invalid("教师编号前后不能有空格"));
            }
        }
        Scope::District | Scope::School(_) => {}
    }
    Ok(())
}

fn check_password_hash(hash: &str) -> Result<(), StoreError> {
    if hash.is_empty() {
        return Err(StoreError::invalid("缺少密码"));
    }
    check_len(hash, "密码摘要", MAX_PASSWORD_HASH)
}

/// Where a user stands after [`Store::set_active`] or [`Store::confirm_user`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// The user can log in.
    Active,
    /// The user cannot log in.
    Inactive,
    /// A sensitive grant awaits a second administrator's confirmation.
    Pending,
}

impl Store {
    /// Creates a user. [`StoreError::Conflict`] if the name is taken, [`StoreError::Invalid`] if
    /// the name is empty, longer than [`MAX_USER_NAME`] or holds a space, the display name or
    /// hash is empty or too long, the role does not accept the scope, or a district role has
    /// no district (a city or province role has one).
    ///
    /// A sensitive role ([`Role::is_sensitive`]) is created inactive, pending a second
    /// administrator's [`Store::confirm_user`].
    pub async fn create_user(&self, new: &NewUser, actor: &Actor) -> Result<User, StoreError> {
        validate(new)?;
        check_actor(actor)?;
        let created_at = now();
        let pending_by = new.role.is_sensitive().then(|| actor.name.clone());
        let district = new.district.map(|d| d.0);
        let id = with_pool!(&self.pool, |pool| {
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
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO users (name, display_name, role, scope_kind, scope_ref, \
                 password_hash, active, created_at, district_id, pending_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(&new.name)
            .bind(new.display_name.trim())
            .bind(new.role.id())
            .bind(new.scope.kind_id())
            .bind(new.scope.reference().trim())
            .bind(&new.password_hash)
            .bind(i32::from(pending_by.is_none()))
            .bind(&created_at)
            .bind(district)
            .bind(pending_by.as_deref())
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique("用户名已被占用"))?;
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::USER_CREATE,
                format!("user:{id}"),
                format!(
                    "role={} scope={}{}",
                    new.role.id(),
                    new.scope,
                    if pending_by.is_some() { " pending" } else { "" }
                )
            )?;
            tx.commit().await?;
            id
        });
        self.user(id).await?.ok_or(StoreError::NotFound("该用户"))
    }

    /// A user and the password hash, by login name, for checking a login. `None` without a
    /// query for a name no user can have (longer than [`MAX_USER_NAME`], or with a NUL).
    pub async fn user_by_name(&self, name: &str) -> Result<Option<UserWithHash>, StoreError> {
        if !could_be_key(name, MAX_USER_NAME) {
            return Ok(None);
        }
        let row: Option<UserHashRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                ", u.password_hash FROM users u WHERE u.name = $1"
            ))
            .bind(name)
            .fetch_optional(pool)
            .await?
        });
        row.map(|r| {
            Ok(UserWithHash {
                user: User::try_from(r.user)?,
                password_hash: r.password_hash,
            })
        })
        .transpose()
    }

    /// A user by id.
    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u WHERE u.id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(User::try_from).transpose()
    }

    /// Every user, in the order they were created; only a district's when `district` is given.
    pub async fn users(&self, district: Option<DistrictId>) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u WHERE ($1 IS NULL OR u.district_id = $1) ORDER BY u.id"
            ))
            .bind(district.map(|d| d.0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(User::try_from).collect()
    }

    /// Sets a user's password hash and ends all the user's sessions (API tokens stay valid).
    /// [`StoreError::Invalid`] for a user of the identity service (统一身份认证), who has no
    /// password here.
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.store_password(id, password_hash, false, actor).await
    }

    /// A password hash for user `id`; `one_time` marks it as set by an administrator, to be
    /// changed by the user at the next login.
    pub(crate) async fn store_password(
        &self,
        id: i64,
        password_hash: &str,
        one_time: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_password_hash(password_hash)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let external: Option<(Option<String>, Option<i64>)> =
                sqlx::query_as("SELECT sso_subject, district_id FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let district = match external {
                None => return Err(StoreError::NotFound("该用户")),
                Some((Some(_), _)) => {
                    return Err(StoreError::invalid(
                        "该用户通过统一身份认证登录，在本平台没有密码；如需停止其登录，请停用该用户",
                    ));
                }
                Some((None, district)) => district,
            };
            sqlx::query(
                "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(i32::from(one_time))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::USER_PASSWORD,
                format!("user:{id}"),
                if one_time { "one_time" } else { "" }
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Activates or deactivates a user; deactivating ends all the user's sessions, and an
    /// inactive user's API tokens stop working. Activating a user of a sensitive role
    /// ([`Role::is_sensitive`]) only asks for it: the user stays inactive until a second
    /// administrator's [`Store::confirm_user`].
    pub async fn set_active(
        &self,
        id: i64,
        active: bool,
        actor: &Actor,
    ) -> Result<Activation, StoreError> {
        check_actor(actor)?;
        let user = self.user(id).await?.ok_or(StoreError::NotFound("该用户"))?;
        let pending = active && user.role.is_sensitive() && !user.active;
        let (state, pending_by, act) = match (active, pending) {
            (true, true) => (
                Activation::Pending,
                Some(actor.name.as_str()),
                action::USER_ACTIVATE,
            ),
            (true, false) => (Activation::Active, None, action::USER_ACTIVATE),
            (false, _) => (Activation::Inactive, None, action::USER_DEACTIVATE),
        };
        let now_active = state == Activation::Active;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE users SET active = $1, pending_by = $2 WHERE id = $3 AND role = $4",
            )
            .bind(i32::from(now_active))
            .bind(pending_by)
            .bind(id)
            .bind(user.role.id())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound("该用户"));
            }
            if !now_active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            append!(
                &mut *tx,
                user.district.map(|d| d.0),
                &actor.name,
                act,
                format!("user:{id}"),
                if pending { "pending" } else { "" }
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(state)
    }

    /// Confirms a pending grant of a sensitive role: the user becomes active.
    /// [`StoreError::Invalid`] when nothing is pending, or when `actor` is the administrator
    /// who asked for it (a second administrator must confirm).
    pub async fn confirm_user(&self, id: i64, actor: &Actor) -> Result<Activation, StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(Option<String>, Option<i64>)> =
                sqlx::query_as("SELECT pending_by, district_id FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((pending_by, district)) = row else {
                return Err(StoreError::NotFound("该用户"));
            };
            let Some(pending_by) = pending_by else {
                return Err(StoreError::invalid("该账号没有待确认的授权"));
            };
            if pending_by == actor.name {
                return Err(StoreError::invalid(
                    "涉及学生个人信息的授权须由另一位管理员确认，不能由申请人本人确认",
                ));
            }
            sqlx::query("UPDATE users SET active = 1, pending_by = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                district,
                &actor.name,
                action::USER_CONFIRM,
                format!("user:{id}"),
                format!("requested_by={pending_by}")
            )?;
            tx.commit().await?;
            Ok(Activation::Active)
        })
    }
}
