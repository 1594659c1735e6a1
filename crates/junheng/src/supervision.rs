//! `junheng supervision assign|end|assignments|record|visits|complete`: 责任督学 through the same
//! operations as the web pages (`junheng_app::supervision`). The command line's operator may
//! assign, record under any active supervisor of the district, and raise the tasks a visit
//! lacks; `--as` names the district user recorded in the audit log (default `system`).

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::supervision::{
    self as app, AssignInput, Caller, DEFAULT_DEADLINE_DAYS, Scope, SupervisionError, VisitInput,
    VisitQuery,
};
use junheng_app::tasks::beijing_today;
use junheng_core::school::SchoolCode;
use junheng_store::{Assignment, UnitKind, Visit};

use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum SupervisionAction {
    /// 指派责任督学负责一个学区或教育集团
    Assign(AssignArgs),
    /// 结束一项督学分工（写明最后一天）
    End(EndArgs),
    /// 列出督学分工
    Assignments(ListArgs),
    /// 记录一次督导：学校、日期、督导情况和发现的问题，每条发现生成一项由该校负责的整改任务
    Record(RecordArgs),
    /// 列出督导记录（可按学校、督学、学区或集团、日期筛选），每条记录的发现数、已完成和逾期的整改任务数
    Visits(VisitsArgs),
    /// 为一条督导记录中尚未生成整改任务的发现补建任务（生成任务中途失败后使用）
    Complete(CompleteArgs),
}

/// Who the audit log records.
#[derive(ClapArgs, Debug)]
pub struct AsArgs {
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct AssignArgs {
    /// 督学的登录名（本区县已启用、角色为督学的用户）
    #[arg(long, value_name = "LOGIN")]
    pub supervisor: String,
    /// 负责的学区（名称）
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "group",
        required_unless_present = "group"
    )]
    pub zone: Option<String>,
    /// 负责的教育集团（名称）
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// 开始日期 YYYY-MM-DD（默认今天）
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    #[command(flatten)]
    pub actor: AsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct EndArgs {
    /// 分工编号（supervision assignments 的第一列）
    pub id: i64,
    /// 最后一天 YYYY-MM-DD（默认今天）
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[command(flatten)]
    pub actor: AsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct RecordArgs {
    /// 被督导学校的学校标识码
    #[arg(long, value_name = "CODE")]
    pub school: String,
    /// 督导日期 YYYY-MM-DD（默认今天）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// 督学的登录名（本区县已启用的督学）
    #[arg(long, value_name = "LOGIN")]
    pub supervisor: String,
    /// 督导情况
    #[arg(long, value_name = "TEXT")]
    pub summary: String,
    /// 一条督导发现（可重复）；可以严重程度开头，如“严重：消防通道堆放杂物”
    #[arg(long = "finding", value_name = "TEXT")]
    pub findings: Vec<String>,
    /// 整改期限 YYYY-MM-DD（默认督导日期后 30 天）
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
    #[command(flatten)]
    pub actor: AsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct VisitsArgs {
    /// 只列出该学校（学校标识码）
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    /// 只列出该督学（登录名）记录的
    #[arg(long, value_name = "LOGIN")]
    pub supervisor: Option<String>,
    /// 只列出该学区的学校
    #[arg(long, value_name = "NAME", conflicts_with = "group")]
    pub zone: Option<String>,
    /// 只列出该教育集团的学校
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// 起始日期 YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 截止日期 YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// 以 JSON 输出（含每条发现）
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct CompleteArgs {
    /// 督导记录编号（supervision visits 的第一列）
    pub visit: i64,
    #[command(flatten)]
    pub actor: AsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

fn refused(e: SupervisionError) -> Failure {
    Failure::Input(format!("责任督学：{e}"))
}

pub fn run(action: &SupervisionAction) -> Result<Outcome, Failure> {
    match action {
        SupervisionAction::Assign(args) => assign(args),
        SupervisionAction::End(args) => end(args),
        SupervisionAction::Assignments(args) => assignments(args),
        SupervisionAction::Record(args) => record(args),
        SupervisionAction::Visits(args) => visits(args),
        SupervisionAction::Complete(args) => complete(args),
    }
}

fn assign(args: &AssignArgs) -> Result<Outcome, Failure> {
    let (kind, unit) = match (&args.zone, &args.group) {
        (Some(z), _) => ("zone", z.as_str()),
        (None, Some(g)) => ("group", g.as_str()),
        (None, None) => return Err(Failure::Input("请用 --zone 或 --group 指定负责单位".into())),
    };
    let since = args.since.clone().unwrap_or_else(beijing_today);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.actor.login.as_deref()).await?;
        let a = app::assign(
            data,
            &Caller::operator(&actor),
            &AssignInput {
                supervisor: &args.supervisor,
                unit_kind: kind,
                unit,
                since: &since,
            },
        )
        .await
        .map_err(refused)?;
        println!(
            "已指派督学 {} 负责{}“{}”，自 {} 起（分工 #{}）",
            a.supervisor,
            a.unit_kind.label(),
            a.unit_name,
            a.since,
            a.id
        );
        Ok(Outcome::Done)
    }))
}

