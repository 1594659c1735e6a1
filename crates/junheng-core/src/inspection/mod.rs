//! The 督导评估 verdict: a district's year judged on all four parts of the 2017 办法 — 资源配置,
//! 政府保障程度, 教育质量, 社会认可度 — and the 一票否决 list (standard.md §2–§6).
//!
//! The items and their limits are rulebook data ([`crate::rulebook::ItemDef`]). The collector
//! outside this crate turns Junheng's data into a [`Computed`] per item and reads the district's
//! [`Attestation`]s; [`verdict`] decides every item, every part and the whole, and says why. The
//! helpers here compute the items no other engine does: [`naeq::item`] (教育质量 9),
//! [`funding::small_schools`] and [`funding::special_schools`] (政府保障程度 6, 7),
//! [`recognition::official`] (社会认可度), and the exact share tests of [`share`].
//!
//! ```
//! use std::collections::BTreeMap;
//! use junheng_core::inspection::{verdict, Overall, Resources};
//! use junheng_core::rulebook::Rulebook;
//! let rulebook = Rulebook::builtin("cn-2017").unwrap();
//! let v = verdict(&rulebook, 2024, Some(&Resources { passes: true, failing: vec![] }), &BTreeMap::new());
//! // Nothing is computed or attested yet: the verdict waits, and says so.
//! assert_eq!(v.overall, Overall::Pending);
//! assert_eq!(v.items.len(), 33);
//! ```

pub mod funding;
pub mod naeq;
pub mod recognition;
mod resources;
pub mod share;
mod verdict;

pub use resources::resources_of;
pub use verdict::verdict;

use serde::{Deserialize, Serialize};

use crate::rulebook::Dimension;

/// What a computation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The data meet the requirement.
    Met,
    /// The data fall short.
    NotMet,
    /// The data the computation needs are not in Junheng (未接入).
    NotConnected,
}

/// One number shown with a computation: e.g. ("随迁子女在公办学校就读", "1 234 / 1 400 = 88.1%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// The value as shown, with its unit.
    pub value: String,
}

/// A unit (a school, a class, a subject …) that falls short, and what would close the gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    /// The unit's code or key (a school code, a subject).
    pub unit: String,
    /// Its name.
    pub name: String,
    /// What falls short and what closes it, in Chinese.
    pub remedy: String,
}

/// Where a computation's data come from: a source and its version (a statistics import, a file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The source, e.g. "2024 学年教育事业统计".
    pub source: String,
    /// Its version or date.
    pub version: String,
}

/// The result of an item's computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Computed {
    /// Met, not met, or not connected.
    pub outcome: Outcome,
    /// The headline value (a share, a rate, a ratio), for history and charts.
    pub value: Option<f64>,
    /// The numbers behind it.
    pub figures: Vec<Figure>,
    /// The units that fall short.
    pub failing: Vec<Shortfall>,
    /// Where the data come from.
    pub provenance: Vec<Provenance>,
    /// A sentence on what was computed, or on what is missing when not connected.
    pub note: String,
}

impl Computed {
    /// A computation whose data are not in Junheng, saying which.
    pub fn not_connected(note: impl Into<String>) -> Self {
        Computed {
            outcome: Outcome::NotConnected,
            value: None,
            figures: Vec::new(),
            failing: Vec::new(),
            provenance: Vec::new(),
            note: note.into(),
        }
    }
}

/// A district's statement on an item, with its documents of evidence. The latest one counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attestation {
    /// Whether the requirement is met (for a 一票否决 item: that the case does not occur).
    pub met: bool,
    /// What was checked.
    pub note: String,
    /// How many documents of evidence are attached to the item for the year. A statement that
    /// the requirement is met counts only with at least one; one that it is not met counts
    /// without (admitting a shortfall needs no proof).
    pub evidence: usize,
    /// Who made it.
    pub by: String,
    /// When (an ISO date or time).
    pub at: String,
}

impl Attestation {
    /// Whether the statement counts.
    pub fn counts(&self) -> bool {
        !self.met || self.evidence > 0
    }
}

/// What the collector found for one item: its computation (if it has one) and the latest
/// attestation (if any).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemInput {
    /// The computation's result.
    pub computed: Option<Computed>,
    /// The latest attestation.
    pub attestation: Option<Attestation>,
}

/// The resource part (资源配置), from the evaluation engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resources {
    /// Whether the evaluation passes (every unit and every 差异系数).
    pub passes: bool,
    /// The units and 差异系数 that fall short.
    pub failing: Vec<Shortfall>,
}

/// An item's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// 达标.
    Met,
    /// 未达标.
    NotMet,
    /// 待认定: neither data nor a statement decides it yet.
    Undecided,
}

impl ItemStatus {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Met => "达标",
            ItemStatus::NotMet => "未达标",
            ItemStatus::Undecided => "待认定",
        }
    }
}

/// What decided an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The computation.
    Data,
    /// The attestation.
    Evidence,
    /// Both the computation and the attestation.
    DataAndEvidence,
    /// The attestation, because the data are not connected (以佐证认定).
    EvidenceForData,
    /// Nothing yet.
    Nothing,
}

