//! The 政府保障 items on the size of classes and schools, and the music and art rooms a school's
//! classes call for (`standard.md` §3, items 3–5).
//!
//! * **Class size**: every 小学 class ≤ 45 pupils, every 初中 class ≤ 50 (优质均衡). Beyond,
//!   **大班额** is 56 or more and **超大班额** 66 or more, whatever the 学段.
//! * **School size**: ≤ 2 000 pupils; a 九年一贯制 or 十二年一贯制 school ≤ 2 500 in its 义务教育
//!   part (its 高中 pupils do not count).
//! * **Music and art rooms**: one of each per 12 classes, ⌈classes / 12⌉, and one for a school
//!   of fewer than 12 classes; each music room at least 96 ㎡ and each art room at least 90 ㎡.
//!   The statistics give the rooms' total area (when they give it at all), so a school's rooms
//!   count up to ⌊area / least area⌋ — a necessary condition: rooms of unequal size can still
//!   fall short one by one, which only the school's own records show.
//!
//! All limits are [`ClassRules`], settings of the rulebook with the national values as defaults.
//! [`district_items`] gives items 3 and 4 over a year's statistics and [`class_item`] item 5
//! over a class table, each with its failing schools and what closes their gap.
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

use crate::school::{SchoolCode, SchoolKind, SchoolRecord, Section};

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
    /// Least area of a music room, ㎡ (96).
    pub music_room_area: u32,
    /// Least area of an art room, ㎡ (90).
    pub art_room_area: u32,
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
            music_room_area: 96,
            art_room_area: 90,
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

/// A 政府保障 item on size (`standard.md` §3): which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeItem {
    /// Item 3: a music room and an art room per 12 classes.
    Rooms,
    /// Item 4: school size.
    SchoolSize,
    /// Item 5: class size.
    ClassSize,
}

/// A school that fails an item, and what closes its gap (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failing {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// What closes the gap, e.g. "需增加音乐专用教室 1 间".
    pub remedy: String,
}

/// A district's result on one item: the schools assessed and those failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    /// The item.
    pub item: SizeItem,
    /// Schools assessed (小学 and 初中 parts of every school but 特殊教育 and 教学点).
    pub assessed: usize,
    /// Schools failing, in the statistics' order.
    pub failing: Vec<Failing>,
}

impl ItemResult {
    /// Whether every school assessed meets the item.
    pub fn met(&self) -> bool {
        self.failing.is_empty()
    }
}

/// Whether a school is assessed on the size items: a 小学, 初中 or 一贯制/完全中学 (teaching
/// points belong to their 中心校, special schools are outside).
fn assessed(school: &SchoolRecord) -> bool {
    !matches!(school.kind, SchoolKind::TeachingPoint | SchoolKind::Special)
}

/// A school's music or art rooms as they count against the item.
struct Rooms {
    what: &'static str,
    rooms: u32,
    area: Option<f64>,
    least: u32,
    /// Rooms that count: all of them, or as many as the total area holds at the least area.
    counted: u32,
}

impl Rooms {
    fn of(what: &'static str, rooms: u32, area: Option<f64>, least: u32) -> Rooms {
        let by_area = |a: f64| {
            let n = (a / f64::from(least.max(1))).floor();
            if n >= f64::from(rooms) {
                rooms
            } else {
                n.max(0.0) as u32
            }
        };
        Rooms {
            what,
            rooms,
            area,
            least,
            counted: area.map_or(rooms, by_area),
        }
    }

    /// What closes the gap to `need` rooms, if there is one.
    fn short_of(&self, need: u32) -> Option<String> {
        let missing = need.saturating_sub(self.counted);
        if missing == 0 {
            return None;
        }
        let mut text = format!("需增加{}专用教室 {missing} 间", self.what);
        if let Some(area) = self.area
            && self.counted < self.rooms
        {
            text.push_str(&format!(
                "（现有 {} 间共 {} ㎡，每间应不小于 {} ㎡，按面积只计 {} 间）",
                self.rooms, area, self.least, self.counted
            ));
        }
        Some(text)
    }
}

