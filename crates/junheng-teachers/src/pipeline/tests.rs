use std::collections::BTreeMap;

use proptest::prelude::*;

use junheng_core::school::SchoolCode;
use junheng_core::urban::UrbanRuralCategory;
use junheng_rotation::synth::example_teacher;
use junheng_rotation::{BackboneLevel, Teacher, TeacherId};

use super::*;

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50011200{n:02}")).unwrap()
}

fn teacher(id: &str, year: i32, school: u32, level: BackboneLevel, subject: &str) -> Teacher {
    let mut t = example_teacher(2010, 1985);
    t.id = TeacherId::parse(id).unwrap();
    t.year = year;
    t.school = code(school);
    t.backbone = level;
    t.subject = subject.into();
    t
}

fn places() -> Places {
    Places::from([
        (
            code(1),
            SchoolPlace {
                name: "城区一小".into(),
                area: UrbanRuralCategory::Urban,
            },
        ),
        (
            code(2),
            SchoolPlace {
                name: "乡村二小".into(),
                area: UrbanRuralCategory::Rural,
            },
        ),
    ])
}

use BackboneLevel::{City, District, None as No};

#[test]
fn every_flow_is_told_apart() {
    let y0 = vec![
        teacher("A", 2023, 1, No, "语文"),       // → 晋升
        teacher("B", 2023, 1, District, "语文"), // → 降级
        teacher("C", 2023, 1, District, "数学"), // → 调出 to 2
        teacher("D", 2023, 1, City, "英语"),     // → 离开
        teacher("E", 2023, 1, District, "英语"), // → 升级
        teacher("F", 2023, 2, City, "数学"),     // → 降低
    ];
    let y1 = vec![
        teacher("A", 2024, 1, District, "语文"),
        teacher("B", 2024, 1, No, "语文"),
        teacher("C", 2024, 2, District, "数学"),
        teacher("E", 2024, 1, City, "英语"),
        teacher("F", 2024, 2, District, "数学"),
        teacher("G", 2024, 2, District, "语文"), // 新入职
        teacher("H", 2024, 2, No, "英语"),       // new, not 骨干
    ];
    let rosters = BTreeMap::from([(2023, y0), (2024, y1)]);
    let p = pipeline(&rosters, &[], &places(), &PipelineSettings::default(), 2024);
    assert_eq!(p.previous, Some(2023));
    let one = p.schools[0].tally.flows.unwrap();
    assert_eq!(
        (
            one.promoted,
            one.demoted,
            one.rotated_out,
            one.left,
            one.raised
        ),
        (1, 1, 1, 1, 1)
    );
    let two = p.schools[1].tally.flows.unwrap();
    assert_eq!((two.rotated_in, two.joined, two.lowered), (1, 1, 1));
    // 骨干 2023: B C D E at 1 (4), F at 2 (1); 2024: A E at 1 (2), C F G at 2 (3).
    assert_eq!(p.schools[0].tally.backbone, 2);
    assert_eq!(p.schools[1].tally.backbone, 3);
    assert_eq!(p.district.flows.unwrap().gained(), 3 + 1 - 1 + 1 - 1);
    // 乡村二小 teaches 英语 (H) without a 骨干: thin; 语文 and 数学 have one.
    assert_eq!(p.thin.len(), 1);
    assert_eq!(
        (p.thin[0].subject.as_str(), p.thin[0].teachers),
        ("英语", 1)
    );
    assert_eq!(p.areas.len(), 2);
    assert_eq!(p.areas[1].area, UrbanRuralCategory::Rural);
}

#[test]
fn the_target_is_met_at_exactly_a_quarter_and_not_one_below() {
    let mut roster: Vec<Teacher> = (0..8)
        .map(|i| teacher(&format!("T{i}"), 2024, 1, No, "语文"))
        .collect();
    roster[0].backbone = District;
    roster[1].backbone = City;
    let settings = PipelineSettings::default();
    let p = pipeline(
        &BTreeMap::from([(2024, roster.clone())]),
        &[],
        &places(),
        &settings,
        2024,
    );
    assert_eq!(p.district.share, Some(0.25));
    assert_eq!(p.district.meets_target, Some(true));
    roster[1].backbone = No;
    let p = pipeline(
        &BTreeMap::from([(2024, roster)]),
        &[],
        &places(),
        &settings,
        2024,
    );
    assert_eq!(p.district.meets_target, Some(false));
    assert!(p.district.flows.is_none() && p.previous.is_none());
}

#[test]
fn titles_lift_a_teacher_from_their_year_and_candidates_are_not_backbone() {
    let t = |stage, year| HonourTitle {
        teacher: TeacherId::parse("A").unwrap(),
        title: "称号".into(),
        stage,
        year,
        issuer: "区教委".into(),
    };
    let rosters = BTreeMap::from([
        (2023, vec![teacher("A", 2023, 2, No, "语文")]),
        (2024, vec![teacher("A", 2024, 2, No, "语文")]),
    ]);
    let titles = [t(Stage::Candidate, 2022), t(Stage::Top, 2024)];
    let p = pipeline(
        &rosters,
        &titles,
        &places(),
        &PipelineSettings::default(),
        2024,
    );
    assert_eq!(p.district.stages, [0, 0, 0, 1]);
    assert_eq!(p.district.flows.unwrap().promoted, 1);
    let p = pipeline(
        &rosters,
        &titles,
        &places(),
        &PipelineSettings::default(),
        2023,
    );
    assert_eq!((p.district.stages, p.district.backbone), ([1, 0, 0, 0], 0));
    assert_eq!(p.thin.len(), 1, "a candidate is not yet 骨干");
}

#[test]
fn thin_spot_settings_choose_subjects_and_areas() {
    let rosters = BTreeMap::from([(
        2024,
        vec![
            teacher("A", 2024, 2, No, "音乐"),
            teacher("B", 2024, 1, No, "语文"),
        ],
    )]);
    let default = PipelineSettings::default();
    assert!(
        pipeline(&rosters, &[], &places(), &default, 2024)
            .thin
            .is_empty()
    );
    let every = PipelineSettings {
        thin_subjects: vec![],
        thin_areas: vec![UrbanRuralCategory::Urban, UrbanRuralCategory::Rural],
        ..default
    };
    let p = pipeline(&rosters, &[], &places(), &every, 2024);
    let subjects: Vec<_> = p.thin.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!(subjects, ["语文", "音乐"]);
}

proptest! {
    #[test]
    fn the_count_changes_by_gains_minus_losses(
        a in proptest::collection::vec((0u32..3, 0usize..3, any::<bool>()), 0..12),
        b in proptest::collection::vec((0u32..3, 0usize..3, any::<bool>()), 0..12),
    ) {
        let levels = [No, District, City];
        let roster = |rows: &[(u32, usize, bool)], year| -> Vec<Teacher> {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.2)
                .map(|(i, r)| teacher(&format!("T{i}"), year, r.0 + 1, levels[r.1], "语文"))
                .collect()
        };
        let rosters = BTreeMap::from([(2023, roster(&a, 2023)), (2024, roster(&b, 2024))]);
        let s = PipelineSettings::default();
        let before = pipeline(&rosters, &[], &places(), &s, 2023);
        let now = pipeline(&rosters, &[], &places(), &s, 2024);
        let f = now.district.flows.unwrap();
        prop_assert_eq!(
            i64::from(now.district.backbone) - i64::from(before.district.backbone),
            i64::from(f.gained()) - i64::from(f.lost())
        );
    }
}
