//! Users and API tokens: creating a user (its role and scope checked against the district's
//! data), editing its role, scope and display name (checked the same way), activating,
//! deactivating, confirming a sensitive grant, setting a password or a one-time password,
//! unlocking a locked login name, creating and revoking tokens, and the accounts of every school
//! at once ([`bulk`]). Passwords arrive hashed (the callers hash them with argon2).

pub mod bulk;

use junheng_core::school::SchoolCode;
use junheng_store::{Activation, Actor, District, NewUser, Role, Scope, Store, StoreError, User};

use crate::Authority;

/// A user to create, as a form or the command line gives it.
#[derive(Clone, PartialEq, Eq)]
pub struct UserInput {
    /// Login name.
    pub name: String,
    /// Name shown (the login name when empty).
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The scope in words: a group's name, a school's code, `school/class`, a city's or a
    /// province's code; empty for administrators and supervisors.
    pub scope: String,
    /// Password hash (argon2 PHC string).
    pub password_hash: String,
}

impl std::fmt::Debug for UserInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInput")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// The scope of `role` named by `text`, checked against the data of `district`: a school must be
/// in the latest statistics and a group must exist — an account whose scope matches nothing
/// would see nothing, forever.
pub async fn scope_of(
    store: &Store,
    district: Option<&District>,
    role: Role,
    text: &str,
) -> Result<Scope, StoreError> {
    let text = text.trim();
    let invalid = |m: String| Err(StoreError::Invalid(m));
    let Some(district) = district.filter(|_| role.in_district()) else {
        return match role {
            Role::City if !text.is_empty() => Ok(Scope::City(text.to_owned())),
            Role::Province if !text.is_empty() => Ok(Scope::Province(text.to_owned())),
            Role::City | Role::Province => invalid(format!(
                "{}账号须填写{}",
                role.label(),
                role.expected_scope()
            )),
            _ => invalid(format!(
                "{}属于一个区县：请指定区县（--district）",
                role.label()
            )),
        };
    };
    let data = store.in_district(district.id);
    let school = async |text: &str| -> Result<SchoolCode, StoreError> {
        let code = SchoolCode::parse(text)
            .map_err(|e| StoreError::Invalid(format!("{}的范围：{e}", role.label())))?;
        if data.has_school(&code).await? {
            Ok(code)
        } else {
            Err(StoreError::Invalid(format!(
                "{} 最新学年的学校数据中没有学校 {code}；请先导入学校数据，或核对学校标识码",
                district.name
            )))
        }
    };
    match role {
        Role::City | Role::Province => unreachable!("not a district role"),
        Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam
            if text.is_empty() =>
        {
            Ok(Scope::District)
        }
        Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam => {
            invalid(format!("{}的范围是全区县，不用填写范围", role.label()))
        }
        Role::GroupLead if text.is_empty() => invalid("集团负责人须填写所属教育集团名称".into()),
        Role::GroupLead => match data.group(text).await? {
            Some(_) => Ok(Scope::Group(text.to_owned())),
            None => invalid(format!(
                "{}没有名为「{}」的教育集团；请填写「教育集团」页面上列出的名称",
                district.name,
                cut(text)
            )),
        },
        Role::ZoneLead if text.is_empty() => invalid("学区负责人须填写所属学区名称".into()),
        Role::ZoneLead => {
            if data.zone_names().await?.iter().any(|z| z == text) {
                Ok(Scope::Zone(text.to_owned()))
            } else {
                invalid(format!(
                    "{}没有名为「{}」的学区；请填写学校统计数据“学区”列或「学区」页面上的名称",
                    district.name,
                    cut(text)
                ))
            }
        }
        Role::School | Role::PsychTeacher | Role::CareOfficer | Role::SchoolDoctor => {
            Ok(Scope::School(school(text).await?))
        }
        // A department is named freely (the 责任清单 and the tasks name it the same way).
        Role::Department if text.is_empty() => {
            invalid("责任部门须填写部门名称，如 区财政局".into())
        }
        Role::Department => Ok(Scope::Department(text.to_owned())),
        Role::ClassTeacher => {
            let Some((code, class)) = text.split_once('/') else {
                return invalid(
                    "班主任的范围应写成「学校标识码/班级」，如 5001120001/七年级3班".into(),
                );
            };
            Ok(Scope::Class {
                school: school(code.trim()).await?,
                class: class.trim().to_owned(),
            })
        }
        Role::SubjectTeacher => {
            let Some((code, teacher)) = text.split_once('/') else {
                return invalid(
                    "任课教师的范围应写成「学校标识码/教师编号」，如 5001120001/T5001120001A003"
                        .into(),
                );
            };
            Ok(Scope::Teacher {
                school: school(code.trim()).await?,
                teacher: teacher.trim().to_owned(),
            })
        }
    }
}

