use proptest::prelude::*;

use super::*;
use crate::school::{Facilities, SchoolKind};
use crate::testing::record;

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50011{n:05}")).unwrap()
}

fn school(n: u32, kind: SchoolKind, urban_rural: Option<UrbanRural>) -> SchoolRecord {
    let mut r = record(
        code(n),
        format!("学校{n}"),
        kind,
        (600, 600),
        Facilities::default(),
    );
    r.urban_rural = urban_rural;
    r
}

fn catchment(section: Section, street: &str, community: Option<&str>, n: u32) -> CatchmentRow {
    CatchmentRow {
        section,
        place: Some(Place::new(street, community)),
        school: code(n),
        lottery_zone: None,
        private: false,
        boarding: false,
    }
}

fn entrants(
    section: Section,
    n: u32,
    street: &str,
    community: Option<&str>,
    pupils: u32,
) -> EntrantCount {
    EntrantCount {
        section,
        school: code(n),
        home: Place::new(street, community),
        pupils,
    }
}

#[test]
fn the_map_groups_places_and_names_multi_school_zones() {
    let mut rows = vec![
        catchment(Section::Primary, "城南街道", None, 1),
        catchment(Section::Junior, "城南街道", Some("桂花园"), 3),
        catchment(Section::Junior, "城南街道", Some("桂花园"), 2),
    ];
    rows[2].lottery_zone = Some("第一学区".into());
    // A row without a place only declares a school.
    rows.push(CatchmentRow {
        place: None,
        private: true,
        ..catchment(Section::Primary, "", None, 9)
    });
    let map = catchment_map(&rows);
    assert_eq!(map.len(), 2);
    assert_eq!(
        (map[0].section, map[0].mode, map[0].schools.clone()),
        (Section::Primary, ZoningMode::Single, vec![code(1)])
    );
    assert_eq!(map[1].mode, ZoningMode::Multi);
    assert_eq!(map[1].schools, vec![code(2), code(3)]);
    assert_eq!(map[1].lottery_zone.as_deref(), Some("第一学区"));
    assert_eq!(map[1].place.label(), "城南街道·桂花园");
}

#[test]
fn only_town_and_urban_public_day_schools_count_and_the_laggards_are_named() {
    let schools = vec![
        school(1, SchoolKind::Primary, Some(UrbanRural::Urban)),
        school(2, SchoolKind::Primary, Some(UrbanRural::Town)),
        school(3, SchoolKind::Primary, Some(UrbanRural::Rural)),
        school(4, SchoolKind::Primary, Some(UrbanRural::Urban)),
        school(5, SchoolKind::Primary, None),
        school(6, SchoolKind::Junior, Some(UrbanRural::Urban)),
        school(7, SchoolKind::NineYear, Some(UrbanRural::Town)),
    ];
    let mut rows = vec![
        catchment(Section::Primary, "城南街道", None, 1),
        catchment(Section::Primary, "河西镇", Some("河西村"), 2),
        catchment(Section::Junior, "城南街道", None, 6),
        catchment(Section::Junior, "城南街道", None, 7),
        catchment(Section::Primary, "乡里", None, 3),
    ];
    // School 4 is 民办 (declared without a place); school 7 is 寄宿制 in 初中's rows only, but
    // 寄宿制 is a school's, so it is left out of both 学段.
    rows.push(CatchmentRow {
        place: None,
        private: true,
        ..catchment(Section::Primary, "", None, 4)
    });
    rows[3].boarding = true;
    let e = vec![
        entrants(Section::Primary, 1, "城南街道", Some("桂花园"), 40),
        // From another place: not 就近.
        entrants(Section::Primary, 1, "河西镇", Some("河西村"), 2),
        entrants(Section::Primary, 2, "河西镇", Some("河西村"), 30),
        // Another 小区 of 河西镇 is not 2's catchment.
        entrants(Section::Primary, 2, "河西镇", Some("新村"), 3),
        // Rural, private and unclassified schools do not count.
        entrants(Section::Primary, 3, "城北街道", None, 50),
        entrants(Section::Primary, 4, "城北街道", None, 50),
        entrants(Section::Primary, 5, "城北街道", None, 50),
        entrants(Section::Junior, 6, "城南街道", None, 95),
        entrants(Section::Junior, 6, "城北街道", None, 5),
        entrants(Section::Junior, 7, "城北街道", None, 80),
    ];
    let rules = ZoningRules::default();
    let [primary, junior] = nearby_items(&rules, &schools, &rows, &e);
    assert_eq!((primary.nearby, primary.entrants), (70, 75));
    assert_eq!(primary.met, Some(false));
    assert_eq!(
        primary.excluded,
        Excluded {
            rural: 1,
            unclassified: 1,
            private: 1,
            boarding: 1
        }
    );
    // 2 has 3 from elsewhere, 1 has 2: 2 first.
    let below: Vec<(SchoolCode, u64, u64)> = primary
        .below
        .iter()
        .map(|s| (s.code.clone(), s.nearby, s.entrants))
        .collect();
    assert_eq!(below, vec![(code(2), 30, 33), (code(1), 40, 42)]);
    // 城北街道 is in no primary catchment: 2 + 50 × 3 are not; 河西镇·新村 neither.
    assert_eq!(primary.homes_outside_map, 3 + 150);

    assert_eq!((junior.nearby, junior.entrants), (95, 100));
    assert_eq!(junior.met, Some(true));
    assert_eq!(junior.excluded.boarding, 1);
    assert!(junior.below.is_empty());
    assert_eq!(junior.share(), Some(0.95));
}

