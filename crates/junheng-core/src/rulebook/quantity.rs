use serde::{Deserialize, Serialize};

use crate::school::{SchoolRecord, Section};

use super::Policy;

/// A quantity an indicator divides by students: the numerator of a resource indicator.
///
/// Section quantities (teachers) are reported per section; facility quantities are whole-school
/// and are apportioned to sections by the rulebook's weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// 专任教师.
    Teachers,
    /// 高于规定学历教师.
    QualifiedTeachers,
    /// 县级及以上骨干教师.
    BackboneTeachers,
    /// 体育、艺术专任教师.
    PeArtsTeachers,
    /// 中级及以上专业技术职务教师.
    IntermediateTitleTeachers,
    /// 教学及辅助用房面积 (without the gym unless the policy counts it), ㎡.
    TeachingRoomArea,
    /// 体育运动场馆面积 = 体育馆 + 运动场地, ㎡.
    SportsArea,
    /// 教学仪器设备资产值 in 元 (the template reports 万元).
    EquipmentValue,
    /// 网络多媒体教室.
    MultimediaRooms,
    /// 计算机台数.
    Computers,
    /// 图书册数.
    Books,
}

impl Quantity {
    /// Number of quantities, for fixed-size per-unit arrays.
    pub const COUNT: usize = 11;

    /// Every quantity, in index order.
    pub const ALL: [Quantity; Self::COUNT] = [
        Quantity::Teachers,
        Quantity::QualifiedTeachers,
        Quantity::BackboneTeachers,
        Quantity::PeArtsTeachers,
        Quantity::IntermediateTitleTeachers,
        Quantity::TeachingRoomArea,
        Quantity::SportsArea,
        Quantity::EquipmentValue,
        Quantity::MultimediaRooms,
        Quantity::Computers,
        Quantity::Books,
    ];

    /// Position in [`Quantity::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the quantity is a whole-school facility apportioned to sections.
    pub fn is_facility(self) -> bool {
        !matches!(
            self,
            Quantity::Teachers
                | Quantity::QualifiedTeachers
                | Quantity::BackboneTeachers
                | Quantity::PeArtsTeachers
                | Quantity::IntermediateTitleTeachers
        )
    }

    /// Chinese name of what has to be added to close a gap.
    pub fn label(self, policy: &Policy) -> &'static str {
        match self {
            Quantity::Teachers => "专任教师",
            Quantity::QualifiedTeachers => "高于规定学历教师",
            Quantity::BackboneTeachers => "骨干教师",
            Quantity::PeArtsTeachers => "体育艺术专任教师",
            Quantity::IntermediateTitleTeachers => "中级及以上职称教师",
            Quantity::TeachingRoomArea if policy.gym_in_teaching_rooms => "教学及辅助用房面积",
            Quantity::TeachingRoomArea => "教学及辅助用房面积（不含体育馆）",
            Quantity::SportsArea => "体育运动场馆面积",
            Quantity::EquipmentValue => "教学仪器设备值",
            Quantity::MultimediaRooms => "网络多媒体教室",
            Quantity::Computers => "计算机",
            Quantity::Books => "图书",
        }
    }

    /// The unit a gap is stated in ("名", "㎡", "万元", …).
    pub fn action_unit(self) -> &'static str {
        match self {
            Quantity::Teachers
            | Quantity::QualifiedTeachers
            | Quantity::BackboneTeachers
            | Quantity::PeArtsTeachers
            | Quantity::IntermediateTitleTeachers => "名",
            Quantity::TeachingRoomArea | Quantity::SportsArea => "㎡",
            Quantity::EquipmentValue => "万元",
            Quantity::MultimediaRooms => "间",
            Quantity::Computers => "台",
            Quantity::Books => "册",
        }
    }

    /// Base units (those the indicator divides) per action unit: 10 000 元 per 万元, else 1.
    pub fn base_per_action_unit(self) -> f64 {
        match self {
            Quantity::EquipmentValue => 10_000.0,
            _ => 1.0,
        }
    }

    /// Smallest step of an action, in action units: whole persons, rooms, books and ㎡,
    /// 0.01 万元 (100 元) of equipment.
    pub fn action_step(self) -> f64 {
        match self {
            Quantity::EquipmentValue => 0.01,
            _ => 1.0,
        }
    }

    /// The amount of this quantity a record reports for a section, in base units, before any
    /// apportionment (facilities are whole-school amounts).
    pub fn amount(self, record: &SchoolRecord, section: Section, policy: &Policy) -> f64 {
        let stats = record.section(section).copied().unwrap_or_default();
        let f = &record.facilities;
        match self {
            Quantity::Teachers => f64::from(stats.teachers),
            Quantity::QualifiedTeachers => f64::from(stats.qualified_teachers),
            Quantity::BackboneTeachers => f64::from(stats.backbone_teachers),
            Quantity::PeArtsTeachers => f64::from(stats.pe_arts_teachers),
            Quantity::IntermediateTitleTeachers => f64::from(stats.intermediate_title_teachers),
            Quantity::TeachingRoomArea if policy.gym_in_teaching_rooms => f.teaching_room_area,
            Quantity::TeachingRoomArea => f.teaching_room_area - f.gym_area,
            Quantity::SportsArea => f.gym_area + f.sports_ground_area,
            Quantity::EquipmentValue => f.equipment_value * 10_000.0,
            Quantity::MultimediaRooms => f64::from(f.multimedia_rooms),
            Quantity::Computers => f64::from(f.computers),
            Quantity::Books => f64::from(f.books),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_index_order() {
        for (i, q) in Quantity::ALL.into_iter().enumerate() {
            assert_eq!(q.index(), i);
        }
    }
}
