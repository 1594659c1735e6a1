//! The Chinese terminal report of an evaluation.

use std::fmt::Write;

use junheng_core::evaluate::{Evaluation, IndicatorResult, SectionResult, format_amount};
use junheng_core::rulebook::BalanceMode;
use junheng_core::school::school_year;

use crate::text::{Align, Table};

/// Display precision: values 2 decimals, 差异系数 3 decimals. Engines keep full precision.
fn value(v: f64) -> String {
    format!("{v:.2}")
}

/// A threshold as rulebooks write it: 1.0, 0.9, 2000.
fn threshold(v: f64) -> String {
    if v.fract() == 0.0 && v < 100.0 {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

fn cv(v: Option<f64>) -> String {
    v.map_or_else(|| "不可计算".to_owned(), |v| format!("{v:.3}"))
}

struct Paint {
    on: bool,
}

impl Paint {
    fn verdict(&self, passes: bool) -> String {
        match (passes, self.on) {
            (true, true) => "\x1b[32m✓ 达标\x1b[0m".into(),
            (false, true) => "\x1b[1;31m✗ 未达标\x1b[0m".into(),
            (true, false) => "✓ 达标".into(),
            (false, false) => "✗ 未达标".into(),
        }
    }

    fn bold(&self, text: &str) -> String {
        if self.on {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Renders the whole report.
pub fn render(e: &Evaluation<'_>, source: &str, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{}",
        paint.bold(&format!("{} 学年 资源配置督导评估", school_year(e.year)))
    );
    let _ = writeln!(
        w,
        "评估规则：{}（{}，版本 {}）",
        e.rulebook_name, e.rulebook, e.rulebook_version
    );
    let _ = writeln!(w, "数据文件：{source}");
    let _ = writeln!(w, "计算口径：{}", e.policy.describe());
    let _ = writeln!(w);
    let _ = writeln!(w, "总体结论：{}", paint.verdict(e.passes));
    for s in &e.sections {
        for line in conclusions(e, s) {
            let _ = writeln!(w, "  {line}");
        }
    }
    for s in &e.sections {
        section(w, e, s, &paint);
    }
    if !e.excluded.is_empty() {
        let _ = writeln!(
            w,
            "\n{}",
            paint.bold(&format!("【未参评】{} 所", e.excluded.len()))
        );
        let mut t = Table::new(&[
            ("学校标识码", Align::Left),
            ("学校名称", Align::Left),
            ("原因", Align::Left),
        ]);
        for x in &e.excluded {
            t.row(vec![
                x.school_code.to_string(),
                x.name.clone(),
                x.reason.describe(),
            ]);
        }
        w.push_str(&t.render("  "));
    }
    out
}

/// One line per test of a section: the unit rule and the 差异系数 rule.
fn conclusions(e: &Evaluation<'_>, s: &SectionResult<'_>) -> Vec<String> {
    let label = s.section.label();
    let mut lines = Vec::new();
    if let Some(rule) = e.unit_rule {
        let text = rule.describe(s.indicators.len());
        lines.push(if s.failing_units == 0 {
            format!("✓ {label}：{} 个评估单位均达到「{text}」", s.units.len())
        } else {
            format!(
                "✗ {label}：{} 个评估单位中有 {} 个未达到「{text}」",
                s.units.len(),
                s.failing_units
            )
        });
    }
    match (&s.composite, e.balance_mode) {
        (Some(c), _) => lines.push(format!(
            "{} {label}：综合差异系数 {}，上限 {}",
            if c.passes { "✓" } else { "✗" },
            cv(c.cv),
            c.cv_max
        )),
        (None, BalanceMode::PerIndicator) => {
            let over: Vec<String> = s
                .indicators
                .iter()
                .filter(|i| i.passes == Some(false))
                .map(|i| format!("{} {}", i.short, cv(i.spread.cv)))
                .collect();
            let limit = s
                .indicators
                .first()
                .and_then(|i| i.cv_max)
                .unwrap_or_default();
            lines.push(if over.is_empty() {
                format!(
                    "✓ {label}：{} 项指标的差异系数均不超过 {limit}",
                    s.indicators.len()
                )
            } else {
                format!(
                    "✗ {label}：差异系数超过 {limit} 的指标：{}",
                    over.join("；")
                )
            });
        }
        (None, BalanceMode::Composite) => {}
    }
    lines
}

fn section(w: &mut String, e: &Evaluation<'_>, s: &SectionResult<'_>, paint: &Paint) {
    let _ = writeln!(
        w,
        "\n{}",
        paint.bold(&format!(
            "【{}】评估单位 {} 个，在校生 {} 人 —— {}",
            s.section.label(),
            s.units.len(),
            s.students,
            if s.passes { "达标" } else { "未达标" }
        ))
    );
    let mut t = Table::new(&[
        ("指标", Align::Left),
        ("标准", Align::Right),
        ("达标单位", Align::Right),
        ("均值", Align::Right),
        ("标准差", Align::Right),
        ("差异系数", Align::Right),
        ("上限", Align::Right),
        ("结论", Align::Left),
    ]);
    for i in &s.indicators {
        t.row(vec![
            format!("{}（{}）", i.name, i.unit),
            i.standard.map(threshold).unwrap_or_else(|| "—".into()),
            i.units_meeting
                .map(|n| format!("{n}/{}", s.units.len()))
                .unwrap_or_else(|| "—".into()),
            value(i.spread.mean),
            value(i.spread.sd),
            cv(i.spread.cv),
            i.cv_max.map(threshold).unwrap_or_else(|| "—".into()),
            i.passes
                .map(|p| paint.verdict(p))
                .unwrap_or_else(|| "—".into()),
        ]);
    }
    if let Some(c) = &s.composite {
        t.row(vec![
            "综合差异系数（单项平均）".into(),
            "—".into(),
            "—".into(),
            "—".into(),
            "—".into(),
            cv(c.cv),
            threshold(c.cv_max),
            paint.verdict(c.passes),
        ]);
    }
    w.push_str(&t.render("  "));

    if s.failing_units > 0 {
        let _ = writeln!(
            w,
            "\n  未达标的评估单位（{} 个）及最小补足方案：",
            s.failing_units
        );
        let mut t = Table::new(&[
            ("学校标识码", Align::Left),
            ("评估单位", Align::Left),
            ("达标项", Align::Right),
            ("需要补足", Align::Left),
        ]);
        for (u, v) in s
            .verdicts
            .iter()
            .enumerate()
            .filter(|(_, v)| v.passes == Some(false))
        {
            let unit = &s.units[u];
            let gaps: Vec<String> = v.gaps.iter().map(|g| g.describe(&e.policy)).collect();
            t.row(vec![
                unit.school_code().to_string(),
                format!("{}{}", unit.name(), section_suffix(unit)),
                format!("{}/{}", v.met.unwrap_or(0), s.indicators.len()),
                gaps.join("；"),
            ]);
        }
        w.push_str(&t.render("  "));
    }
    for i in s
        .indicators
        .iter()
        .filter(|i| i.improvement.is_some() || i.passes == Some(false))
    {
        improvement(w, s, i);
    }
}

fn section_suffix(unit: &junheng_core::evaluate::Unit<'_>) -> String {
    if unit.is_section_of_multi_section_school() {
        format!("（{}部）", unit.section.label())
    } else {
        String::new()
    }
}

fn improvement(w: &mut String, s: &SectionResult<'_>, i: &IndicatorResult) {
    let _ = writeln!(w, "\n  差异系数改进 · {}：当前 {}", i.name, cv(i.spread.cv));
    if !i.drivers.is_empty() {
        let drivers: Vec<String> = i
            .drivers
            .iter()
            .map(|d| {
                let side = if d.value < i.spread.mean {
                    "偏低"
                } else {
                    "偏高"
                };
                format!(
                    "{} {} {side}（占方差 {:.1}%）",
                    s.units[d.unit].name(),
                    value(d.value),
                    d.share * 100.0
                )
            })
            .collect();
        let _ = writeln!(w, "    主要来源：{}", drivers.join("；"));
    }
    let Some(plan) = &i.improvement else {
        let _ = writeln!(
            w,
            "    全区均值为 0，差异系数不可计算：需先为各校配备该项资源。"
        );
        return;
    };
    let unit = i.quantity.action_unit();
    let _ = writeln!(
        w,
        "    最少补充方案：把低于 {} 的 {} 个单位提高到 {}，共需增加 {} {unit}，改进后差异系数 {}（目标 ≤ {}）",
        value(plan.floor),
        plan.changes.len(),
        value(plan.floor),
        format_amount(plan.total_amount, i.quantity),
        cv(Some(plan.cv_after)),
        threshold(plan.target_cv)
    );
    if !plan.reaches_target {
        let _ = writeln!(
            w,
            "    注意：按整数补充（整名教师、整间教室）无法精确达到目标，以上为最接近的方案。"
        );
    }
    let mut t = Table::new(&[
        ("学校标识码", Align::Left),
        ("评估单位", Align::Left),
        ("现值", Align::Right),
        ("改进后", Align::Right),
        ("需增加", Align::Right),
    ]);
    for c in &plan.changes {
        let u = &s.units[c.unit];
        t.row(vec![
            u.school_code().to_string(),
            format!("{}{}", u.name(), section_suffix(u)),
            value(c.from),
            value(c.to),
            format!("{} {unit}", format_amount(c.amount, i.quantity)),
        ]);
    }
    w.push_str(&t.render("    "));
}
