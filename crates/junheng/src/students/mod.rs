//! `junheng students …` and `junheng retention report`: the registry (学籍), its rates and
//! 控辍保学 from the command line, through the same use cases as the web pages
//! (`junheng_app::students`). The command line's operator holds the database and the keys
//! (`Caller::Operator`): every operation is allowed and recorded under `--as` (default
//! `system`); every read of a named child is recorded by the store (`named_students`).
//!
//! The keys come from `--keys DIR` (`seal.key` and `pseudonym.key`, owner-only, as `junheng
//! students keygen` writes them) or from the environment (`JUNHENG_STUDENT_SEAL_KEY`,
//! `JUNHENG_STUDENT_PSEUDONYM_KEY`); a command that needs them refuses without them.

mod admin;
mod cases;
mod files;
mod keygen;
mod rates;
pub(crate) mod synth;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::students::{Refused, StudentSettings};
use junheng_core::school::SchoolCode;
use junheng_store::StudentKeys;

use crate::{Failure, Outcome};

pub(crate) use keygen::generate_into;

#[derive(Subcommand, Debug)]
pub enum StudentsAction {
    /// 生成保护学生数据的两把密钥（加密密钥 seal.key、假名密钥 pseudonym.key），写入 --dir 目录，仅所有者可读；已存在时不覆盖
    Keygen(keygen::KeygenArgs),
    /// 导入一所学校某学年的学籍（每次导入为该校该学年的新版本；有问题时逐条列出位置，不写入任何数据）
    Import(files::ImportArgs),
    /// 写出学籍模板（.xlsx，含示例行和说明）
    Template(files::OutArgs),
    /// 写出四查三比对名单的模板（.xlsx：学籍号、姓名、出生日期、乡镇（街道）、备注）
    ListTemplate(files::OutArgs),
    /// 某学年区县和各校的巩固率、入学率、残疾儿童少年入学率、随迁子女比例和各年级流失率（含定义和计算数据；缺数据时说明缺什么）
    Rates(rates::RatesArgs),
    /// 登记一名学生的学籍变动：转出、转入、休学、复学、辍学、死亡、毕业（入学）
    Event(cases::EventArgs),
    /// 登记一名学生的无故缺勤（没有未销号个案时开立“缺勤待核”个案）
    Absence(cases::AbsenceArgs),
    /// 按日历升级控辍保学个案（缺勤待核→疑似辍学→辍学），并为超期未见转入的转出开立疑似失学个案；重复运行不会重复处理
    Refresh(cases::RefreshArgs),
    /// 控辍保学关注名单：未销号个案按风险排序（默认不显示姓名；--names 显示姓名并记录查看）
    Watch(cases::WatchArgs),
    /// 四查三比对：把其他部门的名单（户籍、脱贫户、在校）与学籍比对，结果写入 .xlsx（含姓名，仅所有者可读）
    Compare(cases::CompareArgs),
    /// 四个一报表：学校月报（含姓名）、区县季度复核（不含姓名）
    Report {
        #[command(subcommand)]
        action: cases::ReportAction,
    },
    /// 填写比率的输入项：某学年的适龄人口（--population）或残联提供的适龄三类残疾儿童少年数（--disabled）
    Input(rates::InputArgs),
    /// 密钥轮换：用新加密密钥（--keys）重新加密所有学生姓名和学籍号，旧密钥由 --previous 给出
    Reseal(admin::ResealArgs),
    /// 生成合成学籍文件（基准测试用）
    #[command(hide = true)]
    Synth(synth::SynthArgs),
}

#[derive(Subcommand, Debug)]
pub enum RetentionAction {
    /// 学生数据保留期限：显示截止日期和将被精简的记录数；--apply --yes 执行精简（不可撤销）
    Report(admin::RetentionArgs),
}

pub fn run(action: &StudentsAction) -> Result<Outcome, Failure> {
    match action {
        StudentsAction::Keygen(args) => keygen::keygen(args),
        StudentsAction::Import(args) => files::import(args),
        StudentsAction::Template(args) => files::template(args),
        StudentsAction::ListTemplate(args) => files::list_template(args),
        StudentsAction::Rates(args) => rates::rates(args),
        StudentsAction::Event(args) => cases::event(args),
        StudentsAction::Absence(args) => cases::absence(args),
        StudentsAction::Refresh(args) => cases::refresh(args),
        StudentsAction::Watch(args) => cases::watch(args),
        StudentsAction::Compare(args) => cases::compare(args),
        StudentsAction::Report { action } => cases::report(action),
        StudentsAction::Input(args) => rates::input(args),
        StudentsAction::Reseal(args) => admin::reseal(args),
        StudentsAction::Synth(args) => synth::run(args),
    }
}

pub fn retention(action: &RetentionAction) -> Result<Outcome, Failure> {
    match action {
        RetentionAction::Report(args) => admin::retention(args),
    }
}

