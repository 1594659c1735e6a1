//! Tasks: the checked state machine, events and audit written with each change, filters, limits,
//! and the district boundary of every read and write.

use junheng_core::record::{RecordKind, RecordRef};
use junheng_store::limits;
use junheng_store::{
    Actor, AuditFilter, CheckOutcome, CheckRecord, NewTask, OwnerKind, Store, Task, TaskChange,
    TaskEvent, TaskFilter, TaskOwner, TaskStatus,
};

use crate::helpers::{Home, dux};

store_tests!(
    a_task_moves_through_the_machine_with_its_events,
    invalid_and_stale_changes_are_refused_in_chinese,
    tasks_are_filtered_by_owner_status_source_and_dates,
    bad_input_writes_nothing,
    tasks_belong_to_their_district,
);

const SCHOOL: &str = "5001120001";

fn owner(kind: OwnerKind, key: &str) -> TaskOwner {
    TaskOwner::new(kind, key).unwrap()
}

fn gap(school: &str) -> RecordRef {
    RecordRef::new(
        RecordKind::Gap,
        &format!("{school}/backbone_teachers_per_100"),
    )
    .unwrap()
}

/// Creates a task of `owner` due on `deadline`.
pub async fn task(
    store: &Store,
    owner: &TaskOwner,
    deadline: &str,
    source: Option<&RecordRef>,
) -> Task {
    store
        .home()
        .await
        .create_task(
            &NewTask {
                title: "补足骨干教师",
                detail: "按督导意见整改",
                owner,
                deadline,
                source,
            },
            &dux(),
        )
        .await
        .unwrap()
}

fn change(from: TaskStatus, to: TaskStatus, note: &str) -> TaskChange<'_> {
    TaskChange {
        from,
        to,
        note,
        check: None,
    }
}

/// A closed task (with a re-check closed despite a source still open), a cancelled one and an
/// open one: what a backup carries of tasks.
pub async fn populate_tasks(store: &Store, admin: &Actor) {
    let home = store.home().await;
    let school = owner(OwnerKind::School, SCHOOL);
    let done = task(store, &school, "2025-06-30", Some(&gap(SCHOOL))).await;
    use TaskStatus::*;
    home.transition_task(done.id, &change(Open, InProgress, ""), admin)
        .await
        .unwrap();
    home.transition_task(
        done.id,
        &change(InProgress, Submitted, "已调入两名骨干教师"),
        admin,
    )
    .await
    .unwrap();
    let check = CheckRecord {
        outcome: CheckOutcome::StillOpen,
        text: "小学骨干教师数仍低于标准".into(),
        despite: true,
    };
    home.transition_task(
        done.id,
        &TaskChange {
            check: Some(&check),
            ..change(Submitted, Done, "")
        },
        admin,
    )
    .await
    .unwrap();
    let gone = task(
        store,
        &owner(OwnerKind::Department, "督导室"),
        "2025-07-01",
        None,
    )
    .await;
    home.transition_task(gone.id, &change(Open, Cancelled, "重复"), admin)
        .await
        .unwrap();
    task(
        store,
        &owner(OwnerKind::Zone, "城南学区"),
        "2026-01-01",
        None,
    )
    .await;
}

