//! 心理健康 screening: PHQ-9 and GAD-7 scored as published, and what a screen suggests.
//!
//! Both are screening tools, never a diagnosis (精神卫生法: only a psychiatrist diagnoses), and
//! both are validated for adolescents: Junheng scores them from 初中 (grade 7) up, never in
//! 小学. PHQ-9: 9 items 0–3, total 0–27, 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19
//! moderately severe, 20–27 severe. GAD-7: 7 items 0–3, total 0–21, 0–4, 5–9, 10–14, 15–21.
//!
//! **A screen suggests, a person decides.** [`screen`] suggests 一般, 关注 or 重点 by thresholds
//! (settings; the defaults are practices.md §5.3's proposal) and raises a **same-day review**
//! whenever PHQ-9 item 9 (thoughts of self-harm) is answered above 0, whatever the total; it never
//! suggests 危机 and never lowers a tier a person has set — 危机 is set and cleared only by a
//! 复核 (interview).

use serde::{Deserialize, Serialize};

/// A built-in instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Instrument {
    /// Patient Health Questionnaire-9 (depression).
    Phq9,
    /// Generalized Anxiety Disorder-7.
    Gad7,
}

impl Instrument {
    /// How many items it has.
    pub fn items(self) -> usize {
        match self {
            Instrument::Phq9 => 9,
            Instrument::Gad7 => 7,
        }
    }

    /// Its name as shown.
    pub fn label(self) -> &'static str {
        match self {
            Instrument::Phq9 => "PHQ-9（抑郁筛查）",
            Instrument::Gad7 => "GAD-7（焦虑筛查）",
        }
    }

    /// Whether it may be used for a child of `grade` (1–12): adolescents, 初中 and up.
    pub fn valid_for_grade(self, grade: u8) -> bool {
        (7..=12).contains(&grade)
    }
}

/// The published severity band of a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// 0–4.
    Minimal,
    /// 5–9.
    Mild,
    /// 10–14.
    Moderate,
    /// 15–19 (PHQ-9 only).
    ModeratelySevere,
    /// PHQ-9 20–27, GAD-7 15–21.
    Severe,
}

impl Severity {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Minimal => "无或极轻",
            Severity::Mild => "轻度",
            Severity::Moderate => "中度",
            Severity::ModeratelySevere => "中重度",
            Severity::Severe => "重度",
        }
    }
}

/// Why answers are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MentalError {
    /// Not the instrument's number of items.
    #[error("{instrument} 应有 {expected} 题的作答，实有 {found} 题")]
    Count {
        /// The instrument's label.
        instrument: &'static str,
        /// Its items.
        expected: usize,
        /// Answers given.
        found: usize,
    },
    /// An answer outside 0–3.
    #[error("{instrument} 第 {item} 题的作答「{value}」应为 0 到 3")]
    Answer {
        /// The instrument's label.
        instrument: &'static str,
        /// The item, from 1.
        item: usize,
        /// The answer.
        value: u8,
    },
    /// Used outside the ages it is validated for.
    #[error("{instrument} 只适用于初中及以上学生，{grade} 年级不能用它筛查")]
    Age {
        /// The instrument's label.
        instrument: &'static str,
        /// The grade.
        grade: u8,
    },
}

/// One instrument's score for one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentScore {
    /// The instrument.
    pub instrument: Instrument,
    /// The total.
    pub total: u8,
    /// Its published band.
    pub severity: Severity,
    /// PHQ-9 item 9 (self-harm), for PHQ-9.
    pub item9: Option<u8>,
}

/// Scores a child of `grade`'s answers (each 0–3, in item order).
pub fn score(
    instrument: Instrument,
    grade: u8,
    answers: &[u8],
) -> Result<InstrumentScore, MentalError> {
    let name = instrument.label();
    if !instrument.valid_for_grade(grade) {
        return Err(MentalError::Age {
            instrument: name,
            grade,
        });
    }
    if answers.len() != instrument.items() {
        return Err(MentalError::Count {
            instrument: name,
            expected: instrument.items(),
            found: answers.len(),
        });
    }
    if let Some((i, &v)) = answers.iter().enumerate().find(|(_, v)| **v > 3) {
        return Err(MentalError::Answer {
            instrument: name,
            item: i + 1,
            value: v,
        });
    }
    let total: u8 = answers.iter().sum();
    let severity = match (instrument, total) {
        (_, 0..=4) => Severity::Minimal,
        (_, 5..=9) => Severity::Mild,
        (_, 10..=14) => Severity::Moderate,
        (Instrument::Phq9, 15..=19) => Severity::ModeratelySevere,
        _ => Severity::Severe,
    };
    Ok(InstrumentScore {
        instrument,
        total,
        severity,
        item9: (instrument == Instrument::Phq9).then(|| answers[8]),
    })
}

/// The follow-up tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// 一般.
    General,
    /// 关注.
    Attention,
    /// 重点.
    Priority,
    /// 危机: set and cleared only by a person, after a 复核.
    Crisis,
}

impl Tier {
    /// 一般, 关注, 重点, 危机.
    pub fn label(self) -> &'static str {
        match self {
            Tier::General => "一般",
            Tier::Attention => "关注",
            Tier::Priority => "重点",
            Tier::Crisis => "危机",
        }
    }
}

/// The totals from which a screen suggests 关注 and 重点 (settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TierThresholds {
    /// PHQ-9 total from which 关注 (default 10).
    pub phq9_attention: u8,
    /// PHQ-9 total from which 重点 (default 15).
    pub phq9_priority: u8,
    /// GAD-7 total from which 关注 (default 10).
    pub gad7_attention: u8,
    /// GAD-7 total from which 重点 (default 15).
    pub gad7_priority: u8,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds {
            phq9_attention: 10,
            phq9_priority: 15,
            gad7_attention: 10,
            gad7_priority: 15,
        }
    }
}

/// What a screen suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Screen {
    /// 一般, 关注 or 重点 — never 危机.
    pub suggested: Tier,
    /// PHQ-9 item 9 above 0: a person reviews the child the same day, whatever the totals.
    pub same_day_review: bool,
    /// Why, in Chinese.
    pub reasons: Vec<String>,
}

/// What the scores of one wave suggest for a child.
pub fn screen(scores: &[InstrumentScore], t: &TierThresholds) -> Screen {
    let mut suggested = Tier::General;
    let mut reasons = Vec::new();
    let mut same_day_review = false;
    for s in scores {
        let (attention, priority) = match s.instrument {
            Instrument::Phq9 => (t.phq9_attention, t.phq9_priority),
            Instrument::Gad7 => (t.gad7_attention, t.gad7_priority),
        };
        let tier = if s.total >= priority {
            Tier::Priority
        } else if s.total >= attention {
            Tier::Attention
        } else {
            Tier::General
        };
        if tier > Tier::General {
            reasons.push(format!(
                "{} 总分 {}（{}）",
                s.instrument.label(),
                s.total,
                s.severity.label()
            ));
        }
        suggested = suggested.max(tier);
        if s.item9.is_some_and(|v| v > 0) {
            same_day_review = true;
            reasons.push("PHQ-9 第 9 题（伤害自己的念头）作答大于 0：当日复核".to_owned());
        }
    }
    Screen {
        suggested,
        same_day_review,
        reasons,
    }
}

/// The tier after a screen, before any 复核: the higher of the current tier and the screen's
/// suggestion — a screen raises to 关注 or 重点, never lowers, and never sets or clears 危机.
pub fn after_screen(current: Tier, screen: &Screen) -> Tier {
    current.max(screen.suggested)
}

#[cfg(test)]
mod tests;
