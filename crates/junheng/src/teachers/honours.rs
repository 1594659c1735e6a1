//! `junheng honours import-awards|import-ethics|import-titles|withdraw|template|list`: teachers'
//! titles (称号), awards and 师德考核 results, through the same operations as `/teachers/honours`
//! (`junheng_app::teachers::honours`). The command line's operator holds the database: every
//! write is allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::teachers::honours::{HonoursPass, import, read, view, withdraw};
use junheng_core::school::school_year;
use junheng_io::teachers::honours::{Kind, write_template};
use junheng_teachers::honours::HonoursSettings;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum HonoursAction {
    /// 导入获奖记录（赛课、精品课、优质课、论文…；全部写入或全部不写入）
    ImportAwards(ImportArgs),
    /// 导入师德考核结果（同一教师同一学年已有结果时须 --replace）
    ImportEthics(ImportArgs),
    /// 导入骨干梯队称号（培养对象、区级、市级、特级/名师/学科带头人）
    ImportTitles(ImportArgs),
    /// 撤回一批记录（师德考核恢复原结果）
    Withdraw(WithdrawArgs),
    /// 写出模板（.xlsx）：awards、ethics 或 titles
    Template {
        /// 模板种类：awards、ethics、titles
        kind: String,
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
    /// 列出某学年各校获奖与师德考核汇总及已导入的批次
    List(ListArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 替换已有的师德考核结果（替换后可用 withdraw 撤回）
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
    /// 批次编号（见 honours list）
    pub id: i64,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 学年（默认：最新的有教师花名册的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

pub fn run(action: &HonoursAction) -> Result<Outcome, Failure> {
    match action {
        HonoursAction::ImportAwards(a) => import_file(Kind::Awards, a),
        HonoursAction::ImportEthics(a) => import_file(Kind::Ethics, a),
        HonoursAction::ImportTitles(a) => import_file(Kind::Titles, a),
        HonoursAction::Withdraw(a) => withdraw_batch(a),
        HonoursAction::Template { kind, output } => {
            let bytes: fn() -> Vec<u8> = match Kind::from_id(kind) {
                Some(Kind::Awards) => || write_template(Kind::Awards, &HonoursSettings::default()),
                Some(Kind::Ethics) => || write_template(Kind::Ethics, &HonoursSettings::default()),
                Some(Kind::Titles) => || write_template(Kind::Titles, &HonoursSettings::default()),
                None => {
                    return Err(Failure::Input(format!(
                        "模板种类“{kind}”应为 awards、ethics 或 titles"
                    )));
                }
            };
            crate::rotation::template(output, bytes)
        }
        HonoursAction::List(a) => list(a),
    }
}

fn import_file(kind: Kind, args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = read(kind, &bytes, &name, &HonoursSettings::default()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = import(
            data,
            &Caller::Operator(&actor),
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
            "已导入{}的{}记录 {}：{} 条（批次 {}）",
            district.name,
            kind.label(),
            name,
            done.records,
            done.id
        );
        Ok(Outcome::Done)
    }))
}

fn withdraw_batch(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let gone = withdraw(data, &Caller::Operator(&actor), args.id)
            .await
            .map_err(refused)?;
        println!(
            "已撤回{}的批次 {}（{}，{} 条）",
            district.name, gone.id, gone.file_name, gone.records
        );
        Ok(Outcome::Done)
    }))
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let settings = HonoursSettings::default();
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let pass = HonoursPass::of(&Caller::Operator(&actor)).expect("the operator's pass");
        let found = view(data, &pass, args.year, &settings)
            .await
            .map_err(crate::platform::store_error)?;
        let batches = data
            .honour_files(None)
            .await
            .map_err(crate::platform::store_error)?;
        let Some(v) = found else {
            return Err(Failure::Input(format!("{}还没有教师花名册", district.name)));
        };
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "view": v, "batches": batches }));
        }
        println!(
            "{} {} 学年 获奖与师德考核",
            district.name,
            school_year(v.year)
        );
        println!(
            "学校标识码\t教师\t部级\t省级\t市级\t区级\t校级\t{}\t未考核\t不合格",
            settings.ethics_levels.join("\t")
        );
        for s in &v.schools {
            let ethics: Vec<String> = s.ethics.iter().map(u32::to_string).collect();
            let flag = if s.failing > 0 { "⚠" } else { "" };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{flag}",
                s.school,
                s.teachers,
                s.awards[0],
                s.awards[1],
                s.awards[2],
                s.awards[3],
                s.awards[4],
                ethics.join("\t"),
                s.ethics_missing,
                s.failing
            );
        }
        println!("批次：");
        for b in &batches {
            println!(
                "  {}\t{}\t{}\t{} 条\t{}",
                b.id, b.kind, b.file_name, b.records, b.imported_by
            );
        }
        Ok(Outcome::Done)
    }))
}
