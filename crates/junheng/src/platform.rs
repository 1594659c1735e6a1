//! The commands of the platform: `serve`, `import`, `backup`, `restore` (users and tokens are in
//! `accounts.rs`). Each opens the database (SQLite by default, PostgreSQL by URL), does one
//! thing, leaves a line in the audit log for every write, and closes the database through
//! [`Database::with_store`], so that an SQLite file is complete without its `-wal` file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use junheng_server::{Application, Config};
use junheng_store::{Actor, District, DistrictStore, ImportSource, Store, StoreError};

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

    /// Opens the database, runs `work` on it and closes it with
    /// [`Store::checkpoint_and_close`] whether `work` succeeded or not: on SQLite every write is
    /// then in the database file itself, none only in its `-wal` file.
    pub async fn with_store<T>(
        &self,
        work: impl AsyncFnOnce(&Store) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let store = self.open().await?;
        let result = work(&store).await;
        let closed = store.checkpoint_and_close().await;
        finish(result, closed)
    }
}

/// A district's data in the database: `--district` names it, needed only when the database
/// holds more than one (a laptop's one district is found, and created when there is none).
#[derive(ClapArgs, Debug, Clone)]
pub struct DistrictDatabase {
    #[command(flatten)]
    pub db: Database,
    /// 区县代码（6 位行政区划代码或市里指定的代码）；数据库中有多个区县时必填，可用 junheng district list 查看
    #[arg(long, value_name = "CODE")]
    pub district: Option<String>,
}

impl DistrictDatabase {
    /// Opens the database, finds the district and runs `work` on it; closes the database as
    /// [`Database::with_store`] does.
    pub async fn with_district<T>(
        &self,
        work: impl AsyncFnOnce(&Store, &District, &DistrictStore) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.db
            .with_store(async |store| {
                let district = store
                    .district_for(self.district.as_deref())
                    .await
                    .map_err(store_error)?;
                let data = store.in_district(district.id);
                work(store, &district, &data).await
            })
            .await
    }
}

