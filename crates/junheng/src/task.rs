//! `junheng task list|add|close`: tasks (任务, 整改) on the command line, through the same
//! operations as the web pages (`junheng_app::tasks`), as the operator (who holds the database
//! and may do everything in a district; `--as` names the user the audit log records).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::tasks::{self as app, Acted, Action, Due, Recheck, TaskInput, Who};
use junheng_io::export::{Cell, Table as Sheet, write_xlsx};
use junheng_store::{OwnerKind, TaskFilter, TaskStatus};

use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum TaskAction {
    /// 列出任务（可按状态、负责方、逾期筛选），打印表格，可另存为 Excel
    List(ListArgs),
    /// 新建任务（可注明来源：如 --source-kind gap --source-key 学校标识码/指标标识）
    Add(AddArgs),
    /// 验收关闭待验收的任务：先复查来源，仍未解决时须加 --confirm 才关闭（退出码 1 表示未关闭）
    Close(CloseArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 只列此状态：open（待办）、in_progress（进行中）、submitted（待验收）、done（已完成）、cancelled（已撤销）
    #[arg(long, value_parser = status)]
    pub status: Option<TaskStatus>,
    /// 只列此类负责方：user、school、group、zone、department
    #[arg(long, value_parser = owner_kind)]
    pub owner_kind: Option<OwnerKind>,
    /// 只列逾期任务（期限早于今天且未完成、未撤销；日期按北京时间）
    #[arg(long)]
    pub overdue: bool,
    /// 距期限不超过几天算“即将到期”
    #[arg(long, value_name = "DAYS", default_value_t = app::DEFAULT_DUE_SOON_DAYS)]
    pub soon: u32,
    /// 同时把列出的任务写入 Excel 文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct AddArgs {
    /// 任务名称
    #[arg(long)]
    pub title: String,
    /// 任务说明
    #[arg(long, default_value = "")]
    pub detail: String,
    /// 负责方类型：user（个人）、school（学校）、group（教育集团）、zone（学区）、department（责任部门）
    #[arg(long)]
    pub owner_kind: String,
    /// 负责方：学校标识码、登录名或名称
    #[arg(long = "owner", value_name = "KEY")]
    pub owner_key: String,
    /// 完成期限，YYYY-MM-DD
    #[arg(long)]
    pub deadline: String,
    /// 来源类型：gap（指标差距）、finding（督导发现）、warning（预警）等
    #[arg(long, default_value = "")]
    pub source_kind: String,
    /// 来源标识：指标差距写作 学校标识码/指标标识
    #[arg(long, default_value = "")]
    pub source_key: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct CloseArgs {
    /// 任务编号
    pub id: i64,
    /// 验收意见
    #[arg(long, default_value = "")]
    pub note: String,
    /// 复查发现问题仍未解决时仍然关闭（处理记录注明“经确认仍然关闭”）
    #[arg(long)]
    pub confirm: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

fn status(text: &str) -> Result<TaskStatus, String> {
    TaskStatus::parse(text).ok_or_else(|| {
        format!("「{text}」不是任务状态；应为 open、in_progress、submitted、done 或 cancelled")
    })
}

fn owner_kind(text: &str) -> Result<OwnerKind, String> {
    OwnerKind::parse(text).ok_or_else(|| {
        format!("「{text}」不是负责方类型；应为 user、school、group、zone 或 department")
    })
}

pub(crate) fn task_error(e: app::TaskError) -> Failure {
    Failure::Input(e.to_string())
}

pub fn run(action: &TaskAction) -> Result<Outcome, Failure> {
    match action {
        TaskAction::List(args) => list(args),
        TaskAction::Add(args) => add(args),
        TaskAction::Close(args) => close(args),
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let today = app::beijing_today();
    let tasks = runtime()?.block_on(args.db.with_district(async |_, _, data| {
        let statuses: Vec<TaskStatus> = args.status.into_iter().collect();
        let filter = TaskFilter {
            owner_kind: args.owner_kind,
            statuses: &statuses,
            overdue_on: args.overdue.then_some(today.as_str()),
            ..TaskFilter::default()
        };
        data.tasks(&filter).await.map_err(store_error)
    }))?;
    let headers = [
        ("编号", Align::Right),
        ("任务", Align::Left),
        ("负责方", Align::Left),
        ("期限", Align::Left),
        ("到期情况", Align::Left),
        ("状态", Align::Left),
        ("来源", Align::Left),
    ];
    let mut table = Table::new(&headers);
    let mut rows = Vec::new();
    for t in &tasks {
        let due = app::due(t, &today, args.soon);
        let flag = match due {
            Due::Overdue => format!("{}！", due.label()),
            _ => due.label().to_owned(),
        };
        let source = t
            .source
            .as_ref()
            .map_or_else(String::new, |s| format!("{} {}", s.kind.label(), s.key));
        let cells = vec![
            t.id.to_string(),
            t.title.clone(),
            format!("{} {}", t.owner.kind.label(), t.owner.key),
            t.deadline.clone(),
            flag,
            t.status.label().to_owned(),
            source,
        ];
        table.row(cells.clone());
        rows.push(
            cells
                .into_iter()
                .enumerate()
                .map(|(i, c)| match i {
                    0 => Cell::Integer(t.id),
                    _ if c.is_empty() => Cell::Empty,
                    _ => Cell::Text(c),
                })
                .collect(),
        );
    }
    let overdue = tasks
        .iter()
        .filter(|t| app::due(t, &today, args.soon) == Due::Overdue)
        .count();
    print!("{}", table.render(""));
    println!(
        "共 {} 项任务，其中 {overdue} 项已逾期（今天：{today}，北京时间）",
        tasks.len()
    );
    if let Some(path) = &args.xlsx {
        let sheet = Sheet {
            sheet: "任务",
            headers: headers.iter().map(|(h, _)| (*h).to_owned()).collect(),
            rows,
        };
        let bytes = write_xlsx(&[sheet]).map_err(|e| Failure::Output(anyhow::anyhow!("{e}")))?;
        std::fs::write(path, bytes)
            .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", path.display())))?;
        eprintln!("已写出 {}", path.display());
    }
    Ok(Outcome::Done)
}

fn add(args: &AddArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let who = Who::operator(&actor);
        let input = TaskInput {
            title: &args.title,
            detail: &args.detail,
            owner_kind: &args.owner_kind,
            owner_key: &args.owner_key,
            deadline: &args.deadline,
            source_kind: &args.source_kind,
            source_key: &args.source_key,
        };
        let task = app::create_from(data, &who, &input)
            .await
            .map_err(task_error)?;
        println!(
            "已新建任务 #{}：{}（{} {}，期限 {}）",
            task.id,
            task.title,
            task.owner.kind.label(),
            task.owner.key,
            task.deadline
        );
        Ok(Outcome::Done)
    }))
}

fn close(args: &CloseArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let who = Who::operator(&actor);
        let acted = app::act(data, &who, args.id, Action::Close, &args.note, args.confirm)
            .await
            .map_err(task_error)?;
        match acted {
            Acted::Changed(task, recheck) => {
                let recheck = recheck.unwrap_or(Recheck::NotCheckable(String::new()));
                let despite = if args.confirm && matches!(recheck, Recheck::StillOpen(_)) {
                    "，经确认仍然关闭"
                } else {
                    ""
                };
                println!(
                    "任务 #{} 已验收关闭。复查：{}{}{despite}",
                    task.id,
                    recheck.label(),
                    said(&recheck)
                );
                Ok(Outcome::Done)
            }
            Acted::NeedsConfirmation(task, recheck) => {
                println!(
                    "任务 #{} 未关闭：复查发现问题仍未解决{}。确认仍要关闭请加 --confirm",
                    task.id,
                    said(&recheck)
                );
                Ok(Outcome::Fail)
            }
        }
    }))
}

/// The re-check's sentence after a colon, or nothing.
fn said(recheck: &Recheck) -> String {
    match recheck.text() {
        "" => String::new(),
        text => format!("（{text}）"),
    }
}
