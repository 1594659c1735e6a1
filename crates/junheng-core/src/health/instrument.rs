//! District-supplied screening instruments (MHT 心理健康诊断测验, 中国中学生心理健康量表 MSSMHS, …):
//! their items, scales, validity rule and flags are **data** a district gives, and their norm
//! tables too (the instruments and their norms are published, copyrighted works Junheng does not
//! ship). The engine scores a child's answers by the data: each scale's raw score (sum or mean of
//! its items), its norm score from the district's table when one is loaded, the validity check,
//! and the flags — each raising the suggested tier to 关注 or 重点, never to 危机.
//!
//! A flag on norm scores with no norm table loaded is **not evaluated** (未接入): it is reported
//! as such, never guessed from the raw score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mental::Tier;

/// How a scale's items make its raw score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The sum of the answers.
    Sum,
    /// Their mean.
    Mean,
}

/// A scale: its name and items (1-based).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// 学习焦虑, 强迫, …
    pub name: String,
    /// Its items, numbered from 1.
    pub items: Vec<usize>,
    /// Sum (default) or mean.
    #[serde(default = "sum")]
    pub method: Method,
}

fn sum() -> Method {
    Method::Sum
}

/// A flag: a scale's (or the total's) score at or above `at` raises the tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    /// The scale's name, or `总分`.
    pub scale: String,
    /// On the norm score (`true`) or the raw score.
    #[serde(default)]
    pub norm: bool,
    /// The threshold (inclusive).
    pub at: f64,
    /// `attention` (关注) or `priority` (重点).
    pub tier: FlagTier,
}

/// The tier a flag suggests: never 危机.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagTier {
    /// 关注.
    Attention,
    /// 重点.
    Priority,
}

/// A district-supplied instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentSpec {
    /// Its short id (letters and digits), e.g. `MHT`.
    pub id: String,
    /// Its name as shown.
    pub name: String,
    /// How many items.
    pub items: usize,
    /// The lowest and highest answer (MHT 0–1, MSSMHS 1–5).
    pub answers: [u8; 2],
    /// The grades it is validated for, inclusive (MHT 4–12).
    pub grades: [u8; 2],
    /// Its scales.
    pub scales: Vec<Scale>,
    /// The total: over the scales' items (the validity scale's left out).
    #[serde(default)]
    pub total: Option<Method>,
    /// The validity scale's name and the score from which the answers are discarded (MHT:
    /// 效度量表 ≥ 7 → retest).
    #[serde(default)]
    pub validity: Option<(String, f64)>,
    /// The flags.
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// A district instrument as loaded: its spec and, when the district supplied one, its norms.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The spec.
    pub spec: InstrumentSpec,
    /// The norm table.
    pub norms: Option<Norms>,
}

impl Loaded {
    /// Reads a spec (TOML) and an optional norm table (CSV `scale,raw,norm`), checked; the
    /// message says which is wrong and where.
    pub fn parse(spec: &str, norms: Option<&str>) -> Result<Loaded, String> {
        let spec: InstrumentSpec =
            toml::from_str(spec).map_err(|e| format!("量表定义无法读取：{}", e.message()))?;
        spec.validate()?;
        let norms = norms.map(Norms::parse).transpose()?;
        Ok(Loaded { spec, norms })
    }
}

/// The name of the total in flags.
pub const TOTAL: &str = "总分";