/// What a command returns once its database is closed: its own failure first; a failed close
/// after a success says the writes are stored but the file is not complete by itself.
pub fn finish<T>(result: Result<T, Failure>, closed: Result<(), StoreError>) -> Result<T, Failure> {
    match (result, closed) {
        (Err(failure), _) => Err(failure),
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(Failure::Output(anyhow::anyhow!(
            "数据已写入数据库，但关闭数据库时未能把预写日志（-wal 文件）并入数据库文件：{e}；\
             复制数据库时请连同同名的 -wal 文件一起复制"
        ))),
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

/// `junheng serve`: settings come in layers — defaults, the `--config` TOML file, `JUNHENG_*`
/// environment variables, then these flags (see `junheng_server::config`).
#[derive(ClapArgs, Debug)]
pub struct ServeArgs {
    /// 设置文件（TOML）；各项也可用 JUNHENG_* 环境变量设置，命令行参数优先
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// 数据库：sqlite://文件路径（默认 junheng.db），或 postgres://用户@主机/库（密码用环境变量 JUNHENG_DATABASE_PASSWORD 或设置项 database_password_file，不要写在命令行）
    #[arg(long)]
    pub database: Option<String>,
    /// 监听地址（默认 127.0.0.1:8080）
    #[arg(long)]
    pub bind: Option<SocketAddr>,
    /// 通过 HTTPS 反向代理访问时设置：Cookie 加 Secure 标记
    #[arg(long)]
    pub secure_cookies: bool,
    /// 受信任的反向代理（CIDR，可多次指定）：只采信来自这些地址的 X-Forwarded-For
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    pub trusted_proxies: Vec<junheng_server::config::IpNet>,
    /// 反向代理之后对外的网址，例如 https://jy.example.cn（表单来源检查用）
    #[arg(long)]
    pub public_origin: Option<String>,
    /// 上传文件的大小上限（MB，默认 64）
    #[arg(long)]
    pub max_upload_mb: Option<usize>,
}

pub fn serve(args: &ServeArgs) -> Result<Outcome, Failure> {
    init_logs();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let flags = junheng_server::config::Flags {
        database: args.database.clone(),
        bind: args.bind,
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trusted_proxies.clone(),
        public_origin: args.public_origin.clone(),
        max_upload_mb: args.max_upload_mb,
    };
    let loaded = junheng_server::config::Settings::load(args.config.as_deref(), &env, &flags)
        .map_err(|e| Failure::Input(e.to_string()))?;
    runtime()?.block_on(async {
        let db = Database {
            database: loaded.database_url.clone(),
        };
        let store = db.open().await?;
        run_server(store, loaded.config, None).await
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

/// Serves `store` until Ctrl-C or SIGTERM, then closes it with [`Store::checkpoint_and_close`].
pub(crate) async fn run_server(
    store: Store,
    config: Config,
    login: Option<(&str, &str)>,
) -> Result<Outcome, Failure> {
    let result = serve_until_stopped(store.clone(), config, login).await;
    let closed = store.checkpoint_and_close().await;
    finish(result, closed)
}

async fn serve_until_stopped(
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
    pub db: DistrictDatabase,
    /// 只导入这一学年（文件含多个学年时）
    #[arg(long)]
    pub year: Option<i32>,
    /// 记录在审计日志中的操作人（不超过 64 个字符）
    #[arg(long, default_value = "system")]
    pub actor: String,
    #[command(flatten)]
    pub versions: crate::versions::VersionArgs,
}

/// Validates like `evaluate` and stores each year as a new version: every year of the file in
/// one transaction, all or nothing; compared with the current version first (removals of 5 %
/// or more, or of a whole school, need `--confirm-removals`).
pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let records = read_file(&args.file)?;
    let records = match args.year {
        Some(_) => select_year(records, args.year, &args.file)?,
        None => records,
    };
    let bytes = crate::read_input(&args.file)?;
    let source = ImportSource::new(file_name(&args.file), &bytes, "");
    let actor = Actor::new(args.actor.as_str());
    let options = args.versions.options();
    runtime()?.block_on(args.db.with_district(async |_, district, data| {
        let compared = junheng_app::statistics::compare(data, &records, None, &options)
            .await
            .map_err(store_error)?;
        let stored =
            junheng_app::statistics::import(data, &records, None, &source, &options, &actor)
                .await
                .map_err(store_error)?;
        for (info, (_, cmp)) in stored.iter().zip(&compared) {
            println!(
                "已导入{} {} 学年：{} 所学校，第 {} 版",
                district.name, info.year, info.rows, info.version
            );
            println!("{}", crate::versions::changes(cmp, "所学校"));
        }
        Ok(Outcome::Done)
    }))
}

#[derive(ClapArgs, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: Database,
    /// 只备份这个区县的数据（其用户、令牌、审计记录和全部业务数据）；不填则备份整个数据库
    #[arg(long, value_name = "CODE")]
    pub district: Option<String>,
    /// 备份文件（JSON Lines，可在 SQLite 与 PostgreSQL 之间恢复）
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn backup(args: &BackupArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_store(async |store| {
        let district = match &args.district {
            Some(code) => Some(store.district_for(Some(code)).await.map_err(store_error)?),
            None => None,
        };
        let tmp = args.output.with_extension("partial");
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&tmp)
                .map_err(|e| Failure::Input(format!("无法创建 {}：{e}", tmp.display())))?,
        );
        let summary = store
            .backup(&mut file, district.as_ref())
            .await
            .map_err(store_error)?;
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
    }))
}

#[derive(ClapArgs, Debug)]
pub struct RestoreArgs {
    /// 备份文件
    pub input: PathBuf,
    #[command(flatten)]
    pub db: Database,
    /// 把这个区县的备份（backup --district 生成）恢复到已有其他区县的数据库中；不填则恢复整库备份到空数据库
    #[arg(long, value_name = "CODE")]
    pub district: Option<String>,
}

pub fn restore(args: &RestoreArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(async {
        let file = std::fs::File::open(&args.input)
            .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", args.input.display())))?;
        let summary = args
            .db
            .with_store(async |store| {
                store
                    .restore(&mut std::io::BufReader::new(file), args.district.as_deref())
                    .await
                    .map_err(store_error)
            })
            .await?;
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
}
