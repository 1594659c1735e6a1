//! `junheng pairing list|add` (结对帮扶) and `junheng classroom import|report|template` (三个课堂)
//! through the same operations as the web pages (`junheng_app::pairings`,
//! `junheng_app::classroom`). The command line's operator holds the database: every write is
//! allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::classroom::{LessonPlan, Scheduled, Schools};
use junheng_app::pairings::{Caller, Refused};
use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::{SchoolCode, school_year};
use junheng_store::{Helper, NewPairing};

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum PairingAction {
    /// 列出结对帮扶：类型、帮扶方、受援学校、帮扶方式、起止日期、活动次数与时长
    List(ListArgs),
    /// 登记一项结对帮扶
    Add(Box<AddArgs>),
}

#[derive(Subcommand, Debug)]
pub enum ClassroomAction {
    /// 导入三个课堂记录（全部写入或全部不写入；有问题时逐条列出工作表、行、列和值）
    Import(ImportArgs),
    /// 某学年各学校（默认只列乡村学校）分学科的接收节数、时长和计划课时覆盖比例
    Report(ReportArgs),
    /// 写出三个课堂记录的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
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
pub struct AddArgs {
    /// 结对类型：城乡结对、对口帮扶、跨区县联盟、跨省联盟、专家团队帮扶
    #[arg(long)]
    pub kind: String,
    /// 帮扶学校的学校标识码（本区县学校）
    #[arg(long, value_name = "CODE")]
    pub helper_school: Option<String>,
    /// 区县外帮扶学校的名称（与 --helper-place 一起）或专家团队的名称（与 --teachers 一起）
    #[arg(long, value_name = "NAME")]
    pub helper_name: Option<String>,
    /// 区县外帮扶学校所在的区县或省
    #[arg(long, value_name = "PLACE")]
    pub helper_place: Option<String>,
    /// 专家团队的教师人数
    #[arg(long)]
    pub teachers: Option<u32>,
    /// 受援学校的学校标识码，以逗号分隔
    #[arg(long, value_name = "CODE,…")]
    pub schools: String,
    /// 帮扶方式，以逗号分隔：送教、联合教研、骨干支援、干部挂职、师徒结对、专递课堂
    #[arg(long, value_name = "方式,…", value_delimiter = ',', required = true)]
    pub help_kinds: Vec<String>,
    /// 开始日期（YYYY-MM-DD）
    #[arg(long)]
    pub from: String,
    /// 结束日期（YYYY-MM-DD），仍在进行时不填
    #[arg(long)]
    pub to: Option<String>,
    /// 备注
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 三个课堂记录文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ReportArgs {
    /// 学年（默认：有统计数据或课堂记录的最新学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 列出全部学校（默认只列城乡分类为乡村的学校）
    #[arg(long)]
    pub all: bool,
    /// 每学年教学周数（默认 35）
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=52))]
    pub weeks: Option<u32>,
    /// 某学科的周课时（1–2、3–6、7–9 年级），可重复，例如 --lessons 音乐=2,2,1；
    /// 默认 音乐=2,2,1 美术=2,2,1 科学=1,2,0
    #[arg(long, value_name = "学科=a,b,c")]
    pub lessons: Vec<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

pub(crate) fn refused(e: Refused) -> Failure {
    match e {
        Refused::Problems(f) => Failure::Input(format!("未写入任何记录：\n{f}")),
        e => Failure::Input(e.to_string()),
    }
}

pub fn pairing(action: &PairingAction) -> Result<Outcome, Failure> {
    match action {
        PairingAction::List(args) => list(args),
        PairingAction::Add(args) => add(args),
    }
}

pub fn classroom(action: &ClassroomAction) -> Result<Outcome, Failure> {
    match action {
        ClassroomAction::Import(args) => import(args),
        ClassroomAction::Report(args) => report(args),
        ClassroomAction::Template { output } => {
            crate::rotation::template(output, junheng_io::classroom::write_template)
        }
    }
}

fn helper_text(helper: &Helper) -> String {
    match helper {
        Helper::School { code } => code.to_string(),
        Helper::Outside { name, place } => format!("{name}（{place}）"),
        Helper::Team { name, teachers } => format!("{name}（{teachers} 名教师）"),
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let operator = junheng_store::Actor::system();
        let (_, pairings) = junheng_app::pairings::visible(data, &Caller::Operator(&operator))
            .await
            .map_err(refused)?;
        let totals = data
            .activity_totals()
            .await
            .map_err(crate::platform::store_error)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&pairings).map_err(|e| Failure::Output(e.into()))?
            );
            return Ok(Outcome::Done);
        }
        println!("{}的结对帮扶（{} 项）", district.name, pairings.len());
        println!("编号\t类型\t帮扶方\t受援学校\t帮扶方式\t开始\t结束\t活动次数\t活动时长（小时）");
        for p in &pairings {
            let t = totals.get(&p.id).copied().unwrap_or_default();
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.1}",
                p.id,
                p.kind.label(),
                helper_text(&p.helper),
                p.schools
                    .iter()
                    .map(SchoolCode::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                p.help
                    .iter()
                    .map(|h| h.label())
                    .collect::<Vec<_>>()
                    .join("、"),
                p.started_on,
                p.ended_on.as_deref().unwrap_or(""),
                t.activities,
                t.hours
            );
        }
        Ok(Outcome::Done)
    }))
}