impl InstrumentSpec {
    /// Checks the spec; the message names what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 12
            && self.id.chars().all(|c| c.is_ascii_alphanumeric());
        if !id_ok {
            return Err(format!(
                "量表标识「{}」应为 1 到 12 个英文字母或数字",
                self.id
            ));
        }
        let name = &self.id;
        if !(1..=200).contains(&self.items) {
            return Err(format!("{name}：题目数应为 1 到 200"));
        }
        let [lo, hi] = self.answers;
        if lo >= hi || hi > 10 {
            return Err(format!(
                "{name}：answers 应为 [最低分, 最高分]，最高不超过 10"
            ));
        }
        let [g0, g1] = self.grades;
        if g0 < 1 || g0 > g1 || g1 > 12 {
            return Err(format!(
                "{name}：grades 应为 [起始年级, 终止年级]，在 1 到 12 之间"
            ));
        }
        if self.scales.is_empty() {
            return Err(format!("{name}：至少应有一个分量表"));
        }
        for s in &self.scales {
            if s.items.is_empty() || s.items.iter().any(|i| *i == 0 || *i > self.items) {
                return Err(format!(
                    "{name} 的分量表「{}」：题号应在 1 到 {} 之间，且至少一题",
                    s.name, self.items
                ));
            }
        }
        let known = |n: &str| n == TOTAL || self.scales.iter().any(|s| s.name == n);
        if let Some((v, _)) = &self.validity
            && !self.scales.iter().any(|s| &s.name == v)
        {
            return Err(format!("{name}：效度量表「{v}」不是它的分量表"));
        }
        for f in &self.flags {
            if !known(&f.scale) || (f.scale == TOTAL && self.total.is_none()) {
                return Err(format!("{name}：预警规则的分量表「{}」不存在", f.scale));
            }
        }
        Ok(())
    }

    /// Whether a child of `grade` may be screened with it.
    pub fn valid_for_grade(&self, grade: u8) -> bool {
        (self.grades[0]..=self.grades[1]).contains(&grade)
    }
}

/// A district's norm table: (scale, raw score) → norm score; raw scores are whole numbers (a
/// mean scale's raw score is looked up rounded to two decimals × 100).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Norms(pub BTreeMap<(String, i64), f64>);

impl Norms {
    /// Reads `scale,raw,norm` lines (a header line first). The message names the line.
    pub fn parse(text: &str) -> Result<Norms, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim_start_matches('\u{feff}').trim() == "scale,raw,norm" => {}
            _ => return Err("常模表第 1 行应为 scale,raw,norm".into()),
        }
        let mut map = BTreeMap::new();
        for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let bad = || format!("常模表第 {} 行应为 分量表,原始分,常模分", i + 1);
            let [scale, raw, norm] = cells[..] else {
                return Err(bad());
            };
            let raw = key(raw.parse::<f64>().map_err(|_| bad())?);
            let norm: f64 = norm.parse().map_err(|_| bad())?;
            if scale.is_empty() || !norm.is_finite() {
                return Err(bad());
            }
            map.insert((scale.to_owned(), raw), norm);
        }
        Ok(Norms(map))
    }

    fn of(&self, scale: &str, raw: f64) -> Option<f64> {
        self.0.get(&(scale.to_owned(), key(raw))).copied()
    }
}

/// A raw score as a norm table's key: hundredths, rounded.
fn key(raw: f64) -> i64 {
    (raw * 100.0).round() as i64
}

/// A scale's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleScore {
    /// The scale (or 总分).
    pub name: String,
    /// The raw score.
    pub raw: f64,
    /// The norm score, when the district's table has it.
    pub norm: Option<f64>,
}

/// A child's scores on a district instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomScore {
    /// The instrument's id.
    pub instrument: String,
    /// Each scale's, then the total's.
    pub scales: Vec<ScaleScore>,
    /// Whether the answers are valid (the validity scale below its threshold).
    pub valid: bool,
    /// The tier the flags suggest (一般 when none fires; 一般 when invalid).
    pub suggested: Tier,
    /// Why, in Chinese; and the flags not evaluated for want of a norm table.
    pub reasons: Vec<String>,
}

