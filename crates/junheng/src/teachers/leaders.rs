//! `junheng leaders list|import|withdraw|template` (校长、副校长任职, issue 17 item 8): the
//! leaders serving in a school year under the rulebook's term rule, and the district's 任职表,
//! through the same operations as `/teachers/leaders` (`junheng_app::teachers::leaders`). The
//! command line's operator holds the database: every write is allowed, recorded under `--as`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::teachers::leaders::{Leaders, year};
use junheng_core::school::school_year;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum LeadersAction {
    /// 某学年在任的校长、副校长：在本校连续任职年数，按任期规则是否应交流，本学年是否交流到任
    List(ListArgs),
    /// 导入校长副校长任职表（全部写入或全部不写入；有问题时逐条列出行、列和值）
    Import(ImportArgs),
    /// 撤回当前的任职表（恢复上一次导入的表）
    Withdraw(WithdrawArgs),
    /// 写出任职表的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 评估规则：内置 id（cn-2017 等）或规则文件路径；任期年数与届数按规则
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 校长副校长任职表（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 已有任职表时替换它（替换后可用 withdraw 撤回）
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
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &LeadersAction) -> Result<Outcome, Failure> {
    match action {
        LeadersAction::List(args) => list(args),
        LeadersAction::Import(args) => import(args),
        LeadersAction::Withdraw(args) => withdraw(args),
        LeadersAction::Template { output } => crate::rotation::template(
            output,
            junheng_io::rotation::leaders::write_leaders_template,
        ),
    }
}

fn print(district: &str, l: &Leaders) {
    println!("{district} {} 学年 校长、副校长任职", school_year(l.year));
    println!(
        "规则：在同一学校连续任职满 {} 届（每届 {} 年，共 {} 年）应交流",
        l.terms, l.term_years, l.due_after
    );
    let Some(file) = &l.file else {
        println!("未接入：尚未导入校长副校长任职表");
        return;
    };
    println!(
        "任职表：{}（{} 条）；在任 {} 人，应交流 {} 人，本学年交流到任 {} 人",
        file.file_name,
        file.terms,
        l.rows.len(),
        l.due(),
        l.rotated()
    );
    println!(
        "学校标识码\t学校名称\t教师编号\t职务\t连续任职起始学年\t任职年数\t状态\t本学年交流到任"
    );
    for r in &l.rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.school,
            r.school_name,
            r.person,
            r.post,
            r.since,
            r.years,
            if r.due { "应交流" } else { "未满任期" },
            if r.rotated_in { "是" } else { "否" }
        );
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let rulebook = crate::evaluate::load_rulebook(&args.rulebook)?;
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let y = crate::seats::year_or_latest(data, district, args.year).await?;
        let names: BTreeMap<_, _> = data
            .statistics(y, None)
            .await
            .map_err(crate::platform::store_error)?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect();
        let found = year(data, y, &rulebook.rotation, &names)
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
    let file =
        junheng_app::teachers::leaders::read(&bytes, &name, &crate::limits()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::teachers::leaders::import(
            data,
            &Caller::Operator(&actor),
            &file,
            &name,
            &sha256,
            args.replace,
        )
        .await
        .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{}的校长副校长任职表 {}：{} 条",
            district.name, name, done.terms
        );
        Ok(Outcome::Done)
    }))
}

fn withdraw(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let gone = junheng_app::teachers::leaders::withdraw(data, &Caller::Operator(&actor))
            .await
            .map_err(refused)?;
        println!(
            "已撤回{}的校长副校长任职表 {}（{} 条）",
            district.name, gone.file_name, gone.terms
        );
        Ok(Outcome::Done)
    }))
}
