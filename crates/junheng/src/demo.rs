//! `junheng demo`: a realistic synthetic district, evaluated or written to a file, or served
//! from a fresh database with three years of statistics, rosters and a rotation ledger.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use junheng_core::demo::{DemoSpec, generate, generate_years};
use junheng_core::evaluate::evaluate;

use crate::evaluate::{Format, load_rulebook, write};
use crate::platform::{finish, store_error};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// 演示数据库文件（每次启动重新生成）
    #[arg(long, default_value = "junheng-demo.db")]
    pub db_file: PathBuf,
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// 演示一个市：约十二个区县（各 60–250 所学校、三个学年、创建阶段），以市级账号登录
    #[arg(long)]
    pub city: bool,
    /// 演示市的区县数
    #[arg(long, default_value_t = 12, requires = "city", value_parser = clap::value_parser!(u32).range(1..=200))]
    pub districts: u32,
    /// 演示市每个区县的学校数（不给时各区县 60–250 所不等）
    #[arg(long, requires = "city", value_parser = clap::value_parser!(u32).range(1..=5000))]
    pub city_schools: Option<u32>,
    /// 只生成演示市、不启动服务（用于基准测试）
    #[arg(long, requires = "city")]
    pub build_only: bool,
    /// 把演示市写入此数据库（如 postgres://…，须为空库）；不给时写入 --db-file
    #[arg(long, requires = "city")]
    pub database: Option<String>,
}

#[derive(ClapArgs, Debug, Clone)]
pub struct SpecArgs {
    /// 学校数
    #[arg(long, default_value_t = 160, value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
    pub schools: u32,
    /// 随机种子：同一种子总是生成同一个区县
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// 学年
    #[arg(long, default_value_t = 2024, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
}

