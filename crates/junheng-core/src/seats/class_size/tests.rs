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
    let school =
        |n: u32, kind, (primary, junior): (u32, u32), classes: (u32, u32), rooms: (u32, u32)| {
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
