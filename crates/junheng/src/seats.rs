//! `junheng seats sizes|import|withdraw|template` (学位): the 政府保障 size items of a school year
//! and its class table (and `junheng seats zoning …`, [`crate::seats_zoning`]), through the same operations as the web pages
//! (`junheng_app::seats::sizes`). The command line's operator holds the database: every write is
//! allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::seats::sizes::{SizeItems, items};
use junheng_core::school::school_year;
use junheng_core::seats::class_size::{ClassRules, ItemResult};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum SeatsAction {
    /// 某学年音乐美术专用教室、学校规模、班额三项政府保障指标：未达标学校与补足办法、超过标准班额的班级
    Sizes(SizesArgs),
    /// 导入某学年的班级规模表（全部写入或全部不写入；有问题时逐条列出工作表、行、列和值）
    Import(ImportArgs),
    /// 撤回某学年当前的班级规模表（恢复上一次导入的表）
    Withdraw(WithdrawArgs),
    /// 写出班级规模表的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
    /// 划片、就近划片入学与优质高中指标到校：report、import、withdraw、template
    Zoning {
        #[command(subcommand)]
        action: crate::seats_zoning::ZoningAction,
    },
}

#[derive(ClapArgs, Debug)]
pub struct SizesArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 班级规模表（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 学年，例如 2024 表示 2024–2025 学年
    #[arg(long)]
    pub year: i32,
    /// 该学年已有班级规模表时替换它（替换后可用 withdraw 撤回）
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 学年
    #[arg(long)]
    pub year: i32,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &SeatsAction) -> Result<Outcome, Failure> {
    match action {
        SeatsAction::Sizes(args) => sizes(args),
        SeatsAction::Import(args) => import(args),
        SeatsAction::Withdraw(args) => withdraw(args),
        SeatsAction::Template { output } => {
            crate::rotation::template(output, junheng_io::seats::classes::write_template)
        }
        SeatsAction::Zoning { action } => crate::seats_zoning::run(action),
    }
}

fn print_item(title: &str, item: &ItemResult) {
    let verdict = if item.met() { "达标" } else { "未达标" };
    println!(
        "{title}：{verdict}（评估 {} 所，未达标 {} 所）",
        item.assessed,
        item.failing.len()
    );
    for f in &item.failing {
        println!("  {}\t{}\t{}", f.code, f.name, f.remedy);
    }
}

fn print(district: &str, s: &SizeItems) {
    println!(
        "{district} {} 学年 学校规模、班额与专用教室",
        school_year(s.year)
    );
    print_item("音乐、美术专用教室", &s.rooms);
    print_item("学校规模", &s.school_size);
    let Some(c) = &s.class_size else {
        println!("班额：未接入（该学年没有班级规模表，学籍系统中也没有班级）");
        return;
    };
    print_item("班额", &c.item);
    println!(
        "  来源：{}；共 {} 个班，超过标准班额 {} 个，大班额 {} 个，超大班额 {} 个",
        c.source.label(),
        c.counts.classes,
        c.counts.over_limit,
        c.counts.large,
        c.counts.very_large
    );
    if !c.large.is_empty() {
        println!("学校标识码\t学校名称\t年级\t班级\t学生数\t标准班额\t类别");
        for l in &c.large {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                l.school,
                l.school_name,
                l.grade,
                l.class,
                l.pupils,
                l.limit,
                l.band_label()
            );
        }
    }
}

/// `year`, or the newest year with statistics.
pub(crate) async fn year_or_latest(
    data: &junheng_store::DistrictStore,
    district: &junheng_store::District,
    year: Option<i32>,
) -> Result<i32, Failure> {
    match year {
        Some(y) => Ok(y),
        None => data
            .years()
            .await
            .map_err(crate::platform::store_error)?
            .iter()
            .map(|y| y.year)
            .max()
            .ok_or_else(|| Failure::Input(format!("{}还没有学校统计数据", district.name))),
    }
}

fn sizes(args: &SizesArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = year_or_latest(data, district, args.year).await?;
        let found = items(data, year, &ClassRules::default())
            .await
            .map_err(crate::platform::store_error)?;
        if args.json {
            return crate::text::print_json(&found);
        }
        print(&district.name, &found);
        Ok(Outcome::Done)
    }))
}

fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = junheng_app::seats::sizes::read(&bytes, &name, &crate::limits()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::seats::sizes::import(
            data,
            &Caller::Operator(&actor),
            args.year,
            &file,
            &sha256,
            args.replace,
        )
        .await
        .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{} {} 学年的班级规模表 {}：{} 个班",
            district.name,
            school_year(args.year),
            name,
            done.classes
        );
        Ok(Outcome::Done)
    }))
}

fn withdraw(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let gone = junheng_app::seats::sizes::withdraw(data, &Caller::Operator(&actor), args.year)
            .await
            .map_err(refused)?;
        println!(
            "已撤回{} {} 学年的班级规模表 {}（{} 个班）",
            district.name,
            school_year(args.year),
            gone.file_name,
            gone.classes
        );
        Ok(Outcome::Done)
    }))
}
