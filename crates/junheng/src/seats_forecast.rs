//! `junheng forecast template|import|backtest|run|export` (学位预测) through the same operations
//! as the web pages (`junheng_app::seats::forecast`). The command line's operator holds the
//! database: every write is allowed, recorded under `--as` (default `system`).

use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::seats::forecast::{
    Forecast, ForecastSettings, Refused, UnitForecast, export::sheets,
};
use junheng_core::school::Section;
use junheng_core::seats::forecast::BirthSeries;
use junheng_io::seats::forecast::SeatFileKind;

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ForecastAction {
    /// 写出一类文件的空白模板（.xlsx）：births 出生人口、zones 学区对应、enrolment 在校生、capacity 核定规模
    Template {
        /// 文件类型：births、zones、enrolment、capacity
        kind: String,
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
    /// 导入一类文件（全部写入或全部不写入；已导入的年份须加 --replace 才替换）
    Import(ImportArgs),
    /// 回测：用截至前几个学年的数据重新预测并与实际对比，按学段给出 MAPE 及入学系数、升级比例
    Backtest(RunArgs),
    /// 预测至预测期末：逐年学位需求（高/中/低）与供给、缺口，各学校首个超出核定规模的年份
    Run(RunArgs),
    /// 把预测表格写成 Excel（回测与系数、逐年、各学区、各学校）
    Export {
        /// 输出文件（.xlsx）
        output: PathBuf,
        #[command(flatten)]
        run: RunArgs,
    },
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件类型：births、zones、enrolment、capacity
    pub kind: String,
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 确认替换已导入的年份（学区对应表为整表替换）
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人（审计日志中的用户名），默认 system
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct RunArgs {
    /// 只看一个学区
    #[arg(long)]
    pub zone: Option<String>,
    /// 出生口径：resident（常住，默认）或 hukou（户籍，随迁子女另计）
    #[arg(long)]
    pub series: Option<String>,
    /// 校准入学系数和升级比例的年数（默认 3）
    #[arg(long)]
    pub years: Option<usize>,
    /// 预测至哪一学年（默认 2035）
    #[arg(long)]
    pub horizon: Option<i32>,
    /// 入学年龄（默认 6）
    #[arg(long)]
    pub entry_age: Option<i32>,
    /// 小学班额上限（默认 45）
    #[arg(long)]
    pub primary_max: Option<u32>,
    /// 初中班额上限（默认 50）
    #[arg(long)]
    pub junior_max: Option<u32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

impl RunArgs {
    fn settings(&self) -> Result<ForecastSettings, Failure> {
        let mut s = ForecastSettings::default();
        if let Some(series) = &self.series {
            s.series = BirthSeries::parse(series).ok_or_else(|| {
                Failure::Input(format!(
                    "出生口径“{series}”应为 resident（常住）或 hukou（户籍）"
                ))
            })?;
        }
        let m = &mut s.model;
        m.calibration_years = self.years.unwrap_or(m.calibration_years);
        m.horizon = self.horizon.unwrap_or(m.horizon);
        m.entry_age = self.entry_age.unwrap_or(m.entry_age);
        s.limits = [
            self.primary_max.unwrap_or(s.limits[0]),
            self.junior_max.unwrap_or(s.limits[1]),
        ];
        junheng_app::seats::forecast::check_settings(&s).map_err(crate::platform::store_error)?;
        Ok(s)
    }
}

fn refused(e: Refused) -> Failure {
    match e {
        Refused::Problems(f) => Failure::Input(format!("未写入任何数据：\n{f}")),
        Refused::Unconfirmed(p) => Failure::Input(format!(
            "未写入任何数据：该文件将替换已导入的{}；确认替换请加 --replace",
            p.replaced_text()
        )),
        e => Failure::Input(e.to_string()),
    }
}

fn kind(text: &str) -> Result<SeatFileKind, Failure> {
    SeatFileKind::parse(text).ok_or_else(|| {
        Failure::Input(format!(
            "文件类型“{text}”应为 births（出生人口）、zones（学区对应）、enrolment（在校生）或 capacity（核定规模）"
        ))
    })
}

fn xlsx_path(output: &Path) -> Result<(), Failure> {
    let ok = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if ok {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "文件 {} 的扩展名应为 .xlsx",
            output.display()
        )))
    }
}

fn write(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(output, bytes)
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", output.display())))
}

