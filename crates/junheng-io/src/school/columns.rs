//! The columns of the school statistics template (学校基本情况表), in template order.

use junheng_core::school::{Facilities, SchoolRecord, Section, SectionStats};

/// One column of the school statistics template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The exact header text (matched after trimming ASCII and full-width spaces).
    pub header: &'static str,
    /// Stable English field name (templates.md §1), usable as an i18n or JSON key.
    pub field: &'static str,
    /// Whether every data row must fill the cell.
    pub required: bool,
    /// Value type: `"integer"` (whole number ≥ 0; 学年 is a year), `"code"` (10-digit text),
    /// `"text"`, `"choice"` (one of a fixed list, see `note`), `"area"` (㎡ ≥ 0) or
    /// `"money"` (万元 ≥ 0).
    pub kind: &'static str,
    /// What to enter, in Chinese, for documentation and spreadsheet notes.
    pub note: &'static str,
}

const fn col(
    header: &'static str,
    field: &'static str,
    required: bool,
    kind: &'static str,
    note: &'static str,
) -> Column {
    Column {
        header,
        field,
        required,
        kind,
        note,
    }
}

/// The template's columns, in the order written files use. Reading accepts any order.
pub const COLUMNS: &[Column] = &[
    col(
        "学年",
        "year",
        true,
        "integer",
        "学年起始年份，如 2024 表示 2024–2025 学年（2000–2100）",
    ),
    col(
        "学校标识码",
        "school_code",
        true,
        "code",
        "10 位数字，文本格式；同一学年内不得重复",
    ),
    col("学校名称", "name", true, "text", "学校全称"),
    col(
        "办学类型",
        "kind",
        true,
        "choice",
        "小学、初中、九年一贯制学校、十二年一贯制学校、完全中学、教学点、特殊教育学校之一",
    ),
    col(
        "城乡分类",
        "urban_rural",
        false,
        "choice",
        "城区、镇区、乡村之一，可不填",
    ),
    col(
        "上级学校标识码",
        "parent_code",
        false,
        "code",
        "教学点必填：所属中心校的 10 位学校标识码（须在本文件同一学年中）",
    ),
    col("学区", "zone", false, "text", "所属学区，可不填"),
    col("教育集团", "group", false, "text", "所属教育集团，可不填"),
    col(
        "小学在校生数",
        "students_primary",
        false,
        "integer",
        "人，≥ 0",
    ),
    col(
        "初中在校生数",
        "students_junior",
        false,
        "integer",
        "人，≥ 0",
    ),
    col(
        "高中在校生数",
        "students_senior",
        false,
        "integer",
        "人，≥ 0；仅用于分摊共用设施",
    ),
    col("小学班数", "classes_primary", false, "integer", "个，≥ 0"),
    col("初中班数", "classes_junior", false, "integer", "个，≥ 0"),
    col(
        "小学专任教师数",
        "teachers_primary",
        false,
        "integer",
        "人，≥ 0",
    ),
    col(
        "初中专任教师数",
        "teachers_junior",
        false,
        "integer",
        "人，≥ 0",
    ),
    col(
        "小学高于规定学历教师数",
        "qualified_teachers_primary",
        false,
        "integer",
        "专科及以上，人，不超过小学专任教师数",
    ),
    col(
        "初中高于规定学历教师数",
        "qualified_teachers_junior",
        false,
        "integer",
        "本科及以上，人，不超过初中专任教师数",
    ),
    col(
        "小学骨干教师数",
        "backbone_teachers_primary",
        false,
        "integer",
        "县级及以上，人，不超过小学专任教师数",
    ),
    col(
        "初中骨干教师数",
        "backbone_teachers_junior",
        false,
        "integer",
        "县级及以上，人，不超过初中专任教师数",
    ),
    col(
        "小学体育艺术专任教师数",
        "pe_arts_teachers_primary",
        false,
        "integer",
        "体育、音乐、美术，人，不超过小学专任教师数",
    ),
    col(
        "初中体育艺术专任教师数",
        "pe_arts_teachers_junior",
        false,
        "integer",
        "体育、音乐、美术，人，不超过初中专任教师数",
    ),
    col(
        "小学中级及以上职称教师数",
        "intermediate_title_teachers_primary",
        false,
        "integer",
        "2012 基本均衡办法使用，人，不超过小学专任教师数；缺列按 0",
    ),
    col(
        "初中中级及以上职称教师数",
        "intermediate_title_teachers_junior",
        false,
        "integer",
        "2012 基本均衡办法使用，人，不超过初中专任教师数；缺列按 0",
    ),
    col(
        "教学及辅助用房面积",
        "teaching_room_area",
        false,
        "area",
        "㎡，≥ 0，全校，含体育馆",
    ),
    col(
        "体育馆面积",
        "gym_area",
        false,
        "area",
        "㎡，≥ 0，不超过教学及辅助用房面积",
    ),
    col(
        "运动场地面积",
        "sports_ground_area",
        false,
        "area",
        "㎡，≥ 0",
    ),
    col(
        "教学仪器设备资产值",
        "equipment_value",
        false,
        "money",
        "万元，≥ 0，全校",
    ),
    col(
        "网络多媒体教室数",
        "multimedia_rooms",
        false,
        "integer",
        "间，≥ 0，全校",
    ),
    col("音乐专用教室数", "music_rooms", false, "integer", "间，≥ 0"),
    col("美术专用教室数", "art_rooms", false, "integer", "间，≥ 0"),
    col(
        "计算机台数",
        "computers",
        false,
        "integer",
        "台，≥ 0；2012 基本均衡办法使用，缺列按 0",
    ),
    col(
        "图书册数",
        "books",
        false,
        "integer",
        "册，≥ 0；2012 基本均衡办法使用，缺列按 0",
    ),
    col(
        "经度",
        "longitude",
        false,
        "coordinate",
        "WGS-84（GPS）十进制度，73–136；用于地图，可不填，与纬度同时填写",
    ),
    col(
        "纬度",
        "latitude",
        false,
        "coordinate",
        "WGS-84（GPS）十进制度，3–54；用于地图，可不填，与经度同时填写",
    ),
    col(
        "音乐专用教室面积",
        "music_room_area",
        false,
        "area",
        "㎡，≥ 0，全部音乐专用教室面积合计；每间应不小于 96 ㎡；可不填（不填时只核对间数）",
    ),
    col(
        "美术专用教室面积",
        "art_room_area",
        false,
        "area",
        "㎡，≥ 0，全部美术专用教室面积合计；每间应不小于 90 ㎡；可不填（不填时只核对间数）",
    ),
];

