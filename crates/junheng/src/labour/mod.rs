//! `junheng labour …`: 劳动教育 (issue 18) through the same operations as `/labour/…`
//! (`junheng_app::labour`). The command line's operator holds the database: every write is
//! allowed, recorded under `--as` (default `system`).

mod district;
pub mod lists;
pub mod records;
pub mod review;

pub use district::{BasesAction, FiveAction, five};

use clap::Subcommand;

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
}

pub fn run(action: &LabourAction) -> Result<Outcome, Failure> {
    match action {
        LabourAction::Lists { action } => lists::run(action),
        LabourAction::Records { action } => records::run(action),
        LabourAction::Review { action } => review::run(action),
        LabourAction::Bases { action } => district::bases(action),
    }
}
