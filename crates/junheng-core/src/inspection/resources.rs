//! The 资源配置 part from an evaluation: whether it passes and what falls short.

use super::{Resources, Shortfall};
use crate::evaluate::Evaluation;

/// The resource part of the verdict from the evaluation engine's result: every failing unit with
/// the additions that make it pass, and every 差异系数 over its limit.
pub fn resources_of(evaluation: &Evaluation<'_>) -> Resources {
    let mut failing = Vec::new();
    for section in &evaluation.sections {
        for (unit, verdict) in section.units.iter().zip(&section.verdicts) {
            if verdict.passes != Some(false) {
                continue;
            }
            let additions: Vec<String> = verdict
                .gaps
                .iter()
                .map(|g| g.describe(&evaluation.policy))
                .collect();
            failing.push(Shortfall {
                unit: unit.school_code().to_string(),
                name: format!("{}（{}）", unit.record.name, section.section.label()),
                remedy: if additions.is_empty() {
                    "单校未达到校际均衡单项指标要求".to_owned()
                } else {
                    additions.join("；")
                },
            });
        }
        for indicator in &section.indicators {
            if indicator.passes != Some(false) {
                continue;
            }
            failing.push(Shortfall {
                unit: section.section.label().to_owned(),
                name: format!("{}{}差异系数", section.section.label(), indicator.short),
                remedy: match (indicator.spread.cv, indicator.cv_max) {
                    (Some(cv), Some(max)) => format!("差异系数 {cv:.3} 超过 {max:.2}"),
                    _ => "差异系数不可计算（均值为 0）".to_owned(),
                },
            });
        }
        if let Some(c) = section.composite.as_ref().filter(|c| !c.passes) {
            failing.push(Shortfall {
                unit: section.section.label().to_owned(),
                name: format!("{}综合差异系数", section.section.label()),
                remedy: match c.cv {
                    Some(cv) => format!("综合差异系数 {cv:.3} 超过 {:.2}", c.cv_max),
                    None => "综合差异系数不可计算".to_owned(),
                },
            });
        }
    }
    Resources {
        passes: evaluation.passes,
        failing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{demo, evaluate::evaluate, rulebook::Rulebook};

    #[test]
    fn every_failing_unit_and_spread_is_a_shortfall() {
        let schools = demo::generate(&demo::DemoSpec {
            schools: 40,
            seed: 7,
            year: 2024,
        });
        let e = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
        let r = resources_of(&e);
        assert_eq!(r.passes, e.passes);
        let units: usize = e
            .sections
            .iter()
            .map(|s| {
                s.verdicts
                    .iter()
                    .filter(|v| v.passes == Some(false))
                    .count()
            })
            .sum();
        let spreads: usize = e
            .sections
            .iter()
            .map(|s| {
                s.indicators
                    .iter()
                    .filter(|i| i.passes == Some(false))
                    .count()
            })
            .sum();
        assert_eq!(r.failing.len(), units + spreads);
        assert!(units > 0, "the demo has failing units");
        assert!(r.failing.iter().all(|s| !s.remedy.is_empty()));
    }
}
