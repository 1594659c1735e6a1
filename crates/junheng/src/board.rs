//! `junheng board show|raise|budget|plan|duty`: the 挂图作战 board on the command line, through
//! the same operations as the web pages (`junheng_app::board`), as the operator (`--as` names
//! the user the audit log records).

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::board::{self as app, export::column_label};
use junheng_app::inspection::{Settings, resources, status};
use junheng_app::tasks::{Who, beijing_today};
use junheng_store::{NewDuty, NewPlan, OwnerKind, PlanKind, TaskFilter, TaskOwner};

use crate::evaluate::load_rulebook;
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::task::task_error;
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum BoardAction {
    /// 挂图：按负责方与完成期限（已逾期、今后六个月、以后）列出任务数，预算、整改计划与各方面进度
    Show(ShowArgs),
    /// 从某学年督导评估的差距清单生成整改任务（已有未完成任务的差距不重复生成；先用 --dry-run 预览）
    Raise(RaiseArgs),
    /// 设置任务预算（元）与资金来源
    Budget(BudgetArgs),
    /// 新建整改计划（一校一策 school、一集团一案 group、专项 special）并加入任务
    Plan(PlanArgs),
    /// 责任清单：列出、记录或撤回部门对指标的职责
    Duty {
        #[command(subcommand)]
        action: DutyAction,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    /// 距期限不超过几天算“即将到期”
    #[arg(long, value_name = "DAYS", default_value_t = junheng_app::tasks::DEFAULT_DUE_SOON_DAYS)]
    pub soon: u32,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct RaiseArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 完成期限 YYYY-MM-DD
    #[arg(long)]
    pub deadline: String,
    /// 学校与责任清单都未认领的差距交给此责任部门
    #[arg(long, default_value = "区教委")]
    pub owner: String,
    /// 只列出将生成的任务，不写入
    #[arg(long)]
    pub dry_run: bool,
    /// 评估规则：内置规则 id（默认 cn-2017）或省级规则文件
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct BudgetArgs {
    /// 任务编号
    pub task: i64,
    /// 金额（元，最多两位小数），如 120000 或 3500.50
    pub amount: String,
    /// 资金来源，如 区本级财政
    #[arg(long)]
    pub funded_by: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct PlanArgs {
    /// 计划名称
    #[arg(long)]
    pub title: String,
    /// school（一校一策）、group（一集团一案）或 special（专项）
    #[arg(long, value_parser = ["school", "group", "special"])]
    pub kind: String,
    /// 负责方类型：user、school、group、zone、department
    #[arg(long)]
    pub owner_kind: String,
    /// 负责方：学校标识码、集团或部门名称、登录名
    #[arg(long)]
    pub owner: String,
    /// 学年
    #[arg(long)]
    pub year: i32,
    /// 任务编号
    pub tasks: Vec<i64>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum DutyAction {
    /// 列出责任清单（含已撤回的）
    List {
        #[command(flatten)]
        db: DistrictDatabase,
    },
    /// 记录一条职责：指标 id（resources 为资源配置）、部门、职责
    Add {
        /// 指标 id，如 four_unified
        item: String,
        /// 责任部门，如 区财政局
        department: String,
        /// 职责
        duty: String,
        /// 牵头（不加为配合）
        #[arg(long)]
        lead: bool,
        #[command(flatten)]
        db: DistrictDatabase,
        /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
        #[arg(long = "as", value_name = "LOGIN")]
        login: Option<String>,
    },
    /// 撤回一条职责
    Withdraw {
        /// 职责编号（list 中的编号）
        id: i64,
        #[command(flatten)]
        db: DistrictDatabase,
        /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
        #[arg(long = "as", value_name = "LOGIN")]
        login: Option<String>,
    },
}

pub fn run(action: &BoardAction) -> Result<Outcome, Failure> {
    match action {
        BoardAction::Show(args) => show(args),
        BoardAction::Raise(args) => raise(args),
        BoardAction::Budget(args) => {
            runtime()?.block_on(args.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
                let b = app::set_budget(
                    data,
                    &Who::operator(&actor),
                    args.task,
                    &args.amount,
                    &args.funded_by,
                )
                .await
                .map_err(task_error)?;
                println!(
                    "任务 #{} 的预算：{:.2} 元（{}）",
                    b.task_id,
                    b.amount_fen as f64 / 100.0,
                    b.funded_by
                );
                Ok(Outcome::Done)
            }))
        }
        BoardAction::Plan(args) => plan(args),
        BoardAction::Duty { action } => duty(action),
    }
}

fn show(args: &ShowArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let actor = junheng_store::Actor::system();
        let board = app::load(data, &Who::operator(&actor), &beijing_today(), args.soon)
            .await
            .map_err(store_error)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&board).map_err(|e| Failure::Output(e.into()))?
            );
            return Ok(Outcome::Done);
        }
        println!(
            "{} 挂图作战（{}）：任务 {} 项，已完成 {}，逾期 {}，即将到期 {}；预算 {:.2} 元",
            district.name,
            board.today,
            board.counts.total,
            board.counts.done,
            board.counts.overdue,
            board.counts.soon,
            board.budgets.planned_fen as f64 / 100.0
        );
        let mut headers: Vec<(String, Align)> = vec![("负责方".into(), Align::Left)];
        headers.extend(
            board
                .columns
                .iter()
                .map(|c| (column_label(c), Align::Right)),
        );
        headers.push(("完成".into(), Align::Right));
        let refs: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
        let mut table = Table::new(&refs);
        for r in &board.rows {
            let mut row = vec![format!("{} {}", r.owner.kind.label(), r.owner.key)];
            row.extend(r.cells.iter().map(|c| c.len().to_string()));
            row.push(format!("{}/{}", r.counts.done, r.counts.total));
            table.row(row);
        }
        print!("{}", table.render("  "));
        for p in &board.plans {
            println!(
                "计划 #{} {}（{}）：{}/{} 完成，逾期 {}",
                p.plan.id,
                p.plan.title,
                p.plan.kind.label(),
                p.counts.done,
                p.counts.total,
                p.counts.overdue
            );
        }
        for p in &board.parts {
            println!(
                "{}：{}/{} 完成，逾期 {}",
                p.part, p.counts.done, p.counts.total, p.counts.overdue
            );
        }
        Ok(Outcome::Done)
    }))
}

