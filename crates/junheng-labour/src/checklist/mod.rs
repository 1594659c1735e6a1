//! 劳动清单: the district's list of labour items and each school's list on top of it, versioned;
//! the effective list of a school; and the checks that keep every list at or above the minimum.
//!
//! * A [`ChecklistItem`] is one piece of labour for a grade or a 学段 band: its task group, where
//!   it is done ([`Place`]: 家庭/校内/社会), what it is, how often ([`Frequency`]), how many
//!   minutes each time, whether it is mandatory (必做) or optional (选做), and a safety note.
//! * A [`Checklist`] belongs to the district or to one school, has a version and the version it
//!   replaces. A school's list holds its additions, its changes to district items (same code)
//!   and the district items it drops.
//! * [`check_district`] and [`effective`] return every problem at once, each naming the item and
//!   what is expected ([`ListProblem`]). A school may add items and strengthen district items;
//!   it may not drop a district mandatory item, make one optional, lower its frequency or its
//!   minutes, or move it to another task group, grade or place (天津's rule: "不降低总体要求"
//!   \[V\]). Every list must reach, in each band, the task groups [`RequiredGroups`] asks for, with
//!   at least one mandatory item each.
//!
//! ```
//! use junheng_labour::checklist::*;
//! use junheng_labour::groups::{GradeBand, TaskGroup};
//! let item = ChecklistItem {
//!     code: ItemCode::parse("Q2-01").unwrap(),
//!     group: TaskGroup::Cleaning,
//!     grades: Grades::Band(GradeBand::Second),
//!     place: Place::Home,
//!     content: "洗自己的袜子和鞋".into(),
//!     frequency: Frequency { unit: Unit::Week, times: 2 },
//!     minutes: 15,
//!     mandatory: true,
//!     safety_note: String::new(),
//! };
//! let required = RequiredGroups { first: vec![], second: vec![TaskGroup::Cleaning], third: vec![], fourth: vec![] };
//! let district = Checklist { owner: Owner::District, version: 1, parent_version: None, items: vec![item], removals: vec![] };
//! assert!(check_district(&district, &required).is_empty());
//! ```

mod check;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use junheng_core::school::SchoolCode;
use serde::{Deserialize, Deserializer, Serialize};

use crate::groups::{GradeBand, TaskGroup};
use crate::roster::Grade;
use crate::words::words;

pub use check::{ItemFault, ListProblem, check_district, effective};

/// The longest item content and safety note, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The most minutes one doing of an item may take (a whole 劳动周 day).
pub const MAX_ITEM_MINUTES: u16 = 600;

/// An item's stable code in its lists (kept across versions): 1–32 ASCII letters, digits, `-`,
/// `_` or `.`.
///
/// ```
/// use junheng_labour::checklist::ItemCode;
/// assert_eq!(ItemCode::parse(" D-07.2 ").unwrap().as_str(), "D-07.2");
/// assert!(ItemCode::parse("").is_none() && ItemCode::parse("洗碗").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ItemCode(String);

impl ItemCode {
    /// A code after trimming, or `None`.
    pub fn parse(text: &str) -> Option<ItemCode> {
        let t = text.trim();
        let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        ((1..=32).contains(&t.len()) && t.chars().all(ok)).then(|| ItemCode(t.to_owned()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ItemCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ItemCode::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("项目编号应为 1 到 32 个英文字母、数字或 - _ .")
        })
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the labour is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// 家庭: confirmed by a parent.
    Home,
    /// 校内: on campus, verified by a teacher.
    School,
    /// 社会: in the community or at a base, verified by a teacher.
    Society,
}

words!(Place {
    Home => "home", "家庭";
    School => "school", "校内";
    Society => "society", "社会" | "校外";
});

/// The unit of a [`Frequency`], from the most frequent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 每天.
    Day,
    /// 每周.
    Week,
    /// 每月.
    Month,
    /// 每学期.
    Term,
    /// 每学年.
    Year,
    /// 每学段 (`times = 1`: once in the band, e.g. a skill learnt).
    Band,
}

words!(Unit {
    Day => "day", "每天";
    Week => "week", "每周";
    Month => "month", "每月";
    Term => "term", "每学期";
    Year => "year", "每学年";
    Band => "band", "每学段";
});

/// 频次: `times` per `unit`.
///
/// One frequency is lower than another when its unit is less frequent, or the same unit with
/// fewer times. Units are not converted into each other (a school may not turn "每周 1 次" into
/// "每学期 20 次": weeks per term differ).
///
/// ```
/// use junheng_labour::checklist::{Frequency, Unit};
/// let weekly = Frequency { unit: Unit::Week, times: 1 };
/// assert!(Frequency { unit: Unit::Term, times: 20 }.lower_than(weekly));
/// assert!(!Frequency { unit: Unit::Day, times: 1 }.lower_than(weekly));
/// assert_eq!(weekly.to_string(), "每周 1 次");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frequency {
    /// Per what.
    pub unit: Unit,
    /// How many times, 1–99.
    pub times: u8,
}

impl Frequency {
    /// Whether `self` asks for less than `other`.
    pub fn lower_than(self, other: Frequency) -> bool {
        self.unit > other.unit || (self.unit == other.unit && self.times < other.times)
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} 次", self.unit.label(), self.times)
    }
}

/// Which grades an item is for: a whole 学段 band or one grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grades {
    /// Every grade of the band.
    Band(GradeBand),
    /// One grade.
    Grade(Grade),
}

impl Grades {
    /// The band the item belongs to.
    pub fn band(self) -> GradeBand {
        match self {
            Grades::Band(b) => b,
            Grades::Grade(g) => g.band(),
        }
    }