/// Items 3 and 4 over a year's statistics: music and art rooms against ⌈classes / 12⌉ (the
/// 义务教育 classes), and each school's 义务教育 pupils against its cap.
pub fn district_items(rules: &ClassRules, schools: &[SchoolRecord]) -> [ItemResult; 2] {
    let list: Vec<&SchoolRecord> = schools.iter().filter(|s| assessed(s)).collect();
    let rooms = list
        .iter()
        .filter_map(|s| {
            let classes = [Section::Primary, Section::Junior]
                .into_iter()
                .filter(|&x| s.kind.has(x))
                .map(|x| match x {
                    Section::Primary => s.primary.classes,
                    _ => s.junior.classes,
                })
                .sum::<u32>();
            let need = rooms_needed_per(classes, rules.classes_per_room);
            let f = &s.facilities;
            let music = Rooms::of(
                "音乐",
                f.music_rooms,
                f.music_room_area,
                rules.music_room_area,
            );
            let art = Rooms::of("美术", f.art_rooms, f.art_room_area, rules.art_room_area);
            let short: Vec<String> = [&music, &art]
                .into_iter()
                .filter_map(|r| r.short_of(need))
                .collect();
            if short.is_empty() {
                return None;
            }
            Some(failing(
                s,
                format!(
                    "{classes} 个班需音乐、美术专用教室各 {need} 间：{}",
                    short.join("；")
                ),
            ))
        })
        .collect();
    let size = list
        .iter()
        .filter_map(|s| {
            let size = school_size(rules, s);
            (size.over > 0).then(|| {
                failing(
                    s,
                    format!(
                        "义务教育阶段在校生 {} 人，超过 {} 人的规模上限 {} 人：需分流或新增学校",
                        size.pupils, size.cap, size.over
                    ),
                )
            })
        })
        .collect();
    [
        ItemResult {
            item: SizeItem::Rooms,
            assessed: list.len(),
            failing: rooms,
        },
        ItemResult {
            item: SizeItem::SchoolSize,
            assessed: list.len(),
            failing: size,
        },
    ]
}

/// One class as a class table lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称.
    pub school_name: String,
    /// Its 学段.
    pub section: Section,
    /// Pupils in it.
    pub pupils: u32,
}

/// Classes of a district above the limits, counted once each in the worst band it reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    /// Classes assessed.
    pub classes: usize,
    /// Above the 学段's 优质均衡 limit (大班额 and 超大班额 included).
    pub over_limit: usize,
    /// 大班额 (56–65).
    pub large: usize,
    /// 超大班额 (66 or more).
    pub very_large: usize,
}

/// A school's classes above the limits, while [`class_item`] counts them.
struct SchoolClasses {
    code: SchoolCode,
    name: String,
    /// Classes above their limit.
    over: u32,
    largest: u32,
    /// Pupils above the limits, 小学 and 初中.
    excess: [u32; 2],
}

/// Item 5 over a class table: every class within its 学段's limit. Per failing school, its
/// classes above the limit and the pupils above it, with the fewest classes that would seat
/// them (a lower bound: pupils of different grades do not share a class).
pub fn class_item(rules: &ClassRules, classes: &[ClassRow]) -> (ItemResult, ClassCounts) {
    let mut counts = ClassCounts {
        classes: classes.len(),
        ..ClassCounts::default()
    };
    let mut schools: Vec<SchoolClasses> = Vec::new();
    for row in classes {
        let band = size_band(rules, row.section, row.pupils);
        counts.large += usize::from(band.large);
        counts.very_large += usize::from(band.very_large);
        let at = match schools.iter().position(|s| s.code == row.school) {
            Some(at) => at,
            None => {
                schools.push(SchoolClasses {
                    code: row.school.clone(),
                    name: row.school_name.clone(),
                    over: 0,
                    largest: 0,
                    excess: [0, 0],
                });
                schools.len() - 1
            }
        };
        if band.over_limit {
            counts.over_limit += 1;
            let s = &mut schools[at];
            s.over += 1;
            s.largest = s.largest.max(row.pupils);
            let excess = row.pupils - rules.max_class(row.section);
            match row.section {
                Section::Primary => s.excess[0] += excess,
                _ => s.excess[1] += excess,
            }
        }
    }
    let assessed = schools.len();
    let failing = schools
        .into_iter()
        .filter(|s| s.over > 0)
        .map(|s| {
            let pupils = s.excess[0] + s.excess[1];
            // At least the classes that seat the pupils above the limits, 学段 by 学段.
            let add =
                s.excess[0].div_ceil(rules.primary_max) + s.excess[1].div_ceil(rules.junior_max);
            Failing {
                remedy: format!(
                    "{} 个班超过班额上限，最大 {} 人，共超出 {pupils} 人：至少需增加 {add} 个班",
                    s.over, s.largest
                ),
                code: s.code,
                name: s.name,
            }
        })
        .collect();
    (
        ItemResult {
            item: SizeItem::ClassSize,
            assessed,
            failing,
        },
        counts,
    )
}

