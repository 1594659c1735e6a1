//! The 政府保障 items on the size of classes and schools, and the music and art rooms a school's
//! classes call for (`standard.md` §3, items 3–5).
//!
//! * **Class size**: every 小学 class ≤ 45 pupils, every 初中 class ≤ 50 (优质均衡). Beyond,
//!   **大班额** is 56 or more and **超大班额** 66 or more, whatever the 学段.
//! * **School size**: ≤ 2 000 pupils; a 九年一贯制 or 十二年一贯制 school ≤ 2 500 in its 义务教育
//!   part (its 高中 pupils do not count).
//! * **Music and art rooms**: one of each per 12 classes, ⌈classes / 12⌉, and one for a school
//!   of fewer than 12 classes.
//!
//! All limits are [`ClassRules`], settings of the rulebook with the national values as defaults.
//!
//! ```
//! use junheng_core::seats::class_size::{ClassRules, rooms_needed, size_band};
//! use junheng_core::school::Section;
//! let rules = ClassRules::default();
//! assert_eq!(rooms_needed(12), 1);
//! assert_eq!(rooms_needed(13), 2);
//! assert!(size_band(&rules, Section::Primary, 46).over_limit);
//! assert!(!size_band(&rules, Section::Junior, 46).over_limit);
//! ```

use serde::{Deserialize, Serialize};

use crate::school::{SchoolKind, SchoolRecord, Section};

/// The limits on classes and schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRules {
    /// Most pupils in a 小学 class (45).
    pub primary_max: u32,
    /// Most pupils in an 初中 class (50).
    pub junior_max: u32,
    /// 大班额 from this many pupils (56).
    pub large: u32,
    /// 超大班额 from this many pupils (66).
    pub very_large: u32,
    /// Most pupils in a school (2 000).
    pub school_max: u32,
    /// Most pupils in the 义务教育 part of a 九年/十二年一贯制 school (2 500).
    pub through_school_max: u32,
    /// Classes per music room and per art room (12).
    pub classes_per_room: u32,
}

impl Default for ClassRules {
    fn default() -> Self {
        ClassRules {
            primary_max: 45,
            junior_max: 50,
            large: 56,
            very_large: 66,
            school_max: 2000,
            through_school_max: 2500,
            classes_per_room: 12,
        }
    }
}

impl ClassRules {
    /// The class-size limit of a 学段 (高中 has none here: `u32::MAX`).
    pub fn max_class(&self, section: Section) -> u32 {
        match section {
            Section::Primary => self.primary_max,
            Section::Junior => self.junior_max,
            Section::Senior => u32::MAX,
        }
    }
}

/// Where a class of some size stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SizeBand {
    /// Above the 学段's 优质均衡 limit.
    pub over_limit: bool,
    /// 大班额 (and not 超大班额).
    pub large: bool,
    /// 超大班额.
    pub very_large: bool,
}

/// Where a class of `pupils` in a 学段 stands.
pub fn size_band(rules: &ClassRules, section: Section, pupils: u32) -> SizeBand {
    let very_large = pupils >= rules.very_large;
    SizeBand {
        over_limit: pupils > rules.max_class(section),
        large: pupils >= rules.large && !very_large,
        very_large,
    }
}

/// A school's size against its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SchoolSize {
    /// Pupils counted: 小学 and 初中 (a 完全中学's or 十二年一贯制's 高中 left out).
    pub pupils: u32,
    /// The cap that applies to it.
    pub cap: u32,
    /// Pupils beyond the cap (0 when within).
    pub over: u32,
}

/// A school's 义务教育 pupils against the cap of its kind.
pub fn school_size(rules: &ClassRules, school: &SchoolRecord) -> SchoolSize {
    let pupils = [Section::Primary, Section::Junior]
        .into_iter()
        .filter(|&s| school.kind.has(s))
        .map(|s| school.students(s))
        .fold(0u32, u32::saturating_add);
    let cap = match school.kind {
        SchoolKind::NineYear | SchoolKind::TwelveYear => rules.through_school_max,
        _ => rules.school_max,
    };
    SchoolSize {
        pupils,
        cap,
        over: pupils.saturating_sub(cap),
    }
}

/// Music rooms (and art rooms) a school of `classes` classes needs: one per 12 classes begun,
/// one for a school of fewer than 12, none for a school without classes.
pub fn rooms_needed(classes: u32) -> u32 {
    rooms_needed_per(classes, ClassRules::default().classes_per_room)
}

/// [`rooms_needed`] with `per` classes to a room.
pub fn rooms_needed_per(classes: u32, per: u32) -> u32 {
    classes.div_ceil(per.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::Facilities;
    use crate::testing::record;

    #[test]
    fn class_sizes_at_their_boundaries() {
        let rules = ClassRules::default();
        let band = |section, pupils| {
            let b = size_band(&rules, section, pupils);
            (b.over_limit, b.large, b.very_large)
        };
        assert_eq!(band(Section::Primary, 45), (false, false, false));
        assert_eq!(band(Section::Primary, 46), (true, false, false));
        assert_eq!(band(Section::Junior, 50), (false, false, false));
        assert_eq!(band(Section::Junior, 51), (true, false, false));
        assert_eq!(band(Section::Junior, 55), (true, false, false));
        assert_eq!(band(Section::Junior, 56), (true, true, false));
        assert_eq!(band(Section::Primary, 65), (true, true, false));
        assert_eq!(band(Section::Primary, 66), (true, false, true));
    }

    #[test]
    fn school_size_counts_the_compulsory_part_against_its_kind() {
        let rules = ClassRules::default();
        let school = |kind, primary, junior, senior| {
            let mut r = record(
                crate::school::SchoolCode::parse("5001120001").unwrap(),
                "测试学校".into(),
                kind,
                (primary, junior),
                Facilities::default(),
            );
            r.senior_students = senior;
            r
        };
        let size = |r: &SchoolRecord| {
            let s = school_size(&rules, r);
            (s.pupils, s.cap, s.over)
        };
        assert_eq!(
            size(&school(SchoolKind::Primary, 2000, 0, 0)),
            (2000, 2000, 0)
        );
        assert_eq!(
            size(&school(SchoolKind::Primary, 2001, 0, 0)),
            (2001, 2000, 1)
        );
        assert_eq!(
            size(&school(SchoolKind::NineYear, 1500, 1000, 0)),
            (2500, 2500, 0)
        );
        assert_eq!(
            size(&school(SchoolKind::TwelveYear, 1500, 1001, 900)),
            (2501, 2500, 1)
        );
        // A 完全中学: its 高中 pupils are not counted, its cap is a school's.
        assert_eq!(
            size(&school(SchoolKind::Complete, 0, 1900, 1500)),
            (1900, 2000, 0)
        );
    }

    #[test]
    fn one_room_of_each_per_twelve_classes_begun() {
        let got: Vec<u32> = [0, 1, 11, 12, 13, 24, 25].map(rooms_needed).to_vec();
        assert_eq!(got, [0, 1, 1, 1, 2, 2, 3]);
        assert_eq!(
            rooms_needed_per(13, 0),
            13,
            "a zero setting counts one class a room"
        );
    }
}
