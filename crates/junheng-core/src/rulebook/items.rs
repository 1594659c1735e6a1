//! The items of the 督导评估 beyond 资源配置 as rulebook data: 政府保障程度, 教育质量, 社会认可度 and
//! the 一票否决 list (standard.md §3–§6).
//!
//! Each item says what is required, how it is decided (computed from Junheng's data, attested with
//! evidence, or both), which computation decides it and with which limits, and which documents
//! prove it. A provincial rulebook overrides any key of an item through `extends`, disables an item
//! with `enabled = false`, or adds one.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::computation::Computation;

/// The most items a rulebook may have.
pub const MAX_ITEMS: usize = 64;

/// A part of the 督导评估 an item belongs to (资源配置 is the indicators, not items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 政府保障程度.
    Guarantee,
    /// 教育质量.
    Quality,
    /// 社会认可度.
    Recognition,
    /// 一票否决: an item that, when it occurs, denies recognition whatever else holds.
    Veto,
}

impl Dimension {
    /// Every dimension, in report order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Guarantee,
        Dimension::Quality,
        Dimension::Recognition,
        Dimension::Veto,
    ];

    /// Stable id: `guarantee`, `quality`, `recognition`, `veto`.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Guarantee => "guarantee",
            Dimension::Quality => "quality",
            Dimension::Recognition => "recognition",
            Dimension::Veto => "veto",
        }
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Guarantee => "政府保障程度",
            Dimension::Quality => "教育质量",
            Dimension::Recognition => "社会认可度",
            Dimension::Veto => "一票否决",
        }
    }
}

/// How an item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// By a computation from Junheng's data; an attestation decides only while the data are not
    /// connected (以佐证认定).
    Computed,
    /// By an attestation with at least one document of evidence.
    Attested,
    /// By both: the computed part and the attested part must each be met.
    Both,
}

impl Decision {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Computed => "数据计算",
            Decision::Attested => "佐证认定",
            Decision::Both => "数据计算 + 佐证认定",
        }
    }
}

/// How sure the source of a requirement is (standard.md's tags): verified, majority, local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tag {
    /// Verified against the text of a source.
    V,
    /// The majority reading of several secondary sources.
    M,
    /// A local or provincial choice.
    L,
}

impl Tag {
    /// Chinese label for an item page.
    pub fn label(self) -> &'static str {
        match self {
            Tag::V => "已核对原文",
            Tag::M => "多方解读一致",
            Tag::L => "地方口径",
        }
    }
}

/// One item of the 督导评估 as a rulebook defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDef {
    /// Stable id, e.g. `class_size`.
    pub id: String,
    /// The part it belongs to.
    pub dimension: Dimension,
    /// Its number within the dimension (政府保障程度 5 = 班额).
    pub no: u32,
    /// Chinese name.
    pub name: String,
    /// The requirement, in the rulebook's words.
    pub requirement: String,
    /// How it is decided.
    pub decision: Decision,
    /// The computation that decides it (required unless `decision` is `attested`).
    pub computation: Option<Computation>,
    /// The limits of the computation: every key of [`Computation::limits`], defaults filled in;
    /// `None` where neither the rulebook nor the national rule gives a value.
    pub limits: IndexMap<String, Option<f64>>,
    /// Titles of the documents that prove it.
    pub evidence: Vec<String>,
    /// How sure the requirement's source is.
    pub tag: Tag,
}

impl ItemDef {
    /// A limit by key; `None` when the key is unknown or has no value.
    pub fn limit(&self, key: &str) -> Option<f64> {
        self.limits.get(key).copied().flatten()
    }

