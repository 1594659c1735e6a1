use super::*;
use crate::demo::{DemoSpec, generate};
use crate::school::SchoolRecord;

fn school(code: &str, rural: bool, primary: u32, junior: u32) -> SchoolRecord {
    let mut r = generate(&DemoSpec {
        schools: 1,
        seed: 5,
        year: 2024,
    })
    .remove(0);
    r.code = SchoolCode::parse(code).unwrap();
    r.name = format!("学校{code}");
    r.urban_rural = Some(if rural {
        UrbanRural::Rural
    } else {
        UrbanRural::Urban
    });
    r.primary.classes = primary;
    r.junior.classes = junior;
    r
}

#[test]
fn kinds_round_trip() {
    for k in ClassroomKind::ALL {
        assert_eq!(ClassroomKind::parse(k.id()), Some(k));
        assert_eq!(ClassroomKind::parse(k.label()), Some(k));
    }
    assert_eq!(ClassroomKind::parse("空中课堂"), None);
}

#[test]
fn scheduled_lessons_follow_the_grade_bands() {
    let plan = LessonPlan::national();
    plan.check().unwrap();
    // 科学: 1 a week in grades 1–2 (2 of 6 classes), 2 in 3–6 (4 of 6); none in 7–9.
    let nine_year = school("5001120001", true, 12, 6);
    assert_eq!(
        scheduled(&plan, "科学", Some(&nine_year)),
        Scheduled::Lessons((1.0 * 4.0 + 2.0 * 8.0) * 35.0)
    );
    // 音乐: 2 a week in 1–6, 1 in 7–9.
    assert_eq!(
        scheduled(&plan, "音乐", Some(&nine_year)),
        Scheduled::Lessons((2.0 * 12.0 + 6.0) * 35.0)
    );
    let junior = school("5001120002", true, 0, 9);
    assert_eq!(
        scheduled(&plan, "科学", Some(&junior)),
        Scheduled::NotPlanned
    );
    let unknown = school("5001120003", true, 0, 0);
    assert_eq!(scheduled(&plan, "音乐", Some(&unknown)), Scheduled::Unknown);
    assert_eq!(scheduled(&plan, "音乐", None), Scheduled::Unknown);
    let mut short = plan.clone();
    short.weeks = 0;
    assert!(short.check().is_err());
    short.weeks = 36;
    short.subjects.insert("书法".into(), [1.0, -1.0, 0.0]);
    assert!(short.check().unwrap_err().contains("书法"));
}

#[test]
fn usage_lists_rural_schools_with_every_planned_subject_then_all() {
    let plan = LessonPlan::national();
    let records = vec![
        school("5001120001", true, 6, 0),
        school("5001120002", false, 24, 0),
        school("5001120003", true, 0, 0),
    ];
    let a = SchoolCode::parse("5001120001").unwrap();
    let b = SchoolCode::parse("5001120002").unwrap();
    let outside = SchoolCode::parse("5001129999").unwrap();
    let received = [
        Received {
            school: &a,
            subject: "音乐",
            minutes: 40,
        },
        Received {
            school: &a,
            subject: "音乐",
            minutes: 40,
        },
        Received {
            school: &a,
            subject: "英语",
            minutes: 45,
        },
        Received {
            school: &b,
            subject: "美术",
            minutes: 40,
        },
        Received {
            school: &outside,
            subject: "科学",
            minutes: 40,
        },
    ];
    let rural = usage(&records, &received, &plan, Schools::Rural);
    // Two rural schools × (音乐, 科学, 美术) and 英语 for the first.
    assert_eq!(rural.len(), 7);
    let music = rural
        .iter()
        .find(|u| u.school == a && u.subject == "音乐")
        .unwrap();
    assert_eq!((music.sessions, music.minutes), (2, 80));
    assert!((music.hours - 80.0 / 60.0).abs() < 1e-12);
    assert_eq!(music.scheduled, Scheduled::Lessons(2.0 * 6.0 * 35.0));
    assert_eq!(music.share, Some(2.0 / 420.0));
    let english = rural.iter().find(|u| u.subject == "英语").unwrap();
    assert_eq!(english.scheduled, Scheduled::NotPlanned);
    assert_eq!(english.share, None);
    // The rural school without classes: 未接入, nothing made up.
    let blank = rural
        .iter()
        .find(|u| u.school.as_str() == "5001120003")
        .unwrap();
    assert_eq!(
        (blank.scheduled, blank.share, blank.classes),
        (Scheduled::Unknown, None, None)
    );
    let all = usage(&records, &received, &plan, Schools::All);
    assert!(
        all.iter()
            .any(|u| u.school == b && u.subject == "美术" && u.sessions == 1)
    );
    let stranger = all
        .iter()
        .find(|u| u.school == outside && u.subject == "科学")
        .unwrap();
    assert_eq!(
        (stranger.scheduled, stranger.name.as_str()),
        (Scheduled::Unknown, "")
    );
    assert_eq!(all.len(), 7 + 3 + 3);
}
