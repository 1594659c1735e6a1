//! Visits listed within a scope and by a query, one visit at a time, and how the 整改 of
//! their findings stands.

use std::collections::{BTreeSet, HashMap};

use junheng_core::record::RecordKind;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{
    DistrictStore, StoreError, Task, TaskFilter, TaskStatus, UnitKind, Visit, VisitFilter,
};

use super::caller::zone_of;
use super::{Scope, SupervisionError, head, is_day};

/// Which visits to list, besides the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitQuery {
    /// Only visits to this school.
    pub school: Option<SchoolCode>,
    /// Only visits recorded under this supervisor's login.
    pub supervisor: Option<String>,
    /// Only visits to the schools of this 学区 or group (in the latest statistics).
    pub unit: Option<(UnitKind, String)>,
    /// Only visits on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only visits on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
}

/// The visits of `scope` that `query` selects, newest first; `records` are the latest school
/// year's statistics (a unit's schools). [`StoreError::Invalid`] for a date that is not a real
/// `YYYY-MM-DD`.
pub async fn visits(
    store: &DistrictStore,
    scope: &Scope,
    query: &VisitQuery,
    records: &[SchoolRecord],
) -> Result<Vec<Visit>, StoreError> {
    for (day, field) in [(&query.from, "起始日期"), (&query.to, "截止日期")] {
        if let Some(day) = day
            && !is_day(day)
        {
            return Err(StoreError::Invalid(format!(
                "{field}应写作 YYYY-MM-DD（如 2025-03-18），收到「{}」",
                head(day, 20)
            )));
        }
    }
    let mut schools: Option<BTreeSet<SchoolCode>> = scope.schools.clone();
    let mut narrow = |only: BTreeSet<SchoolCode>| {
        schools = Some(match schools.take() {
            Some(s) => s.intersection(&only).cloned().collect(),
            None => only,
        });
    };
    if let Some(code) = &query.school {
        narrow([code.clone()].into());
    }
    if let Some((kind, name)) = &query.unit {
        let name = name.trim();
        narrow(
            records
                .iter()
                .filter(|r| match kind {
                    UnitKind::Zone => zone_of(r) == Some(name),
                    UnitKind::Group => r.group.as_deref() == Some(name),
                })
                .map(|r| r.code.clone())
                .collect(),
        );
    }
    let schools: Option<Vec<SchoolCode>> = schools.map(|s| s.into_iter().collect());
    store
        .visits(&VisitFilter {
            schools: schools.as_deref(),
            supervisor: query.supervisor.as_deref(),
            from: query.from.as_deref(),
            to: query.to.as_deref(),
        })
        .await
}

/// Visit `id`, if `scope` shows it: [`StoreError::NotFound`] for no visit of the district,
/// [`SupervisionError::Forbidden`] for a visit to a school outside the scope.
pub async fn visit(
    store: &DistrictStore,
    scope: &Scope,
    id: i64,
) -> Result<Visit, SupervisionError> {
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    if !scope.sees(&visit.school) {
        return Err(SupervisionError::Forbidden(
            "该督导记录不在您的范围内".into(),
        ));
    }
    Ok(visit)
}

/// The visit of finding `id`, if `scope` shows it (as [`visit`]).
pub async fn visit_of_finding(
    store: &DistrictStore,
    scope: &Scope,
    id: i64,
) -> Result<Visit, SupervisionError> {
    let finding = store
        .finding(id)
        .await?
        .ok_or(StoreError::NotFound("该督导发现"))?;
    visit(store, scope, finding.visit).await
}

/// How the 整改 of a visit's findings stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Findings.
    pub findings: usize,
    /// Findings with a task.
    pub raised: usize,
    /// Their tasks done (已完成).
    pub done: usize,
    /// Their tasks overdue on the day asked.
    pub overdue: usize,
}

/// How the findings of `visit` stand on `today`, their tasks looked up in `tasks` (by id).
pub fn progress(visit: &Visit, tasks: &HashMap<i64, Task>, today: &str) -> Progress {
    let mut p = Progress {
        findings: visit.findings.len(),
        ..Progress::default()
    };
    for task in visit
        .findings
        .iter()
        .filter_map(|f| f.task.and_then(|t| tasks.get(&t)))
    {
        p.raised += 1;
        p.done += usize::from(task.status == TaskStatus::Done);
        p.overdue += usize::from(task.is_overdue(today));
    }
    p
}

/// Every task of the district raised from a finding, by id (what [`progress`] reads).
pub async fn finding_tasks(store: &DistrictStore) -> Result<HashMap<i64, Task>, StoreError> {
    Ok(store
        .tasks(&TaskFilter::default())
        .await?
        .into_iter()
        .filter(|t| {
            t.source
                .as_ref()
                .is_some_and(|s| s.kind == RecordKind::Finding)
        })
        .map(|t| (t.id, t))
        .collect())
}
