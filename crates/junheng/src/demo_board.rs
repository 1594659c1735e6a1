//! The demo district's 挂图作战 (issue 19): a 责任清单 naming the lead department of the first
//! 政府保障 items, the tasks raised from the latest verdict's gap list (due in the coming
//! months, the schools' in their 一校一策 plans), two 经费 tasks of 区财政局 already overdue in
//! a 专项 plan with their budgets, one task started and one submitted, and the account of
//! 区财政局 (`caizheng`).

use junheng_app::board::{raise, set_budget, set_duty};
use junheng_app::inspection::{Settings, resources, status};
use junheng_app::tasks::{Action, Who, act, add_days, beijing_today, create};
use junheng_core::rulebook::{Dimension, Rulebook};
use junheng_store::{
    Actor, DistrictId, DistrictStore, NewDuty, NewPlan, NewTask, OwnerKind, PlanKind, Role, Scope,
    Store, TaskOwner,
};
use junheng_teachers::training::Day;

use crate::Failure;
use crate::platform::store_error;

/// The departments the 责任清单 names, in turn.
const DEPARTMENTS: [&str; 4] = ["区财政局", "区人社局", "区规划自然资源局", "区委编办"];

/// Seeds the board of school year `year`; returns the department's login and what it is.
pub(crate) async fn seed(
    store: &Store,
    district: DistrictId,
    data: &DistrictStore,
    year: i32,
    password: &str,
    actor: &Actor,
) -> Result<Vec<(String, String)>, Failure> {
    let who = Who::operator(actor);
    let task_error = |e: junheng_app::tasks::TaskError| Failure::Input(e.to_string());
    let rulebook = Rulebook::builtin("cn-2017").map_err(|e| Failure::Input(e.to_string()))?;
    let guarantee = rulebook
        .items
        .iter()
        .filter(|i| i.dimension == Dimension::Guarantee)
        .take(8);
    for (i, item) in guarantee.enumerate() {
        let department = DEPARTMENTS[i % DEPARTMENTS.len()];
        let duty = format!("牵头落实“{}”：{}", item.name, item.requirement);
        let duty: String = duty.chars().take(400).collect();
        set_duty(
            data,
            &who,
            &NewDuty {
                item: &item.id,
                department,
                duty: &duty,
                lead: true,
            },
        )
        .await
        .map_err(task_error)?;
    }
    let today = beijing_today();
    let day = Day::parse(&today).ok_or_else(|| Failure::Input("无法确定今天的日期".into()))?;
    let res = resources(data, year, &rulebook)
        .await
        .map_err(store_error)?;
    let verdict = status(data, year, &rulebook, &Settings::default(), day, res)
        .await
        .map_err(store_error)?
        .verdict;
    let later = add_days(&today, 75).unwrap_or_else(|| today.clone());
    let bureau = TaskOwner::new(OwnerKind::Department, "区教委").map_err(store_error)?;
    let raised = raise(data, &who, &verdict, &later, &bureau)
        .await
        .map_err(task_error)?;
    if let Some(first) = raised.created.first() {
        act(data, &who, *first, Action::Start, "", false)
            .await
            .map_err(task_error)?;
    }
    if let Some(second) = raised.created.get(1) {
        act(data, &who, *second, Action::Start, "", false)
            .await
            .map_err(task_error)?;
        act(
            data,
            &who,
            *second,
            Action::Submit,
            "已按整改方案完成，附整改报告",
            false,
        )
        .await
        .map_err(task_error)?;
    }
    // Two 经费 tasks of 区财政局, past their deadline, in a 专项 plan with their budgets.
    let finance = TaskOwner::new(OwnerKind::Department, DEPARTMENTS[0]).map_err(store_error)?;
    let past = add_days(&today, -20).unwrap_or_else(|| today.clone());
    let mut special = Vec::new();
    for (title, yuan) in [
        ("足额拨付薄弱学校改造专项资金", "3,600,000"),
        ("落实教师工资不低于公务员平均工资的差额", "12,800,000"),
    ] {
        let task = create(
            data,
            &who,
            &NewTask {
                title,
                detail: "督导评估整改：经费保障",
                owner: &finance,
                deadline: &past,
                source: None,
            },
        )
        .await
        .map_err(task_error)?;
        set_budget(data, &who, task.id, yuan, "区本级财政")
            .await
            .map_err(task_error)?;
        special.push(task.id);
    }
    for id in raised.created.iter().take(3) {
        set_budget(
            data,
            &who,
            *id,
            "250,000",
            "义务教育薄弱环节改善与能力提升补助资金",
        )
        .await
        .map_err(task_error)?;
    }
    data.create_plan(
        &NewPlan {
            title: "经费保障专项整改",
            kind: PlanKind::Special,
            owner: &finance,
            year,
        },
        &special,
        actor,
    )
    .await
    .map_err(store_error)?;
    crate::demo_health::accounts(
        store,
        district,
        password,
        vec![(
            "caizheng",
            "区财政局".to_owned(),
            Role::Department,
            Scope::Department(DEPARTMENTS[0].into()),
            "责任部门，区财政局".to_owned(),
        )],
    )
    .await
}