/// Number of template columns.
pub(crate) const N: usize = 36;
const _: () = assert!(COLUMNS.len() == N);

// Column indices into `COLUMNS`.
pub(crate) const YEAR: usize = 0;
pub(crate) const CODE: usize = 1;
pub(crate) const NAME: usize = 2;
pub(crate) const KIND: usize = 3;
pub(crate) const URBAN_RURAL: usize = 4;
pub(crate) const PARENT: usize = 5;
pub(crate) const ZONE: usize = 6;
pub(crate) const GROUP: usize = 7;
pub(crate) const STUDENTS_SENIOR: usize = 10;
pub(crate) const TEACHING_ROOM_AREA: usize = 23;
pub(crate) const GYM_AREA: usize = 24;
/// Columns from here on (index ≥ this) hold numbers.
pub(crate) const FIRST_NUMBER: usize = 8;
/// Columns from `FIRST_NUMBER` up to this one (excluded) are counts and amounts (empty = 0).
pub(crate) const NUMBERS_END: usize = 32;
pub(crate) const LONGITUDE: usize = 32;
pub(crate) const LATITUDE: usize = 33;
pub(crate) const MUSIC_ROOM_AREA: usize = 34;
pub(crate) const ART_ROOM_AREA: usize = 35;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Year,
    Code,
    Text,
    Kind,
    UrbanRural,
    Count,
    Real,
    /// 经度/纬度: optional, empty means "not given".
    Coordinate,
    /// 音乐/美术专用教室面积: ㎡, optional, empty means "not given".
    OptionalArea,
}

/// The reading rule of column `i`.
pub(crate) fn ty(i: usize) -> Ty {
    match i {
        YEAR => Ty::Year,
        CODE | PARENT => Ty::Code,
        NAME | ZONE | GROUP => Ty::Text,
        KIND => Ty::Kind,
        URBAN_RURAL => Ty::UrbanRural,
        23..=26 => Ty::Real,
        LONGITUDE | LATITUDE => Ty::Coordinate,
        MUSIC_ROOM_AREA | ART_ROOM_AREA => Ty::OptionalArea,
        _ => Ty::Count,
    }
}

/// Per-section columns: students, classes, teachers, then the four teacher subsets that must not
/// exceed the teachers.
pub(crate) struct SectionColumns {
    pub students: usize,
    pub classes: usize,
    pub teachers: usize,
    pub subsets: [usize; 4],
}

/// The columns of a section (`None` for 高中, which has only 高中在校生数).
pub(crate) fn section_columns(section: Section) -> Option<SectionColumns> {
    let offset = match section {
        Section::Primary => 0,
        Section::Junior => 1,
        Section::Senior => return None,
    };
    Some(SectionColumns {
        students: 8 + offset,
        classes: 11 + offset,
        teachers: 13 + offset,
        subsets: [15 + offset, 17 + offset, 19 + offset, 21 + offset],
    })
}

/// The numeric part of a record, addressed by column index.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Numbers {
    pub primary: SectionStats,
    pub junior: SectionStats,
    pub senior_students: u32,
    pub facilities: Facilities,
}

