//! Scoring one unit (a group or a school) on the rubric.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rubric::{EvidencePolicy, ItemSource, Rubric, RubricError, RubricItem, Scorer};
use super::{QualityScore, ResourceScore, blend};

/// The manual scores of one item for one unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ManualScores {
    /// The score (0–100) each scorer gave; a scorer that has not scored is absent.
    pub scores: BTreeMap<Scorer, f64>,
    /// Whether the unit attached evidence (佐证材料) for the item.
    pub evidence: bool,
}

/// What one unit has for the rubric: manual scores by item id, the resource and quality scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UnitInput {
    /// Manual scores by item id (manual items only).
    pub manual: BTreeMap<String, ManualScores>,
    /// The resource score ([`super::group_resource_score`] or [`super::school_resource_score`]),
    /// `None` when the unit has no evaluation.
    pub resource: Option<ResourceScore>,
    /// The quality score of the year ([`QualityScore`]), `None` when the unit has no exam
    /// scores in it.
    #[serde(default)]
    pub quality: Option<QualityScore>,
}

/// Why an item is 未接入.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unconnected {
    /// No exam scores of the unit in the year (质量监测).
    NoQualityScore,
    /// No resource evaluation (or none with a standard) for the unit.
    NoResourceScore,
    /// No scorer has scored it.
    NoScores,
}

impl Unconnected {
    /// Chinese explanation.
    pub const fn label(self) -> &'static str {
        match self {
            Unconnected::NoQualityScore => "未接入：本年度没有该单位的质量监测成绩",
            Unconnected::NoResourceScore => "未接入：没有可判断的资源配置评估结果",
            Unconnected::NoScores => "未接入：尚无评分",
        }
    }
}

/// One scorer's part of an item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScorerResult {
    /// Who.
    pub scorer: Scorer,
    /// Its weight in the rubric.
    pub weight: f64,
    /// Its share of the item's score as used: the weights renormalised over the scorers who
    /// scored; 0 for one who did not.
    pub weight_used: f64,
    /// The score it gave.
    pub score: Option<f64>,
}

/// One item of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// The item's id.
    pub id: String,
    /// 考核项名称.
    pub name: String,
    /// Where its score comes from.
    pub source: ItemSource,
    /// Its weight in the rubric.
    pub weight: f64,
    /// Its share of the total as used: the weights renormalised over the items scored; 0 when
    /// 未接入.
    pub weight_used: f64,
    /// The item's score (0–100), `None` when 未接入.
    pub score: Option<f64>,
    /// Why it is 未接入.
    pub unconnected: Option<Unconnected>,
    /// The scorers of a manual item.
    pub scorers: Vec<ScorerResult>,
    /// Whether evidence is required but missing.
    pub evidence_missing: bool,
    /// 说明.
    pub note: Option<String>,
}

/// The review of one unit on the rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitReview {
    /// 考核总分 (0–100): Σ weight_used × score; `None` when every item is 未接入.
    pub total: Option<f64>,
    /// Every item, in rubric order.
    pub items: Vec<ItemResult>,
    /// Ids of the items that are 未接入.
    pub unconnected: Vec<String>,
    /// Ids of the items that require evidence the unit has not attached, scored or not.
    pub evidence_missing: Vec<String>,
}

/// Why a unit cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    /// The rubric is not usable.
    #[error(transparent)]
    Rubric(#[from] RubricError),
    /// Scores for an item the rubric does not have.
    #[error("考核项 {id} 不在考核方案中")]
    UnknownItem {
        /// The id given.
        id: String,
    },
    /// Manual scores for a computed item.
    #[error("考核项“{item}”的分数来自{origin}，不接受人工评分")]
    NotManual {
        /// The item's name.
        item: String,
        /// The source's Chinese name.
        origin: &'static str,
    },
    /// A score from a scorer the item does not have.
    #[error("考核项“{item}”未设{scorer}")]
    UnknownScorer {
        /// The item's name.
        item: String,
        /// The scorer's Chinese name.
        scorer: &'static str,
    },
    /// A score outside 0–100 or not a number.
    #[error("考核项“{item}”的{scorer}分数应在 0 到 100 之间，现为 {score}")]
    OutOfRange {
        /// The item's name.
        item: String,
        /// The scorer's Chinese name (资源配置评估 for the resource score).
        scorer: &'static str,
        /// The score given.
        score: f64,
    },
}

