//! `junheng district` (the districts of a database: list, add, update) and `junheng city` (the
//! city's comparison of its districts, creation targets and steps) — thin over
//! [`junheng_app::city`] and the store.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::city::{self, SortKey};
use junheng_core::creation::CreationStatus;
use junheng_core::rulebook::Rulebook;
use junheng_store::{DistrictKind, NewDistrict, NewStep, Scope, Store};

use crate::accounts::ActorArg;
use crate::platform::{Database, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum DistrictAction {
    /// 列出数据库中的区县（代码、名称、类型、所属市和省）
    List {
        #[command(flatten)]
        db: Database,
    },
    /// 新增区县（一个部署可容纳一个市或省的全部区县）
    Add {
        #[command(flatten)]
        fields: DistrictFields,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 区县公钥登记（数据上报）：登记、吊销、列出
    Key {
        #[command(subcommand)]
        action: crate::package::DistrictKeyAction,
    },
    /// 修改区县的代码、名称、类型或所属市、省（如把笔记本上的“本区县 000000”改为真实代码）
    Update {
        /// 现在的区县代码
        code: String,
        #[command(flatten)]
        fields: DistrictFields,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
}

/// What a district is.
#[derive(ClapArgs, Debug)]
pub struct DistrictFields {
    /// 区县代码：6 位行政区划代码，无代码的功能区用市里指定的代码（如 LJXQ）
    #[arg(long = "code")]
    new_code: String,
    /// 区县名称，如 渝北区
    #[arg(long)]
    name: String,
    /// 类型：区、县或功能区（默认按名称结尾判断）
    #[arg(long)]
    kind: Option<String>,
    /// 所属市：代码:名称，如 500100:重庆市
    #[arg(long, value_name = "CODE:NAME")]
    city: Option<String>,
    /// 所属省：代码:名称，如 500000:重庆市
    #[arg(long, value_name = "CODE:NAME")]
    province: Option<String>,
}

fn pair(text: Option<&str>, what: &str) -> Result<(String, String), Failure> {
    match text {
        None => Ok(Default::default()),
        Some(t) => t
            .split_once([':', '：'])
            .map(|(c, n)| (c.trim().to_owned(), n.trim().to_owned()))
            .filter(|(c, n)| !c.is_empty() && !n.is_empty())
            .ok_or_else(|| {
                Failure::Input(format!(
                    "--{what} 应写作 代码:名称，如 500100:重庆市（收到「{t}」）"
                ))
            }),
    }
}

impl DistrictFields {
    fn new_district(&self) -> Result<NewDistrict, Failure> {
        let kind = match self.kind.as_deref() {
            Some(k) => DistrictKind::parse(k).ok_or_else(|| {
                Failure::Input(format!("区县类型「{k}」有误：应为 区、县 或 功能区"))
            })?,
            None if self.name.trim().ends_with('县') => DistrictKind::Xian,
            None => DistrictKind::Qu,
        };
        Ok(NewDistrict {
            code: self.new_code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            kind,
            city: pair(self.city.as_deref(), "city")?,
            province: pair(self.province.as_deref(), "province")?,
        })
    }
}

pub fn district(action: &DistrictAction) -> Result<Outcome, Failure> {
    match action {
        DistrictAction::List { db } => runtime()?.block_on(db.with_store(async |store| {
            let mut t = Table::new(&[
                ("代码", Align::Left),
                ("名称", Align::Left),
                ("类型", Align::Left),
                ("所属市", Align::Left),
                ("所属省", Align::Left),
            ]);
            for d in store.districts().await.map_err(store_error)? {
                let region = |(code, name): &(String, String)| {
                    if code.is_empty() {
                        "—".to_owned()
                    } else {
                        format!("{name}（{code}）")
                    }
                };
                t.row(vec![
                    d.code.clone(),
                    d.name.clone(),
                    d.kind.label().to_owned(),
                    region(&d.city),
                    region(&d.province),
                ]);
            }
            print!("{}", t.render(""));
            Ok(Outcome::Done)
        })),
        DistrictAction::Add { fields, actor, db } => {
            let new = fields.new_district()?;
            runtime()?.block_on(db.with_store(async |store| {
                let d = store
                    .add_district(&new, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!("已新增区县 {} {}（{}）", d.code, d.name, d.kind.label());
                Ok(Outcome::Done)
            }))
        }
        DistrictAction::Key { action } => crate::package::district_key(action),
        DistrictAction::Update {
            code,
            fields,
            actor,
            db,
        } => {
            let new = fields.new_district()?;
            runtime()?.block_on(db.with_store(async |store| {
                let d = store.district_for(Some(code)).await.map_err(store_error)?;
                store
                    .update_district(d.id, &new, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!("已修改区县 {} → {} {}", d.code, new.code, new.name);
                Ok(Outcome::Done)
            }))
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum CityAction {
    /// 比较一个市（或省）各区县某学年的结论、差异系数、未达标单位、交流轮岗、数据版本和创建阶段
    Compare(CompareArgs),
    /// 设定区县的创建目标年份（2024 试点推进、2028 整体推进、2030 攻坚推进）
    Target {
        /// 区县代码
        district: String,
        /// 目标年份
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 记录区县到达的创建步骤（自评、市级过程评估、市级督导评估、国家认定），附日期和文件
    Step {
        /// 区县代码
        district: String,
        /// 状态：自评、市级过程评估、市级督导评估 或 国家认定
        #[arg(long)]
        status: String,
        /// 日期 YYYY-MM-DD
        #[arg(long = "on")]
        reached_on: String,
        /// 文件（文号或标题）
        #[arg(long)]
        document: String,
        /// 备注
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
}

#[derive(ClapArgs, Debug)]
pub struct CompareArgs {
    /// 学年（如 2024 表示 2024–2025 学年）
    #[arg(long)]
    year: i32,
    /// 只比较此市的区县（市代码，如 500100）；与 --province 都不给时比较库中全部区县
    #[arg(long, conflicts_with = "province")]
    city: Option<String>,
    /// 只比较此省的区县（省代码）
    #[arg(long)]
    province: Option<String>,
    /// 评估规则
    #[arg(long, default_value = "cn-2017")]
    rulebook: String,
    /// 排序：code、verdict、failing、primary、junior、rotation、fresh、status、target
    #[arg(long, default_value = "code")]
    sort: String,
    /// 降序
    #[arg(long)]
    desc: bool,
    /// 写出到文件（.xlsx 或 .csv）；不给时在终端显示
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: Database,
}

async fn compare(store: &Store, a: &CompareArgs) -> Result<Outcome, Failure> {
    let rulebook = Rulebook::builtin(&a.rulebook).map_err(|e| Failure::Input(e.to_string()))?;
    let key = SortKey::parse(&a.sort).ok_or_else(|| {
        Failure::Input(format!(
            "无法按「{}」排序；可用：code、verdict、failing、primary、junior、rotation、fresh、status、target",
            a.sort
        ))
    })?;
    let region = match (&a.city, &a.province) {
        (Some(c), _) => Some(Scope::City(c.trim().to_owned())),
        (None, Some(p)) => Some(Scope::Province(p.trim().to_owned())),
        (None, None) => None,
    };
    let districts = match &region {
        Some(r) => city::districts_of(store, r).await,
        None => store.districts().await,
    }
    .map_err(store_error)?;
    if districts.is_empty() {
        return Err(Failure::Input(
            "没有要比较的区县：请检查 --city / --province（可用 junheng district list 查看）"
                .into(),
        ));
    }
    let mut rows = city::compare(store, districts, a.year, &rulebook, city::this_year())
        .await
        .map_err(store_error)?;
    city::sort(&mut rows, key, a.desc);
    let table = city::comparison(&rows);
    match &a.output {
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let bytes = match ext.as_deref() {
                Some("xlsx") => junheng_io::export::write_xlsx(&[table])
                    .map_err(|e| Failure::Output(e.into()))?,
                Some("csv") => {
                    let mut out = Vec::new();
                    junheng_io::export::write_csv(&table, &mut out)
                        .map_err(|e| Failure::Output(e.into()))?;
                    out
                }
                _ => {
                    return Err(Failure::Input(format!(
                        "输出文件 {} 应以 .xlsx 或 .csv 结尾",
                        path.display()
                    )));
                }
            };
            std::fs::write(path, bytes).map_err(|e| {
                Failure::Output(anyhow::anyhow!("无法写出 {}：{e}", path.display()))
            })?;
            println!("已写出 {} 个区县的比较：{}", rows.len(), path.display());
        }
        None => {
            let mut t = Table::new(&[
                ("区县", Align::Left),
                ("结论", Align::Left),
                ("小学差异系数/限值", Align::Right),
                ("初中差异系数/限值", Align::Right),
                ("未达标单位", Align::Right),
                ("交流轮岗", Align::Right),
                ("数据版本", Align::Left),
                ("创建", Align::Left),
                ("督导评估", Align::Left),
                ("任务（未完成/逾期）", Align::Right),
                ("距目标期限", Align::Left),
            ]);
            for r in &rows {
                let e = r.evaluation.as_ref().ok();
                let section = |label: &str| {
                    e.and_then(|e| e.section(label)).map_or("—".into(), |s| {
                        format!(
                            "{} / {:.2}",
                            s.cv.map_or("—".into(), |v| format!("{v:.3}")),
                            s.limit
                        )
                    })
                };
                t.row(vec![
                    format!("{} {}", r.district.code, r.district.name),
                    city::verdict(r),
                    section("小学"),
                    section("初中"),
                    e.map_or("—".into(), |e| e.failing_units.to_string()),
                    r.rotation.map_or("无花名册".into(), |q| {
                        format!(
                            "{}/{}{}",
                            q.rotated,
                            q.required,
                            if q.met { " 达到" } else { " 未达到" }
                        )
                    }),
                    r.freshness.as_ref().map_or("—".into(), |f| {
                        let from = r
                            .package
                            .as_ref()
                            .map_or(String::new(), |p| format!("（{}）", p.describe()));
                        format!("第 {} 版 {}{from}", f.version, f.file_name)
                    }),
                    format!("{} · {}", r.status, r.progress.describe()),
                    r.inspection
                        .as_ref()
                        .map_or("尚未计算".into(), |i| i.describe()),
                    r.tasks
                        .map_or("—".into(), |t| format!("{}/{}", t.open, t.overdue)),
                    junheng_app::inspection::path::describe_days(r.status, r.days_to_target),
                ]);
            }
            print!("{}", t.render(""));
        }
    }
    Ok(Outcome::Done)
}

pub fn city_command(action: &CityAction) -> Result<Outcome, Failure> {
    match action {
        CityAction::Compare(a) => {
            runtime()?.block_on(a.db.with_store(async |s| compare(s, a).await))
        }
        CityAction::Target {
            district,
            year,
            actor,
            db,
        } => runtime()?.block_on(db.with_store(async |store| {
            let d = city::set_target(store, None, district, *year, &actor.actor())
                .await
                .map_err(store_error)?;
            println!("已将{}（{}）的创建目标设为 {year} 年", d.name, d.code);
            Ok(Outcome::Done)
        })),
        CityAction::Step {
            district,
            status,
            reached_on,
            document,
            note,
            actor,
            db,
        } => {
            let status = CreationStatus::parse(status).ok_or_else(|| {
                Failure::Input(format!(
                    "状态「{status}」有误：应为 自评、市级过程评估、市级督导评估 或 国家认定"
                ))
            })?;
            let step = NewStep {
                status,
                reached_on: reached_on.clone(),
                document: document.clone(),
                note: note.clone(),
            };
            runtime()?.block_on(db.with_store(async |store| {
                let d = city::record_step(store, None, district, &step, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!(
                    "已记录{}（{}）：{status} {}",
                    d.name, d.code, step.reached_on
                );
                Ok(Outcome::Done)
            }))
        }
    }
}
