//! The settings of 质量监测 (`[quality]` of a district's settings): who counts in a denominator,
//! where the lines lie, the 比值赋分 weights, the value-added method, the literacy levels and the
//! 三线 of the schools' quality scores.
//! Every default is a [L] proposal of `domain/practices.md` §1: a district's own rule replaces it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Lines, Tenths};
use crate::bands::{BandPolicy, PolicyError};

/// The subject name of the derived 总分 paper (also the key of its line override).
pub const TOTAL_SUBJECT: &str = "总分";

/// The settings of 质量监测.
///
/// ```
/// use junheng_core::exam::{Denominator, QualitySettings};
/// let s: QualitySettings = toml::from_str("denominator = \"enrolled\"\nabsent = \"zero\"").unwrap();
/// assert_eq!(s.denominator, Denominator::Enrolled);
/// assert_eq!(s.validate(), Ok(()));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct QualitySettings {
    /// Who a rate is counted over. Default 实考 ([`Denominator::Sat`]).
    pub denominator: Denominator,
    /// What an absent student is under `denominator = enrolled`. Default exclude.
    pub absent: AbsentPolicy,
    /// What a 作弊 (违纪) sitting is. Default zero.
    pub cheat: CheatPolicy,
    /// Whether 良好率 includes the 优秀. Default cumulative.
    pub rates: RateMode,
    /// The lines of 总分 (and of papers built from these settings) as shares of full marks.
    pub lines: LineShares,
    /// Per-subject line shares (key: subject, or `总分`).
    pub subject_lines: BTreeMap<String, LineShares>,
    /// The 比值赋分 weights.
    pub composite: CompositeWeights,
    /// 增值评价.
    pub value_added: ValueAddedSettings,
    /// Literacy levels (水平Ⅰ–Ⅳ) of a monitoring.
    pub levels: LevelSettings,
    /// Who has a 总分.
    pub total: TotalPolicy,
    /// The 三线 of the schools' (and groups') quality scores over a sequence of exams
    /// (`[quality.bands]`; [`BandPolicy::default`], itself [L]).
    pub bands: BandPolicy,
}

/// Who a rate is counted over (`practices.md` §1.1, the main lever for gaming).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// 应考: the roster minus 免考 (and minus 作弊 under `cheat = exclude`). An absent or missing
    /// student counts in every rate's denominator and reaches no line.
    Enrolled,
    /// 实考: the students who sat — scored, and 作弊 as a zero under `cheat = zero`.
    #[default]
    Sat,
}

/// What an absent (缺考, or no row at all) student is when `denominator = enrolled`. Under
/// `denominator = sat` the absent are outside every figure and this setting changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsentPolicy {
    /// The absent stay in the rates' denominator (reaching no line, and not counted 低分) but
    /// are outside every score statistic (mean, SD, distribution).
    #[default]
    Exclude,
    /// The absent count as a score of 0 everywhere: in the mean, SD, distribution and 低分.
    Zero,
}

/// What a 作弊 sitting is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheatPolicy {
    /// A sat score of 0.
    #[default]
    Zero,
    /// Out of every figure, like 免考 (still counted in 参考率: the student sat).
    Exclude,
}

/// Whether 良好率 includes 优秀.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateMode {
    /// 良好 = score ≥ 良好线 (includes 优秀).
    #[default]
    Cumulative,
    /// 良好 = 良好线 ≤ score < 优秀线. 及格率 stays cumulative (及格 includes 良好 and 优秀, [V]).
    Band,
}

/// Who has a 总分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalPolicy {
    /// 全科参考: only a student with a score on every paper of the exam (作弊 as 0 under `cheat =
    /// zero`) has a 总分. Any 免考 makes the 总分 免考; otherwise any absent or missing paper makes
    /// it absent (missing when every paper is missing); under `cheat = exclude` any 作弊 makes it
    /// 作弊.
    #[default]
    AllPapers,
}

/// Lines as shares of full marks (0–1): 优秀 ≥, 良好 ≥, 及格 ≥, 低分 <.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LineShares {
    /// 优秀. Default 0.85 [L].
    pub excellent: f64,
    /// 良好 (一分四率). Default 0.70 [L].
    pub good: f64,
    /// 及格. Default 0.60 [V].
    pub pass: f64,
    /// 低分 (below). Default 0.40 [L].
    pub low: f64,
}

