//! `junheng demo`: a realistic synthetic district, evaluated or written to a file.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use junheng_core::demo::{DemoSpec, generate};
use junheng_core::evaluate::evaluate;

use crate::evaluate::{Format, load_rulebook, write};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub spec: SpecArgs,
    /// 评估规则：内置 id 或规则文件路径
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
}

#[derive(ClapArgs, Debug, Clone)]
pub struct SpecArgs {
    /// 学校数
    #[arg(long, default_value_t = 160, value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
    pub schools: u32,
    /// 随机种子：同一种子总是生成同一个区县
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// 学年
    #[arg(long, default_value_t = 2024, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
}

impl SpecArgs {
    fn spec(&self) -> DemoSpec {
        DemoSpec {
            schools: self.schools as usize,
            seed: self.seed,
            year: self.year,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// 生成演示区县的学校基本情况表（按扩展名写 .csv 或 .xlsx）
    Generate {
        #[command(flatten)]
        spec: SpecArgs,
        /// 输出文件：.csv 或 .xlsx
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    match &args.action {
        Some(Action::Generate { spec, output }) => {
            generate_file(&spec.spec(), output).map_err(Failure::Output)?;
            Ok(Outcome::Done)
        }
        None => {
            let rulebook = load_rulebook(&args.rulebook)?;
            let spec = args.spec.spec();
            let records = generate(&spec);
            let evaluation =
                evaluate(&records, &rulebook).map_err(|e| Failure::Input(e.to_string()))?;
            let source = format!(
                "演示区县（{} 所学校，种子 {}，由 junheng demo 生成）",
                spec.schools, spec.seed
            );
            write(&evaluation, Format::Table, None, &source).map_err(Failure::Output)?;
            Ok(Outcome::Done)
        }
    }
}

fn generate_file(spec: &DemoSpec, output: &std::path::Path) -> anyhow::Result<()> {
    let records = generate(spec);
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => {
            let file = std::fs::File::create(output)
                .with_context(|| format!("无法创建 {}", output.display()))?;
            let mut out = std::io::BufWriter::new(file);
            junheng_io::school::write_csv(&records, &mut out)?;
            std::io::Write::flush(&mut out)?;
        }
        Some("xlsx") => junheng_io::school::write_xlsx(&records, output)
            .with_context(|| format!("无法写入 {}", output.display()))?,
        _ => anyhow::bail!("输出文件 {} 的扩展名应为 .csv 或 .xlsx", output.display()),
    }
    eprintln!(
        "已生成演示区县：{} 所学校 → {}",
        records.len(),
        output.display()
    );
    Ok(())
}
