//! `junheng exam synth` and `junheng exam bench` (hidden; for `bench/exam/`): a city's year of
//! scores written as one long file, and the timed load + analysis of such a file with every
//! school × subject figure written as JSON for the comparison with DuckDB and polars.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args as ClapArgs, ValueEnum};
use junheng_core::demo::exam::{ExamDemoSpec, default_papers, generate};
use junheng_core::exam::{Analysis, Exam, PaperFigures, QualitySettings, analyse_all, composite};
use junheng_io::exam::{AnyKey, LoadedExam, load_long_csv, load_long_parquet};
use junheng_io::exam::{write_long_csv, write_long_parquet};
use serde_json::{Value, json};

use crate::{Failure, Outcome};

/// Which files `synth` writes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Both,
}

#[derive(ClapArgs, Debug)]
pub struct SynthArgs {
    /// 学生数（350000 约为 10⁷ 行：×8 科 ×4 次考试；3500000 约为 10⁸ 行）
    #[arg(long, default_value_t = 350_000)]
    pub students: usize,
    /// 随机种子
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// 写出的格式
    #[arg(long, value_enum, default_value_t = Format::Both)]
    pub format: Format,
    /// 输出目录（写入 exams.parquet、exams.csv）
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(ClapArgs, Debug)]
pub struct BenchArgs {
    /// 成绩长表（.parquet 或 .csv，junheng exam synth 写出）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 把每校每科的各项结果写成 JSON（供与 DuckDB、polars 对比）
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
}

/// The peak resident set of this process (VmHWM), bytes.
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

pub fn synth(args: &SynthArgs) -> Result<Outcome, Failure> {
    let fail = |e: std::io::Error| Failure::Output(e.into());
    std::fs::create_dir_all(&args.out).map_err(fail)?;
    let spec = ExamDemoSpec::bench(args.students, args.seed);
    let started = Instant::now();
    let exams = generate(&spec);
    let named: Vec<(&str, &Exam)> = spec
        .exams
        .iter()
        .map(|e| e.name.as_str())
        .zip(&exams)
        .collect();
    let students = exams.first().map_or(0, Exam::students);
    eprintln!(
        "已生成 {} 次考试、{students} 名学生（{:.1} s）",
        exams.len(),
        started.elapsed().as_secs_f64()
    );
    if matches!(args.format, Format::Parquet | Format::Both) {
        let path = args.out.join("exams.parquet");
        let rows = write_long_parquet(&path, &named).map_err(|e| Failure::Output(e.into()))?;
        println!("{}\t{rows}", path.display());
    }
    if matches!(args.format, Format::Csv | Format::Both) {
        let path = args.out.join("exams.csv");
        let rows = write_long_csv(&path, &named).map_err(fail)?;
        println!("{}\t{rows}", path.display());
    }
    Ok(Outcome::Done)
}

fn load(path: &Path) -> Result<Vec<LoadedExam>, Failure> {
    let papers = default_papers(8);
    let parquet = path.extension().is_some_and(|e| e == "parquet");
    let loaded = if parquet {
        load_long_parquet(path, &papers, &AnyKey)
    } else {
        load_long_csv(path, &papers, &AnyKey)
    };
    match loaded {
        Ok((exams, _)) => Ok(exams),
        Err(f) => {
            let shown: Vec<String> = f.issues.iter().take(5).map(|i| format!("{i:?}")).collect();
            Err(Failure::Input(format!(
                "{} 有 {} 个问题：{}",
                path.display(),
                f.issues.len(),
                shown.join("；")
            )))
        }
    }
}