    /// "政府保障程度 5" — the dimension and number, for headings.
    pub fn label(&self) -> String {
        format!("{} {}", self.dimension.label(), self.no)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    dimension: Dimension,
    no: u32,
    name: String,
    requirement: String,
    decision: Decision,
    computation: Option<String>,
    #[serde(default)]
    limits: IndexMap<String, f64>,
    #[serde(default)]
    evidence: Vec<String>,
    tag: Tag,
    #[serde(default = "super::parse::enabled_by_default")]
    enabled: bool,
}

/// Checks the raw items and fills the limits' defaults; the error is the offending key and what
/// is expected. Items come out in report order: by dimension, then number.
pub(super) fn build(raw: IndexMap<String, RawItem>) -> Result<Vec<ItemDef>, (String, String)> {
    let mut items = Vec::new();
    for (id, item) in raw {
        if !item.enabled {
            continue;
        }
        let key = |field: &str| format!("items.{id}.{field}");
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err((
                format!("items.{id}"),
                "指标 id 只能由小写字母、数字和下划线组成".into(),
            ));
        }
        if item.no == 0 || item.no > 99 {
            return Err((key("no"), "应为 1 到 99 之间的序号".into()));
        }
        for (field, text) in [("name", &item.name), ("requirement", &item.requirement)] {
            if text.trim().is_empty() || text.chars().count() > 500 {
                return Err((key(field), "不能为空，且不超过 500 字".into()));
            }
        }
        let computation = match (&item.computation, item.decision) {
            (None, Decision::Attested) => None,
            (None, _) => {
                return Err((
                    key("computation"),
                    format!(
                        "decision = \"{}\" 时必须给出计算方法",
                        decision_id(item.decision)
                    ),
                ));
            }
            (Some(c), _) => Some(Computation::parse(c).ok_or_else(|| {
                let known: Vec<&str> = Computation::ALL.iter().map(|c| c.id()).collect();
                (
                    key("computation"),
                    format!("未知的计算方法「{c}」；可用：{}", known.join("、")),
                )
            })?),
        };
        let specs = computation.map(|c| c.limits()).unwrap_or(&[]);
        for (name, value) in &item.limits {
            let Some(spec) = specs.iter().find(|s| s.key == name) else {
                let known: Vec<&str> = specs.iter().map(|s| s.key).collect();
                return Err((
                    key(&format!("limits.{name}")),
                    if known.is_empty() {
                        "此指标没有可设置的限值".into()
                    } else {
                        format!("未知的限值；可用：{}", known.join("、"))
                    },
                ));
            };
            if let Err(expected) = spec.kind.check(*value) {
                return Err((
                    key(&format!("limits.{name}")),
                    format!("{}：{expected}", spec.meaning),
                ));
            }
        }
        let limits = specs
            .iter()
            .map(|s| {
                let value = item.limits.get(s.key).copied().or(s.default);
                (s.key.to_owned(), value)
            })
            .collect();
        if item.evidence.len() > 20 || item.evidence.iter().any(|t| t.trim().is_empty()) {
            return Err((
                key("evidence"),
                "佐证材料名称不能为空，且不超过 20 项".into(),
            ));
        }
        items.push(ItemDef {
            id,
            dimension: item.dimension,
            no: item.no,
            name: item.name,
            requirement: item.requirement,
            decision: item.decision,
            computation,
            limits,
            evidence: item.evidence,
            tag: item.tag,
        });
    }
    if items.len() > MAX_ITEMS {
        return Err(("items".into(), format!("指标不超过 {MAX_ITEMS} 项")));
    }
    items.sort_by_key(|i| (i.dimension, i.no));
    if let Some(pair) = items
        .windows(2)
        .find(|w| w[0].dimension == w[1].dimension && w[0].no == w[1].no)
    {
        return Err((
            format!("items.{}.no", pair[1].id),
            format!(
                "与 items.{} 序号重复（{} {}）",
                pair[0].id,
                pair[0].dimension.label(),
                pair[0].no
            ),
        ));
    }
    Ok(items)
}

fn decision_id(decision: Decision) -> &'static str {
    match decision {
        Decision::Computed => "computed",
        Decision::Attested => "attested",
        Decision::Both => "both",
    }
}