#[test]
fn without_entrants_an_item_is_not_assessed() {
    let schools = vec![school(1, SchoolKind::Primary, Some(UrbanRural::Urban))];
    let [primary, junior] = nearby_items(&ZoningRules::default(), &schools, &[], &[]);
    assert_eq!((primary.met, primary.share()), (None, None));
    assert_eq!(primary.schools.len(), 1);
    assert_eq!(junior.schools.len(), 0);
}

fn quota(high: &str, plan: u32, n: u32, q: u32, graduates: u32) -> QuotaRow {
    QuotaRow {
        high_school: high.into(),
        plan,
        junior: code(n),
        quota: q,
        graduates,
    }
}

#[test]
fn the_quota_share_is_per_high_school_and_overall_with_the_rural_tilt() {
    let schools = vec![
        school(1, SchoolKind::Junior, Some(UrbanRural::Urban)),
        school(2, SchoolKind::Junior, Some(UrbanRural::Town)),
        school(3, SchoolKind::Junior, Some(UrbanRural::Rural)),
    ];
    let rows = vec![
        quota("一中", 400, 1, 100, 500),
        quota("一中", 400, 2, 60, 300),
        quota("一中", 400, 3, 60, 200),
        quota("二中", 300, 1, 40, 500),
        quota("二中", 300, 3, 0, 200),
    ];
    let r = quota_report(&ZoningRules::default(), &schools, &rows);
    assert_eq!((r.plan, r.allotted), (700, 260));
    assert_eq!(r.met, Some(false));
    let highs: Vec<(&str, u64, usize, bool)> = r
        .high_schools
        .iter()
        .map(|h| (h.high_school.as_str(), h.allotted, h.juniors, h.met))
        .collect();
    assert_eq!(highs, vec![("一中", 220, 3, true), ("二中", 40, 1, false)]);
    let tilt: Vec<(UrbanRuralCategory, usize, u64, u64)> = r
        .tilt
        .iter()
        .map(|t| (t.category, t.schools, t.graduates, t.quota))
        .collect();
    assert_eq!(
        tilt,
        vec![
            (UrbanRuralCategory::Urban, 1, 500, 140),
            (UrbanRuralCategory::Town, 1, 300, 60),
            (UrbanRuralCategory::Rural, 1, 200, 60),
        ]
    );
    // 乡村 0.30 per graduate, 城区 and 镇区 200 / 800 = 0.25.
    assert_eq!(r.rural_tilt, Some(true));
    let none = quota_report(&ZoningRules::default(), &schools, &rows[..2]);
    assert_eq!(none.rural_tilt, None);
    // 一中 alone: 160 of 400.
    assert_eq!(none.met, Some(false));
    assert_eq!(
        quota_report(&ZoningRules::default(), &schools, &[]).met,
        None
    );
}

#[test]
fn a_junior_outside_the_statistics_is_unclassified() {
    let rows = vec![quota("一中", 10, 8, 5, 50)];
    let r = quota_report(&ZoningRules::default(), &[], &rows);
    assert_eq!(
        r.tilt.last().unwrap().category,
        UrbanRuralCategory::Unclassified
    );
    assert_eq!(r.tilt.len(), 4);
}

proptest! {
    #[test]
    fn rates_stay_within_bounds(
        spec in prop::collection::vec((0u32..4, 0u32..3, 0u32..3, 0u32..40), 0..30),
        map in prop::collection::vec((0u32..4, 0u32..3), 0..8),
        quotas in prop::collection::vec((0u32..2, 0u32..4, 0u32..200, 1u32..300), 0..10),
    ) {
        let kinds = [Some(UrbanRural::Urban), Some(UrbanRural::Town), Some(UrbanRural::Rural), None];
        let schools: Vec<SchoolRecord> = (0..4)
            .map(|n| school(n, SchoolKind::NineYear, kinds[n as usize]))
            .collect();
        let streets = ["甲", "乙", "丙"];
        let rows: Vec<CatchmentRow> = map
            .iter()
            .map(|&(n, s)| catchment(Section::Primary, streets[s as usize], None, n))
            .collect();
        let e: Vec<EntrantCount> = spec
            .iter()
            .map(|&(n, s, c, p)| entrants(Section::Primary, n, streets[s as usize], Some(streets[c as usize]), p))
            .collect();
        let [primary, _] = nearby_items(&ZoningRules::default(), &schools, &rows, &e);
        prop_assert!(primary.nearby <= primary.entrants);
        let all: u64 = e.iter().map(|x| u64::from(x.pupils)).sum();
        prop_assert!(primary.entrants <= all);
        prop_assert!(primary.homes_outside_map <= all);
        if let Some(s) = primary.share() {
            prop_assert!((0.0..=1.0).contains(&s));
        }
        for s in &primary.schools {
            prop_assert!(s.nearby <= s.entrants);
        }
        prop_assert_eq!(primary.met.is_some(), primary.entrants > 0);
        prop_assert!(primary.below.iter().all(|b| b.nearby < b.entrants));

        // One plan per high school.
        let q: Vec<QuotaRow> = quotas
            .iter()
            .map(|&(h, n, given, g)| {
                quota(["一中", "二中"][h as usize], [1000, 900][h as usize], n, given, g)
            })
            .collect();
        let r = quota_report(&ZoningRules::default(), &schools, &q);
        prop_assert_eq!(r.met, (r.plan > 0).then(|| r.allotted * 2 >= r.plan));
        prop_assert!(r.high_schools.iter().all(|h| h.met == (h.allotted * 2 >= h.plan)));
        let by_tilt: u64 = r.tilt.iter().map(|t| t.quota).sum();
        prop_assert_eq!(by_tilt, r.allotted);
        if let Some(s) = r.share() {
            prop_assert!(s >= 0.0);
        }
        for t in &r.tilt {
            if let Some(p) = t.per_graduate() {
                prop_assert!(p >= 0.0);
            }
        }
    }
}