/// Expands to a match from a numeric column index to a borrow (`&` or `&mut`) of its slot.
macro_rules! slot {
    ($n:expr, $i:expr, count, $($r:tt)+) => {
        match $i {
            8 => $($r)+ $n.primary.students,
            9 => $($r)+ $n.junior.students,
            STUDENTS_SENIOR => $($r)+ $n.senior_students,
            11 => $($r)+ $n.primary.classes,
            12 => $($r)+ $n.junior.classes,
            13 => $($r)+ $n.primary.teachers,
            14 => $($r)+ $n.junior.teachers,
            15 => $($r)+ $n.primary.qualified_teachers,
            16 => $($r)+ $n.junior.qualified_teachers,
            17 => $($r)+ $n.primary.backbone_teachers,
            18 => $($r)+ $n.junior.backbone_teachers,
            19 => $($r)+ $n.primary.pe_arts_teachers,
            20 => $($r)+ $n.junior.pe_arts_teachers,
            21 => $($r)+ $n.primary.intermediate_title_teachers,
            22 => $($r)+ $n.junior.intermediate_title_teachers,
            27 => $($r)+ $n.facilities.multimedia_rooms,
            28 => $($r)+ $n.facilities.music_rooms,
            29 => $($r)+ $n.facilities.art_rooms,
            30 => $($r)+ $n.facilities.computers,
            31 => $($r)+ $n.facilities.books,
            i => unreachable!("column {i} is not a count"),
        }
    };
    ($n:expr, $i:expr, real, $($r:tt)+) => {
        match $i {
            TEACHING_ROOM_AREA => $($r)+ $n.facilities.teaching_room_area,
            GYM_AREA => $($r)+ $n.facilities.gym_area,
            25 => $($r)+ $n.facilities.sports_ground_area,
            26 => $($r)+ $n.facilities.equipment_value,
            i => unreachable!("column {i} is not a real number"),
        }
    };
}

impl Numbers {
    /// The numbers of a record.
    pub fn of(record: &SchoolRecord) -> Self {
        Numbers {
            primary: record.primary,
            junior: record.junior,
            senior_students: record.senior_students,
            facilities: record.facilities,
        }
    }

    /// The count in column `i` (a `Ty::Count` column).
    pub fn count(&self, i: usize) -> u32 {
        *slot!(self, i, count, &)
    }

    /// The count cell of column `i` (a `Ty::Count` column).
    pub fn count_mut(&mut self, i: usize) -> &mut u32 {
        slot!(self, i, count, &mut)
    }

    /// The real number in column `i` (a `Ty::Real` column).
    pub fn real(&self, i: usize) -> f64 {
        *slot!(self, i, real, &)
    }

    /// The real-number cell of column `i` (a `Ty::Real` column).
    pub fn real_mut(&mut self, i: usize) -> &mut f64 {
        slot!(self, i, real, &mut)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_fields_are_unique() {
        for (i, a) in COLUMNS.iter().enumerate() {
            for b in &COLUMNS[i + 1..] {
                assert_ne!(a.header, b.header);
                assert_ne!(a.field, b.field);
            }
        }
    }

    #[test]
    fn indices_match_headers() {
        assert_eq!(COLUMNS[YEAR].header, "学年");
        assert_eq!(COLUMNS[CODE].header, "学校标识码");
        assert_eq!(COLUMNS[PARENT].header, "上级学校标识码");
        assert_eq!(COLUMNS[STUDENTS_SENIOR].header, "高中在校生数");
        assert_eq!(COLUMNS[TEACHING_ROOM_AREA].header, "教学及辅助用房面积");
        assert_eq!(COLUMNS[GYM_AREA].header, "体育馆面积");
        assert_eq!(COLUMNS[MUSIC_ROOM_AREA].header, "音乐专用教室面积");
        assert_eq!(COLUMNS[ART_ROOM_AREA].header, "美术专用教室面积");
        let p = section_columns(Section::Primary).unwrap();
        let j = section_columns(Section::Junior).unwrap();
        for (c, prefix) in [(&p, "小学"), (&j, "初中")] {
            assert!(COLUMNS[c.students].header.starts_with(prefix));
            assert!(COLUMNS[c.teachers].header.ends_with("专任教师数"));
            for s in c.subsets {
                assert!(COLUMNS[s].header.starts_with(prefix));
            }
        }
        let required: Vec<_> = COLUMNS
            .iter()
            .filter(|c| c.required)
            .map(|c| c.header)
            .collect();
        assert_eq!(required, ["学年", "学校标识码", "学校名称", "办学类型"]);
    }

    #[test]
    fn every_numeric_column_has_a_slot() {
        let mut n = Numbers::default();
        for i in FIRST_NUMBER..NUMBERS_END {
            match ty(i) {
                Ty::Count => *n.count_mut(i) = i as u32,
                Ty::Real => *n.real_mut(i) = i as f64,
                other => panic!("column {i} is {other:?}"),
            }
        }
        for i in FIRST_NUMBER..NUMBERS_END {
            match ty(i) {
                Ty::Count => assert_eq!(n.count(i), i as u32),
                _ => assert_eq!(n.real(i), i as f64),
            }
        }
        assert_eq!(COLUMNS[26].kind, "money");
        assert_eq!(COLUMNS[25].kind, "area");
    }
}
