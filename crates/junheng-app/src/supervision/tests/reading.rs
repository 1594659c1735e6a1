//! Who is who, what they see, and the findings of a form.

use super::*;

#[test]
fn standings_follow_role_and_scope_and_fail_closed() {
    let code = SchoolCode::parse("5001120001").unwrap();
    assert!(admin().may_assign() && admin().may_record() && admin().sees_all());
    let d = dux("dux1");
    assert!(!d.may_assign() && d.may_record() && d.sees_all());
    let city = caller("city", Role::City, UserScope::City("500100".into()));
    assert_eq!(city.standing, Standing::Reader);
    assert!(city.sees_all() && !city.may_record() && !city.may_assign());
    let school = caller("xz", Role::School, UserScope::School(code.clone()));
    assert!(!school.sees_all() && !school.may_record());
    let odd = caller("odd", Role::Supervisor, UserScope::School(code));
    assert_eq!(odd.standing, Standing::Nobody);
    assert!(!odd.may_record() && !odd.sees_all());
    let operator = Caller::operator(&Actor::system());
    assert!(operator.may_assign() && operator.may_record());
}

#[test]
fn scopes_read_the_latest_statistics() {
    let records = generate(&DemoSpec {
        schools: 40,
        seed: 5,
        year: 2024,
    });
    let r = records
        .iter()
        .find(|r| r.group.is_some() && r.zone.is_some())
        .unwrap();
    let zone = r.zone.clone().unwrap();
    let group = r.group.clone().unwrap();
    let school = Scope::of(
        &caller("xz", Role::School, UserScope::School(r.code.clone())),
        &records,
    );
    assert_eq!(school.schools, Some([r.code.clone()].into()));
    assert!(school.zones.contains(&zone) && school.groups.contains(&group));
    let lead = Scope::of(
        &caller("lead", Role::GroupLead, UserScope::Group(group.clone())),
        &records,
    );
    let members = records
        .iter()
        .filter(|x| x.group.as_deref() == Some(group.as_str()))
        .count();
    assert_eq!(lead.schools.as_ref().unwrap().len(), members);
    assert!(lead.sees(&r.code));
    let zl = Scope::of(
        &caller("zl", Role::ZoneLead, UserScope::Zone(zone.clone())),
        &records,
    );
    assert!(zl.sees(&r.code) && zl.zones.contains(&zone));
    assert!(Scope::of(&admin(), &records).schools.is_none());
    let nobody = Scope::of(
        &caller("odd", Role::Supervisor, UserScope::School(r.code.clone())),
        &records,
    );
    assert!(!nobody.sees(&r.code));
}

#[test]
fn findings_are_read_one_a_line() {
    let found = parse_findings(
        " - 较重：图书更新不足\n（2）[严重]消防通道堆放杂物\n3、一般: 作业公示不及时\n\n较重一点的问题",
    )
    .unwrap();
    assert_eq!(
        found,
        [
            (Severity::Serious, "图书更新不足".to_owned()),
            (Severity::Severe, "消防通道堆放杂物".to_owned()),
            (Severity::General, "作业公示不及时".to_owned()),
            (Severity::General, "较重一点的问题".to_owned()),
        ]
    );
    assert!(parse_findings("").unwrap().is_empty());
    let long = "字".repeat(MAX_FINDING_TEXT + 1);
    let e = parse_findings(&format!("第一条\n{long}")).unwrap_err();
    assert!(e.to_string().contains("第 2 条"), "{e}");
    let many = "问题\n".repeat(MAX_VISIT_FINDINGS + 1);
    assert!(parse_findings(&many).is_err());
    assert_eq!(task_title("短"), "整改：短");
    let title = task_title(&"字".repeat(200));
    assert_eq!(title.chars().count(), MAX_TASK_TITLE);
    assert!(title.ends_with('…'));
}
