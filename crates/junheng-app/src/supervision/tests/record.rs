//! Recording a visit raises its tasks; a refused visit writes nothing; completing a visit
//! raises only the missing tasks.

use super::*;

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
