//! The board itself (pure): the tasks a viewer sees laid out by owner × deadline — 已逾期, the
//! coming months, 以后 — with the counts, the budgets, each plan's progress and each part's
//! progress toward recognition.

use std::collections::BTreeMap;

use junheng_core::record::RecordKind;
use junheng_store::{Task, TaskBudget, TaskOwner, TaskPlan, TaskStatus};
use serde::Serialize;

use super::source::ItemGap;
use crate::tasks::{Due, due};

/// How many months the board shows one by one before 以后.
pub const MONTHS: usize = 6;

/// A column of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "month", rename_all = "snake_case")]
pub enum Column {
    /// 已逾期: past the deadline, unfinished.
    Overdue,
    /// A month (`YYYY-MM`) of deadlines.
    Month(String),
    /// 以后: deadlines after the last month shown.
    Later,
}

/// Counts of tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every task not cancelled.
    pub total: usize,
    /// 已完成.
    pub done: usize,
    /// Unfinished (待办, 进行中, 待验收).
    pub open: usize,
    /// Unfinished and past the deadline.
    pub overdue: usize,
    /// Unfinished and due within the coming days.
    pub soon: usize,
}

impl Counts {
    fn add(&mut self, task: &Task, today: &str, soon_days: u32) {
        if task.status == TaskStatus::Cancelled {
            return;
        }
        self.total += 1;
        match due(task, today, soon_days) {
            Due::Closed => self.done += 1,
            Due::Overdue => {
                self.open += 1;
                self.overdue += 1;
            }
            Due::Soon => {
                self.open += 1;
                self.soon += 1;
            }
            Due::Later => self.open += 1,
        }
    }

    /// Done of total in whole percent (`None` without tasks).
    pub fn percent(&self) -> Option<u32> {
        (self.total > 0).then(|| (self.done * 100 / self.total) as u32)
    }
}

/// One owner's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The owner.
    pub owner: TaskOwner,
    /// Unfinished tasks per column, in the board's column order.
    pub cells: Vec<Vec<i64>>,
    /// Its counts.
    pub counts: Counts,
    /// The budgets of its tasks not cancelled, in 分.
    pub budget_fen: i64,
}

/// A plan's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanProgress {
    /// The plan (its tasks: those the viewer sees).
    pub plan: TaskPlan,
    /// Its counts.
    pub counts: Counts,
    /// The budgets of its tasks not cancelled, in 分.
    pub budget_fen: i64,
}

/// A part's progress: the tasks raised from its gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartProgress {
    /// 资源配置, 政府保障程度, 教育质量, 社会认可度, 一票否决, or 其他 (tasks from elsewhere).
    pub part: String,
    /// Its counts.
    pub counts: Counts,
}

/// The budgets, in 分.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Budgets {
    /// Of every task not cancelled.
    pub planned_fen: i64,
    /// Of the tasks done.
    pub done_fen: i64,
    /// Per 资金来源, largest first.
    pub by_funder: Vec<(String, i64)>,
}

/// The board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Board {
    /// The day it is measured on (`YYYY-MM-DD`, Beijing).
    pub today: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// One row per owner, the most overdue first.
    pub rows: Vec<Row>,
    /// Every task's counts.
    pub counts: Counts,
    /// The budgets.
    pub budgets: Budgets,
    /// The plans, oldest first.
    pub plans: Vec<PlanProgress>,
    /// The parts, in report order, then 其他.
    pub parts: Vec<PartProgress>,
}

