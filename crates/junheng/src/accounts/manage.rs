//! `user edit`, `user reset-password` and `user unlock`: the use-case layer's operations on an
//! existing account, under the operator's authority.

use junheng_app::Authority;
use junheng_app::users::{self, UserEdit};
use junheng_server::{hash_password, one_time_password};

use super::{ActorArg, ScopeArgs, find_user, parse_role, read_password_hash};
use crate::platform::{Database, runtime, store_error};
use crate::{Failure, Outcome};

/// `user reset-password`: a one-time password, generated and printed once unless read from
/// standard input; the user must change it at the next login.
pub(super) fn reset_password(
    name: &str,
    from_stdin: bool,
    actor: &ActorArg,
    db: &Database,
) -> Result<Outcome, Failure> {
    let (shown, password_hash) = if from_stdin {
        (None, read_password_hash()?)
    } else {
        let password = one_time_password();
        let hash = hash_password(&password).map_err(|e| Failure::Output(anyhow::anyhow!(e)))?;
        (Some(password), hash)
    };
    runtime()?.block_on(db.with_store(async |store| {
        let found = find_user(store, name).await?;
        users::reset_password(
            store,
            Authority::Operator,
            found.id,
            &password_hash,
            &actor.actor(),
        )
        .await
        .map_err(store_error)?;
        println!(
            "已重设用户 {} 的密码为一次性密码，其所有登录会话已结束（API 令牌不受影响）；首次登录须修改密码",
            found.name
        );
        if let Some(password) = shown {
            println!("一次性密码：{password}");
            eprintln!("一次性密码只显示这一次，请交给本人。");
        }
        Ok(Outcome::Done)
    }))
}

/// `user edit`: what is not given stays as it is; a scope flag alone keeps the role.
pub(super) fn edit(
    name: &str,
    display_name: Option<&str>,
    role: Option<&str>,
    scope: &ScopeArgs,
    actor: &ActorArg,
    db: &Database,
) -> Result<Outcome, Failure> {
    let scope_given = [
        &scope.school,
        &scope.group,
        &scope.class,
        &scope.city,
        &scope.province,
    ]
    .iter()
    .any(|f| f.is_some());
    if display_name.is_none() && role.is_none() && !scope_given {
        return Err(Failure::Input(
            "没有要修改的内容：请指定 --display-name、--role 或范围（--school、--group、--class 等）"
                .into(),
        ));
    }
    runtime()?.block_on(db.with_store(async |store| {
        let found = find_user(store, name).await?;
        let (role, scope_text) = match (role, scope_given) {
            (None, false) => (found.role, found.scope.reference()),
            (role, _) => parse_role(role.unwrap_or(found.role.id()), scope)?,
        };
        let change = UserEdit {
            display_name: display_name.map_or_else(|| found.display_name.clone(), str::to_owned),
            role,
            scope: scope_text,
        };
        let user = users::edit(store, Authority::Operator, found.id, &change, &actor.actor())
            .await
            .map_err(store_error)?;
        println!(
            "已修改用户 {}：{}，范围 {}",
            user.name,
            user.role.label(),
            user.scope
        );
        if user.pending_by.is_some() {
            println!(
                "该角色可查看学生个人信息：账号暂未启用，须由另一位管理员确认（junheng user confirm {} --actor 确认人）",
                user.name
            );
        }
        Ok(Outcome::Done)
    }))
}

/// `user unlock`.
pub(super) fn unlock(name: &str, actor: &ActorArg, db: &Database) -> Result<Outcome, Failure> {
    runtime()?.block_on(db.with_store(async |store| {
        let found = find_user(store, name).await?;
        users::unlock(store, Authority::Operator, found.id, &actor.actor())
            .await
            .map_err(store_error)?;
        println!("已解除登录名 {} 的锁定", found.name);
        Ok(Outcome::Done)
    }))
}
