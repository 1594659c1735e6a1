//! `junheng demo`: a realistic synthetic district, evaluated or written to a file, or served
//! from a fresh database with three years of statistics, rosters, a rotation ledger, groups with
//! their types and lead schools, and school submissions in every state (approved, returned, waiting).

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
    let (student_keys, keys_dir) = crate::demo_students::fresh_keys(&args.db_file)?;
    crate::platform::runtime()?.block_on(async {
        let store = junheng_store::Store::open(&url)
            .await
            .map_err(store_error)?;
        let password = match fill(&store, args, &records, &student_keys, keys_dir).await {
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
            student_keys: Some(std::sync::Arc::new(student_keys)),
            // The monitoring's level cuts, so that its report shows 素养水平.
            quality: crate::demo_exams::settings(),
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
    student_keys: &junheng_store::StudentKeys,
    keys_dir: std::path::PathBuf,
) -> Result<String, Failure> {
    let system = junheng_store::Actor::system();
    let district = store.only_district().await.map_err(store_error)?;
    let data = store.in_district(district.id);
    let source = junheng_store::ImportSource::new(
        "演示区县.xlsx",
        format!("demo {}", args.spec.seed).as_bytes(),
        "junheng demo 生成",
    );
    junheng_app::statistics::import(&data, records, None, &source, &DEMO, &system)
        .await
        .map_err(store_error)?;
    seed_rotation(&data, records, args.spec.seed, &system).await?;
    seed_groups(&data, records, &system).await?;
    crate::demo_leaders::seed(&data, records, args.spec.seed, &system).await?;
    crate::demo_pairings::seed(&data, records, &system).await?;
    crate::demo_seats::seed(&data, records, args.spec.seed, &system).await?;
    crate::demo_seats_projects::seed(&data, records, &system).await?;
    let seats = crate::demo_seats_forecast::seed(&data, records, args.spec.seed, &system).await?;
    crate::demo_seats_zoning::seed(&data, records, args.spec.seed, &system).await?;
    crate::demo_teachers_posts::seed(&data, records, &system).await?;
    crate::demo_teachers_honours::seed(&data, &system).await?;
    let today = crate::teachers::training::as_of(None)?;
    crate::demo_teachers_training::seed(&data, records, today, &system).await?;
    crate::demo_teachers_studios::seed(&data, records, &system).await?;
    crate::demo_five::seed(&data, records, &system).await?;
    crate::demo_labour::seed(&data, records, &system).await?;
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
    let school = seed_submissions(store, &data, records).await?;
    crate::demo_supervision::seed(store, &data, records).await?;
    let students = crate::demo_students::seed(
        store,
        &data,
        records,
        args.spec.seed,
        student_keys,
        keys_dir,
    )
    .await?;
    let health =
        crate::demo_health::seed(store, &data, &students, args.spec.seed, student_keys).await?;
    let labour =
        crate::demo_labour::seed_term(store, &data, records, student_keys, args.spec.seed, &system)
            .await?;
    let district = store.only_district().await.map_err(store_error)?.id;
    let exams = crate::demo_exams::seed(
        store,
        district,
        &data,
        &students,
        args.spec.seed,
        student_keys,
    )
    .await?;
    // After the exams: the review's quality item reads them.
    crate::demo_reviews::seed(&data, records, &system, student_keys).await?;
    crate::demo_survey::print(
        crate::demo_survey::seed(store, &data, &system)
            .await?
            .as_ref(),
    );
    // Last: the 督导评估 reads what every capability above wrote.
    crate::demo_inspection::seed(
        &data,
        records,
        junheng_core::student::StudentSettings::default().consolidation,
        &system,
    )
    .await?;
    let mut board = Vec::new();
    if let Some(year) = records.iter().map(|r| r.year).max() {
        crate::demo_inspection::seed_path(store, district, year, &system).await?;
        board = crate::demo_board::seed(store, district, &data, year, &students.password, &system)
            .await?;
    }
    store.checkpoint().await.map_err(store_error)?;
    crate::demo_students::print(&students, &args.db_file);
    crate::demo_health::print(&health);
    crate::demo_labour::print(&labour);
    crate::demo_exams::print(&exams);
    if let Some(s) = seats {
        println!(
            "学位预测：{} 的出生人口因新建住宅上升，将在预测期内出现学位缺口（/seats/forecast）",
            s.short_zone
        );
    }
    println!(
        "督导评估：部分指标已认定并附佐证，作业负担待认定，有编不补风险待核实，尚未录入官方社会认可度（/inspection）；创建路径：目标 2028 年，已记录自评（/inspection/path）"
    );
    for (login, what) in &board {
        println!(
            "挂图作战：整改任务已从差距清单生成，区财政局有两项经费任务逾期（/board）；{what}账号：{login}　密码：{}",
            students.password
        );
    }
    if let Some((login, school_password, name)) = school {
        println!("学校账号（{name}，有一份被退回的提交）：{login}　密码：{school_password}");
    }
    Ok(password)
}

/// Records each demo group's type, lead school (牵头校), founding date, status and legal form,
/// and each 学区's head school, as the bureau would.
pub(crate) async fn seed_groups(
    store: &junheng_store::DistrictStore,
    records: &[junheng_core::school::SchoolRecord],
    actor: &junheng_store::Actor,
) -> Result<(), Failure> {
    for g in junheng_core::demo::groups(records) {
        store
            .save_group(&g.name, &group_info(&g), actor)
            .await
            .map_err(store_error)?;
    }
    // Each 学区 with its head school: the zone's largest 小学 (or its first school).
    let latest = records.iter().map(|r| r.year).max().unwrap_or_default();
    let mut zones: Vec<&str> = records.iter().filter_map(|r| r.zone.as_deref()).collect();
    zones.sort_unstable();
    zones.dedup();
    for zone in zones {
        let schools = records
            .iter()
            .filter(|r| r.year == latest && r.zone.as_deref() == Some(zone));
        let head = schools.max_by_key(|r| (r.primary.students, std::cmp::Reverse(r.code.clone())));
        store
            .save_zone(
                zone,
                head.map(|r| &r.code),
                "学区长学校牵头学区内教研、师资交流和资源共享",
                actor,
            )
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

fn group_info(g: &junheng_core::demo::DemoGroup) -> junheng_store::GroupInfo {
    use junheng_store::{GroupStatus, LegalForm};
    junheng_store::GroupInfo {
        kind: g.kind.to_owned(),
        lead_school: Some(g.lead.clone()),
        founded_on: Some(g.founded_on.clone()),
        status: if g.cultivating {
            GroupStatus::Cultivating
        } else {
            GroupStatus::Formal
        },
        legal_form: if g.single_legal_person {
            LegalForm::Single
        } else {
            LegalForm::Multiple
        },
        note: String::new(),
    }
}

/// The demo's school submissions for the latest year (see [`junheng_core::demo::submissions`]):
/// each school that submits gets a school account, its submission is stored and decided through
/// the use-case layer as on the web. Returns the login, password and school name of the school
/// whose submission was returned.
async fn seed_submissions(
    store: &junheng_store::Store,
    data: &junheng_store::DistrictStore,
    records: &[junheng_core::school::SchoolRecord],
) -> Result<Option<(String, String, String)>, Failure> {
    use junheng_app::submissions::{decide, submit};
    use junheng_core::demo::DemoDecision;
    let latest = records.iter().map(|r| r.year).max().unwrap_or_default();
    let rows: Vec<_> = records
        .iter()
        .filter(|r| r.year == latest)
        .cloned()
        .collect();
    let district = store.only_district().await.map_err(store_error)?;
    let reviewer = junheng_store::Actor::new("admin");
    let mut returned = None;
    for s in junheng_core::demo::submissions(&rows) {
        let code = s.record.code.clone();
        let login = format!("school{}", &code.as_str()[5..]);
        let password = junheng_server::new_secret()[..12].to_owned();
        let user = junheng_store::NewUser {
            name: login.clone(),
            display_name: s.record.name.clone(),
            role: junheng_store::Role::School,
            scope: junheng_store::Scope::School(code.clone()),
            district: Some(district.id),
            password_hash: junheng_server::hash_password(&password)
                .map_err(|e| Failure::Output(anyhow::anyhow!(e)))?,
        };
        let system = junheng_store::Actor::system();
        store
            .create_user(&user, &system)
            .await
            .map_err(store_error)?;
        let actor = junheng_store::Actor::new(&login);
        let id = submit(data, &code, std::slice::from_ref(&s.record), &actor)
            .await
            .map_err(store_error)?;
        match s.decision {
            Some(DemoDecision::Approve(note)) => {
                decide(data, id, "approve", note, &reviewer)
                    .await
                    .map_err(store_error)?;
            }
            Some(DemoDecision::Return(reason)) => {
                decide(data, id, "reject", reason, &reviewer)
                    .await
                    .map_err(store_error)?;
                returned = Some((login, password, s.record.name.clone()));
            }
            None => {}
        }
    }
    Ok(returned)
}

/// Share of the eligible teachers the demo ledger rotates in each earlier year.
const DEMO_LEDGER_SHARE: f64 = 0.06;

/// The demo writes a database of its own making: its versions replace nothing anyone entered.
pub(crate) const DEMO: junheng_app::versions::WriteOptions = junheng_app::versions::WriteOptions {
    mode: junheng_app::versions::Mode::Replace,
    confirm_removals: true,
    threshold: junheng_app::versions::DEFAULT_REMOVAL_THRESHOLD,
};

/// One school in this many sees each kind of turnover in the newest demo roster.
const DEMO_CHURN_EVERY: usize = 4;

/// Seeds the roster of every demo year (reconciling exactly with the statistics) and a ledger
/// over the years before the latest, through the store like any upload; returns the number of
/// roster rows (teachers of all years) and of moves.
pub(crate) async fn seed_rotation(
    store: &junheng_store::DistrictStore,
    records: &[junheng_core::school::SchoolRecord],
    seed: u64,
    actor: &junheng_store::Actor,
) -> Result<(usize, usize), Failure> {
    let mut roster = junheng_rotation::synth::roster(records, seed);
    let teachers = roster.len();
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let earlier = &years[..years.len().saturating_sub(1)];
    let ledger =
        junheng_rotation::synth::ledger(records, &roster, earlier, DEMO_LEDGER_SHARE, seed);
    // A year of turnover in the newest roster, so that the 骨干 pipeline shows losses beside
    // gains; the ledger's teachers are left as they are.
    if let Some(&newest) = years.last() {
        let keep = ledger.iter().map(|m| m.teacher.clone()).collect();
        junheng_rotation::synth::churn(&mut roster, newest, DEMO_CHURN_EVERY, &keep);
    }
    junheng_app::rotation::import_roster(store, roster.clone(), "演示花名册.xlsx", &DEMO, actor)
        .await
        .map_err(store_error)?;
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
