use junheng_core::school::UrbanRural;

use super::*;
use crate::testing::{id, school, teacher};

fn studio(name: &str, host: &str, members: &[&str]) -> Studio {
    Studio {
        name: name.into(),
        kind: "领雁工程项目".into(),
        level: Level::City,
        subject: "数学".into(),
        host: id(host),
        host_school: school(1),
        start: "2023-09-01".into(),
        end: Some("2026-08-31".into()),
        status: Status::Active,
        members: members.iter().map(|m| id(m)).collect(),
    }
}

fn schools() -> Vec<(SchoolCode, Option<UrbanRural>)> {
    vec![
        (school(1), Some(UrbanRural::Urban)),
        (school(2), Some(UrbanRural::Rural)),
        (school(3), Some(UrbanRural::Rural)),
        (school(4), None),
    ]
}

#[test]
fn words_round_trip() {
    for l in Level::ALL {
        assert_eq!(Level::parse(l.label()), Some(*l));
        assert_eq!(Level::from_id(l.id()), Some(*l));
    }
    for k in OutputKind::ALL {
        assert_eq!(OutputKind::parse(k.label()), Some(*k));
    }
    assert_eq!(Status::expected(), "运行中、已结业、已撤销");
    assert!(!StudioSettings::default().kind_allowed("兴趣小组"));
}

#[test]
fn a_studio_counts_while_its_period_meets_the_year_unless_revoked() {
    let mut s = studio("A", "T1", &[]);
    assert!(s.counts_in(2023) && s.counts_in(2025));
    assert!(!s.counts_in(2026) && !s.counts_in(2022));
    // Ending on 1 September of a year still meets it; ending the day before does not.
    s.end = Some("2025-09-01".into());
    assert!(s.counts_in(2025));
    s.end = Some("2025-08-31".into());
    assert!(!s.counts_in(2025));
    s.end = None;
    s.status = Status::Revoked;
    assert!(!s.counts_in(2024));
}

#[test]
fn reach_counts_people_backbone_rural_and_schools_without_member() {
    let roster = vec![
        teacher("T1", 1, true, None),
        teacher("T2", 2, false, None),
        teacher("T3", 2, true, None),
        teacher("T4", 3, false, None),
    ];
    let studios = vec![
        studio("A", "T1", &["T2", "T3", "T9", "T1"]),
        studio("B", "T3", &["T2"]),
    ];
    let outputs = vec![
        Output {
            studio: "A".into(),
            year: 2024,
            kind: OutputKind::Outreach,
            count: 3,
            schools: vec![school(2), school(3)],
        },
        Output {
            studio: "A".into(),
            year: 2023,
            kind: OutputKind::Outreach,
            count: 5,
            schools: vec![school(4)],
        },
        Output {
            studio: "B".into(),
            year: 2024,
            kind: OutputKind::Lessons,
            count: 2,
            schools: vec![school(1)],
        },
    ];
    let r = reach(2024, &studios, &outputs, &roster, &schools());
    let a = &r.studios[0];
    assert_eq!((a.people, a.backbone, a.rural), (3, 2, 2));
    assert_eq!(a.not_on_roster, vec![id("T9")]);
    assert_eq!(a.schools, vec![school(1), school(2)]);
    assert_eq!(a.output(OutputKind::Outreach), 3);
    assert_eq!(a.rural_reached, 2);
    assert!(a.involves(&school(2)) && !a.involves(&school(3)));
    let d = &r.district;
    assert_eq!(d.studios, 2);
    assert_eq!(d.teachers, 4);
    assert_eq!(d.per_100_teachers, Some(50.0));
    assert_eq!((d.people, d.backbone, d.rural), (3, 2, 2));
    assert_eq!(d.backbone_share, Some(2.0 / 3.0));
    assert_eq!((d.rural_schools, d.rural_schools_with_member), (2, 1));
    assert_eq!(d.rural_schools_reached, 2);
    assert_eq!(d.schools_without_member, vec![school(3), school(4)]);
    assert_eq!(d.outputs, vec![2, 0, 0, 0, 3]);
}

#[test]
fn a_studio_outside_the_year_adds_nothing_to_the_district() {
    let roster = vec![teacher("T1", 2, true, None)];
    let mut s = studio("A", "T1", &[]);
    s.status = Status::Revoked;
    let r = reach(2024, &[s], &[], &roster, &schools());
    assert!(!r.studios[0].counts);
    assert_eq!(r.studios[0].people, 1);
    assert_eq!((r.district.studios, r.district.people), (0, 0));
    assert_eq!(r.district.backbone_share, None);
    assert_eq!(r.district.per_100_teachers, Some(0.0));
    assert_eq!(r.district.schools_without_member.len(), 4);
    let empty = reach(2024, &[], &[], &[], &[]);
    assert_eq!(empty.district.per_100_teachers, None);
}
