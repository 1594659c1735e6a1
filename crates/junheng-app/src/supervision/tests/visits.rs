//! Visits listed within the scope and the filters, one at a time, and their progress.

use super::*;

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
