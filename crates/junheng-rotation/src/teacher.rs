//! One teacher in one school year, as the roster template (教师花名册) carries it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use junheng_core::privacy::contains_national_id;
use junheng_core::school::{SchoolCode, Section};

/// 教师编号: the bureau's opaque id of a teacher, stable across years.
///
/// Built only by [`TeacherId::parse`], which refuses any text holding a 居民身份证号 (see
/// [`junheng_core::privacy`]: inside separators, prefixes, suffixes or in full-width digits), so
/// national ID numbers never reach the store.
///
/// ```
/// use junheng_rotation::TeacherId;
/// assert_eq!(TeacherId::parse(" T2024-0007 ").unwrap().as_str(), "T2024-0007");
/// assert!(TeacherId::parse("11010519491231002X").is_err());
/// assert!(TeacherId::parse("110101-19900307-7777").is_err());
/// assert!(TeacherId::parse("T110101199003077777").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TeacherId(String);

/// Why a text is not a teacher id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TeacherIdError {
    /// Empty after trimming.
    #[error("教师编号为空")]
    Empty,
    /// Longer than 32 characters.
    #[error("教师编号不能超过 32 个字符")]
    TooLong,
    /// Has characters other than letters, digits, `-` and `_`.
    #[error("教师编号只能由字母、数字、“-”和“_”组成")]
    BadCharacter,
    /// Shaped like a national ID number.
    #[error("教师编号看起来是居民身份证号；请使用单位内部的教师编号，不要上传身份证号")]
    LooksLikeNationalId,
}

impl TeacherId {
    /// Parses an id, trimming surrounding (also full-width) spaces.
    pub fn parse(text: &str) -> Result<Self, TeacherIdError> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if t.is_empty() {
            return Err(TeacherIdError::Empty);
        }
        // Before any other check, so that no refusal echoes a national ID number.
        if contains_national_id(t) {
            return Err(TeacherIdError::LooksLikeNationalId);
        }
        if t.chars().count() > 32 {
            return Err(TeacherIdError::TooLong);
        }
        if !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(TeacherIdError::BadCharacter);
        }
        Ok(Self(t.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TeacherId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TeacherId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TeacherId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TeacherId::parse(&text).map_err(serde::de::Error::custom)
    }
}

pub(crate) use junheng_core::words;

/// 学历: highest degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Degree {
    /// 高中阶段及以下 (中专, 高中, 中师).
    Secondary,
    /// 专科.
    College,
    /// 本科.
    Bachelor,
    /// 研究生 (硕士, 博士).
    Graduate,
}

words!(Degree {
    Secondary => "高中及以下" | "高中" | "中专" | "中师" | "高中阶段及以下",
    College => "专科" | "大专",
    Bachelor => "本科",
    Graduate => "研究生" | "硕士" | "博士" | "硕士研究生" | "博士研究生",
});

impl Degree {
    /// Whether the degree is above the legal minimum of the section (小学: 专科及以上, 初中:
    /// 本科及以上): the teacher counts in 高于规定学历教师.
    pub fn above_minimum(self, section: Section) -> bool {
        match section {
            Section::Primary => self >= Degree::College,
            Section::Junior | Section::Senior => self >= Degree::Bachelor,
        }
    }
}

/// 骨干级别: the highest level at which the teacher is recognised as 骨干 (学科带头人, 名师 and 特级
/// included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackboneLevel {
    /// Not recognised (or only at school level).
    None,
    /// 区县级.
    District,
    /// 市级.
    City,
    /// 省级.
    Province,
    /// 国家级.
    National,
}

words!(BackboneLevel {
    None => "无" | "" | "否" | "校级",
    District => "区县" | "区县级" | "区级" | "县级",
    City => "市" | "市级",
    Province => "省" | "省级",
    National => "国家" | "国家级",
});

impl BackboneLevel {
    /// Whether the teacher counts in 县级及以上骨干教师.
    pub fn counts(self) -> bool {
        self != BackboneLevel::None
    }
}

/// 性别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

words!(Sex { Male => "男", Female => "女" });

/// 专业技术职务 (职称) of a teacher, when the roster gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Title {
    /// 未定级.
    Unranked,
    /// 三级教师.
    Third,
    /// 二级教师.
    Second,
    /// 一级教师 (中级).
    First,
    /// 高级教师.
    Senior,
    /// 正高级教师.
    Professor,
}

words!(Title {
    Unranked => "未定级",
    Third => "三级" | "三级教师",
    Second => "二级" | "二级教师",
    First => "一级" | "一级教师",
    Senior => "高级" | "高级教师",
    Professor => "正高级" | "正高级教师",
});

