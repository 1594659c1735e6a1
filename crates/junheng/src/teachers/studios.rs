//! `junheng studios import|list|template|withdraw` (名师工作室, 领雁工程, 学科工作室…): the
//! 工作室名册 and 工作室成果 files and the year's figures, through the same operations as the web
//! pages (`junheng_app::teachers::studios`). The command line's operator holds the database:
//! every write is allowed, recorded under `--as` (default `system`).

use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::{Caller, Reach};
use junheng_app::teachers::studios::{self as app, StudiosReport};
use junheng_core::school::school_year;
use junheng_store::teachers::studios::StudioFileKind;
use junheng_teachers::studios::{OutputKind, StudioSettings};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum StudiosAction {
    /// 导入工作室名册（或加 --outputs 导入工作室成果表）；全部写入或全部不写入，有问题时逐条列出工作表、行、列和值
    Import(ImportArgs),
    /// 列出某学年的工作室及其成员、成果和对乡村学校的辐射，以及全区县的指标
    List(ListArgs),
    /// 写出工作室名册（或加 --outputs 写出工作室成果表）的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
        /// 工作室成果表的模板
        #[arg(long)]
        outputs: bool,
    },
    /// 撤回当前的工作室名册（或加 --outputs 撤回成果表），恢复上一次导入的文件
    Withdraw(WithdrawArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 导入的是工作室成果表
    #[arg(long)]
    pub outputs: bool,
    /// 已有当前文件时替换它（替换后可用 withdraw 撤回）
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 学年（默认：最新的有花名册的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 撤回的是工作室成果表
    #[arg(long)]
    pub outputs: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

fn kind(outputs: bool) -> StudioFileKind {
    if outputs {
        StudioFileKind::Outputs
    } else {
        StudioFileKind::Studios
    }
}

pub fn run(action: &StudiosAction) -> Result<Outcome, Failure> {
    match action {
        StudiosAction::Import(args) => import(
            &args.file,
            kind(args.outputs),
            args.replace,
            &args.db,
            args.login.as_deref(),
        ),
        StudiosAction::List(args) => list(args),
        StudiosAction::Template { output, outputs } => template(output, kind(*outputs)),
        StudiosAction::Withdraw(args) => {
            withdraw(kind(args.outputs), &args.db, args.login.as_deref())
        }
    }
}

/// Writes the template of `kind` to `output` (.xlsx).
pub(crate) fn template(output: &Path, kind: StudioFileKind) -> Result<Outcome, Failure> {
    match kind {
        StudioFileKind::Studios => {
            crate::rotation::template(output, junheng_io::teachers::studios::write_template)
        }
        StudioFileKind::Outputs => crate::rotation::template(
            output,
            junheng_io::teachers::studios::write_outputs_template,
        ),
        StudioFileKind::Mentors => {
            crate::rotation::template(output, junheng_io::teachers::mentors::write_template)
        }
    }
}

/// Imports a file of `kind` (shared with `junheng mentors import`).
pub(crate) fn import(
    path: &Path,
    kind: StudioFileKind,
    replace: bool,
    db: &DistrictDatabase,
    login: Option<&str>,
) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(path)?;
    let name = crate::platform::file_name(path);
    let upload = app::read(kind, &bytes, &name, &StudioSettings::default()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, login).await?;
        let done = app::import(data, &Caller::Operator(&actor), &upload, &sha256, replace)
            .await
            .map_err(|e| match e {
                app::Refused::Store(junheng_store::StoreError::Conflict(m)) => {
                    Failure::Input(format!("未写入任何记录：{m}；确认替换请加 --replace"))
                }
                e => refused(e),
            })?;
        for w in upload.warnings() {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{}的{} {}：{} 行",
            district.name,
            kind.label(),
            name,
            done.rows
        );
        Ok(Outcome::Done)
    }))
}

/// Withdraws the current file of `kind` (shared with `junheng mentors`).
pub(crate) fn withdraw(
    kind: StudioFileKind,
    db: &DistrictDatabase,
    login: Option<&str>,
) -> Result<Outcome, Failure> {
    runtime()?.block_on(db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, login).await?;
        let gone = app::withdraw(data, &Caller::Operator(&actor), kind)
            .await
            .map_err(refused)?;
        println!(
            "已撤回{}的{} {}（{} 行）",
            district.name,
            kind.label(),
            gone.file_name,
            gone.rows
        );
        Ok(Outcome::Done)
    }))
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

fn print(district: &str, r: &StudiosReport) {
    println!(
        "{district} {} 学年 名师工作室与项目",
        school_year(r.year.year)
    );
    let Some(file) = &r.studios_file else {
        println!("尚未导入工作室名册");
        return;
    };
    println!("工作室名册：{}（{} 个）", file.file_name, file.rows);
    if !r.year.has_roster {
        println!("该学年没有教师花名册：成员的学校和骨干级别未接入");
    }
    if !r.year.has_statistics {
        println!("该学年没有学校统计数据：城乡分类未接入");
    }
    if let Some(d) = &r.district {
        println!(
            "计入本学年 {} 个；每百名教师 {} 个；成员 {} 人，其中骨干 {} 人（{}），乡村学校 {} 人",
            d.studios,
            d.per_100_teachers
                .map_or_else(|| "—".into(), |v| format!("{v:.2}")),
            d.people,
            d.backbone,
            percent(d.backbone_share),
            d.rural
        );
        println!(
            "乡村学校 {} 所，有成员的 {} 所，活动覆盖的 {} 所；没有任何成员的学校 {} 所",
            d.rural_schools,
            d.rural_schools_with_member,
            d.rural_schools_reached,
            d.schools_without_member.len()
        );
    }
    let kinds: Vec<&str> = OutputKind::ALL.iter().map(|k| k.label()).collect();
    println!(
        "序号\t名称\t类型\t级别\t学科\t状态\t计入\t成员\t骨干\t乡村成员\t{}\t覆盖乡村学校",
        kinds.join("\t")
    );
    for v in &r.studios {
        let f = &v.figures;
        let outputs: Vec<String> = f.outputs.iter().map(u32::to_string).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            v.index + 1,
            v.studio.name,
            v.studio.kind,
            v.studio.level.label(),
            v.studio.subject,
            v.studio.status.label(),
            if f.counts { "是" } else { "否" },
            f.people,
            f.backbone,
            f.rural,
            outputs.join("\t"),
            f.rural_reached
        );
        if !f.not_on_roster.is_empty() {
            let ids: Vec<&str> = f.not_on_roster.iter().map(|t| t.as_str()).collect();
            println!("  不在本学年花名册：{}", ids.join("、"));
        }
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let found = app::report(data, &Reach::everything(), args.year)
            .await
            .map_err(crate::platform::store_error)?;
        if args.json {
            return crate::text::print_json(&found);
        }
        print(&district.name, &found);
        Ok(Outcome::Done)
    }))
}
