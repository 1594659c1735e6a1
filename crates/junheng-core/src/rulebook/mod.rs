//! Rulebooks as data: indicators, thresholds and policies of an evaluation, in versioned TOML.
//!
//! The built-in rulebooks are embedded in the binary. A provincial file names a built-in one in
//! `extends` and overrides any number or policy; tables merge key by key, other values replace.

mod computation;
mod items;
mod parse;
mod quantity;
mod rotation;

pub use computation::{Computation, LimitKind, LimitSpec};
pub use items::{Decision, Dimension, ItemDef, MAX_ITEMS, Tag};
pub use parse::RulebookError;
pub use quantity::Quantity;
pub use rotation::{BackboneBase, CountAt, RotationRules, SpecialEducation};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::school::Section;
use crate::seats::class_size::ClassRules;
use crate::seats::zoning::ZoningRules;

/// The built-in rulebooks: (id, TOML text).
const BUILTIN: &[(&str, &str)] = &[
    ("cn-2017", include_str!("../../rulebooks/cn-2017.toml")),
    ("cn-2012", include_str!("../../rulebooks/cn-2012.toml")),
    (
        "hebei-2017",
        include_str!("../../rulebooks/hebei-2017.toml"),
    ),
    (
        "anhui-2018",
        include_str!("../../rulebooks/anhui-2018.toml"),
    ),
];

/// The most indicators a rulebook may have.
pub const MAX_INDICATORS: usize = 32;

/// A versioned set of indicators, thresholds and policies (评估办法 / 实施细则).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rulebook {
    /// Stable identifier, e.g. `cn-2017`.
    pub id: String,
    /// Version of this rulebook's text, recorded in every result.
    pub version: String,
    /// Chinese title.
    pub name: String,
    /// Where the rules come from.
    pub source: String,
    /// The rulebooks this one extends, nearest first.
    pub extends: Vec<String>,
    /// How schools become evaluated units and how their numbers are read.
    pub policy: Policy,
    /// The per-unit rule (k of n indicators met, the rest above a floor), if the rulebook has one.
    pub unit_rule: Option<UnitRule>,
    /// The inter-school balance rule on 差异系数.
    pub balance: Balance,
    /// The indicators, in report order.
    pub indicators: Vec<Indicator>,
    /// The teacher rotation (交流轮岗) rules; national defaults when the file has no `[rotation]`.
    pub rotation: RotationRules,
    /// The 督导评估 items beyond 资源配置 (政府保障程度, 教育质量, 社会认可度, 一票否决), in
    /// report order; empty when the rulebook covers 资源配置 only.
    pub items: Vec<ItemDef>,
}

/// Policies that decide which units exist and how their numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Policy {
    /// What happens to 教学点.
    pub teaching_points: TeachingPointPolicy,
    /// Weights of a student per section when apportioning shared facilities.
    pub apportion_weights: Weights,
    /// Whether the gym counts in 教学及辅助用房 (the default subtracts it: it is counted in 场馆).
    pub gym_in_teaching_rooms: bool,
    /// Compare values and 差异系数 after rounding to this many decimals (some provinces compare
    /// the published rounded figure); `None` compares at full precision.
    pub compare_decimals: Option<u32>,
}

impl Policy {
    /// The policies in one Chinese line, for report headers.
    pub fn describe(&self) -> String {
        let teaching_points = match self.teaching_points {
            TeachingPointPolicy::Separate => "教学点单独计算".to_owned(),
            TeachingPointPolicy::Merge => "教学点并入上级学校计算".to_owned(),
            TeachingPointPolicy::ExcludeBelow { min_students } => {
                format!("在校生少于 {min_students} 人的教学点不参评")
            }
        };
        let gym = if self.gym_in_teaching_rooms {
            "教学及辅助用房含体育馆"
        } else {
            "教学及辅助用房不含体育馆（体育馆计入场馆）"
        };
        let compare = match self.compare_decimals {
            None => "全精度比较".to_owned(),
            Some(d) => format!("按保留 {d} 位小数后的数值比较"),
        };
        format!(
            "{teaching_points}；一贯制学校及完全中学设施按 小学:初中:高中 = {} 分摊；{gym}；{compare}",
            self.apportion_weights
        )
    }
}

/// What happens to 教学点.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum TeachingPointPolicy {
    /// Each teaching point is its own unit.
    Separate,
    /// Each teaching point is merged into its parent school's unit.
    Merge,
    /// Teaching points with fewer students than `min_students` are not evaluated (河北: 50).
    ExcludeBelow {
        /// Fewest students a teaching point needs to be evaluated.
        min_students: u32,
    },
}

/// Weight of one student per section when apportioning shared facilities of a multi-section
/// school: a section's share is `w_s · P_s / Σ w · P`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// 小学.
    pub primary: f64,
    /// 初中.
    pub junior: f64,
    /// 高中.
    pub senior: f64,
}

impl Weights {
    /// The weight of a section.
    pub fn of(&self, section: Section) -> f64 {
        match section {
            Section::Primary => self.primary,
            Section::Junior => self.junior,
            Section::Senior => self.senior,
        }
    }

    /// Parses `"1:1.1:1.32"` (小学:初中:高中).
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<f64> = text
            .split([':', '：'])
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        match parts[..] {
            [primary, junior, senior]
                if [primary, junior, senior]
                    .iter()
                    .all(|w| w.is_finite() && *w > 0.0) =>
            {
                Some(Self {
                    primary,
                    junior,
                    senior,
                })
            }
            _ => None,
        }
    }
}

impl fmt::Display for Weights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.primary, self.junior, self.senior)
    }
}

/// A value per evaluated section.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerSection {
    /// 小学.
    pub primary: f64,
    /// 初中.
    pub junior: f64,
}

