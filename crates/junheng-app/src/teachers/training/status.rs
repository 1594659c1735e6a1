//! The status of 继续教育: rates, behind-schedule teachers, items 9 and 4, and one teacher's
//! progress, from the stored rosters, ledger, budgets and statistics.

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, UrbanRural};
use junheng_rotation::{Teacher, TeacherId};
use junheng_store::teachers::training::TrainingBatch;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::training::{
    Cycle, Day, Item4, Progress, Rates, TrainingRecord, TrainingRules, TrainingView, budget_item,
    join_years, progress, rates,
};
use serde::Serialize;

use crate::pairings::Caller;

/// Everything the page, its downloads, the JSON and the CLI show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingStatus {
    /// The rules used.
    pub rules: TrainingRules,
    /// Today.
    pub as_of: Day,
    /// The school seen (`None`: the district).
    pub school: Option<SchoolCode>,
    /// The roster's school year of today's teachers (`None`: no roster yet).
    pub roster_year: Option<i32>,
    /// The roster's school year of the chosen cycle's teachers.
    pub cycle_roster_year: Option<i32>,
    /// Rates, progress and item 9.
    pub rates: Rates,
    /// Item 4 of the budget year.
    pub item4: Item4,
    /// School names from the statistics (code → name).
    pub names: BTreeMap<SchoolCode, String>,
    /// Records in the ledger (of the teachers seen).
    pub records: usize,
    /// The ledger's batches, newest first (the district only; empty for a school).
    pub batches: Vec<TrainingBatch>,
}

impl TrainingStatus {
    /// A school's name, or its code.
    pub fn name(&self, code: &SchoolCode) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

/// One teacher's records and progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherDetail {
    /// The day the progress is measured on.
    pub as_of: Day,
    /// The name of the teacher's school (of the newest roster naming them), from the statistics.
    pub school_name: Option<String>,
    /// The current cycle's progress.
    pub current: Progress,
    /// The previous cycle's progress.
    pub previous: Progress,
    /// Every record of the teacher, by start date.
    pub records: Vec<TrainingRecord>,
}

/// Rosters newest year first, with the one to use for school year `year` (that year's or the
/// newest before it; else the oldest after it).
pub(crate) struct Rosters(pub(crate) Vec<(i32, Vec<Teacher>)>);

impl Rosters {
    /// Every stored roster, read once.
    pub(crate) async fn load(store: &DistrictStore) -> Result<Self, StoreError> {
        let mut out = Vec::new();
        for v in store.roster_years().await? {
            out.push((v.year, store.roster(v.year).await?));
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.0));
        Ok(Rosters(out))
    }

    fn for_year(&self, year: i32) -> Option<&(i32, Vec<Teacher>)> {
        self.0
            .iter()
            .find(|(y, _)| *y <= year)
            .or_else(|| self.0.last())
    }
}

