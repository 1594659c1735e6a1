//! `junheng evaluate`: import a school statistics file, evaluate one school year, report.

mod table;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use junheng_core::evaluate::{Evaluation, evaluate};
use junheng_core::rulebook::{Rulebook, TeachingPointPolicy, Weights};
use junheng_core::school::SchoolRecord;
use junheng_io::school::{ImportFailure, Issue, read_path_with};

use crate::{Failure, Outcome};

pub use table::render as render_table;

/// Output format of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 终端中文报告
    Table,
    /// 评估结果 JSON（稳定接口）
    Json,
    /// 可上报的 Excel 工作簿
    Xlsx,
}

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// 学校基本情况表（.xlsx / .xls / .ods / .csv）
    pub file: PathBuf,
    /// 评估规则：内置 id（cn-2017、cn-2012、hebei-2017、anhui-2018）或规则文件路径（TOML）
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 评估的学年（文件含多个学年时必填），2024 表示 2024–2025 学年
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 输出文件（xlsx 默认为「评估报告-规则-学年.xlsx」；table/json 默认输出到终端）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// 在标准错误输出中打印各阶段耗时（读取、评估、输出）
    #[arg(long)]
    pub timings: bool,
}

/// Command-line overrides of the rulebook's policies.
#[derive(ClapArgs, Debug, Default)]
pub struct PolicyArgs {
    /// 教学点口径：separate（单独计算）、merge（并入上级学校）、exclude-below=N（少于 N 人不参评）
    #[arg(long, value_parser = parse_teaching_points)]
    pub teaching_points: Option<TeachingPointPolicy>,
    /// 一贯制学校设施分摊权重 小学:初中:高中，例如 1:1.1:1.32
    #[arg(long, value_parser = parse_weights)]
    pub weights: Option<Weights>,
    /// 教学及辅助用房是否包含体育馆（true/false）
    #[arg(long)]
    pub gym_in_teaching_rooms: Option<bool>,
    /// 按保留 N 位小数后的数值与标准比较（默认全精度）
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=12))]
    pub compare_decimals: Option<u32>,
}

fn parse_teaching_points(text: &str) -> Result<TeachingPointPolicy, String> {
    match text {
        "separate" => Ok(TeachingPointPolicy::Separate),
        "merge" => Ok(TeachingPointPolicy::Merge),
        _ => text
            .strip_prefix("exclude-below=")
            .and_then(|n| n.parse().ok())
            .map(|min_students| TeachingPointPolicy::ExcludeBelow { min_students })
            .ok_or_else(|| {
                "应为 separate、merge 或 exclude-below=N（例如 exclude-below=50）".to_owned()
            }),
    }
}

fn parse_weights(text: &str) -> Result<Weights, String> {
    Weights::parse(text).ok_or_else(|| "应为 小学:初中:高中 三个正数，例如 1:1.1:1.32".to_owned())
}

impl PolicyArgs {
    /// Applies the overrides to a rulebook.
    pub fn apply(&self, rulebook: &mut Rulebook) {
        let policy = &mut rulebook.policy;
        if let Some(t) = self.teaching_points {
            policy.teaching_points = t;
        }
        if let Some(w) = self.weights {
            policy.apportion_weights = w;
        }
        if let Some(g) = self.gym_in_teaching_rooms {
            policy.gym_in_teaching_rooms = g;
        }
        if let Some(d) = self.compare_decimals {
            policy.compare_decimals = Some(d);
        }
    }
}

/// Loads a built-in rulebook by id, or a rulebook file by path.
pub fn load_rulebook(spec: &str) -> Result<Rulebook, Failure> {
    if Rulebook::builtin_ids().any(|id| id == spec) {
        return Rulebook::builtin(spec).map_err(|e| Failure::Input(e.to_string()));
    }
    let path = Path::new(spec);
    if !path.exists() {
        let ids: Vec<&str> = Rulebook::builtin_ids().collect();
        return Err(Failure::Input(format!(
            "找不到评估规则「{spec}」：既不是内置规则（{}），也不是存在的文件",
            ids.join("、")
        )));
    }
    let bytes = crate::read_input(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Input(format!("规则文件 {} 不是 UTF-8 文本", path.display())))?;
    Rulebook::from_toml(&text, &path.display().to_string())
        .map_err(|e| Failure::Input(e.to_string()))
}

/// Reads a school statistics file with a progress bar on large files; prints warnings.
pub fn import(path: &Path) -> Result<Vec<SchoolRecord>, Failure> {
    let read_path = |p: &Path, progress: &mut dyn FnMut(u64, u64)| {
        read_path_with(p, &crate::limits(), progress)
    };
    let read = read_checked(path, 5_000_000, read_path, |i| &i.warnings, "未做任何计算");
    read.map(|i| i.records)
}

