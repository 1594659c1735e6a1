use junheng_core::school::SchoolCode;
use junheng_rotation::synth::example_teacher;
use junheng_rotation::{Teacher, TeacherId};

use super::*;

fn teacher(id: &str, school: &str) -> Teacher {
    let mut t = example_teacher(2010, 1985);
    t.id = TeacherId::parse(id).unwrap();
    t.school = SchoolCode::parse(school).unwrap();
    t
}

fn award(id: &str, year: i32, level: AwardLevel) -> Award {
    Award {
        teacher: TeacherId::parse(id).unwrap(),
        year,
        kind: AwardKind::Contest,
        level,
        title: "优质课一等奖".into(),
    }
}

fn ethics(id: &str, level: &str) -> EthicsResult {
    EthicsResult {
        teacher: TeacherId::parse(id).unwrap(),
        year: 2024,
        level: level.into(),
    }
}

#[test]
fn awards_count_per_level_per_hundred_teachers_of_the_roster() {
    let roster = [
        teacher("A", "5001120001"),
        teacher("B", "5001120001"),
        teacher("C", "5001120002"),
    ];
    let awards = [
        award("A", 2024, AwardLevel::City),
        award("B", 2024, AwardLevel::City),
        award("C", 2024, AwardLevel::National),
        award("C", 2023, AwardLevel::National), // another year
        award("Z", 2024, AwardLevel::National), // not in the roster
    ];
    let s = aggregate(&roster, &awards, &[], &HonoursSettings::default(), 2024);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].awards, [0, 0, 2, 0, 0]);
    assert_eq!(s[0].awards_per_100.unwrap()[2], 100.0);
    assert_eq!(s[1].awards[0], 1);
    assert_eq!((s[0].ethics_missing, s[1].ethics_missing), (2, 1));
}

#[test]
fn ethics_are_distributed_over_the_set_levels_and_failing_is_flagged() {
    let roster = [teacher("A", "5001120001"), teacher("B", "5001120001")];
    let settings = HonoursSettings::default();
    let s = aggregate(
        &roster,
        &[],
        &[ethics("A", "优秀"), ethics("B", "基本合格")],
        &settings,
        2024,
    );
    assert_eq!((s[0].ethics.clone(), s[0].failing), (vec![1, 0, 1, 0], 0));
    let strict = HonoursSettings {
        ethics_failing: vec!["基本合格".into(), "不合格".into()],
        ..settings.clone()
    };
    let s = aggregate(
        &roster,
        &[],
        &[ethics("A", "优秀"), ethics("B", "基本合格")],
        &strict,
        2024,
    );
    assert_eq!(s[0].failing, 1);
    assert_eq!(settings.ethics_level(" 合格 "), Some("合格"));
    assert_eq!(settings.ethics_level("良好"), None);
}
