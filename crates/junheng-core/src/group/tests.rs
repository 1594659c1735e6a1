use super::*;
use crate::evaluate::evaluate;
use crate::rulebook::{Rulebook, TeachingPointPolicy};
use crate::school::{Facilities, SchoolKind};
use crate::testing::record;
use proptest::prelude::*;

const GROUP: &str = "城南教育集团";

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50099{n:05}")).unwrap()
}

/// A school that meets every 2017 standard except where a test lowers a number: per 100 students
/// 5 qualified, 2 backbone and 2 PE/arts teachers; per student 6 ㎡ of rooms (gym excluded),
/// 12 ㎡ of sports area and 3000 元 of equipment; 4 multimedia rooms per 100 students (and the
/// 2012 rulebook's teachers, titles, computers and books).
fn school(n: u32, kind: SchoolKind, primary: u32, junior: u32, group: bool) -> SchoolRecord {
    let total = f64::from(primary + junior);
    SchoolRecord {
        group: group.then(|| GROUP.to_owned()),
        ..record(
            code(n),
            format!("集团测试学校{n}"),
            kind,
            (primary, junior),
            Facilities {
                teaching_room_area: 6.0 * total + 100.0,
                gym_area: 100.0,
                sports_ground_area: 12.0 * total - 100.0,
                equipment_value: 0.3 * total,
                multimedia_rooms: (primary + junior) / 25,
                computers: (primary + junior) / 8,
                books: (primary + junior) * 30,
                ..Facilities::default()
            },
        )
    }
}

fn cn2017() -> Rulebook {
    Rulebook::builtin("cn-2017").unwrap()
}

fn indicator<'g>(s: &'g GroupSection, id: &str) -> &'g GroupIndicator {
    s.indicators.iter().find(|i| i.id == id).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

/// A (100 小学生), B (200) and the 九年一贯制 C (300 小学生 + 200 初中生) form the group; D (400)
/// is outside it.
fn three_schools() -> Vec<SchoolRecord> {
    let a = school(1, SchoolKind::Primary, 100, 0, true);
    let mut b = school(2, SchoolKind::Primary, 200, 0, true);
    b.primary.qualified_teachers = 8;
    b.facilities.teaching_room_area = 1100.0;
    let mut c = school(3, SchoolKind::NineYear, 300, 200, true);
    c.primary.qualified_teachers = 9;
    c.junior.qualified_teachers = 12;
    let d = school(4, SchoolKind::Primary, 400, 0, false);
    vec![a, b, c, d]
}

#[test]
fn three_schools_by_hand() {
    let records = three_schools();
    let e = evaluate(&records, &cn2017()).unwrap();
    let members = members_from_records(&records, GROUP);
    assert_eq!(members, [code(1), code(2), code(3)]);
    let g = bundle(&e, &members, GROUP);
    assert!(g.unevaluated.is_empty());
    let p = g.section(Section::Primary).unwrap();
    assert_eq!(p.students, 600);
    assert_eq!(p.members.len(), 3);
    assert_eq!(p.members[2].unit_id, format!("{}-primary", code(3)));

    // Qualified teachers 5, 8, 9 for 100, 200, 300 students: values 5, 4, 3.
    let q = indicator(p, "qualified_teachers_per_100");
    assert!(close(q.amount, 22.0));
    // 100 × 22 / 600, not the mean of values (4).
    assert!(close(q.value, 100.0 * 22.0 / 600.0), "{}", q.value);
    // Weights 1/6, 2/6, 3/6 around 11/3: variance 5/9, so CV = (√5/3)/(11/3) = √5/11.
    assert!(close(q.spread.cv.unwrap(), 5f64.sqrt() / 11.0));
    assert_eq!((q.min.school_code.clone(), q.min.value), (code(3), 3.0));
    assert_eq!((q.max.school_code.clone(), q.max.value), (code(1), 5.0));
    assert_eq!(q.standard, Some(4.2));
    // 3.667 < 4.2 but ≥ 85 % of it (3.57).
    assert_eq!((q.meets, q.reaches_floor), (Some(false), Some(true)));
    assert_eq!((q.cv_max, q.within), (Some(0.5), Some(true)));
    // The district adds D (400 students, 20 teachers): 100 × 42 / 1000.
    assert!(close(q.district_value, 4.2));

    // Rooms without the gym: 600, 1000 and C's 3000 ㎡ × 300/500 = 1800 for the 小学部.
    let r = indicator(p, "teaching_room_area_per_student");
    assert!(close(r.amount, 3400.0));
    assert!(close(r.value, 3400.0 / 600.0));
    // Values 6, 5, 6 around 17/3: variance 2/9, CV = √2/17.
    assert!(close(r.spread.cv.unwrap(), 2f64.sqrt() / 17.0));

    // As one unit the group meets 6 of 7 and passes although C alone fails (3.0 < 3.57).
    assert_eq!(p.verdict.met, Some(6));
    assert_eq!(p.verdict.passes, Some(true));
    assert_eq!(p.verdict.label, "达标（7 项中 6 项达到标准）");
    assert_eq!(p.members[2].passes, Some(false));
    assert_eq!(p.members[1].passes, Some(true));
    assert_eq!(p.members[0].values[0], 5.0);
    assert!(
        p.members
            .iter()
            .all(|m| m.host_is_member && m.note.is_none())
    );

    // The 初中 has one member unit, C's 初中部: the group is that unit and has no spread.
    let j = g.section(Section::Junior).unwrap();
    assert_eq!(j.members.len(), 1);
    let jr = indicator(j, "teaching_room_area_per_student");
    assert!(close(jr.value, 3000.0 * 0.4 / 200.0));
    assert!(j.indicators.iter().all(|i| i.spread.cv == Some(0.0)));
}

