//! `junheng projects list|import|template|what-if|plan|export` (一校一案): the building-project
//! ledger through the same operations as the web pages (`junheng_app::seats::projects`). The
//! command line's operator holds the database: every write is allowed, recorded under `--as`
//! (default `system`).

use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::seats::projects::money::execution;
use junheng_app::seats::projects::tables::{plan_tables, what_if_tables};
use junheng_app::seats::projects::whatif::{plan_year, what_if_year};
use junheng_app::seats::projects::{Caller, Imported, Refused, line_of};

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ProjectsAction {
    /// 列出建设项目台账：类型、状态、学校、新增学位、总投资、计划与已支出资金、执行率，及按资金来源的合计
    List(ListArgs),
    /// 导入建设项目台账（全部写入或全部不写入；与台账同名的项目须加 --replace 才替换）
    Import(ImportArgs),
    /// 写出建设项目台账的空白模板（.xlsx）
    Template {
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
    /// 导出台账（与模板格式相同的 .xlsx，可再导入）
    Export(ExportArgs),
    /// 模拟：所选项目建成后某学年各校七项指标、达标结论和各差异系数的变化
    WhatIf(StudyArgs),
    /// 规划：候选项目（默认全部规划中的项目）中总投资最少的达标组合
    Plan(StudyArgs),
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
pub struct ImportArgs {
    /// 台账文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 确认替换与台账中同名的项目
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ExportArgs {
    /// 输出文件（.xlsx）
    pub output: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct StudyArgs {
    /// 项目编号，以逗号分隔（规划时不填则为全部规划中的项目）
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub project: Vec<i64>,
    /// 学年（默认：有统计数据的最新学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 评估规则：内置 id 或规则文件路径
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 把结果写入 .xlsx 文件
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

fn refused(e: Refused) -> Failure {
    match e {
        Refused::Problems(f) => Failure::Input(format!("未写入任何项目：\n{f}")),
        e => Failure::Input(e.to_string()),
    }
}

/// `output` if it names an .xlsx file.
fn xlsx_path(output: &Path) -> Result<&Path, Failure> {
    let xlsx = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        Ok(output)
    } else {
        Err(Failure::Input(format!(
            "文件 {} 的扩展名应为 .xlsx",
            output.display()
        )))
    }
}

fn write(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(xlsx_path(output)?, bytes)
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", output.display())))?;
    eprintln!("已写出：{}", output.display());
    Ok(())
}

/// 元 as 万元 with two decimals.
fn wan(yuan: i64) -> String {
    format!("{:.2}", yuan as f64 / 10_000.0)
}

fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

pub fn run(action: &ProjectsAction) -> Result<Outcome, Failure> {
    match action {
        ProjectsAction::List(args) => list(args),
        ProjectsAction::Import(args) => import(args),
        ProjectsAction::Template { output } => {
            write(output, &junheng_io::seats::projects::write_template())?;
            Ok(Outcome::Done)
        }
        ProjectsAction::Export(args) => export(args),
        ProjectsAction::WhatIf(args) => what_if(args),
        ProjectsAction::Plan(args) => plan(args),
    }
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let operator = junheng_store::Actor::system();
        let projects = junheng_app::seats::projects::list(data, &Caller::Operator(&operator))
            .await
            .map_err(refused)?;
        let totals = execution(&projects);
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "projects": projects, "execution": totals }));
        }
        println!("{}的建设项目台账（{} 项）", district.name, projects.len());
        println!(
            "编号\t项目名称\t学校标识码\t类型\t状态\t规划学年\t投入使用学年\t新增学位\t总投资（万元）\t资金来源\t计划（万元）\t已支出（万元）\t执行率"
        );
        for p in &projects {
            let e = &p.entry;
            let planned: i64 = e.money.iter().map(|m| m.planned).sum();
            let spent: i64 = e.money.iter().map(|m| m.spent).sum();
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                p.id,
                e.name,
                e.school,
                e.kind.label(),
                e.status.label(),
                e.year_planned,
                e.year_opened.map_or(String::new(), |y| y.to_string()),
                e.seats_added,
                wan(e.cost),
                e.funding,
                wan(planned),
                wan(spent),
                rate(junheng_core::seats::ledger::execution_rate(planned, spent))
            );
        }
        println!(
            "合计：新增学位 {}，总投资 {} 万元，计划 {} 万元，已支出 {} 万元，执行率 {}",
            totals.seats,
            wan(totals.cost),
            wan(totals.total.planned),
            wan(totals.total.spent),
            rate(totals.total.rate)
        );
        for f in &totals.by_source {
            println!(
                "  {}：{} 项，总投资 {} 万元，计划 {} 万元，已支出 {} 万元，执行率 {}",
                f.source,
                f.projects,
                wan(f.cost),
                wan(f.money.planned),
                wan(f.money.spent),
                rate(f.money.rate)
            );
        }
        Ok(Outcome::Done)
    }))
}

fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file = junheng_io::seats::projects::read_ledger_with(&bytes, &name, &crate::limits())
        .map_err(|f| refused(Refused::Problems(f)))?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done =
            junheng_app::seats::projects::import(data, &Caller::Operator(&actor), &file, args.replace)
                .await
                .map_err(refused)?;
        for w in &file.warnings {
            eprintln!("提示：{w}");
        }
        match done {
            Imported::Done(d) => {
                println!(
                    "已导入{}的建设项目台账 {}：新增 {} 项，替换 {} 项",
                    district.name, name, d.added, d.replaced
                );
                Ok(Outcome::Done)
            }
            Imported::NeedsConfirmation { replaced, .. } => Err(Failure::Input(format!(
                "文件中的 {} 个项目与台账中已有项目同名（{}），未写入任何项目；确认替换请加 --replace",
                replaced.len(),
                replaced.join("、")
            ))),
        }
    }))
}

fn export(args: &ExportArgs) -> Result<Outcome, Failure> {
    xlsx_path(&args.output)?;
    runtime()?.block_on(args.db.with_district(async |_store, _district, data| {
        let operator = junheng_store::Actor::system();
        let projects = junheng_app::seats::projects::list(data, &Caller::Operator(&operator))
            .await
            .map_err(refused)?;
        let lines: Vec<_> = projects.iter().map(line_of).collect();
        write(
            &args.output,
            &junheng_io::seats::projects::write_ledger(&lines),
        )?;
        Ok(Outcome::Done)
    }))
}

fn tables_out(output: Option<&Path>, tables: &[junheng_io::export::Table]) -> Result<(), Failure> {
    if let Some(output) = output {
        let bytes = junheng_io::export::write_xlsx(tables)
            .map_err(|e| Failure::Output(anyhow::anyhow!("{e}")))?;
        write(output, &bytes)?;
    }
    Ok(())
}

fn what_if(args: &StudyArgs) -> Result<Outcome, Failure> {
    if args.project.is_empty() {
        return Err(Failure::Input("请用 --project 指定至少一个项目编号".into()));
    }
    let rulebook = crate::evaluate::load_rulebook(&args.rulebook)?;
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let operator = junheng_store::Actor::system();
        let r = what_if_year(
            data,
            &Caller::Operator(&operator),
            args.year,
            &args.project,
            &rulebook,
        )
        .await
        .map_err(refused)?;
        tables_out(args.output.as_deref(), &what_if_tables(&r))?;
        if args.json {
            return crate::text::print_json(&r);
        }
        println!(
            "{} {} 学年（第 {} 版统计）模拟 {} 个项目：未达标单位 {} → {}，区县{} → {}",
            district.name,
            r.year,
            r.version,
            r.applied.len(),
            r.result.failing.0,
            r.result.failing.1,
            if r.result.passes.0 {
                "达标"
            } else {
                "未达标"
            },
            if r.result.passes.1 {
                "达标"
            } else {
                "未达标"
            }
        );
        for p in &r.left_out {
            println!("未计入（该学年统计中没有该校）：{}", p.entry.name);
        }
        for e in &r.effects {
            let name = r
                .applied
                .iter()
                .find(|p| p.id == e.project)
                .map_or("", |p| p.entry.name.as_str());
            println!(
                "  #{} {}：改变 {} 个单位；转为达标：{}；降到限值内的差异系数 {} 项",
                e.project,
                name,
                e.units_changed,
                e.units_passing.join("、"),
                e.spreads_closed.len()
            );
        }
        for s in r.result.spreads.iter().filter(|s| s.met != s.meets) {
            println!(
                "  差异系数 {} {}：{:?} → {:?}（限值 {:?}）",
                s.section.label(),
                s.indicator,
                s.before,
                s.after,
                s.limit
            );
        }
        Ok(Outcome::Done)
    }))
}

fn plan(args: &StudyArgs) -> Result<Outcome, Failure> {
    let rulebook = crate::evaluate::load_rulebook(&args.rulebook)?;
    let ids = (!args.project.is_empty()).then_some(args.project.as_slice());
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let operator = junheng_store::Actor::system();
        let r = plan_year(
            data,
            &Caller::Operator(&operator),
            args.year,
            ids,
            &rulebook,
        )
        .await
        .map_err(refused)?;
        tables_out(args.output.as_deref(), &plan_tables(&r))?;
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "report": r, "gap": r.gap() }));
        }
        let method = if r.exact() {
            "精确（枚举全部组合）"
        } else {
            "贪心"
        };
        println!(
            "{} {} 学年，候选项目 {} 个，方法：{method}",
            district.name,
            r.year,
            r.candidates.len()
        );
        if r.plan.passes {
            println!(
                "入选项目建成后全部单位达标、各差异系数均在限值内；总投资 {} 万元",
                wan(r.cost)
            );
        } else {
            println!(
                "没有组合能使区县达标；最接近的组合总投资 {} 万元",
                wan(r.cost)
            );
        }
        if let (Some(lb), Some(gap)) = (r.lower_bound, r.gap()) {
            println!("费用下界 {} 万元，差距 {:.1}%", wan(lb), gap * 100.0);
        }
        for p in &r.chosen {
            println!(
                "  #{} {}（{}）{} 万元",
                p.id,
                p.entry.name,
                p.entry.school,
                wan(p.entry.cost)
            );
        }
        for u in &r.still_failing {
            println!("  仍未达标：{} {}（{}）", u.unit, u.name, u.section.label());
        }
        for s in &r.spreads_over {
            println!(
                "  仍超限的差异系数：{} {} {:?}（限值 {:?}）",
                s.section.label(),
                s.indicator,
                s.after,
                s.limit
            );
        }
        Ok(Outcome::Done)
    }))
}
