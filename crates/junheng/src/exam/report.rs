//! `exam report`, `exam va` and `exam naeq`.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::exams::report::{PaperReport, Report, report as build_report};
use junheng_app::exams::value_added::value_added;
use junheng_app::pairings::Caller;
use junheng_core::exam::{NAEQ_LINE, UnitLevel};
use junheng_store::NaeqUnit;

use super::{SettingsArgs, Writer, exam_named};
use crate::platform::{runtime, store_error};
use crate::students::{KeyArgs, refused};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct ReportArgs {
    /// 考试名称
    #[arg(long, value_name = "NAME")]
    pub exam: String,
    /// 同时写出 JSON（与页面和接口同一份数据）
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// 同时写出工作簿（.xlsx：考试报告、比值赋分、校际差异率本地估算、素养水平、箱线图）
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// 人数少于此数的单位只显示人数（小格隐藏）
    #[arg(long, default_value_t = 10)]
    pub min_cell: u32,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct VaArgs {
    /// 入口考试（较早的一次）名称
    #[arg(long, value_name = "NAME")]
    pub from: String,
    /// 出口考试（较晚的一次）名称
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// 同时写出 JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(Subcommand, Debug)]
pub enum NaeqAction {
    /// 录入（或更正）一个年份、一个学科的国家监测结果
    Set(NaeqSetArgs),
    /// 列出已录入的国家监测结果，及是否达到“校际差异率 < 0.15”
    List(NaeqListArgs),
}

#[derive(ClapArgs, Debug)]
pub struct NaeqSetArgs {
    /// 监测年份
    #[arg(long)]
    pub year: i32,
    /// 学科（语文、数学、科学……）
    #[arg(long)]
    pub subject: String,
    /// 校际差异率，按 --unit 的单位
    #[arg(long)]
    pub between_school: f64,
    /// 单位：ratio（比值，如 0.15）或 percent（百分数，如 15）
    #[arg(long)]
    pub unit: String,
    /// 学业水平（1–4，即水平Ⅰ–Ⅳ），如报告给出
    #[arg(long)]
    pub level: Option<u8>,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct NaeqListArgs {
    #[command(flatten)]
    pub writer: Writer,
}

fn write_file(path: &PathBuf, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", path.display())))
}

fn shown(x: Option<f64>, scale: f64) -> String {
    x.map_or("—".to_owned(), |v| format!("{:.2}", v * scale))
}

/// What a withheld row (a small cell) shows instead of its levels or box plot.
const SUPPRESSED: &str = "人数过少，不显示";

/// 素养水平 of a paper with level cuts: the scale in words, then per row but the classes' (the
/// engine counts levels by school and above) students and share per level and the share at
/// 水平Ⅲ or above.
fn print_levels(p: &PaperReport) {
    let Some(scale) = &p.levels else { return };
    let [a, b, c] = scale.cuts;
    let ranges = [
        format!("低于 {a} 分"),
        format!("{a} 分及以上、低于 {b} 分"),
        format!("{b} 分及以上、低于 {c} 分"),
        format!("{c} 分及以上"),
    ];
    let words: Vec<String> = scale
        .labels
        .iter()
        .zip(&ranges)
        .map(|(label, range)| format!("{label}（{range}）"))
        .collect();
    println!(
        "\n{}素养水平：{}；人数按计入平均分的学生统计，“≥Ⅲ级”为水平Ⅲ及以上的比例",
        p.subject,
        words.join("，")
    );
    let mut head = vec!["单位".to_owned(), "实考".to_owned()];
    for label in &scale.labels {
        head.push(format!("{label}人数"));
        head.push(format!("{label}比例%"));
    }
    head.push("≥Ⅲ级%".to_owned());
    println!("{}", head.join("\t"));
    for r in p.rows.iter().filter(|r| !r.level.inside_school()) {
        let Some(l) = &r.levels else {
            println!("{}\t{}\t{SUPPRESSED}", r.name, r.sat);
            continue;
        };
        let mut cells = vec![r.name.clone(), r.sat.to_string()];
        for k in 0..4 {
            cells.push(l.counts[k].to_string());
            cells.push(shown(l.shares.map(|s| s[k]), 100.0));
        }
        cells.push(shown(l.at_least_three, 100.0));
        println!("{}", cells.join("\t"));
    }
}

/// The box plots of a paper: the pool's and each school's five numbers.
fn print_boxes(p: &PaperReport) {
    println!(
        "\n{}成绩分布（箱线图）\n单位\t实考\t最低分\t下四分位数(Q1)\t中位数\t上四分位数(Q3)\t最高分",
        p.subject
    );
    for r in p
        .rows
        .iter()
        .filter(|r| matches!(r.level, UnitLevel::All | UnitLevel::School))
    {
        match r.box_plot {
            Some(b) => println!(
                "{}\t{}\t{}",
                r.name,
                r.sat,
                [b.min, b.q1, b.median, b.q3, b.max]
                    .map(|v| shown(Some(v), 1.0))
                    .join("\t")
            ),
            None => println!("{}\t{}\t{SUPPRESSED}", r.name, r.sat),
        }
    }
}

/// The report as text: per paper, the pool and the schools, their literacy levels and box
/// plots; the composite; the estimates.
fn print(report: &Report) {
    println!(
        "「{}」：{} 所学校，应考名单 {} 名学生",
        report.exam.name, report.schools, report.students
    );
    for p in &report.papers {
        println!(
            "\n{}（满分 {}；优秀 ≥ {}，良好 ≥ {}，及格 ≥ {}，低分 < {}；区分度 {}）",
            p.subject,
            p.full,
            p.lines[0],
            p.lines[1],
            p.lines[2],
            p.lines[3],
            shown(p.discrimination, 1.0)
        );
        println!(
            "单位\t应考\t实考\t参考率%\t平均分\t标准差\t优秀率%\t良好率%\t及格率%\t低分率%\t超均率%\tT分\t排名"
        );
        for r in p.rows.iter().filter(|r| !r.level.inside_school()) {
            let rate = |i: usize| shown(r.rates.map(|a| a[i]), 100.0);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.name,
                r.enrolled,
                r.sat,
                shown(r.participation, 100.0),
                shown(r.mean, 1.0),
                shown(r.sd, 1.0),
                rate(0),
                rate(1),
                rate(2),
                rate(3),
                shown(r.over_mean, 100.0),
                shown(r.t, 1.0),
                r.rank.map_or("—".to_owned(), |k| k.to_string()),
            );
        }
        if let Some(s) = &p.spread {
            println!(
                "校际差异率（{}，不作督导结论）：η² {}，ICC(1) {}，校均得分率标准差 {}（参考线 {NAEQ_LINE}）",
                s.all.label(),
                shown(s.all.eta2, 1.0),
                shown(s.all.icc1, 1.0),
                shown(s.all.sd_of_means, 1.0)
            );
        }
        print_levels(p);
        print_boxes(p);
    }
    if !report.composite.is_empty() {
        println!("\n比值赋分\t总分\t排名");
        for (name, c) in &report.composite {
            println!("{name}\t{:.2}\t{}", c.score, c.rank);
        }
    }
}

pub fn report(args: &ReportArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let settings = args.settings.load()?;
    let w = &args.writer;
    let report = runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let e = exam_named(data, &args.exam).await?;
        build_report(
            data,
            &Caller::Operator(&actor),
            Some(&keys),
            e.id,
            &settings,
            args.min_cell,
        )
        .await
        .map_err(refused)
    }))?;
    print(&report);
    if let Some(path) = &args.json {
        let json = serde_json::to_vec_pretty(&report).expect("a report serialises");
        write_file(path, &json)?;
    }
    if let Some(path) = &args.xlsx {
        let tables = junheng_app::exams::export::tables(&report);
        let bytes = junheng_io::export::write_xlsx(&tables)
            .map_err(|e| Failure::Output(anyhow::anyhow!("无法生成工作簿：{e}")))?;
        write_file(path, &bytes)?;
    }
    Ok(Outcome::Done)
}

