//! Counts up to `u32::MAX` per cell are valid, so every sum of them (students of a unit with its
//! merged teaching points, of a section, of a group) is a `u64`: nothing overflows (a debug build
//! would panic) and every total is exact.

use proptest::prelude::*;

use super::*;
use crate::group::{bundle, members_from_records};
use crate::rulebook::{Rulebook, TeachingPointPolicy};
use crate::school::{Facilities, SchoolKind, SectionStats};

const GROUP: &str = "大数教育集团";

fn code(n: usize) -> SchoolCode {
    SchoolCode::parse(&format!("50077{n:05}")).unwrap()
}

/// A section whose every count is `n`.
fn full(n: u32) -> SectionStats {
    SectionStats {
        students: n,
        classes: n,
        teachers: n,
        qualified_teachers: n,
        backbone_teachers: n,
        pe_arts_teachers: n,
        intermediate_title_teachers: n,
    }
}

/// A school of `kind` with `primary` and `junior` counts, every facility count at `u32::MAX`.
fn school(n: usize, kind: SchoolKind, primary: u32, junior: u32) -> SchoolRecord {
    SchoolRecord {
        year: 2024,
        code: code(n),
        name: format!("大数学校{n}"),
        kind,
        urban_rural: None,
        parent_code: None,
        zone: None,
        group: Some(GROUP.to_owned()),
        primary: full(primary),
        junior: full(junior),
        senior_students: 0,
        facilities: Facilities {
            teaching_room_area: 1e12,
            gym_area: 1e9,
            sports_ground_area: 1e12,
            equipment_value: 1e9,
            multimedia_rooms: u32::MAX,
            music_rooms: u32::MAX,
            art_rooms: u32::MAX,
            music_room_area: None,
            art_room_area: None,
            computers: u32::MAX,
            books: u32::MAX,
        },
        location: None,
    }
}

/// Mostly `u32::MAX` and its neighbours, sometimes anything.
fn count() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => Just(u32::MAX),
        1 => (u32::MAX - 5)..=u32::MAX,
        1 => 1u32..=u32::MAX,
    ]
}

/// A 小学 host (school 0), more 小学 and 九年一贯制 schools, and teaching points merged into the
/// host: all of one group.
fn district() -> impl Strategy<Value = Vec<SchoolRecord>> {
    (
        prop::collection::vec((count(), count(), any::<bool>()), 1..6),
        prop::collection::vec(count(), 0..6),
    )
        .prop_map(|(schools, points)| {
            let mut out = Vec::new();
            for (i, &(primary, junior, nine_year)) in schools.iter().enumerate() {
                out.push(if nine_year && i > 0 {
                    school(i, SchoolKind::NineYear, primary, junior)
                } else {
                    school(i, SchoolKind::Primary, primary, 0)
                });
            }
            let host = out[0].code.clone();
            for (j, &students) in points.iter().enumerate() {
                let mut point = school(100 + j, SchoolKind::TeachingPoint, students, 0);
                point.parent_code = Some(host.clone());
                out.push(point);
            }
            out
        })
}

fn merging() -> Rulebook {
    let mut rb = Rulebook::builtin("cn-2017").unwrap();
    rb.policy.teaching_points = TeachingPointPolicy::Merge;
    rb
}

/// Σ students of `section` over the records, in u128 so that the expected total cannot itself
/// overflow.
fn expected(records: &[SchoolRecord], section: Section) -> u128 {
    records
        .iter()
        .filter(|r| r.kind.has(section))
        .map(|r| u128::from(r.students(section)))
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn totals_of_maximal_counts_are_exact(records in district()) {
        let rb = merging();
        let e = evaluate(&records, &rb).unwrap();
        let points: u64 = records
            .iter()
            .filter(|r| r.kind == SchoolKind::TeachingPoint)
            .map(|r| u64::from(r.primary.students))
            .sum();
        for s in &e.sections {
            let sum: u128 = s.units.iter().map(|u| u128::from(u.students)).sum();
            prop_assert_eq!(u128::from(s.students), sum);
            prop_assert_eq!(sum, expected(&records, s.section));
        }
        let primary = &e.sections[0];
        prop_assert_eq!(primary.section, Section::Primary);
        let host = primary.units.iter().find(|u| u.record.code == records[0].code).unwrap();
        prop_assert_eq!(host.students, u64::from(records[0].primary.students) + points);
        prop_assert!(primary.values.iter().flatten().all(|v| v.is_finite()));

        let members = members_from_records(&records, GROUP);
        let g = bundle(&e, &members, GROUP);
        for gs in &g.sections {
            prop_assert_eq!(u128::from(gs.students), expected(&records, gs.section));
            let sum: u64 = gs.members.iter().map(|m| m.students).sum();
            prop_assert_eq!(gs.students, sum);
        }
        let json = serde_json::to_value(&e).unwrap();
        let host_json = &json["sections"][0]["schools"][0]["students"];
        prop_assert_eq!(host_json.as_u64(), Some(host.students), "{}", host_json);
    }
}
