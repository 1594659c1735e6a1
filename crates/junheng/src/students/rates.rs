//! `students rates` and `students input`.

use clap::Args as ClapArgs;
use junheng_app::pairings::Caller;
use junheng_app::students::rates::{RateLine, RateSet, rates as year_rates, school_names};
use junheng_core::school::school_year;

use super::{SettingsArgs, percent, refused};
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct RatesArgs {
    /// 学年（2024 表示 2024–2025 学年）
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 以 JSON 输出（区县、各校的比率及其定义、分子分母）
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
#[command(group(clap::ArgGroup::new("value").required(true).multiple(true)))]
pub struct InputArgs {
    /// 学年（2024 表示 2024–2025 学年）
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 适龄人口（入学率的分母）
    #[arg(long, group = "value")]
    pub population: Option<u64>,
    /// 残联提供的适龄三类残疾儿童少年数（残疾儿童少年入学率的分母）
    #[arg(long, group = "value")]
    pub disabled: Option<u64>,
    /// 数据来源（如 区公安分局 2024 年 8 月户籍统计）
    #[arg(long)]
    pub source: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

/// A rate's cell: value with numerator and denominator, or why it is missing.
fn cell(line: &RateLine) -> String {
    match (&line.rate, &line.missing) {
        (Some(r), _) => format!(
            "{}（{}/{}）{}",
            percent(r.value),
            r.numerator,
            r.denominator,
            match r.meets_floor() {
                Some(true) => "",
                Some(false) => " 未达标",
                None => "",
            }
        ),
        (None, Some(why)) => format!("—（{why}）"),
        (None, None) => "—".to_owned(),
    }
}

/// The district's rates, one per line with its definition.
fn print_set(set: &RateSet) {
    let total = set.counts.total(None);
    println!(
        "  在籍 {} 人：男 {}，随迁子女 {}（政府购买学位 {}），残疾 {}（送教上门 {}），留守 {}，寄宿 {}，困难家庭 {}",
        total.students,
        total.male,
        total.migrant,
        total.migrant_purchased,
        total.disabled,
        total.home_teaching,
        total.left_behind,
        total.boarding,
        total.needy
    );
    for line in &set.lines {
        match (&line.rate, &line.missing) {
            (Some(r), _) => {
                let floor = match (r.floor, r.meets_floor()) {
                    (Some(f), Some(true)) => format!("（督导要求 ≥ {:.0}%，达标）", f * 100.0),
                    (Some(f), Some(false)) => format!("（督导要求 ≥ {:.0}%，未达标）", f * 100.0),
                    _ => String::new(),
                };
                println!(
                    "  {}：{} = {} ÷ {}{}{}",
                    line.name,
                    percent(r.value),
                    r.numerator,
                    r.denominator,
                    if r.capped {
                        "（超过 100% 按 100% 计）"
                    } else {
                        ""
                    },
                    floor
                );
                println!("    定义：{}", r.definition);
            }
            (None, why) => println!(
                "  {}：未计算——{}",
                line.name,
                why.as_deref().unwrap_or("缺少数据")
            ),
        }
    }
    let by_grade: Vec<String> = set
        .attrition
        .iter()
        .filter_map(|(g, r)| {
            r.as_ref().map(|r| {
                format!(
                    "{} {}（{}/{}）",
                    junheng_app::students::who::grade_label(*g),
                    percent(r.value),
                    r.numerator,
                    r.denominator
                )
            })
        })
        .collect();
    if !by_grade.is_empty() {
        println!(
            "  流失率（学年内辍学 ÷ 学年初在籍）：{}",
            by_grade.join("；")
        );
    }
}

pub fn rates(args: &RatesArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let names = school_names(data).await.map_err(store_error)?;
        let r = year_rates(data, args.year, settings.consolidation, &names)
            .await
            .map_err(store_error)?;
        if args.json {
            let text = serde_json::to_string_pretty(&r).map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
            return Ok(Outcome::Done);
        }
        println!(
            "{} {} 学年学生比率（{} 所学校有学籍）",
            district.name,
            school_year(args.year),
            r.schools.len()
        );
        if r.inputs.is_empty() {
            println!(
                "输入项：未填写（用 junheng students input --year {} --population N --source 来源 填写）",
                args.year
            );
        } else {
            let inputs: Vec<String> = r
                .inputs
                .iter()
                .map(|(name, value, source)| {
                    let label = match name.as_str() {
                        "population" => "适龄人口",
                        "disabled" => "适龄三类残疾儿童少年数",
                        other => other,
                    };
                    format!("{label} {value}（来源：{source}）")
                })
                .collect();
            println!("输入项：{}", inputs.join("；"));
        }
        println!("【区县】");
        print_set(&r.district);
        if r.schools.is_empty() {
            println!("该学年还没有任何学校的学籍（用 junheng students import 导入）");
            return Ok(Outcome::Done);
        }
        println!("【各校】");
        let mut t = Table::new(&[
            ("学校标识码", Align::Left),
            ("学校", Align::Left),
            ("办学", Align::Left),
            ("在籍", Align::Right),
            ("辍学", Align::Right),
            ("初中三年巩固率", Align::Left),
            ("随迁子女比例", Align::Left),
        ]);
        for s in &r.schools {
            let find = |id: &str| s.rates.lines.iter().find(|l| l.id == id).map(cell);
            let dropouts: u64 = s
                .rates
                .attrition
                .iter()
                .filter_map(|(_, r)| r.as_ref().map(|r| r.numerator))
                .sum();
            t.row(vec![
                s.school.to_string(),
                s.name.clone(),
                if s.public { "公办" } else { "民办" }.to_owned(),
                s.rates.counts.total(None).students.to_string(),
                dropouts.to_string(),
                find("junior_consolidation").unwrap_or_default(),
                find("migrant").unwrap_or_default(),
            ]);
        }
        print!("{}", t.render("  "));
        Ok(Outcome::Done)
    }))
}

pub fn input(args: &InputArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        for (name, label, value) in [
            ("population", "适龄人口", args.population),
            ("disabled", "适龄三类残疾儿童少年数", args.disabled),
        ] {
            let Some(value) = value else { continue };
            junheng_app::students::roster::set_input(
                data,
                &caller,
                args.year,
                name,
                value,
                args.source.trim(),
            )
            .await
            .map_err(refused)?;
            println!(
                "已填写{} {} 学年{label}：{value}（来源：{}）",
                district.name,
                school_year(args.year),
                args.source.trim()
            );
        }
        Ok(Outcome::Done)
    }))
}
