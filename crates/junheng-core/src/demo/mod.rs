//! A realistic synthetic district for demos, tests and benchmarks: Chongqing-like names, every
//! 办学类型 (一贯制 schools and teaching points included), urban schools crowded on little ground
//! and rural schools short of 骨干 teachers — so some schools and some 差异系数 fail, as in life.
//!
//! The same spec gives the same district on every machine.

mod boundary;
mod classes;
pub mod exam;
mod groups;
pub mod health;
pub mod names;
mod rng;
mod submissions;

pub use boundary::boundary;
pub use classes::{DemoClass, class_table};
pub use groups::{DemoGroup, groups};

pub use rng::Rng;
pub use submissions::{DemoDecision, DemoSubmission, submissions};

use crate::school::{Facilities, SchoolCode, SchoolKind, SchoolRecord, SectionStats, UrbanRural};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    /// Number of schools (rows).
    pub schools: usize,
    /// Random seed.
    pub seed: u64,
    /// 学年.
    pub year: i32,
}

/// Schools per generated district code block (5 digits of sequence).
const BLOCK: usize = 99_999;

/// Generates a district of `spec.schools` schools.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let a = generate(&DemoSpec { schools: 120, seed: 42, year: 2024 });
/// assert_eq!(a.len(), 120);
/// assert_eq!(a, generate(&DemoSpec { schools: 120, seed: 42, year: 2024 }));
/// ```
pub fn generate(spec: &DemoSpec) -> Vec<SchoolRecord> {
    let mut g = Generator {
        rng: Rng::new(spec.seed),
        out: Vec::with_capacity(spec.schools),
        spec: *spec,
    };
    let mut town = 0usize;
    while g.out.len() < spec.schools {
        g.town(town);
        town += 1;
    }
    g.out.truncate(spec.schools);
    g.out
}

/// The same district over several school years, ending with `spec.year`: earlier years have
/// somewhat fewer 骨干 teachers, rooms and equipment, as a district that has been improving.
/// The third year back and earlier come before the district spread its 骨干 teachers to the
/// schools outside the city: town and village schools have a quarter of them, so the 骨干教师
/// 差异系数 fails in that year and its least-addition plan (最少补充方案) has something to show.
///
/// ```
/// use junheng_core::demo::{DemoSpec, generate_years};
/// let years = generate_years(&DemoSpec { schools: 50, seed: 1, year: 2024 }, 3);
/// assert_eq!(years.len(), 150);
/// assert_eq!(years[0].year, 2022);
/// ```
pub fn generate_years(spec: &DemoSpec, years: u32) -> Vec<SchoolRecord> {
    let latest = generate(spec);
    let mut all = Vec::with_capacity(latest.len() * years as usize);
    for back in (0..years).rev() {
        let keep = 1.0 - 0.08 * f64::from(back);
        let count = |n: u32| (f64::from(n) * keep).round() as u32;
        for r in &latest {
            let mut r = r.clone();
            r.year = spec.year - back as i32;
            for s in [&mut r.primary, &mut r.junior] {
                s.backbone_teachers = count(s.backbone_teachers);
                s.pe_arts_teachers = count(s.pe_arts_teachers);
            }
            r.facilities.multimedia_rooms = count(r.facilities.multimedia_rooms).max(1);
            if back >= BEFORE_SPREAD && r.urban_rural != Some(UrbanRural::Urban) {
                for s in [&mut r.primary, &mut r.junior] {
                    s.backbone_teachers /= 4;
                }
            }
            r.facilities.equipment_value =
                (r.facilities.equipment_value * keep * 100.0).round() / 100.0;
            all.push(r);
        }
    }
    all
}

/// How many years back the district had not yet spread its 骨干 teachers (see [`generate_years`]).
const BEFORE_SPREAD: u32 = 2;

struct Generator {
    rng: Rng,
    out: Vec<SchoolRecord>,
    spec: DemoSpec,
}

/// How a town's schools look.
#[derive(Clone)]
struct Place {
    setting: UrbanRural,
    /// The town's name, unique in the district: a name used again gets a number.
    town: String,
    district: &'static str,
    /// 街道 in the city, 镇 elsewhere.
    suffix: &'static str,
}