impl Default for LineShares {
    fn default() -> Self {
        LineShares {
            excellent: 0.85,
            good: 0.70,
            pass: 0.60,
            low: 0.40,
        }
    }
}

/// The 比值赋分 weights (`practices.md` §1.1: `{avg 60, exc 70, pass 70}`, total 200; another
/// county uses `{50, 80, 50}`). `good` is 0 unless a county rates 良好率 too.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompositeWeights {
    /// Of the mean.
    pub average: f64,
    /// Of 优秀率.
    pub excellent: f64,
    /// Of 良好率.
    pub good: f64,
    /// Of 及格率.
    pub pass: f64,
}

impl Default for CompositeWeights {
    fn default() -> Self {
        CompositeWeights {
            average: 60.0,
            excellent: 70.0,
            good: 0.0,
            pass: 70.0,
        }
    }
}

impl CompositeWeights {
    /// Σ weights (200 by default).
    pub fn sum(&self) -> f64 {
        self.average + self.excellent + self.good + self.pass
    }
}

/// The value-added method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueAddedMethod {
    /// `z_out − (a + b·z_in)` fitted pooled (`practices.md` §1.7, the default).
    #[default]
    Residual,
    /// `z_out − z_in` (simple gain).
    Gain,
}

/// 增值评价 settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueAddedSettings {
    /// The method. Default residual.
    pub method: ValueAddedMethod,
    /// The matched share of a unit's output sitters below which it is shown but never banded.
    /// Default 0.80 [L].
    pub min_coverage: f64,
    /// The band half-width in standard errors. Default 1.96.
    pub z: f64,
}

impl Default for ValueAddedSettings {
    fn default() -> Self {
        ValueAddedSettings {
            method: ValueAddedMethod::Residual,
            min_coverage: 0.80,
            z: 1.96,
        }
    }
}

/// Literacy levels of a monitoring: four levels split by three cut scores (Ⅱ ≥ c₁, Ⅲ ≥ c₂,
/// Ⅳ ≥ c₃). The labels 水平Ⅰ–Ⅳ and any cut are **[M]**: NAEQ's cut scores are not published, so
/// a monitoring sets its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LevelSettings {
    /// Four labels, lowest first. Default 水平Ⅰ…水平Ⅳ.
    pub labels: Vec<String>,
    /// Cuts as shares of full marks for every paper without its own; `None` (default): only the
    /// subjects in `subjects` get levels.
    pub default_shares: Option<[f64; 3]>,
    /// Per-subject cuts in points.
    pub subjects: BTreeMap<String, [f64; 3]>,
}

impl Default for LevelSettings {
    fn default() -> Self {
        LevelSettings {
            labels: ["水平Ⅰ", "水平Ⅱ", "水平Ⅲ", "水平Ⅳ"]
                .map(String::from)
                .to_vec(),
            default_shares: None,
            subjects: BTreeMap::new(),
        }
    }
}

/// A settings value out of range, by stable code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QualitySettingsError {
    /// A line share outside 0–1, or not ordered 低分 ≤ 及格 ≤ 良好 ≤ 优秀.
    #[error("划线比例应在 0 到 1 之间且 低分 ≤ 及格 ≤ 良好 ≤ 优秀（{subject}）")]
    LineShares {
        /// The subject (or `默认`).
        subject: String,
    },
    /// A negative or non-finite composite weight, or all zero.
    #[error("比值赋分权重应为非负数且不全为 0")]
    CompositeWeights,
    /// `min_coverage` outside 0–1.
    #[error("增值评价的最低匹配率应在 0 到 1 之间")]
    MinCoverage,
    /// `z` not positive.
    #[error("增值评价的显著性界值应为正数（如 1.96）")]
    BandZ,
    /// Not four labels.
    #[error("素养水平应有 4 个名称")]
    LevelLabels,
    /// Cuts not strictly increasing, negative, or shares above 1.
    #[error("素养水平划界分应为递增的非负数（{subject}）")]
    LevelCuts {
        /// The subject (or `默认`).
        subject: String,
    },
    /// The 三线 of quality.
    #[error("质量三线设置有误：{0}")]
    Bands(#[from] PolicyError),
}

