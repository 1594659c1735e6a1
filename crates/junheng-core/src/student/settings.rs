//! The settings of the student capabilities (`[students]` of the server's settings file): the
//! smallest cell shown to aggregate roles, the 控辍保学 thresholds and risk weights, the 巩固率
//! variant, and the retention period.

use serde::{Deserialize, Serialize};

use super::{ConsolidationVariant, DEFAULT_MIN_CELL, DropoutSettings, RiskWeights};

/// The settings of the student capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StudentSettings {
    /// Counts below this are suppressed for district and city roles (with complementary
    /// suppression). Default 10.
    pub min_cell: u64,
    /// Which 巩固率 denominator: `standard` (招生 + 转入 − 转出) or `deaths_deducted`.
    pub consolidation: ConsolidationVariant,
    /// Months after a child left (毕业, 转出, 死亡) before their record is reduced. Default 36
    /// [L]: three school years, long enough for every 巩固率 that counts them.
    pub retention_months: u32,
    /// The 控辍保学 thresholds.
    pub dropout: DropoutSettings,
    /// The risk score's weights and levels.
    pub risk: RiskWeights,
}

impl Default for StudentSettings {
    fn default() -> Self {
        StudentSettings {
            min_cell: DEFAULT_MIN_CELL,
            consolidation: ConsolidationVariant::Standard,
            retention_months: 36,
            dropout: DropoutSettings::default(),
            risk: RiskWeights::default(),
        }
    }
}

impl StudentSettings {
    /// Checks the settings; the message names the setting and what is expected.
    pub fn validate(&self) -> Result<(), String> {
        if !(2..=100).contains(&self.min_cell) {
            return Err("min_cell 应为 2 到 100（小于该人数的格子不向区县、市级角色显示）".into());
        }
        if !(12..=240).contains(&self.retention_months) {
            return Err("retention_months 应为 12 到 240 个月".into());
        }
        let d = self.dropout;
        if !(1..=60).contains(&d.suspect_days) || !(1..=365).contains(&d.dropout_days) {
            return Err(
                "dropout.suspect_days 应为 1 到 60 个教学日，dropout.dropout_days 应为 1 到 365 天"
                    .into(),
            );
        }
        if !(1..=720).contains(&d.verify_sla_hours)
            || !(1..=365).contains(&d.transfer_days)
            || !(1..=60).contains(&d.visit_days)
        {
            return Err(
                "dropout.verify_sla_hours 应为 1 到 720 小时，dropout.transfer_days 应为 1 到 365 天，dropout.visit_days 应为 1 到 60 天"
                    .into(),
            );
        }
        let r = self.risk;
        if r.watch_from == 0 || r.watch_from >= r.priority_from || r.priority_from > 100 {
            return Err("risk.watch_from 应大于 0 且小于 risk.priority_from（不超过 100）".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_bad_values_are_named() {
        assert_eq!(StudentSettings::default().validate(), Ok(()));
        let mut s = StudentSettings {
            min_cell: 1,
            ..StudentSettings::default()
        };
        assert!(s.validate().unwrap_err().contains("min_cell"));
        s.min_cell = 10;
        s.risk.watch_from = 50;
        assert!(s.validate().unwrap_err().contains("watch_from"));
        let parsed: StudentSettings =
            toml::from_str("min_cell = 5\n[dropout]\nsuspect_days = 3\n").unwrap();
        assert_eq!((parsed.min_cell, parsed.dropout.suspect_days), (5, 3));
        assert_eq!(parsed.dropout.dropout_days, 30);
        assert!(toml::from_str::<StudentSettings>("minimum = 5").is_err());
    }
}