impl Generator {
    /// One town (镇/街道): its schools, in an order where a parent comes before its teaching points.
    fn town(&mut self, index: usize) {
        let setting = match index % 5 {
            0 | 1 => UrbanRural::Urban,
            2 => UrbanRural::Town,
            _ => UrbanRural::Rural,
        };
        let block = self.out.len() / BLOCK;
        let round = index / names::TOWNS.len();
        let town = names::TOWNS[index % names::TOWNS.len()];
        let place = Place {
            setting,
            town: if round == 0 {
                town.to_owned()
            } else {
                format!("{town}{}", round + 1)
            },
            district: names::DISTRICTS[block % names::DISTRICTS.len()],
            suffix: if setting == UrbanRural::Urban {
                "街道"
            } else {
                "镇"
            },
        };
        let zone = format!("{}学区", place.town);
        let group = if setting == UrbanRural::Urban && index.is_multiple_of(10) {
            Some(format!("{}{}教育集团", place.district, place.town))
        } else {
            None
        };
        let center = self.school(
            &place,
            SchoolKind::Primary,
            "中心小学",
            &zone,
            group.clone(),
            None,
        );
        for k in 0..self.rng.int(0, 2) {
            self.school(
                &place,
                SchoolKind::Primary,
                ["第二小学", "第三小学"][k as usize],
                &zone,
                group.clone(),
                None,
            );
        }
        if setting != UrbanRural::Urban {
            let parent = self.out[center].code.clone();
            let mut villages = Vec::new();
            for _ in 0..self.rng.int(1, 3) {
                // A village the town already has is taken to the next one: names stay unique.
                let picked = *self.rng.pick(names::VILLAGES);
                let mut at = names::VILLAGES
                    .iter()
                    .position(|v| *v == picked)
                    .unwrap_or(0);
                while villages.contains(&at) {
                    at = (at + 1) % names::VILLAGES.len();
                }
                villages.push(at);
                let name = format!("{}村教学点", names::VILLAGES[at]);
                self.school(
                    &place,
                    SchoolKind::TeachingPoint,
                    &name,
                    &zone,
                    None,
                    Some(parent.clone()),
                );
            }
        }
        let secondary = match (setting, self.rng.int(0, 9)) {
            (UrbanRural::Urban, 0..=4) => SchoolKind::Junior,
            (UrbanRural::Urban, 5..=6) => SchoolKind::Complete,
            (UrbanRural::Urban, 7) => SchoolKind::TwelveYear,
            (_, 0..=4) => SchoolKind::NineYear,
            _ => SchoolKind::Junior,
        };
        let label = match secondary {
            SchoolKind::Junior => "中学",
            SchoolKind::Complete => "第一中学",
            SchoolKind::TwelveYear => "外国语学校",
            _ => "学校",
        };
        // The town's secondary school belongs to the town's group: groups span both sections.
        self.school(&place, secondary, label, &zone, group, None);
        if index % 37 == 5 {
            self.school(
                &place,
                SchoolKind::Special,
                "特殊教育学校",
                &zone,
                None,
                None,
            );
        }
    }

    /// Appends one school and returns its index.
    fn school(
        &mut self,
        place: &Place,
        kind: SchoolKind,
        label: &str,
        zone: &str,
        group: Option<String>,
        parent: Option<SchoolCode>,
    ) -> usize {
        let index = self.out.len();
        let code = format!(
            "50{:03}{:05}",
            100 + (index / BLOCK) % 900,
            index % BLOCK + 1
        );
        let name = match kind {
            SchoolKind::TeachingPoint => format!("{}{}{}", place.town, place.suffix, label),
            SchoolKind::Special => format!("{}{}{}", place.district, place.town, label),
            _ => format!("{}{}{}", place.district, place.town, label),
        };
        let rural = place.setting == UrbanRural::Rural;
        let (primary_range, junior_range) = match place.setting {
            UrbanRural::Urban => ((700, 2600), (700, 2100)),
            UrbanRural::Town => ((300, 1300), (300, 1200)),
            UrbanRural::Rural => ((60, 450), (120, 600)),
        };
        let mut primary = 0;
        let mut junior = 0;
        let mut senior = 0;
        match kind {
            SchoolKind::Primary => primary = self.rng.int(primary_range.0, primary_range.1),
            SchoolKind::TeachingPoint => primary = self.rng.int(12, 140),
            SchoolKind::Junior => junior = self.rng.int(junior_range.0, junior_range.1),
            SchoolKind::NineYear => {
                primary = self.rng.int(primary_range.0, primary_range.1) * 2 / 3;
                junior = self.rng.int(junior_range.0, junior_range.1) * 2 / 3;
            }
            SchoolKind::TwelveYear => {
                primary = self.rng.int(400, 1200);
                junior = self.rng.int(400, 1100);
                senior = self.rng.int(300, 1200);
            }
            SchoolKind::Complete => {
                junior = self.rng.int(700, 1800);
                senior = self.rng.int(600, 2400);
            }
            SchoolKind::Special => primary = self.rng.int(40, 160),
        }
        let strength = self.rng.range(0.75, 1.25) * if rural { 0.85 } else { 1.0 };
        let primary_stats = self.section(primary, 6, rural, strength, false);
        let junior_stats = self.section(junior, 3, rural, strength, true);
        // Sums of counts are u64, as everywhere: each part is a u32 cell.
        let students = u64::from(primary) + u64::from(junior) + u64::from(senior);
        let classes = u64::from(primary_stats.classes)
            + u64::from(junior_stats.classes)
            + u64::from(senior.div_ceil(48));
        let facilities = self.facilities(students, classes, place.setting, kind);
        let location = self.location(place.setting);
        self.out.push(SchoolRecord {
            year: self.spec.year,
            code: SchoolCode::parse(&code).expect("generated codes are 10 digits"),
            name,
            kind,
            urban_rural: Some(place.setting),
            parent_code: parent,
            zone: Some(zone.to_owned()),
            group,
            primary: primary_stats,
            junior: junior_stats,
            senior_students: senior,
            facilities,
            location: Some(location),
        });
        index
    }