pub fn bench(args: &BenchArgs) -> Result<Outcome, Failure> {
    let started = Instant::now();
    let loaded = load(&args.file)?;
    let load_s = started.elapsed().as_secs_f64();
    let (names, exams): (Vec<String>, Vec<Exam>) =
        loaded.into_iter().map(|l| (l.name, l.exam)).unzip();
    let rows: usize = exams
        .iter()
        .map(|e| {
            (0..e.papers().len())
                .map(|p| e.cells(p).iter().filter(|c| c.mark().is_some()).count())
                .sum::<usize>()
        })
        .sum();
    let settings = QualitySettings::default();
    let pairs: Vec<(usize, usize)> = (1..exams.len()).map(|b| (b - 1, b)).collect();
    let started = Instant::now();
    let analysis = analyse_all(&exams, &settings, &pairs);
    let composites: Vec<Vec<Vec<_>>> = analysis
        .figures
        .iter()
        .map(|f| {
            f.papers
                .iter()
                .map(|p| composite(p, &settings.composite))
                .collect()
        })
        .collect();
    let analyse_s = started.elapsed().as_secs_f64();
    let peak = peak_rss();
    println!(
        "{}",
        json!({
            "file": args.file.display().to_string(),
            "rows": rows,
            "exams": exams.len(),
            "students": exams.first().map_or(0, Exam::students),
            "load_s": load_s,
            "analyse_s": analyse_s,
            "peak_rss_bytes": peak,
            "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
        })
    );
    if let Some(out) = &args.json {
        let doc = results(&exams, &names, &analysis, &composites);
        let file = std::fs::File::create(out).map_err(|e| Failure::Output(e.into()))?;
        let mut w = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut w, &doc).map_err(|e| Failure::Output(e.into()))?;
        w.flush().map_err(|e| Failure::Output(e.into()))?;
    }
    Ok(Outcome::Done)
}

/// Every school × subject figure, the spreads and the school value added, as plain rows.
fn results(
    exams: &[Exam],
    names: &[String],
    analysis: &Analysis,
    composites: &[Vec<Vec<junheng_core::exam::CompositeRow>>],
) -> Value {
    let mut schools = Vec::new();
    let mut papers = Vec::new();
    for (e, (exam, figures)) in exams.iter().zip(&analysis.figures).enumerate() {
        for (p, paper) in figures.papers.iter().enumerate() {
            if paper.is_total {
                continue;
            }
            let spread = &analysis.spreads[e][p].all;
            papers.push(json!({
                "exam": names[e],
                "subject": paper.subject,
                "n": paper.all.n,
                "mean": paper.all.mean(),
                "sd": paper.all.sd(),
                "discrimination": paper.discrimination,
                "eta2": spread.eta2,
                "icc1": spread.icc1,
                "sd_of_means": spread.sd_of_means,
            }));
            let comp = &composites[e][p];
            let mut by_school = vec![None; paper.schools.len()];
            for row in comp {
                by_school[row.school as usize] = Some(row);
            }
            for (s, unit) in paper.schools.iter().enumerate() {
                schools.push(school_row(
                    &exam.schools()[s].code,
                    &names[e],
                    paper,
                    unit,
                    paper.boxes[s].as_ref(),
                    by_school[s],
                ));
            }
        }
    }
    let mut va = Vec::new();
    for ((a, b), added) in &analysis.value_added {
        for subject in &added.subjects {
            if subject.subject == junheng_core::exam::TOTAL_SUBJECT {
                continue;
            }
            for (s, unit) in subject.schools.iter().enumerate() {
                va.push(json!({
                    "input": names[*a],
                    "exam": names[*b],
                    "subject": subject.subject,
                    "school": exams[*b].schools()[s].code,
                    "matched": unit.matched,
                    "va": unit.va,
                    "se": unit.se,
                    "r": subject.r,
                }));
            }
        }
    }
    json!({ "schools": schools, "papers": papers, "va": va })
}

fn school_row(
    code: &str,
    exam: &str,
    paper: &PaperFigures,
    unit: &junheng_core::exam::UnitFigures,
    boxed: Option<&junheng_core::exam::BoxPlot>,
    comp: Option<&junheng_core::exam::CompositeRow>,
) -> Value {
    let rates = unit.rates();
    let rate = |k: usize| rates.map(|r| r[k]);
    json!({
        "school": code,
        "exam": exam,
        "subject": paper.subject,
        "n": unit.n,
        "denominator": unit.denominator,
        "mean": unit.mean(),
        "sd": unit.sd(),
        "excellent": rate(0),
        "good": rate(1),
        "pass": rate(2),
        "low": rate(3),
        "z": paper.z(unit),
        "t": paper.t(unit),
        "over_mean": paper.over_mean(unit),
        "rank": unit.rank,
        "composite": comp.map(|c| c.score),
        "q1": boxed.map(|b| b.q1),
        "median": boxed.map(|b| b.median),
        "q3": boxed.map(|b| b.q3),
        "min": boxed.map(|b| b.min),
        "max": boxed.map(|b| b.max),
    })
}