/// The environment variable of the sealing key (hex).
const SEAL_ENV: &str = "JUNHENG_STUDENT_SEAL_KEY";
/// The environment variable of the pseudonym key (hex).
const PSEUDONYM_ENV: &str = "JUNHENG_STUDENT_PSEUDONYM_KEY";

/// Where the student data keys come from.
#[derive(ClapArgs, Debug, Clone)]
pub struct KeyArgs {
    /// 学生数据密钥目录（含 seal.key 和 pseudonym.key，仅所有者可读，由 junheng students keygen 生成）；不给时读环境变量 JUNHENG_STUDENT_SEAL_KEY 和 JUNHENG_STUDENT_PSEUDONYM_KEY
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
}

impl KeyArgs {
    /// The keys of `--keys`, else of the environment; `None` when neither gives any.
    pub fn load(&self) -> Result<Option<StudentKeys>, Failure> {
        let refuse =
            |e: junheng_store::ProtectError| Failure::Input(format!("学生数据密钥有误：{e}"));
        if let Some(dir) = &self.keys {
            if !dir.is_dir() {
                return Err(Failure::Input(format!(
                    "--keys {} 不是已有的目录（应含 seal.key 和 pseudonym.key）",
                    dir.display()
                )));
            }
            let keys = StudentKeys::from_files(
                &dir.join(keygen::SEAL_FILE),
                &dir.join(keygen::PSEUDONYM_FILE),
            )
            .map_err(refuse)?;
            return Ok(Some(keys));
        }
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        match (var(SEAL_ENV), var(PSEUDONYM_ENV)) {
            (None, None) => Ok(None),
            (Some(s), Some(p)) => StudentKeys::from_hex(&s, &p).map(Some).map_err(refuse),
            _ => Err(Failure::Input(format!(
                "学生数据的两把密钥须同时给出：环境变量 {SEAL_ENV} 和 {PSEUDONYM_ENV} 只设了一个"
            ))),
        }
    }

    /// The keys, or a refusal saying how to give them (fail closed).
    pub fn require(&self) -> Result<StudentKeys, Failure> {
        self.load()?.ok_or_else(|| {
            Failure::Input(format!(
                "尚未配置学生数据密钥，未做任何操作：请用 --keys 目录（含 seal.key 和 pseudonym.key，可用 junheng students keygen 生成）或环境变量 {SEAL_ENV}、{PSEUDONYM_ENV} 给出两把密钥"
            ))
        })
    }
}

/// The `[students]` settings: `--settings FILE` or the defaults.
#[derive(ClapArgs, Debug, Clone)]
pub struct SettingsArgs {
    /// 学生设置文件（TOML：min_cell、consolidation、retention_months、[dropout]、[risk]，同服务器设置的 [students] 部分；默认内置设置）
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
}

impl SettingsArgs {
    pub fn load(&self) -> Result<StudentSettings, Failure> {
        crate::settings_file::load(
            self.settings.as_deref(),
            "学生设置",
            |s: &StudentSettings| s.validate().map_err(|e| e.to_string()),
        )
    }
}

/// A refusal of the student use cases as the command line reports it: a file's problems each
/// on its own line, located.
pub fn refused(e: Refused) -> Failure {
    match e {
        Refused::Problems(f) => {
            let mut text = format!(
                "导入失败，未写入任何数据。共发现 {} 个问题：",
                f.issue_count()
            );
            for issue in &f.issues {
                text.push('\n');
                text.push_str(&issue.to_string());
            }
            Failure::Input(text)
        }
        Refused::NoKeys => {
            Failure::Input("尚未配置学生数据密钥：请用 --keys 目录或环境变量给出两把密钥".into())
        }
        e => Failure::Input(e.to_string()),
    }
}

/// A 学校标识码 of a flag.
pub fn school_code(text: &str) -> Result<SchoolCode, Failure> {
    SchoolCode::parse(text.trim())
        .map_err(|_| Failure::Input(format!("学校标识码“{text}”应为 10 位数字")))
}

/// `--today`, checked, or today in Beijing.
pub fn today(given: Option<&str>) -> Result<String, Failure> {
    match given {
        None => Ok(junheng_app::tasks::beijing_today()),
        Some(d) => {
            let d = d.trim();
            junheng_app::students::cases::day_number(d)
                .map(|_| d.to_owned())
                .ok_or_else(|| Failure::Input(format!("日期“{d}”应写作 YYYY-MM-DD")))
        }
    }
}

/// Writes a file readable by its owner only (a named list), replacing one there.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let fail =
        |e: std::io::Error| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", path.display()));
    let mut file = options.open(path).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    file.write_all(bytes).map_err(fail)
}

/// A rate as a percentage with one decimal, or why not.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "无数据".to_owned(), |v| format!("{:.1}%", v * 100.0))
}