fn raise(args: &RaiseArgs) -> Result<Outcome, Failure> {
    let rulebook = load_rulebook(&args.rulebook)?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let who = Who::operator(&actor);
        let year = crate::seats::year_or_latest(data, district, args.year).await?;
        let today = junheng_teachers::training::Day::parse(&beijing_today())
            .ok_or_else(|| Failure::Input("无法确定今天的日期".into()))?;
        let res = resources(data, year, &rulebook)
            .await
            .map_err(store_error)?;
        let verdict = status(data, year, &rulebook, &Settings::default(), today, res)
            .await
            .map_err(store_error)?
            .verdict;
        let owner = TaskOwner::new(OwnerKind::Department, &args.owner).map_err(store_error)?;
        if args.dry_run {
            let open = data
                .tasks(&TaskFilter::default())
                .await
                .map_err(store_error)?;
            let duties = data.duties().await.map_err(store_error)?;
            for p in app::proposals(&verdict, &duties, &owner, &open) {
                let state = p
                    .existing
                    .map_or("将新建".to_owned(), |id| format!("已有任务 #{id}"));
                println!(
                    "{state}　{}　{} {}　{}",
                    p.title,
                    p.owner.kind.label(),
                    p.owner.key,
                    p.gap
                );
            }
            return Ok(Outcome::Done);
        }
        let raised = app::raise(data, &who, &verdict, &args.deadline, &owner)
            .await
            .map_err(task_error)?;
        println!(
            "已从 {} 学年差距清单新建 {} 项任务，{} 项差距已有未完成任务，新建一校一策计划 {} 个",
            year,
            raised.created.len(),
            raised.kept,
            raised.plans
        );
        Ok(Outcome::Done)
    }))
}

fn plan(args: &PlanArgs) -> Result<Outcome, Failure> {
    let kind = PlanKind::parse(&args.kind)
        .ok_or_else(|| Failure::Input("计划类型应为 school、group 或 special".into()))?;
    let owner_kind = OwnerKind::parse(&args.owner_kind).ok_or_else(|| {
        Failure::Input("负责方类型应为 user、school、group、zone 或 department".into())
    })?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let owner = TaskOwner::new(owner_kind, &args.owner).map_err(store_error)?;
        let id = app::create_plan(
            data,
            &Who::operator(&actor),
            &NewPlan {
                title: &args.title,
                kind,
                owner: &owner,
                year: args.year,
            },
            &args.tasks,
        )
        .await
        .map_err(task_error)?;
        println!(
            "已新建整改计划 #{id}：{}（{} 项任务）",
            args.title,
            args.tasks.len()
        );
        Ok(Outcome::Done)
    }))
}

fn duty(action: &DutyAction) -> Result<Outcome, Failure> {
    match action {
        DutyAction::List { db } => runtime()?.block_on(db.with_district(async |_s, _d, data| {
            for d in data.duties().await.map_err(store_error)? {
                println!(
                    "#{}　{}　{}（{}）　{}{}",
                    d.id,
                    d.item,
                    d.department,
                    if d.lead { "牵头" } else { "配合" },
                    d.duty,
                    if d.withdrawn.is_some() {
                        "　已撤回"
                    } else {
                        ""
                    }
                );
            }
            Ok(Outcome::Done)
        })),
        DutyAction::Add {
            item,
            department,
            duty,
            lead,
            db,
            login,
        } => runtime()?.block_on(db.with_district(async |store, district, data| {
            let actor = crate::rotation::actor(store, district, login.as_deref()).await?;
            let d = app::set_duty(
                data,
                &Who::operator(&actor),
                &NewDuty {
                    item,
                    department,
                    duty,
                    lead: *lead,
                },
            )
            .await
            .map_err(task_error)?;
            println!(
                "已记录职责 #{}：{} 对 {} {}",
                d.id, d.department, d.item, d.duty
            );
            Ok(Outcome::Done)
        })),
        DutyAction::Withdraw { id, db, login } => {
            runtime()?.block_on(db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, login.as_deref()).await?;
                let d = app::withdraw_duty(data, &Who::operator(&actor), *id)
                    .await
                    .map_err(task_error)?;
                println!("已撤回职责 #{}：{} 对 {}", d.id, d.department, d.item);
                Ok(Outcome::Done)
            }))
        }
    }
}
