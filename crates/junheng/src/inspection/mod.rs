//! `junheng inspection status|attest|withdraw|input|withdraw-input|report|path|self-assess`
//! (督导评估): the verdict of a school year on all four parts and the 一票否决 list, the
//! district's statements and figures, its 创建路径 and its 自评 step — the same operations as the web pages (`junheng_app::inspection`). The command line's
//! operator holds the database: every write is allowed, recorded under `--as` (default `system`).
//! `status` exits 0 when the district can be recognised, 1 when not or not yet.

mod path;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::inspection::{Settings, Status, attest, resources, set_input, status};
use junheng_core::inspection::Overall;
use junheng_core::rulebook::Dimension;
use junheng_core::school::school_year;
use junheng_teachers::training::Day;

use crate::evaluate::load_rulebook;
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum InspectionAction {
    /// 某学年督导评估的结论：四个方面、每项指标（数据计算或认定）、一票否决、差距清单
    Status(StatusArgs),
    /// 对某项指标作出认定（达标/未达标；认定达标须另附佐证材料才被采信）
    Attest(AttestArgs),
    /// 撤回一条认定（之前的一条重新生效）
    Withdraw(WithdrawArgs),
    /// 录入数据项：recognition_rate（官方社会认可度）、recognition_respondents、small_school_per_student
    Input(InputArgs),
    /// 撤回一条录入的数据（之前的一条重新生效）
    WithdrawInput(WithdrawArgs),
    /// 生成自评报告（Word .docx，按本区县上传的模板或默认模板；或 --format xlsx 写出申报用指标与差距清单）
    Report(ReportArgs),
    /// 创建路径：目标年份与期限、五个创建步骤、该学年督导评估达标情况、未完成与逾期的整改任务
    Path(path::PathArgs),
    /// 记录本区县的自评（只此一步；市级过程评估及以后由市级记录）
    SelfAssess(path::SelfAssessArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ReportArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出文件，例如 自评报告.docx
    #[arg(short, long)]
    pub output: std::path::PathBuf,
    /// docx（自评报告）或 xlsx（指标与差距清单）
    #[arg(long, default_value = "docx", value_parser = ["docx", "xlsx"])]
    pub format: String,
    /// 模板文件（.docx）；不给时用本区县上传的模板，没有则用默认模板
    #[arg(long, value_name = "FILE")]
    pub template: Option<std::path::PathBuf>,
    /// 评估规则：内置规则 id（默认 cn-2017）或省级规则文件
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    #[command(flatten)]
    pub settings: crate::students::SettingsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct StatusArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 评估规则：内置规则 id（默认 cn-2017）或省级规则文件
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    #[command(flatten)]
    pub settings: crate::students::SettingsArgs,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct AttestArgs {
    /// 指标 id，例如 four_unified（junheng rulebook show cn-2017 列出全部指标）
    pub item: String,
    /// 学年
    #[arg(long)]
    pub year: i32,
    /// 认定达标（一票否决事项：无此情形）
    #[arg(long, conflicts_with = "not_met", required_unless_present = "not_met")]
    pub met: bool,
    /// 认定未达标（一票否决事项：存在此情形）
    #[arg(long)]
    pub not_met: bool,
    /// 说明
    #[arg(long, default_value = "")]
    pub note: String,
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
pub struct InputArgs {
    /// 数据项：recognition_rate、recognition_respondents 或 small_school_per_student
    pub name: String,
    /// 数值，例如 0.9132
    pub value: f64,
    /// 学年
    #[arg(long)]
    pub year: i32,
    /// 来源（报告名称与日期）
    #[arg(long)]
    pub source: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 认定或数据的编号（status --json 中的 id）
    pub id: i64,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &InspectionAction) -> Result<Outcome, Failure> {
    match action {
        InspectionAction::Status(args) => show(args),
        InspectionAction::Attest(args) => {
            let rulebook = load_rulebook(&args.rulebook)?;
            runtime()?.block_on(args.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
                let s = attest(
                    data, args.year, &rulebook, &args.item, args.met, &args.note, &actor,
                )
                .await
                .map_err(store_error)?;
                println!(
                    "已认定 {} {} 学年指标 {}：{}（编号 {}）",
                    district.name,
                    school_year(s.year),
                    s.item,
                    if s.met { "达标" } else { "未达标" },
                    s.id
                );
                Ok(Outcome::Done)
            }))
        }
        InspectionAction::Withdraw(args) => {
            runtime()?.block_on(args.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
                let s = junheng_app::inspection::withdraw_statement(data, args.id, &actor)
                    .await
                    .map_err(store_error)?;
                println!(
                    "已撤回 {} 学年指标 {} 的认定（编号 {}）",
                    school_year(s.year),
                    s.item,
                    s.id
                );
                Ok(Outcome::Done)
            }))
        }
        InspectionAction::Input(args) => {
            runtime()?.block_on(args.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
                let i = set_input(
                    data,
                    args.year,
                    &args.name,
                    args.value,
                    &args.source,
                    &actor,
                )
                .await
                .map_err(store_error)?;
                println!(
                    "已录入 {} {} 学年 {} = {}（编号 {}）",
                    district.name,
                    school_year(i.year),
                    i.name,
                    i.value,
                    i.id
                );
                Ok(Outcome::Done)
            }))
        }
        InspectionAction::Report(args) => report(args),
        InspectionAction::Path(args) => path::show(args),
        InspectionAction::SelfAssess(args) => path::self_assess(args),
        InspectionAction::WithdrawInput(args) => {
            runtime()?.block_on(args.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
                let i = junheng_app::inspection::withdraw_input(data, args.id, &actor)
                    .await
                    .map_err(store_error)?;
                println!(
                    "已撤回 {} 学年数据 {}（编号 {}）",
                    school_year(i.year),
                    i.name,
                    i.id
                );
                Ok(Outcome::Done)
            }))
        }
    }
}

