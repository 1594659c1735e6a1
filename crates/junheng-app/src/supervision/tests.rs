//! The use-case on a real SQLite store: who may do what, a visit raising its tasks, the
//! completion of a visit whose tasks were not all raised, scopes and filters.

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::record::RecordRef;
use junheng_store::{ImportSource, NewUser, Store};

use super::*;
use crate::tasks::{Recheck, recheck};

const TODAY: &str = "2025-06-01";

fn user(name: &str, role: Role, scope: UserScope) -> User {
    User {
        id: 1,
        name: name.into(),
        display_name: String::new(),
        role,
        scope,
        district: None,
        active: true,
        pending_by: None,
        created_at: String::new(),
        external: false,
        must_change_password: false,
        locked_until: None,
    }
}

/// A district with its statistics and three supervisors: `dux1` and `dux2` active, `dux3`
/// deactivated; and an administrator `admin`.
async fn district() -> (tempfile::TempDir, Store, DistrictStore, Vec<SchoolRecord>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let id = store.only_district().await.unwrap().id;
    let home = store.in_district(id);
    let records = generate(&DemoSpec {
        schools: 40,
        seed: 5,
        year: 2024,
    });
    home.import_statistics(
        2024,
        &records,
        &ImportSource::new("t.csv", b"t", ""),
        &Actor::new("admin"),
    )
    .await
    .unwrap();
    for (name, role) in [
        ("dux1", Role::Supervisor),
        ("dux2", Role::Supervisor),
        ("dux3", Role::Supervisor),
        ("admin", Role::Admin),
    ] {
        let u = store
            .create_user(
                &NewUser {
                    name: name.into(),
                    display_name: name.into(),
                    role,
                    scope: UserScope::District,
                    district: Some(id),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                },
                &Actor::system(),
            )
            .await
            .unwrap();
        if name == "dux3" {
            store
                .set_active(u.id, false, &Actor::system())
                .await
                .unwrap();
        }
    }
    (dir, store, home, records)
}

fn caller(name: &str, role: Role, scope: UserScope) -> Caller {
    Caller::of(&user(name, role, scope))
}

fn admin() -> Caller {
    caller("admin", Role::Admin, UserScope::District)
}

fn dux(name: &str) -> Caller {
    caller(name, Role::Supervisor, UserScope::District)
}

fn input<'a>(school: &'a str, findings: &'a str) -> VisitInput<'a> {
    VisitInput {
        school,
        visited_on: "2025-03-18",
        supervisor: "",
        summary: "随堂听课两节，查看功能室和实验室",
        findings,
        deadline: "",
    }
}

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

#[tokio::test]
async fn a_visit_raises_one_task_per_finding_owned_by_the_school() {
    let (_dir, _store, home, records) = district().await;
    let code = records[3].code.to_string();
    let d = dux("dux1");
    let recorded = record_visit(
        &home,
        &d,
        &input(&code, "严重：实验室存在安全隐患\n功能室使用记录不全"),
        TODAY,
        DEFAULT_DEADLINE_DAYS,
    )
    .await
    .unwrap();
    let visit = &recorded.visit;
    assert_eq!(visit.supervisor, "dux1", "recorded under their own login");
    assert_eq!(visit.created_by, "dux1");
    assert_eq!(recorded.tasks.len(), 2);
    for (f, t) in visit.findings.iter().zip(&recorded.tasks) {
        assert_eq!(f.task, Some(t.id));
        assert_eq!(t.owner.kind, OwnerKind::School);
        assert_eq!(t.owner.key, code);
        assert_eq!(t.deadline, "2025-04-17", "the visit's day plus 30 days");
        assert_eq!(t.source.as_ref(), Some(&f.record()));
        assert_eq!(t.status, TaskStatus::Open);
        assert_eq!(t.created_by, "dux1");
    }
    assert_eq!(recorded.tasks[0].title, "整改：实验室存在安全隐患");
    assert!(recorded.tasks[0].detail.contains("（严重）"));
    assert_eq!(visit.findings[0].severity, Severity::Severe);
    // Closing such a task re-checks nothing automatically: a supervisor confirms on site.
    let found = recheck(&home, recorded.tasks[0].source.as_ref())
        .await
        .unwrap();
    assert!(matches!(found, Recheck::NotCheckable(ref why) if why.contains("现场复核")));

    // An administrator records under a supervisor they name, with a deadline of their own.
    let mut by_admin = input(&code, "作业公示不及时");
    by_admin.supervisor = "dux2";
    by_admin.deadline = "2025-05-31";
    let r = record_visit(&home, &admin(), &by_admin, TODAY, 30)
        .await
        .unwrap();
    assert_eq!(
        (r.visit.supervisor.as_str(), r.visit.created_by.as_str()),
        ("dux2", "admin")
    );
    assert_eq!(r.tasks[0].deadline, "2025-05-31");
    // A visit without findings raises nothing.
    let r = record_visit(&home, &d, &input(&code, "\n \n"), TODAY, 30)
        .await
        .unwrap();
    assert!(r.tasks.is_empty() && r.visit.findings.is_empty());
    assert_eq!(home.visits(&VisitFilter::default()).await.unwrap().len(), 3);
}

