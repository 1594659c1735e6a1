//! `junheng training import|withdraw|template|status|budgets|add|teacher` (继续教育): the training
//! ledger and budgets, the rates with 政府保障 item 9 and 教育质量 item 4, one record entered and one
//! teacher's progress (`training_entry.rs`), through the same operations as the web pages
//! (`junheng_app::teachers::training`). The command line's operator holds the
//! database: every write is allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::teachers::training::{TrainingStatus, import, set_budgets, status, withdraw};
use junheng_core::school::school_year;
use junheng_io::teachers::training::{read_budgets, read_training};
use junheng_teachers::training::{Day, Level, RateGroup, TrainingRules, Verdict};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum TrainingAction {
    /// 导入培训台账（全部写入或全部不写入；教师须在该学年花名册中；已有的记录不重复计算）
    Import(ImportArgs),
    /// 撤回一批培训记录（导入的文件或页面录入的一条），须加 --confirm
    Withdraw(WithdrawArgs),
    /// 写出培训台账（或 --budgets 培训经费）的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
        /// 写出培训经费模板
        #[arg(long)]
        budgets: bool,
    },
    /// 继续教育完成率、进度落后的教师、政府保障第 9 项（5 年 360 学时）与教育质量第 4 项（培训经费 ≥ 5%）；两项都达标时退出码 0，否则 1
    Status(StatusArgs),
    /// 导入各校培训经费（公用经费预算及其中教师培训经费）
    Budgets(BudgetArgs),
    /// 录入一条培训记录（与台账文件一行的规则相同；教师须在该学年花名册中；已有的记录不重复录入）
    Add(AddArgs),
    /// 一位教师的继续教育：当前周期与上一周期的进度（已完成、应达、要求、是否落后）及全部培训记录（查看记入审计日志）
    Teacher(TeacherArgs),
}

#[derive(ClapArgs, Debug)]
pub struct AddArgs {
    /// 核对教师编号所用花名册的学年，例如 2025 表示 2025–2026 学年
    #[arg(long)]
    pub year: i32,
    /// 教师编号（须在该学年的花名册中；不要填身份证号）
    #[arg(long)]
    pub teacher: String,
    /// 培训项目（课程）名称，最多 100 个字
    #[arg(long)]
    pub course: String,
    /// 培训级别：国培、市培、区培、校培（或 国、市、区、校）
    #[arg(long)]
    pub level: String,
    /// 培训开始日期 YYYY-MM-DD
    #[arg(long)]
    pub start: String,
    /// 培训结束日期 YYYY-MM-DD，不早于开始日期；记录计入结束日期所在的周期
    #[arg(long)]
    pub end: String,
    /// 学时：大于 0、不超过 360 的数，最多两位小数
    #[arg(long)]
    pub hours: String,
    /// 结业证书编号（没有可不填）
    #[arg(long)]
    pub certificate: Option<String>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct TeacherArgs {
    /// 教师编号
    pub teacher: String,
    /// 计算进度的日期 YYYY-MM-DD（默认：今天）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 培训台账（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 核对教师编号所用花名册的学年，例如 2025 表示 2025–2026 学年
    #[arg(long)]
    pub year: i32,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 批次编号（status --json 的 batches 中的 id）
    pub batch: i64,
    /// 确认撤回（删除这一批的全部记录）
    #[arg(long)]
    pub confirm: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct StatusArgs {
    /// 评估周期中的任一年（默认：上一个已结束的周期）
    #[arg(long)]
    pub cycle: Option<i32>,
    /// 培训经费的预算年度（默认：今年）
    #[arg(long)]
    pub budget_year: Option<i32>,
    /// 计算进度的日期 YYYY-MM-DD（默认：今天）
    #[arg(long)]
    pub as_of: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct BudgetArgs {
    /// 培训经费表（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 已填报的学校和年度替换为新值
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &TrainingAction) -> Result<Outcome, Failure> {
    match action {
        TrainingAction::Import(args) => import_file(args),
        TrainingAction::Withdraw(args) => withdraw_batch(args),
        TrainingAction::Template { output, budgets } => crate::rotation::template(
            output,
            if *budgets {
                junheng_io::teachers::training::write_budget_template
            } else {
                junheng_io::teachers::training::write_template
            },
        ),
        TrainingAction::Status(args) => show(args),
        TrainingAction::Budgets(args) => budgets(args),
        TrainingAction::Add(args) => super::training_entry::add(args),
        TrainingAction::Teacher(args) => super::training_entry::teacher(args),
    }
}

/// Today in Beijing (as every other command counts days), or the date given.
pub(crate) fn as_of(text: Option<&str>) -> Result<Day, Failure> {
    let text = text.map_or_else(junheng_app::tasks::beijing_today, str::to_owned);
    Day::parse(&text).ok_or_else(|| Failure::Input(format!("日期“{text}”应写作 YYYY-MM-DD")))
}

fn import_file(args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = read_training(&bytes, &name)
        .map_err(|f| Failure::Input(format!("未写入任何记录：\n{f}")))?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = import(data, &Caller::Operator(&actor), args.year, &file, &bytes)
            .await
            .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        match done.batch {
            Some(b) => println!(
                "已导入{}的培训台账 {name}（批次 {}）：新增 {} 条，已有 {} 条未重复计算",
                district.name, b.id, b.records, b.skipped
            ),
            None => println!(
                "{name} 的 {} 条培训记录都已在台账中，未写入任何记录",
                done.read
            ),
        }
        Ok(Outcome::Done)
    }))
}

