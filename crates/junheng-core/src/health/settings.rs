//! The settings of the health capabilities (`[health]` of the server's settings file): the
//! schools' 体质健康 targets, the 近视 targets with their baseline, what counts as faster
//! progression, and the 心理 thresholds, deadlines, crisis procedure and consent rule.

use serde::{Deserialize, Serialize};

use super::mental::TierThresholds;

/// The settings of the health capabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct HealthSettings {
    /// 体质健康.
    pub fitness: FitnessSettings,
    /// 近视.
    pub vision: VisionSettings,
    /// 心理健康.
    pub mental: MentalSettings,
}

/// 体质健康 targets: a school below either is listed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitnessSettings {
    /// 优良率 (学年总分 ≥ 80) a school should reach. Default 0.50 [L] (《体育强国建设纲要》 asks
    /// for 优良率 above 50 % by 2022; a district's own target replaces it).
    pub good_rate_target: f64,
    /// 合格率 (≥ 60) a school should reach. Default 0.95 [L].
    pub pass_rate_target: f64,
}

impl Default for FitnessSettings {
    fn default() -> Self {
        FitnessSettings {
            good_rate_target: 0.50,
            pass_rate_target: 0.95,
        }
    }
}

/// 近视 targets (综合防控实施方案, 教体艺〔2018〕3号): from the baseline year's measured rate,
/// lower by `points_per_year` percentage points a year; and what counts as faster progression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisionSettings {
    /// The baseline school year: its rate is the district's measured rate that year. Unset
    /// (the default), the first school year the district screened.
    pub baseline_year: Option<i32>,
    /// The yearly reduction, percentage points: 0.5, or 1 in high-prevalence provinces.
    pub points_per_year: f64,
    /// A drop of the worse myopic eye's SE between two rounds that counts as 进展较快, in
    /// dioptres (positive). Default 0.75 [L]; the standard sets none.
    pub progression_dioptres: f64,
}

impl Default for VisionSettings {
    fn default() -> Self {
        VisionSettings {
            baseline_year: None,
            points_per_year: 0.5,
            progression_dioptres: 0.75,
        }
    }
}

/// 心理 screening and follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MentalSettings {
    /// The totals from which a screen suggests 关注 and 重点.
    pub thresholds: TierThresholds,
    /// Days within which a case of each tier needs its next action: 危机 (0 = the same day),
    /// 重点 (an interview), 关注 (the class teacher's observation, a re-screen). Defaults 0, 5, 30.
    pub crisis_days: u32,
    /// See [`MentalSettings::crisis_days`].
    pub priority_days: u32,
    /// See [`MentalSettings::crisis_days`].
    pub attention_days: u32,
    /// The crisis procedure's steps, in order. Default 发现报告 → 评估 → 干预/转介 → 家校医协同 →
    /// 跟踪回访 [L]: the 五步法 of the reports was not found in a primary text.
    pub crisis_steps: Vec<String>,
    /// Whether a screening needs the guardian's recorded consent (PIPL §31 for children under
    /// 14). Default true.
    pub consent_required: bool,
    /// The district's own instruments (MHT, MSSMHS, …): each a definition file (TOML, see
    /// `junheng_core::health::instrument::InstrumentSpec`) and, when the district has licensed
    /// one, its norm table (CSV `scale,raw,norm`). Read when the settings are loaded.
    pub instruments: Vec<InstrumentFiles>,
}

/// Where a district instrument's definition and norms are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentFiles {
    /// The definition (TOML).
    pub spec_file: String,
    /// The norm table (CSV), if any.
    #[serde(default)]
    pub norms_file: Option<String>,
}

impl Default for MentalSettings {
    fn default() -> Self {
        MentalSettings {
            thresholds: TierThresholds::default(),
            crisis_days: 0,
            priority_days: 5,
            attention_days: 30,
            crisis_steps: ["发现报告", "评估", "干预/转介", "家校医协同", "跟踪回访"]
                .map(String::from)
                .to_vec(),
            consent_required: true,
            instruments: Vec::new(),
        }
    }
}

impl HealthSettings {
    /// Checks the settings; the message names the setting and what is expected.
    pub fn validate(&self) -> Result<(), String> {
        let f = self.fitness;
        let rate = |x: f64| (0.0..=1.0).contains(&x);
        if !rate(f.good_rate_target) || !rate(f.pass_rate_target) {
            return Err(
                "health.fitness.good_rate_target 与 pass_rate_target 应为 0 到 1 之间的比例（如 0.5）"
                    .into(),
            );
        }
        let v = self.vision;
        if v.baseline_year.is_some_and(|y| !(2000..=2100).contains(&y)) {
            return Err("health.vision.baseline_year 应为 2000 到 2100 的学年".into());
        }
        if !(0.0..=10.0).contains(&v.points_per_year) {
            return Err("health.vision.points_per_year 应为 0 到 10 个百分点".into());
        }
        if !(0.25..=5.0).contains(&v.progression_dioptres) {
            return Err("health.vision.progression_dioptres 应为 0.25 到 5 D".into());
        }
        let m = &self.mental;
        let t = m.thresholds;
        if !(1..=27).contains(&t.phq9_attention)
            || t.phq9_priority <= t.phq9_attention
            || t.phq9_priority > 27
            || !(1..=21).contains(&t.gad7_attention)
            || t.gad7_priority <= t.gad7_attention
            || t.gad7_priority > 21
        {
            return Err(
                "health.mental.thresholds：关注线应大于 0，重点线应大于关注线（PHQ-9 最高 27，GAD-7 最高 21）"
                    .into(),
            );
        }
        if m.crisis_days > 1 || m.priority_days > 30 || m.attention_days > 120 {
            return Err(
                "health.mental：crisis_days 应为 0 或 1 天，priority_days 不超过 30 天，attention_days 不超过 120 天"
                    .into(),
            );
        }
        if m.crisis_steps.is_empty()
            || m.crisis_steps.len() > 12
            || m.crisis_steps
                .iter()
                .any(|s| s.trim().is_empty() || s.chars().count() > 20)
        {
            return Err("health.mental.crisis_steps 应有 1 到 12 步，每步 1 到 20 个字".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_bad_values_are_named() {
        assert_eq!(HealthSettings::default().validate(), Ok(()));
        let mut s = HealthSettings::default();
        s.fitness.good_rate_target = 50.0;
        assert!(s.validate().unwrap_err().contains("good_rate_target"));
        let mut s = HealthSettings::default();
        s.mental.thresholds.phq9_priority = 9;
        assert!(s.validate().unwrap_err().contains("thresholds"));
        let mut s = HealthSettings::default();
        s.mental.crisis_days = 3;
        assert!(s.validate().unwrap_err().contains("crisis_days"));
        let mut s = HealthSettings::default();
        s.mental.crisis_steps.clear();
        assert!(s.validate().unwrap_err().contains("crisis_steps"));
        let text = "[vision]\nbaseline_year = 2021\n[mental]\nconsent_required = false\n";
        let s: HealthSettings = toml::from_str(text).unwrap();
        assert_eq!(s.vision.baseline_year, Some(2021));
        assert!(!s.mental.consent_required);
        assert_eq!(s.mental.priority_days, 5);
        assert!(toml::from_str::<HealthSettings>("[vision]\nbaseline = 1\n").is_err());
    }
}