/// The columns of a board on `today`: 已逾期, [`MONTHS`] months from today's, 以后.
pub fn columns(today: &str) -> Vec<Column> {
    let (mut y, mut m) = (
        today
            .get(0..4)
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(2000),
        today
            .get(5..7)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(1),
    );
    let mut out = vec![Column::Overdue];
    for _ in 0..MONTHS {
        out.push(Column::Month(format!("{y:04}-{m:02}")));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out.push(Column::Later);
    out
}

/// The column of an unfinished task.
fn column_of(task: &Task, today: &str, columns: &[Column]) -> usize {
    if task.is_overdue(today) {
        return 0;
    }
    let month = task.deadline.get(0..7).unwrap_or_default();
    columns
        .iter()
        .position(|c| matches!(c, Column::Month(m) if m == month))
        .unwrap_or(columns.len() - 1)
}

/// Lays out `tasks` (those the viewer sees) on `today`. `part_of` names the part of a
/// 督导评估 item id; tasks from other sources count under 其他. Plans keep only the visible
/// tasks; a plan with none is left out unless `all_plans`.
pub fn board(
    tasks: &[Task],
    budgets: &BTreeMap<i64, TaskBudget>,
    plans: &[TaskPlan],
    all_plans: bool,
    part_of: impl Fn(&str) -> Option<&'static str>,
    today: &str,
    soon_days: u32,
) -> Board {
    let columns = columns(today);
    let fen = |t: &Task| budgets.get(&t.id).map_or(0, |b| b.amount_fen);
    let live = |t: &&Task| t.status != TaskStatus::Cancelled;
    let mut rows: BTreeMap<&TaskOwner, Row> = BTreeMap::new();
    let mut counts = Counts::default();
    let mut budget = Budgets::default();
    let mut funders: BTreeMap<&str, i64> = BTreeMap::new();
    for t in tasks.iter().filter(live) {
        counts.add(t, today, soon_days);
        let row = rows.entry(&t.owner).or_insert_with(|| Row {
            owner: t.owner.clone(),
            cells: vec![Vec::new(); columns.len()],
            counts: Counts::default(),
            budget_fen: 0,
        });
        row.counts.add(t, today, soon_days);
        row.budget_fen += fen(t);
        if !t.status.is_final() {
            row.cells[column_of(t, today, &columns)].push(t.id);
        }
        if let Some(b) = budgets.get(&t.id) {
            budget.planned_fen += b.amount_fen;
            if t.status == TaskStatus::Done {
                budget.done_fen += b.amount_fen;
            }
            *funders.entry(b.funded_by.as_str()).or_default() += b.amount_fen;
        }
    }
    budget.by_funder = funders
        .into_iter()
        .map(|(f, v)| (f.to_owned(), v))
        .collect();
    budget
        .by_funder
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut rows: Vec<Row> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        (b.counts.overdue, b.counts.open)
            .cmp(&(a.counts.overdue, a.counts.open))
            .then(a.owner.cmp(&b.owner))
    });

    let by_id: BTreeMap<i64, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let plans = plans
        .iter()
        .filter_map(|p| {
            let mut plan = p.clone();
            plan.tasks.retain(|id| by_id.contains_key(id));
            if plan.tasks.is_empty() && !all_plans {
                return None;
            }
            let mut c = Counts::default();
            let mut fen_sum = 0;
            for t in plan.tasks.iter().filter_map(|id| by_id.get(id)) {
                c.add(t, today, soon_days);
                if t.status != TaskStatus::Cancelled {
                    fen_sum += fen(t);
                }
            }
            Some(PlanProgress {
                plan,
                counts: c,
                budget_fen: fen_sum,
            })
        })
        .collect();

    const ORDER: [&str; 6] = [
        "资源配置",
        "政府保障程度",
        "教育质量",
        "社会认可度",
        "一票否决",
        "其他",
    ];
    let mut parts: BTreeMap<&str, Counts> = BTreeMap::new();
    for t in tasks {
        let part = match &t.source {
            Some(s) if s.kind == RecordKind::Gap => "资源配置",
            Some(s) if s.kind == RecordKind::SupervisionItem => ItemGap::parse(&s.key)
                .ok()
                .and_then(|g| {
                    if g.item == super::source::RESOURCES {
                        Some("资源配置")
                    } else {
                        part_of(&g.item)
                    }
                })
                .unwrap_or("其他"),
            _ => "其他",
        };
        parts.entry(part).or_default().add(t, today, soon_days);
    }
    let parts = ORDER
        .iter()
        .filter_map(|p| {
            parts.get(p).filter(|c| c.total > 0).map(|c| PartProgress {
                part: (*p).to_owned(),
                counts: *c,
            })
        })
        .collect();
    Board {
        today: today.to_owned(),
        columns,
        rows,
        counts,
        budgets: budget,
        plans,
        parts,
    }
}