async fn a_task_moves_through_the_machine_with_its_events(store: Store) {
    let home = store.home().await;
    let source = gap(SCHOOL);
    let school = owner(OwnerKind::School, SCHOOL);
    let t = task(&store, &school, "2026-06-30", Some(&source)).await;
    assert_eq!(t.status, TaskStatus::Open);
    assert_eq!(t.owner, school);
    assert_eq!(t.source.as_ref(), Some(&source));
    assert_eq!(
        (t.title.as_str(), t.created_by.as_str()),
        ("补足骨干教师", "dux")
    );
    assert_eq!(home.task(t.id).await.unwrap().as_ref(), Some(&t));

    let xz = Actor::new("xz");
    use TaskStatus::*;
    let t = home
        .transition_task(t.id, &change(Open, InProgress, ""), &xz)
        .await
        .unwrap();
    assert_eq!(t.status, InProgress);
    let t = home
        .transition_task(
            t.id,
            &change(InProgress, Submitted, " 已调入两名骨干教师 "),
            &xz,
        )
        .await
        .unwrap();
    // Returned once, with its reason, then submitted again.
    home.transition_task(t.id, &change(Submitted, InProgress, "缺少调令"), &dux())
        .await
        .unwrap();
    home.transition_task(t.id, &change(InProgress, Submitted, "补交调令"), &xz)
        .await
        .unwrap();
    let check = CheckRecord {
        outcome: CheckOutcome::Resolved,
        text: String::new(),
        despite: false,
    };
    let t = home
        .transition_task(
            t.id,
            &TaskChange {
                check: Some(&check),
                ..change(Submitted, Done, "验收通过")
            },
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(t.status, Done);
    assert!(!t.is_overdue("2099-01-01"), "a done task is never overdue");

    let events: Vec<TaskEvent> = home.task_events(t.id).await.unwrap();
    let steps: Vec<(Option<TaskStatus>, TaskStatus, &str, &str)> = events
        .iter()
        .map(|e| (e.from, e.to, e.actor.as_str(), e.note.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (None, Open, "dux", ""),
            (Some(Open), InProgress, "xz", ""),
            (Some(InProgress), Submitted, "xz", "已调入两名骨干教师"),
            (Some(Submitted), InProgress, "dux", "缺少调令"),
            (Some(InProgress), Submitted, "xz", "补交调令"),
            (Some(Submitted), Done, "dux", "验收通过"),
        ]
    );
    assert_eq!(events.last().unwrap().check.as_ref(), Some(&check));
    assert!(events[..5].iter().all(|e| e.check.is_none()));

    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("task.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 6);
    assert_eq!(log[0].action, "task.status");
    assert_eq!(log[0].target, format!("task:{}", t.id));
    assert_eq!(log[0].detail, "from=submitted to=done check=resolved");
    assert_eq!(log[5].action, "task.create");
    assert!(
        log[5].detail.contains("owner=school:5001120001"),
        "{}",
        log[5].detail
    );
    assert!(log[5].detail.contains("source=gap:"), "{}", log[5].detail);

    // The re-check's text is the program's own: cut, never refused.
    let other = task(&store, &school, "2026-06-30", None).await;
    for (from, to, note) in [(Open, InProgress, ""), (InProgress, Submitted, "完成")] {
        home.transition_task(other.id, &change(from, to, note), &xz)
            .await
            .unwrap();
    }
    let long = CheckRecord {
        outcome: CheckOutcome::NotCheckable,
        text: "长".repeat(limits::MAX_TASK_NOTE + 10),
        despite: false,
    };
    home.transition_task(
        other.id,
        &TaskChange {
            check: Some(&long),
            ..change(Submitted, Done, "")
        },
        &dux(),
    )
    .await
    .unwrap();
    let last = home.task_events(other.id).await.unwrap().pop().unwrap();
    let text = last.check.unwrap().text;
    assert_eq!(text.chars().count(), limits::MAX_TASK_NOTE);
    assert!(text.ends_with(limits::CUT_MARK));
}

async fn invalid_and_stale_changes_are_refused_in_chinese(store: Store) {
    let home = store.home().await;
    let t = task(
        &store,
        &owner(OwnerKind::School, SCHOOL),
        "2026-06-30",
        None,
    )
    .await;
    use TaskStatus::*;
    let check = CheckRecord {
        outcome: CheckOutcome::Resolved,
        text: String::new(),
        despite: false,
    };
    let err = home
        .transition_task(
            t.id,
            &TaskChange {
                check: Some(&check),
                ..change(Open, Done, "")
            },
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert_eq!(
        err.to_string(),
        format!(
            "任务 #{} 当前为“待办”，不能改为“已完成”；“待办”的任务只能改为：进行中、已撤销",
            t.id
        )
    );
    // Required notes.
    for (from, to) in [(Open, Cancelled)] {
        let err = home
            .transition_task(t.id, &change(from, to, "  "), &dux())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("原因"), "{err}");
    }
    home.transition_task(t.id, &change(Open, InProgress, ""), &dux())
        .await
        .unwrap();
    let err = home
        .transition_task(t.id, &change(InProgress, Submitted, ""), &dux())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("完成情况"), "{err}");
    // A stale form: the task is in progress now.
    let err = home
        .transition_task(t.id, &change(Open, InProgress, ""), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains("进行中"), "{err}");
    // A stale form asking for what the stored status cannot become: the machine says why.
    let err = home
        .transition_task(t.id, &change(Submitted, Done, ""), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(err.to_string().contains("“进行中”"), "{err}");
    // Cancelled is final.
    home.transition_task(t.id, &change(InProgress, Cancelled, "督导组撤回"), &dux())
        .await
        .unwrap();
    let err = home
        .transition_task(t.id, &change(Cancelled, InProgress, "重新开始"), &dux())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("已结束"), "{err}");
    assert_eq!(home.task_events(t.id).await.unwrap().len(), 3);
    // No such task.
    let err = home
        .transition_task(999_999, &change(Open, InProgress, ""), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}

async fn tasks_are_filtered_by_owner_status_source_and_dates(store: Store) {
    let home = store.home().await;
    let school = owner(OwnerKind::School, SCHOOL);
    let other = owner(OwnerKind::School, "5001120002");
    let group = owner(OwnerKind::Group, "第一教育集团");
    let a = task(&store, &school, "2026-03-01", Some(&gap(SCHOOL))).await;
    let b = task(&store, &other, "2026-03-10", None).await;
    let c = task(&store, &group, "2026-02-01", None).await;
    let d = task(&store, &school, "2026-02-15", None).await;
    use TaskStatus::*;
    home.transition_task(d.id, &change(Open, Cancelled, "重复"), &dux())
        .await
        .unwrap();
    let ids = |tasks: Vec<Task>| tasks.iter().map(|t| t.id).collect::<Vec<_>>();
    let all = home.tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(ids(all), [c.id, d.id, a.id, b.id], "by deadline");
    let mine = [school.clone(), group.clone()];
    let of = |owners| TaskFilter {
        owners: Some(owners),
        ..TaskFilter::default()
    };
    assert_eq!(
        ids(home.tasks(&of(&mine)).await.unwrap()),
        [c.id, d.id, a.id]
    );
    assert!(home.tasks(&of(&[])).await.unwrap().is_empty());
    let kind = TaskFilter {
        owner_kind: Some(OwnerKind::Group),
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&kind).await.unwrap()), [c.id]);
    let open = TaskFilter {
        statuses: &[Open, InProgress],
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&open).await.unwrap()), [c.id, a.id, b.id]);
    let from = gap(SCHOOL);
    let source = TaskFilter {
        source: Some(&from),
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&source).await.unwrap()), [a.id]);
    // Overdue on 2026-03-01: deadlines before it, cancelled ones never.
    let overdue = TaskFilter {
        overdue_on: Some("2026-03-01"),
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&overdue).await.unwrap()), [c.id]);
    assert!(c.is_overdue("2026-03-01") && !a.is_overdue("2026-03-01"));
    // Due by 2026-03-08 (a week after 2026-03-01): the overdue one and the one due that week.
    let soon = TaskFilter {
        due_by: Some("2026-03-08"),
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&soon).await.unwrap()), [c.id, a.id]);
    let both = TaskFilter {
        owners: Some(&mine),
        due_by: Some("2026-03-08"),
        statuses: &[Open],
        ..TaskFilter::default()
    };
    assert_eq!(ids(home.tasks(&both).await.unwrap()), [c.id, a.id]);
}

