//! `junheng inspection path|self-assess` (创建路径): the district's way to 国家认定 — target,
//! days left, the five steps, the year's standing, open and overdue tasks — and its own 自评
//! step, the same operations as `/inspection/path` (`junheng_app::inspection::path`).

use clap::Args as ClapArgs;
use junheng_app::inspection::path::{Path, path, record_self_assessment};
use junheng_core::school::school_year;

use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct PathArgs {
    /// 督导评估达标情况所属学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 评估规则：内置规则 id（默认 cn-2017）
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct SelfAssessArgs {
    /// 自评日期，YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// 文号或标题，例如 渝北教督〔2026〕7号
    #[arg(long)]
    pub document: String,
    /// 备注
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

/// `junheng inspection path`.
pub fn show(args: &PathArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, _data| {
        let today = junheng_app::tasks::beijing_today();
        let p = path(store, district.id, args.year, &args.rulebook, &today)
            .await
            .map_err(store_error)?;
        if args.json {
            crate::text::print_json(&p)?;
        } else {
            print(&district.name, &p);
        }
        Ok(Outcome::Done)
    }))
}

/// `junheng inspection self-assess`.
pub fn self_assess(args: &SelfAssessArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, _data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let id = record_self_assessment(
            store,
            district.id,
            &args.on,
            &args.document,
            &args.note,
            &actor,
        )
        .await
        .map_err(store_error)?;
        println!(
            "已记录 {} 的自评：{} {}（编号 {id}）",
            district.name,
            args.on.trim(),
            args.document.trim()
        );
        Ok(Outcome::Done)
    }))
}

fn print(district: &str, p: &Path) {
    let target = match (p.target, p.phase) {
        (Some(t), Some(phase)) => format!("{t}（{phase}），期限 {}", deadline(p)),
        (Some(t), None) => format!("{t}，期限 {}", deadline(p)),
        _ => "未设定".into(),
    };
    println!(
        "{district} 创建路径：目标年份 {target}；{}",
        p.describe_days()
    );
    for s in &p.steps {
        let mark = if s.reached { "✓" } else { "·" };
        match &s.step {
            Some(x) => println!(
                "  {mark} {}\t{} {}{}（{}）",
                s.status,
                x.reached_on,
                x.document,
                if x.note.is_empty() {
                    String::new()
                } else {
                    format!("：{}", x.note)
                },
                x.recorded_by
            ),
            None => println!("  {mark} {}", s.status),
        }
    }
    let year = p.year.map_or("—".into(), school_year);
    match &p.readiness {
        Some(r) => println!("{year} 学年督导评估：{}", r.describe()),
        None => {
            println!("{year} 学年督导评估：尚未计算（junheng inspection status 计算并保存结论）")
        }
    }
    println!(
        "整改任务：未完成 {} 项，逾期 {} 项",
        p.tasks.open, p.tasks.overdue
    );
}

fn deadline(p: &Path) -> &str {
    p.deadline.as_deref().unwrap_or("—")
}
