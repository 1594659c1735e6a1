//! `junheng mentors import|list|end|template` (师徒结对): the pairs file, the year's pairs with
//! their scope and problems, ending a pair, through the same operations as the web pages
//! (`junheng_app::teachers::studios`). `list` exits 1 when the year has problems (a mentor over
//! the limit, a mentee with two mentors in a subject, a mentor not qualified, a teacher not on
//! the roster).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::{Caller, Reach};
use junheng_app::teachers::studios::{self as app, mentors::MentorsReport};
use junheng_core::school::school_year;
use junheng_store::teachers::studios::StudioFileKind;
use junheng_teachers::mentors::{MentorSettings, Outcome as PairOutcome};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum MentorsAction {
    /// 导入师徒结对表（全部写入或全部不写入；有问题时逐条列出工作表、行、列和值）
    Import(ImportArgs),
    /// 列出某学年的师徒结对、结对范围、问题（有问题时退出码为 1）和新教师结对覆盖情况
    List(ListArgs),
    /// 结束一对师徒结对：结束日期和结果（合格、优秀、未完成）
    End(EndArgs),
    /// 撤回当前的师徒结对表，恢复上一次导入的文件
    Withdraw(WithdrawArgs),
    /// 写出师徒结对表的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 师徒结对表（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
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
    /// 每位师傅同时带徒的上限（默认 3）
    #[arg(long, default_value_t = MentorSettings::default().max_mentees)]
    pub max_mentees: u32,
    /// 新教师：在本校任教的前几个学年（默认 3）
    #[arg(long, default_value_t = MentorSettings::default().new_teacher_years)]
    pub new_teacher_years: i32,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct EndArgs {
    /// 结对的序号（list 的第一列）
    pub number: usize,
    /// 结束日期 YYYY-MM-DD
    #[arg(long)]
    pub on: String,
    /// 结果：合格、优秀或未完成
    #[arg(long)]
    pub outcome: String,
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

pub fn run(action: &MentorsAction) -> Result<Outcome, Failure> {
    let kind = StudioFileKind::Mentors;
    match action {
        MentorsAction::Import(args) => super::studios::import(
            &args.file,
            kind,
            args.replace,
            &args.db,
            args.login.as_deref(),
        ),
        MentorsAction::List(args) => list(args),
        MentorsAction::End(args) => end(args),
        MentorsAction::Withdraw(args) => {
            super::studios::withdraw(kind, &args.db, args.login.as_deref())
        }
        MentorsAction::Template { output } => super::studios::template(output, kind),
    }
}

fn print(district: &str, r: &MentorsReport) {
    println!("{district} {} 学年 师徒结对", school_year(r.year.year));
    let Some(file) = &r.file else {
        println!("尚未导入师徒结对表");
        return;
    };
    println!("师徒结对表：{}（{} 对）", file.file_name, file.rows);
    let scopes: Vec<String> = r
        .by_scope()
        .iter()
        .map(|(s, n)| format!("{} {n}", s.label()))
        .collect();
    println!("结对范围：{}", scopes.join("，"));
    println!(
        "序号\t师傅\t师傅学校\t徒弟\t徒弟学校\t学科\t开始\t结束\t范围\t活动（已开展/计划）\t结果\t本学年在带\t问题"
    );
    for v in &r.pairs {
        let p = &v.pair;
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}/{}\t{}\t{}\t{}",
            v.position + 1,
            p.mentor,
            v.mentor_school_name,
            p.mentee,
            v.mentee_school_name,
            p.subject,
            p.start,
            p.end.as_deref().unwrap_or("进行中"),
            v.scope.label(),
            p.meetings_held,
            p.meetings_planned,
            p.outcome.map_or("", PairOutcome::label),
            if v.active { "是" } else { "否" },
            v.problems.join("；")
        );
    }
    if !r.year.has_roster {
        println!("该学年没有教师花名册：师傅资格、带徒上限和新教师覆盖未接入");
        return;
    }
    if r.findings.is_empty() {
        println!("本学年没有发现问题");
    } else {
        println!("问题 {} 项：", r.findings.len());
        for f in &r.findings {
            println!("  {}", f.message());
        }
    }
    println!("学校标识码\t学校名称\t新教师\t已结对\t未结对教师编号");
    for c in &r.coverage {
        let ids: Vec<&str> = c.coverage.uncovered.iter().map(|t| t.as_str()).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}",
            c.coverage.school,
            c.school_name,
            c.coverage.new_teachers,
            c.coverage.covered,
            ids.join("、")
        );
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let settings = MentorSettings {
        max_mentees: args.max_mentees,
        new_teacher_years: args.new_teacher_years,
        ..MentorSettings::default()
    };
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let found = app::mentors::mentors(data, &Reach::everything(), args.year, &settings)
            .await
            .map_err(crate::platform::store_error)?;
        if args.json {
            crate::text::print_json(&found)?;
        } else {
            print(&district.name, &found);
        }
        Ok(if found.findings.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail
        })
    }))
}

fn end(args: &EndArgs) -> Result<Outcome, Failure> {
    let outcome = PairOutcome::parse(&args.outcome).ok_or_else(|| {
        Failure::Input(format!(
            "结果“{}”应为 {} 之一",
            args.outcome,
            PairOutcome::expected()
        ))
    })?;
    if args.number == 0 {
        return Err(Failure::Input("结对序号从 1 开始".into()));
    }
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        app::end_pair(
            data,
            &Caller::Operator(&actor),
            args.number - 1,
            &args.on,
            outcome,
        )
        .await
        .map_err(refused)?;
        println!(
            "已结束{}第 {} 对师徒结对：{}，{}",
            district.name,
            args.number,
            args.on,
            outcome.label()
        );
        Ok(Outcome::Done)
    }))
}