fn settings_of(args: &crate::students::SettingsArgs) -> Result<Settings, Failure> {
    Ok(Settings {
        consolidation: args.load()?.consolidation,
        ..Settings::default()
    })
}

fn today() -> Result<Day, Failure> {
    Day::parse(&junheng_app::tasks::beijing_today())
        .ok_or_else(|| Failure::Input("无法确定今天的日期".into()))
}

fn report(args: &ReportArgs) -> Result<Outcome, Failure> {
    let rulebook = load_rulebook(&args.rulebook)?;
    let settings = settings_of(&args.settings)?;
    let template = args
        .template
        .as_deref()
        .map(crate::read_input)
        .transpose()?;
    if let Some(t) = &template {
        junheng_app::inspection::report::check_template(t)
            .map_err(|e| Failure::Input(format!("{e}（{}）", e.code())))?;
    }
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = crate::seats::year_or_latest(data, district, args.year).await?;
        let records = data.statistics(year, None).await.map_err(store_error)?;
        let evaluation = junheng_core::evaluate::evaluate(&records, &rulebook).ok();
        let res = evaluation
            .as_ref()
            .map(junheng_core::inspection::resources_of);
        let s = status(data, year, &rulebook, &settings, today()?, res)
            .await
            .map_err(store_error)?;
        let bytes = if args.format == "xlsx" {
            junheng_io::export::write_xlsx(&junheng_app::inspection::report::tables(&s))
                .map_err(|e| Failure::Output(anyhow::anyhow!(e)))?
        } else {
            let template = match template {
                Some(t) => t,
                None => {
                    junheng_app::inspection::report::template(data)
                        .await
                        .map_err(store_error)?
                        .1
                }
            };
            let generated = junheng_store::beijing_time(std::time::SystemTime::now());
            let of = junheng_app::inspection::report::ReportOf {
                district: &district.name,
                generated: &generated,
            };
            junheng_app::inspection::report::write(&s, evaluation.as_ref(), &of, Some(&template))
                .map_err(|e| Failure::Input(format!("{e}（{}）", e.code())))?
        };
        std::fs::write(&args.output, &bytes).map_err(|e| {
            Failure::Output(anyhow::anyhow!("无法写出 {}：{e}", args.output.display()))
        })?;
        println!(
            "已写出{} {} 学年{}：{}（{}，数据戳 {}）",
            district.name,
            school_year(year),
            if args.format == "xlsx" {
                "督导评估表"
            } else {
                "自评报告"
            },
            args.output.display(),
            s.verdict.overall.label(),
            s.stamp
        );
        Ok(Outcome::Done)
    }))
}

fn show(args: &StatusArgs) -> Result<Outcome, Failure> {
    let rulebook = load_rulebook(&args.rulebook)?;
    let student_settings = args.settings.load()?;
    let settings = Settings {
        consolidation: student_settings.consolidation,
        ..Settings::default()
    };
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = crate::seats::year_or_latest(data, district, args.year).await?;
        let res = resources(data, year, &rulebook)
            .await
            .map_err(store_error)?;
        let today = Day::parse(&junheng_app::tasks::beijing_today())
            .ok_or_else(|| Failure::Input("无法确定今天的日期".into()))?;
        let s = status(data, year, &rulebook, &settings, today, res)
            .await
            .map_err(store_error)?;
        if args.json {
            crate::text::print_json(&s)?;
        } else {
            print(&district.name, &rulebook.id, &s);
        }
        Ok(if s.verdict.overall == Overall::Recognisable {
            Outcome::Pass
        } else {
            Outcome::Fail
        })
    }))
}

fn print(district: &str, rulebook: &str, s: &Status) {
    let v = &s.verdict;
    println!(
        "{district} {} 学年督导评估（{rulebook}@{}）：{}",
        school_year(s.year),
        v.rulebook_version,
        v.overall.label()
    );
    for r in &v.reasons {
        println!("  · {r}");
    }
    for p in &v.parts {
        println!(
            "{}：{}（达标 {}，未达标 {}，待认定 {}）",
            p.part.label(),
            p.status.label(),
            p.met,
            p.not_met,
            p.undecided
        );
    }
    for d in Dimension::ALL {
        println!("\n{}", d.label());
        for i in s.items.iter().filter(|i| i.def.dimension == d) {
            let Some(r) = v.item(&i.def.id) else { continue };
            let status = r.veto.map_or(r.status.label(), |x| x.label());
            println!(
                "  {:>2} {}\t{}\t{}\t{}",
                i.def.no,
                i.def.name,
                status,
                r.basis.label(),
                r.reason
            );
        }
    }
    if !v.gaps.is_empty() {
        println!("\n差距清单（{} 条）", v.gaps.len());
        for g in &v.gaps {
            let unit = g
                .unit
                .as_ref()
                .map_or("—".to_owned(), |u| format!("{} {}", u.unit, u.name));
            println!("  {}\t{}\t{unit}\t{}", g.part, g.label, g.remedy);
        }
    }
    println!("\n数据戳 {}", s.stamp);
}