    /// Whether a child of `grade` does the item.
    pub fn includes(self, grade: Grade) -> bool {
        match self {
            Grades::Band(b) => grade.band() == b,
            Grades::Grade(g) => g == grade,
        }
    }
}

impl fmt::Display for Grades {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grades::Band(b) => f.write_str(b.label()),
            Grades::Grade(g) => write!(f, "{g}"),
        }
    }
}

/// One item of a 劳动清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// The item's code, kept across versions.
    pub code: ItemCode,
    /// 任务群.
    pub group: TaskGroup,
    /// 年级 or 学段.
    pub grades: Grades,
    /// 家庭, 校内 or 社会.
    pub place: Place,
    /// 内容, 1–200 characters.
    pub content: String,
    /// 频次.
    pub frequency: Frequency,
    /// Minutes each time, 1–600.
    pub minutes: u16,
    /// 必做 (true) or 选做.
    pub mandatory: bool,
    /// 安全提示, at most 200 characters (may be empty).
    #[serde(default)]
    pub safety_note: String,
}

/// Whose list it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The district's (区级清单).
    District,
    /// A school's (校本清单), on top of the district's.
    School(SchoolCode),
}

/// A version of a list. Nothing is edited in place: a change is the next version, naming the
/// version it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Whose list.
    pub owner: Owner,
    /// This version, from 1.
    pub version: u32,
    /// The version of the same owner it replaces (lower), if any.
    #[serde(default)]
    pub parent_version: Option<u32>,
    /// The district's items; for a school, its additions and its changes to district items
    /// (same code).
    pub items: Vec<ChecklistItem>,
    /// For a school: the codes of district items it drops (only optional ones may be dropped).
    /// Empty for the district.
    #[serde(default)]
    pub removals: Vec<ItemCode>,
}

/// The task groups each 学段 band's list must reach with at least one mandatory item (a local
/// setting, \[L\]).
///
/// The 课标's 学段 × 任务群 table was **not transcribed** (`practices.md` §4.1), so the default is
/// a proposal from the 纲要's content by 学段: grades 1–2 self-care (清洁与卫生, 整理与收纳,
/// 烹饪与营养) and 公益劳动; grades 3–4 add 家用器具, 农业生产 and 传统工艺 (a published 第二学段
/// school list asks for small appliances and crafts); grades 5–6 add 新技术体验; grades 7–9 all
/// ten (初中 adds production, service and 职业启蒙). A district replaces it with the 课标's table
/// or its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequiredGroups {
    /// 第一学段 (1–2).
    pub first: Vec<TaskGroup>,
    /// 第二学段 (3–4).
    pub second: Vec<TaskGroup>,
    /// 第三学段 (5–6).
    pub third: Vec<TaskGroup>,
    /// 第四学段 (7–9).
    pub fourth: Vec<TaskGroup>,
}

impl Default for RequiredGroups {
    fn default() -> Self {
        use TaskGroup::*;
        let first = vec![Cleaning, Tidying, Cooking, Volunteering];
        let second = vec![
            Cleaning,
            Tidying,
            Cooking,
            Appliances,
            Farming,
            Crafts,
            Volunteering,
        ];
        let mut third = second.clone();
        third.insert(6, NewTechnology);
        RequiredGroups {
            first,
            second,
            third,
            fourth: TaskGroup::ALL.to_vec(),
        }
    }
}

impl RequiredGroups {
    /// The groups a band must reach.
    pub fn of(&self, band: GradeBand) -> &[TaskGroup] {
        match band {
            GradeBand::First => &self.first,
            GradeBand::Second => &self.second,
            GradeBand::Third => &self.third,
            GradeBand::Fourth => &self.fourth,
        }
    }
}

/// Where an item of an effective list comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The district's item as the district wrote it.
    District,
    /// A district item the school strengthened or reworded.
    DistrictChanged,
    /// The school's own addition.
    School,
}

/// An item of an effective list and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedItem {
    /// The item as it applies at the school.
    pub item: ChecklistItem,
    /// Whose it is.
    pub origin: Origin,
}

/// The list a school works to: the district's items (less the optional ones it dropped, with
/// its changes) and its additions, checked ([`effective`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectiveList {
    /// The school.
    pub school: SchoolCode,
    /// The district list's version.
    pub district_version: u32,
    /// The school list's version, if it has one.
    pub school_version: Option<u32>,
    /// The items, district items first in the district's order, then the school's additions.
    items: Vec<ListedItem>,
    /// Each code's place in `items`.
    #[serde(skip)]
    index: HashMap<ItemCode, usize>,
}

impl EffectiveList {
    /// The list of these (checked) items.
    fn new(
        school: SchoolCode,
        district_version: u32,
        school_version: Option<u32>,
        items: Vec<ListedItem>,
    ) -> EffectiveList {
        let index = items
            .iter()
            .enumerate()
            .map(|(i, l)| (l.item.code.clone(), i))
            .collect();
        EffectiveList {
            school,
            district_version,
            school_version,
            items,
            index,
        }
    }

    /// The items, district items first in the district's order, then the school's additions.
    pub fn items(&self) -> &[ListedItem] {
        &self.items
    }

    /// The item of a code.
    pub fn item(&self, code: &ItemCode) -> Option<&ChecklistItem> {
        self.index.get(code).map(|&i| &self.items[i].item)
    }

    /// The mandatory items of `group` for the band.
    pub fn mandatory(
        &self,
        band: GradeBand,
        group: TaskGroup,
    ) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .map(|l| &l.item)
            .filter(move |i| i.mandatory && i.group == group && i.grades.band() == band)
    }
}