fn failing(school: &SchoolRecord, remedy: String) -> Failing {
    Failing {
        code: school.code.clone(),
        name: school.name.clone(),
        remedy,
    }
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

    #[test]
    fn the_district_items_name_the_failing_schools_and_their_remedies() {
        let rules = ClassRules::default();
        let school = |n: u32,
                      kind,
                      (primary, junior): (u32, u32),
                      classes: (u32, u32),
                      rooms: (u32, u32)| {
            let mut r = record(
                crate::school::SchoolCode::parse(&format!("50011200{n:02}")).unwrap(),
                format!("学校{n}"),
                kind,
                (primary, junior),
                Facilities::default(),
            );
            r.primary.classes = classes.0;
            r.junior.classes = classes.1;
            (r.facilities.music_rooms, r.facilities.art_rooms) = rooms;
            r
        };
        let schools = [
            // 24 classes, 2 + 2 rooms: met.
            school(1, SchoolKind::Primary, (1000, 0), (24, 0), (2, 2)),
            // 25 classes need 3 of each.
            school(2, SchoolKind::Primary, (1100, 0), (25, 0), (2, 3)),
            // A 九年一贯制 of 30 classes (its two sections), 2 501 pupils: both items.
            school(3, SchoolKind::NineYear, (1500, 1001), (18, 12), (1, 1)),
            // A teaching point is assessed with its 中心校, not alone.
            school(4, SchoolKind::TeachingPoint, (30, 0), (2, 0), (0, 0)),
        ];
        let [rooms, size] = district_items(&rules, &schools);
        assert_eq!(rooms.assessed, 3);
        let remedies: Vec<(&str, &str)> = rooms
            .failing
            .iter()
            .map(|f| (f.name.as_str(), f.remedy.as_str()))
            .collect();
        assert_eq!(
            remedies,
            [
                (
                    "学校2",
                    "25 个班需音乐、美术专用教室各 3 间：需增加音乐专用教室 1 间"
                ),
                (
                    "学校3",
                    "30 个班需音乐、美术专用教室各 3 间：需增加音乐专用教室 2 间；需增加美术专用教室 2 间"
                ),
            ]
        );
        assert!(!rooms.met());
        assert_eq!(size.failing.len(), 1);
        assert_eq!(
            size.failing[0].remedy,
            "义务教育阶段在校生 2501 人，超过 2500 人的规模上限 1 人：需分流或新增学校"
        );
    }

    #[test]
    fn rooms_count_as_far_as_their_area_holds_them() {
        let rules = ClassRules::default();
        let mut r = record(
            crate::school::SchoolCode::parse("5001120001").unwrap(),
            "学校1".into(),
            SchoolKind::Primary,
            (1100, 0),
            Facilities::default(),
        );
        r.primary.classes = 25;
        let f = &mut r.facilities;
        (f.music_rooms, f.art_rooms) = (3, 3);
        // 250 ㎡ holds two rooms of 96 ㎡; 270 ㎡ holds three of 90 ㎡.
        (f.music_room_area, f.art_room_area) = (Some(250.0), Some(270.0));
        let [rooms, _] = district_items(&rules, std::slice::from_ref(&r));
        assert_eq!(
            rooms.failing[0].remedy,
            "25 个班需音乐、美术专用教室各 3 间：需增加音乐专用教室 1 间（现有 3 间共 250 ㎡，每间应不小于 96 ㎡，按面积只计 2 间）"
        );
        // Area to spare never counts more rooms than there are; no area given counts them all.
        r.facilities.music_room_area = Some(10_000.0);
        assert!(district_items(&rules, std::slice::from_ref(&r))[0].met());
        r.facilities.music_room_area = None;
        r.facilities.art_room_area = Some(89.5);
        let [rooms, _] = district_items(&rules, std::slice::from_ref(&r));
        assert_eq!(
            rooms.failing[0].remedy,
            "25 个班需音乐、美术专用教室各 3 间：需增加美术专用教室 3 间（现有 3 间共 89.5 ㎡，每间应不小于 90 ㎡，按面积只计 0 间）"
        );
        r.facilities.art_rooms = 4;
        r.facilities.art_room_area = Some(360.0);
        assert!(district_items(&rules, std::slice::from_ref(&r))[0].met());
    }

    #[test]
    fn every_class_within_its_limit() {
        let rules = ClassRules::default();
        let row = |n: u32, section, pupils| ClassRow {
            school: crate::school::SchoolCode::parse(&format!("50011200{n:02}")).unwrap(),
            school_name: format!("学校{n}"),
            section,
            pupils,
        };
        let classes = [
            row(1, Section::Primary, 45),
            row(1, Section::Primary, 46),
            row(1, Section::Primary, 66),
            row(2, Section::Junior, 50),
            row(2, Section::Junior, 56),
            row(3, Section::Junior, 48),
        ];
        let (item, counts) = class_item(&rules, &classes);
        assert_eq!(
            counts,
            ClassCounts {
                classes: 6,
                over_limit: 3,
                large: 1,
                very_large: 1
            }
        );
        assert_eq!(item.assessed, 3);
        let remedies: Vec<&str> = item.failing.iter().map(|f| f.remedy.as_str()).collect();
        // 学校1: 46 and 66 over 45 by 1 and 21 → 22 pupils, one class of 45 at least;
        // 学校2: 56 over 50 by 6.
        assert_eq!(
            remedies,
            [
                "2 个班超过班额上限，最大 66 人，共超出 22 人：至少需增加 1 个班",
                "1 个班超过班额上限，最大 56 人，共超出 6 人：至少需增加 1 个班",
            ]
        );
    }
}
