//! 挂图作战: budgets keep their history, plans hold only the district's tasks (once each), the
//! 责任清单 withdraws, every write is audited and a bad write writes nothing.

use junheng_store::{
    AuditFilter, NewDuty, NewPlan, OwnerKind, PlanKind, Store, StoreError, TaskOwner,
};

use crate::helpers::{Home, chengkou, dux};
use crate::tasks::task;

store_tests!(
    budgets_plans_and_duties_keep_their_history,
    board_writes_stay_in_their_district,
);

async fn budgets_plans_and_duties_keep_their_history(store: Store) {
    let home = store.home().await;
    let school = TaskOwner::new(OwnerKind::School, "5001120001").unwrap();
    let caizheng = TaskOwner::new(OwnerKind::Department, "区财政局").unwrap();
    let a = task(&store, &school, "2026-06-30", None).await;
    let b = task(&store, &caizheng, "2026-03-31", None).await;

    home.set_task_budget(a.id, 12_000_000, "区财政", &dux())
        .await
        .unwrap();
    let now = home
        .set_task_budget(a.id, 15_000_000, "专项资金", &dux())
        .await
        .unwrap();
    let budgets = home.task_budgets().await.unwrap();
    assert_eq!(budgets.len(), 1);
    assert_eq!(budgets[&a.id], now);
    assert_eq!(budgets[&a.id].amount_fen, 15_000_000);
    for (fen, by) in [
        (-1, "区财政"),
        (junheng_store::MAX_BUDGET_FEN + 1, "区财政"),
        (1, " "),
    ] {
        assert!(home.set_task_budget(a.id, fen, by, &dux()).await.is_err());
    }
    assert!(matches!(
        home.set_task_budget(9999, 1, "区财政", &dux()).await,
        Err(StoreError::NotFound(_))
    ));

    // A 一校一策 plan must be a school's; ids repeat once.
    let wrong = NewPlan {
        title: "城口一小一校一策",
        kind: PlanKind::School,
        owner: &caizheng,
        year: 2025,
    };
    assert!(home.create_plan(&wrong, &[a.id], &dux()).await.is_err());
    let plan = NewPlan {
        owner: &school,
        ..wrong
    };
    let id = home
        .create_plan(&plan, &[a.id, a.id], &dux())
        .await
        .unwrap();
    assert_eq!(
        home.add_to_plan(id, &[a.id, b.id], &dux()).await.unwrap(),
        1
    );
    // An unknown task leaves the plan as it was.
    assert!(home.add_to_plan(id, &[9999], &dux()).await.is_err());
    let plans = home.plans().await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].tasks, [a.id, b.id]);
    assert_eq!(plans[0].kind, PlanKind::School);

    let duty = home
        .set_duty(
            &NewDuty {
                item: "public_funding",
                department: "区财政局",
                duty: "足额安排生均公用经费",
                lead: true,
            },
            &dux(),
        )
        .await
        .unwrap();
    assert!(duty.lead && duty.withdrawn.is_none());
    let gone = home.withdraw_duty(duty.id, &dux()).await.unwrap();
    assert!(gone.withdrawn.is_some());
    assert!(home.withdraw_duty(duty.id, &dux()).await.is_err());
    assert!(
        home.set_duty(
            &NewDuty {
                item: "Public",
                department: "区财政局",
                duty: "x",
                lead: false
            },
            &dux()
        )
        .await
        .is_err()
    );
    assert_eq!(home.duties().await.unwrap().len(), 1);

    let audit = store.audit_log(&AuditFilter::default()).await.unwrap();
    let count = |action: &str| audit.iter().filter(|e| e.action == action).count();
    assert_eq!(count("board.budget"), 2);
    assert_eq!(count("board.plan"), 2);
    assert_eq!(count("board.duty"), 1);
    assert_eq!(count("board.duty_withdraw"), 1);
}

async fn board_writes_stay_in_their_district(store: Store) {
    let home = store.home().await;
    let school = TaskOwner::new(OwnerKind::School, "5001120001").unwrap();
    let a = task(&store, &school, "2026-06-30", None).await;
    let other = chengkou(&store).await;
    assert!(matches!(
        other.set_task_budget(a.id, 1, "区财政", &dux()).await,
        Err(StoreError::NotFound(_))
    ));
    let plan = NewPlan {
        title: "专项",
        kind: PlanKind::Special,
        owner: &school,
        year: 2025,
    };
    assert!(other.create_plan(&plan, &[a.id], &dux()).await.is_err());
    let id = home.create_plan(&plan, &[], &dux()).await.unwrap();
    assert!(other.add_to_plan(id, &[], &dux()).await.is_err());
    assert!(other.plans().await.unwrap().is_empty());
    assert!(other.task_budgets().await.unwrap().is_empty());
}
