//! 体质健康 files of synthetic children, for the demo and the benchmark: the rows of the
//! template's columns from `junheng_core::demo::health::fitness`.
//!
//! `junheng health synth` (hidden; for `bench/health/`) reads the registry CSVs `junheng students
//! synth` wrote and writes one 体质健康 CSV per school with the same 学籍号, grades, classes and
//! sexes, each school's ability drawn from its code so that schools differ.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use junheng_core::demo::Rng;
use junheng_core::demo::health::{FitnessSample, fitness};
use junheng_core::health::fitness::Sex;
use junheng_io::health::fitness::{COLUMNS, columns, header};

use crate::{Failure, Outcome};

/// A value held in units of 10^-`decimals`, as written: `9.8`, `-0.5`, `1180`.
pub(crate) fn fixed(v: i64, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let scale = 10i64.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    let (whole, fraction) = (v.abs() / scale, v.abs() % scale);
    format!(
        "{sign}{whole}.{fraction:0width$}",
        width = decimals as usize
    )
}

/// The 体质健康 CSV's header line (the template's columns, in order).
pub(crate) fn fitness_header() -> String {
    COLUMNS
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join(",")
}

/// A child's line of the 体质健康 CSV: their results when tested (`status` empty), else the
/// status (免予执行, 暂缓执行) and no results.
pub(crate) fn fitness_line(
    number: &str,
    grade: u8,
    class: &str,
    male: bool,
    sample: Option<&FitnessSample>,
    status: &str,
) -> String {
    let mut cells = vec![String::new(); COLUMNS.len()];
    let mut set = |h: &str, v: String| {
        if let Some(i) = COLUMNS.iter().position(|c| c.header == h) {
            cells[i] = v;
        }
    };
    set(columns::NUMBER, number.to_owned());
    set(columns::GRADE, grade.to_string());
    set(columns::CLASS, class.to_owned());
    set(columns::SEX, if male { "男" } else { "女" }.to_owned());
    if let Some(s) = sample {
        set(columns::HEIGHT, fixed(s.height_tenths_cm, 1));
        set(columns::WEIGHT, fixed(s.weight_tenths_kg, 1));
        for (item, v) in &s.results {
            if let Some(h) = header(*item) {
                set(h, fixed(*v, item.decimals()));
            }
        }
    }
    set(columns::STATUS, status.to_owned());
    cells.join(",")
}

/// A child's results, or their status: about one in a hundred 免予执行 and one in two hundred
/// 暂缓执行.
pub(crate) fn sitting(
    rng: &mut Rng,
    grade: u8,
    male: bool,
    ability: f64,
) -> (Option<FitnessSample>, &'static str) {
    let sex = if male { Sex::Male } else { Sex::Female };
    match rng.unit() {
        u if u < 0.010 => (None, "免予执行"),
        u if u < 0.015 => (None, "暂缓执行"),
        _ => (Some(fitness(rng, grade, sex, ability)), ""),
    }
}

#[derive(ClapArgs, Debug)]
pub struct SynthArgs {
    /// junheng students synth 的输出目录（区县代码/registry/学校标识码.csv）
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// 输出目录：每个区县一个子目录（区县代码），内有 学校标识码.csv
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// 随机种子
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
}

/// A school's ability (−0.8 … 1.0) from its code, so that every run gives each school the same.
fn ability(code: &str, seed: u64) -> f64 {
    let n: u64 = code.parse().unwrap_or(0);
    Rng::new(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)).range(-0.8, 1.0)
}

/// Writes one school's 体质健康 CSV from its registry CSV; returns the children.
fn school_file(registry: &Path, out: &Path, seed: u64) -> std::io::Result<u64> {
    let text = std::fs::read_to_string(registry)?;
    let code = registry
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ability = ability(&code, seed);
    let mut rng = Rng::new(seed ^ code.parse::<u64>().unwrap_or(0));
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(w, "{}", fitness_header())?;
    let mut n = 0;
    for line in text.lines().skip(1) {
        // 学籍号, 姓名, 性别, 出生日期, 学段, 年级, 班级, …
        let cells: Vec<&str> = line.splitn(8, ',').collect();
        let (Some(number), Some(sex), Some(grade), Some(class)) = (
            cells.first(),
            cells.get(2),
            cells.get(5).and_then(|g| g.parse::<u8>().ok()),
            cells.get(6),
        ) else {
            continue;
        };
        let male = *sex == "男";
        let child = ability + rng.range(-0.3, 0.3);
        let (sample, status) = sitting(&mut rng, grade, male, child);
        writeln!(
            w,
            "{}",
            fitness_line(number, grade, class, male, sample.as_ref(), status)
        )?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

pub fn run(args: &SynthArgs) -> Result<Outcome, Failure> {
    let fail = |e: std::io::Error| Failure::Output(e.into());
    let mut districts: Vec<PathBuf> = std::fs::read_dir(&args.from)
        .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", args.from.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("registry").is_dir())
        .collect();
    districts.sort();
    if districts.is_empty() {
        return Err(Failure::Input(format!(
            "{} 中没有 区县代码/registry 目录（应为 junheng students synth 的输出目录）",
            args.from.display()
        )));
    }
    let mut total = 0u64;
    for d in &districts {
        let code = crate::platform::file_name(d);
        let dir = args.out.join(&code);
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(d.join("registry"))
            .map_err(fail)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        let done = junheng_core::parallel::each(&files, |f| {
            school_file(f, &dir.join(crate::platform::file_name(f)), args.seed)
        });
        let mut children = 0;
        for n in done {
            children += n.map_err(fail)?;
        }
        total += children;
        println!("{code}\t{}\t{children}", files.len());
    }
    eprintln!(
        "已生成 {} 个区县、{total} 名学生的体质健康测试文件 → {}",
        districts.len(),
        args.out.display()
    );
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_lines_read_back_as_the_children_they_were_made_for() {
        let mut rng = Rng::new(3);
        let mut text = format!("{}\n", fitness_header());
        for (i, (grade, male)) in [(1, true), (5, false), (8, true), (9, false)]
            .into_iter()
            .enumerate()
        {
            let sex = if male { Sex::Male } else { Sex::Female };
            let sample = fitness(&mut rng, grade, sex, 0.0);
            let number = format!("L500112202400012{i}");
            text.push_str(&fitness_line(
                &number,
                grade,
                "1班",
                male,
                Some(&sample),
                "",
            ));
            text.push('\n');
        }
        text.push_str(&fitness_line(
            "L5001122024000200",
            3,
            "2班",
            false,
            None,
            "免予执行",
        ));
        let file = junheng_io::health::read_fitness(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(file.lines.len(), 5);
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!((file.lines[1].grade, file.lines[1].results.len()), (5, 6));
        assert_eq!(fixed(-5, 1), "-0.5");
        assert_eq!(fixed(98, 1), "9.8");
    }
}
