//! `junheng labour review show|step|submit|export|sample`: the 区/校/班 review through the same
//! operations as `/labour/review` (`junheng_app::labour::review`; the engine's rules decide).
//! Children are named by their key only.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::labour::review::{
    Action, district_review, export, record_outcome, sample, school_review, step_review,
    submit_class,
};
use junheng_app::pairings::Caller;
use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Term};
use junheng_store::labour::review::AuditOutcome;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::students::KeyArgs;
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ReviewAction {
    /// 查看一所学校某学期的考评状态与各班小结；不给 --school 时查看全区各校状态与汇总
    Show(ShowArgs),
    /// 学校考评的一步：summarise（提交小结）、publicise（开始公示）、review（审核通过）、reopen（退回重新公示）、export（导出）
    Step(StepArgs),
    /// 提交一个班某学期的班级劳动小结（班主任在页面上的“提交班级小结”）
    Submit(SubmitArgs),
    /// 写出一所学校某学期的综合素质评价文件（.xlsx 或 .csv；仅在已导出后）
    Export(ExportArgs),
    /// 区级抽查：列出一所学校某学期的抽查名单与结果；给 --student 与 --outcome 时记录一名学生的结果
    Sample(SampleArgs),
}

#[derive(ClapArgs, Debug)]
pub struct TermArgs {
    /// 学期：学年-1（第一学期）或 学年-2（第二学期），如 2025-1；默认今天所在学期
    #[arg(long)]
    pub term: Option<String>,
    /// 今天（YYYY-MM-DD，默认北京时间今天）
    #[arg(long)]
    pub today: Option<String>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
}

#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    /// 学校标识码（不给：全区）
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub term: TermArgs,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

#[derive(ClapArgs, Debug)]
pub struct StepArgs {
    /// 学校标识码
    #[arg(long)]
    pub school: String,
    /// 步骤：summarise、publicise、review、reopen 或 export
    #[arg(long)]
    pub action: String,
    /// 该步骤的日期（YYYY-MM-DD，默认今天；开始公示可晚于今天）
    #[arg(long)]
    pub day: Option<String>,
    #[command(flatten)]
    pub term: TermArgs,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct SubmitArgs {
    /// 学校标识码
    #[arg(long)]
    pub school: String,
    /// 班级，如 3年级1班
    #[arg(long)]
    pub class: String,
    #[command(flatten)]
    pub term: TermArgs,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ExportArgs {
    /// 输出文件（.xlsx 或 .csv）
    pub output: PathBuf,
    /// 学校标识码
    #[arg(long)]
    pub school: String,
    #[command(flatten)]
    pub term: TermArgs,
    #[command(flatten)]
    pub keys: KeyArgs,
}

#[derive(ClapArgs, Debug)]
pub struct SampleArgs {
    /// 学校标识码
    #[arg(long)]
    pub school: String,
    #[command(flatten)]
    pub term: TermArgs,
    /// 记录这名抽查学生（学生编号）的结果
    #[arg(long, requires = "outcome")]
    pub student: Option<i64>,
    /// 结果：match（符合）或 mismatch（不符合）
    #[arg(long, requires = "student")]
    pub outcome: Option<String>,
    /// 说明（不符合时必填，至多 200 字）
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub keys: KeyArgs,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

pub fn run(action: &ReviewAction) -> Result<Outcome, Failure> {
    match action {
        ReviewAction::Show(a) => show(a),
        ReviewAction::Step(a) => step(a),
        ReviewAction::Submit(a) => submit(a),
        ReviewAction::Export(a) => write(a),
        ReviewAction::Sample(a) => audit(a),
    }
}

fn school_of(text: &str) -> Result<SchoolCode, Failure> {
    SchoolCode::parse(text.trim())
        .map_err(|_| Failure::Input(format!("学校标识码“{text}”应为 10 位数字")))
}

fn day_of(text: Option<&str>) -> Result<Day, Failure> {
    let text = crate::students::today(text)?;
    Day::parse(&text).ok_or_else(|| Failure::Input(format!("日期“{text}”应写作 YYYY-MM-DD")))
}

/// Today and the term of `--term` (today's without one).
fn when(t: &TermArgs) -> Result<(Day, Term), Failure> {
    let today = day_of(t.today.as_deref())?;
    let term = match t.term.as_deref() {
        None => Term::of(today),
        Some(text) => Term::parse(text).ok_or_else(|| {
            Failure::Input(format!("学期“{text}”应写作 学年-1 或 学年-2，例如 2025-1"))
        })?,
    };
    Ok((today, term))
}

fn show(args: &ShowArgs) -> Result<Outcome, Failure> {
    let (_, term) = when(&args.term)?;
    let school = args.school.as_deref().map(school_of).transpose()?;
    let settings = args.term.settings.load()?;
    runtime()?.block_on(args.term.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        if let Some(school) = &school {
            let r = school_review(data, &op, Some(school), term, &settings)
                .await
                .map_err(refused)?;
            if args.json {
                return crate::text::print_json(&r);
            }
            println!("{school} {term} 劳动考评：{}", r.state.label());
            for e in &r.log {
                let (id, day) = junheng_store::labour::review::event_parts(e.event);
                println!("  {day}\t{id}\t{}", e.actor);
            }
            println!("班级\t人数\t小结提交");
            for c in &r.classes {
                let at = c.submitted.as_ref().map_or("—", |s| s.at.as_str());
                println!("{}\t{}\t{at}", c.class, c.children);
            }
            return Ok(Outcome::Done);
        }
        let d = district_review(data, &op, term, &settings)
            .await
            .map_err(refused)?;
        if args.json {
            return crate::text::print_json(&d);
        }
        println!("{term} 劳动考评（{}）", Term::id(term));
        println!("学校\t状态\t已提交班级\t抽查人数\t已记录\t不符合");
        for l in &d.schools {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                l.school,
                l.state.label(),
                l.classes_submitted,
                l.sample_size,
                l.audited,
                l.mismatches
            );
        }
        let t = d.totals;
        println!(
            "学校 {}，公示中 {}，已审核 {}，已导出 {}，已抽查学校 {}，抽查学生 {}，不符合 {}",
            t.schools, t.publicity, t.reviewed, t.exported, t.sampled, t.audited, t.mismatches
        );
        Ok(Outcome::Done)
    }))
}