#[test]
fn every_value_is_per_times_amount_over_students() {
    let records = three_schools();
    let rb = cn2017();
    let e = evaluate(&records, &rb).unwrap();
    let g = bundle(&e, &members_from_records(&records, GROUP), GROUP);
    for s in &g.sections {
        for (ind, rule) in s.indicators.iter().zip(&rb.indicators) {
            let expected = rule.per * ind.amount / s.students as f64;
            assert!(close(ind.value, expected), "{} {}", ind.id, ind.value);
        }
    }
}

#[test]
fn empty_and_unknown_members() {
    let mut records = three_schools();
    records.push(school(5, SchoolKind::Special, 80, 0, true));
    let e = evaluate(&records, &cn2017()).unwrap();
    let empty = bundle(&e, &[], GROUP);
    assert!(empty.sections.is_empty() && empty.unevaluated.is_empty());

    let g = bundle(&e, &[code(99), code(5), code(99)], GROUP);
    assert!(g.sections.is_empty());
    assert_eq!(g.members, [code(99), code(5)]);
    let [unknown, special] = &g.unevaluated[..] else {
        panic!("{:?}", g.unevaluated)
    };
    assert_eq!((unknown.reason, unknown.name.as_deref()), (None, None));
    assert!(unknown.description.contains("不在本次评估"));
    assert_eq!(special.reason, Some(ExclusionReason::SpecialSchool));
    assert_eq!(special.name.as_deref(), Some("集团测试学校5"));

    // Known members still count when an unknown one is listed.
    let g = bundle(&e, &[code(1), code(99)], GROUP);
    assert_eq!(g.sections.len(), 1);
    assert_eq!(g.unevaluated.len(), 1);
}

/// Host H (not a member, 300 小学生) and its teaching point T (40, a member).
fn with_teaching_point(policy: TeachingPointPolicy) -> (Vec<SchoolRecord>, Rulebook) {
    let mut rb = cn2017();
    rb.policy.teaching_points = policy;
    let host = school(6, SchoolKind::Primary, 300, 0, false);
    let mut point = school(7, SchoolKind::TeachingPoint, 40, 0, true);
    point.parent_code = Some(code(6));
    (
        vec![host, point, school(1, SchoolKind::Primary, 100, 0, true)],
        rb,
    )
}

#[test]
fn a_merged_teaching_point_counts_through_its_parent() {
    let (records, rb) = with_teaching_point(TeachingPointPolicy::Merge);
    let e = evaluate(&records, &rb).unwrap();
    let g = bundle(&e, &members_from_records(&records, GROUP), GROUP);
    assert!(g.unevaluated.is_empty());
    let p = &g.sections[0];
    let host = p.members.iter().find(|m| m.school_code == code(6)).unwrap();
    assert_eq!(host.students, 340);
    assert_eq!(host.matched, [code(7)]);
    assert!(!host.host_is_member);
    assert!(host.merged[0].member);
    assert!(host.note.as_deref().unwrap().contains("非集团成员"));
    assert_eq!(p.students, 440);

    // With the host a member too, the unit is found once, through both codes.
    let g = bundle(&e, &[code(7), code(6)], GROUP);
    let p = &g.sections[0];
    assert_eq!(p.members.len(), 1);
    assert_eq!(p.members[0].matched, [code(6), code(7)]);
    assert!(p.members[0].note.as_deref().unwrap().contains("并入本校"));
}

