//! The commands of the platform: `serve`, `import`, `user add`, `token create`, `backup`,
//! `restore`. Each opens the database (SQLite by default, PostgreSQL by URL), does one thing,
//! and leaves a line in the audit log for every write.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use junheng_server::{Application, Config, hash_password, new_secret, secret_hash};
use junheng_store::{Actor, ImportSource, NewUser, Role, Scope, Store, StoreError};

use crate::evaluate::{import as read_file, select_year};
use crate::{Failure, Outcome};

/// Where the data lives.
#[derive(ClapArgs, Debug, Clone)]
pub struct Database {
    /// 数据库：sqlite://文件路径（默认 junheng.db），或 postgres://用户@主机/库
    #[arg(long, default_value = "sqlite://junheng.db")]
    pub database: String,
}

impl Database {
    pub async fn open(&self) -> Result<Store, Failure> {
        Store::open(&self.database)
            .await
            .map_err(|e| Failure::Input(format!("无法打开数据库 {}：{e}", redact(&self.database))))
    }
}

/// A store error as bad input (its message is Chinese and names what is wrong).
pub fn store_error(e: StoreError) -> Failure {
    Failure::Input(e.to_string())
}

/// A file's name without its folders, as an import or a report records where it came from.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_pass = &url[scheme + 3..at];
            let user = user_pass.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Output(e.into()))
}

#[derive(ClapArgs, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: Database,
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// 通过 HTTPS 反向代理访问时设置：Cookie 加 Secure 标记
    #[arg(long)]
    pub secure_cookies: bool,
}

pub fn serve(args: &ServeArgs) -> Result<Outcome, Failure> {
    init_logs();
    runtime()?.block_on(async {
        let store = args.db.open().await?;
        let config = Config {
            bind: args.bind,
            secure_cookies: args.secure_cookies,
            ..Config::default()
        };
        run_server(store, config, None).await
    })
}

pub(crate) fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("JUNHENG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub(crate) async fn run_server(
    store: Store,
    config: Config,
    login: Option<(&str, &str)>,
) -> Result<Outcome, Failure> {
    let app = Application::build(store, config)
        .await
        .map_err(|e| Failure::Input(format!("无法监听地址：{e}")))?;
    println!("均衡 Junheng 已启动：http://{}", app.address());
    if let Some((name, password)) = login {
        println!("演示账号：{name}　密码：{password}");
    }
    println!("按 Ctrl-C 停止。");
    app.run().await.map_err(|e| Failure::Output(e.into()))?;
    Ok(Outcome::Done)
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 学校基本情况表（.xlsx / .xls / .ods / .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub db: Database,
    /// 只导入这一学年（文件含多个学年时）
    #[arg(long)]
    pub year: Option<i32>,
    /// 记录在审计日志中的操作人
    #[arg(long, default_value = "system")]
    pub actor: String,
}

/// Validates like `evaluate` and stores each year as a new version, all-or-nothing per year.
pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let records = read_file(&args.file)?;
    let records = match args.year {
        Some(_) => select_year(records, args.year, &args.file)?,
        None => records,
    };
    let bytes = crate::read_input(&args.file)?;
    let source = ImportSource::new(file_name(&args.file), &bytes, "");
    let actor = Actor::new(args.actor.as_str());
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    runtime()?.block_on(async {
        let store = args.db.open().await?;
        for year in years {
            let of_year: Vec<_> = records.iter().filter(|r| r.year == year).cloned().collect();
            let info = store
                .import_statistics(year, &of_year, &source, &actor)
                .await
                .map_err(store_error)?;
            println!(
                "已导入 {year} 学年：{} 所学校，第 {} 版",
                info.rows, info.version
            );
        }
        Ok(Outcome::Done)
    })
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
        db: Database,
    },
    /// 列出用户
    List {
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

pub fn user(action: &UserAction) -> Result<Outcome, Failure> {
    match action {
        UserAction::Add {
            name,
            display_name,
            role,
            school,
            group,
            password_stdin: _,
            db,
        } => {
            let (role, scope) = parse_role(role, school.as_deref(), group.as_deref())?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| Failure::Input(format!("无法从标准输入读取密码：{e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < 8 {
                return Err(Failure::Input("密码至少 8 个字符".into()));
            }
            let password_hash =
                hash_password(password).map_err(|e| Failure::Output(anyhow::anyhow!(e)))?;
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
            runtime()?.block_on(async {
                let store = db.open().await?;
                store
                    .create_user(&new, &Actor::system())
                    .await
                    .map_err(store_error)?;
                println!("已创建用户 {}（{}）", new.name, new.role.label());
                Ok(Outcome::Done)
            })
        }
        UserAction::List { db } => runtime()?.block_on(async {
            let store = db.open().await?;
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
        }),
    }
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
        db: Database,
    },
}

pub fn token(action: &TokenAction) -> Result<Outcome, Failure> {
    let TokenAction::Create { user, name, db } = action;
    runtime()?.block_on(async {
        let store = db.open().await?;
        let found = store.user_by_name(user).await.map_err(store_error)?;
        let Some(found) = found else {
            return Err(Failure::Input(format!("没有用户 {user}")));
        };
        let secret = new_secret();
        store
            .create_token(found.user.id, name, &secret_hash(&secret), &Actor::system())
            .await
            .map_err(store_error)?;
        println!("{secret}");
        eprintln!("令牌只显示这一次，请妥善保存。用法：Authorization: Bearer <令牌>");
        Ok(Outcome::Done)
    })
}

#[derive(ClapArgs, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: Database,
    /// 备份文件（JSON Lines，可在 SQLite 与 PostgreSQL 之间恢复）
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn backup(args: &BackupArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(async {
        let store = args.db.open().await?;
        let tmp = args.output.with_extension("partial");
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&tmp)
                .map_err(|e| Failure::Input(format!("无法创建 {}：{e}", tmp.display())))?,
        );
        let summary = store.backup(&mut file).await.map_err(store_error)?;
        std::io::Write::flush(&mut file).map_err(|e| Failure::Output(e.into()))?;
        drop(file);
        std::fs::rename(&tmp, &args.output).map_err(|e| Failure::Output(e.into()))?;
        println!(
            "已备份到 {}：{} 张表，共 {} 行",
            args.output.display(),
            summary.tables.len(),
            summary.rows()
        );
        Ok(Outcome::Done)
    })
}

#[derive(ClapArgs, Debug)]
pub struct RestoreArgs {
    /// 备份文件
    pub input: PathBuf,
    #[command(flatten)]
    pub db: Database,
}

pub fn restore(args: &RestoreArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(async {
        let file = std::fs::File::open(&args.input)
            .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", args.input.display())))?;
        let store = args.db.open().await?;
        let summary = store
            .restore(&mut std::io::BufReader::new(file))
            .await
            .map_err(store_error)?;
        println!(
            "已从 {} 恢复：{} 张表，共 {} 行",
            args.input.display(),
            summary.tables.len(),
            summary.rows()
        );
        Ok(Outcome::Done)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:secret@db.local/junheng"),
            "postgres://app:***@db.local/junheng"
        );
        assert_eq!(redact("sqlite://junheng.db"), "sqlite://junheng.db");
    }

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