fn step(args: &StepArgs) -> Result<Outcome, Failure> {
    let (today, term) = when(&args.term)?;
    let school = school_of(&args.school)?;
    let action = Action::from_id(&args.action).ok_or_else(|| {
        Failure::Input(format!(
            "步骤“{}”应为 summarise、publicise、review、reopen 或 export",
            args.action
        ))
    })?;
    let on = match &args.day {
        Some(d) => day_of(Some(d))?,
        None => today,
    };
    let settings = args.term.settings.load()?;
    runtime()?.block_on(args.term.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let op = Caller::Operator(&actor);
        let state = step_review(data, &op, Some(&school), term, action, on, today, &settings)
            .await
            .map_err(refused)?;
        println!("{school} {term} 劳动考评：{}", state.label());
        Ok(Outcome::Done)
    }))
}

fn submit(args: &SubmitArgs) -> Result<Outcome, Failure> {
    let (_, term) = when(&args.term)?;
    let school = school_of(&args.school)?;
    let settings = args.term.settings.load()?;
    runtime()?.block_on(args.term.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let op = Caller::Operator(&actor);
        let seat = junheng_app::labour::records::seat(data, &op, Some(&school), Some(&args.class))
            .await
            .map_err(refused)?;
        submit_class(data, &op, &seat, term, &settings)
            .await
            .map_err(refused)?;
        println!(
            "已提交 {school} {} {term} 的班级劳动小结（{} 名学生）",
            seat.label,
            seat.children.len()
        );
        Ok(Outcome::Done)
    }))
}

fn write(args: &ExportArgs) -> Result<Outcome, Failure> {
    let (_, term) = when(&args.term)?;
    let school = school_of(&args.school)?;
    let csv = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let settings = args.term.settings.load()?;
    let keys = args.keys.require()?;
    runtime()?.block_on(args.term.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let rows = export(data, &keys, &op, Some(&school), term, &settings)
            .await
            .map_err(refused)?;
        let table = junheng_io::labour::review::export_table(&rows);
        let bytes = if csv {
            let mut out = Vec::new();
            junheng_io::export::write_csv(&table, &mut out)
                .map_err(|e| Failure::Output(e.into()))?;
            out
        } else {
            junheng_io::export::write_xlsx(&[table]).map_err(|e| Failure::Output(e.into()))?
        };
        std::fs::write(&args.output, bytes).map_err(|e| Failure::Output(e.into()))?;
        println!(
            "已写出 {school} {term} 的综合素质评价文件（{} 名学生）：{}",
            rows.len(),
            args.output.display()
        );
        Ok(Outcome::Done)
    }))
}

fn audit(args: &SampleArgs) -> Result<Outcome, Failure> {
    let (_, term) = when(&args.term)?;
    let school = school_of(&args.school)?;
    let keys = args.keys.require()?;
    let outcome = args
        .outcome
        .as_deref()
        .map(|o| {
            AuditOutcome::from_id(o).ok_or_else(|| {
                Failure::Input(format!("结果“{o}”应为 match（符合）或 mismatch（不符合）"))
            })
        })
        .transpose()?;
    let settings = args.term.settings.load()?;
    runtime()?.block_on(args.term.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let op = Caller::Operator(&actor);
        if let (Some(student), Some(outcome)) = (args.student, outcome) {
            record_outcome(
                data, &op, &keys, &school, term, student, outcome, &args.note, &settings,
            )
            .await
            .map_err(refused)?;
            println!(
                "已记录 {school} {term} 抽查学生 {student}：{}",
                outcome.label()
            );
            return Ok(Outcome::Done);
        }
        let s = sample(data, &op, &keys, &school, term, &settings)
            .await
            .map_err(refused)?;
        if args.json {
            return crate::text::print_json(&s);
        }
        println!(
            "{school} {term} 区级抽查：{} 名学生中抽取 {} 名",
            s.children,
            s.sampled.len()
        );
        println!("学生编号\t班级\t结果\t说明");
        for c in &s.sampled {
            let (o, note) = c
                .outcome
                .as_ref()
                .map_or(("—", ""), |o| (o.outcome.label(), o.note.as_str()));
            println!("{}\t{}\t{o}\t{note}", c.student, c.class);
        }
        Ok(Outcome::Done)
    }))
}
