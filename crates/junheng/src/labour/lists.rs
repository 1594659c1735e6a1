//! `junheng labour lists import|show|template|withdraw`: the district's 劳动清单 and the
//! schools' lists, through `junheng_app::labour::lists` (the engine's checks decide).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::labour::LabourPass;
use junheng_app::labour::lists::{import, view, withdraw};
use junheng_app::pairings::Caller;
use junheng_core::school::SchoolCode;
use junheng_io::labour::lists::{read, write_list, write_template};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ListsAction {
    /// 导入劳动清单，成为区级（或 --school 学校的校本）清单的新版本；有任何问题则全部不写入
    Import(ImportArgs),
    /// 查看区级清单与各校校本清单的检查结果，或某校执行的清单（--school）
    Show(ShowArgs),
    /// 写出劳动清单模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
    /// 撤回区级（或 --school 学校的校本）清单的当前版本，恢复上一版本
    Withdraw(WithdrawArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 学校标识码：导入该校的校本清单（省略则为区级清单）
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    /// 学校标识码：显示该校执行的清单（区级 + 校本调整）
    #[arg(long)]
    pub school: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 另把当前清单写成模板格式的 .xlsx（区级清单，或 --school 的校本清单）
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 学校标识码：撤回该校的校本清单（省略则为区级清单）
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &ListsAction) -> Result<Outcome, Failure> {
    match action {
        ListsAction::Import(a) => import_file(a),
        ListsAction::Show(a) => show(a),
        ListsAction::Template { output } => crate::rotation::template(output, write_template),
        ListsAction::Withdraw(a) => withdraw_version(a),
    }
}

fn school_of(text: Option<&str>) -> Result<Option<SchoolCode>, Failure> {
    text.map(|t| {
        SchoolCode::parse(t.trim())
            .map_err(|_| Failure::Input(format!("学校标识码“{t}”应为 10 位数字")))
    })
    .transpose()
}

fn owner(school: Option<&SchoolCode>) -> String {
    school.map_or_else(|| "区级清单".to_owned(), |s| format!("学校 {s} 的校本清单"))
}

fn import_file(args: &ImportArgs) -> Result<Outcome, Failure> {
    let school = school_of(args.school.as_deref())?;
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = read(&bytes, &name).map_err(|f| Failure::Input(format!("未写入任何记录：\n{f}")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let settings = args.settings.load()?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = import(
            data,
            &Caller::Operator(&actor),
            school.as_ref(),
            &file,
            &sha256,
            &settings.checklist.required_groups,
        )
        .await
        .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{}的{}第 {} 版：{}（{} 项）",
            district.name,
            owner(school.as_ref()),
            done.version,
            name,
            done.items
        );
        Ok(Outcome::Done)
    }))
}

fn withdraw_version(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    let school = school_of(args.school.as_deref())?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let gone = withdraw(data, &Caller::Operator(&actor), school.as_ref())
            .await
            .map_err(refused)?;
        println!(
            "已撤回{}的{}第 {} 版；上一版本恢复为现行清单",
            district.name,
            owner(school.as_ref()),
            gone.version
        );
        Ok(Outcome::Done)
    }))
}

fn show(args: &ShowArgs) -> Result<Outcome, Failure> {
    let school = school_of(args.school.as_deref())?;
    let settings = args.settings.load()?;
    let required = &settings.checklist.required_groups;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let pass = LabourPass::of(&Caller::Operator(&actor)).expect("the operator's pass");
        let err = crate::platform::store_error;
        let v = view(data, &pass, required).await.map_err(err)?;
        if let Some(path) = &args.xlsx {
            let stored = data.labour_list(school.as_ref()).await.map_err(err)?;
            let Some(stored) = stored else {
                return Err(Failure::Input(format!(
                    "{}没有现行的{}",
                    district.name,
                    owner(school.as_ref())
                )));
            };
            std::fs::write(path, write_list(&stored.list))
                .map_err(|e| Failure::Input(format!("无法写入 {}：{e}", path.display())))?;
        }
        let one = match &school {
            Some(s) => Some(
                junheng_app::labour::lists::school_list(data, s, v.district.as_ref(), required)
                    .await
                    .map_err(err)?,
            ),
            None => None,
        };
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "view": v, "school": one }));
        }
        let Some(d) = &v.district else {
            println!("{}还没有区级劳动清单", district.name);
            return Ok(Outcome::Done);
        };
        println!(
            "{} 区级劳动清单 第 {} 版（{} 项）",
            district.name, d.version.version, d.version.items
        );
        for p in &v.district_problems {
            println!("  ⚠ {}", p.message());
        }
        let items = match &one {
            Some(s) => {
                for p in &s.problems {
                    println!("  ⚠ {}", p.message());
                }
                s.effective
                    .as_ref()
                    .map(|e| e.items().iter().map(|l| l.item.clone()).collect())
            }
            None => Some(d.list.items.clone()),
        };
        if let Some(s) = &school {
            println!("学校 {s} 执行的清单：");
        }
        println!("编号\t任务群\t年级或学段\t场所\t频次\t每次分钟\t必做\t内容");
        for i in items.unwrap_or_default() {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i.code,
                i.group,
                i.grades,
                i.place,
                i.frequency,
                i.minutes,
                if i.mandatory { "必做" } else { "选做" },
                i.content
            );
        }
        if school.is_none() {
            println!("校本清单：");
            for s in &v.schools {
                let state = if s.problems.is_empty() {
                    "符合要求".to_owned()
                } else {
                    format!("{} 个问题", s.problems.len())
                };
                let version = s.own.as_ref().map_or(0, |o| o.version.version);
                println!("  {}\t第 {version} 版\t{state}", s.school);
            }
        }
        Ok(Outcome::Done)
    }))
}