#[test]
fn teaching_points_kept_or_excluded() {
    let (records, rb) = with_teaching_point(TeachingPointPolicy::Separate);
    let g = bundle(&evaluate(&records, &rb).unwrap(), &[code(7)], GROUP);
    assert_eq!(g.sections[0].members[0].school_code, code(7));
    assert!(g.sections[0].members[0].host_is_member);

    let policy = TeachingPointPolicy::ExcludeBelow { min_students: 50 };
    let (records, rb) = with_teaching_point(policy);
    let g = bundle(&evaluate(&records, &rb).unwrap(), &[code(7)], GROUP);
    assert!(g.sections.is_empty());
    assert!(matches!(
        g.unevaluated[0].reason,
        Some(ExclusionReason::SmallTeachingPoint { students: 40, .. })
    ));
}

#[test]
fn composite_rulebooks_compare_the_groups_composite() {
    let records = three_schools();
    let e = evaluate(&records, &Rulebook::builtin("cn-2012").unwrap()).unwrap();
    let g = bundle(&e, &members_from_records(&records, GROUP), GROUP);
    let p = &g.sections[0];
    let c = p.composite.as_ref().unwrap();
    assert_eq!(c.cv_max, 0.65);
    assert!(
        p.indicators
            .iter()
            .all(|i| i.cv_max.is_none() && i.within.is_none())
    );
    let mean = p
        .indicators
        .iter()
        .map(|i| i.spread.cv.unwrap())
        .sum::<f64>()
        / 8.0;
    assert!(close(c.cv.unwrap(), mean));
}

#[test]
fn serializes_with_chinese_labels() {
    let records = three_schools();
    let e = evaluate(&records, &cn2017()).unwrap();
    let g = bundle(&e, &members_from_records(&records, GROUP), GROUP);
    let json = serde_json::to_value(&g).unwrap();
    assert_eq!(json["sections"][0]["label"], "小学");
    assert_eq!(json["sections"][0]["section"], "primary");
    assert_eq!(
        json["sections"][1]["members"][0]["school_code"],
        "5009900003"
    );
    assert_eq!(json["name"], GROUP);
}

/// Member schools with arbitrary staff and rooms (≥ 50 students, so every value is positive),
/// then one outsider.
fn random_schools() -> impl Strategy<Value = Vec<SchoolRecord>> {
    let one = (50u32..2000, 1u32..200, 1u32..40, 0.5f64..15.0);
    prop::collection::vec(one, 1..8).prop_map(|rows| {
        let mut out: Vec<SchoolRecord> = rows
            .iter()
            .enumerate()
            .map(|(k, &(students, qualified, backbone, rooms))| {
                let mut r = school(k as u32 + 10, SchoolKind::Primary, students, 0, true);
                r.primary.qualified_teachers = qualified;
                r.primary.backbone_teachers = backbone;
                r.facilities.teaching_room_area = rooms * f64::from(students) + 100.0;
                r
            })
            .collect();
        out.push(school(9, SchoolKind::Primary, 500, 0, false));
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_bundled_value_lies_between_the_members(records in random_schools()) {
        let e = evaluate(&records, &cn2017()).unwrap();
        let g = bundle(&e, &members_from_records(&records, GROUP), GROUP);
        let p = &g.sections[0];
        prop_assert_eq!(p.members.len(), records.len() - 1);
        for (k, i) in p.indicators.iter().enumerate() {
            let slack = 1e-12 * i.max.value.abs();
            prop_assert!(i.min.value - slack <= i.value && i.value <= i.max.value + slack);
            let lowest = p.members.iter().map(|m| m.values[k]).fold(f64::INFINITY, f64::min);
            let highest = p.members.iter().map(|m| m.values[k]).fold(0.0, f64::max);
            prop_assert_eq!((i.min.value, i.max.value), (lowest, highest));
        }
    }

    #[test]
    fn a_single_member_has_no_spread(records in random_schools()) {
        let e = evaluate(&records, &cn2017()).unwrap();
        let g = bundle(&e, &[records[0].code.clone()], GROUP);
        let p = &g.sections[0];
        for (k, i) in p.indicators.iter().enumerate() {
            prop_assert!(i.spread.cv.unwrap() < 1e-12);
            prop_assert!(close(i.value, p.members[0].values[k]));
            prop_assert_eq!(i.within, Some(true));
        }
    }
}
