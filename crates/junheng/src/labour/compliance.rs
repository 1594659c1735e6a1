//! `junheng labour compliance|lessons|week|stars`: a term's compliance with the national
//! minimums, the 劳动课时 files and a school's 劳动周 that feed it, and 星级学校 — through the same
//! operations as `/labour/compliance` and `/labour/stars` (`junheng_app::labour::compliance`).
//! The command line's operator sees every school and class in full (it holds the database).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::labour::compliance::{Selection, view};
use junheng_app::labour::stars::stars;
use junheng_app::labour::{LabourPass, entry};
use junheng_app::pairings::Caller;
use junheng_core::school::SchoolCode;
use junheng_core::student::Cell;
use junheng_io::labour::Kind;
use junheng_labour::Share;
use junheng_labour::calendar::{Day, Term};

use super::district::{WithdrawArgs, import_kind, store_kind, withdraw_batch, write_kind};
use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct ComplianceArgs {
    /// 学期，如 2025-1（2025–2026学年第一学期）或 2025-2；默认今天（北京时间）所在学期
    #[arg(long)]
    pub term: Option<String>,
    /// 只看这所学校的各班（学校标识码）
    #[arg(long)]
    pub school: Option<String>,
    /// 只看这个班的学生（如 3年级1班；须同时给 --school），按学生编号
    #[arg(long)]
    pub class: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub keys: crate::students::KeyArgs,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
}

#[derive(Subcommand, Debug)]
pub enum LessonsAction {
    /// 导入劳动课时文件（学校标识码、年级、班级、周、课时），全部写入或全部不写入
    Import(LessonsImportArgs),
    /// 写出劳动课时模板（.xlsx）
    Template(OutputArgs),
    /// 撤回一批劳动课时或劳动周
    Withdraw(WithdrawArgs),
}

#[derive(ClapArgs, Debug)]
pub struct LessonsImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct OutputArgs {
    /// 输出文件（.xlsx）
    pub output: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum WeekAction {
    /// 登记一所学校一个学年的劳动周（第一天、最后一天；同一学年再次登记以最新为准）
    Set(WeekArgs),
    /// 写出劳动周模板（.xlsx）
    Template(OutputArgs),
}

#[derive(ClapArgs, Debug)]
pub struct WeekArgs {
    /// 学校标识码
    pub school: String,
    /// 第一天（YYYY-MM-DD）
    pub first: String,
    /// 最后一天（YYYY-MM-DD，同一学年内，最多 14 天）
    pub last: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct StarsArgs {
    /// 学期，如 2025-1；默认今天所在学期
    #[arg(long)]
    pub term: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    #[command(flatten)]
    pub keys: crate::students::KeyArgs,
    #[command(flatten)]
    pub settings: super::SettingsArgs,
}

fn today() -> Day {
    Day::parse(&junheng_app::tasks::beijing_today()).expect("today is a day")
}

fn term_arg(text: Option<&str>) -> Result<Option<Term>, Failure> {
    text.map(|t| {
        Term::parse(t).ok_or_else(|| {
            Failure::Input(format!(
                "学期“{t}”无效：应为学年和学期，如 2025-1（第一学期）或 2025-2"
            ))
        })
    })
    .transpose()
}

fn count(c: Cell) -> String {
    c.count().map_or_else(|| "<".into(), |n| n.to_string())
}

fn shown(s: Share) -> String {
    s.value().map_or_else(
        || "—".into(),
        |v| format!("{}/{} ({:.1}%)", s.part, s.whole, v * 100.0),
    )
}

/// `junheng labour compliance`.
pub fn compliance(args: &ComplianceArgs) -> Result<Outcome, Failure> {
    let term = term_arg(args.term.as_deref())?;
    let school = args
        .school
        .as_deref()
        .map(|s| {
            SchoolCode::parse(s.trim())
                .map_err(|_| Failure::Input(format!("学校标识码“{s}”无效：应为 10 位数字")))
        })
        .transpose()?;
    let sel = Selection {
        term,
        school,
        class: args.class.clone(),
    };
    let (keys, settings) = (args.keys.require()?, args.settings.load()?);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let pass = LabourPass::of(&op).expect("the operator's pass");
        let v = view(data, &keys, &pass, &op, &sel, today(), &settings)
            .await
            .map_err(refused)?;
        if args.json {
            return crate::text::print_json(&v);
        }
        println!(
            "{} {} 劳动教育达标情况（已评 {} 周，截至 {}；无校历，节假日周同样计入）",
            district.name,
            v.term,
            v.weeks.len(),
            v.today
        );
        let t = &v.total;
        println!(
            "合计：学生 {}，达标 {}，任务群全覆盖 {}，劳动课时 {}/{}{}",
            count(t.students),
            count(t.meeting[0]),
            count(t.covered[0]),
            t.lessons.done,
            t.lessons.required,
            t.labour_week.map_or(String::new(), |w| format!(
                "，劳动周 {}",
                if w { "已开展" } else { "未开展" }
            ))
        );
        for r in &v.rows {
            let name = r
                .class
                .clone()
                .or_else(|| r.school.as_ref().map(ToString::to_string))
                .unwrap_or_default();
            println!(
                "  {name}\t学生 {}\t达标 {}\t全覆盖 {}\t课时 {}/{}{}",
                count(r.students),
                count(r.meeting[0]),
                count(r.covered[0]),
                r.lessons.done,
                r.lessons.required,
                r.labour_week.map_or(String::new(), |w| format!(
                    "\t劳动周 {}",
                    if w { "是" } else { "否" }
                ))
            );
        }
        for s in &v.students {
            let weekly: Vec<String> = s.weekly_minutes.iter().map(u32::to_string).collect();
            println!(
                "  学生 {}\t每周最低 {} 分钟\t{}\t达标 {}/{} 周\t{}\t任务群 {}",
                s.student,
                s.minimum,
                weekly.join("/"),
                s.weeks_met,
                v.weeks.len(),
                if s.meets { "达标" } else { "未达标" },
                shown(s.coverage)
            );
        }
        if !v.without_list.is_empty() {
            let codes: Vec<String> = v.without_list.iter().map(ToString::to_string).collect();
            println!("没有可用劳动清单、未计入的学校：{}", codes.join("、"));
        }
        for p in &v.trend {
            println!(
                "趋势 {}：达标 {}，任务群覆盖 {}，课时 {}/{}",
                p.term,
                shown(p.meeting),
                shown(p.coverage),
                p.lessons.done,
                p.lessons.required
            );
        }
        Ok(Outcome::Done)
    }))
}