/// Creates a user of `district` (none for city and province users). A role that reads named
/// children is created inactive, pending a second administrator's [`confirm`].
pub async fn create(
    store: &Store,
    authority: Authority,
    district: Option<&District>,
    input: &UserInput,
    actor: &Actor,
) -> Result<User, StoreError> {
    if let Authority::District(own) = authority
        && (!input.role.in_district() || district.map(|d| d.id) != Some(own))
    {
        return Err(StoreError::invalid(
            "区县管理员只能在本区县内创建账号；市级、省级账号由部署管理员用命令行创建",
        ));
    }
    let scope = scope_of(store, district, input.role, &input.scope).await?;
    let name = input.name.trim().to_owned();
    let display_name = match input.display_name.trim() {
        "" => name.clone(),
        d => d.to_owned(),
    };
    let new = NewUser {
        name,
        display_name,
        role: input.role,
        scope,
        district: district.filter(|_| input.role.in_district()).map(|d| d.id),
        password_hash: input.password_hash.clone(),
    };
    store.create_user(&new, actor).await
}

/// A user by login name, within reach of `authority`.
pub async fn by_name(store: &Store, authority: Authority, name: &str) -> Result<User, StoreError> {
    let user = store
        .user_by_name(name.trim())
        .await?
        .ok_or(StoreError::NotFound("该用户"))?
        .user;
    authority.reaches(&user)?;
    Ok(user)
}

/// A user by id, within reach of `authority`.
pub async fn by_id(store: &Store, authority: Authority, id: i64) -> Result<User, StoreError> {
    let user = store
        .user(id)
        .await?
        .ok_or(StoreError::NotFound("该用户"))?;
    authority.reaches(&user)?;
    Ok(user)
}

/// Activates or deactivates a user (activating a sensitive role only asks for it). Nobody
/// deactivates their own account.
pub async fn set_active(
    store: &Store,
    authority: Authority,
    id: i64,
    active: bool,
    actor: &Actor,
) -> Result<Activation, StoreError> {
    let user = by_id(store, authority, id).await?;
    if !active && user.name == actor.name {
        return Err(StoreError::invalid("不能停用自己的账户"));
    }
    store.set_active(id, active, actor).await
}

/// Confirms a pending sensitive grant (by another administrator than the one who asked).
pub async fn confirm(
    store: &Store,
    authority: Authority,
    id: i64,
    actor: &Actor,
) -> Result<Activation, StoreError> {
    by_id(store, authority, id).await?;
    store.confirm_user(id, actor).await
}

/// Sets a user's password (hashed); the user's sessions end.
pub async fn set_password(
    store: &Store,
    authority: Authority,
    id: i64,
    password_hash: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    by_id(store, authority, id).await?;
    store.set_password(id, password_hash, actor).await
}

/// What an administrator changes about a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEdit {
    /// Name shown (the login name when empty).
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The scope in words, as [`UserInput::scope`].
    pub scope: String,
}

/// Changes a user's display name, role and scope; the scope is checked against the district's
/// data as at creation (a school not in the latest statistics, a group that does not exist are
/// refused). A role that reads named children waits for a second administrator's
/// [`confirm`]. Nobody changes their own role or scope.
pub async fn edit(
    store: &Store,
    authority: Authority,
    id: i64,
    change: &UserEdit,
    actor: &Actor,
) -> Result<User, StoreError> {
    let user = by_id(store, authority, id).await?;
    let district = match user.district {
        Some(d) => Some(
            store
                .district_by_id(d)
                .await?
                .ok_or(StoreError::NotFound("该区县"))?,
        ),
        None => None,
    };
    if !change.role.in_district() && matches!(authority, Authority::District(_)) {
        return Err(StoreError::invalid(
            "区县管理员只能授予本区县的角色；市级、省级账号由部署管理员用命令行管理",
        ));
    }
    let scope = scope_of(store, district.as_ref(), change.role, &change.scope).await?;
    if user.name == actor.name && (change.role != user.role || scope != user.scope) {
        return Err(StoreError::invalid(
            "不能修改自己的角色或范围；请由另一位管理员修改",
        ));
    }
    let display_name = match change.display_name.trim() {
        "" => user.name.clone(),
        d => d.to_owned(),
    };
    store
        .update_user(id, &display_name, change.role, &scope, actor)
        .await
}

/// Sets a one-time password (hashed) for a user: the user's sessions end, and at the next login
/// they must choose their own password before anything else.
pub async fn reset_password(
    store: &Store,
    authority: Authority,
    id: i64,
    password_hash: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    by_id(store, authority, id).await?;
    store.set_one_time_password(id, password_hash, actor).await
}

/// Ends the lock of a user's login name (locked after repeated failed logins) now.
pub async fn unlock(
    store: &Store,
    authority: Authority,
    id: i64,
    actor: &Actor,
) -> Result<(), StoreError> {
    by_id(store, authority, id).await?;
    store.unlock_user(id, actor).await
}

/// Creates an API token (its hash) for a user.
pub async fn create_token(
    store: &Store,
    authority: Authority,
    user_id: i64,
    name: &str,
    token_hash: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    by_id(store, authority, user_id).await?;
    store.create_token(user_id, name, token_hash, actor).await
}

/// Revokes a live API token by id.
pub async fn revoke_token(
    store: &Store,
    authority: Authority,
    id: i64,
    actor: &Actor,
) -> Result<(), StoreError> {
    let owner = store
        .token_owner(id)
        .await?
        .ok_or(StoreError::NotFound("该有效令牌"))?;
    by_id(store, authority, owner).await?;
    store.revoke_token(id, actor).await
}

/// A piece of input cut for a message.
pub(crate) fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}