    fn section(
        &mut self,
        students: u32,
        grades: u32,
        rural: bool,
        strength: f64,
        junior: bool,
    ) -> SectionStats {
        if students == 0 {
            return SectionStats::default();
        }
        let class_size = if rural {
            self.rng.range(22.0, 40.0)
        } else {
            self.rng.range(38.0, 50.0)
        };
        let classes = ((f64::from(students) / class_size).ceil() as u32).max(grades.min(students));
        let per_teacher = if junior {
            self.rng.range(10.5, 14.5)
        } else {
            self.rng.range(13.5, 19.0)
        };
        let per_teacher = if rural {
            per_teacher * 0.8
        } else {
            per_teacher
        };
        let teachers = ((f64::from(students) / per_teacher).round() as u32).max(1);
        let share = |rng: &mut Rng, lo: f64, hi: f64| {
            ((f64::from(teachers) * rng.range(lo, hi)).round() as u32).min(teachers)
        };
        let qualified = if junior {
            share(&mut self.rng, 0.72, 0.99)
        } else {
            share(&mut self.rng, 0.85, 1.0)
        };
        let backbone = share(&mut self.rng, 0.15 * strength, 0.32 * strength);
        let pe_arts = share(&mut self.rng, 0.13, 0.23);
        let intermediate = share(&mut self.rng, 0.35, 0.7);
        SectionStats {
            students,
            classes,
            teachers,
            qualified_teachers: qualified,
            backbone_teachers: backbone,
            pe_arts_teachers: pe_arts,
            intermediate_title_teachers: intermediate,
        }
    }

    /// A point inside the demo district's outline ([`boundary`]): city schools near the centre,
    /// town schools further out, rural ones anywhere (WGS-84, around 106.55°E 29.56°N).
    fn location(&mut self, setting: UrbanRural) -> crate::school::Location {
        let reach = match setting {
            UrbanRural::Urban => 0.3,
            UrbanRural::Town => 0.65,
            UrbanRural::Rural => 0.92,
        };
        let turn = self.rng.unit();
        let out = self.rng.unit().sqrt() * reach;
        let [longitude, latitude] = boundary::point(self.spec.seed, turn, out);
        let round = |v: f64| (v * 1e6).round() / 1e6;
        crate::school::Location {
            longitude: round(longitude),
            latitude: round(latitude),
        }
    }