fn scoped(roster: Option<&(i32, Vec<Teacher>)>, school: Option<&SchoolCode>) -> Vec<Teacher> {
    roster
        .map(|(_, r)| {
            r.iter()
                .filter(|t| school.is_none_or(|s| &t.school == s))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The statistics of school year `year`, else of the newest stored year (empty without any).
async fn statistics_near(
    store: &DistrictStore,
    year: i32,
) -> Result<Vec<junheng_core::school::SchoolRecord>, StoreError> {
    let years: Vec<i32> = store.years().await?.into_iter().map(|y| y.year).collect();
    let pick = if years.contains(&year) {
        Some(year)
    } else {
        years.into_iter().max()
    };
    match pick {
        Some(y) => store.statistics(y, None).await,
        None => Ok(Vec::new()),
    }
}

/// The status on `as_of` for `school` (`None`: the district): the cycle starting in
/// `cycle_year`'s cycle (default: the one before today's, the last that ended) and the budgets
/// of `budget_year` (default: `as_of`'s calendar year).
pub async fn status(
    store: &DistrictStore,
    school: Option<&SchoolCode>,
    rules: &TrainingRules,
    cycle_year: Option<i32>,
    budget_year: Option<i32>,
    as_of: Day,
) -> Result<TrainingStatus, StoreError> {
    let rosters = Rosters::load(store).await?;
    let joins = join_years(rosters.0.iter().flat_map(|(_, r)| r.iter()));
    let current_cycle = rules.cycle_of(as_of.year());
    let cycle = cycle_year.map_or_else(
        || rules.cycle_of(current_cycle.start_year - 1),
        |y| rules.cycle_of(y),
    );
    let today = rosters.for_year(as_of.school_year());
    let chosen = rosters.for_year(cycle.end_year);
    let current_roster = scoped(today, school);
    let chosen_roster = scoped(chosen, school);
    let stats_year = today.map_or(as_of.school_year(), |(y, _)| *y);
    let statistics = statistics_near(store, stats_year).await?;
    let urban: BTreeMap<SchoolCode, UrbanRural> = statistics
        .iter()
        .filter_map(|r| r.urban_rural.map(|u| (r.code.clone(), u)))
        .collect();
    // A school's view names its own school only.
    let names: BTreeMap<SchoolCode, String> = statistics
        .iter()
        .filter(|r| school.is_none_or(|s| &r.code == s))
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let seen: std::collections::HashSet<&TeacherId> = current_roster
        .iter()
        .chain(chosen_roster.iter())
        .map(|t| &t.id)
        .collect();
    let records: Vec<TrainingRecord> = store
        .training_records()
        .await?
        .into_iter()
        .map(|s| s.record)
        .filter(|r| school.is_none() || seen.contains(&r.teacher))
        .collect();
    let view = TrainingView {
        rules,
        records: &records,
        joins: &joins,
        chosen_roster: &chosen_roster,
        current_roster: &current_roster,
        urban: &urban,
        as_of,
    };
    let rates = rates(&view, cycle);
    let budget_year = budget_year.unwrap_or(as_of.year());
    let mut expected: Vec<SchoolCode> = match school {
        Some(s) => vec![s.clone()],
        None => statistics.iter().map(|r| r.code.clone()).collect(),
    };
    expected.sort();
    let budgets: Vec<_> = store
        .training_budgets(Some(budget_year))
        .await?
        .into_iter()
        .map(|b| b.budget)
        .filter(|b| school.is_none_or(|s| &b.school == s))
        .collect();
    let item4 = budget_item(rules, budget_year, &expected, &budgets);
    let batches = if school.is_none() {
        store.training_batches().await?
    } else {
        Vec::new()
    };
    Ok(TrainingStatus {
        rules: rules.clone(),
        as_of,
        school: school.cloned(),
        roster_year: today.map(|(y, _)| *y),
        cycle_roster_year: chosen.map(|(y, _)| *y),
        rates,
        item4,
        names,
        records: records.len(),
        batches,
    })
}

/// One teacher's records and progress on `as_of` (the current and the previous cycle), when the
/// teacher is in a roster and (for a school's view) of that school in the newest roster naming
/// them; else not found — the same answer for a teacher of another school as for an unknown one.
/// Every read that finds the teacher is audited, naming them and how it was read (`via`: `page`,
/// `json`, `xlsx`, `csv`, `cli`).
pub async fn teacher(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    rules: &TrainingRules,
    id: &TeacherId,
    as_of: Day,
    via: &str,
) -> Result<TeacherDetail, StoreError> {
    let rosters = Rosters::load(store).await?;
    let d = detail(store, &rosters, school, rules, id, as_of).await?;
    store.log_training_read(id, via, &caller.actor()).await?;
    Ok(d)
}

/// [`teacher`] over rosters already read, without its audit entry — for a read that audits
/// itself (the teacher's record).
pub(crate) async fn detail(
    store: &DistrictStore,
    rosters: &Rosters,
    school: Option<&SchoolCode>,
    rules: &TrainingRules,
    id: &TeacherId,
    as_of: Day,
) -> Result<TeacherDetail, StoreError> {
    let joins = join_years(rosters.0.iter().flat_map(|(_, r)| r.iter()));
    let newest = rosters
        .0
        .iter()
        .filter(|(y, _)| *y <= as_of.school_year())
        .chain(rosters.0.iter())
        .find_map(|(_, r)| r.iter().find(|t| &t.id == id))
        .filter(|t| school.is_none_or(|s| &t.school == s))
        .ok_or(StoreError::NotFound("该教师"))?;
    let mut records: Vec<TrainingRecord> = store
        .training_records()
        .await?
        .into_iter()
        .map(|s| s.record)
        .filter(|r| &r.teacher == id)
        .collect();
    records.sort_by(|a, b| (a.start, &a.course).cmp(&(b.start, &b.course)));
    let refs: Vec<&TrainingRecord> = records.iter().collect();
    let join = joins.get(id).copied();
    let current = rules.cycle_of(as_of.year());
    let previous: Cycle = rules.cycle_of(current.start_year - 1);
    let school_name = statistics_near(store, as_of.school_year())
        .await?
        .into_iter()
        .find(|r| r.code == newest.school)
        .map(|r| r.name);
    Ok(TeacherDetail {
        as_of,
        school_name,
        current: progress(rules, current, newest, join, &refs, as_of),
        previous: progress(rules, previous, newest, join, &refs, as_of),
        records,
    })
}
