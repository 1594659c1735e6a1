//! `junheng health …`: student health (体质健康, 视力筛查, 心理测评) from the command line,
//! through the same use cases as the web pages (`junheng_app::health`). As for the registry
//! (`junheng students …`), the command line's operator holds the database and the keys
//! (`Caller::Operator`): every operation is allowed and recorded under `--as` (default
//! `system`); every read of a named child is recorded by the store.
//!
//! The rates read only the counts each file keeps (no sealed record is opened); names are shown
//! only on request (`health cases --names`), and that read is recorded.

mod cases;
mod files;
mod rates;
pub(crate) mod synth;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use junheng_core::health::settings::HealthSettings;
use junheng_store::{DistrictStore, HealthKind, HealthRound};

use crate::platform::{DistrictDatabase, store_error};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum HealthAction {
    /// 写出健康数据模板（.xlsx，含示例行和说明）：fitness 体质健康测试、vision 视力筛查、mental 心理测评
    Template(files::TemplateArgs),
    /// 导入学校的健康数据文件到一个轮次（轮次不存在时新建）：体质健康、视力筛查的多个文件全部导入或全部不导入；心理测评先检查全部文件的格式，再逐个导入；有问题时逐条列出文件、行和列
    Import(files::ImportArgs),
    /// 一个轮次的统计（只读各文件的计数，不打开学生记录）：体质健康合格率、优良率、优秀率；近视率和年度目标；心理测评按年级的人数（小格隐藏，不按学校）
    Rates(rates::RatesArgs),
    /// 体质健康评分表：载入教育局核定的评分表（如初中评分表），并按新评分表重算各轮次的计数
    Pack {
        #[command(subcommand)]
        action: cases::PackAction,
    },
    /// 心理个案列表：默认只列未结案个案，不显示姓名（--names 显示姓名并记录查看）
    Cases(cases::CasesArgs),
    /// 在一个心理个案上记录：复核面谈、一生一策、转介、危机干预步骤、跟踪回访、结案
    Case(cases::CaseArgs),
    /// 离校学生健康数据的删除：默认只报告将删除多少；--apply --yes 执行删除（不可撤销）
    Erase(cases::EraseArgs),
    /// 从合成学籍生成体质健康测试文件（基准测试用）
    #[command(hide = true)]
    Synth(synth::SynthArgs),
}

pub fn run(action: &HealthAction) -> Result<Outcome, Failure> {
    match action {
        HealthAction::Template(args) => files::template(args),
        HealthAction::Import(args) => files::import(args),
        HealthAction::Rates(args) => rates::rates(args),
        HealthAction::Pack { action } => cases::pack(action),
        HealthAction::Cases(args) => cases::list(args),
        HealthAction::Case(args) => cases::case(args),
        HealthAction::Erase(args) => cases::erase(args),
        HealthAction::Synth(args) => synth::run(args),
    }
}

/// What a file or a round is about.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 体质健康测试
    Fitness,
    /// 视力筛查
    Vision,
    /// 心理测评
    Mental,
    /// 量表测评：区县载入的量表（MHT 等）的作答，属于心理测评轮次
    Scale,
}

impl Kind {
    pub fn health(self) -> HealthKind {
        match self {
            Kind::Fitness => HealthKind::Fitness,
            Kind::Vision => HealthKind::Vision,
            Kind::Mental | Kind::Scale => HealthKind::Mental,
        }
    }
}

/// Who writes: the operator, recorded as `--as`.
#[derive(ClapArgs, Debug)]
pub struct Writer {
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

/// The `[health]` settings: `--settings FILE` or the defaults.
#[derive(ClapArgs, Debug, Clone)]
pub struct SettingsArgs {
    /// 健康设置文件（TOML：[fitness]、[vision]、[mental]，同服务器设置的 [health] 部分；默认内置设置）
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
}

impl SettingsArgs {
    pub fn load(&self) -> Result<HealthSettings, Failure> {
        crate::settings_file::load(
            self.settings.as_deref(),
            "健康设置",
            |s: &HealthSettings| s.validate().map_err(|e| e.to_string()),
        )
    }
}

/// The district's round of `kind` named `name`, or a refusal listing the rounds there are.
pub async fn round_named(
    data: &DistrictStore,
    kind: HealthKind,
    name: &str,
) -> Result<HealthRound, Failure> {
    let rounds = data.health_rounds(kind).await.map_err(store_error)?;
    if let Some(r) = rounds.iter().find(|r| r.name == name.trim()) {
        return Ok(r.clone());
    }
    let known: Vec<String> = rounds
        .iter()
        .map(|r| format!("「{}」（{}）", r.name, r.on_date))
        .collect();
    Err(Failure::Input(format!(
        "没有名为「{}」的{}：{}",
        name.trim(),
        kind.label(),
        if known.is_empty() {
            "还没有导入过任何这类数据（用 junheng health import 导入）".to_owned()
        } else {
            format!("已有 {}", known.join("、"))
        }
    )))
}

/// A rate as a percentage with one decimal, or 未评分 when nobody was scored.
pub fn percent(v: Option<f64>, none: &str) -> String {
    v.map_or_else(|| none.to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// Writes a long text (a table) to stdout; a reader that stopped early (`| head`) is no error.
pub fn emit(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Output(e.into())),
        _ => Ok(()),
    }
}