fn add(args: &AddArgs) -> Result<Outcome, Failure> {
    let kind = PairingKind::parse(&args.kind).ok_or_else(|| {
        Failure::Input(format!(
            "结对类型“{}”应为 城乡结对、对口帮扶、跨区县联盟、跨省联盟 或 专家团队帮扶",
            args.kind
        ))
    })?;
    let helper = match (&args.helper_school, &args.helper_name, args.teachers) {
        (Some(code), None, None) => Helper::School {
            code: SchoolCode::parse(code.trim())
                .map_err(|_| Failure::Input(format!("学校标识码“{code}”应为 10 位数字")))?,
        },
        (None, Some(name), Some(teachers)) => Helper::Team {
            name: name.clone(),
            teachers,
        },
        (None, Some(name), None) => Helper::Outside {
            name: name.clone(),
            place: args.helper_place.clone().unwrap_or_default(),
        },
        _ => {
            return Err(Failure::Input(
                "帮扶方应为以下之一：--helper-school 学校标识码；--helper-name 与 --helper-place \
                 （区县外学校）；--helper-name 与 --teachers（专家团队）"
                    .into(),
            ));
        }
    };
    let schools = junheng_app::pairings::parse_schools(&args.schools)
        .map_err(crate::platform::store_error)?;
    let help = args
        .help_kinds
        .iter()
        .map(|h| {
            HelpKind::parse(h).ok_or_else(|| {
                Failure::Input(format!(
                    "帮扶方式“{h}”应为 送教、联合教研、骨干支援、干部挂职、师徒结对 或 专递课堂"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let new = NewPairing {
            kind,
            helper: &helper,
            schools: &schools,
            help: &help,
            started_on: args.from.trim(),
            ended_on: args.to.as_deref().map(str::trim),
            note: &args.note,
        };
        let stored = junheng_app::pairings::add(data, &Caller::Operator(&actor), &new)
            .await
            .map_err(refused)?;
        println!(
            "已登记{}的结对帮扶 #{}：{}，受援学校 {} 所",
            district.name,
            stored.id,
            stored.kind.label(),
            stored.schools.len()
        );
        Ok(Outcome::Done)
    }))
}

fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = junheng_app::classroom::read(&bytes, &name, &crate::limits()).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::classroom::import(data, &Caller::Operator(&actor), &file, &sha256)
            .await
            .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{}的三个课堂记录 {}：{} 节课",
            district.name, name, done.sessions
        );
        Ok(Outcome::Done)
    }))
}

/// The plan of the flags: the default, `--weeks`, then each `--lessons 学科=a,b,c`.
fn plan(args: &ReportArgs) -> Result<LessonPlan, Failure> {
    let mut plan = LessonPlan::national();
    if let Some(w) = args.weeks {
        plan.weeks = w;
    }
    for l in &args.lessons {
        let bad = || {
            Failure::Input(format!(
                "--lessons “{l}”应写作 学科=1–2年级,3–6年级,7–9年级的周课时，例如 音乐=2,2,1"
            ))
        };
        let (subject, weekly) = l.split_once('=').ok_or_else(bad)?;
        let numbers: Vec<f64> = weekly
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let weekly: [f64; 3] = numbers.try_into().map_err(|_| bad())?;
        plan.subjects.insert(subject.trim().to_owned(), weekly);
    }
    plan.check().map_err(Failure::Input)?;
    Ok(plan)
}

fn report(args: &ReportArgs) -> Result<Outcome, Failure> {
    let plan = plan(args)?;
    let schools = if args.all {
        Schools::All
    } else {
        Schools::Rural
    };
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = match args.year {
            Some(y) => y,
            None => {
                let stats = data
                    .years()
                    .await
                    .map_err(crate::platform::store_error)?
                    .iter()
                    .map(|y| y.year)
                    .max();
                let sessions = junheng_app::classroom::years(data)
                    .await
                    .map_err(crate::platform::store_error)?
                    .first()
                    .copied();
                stats.max(sessions).ok_or_else(|| {
                    Failure::Input(format!("{}还没有学校统计数据或课堂记录", district.name))
                })?
            }
        };
        let operator = junheng_store::Actor::system();
        let usage =
            junheng_app::classroom::usage(data, &Caller::Operator(&operator), year, schools, &plan)
                .await
                .map_err(refused)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&usage).map_err(|e| Failure::Output(e.into()))?
            );
            return Ok(Outcome::Done);
        }
        println!(
            "{} {} 学年三个课堂（{}；每学年 {} 个教学周）",
            district.name,
            school_year(year),
            if args.all {
                "全部学校"
            } else {
                "乡村学校"
            },
            plan.weeks
        );
        if !usage.has_statistics {
            println!("该学年没有学校统计数据：各校班数未知，计划课时均为“未接入”");
        }
        println!(
            "学校标识码\t学校名称\t班数\t学科\t接收节数\t接收时长（小时）\t计划课时\t覆盖比例"
        );
        for r in &usage.rows {
            let (scheduled, share) = match r.scheduled {
                Scheduled::Unknown => ("未接入".to_owned(), "未接入".to_owned()),
                Scheduled::NotPlanned => ("未安排".to_owned(), "—".to_owned()),
                Scheduled::Lessons(l) => (
                    format!("{l:.0}"),
                    r.share
                        .map_or_else(|| "—".to_owned(), |s| format!("{:.1}%", s * 100.0)),
                ),
            };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{:.1}\t{scheduled}\t{share}",
                r.school,
                r.name,
                r.classes.map_or_else(String::new, |c| c.to_string()),
                r.subject,
                r.sessions,
                r.hours
            );
        }
        Ok(Outcome::Done)
    }))
}
