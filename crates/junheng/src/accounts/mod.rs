//! `user add|list|edit|confirm|deactivate|activate (reactivate)|reset-password|unlock|bulk` and
//! `token create|list|revoke`: the accounts of the platform from the command line. Writes are
//! audited under `--actor` (default `system`); passwords come from standard input, never from the
//! command line; one-time passwords are generated and printed once ([`manage`], [`bulk`]).

mod bulk;
mod manage;

use std::io::BufRead;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::Authority;
use junheng_app::users::{self, UserInput};
use junheng_server::{hash_password, new_secret, secret_hash};
use junheng_store::{Activation, Actor, Role, Store, User};

use crate::platform::{Database, DistrictDatabase, runtime, store_error};
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
    pub fn actor(&self) -> Actor {
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
        /// 角色：admin（管理员）、supervisor（督学）、group_lead（集团负责人）、school（学校）、class_teacher（班主任）、subject_teacher（任课教师）、psych_teacher（心理教师）、care_officer（关爱专干）、dropout_officer（控辍保学专干）、city（市级）、province（省级）
        #[arg(long)]
        role: String,
        #[command(flatten)]
        scope: ScopeArgs,
        /// 从标准输入读取密码（一行）
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: DistrictDatabase,
    },
    /// 列出用户（--district 只列出该区县的用户）
    List {
        #[command(flatten)]
        db: Database,
        /// 只列出这个区县的用户
        #[arg(long, value_name = "CODE")]
        district: Option<String>,
    },
    /// 确认一项待确认的授权（班主任、心理教师、关爱专干可查看学生个人信息，须由申请人以外的管理员确认；--actor 为确认人）
    Confirm {
        /// 登录名
        name: String,
        #[command(flatten)]
        actor: ActorArg,
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
    /// 启用（恢复）已停用的用户（也可写作 reactivate）
    #[command(visible_alias = "reactivate")]
    Activate {
        /// 登录名
        name: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 重设为一次性密码：生成并显示一次（或用 --password-stdin 从标准输入读取，一行，至少 8 个字符）；该用户首次登录须修改密码；结束其所有登录会话（API 令牌不受影响）
    ResetPassword {
        /// 登录名
        name: String,
        /// 从标准输入读取一次性密码（一行），不自动生成
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 修改用户的角色、范围或显示名；范围须是区县学校数据中存在的学校或教育集团（未指定的项保持不变）
    Edit {
        /// 登录名
        name: String,
        /// 新的显示名
        #[arg(long)]
        display_name: Option<String>,
        /// 新的角色（取值同 user add --role）
        #[arg(long)]
        role: Option<String>,
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 解除登录名的锁定（连续登录失败后被暂停的登录名）
    Unlock {
        /// 登录名
        name: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 为区县的全部学校（或 --codes-file 中列出的学校）批量创建「学校」账号，生成一次性密码并输出账号单；不加 --yes 只预览，不创建
    Bulk {
        /// 只为此文件中的学校标识码创建（每行一个）
        #[arg(long, value_name = "FILE")]
        codes_file: Option<std::path::PathBuf>,
        /// 印在账号单上的平台网址，如 https://jy.example.cn
        #[arg(long)]
        site: String,
        /// 账号单格式：csv（表格）或 text（每校一张，可直接打印）
        #[arg(long, default_value = "csv")]
        format: String,
        /// 确认创建（不加则只列出将创建和跳过的学校）
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: DistrictDatabase,
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

/// Where a new user's role applies: one of these, as the role needs.
#[derive(ClapArgs, Debug, Clone, Default)]
pub struct ScopeArgs {
    /// 学校、心理教师、关爱专干所属学校的学校标识码
    #[arg(long)]
    school: Option<String>,
    /// 集团负责人所属教育集团名称
    #[arg(long)]
    group: Option<String>,
    /// 学区负责人所属学区名称
    #[arg(long)]
    zone: Option<String>,
    /// 责任部门的名称，如 区财政局（与任务、责任清单中的写法一致）
    #[arg(long)]
    department: Option<String>,
    /// 班主任的班级，写成「学校标识码/班级」，如 5001120001/七年级3班
    #[arg(long)]
    class: Option<String>,
    /// 任课教师，写成「学校标识码/教师编号」，如 5001120001/T5001120001A003
    #[arg(long)]
    teacher: Option<String>,
    /// 市级用户所在市的代码（与区县的所属市代码一致）
    #[arg(long)]
    city: Option<String>,
    /// 省级用户所在省的代码
    #[arg(long)]
    province: Option<String>,
}

/// The role and the scope in words ([`junheng_app::users::UserInput::scope`]): exactly the flag
/// the role needs, and no other.
pub(super) fn parse_role(role: &str, scope: &ScopeArgs) -> Result<(Role, String), Failure> {
    let role = Role::parse(role).ok_or_else(|| {
        Failure::Input(
            "角色应为 admin、supervisor、group_lead、zone_lead、school、class_teacher、subject_teacher、psych_teacher、\
             care_officer、dropout_officer、school_doctor、crisis_team、department、city 或 province"
                .into(),
        )
    })?;
    let flags = [
        ("--school", &scope.school),
        ("--group", &scope.group),
        ("--zone", &scope.zone),
        ("--department", &scope.department),
        ("--class", &scope.class),
        ("--teacher", &scope.teacher),
        ("--city", &scope.city),
        ("--province", &scope.province),
    ];
    let needed = match role {
        Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam => None,
        Role::GroupLead => Some("--group"),
        Role::ZoneLead => Some("--zone"),
        Role::Department => Some("--department"),
        Role::School | Role::PsychTeacher | Role::CareOfficer | Role::SchoolDoctor => {
            Some("--school")
        }
        Role::ClassTeacher => Some("--class"),
        Role::SubjectTeacher => Some("--teacher"),
        Role::City => Some("--city"),
        Role::Province => Some("--province"),
    };
    let given: Vec<&str> = flags
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(f, _)| *f)
        .collect();
    match (needed, given.as_slice()) {
        (None, []) => Ok((role, String::new())),
        (Some(flag), [one]) if *one == flag => {
            let text = flags
                .iter()
                .find(|(f, _)| *f == flag)
                .and_then(|(_, v)| (*v).clone())
                .unwrap_or_default();
            Ok((role, text))
        }
        (None, _) => Err(Failure::Input(format!(
            "{}的范围是全区县，不能指定 {}",
            role.label(),
            given.join("、")
        ))),
        (Some(flag), _) => Err(Failure::Input(format!(
            "{}须用 {flag} 指定{}{}",
            role.label(),
            role.expected_scope(),
            if given.is_empty() {
                String::new()
            } else {
                format!("，不能指定 {}", given.join("、"))
            }
        ))),
    }
}

/// Reads one line from standard input as a password and hashes it (argon2id).
pub(super) fn read_password_hash() -> Result<String, Failure> {
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
pub(super) async fn find_user(store: &Store, name: &str) -> Result<User, Failure> {
    users::by_name(store, Authority::Operator, name)
        .await
        .map_err(|e| match e.code() {
            "store.not_found" => Failure::Input(format!(
                "没有用户 {}（可用 junheng user list 查看）",
                name.trim()
            )),
            _ => store_error(e),
        })
}

pub fn user(action: &UserAction) -> Result<Outcome, Failure> {
    match action {
        UserAction::Add {
            name,
            display_name,
            role,
            scope,
            password_stdin: _,
            actor,
            db,
        } => {
            let (role, scope) = parse_role(role, scope)?;
            let input = UserInput {
                name: name.trim().to_owned(),
                display_name: display_name.clone(),
                role,
                scope,
                password_hash: read_password_hash()?,
            };
            runtime()?.block_on(db.db.with_store(async |store| {
                let district = if role.in_district() {
                    Some(
                        store
                            .district_for(db.district.as_deref())
                            .await
                            .map_err(store_error)?,
                    )
                } else {
                    None
                };
                let user = users::create(
                    store,
                    Authority::Operator,
                    district.as_ref(),
                    &input,
                    &actor.actor(),
                )
                .await
                .map_err(store_error)?;
                let place = district.map_or(String::new(), |d| format!("，{}", d.name));
                println!("已创建用户 {}（{}{place}）", user.name, user.role.label());
                if user.pending_by.is_some() {
                    println!(
                        "该角色可查看学生个人信息：账号暂未启用，须由另一位管理员确认（junheng user confirm {} --actor 确认人）",
                        user.name
                    );
                }
                Ok(Outcome::Done)
            }))
        }
        UserAction::List { db, district } => runtime()?.block_on(db.with_store(async |store| {
            let only = match district {
                Some(code) => Some(
                    store
                        .district_for(Some(code))
                        .await
                        .map_err(store_error)?
                        .id,
                ),
                None => None,
            };
            let districts = store.districts().await.map_err(store_error)?;
            let users = store.users(only).await.map_err(store_error)?;
            for u in users {
                let district = u
                    .district
                    .and_then(|id| districts.iter().find(|d| d.id == id))
                    .map_or("—", |d| d.code.as_str());
                let state = match (u.active, &u.pending_by) {
                    (true, _) => "启用",
                    (false, Some(_)) => "待确认",
                    (false, None) => "停用",
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}{}",
                    u.name,
                    u.role.label(),
                    district,
                    u.scope,
                    if u.external {
                        "\t统一身份认证"
                    } else {
                        ""
                    }
                );
            }
            Ok(Outcome::Done)
        })),
        UserAction::Confirm { name, actor, db } => {
            runtime()?.block_on(db.with_store(async |store| {
                let user = find_user(store, name).await?;
                users::confirm(store, Authority::Operator, user.id, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!(
                    "已确认用户 {} 的授权（{}），账号已启用",
                    user.name,
                    user.role.label()
                );
                Ok(Outcome::Done)
            }))
        }
        UserAction::Deactivate { name, actor, db } => set_active(name, false, actor, db),
        UserAction::Activate { name, actor, db } => set_active(name, true, actor, db),
        UserAction::ResetPassword {
            name,
            password_stdin,
            actor,
            db,
        } => manage::reset_password(name, *password_stdin, actor, db),
        UserAction::Edit {
            name,
            display_name,
            role,
            scope,
            actor,
            db,
        } => manage::edit(
            name,
            display_name.as_deref(),
            role.as_deref(),
            scope,
            actor,
            db,
        ),
        UserAction::Unlock { name, actor, db } => manage::unlock(name, actor, db),
        UserAction::Bulk {
            codes_file,
            site,
            format,
            yes,
            actor,
            db,
        } => bulk::bulk(codes_file.as_deref(), site, format, *yes, actor, db),
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
        if found.active == active {
            println!("用户 {} 已是{state}状态，未改动", found.name);
            return Ok(Outcome::Done);
        }
        let now = users::set_active(store, Authority::Operator, found.id, active, &actor.actor())
            .await
            .map_err(store_error)?;
        match now {
            Activation::Active => println!("已启用用户 {}", found.name),
            Activation::Pending => println!(
                "已申请启用用户 {}：该角色可查看学生个人信息，须由另一位管理员确认（junheng user confirm）",
                found.name
            ),
            Activation::Inactive => println!(
                "已停用用户 {}：其登录会话已结束，API 令牌已失效",
                found.name
            ),
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
            users::create_token(
                store,
                Authority::Operator,
                found.id,
                name,
                &secret_hash(&secret),
                &actor.actor(),
            )
            .await
            .map_err(store_error)?;
            println!("{secret}");
            eprintln!("令牌只显示这一次，请妥善保存。用法：Authorization: Bearer <令牌>");
            Ok(Outcome::Done)
        })),
        TokenAction::List { user, db } => runtime()?.block_on(db.with_store(async |store| {
            let user_id = match user {
                Some(name) => Some(find_user(store, name).await?.id),
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
                users::revoke_token(store, Authority::Operator, *id, &actor.actor())
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
        let with = |f: fn(&mut ScopeArgs)| {
            let mut s = ScopeArgs::default();
            f(&mut s);
            s
        };
        let school = with(|s| s.school = Some("5001120001".into()));
        assert!(parse_role("admin", &ScopeArgs::default()).is_ok());
        assert_eq!(
            parse_role("school", &school).ok().map(|r| r.1),
            Some("5001120001".to_owned())
        );
        assert!(parse_role("psych_teacher", &school).is_ok());
        assert!(parse_role("school", &ScopeArgs::default()).is_err());
        assert!(
            parse_role(
                "group_lead",
                &with(|s| s.group = Some("实验小学教育集团".into()))
            )
            .is_ok()
        );
        assert!(parse_role("admin", &school).is_err());
        assert!(parse_role("class_teacher", &school).is_err());
        assert!(parse_role("city", &with(|s| s.city = Some("500100".into()))).is_ok());
        assert!(parse_role("root", &ScopeArgs::default()).is_err());
    }
}
