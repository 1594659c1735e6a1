//! 责任督学: assignments recorded, ended and never doubled; a visit written with its findings at
//! once and its audit entry; filters; a finding linked to the task raised from it, once; bad
//! input writing nothing; the district boundary; backups that carry the three tables.

use std::io::Cursor;

use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use junheng_store::limits;
use junheng_store::{
    AuditFilter, NewAssignment, NewFinding, NewTask, NewVisit, OwnerKind, Role, Scope, Severity,
    Store, TaskOwner, UnitKind, VisitFilter,
};

use crate::helpers::{Home, dux, sqlite_store};
use crate::users::new_user;

store_tests!(
    assignments_are_recorded_ended_and_never_doubled,
    a_visit_is_written_with_its_findings_and_linked_to_their_tasks,
    bad_visits_and_assignments_write_nothing,
    supervision_belongs_to_its_district,
    backups_carry_assignments_visits_and_findings,
);

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn zone<'a>(supervisor: &'a str, unit: &'a str, since: &'a str) -> NewAssignment<'a> {
    NewAssignment {
        supervisor,
        unit_kind: UnitKind::Zone,
        unit_name: unit,
        since,
    }
}

const TWO: [NewFinding<'static>; 2] = [
    NewFinding {
        text: " 功能室使用记录不全 ",
        severity: Severity::General,
        deadline: "2025-04-17",
    },
    NewFinding {
        text: "实验室存在安全隐患",
        severity: Severity::Severe,
        deadline: "2025-03-31",
    },
];

