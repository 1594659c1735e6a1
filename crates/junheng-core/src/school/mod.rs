//! The registry's records: a school, its sections and its per-school-year statistics, exactly as
//! the school statistics template (学校基本情况表) carries them.

mod code;
mod kind;

pub use code::{SchoolCode, SchoolCodeError};
pub use kind::{SchoolKind, Section, UrbanRural};

use serde::{Deserialize, Serialize};

/// A school year as people write it: `2024` → "2024–2025".
pub fn school_year(year: i32) -> String {
    format!("{year}–{}", year + 1)
}

/// Per-section staff and enrolment counts of one school (小学部 or 初中部).
///
/// Teacher counts are reported per section in the statistics tables, so they are never apportioned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionStats {
    /// 在校生数: enrolled students at the start of the school year.
    pub students: u32,
    /// 班数.
    pub classes: u32,
    /// 专任教师数.
    pub teachers: u32,
    /// 高于规定学历教师数 (小学: 专科及以上, 初中: 本科及以上).
    pub qualified_teachers: u32,
    /// 县级及以上骨干教师数 (persons, not titles).
    pub backbone_teachers: u32,
    /// 体育、艺术（音乐、美术）专任教师数.
    pub pe_arts_teachers: u32,
    /// 中级及以上专业技术职务教师数 (used by the 2012 basic-balance rulebook).
    pub intermediate_title_teachers: u32,
}

/// Whole-school facilities. Multi-section schools share them; the evaluation apportions them to
/// sections by the rulebook's weights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Facilities {
    /// 教学及辅助用房面积 (㎡), including the gym as in the statistics tables.
    pub teaching_room_area: f64,
    /// 体育馆面积 (㎡), part of the teaching room area.
    pub gym_area: f64,
    /// 运动场地面积 (㎡).
    pub sports_ground_area: f64,
    /// 教学仪器设备资产值 in 万元, as the statistics tables report it.
    pub equipment_value: f64,
    /// 网络多媒体教室数.
    pub multimedia_rooms: u32,
    /// 音乐专用教室数.
    pub music_rooms: u32,
    /// 美术专用教室数.
    pub art_rooms: u32,
    /// 音乐专用教室面积 (㎡, all rooms together), when the statistics give it.
    #[serde(default)]
    pub music_room_area: Option<f64>,
    /// 美术专用教室面积 (㎡, all rooms together), when the statistics give it.
    #[serde(default)]
    pub art_room_area: Option<f64>,
    /// 计算机台数 (2012 rulebook).
    pub computers: u32,
    /// 图书册数 (2012 rulebook).
    pub books: u32,
}

/// Where a school is: WGS-84 (GPS) decimal degrees. Chinese web maps use GCJ-02 or BD-09; convert
/// those to WGS-84 before entering them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// 经度, east positive.
    pub longitude: f64,
    /// 纬度, north positive.
    pub latitude: f64,
}

/// One row of the school statistics template: one school in one school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolRecord {
    /// 学年: `2024` means the 2024–2025 school year.
    pub year: i32,
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 办学类型: decides which sections exist.
    pub kind: SchoolKind,
    /// 城乡分类.
    pub urban_rural: Option<UrbanRural>,
    /// 上级学校标识码: the parent (中心校) of a teaching point.
    pub parent_code: Option<SchoolCode>,
    /// 学区.
    pub zone: Option<String>,
    /// 教育集团.
    pub group: Option<String>,
    /// 小学部.
    pub primary: SectionStats,
    /// 初中部.
    pub junior: SectionStats,
    /// 高中在校生数: only used to apportion shared facilities.
    pub senior_students: u32,
    /// Whole-school facilities.
    pub facilities: Facilities,
    /// 经度/纬度, when the bureau records them (for the map).
    pub location: Option<Location>,
}

impl SchoolRecord {
    /// The statistics of one section; `None` for the senior section, which carries students only.
    pub fn section(&self, section: Section) -> Option<&SectionStats> {
        match section {
            Section::Primary => Some(&self.primary),
            Section::Junior => Some(&self.junior),
            Section::Senior => None,
        }
    }

    /// Students of a section, the senior section included.
    pub fn students(&self, section: Section) -> u32 {
        match section {
            Section::Primary => self.primary.students,
            Section::Junior => self.junior.students,
            Section::Senior => self.senior_students,
        }
    }
}