fn end(args: &EndArgs) -> Result<Outcome, Failure> {
    let until = args.until.clone().unwrap_or_else(beijing_today);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.actor.login.as_deref()).await?;
        let a = app::end(data, &Caller::operator(&actor), args.id, &until)
            .await
            .map_err(refused)?;
        println!(
            "督学 {} 负责{}“{}”的分工 #{} 至 {} 结束",
            a.supervisor,
            a.unit_kind.label(),
            a.unit_name,
            a.id,
            a.until.as_deref().unwrap_or_default()
        );
        Ok(Outcome::Done)
    }))
}

fn assignment_table(all: &[Assignment]) -> String {
    let mut t = Table::new(&[
        ("编号", Align::Right),
        ("督学", Align::Left),
        ("负责单位", Align::Left),
        ("开始日期", Align::Left),
        ("结束日期", Align::Left),
    ]);
    for a in all {
        t.row(vec![
            a.id.to_string(),
            a.supervisor.clone(),
            format!("{} {}", a.unit_kind.label(), a.unit_name),
            a.since.clone(),
            a.until.clone().unwrap_or_else(|| "至今".into()),
        ]);
    }
    t.render("")
}

fn assignments(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let all = data.assignments().await.map_err(store_error)?;
        if args.json {
            let text = serde_json::to_string_pretty(&all).map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
        } else if all.is_empty() {
            println!("{}尚未指派责任督学", district.name);
        } else {
            print!("{}", assignment_table(&all));
        }
        Ok(Outcome::Done)
    }))
}

fn record(args: &RecordArgs) -> Result<Outcome, Failure> {
    let today = beijing_today();
    let date = args.date.clone().unwrap_or_else(|| today.clone());
    let findings = args.findings.join("\n");
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.actor.login.as_deref()).await?;
        let recorded = app::record_visit(
            data,
            &Caller::operator(&actor),
            &VisitInput {
                school: &args.school,
                visited_on: &date,
                supervisor: &args.supervisor,
                summary: &args.summary,
                findings: &findings,
                deadline: args.deadline.as_deref().unwrap_or_default(),
            },
            &today,
            DEFAULT_DEADLINE_DAYS,
        )
        .await
        .map_err(refused)?;
        let v = &recorded.visit;
        println!(
            "已记录督导 #{}：{} 督学 {} 到学校 {}，{} 条发现",
            v.id,
            v.visited_on,
            v.supervisor,
            v.school,
            v.findings.len()
        );
        for t in &recorded.tasks {
            println!("  整改任务 #{}：{}（期限 {}）", t.id, t.title, t.deadline);
        }
        Ok(Outcome::Done)
    }))
}

fn visit_table(visits: &[(Visit, app::Progress)]) -> String {
    let mut t = Table::new(&[
        ("编号", Align::Right),
        ("督导日期", Align::Left),
        ("学校", Align::Left),
        ("督学", Align::Left),
        ("发现", Align::Right),
        ("已完成", Align::Right),
        ("逾期", Align::Right),
    ]);
    for (v, p) in visits {
        t.row(vec![
            v.id.to_string(),
            v.visited_on.clone(),
            v.school.to_string(),
            v.supervisor.clone(),
            p.findings.to_string(),
            p.done.to_string(),
            p.overdue.to_string(),
        ]);
    }
    t.render("")
}

fn visits(args: &VisitsArgs) -> Result<Outcome, Failure> {
    let school = args
        .school
        .as_deref()
        .map(|c| {
            SchoolCode::parse(c).map_err(|_| {
                Failure::Input(format!("--school 应为 10 位数字的学校标识码，收到「{c}」"))
            })
        })
        .transpose()?;
    let unit = match (&args.zone, &args.group) {
        (Some(z), _) => Some((UnitKind::Zone, z.clone())),
        (None, Some(g)) => Some((UnitKind::Group, g.clone())),
        (None, None) => None,
    };
    let query = VisitQuery {
        school,
        supervisor: args.supervisor.clone(),
        unit,
        from: args.from.clone(),
        to: args.to.clone(),
    };
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let records = app::latest_records(data).await.map_err(store_error)?;
        let operator = Caller::operator(&junheng_store::Actor::system());
        let scope = Scope::of(&operator, &records);
        let found = app::visits(data, &scope, &query, &records)
            .await
            .map_err(store_error)?;
        if args.json {
            let text =
                serde_json::to_string_pretty(&found).map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
            return Ok(Outcome::Done);
        }
        if found.is_empty() {
            println!("{}没有符合条件的督导记录", district.name);
            return Ok(Outcome::Done);
        }
        let tasks = app::finding_tasks(data).await.map_err(store_error)?;
        let today = beijing_today();
        let rows: Vec<(Visit, app::Progress)> = found
            .into_iter()
            .map(|v| {
                let p = app::progress(&v, &tasks, &today);
                (v, p)
            })
            .collect();
        print!("{}", visit_table(&rows));
        let overdue: usize = rows.iter().map(|(_, p)| p.overdue).sum();
        if overdue > 0 {
            println!("共 {overdue} 项整改任务已逾期（{today}，北京时间）");
        }
        Ok(Outcome::Done)
    }))
}

fn complete(args: &CompleteArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.actor.login.as_deref()).await?;
        let done = app::complete(data, &Caller::operator(&actor), args.visit)
            .await
            .map_err(refused)?;
        println!(
            "督导记录 #{} 的 {} 条发现均已有整改任务",
            done.visit.id,
            done.visit.findings.len()
        );
        Ok(Outcome::Done)
    }))
}
