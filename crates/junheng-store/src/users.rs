//! Users, their role and the scope of data the role applies to.

use std::fmt;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::error::{conflict_on_unique, school_code};
use crate::limits::{
    MAX_DISPLAY_NAME, MAX_GROUP_NAME, MAX_PASSWORD_HASH, MAX_USER_NAME, check_actor, check_len,
    check_required, could_be_key,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, Store, StoreError};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: users, district settings, everything.
    Admin,
    /// 督学: reads and evaluates the whole district, imports statistics.
    Supervisor,
    /// 集团负责人: one education group's data.
    GroupLead,
    /// 学校: one school's own data.
    School,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Supervisor, Role::GroupLead, Role::School];

    /// Stable identifier: `admin`, `supervisor`, `group_lead`, `school`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::GroupLead => "group_lead",
            Role::School => "school",
        }
    }

    /// Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Supervisor => "督学",
            Role::GroupLead => "集团负责人",
            Role::School => "学校",
        }
    }

    /// Parses an [`Role::id`].
    pub fn parse(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Whether a user of this role may have `scope`: admins and supervisors the district,
    /// group leads a group, school users a school.
    ///
    /// ```
    /// use junheng_store::{Role, Scope};
    /// assert!(Role::GroupLead.accepts(&Scope::Group("沙坪坝区第一教育集团".into())));
    /// assert!(!Role::Supervisor.accepts(&Scope::Group("沙坪坝区第一教育集团".into())));
    /// ```
    pub fn accepts(self, scope: &Scope) -> bool {
        matches!(
            (self, scope),
            (Role::Admin | Role::Supervisor, Scope::District)
                | (Role::GroupLead, Scope::Group(_))
                | (Role::School, Scope::School(_))
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The data a user's role applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Scope {
    /// The whole district.
    District,
    /// One education group, by name.
    Group(String),
    /// One school.
    School(SchoolCode),
}

impl Scope {
    fn kind_id(&self) -> &'static str {
        match self {
            Scope::District => "district",
            Scope::Group(_) => "group",
            Scope::School(_) => "school",
        }
    }

    fn reference(&self) -> &str {
        match self {
            Scope::District => "",
            Scope::Group(name) => name,
            Scope::School(code) => code.as_str(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::District => f.write_str("district"),
            other => write!(f, "{}:{}", other.kind_id(), other.reference()),
        }
    }
}

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
    /// Password hash (argon2 PHC string) made by the server.
    pub password_hash: String,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("scope", &self.scope)
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
    /// Inactive users cannot log in and have no sessions.
    pub active: bool,
    /// When created, RFC 3339 UTC.
    pub created_at: String,
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
        "u.id, u.name, u.display_name, u.role, u.scope_kind, u.scope_ref, u.active, u.created_at"
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
    active: i32,
    created_at: String,
}
from_row!(UserRow {
    id,
    name,
    display_name,
    role,
    scope_kind,
    scope_ref,
    active,
    created_at
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
            "district" => Scope::District,
            "group" => Scope::Group(r.scope_ref),
            "school" => Scope::School(school_code(&r.scope_ref, "users", "scope_ref")?),
            _ => return Err(corrupt("scope_kind")),
        };
        Ok(User {
            id: r.id,
            name: r.name,
            display_name: r.display_name,
            role,
            scope,
            active: r.active != 0,
            created_at: r.created_at,
        })
    }
}

fn validate(new: &NewUser) -> Result<(), StoreError> {
    let name_len = new.name.chars().count();
    if name_len == 0
        || name_len > MAX_USER_NAME
        || new
            .name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(StoreError::Invalid(format!(
            "用户名应为 1 到 {MAX_USER_NAME} 个字符，且不含空格"
        )));
    }
    // A login name is shown in lists and written to the audit log: never a national ID number.
    if junheng_core::privacy::contains_national_id(&new.name) {
        return Err(StoreError::invalid(
            "用户名不能含居民身份证号；请使用拼音、工号等其他登录名",
        ));
    }
    check_required(new.display_name.trim(), "姓名", MAX_DISPLAY_NAME)?;
    check_password_hash(&new.password_hash)?;
    if !new.role.accepts(&new.scope) {
        let expected = match new.role {
            Role::Admin | Role::Supervisor => "全区",
            Role::GroupLead => "一个教育集团",
            Role::School => "一所学校",
        };
        return Err(StoreError::Invalid(format!(
            "{}的数据范围应为{expected}",
            new.role.label()
        )));
    }
    if let Scope::Group(name) = &new.scope {
        if name.trim().is_empty() {
            return Err(StoreError::invalid("集团负责人的集团名称不能为空"));
        }
        check_len(name, "集团名称", MAX_GROUP_NAME)?;
    }
    Ok(())
}

fn check_password_hash(hash: &str) -> Result<(), StoreError> {
    if hash.is_empty() {
        return Err(StoreError::invalid("缺少密码"));
    }
    check_len(hash, "密码摘要", MAX_PASSWORD_HASH)
}

impl Store {
    /// Creates a user. [`StoreError::Conflict`] if the name is taken, [`StoreError::Invalid`] if
    /// the name is empty, longer than [`MAX_USER_NAME`] or holds a space, the display name or
    /// hash is empty or too long, or the role does not accept the scope.
    pub async fn create_user(&self, new: &NewUser, actor: &Actor) -> Result<User, StoreError> {
        validate(new)?;
        check_actor(actor)?;
        let created_at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO users (name, display_name, role, scope_kind, scope_ref, \
                 password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) \
                 RETURNING id",
            )
            .bind(&new.name)
            .bind(new.display_name.trim())
            .bind(new.role.id())
            .bind(new.scope.kind_id())
            .bind(new.scope.reference())
            .bind(&new.password_hash)
            .bind(&created_at)
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique("用户名已被占用"))?;
            append!(
                &mut *tx,
                &actor.name,
                action::USER_CREATE,
                format!("user:{id}"),
                format!("role={} scope={}", new.role.id(), new.scope)
            )?;
            tx.commit().await?;
            id
        });
        Ok(User {
            id,
            name: new.name.clone(),
            display_name: new.display_name.trim().to_owned(),
            role: new.role,
            scope: new.scope.clone(),
            active: true,
            created_at,
        })
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

    /// Every user, in the order they were created.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u ORDER BY u.id"
            ))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(User::try_from).collect()
    }

    /// Sets a user's password hash and ends all the user's sessions (API tokens stay valid).
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_password_hash(password_hash)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound("该用户"));
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                &actor.name,
                action::USER_PASSWORD,
                format!("user:{id}"),
                ""
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Activates or deactivates a user; deactivating ends all the user's sessions, and an
    /// inactive user's API tokens stop working.
    pub async fn set_active(&self, id: i64, active: bool, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(i32::from(active))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound("该用户"));
            }
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let act = if active {
                action::USER_ACTIVATE
            } else {
                action::USER_DEACTIVATE
            };
            append!(&mut *tx, &actor.name, act, format!("user:{id}"), "")?;
            tx.commit().await?;
            Ok(())
        })
    }
}
