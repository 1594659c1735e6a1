//! `junheng labour records import|list`: a class's labour records, through
//! `junheng_app::labour` (the class named by `--school` and `--class`; the engine's checks
//! decide). Children are named by their id and 学籍号 is never printed.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::labour::import::import_records;
use junheng_app::labour::records::{seat, week};
use junheng_app::pairings::Caller;
use junheng_core::school::SchoolCode;
use junheng_io::labour::records::{read, write_template};
use junheng_labour::calendar::Day;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::students::KeyArgs;
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum RecordsAction {
    /// 导入一个班的劳动记录（按学籍号；全部写入或全部不写入）
    Import(ImportArgs),
    /// 列出一个班某周的劳动记录、状态与抽查
    List(ListArgs),
    /// 写出劳动记录模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ClassArgs {
    /// 学校标识码
    #[arg(long)]
    pub school: String,
    /// 班级，如 3年级1班
    #[arg(long)]
    pub class: String,
    /// 今天（YYYY-MM-DD，默认北京时间今天）：记录不得晚于这一天
    #[arg(long)]
    pub today: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub class: ClassArgs,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub class: ClassArgs,
    /// 该周中的任一天（默认今天）
    #[arg(long)]
    pub week: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

pub fn run(action: &RecordsAction) -> Result<Outcome, Failure> {
    match action {
        RecordsAction::Import(a) => import_file(a),
        RecordsAction::List(a) => list(a),
        RecordsAction::Template { output } => crate::rotation::template(output, write_template),
    }
}

fn day_of(text: Option<&str>) -> Result<Day, Failure> {
    let text = crate::students::today(text)?;
    Day::parse(&text).ok_or_else(|| Failure::Input(format!("日期“{text}”应写作 YYYY-MM-DD")))
}

fn school_of(text: &str) -> Result<SchoolCode, Failure> {
    SchoolCode::parse(text.trim())
        .map_err(|_| Failure::Input(format!("学校标识码“{text}”应为 10 位数字")))
}

fn import_file(args: &ImportArgs) -> Result<Outcome, Failure> {
    let c = &args.class;
    let school = school_of(&c.school)?;
    let keys = c.keys.require()?;
    let today = day_of(c.today.as_deref())?;
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = read(&bytes, &name).map_err(|f| Failure::Input(format!("未写入任何记录：\n{f}")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let settings = args.class.settings.load()?;
    runtime()?.block_on(c.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let op = Caller::Operator(&actor);
        let seat = seat(data, &op, Some(&school), Some(&c.class))
            .await
            .map_err(refused)?;
        let ids = import_records(
            data,
            &op,
            &seat,
            &file,
            &sha256,
            junheng_app::labour::records::Context {
                today,
                required: &settings.checklist.required_groups,
                keys: &keys,
            },
        )
        .await
        .map_err(refused)?;
        println!(
            "已导入 {} {} 的劳动记录 {} 条（{}）",
            school,
            seat.label,
            ids.len(),
            name
        );
        Ok(Outcome::Done)
    }))
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let c = &args.class;
    let school = school_of(&c.school)?;
    let keys = c.keys.require()?;
    let at = day_of(args.week.as_deref().or(c.today.as_deref()))?;
    let settings = args.class.settings.load()?;
    runtime()?.block_on(c.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let seat = seat(data, &op, Some(&school), Some(&c.class))
            .await
            .map_err(refused)?;
        let w = week(
            data,
            &seat,
            at,
            &keys,
            settings.passport.spot_check_per_mille,
            &settings.checklist.required_groups,
        )
        .await
        .map_err(refused)?;
        if args.json {
            return crate::text::print_json(&serde_json::json!({
                "class": seat.label, "span": w.span, "entries": w.entries, "spot": w.spot
            }));
        }
        println!(
            "{} {} {}–{} 劳动记录",
            school, seat.label, w.span.first, w.span.last
        );
        println!("记录\t学生\t日期\t项目\t分钟\t报告人\t状态\t抽查");
        for e in &w.entries {
            let r = &e.record;
            let sampled = if w.spot.chosen.contains(&r.id) {
                "抽查"
            } else {
                ""
            };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{sampled}",
                r.id, r.student, r.day, r.item, r.minutes, r.reporter, e.status
            );
        }
        println!(
            "本周家庭劳动记录 {} 条，抽查 {} 条",
            w.spot.population,
            w.spot.chosen.len()
        );
        Ok(Outcome::Done)
    }))
}
