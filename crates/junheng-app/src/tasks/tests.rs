//! The use-case on a real SQLite store: who may do what, the re-check on closing, scopes.

use std::collections::BTreeSet;

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_store::{Actor, ImportSource, Role, Scope, Store};

use super::*;

const INDICATOR: &str = "backbone_teachers_per_100";

use crate::testing::user;

async fn import(store: &DistrictStore, records: &[SchoolRecord]) {
    store
        .import_statistics(
            records[0].year,
            records,
            &ImportSource::new("t.csv", b"t", ""),
            &Actor::new("admin"),
        )
        .await
        .unwrap();
}

/// A district whose first stand-alone primary school has no backbone teachers (a gap).
async fn district() -> (tempfile::TempDir, DistrictStore, Vec<SchoolRecord>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let mut records = generate(&DemoSpec {
        schools: 40,
        seed: 5,
        year: 2024,
    });
    let i = records
        .iter()
        .position(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .unwrap();
    records[i].primary.backbone_teachers = 0;
    import(&home, &records).await;
    (dir, home, records, i)
}

#[tokio::test]
async fn a_gap_task_goes_from_creation_to_a_checked_closing() {
    let (_dir, home, mut records, i) = district().await;
    let code = records[i].code.clone();
    let dux = Who::of(
        &user("dux", Role::Supervisor, Scope::District),
        BTreeSet::new(),
    );
    let school = Who::of(
        &user("xz", Role::School, Scope::School(code.clone())),
        BTreeSet::new(),
    );
    let other = Who::of(
        &user(
            "xz2",
            Role::School,
            Scope::School(records[(i + 1) % records.len()].code.clone()),
        ),
        BTreeSet::new(),
    );
    let source_key = format!("{code}/{INDICATOR}");
    let input = TaskInput {
        title: "补足骨干教师",
        detail: "需增加骨干教师",
        owner_kind: "school",
        owner_key: code.as_str(),
        deadline: "2026-06-30",
        source_kind: "gap",
        source_key: &source_key,
    };
    // A school cannot create; a supervisor can, from a gap.
    assert!(matches!(
        create_from(&home, &school, &input).await,
        Err(TaskError::Forbidden(_))
    ));
    let task = create_from(&home, &dux, &input).await.unwrap();
    assert_eq!(
        raised_from(&home, &GapKey::parse(&source_key).unwrap().record())
            .await
            .unwrap()
            .len(),
        1
    );
    // Visible to its school, not to another school.
    assert!(get(&home, &school, task.id).await.is_ok());
    assert!(matches!(
        get(&home, &other, task.id).await,
        Err(TaskError::Forbidden(_))
    ));
    assert!(
        list(&home, &other, &TaskFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        list(&home, &school, &TaskFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    // The school may not close it; submitting before starting is refused in Chinese.
    let err = act(&home, &school, task.id, Action::Close, "", true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "task.forbidden");
    let err = act(&home, &school, task.id, Action::Submit, "完成", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(
        err.to_string().contains("“待办”") && err.to_string().contains("“待验收”"),
        "{err}"
    );
    act(&home, &school, task.id, Action::Start, "", false)
        .await
        .unwrap();
    act(
        &home,
        &school,
        task.id,
        Action::Submit,
        "已调入骨干教师",
        false,
    )
    .await
    .unwrap();
    // The gap is still open in the stored statistics: closing needs a confirmation.
    let Acted::NeedsConfirmation(_, found) = act(&home, &dux, task.id, Action::Close, "", false)
        .await
        .unwrap()
    else {
        panic!("a still-open gap needs a confirmation")
    };
    assert!(
        matches!(&found, Recheck::StillOpen(why) if why.contains("标准")),
        "{found:?}"
    );
    assert_eq!(
        home.task(task.id).await.unwrap().unwrap().status,
        TaskStatus::Submitted
    );
    // Returned, submitted again, the statistics corrected: resolved.
    act(&home, &dux, task.id, Action::Reopen, "请补交调令", false)
        .await
        .unwrap();
    act(&home, &school, task.id, Action::Submit, "补交调令", false)
        .await
        .unwrap();
    records[i].primary.backbone_teachers = 10_000;
    import(&home, &records).await;
    let Acted::Changed(done, Some(Recheck::Resolved)) =
        act(&home, &dux, task.id, Action::Close, "验收通过", false)
            .await
            .unwrap()
    else {
        panic!("resolved")
    };
    assert_eq!(done.status, TaskStatus::Done);
    let (_, events) = get(&home, &dux, task.id).await.unwrap();
    let last = events.last().unwrap().check.clone().unwrap();
    assert!(!last.despite && last.outcome == junheng_store::CheckOutcome::Resolved);
}

#[tokio::test]
async fn closing_despite_an_open_source_is_recorded() {
    let (_dir, home, records, i) = district().await;
    let admin = Who::operator(&Actor::new("admin"));
    let source = GapKey {
        school: records[i].code.clone(),
        indicator: INDICATOR.into(),
    }
    .record();
    let owner = TaskOwner::new(OwnerKind::Department, "督导室").unwrap();
    let task = create(
        &home,
        &admin,
        &NewTask {
            title: "整改",
            detail: "",
            owner: &owner,
            deadline: "2026-01-31",
            source: Some(&source),
        },
    )
    .await
    .unwrap();
    act(&home, &admin, task.id, Action::Start, "", false)
        .await
        .unwrap();
    act(&home, &admin, task.id, Action::Submit, "已整改", false)
        .await
        .unwrap();
    let Acted::Changed(done, Some(Recheck::StillOpen(_))) =
        act(&home, &admin, task.id, Action::Close, "先行关闭", true)
            .await
            .unwrap()
    else {
        panic!("closed despite")
    };
    assert_eq!(done.status, TaskStatus::Done);
    let (_, events) = get(&home, &admin, task.id).await.unwrap();
    assert!(events.last().unwrap().check.as_ref().unwrap().despite);
    // A source without a re-check yet: not checkable, closes without a confirmation.
    let warning = RecordRef::new(RecordKind::Warning, "三线/5001120001").unwrap();
    assert!(matches!(
        recheck(&home, Some(&warning)).await.unwrap(),
        Recheck::NotCheckable(why) if why.contains("尚未接入")
    ));
}

#[tokio::test]
async fn owners_and_sources_are_checked_and_attention_follows_the_dates() {
    let (_dir, home, records, i) = district().await;
    let admin = Who::operator(&Actor::new("admin"));
    let mut input = TaskInput {
        title: "整改",
        detail: "",
        owner_kind: "school",
        owner_key: "9999999999",
        deadline: "2026-06-30",
        source_kind: "",
        source_key: "",
    };
    let err = create_from(&home, &admin, &input).await.unwrap_err();
    assert!(err.to_string().contains("9999999999"), "{err}");
    input.owner_kind = "team";
    assert!(
        create_from(&home, &admin, &input)
            .await
            .unwrap_err()
            .to_string()
            .contains("负责方类型")
    );
    input.owner_kind = "group";
    input.owner_key = "没有的集团";
    assert!(create_from(&home, &admin, &input).await.is_err());
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    input.owner_key = &group;
    input.source_kind = "gap";
    input.source_key = "5001";
    assert!(
        create_from(&home, &admin, &input)
            .await
            .unwrap_err()
            .to_string()
            .contains("学校标识码/指标标识")
    );
    input.source_kind = "";
    input.source_key = "";
    let overdue = create_from(
        &home,
        &admin,
        &TaskInput {
            deadline: "2026-02-01",
            ..input
        },
    )
    .await
    .unwrap();
    let soon = create_from(
        &home,
        &admin,
        &TaskInput {
            deadline: "2026-03-05",
            ..input
        },
    )
    .await
    .unwrap();
    create_from(
        &home,
        &admin,
        &TaskInput {
            deadline: "2026-04-01",
            ..input
        },
    )
    .await
    .unwrap();
    let lead = Who::of(
        &user("lead", Role::GroupLead, Scope::Group(group.clone())),
        group_schools(&home, &group).await.unwrap(),
    );
    let ids: Vec<i64> = attention(&home, &lead, "2026-03-01", 7)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, [overdue.id, soon.id]);
    assert_eq!(due(&overdue, "2026-03-01", 7), Due::Overdue);
    assert_eq!(due(&soon, "2026-03-01", 7), Due::Soon);
    // A school of another group sees none of them.
    let outsider = records
        .iter()
        .find(|r| r.group.as_deref() != Some(group.as_str()))
        .unwrap();
    let school = Who::of(
        &user("x", Role::School, Scope::School(outsider.code.clone())),
        BTreeSet::new(),
    );
    assert!(
        attention(&home, &school, "2026-03-01", 7)
            .await
            .unwrap()
            .is_empty()
    );
    let _ = i;
}
