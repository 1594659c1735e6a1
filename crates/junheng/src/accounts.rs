//! `user add|list|deactivate|activate|reset-password` and `token create|list|revoke`: the
//! accounts of the platform from the command line. Writes are audited under `--actor`
//! (default `system`); passwords come from standard input, never from the command line.

use std::io::BufRead;

use clap::{Args as ClapArgs, Subcommand};
use junheng_server::{hash_password, new_secret, secret_hash};
use junheng_store::{Actor, NewUser, Role, Scope, Store, UserWithHash};

use crate::platform::{Database, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

/// Shortest password accepted, in characters (the web's rule too).
const MIN_PASSWORD: usize = 8;

/// Who a write is recorded under in the audit log.
#[derive(ClapArgs, Debug, Clone)]
pub struct ActorArg {
    /// 记录在审计日志中的操作人（不超过 64 个字符）
    #[arg(long, default_value = "system")]
    pub actor: String,
}

impl ActorArg {
    fn actor(&self) -> Actor {
        Actor::new(self.actor.trim())
    }
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// 新建用户；密码从标准输入读取（--password-stdin）
    Add {
        /// 登录名
        #[arg(long)]
        name: String,
        /// 显示名
        #[arg(long, default_value = "")]
        display_name: String,
        /// 角色：admin（管理员）、supervisor（督学）、group_lead（集团负责人）、school（学校）
        #[arg(long)]
        role: String,
        /// 学校用户所属学校的学校标识码
        #[arg(long)]
        school: Option<String>,
        /// 集团负责人所属教育集团名称
        #[arg(long)]
        group: Option<String>,
        /// 从标准输入读取密码（一行）
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 列出用户
    List {
        #[command(flatten)]
        db: Database,
    },
    /// 停用用户：立即结束其所有登录会话，其 API 令牌也随之失效（可用 activate 恢复）
    Deactivate {
        /// 登录名
        name: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 启用（恢复）已停用的用户
    Activate {
        /// 登录名
        name: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 重设密码：新密码从标准输入读取（一行，至少 8 个字符）；结束该用户的所有登录会话（API 令牌不受影响）
    ResetPassword {
        /// 登录名
        name: String,
        /// 从标准输入读取新密码（一行）
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// 为用户生成 API 令牌（只显示一次）
    Create {
        /// 用户登录名
        #[arg(long)]
        user: String,
        /// 令牌用途说明
        #[arg(long, default_value = "API")]
        name: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 列出 API 令牌：编号、用户、用途、创建时间、最后使用时间、是否已撤销（不显示令牌本身）
    List {
        /// 只列出这个用户的令牌（登录名）
        #[arg(long)]
        user: Option<String>,
        #[command(flatten)]
        db: Database,
    },
    /// 撤销 API 令牌（编号见 token list）；撤销后立即失效，不能恢复
    Revoke {
        /// 令牌编号
        id: i64,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
}

fn parse_role(
    role: &str,
    school: Option<&str>,
    group: Option<&str>,
) -> Result<(Role, Scope), Failure> {
    let bad = |m: &str| Failure::Input(m.to_owned());
    match (role, school, group) {
        ("admin", None, None) => Ok((Role::Admin, Scope::District)),
        ("supervisor", None, None) => Ok((Role::Supervisor, Scope::District)),
        ("group_lead", None, Some(g)) if !g.trim().is_empty() => {
            Ok((Role::GroupLead, Scope::Group(g.trim().to_owned())))
        }
        ("school", Some(code), None) => {
            let code = junheng_core::school::SchoolCode::parse(code)
                .map_err(|e| bad(&format!("--school：{e}")))?;
            Ok((Role::School, Scope::School(code)))
        }
        ("group_lead", _, _) => Err(bad(
            "集团负责人须用 --group 指定教育集团名称，且不能指定 --school",
        )),
        ("school", _, _) => Err(bad(
            "学校用户须用 --school 指定 10 位学校标识码，且不能指定 --group",
        )),
        ("admin" | "supervisor", _, _) => Err(bad(
            "管理员和督学的范围是全区，不能指定 --school 或 --group",
        )),
        _ => Err(bad("角色应为 admin、supervisor、group_lead 或 school")),
    }
}

/// Reads one line from standard input as a password and hashes it (argon2id).
fn read_password_hash() -> Result<String, Failure> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| Failure::Input(format!("无法从标准输入读取密码：{e}")))?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < MIN_PASSWORD {
        return Err(Failure::Input(format!("密码至少 {MIN_PASSWORD} 个字符")));
    }
    hash_password(password).map_err(|e| Failure::Output(anyhow::anyhow!(e)))
}

/// The user of a login name; bad input when there is none.
async fn find_user(store: &Store, name: &str) -> Result<UserWithHash, Failure> {
    store
        .user_by_name(name.trim())
        .await
        .map_err(store_error)?
        .ok_or_else(|| {
            Failure::Input(format!(
                "没有用户 {}（可用 junheng user list 查看）",
                name.trim()
            ))
        })
}

pub fn user(action: &UserAction) -> Result<Outcome, Failure> {
    match action {
        UserAction::Add {
            name,
            display_name,
            role,
            school,
            group,
            password_stdin: _,
            actor,
            db,
        } => {
            let (role, scope) = parse_role(role, school.as_deref(), group.as_deref())?;
            let password_hash = read_password_hash()?;
            let new = NewUser {
                name: name.trim().to_owned(),
                display_name: if display_name.trim().is_empty() {
                    name.trim().to_owned()
                } else {
                    display_name.trim().to_owned()
                },
                role,
                scope,
                password_hash,
            };
            runtime()?.block_on(db.with_store(async |store| {
                store
                    .create_user(&new, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!("已创建用户 {}（{}）", new.name, new.role.label());
                Ok(Outcome::Done)
            }))
        }
        UserAction::List { db } => runtime()?.block_on(db.with_store(async |store| {
            let users = store.users().await.map_err(store_error)?;
            for u in users {
                println!(
                    "{}\t{}\t{}\t{}",
                    u.name,
                    u.role.label(),
                    u.scope,
                    if u.active { "启用" } else { "停用" }
                );
            }
            Ok(Outcome::Done)
        })),
        UserAction::Deactivate { name, actor, db } => set_active(name, false, actor, db),
        UserAction::Activate { name, actor, db } => set_active(name, true, actor, db),
        UserAction::ResetPassword {
            name,
            password_stdin: _,
            actor,
            db,
        } => {
            let password_hash = read_password_hash()?;
            runtime()?.block_on(db.with_store(async |store| {
                let found = find_user(store, name).await?;
                store
                    .set_password(found.user.id, &password_hash, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!(
                    "已重设用户 {} 的密码，其所有登录会话已结束（API 令牌不受影响）",
                    found.user.name
                );
                Ok(Outcome::Done)
            }))
        }
    }
}

/// `user activate` and `user deactivate`: a user already in that state is left alone.
fn set_active(
    name: &str,
    active: bool,
    actor: &ActorArg,
    db: &Database,
) -> Result<Outcome, Failure> {
    let state = if active { "启用" } else { "停用" };
    runtime()?.block_on(db.with_store(async |store| {
        let found = find_user(store, name).await?;
        if found.user.active == active {
            println!("用户 {} 已是{state}状态，未改动", found.user.name);
            return Ok(Outcome::Done);
        }
        store
            .set_active(found.user.id, active, &actor.actor())
            .await
            .map_err(store_error)?;
        if active {
            println!("已启用用户 {}", found.user.name);
        } else {
            println!(
                "已停用用户 {}：其登录会话已结束，API 令牌已失效",
                found.user.name
            );
        }
        Ok(Outcome::Done)
    }))
}

pub fn token(action: &TokenAction) -> Result<Outcome, Failure> {
    match action {
        TokenAction::Create {
            user,
            name,
            actor,
            db,
        } => runtime()?.block_on(db.with_store(async |store| {
            let found = find_user(store, user).await?;
            let secret = new_secret();
            store
                .create_token(found.user.id, name, &secret_hash(&secret), &actor.actor())
                .await
                .map_err(store_error)?;
            println!("{secret}");
            eprintln!("令牌只显示这一次，请妥善保存。用法：Authorization: Bearer <令牌>");
            Ok(Outcome::Done)
        })),
        TokenAction::List { user, db } => runtime()?.block_on(db.with_store(async |store| {
            let user_id = match user {
                Some(name) => Some(find_user(store, name).await?.user.id),
                None => None,
            };
            let tokens = store.token_list(user_id).await.map_err(store_error)?;
            if tokens.is_empty() {
                println!("没有 API 令牌");
                return Ok(Outcome::Done);
            }
            let mut table = Table::new(&[
                ("编号", Align::Right),
                ("用户", Align::Left),
                ("用途", Align::Left),
                ("创建时间", Align::Left),
                ("最后使用", Align::Left),
                ("状态", Align::Left),
            ]);
            for t in tokens {
                let token = t.token;
                table.row(vec![
                    token.id.to_string(),
                    t.user_name,
                    token.name,
                    token.created_at,
                    token.last_used_at.unwrap_or_else(|| "从未使用".to_owned()),
                    token
                        .revoked_at
                        .map_or_else(|| "有效".to_owned(), |at| format!("已撤销（{at}）")),
                ]);
            }
            print!("{}", table.render(""));
            Ok(Outcome::Done)
        })),
        TokenAction::Revoke { id, actor, db } => {
            runtime()?.block_on(db.with_store(async |store| {
                let live = store
                    .token_list(None)
                    .await
                    .map_err(store_error)?
                    .into_iter()
                    .find(|t| t.token.id == *id);
                let Some(live) = live.filter(|t| t.token.revoked_at.is_none()) else {
                    return Err(Failure::Input(format!(
                        "没有编号为 {id} 的有效令牌（可用 junheng token list 查看）"
                    )));
                };
                store
                    .revoke_token(*id, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!(
                    "已撤销令牌 {id}（用户 {}，用途 {}）",
                    live.user_name, live.token.name
                );
                Ok(Outcome::Done)
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_need_the_right_scope() {
        assert!(parse_role("admin", None, None).is_ok());
        assert!(parse_role("school", Some("5001120001"), None).is_ok());
        assert!(parse_role("school", None, None).is_err());
        assert!(parse_role("group_lead", None, Some("实验小学教育集团")).is_ok());
        assert!(parse_role("admin", Some("5001120001"), None).is_err());
        assert!(parse_role("root", None, None).is_err());
    }
}