/// Why answers are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// The instrument is not for the child's grade.
    #[error("{instrument} 只适用于 {from} 到 {to} 年级，{grade} 年级不能用它筛查")]
    Grade {
        /// Its name.
        instrument: String,
        /// The grades.
        from: u8,
        /// The grades.
        to: u8,
        /// The child's.
        grade: u8,
    },
    /// Not the instrument's number of answers, or an answer out of its range.
    #[error("{instrument} 应有 {items} 个作答，每个在 {lo} 到 {hi} 之间")]
    Answers {
        /// Its name.
        instrument: String,
        /// How many items.
        items: usize,
        /// The range.
        lo: u8,
        /// The range.
        hi: u8,
    },
}

/// Scores a child of `grade`'s answers (in item order) on `spec`, with the district's `norms`.
pub fn score(
    spec: &InstrumentSpec,
    norms: Option<&Norms>,
    grade: u8,
    answers: &[u8],
) -> Result<CustomScore, AnswerError> {
    if !spec.valid_for_grade(grade) {
        return Err(AnswerError::Grade {
            instrument: spec.name.clone(),
            from: spec.grades[0],
            to: spec.grades[1],
            grade,
        });
    }
    let [lo, hi] = spec.answers;
    if answers.len() != spec.items || answers.iter().any(|a| *a < lo || *a > hi) {
        return Err(AnswerError::Answers {
            instrument: spec.name.clone(),
            items: spec.items,
            lo,
            hi,
        });
    }
    let raw = |items: &[usize], method: Method| {
        let total: f64 = items.iter().map(|i| f64::from(answers[i - 1])).sum();
        match method {
            Method::Sum => total,
            Method::Mean => total / items.len() as f64,
        }
    };
    let norm_of = |name: &str, raw: f64| norms.and_then(|n| n.of(name, raw));
    let mut scales: Vec<ScaleScore> = spec
        .scales
        .iter()
        .map(|s| {
            let r = raw(&s.items, s.method);
            ScaleScore {
                name: s.name.clone(),
                raw: r,
                norm: norm_of(&s.name, r),
            }
        })
        .collect();
    let validity = spec.validity.as_ref().map(|(v, _)| v.as_str());
    if let Some(method) = spec.total {
        let mut items: Vec<usize> = spec
            .scales
            .iter()
            .filter(|s| Some(s.name.as_str()) != validity)
            .flat_map(|s| s.items.iter().copied())
            .collect();
        items.sort_unstable();
        items.dedup();
        let r = raw(&items, method);
        scales.push(ScaleScore {
            name: TOTAL.into(),
            raw: r,
            norm: norm_of(TOTAL, r),
        });
    }
    let mut reasons = Vec::new();
    if let Some((v, at)) = &spec.validity
        && let Some(s) = scales.iter().find(|s| &s.name == v)
        && s.raw >= *at
    {
        reasons.push(format!(
            "{}：{v} {} ≥ {at}，作答无效，请重测",
            spec.name, s.raw
        ));
        return Ok(CustomScore {
            instrument: spec.id.clone(),
            scales,
            valid: false,
            suggested: Tier::General,
            reasons,
        });
    }
    let mut suggested = Tier::General;
    for f in &spec.flags {
        let Some(s) = scales.iter().find(|s| s.name == f.scale) else {
            continue;
        };
        let value = if f.norm {
            match s.norm {
                Some(n) => n,
                None => {
                    reasons.push(format!(
                        "{} {} 的常模分未接入（未载入常模表），该预警规则未评估",
                        spec.name, f.scale
                    ));
                    continue;
                }
            }
        } else {
            s.raw
        };
        if value >= f.at {
            let tier = match f.tier {
                FlagTier::Attention => Tier::Attention,
                FlagTier::Priority => Tier::Priority,
            };
            suggested = suggested.max(tier);
            reasons.push(format!(
                "{} {} {}{value} ≥ {}",
                spec.name,
                f.scale,
                if f.norm { "常模分 " } else { "" },
                f.at
            ));
        }
    }
    Ok(CustomScore {
        instrument: spec.id.clone(),
        scales,
        valid: true,
        suggested,
        reasons,
    })
}

#[cfg(test)]
mod tests;
