//! The 三线 board of quality: each school's (and group's) quality score in each of a sequence of
//! exams (the periods, oldest first) placed against the 基本线, 发展线 and 警戒线 of the district's
//! [`BandPolicy`] — one engine with the annual review's (`junheng_core::bands`) — the consecutive
//! periods at the 警戒线 and the escalation they reach (提示 → 约谈 + 帮扶计划 → 专项督导). Each
//! escalation may be raised as a task owned by the school, which the 督导室 closes.
//!
//! A school's quality score in an exam is its 比值赋分 composite on 总分 (or the only paper) as a
//! share of the weights, 0–100 ([`school_quality`]); a group's is the mean of its members'
//! weighted by their students who sat. A school without scores in an exam is 未接入 there, never 0.

use std::collections::BTreeMap;

use junheng_core::bands::{BandPolicy, EscalationLevel, PastPeriod, Placement, place};
use junheng_core::exam::QualitySettings;
use junheng_core::record::{RecordKind, RecordRef};
use junheng_store::{DistrictStore, ExamInfo, NewTask, OwnerKind, StudentKeys, TaskOwner};
use serde::Serialize;

use super::Refused;
use super::load::load;
use super::quality::school_quality;
use super::who::{Sight, sight};
use crate::pairings::Caller;
use crate::tasks::{Who, add_days, beijing_today, create, raised_from};

/// One period: the exam and the placements of its schools and groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// The exam.
    pub exam: ExamInfo,
    /// Schools by 学校标识码.
    pub schools: Placement<String>,
    /// Groups by name.
    pub groups: Placement<String>,
}

/// The board: every period, and the names of the schools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    /// Oldest first.
    pub periods: Vec<Period>,
    /// School names by code.
    pub names: BTreeMap<String, String>,
}

impl Board {
    /// The schools escalated in the latest period: (code, name, level, periods at the 警戒线).
    pub fn escalated(&self) -> Vec<(String, String, EscalationLevel, u32)> {
        let Some(last) = self.periods.last() else {
            return Vec::new();
        };
        last.schools
            .units
            .iter()
            .filter_map(|u| {
                let placed = last.schools.placed(&u.unit)?;
                let level = placed.escalation?;
                let name = self.names.get(&u.unit).cloned().unwrap_or_default();
                Some((u.unit.clone(), name, level, placed.warning_periods))
            })
            .collect()
    }
}

/// The board over `exams` (any order: they are sorted by date), for the district's
/// administrators and 督学 (it compares schools: never public).
pub async fn board(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    exams: &[i64],
    settings: &QualitySettings,
    policy: &BandPolicy,
) -> Result<Board, Refused> {
    if sight(caller) != Sight::Everything {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let mut loaded = Vec::with_capacity(exams.len());
    for id in exams {
        loaded.push(load(store, keys, *id).await?);
    }
    loaded.sort_by(|a, b| a.info.on_date.cmp(&b.info.on_date));
    let mut names = BTreeMap::new();
    let mut periods: Vec<Period> = Vec::with_capacity(loaded.len());
    let mut school_history: Vec<BTreeMap<String, PastPeriod>> = Vec::new();
    let mut group_history: Vec<BTreeMap<String, PastPeriod>> = Vec::new();
    for l in loaded {
        if l.exam.papers().is_empty() {
            continue;
        }
        let qualities = school_quality(&l.exam, settings);
        let mut schools: BTreeMap<String, Option<f64>> = BTreeMap::new();
        let mut groups: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for q in qualities {
            let unit = &l.exam.schools()[q.school];
            names.insert(unit.code.clone(), unit.name.clone());
            schools.insert(unit.code.clone(), q.value);
            if let (Some(g), Some(v)) = (unit.group, q.value) {
                let w = f64::from(q.sat);
                let e = groups
                    .entry(l.exam.groups()[g as usize].clone())
                    .or_default();
                e.0 += w * v;
                e.1 += w;
            }
        }
        let groups: BTreeMap<String, Option<f64>> = groups
            .into_iter()
            .map(|(g, (sum, w))| (g, (w > 0.0).then(|| sum / w)))
            .collect();
        let invalid = |e: junheng_core::bands::PlaceError| {
            Refused::Store(junheng_store::StoreError::Invalid(format!(
                "三线设置有误：{e}"
            )))
        };
        let school_place = place(policy, &schools, &school_history).map_err(invalid)?;
        let group_place = place(policy, &groups, &group_history).map_err(invalid)?;
        school_history.push(past(&school_place));
        group_history.push(past(&group_place));
        periods.push(Period {
            exam: l.info,
            schools: school_place,
            groups: group_place,
        });
    }
    Ok(Board { periods, names })
}

/// A placement as the next period's history.
fn past(placement: &Placement<String>) -> BTreeMap<String, PastPeriod> {
    placement
        .units
        .iter()
        .map(|u| {
            let placed = placement.placed(&u.unit);
            (
                u.unit.clone(),
                PastPeriod {
                    value: placed.map(|p| p.value),
                    band: placed.map(|p| p.band),
                },
            )
        })
        .collect()
}

/// The source of a school's quality escalation task.
pub fn warning_ref(school: &str) -> RecordRef {
    RecordRef {
        kind: RecordKind::Warning,
        key: format!("quality-bands/{school}"),
    }
}

/// Raises a task for each school escalated in the board's latest period that has no unfinished
/// task from its warning yet: owned by the school, due in `days` days. Returns the tasks made.
pub async fn raise(
    store: &DistrictStore,
    who: &Who,
    board: &Board,
    days: i64,
) -> Result<Vec<junheng_store::Task>, Refused> {
    let deadline = add_days(&beijing_today(), days).unwrap_or_else(beijing_today);
    let Some(last) = board.periods.last() else {
        return Ok(Vec::new());
    };
    let mut made = Vec::new();
    for (code, name, level, runs) in board.escalated() {
        let source = warning_ref(&code);
        let open = raised_from(store, &source)
            .await
            .map_err(|e| Refused::Store(junheng_store::StoreError::Invalid(e.to_string())))?;
        if !open.is_empty() {
            continue;
        }
        let owner = TaskOwner::new(OwnerKind::School, &code)?;
        let title = format!("质量监测三线预警：{name}（{}）", level.label());
        let detail = format!(
            "「{}」中本校质量得分连续 {runs} 次处于警戒线及以下，按三线规则{}。",
            last.exam.name,
            level.label()
        );
        let task = create(
            store,
            who,
            &NewTask {
                title: &title,
                detail: &detail,
                owner: &owner,
                deadline: &deadline,
                source: Some(&source),
            },
        )
        .await
        .map_err(|e| Refused::Store(junheng_store::StoreError::Invalid(e.to_string())))?;
        made.push(task);
    }
    Ok(made)
}