/// Reads and validates a template file with `read(path, progress)`, showing a progress bar on
/// stderr once `total` exceeds `show_above`, and prints its warnings. A refused file becomes bad
/// input that lists every issue (after its warnings); `refused` says what was not done, e.g.
/// "未写入任何数据".
pub(crate) fn read_checked<T>(
    path: &Path,
    show_above: u64,
    read: impl FnOnce(&Path, &mut dyn FnMut(u64, u64)) -> Result<T, ImportFailure>,
    warnings: impl Fn(&T) -> &[Issue],
    refused: &str,
) -> Result<T, Failure> {
    let bar = ProgressBar::hidden();
    let mut shown = false;
    let mut progress = |done: u64, total: u64| {
        if !shown && total > show_above {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("读取 {msg} {wide_bar} {percent}%")
                    .expect("static template"),
            );
            bar.set_message(path.display().to_string());
            shown = true;
        }
        bar.set_length(total);
        bar.set_position(done);
    };
    let read = read(path, &mut progress);
    bar.finish_and_clear();
    if let Ok(read) = &read {
        print_warnings(warnings(read));
    }
    read.map_err(|failure| {
        print_warnings(&failure.warnings);
        let too_large = failure
            .issues
            .iter()
            .any(|i| i.code.ends_with(".file_too_large"));
        let hint = if too_large {
            format!("\n{}", crate::size_hint())
        } else {
            String::new()
        };
        Failure::Input(format!(
            "导入失败，{refused}。共发现 {} 个问题：\n{failure}{hint}",
            failure.issue_count()
        ))
    })
}

/// Prints import warnings on stderr, at most 50.
fn print_warnings(warnings: &[Issue]) {
    for w in warnings.iter().take(50) {
        eprintln!("警告：{w}");
    }
    if warnings.len() > 50 {
        eprintln!("警告：另有 {} 条警告未列出", warnings.len() - 50);
    }
}

/// Keeps the records of one school year: the one asked for, or the only one in the file.
pub fn select_year(
    records: Vec<SchoolRecord>,
    year: Option<i32>,
    file: &Path,
) -> Result<Vec<SchoolRecord>, Failure> {
    // One pass when the file holds one year (the usual case): no list to build and sort.
    if let [first, rest @ ..] = &records[..]
        && rest.iter().all(|r| r.year == first.year)
        && year.is_none_or(|y| y == first.year)
    {
        return Ok(records);
    }
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let list = || {
        years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    match (year, years.len()) {
        (Some(y), _) if years.contains(&y) => {
            Ok(records.into_iter().filter(|r| r.year == y).collect())
        }
        (Some(y), _) => Err(Failure::Input(format!(
            "{} 中没有 {y} 学年的数据（文件中的学年：{}）",
            file.display(),
            list()
        ))),
        (None, 1) => Ok(records),
        (None, 0) => Err(Failure::Input(format!("{} 中没有学校数据", file.display()))),
        (None, _) => Err(Failure::Input(format!(
            "{} 包含多个学年（{}），请用 --year 指定要评估的学年",
            file.display(),
            list()
        ))),
    }
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let mut rulebook = load_rulebook(&args.rulebook)?;
    args.policy.apply(&mut rulebook);
    let started = Instant::now();
    let records = select_year(import(&args.file)?, args.year, &args.file)?;
    let imported = Instant::now();
    let evaluation = evaluate(&records, &rulebook).map_err(|e| Failure::Input(e.to_string()))?;
    let evaluated = Instant::now();
    let source = crate::platform::file_name(&args.file);
    write(&evaluation, args.format, args.output.as_deref(), &source).map_err(Failure::Output)?;
    if args.timings {
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        eprintln!(
            "耗时：读取与校验 {:.1} ms（{} 行），评估 {:.1} ms，输出 {:.1} ms",
            ms(started, imported),
            records.len(),
            ms(imported, evaluated),
            ms(evaluated, Instant::now())
        );
    }
    Ok(if evaluation.passes {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

/// Writes an evaluation in a format to a file or stdout.
pub fn write(
    e: &Evaluation,
    format: Format,
    output: Option<&Path>,
    source: &str,
) -> anyhow::Result<()> {
    match format {
        Format::Xlsx => {
            let default = PathBuf::from(format!("评估报告-{}-{}.xlsx", e.rulebook, e.year));
            let path = output.unwrap_or(&default);
            junheng_io::evaluate::write_workbook(e, source, path)
                .with_context(|| format!("无法写入 {}", path.display()))?;
            eprintln!("已写入评估工作簿：{}", path.display());
        }
        Format::Json | Format::Table => {
            // A national report is over 100 MB: write it in large blocks, not 8 KB ones.
            let mut out = std::io::BufWriter::with_capacity(1 << 20, crate::text::output(output)?);
            if format == Format::Json {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            } else {
                let color = output.is_none() && crate::color_enabled();
                out.write_all(render_table(e, source, color).as_bytes())?;
            }
            out.flush()?;
        }
    }
    if let (Some(path), false) = (output, format == Format::Xlsx) {
        eprintln!("已写入：{}", path.display());
    }
    Ok(())
}
