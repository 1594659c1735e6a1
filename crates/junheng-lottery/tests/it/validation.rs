//! Invalid inputs are refused with a Chinese message naming the record.

use junheng_lottery::{DrawError, InputError, Inputs, ZoneMode, draw, freeze};

use crate::common::{applicant, ceremony, school, school_with_quota, zone};

fn base() -> Inputs {
    Inputs {
        title: "校验".into(),
        zones: vec![
            zone("Z1", ZoneMode::Sequential),
            zone("Z2", ZoneMode::SingleSchool),
        ],
        schools: vec![
            school("S1", "Z1", 2),
            school("S2", "Z1", 1),
            school("T1", "Z2", 1),
        ],
        applicants: vec![
            applicant("A1", "Z1", 0, &["S1", "S2"]),
            applicant("A2", "Z2", 0, &["T1"]),
        ],
    }
}

fn message(inputs: &Inputs) -> String {
    freeze(inputs).unwrap_err().to_string()
}

#[test]
fn valid_base_freezes() {
    assert!(freeze(&base()).is_ok());
}

#[test]
fn messages_name_the_record_and_the_expectation() {
    let mut i = base();
    i.applicants.push(applicant("A1", "Z1", 0, &["S1"]));
    assert_eq!(message(&i), "报名号 A1 重复出现，应唯一");

    let mut i = base();
    i.applicants[0].preferences.push("S9".into());
    assert_eq!(message(&i), "报名号 A1 的第 3 志愿 S9 不是已登记的学校");

    let mut i = base();
    i.applicants[0].preferences.push("T1".into());
    assert_eq!(
        message(&i),
        "报名号 A1 的第 3 志愿 T1 属于学区 Z2，不在其学区 Z1 内"
    );

    let mut i = base();
    i.applicants[0].preferences.push("S1".into());
    assert_eq!(message(&i), "报名号 A1 的第 3 志愿 S1 与第 1 志愿重复");

    let mut i = base();
    i.schools[1].capacity = 0;
    assert_eq!(message(&i), "学校 S2 的招生计划（学位数）为 0，应至少为 1");

    let mut i = base();
    i.applicants[1].preferences.push("T1".into());
    assert!(message(&i).contains("单校派位，只能填报 1 个志愿，实际填报了 2 个"));

    let mut i = base();
    i.applicants[1].preferences.clear();
    assert_eq!(message(&i), "报名号 A2 没有填报任何志愿，应至少填报 1 个");

    let mut i = base();
    i.applicants[0].zone = "Z9".into();
    assert_eq!(
        message(&i),
        "报名号 A1 的学区 Z9 不存在，应为已登记的学区之一"
    );

    let mut i = base();
    i.schools[0].zone = "Z9".into();
    assert_eq!(
        message(&i),
        "学校 S1 所属学区 Z9 不存在，应为已登记的学区之一"
    );

    let mut i = base();
    i.zones.push(zone("Z3", ZoneMode::DeferredAcceptance));
    assert_eq!(message(&i), "学区 Z3 没有任何学校");

    let mut i = base();
    i.schools[0] = school_with_quota("S1", "Z1", 2, "直升", 3);
    assert_eq!(message(&i), "学校 S1 的各类别名额合计 3 超过招生计划 2");

    let mut i = base();
    i.schools[0] = school_with_quota("S1", "Z1", 2, "直升", 0);
    assert!(message(&i).starts_with("学校 S1 的类别名额「直升」的名额为 0"));

    let mut i = base();
    i.applicants[0].sibling = Some("A9".into());
    assert_eq!(message(&i), "报名号 A1 的同胞报名号 A9 不在报名名单中");

    let mut i = base();
    i.applicants[0].sibling = Some("A1".into());
    assert!(matches!(freeze(&i), Err(InputError::BadSibling { .. })));

    let mut i = base();
    i.applicants[0].id = "A\n1".into();
    assert!(message(&i).contains("含有控制字符"));

    let mut i = base();
    i.applicants.clear();
    assert_eq!(message(&i), "报名名单为空：至少需要一名报名者");
}

#[test]
fn draw_refuses_bad_witnesses() {
    let err = draw(&base(), &[]).unwrap_err();
    assert!(matches!(err, DrawError::Witness(_)));
    assert!(
        err.to_string()
            .starts_with("见证人输入值有误：没有见证人输入值"),
        "{err}"
    );
    let mut w = ceremony();
    w[1].value = "  ".into();
    assert_eq!(
        draw(&base(), &w).unwrap_err().to_string(),
        "见证人输入值有误：第 2 位见证人（公证员）的输入值为空"
    );
}

#[test]
fn unknown_fields_are_rejected_when_reading_json() {
    let err =
        Inputs::from_json(r#"{"zones":[],"schools":[],"applicants":[],"colour":1}"#).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
}