pub fn run(action: &ForecastAction) -> Result<Outcome, Failure> {
    match action {
        ForecastAction::Template { kind: k, output } => {
            let k = kind(k)?;
            xlsx_path(output)?;
            write(output, &junheng_io::seats::forecast::write_template(k))?;
            eprintln!("已写出空白模板：{}", output.display());
            Ok(Outcome::Done)
        }
        ForecastAction::Import(args) => import(args),
        ForecastAction::Backtest(args) => with_forecast(args, |f, unit| {
            print_backtest(unit);
            if args.zone.is_none() {
                f.zones.iter().for_each(print_backtest);
            }
        }),
        ForecastAction::Run(args) => with_forecast(args, |f, unit| {
            print_backtest(unit);
            print_years(unit);
            print_schools(f, args.zone.as_deref());
        }),
        ForecastAction::Export { output, run } => {
            xlsx_path(output)?;
            let mut bytes = Vec::new();
            with_forecast(run, |f, unit| {
                bytes = junheng_io::export::write_xlsx(&sheets(f, unit, run.zone.as_deref()))
                    .unwrap_or_default();
            })?;
            if bytes.is_empty() {
                return Err(Failure::Output(anyhow::anyhow!("无法生成工作簿")));
            }
            write(output, &bytes)?;
            eprintln!("已写出：{}", output.display());
            Ok(Outcome::Done)
        }
    }
}

fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let k = kind(&args.kind)?;
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let file =
        junheng_app::seats::forecast::read(k, &bytes, &name, &crate::limits()).map_err(refused)?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::seats::forecast::import(
            data,
            &Caller::Operator(&actor),
            &file,
            args.replace,
        )
        .await
        .map_err(refused)?;
        println!(
            "已导入{}的{}：{} 行{}",
            district.name,
            k.label(),
            done.rows,
            if done.replaced.is_empty() {
                String::new()
            } else {
                format!("（替换了已导入的{}）", done.replaced_text())
            }
        );
        Ok(Outcome::Done)
    }))
}

/// Runs the forecast and hands `show` the unit asked for (the district, or `--zone`).
fn with_forecast(
    args: &RunArgs,
    show: impl FnOnce(&Forecast, &UnitForecast),
) -> Result<Outcome, Failure> {
    let settings = args.settings()?;
    runtime()?.block_on(args.db.with_district(async |_store, _district, data| {
        let operator = junheng_store::Actor::system();
        let f =
            junheng_app::seats::forecast::forecast(data, &Caller::Operator(&operator), &settings)
                .await
                .map_err(refused)?;
        let unit = match args.zone.as_deref() {
            Some(z) => f
                .zone(z)
                .ok_or_else(|| Failure::Input(format!("没有学区“{z}”的预测数据")))?
                .clone(),
            None => f.district.clone(),
        };
        if args.json {
            let text = serde_json::to_string_pretty(&(
                &unit,
                f.schools_of(args.zone.as_deref()).collect::<Vec<_>>(),
            ))
            .map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
        } else {
            show(&f, &unit);
        }
        Ok(Outcome::Done)
    }))
}

fn print_backtest(unit: &UnitForecast) {
    let Some(m) = &unit.model else {
        println!(
            "{}：无法预测（{}）",
            unit.name,
            unit.error.as_deref().unwrap_or("")
        );
        return;
    };
    for b in &m.back_test {
        let section = if b.section == Section::Primary {
            "小学"
        } else {
            "初中"
        };
        let mape = b.mape.map_or("年份不足，无法回测".into(), |v| {
            format!("MAPE {v:.1}%")
        });
        println!(
            "{}\t{section}\t{mape}\t对比 {} 次",
            unit.name,
            b.tests.len()
        );
    }
    let k: Vec<String> = m
        .calibration
        .entry
        .iter()
        .map(|k| format!("{k:.3}"))
        .collect();
    let p: Vec<String> = m
        .calibration
        .progression
        .iter()
        .map(|p| format!("{p:.3}"))
        .collect();
    println!(
        "{}\t入学系数 k {}\t升级比例 {}（6→7 不截断）",
        unit.name,
        k.join("/"),
        p.join(" ")
    );
}

fn print_years(unit: &UnitForecast) {
    println!(
        "学年\t小学（低/中/高）\t初中（低/中/高）\t学位供给\t学位缺口（中，年级间抵补）\t班级缺口（中，不抵补）"
    );
    for y in &unit.years {
        let d = |k: usize| {
            format!(
                "{:.0}/{:.0}/{:.0}",
                y.demand[2][k], y.demand[1][k], y.demand[0][k]
            )
        };
        println!(
            "{}\t{}\t{}\t{}\t{:.0}\t{}",
            y.year,
            d(0),
            d(1),
            y.supply.map_or("—".into(), |s| format!("{:.0}", s.total())),
            y.seats_short(),
            y.classes_short()
        );
    }
}

fn print_schools(f: &Forecast, zone: Option<&str>) {
    println!("学校标识码\t学校\t学区\t首个超出年份（中）\t首个超出年份（高）");
    for s in f.schools_of(zone) {
        let year = |y: Option<i32>| y.map_or("—".into(), |y| y.to_string());
        println!(
            "{}\t{}\t{}\t{}\t{}",
            s.code,
            s.unit.name,
            s.zone.as_deref().unwrap_or(""),
            year(s.unit.first_over),
            year(s.unit.first_over_high)
        );
    }
}
