//! Completion rates of schools, 城乡 and the district, the teachers behind schedule, and the
//! 政府保障 item 9 (5 年 360 学时 completion rate 100 %).

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, UrbanRural};
use junheng_rotation::{Teacher, TeacherId};
use serde::Serialize;

use super::{Cycle, Day, Hours, Level, Progress, TrainingRecord, TrainingRules, progress};

/// The 城乡 classes in their order.
const URBAN: [UrbanRural; 3] = [UrbanRural::Urban, UrbanRural::Town, UrbanRural::Rural];

/// 达标, 未达标 or 未接入 (no data to judge by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达标.
    Met,
    /// 未达标.
    NotMet,
    /// 未接入: nothing to compute from.
    NotConnected,
}

impl Verdict {
    /// 达标, 未达标, 未接入.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "达标",
            Verdict::NotMet => "未达标",
            Verdict::NotConnected => "未接入",
        }
    }
}

/// What the rates are computed from.
#[derive(Debug, Clone, Copy)]
pub struct TrainingView<'a> {
    /// The rules.
    pub rules: &'a TrainingRules,
    /// The whole ledger.
    pub records: &'a [TrainingRecord],
    /// Each teacher's join year ([`super::join_years`]).
    pub joins: &'a BTreeMap<TeacherId, i32>,
    /// The teachers assessed for the chosen cycle: the roster of the school year of its last
    /// calendar year (2025–2026 for 2021–2025), or the newest before it.
    pub chosen_roster: &'a [Teacher],
    /// The teachers of today: the roster of the current school year.
    pub current_roster: &'a [Teacher],
    /// Each school's 城乡, where the statistics give it.
    pub urban: &'a BTreeMap<SchoolCode, UrbanRural>,
    /// Today.
    pub as_of: Day,
}

/// Counts and rates of one group of teachers: a school, a 城乡 class or the district.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateGroup {
    /// The school's code, the 城乡 word, or 全区.
    pub key: String,
    /// Teachers assessed for the chosen cycle.
    pub assessed: usize,
    /// Of them, those who completed it.
    pub completed: usize,
    /// `completed / assessed`, `None` without teachers.
    pub completion_rate: Option<f64>,
    /// Teachers of the current roster (with a requirement in the current cycle).
    pub current: usize,
    /// Of them, not behind schedule.
    pub on_track: usize,
    /// `on_track / current`, `None` without teachers.
    pub on_track_rate: Option<f64>,
    /// 学时 of the assessed teachers in the chosen cycle by level, in [`Level::ALL`] order.
    pub by_level: [Hours; 4],
}

impl RateGroup {
    fn new(key: String) -> Self {
        Self {
            key,
            assessed: 0,
            completed: 0,
            completion_rate: None,
            current: 0,
            on_track: 0,
            on_track_rate: None,
            by_level: [Hours::ZERO; 4],
        }
    }

    fn assess(&mut self, p: &Progress) {
        self.assessed += 1;
        self.completed += usize::from(p.completed);
        for (sum, h) in self.by_level.iter_mut().zip(p.by_level) {
            *sum = sum.plus(h);
        }
    }

    fn track(&mut self, p: &Progress) {
        self.current += 1;
        self.on_track += usize::from(!p.behind);
    }

    fn finish(mut self) -> Self {
        let share = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        self.completion_rate = share(self.completed, self.assessed);
        self.on_track_rate = share(self.on_track, self.current);
        self
    }
}

/// 学时 and records of one level over the chosen cycle's records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelHours {
    /// The level.
    pub level: Level,
    /// Records ending in the cycle.
    pub records: usize,
    /// Their 学时.
    pub hours: Hours,
}

/// 政府保障 item 9 for a cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item9 {
    /// The cycle judged.
    pub cycle: Cycle,
    /// Whether it is over (else the rate is the completions so far).
    pub ended: bool,
    /// Teachers assessed.
    pub assessed: usize,
    /// Of them, completed.
    pub completed: usize,
    /// `completed / assessed`.
    pub rate: Option<f64>,
    /// The target share ([`TrainingRules::completion_target`]).
    pub target: f64,
    /// 达标 when the rate reaches the target; 未接入 without records in the cycle or without
    /// teachers.
    pub verdict: Verdict,
}

