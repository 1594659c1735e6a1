//! The board laid out by hand, and raising on a real SQLite store: once per gap, owners from
//! the school and the 责任清单, 一校一策 plans, a department's own view, the re-check.

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::rulebook::Rulebook;
use junheng_store::{
    Actor, OwnerKind, PlanKind, Role, Scope, Task, TaskBudget, TaskOwner, TaskPlan, TaskStatus,
};
use junheng_teachers::training::Day;

use super::*;
use crate::inspection::{Settings, resources, status};
use crate::tasks::{Recheck, Who};
use crate::testing::user;

fn task(id: i64, owner: &TaskOwner, deadline: &str, status: TaskStatus, item: &str) -> Task {
    Task {
        id,
        title: format!("任务{id}"),
        detail: String::new(),
        owner: owner.clone(),
        deadline: deadline.into(),
        status,
        source: RecordRef::new(RecordKind::SupervisionItem, &format!("2025/{item}")).ok(),
        created_by: "dux".into(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn budget(task_id: i64, fen: i64, by: &str) -> (i64, TaskBudget) {
    (
        task_id,
        TaskBudget {
            task_id,
            amount_fen: fen,
            funded_by: by.into(),
            set_by: "dux".into(),
            set_at: String::new(),
        },
    )
}

#[test]
fn the_board_lays_tasks_out_by_owner_and_month() {
    let cz = TaskOwner::new(OwnerKind::Department, "区财政局").unwrap();
    let school = TaskOwner::new(OwnerKind::School, "5001120001").unwrap();
    use TaskStatus::*;
    let tasks = [
        // 区财政局: one overdue (due yesterday), one due today, one done, one cancelled.
        task(1, &cz, "2026-12-05", Open, "public_funding"),
        task(2, &cz, "2026-12-06", InProgress, "public_funding"),
        task(3, &cz, "2026-11-01", Done, "teacher_pay"),
        task(4, &cz, "2026-11-01", Cancelled, "teacher_pay"),
        // The school: one in May (the sixth month shown), one in June (以后).
        task(5, &school, "2027-05-31", Open, "resources/5001120001"),
        task(6, &school, "2027-06-01", Submitted, "resources/5001120001"),
    ];
    let budgets: BTreeMap<i64, TaskBudget> = [
        budget(1, 50_000_000, "区财政"),
        budget(3, 12_000_000, "区财政"),
        budget(4, 99_900, "专项"),
        budget(5, 8_000_000, "中央专项"),
    ]
    .into();
    let plan = TaskPlan {
        id: 7,
        title: "一校一策".into(),
        kind: PlanKind::School,
        owner: school.clone(),
        year: 2025,
        created_by: "dux".into(),
        created_at: String::new(),
        tasks: vec![5, 6, 99],
    };
    let part_of =
        |item: &str| (item == "public_funding" || item == "teacher_pay").then_some("政府保障程度");
    let b = board(&tasks, &budgets, &[plan], false, part_of, "2026-12-06", 7);

    assert_eq!(b.columns.len(), 8);
    assert_eq!(b.columns[1], Column::Month("2026-12".into()));
    assert_eq!(b.columns[6], Column::Month("2027-05".into()));
    assert_eq!(b.columns[7], Column::Later);
    // Most overdue first: the department.
    assert_eq!(b.rows[0].owner, cz);
    assert_eq!(b.rows[0].cells[0], [1]);
    assert_eq!(b.rows[0].cells[1], [2]);
    assert_eq!(
        (
            b.rows[0].counts.total,
            b.rows[0].counts.done,
            b.rows[0].counts.overdue
        ),
        (3, 1, 1)
    );
    assert_eq!(b.rows[0].budget_fen, 62_000_000);
    assert_eq!(b.rows[1].cells[6], [5]);
    assert_eq!(b.rows[1].cells[7], [6]);
    assert_eq!(
        (
            b.counts.total,
            b.counts.done,
            b.counts.open,
            b.counts.overdue,
            b.counts.soon
        ),
        (5, 1, 4, 1, 1)
    );
    // The cancelled task's budget counts nowhere; 80 000 + 500 000 + 120 000 元.
    assert_eq!(b.budgets.planned_fen, 70_000_000);
    assert_eq!(b.budgets.done_fen, 12_000_000);
    assert_eq!(b.budgets.by_funder[0], ("区财政".to_owned(), 62_000_000));
    // The plan keeps its visible tasks only: 0 of 2 done.
    assert_eq!(b.plans[0].plan.tasks, [5, 6]);
    assert_eq!(
        (b.plans[0].counts.total, b.plans[0].counts.percent()),
        (2, Some(0))
    );
    assert_eq!(b.plans[0].budget_fen, 8_000_000);
    let parts: Vec<(&str, usize, usize)> = b
        .parts
        .iter()
        .map(|p| (p.part.as_str(), p.counts.total, p.counts.done))
        .collect();
    assert_eq!(parts, [("资源配置", 2, 0), ("政府保障程度", 3, 1)]);
    assert_eq!(b.parts[1].counts.percent(), Some(33));
}

#[test]
fn gaps_of_items_and_units_are_checked_against_the_verdict() {
    assert!(ItemGap::parse("2025/class_size/").is_err());
    assert!(ItemGap::parse("1999/class_size").is_err());
    let g = ItemGap::parse("2025/resources/小学").unwrap();
    assert_eq!(g.unit.as_deref(), Some("小学"));
}

#[tokio::test]
async fn raising_twice_raises_nothing_new_and_closing_rechecks_the_gap() {
    let (_dir, home) = crate::inspection::tests::district().await;
    let rb = Rulebook::builtin("cn-2017").unwrap();
    home.attest(
        2024,
        "four_unified",
        false,
        "编制标准城乡不一",
        &Actor::new("dux"),
    )
    .await
    .unwrap();
    let res = resources(&home, 2024, &rb).await.unwrap();
    let today = Day::new(2025, 5, 20).unwrap();
    let verdict = status(&home, 2024, &rb, &Settings::default(), today, res)
        .await
        .unwrap()
        .verdict;
    assert!(!verdict.gaps.is_empty(), "a generated district has gaps");
    let admin = Who::of(&user("dux", Role::Admin, Scope::District), BTreeSet::new());
    let item_gap = verdict
        .gaps
        .iter()
        .find(|g| g.unit.is_none())
        .map(|g| g.item.clone());
    assert_eq!(item_gap.as_deref(), Some("four_unified"));
    if let Some(item) = &item_gap {
        set_duty(
            &home,
            &admin,
            &junheng_store::NewDuty {
                item,
                department: "区财政局",
                duty: "牵头整改",
                lead: true,
            },
        )
        .await
        .unwrap();
    }
    let bureau = TaskOwner::new(OwnerKind::Department, "区教委").unwrap();

    // A supervisor may not raise; a bad deadline writes nothing.
    let dux = Who::of(
        &user("du", Role::Supervisor, Scope::District),
        BTreeSet::new(),
    );
    assert!(
        raise(&home, &dux, &verdict, "2026-06-30", &bureau)
            .await
            .is_err()
    );
    assert!(
        raise(&home, &admin, &verdict, "2026-02-30", &bureau)
            .await
            .is_err()
    );
    assert!(home.tasks(&Default::default()).await.unwrap().is_empty());

    let first = raise(&home, &admin, &verdict, "2026-06-30", &bureau)
        .await
        .unwrap();
    let distinct: BTreeSet<String> = verdict
        .gaps
        .iter()
        .map(|g| ItemGap::of(2024, g).to_string())
        .collect();
    assert_eq!(first.created.len(), distinct.len());
    assert_eq!(first.kept, 0);
    let again = raise(&home, &admin, &verdict, "2026-06-30", &bureau)
        .await
        .unwrap();
    assert!(again.created.is_empty());
    assert_eq!(again.kept, distinct.len());

    let tasks = home.tasks(&Default::default()).await.unwrap();
    let schools: BTreeSet<&str> = tasks
        .iter()
        .filter(|t| t.owner.kind == OwnerKind::School)
        .map(|t| t.owner.key.as_str())
        .collect();
    let plans = home.plans().await.unwrap();
    assert_eq!(first.plans, schools.len());
    assert_eq!(
        plans.len(),
        schools.len(),
        "one 一校一策 per school, raised twice"
    );
    assert!(plans.iter().all(|p| p.kind == PlanKind::School));

    if let Some(item) = item_gap {
        // The item's task went to the lead department, which sees it and nothing else.
        let cz = Who::of(
            &user("cz", Role::Department, Scope::Department("区财政局".into())),
            BTreeSet::new(),
        );
        let mine = load(&home, &cz, "2026-07-01", 7).await.unwrap();
        assert_eq!(mine.rows.len(), 1);
        assert_eq!(mine.rows[0].owner.key, "区财政局");
        assert_eq!(mine.counts.overdue, mine.counts.total);
        assert_eq!(duties(&home, &cz).await.unwrap().len(), 1);
        let other = Who::of(
            &user("rs", Role::Department, Scope::Department("区人社局".into())),
            BTreeSet::new(),
        );
        assert_eq!(
            load(&home, &other, "2026-07-01", 7)
                .await
                .unwrap()
                .counts
                .total,
            0
        );
        assert!(duties(&home, &other).await.unwrap().is_empty());
        assert!(
            set_budget(&home, &cz, first.created[0], "1", "区财政")
                .await
                .is_err()
        );

        // Closing re-checks the verdict: the item is still not met.
        let gap = ItemGap {
            year: 2024,
            item,
            unit: None,
        };
        let found = crate::tasks::recheck(&home, Some(&gap.record()))
            .await
            .unwrap();
        assert!(matches!(found, Recheck::StillOpen(_)), "{found:?}");
        let mut fixed = verdict.clone();
        if let Some(i) = fixed.items.iter_mut().find(|i| i.id == gap.item) {
            i.status = junheng_core::inspection::ItemStatus::Met;
        }
        assert_eq!(gap.check(&fixed), Recheck::Resolved);
    }
    let unit = verdict.gaps.iter().find(|g| g.unit.is_some()).unwrap();
    let gap = ItemGap::of(2024, unit);
    assert!(matches!(gap.check(&verdict), Recheck::StillOpen(_)));
    let mut fixed = verdict.clone();
    fixed.gaps.retain(|g| ItemGap::of(2024, g) != gap);
    assert_eq!(gap.check(&fixed), Recheck::Resolved);
}