pub fn va(args: &VaArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let settings = args.settings.load()?;
    let w = &args.writer;
    let va = runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let from = exam_named(data, &args.from).await?;
        let to = exam_named(data, &args.to).await?;
        value_added(
            data,
            &Caller::Operator(&actor),
            Some(&keys),
            from.id,
            to.id,
            &settings,
        )
        .await
        .map_err(refused)
    }))?;
    println!("增值评价：「{}」→「{}」", va.input.name, va.output.name);
    for caveat in va.caveats {
        println!("注意：{caveat}");
    }
    for s in &va.subjects {
        println!(
            "\n{}（入口与出口相关 r = {}）\n学校\t覆盖率%\t增值\t标准误\t判断",
            s.subject,
            shown(s.r, 1.0)
        );
        for r in s.rows.iter().filter(|r| r.level == UnitLevel::School) {
            let u = &r.unit;
            println!(
                "{}\t{}\t{}\t{}\t{}",
                r.name,
                shown(u.coverage, 100.0),
                shown(u.va, 1.0),
                shown(u.se, 1.0),
                match (u.sufficient, u.band) {
                    (false, _) => "样本不足，不作判断".to_owned(),
                    (true, Some(b)) => b.label().to_owned(),
                    (true, None) => "—".to_owned(),
                }
            );
        }
    }
    if let Some(path) = &args.json {
        write_file(path, &serde_json::to_vec_pretty(&va).expect("serialises"))?;
    }
    Ok(Outcome::Done)
}

pub fn naeq(action: &NaeqAction) -> Result<Outcome, Failure> {
    match action {
        NaeqAction::Set(a) => {
            let unit = NaeqUnit::parse(&a.unit).ok_or_else(|| {
                Failure::Input(format!(
                    "--unit “{}” 应为 ratio（比值）或 percent（百分数）",
                    a.unit
                ))
            })?;
            let w = &a.writer;
            runtime()?.block_on(w.db.with_district(async |store, district, data| {
                let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
                let e = data
                    .set_naeq(a.year, &a.subject, a.level, a.between_school, unit, &actor)
                    .await
                    .map_err(store_error)?;
                println!(
                    "已录入 {} 年{}：校际差异率 {}{}",
                    e.year,
                    e.subject,
                    e.between_school,
                    if e.unit == NaeqUnit::Percent { "%" } else { "" }
                );
                Ok(Outcome::Done)
            }))
        }
        NaeqAction::List(a) => {
            runtime()?.block_on(a.writer.db.with_district(async |_, _, data| {
                for e in data.naeq_results().await.map_err(store_error)? {
                    let ratio = match e.unit {
                        NaeqUnit::Ratio => e.between_school,
                        NaeqUnit::Percent => e.between_school / 100.0,
                    };
                    println!(
                        "{}\t{}\t水平 {}\t校际差异率 {ratio:.4}\t{}",
                        e.year,
                        e.subject,
                        e.level.map_or("—".to_owned(), |l| l.to_string()),
                        if ratio < NAEQ_LINE {
                            "达到（< 0.15）"
                        } else {
                            "未达到"
                        }
                    );
                }
                Ok(Outcome::Done)
            }))
        }
    }
}