/// Everything the page, the downloads, the JSON and the CLI show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rates {
    /// The chosen cycle.
    pub cycle: Cycle,
    /// The cycle holding `as_of`.
    pub current: Cycle,
    /// Per school (by code).
    pub schools: Vec<RateGroup>,
    /// Per 城乡 (城区, 镇区, 乡村, then 未标注).
    pub urban: Vec<RateGroup>,
    /// The district.
    pub district: RateGroup,
    /// By level over the chosen cycle's records of assessed teachers.
    pub levels: Vec<LevelHours>,
    /// Every assessed teacher's progress in the chosen cycle.
    pub assessed: Vec<Progress>,
    /// Every current teacher's progress in the current cycle.
    pub progress: Vec<Progress>,
    /// Item 9.
    pub item9: Item9,
}

impl Rates {
    /// The current teachers behind schedule, by school then teacher.
    pub fn behind(&self) -> impl Iterator<Item = &Progress> {
        self.progress.iter().filter(|p| p.behind)
    }
}

/// The rates of `cycle` (and of the current cycle) over the view.
pub fn rates(view: &TrainingView<'_>, cycle: Cycle) -> Rates {
    let current = view.rules.cycle_of(view.as_of.year());
    let mut by_teacher: BTreeMap<&TeacherId, Vec<&TrainingRecord>> = BTreeMap::new();
    for r in view.records {
        by_teacher.entry(&r.teacher).or_default().push(r);
    }
    let of = |t: &Teacher, c: Cycle| {
        let recs = by_teacher.get(&t.id).map_or(&[][..], Vec::as_slice);
        progress(
            view.rules,
            c,
            t,
            view.joins.get(&t.id).copied(),
            recs,
            view.as_of,
        )
    };
    let people = |roster: &[Teacher], c: Cycle| {
        let mut out: Vec<Progress> = roster
            .iter()
            .map(|t| of(t, c))
            .filter(|p| p.required > Hours::ZERO)
            .collect();
        out.sort_by(|a, b| (&a.school, &a.teacher).cmp(&(&b.school, &b.teacher)));
        out
    };
    let assessed = people(view.chosen_roster, cycle);
    let progress = people(view.current_roster, current);

    let mut schools: BTreeMap<String, RateGroup> = BTreeMap::new();
    let mut urban: BTreeMap<usize, RateGroup> = BTreeMap::new();
    let mut district = RateGroup::new("全区".into());
    let urban_of = |s: &SchoolCode| {
        let u = view.urban.get(s).copied();
        let i = u.map_or(URBAN.len(), |u| {
            URBAN.iter().position(|x| *x == u).unwrap_or(0)
        });
        (i, u.map_or("未标注", UrbanRural::label))
    };
    let mut group = |s: &SchoolCode, f: &dyn Fn(&mut RateGroup)| {
        f(schools
            .entry(s.as_str().to_owned())
            .or_insert_with(|| RateGroup::new(s.as_str().to_owned())));
        let (i, word) = urban_of(s);
        f(urban
            .entry(i)
            .or_insert_with(|| RateGroup::new(word.into())));
        f(&mut district);
    };
    for p in &assessed {
        group(&p.school, &|g| g.assess(p));
    }
    for p in &progress {
        group(&p.school, &|g| g.track(p));
    }
    let levels = Level::ALL
        .iter()
        .enumerate()
        .map(|(i, level)| LevelHours {
            level: *level,
            records: assessed.iter().map(|p| p.level_records[i]).sum(),
            hours: assessed.iter().map(|p| p.by_level[i]).sum(),
        })
        .collect();
    let district = district.finish();
    let any_record = view.records.iter().any(|r| cycle.contains(r.end));
    let target = view.rules.completion_target;
    let verdict = match district.completion_rate {
        Some(rate) if any_record => {
            if rate + 1e-12 >= target {
                Verdict::Met
            } else {
                Verdict::NotMet
            }
        }
        _ => Verdict::NotConnected,
    };
    let item9 = Item9 {
        cycle,
        ended: cycle.ended(view.as_of),
        assessed: district.assessed,
        completed: district.completed,
        rate: district.completion_rate,
        target,
        verdict,
    };
    Rates {
        cycle,
        current,
        schools: schools.into_values().map(RateGroup::finish).collect(),
        urban: urban.into_values().map(RateGroup::finish).collect(),
        district,
        levels,
        assessed,
        progress,
        item9,
    }
}

/// Item 9 alone for `cycle`.
pub fn completion_item(view: &TrainingView<'_>, cycle: Cycle) -> Item9 {
    rates(view, cycle).item9
}
