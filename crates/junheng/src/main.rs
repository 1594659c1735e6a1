//! `junheng`: the command line of 均衡 Junheng.

mod demo;
mod evaluate;
mod rulebook;
mod template;
mod text;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// 均衡 Junheng：县域义务教育优质均衡的测算、规划与佐证
#[derive(Parser, Debug)]
#[command(name = "junheng", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 按评估规则评估一个学年的学校数据（退出码：0 达标，1 未达标，2 输入有误）
    Evaluate(evaluate::Args),
    /// 演示：生成一个演示区县并打印其完整评估；或用 `demo generate` 生成演示数据文件
    Demo(demo::Args),
    /// 查看内置评估规则
    Rulebook(rulebook::Args),
    /// 学校基本情况表模板：列出各列，或写出空白模板
    Template(template::Args),
}

/// What a successful command concluded.
pub enum Outcome {
    /// The district passes (exit 0).
    Pass,
    /// The district fails (exit 1).
    Fail,
    /// A command without a verdict finished (exit 0).
    Done,
}

/// Why a command failed (exit 2).
pub enum Failure {
    /// Bad input: the message says what and where, in Chinese.
    Input(String),
    /// Writing the output failed.
    Output(anyhow::Error),
}

/// Colours only for a terminal, and never when NO_COLOR is set.
pub fn color_enabled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Evaluate(args) => evaluate::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Rulebook(args) => rulebook::run(args),
        Command::Template(args) => template::run(args),
    };
    match result {
        Ok(Outcome::Pass | Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Fail) => ExitCode::from(1),
        Err(Failure::Input(message)) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
        Err(Failure::Output(error)) => {
            eprintln!("错误：{error:#}");
            ExitCode::from(2)
        }
    }
}