impl QualitySettingsError {
    /// The stable code (`quality.<code>` is its i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            QualitySettingsError::LineShares { .. } => "line_shares_invalid",
            QualitySettingsError::CompositeWeights => "composite_weights_invalid",
            QualitySettingsError::MinCoverage => "min_coverage_out_of_range",
            QualitySettingsError::BandZ => "band_z_not_positive",
            QualitySettingsError::LevelLabels => "level_labels_not_four",
            QualitySettingsError::LevelCuts { .. } => "level_cuts_not_increasing",
            QualitySettingsError::Bands(_) => "bands_invalid",
        }
    }
}

impl LineShares {
    fn valid(&self) -> bool {
        let s = [self.low, self.pass, self.good, self.excellent];
        s.iter().all(|x| (0.0..=1.0).contains(x)) && s.windows(2).all(|w| w[0] <= w[1])
    }
}

/// A share of `full` (tenths) as a line in tenths, never rounded down (`Lines::at_shares`'s rule).
pub(crate) fn share_line(full: u32, share: f64) -> u32 {
    let exact = f64::from(full) * share;
    (exact - 1e-9).ceil().clamp(0.0, f64::from(full)) as u32
}

impl QualitySettings {
    /// The line shares of a subject: its override, else the default shares.
    pub fn shares(&self, subject: &str) -> LineShares {
        self.subject_lines
            .get(subject)
            .copied()
            .unwrap_or(self.lines)
    }

    /// A paper's lines from the settings (for importers that build [`super::PaperSpec`]s).
    ///
    /// ```
    /// use junheng_core::exam::{QualitySettings, Tenths};
    /// let lines = QualitySettings::default().lines("数学", Tenths::points(150));
    /// assert_eq!(lines.excellent, Tenths(1275));
    /// assert_eq!(lines.low, Tenths(600));
    /// ```
    pub fn lines(&self, subject: &str, full: Tenths) -> Lines {
        let s = self.shares(subject);
        Lines::at_shares(full, s.excellent, s.good, s.pass, s.low)
    }

    /// The level cuts of a subject in tenths (`[Ⅱ, Ⅲ, Ⅳ]`), if it has levels. A cut between
    /// tenths rises to the next tenth.
    pub fn level_cuts(&self, subject: &str, full: u32) -> Option<[u32; 3]> {
        if let Some(points) = self.levels.subjects.get(subject) {
            return Some(points.map(|p| ((p * 10.0 - 1e-9).ceil().max(0.0)) as u32));
        }
        self.levels
            .default_shares
            .map(|shares| shares.map(|s| share_line(full, s)))
    }

