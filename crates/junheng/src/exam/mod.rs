//! `junheng exam …`: 质量监测 from the command line, through the same use cases as the web pages
//! (`junheng_app::exams`). The operator holds the database and the keys (`Caller::Operator`):
//! every operation is allowed and recorded under `--as` (default `system`).

mod bands;
mod bench;
mod files;
mod report;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_core::exam::QualitySettings;
use junheng_store::{DistrictStore, ExamInfo};

pub use crate::health::Writer;
use crate::platform::store_error;
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ExamAction {
    /// 新建考试：名称、学年、日期、年级、类型（期末/统考/联考/监测）、范围和各科满分；各科的优秀、良好、及格、低分线按质量监测设置
    Create(files::CreateArgs),
    /// 列出本区县的考试，及每次考试已导入成绩的学校数和学生数
    List(files::ListArgs),
    /// 写出一次考试的成绩模板（.xlsx：学籍号、姓名、班级和各科分数，含示例行和说明）
    Template(files::TemplateArgs),
    /// 导入成绩：一所学校的成绩模板（.xlsx、.xls、.ods 或 .csv，--school），或整场考试的成绩长表（.csv 或 .parquet，各校一并导入，每校一个新版本）；学生按该学年学籍中所在学校本年级核对；任何一行有问题都不写入，逐条列出行、列和应填的内容
    Import(files::ImportArgs),
    /// 撤回一所学校最新一版成绩（导入的撤销）：上一版（如有）重新生效
    Withdraw(files::WithdrawArgs),
    /// 考试报告：全体和各校的应考、实考、参考率、平均分、标准差、一分四率、标准分、超均率、排名，比值赋分，区分度，校际差异率本地估算，素养水平（有划界分的学科：各水平人数、比例和水平Ⅲ及以上的比例）和箱线图（全体与各校的最低分、四分位数、最高分）；--json 或 --xlsx 写出同一份数据
    Report(report::ReportArgs),
    /// 增值评价：同一批学生先后两次考试之间各校（及班级）的增值、标准误、显著性和样本覆盖率
    Va(report::VaArgs),
    /// 三线：各期（按日期排列的几次考试）各校质量得分（比值赋分）所处的发展线、基本线、警戒线，连续处于警戒线的升级（提示、约谈并帮扶、专项督导）；--raise 为升级的学校建整改任务
    Bands(bands::BandsArgs),
    /// 国家义务教育质量监测结果：录入（学业水平、校际差异率，单位明确）或列出；只有录入的官方值决定督导评估“校际差异率 < 0.15”一项
    Naeq {
        #[command(subcommand)]
        action: report::NaeqAction,
    },
    /// 合成一个城市一学年的成绩长表（基准测试用）
    #[command(hide = true)]
    Synth(bench::SynthArgs),
    /// 计时：载入成绩长表并做全部分析（基准测试用）
    #[command(hide = true)]
    Bench(bench::BenchArgs),
}

pub fn run(action: &ExamAction) -> Result<Outcome, Failure> {
    match action {
        ExamAction::Create(a) => files::create(a),
        ExamAction::List(a) => files::list(a),
        ExamAction::Template(a) => files::template(a),
        ExamAction::Import(a) => files::import(a),
        ExamAction::Withdraw(a) => files::withdraw(a),
        ExamAction::Report(a) => report::report(a),
        ExamAction::Va(a) => report::va(a),
        ExamAction::Bands(a) => bands::bands(a),
        ExamAction::Naeq { action } => report::naeq(action),
        ExamAction::Synth(a) => bench::synth(a),
        ExamAction::Bench(a) => bench::bench(a),
    }
}

/// The `[quality]` settings: `--settings FILE` or the defaults.
#[derive(ClapArgs, Debug, Clone)]
pub struct SettingsArgs {
    /// 质量监测设置文件（TOML，同服务器设置的 [quality] 部分：分数线比例、分母口径、缺考与作弊的处理、比值赋分权重、增值方法、质量三线 [bands]；默认内置设置）
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
}

impl SettingsArgs {
    pub fn load(&self) -> Result<QualitySettings, Failure> {
        crate::settings_file::load(
            self.settings.as_deref(),
            "质量监测设置",
            |s: &QualitySettings| s.validate().map_err(|e| e.to_string()),
        )
    }
}

/// The district's exam named `name`, or a refusal listing the exams there are.
pub async fn exam_named(data: &DistrictStore, name: &str) -> Result<ExamInfo, Failure> {
    if let Some(e) = data.exam_named(name).await.map_err(store_error)? {
        return Ok(e);
    }
    let known: Vec<String> = data
        .exams()
        .await
        .map_err(store_error)?
        .iter()
        .map(|e| format!("「{}」", e.name))
        .collect();
    Err(Failure::Input(format!(
        "没有名为「{}」的考试：{}",
        name.trim(),
        if known.is_empty() {
            "还没有建立任何考试（用 junheng exam create 新建）".to_owned()
        } else {
            format!("已有 {}", known.join("、"))
        }
    )))
}
