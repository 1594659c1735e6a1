//! The rubric of the annual 综合考核: its items, who scores them and where their scores come from.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// How far the scorer weights of an item may be from summing to 1.
const SCORER_SUM_TOLERANCE: f64 = 1e-6;

/// Who gives a manual score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scorer {
    /// 自评: the unit scores itself (`self` in settings).
    #[serde(rename = "self")]
    Own,
    /// 他评: another group or school scores it.
    Peer,
    /// 区县: the district's review team (督导室, 教育局) scores it.
    District,
}

impl Scorer {
    /// Every scorer, in the order a form lists them.
    pub const ALL: [Scorer; 3] = [Scorer::Own, Scorer::Peer, Scorer::District];

    /// Stable identifier (settings, stored, JSON).
    pub const fn id(self) -> &'static str {
        match self {
            Scorer::Own => "self",
            Scorer::Peer => "peer",
            Scorer::District => "district",
        }
    }

    /// The scorer of an identifier, `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<Scorer> {
        Scorer::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            Scorer::Own => "自评",
            Scorer::Peer => "他评",
            Scorer::District => "区县评价",
        }
    }
}

/// Where an item's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemSource {
    /// Scored by people ([`Scorer`]s), 0–100 each.
    Manual,
    /// Computed from the resource-allocation evaluation ([`super::ResourceScore`]).
    Resource,
    /// From quality monitoring (质量监测), which is not built yet: always 未接入.
    Quality,
}

impl ItemSource {
    /// Stable identifier (settings, JSON).
    pub const fn id(self) -> &'static str {
        match self {
            ItemSource::Manual => "manual",
            ItemSource::Resource => "resource",
            ItemSource::Quality => "quality",
        }
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            ItemSource::Manual => "人工评分",
            ItemSource::Resource => "资源配置评估",
            ItemSource::Quality => "质量监测",
        }
    }
}

/// One scorer of an item and its weight inside the item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorerWeight {
    /// Who scores.
    pub scorer: Scorer,
    /// Its share of the item's score; the weights of an item sum to 1.
    pub weight: f64,
}

/// What happens to the manual scores of an item that requires evidence when the unit has attached
/// none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidencePolicy {
    /// The scores count; the item is listed as lacking evidence (缺少佐证材料).
    #[default]
    Flag,
    /// 无佐证材料不得分: the item scores 0, a rule many local rubrics write.
    Zero,
}

/// One item of the rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    /// Stable identifier, unique in the rubric.
    pub id: String,
    /// 考核项名称.
    pub name: String,
    /// Relative weight (often written as points out of 100); positive. The total divides by the
    /// sum of the weights of the items actually scored.
    pub weight: f64,
    /// Where the score comes from.
    pub source: ItemSource,
    /// Who scores a [`ItemSource::Manual`] item, with their weights inside it (summing to 1);
    /// empty for computed items.
    #[serde(default)]
    pub scorers: Vec<ScorerWeight>,
    /// Whether the unit must attach evidence (佐证材料) for the item.
    #[serde(default)]
    pub evidence_required: bool,
}

impl RubricItem {
    /// The weight of `scorer` inside the item, `None` when it does not score the item.
    pub fn scorer_weight(&self, scorer: Scorer) -> Option<f64> {
        self.scorers
            .iter()
            .find(|s| s.scorer == scorer)
            .map(|s| s.weight)
    }
}

/// The rubric of the annual 综合考核 of groups and schools.
///
/// The [`Default`] is a **proposed design, local practice [L], not a national rule**: no national
/// text sets the items or weights of a district's annual review of groups and schools. It has five
/// items out of 100 — 办学条件与资源配置 25 (from the resource evaluation), 集团管理与制度建设 20,
/// 教师交流与研训 20, 教育质量 25 (from quality monitoring, 未接入 until it is built) and
/// 特色与辐射 10; the manual items are scored 自评 0.2 / 他评 0.3 / 区县 0.5 (特色与辐射
/// 0.2 / 0.4 / 0.4) and require evidence. Every part of it is a setting.
///
/// ```
/// use junheng_core::review::{ItemSource, Rubric};
/// let rubric: Rubric = toml::from_str(r#"
///     name = "某区集团年度考核"
///     missing_evidence = "zero"
///     [[items]]
///     id = "resources"
///     name = "办学条件与资源配置"
///     weight = 40
///     source = "resource"
///     [[items]]
///     id = "management"
///     name = "集团管理"
///     weight = 60
///     source = "manual"
///     evidence_required = true
///     scorers = [{ scorer = "self", weight = 0.3 }, { scorer = "district", weight = 0.7 }]
/// "#).unwrap();
/// assert_eq!(rubric.items[0].source, ItemSource::Resource);
/// assert!(rubric.validate().is_ok());
/// assert!(Rubric::default().validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// 方案名称.
    pub name: String,
    /// What a missing evidence does to an item that requires it.
    #[serde(default)]
    pub missing_evidence: EvidencePolicy,
    /// The items, in the order they are shown.
    pub items: Vec<RubricItem>,
}