impl Basis {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Data => "数据计算",
            Basis::Evidence => "佐证认定",
            Basis::DataAndEvidence => "数据计算 + 佐证认定",
            Basis::EvidenceForData => "数据未接入，以佐证认定",
            Basis::Nothing => "尚无依据",
        }
    }
}

/// The status of a 一票否决 item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VetoStatus {
    /// The case does not occur.
    Clear,
    /// The case occurs: recognition is denied.
    Triggered,
    /// The data show a risk that a statement must confirm or clear.
    AtRisk,
    /// Not yet stated.
    Undecided,
}

impl VetoStatus {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            VetoStatus::Clear => "无此情形",
            VetoStatus::Triggered => "存在此情形",
            VetoStatus::AtRisk => "存在风险，待核实",
            VetoStatus::Undecided => "待认定",
        }
    }
}

/// One decided item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The rulebook's item id.
    pub id: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Its number within the dimension.
    pub no: u32,
    /// Its name.
    pub name: String,
    /// Met, not met or undecided. For a 一票否决 item, met means the case does not occur.
    pub status: ItemStatus,
    /// What decided it.
    pub basis: Basis,
    /// Why, in one Chinese sentence.
    pub reason: String,
    /// The computation's headline value, if any.
    pub value: Option<f64>,
    /// For a 一票否决 item, its status; `None` for the others.
    pub veto: Option<VetoStatus>,
}

/// One of the four parts of the 督导评估.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// 资源配置.
    Resources,
    /// 政府保障程度.
    Guarantee,
    /// 教育质量.
    Quality,
    /// 社会认可度.
    Recognition,
}

impl Part {
    /// The four parts, in report order.
    pub const ALL: [Part; 4] = [
        Part::Resources,
        Part::Guarantee,
        Part::Quality,
        Part::Recognition,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Part::Resources => "resources",
            Part::Guarantee => "guarantee",
            Part::Quality => "quality",
            Part::Recognition => "recognition",
        }
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Part::Resources => "资源配置",
            Part::Guarantee => "政府保障程度",
            Part::Quality => "教育质量",
            Part::Recognition => "社会认可度",
        }
    }

    /// The item dimension of the part (资源配置 has indicators, not items).
    pub fn dimension(self) -> Option<Dimension> {
        match self {
            Part::Resources => None,
            Part::Guarantee => Some(Dimension::Guarantee),
            Part::Quality => Some(Dimension::Quality),
            Part::Recognition => Some(Dimension::Recognition),
        }
    }
}

/// A part's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    /// Every item met.
    Met,
    /// At least one item not met.
    NotMet,
    /// Nothing failed, but something is undecided.
    Undecided,
    /// The rulebook has no items for this part (e.g. the 2012 基本均衡 rulebook).
    NotInRulebook,
}

impl PartStatus {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            PartStatus::Met => "达标",
            PartStatus::NotMet => "未达标",
            PartStatus::Undecided => "待认定",
            PartStatus::NotInRulebook => "本规则未列入",
        }
    }
}

/// One part's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartResult {
    /// The part.
    pub part: Part,
    /// Its status.
    pub status: PartStatus,
    /// Items met (for 资源配置: 1 when the evaluation passes).
    pub met: usize,
    /// Items not met.
    pub not_met: usize,
    /// Items undecided.
    pub undecided: usize,
}

/// The verdict on the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overall {
    /// Every part met and no 一票否决 case: the district can be recognised (可申报认定).
    Recognisable,
    /// A part fails or a 一票否决 case occurs.
    NotRecognisable,
    /// Nothing fails, but something is undecided or at risk.
    Pending,
}

impl Overall {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Overall::Recognisable => "达到优质均衡认定标准",
            Overall::NotRecognisable => "未达到优质均衡认定标准",
            Overall::Pending => "尚待认定",
        }
    }
}

/// One line of the gap list: a unit or an item that keeps the district from recognition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapLine {
    /// The part or 一票否决, e.g. "政府保障程度".
    pub part: String,
    /// The item id (`resources` for 资源配置).
    pub item: String,
    /// "5 班额" — the item's number and name.
    pub label: String,
    /// The unit that falls short, if the gap is a unit's.
    pub unit: Option<Shortfall>,
    /// What falls short and what closes it.
    pub remedy: String,
}

/// The verdict on a district's year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The rulebook's id.
    pub rulebook: String,
    /// Its version.
    pub rulebook_version: String,
    /// The school year (2024 = 2024–2025 学年).
    pub year: i32,
    /// The four parts, in order.
    pub parts: Vec<PartResult>,
    /// Every item of 政府保障程度, 教育质量, 社会认可度 and 一票否决, in report order.
    pub items: Vec<ItemResult>,
    /// The whole.
    pub overall: Overall,
    /// Why, in Chinese sentences, most important first.
    pub reasons: Vec<String>,
    /// Everything that keeps the district from recognition.
    pub gaps: Vec<GapLine>,
}

impl Verdict {
    /// The result of one part.
    pub fn part(&self, part: Part) -> Option<&PartResult> {
        self.parts.iter().find(|p| p.part == part)
    }

    /// The result of one item.
    pub fn item(&self, id: &str) -> Option<&ItemResult> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The 一票否决 items.
    pub fn vetoes(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| i.veto.is_some())
    }
}

#[cfg(test)]
mod tests;
