//! `junheng pipeline [--year Y] [--json]`: the 骨干 pipeline of a school year — per 城乡 and
//! school, 骨干 and their share against the ¼ target, gains and losses since the previous year,
//! and the thin spots — through the same operation as `/teachers/pipeline`
//! (`junheng_app::teachers::pipeline`).

use clap::Args as ClapArgs;
use junheng_app::teachers::pipeline::compute;
use junheng_core::school::school_year;
use junheng_teachers::pipeline::{PipelineSettings, Tally, YearPipeline};

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct PipelineArgs {
    /// 学年（默认：最新的有教师花名册的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

/// The share as a percentage, or 未接入 without teachers.
pub(crate) fn share(t: &Tally) -> String {
    t.share
        .map_or_else(|| "—".into(), |s| format!("{:.1}%", s * 100.0))
}

/// Gains and losses in one cell: +晋升/调入/新入职 −降级/调出/离开.
pub(crate) fn flows(t: &Tally) -> String {
    t.flows.map_or_else(
        || "—（无上一学年花名册）".into(),
        |f| {
            format!(
                "+{}（晋升 {} 调入 {} 新入职 {}） −{}（降级 {} 调出 {} 离开 {}）",
                f.gained(),
                f.promoted,
                f.rotated_in,
                f.joined,
                f.lost(),
                f.demoted,
                f.rotated_out,
                f.left
            )
        },
    )
}

fn print(district: &str, p: &YearPipeline, target: f64) {
    println!(
        "{district} {} 学年 骨干梯队（目标占比 {:.0}%）",
        school_year(p.year),
        target * 100.0
    );
    let line = |name: &str, t: &Tally| {
        println!(
            "{name}\t教师 {}\t骨干 {}\t占比 {}\t培养对象 {} 区级 {} 市级 {} 特级/名师/学科带头人 {}\t{}",
            t.teachers,
            t.backbone,
            share(t),
            t.stages[0],
            t.stages[1],
            t.stages[2],
            t.stages[3],
            flows(t)
        );
    };
    line("全区", &p.district);
    for a in &p.areas {
        line(a.area.label(), &a.tally);
    }
    for s in &p.schools {
        line(&format!("{} {}", s.school, s.name), &s.tally);
    }
    if p.thin.is_empty() {
        println!("薄弱点：无");
    } else {
        println!("薄弱点（乡村学校所教学科没有骨干）：");
        for t in &p.thin {
            println!(
                "  {}\t{}\t{}\t任课教师 {} 人",
                t.school, t.name, t.subject, t.teachers
            );
        }
    }
}

pub fn run(args: &PipelineArgs) -> Result<Outcome, Failure> {
    let settings = PipelineSettings::default();
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let Some((p, _)) = compute(data, args.year, &settings, |_| true)
            .await
            .map_err(crate::platform::store_error)?
        else {
            return Err(Failure::Input(format!("{}还没有教师花名册", district.name)));
        };
        if args.json {
            return crate::text::print_json(&p);
        }
        print(&district.name, &p, settings.target_share);
        Ok(Outcome::Done)
    }))
}