    fn facilities(
        &mut self,
        students: u64,
        classes: u64,
        setting: UrbanRural,
        kind: SchoolKind,
    ) -> Facilities {
        let p = students.max(1) as f64;
        let (room, ground, equipment) = match setting {
            UrbanRural::Urban => ((4.4, 7.2), (5.8, 11.0), (2150.0, 4200.0)),
            UrbanRural::Town => ((4.6, 7.8), (7.0, 14.0), (2000.0, 3600.0)),
            UrbanRural::Rural => ((5.0, 10.0), (8.0, 22.0), (1900.0, 3400.0)),
        };
        let junior_heavy = matches!(kind, SchoolKind::Junior | SchoolKind::Complete);
        let lift = if junior_heavy { 1.4 } else { 1.0 };
        let gym = if setting == UrbanRural::Rural
            || kind == SchoolKind::TeachingPoint
            || self.rng.chance(0.3)
        {
            0.0
        } else {
            (self.rng.range(0.3, 1.2) * p).round().min(2400.0)
        };
        let teaching = (self.rng.range(room.0, room.1) * lift * p).round() + gym;
        let ground_area = (self.rng.range(ground.0, ground.1) * lift * p).round();
        let equipment_value =
            (self.rng.range(equipment.0, equipment.1) * lift * p / 100.0).round() / 100.0;
        // Small sites share one room between classes.
        let per_class = if students < 200 {
            self.rng.range(0.3, 0.7)
        } else {
            self.rng.range(1.0, 1.4)
        };
        let multimedia = ((classes as f64 * per_class).round() as u32).max(1);
        let special_rooms =
            |rng: &mut Rng| ((classes as f64 / 12.0).ceil() * rng.range(0.6, 1.3)).round() as u32;
        let (music_rooms, art_rooms) = (special_rooms(&mut self.rng), special_rooms(&mut self.rng));
        // The rooms' areas come from a stream of their own, so the rest of the district stays
        // what it was before the template had them: most rooms of standard size, some small.
        let mut side = Rng::new(teaching.to_bits() ^ ground_area.to_bits().rotate_left(17));
        let mut area =
            |rooms: u32| (rooms > 0).then(|| (f64::from(rooms) * side.range(84.0, 120.0)).round());
        Facilities {
            teaching_room_area: teaching,
            gym_area: gym,
            sports_ground_area: ground_area,
            equipment_value,
            multimedia_rooms: multimedia,
            music_rooms,
            art_rooms,
            music_room_area: area(music_rooms),
            art_room_area: area(art_rooms),
            computers: (p * self.rng.range(0.08, 0.22)).round() as u32,
            books: (p * self.rng.range(18.0, 42.0)).round() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::evaluate;
    use crate::rulebook::Rulebook;

    #[test]
    fn a_demo_district_has_every_kind_and_fails_somewhere() {
        let schools = generate(&DemoSpec {
            schools: 400,
            seed: 2024,
            year: 2024,
        });
        for kind in SchoolKind::ALL {
            assert!(schools.iter().any(|s| s.kind == kind), "no {kind}");
        }
        let mut codes: Vec<_> = schools.iter().map(|s| &s.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), schools.len());
        for tp in schools
            .iter()
            .filter(|s| s.kind == SchoolKind::TeachingPoint)
        {
            let parent = tp.parent_code.as_ref().unwrap();
            assert!(
                schools
                    .iter()
                    .any(|s| &s.code == parent && s.kind == SchoolKind::Primary)
            );
        }
        let result = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
        let failing: usize = result.sections.iter().map(|s| s.failing_units).sum();
        let units: usize = result.sections.iter().map(|s| s.units.len()).sum();
        assert!(
            failing > 0 && failing < units / 2,
            "{failing} of {units} fail"
        );
    }

    #[test]
    fn counts_are_consistent() {
        for s in generate(&DemoSpec {
            schools: 300,
            seed: 5,
            year: 2023,
        }) {
            for stats in [s.primary, s.junior] {
                assert!(stats.qualified_teachers <= stats.teachers);
                assert!(stats.backbone_teachers <= stats.teachers);
                assert!(stats.pe_arts_teachers <= stats.teachers);
                assert!(stats.intermediate_title_teachers <= stats.teachers);
            }
            assert!(s.facilities.gym_area <= s.facilities.teaching_room_area);
            for section in [
                crate::school::Section::Primary,
                crate::school::Section::Junior,
            ] {
                if !s.kind.has(section) {
                    assert_eq!(s.students(section), 0, "{}", s.name);
                }
            }
        }
    }

    #[test]
    fn school_names_are_unique_at_every_size() {
        for (schools, seed) in [(160, 2024), (400, 7), (3_000, 11)] {
            let records = generate(&DemoSpec {
                schools,
                seed,
                year: 2024,
            });
            let mut names: Vec<&str> = records.iter().map(|r| r.name.as_str()).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "{schools} schools, seed {seed}");
        }
    }

    #[test]
    fn one_year_of_the_demo_fails_a_spread_and_has_a_least_addition_plan() {
        let spec = DemoSpec {
            schools: 160,
            seed: 2024,
            year: 2024,
        };
        let all = generate_years(&spec, 3);
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let failing_years: Vec<i32> = (2022..=2024)
            .filter(|&year| {
                let records: Vec<SchoolRecord> =
                    all.iter().filter(|r| r.year == year).cloned().collect();
                let e = evaluate(&records, &rulebook).unwrap();
                let failing: Vec<_> = e
                    .sections
                    .iter()
                    .flat_map(|s| &s.indicators)
                    .filter(|i| i.passes == Some(false))
                    .collect();
                assert!(failing.iter().all(|i| i.improvement.is_some()), "{year}");
                !failing.is_empty()
            })
            .collect();
        assert_eq!(
            failing_years,
            [2022],
            "only the earliest year fails a 差异系数"
        );
    }
}