impl Rubric {
    /// The item of an identifier.
    pub fn item(&self, id: &str) -> Option<&RubricItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Checks the rubric; the first problem found, in item order.
    pub fn validate(&self) -> Result<(), RubricError> {
        if self.items.is_empty() {
            return Err(RubricError::Empty);
        }
        let mut ids = HashSet::new();
        for (n, item) in self.items.iter().enumerate() {
            check_item(n + 1, item)?;
            if !ids.insert(item.id.trim()) {
                return Err(RubricError::DuplicateId {
                    id: item.id.clone(),
                });
            }
        }
        Ok(())
    }
}

fn check_item(position: usize, item: &RubricItem) -> Result<(), RubricError> {
    let name = item.name.clone();
    if item.id.trim().is_empty() {
        return Err(RubricError::BlankId { position });
    }
    if item.name.trim().is_empty() {
        return Err(RubricError::BlankName {
            id: item.id.clone(),
        });
    }
    if !(item.weight.is_finite() && item.weight > 0.0) {
        return Err(RubricError::Weight {
            item: name,
            weight: item.weight,
        });
    }
    if item.source != ItemSource::Manual {
        if !item.scorers.is_empty() {
            return Err(RubricError::ScorersOnComputed {
                item: name,
                origin: item.source.label(),
            });
        }
        return Ok(());
    }
    if item.scorers.is_empty() {
        return Err(RubricError::NoScorers { item: name });
    }
    let mut seen = HashSet::new();
    for s in &item.scorers {
        if !(s.weight.is_finite() && s.weight > 0.0) {
            return Err(RubricError::ScorerWeight {
                item: name,
                scorer: s.scorer.label(),
                weight: s.weight,
            });
        }
        if !seen.insert(s.scorer) {
            return Err(RubricError::DuplicateScorer {
                item: name,
                scorer: s.scorer.label(),
            });
        }
    }
    let sum: f64 = item.scorers.iter().map(|s| s.weight).sum();
    if (sum - 1.0).abs() > SCORER_SUM_TOLERANCE {
        return Err(RubricError::ScorerSum { item: name, sum });
    }
    Ok(())
}

impl Default for Rubric {
    fn default() -> Self {
        let manual = |id: &str, name: &str, weight, [own, peer, district]: [f64; 3]| RubricItem {
            id: id.into(),
            name: name.into(),
            weight,
            source: ItemSource::Manual,
            scorers: [
                (Scorer::Own, own),
                (Scorer::Peer, peer),
                (Scorer::District, district),
            ]
            .map(|(scorer, weight)| ScorerWeight { scorer, weight })
            .into(),
            evidence_required: true,
        };
        let computed = |id: &str, name: &str, weight, source| RubricItem {
            id: id.into(),
            name: name.into(),
            weight,
            source,
            scorers: Vec::new(),
            evidence_required: false,
        };
        Rubric {
            name: "集团和学校年度综合考核（本地方案示例）".into(),
            missing_evidence: EvidencePolicy::Flag,
            items: vec![
                computed(
                    "resources",
                    "办学条件与资源配置",
                    25.0,
                    ItemSource::Resource,
                ),
                manual("management", "集团管理与制度建设", 20.0, [0.2, 0.3, 0.5]),
                manual("teachers", "教师交流与研训", 20.0, [0.2, 0.3, 0.5]),
                computed("quality", "教育质量", 25.0, ItemSource::Quality),
                manual("features", "特色与辐射", 10.0, [0.2, 0.4, 0.4]),
            ],
        }
    }
}

/// Why a [`Rubric`] is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RubricError {
    /// No item at all.
    #[error("考核方案没有任何考核项")]
    Empty,
    /// An item without identifier.
    #[error("第 {position} 个考核项的标识为空")]
    BlankId {
        /// 1 for the first item.
        position: usize,
    },
    /// An item without name.
    #[error("考核项 {id} 的名称为空")]
    BlankName {
        /// The item's identifier.
        id: String,
    },
    /// Two items with the same identifier.
    #[error("考核项标识 {id} 重复")]
    DuplicateId {
        /// The identifier.
        id: String,
    },
    /// A weight that is not a positive number.
    #[error("考核项“{item}”的权重应为正数，现为 {weight}")]
    Weight {
        /// The item's name.
        item: String,
        /// The weight given.
        weight: f64,
    },
    /// A manual item nobody scores.
    #[error("考核项“{item}”为人工评分，应至少设一个评分主体")]
    NoScorers {
        /// The item's name.
        item: String,
    },
    /// Scorers on an item whose score is computed.
    #[error("考核项“{item}”的分数来自{origin}，不设评分主体")]
    ScorersOnComputed {
        /// The item's name.
        item: String,
        /// The source's Chinese name.
        origin: &'static str,
    },
    /// A scorer weight that is not a positive number.
    #[error("考核项“{item}”中{scorer}的权重应为正数，现为 {weight}")]
    ScorerWeight {
        /// The item's name.
        item: String,
        /// The scorer's Chinese name.
        scorer: &'static str,
        /// The weight given.
        weight: f64,
    },
    /// The same scorer twice in an item.
    #[error("考核项“{item}”中{scorer}出现了不止一次")]
    DuplicateScorer {
        /// The item's name.
        item: String,
        /// The scorer's Chinese name.
        scorer: &'static str,
    },
    /// Scorer weights that do not sum to 1.
    #[error("考核项“{item}”各评分主体的权重之和应为 1，现为 {sum}")]
    ScorerSum {
        /// The item's name.
        item: String,
        /// The sum found.
        sum: f64,
    },
}
