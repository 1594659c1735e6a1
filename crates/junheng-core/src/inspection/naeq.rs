//! 教育质量 9: the 国家义务教育质量监测 result — every monitored subject at 学业水平 Ⅲ级 or above
//! and a 校际差异率 strictly below 0.15 (standard.md §4).

use super::share::below_line;
use super::{Computed, Figure, Outcome, Provenance, Shortfall};
use crate::exam::NaeqResult;

/// The limits of the item (the rulebook's `limits` of `naeq`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NaeqLimits {
    /// 校际差异率 must be strictly below this ratio (0.15).
    pub line: f64,
    /// 学业水平 must reach this level (3 = Ⅲ级).
    pub min_level: u8,
    /// The latest monitoring in the `window_years` calendar years ending with the one the school
    /// year ends in counts (3: for 2024–2025 学年, monitoring years 2023–2025).
    pub window_years: u32,
}

/// Decides the item for school year `year` from the district's official results.
///
/// The monitoring year taken is the latest one in the window; every subject of it must have a
/// ratio below the line **and** a level at or above the least level. A subject whose level was
/// not reported cannot be decided by data: when nothing else fails, the item is not connected
/// (a statement with the monitoring report decides it).
pub fn item(results: &[NaeqResult], year: i32, limits: NaeqLimits) -> Computed {
    let last = year + 1;
    let first = last - limits.window_years.max(1) as i32 + 1;
    let Some(taken) = results
        .iter()
        .map(|r| r.year)
        .filter(|y| (first..=last).contains(y))
        .max()
    else {
        return Computed::not_connected(format!(
            "{first}—{last} 年没有录入国家义务教育质量监测结果"
        ));
    };
    let mut subjects: Vec<&NaeqResult> = results.iter().filter(|r| r.year == taken).collect();
    subjects.sort_by(|a, b| a.subject.cmp(&b.subject));
    let mut failing = Vec::new();
    let mut unknown_level = Vec::new();
    let mut figures = Vec::new();
    let mut worst: f64 = 0.0;
    for r in &subjects {
        let ratio = r.as_ratio();
        worst = worst.max(ratio);
        let mut problems = Vec::new();
        if !below_line(ratio, limits.line) {
            problems.push(format!("校际差异率 {ratio:.4} 未低于 {}", limits.line));
        }
        match r.level {
            Some(level) if level < limits.min_level => problems.push(format!(
                "学业水平 {} 级，未达到 {} 级",
                level, limits.min_level
            )),
            Some(_) => {}
            None => unknown_level.push(r.subject.clone()),
        }
        figures.push(Figure {
            label: format!("{taken} 年 {}", r.subject),
            value: format!(
                "校际差异率 {ratio:.4}；学业水平 {}",
                r.level.map_or("未报告".to_owned(), |l| format!("{l} 级"))
            ),
        });
        if !problems.is_empty() {
            failing.push(Shortfall {
                unit: r.subject.clone(),
                name: r.subject.clone(),
                remedy: problems.join("；"),
            });
        }
    }
    let outcome = if !failing.is_empty() {
        Outcome::NotMet
    } else if !unknown_level.is_empty() {
        Outcome::NotConnected
    } else {
        Outcome::Met
    };
    let note = match outcome {
        Outcome::Met => format!(
            "{taken} 年监测 {} 个学科均达到 {} 级以上，校际差异率均低于 {}",
            subjects.len(),
            limits.min_level,
            limits.line
        ),
        Outcome::NotMet => format!("{taken} 年监测有 {} 个学科未达标", failing.len()),
        Outcome::NotConnected => format!(
            "{taken} 年监测结果缺少学业水平：{}",
            unknown_level.join("、")
        ),
    };
    Computed {
        outcome,
        value: Some(worst),
        figures,
        failing,
        provenance: vec![Provenance {
            source: "国家义务教育质量监测结果（录入）".to_owned(),
            version: taken.to_string(),
        }],
        note,
    }
}