async fn bad_input_writes_nothing(store: Store) {
    let home = store.home().await;
    let school = owner(OwnerKind::School, SCHOOL);
    let new = NewTask {
        title: "整改",
        detail: "",
        owner: &school,
        deadline: "2026-06-30",
        source: None,
    };
    let long_title = "题".repeat(limits::MAX_TASK_TITLE + 1);
    let long_detail = "说".repeat(limits::MAX_TASK_DETAIL + 1);
    let bad_school = TaskOwner {
        kind: OwnerKind::School,
        key: "50011".into(),
    };
    let long_department = TaskOwner {
        kind: OwnerKind::Department,
        key: "科".repeat(limits::MAX_DEPARTMENT + 1),
    };
    let long_source = RecordRef {
        kind: RecordKind::Finding,
        key: "1".repeat(junheng_core::record::MAX_RECORD_KEY + 1),
    };
    let cases: Vec<(NewTask, &str)> = vec![
        (NewTask { title: "  ", ..new }, "任务名称"),
        (
            NewTask {
                title: &long_title,
                ..new
            },
            "100",
        ),
        (
            NewTask {
                detail: &long_detail,
                ..new
            },
            "2000",
        ),
        (
            NewTask {
                deadline: "2026-02-30",
                ..new
            },
            "YYYY-MM-DD",
        ),
        (
            NewTask {
                deadline: "明年",
                ..new
            },
            "完成期限",
        ),
        (
            NewTask {
                owner: &bad_school,
                ..new
            },
            "学校标识码",
        ),
        (
            NewTask {
                owner: &long_department,
                ..new
            },
            "50",
        ),
        (
            NewTask {
                source: Some(&long_source),
                ..new
            },
            "来源",
        ),
        (
            NewTask {
                title: "a\0b",
                ..new
            },
            "空字符",
        ),
    ];
    for (case, says) in cases {
        let err = home.create_task(&case, &dux()).await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{case:?}");
        assert!(err.to_string().contains(says), "{case:?}: {err}");
    }
    assert!(home.tasks(&TaskFilter::default()).await.unwrap().is_empty());
    let t = home.create_task(&new, &dux()).await.unwrap();
    home.transition_task(
        t.id,
        &change(TaskStatus::Open, TaskStatus::InProgress, ""),
        &dux(),
    )
    .await
    .unwrap();
    let long_note = "注".repeat(limits::MAX_TASK_NOTE + 1);
    let err = home
        .transition_task(
            t.id,
            &change(TaskStatus::InProgress, TaskStatus::Submitted, &long_note),
            &dux(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("500"), "{err}");
    assert_eq!(home.task_events(t.id).await.unwrap().len(), 2);
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("task.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        log.len(),
        2,
        "one creation, one change: nothing for the refusals"
    );
}

async fn tasks_belong_to_their_district(store: Store) {
    let home = store.home().await;
    let t = task(
        &store,
        &owner(OwnerKind::School, SCHOOL),
        "2026-06-30",
        None,
    )
    .await;
    let there = crate::helpers::chengkou(&store).await;
    assert_eq!(there.task(t.id).await.unwrap(), None);
    assert!(
        there
            .tasks(&TaskFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(there.task_events(t.id).await.unwrap().is_empty());
    let err = there
        .transition_task(
            t.id,
            &change(TaskStatus::Open, TaskStatus::InProgress, ""),
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    assert_eq!(
        home.task(t.id).await.unwrap().unwrap().status,
        TaskStatus::Open
    );
}
