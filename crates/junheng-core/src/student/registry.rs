//! What the 学籍 (registry) says of a child besides who they are: 学段, 户籍, 残疾 and its
//! 安置方式, and the family-status flags — the categories every rate and list counts by.

use std::fmt;

use serde::{Deserialize, Serialize};

/// 学段 of 义务教育.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 小学 (grades 1–6).
    Primary,
    /// 初中 (grades 7–9).
    Junior,
}

impl Stage {
    /// Both.
    pub const ALL: [Stage; 2] = [Stage::Primary, Stage::Junior];

    /// Stable id, as stored.
    pub const fn id(self) -> &'static str {
        match self {
            Stage::Primary => "primary",
            Stage::Junior => "junior",
        }
    }

    /// 小学 or 初中.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Primary => "小学",
            Stage::Junior => "初中",
        }
    }

    /// The grades of the 学段 (1–6, 7–9).
    pub const fn grades(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Stage::Primary => 1..=6,
            Stage::Junior => 7..=9,
        }
    }

    /// The 学段 of a grade 1–9.
    pub fn of_grade(grade: u8) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.grades().contains(&grade))
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Parses a [`label`](Self::label), as a file writes it.
    pub fn parse(label: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.label() == label)
    }
}

/// 残疾类别 (the 残联's categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disability {
    /// 视力残疾.
    Visual,
    /// 听力残疾.
    Hearing,
    /// 言语残疾.
    Speech,
    /// 肢体残疾.
    Physical,
    /// 智力残疾.
    Intellectual,
    /// 精神残疾.
    Mental,
    /// 多重残疾.
    Multiple,
}

impl Disability {
    /// Every category.
    pub const ALL: [Disability; 7] = [
        Disability::Visual,
        Disability::Hearing,
        Disability::Speech,
        Disability::Physical,
        Disability::Intellectual,
        Disability::Mental,
        Disability::Multiple,
    ];

    /// Stable id, as stored.
    pub const fn id(self) -> &'static str {
        match self {
            Disability::Visual => "visual",
            Disability::Hearing => "hearing",
            Disability::Speech => "speech",
            Disability::Physical => "physical",
            Disability::Intellectual => "intellectual",
            Disability::Mental => "mental",
            Disability::Multiple => "multiple",
        }
    }

    /// 视力 … 多重, as the template writes it.
    pub const fn label(self) -> &'static str {
        match self {
            Disability::Visual => "视力",
            Disability::Hearing => "听力",
            Disability::Speech => "言语",
            Disability::Physical => "肢体",
            Disability::Intellectual => "智力",
            Disability::Mental => "精神",
            Disability::Multiple => "多重",
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Disability> {
        Disability::ALL.into_iter().find(|d| d.id() == id)
    }

    /// Parses a [`label`](Self::label), as a file writes it.
    pub fn parse(label: &str) -> Option<Disability> {
        Disability::ALL.into_iter().find(|d| d.label() == label)
    }
}

/// 安置方式 of a child with a disability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// 随班就读 (in an ordinary class).
    Regular,
    /// 特教班 (a special class or school).
    SpecialClass,
    /// 送教上门 (taught at home).
    HomeTeaching,
}

impl Placement {
    /// Every placement.
    pub const ALL: [Placement; 3] = [
        Placement::Regular,
        Placement::SpecialClass,
        Placement::HomeTeaching,
    ];

    /// Stable id, as stored.
    pub const fn id(self) -> &'static str {
        match self {
            Placement::Regular => "regular",
            Placement::SpecialClass => "special_class",
            Placement::HomeTeaching => "home_teaching",
        }
    }

    /// 随班就读, 特教班 or 送教上门.
    pub const fn label(self) -> &'static str {
        match self {
            Placement::Regular => "随班就读",
            Placement::SpecialClass => "特教班",
            Placement::HomeTeaching => "送教上门",
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Placement> {
        Placement::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Parses a [`label`](Self::label), as a file writes it.
    pub fn parse(label: &str) -> Option<Placement> {
        Placement::ALL.into_iter().find(|p| p.label() == label)
    }
}

macro_rules! display_label {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    )*};
}
display_label!(Stage, Disability, Placement);