/// Scores one unit on the rubric.
///
/// A manual item's score is the weighted mean of the scores given, the scorer weights
/// renormalised over the scorers who scored; a resource item's is the unit's resource score; a
/// quality item's the unit's quality score. An item is **未接入** when the unit has no score from
/// its source (resource or quality), or when nobody has scored it: it gets weight 0 and
/// the other items' weights are renormalised — no value is ever made up. The total is
/// `Σ wᵢ·sᵢ / Σ wᵢ` over the items scored, on 0–100.
///
/// An item requiring evidence the unit has not attached follows the rubric's
/// [`EvidencePolicy`]: flagged, or scored 0 (无佐证材料不得分) when it has scores.
///
/// ```
/// use junheng_core::review::{ManualScores, Rubric, Scorer, UnitInput, score};
/// let rubric = Rubric::default();
/// let mut input = UnitInput::default();
/// let scores = [(Scorer::Own, 90.0), (Scorer::District, 80.0)].into(); // 他评 not yet given
/// input.manual.insert("management".into(), ManualScores { scores, evidence: true });
/// let review = score(&rubric, &input).unwrap();
/// // 自评 0.2 and 区县 0.5 renormalised to 2/7 and 5/7.
/// let management = &review.items[1];
/// assert!((management.score.unwrap() - (90.0 * 2.0 + 80.0 * 5.0) / 7.0).abs() < 1e-9);
/// // Only that item is scored: the others are 未接入 and the total is its score.
/// assert_eq!(review.unconnected, ["resources", "teachers", "quality", "features"]);
/// assert_eq!(review.total, management.score);
/// ```
pub fn score(rubric: &Rubric, input: &UnitInput) -> Result<UnitReview, ScoreError> {
    rubric.validate()?;
    check_input(rubric, input)?;
    let mut items: Vec<ItemResult> = rubric
        .items
        .iter()
        .map(|item| score_item(rubric.missing_evidence, item, input))
        .collect();
    let parts: Vec<(f64, Option<f64>)> = items.iter().map(|i| (i.weight, i.score)).collect();
    let blended = blend(&parts);
    for (item, used) in items.iter_mut().zip(blended.used) {
        item.weight_used = used;
    }
    let ids = |keep: fn(&ItemResult) -> bool| {
        items
            .iter()
            .filter(|i| keep(i))
            .map(|i| i.id.clone())
            .collect()
    };
    Ok(UnitReview {
        total: blended.value,
        unconnected: ids(|i| i.unconnected.is_some()),
        evidence_missing: ids(|i| i.evidence_missing),
        items,
    })
}

fn check_input(rubric: &Rubric, input: &UnitInput) -> Result<(), ScoreError> {
    let range = |item: &RubricItem, scorer: &'static str, score: f64| {
        if (0.0..=100.0).contains(&score) {
            Ok(())
        } else {
            Err(ScoreError::OutOfRange {
                item: item.name.clone(),
                scorer,
                score,
            })
        }
    };
    for (id, manual) in &input.manual {
        let item = rubric
            .item(id)
            .ok_or_else(|| ScoreError::UnknownItem { id: id.clone() })?;
        if item.source != ItemSource::Manual {
            return Err(ScoreError::NotManual {
                item: item.name.clone(),
                origin: item.source.label(),
            });
        }
        for (&scorer, &value) in &manual.scores {
            if item.scorer_weight(scorer).is_none() {
                return Err(ScoreError::UnknownScorer {
                    item: item.name.clone(),
                    scorer: scorer.label(),
                });
            }
            range(item, scorer.label(), value)?;
        }
    }
    let computed = [
        (
            ItemSource::Resource,
            input.resource.as_ref().map(|r| r.value),
        ),
        (ItemSource::Quality, input.quality.map(|q| q.value)),
    ];
    for (source, value) in computed {
        let Some(value) = value else { continue };
        for item in rubric.items.iter().filter(|i| i.source == source) {
            range(item, source.label(), value)?;
        }
    }
    Ok(())
}

fn score_item(evidence_policy: EvidencePolicy, item: &RubricItem, input: &UnitInput) -> ItemResult {
    let mut result = ItemResult {
        id: item.id.clone(),
        name: item.name.clone(),
        source: item.source,
        weight: item.weight,
        weight_used: 0.0,
        score: None,
        unconnected: None,
        scorers: Vec::new(),
        evidence_missing: false,
        note: None,
    };
    match item.source {
        ItemSource::Quality => match &input.quality {
            Some(q) => {
                result.score = Some(q.value);
                result.note = Some(format!(
                    "本年度 {} 次考试的质量得分（比值赋分综合）均值，实考 {} 人次",
                    q.exams, q.sat
                ));
            }
            None => result.unconnected = Some(Unconnected::NoQualityScore),
        },
        ItemSource::Resource => match &input.resource {
            Some(r) => {
                result.score = Some(r.value);
                result.note = Some(format!(
                    "设有标准的 {} 项指标中 {} 项达到标准",
                    r.judged, r.met
                ));
            }
            None => result.unconnected = Some(Unconnected::NoResourceScore),
        },
        ItemSource::Manual => {
            let manual = input.manual.get(&item.id);
            let given = |s: Scorer| manual.and_then(|m| m.scores.get(&s).copied());
            let parts: Vec<(f64, Option<f64>)> = item
                .scorers
                .iter()
                .map(|s| (s.weight, given(s.scorer)))
                .collect();
            let blended = blend(&parts);
            result.scorers = item
                .scorers
                .iter()
                .zip(&parts)
                .zip(blended.used)
                .map(|((s, &(_, score)), weight_used)| ScorerResult {
                    scorer: s.scorer,
                    weight: s.weight,
                    weight_used,
                    score,
                })
                .collect();
            result.evidence_missing = item.evidence_required && !manual.is_some_and(|m| m.evidence);
            result.score = blended.value;
            if result.score.is_none() {
                result.unconnected = Some(Unconnected::NoScores);
            } else if result.evidence_missing {
                result.note = Some(match evidence_policy {
                    EvidencePolicy::Flag => "缺少佐证材料（按评分计入，待补充）".into(),
                    EvidencePolicy::Zero => {
                        result.score = Some(0.0);
                        "缺少佐证材料，按“无佐证材料不得分”计 0 分".into()
                    }
                });
            }
        }
    }
    result
}