/// `junheng labour lessons …`.
pub fn lessons(action: &LessonsAction) -> Result<Outcome, Failure> {
    match action {
        LessonsAction::Import(a) => import_kind(Kind::Lessons, &a.file, &a.db, a.login.as_deref()),
        LessonsAction::Template(a) => write_kind(Kind::Lessons, &a.output),
        LessonsAction::Withdraw(a) => withdraw_batch(a, &Kind::COMPLIANCE),
    }
}

/// `junheng labour week …`: one 劳动周 entered as the web form does (the template's rules).
pub fn week(action: &WeekAction) -> Result<Outcome, Failure> {
    match action {
        WeekAction::Template(a) => write_kind(Kind::Weeks, &a.output),
        WeekAction::Set(a) => {
            let file = entry(Kind::Weeks, |h| {
                Some(match h {
                    junheng_io::labour::SCHOOL => a.school.clone(),
                    junheng_io::labour::FIRST_DAY => a.first.clone(),
                    junheng_io::labour::LAST_DAY => a.last.clone(),
                    _ => String::new(),
                })
            })
            .map_err(refused)?;
            store_kind(Kind::Weeks, &file, "", &a.db, a.login.as_deref())
        }
    }
}

/// `junheng labour stars`.
pub fn star_schools(args: &StarsArgs) -> Result<Outcome, Failure> {
    let term = term_arg(args.term.as_deref())?;
    let (keys, settings) = (args.keys.require()?, args.settings.load()?);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let pass = LabourPass::of(&op).expect("the operator's pass");
        let v = stars(data, &keys, &pass, &op, term, today(), &settings)
            .await
            .map_err(refused)?;
        if args.json {
            return crate::text::print_json(&v);
        }
        println!("{} {} 星级学校", district.name, v.term);
        for s in &v.schools {
            let missing: Vec<String> = s
                .checks
                .iter()
                .filter(|c| !c.reached())
                .map(|c| {
                    let mut lacks = Vec::new();
                    for (ok, what) in [
                        (c.meeting, "学生达标率"),
                        (c.coverage, "任务群覆盖"),
                        (c.lessons, "劳动课时"),
                        (c.labour_week, "劳动周"),
                    ] {
                        if !ok {
                            lacks.push(what);
                        }
                    }
                    format!("{}星缺{}", c.stars, lacks.join("、"))
                })
                .collect();
            println!(
                "  {}\t{} 星\t课时 {}/{}\t劳动周 {}\t{}",
                s.school,
                s.stars,
                s.lessons.done,
                s.lessons.required,
                if s.labour_week { "是" } else { "否" },
                missing.join("；")
            );
        }
        Ok(Outcome::Done)
    }))
}
