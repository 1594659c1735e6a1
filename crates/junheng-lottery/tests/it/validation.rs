//! Invalid inputs are refused with a Chinese message naming the record.

use junheng_lottery::{DrawError, InputError, Inputs, Version, ZoneMode, draw, freeze, seal};

use crate::common::{applicant, ceremony, school, school_with_quota, sealed, test_key, zone};

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
        key_commitment: None,
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

#[test]
fn sealed_inputs_name_applicants_only_by_public_code() {
    let mut i = base();
    i.applicants[0].sibling = Some("A2".into());
    let sealed = sealed(&i);
    assert_eq!(sealed.inputs.version(), Version::V2);
    assert!(freeze(&sealed.inputs).is_ok());
    let code = |r: &str| test_key().public_code(r);
    let a1 = sealed.inputs.applicants.iter().find(|a| a.id == code("A1"));
    assert_eq!(a1.unwrap().sibling, Some(code("A2")), "siblings follow");

    // A 报名号 slipped into a version 2 list is refused, and only its start is shown.
    let mut v2 = sealed.inputs.clone();
    v2.applicants[1].id = "2025000001".into();
    let err = freeze(&v2).unwrap_err();
    assert!(matches!(
        err,
        InputError::NotPublicCode {
            kind: "报名号", ..
        }
    ));
    assert!(err.to_string().contains("「202…」"), "{err}");
    assert!(!err.to_string().contains("2025000001"), "{err}");
    let mut v2 = sealed.inputs.clone();
    v2.applicants[0].sibling = Some("A2".into());
    v2.applicants[1].sibling = Some("A2".into());
    assert!(matches!(
        freeze(&v2),
        Err(InputError::NotPublicCode {
            kind: "同胞报名号",
            ..
        })
    ));
    let mut v2 = sealed.inputs.clone();
    v2.key_commitment = Some("ABC".into());
    assert_eq!(freeze(&v2), Err(InputError::BadKeyCommitment));

    assert_eq!(
        seal(&sealed.inputs, &test_key()),
        Err(InputError::AlreadySealed)
    );
    let mut bad = base();
    bad.applicants[0].preferences.push("S9".into());
    assert!(matches!(
        seal(&bad, &test_key()),
        Err(InputError::UnknownSchool { .. })
    ));
}

#[test]
fn the_format_tag_says_whether_a_key_commitment_is_there() {
    let v1 = String::from_utf8(freeze(&base()).unwrap().canonical).unwrap();
    let v2 = String::from_utf8(freeze(&sealed(&base()).inputs).unwrap().canonical).unwrap();
    assert_eq!(Inputs::from_json(&v1).unwrap().version(), Version::V1);
    assert_eq!(Inputs::from_json(&v2).unwrap().version(), Version::V2);
    // Without a format tag: version 1 (hand-written lists).
    let untagged = v1.replace(r#""format":"junheng-lottery-inputs/1","#, "");
    assert_eq!(Inputs::from_json(&untagged).unwrap(), base());
    let err = Inputs::from_json(&v2.replace("inputs/2", "inputs/1")).unwrap_err();
    assert!(err.to_string().contains("key_commitment"), "{err}");
    let at = v2.find(r#","key_commitment""#).unwrap();
    let without = format!("{}{}", &v2[..at], &v2[at + 84..]);
    let err = Inputs::from_json(&without).unwrap_err();
    assert!(err.to_string().contains("缺少 key_commitment"), "{err}");
    // Written JSON (the pack's copy) reads back as the same inputs, in both versions.
    for inputs in [base(), sealed(&base()).inputs] {
        let json = serde_json::to_string(&inputs).unwrap();
        assert_eq!(Inputs::from_json(&json).unwrap(), inputs);
    }
}