    /// Checks every value; the error's [`QualitySettingsError::code`] is stable.
    pub fn validate(&self) -> Result<(), QualitySettingsError> {
        if !self.lines.valid() {
            return Err(QualitySettingsError::LineShares {
                subject: "默认".into(),
            });
        }
        if let Some((subject, _)) = self.subject_lines.iter().find(|(_, s)| !s.valid()) {
            return Err(QualitySettingsError::LineShares {
                subject: subject.clone(),
            });
        }
        let w = self.composite;
        let weights = [w.average, w.excellent, w.good, w.pass];
        if weights.iter().any(|x| !x.is_finite() || *x < 0.0) || w.sum() <= 0.0 {
            return Err(QualitySettingsError::CompositeWeights);
        }
        if !(0.0..=1.0).contains(&self.value_added.min_coverage) {
            return Err(QualitySettingsError::MinCoverage);
        }
        if !(self.value_added.z.is_finite() && self.value_added.z > 0.0) {
            return Err(QualitySettingsError::BandZ);
        }
        if self.levels.labels.len() != 4 {
            return Err(QualitySettingsError::LevelLabels);
        }
        let increasing = |c: &[f64; 3]| c[0] >= 0.0 && c[0] < c[1] && c[1] < c[2];
        if let Some(s) = self.levels.default_shares
            && (!increasing(&s) || s[2] > 1.0)
        {
            return Err(QualitySettingsError::LevelCuts {
                subject: "默认".into(),
            });
        }
        if let Some((subject, _)) = self.levels.subjects.iter().find(|(_, c)| !increasing(c)) {
            return Err(QualitySettingsError::LevelCuts {
                subject: subject.clone(),
            });
        }
        self.bands.validate()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_have_codes() {
        assert_eq!(QualitySettings::default().validate(), Ok(()));
        let code = |f: fn(&mut QualitySettings)| {
            let mut s = QualitySettings::default();
            f(&mut s);
            s.validate().unwrap_err().code()
        };
        assert_eq!(code(|s| s.lines.excellent = 85.0), "line_shares_invalid");
        assert_eq!(
            code(|s| {
                s.subject_lines.insert(
                    "数学".into(),
                    LineShares {
                        pass: 0.9,
                        ..LineShares::default()
                    },
                );
            }),
            "line_shares_invalid"
        );
        assert_eq!(
            code(|s| s.composite.pass = -1.0),
            "composite_weights_invalid"
        );
        assert_eq!(
            code(|s| s.value_added.min_coverage = 80.0),
            "min_coverage_out_of_range"
        );
        assert_eq!(code(|s| s.value_added.z = 0.0), "band_z_not_positive");
        assert_eq!(
            code(|s| s.levels.labels.pop().map(drop).unwrap()),
            "level_labels_not_four"
        );
        assert_eq!(
            code(|s| s.levels.default_shares = Some([0.6, 0.4, 0.8])),
            "level_cuts_not_increasing"
        );
        assert!(toml::from_str::<QualitySettings>("denominater = \"sat\"").is_err());
    }

    #[test]
    fn the_bands_are_read_and_checked_like_the_reviews() {
        use crate::bands::{EscalationLevel, LineRule};
        assert_eq!(QualitySettings::default().bands, BandPolicy::default());
        let s: QualitySettings = toml::from_str(
            r#"
            [bands]
            higher_is_better = true
            basic = { method = "absolute", threshold = 60 }
            development = { method = "absolute", threshold = 80 }
            warning = { method = "absolute", threshold = 50 }
            escalation = [{ periods = 2, level = "interview" }]
            "#,
        )
        .unwrap();
        assert_eq!(s.bands.basic, LineRule::Absolute { threshold: 60.0 });
        assert_eq!(s.bands.escalation_for(2), Some(EscalationLevel::Interview));
        assert_eq!(s.validate(), Ok(()));
        let code = |f: fn(&mut BandPolicy)| {
            let mut s = QualitySettings::default();
            f(&mut s.bands);
            s.validate().unwrap_err()
        };
        let e = code(|b| b.basic = LineRule::DistrictPercentile { p: 120.0 });
        assert_eq!(e.code(), "bands_invalid");
        assert!(e.to_string().contains("百分位数"), "{e}");
        let e = code(|b| b.warning = LineRule::DistrictPercentile { p: 50.0 });
        assert!(matches!(
            e,
            QualitySettingsError::Bands(PolicyError::WarningAboveBasic { .. })
        ));
        let e = code(|b| b.escalation[0].periods = 0);
        assert_eq!(
            e,
            QualitySettingsError::Bands(PolicyError::EscalationPeriods)
        );
        // A section given is whole: no line falls back to a default unseen.
        assert!(toml::from_str::<QualitySettings>("[bands]\nhigher_is_better = true").is_err());
    }

    #[test]
    fn lines_and_cuts_come_from_the_shares() {
        let mut s = QualitySettings::default();
        s.subject_lines.insert(
            "语文".into(),
            LineShares {
                excellent: 0.9,
                ..LineShares::default()
            },
        );
        assert_eq!(s.lines("语文", Tenths::points(120)).excellent, Tenths(1080));
        assert_eq!(s.lines("数学", Tenths::points(120)).excellent, Tenths(1020));
        assert_eq!(s.level_cuts("数学", 1000), None);
        s.levels.default_shares = Some([0.4, 0.6, 0.8]);
        assert_eq!(s.level_cuts("数学", 1000), Some([400, 600, 800]));
        s.levels.subjects.insert("数学".into(), [45.5, 59.95, 80.0]);
        assert_eq!(s.level_cuts("数学", 1000), Some([455, 600, 800]));
        assert_eq!(share_line(1500, 0.7), 1050);
    }
}