impl Title {
    /// Whether the title is 中级及以上 (一级教师 and above).
    pub fn intermediate_or_above(self) -> bool {
        self >= Title::First
    }
}

/// One row of the roster: one teacher in one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Teacher {
    /// 学年: `2024` is 2024–2025.
    pub year: i32,
    /// 教师编号.
    pub id: TeacherId,
    /// 学校标识码 of the school that employs the teacher (the home school).
    pub school: SchoolCode,
    /// 学段 the teacher teaches in (小学 or 初中).
    pub section: Section,
    /// 学科 (语文, 数学, 体育, 音乐, 美术…), as the bureau writes it.
    pub subject: String,
    /// 学历.
    pub degree: Degree,
    /// 骨干级别.
    pub backbone: BackboneLevel,
    /// 是否体育艺术: a PE, music or art teacher.
    pub pe_arts: bool,
    /// 本校任教起始年: the school year the teacher started at this school.
    pub start_year: i32,
    /// 出生年.
    pub birth_year: i32,
    /// 性别.
    pub sex: Sex,
    /// 在编.
    pub on_staff: bool,
    /// 专业技术职务, when given.
    pub title: Option<Title>,
}

/// What one teacher adds to the section counts of the school statistics.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Counts {
    /// 专任教师.
    pub teachers: u32,
    /// 高于规定学历教师.
    pub qualified: u32,
    /// 县级及以上骨干教师.
    pub backbone: u32,
    /// 体育艺术专任教师.
    pub pe_arts: u32,
    /// 中级及以上专业技术职务教师 (0 when the roster has no titles).
    pub intermediate: u32,
}

impl Teacher {
    /// The teacher's contribution to the section counts.
    pub fn counts(&self) -> Counts {
        Counts {
            teachers: 1,
            qualified: u32::from(self.degree.above_minimum(self.section)),
            backbone: u32::from(self.backbone.counts()),
            pe_arts: u32::from(self.pe_arts),
            intermediate: u32::from(self.title.is_some_and(Title::intermediate_or_above)),
        }
    }

    /// Consecutive school years at the current school by the start of `year`.
    pub fn years_at_school(&self, year: i32) -> i32 {
        year - self.start_year
    }

    /// Age reached in the calendar year `year` starts in.
    pub fn age(&self, year: i32) -> i32 {
        year - self.birth_year
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_id_shapes_are_refused() {
        for id in [
            "110105194912310021",
            "11010519491231002X",
            "11010519491231002x",
            "110105491231002",
        ] {
            assert_eq!(
                TeacherId::parse(id),
                Err(TeacherIdError::LooksLikeNationalId),
                "{id}"
            );
        }
        // 17 or 16 digits are not ID shapes; letters make any length fine.
        assert!(TeacherId::parse("11010519491231002").is_ok());
        assert!(TeacherId::parse("T10105194912310021").is_ok());
        assert_eq!(TeacherId::parse("  "), Err(TeacherIdError::Empty));
        assert_eq!(TeacherId::parse("张三"), Err(TeacherIdError::BadCharacter));
        assert_eq!(
            TeacherId::parse(&"A".repeat(33)),
            Err(TeacherIdError::TooLong)
        );
    }

    #[test]
    fn degrees_count_above_the_minimum_of_their_section() {
        assert!(Degree::College.above_minimum(Section::Primary));
        assert!(!Degree::College.above_minimum(Section::Junior));
        assert!(Degree::Bachelor.above_minimum(Section::Junior));
        assert!(!Degree::Secondary.above_minimum(Section::Primary));
        assert_eq!(Degree::parse(" 大专 "), Some(Degree::College));
        assert_eq!(Degree::parse("博士"), Some(Degree::Graduate));
        assert_eq!(Degree::parse("小学"), None);
    }

    #[test]
    fn words_parse_their_labels_and_aliases() {
        for level in BackboneLevel::ALL {
            assert_eq!(BackboneLevel::parse(level.label()), Some(*level));
        }
        assert_eq!(BackboneLevel::parse("区级"), Some(BackboneLevel::District));
        assert_eq!(BackboneLevel::parse(""), Some(BackboneLevel::None));
        assert!(!BackboneLevel::None.counts() && BackboneLevel::City.counts());
        assert_eq!(Title::parse("一级教师"), Some(Title::First));
        assert!(Title::First.intermediate_or_above() && !Title::Second.intermediate_or_above());
        assert_eq!(Sex::expected(), "男、女");
    }
}