/// 户籍: 本地, or 随迁 from a province (its full name, 四川省 …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hukou {
    /// 本地户籍.
    Local,
    /// 随迁子女, with the province of their 户籍.
    Migrant {
        /// 户籍所在省份.
        province: String,
    },
}

impl Hukou {
    /// Whether the child is 随迁.
    pub fn migrant(&self) -> bool {
        matches!(self, Hukou::Migrant { .. })
    }

    /// The 户籍 province of a 随迁 child.
    pub fn province(&self) -> Option<&str> {
        match self {
            Hukou::Local => None,
            Hukou::Migrant { province } => Some(province),
        }
    }

    /// 本地 or 随迁.
    pub fn label(&self) -> &'static str {
        match self {
            Hukou::Local => "本地",
            Hukou::Migrant { .. } => "随迁",
        }
    }
}

/// The yes/no flags of a child, stored as a bit set ([`Flags::bits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Flags {
    /// 留守儿童.
    pub left_behind: bool,
    /// 脱贫户 (a family lifted out of poverty, still monitored).
    pub poverty: bool,
    /// 低保.
    pub dibao: bool,
    /// 孤儿.
    pub orphan: bool,
    /// 事实无人抚养.
    pub unsupported: bool,
    /// 困境儿童.
    pub hardship: bool,
    /// 寄宿.
    pub boarding: bool,
    /// 政府购买学位 (a place in a private school the government pays for).
    pub purchased_place: bool,
}

impl Flags {
    /// The flags in bit order, with their labels.
    pub const LABELS: [&'static str; 8] = [
        "留守儿童",
        "脱贫户",
        "低保",
        "孤儿",
        "事实无人抚养",
        "困境儿童",
        "寄宿",
        "政府购买学位",
    ];

    /// The family-status flags (脱贫户, 低保, 孤儿, 事实无人抚养, 困境儿童, 留守): what retention
    /// erases, as statistics of past years do not need them.
    pub const FAMILY: u8 = 0b0011_1111;

    fn all(self) -> [bool; 8] {
        [
            self.left_behind,
            self.poverty,
            self.dibao,
            self.orphan,
            self.unsupported,
            self.hardship,
            self.boarding,
            self.purchased_place,
        ]
    }

    /// The bit set, bit i = [`Flags::LABELS`]`[i]`.
    pub fn bits(self) -> u8 {
        self.all()
            .iter()
            .enumerate()
            .fold(0, |b, (i, &on)| b | (u8::from(on) << i))
    }

    /// The flags of a bit set.
    pub fn from_bits(b: u8) -> Flags {
        let on = |i: u8| b & (1 << i) != 0;
        Flags {
            left_behind: on(0),
            poverty: on(1),
            dibao: on(2),
            orphan: on(3),
            unsupported: on(4),
            hardship: on(5),
            boarding: on(6),
            purchased_place: on(7),
        }
    }

    /// The labels of the flags that are set.
    pub fn labels(self) -> Vec<&'static str> {
        self.all()
            .iter()
            .zip(Flags::LABELS)
            .filter(|(on, _)| **on)
            .map(|(_, l)| l)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_through_their_bits() {
        for b in 0..=u8::MAX {
            assert_eq!(Flags::from_bits(b).bits(), b);
        }
        let f = Flags {
            orphan: true,
            boarding: true,
            ..Flags::default()
        };
        assert_eq!(f.labels(), ["孤儿", "寄宿"]);
        assert_eq!(
            Flags::from_bits(f.bits() & !Flags::FAMILY).labels(),
            ["寄宿"]
        );
    }

    #[test]
    fn ids_parse_back_and_grades_belong_to_one_stage() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_id(s.id()), Some(s));
        }
        for d in Disability::ALL {
            assert_eq!(Disability::from_id(d.id()), Some(d));
        }
        for p in Placement::ALL {
            assert_eq!(Placement::from_id(p.id()), Some(p));
        }
        assert_eq!(Stage::of_grade(6), Some(Stage::Primary));
        assert_eq!(Stage::of_grade(7), Some(Stage::Junior));
        assert_eq!(Stage::of_grade(0), None);
        assert_eq!(Stage::of_grade(10), None);
    }
}
