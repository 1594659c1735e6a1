//! `junheng seats zoning report|import|withdraw|template` (划片与入学): the catchment map, the
//! 就近入学 and 指标到校 items of a school year and their three files, through the same
//! operations as the web pages (`junheng_app::seats::zoning`). The command line's operator holds
//! the database: every write is allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use junheng_app::pairings::Caller;
use junheng_app::seats::zoning::{ZoningReport, report};
use junheng_core::school::school_year;
use junheng_core::seats::zoning::{NearbyItem, ZoningRules, share, share_text};
use junheng_store::ZoningKind;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

/// Which of the three files.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    /// 划片表
    Catchments,
    /// 新生来源表（只保存按学校和住址汇总的人数）
    Entrants,
    /// 指标到校表
    Quotas,
}

impl Kind {
    fn of(self) -> ZoningKind {
        match self {
            Kind::Catchments => ZoningKind::Catchments,
            Kind::Entrants => ZoningKind::Entrants,
            Kind::Quotas => ZoningKind::Quotas,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ZoningAction {
    /// 某学年的划片范围、就近划片入学比例（小学 100%、初中 ≥ 95%）和优质高中指标到校比例（≥ 50%，向农村初中倾斜）
    Report(ReportArgs),
    /// 导入某学年的划片表、新生来源表或指标到校表（全部写入或全部不写入）
    Import(ImportArgs),
    /// 撤回某学年当前的一份文件（恢复上一次导入的文件）
    Withdraw(WithdrawArgs),
    /// 写出一类文件的空白模板（.xlsx）
    Template {
        /// 文件类别
        #[arg(long, value_enum)]
        kind: Kind,
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ReportArgs {
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
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 文件类别
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// 学年，例如 2024 表示 2024–2025 学年
    #[arg(long)]
    pub year: i32,
    /// 该学年已有这类文件时替换它（替换后可用 withdraw 撤回）
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
    /// 文件类别
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// 学年
    #[arg(long)]
    pub year: i32,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &ZoningAction) -> Result<Outcome, Failure> {
    match action {
        ZoningAction::Report(args) => show(args),
        ZoningAction::Import(args) => import(args),
        ZoningAction::Withdraw(args) => withdraw(args),
        ZoningAction::Template { kind, output } => {
            use junheng_io::seats::zoning as io;
            let write: fn() -> Vec<u8> = match kind {
                Kind::Catchments => io::write_catchments_template,
                Kind::Entrants => io::write_entrants_template,
                Kind::Quotas => io::write_quotas_template,
            };
            crate::rotation::template(output, write)
        }
    }
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "未接入",
    }
}

fn print_nearby(item: &NearbyItem) {
    println!(
        "就近划片入学·{}：{}（{} / {} = {}，标准 ≥ {}%；计入 {} 所学校）",
        item.section.label(),
        verdict(item.met),
        item.nearby,
        item.entrants,
        share_text(item.share()),
        item.min_percent,
        item.schools.len()
    );
    for s in &item.below {
        println!(
            "  {}\t{}\t{} / {}\t{}",
            s.code,
            s.name,
            s.nearby,
            s.entrants,
            share_text(s.share())
        );
    }
}

fn print(district: &str, r: &ZoningReport) {
    println!("{district} {} 学年 划片与入学", school_year(r.year));
    for f in &r.files {
        println!("  {}：{}（{} 行）", f.kind.label(), f.file_name, f.rows);
    }
    match &r.nearby {
        Some(items) => items.iter().for_each(print_nearby),
        None => println!("就近划片入学：未接入（须导入划片表和新生来源表）"),
    }
    match &r.quotas {
        Some(q) => {
            println!(
                "指标到校：{}（{} / {} = {}，标准 ≥ {}%）",
                verdict(q.met),
                q.allotted,
                q.plan,
                share_text(q.share()),
                q.min_percent
            );
            for h in &q.high_schools {
                println!(
                    "  {}\t{} / {}\t{}",
                    h.high_school,
                    h.allotted,
                    h.plan,
                    share_text(h.share())
                );
            }
            for t in &q.tilt {
                println!(
                    "  {}初中 {} 所：毕业生 {}，名额 {}，每百名毕业生 {}",
                    t.category.label(),
                    t.schools,
                    t.graduates,
                    t.quota,
                    share(t.quota * 100, t.graduates).map_or("—".into(), |v| format!("{v:.1}"))
                );
            }
            let tilt = match q.rural_tilt {
                Some(true) => "乡村初中每名毕业生名额不少于城区、镇区",
                Some(false) => "乡村初中每名毕业生名额少于城区、镇区",
                None => "无法比较",
            };
            println!("  向农村初中倾斜：{tilt}");
        }
        None => println!("指标到校：未接入（须导入指标到校表）"),
    }
    if !r.map.is_empty() {
        println!("学段\t地方\t划片方式\t派位学区\t对口学校");
        for m in &r.map {
            let schools: Vec<&str> = m.schools.iter().map(|s| s.name.as_str()).collect();
            println!(
                "{}\t{}\t{}\t{}\t{}",
                m.section.label(),
                m.place,
                m.mode.label(),
                m.lottery_zone.as_deref().unwrap_or(""),
                schools.join("、")
            );
        }
    }
}

fn show(args: &ReportArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = crate::seats::year_or_latest(data, district, args.year).await?;
        let found = report(data, year, &ZoningRules::default())
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
    let kind = args.kind.of();
    let upload =
        junheng_app::seats::zoning::read(kind, &bytes, &name, &crate::limits()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::seats::zoning::import(
            data,
            &Caller::Operator(&actor),
            args.year,
            &upload,
            &sha256,
            args.replace,
        )
        .await
        .map_err(refused)?;
        for w in upload.warnings() {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{} {} 学年的{} {}：{} 行",
            district.name,
            school_year(args.year),
            kind.label(),
            name,
            done.rows
        );
        Ok(Outcome::Done)
    }))
}

fn withdraw(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let kind = args.kind.of();
        let gone =
            junheng_app::seats::zoning::withdraw(data, &Caller::Operator(&actor), args.year, kind)
                .await
                .map_err(refused)?;
        println!(
            "已撤回{} {} 学年的{} {}（{} 行）",
            district.name,
            school_year(args.year),
            kind.label(),
            gone.file_name,
            gone.rows
        );
        Ok(Outcome::Done)
    }))
}
