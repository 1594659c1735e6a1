//! `plan rotation`: the planner with a progress bar, its plan as a table, JSON or workbook, and
//! — with `--accept-as` an administrator's login — its moves written into the ledger.

use std::fmt::Write;
use std::time::Duration;

use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use junheng_core::school::school_year;
use junheng_rotation::{Plan, PlanError, PlanInput, PlanOptions, Quota, plan};
use junheng_store::Actor;

use super::check::cv_table;
use super::{YearArgs, YearData, admin, write_result};
use crate::platform::runtime;
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub year: YearArgs,
    /// 最多交流人数（默认：完成交流比例所需的最少人数）
    #[arg(long, value_name = "N")]
    pub max_moves: Option<usize>,
    /// 调出、调入学校之间的最远距离（公里；两校都有经纬度时检查）
    #[arg(long, value_name = "KM", value_parser = parse_km)]
    pub max_km: Option<f64>,
    /// 把方案写入交流轮岗台账（来源：方案），操作人须为已启用的管理员
    #[arg(long, value_name = "LOGIN")]
    pub accept_as: Option<String>,
}

fn parse_km(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(km) if km.is_finite() && km > 0.0 => Ok(km),
        _ => Err("应为大于 0 的公里数，例如 15".to_owned()),
    }
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let a = &args.year;
    runtime()?.block_on(a.db.with_district(async |store, district, stored| {
        let accept: Option<Actor> = match &args.accept_as {
            Some(login) => Some(admin(store, district, login).await?),
            None => None,
        };
        let data = YearData::load(stored, a).await?;
        let plan = propose(&data, args)?;
        let default_xlsx = format!("交流轮岗方案-{}-{}.xlsx", plan.scope, a.year);
        write_result(
            a.format,
            a.output.as_deref(),
            &default_xlsx,
            &plan,
            || table(&plan),
            || junheng_io::rotation::write_plan_xlsx(&plan).map_err(anyhow::Error::from),
        )?;
        if let Some(actor) = accept {
            let moves = plan.as_ledger();
            if moves.is_empty() {
                eprintln!("方案没有交流，台账未改动");
            } else {
                let note = format!(
                    "交流轮岗方案：{}，{} 学年起，规则 {} {}",
                    plan.scope, plan.term.0, plan.rulebook, plan.rulebook_version
                );
                junheng_app::rotation::accept_plan(stored, &moves, &actor, &note)
                    .await
                    .map_err(|e| Failure::Input(format!("方案未写入台账：{e}")))?;
                eprintln!(
                    "已将方案的 {} 项交流写入台账（{}–{} 学年，来源：方案，操作人 {}）",
                    moves.len(),
                    plan.term.0,
                    plan.term.1,
                    actor.name
                );
            }
        }
        Ok(if plan.quota_after.met() {
            Outcome::Pass
        } else {
            Outcome::Fail
        })
    }))
}

/// Runs the planner with a progress bar on stderr.
fn propose(data: &YearData, args: &Args) -> Result<Plan, Failure> {
    let input = PlanInput {
        records: &data.records,
        roster: &data.roster,
        ledger: &data.ledger,
        groups: &data.groups,
        rulebook: &data.rulebook,
    };
    let options = PlanOptions {
        year: args.year.year,
        group: args.year.group.clone(),
        max_moves: args.max_moves,
        max_km: args.max_km,
    };
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = "规划交流轮岗 {spinner} {bar:30} {percent}%（{elapsed}）";
    bar.set_style(ProgressStyle::with_template(style).expect("static template"));
    bar.enable_steady_tick(Duration::from_millis(120));
    let planned = plan(&input, &options, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    planned.map_err(|e| match e {
        PlanError::Evaluate(e) => {
            Failure::Input(format!("{} 学年的学校统计数据无法评估：{e}", options.year))
        }
        e => Failure::Input(e.to_string()),
    })
}

fn quota_line(q: &Quota) -> String {
    format!(
        "交流 {} 人（应 ≥ {}），其中骨干 {} 人（应 ≥ {}）{}",
        q.rotated,
        q.required,
        q.backbone_rotated,
        q.backbone_required,
        if q.met() {
            "✓ 达到"
        } else {
            "✗ 未达到"
        }
    )
}

fn table(p: &Plan) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} 学年 教师交流轮岗方案（{}）",
        school_year(p.options.year),
        p.scope
    );
    let _ = writeln!(
        w,
        "评估规则：{}（版本 {}）　交流期限：{}–{} 学年　可交流教师 {} 人",
        p.rulebook, p.rulebook_version, p.term.0, p.term.1, p.candidates
    );
    let _ = writeln!(w, "\n【交流比例】");
    let _ = writeln!(w, "  方案前：{}", quota_line(&p.quota_before));
    let _ = writeln!(w, "  方案后：{}", quota_line(&p.quota_after));
    let _ = writeln!(
        w,
        "\n【各学段教师指标最大 差异系数/限值】（≤ 1 即在限值内）"
    );
    let mut t = Table::new(&[
        ("学段", Align::Left),
        ("方案前", Align::Right),
        ("方案后", Align::Right),
    ]);
    for s in &p.worst {
        t.row(vec![
            s.section.label().into(),
            format!("{:.3}", s.before),
            format!("{:.3}", s.after),
        ]);
    }
    let _ = write!(w, "{}", t.render("  "));
    let _ = writeln!(w, "\n【教师指标差异系数】（方案前已计入台账）");
    let _ = write!(w, "{}", cv_table(&p.effect.indicators, "方案前", "方案后"));
    let _ = writeln!(w, "\n【交流名单】（{} 人）", p.moves.len());
    let mut t = Table::new(&[
        ("序号", Align::Right),
        ("教师编号", Align::Left),
        ("学段", Align::Left),
        ("学科", Align::Left),
        ("骨干", Align::Left),
        ("调出 → 调入", Align::Left),
        ("距离", Align::Right),
    ]);
    for (i, m) in p.moves.iter().enumerate() {
        t.row(vec![
            (i + 1).to_string(),
            m.teacher.to_string(),
            m.section.label().into(),
            m.subject.clone(),
            if m.backbone.counts() {
                m.backbone.label().into()
            } else {
                String::new()
            },
            format!("{} {} → {} {}", m.from, m.from_name, m.to, m.to_name),
            m.distance_km
                .map_or_else(|| "—".to_owned(), |d| format!("{d:.1} km")),
        ]);
    }
    let _ = write!(w, "{}", t.render("  "));
    if !p.notes.is_empty() {
        let _ = writeln!(w, "\n【说明】");
        for n in &p.notes {
            let _ = writeln!(w, "  · {n}");
        }
    }
    out
}
