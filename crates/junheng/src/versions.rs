//! The flags of the commands that write a new version of a school year (`import`, `roster
//! import`): confirm removals, update only the listed schools.

use clap::Args as ClapArgs;
use junheng_app::versions::{Comparison, DEFAULT_REMOVAL_THRESHOLD, Mode, WriteOptions};
use junheng_core::school::school_year;

/// How a file becomes the new version.
#[derive(ClapArgs, Debug)]
pub struct VersionArgs {
    /// 确认删除：新版本删除当前版本 5%（--removal-threshold）及以上的记录或任何整所学校时，必须加此项才写入
    #[arg(long)]
    pub confirm_removals: bool,
    /// 只更新文件中列出的学校，其他学校沿用当前版本（文件只含部分学校时用）；不加则整体替换该学年
    #[arg(long)]
    pub only_listed: bool,
    /// 需确认的删除比例（百分数）
    #[arg(long, value_name = "PERCENT", default_value_t = DEFAULT_REMOVAL_THRESHOLD * 100.0,
          value_parser = percent)]
    pub removal_threshold: f64,
}

fn percent(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p))
        .ok_or_else(|| format!("「{text}」应为 0 到 100 之间的百分数，例如 5"))
}

impl VersionArgs {
    /// The options of the write.
    pub fn options(&self) -> WriteOptions {
        WriteOptions {
            mode: if self.only_listed {
                Mode::UpdateListed
            } else {
                Mode::Replace
            },
            confirm_removals: self.confirm_removals,
            threshold: self.removal_threshold / 100.0,
        }
    }
}

/// One line of what a stored version changed against the version before it.
pub fn changes(cmp: &Comparison, unit: &str) -> String {
    match cmp.current_version {
        None => format!("{}：第一个版本", school_year(cmp.year)),
        Some(v) => format!(
            "{}：比第 {v} 版新增 {} {unit}、删除 {} {unit}、修改 {} {unit}（{} → {}）",
            school_year(cmp.year),
            cmp.added,
            cmp.removed,
            cmp.changed,
            cmp.before,
            cmp.after
        ),
    }
}