fn visit<'a>(school: &'a SchoolCode, day: &'a str, findings: &'a [NewFinding<'a>]) -> NewVisit<'a> {
    NewVisit {
        school,
        visited_on: day,
        supervisor: "dux1",
        summary: " 随堂听课两节，查看功能室 ",
        findings,
    }
}

/// The entries of the audit log whose action starts with `prefix`, oldest first.
async fn audit(store: &Store, prefix: &str) -> Vec<(String, String, String)> {
    let mut entries: Vec<_> = store
        .audit_log(&AuditFilter {
            action_prefix: Some(prefix.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.target, e.detail))
        .collect();
    entries.reverse();
    entries
}

async fn assignments_are_recorded_ended_and_never_doubled(store: Store) {
    let home = store.home().await;
    for (name, role, scope) in [
        ("dux1", Role::Supervisor, Scope::District),
        ("dux2", Role::Supervisor, Scope::District),
        ("admin", Role::Admin, Scope::District),
    ] {
        store
            .create_home_user(&new_user(name, role, scope), &dux())
            .await
            .unwrap();
    }
    let supervisors: Vec<String> = home
        .supervisors()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(supervisors, ["dux1", "dux2"]);

    let a = home
        .assign_supervisor(&zone(" dux1 ", " 第一学区 ", "2024-09-01"), &dux())
        .await
        .unwrap();
    assert_eq!(
        (
            a.supervisor.as_str(),
            a.unit_name.as_str(),
            a.until.as_deref()
        ),
        ("dux1", "第一学区", None)
    );
    let group = NewAssignment {
        unit_kind: UnitKind::Group,
        unit_name: "实验小学教育集团",
        ..zone("dux1", "", "2024-09-01")
    };
    let g = home.assign_supervisor(&group, &dux()).await.unwrap();
    home.assign_supervisor(&zone("dux2", "第一学区", "2024-09-01"), &dux())
        .await
        .unwrap();
    // The same supervisor to the same unit again, while the first runs: refused.
    let e = home
        .assign_supervisor(&zone("dux1", "第一学区", "2025-01-01"), &dux())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.conflict");
    assert!(e.to_string().contains("自 2024-09-01 起"), "{e}");
    // Ending: not before its start, once.
    let e = home
        .end_assignment(a.id, "2024-08-31", &dux())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.invalid");
    let ended = home
        .end_assignment(a.id, "2025-01-31", &dux())
        .await
        .unwrap();
    assert_eq!(ended.until.as_deref(), Some("2025-01-31"));
    assert!(ended.in_force("2025-01-31") && !ended.in_force("2025-02-01"));
    let e = home
        .end_assignment(a.id, "2025-02-28", &dux())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.conflict");
    assert_eq!(
        home.end_assignment(9999, "2025-02-28", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    // Overlapping the ended one is still refused; after it, allowed.
    assert!(
        home.assign_supervisor(&zone("dux1", "第一学区", "2025-01-31"), &dux())
            .await
            .is_err()
    );
    home.assign_supervisor(&zone("dux1", "第一学区", "2025-02-01"), &dux())
        .await
        .unwrap();
    let all = home.assignments().await.unwrap();
    assert_eq!(all.len(), 4);
    // Zones first, then groups; by unit, then first day.
    assert_eq!(all[0].unit_kind, UnitKind::Zone);
    assert_eq!(all.last().unwrap().id, g.id);
    assert_eq!(home.assignment(a.id).await.unwrap().unwrap(), ended);
    let entries = audit(&store, "supervision.").await;
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert_eq!(
        entries[0],
        (
            "supervision.assign".into(),
            format!("assignment:{}", a.id),
            "supervisor=dux1 unit=zone:第一学区 since=2024-09-01".into()
        )
    );
    assert_eq!(entries[3].0, "supervision.end");
}

async fn a_visit_is_written_with_its_findings_and_linked_to_their_tasks(store: Store) {
    let home = store.home().await;
    let school = code(1);
    let v = home
        .record_visit(&visit(&school, "2025-03-18", &TWO), &dux())
        .await
        .unwrap();
    assert_eq!(v.summary, "随堂听课两节，查看功能室");
    assert_eq!(
        (v.school.clone(), v.supervisor.as_str()),
        (school.clone(), "dux1")
    );
    assert_eq!(v.findings.len(), 2);
    assert_eq!(v.findings[0].text, "功能室使用记录不全");
    assert_eq!(
        (
            v.findings[1].seq,
            v.findings[1].severity,
            v.findings[1].deadline.as_str()
        ),
        (2, Severity::Severe, "2025-03-31")
    );
    assert!(
        v.findings
            .iter()
            .all(|f| f.task.is_none() && f.visit == v.id)
    );
    assert_eq!(home.visit(v.id).await.unwrap().unwrap(), v);
    let entries = audit(&store, "supervision.visit").await;
    assert_eq!(
        entries,
        [(
            "supervision.visit".into(),
            format!("visit:{}", v.id),
            format!("school={school} date=2025-03-18 supervisor=dux1 findings=2")
        )]
    );

    // A visit without findings, to another school, by another supervisor, later.
    let other = code(2);
    let mut later = visit(&other, "2025-05-06", &[]);
    later.supervisor = "dux2";
    let w = home.record_visit(&later, &dux()).await.unwrap();
    assert!(w.findings.is_empty());
    let all = home.visits(&VisitFilter::default()).await.unwrap();
    assert_eq!(
        all.iter().map(|v| v.id).collect::<Vec<_>>(),
        [w.id, v.id],
        "newest first"
    );
    assert_eq!(all[1].findings.len(), 2, "each with its findings");
    let one = [school.clone()];
    let none: [SchoolCode; 0] = [];
    for (filter, expected) in [
        (
            VisitFilter {
                schools: Some(&one),
                ..VisitFilter::default()
            },
            vec![v.id],
        ),
        (
            VisitFilter {
                schools: Some(&none),
                ..VisitFilter::default()
            },
            vec![],
        ),
        (
            VisitFilter {
                supervisor: Some("dux2"),
                ..VisitFilter::default()
            },
            vec![w.id],
        ),
        (
            VisitFilter {
                from: Some("2025-03-19"),
                ..VisitFilter::default()
            },
            vec![w.id],
        ),
        (
            VisitFilter {
                to: Some("2025-03-18"),
                ..VisitFilter::default()
            },
            vec![v.id],
        ),
    ] {
        let found: Vec<i64> = home
            .visits(&filter)
            .await
            .unwrap()
            .iter()
            .map(|v| v.id)
            .collect();
        assert_eq!(found, expected, "{filter:?}");
    }

    // A finding's task: raised with the finding as its source, then linked once.
    let f = &v.findings[1];
    assert_eq!(home.finding(f.id).await.unwrap().as_ref(), Some(f));
    assert_eq!(
        f.record(),
        RecordRef::new(RecordKind::Finding, &f.id.to_string()).unwrap()
    );
    let owner = TaskOwner::new(OwnerKind::School, school.as_str()).unwrap();
    let raise = |source: Option<RecordRef>| {
        let home = home.clone();
        let owner = owner.clone();
        async move {
            home.create_task(
                &NewTask {
                    title: "整改：实验室存在安全隐患",
                    detail: "",
                    owner: &owner,
                    deadline: "2025-03-31",
                    source: source.as_ref(),
                },
                &dux(),
            )
            .await
            .unwrap()
            .id
        }
    };
    let task = raise(Some(f.record())).await;
    let unrelated = raise(None).await;
    let e = home
        .link_finding(f.id, unrelated, &dux())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.invalid");
    home.link_finding(f.id, task, &dux()).await.unwrap();
    home.link_finding(f.id, task, &dux()).await.unwrap();
    let again = raise(Some(f.record())).await;
    let e = home.link_finding(f.id, again, &dux()).await.unwrap_err();
    assert_eq!(e.code(), "store.conflict");
    assert_eq!(home.finding(f.id).await.unwrap().unwrap().task, Some(task));
    assert_eq!(
        home.visit(v.id).await.unwrap().unwrap().findings[0].task,
        None
    );
    assert_eq!(
        home.link_finding(9999, task, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    let links = audit(&store, "supervision.link").await;
    assert_eq!(
        links,
        [(
            "supervision.link".into(),
            format!("finding:{}", f.id),
            format!("task={task}")
        )],
        "linking twice to the same task writes once"
    );
}

async fn bad_visits_and_assignments_write_nothing(store: Store) {
    let home = store.home().await;
    let school = code(1);
    let long_summary = "字".repeat(limits::MAX_VISIT_SUMMARY + 1);
    let long_finding = "字".repeat(limits::MAX_FINDING_TEXT + 1);
    let too_long = [NewFinding {
        text: &long_finding,
        ..TWO[0]
    }];
    let late = [
        TWO[0],
        NewFinding {
            deadline: "2025-02-30",
            ..TWO[1]
        },
    ];
    let many = vec![TWO[0]; limits::MAX_VISIT_FINDINGS + 1];
    let mut cases = vec![
        visit(&school, "2025-3-18", &TWO),
        visit(&school, "2025-03-18", &too_long),
        visit(&school, "2025-03-18", &late),
        visit(&school, "2025-03-18", &many),
    ];
    let mut no_summary = visit(&school, "2025-03-18", &TWO);
    no_summary.summary = "   ";
    let mut long = visit(&school, "2025-03-18", &TWO);
    long.summary = &long_summary;
    let mut nobody = visit(&school, "2025-03-18", &TWO);
    nobody.supervisor = "";
    cases.extend([no_summary, long, nobody]);
    for case in &cases {
        let e = home.record_visit(case, &dux()).await.unwrap_err();
        assert_eq!(e.code(), "store.invalid", "{case:?}: {e}");
    }
    // Exactly at the limits: written.
    let at_limit_summary = "字".repeat(limits::MAX_VISIT_SUMMARY);
    let at_limit_finding = "字".repeat(limits::MAX_FINDING_TEXT);
    let fits = vec![
        NewFinding {
            text: &at_limit_finding,
            ..TWO[0]
        };
        limits::MAX_VISIT_FINDINGS
    ];
    let mut full = visit(&school, "2025-03-18", &fits);
    full.summary = &at_limit_summary;
    let stored = home.record_visit(&full, &dux()).await.unwrap();
    assert_eq!(stored.findings.len(), limits::MAX_VISIT_FINDINGS);
    assert_eq!(home.visits(&VisitFilter::default()).await.unwrap().len(), 1);

    for bad in [
        zone("du x", "第一学区", "2024-09-01"),
        zone("dux1", " ", "2024-09-01"),
        zone("dux1", "第一学区", "2024-02-30"),
    ] {
        let e = home.assign_supervisor(&bad, &dux()).await.unwrap_err();
        assert_eq!(e.code(), "store.invalid", "{bad:?}: {e}");
    }
    assert!(home.assignments().await.unwrap().is_empty());
    assert_eq!(audit(&store, "supervision.").await.len(), 1);
}

async fn supervision_belongs_to_its_district(store: Store) {
    let home = store.home().await;
    let a = home
        .assign_supervisor(&zone("dux1", "第一学区", "2024-09-01"), &dux())
        .await
        .unwrap();
    let school = code(1);
    let v = home
        .record_visit(&visit(&school, "2025-03-18", &TWO), &dux())
        .await
        .unwrap();
    let there = crate::helpers::chengkou(&store).await;
    assert!(there.assignments().await.unwrap().is_empty());
    assert_eq!(there.assignment(a.id).await.unwrap(), None);
    assert_eq!(
        there
            .end_assignment(a.id, "2025-01-01", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert_eq!(there.visit(v.id).await.unwrap(), None);
    assert!(
        there
            .visits(&VisitFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let f = v.findings[0].id;
    assert_eq!(there.finding(f).await.unwrap(), None);
    // A task of the other district raised "from" this district's finding cannot be linked.
    let owner = TaskOwner::new(OwnerKind::School, school.as_str()).unwrap();
    let theirs = there
        .create_task(
            &NewTask {
                title: "整改",
                detail: "",
                owner: &owner,
                deadline: "2025-04-30",
                source: Some(&v.findings[0].record()),
            },
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(
        there
            .link_finding(f, theirs.id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert_eq!(
        home.link_finding(f, theirs.id, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert!(there.supervisors().await.unwrap().is_empty());
}

async fn backups_carry_assignments_visits_and_findings(store: Store) {
    let home = store.home().await;
    home.assign_supervisor(&zone("dux1", "第一学区", "2024-09-01"), &dux())
        .await
        .unwrap();
    let school = code(1);
    let v = home
        .record_visit(&visit(&school, "2025-03-18", &TWO), &dux())
        .await
        .unwrap();
    let owner = TaskOwner::new(OwnerKind::School, school.as_str()).unwrap();
    let task = home
        .create_task(
            &NewTask {
                title: "整改",
                detail: "",
                owner: &owner,
                deadline: "2025-04-30",
                source: Some(&v.findings[0].record()),
            },
            &dux(),
        )
        .await
        .unwrap();
    home.link_finding(v.findings[0].id, task.id, &dux())
        .await
        .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(rows("supervisor_assignments"), 1);
    assert_eq!(rows("supervision_visits"), 1);
    assert_eq!(rows("supervision_findings"), 2);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    assert_eq!(
        there.assignments().await.unwrap(),
        home.assignments().await.unwrap()
    );
    assert_eq!(
        there.visit(v.id).await.unwrap(),
        home.visit(v.id).await.unwrap()
    );
    assert_eq!(
        there.visit(v.id).await.unwrap().unwrap().findings[0].task,
        Some(task.id)
    );
    // Ids keep counting after the restored ones.
    let next = there
        .record_visit(&visit(&school, "2025-03-19", &TWO), &dux())
        .await
        .unwrap();
    assert!(next.id > v.id && next.findings[0].id > v.findings[1].id);
    copy.close().await;
}
