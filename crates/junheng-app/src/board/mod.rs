//! 挂图作战 (issue 19 item 6): the rectification board of a district. Every gap the 督导评估
//! verdict finds can become a task ([`raise`]) with an owner — a school, a group, a department
//! (区财政局, 区人社局 …) — a deadline, a budget and documents; plans gather tasks (一校一策,
//! 一集团一案, 专项); the 责任清单 records which department answers for which item. The board
//! ([`view::board`]) lays the tasks out by owner and deadline with overdue warnings, budgets and
//! progress per plan and per part; closing a task re-checks its gap ([`source::recheck`]).
//!
//! | who | sees | may |
//! |---|---|---|
//! | operator, 管理员 | everything of the district | raise, set budgets, make plans, keep the 责任清单 |
//! | 督学, 市级, 省级 | everything of the district | nothing here (tasks: as on their pages) |
//! | 责任部门 | its own tasks, the plans holding them, its own duties | work on its tasks (start, submit, documents) |
//! | 集团负责人, 学区负责人, 学校 | their own tasks and the plans holding them | work on their tasks |

pub mod export;
pub mod raise;
pub mod source;
pub mod view;

pub use raise::{Proposal, Raised, leads, proposals, raise};
pub use source::{ItemGap, RESOURCES};
pub use view::{Board, Column, Counts, PartProgress, PlanProgress, Row, board};

use junheng_core::rulebook::Rulebook;
use junheng_store::{
    DistrictStore, ItemDuty, NewDuty, NewPlan, StoreError, Task, TaskBudget, TaskFilter, TaskPlan,
};

use crate::tasks::{self, DEFAULT_RULEBOOK, Standing, TaskError, Who};

/// Whether `who` keeps the board (raise, budgets, plans, the 责任清单): 管理员 and the operator.
pub fn keeps(who: &Who) -> bool {
    matches!(who.standing, Standing::Operator | Standing::Admin)
}

fn check_keeps(who: &Who) -> Result<(), TaskError> {
    if keeps(who) {
        Ok(())
    } else {
        Err(TaskError::Forbidden(
            "只有管理员可以设置预算、整改计划和责任清单".into(),
        ))
    }
}

/// The board of the tasks `who` sees, on `today`.
pub async fn load(
    store: &DistrictStore,
    who: &Who,
    today: &str,
    soon_days: u32,
) -> Result<Board, StoreError> {
    let tasks = tasks::list(store, who, &TaskFilter::default()).await?;
    let budgets = store.task_budgets().await?;
    let plans = store.plans().await?;
    let rulebook = Rulebook::builtin(DEFAULT_RULEBOOK).ok();
    let part_of = |item: &str| {
        rulebook
            .as_ref()
            .and_then(|r| r.item(item))
            .map(|i| i.dimension.label())
    };
    Ok(board(
        &tasks,
        &budgets,
        &plans,
        who.sees_all(),
        part_of,
        today,
        soon_days,
    ))
}

/// The duties of the 责任清单 `who` sees (withdrawn ones included): all of them for a
/// district-wide viewer, a department's own for a 责任部门, none for anyone else.
pub async fn duties(store: &DistrictStore, who: &Who) -> Result<Vec<ItemDuty>, StoreError> {
    let all = store.duties().await?;
    Ok(match &who.standing {
        _ if who.sees_all() => all,
        Standing::Department(d) => all.into_iter().filter(|x| &x.department == d).collect(),
        _ => Vec::new(),
    })
}

/// Records a duty of the 责任清单 (管理员).
pub async fn set_duty(
    store: &DistrictStore,
    who: &Who,
    duty: &NewDuty<'_>,
) -> Result<ItemDuty, TaskError> {
    check_keeps(who)?;
    Ok(store.set_duty(duty, &who.actor()).await?)
}

/// Withdraws (撤回) a duty of the 责任清单 (管理员).
pub async fn withdraw_duty(
    store: &DistrictStore,
    who: &Who,
    id: i64,
) -> Result<ItemDuty, TaskError> {
    check_keeps(who)?;
    Ok(store.withdraw_duty(id, &who.actor()).await?)
}

/// Sets a task's budget from a form's text: `amount` in 元 (up to 2 decimals), `funded_by` the
/// 资金来源 (管理员).
pub async fn set_budget(
    store: &DistrictStore,
    who: &Who,
    task: i64,
    amount: &str,
    funded_by: &str,
) -> Result<TaskBudget, TaskError> {
    check_keeps(who)?;
    let fen = yuan_to_fen(amount).map_err(StoreError::Invalid)?;
    Ok(store
        .set_task_budget(task, fen, funded_by, &who.actor())
        .await?)
}

/// Creates a plan of `tasks` (管理员).
pub async fn create_plan(
    store: &DistrictStore,
    who: &Who,
    plan: &NewPlan<'_>,
    tasks: &[i64],
) -> Result<i64, TaskError> {
    check_keeps(who)?;
    Ok(store.create_plan(plan, tasks, &who.actor()).await?)
}

/// Adds `tasks` to plan `plan` (管理员); returns how many were new to it.
pub async fn add_to_plan(
    store: &DistrictStore,
    who: &Who,
    plan: i64,
    tasks: &[i64],
) -> Result<u64, TaskError> {
    check_keeps(who)?;
    Ok(store.add_to_plan(plan, tasks, &who.actor()).await?)
}

/// A plan as `who` sees it, with its visible tasks in the plan's order (the plan itself only if
/// it holds one, or for a district-wide viewer). [`StoreError::NotFound`] otherwise.
pub async fn plan(
    store: &DistrictStore,
    who: &Who,
    id: i64,
) -> Result<(TaskPlan, Vec<Task>), StoreError> {
    let mut visible: std::collections::BTreeMap<i64, Task> =
        tasks::list(store, who, &TaskFilter::default())
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
    let mut plan = store
        .plans()
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(StoreError::NotFound("该整改计划"))?;
    plan.tasks.retain(|t| visible.contains_key(t));
    if plan.tasks.is_empty() && !who.sees_all() {
        return Err(StoreError::NotFound("该整改计划"));
    }
    let members = plan
        .tasks
        .iter()
        .filter_map(|t| visible.remove(t))
        .collect();
    Ok((plan, members))
}

/// An amount in 元 as 分: digits with at most two decimals (`12`, `12.5`, `12.50`, `1,200.00`);
/// a Chinese message saying what is expected otherwise.
///
/// ```
/// use junheng_app::board::yuan_to_fen;
/// assert_eq!(yuan_to_fen("1,200.5"), Ok(120_050));
/// assert_eq!(yuan_to_fen("0.07"), Ok(7));
/// assert!(yuan_to_fen("12.345").is_err());
/// assert!(yuan_to_fen("-3").is_err());
/// ```
pub fn yuan_to_fen(text: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "金额「{}」有误：应为以元计的数字，最多两位小数，如 120000 或 3500.50",
            text.chars().take(30).collect::<String>()
        )
    };
    let clean: String = text.trim().chars().filter(|c| *c != ',').collect();
    let (whole, frac) = clean.split_once('.').unwrap_or((&clean, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 11 || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return Err(bad());
    }
    let yuan: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(yuan * 100 + cents)
}

#[cfg(test)]
mod tests;