fn withdraw_batch(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let gone = withdraw(data, &Caller::Operator(&actor), args.batch, args.confirm)
            .await
            .map_err(refused)?;
        println!(
            "已撤回{}的培训记录批次 {}（{}，{} 条）",
            district.name, gone.id, gone.file_name, gone.records
        );
        Ok(Outcome::Done)
    }))
}

fn budgets(args: &BudgetArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = read_budgets(&bytes, &name)
        .map_err(|f| Failure::Input(format!("未写入任何记录：\n{f}")))?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let n = set_budgets(data, &Caller::Operator(&actor), &file.budgets, args.replace)
            .await
            .map_err(refused)?;
        println!("已保存{}的 {n} 条培训经费（{name}）", district.name);
        Ok(Outcome::Done)
    }))
}

pub(super) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

fn print_group(label: &str, g: &RateGroup) {
    let levels: Vec<String> = Level::ALL
        .iter()
        .zip(g.by_level)
        .map(|(l, h)| format!("{}{h}", l.label()))
        .collect();
    println!(
        "{label}\t{}/{}\t{}\t{}/{}\t{}\t{}",
        g.completed,
        g.assessed,
        percent(g.completion_rate),
        g.on_track,
        g.current,
        percent(g.on_track_rate),
        levels.join(" ")
    );
}

fn print(district: &str, s: &TrainingStatus) {
    let r = &s.rates;
    println!(
        "{district} 继续教育（{} 为止；评估周期 {}，当前周期 {}；台账 {} 条）",
        s.as_of,
        r.cycle.label(),
        r.current.label(),
        s.records
    );
    match s.roster_year {
        Some(y) => println!("当前教师：{} 学年花名册", school_year(y)),
        None => println!("当前教师：未接入（尚无教师花名册）"),
    }
    println!("学校/城乡\t完成/应完成\t完成率\t进度正常/当前\t进度正常率\t各级学时");
    for g in &r.schools {
        let code = junheng_core::school::SchoolCode::parse(&g.key).ok();
        print_group(&code.map_or(g.key.clone(), |c| s.name(&c)), g);
    }
    for g in &r.urban {
        print_group(&g.key, g);
    }
    print_group("全区", &r.district);
    let i9 = &r.item9;
    println!(
        "政府保障第 9 项（{} 周期 5 年 {} 学时完成率 100%）：{}（{}/{}，{}{}）",
        i9.cycle.label(),
        s.rules.required,
        i9.verdict.label(),
        i9.completed,
        i9.assessed,
        percent(i9.rate),
        if i9.ended {
            ""
        } else {
            "，周期尚未结束"
        }
    );
    let i4 = &s.item4;
    println!(
        "教育质量第 4 项（{} 年各校教师培训经费 ≥ 公用经费预算的 {}%）：{}",
        i4.year,
        i4.percent,
        i4.verdict.label()
    );
    for l in i4.failing() {
        match &l.budget {
            Some(b) => println!(
                "  {}\t{}\t培训经费 {} 元 / 公用经费 {} 元 = {}",
                l.school,
                s.name(&l.school),
                b.training,
                b.public_funds,
                percent(l.share)
            ),
            None => println!("  {}\t{}\t未填报", l.school, s.name(&l.school)),
        }
    }
    let behind: Vec<_> = r.behind().collect();
    println!(
        "进度落后的教师（{} 周期）：{} 人",
        r.current.label(),
        behind.len()
    );
    for p in behind {
        println!(
            "  {}\t{}\t已完成 {} 学时\t应达 {} 学时\t要求 {} 学时",
            p.teacher,
            s.name(&p.school),
            p.done,
            p.expected,
            p.required
        );
    }
}

fn show(args: &StatusArgs) -> Result<Outcome, Failure> {
    let day = as_of(args.as_of.as_deref())?;
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let rules = TrainingRules::default();
        let s = status(data, None, &rules, args.cycle, args.budget_year, day)
            .await
            .map_err(crate::platform::store_error)?;
        if args.json {
            crate::text::print_json(&s)?;
        } else {
            print(&district.name, &s);
        }
        let met = s.rates.item9.verdict == Verdict::Met && s.item4.verdict == Verdict::Met;
        Ok(if met { Outcome::Pass } else { Outcome::Fail })
    }))
}
