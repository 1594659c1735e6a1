//! The board's reads and writes (`task_budgets`, `task_plans`, `task_plan_members`,
//! `item_duties`, migration 0038): each write in one transaction with its audit entry.

use std::collections::BTreeMap;

use super::{
    BudgetRow, DutyRow, ItemDuty, MAX_DUTY, MAX_FUNDED_BY, MAX_PLAN_TASKS, MAX_PLAN_TITLE, NewDuty,
    NewPlan, PlanRow, TaskBudget, TaskPlan, check_amount,
};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::inspection::{check_name, check_year};
use crate::limits::{MAX_DEPARTMENT, check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::tasks::TaskOwner;
use crate::time::now;
use crate::{Actor, StoreError};

/// The task `id` of district `district` inside a write, or [`StoreError::NotFound`].
macro_rules! known_task {
    ($tx:expr, $district:expr, $id:expr) => {{
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM tasks WHERE district_id = $1 AND id = $2")
                .bind($district)
                .bind($id)
                .fetch_optional(&mut *$tx)
                .await?;
        if found.is_none() {
            return Err(StoreError::NotFound("该任务"));
        }
    }};
}

/// Adds `tasks` (each checked to be the district's) to plan `plan` inside a write; evaluates
/// to how many were new to it.
macro_rules! add_members {
    ($tx:expr, $district:expr, $plan:expr, $tasks:expr, $actor:expr, $at:expr) => {{
        let mut added = 0;
        for task in $tasks {
            known_task!($tx, $district, *task);
            added += sqlx::query(
                "INSERT INTO task_plan_members (plan_id, task_id, added_by, added_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind($plan)
            .bind(*task)
            .bind(&$actor.name)
            .bind(&$at)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
        }
        added
    }};
}

impl DistrictStore {
    /// Sets task `task_id`'s budget (`amount_fen` 分, funded by `funded_by`); the budget before
    /// it stays as history. Audited with the amount it replaces.
    pub async fn set_task_budget(
        &self,
        task_id: i64,
        amount_fen: i64,
        funded_by: &str,
        actor: &Actor,
    ) -> Result<TaskBudget, StoreError> {
        check_actor(actor)?;
        check_amount(amount_fen)?;
        let funded_by = funded_by.trim();
        check_required(funded_by, "资金来源", MAX_FUNDED_BY)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            known_task!(tx, self.id, task_id);
            let before: Option<(i64,)> = sqlx::query_as(
                "SELECT amount_fen FROM task_budgets WHERE district_id = $1 AND task_id = $2 \
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(task_id)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO task_budgets (district_id, task_id, amount_fen, funded_by, set_by, \
                 set_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(self.id)
            .bind(task_id)
            .bind(amount_fen)
            .bind(funded_by)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::BOARD_BUDGET,
                format!("task:{task_id}"),
                format!(
                    "fen={amount_fen} was={}",
                    before.map_or("-".to_owned(), |(fen,)| fen.to_string())
                )
            )?;
            tx.commit().await?;
        });
        Ok(TaskBudget {
            task_id,
            amount_fen,
            funded_by: funded_by.to_owned(),
            set_by: actor.name.clone(),
            set_at: at,
        })
    }

    /// Every task's current budget (the newest set), by task id.
    pub async fn task_budgets(&self) -> Result<BTreeMap<i64, TaskBudget>, StoreError> {
        let rows: Vec<BudgetRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT task_id, amount_fen, funded_by, set_by, set_at FROM task_budgets \
                 WHERE district_id = $1 ORDER BY id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    r.task_id,
                    TaskBudget {
                        task_id: r.task_id,
                        amount_fen: r.amount_fen,
                        funded_by: r.funded_by,
                        set_by: r.set_by,
                        set_at: r.set_at,
                    },
                )
            })
            .collect())
    }

    /// Creates a plan holding `tasks` (tasks of the district; repeated ids count once). A
    /// 一校一策 plan must be a school's, a 一集团一案 plan a group's.
    pub async fn create_plan(
        &self,
        plan: &NewPlan<'_>,
        tasks: &[i64],
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_year(plan.year)?;
        let title = plan.title.trim();
        check_required(title, "计划名称", MAX_PLAN_TITLE)?;
        let owner = TaskOwner::new(plan.owner.kind, &plan.owner.key)?;
        if let Some(kind) = plan.kind.owner_kind()
            && kind != owner.kind
        {
            return Err(StoreError::Invalid(format!(
                "“{}”的负责方应为{}，收到{}",
                plan.kind.label(),
                kind.label(),
                owner.kind.label()
            )));
        }
        check_plan_size(tasks)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO task_plans (district_id, title, kind, owner_kind, owner_key, year, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(self.id)
            .bind(title)
            .bind(plan.kind.id())
            .bind(owner.kind.id())
            .bind(&owner.key)
            .bind(i64::from(plan.year))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let added = add_members!(tx, self.id, id, tasks, actor, at);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::BOARD_PLAN,
                format!("plan:{id}"),
                format!("kind={} tasks={added} title={title}", plan.kind.id())
            )?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Adds `tasks` to plan `plan`; tasks already in it are left as they are. Returns how many
    /// were added.
    pub async fn add_to_plan(
        &self,
        plan: i64,
        tasks: &[i64],
        actor: &Actor,
    ) -> Result<u64, StoreError> {
        check_actor(actor)?;
        check_plan_size(tasks)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM task_plans WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(plan)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::NotFound("该整改计划"));
            }
            let added = add_members!(tx, self.id, plan, tasks, actor, at);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::BOARD_PLAN,
                format!("plan:{plan}"),
                format!("added={added}")
            )?;
            tx.commit().await?;
            Ok(added)
        })
    }

    /// Every plan of the district with its tasks, oldest first.
    pub async fn plans(&self) -> Result<Vec<TaskPlan>, StoreError> {
        let (rows, members): (Vec<PlanRow>, Vec<(i64, i64)>) = with_pool!(&self.pool, |pool| {
            let rows = sqlx::query_as(
                "SELECT id, title, kind, owner_kind, owner_key, year, created_by, created_at \
                 FROM task_plans WHERE district_id = $1 ORDER BY id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?;
            let members = sqlx::query_as(
                "SELECT m.plan_id, m.task_id FROM task_plan_members m \
                 JOIN task_plans p ON p.id = m.plan_id WHERE p.district_id = $1 \
                 ORDER BY m.added_at, m.task_id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?;
            (rows, members)
        });
        let mut plans = rows
            .into_iter()
            .map(TaskPlan::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        for (plan, task) in members {
            if let Some(p) = plans.iter_mut().find(|p| p.id == plan) {
                p.tasks.push(task);
            }
        }
        Ok(plans)
    }

    /// Records a duty of the 责任清单.
    pub async fn set_duty(
        &self,
        duty: &NewDuty<'_>,
        actor: &Actor,
    ) -> Result<ItemDuty, StoreError> {
        check_actor(actor)?;
        check_name(duty.item, "指标")?;
        let department = duty.department.trim();
        check_required(department, "责任部门", MAX_DEPARTMENT)?;
        let text = duty.duty.trim();
        check_required(text, "职责", MAX_DUTY)?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO item_duties (district_id, item, department, duty, lead, set_by, \
                 set_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(duty.item)
            .bind(department)
            .bind(text)
            .bind(i64::from(duty.lead))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::BOARD_DUTY,
                format!("duty:{}:{department}", duty.item),
                format!("lead={}", duty.lead)
            )?;
            tx.commit().await?;
            id
        });
        self.duty(id).await
    }

    /// Withdraws (撤回) duty `id`.
    pub async fn withdraw_duty(&self, id: i64, actor: &Actor) -> Result<ItemDuty, StoreError> {
        check_actor(actor)?;
        let duty = self.duty(id).await?;
        if duty.withdrawn.is_some() {
            return Err(StoreError::invalid("该职责已撤回"));
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE item_duties SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE district_id = $3 AND id = $4 AND withdrawn_at IS NULL",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(self.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::BOARD_DUTY_WITHDRAW,
                format!("duty:{}:{}", duty.item, duty.department),
                format!("id={id}")
            )?;
            tx.commit().await?;
        });
        self.duty(id).await
    }

    /// Duty `id` of the district.
    async fn duty(&self, id: i64) -> Result<ItemDuty, StoreError> {
        self.duties()
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(StoreError::NotFound("该职责"))
    }

    /// The 责任清单: every duty, withdrawn ones included, by item then 牵头 first.
    pub async fn duties(&self) -> Result<Vec<ItemDuty>, StoreError> {
        let rows: Vec<DutyRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, item, department, duty, lead, set_by, set_at, withdrawn_by, \
                 withdrawn_at FROM item_duties WHERE district_id = $1 \
                 ORDER BY item, lead DESC, id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ItemDuty::from).collect())
    }
}

fn check_plan_size(tasks: &[i64]) -> Result<(), StoreError> {
    if tasks.len() > MAX_PLAN_TASKS {
        return Err(StoreError::Invalid(format!(
            "一次最多加入 {MAX_PLAN_TASKS} 项任务，收到 {} 项",
            tasks.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::PlanKind;

    #[test]
    fn plan_kinds_round_trip_and_name_their_owner() {
        for kind in PlanKind::ALL {
            assert_eq!(PlanKind::parse(kind.id()), Some(kind));
        }
        assert_eq!(PlanKind::School.label(), "一校一策");
        assert_eq!(PlanKind::Special.owner_kind(), None);
        assert!(super::super::check_amount(-1).is_err());
        assert!(super::super::check_amount(super::super::MAX_BUDGET_FEN).is_ok());
        assert!(super::super::check_amount(super::super::MAX_BUDGET_FEN + 1).is_err());
    }
}
