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
mod tests;
