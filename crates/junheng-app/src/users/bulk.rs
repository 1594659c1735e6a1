//! The accounts of every school of a district at once: one 学校 account per school of the
//! district's latest statistics (or of a list of school codes), named by the school code, with a
//! one-time password the school changes at its first login. Schools that already have an
//! account are skipped and listed; codes the statistics do not have are refused before anything
//! is written.

use junheng_core::school::SchoolCode;
use junheng_store::{Actor, District, Role, Scope, Store, StoreError, User};

use super::{UserInput, create};
use crate::Authority;

/// A school that gets an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchoolAccount {
    /// 学校标识码; also the login name.
    pub code: SchoolCode,
    /// 学校名称; also the display name.
    pub school: String,
}

/// A school left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub school: String,
    /// Why, in Chinese (e.g. 已有账号 xxx).
    pub reason: String,
}

/// What a bulk creation would do: shown before it is confirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkPlan {
    /// The statistics' school year the schools come from.
    pub year: i32,
    /// Accounts to create, by school code.
    pub create: Vec<NewSchoolAccount>,
    /// Schools that already have an account (or whose code is taken as a login name).
    pub skipped: Vec<Skipped>,
}

/// The plan of a bulk creation for `district`: every school of its latest statistics, or only
/// those of `codes` (each must be in them). [`StoreError::Invalid`] without statistics, for a
/// malformed code or a code the statistics do not have (all of them named).
pub async fn plan(
    store: &Store,
    district: &District,
    codes: Option<&[String]>,
) -> Result<BulkPlan, StoreError> {
    let data = store.in_district(district.id);
    let Some(latest) = data.years().await?.first().map(|y| y.year) else {
        return Err(StoreError::Invalid(format!(
            "{}还没有学校数据：请先导入学校数据，再批量创建学校账号",
            district.name
        )));
    };
    let records = data.statistics(latest, None).await?;
    let chosen: Vec<(SchoolCode, String)> = match codes {
        None => records.into_iter().map(|r| (r.code, r.name)).collect(),
        Some(codes) => {
            let mut chosen = Vec::new();
            let mut unknown = Vec::new();
            for text in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                match SchoolCode::parse(text) {
                    Ok(code) => match records.iter().find(|r| r.code == code) {
                        Some(r) if !chosen.iter().any(|(c, _)| *c == code) => {
                            chosen.push((code, r.name.clone()));
                        }
                        Some(_) => {}
                        None => unknown.push(code.to_string()),
                    },
                    Err(_) => unknown.push(super::cut(text)),
                }
            }
            if !unknown.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "{} {latest} 学年的学校数据中没有这些学校标识码：{}；请核对后再提交",
                    district.name,
                    unknown.join("、")
                )));
            }
            if chosen.is_empty() {
                return Err(StoreError::invalid(
                    "没有填写学校标识码：每行一个 10 位学校标识码",
                ));
            }
            chosen
        }
    };
    let users = store.users(Some(district.id)).await?;
    let mut plan = BulkPlan {
        year: latest,
        ..BulkPlan::default()
    };
    for (code, school) in chosen {
        let holder = users
            .iter()
            .find(|u| u.role == Role::School && u.scope == Scope::School(code.clone()));
        let taken = store.user_by_name(code.as_str()).await?;
        let reason = match (holder, taken) {
            (Some(u), _) => Some(format!("已有学校账号 {}", u.name)),
            (None, Some(_)) => Some(format!("登录名 {code} 已被其他账号占用")),
            (None, None) => None,
        };
        match reason {
            Some(reason) => plan.skipped.push(Skipped {
                code,
                school,
                reason,
            }),
            None => plan.create.push(NewSchoolAccount { code, school }),
        }
    }
    Ok(plan)
}

/// Creates the accounts of `accounts` (from [`plan`]), each with its one-time password hash:
/// 学校 role, scope and login name the school code, display name the school's name. The user
/// must change the password at the first login. Stops at the first failure (the accounts
/// created before it stay, each audited).
pub async fn create_all(
    store: &Store,
    authority: Authority,
    district: &District,
    accounts: &[(NewSchoolAccount, String)],
    actor: &Actor,
) -> Result<Vec<User>, StoreError> {
    let mut created = Vec::with_capacity(accounts.len());
    for (account, password_hash) in accounts {
        let input = UserInput {
            name: account.code.to_string(),
            display_name: account.school.clone(),
            role: Role::School,
            scope: account.code.to_string(),
            password_hash: password_hash.clone(),
        };
        let user = create(store, authority, Some(district), &input, actor).await?;
        store
            .set_one_time_password(user.id, password_hash, actor)
            .await?;
        created.push(user);
    }
    Ok(created)
}