#[tokio::test]
async fn refused_visits_write_nothing() {
    let (_dir, store, home, records) = district().await;
    let code = records[3].code.to_string();
    let city = caller("city", Role::City, UserScope::City("500100".into()));
    let school = caller(
        "xz",
        Role::School,
        UserScope::School(records[3].code.clone()),
    );
    for who in [&city, &school] {
        let e = record_visit(&home, who, &input(&code, "问题"), TODAY, 30)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "supervision.forbidden", "{who:?}");
    }
    let mut other = input(&code, "问题");
    other.supervisor = "dux2";
    let e = record_visit(&home, &dux("dux1"), &other, TODAY, 30)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "supervision.forbidden");
    let invalid = |f: &dyn Fn(&mut VisitInput<'_>)| {
        let mut i = input(&code, "问题");
        i.supervisor = "dux1";
        f(&mut i);
        let home = home.clone();
        async move {
            record_visit(&home, &admin(), &i, TODAY, 30)
                .await
                .unwrap_err()
        }
    };
    type Case = (&'static str, Box<dyn Fn(&mut VisitInput<'_>)>);
    let cases: Vec<Case> = vec![
        ("学校标识码", Box::new(|i| i.school = "5001")),
        ("没有学校", Box::new(|i| i.school = "9999999999")),
        ("晚于今天", Box::new(|i| i.visited_on = "2025-06-02")),
        ("实际存在", Box::new(|i| i.visited_on = "2025-02-29")),
        ("没有登录名", Box::new(|i| i.supervisor = "admin")),
        ("已停用", Box::new(|i| i.supervisor = "dux3")),
        ("请选择督学", Box::new(|i| i.supervisor = "")),
        ("督导情况", Box::new(|i| i.summary = " ")),
        ("早于督导日期", Box::new(|i| i.deadline = "2025-03-17")),
        ("整改期限", Box::new(|i| i.deadline = "明天")),
        ("只写了严重程度", Box::new(|i| i.findings = "严重：")),
    ];
    for (says, case) in cases {
        let e = invalid(case.as_ref()).await;
        assert_eq!(e.code(), "store.invalid", "{says}: {e}");
        assert!(e.to_string().contains(says), "{says}: {e}");
    }
    assert!(
        home.visits(&VisitFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(home.tasks(&TaskFilter::default()).await.unwrap().is_empty());
    let entries = store
        .audit_log(&junheng_store::AuditFilter {
            action_prefix: Some("supervision.".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(entries.is_empty());
}

#[tokio::test]
async fn completing_a_visit_raises_only_the_missing_tasks() {
    let (_dir, _store, home, records) = district().await;
    let school = &records[5].code;
    let findings = [
        NewFinding {
            text: "图书更新不足",
            severity: Severity::Serious,
            deadline: "2025-04-30",
        },
        NewFinding {
            text: "作业公示不及时",
            severity: Severity::General,
            deadline: "2025-04-30",
        },
    ];
    // A visit stored without its tasks (as when raising them failed), and one task raised
    // from its second finding but never linked.
    let visit = home
        .record_visit(
            &NewVisit {
                school,
                visited_on: "2025-03-20",
                supervisor: "dux1",
                summary: "督导",
                findings: &findings,
            },
            &Actor::new("dux1"),
        )
        .await
        .unwrap();
    let owner = TaskOwner::new(OwnerKind::School, school.as_str()).unwrap();
    let second: RecordRef = visit.findings[1].record();
    let orphan = home
        .create_task(
            &NewTask {
                title: "整改：作业公示不及时",
                detail: "",
                owner: &owner,
                deadline: "2025-04-30",
                source: Some(&second),
            },
            &Actor::new("dux1"),
        )
        .await
        .unwrap();
    let school_user = caller("xz", Role::School, UserScope::School(school.clone()));
    let e = complete(&home, &school_user, visit.id).await.unwrap_err();
    assert_eq!(e.code(), "supervision.forbidden");
    let done = complete(&home, &admin(), visit.id).await.unwrap();
    assert_eq!(done.tasks.len(), 2);
    assert_eq!(
        done.tasks[1].id, orphan.id,
        "the unlinked task is linked, not raised again"
    );
    assert_eq!(done.visit.findings[1].task, Some(orphan.id));
    assert_eq!(done.tasks[0].deadline, "2025-04-30");
    let again = complete(&home, &admin(), visit.id).await.unwrap();
    assert_eq!(again.tasks, done.tasks);
    assert_eq!(home.tasks(&TaskFilter::default()).await.unwrap().len(), 2);
    assert_eq!(
        complete(&home, &admin(), 9999).await.unwrap_err().code(),
        "store.not_found"
    );
    // What an incomplete visit says.
    let e = SupervisionError::Incomplete {
        visit: 7,
        missing: 2,
        cause: Box::new(TaskError::Store(StoreError::NotFound("该学校"))),
    };
    assert_eq!(e.code(), "supervision.incomplete");
    assert!(
        e.to_string().contains("督导记录 #7 已保存，但其中 2 条"),
        "{e}"
    );
    assert!(
        e.to_string().contains("junheng supervision complete 7"),
        "{e}"
    );
}

#[tokio::test]
async fn assignments_name_active_supervisors_and_units_of_the_district() {
    let (_dir, _store, home, records) = district().await;
    let zone = records.iter().find_map(|r| r.zone.clone()).unwrap();
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    let a = assign(
        &home,
        &admin(),
        &AssignInput {
            supervisor: "dux1",
            unit_kind: "zone",
            unit: &zone,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (a.unit_kind, a.unit_name.as_str()),
        (UnitKind::Zone, zone.as_str())
    );
    assign(
        &home,
        &admin(),
        &AssignInput {
            supervisor: "dux2",
            unit_kind: "教育集团",
            unit: &group,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap();
    let bad = |supervisor: &'static str, kind: &'static str, unit: String| {
        let home = home.clone();
        async move {
            assign(
                &home,
                &admin(),
                &AssignInput {
                    supervisor,
                    unit_kind: kind,
                    unit: &unit,
                    since: "2024-09-01",
                },
            )
            .await
            .unwrap_err()
        }
    };
    assert!(
        bad("dux1", "zone", "火星学区".into())
            .await
            .to_string()
            .contains("没有名为")
    );
    assert!(
        bad("dux1", "group", "无名集团".into())
            .await
            .to_string()
            .contains("没有名为")
    );
    assert!(
        bad("dux1", "town", zone.clone())
            .await
            .to_string()
            .contains("负责单位类型")
    );
    assert!(
        bad("admin", "zone", zone.clone())
            .await
            .to_string()
            .contains("没有登录名")
    );
    assert!(
        bad("dux3", "zone", zone.clone())
            .await
            .to_string()
            .contains("已停用")
    );
    let e = assign(
        &home,
        &dux("dux1"),
        &AssignInput {
            supervisor: "dux1",
            unit_kind: "zone",
            unit: &zone,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "supervision.forbidden");
    assert_eq!(
        end(&home, &dux("dux1"), a.id, "2025-01-31")
            .await
            .unwrap_err()
            .code(),
        "supervision.forbidden"
    );
    let ended = end(&home, &admin(), a.id, " 2025-01-31 ").await.unwrap();
    assert_eq!(ended.until.as_deref(), Some("2025-01-31"));

    // A school sees the assignments of its own 学区 and group only.
    let r = records
        .iter()
        .find(|r| r.zone.as_deref() == Some(zone.as_str()))
        .unwrap();
    let scope = Scope::of(
        &caller("xz", Role::School, UserScope::School(r.code.clone())),
        &records,
    );
    let seen = assignments(&home, &scope).await.unwrap();
    assert!(seen.iter().any(|a| a.unit_name == zone));
    assert!(seen.iter().all(|a| scope.sees_assignment(a)));
    assert_eq!(
        assignments(&home, &Scope::of(&admin(), &records))
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn visits_are_listed_within_the_scope_and_filters() {
    let (_dir, _store, home, records) = district().await;
    let (a, b) = {
        let a = records.iter().find(|r| r.group.is_some()).unwrap();
        let b = records
            .iter()
            .find(|r| r.group != a.group && r.zone != a.zone)
            .unwrap();
        (a, b)
    };
    for (r, day, by) in [(a, "2025-03-18", "dux1"), (b, "2025-04-02", "dux2")] {
        let mut i = input(r.code.as_str(), "问题");
        i.visited_on = day;
        i.supervisor = by;
        record_visit(&home, &admin(), &i, TODAY, 30).await.unwrap();
    }
    let all = Scope::of(&admin(), &records);
    let (ca, cb) = (a.code.to_string(), b.code.to_string());
    let (ca, cb) = (ca.as_str(), cb.as_str());
    let list = |scope: Scope, query: VisitQuery| {
        let home = home.clone();
        let records = records.clone();
        async move {
            visits(&home, &scope, &query, &records)
                .await
                .unwrap()
                .into_iter()
                .map(|v| v.school.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(all.clone(), VisitQuery::default()).await, [cb, ca]);
    let school = Scope::of(
        &caller("xz", Role::School, UserScope::School(a.code.clone())),
        &records,
    );
    assert_eq!(list(school.clone(), VisitQuery::default()).await, [ca]);
    // Asking for another school within a school's scope finds nothing.
    let theirs = VisitQuery {
        school: Some(b.code.clone()),
        ..VisitQuery::default()
    };
    assert!(list(school.clone(), theirs.clone()).await.is_empty());
    assert_eq!(list(all.clone(), theirs).await, [cb]);
    let lead = Scope::of(
        &caller(
            "lead",
            Role::GroupLead,
            UserScope::Group(a.group.clone().unwrap()),
        ),
        &records,
    );
    assert_eq!(list(lead, VisitQuery::default()).await, [ca]);
    let by_unit = VisitQuery {
        unit: Some((UnitKind::Group, a.group.clone().unwrap())),
        ..VisitQuery::default()
    };
    assert_eq!(list(all.clone(), by_unit).await, [ca]);
    let by_zone = VisitQuery {
        unit: Some((UnitKind::Zone, b.zone.clone().unwrap())),
        ..VisitQuery::default()
    };
    assert_eq!(list(all.clone(), by_zone).await, [cb]);
    let by_dates = VisitQuery {
        supervisor: Some("dux1".into()),
        from: Some("2025-03-01".into()),
        to: Some("2025-03-31".into()),
        ..VisitQuery::default()
    };
    assert_eq!(list(all.clone(), by_dates).await, [ca]);
    let e = visits(
        &home,
        &all,
        &VisitQuery {
            from: Some("2025-3-1".into()),
            ..VisitQuery::default()
        },
        &records,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("起始日期"), "{e}");
    // One visit at a time, and the visit of a finding.
    let theirs = visits(&home, &all, &VisitQuery::default(), &records)
        .await
        .unwrap();
    let visit_b = &theirs[0];
    assert_eq!(
        visit(&home, &school, visit_b.id).await.unwrap_err().code(),
        "supervision.forbidden"
    );
    assert_eq!(visit(&home, &all, visit_b.id).await.unwrap(), *visit_b);
    let f = visit_b.findings[0].id;
    assert_eq!(
        visit_of_finding(&home, &all, f).await.unwrap().id,
        visit_b.id
    );
    assert!(visit_of_finding(&home, &school, f).await.is_err());
    // Progress: one finding, its task open, overdue after its deadline.
    let tasks = finding_tasks(&home).await.unwrap();
    assert_eq!(tasks.len(), 2);
    let p = progress(visit_b, &tasks, "2025-05-03");
    assert_eq!((p.findings, p.raised, p.done, p.overdue), (1, 1, 0, 1));
    let p = progress(visit_b, &tasks, "2025-05-02");
    assert_eq!(p.overdue, 0);
}
