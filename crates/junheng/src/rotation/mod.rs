//! Teacher rotation (交流轮岗): `roster` and `ledger` (templates, imports into the database),
//! `rotation check` (the year's quota, who is still to rotate, roster reconciliation, the
//! ledger's effect on the evaluation) and `plan rotation` (the planner, optionally accepted into
//! the ledger).

mod check;
mod files;

pub(crate) use files::template;
mod plan;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_rotation::{Mismatch, Move, Teacher, groups_of};
use junheng_store::{Actor, District, DistrictStore, MoveFilter, Role, Store, StoreError};
use serde::Serialize;

use crate::platform::{DistrictDatabase, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum RosterAction {
    /// 写出空白的教师花名册模板（.xlsx：示例行、下拉选项和说明页；不要填写身份证号）
    Template {
        /// 模板文件（.xlsx）
        #[arg(short, long, default_value = "教师花名册模板.xlsx")]
        output: PathBuf,
    },
    /// 导入教师花名册：全部校验通过才写入（退出码 2 时未写入任何数据）；按文件中的学年整体替换该学年花名册，或只更新文件中的学校（--only-listed），每次为新版本；删除 5% 及以上的教师或整所学校须加 --confirm-removals；再与该学年学校统计数据核对
    Import(RosterImportArgs),
}

/// A roster file to import, and how it becomes the new version.
#[derive(ClapArgs, Debug)]
pub struct RosterImportArgs {
    #[command(flatten)]
    pub import: ImportArgs,
    #[command(flatten)]
    pub versions: crate::versions::VersionArgs,
}

#[derive(Subcommand, Debug)]
pub enum LedgerAction {
    /// 写出空白的交流轮岗台账模板（.xlsx：示例行、下拉选项和说明页）
    Template {
        /// 模板文件（.xlsx）
        #[arg(short, long, default_value = "交流轮岗台账模板.xlsx")]
        output: PathBuf,
    },
    /// 导入交流轮岗台账：追加到数据库中的台账，全有或全无；同一教师的交流学年不得重叠
    Import(ImportArgs),
}

#[derive(Subcommand, Debug)]
pub enum RotationAction {
    /// 核查一个学年的交流轮岗：配额、待交流教师、花名册核对、台账对差异系数的影响（退出码：0 达到交流比例，1 未达到，2 输入有误）
    Check(check::Args),
}

#[derive(Subcommand, Debug)]
pub enum PlanAction {
    /// 交流轮岗方案：选出交流教师和流入学校，完成交流比例并尽量缩小教师指标差异系数（退出码：0 方案达到交流比例，1 未达到，2 输入有误）
    Rotation(plan::Args),
}

/// A file to import into the database.
#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx / .xls / .ods / .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

/// What a year's rotation is computed from.
#[derive(ClapArgs, Debug)]
pub struct YearArgs {
    /// 学年，2024 表示 2024–2025 学年
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 限定在这个教育集团（按学校统计数据的「教育集团」列）：核查它的配额，或只在集团内规划交流
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// 评估规则：内置 id（cn-2017、anhui-2018 等）或规则文件路径；交流比例、骨干比例和交流期限按规则
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 输出文件（xlsx 默认为「交流轮岗核查（或方案）-范围-学年.xlsx」；table/json 默认输出到终端）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

/// Output format of `rotation check` and `plan rotation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 终端中文报告
    Table,
    /// JSON
    Json,
    /// Excel 工作簿
    Xlsx,
}

pub fn roster(action: &RosterAction) -> Result<Outcome, Failure> {
    match action {
        RosterAction::Template { output } => {
            files::template(output, junheng_io::teacher::write_template)
        }
        RosterAction::Import(args) => files::import_roster(args),
    }
}

pub fn ledger(action: &LedgerAction) -> Result<Outcome, Failure> {
    match action {
        LedgerAction::Template { output } => {
            files::template(output, junheng_io::rotation::write_ledger_template)
        }
        LedgerAction::Import(args) => files::import_ledger(args),
    }
}

pub fn rotation(action: &RotationAction) -> Result<Outcome, Failure> {
    let RotationAction::Check(args) = action;
    check::run(args)
}

pub fn plan(action: &PlanAction) -> Result<Outcome, Failure> {
    let PlanAction::Rotation(args) = action;
    plan::run(args)
}

/// The audit actor: `system`, or an existing, active user of the district.
pub(crate) async fn actor(
    store: &Store,
    district: &District,
    login: Option<&str>,
) -> Result<Actor, Failure> {
    let Some(login) = login else {
        return Ok(Actor::system());
    };
    let found = store
        .user_by_name(login)
        .await
        .map_err(store_error)?
        .filter(|u| u.user.district == Some(district.id));
    match found {
        Some(u) if u.user.active => Ok(Actor {
            name: u.user.name.clone(),
        }),
        Some(_) => Err(Failure::Input(format!("用户 {login} 已停用"))),
        None => Err(Failure::Input(format!(
            "{}没有用户 {login}（可用 junheng user list 查看）",
            district.name
        ))),
    }
}

/// The actor for a write only an administrator of the district may make.
async fn admin(store: &Store, district: &District, login: &str) -> Result<Actor, Failure> {
    let found = store
        .user_by_name(login)
        .await
        .map_err(store_error)?
        .filter(|u| u.user.district == Some(district.id));
    match found {
        Some(u) if u.user.active && u.user.role == Role::Admin => Ok(Actor {
            name: u.user.name.clone(),
        }),
        Some(u) if !u.user.active => Err(Failure::Input(format!(
            "用户 {login} 已停用，不能把方案写入台账"
        ))),
        Some(u) => Err(Failure::Input(format!(
            "用户 {login} 是{}，只有管理员可以把方案写入台账",
            u.user.role.label()
        ))),
        None => Err(Failure::Input(format!(
            "{}没有用户 {login}，不能把方案写入台账（可用 junheng user list 查看）",
            district.name
        ))),
    }
}

/// The latest statistics of a year; `None` if the year was never imported.
async fn statistics(data: &DistrictStore, year: i32) -> Result<Option<Vec<SchoolRecord>>, Failure> {
    match data.statistics(year, None).await {
        Ok(records) => Ok(Some(records)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(store_error(e)),
    }
}

/// Everything a year's rotation is computed from.
struct YearData {
    records: Vec<SchoolRecord>,
    roster: Vec<Teacher>,
    ledger: Vec<Move>,
    /// The entries of the year's ledger, cancelled ones included (for the workbook).
    entries: Vec<junheng_store::LedgerEntry>,
    groups: BTreeMap<SchoolCode, String>,
    rulebook: Rulebook,
}

impl YearData {
    /// Loads the statistics (latest version), roster and active ledger of `args.year`, and checks
    /// the group. Bad input when the year has no statistics or no roster.
    async fn load(store: &DistrictStore, args: &YearArgs) -> Result<Self, Failure> {
        let rulebook = crate::evaluate::load_rulebook(&args.rulebook)?;
        let year = args.year;
        let Some(records) = statistics(store, year).await? else {
            return Err(Failure::Input(format!(
                "{year} 学年没有学校统计数据，请先用 junheng import 导入"
            )));
        };
        let roster = store.roster(year).await.map_err(store_error)?;
        if roster.is_empty() {
            return Err(Failure::Input(format!(
                "{year} 学年没有教师花名册，请先用 junheng roster import 导入"
            )));
        }
        let ledger = store
            .moves(&MoveFilter::default())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|e| e.move_)
            .collect();
        let entries = store
            .moves(&MoveFilter {
                year_active: Some(year),
                include_cancelled: true,
                ..MoveFilter::default()
            })
            .await
            .map_err(store_error)?;
        let groups = groups_of(&records, year);
        if let Some(g) = &args.group
            && !groups.values().any(|name| name == g)
        {
            let mut known: Vec<&str> = groups.values().map(String::as_str).collect();
            known.sort_unstable();
            known.dedup();
            return Err(Failure::Input(format!(
                "{year} 学年没有名为「{g}」的教育集团（有：{}）",
                if known.is_empty() {
                    "无".to_owned()
                } else {
                    known.join("、")
                }
            )));
        }
        Ok(YearData {
            records,
            roster,
            ledger,
            entries,
            groups,
            rulebook,
        })
    }

    /// Whether a school is in the scope (the group, or the district).
    fn in_scope(&self, group: Option<&str>, school: &SchoolCode) -> bool {
        group.is_none_or(|g| self.groups.get(school).map(String::as_str) == Some(g))
    }

    /// School names of the year.
    fn names(&self) -> BTreeMap<SchoolCode, String> {
        self.records
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect()
    }
}

/// The roster's counts that differ from the statistics, as a table.
fn mismatch_table(mismatches: &[Mismatch]) -> String {
    let mut t = Table::new(&[
        ("学校标识码", Align::Left),
        ("学校名称", Align::Left),
        ("学段", Align::Left),
        ("项目", Align::Left),
        ("花名册", Align::Right),
        ("统计表", Align::Right),
    ]);
    for m in mismatches {
        t.row(vec![
            m.school.to_string(),
            if m.name.is_empty() {
                "（不在统计表中）".into()
            } else {
                m.name.clone()
            },
            m.section.label().into(),
            m.field.into(),
            m.roster.to_string(),
            m.statistics.to_string(),
        ]);
    }
    t.render("  ")
}

/// 差异系数 for display, 3 decimals.
fn cv(v: Option<f64>) -> String {
    v.map_or_else(|| "不可计算".to_owned(), |v| format!("{v:.3}"))
}

/// A share as a percentage, 1 decimal.
fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// Writes a result: the table or JSON to `output` or stdout, or the workbook to `output` or
/// `default_xlsx`.
fn write_result(
    format: Format,
    output: Option<&Path>,
    default_xlsx: &str,
    json: &impl Serialize,
    table: impl FnOnce() -> String,
    workbook: impl FnOnce() -> anyhow::Result<Vec<u8>>,
) -> Result<(), Failure> {
    let written = (|| -> anyhow::Result<()> {
        if format == Format::Xlsx {
            let path = output.unwrap_or(Path::new(default_xlsx));
            let bytes = workbook()?;
            std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
            eprintln!("已写入工作簿：{}", path.display());
            return Ok(());
        }
        let mut out = crate::text::output(output)?;
        if format == Format::Json {
            serde_json::to_writer(&mut out, json)?;
            writeln!(out)?;
        } else {
            out.write_all(table().as_bytes())?;
        }
        out.flush()?;
        if let Some(path) = output {
            eprintln!("已写入：{}", path.display());
        }
        Ok(())
    })();
    written.map_err(Failure::Output)
}
