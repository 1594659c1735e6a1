//! `junheng labour …`: 劳动教育 (issue 18) through the same operations as `/labour/…`
//! (`junheng_app::labour`). The command line's operator holds the database: every write is
//! allowed, recorded under `--as` (default `system`).

pub mod compliance;
mod district;
pub mod lists;
pub mod records;
pub mod review;

pub use district::{BasesAction, FiveAction, five};

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_labour::settings::LabourSettings;

use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum LabourAction {
    /// 劳动清单：导入（区级或校本，新版本）、查看、写出模板、撤回当前版本
    Lists {
        #[command(subcommand)]
        action: lists::ListsAction,
    },
    /// 劳动记录：按班导入（按学籍号，全部或全不）、列出某周记录与抽查、写出模板
    Records {
        #[command(subcommand)]
        action: records::RecordsAction,
    },
    /// 三级考评与公示：考评状态、学校考评步骤、综合素质评价文件、区级抽查
    Review {
        #[command(subcommand)]
        action: review::ReviewAction,
    },
    /// 劳动教育基地、联盟与基地活动记录
    Bases {
        #[command(subcommand)]
        action: BasesAction,
    },
    /// 一学期的劳动教育达标情况（每周课外劳动、任务群覆盖、劳动课时、劳动周）与历学期趋势
    Compliance(compliance::ComplianceArgs),
    /// 劳动课时：导入（全部或全不）、写出模板、撤回批次
    Lessons {
        #[command(subcommand)]
        action: compliance::LessonsAction,
    },
    /// 劳动周：登记一所学校一个学年的劳动周、写出模板
    Week {
        #[command(subcommand)]
        action: compliance::WeekAction,
    },
    /// 星级学校：各校星级与各星级条件是否达到
    Stars(compliance::StarsArgs),
}

pub fn run(action: &LabourAction) -> Result<Outcome, Failure> {
    match action {
        LabourAction::Lists { action } => lists::run(action),
        LabourAction::Records { action } => records::run(action),
        LabourAction::Review { action } => review::run(action),
        LabourAction::Bases { action } => district::bases(action),
        LabourAction::Compliance(a) => compliance::compliance(a),
        LabourAction::Lessons { action } => compliance::lessons(action),
        LabourAction::Week { action } => compliance::week(action),
        LabourAction::Stars(a) => compliance::star_schools(a),
    }
}

/// The `[labour]` settings: `--settings FILE` or the defaults.
#[derive(ClapArgs, Debug, Clone)]
pub struct SettingsArgs {
    /// 劳动教育设置文件（TOML，同服务器设置的 [labour] 部分：各学段必做任务群、抽查比例、积分与勋章、公示天数、区级抽检、星级、达标口径；不得低于国家规定；默认内置设置）
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
}

impl SettingsArgs {
    pub fn load(&self) -> Result<LabourSettings, Failure> {
        crate::settings_file::load(
            self.settings.as_deref(),
            "劳动教育设置",
            |s: &LabourSettings| {
                s.validate().map_err(|e| {
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("；")
                })
            },
        )
    }
}
