use std::fmt;

use serde::{Deserialize, Serialize};

/// 学段: a section of compulsory education; `Senior` (高中) only matters for sharing facilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// 小学, grades 1–6.
    Primary,
    /// 初中, grades 7–9.
    Junior,
    /// 高中: shares facilities with the junior section of 完全中学 and 十二年一贯制学校.
    Senior,
}

impl Section {
    /// The two evaluated sections, in report order.
    pub const EVALUATED: [Section; 2] = [Section::Primary, Section::Junior];

    /// Stable identifier used in JSON and rulebooks.
    pub fn id(self) -> &'static str {
        match self {
            Section::Primary => "primary",
            Section::Junior => "junior",
            Section::Senior => "senior",
        }
    }

    /// Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Section::Primary => "小学",
            Section::Junior => "初中",
            Section::Senior => "高中",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// 办学类型 as the template names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolKind {
    /// 小学.
    Primary,
    /// 初中.
    Junior,
    /// 九年一贯制学校.
    NineYear,
    /// 十二年一贯制学校.
    TwelveYear,
    /// 完全中学 (初中 + 高中).
    Complete,
    /// 教学点 / 校点 / 村小 attached to a parent school.
    TeachingPoint,
    /// 特殊教育学校: not evaluated by the resource indicators.
    Special,
}

impl SchoolKind {
    /// Every kind, in the template's order.
    pub const ALL: [SchoolKind; 7] = [
        SchoolKind::Primary,
        SchoolKind::Junior,
        SchoolKind::NineYear,
        SchoolKind::TwelveYear,
        SchoolKind::Complete,
        SchoolKind::TeachingPoint,
        SchoolKind::Special,
    ];

    /// The template's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            SchoolKind::Primary => "小学",
            SchoolKind::Junior => "初中",
            SchoolKind::NineYear => "九年一贯制学校",
            SchoolKind::TwelveYear => "十二年一贯制学校",
            SchoolKind::Complete => "完全中学",
            SchoolKind::TeachingPoint => "教学点",
            SchoolKind::Special => "特殊教育学校",
        }
    }

    /// Parses the template's Chinese name (exact, after trimming).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        Self::ALL.into_iter().find(|k| k.label() == t)
    }

    /// The sections this kind of school may have students in.
    pub fn sections(self) -> &'static [Section] {
        match self {
            SchoolKind::Primary | SchoolKind::TeachingPoint => &[Section::Primary],
            SchoolKind::Junior => &[Section::Junior],
            SchoolKind::NineYear => &[Section::Primary, Section::Junior],
            SchoolKind::TwelveYear => &[Section::Primary, Section::Junior, Section::Senior],
            SchoolKind::Complete => &[Section::Junior, Section::Senior],
            SchoolKind::Special => &[Section::Primary, Section::Junior, Section::Senior],
        }
    }

    /// Whether the kind has a section.
    pub fn has(self, section: Section) -> bool {
        self.sections().contains(&section)
    }
}

impl fmt::Display for SchoolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// 城乡分类.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrbanRural {
    /// 城区.
    Urban,
    /// 镇区.
    Town,
    /// 乡村.
    Rural,
}

impl UrbanRural {
    /// The template's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            UrbanRural::Urban => "城区",
            UrbanRural::Town => "镇区",
            UrbanRural::Rural => "乡村",
        }
    }

    /// Parses the template's Chinese name.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        [UrbanRural::Urban, UrbanRural::Town, UrbanRural::Rural]
            .into_iter()
            .find(|k| k.label() == t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_labels() {
        for kind in SchoolKind::ALL {
            assert_eq!(SchoolKind::parse(kind.label()), Some(kind));
        }
        assert_eq!(
            SchoolKind::parse("　九年一贯制学校 "),
            Some(SchoolKind::NineYear)
        );
        assert_eq!(SchoolKind::parse("九年制"), None);
    }

    #[test]
    fn multi_section_kinds_list_their_sections() {
        assert!(SchoolKind::NineYear.has(Section::Junior));
        assert!(!SchoolKind::Primary.has(Section::Junior));
        assert!(SchoolKind::Complete.has(Section::Senior));
        assert!(!SchoolKind::Complete.has(Section::Primary));
    }
}