impl SpecArgs {
    fn spec(&self) -> DemoSpec {
        DemoSpec {
            schools: self.schools as usize,
            seed: self.seed,
            year: self.year,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// 在终端打印演示区县的完整评估报告（不启动服务）
    Report {
        #[command(flatten)]
        spec: SpecArgs,
        /// 评估规则：内置 id 或规则文件路径
        #[arg(long, default_value = "cn-2017")]
        rulebook: String,
    },
    /// 生成演示区县的学校基本情况表（按扩展名写 .csv 或 .xlsx）
    Generate {
        #[command(flatten)]
        spec: SpecArgs,
        /// 输出文件：.csv 或 .xlsx
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    match &args.action {
        Some(Action::Generate { spec, output }) => {
            generate_file(&spec.spec(), output).map_err(Failure::Output)?;
            Ok(Outcome::Done)
        }
        None if args.city => serve_city(args),
        None => serve(args),
        Some(Action::Report { spec, rulebook }) => {
            let rulebook = load_rulebook(rulebook)?;
            let spec = spec.spec();
            let records = generate(&spec);
            let evaluation =
                evaluate(&records, &rulebook).map_err(|e| Failure::Input(e.to_string()))?;
            let source = format!(
                "演示区县（{} 所学校，种子 {}，由 junheng demo 生成）",
                spec.schools, spec.seed
            );
            write(&evaluation, Format::Table, None, &source).map_err(Failure::Output)?;
            Ok(Outcome::Done)
        }
    }
}

/// Generates three school years of a demo district into a fresh database, adds demo accounts
/// with random passwords, and serves it.
fn serve(args: &Args) -> Result<Outcome, Failure> {
    crate::platform::init_logs();
    remove_database(&args.db_file);
    let records = generate_years(&args.spec.spec(), 3);
    let url = format!("sqlite://{}", args.db_file.display());
    crate::platform::runtime()?.block_on(async {
        let store = junheng_store::Store::open(&url)
            .await
            .map_err(store_error)?;
        let password = match fill(&store, args, &records).await {
            Ok(password) => password,
            Err(failure) => {
                let closed = store.checkpoint_and_close().await;
                return finish(Err(failure), closed);
            }
        };
        println!(
            "演示区县：{} 所学校，2022–2024 三个学年（学校统计、教师花名册、交流轮岗台账），数据库 {}",
            args.spec.schools,
            args.db_file.display()
        );
        let latest = records.iter().map(|r| r.year).max().unwrap_or(args.spec.year);
        println!(
            "试一试交流轮岗方案：junheng plan rotation --year {latest} --database sqlite://{}",
            args.db_file.display()
        );
        let config = junheng_server::Config {
            bind: args.bind,
            ..junheng_server::Config::default()
        };
        crate::platform::run_server(store, config, Some(("admin", &password))).await
    })
}

/// Builds the demo city into a fresh database (the SQLite file, or `--database`) and serves it
/// with a 市级 login, unless `--build-only`.
fn serve_city(args: &Args) -> Result<Outcome, Failure> {
    crate::platform::init_logs();
    let url = match &args.database {
        Some(url) => url.clone(),
        None => {
            remove_database(&args.db_file);
            format!("sqlite://{}", args.db_file.display())
        }
    };
    let spec = crate::demo_city::CitySpec {
        districts: args.districts as usize,
        schools: args.city_schools.map(|n| n as usize),
        year: args.spec.year,
        seed: args.spec.seed,
    };
    crate::platform::runtime()?.block_on(async {
        let store = junheng_store::Store::open(&url)
            .await
            .map_err(store_error)?;
        if !store.districts().await.map_err(store_error)?.is_empty() {
            let closed = store.checkpoint_and_close().await;
            return finish(
                Err(Failure::Input(
                    "演示市须写入空数据库：该数据库已有区县".into(),
                )),
                closed,
            );
        }
        println!(
            "正在生成演示市 {}：{} 个区县，{}–{} 三个学年……",
            crate::demo_city::CITY.1,
            spec.districts,
            spec.year - 2,
            spec.year
        );
        let started = std::time::Instant::now();
        let logins = match crate::demo_city::build(&store, &spec).await {
            Ok(l) => l,
            Err(failure) => {
                let closed = store.checkpoint_and_close().await;
                return finish(Err(failure), closed);
            }
        };
        println!("已生成，用时 {:.1} 秒。", started.elapsed().as_secs_f64());
        println!(
            "区县管理员（{}）：{}　密码：{}",
            logins.admin.2, logins.admin.0, logins.admin.1
        );
        if args.build_only {
            println!("市级账号：{}　密码：{}", logins.city.0, logins.city.1);
            let closed = store.checkpoint_and_close().await;
            return finish(Ok(Outcome::Done), closed);
        }
        let config = junheng_server::Config {
            bind: args.bind,
            ..junheng_server::Config::default()
        };
        let city = (logins.city.0.as_str(), logins.city.1.as_str());
        crate::platform::run_server(store, config, Some(city)).await
    })
}

/// Removes a demo database file and its journal files.
fn remove_database(file: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = file.to_path_buf().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

/// Writes the demo district into `store` (statistics, rosters, ledger, an administrator) and
/// checkpoints it, so the database file is complete while it is served; returns the
/// administrator's password.
async fn fill(
    store: &junheng_store::Store,
    args: &Args,
    records: &[junheng_core::school::SchoolRecord],
) -> Result<String, Failure> {
    let system = junheng_store::Actor::system();
    let district = store.only_district().await.map_err(store_error)?;
    let data = store.in_district(district.id);
    let source = junheng_store::ImportSource::new(
        "演示区县.xlsx",
        format!("demo {}", args.spec.seed).as_bytes(),
        "junheng demo 生成",
    );
    junheng_app::statistics::import(&data, records, None, &source, &system)
        .await
        .map_err(store_error)?;
    seed_rotation(&data, records, args.spec.seed, &system).await?;
    let outline = junheng_core::demo::boundary(args.spec.seed);
    let outline = junheng_io::geojson::write_shape(&outline.district);
    junheng_app::map::set_boundary(
        &data,
        outline.as_bytes(),
        None,
        "演示区县边界.geojson",
        &system,
    )
    .await
    .map_err(store_error)?;
    let password = junheng_server::new_secret()[..12].to_owned();
    let hash = junheng_server::hash_password(&password)
        .map_err(|e| Failure::Output(anyhow::anyhow!(e)))?;
    let admin = junheng_store::NewUser {
        name: "admin".into(),
        display_name: "演示管理员".into(),
        role: junheng_store::Role::Admin,
        scope: junheng_store::Scope::District,
        district: Some(district.id),
        password_hash: hash,
    };
    store
        .create_user(&admin, &system)
        .await
        .map_err(store_error)?;
    store.checkpoint().await.map_err(store_error)?;
    Ok(password)
}

/// Share of the eligible teachers the demo ledger rotates in each earlier year.
const DEMO_LEDGER_SHARE: f64 = 0.06;

/// Seeds the roster of every demo year (reconciling exactly with the statistics) and a ledger
/// over the years before the latest, through the store like any upload; returns the number of
/// roster rows (teachers of all years) and of moves.
pub(crate) async fn seed_rotation(
    store: &junheng_store::DistrictStore,
    records: &[junheng_core::school::SchoolRecord],
    seed: u64,
    actor: &junheng_store::Actor,
) -> Result<(usize, usize), Failure> {
    let roster = junheng_rotation::synth::roster(records, seed);
    let teachers = roster.len();
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    junheng_app::rotation::import_roster(store, roster.clone(), actor)
        .await
        .map_err(store_error)?;
    let earlier = &years[..years.len().saturating_sub(1)];
    let ledger =
        junheng_rotation::synth::ledger(records, &roster, earlier, DEMO_LEDGER_SHARE, seed);
    if !ledger.is_empty() {
        junheng_app::rotation::import_ledger(store, &ledger, actor, Some("junheng demo 生成"))
            .await
            .map_err(store_error)?;
    }
    Ok((teachers, ledger.len()))
}

fn generate_file(spec: &DemoSpec, output: &std::path::Path) -> anyhow::Result<()> {
    let records = generate(spec);
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => {
            let file = std::fs::File::create(output)
                .with_context(|| format!("无法创建 {}", output.display()))?;
            let mut out = std::io::BufWriter::new(file);
            junheng_io::school::write_csv(&records, &mut out)?;
            std::io::Write::flush(&mut out)?;
        }
        Some("xlsx") => junheng_io::school::write_xlsx(&records, output)
            .with_context(|| format!("无法写入 {}", output.display()))?,
        _ => anyhow::bail!("输出文件 {} 的扩展名应为 .csv 或 .xlsx", output.display()),
    }
    eprintln!(
        "已生成演示区县：{} 所学校 → {}",
        records.len(),
        output.display()
    );
    Ok(())
}
