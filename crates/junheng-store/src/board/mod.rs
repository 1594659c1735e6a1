//! 挂图作战 (issue 19): what the rectification board keeps beside the tasks — a task's budget and
//! who funds it, the plans that gather tasks (一校一策, 一集团一案, 专项), and the 责任清单 (which
//! department answers for which 督导评估 item, 牵头 or 配合).
//!
//! Budgets are append-only (the newest row of a task counts); plans and their members are only
//! ever added to (a task that no longer belongs is cancelled on its own page, with its reason);
//! duties are withdrawn (撤回), never deleted. Every write is audited in its transaction.

use serde::Serialize;

use crate::StoreError;
use crate::pool::from_row;
use crate::tasks::{OwnerKind, TaskOwner};

/// The largest budget of one task, in 分 (100 亿元): anything above is a typing error.
pub const MAX_BUDGET_FEN: i64 = 1_000_000_000_000;
/// Longest 资金来源 of a budget.
pub const MAX_FUNDED_BY: usize = 100;
/// Longest title of a plan.
pub const MAX_PLAN_TITLE: usize = 200;
/// Longest duty of a department on an item.
pub const MAX_DUTY: usize = 500;
/// Most tasks added to a plan in one write.
pub const MAX_PLAN_TASKS: usize = 1000;

/// A task's budget: the newest one set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskBudget {
    /// The task.
    pub task_id: i64,
    /// The amount, in 分.
    pub amount_fen: i64,
    /// Who funds it (资金来源: 区财政, 专项债 …).
    pub funded_by: String,
    /// Who set it.
    pub set_by: String,
    /// When (RFC 3339).
    pub set_at: String,
}

/// What a plan gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// 一校一策: one school's tasks, owned by the school.
    School,
    /// 一集团一案: one education group's tasks, owned by the group.
    Group,
    /// 专项: any tasks, any owner.
    Special,
}

impl PlanKind {
    /// Every kind.
    pub const ALL: [PlanKind; 3] = [PlanKind::School, PlanKind::Group, PlanKind::Special];

    /// The stable identifier: `school`, `group`, `special`.
    pub fn id(self) -> &'static str {
        match self {
            PlanKind::School => "school",
            PlanKind::Group => "group",
            PlanKind::Special => "special",
        }
    }

    /// 一校一策 / 一集团一案 / 专项.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::School => "一校一策",
            PlanKind::Group => "一集团一案",
            PlanKind::Special => "专项",
        }
    }

    /// The kind of an [`PlanKind::id`].
    pub fn parse(id: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.id() == id.trim())
    }

    /// The owner kind a plan of this kind must have (`None`: any).
    pub fn owner_kind(self) -> Option<OwnerKind> {
        match self {
            PlanKind::School => Some(OwnerKind::School),
            PlanKind::Group => Some(OwnerKind::Group),
            PlanKind::Special => None,
        }
    }
}

/// A plan to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan<'a> {
    /// Its title.
    pub title: &'a str,
    /// What it gathers.
    pub kind: PlanKind,
    /// Who answers for it (a school for 一校一策, a group for 一集团一案).
    pub owner: &'a TaskOwner,
    /// The school year it works toward.
    pub year: i32,
}

/// A plan with its tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskPlan {
    /// Row id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// What it gathers.
    pub kind: PlanKind,
    /// Who answers for it.
    pub owner: TaskOwner,
    /// The school year it works toward.
    pub year: i32,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Its tasks' ids, in the order they were added.
    pub tasks: Vec<i64>,
}

/// A duty of the 责任清单 to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDuty<'a> {
    /// The rulebook's item id (`resources` for 资源配置).
    pub item: &'a str,
    /// The department, as tasks and the department's users name it.
    pub department: &'a str,
    /// What it must do.
    pub duty: &'a str,
    /// 牵头 (true) or 配合 (false).
    pub lead: bool,
}

/// A duty of the 责任清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDuty {
    /// Row id.
    pub id: i64,
    /// The rulebook's item id (`resources` for 资源配置).
    pub item: String,
    /// The department.
    pub department: String,
    /// What it must do.
    pub duty: String,
    /// 牵头 (true) or 配合 (false).
    pub lead: bool,
    /// Who recorded it.
    pub set_by: String,
    /// When (RFC 3339).
    pub set_at: String,
    /// Who withdrew it and when, if it was withdrawn.
    pub withdrawn: Option<(String, String)>,
}

struct BudgetRow {
    task_id: i64,
    amount_fen: i64,
    funded_by: String,
    set_by: String,
    set_at: String,
}
from_row!(BudgetRow {
    task_id,
    amount_fen,
    funded_by,
    set_by,
    set_at
});

struct PlanRow {
    id: i64,
    title: String,
    kind: String,
    owner_kind: String,
    owner_key: String,
    year: i64,
    created_by: String,
    created_at: String,
}
from_row!(PlanRow {
    id,
    title,
    kind,
    owner_kind,
    owner_key,
    year,
    created_by,
    created_at
});

struct DutyRow {
    id: i64,
    item: String,
    department: String,
    duty: String,
    lead: i64,
    set_by: String,
    set_at: String,
    withdrawn_by: Option<String>,
    withdrawn_at: Option<String>,
}
from_row!(DutyRow {
    id,
    item,
    department,
    duty,
    lead,
    set_by,
    set_at,
    withdrawn_by,
    withdrawn_at
});

impl From<DutyRow> for ItemDuty {
    fn from(r: DutyRow) -> Self {
        ItemDuty {
            id: r.id,
            item: r.item,
            department: r.department,
            duty: r.duty,
            lead: r.lead != 0,
            set_by: r.set_by,
            set_at: r.set_at,
            withdrawn: r.withdrawn_by.zip(r.withdrawn_at),
        }
    }
}

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: "task_plans",
        column,
    }
}

impl TryFrom<PlanRow> for TaskPlan {
    type Error = StoreError;

    fn try_from(r: PlanRow) -> Result<Self, StoreError> {
        let kind = PlanKind::parse(&r.kind).ok_or(corrupt("kind"))?;
        let owner_kind = OwnerKind::parse(&r.owner_kind).ok_or(corrupt("owner_kind"))?;
        Ok(TaskPlan {
            id: r.id,
            title: r.title,
            kind,
            owner: TaskOwner {
                kind: owner_kind,
                key: r.owner_key,
            },
            year: i32::try_from(r.year).map_err(|_| corrupt("year"))?,
            created_by: r.created_by,
            created_at: r.created_at,
            tasks: Vec::new(),
        })
    }
}

/// The 分 of a budget, checked: not negative, not above [`MAX_BUDGET_FEN`].
fn check_amount(fen: i64) -> Result<(), StoreError> {
    if (0..=MAX_BUDGET_FEN).contains(&fen) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "预算金额 {fen} 分无效：应在 0 到 100 亿元之间"
        )))
    }
}

mod store;
