//! The 骨干 pipeline's stages and the imported titles (称号) that place a teacher on them.

use std::fmt;

use serde::{Deserialize, Serialize};

use junheng_rotation::{BackboneLevel, TeacherId};

/// A stage of the 骨干 pipeline: 培养对象 → 区级 → 市级 → 特级/名师/学科带头人 (省级及以上).
///
/// The roster's [`BackboneLevel`] gives 区级 ([`BackboneLevel::District`]), 市级 and, for 省级
/// and 国家级, the top stage; an imported [`HonourTitle`] may place a teacher higher (or, for
/// 培养对象, on the first stage, which is not yet 骨干).
///
/// ```
/// use junheng_teachers::pipeline::Stage;
/// use junheng_rotation::BackboneLevel;
/// assert_eq!(Stage::of(BackboneLevel::Province), Some(Stage::Top));
/// assert!(!Stage::Candidate.is_backbone() && Stage::District.is_backbone());
/// assert_eq!(Stage::parse("学科带头人"), Some(Stage::Top));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 骨干培养对象: on the way, not yet counted as 骨干.
    Candidate,
    /// 区级骨干 (区县级).
    District,
    /// 市级骨干.
    City,
    /// 特级教师, 名师, 学科带头人, 省级及以上骨干.
    Top,
}

impl Stage {
    /// Every stage, lowest first.
    pub const ALL: [Stage; 4] = [Stage::Candidate, Stage::District, Stage::City, Stage::Top];

    /// The stage a roster's 骨干级别 gives (`None` for 无).
    pub fn of(level: BackboneLevel) -> Option<Stage> {
        match level {
            BackboneLevel::None => None,
            BackboneLevel::District => Some(Stage::District),
            BackboneLevel::City => Some(Stage::City),
            BackboneLevel::Province | BackboneLevel::National => Some(Stage::Top),
        }
    }

    /// Whether the stage counts as 骨干 (区级及以上).
    pub fn is_backbone(self) -> bool {
        self >= Stage::District
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Candidate => "培养对象",
            Stage::District => "区级",
            Stage::City => "市级",
            Stage::Top => "特级/名师/学科带头人",
        }
    }

    /// Stable identifier (JSON, storage).
    pub fn id(self) -> &'static str {
        match self {
            Stage::Candidate => "candidate",
            Stage::District => "district",
            Stage::City => "city",
            Stage::Top => "top",
        }
    }

    /// The stage of an identifier written by [`Stage::id`].
    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Parses a template's 级别 word (trimmed): 培养对象, 区级 (区县级, 县级), 市级, and 特级,
    /// 名师, 学科带头人, 省级, 国家级 for the top stage.
    pub fn parse(text: &str) -> Option<Stage> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        match t {
            "培养对象" | "骨干培养对象" => Some(Stage::Candidate),
            "区级" | "区县级" | "县级" | "区县" => Some(Stage::District),
            "市级" | "市" => Some(Stage::City),
            "特级" | "名师" | "学科带头人" | "省级" | "国家级" | "特级/名师/学科带头人" => {
                Some(Stage::Top)
            }
            _ => None,
        }
    }

    /// The accepted words, for messages and templates.
    pub fn expected() -> &'static str {
        "培养对象、区级、市级、特级、名师、学科带头人、省级、国家级"
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One imported title (称号) of a teacher: 区级骨干教师, 市级学科带头人, 特级教师….
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonourTitle {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 称号, as the issuer wrote it.
    pub title: String,
    /// 级别: the pipeline stage the title places the teacher on.
    pub stage: Stage,
    /// 认定年份 (the school year from which it counts).
    pub year: i32,
    /// 认定单位.
    pub issuer: String,
}

/// The stage of a teacher in `year`: the higher of the roster's 骨干级别 and of every title
/// awarded by that year (titles are taken to last; a roster that drops the level ends the
/// roster's part only).
pub fn stage_in(level: BackboneLevel, titles: &[&HonourTitle], year: i32) -> Option<Stage> {
    titles
        .iter()
        .filter(|t| t.year <= year)
        .map(|t| t.stage)
        .chain(Stage::of(level))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(stage: Stage, year: i32) -> HonourTitle {
        HonourTitle {
            teacher: TeacherId::parse("T1").unwrap(),
            title: "称号".into(),
            stage,
            year,
            issuer: "区教委".into(),
        }
    }

    #[test]
    fn a_title_counts_from_its_year_on() {
        let t = title(Stage::Top, 2024);
        assert_eq!(
            stage_in(BackboneLevel::District, &[&t], 2023),
            Some(Stage::District)
        );
        assert_eq!(
            stage_in(BackboneLevel::District, &[&t], 2024),
            Some(Stage::Top)
        );
        assert_eq!(stage_in(BackboneLevel::None, &[], 2024), None);
        let c = title(Stage::Candidate, 2022);
        assert_eq!(
            stage_in(BackboneLevel::None, &[&c], 2024),
            Some(Stage::Candidate)
        );
        assert_eq!(
            stage_in(BackboneLevel::City, &[&c], 2024),
            Some(Stage::City)
        );
    }

    #[test]
    fn words_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_id(s.id()), Some(s));
            assert_eq!(Stage::parse(s.label()), Some(s));
        }
        assert_eq!(Stage::parse(" 特级 "), Some(Stage::Top));
        assert_eq!(Stage::parse("校级"), None);
    }
}