impl PerSection {
    /// The value of a section; the senior section is never evaluated.
    pub fn of(&self, section: Section) -> f64 {
        match section {
            Section::Primary => self.primary,
            Section::Junior | Section::Senior => self.junior,
        }
    }
}

/// The per-unit pass rule: at least `min_met` indicators meet their standard, and every other one
/// reaches `floor_ratio` of its standard (2017: 6 of 7, rest ≥ 85 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRule {
    /// Fewest indicators that must meet their standard.
    pub min_met: usize,
    /// Share of the standard every unmet indicator must still reach.
    pub floor_ratio: f64,
}

impl UnitRule {
    /// The rule in Chinese for `indicators` indicators, e.g.
    /// "7 项指标中至少 6 项达标，且未达标项不低于标准的 85%".
    pub fn describe(&self, indicators: usize) -> String {
        format!(
            "{indicators} 项指标中至少 {} 项达标，且未达标项不低于标准的 {}%",
            self.min_met,
            percent(self.floor_ratio)
        )
    }
}

/// A share as a percentage to one decimal, without the sign: 0.85 → "85", 0.125 → "12.5".
fn percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    format!("{p}")
}

/// How the 差异系数 are tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceMode {
    /// Every indicator's 差异系数 must be within the limit (2017).
    PerIndicator,
    /// The mean of the single 差异系数 (综合差异系数) must be within the limit (2012).
    Composite,
}

/// The inter-school balance rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    /// Per indicator or composite.
    pub mode: BalanceMode,
    /// Largest allowed 差异系数 per section (inclusive).
    pub cv_max: PerSection,
}

/// A resource indicator: `per × quantity / students` per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Stable id, e.g. `backbone_teachers_per_100`.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Short Chinese name for narrow tables.
    pub short: String,
    /// The numerator.
    pub quantity: Quantity,
    /// 100 for "每百名学生", 1 for "生均".
    pub per: f64,
    /// Unit of the indicator's value, e.g. "人", "㎡", "元".
    pub unit: String,
    /// Standard per section (≥), if the rulebook sets one.
    pub standard: Option<PerSection>,
}

impl Rulebook {
    /// Ids of the built-in rulebooks.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// Loads a built-in rulebook by id.
    pub fn builtin(id: &str) -> Result<Self, RulebookError> {
        parse::load(builtin_text(id)?, id)
    }

    /// Parses a rulebook file's text; `origin` names the file in errors. The file may extend a
    /// built-in rulebook with `extends = "cn-2017"`.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, RulebookError> {
        parse::load(text, origin)
    }

    /// The TOML text of a built-in rulebook, to copy into a provincial file.
    pub fn builtin_source(id: &str) -> Option<&'static str> {
        builtin_text(id).ok()
    }

    /// The indicator with an id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The 督导评估 item with an id.
    pub fn item(&self, id: &str) -> Option<&ItemDef> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The items of a dimension, in order.
    pub fn items_of(&self, dimension: Dimension) -> impl Iterator<Item = &ItemDef> {
        self.items.iter().filter(move |i| i.dimension == dimension)
    }

    /// A limit of the first item decided by `computation`, else its national default.
    pub fn limit_of(&self, computation: Computation, key: &str) -> Option<f64> {
        self.items
            .iter()
            .find(|i| i.computation == Some(computation))
            .and_then(|i| i.limit(key))
            .or_else(|| {
                computation
                    .limits()
                    .iter()
                    .find(|s| s.key == key)
                    .and_then(|s| s.default)
            })
    }

    /// The class, school-size and room rules of 政府保障程度 3–5 as this rulebook sets them
    /// (national values where it has no such item); 大班额 lines stay the national ones.
    pub fn class_rules(&self) -> ClassRules {
        let d = ClassRules::default();
        let count = |c, key, default: u32| self.limit_of(c, key).map_or(default, |v| v as u32);
        ClassRules {
            primary_max: count(Computation::ClassSize, "primary_max", d.primary_max),
            junior_max: count(Computation::ClassSize, "junior_max", d.junior_max),
            school_max: count(Computation::SchoolSize, "school_max", d.school_max),
            through_school_max: count(
                Computation::SchoolSize,
                "through_school_max",
                d.through_school_max,
            ),
            classes_per_room: count(
                Computation::MusicArtRooms,
                "classes_per_room",
                d.classes_per_room,
            ),
            music_room_area: count(
                Computation::MusicArtRooms,
                "music_room_area",
                d.music_room_area,
            ),
            art_room_area: count(Computation::MusicArtRooms, "art_room_area", d.art_room_area),
            ..d
        }
    }

    /// The 就近入学 and 指标到校 rules of 政府保障程度 13–14 as this rulebook sets them.
    pub fn zoning_rules(&self) -> ZoningRules {
        let d = ZoningRules::default();
        let percent = |c, key, default: u32| {
            self.limit_of(c, key)
                .map_or(default, |v| (v * 100.0).round() as u32)
        };
        ZoningRules {
            primary_min_percent: percent(
                Computation::NearbyEnrolment,
                "primary",
                d.primary_min_percent,
            ),
            junior_min_percent: percent(
                Computation::NearbyEnrolment,
                "junior",
                d.junior_min_percent,
            ),
            quota_min_percent: percent(Computation::HighSchoolQuota, "share", d.quota_min_percent),
        }
    }
}

fn builtin_text(id: &str) -> Result<&'static str, RulebookError> {
    BUILTIN
        .iter()
        .find(|(b, _)| *b == id)
        .map(|(_, text)| *text)
        .ok_or_else(|| RulebookError::UnknownBuiltin(id.to_owned()))
}

#[cfg(test)]
mod items_tests;
#[cfg(test)]
mod tests;
