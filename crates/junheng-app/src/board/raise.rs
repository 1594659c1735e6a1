//! Raising tasks from the verdict's gap list: one task per gap line, owned by the school that
//! falls short, else by the item's 牵头 department of the 责任清单, else by the owner the
//! administrator names; a gap that already has an unfinished task is left alone, so raising
//! twice raises nothing new. The schools' new tasks join their 一校一策 plan of the year.

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::inspection::Verdict;
use junheng_core::school::SchoolCode;
use junheng_store::{
    DistrictStore, ItemDuty, NewPlan, NewTask, OwnerKind, PlanKind, StoreError, Task, TaskOwner,
};
use serde::Serialize;

use super::source::ItemGap;
use crate::tasks::{self, TaskError, Who};

/// A task the raise would create, or the unfinished one a gap already has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The gap it closes.
    pub gap: String,
    /// 任务名称.
    pub title: String,
    /// 任务说明: what falls short and what closes it.
    pub detail: String,
    /// Who will own it.
    pub owner: TaskOwner,
    /// The unfinished task already raised from the gap, if any.
    pub existing: Option<i64>,
}

/// What one raise did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Raised {
    /// The tasks created.
    pub created: Vec<i64>,
    /// Gaps left alone: an unfinished task was already raised from them.
    pub kept: usize,
    /// 一校一策 plans created.
    pub plans: usize,
}

/// The lead (牵头) department of each item in the 责任清单 (duties not withdrawn; the first
/// recorded when there are several).
pub fn leads(duties: &[ItemDuty]) -> BTreeMap<&str, &str> {
    let mut out = BTreeMap::new();
    for d in duties.iter().filter(|d| d.lead && d.withdrawn.is_none()) {
        out.entry(d.item.as_str()).or_insert(d.department.as_str());
    }
    out
}

/// What raising from `verdict` would do (pure): one proposal per distinct gap line, its owner
/// chosen as the module says, `open` (the district's unfinished tasks) telling which gaps
/// already have a task. Titles are cut to the task title's limit.
pub fn proposals(
    verdict: &Verdict,
    duties: &[ItemDuty],
    fallback: &TaskOwner,
    open: &[Task],
) -> Vec<Proposal> {
    let leads = leads(duties);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for line in &verdict.gaps {
        let gap = ItemGap::of(verdict.year, line);
        if !seen.insert(gap.clone()) {
            continue;
        }
        let source = gap.record();
        let school = gap.unit.as_deref().and_then(|u| SchoolCode::parse(u).ok());
        let owner = match (school, leads.get(line.item.as_str())) {
            (Some(code), _) => TaskOwner {
                kind: OwnerKind::School,
                key: code.as_str().to_owned(),
            },
            (None, Some(dep)) => TaskOwner {
                kind: OwnerKind::Department,
                key: (*dep).to_owned(),
            },
            (None, None) => fallback.clone(),
        };
        let title = match &line.unit {
            Some(u) => format!("整改 {}：{}", line.label, u.name),
            None => format!("整改 {}", line.label),
        };
        out.push(Proposal {
            gap: gap.to_string(),
            title: title
                .chars()
                .take(junheng_store::limits::MAX_TASK_TITLE)
                .collect(),
            detail: format!("{}（{}）：{}", line.part, verdict.year, line.remedy)
                .chars()
                .take(junheng_store::limits::MAX_TASK_DETAIL)
                .collect(),
            owner,
            existing: open
                .iter()
                .find(|t| t.source.as_ref() == Some(&source) && !t.status.is_final())
                .map(|t| t.id),
        });
    }
    out
}

/// Raises the tasks of `verdict`'s gaps due on `deadline` as `who` (an administrator or the
/// operator): the proposals without a task are created, and each school's new tasks join its
/// 一校一策 plan of the year (created when it has none). The deadline and the fallback owner
/// are checked before anything is written; a raise stopped by a failure is completed by raising
/// again (it never raises a gap twice).
pub async fn raise(
    store: &DistrictStore,
    who: &Who,
    verdict: &Verdict,
    deadline: &str,
    fallback: &TaskOwner,
) -> Result<Raised, TaskError> {
    let probe = ItemGap {
        year: verdict.year,
        item: super::source::RESOURCES.into(),
        unit: None,
    }
    .record();
    who.check_create(Some(&probe))?;
    if tasks::add_days(deadline.trim(), 0).is_none() {
        return Err(StoreError::Invalid(format!(
            "完成期限「{}」有误：应为 YYYY-MM-DD，如 2026-06-30",
            deadline.chars().take(20).collect::<String>()
        ))
        .into());
    }
    let fallback = TaskOwner::new(fallback.kind, &fallback.key)?;
    let open = tasks::list(store, who, &junheng_store::TaskFilter::default()).await?;
    let duties = store.duties().await?;
    let mut raised = Raised::default();
    let mut by_school: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for p in proposals(verdict, &duties, &fallback, &open) {
        if p.existing.is_some() {
            raised.kept += 1;
            continue;
        }
        let gap = ItemGap::parse(&p.gap).map_err(StoreError::Invalid)?;
        let task = tasks::create(
            store,
            who,
            &NewTask {
                title: &p.title,
                detail: &p.detail,
                owner: &p.owner,
                deadline: deadline.trim(),
                source: Some(&gap.record()),
            },
        )
        .await?;
        if p.owner.kind == OwnerKind::School {
            by_school
                .entry(p.owner.key.clone())
                .or_default()
                .push(task.id);
        }
        raised.created.push(task.id);
    }
    raised.plans = school_plans(store, who, verdict.year, &by_school).await?;
    Ok(raised)
}

/// Puts each school's new tasks into its 一校一策 plan of `year`; returns how many plans were
/// created.
async fn school_plans(
    store: &DistrictStore,
    who: &Who,
    year: i32,
    by_school: &BTreeMap<String, Vec<i64>>,
) -> Result<usize, StoreError> {
    if by_school.is_empty() {
        return Ok(0);
    }
    let plans = store.plans().await?;
    let names: BTreeMap<String, String> = store
        .statistics(year, None)
        .await?
        .into_iter()
        .map(|r| (r.code.as_str().to_owned(), r.name))
        .collect();
    let mut created = 0;
    for (code, ids) in by_school {
        let existing = plans
            .iter()
            .find(|p| p.kind == PlanKind::School && p.year == year && p.owner.key == *code);
        match existing {
            Some(plan) => {
                store.add_to_plan(plan.id, ids, &who.actor()).await?;
            }
            None => {
                let owner = TaskOwner {
                    kind: OwnerKind::School,
                    key: code.clone(),
                };
                let name = names.get(code).map_or(code.as_str(), String::as_str);
                let title = format!("{name} {year} 学年一校一策");
                let plan = NewPlan {
                    title: &title,
                    kind: PlanKind::School,
                    owner: &owner,
                    year,
                };
                store.create_plan(&plan, ids, &who.actor()).await?;
                created += 1;
            }
        }
    }
    Ok(created)
}
