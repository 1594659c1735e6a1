//! 划片 (catchments) and two 政府保障 items on admission (`standard.md` §3, items 13 and 14).
//!
//! * **The catchment map**: each place (a 街道 or 乡镇, optionally narrowed to a 小区, 社区 or
//!   村) and 学段 maps to one school (单校划片) or to several (多校划片, whose places are
//!   allotted by the lottery of a 派位学区). A catchment without a 小区 covers the whole 街道.
//! * **就近入学 (item 13)**: of the entrants of the 城区 and 镇区 (the statistics' 城乡分类)
//!   公办 schools that are not 寄宿制, the share admitted to a school of their home's catchment:
//!   小学 100 %, 初中 ≥ 95 %. 公办/民办 and 寄宿制 come from the 划片 file's school columns
//!   (a school it does not mark counts as 公办 and not 寄宿制, so a town school without any
//!   catchment pulls the rate down rather than dropping out of it). Schools whose own share is
//!   below the 学段's threshold are listed, most entrants from elsewhere first.
//! * **指标到校 (item 14)**: the 优质高中 places allotted to 初中 schools over the high schools'
//!   enrolment plans, ≥ 50 % overall (each high school shown), and the tilt toward rural 初中:
//!   quota per graduating pupil of the 乡村 初中 against the 城区 and 镇区 ones together.
//!
//! Thresholds are [`ZoningRules`] (settings; the national values as defaults). Shares are
//! compared exactly, in whole numbers.
//!
//! ```
//! use junheng_core::seats::zoning::{Place, ZoningRules};
//! let street = Place::new("城南街道", None);
//! assert!(street.covers(&Place::new("城南街道", Some("桂花园"))));
//! assert!(!Place::new("城南街道", Some("桂花园")).covers(&street));
//! assert_eq!(ZoningRules::default().junior_min_percent, 95);
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::school::{SchoolCode, SchoolRecord, Section, UrbanRural};
use crate::urban::UrbanRuralCategory;

/// The thresholds of items 13 and 14, in whole percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoningRules {
    /// 小学 就近入学 share at least (100).
    pub primary_min_percent: u32,
    /// 初中 就近入学 share at least (95).
    pub junior_min_percent: u32,
    /// 指标到校 share of the 优质高中 plans at least (50).
    pub quota_min_percent: u32,
}

impl Default for ZoningRules {
    fn default() -> Self {
        ZoningRules {
            primary_min_percent: 100,
            junior_min_percent: 95,
            quota_min_percent: 50,
        }
    }
}

impl ZoningRules {
    /// The 就近入学 threshold of a 学段 (高中: 0, not assessed).
    pub fn min_percent(&self, section: Section) -> u32 {
        match section {
            Section::Primary => self.primary_min_percent,
            Section::Junior => self.junior_min_percent,
            Section::Senior => 0,
        }
    }
}

/// `part / whole ≥ percent %`, exactly.
pub fn at_least(part: u64, whole: u64, percent: u32) -> bool {
    u128::from(part) * 100 >= u128::from(whole) * u128::from(percent)
}

/// `part / whole`, or `None` when `whole` is 0.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A share as pages and reports show it: one decimal, cut rather than rounded so that 99.96 %
/// never reads as 100 %; `—` without a value.
///
/// ```
/// use junheng_core::seats::zoning::share_text;
/// assert_eq!(share_text(Some(0.9996)), "99.9%");
/// assert_eq!(share_text(None), "—");
/// ```
pub fn share_text(share: Option<f64>) -> String {
    share.map_or_else(
        || "—".to_owned(),
        |v| format!("{:.1}%", (v * 1000.0).floor() / 10.0),
    )
}

/// Where a family lives: a 街道 (or 乡镇) and, optionally, a 小区 (社区, 村) in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Place {
    /// 街道（乡镇）.
    pub street: String,
    /// 小区（社区、村）; `None` is the whole 街道.
    pub community: Option<String>,
}

impl Place {
    /// A place, its names trimmed (an empty 小区 is none).
    pub fn new(street: &str, community: Option<&str>) -> Place {
        Place {
            street: street.trim().to_owned(),
            community: community
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        }
    }

    /// Whether a catchment of this place covers a home at `home`: the same 街道, and the same
    /// 小区 unless this place is the whole 街道.
    pub fn covers(&self, home: &Place) -> bool {
        self.street == home.street && (self.community.is_none() || self.community == home.community)
    }

    /// 街道 or 街道·小区.
    pub fn label(&self) -> String {
        match &self.community {
            Some(c) => format!("{}·{c}", self.street),
            None => self.street.clone(),
        }
    }
}

/// One row of the 划片 file: a place of a 学段 and one of its schools, with the school's terms.
/// A row without a place only declares the school's terms (a 民办 or 寄宿制 school without a
/// catchment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatchmentRow {
    /// 学段 (小学 or 初中).
    pub section: Section,
    /// The place; `None` when the row only declares the school.
    pub place: Option<Place>,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 派位学区 of a 多校划片 place (the lottery's zone).
    pub lottery_zone: Option<String>,
    /// 民办 (else 公办).
    pub private: bool,
    /// 寄宿制.
    pub boarding: bool,
}

/// 单校划片 or 多校划片.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoningMode {
    /// One school.
    Single,
    /// Several schools, places allotted by lottery.
    Multi,
}

impl ZoningMode {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            ZoningMode::Single => "单校划片",
            ZoningMode::Multi => "多校划片",
        }
    }
}

/// A place of a 学段 and the schools whose catchment it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatchmentPlace {
    /// 学段.
    pub section: Section,
    /// The place.
    pub place: Place,
    /// Its schools, by code.
    pub schools: Vec<SchoolCode>,
    /// One school or several.
    pub mode: ZoningMode,
    /// 派位学区 (the first given among its rows).
    pub lottery_zone: Option<String>,
}

/// A place's schools and 派位学区, while the map is built.
type Gathered = (Vec<SchoolCode>, Option<String>);

/// The catchment map: each place of each 学段 with its schools, by 学段 and place.
pub fn catchment_map(rows: &[CatchmentRow]) -> Vec<CatchmentPlace> {
    let mut map: BTreeMap<(Section, &Place), Gathered> = BTreeMap::new();
    for r in rows {
        let Some(place) = &r.place else { continue };
        let entry = map.entry((r.section, place)).or_default();
        if !entry.0.contains(&r.school) {
            entry.0.push(r.school.clone());
        }
        if entry.1.is_none() {
            entry.1.clone_from(&r.lottery_zone);
        }
    }
    map.into_iter()
        .map(|((section, place), (mut schools, lottery_zone))| {
            schools.sort();
            CatchmentPlace {
                section,
                place: place.clone(),
                mode: if schools.len() > 1 {
                    ZoningMode::Multi
                } else {
                    ZoningMode::Single
                },
                schools,
                lottery_zone,
            }
        })
        .collect()
}

/// Entrants of a 学段 admitted to one school from one home place (a count; no child is named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntrantCount {
    /// 学段.
    pub section: Section,
    /// The school admitting them.
    pub school: SchoolCode,
    /// Their home.
    pub home: Place,
    /// How many.
    pub pupils: u32,
}

/// One school's entrants of a 学段: how many, and how many from its catchment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolNearby {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 城区 or 镇区.
    pub urban_rural: Option<UrbanRural>,
    /// Entrants from a place of its catchment.
    pub nearby: u64,
    /// All its entrants.
    pub entrants: u64,
}

impl SchoolNearby {
    /// Its 就近入学 share, `None` without entrants.
    pub fn share(&self) -> Option<f64> {
        share(self.nearby, self.entrants)
    }
}

/// Why schools of the statistics with the 学段 are outside item 13.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// 乡村 schools.
    pub rural: usize,
    /// Schools without a 城乡分类.
    pub unclassified: usize,
    /// 民办 schools.
    pub private: usize,
    /// 寄宿制 schools.
    pub boarding: usize,
}

/// Item 13 in one 学段.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearbyItem {
    /// 学段.
    pub section: Section,
    /// Its threshold, whole percent.
    pub min_percent: u32,
    /// Entrants admitted within their catchment (numerator).
    pub nearby: u64,
    /// Entrants of the eligible schools (denominator).
    pub entrants: u64,
    /// Whether the share reaches the threshold; `None` without entrants.
    pub met: Option<bool>,
    /// Every eligible school, by code.
    pub schools: Vec<SchoolNearby>,
    /// The eligible schools below the threshold, most entrants from elsewhere first.
    pub below: Vec<SchoolNearby>,
    /// Schools left out, and why.
    pub excluded: Excluded,
    /// Entrants of the 学段 whose home is in no catchment of it (all schools).
    pub homes_outside_map: u64,
}

impl NearbyItem {
    /// The share, `None` without entrants.
    pub fn share(&self) -> Option<f64> {
        share(self.nearby, self.entrants)
    }
}

/// Item 13 for 小学 and 初中 over a year's statistics, 划片 rows and entrants.
pub fn nearby_items(
    rules: &ZoningRules,
    schools: &[SchoolRecord],
    catchments: &[CatchmentRow],
    entrants: &[EntrantCount],
) -> [NearbyItem; 2] {
    Section::EVALUATED.map(|s| nearby_item(rules, s, schools, catchments, entrants))
}

fn nearby_item(
    rules: &ZoningRules,
    section: Section,
    schools: &[SchoolRecord],
    catchments: &[CatchmentRow],
    entrants: &[EntrantCount],
) -> NearbyItem {
    let private: HashSet<&SchoolCode> = catchments
        .iter()
        .filter(|r| r.private)
        .map(|r| &r.school)
        .collect();
    let boarding: HashSet<&SchoolCode> = catchments
        .iter()
        .filter(|r| r.boarding)
        .map(|r| &r.school)
        .collect();
    let mut excluded = Excluded::default();
    let mut eligible: BTreeMap<&SchoolCode, SchoolNearby> = BTreeMap::new();
    for s in schools.iter().filter(|s| s.kind.has(section)) {
        match s.urban_rural {
            None => excluded.unclassified += 1,
            Some(UrbanRural::Rural) => excluded.rural += 1,
            Some(_) if private.contains(&s.code) => excluded.private += 1,
            Some(_) if boarding.contains(&s.code) => excluded.boarding += 1,
            Some(u) => {
                eligible.insert(
                    &s.code,
                    SchoolNearby {
                        code: s.code.clone(),
                        name: s.name.clone(),
                        urban_rural: Some(u),
                        nearby: 0,
                        entrants: 0,
                    },
                );
            }
        }
    }
    let places: Vec<&CatchmentRow> = catchments
        .iter()
        .filter(|r| r.section == section && r.place.is_some())
        .collect();
    let mut homes_outside_map = 0;
    for e in entrants.iter().filter(|e| e.section == section) {
        let covering = places
            .iter()
            .filter(|r| r.place.as_ref().is_some_and(|p| p.covers(&e.home)));
        let mut any = false;
        let mut ours = false;
        for r in covering {
            any = true;
            ours |= r.school == e.school;
        }
        if !any {
            homes_outside_map += u64::from(e.pupils);
        }
        if let Some(s) = eligible.get_mut(&e.school) {
            s.entrants += u64::from(e.pupils);
            if ours {
                s.nearby += u64::from(e.pupils);
            }
        }
    }
    let min_percent = rules.min_percent(section);
    let schools: Vec<SchoolNearby> = eligible.into_values().collect();
    let nearby = schools.iter().map(|s| s.nearby).sum();
    let total = schools.iter().map(|s| s.entrants).sum();
    let mut below: Vec<SchoolNearby> = schools
        .iter()
        .filter(|s| s.entrants > 0 && !at_least(s.nearby, s.entrants, min_percent))
        .cloned()
        .collect();
    below.sort_by(|a, b| {
        (b.entrants - b.nearby)
            .cmp(&(a.entrants - a.nearby))
            .then_with(|| a.code.cmp(&b.code))
    });
    NearbyItem {
        section,
        min_percent,
        nearby,
        entrants: total,
        met: (total > 0).then(|| at_least(nearby, total, min_percent)),
        schools,
        below,
        excluded,
        homes_outside_map,
    }
}

/// One row of the quota file: the places a 优质高中 allots to one 初中 school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRow {
    /// The 优质高中's name.
    pub high_school: String,
    /// Its whole enrolment plan of the year (招生计划).
    pub plan: u32,
    /// The 初中 school.
    pub junior: SchoolCode,
    /// Places allotted to it (分配名额, 0 allowed).
    pub quota: u32,
    /// Its graduating pupils (初中毕业生数).
    pub graduates: u32,
}

/// One 优质高中's share allotted to 初中 schools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HighSchoolShare {
    /// Its name.
    pub high_school: String,
    /// 招生计划.
    pub plan: u64,
    /// 分配到校名额.
    pub allotted: u64,
    /// 初中 schools given places.
    pub juniors: usize,
    /// Whether `allotted / plan` reaches the threshold.
    pub met: bool,
}

impl HighSchoolShare {
    /// `allotted / plan`.
    pub fn share(&self) -> Option<f64> {
        share(self.allotted, self.plan)
    }
}

/// The 初中 of one 城乡分类 and their places.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TiltRow {
    /// 城区, 镇区, 乡村 or 未分类.
    pub category: UrbanRuralCategory,
    /// 初中 schools in the quota file.
    pub schools: usize,
    /// Their graduating pupils.
    pub graduates: u64,
    /// Their places.
    pub quota: u64,
}

impl TiltRow {
    /// Places per graduating pupil, `None` without graduates.
    pub fn per_graduate(&self) -> Option<f64> {
        share(self.quota, self.graduates)
    }
}

/// Item 14.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaReport {
    /// The threshold, whole percent.
    pub min_percent: u32,
    /// Each 优质高中, by name.
    pub high_schools: Vec<HighSchoolShare>,
    /// All plans (denominator).
    pub plan: u64,
    /// All places allotted to 初中 schools (numerator).
    pub allotted: u64,
    /// Whether the overall share reaches the threshold; `None` without a plan.
    pub met: Option<bool>,
    /// Places per graduate by 城乡分类 (城区, 镇区, 乡村; 未分类 only when there is one).
    pub tilt: Vec<TiltRow>,
    /// Whether the 乡村 初中 get at least as many places per graduate as the 城区 and 镇区 ones
    /// together; `None` when either side has no graduates.
    pub rural_tilt: Option<bool>,
}

impl QuotaReport {
    /// The overall share.
    pub fn share(&self) -> Option<f64> {
        share(self.allotted, self.plan)
    }
}

/// Item 14 over a year's quota rows, with the 城乡分类 of the 初中 from the statistics.
pub fn quota_report(
    rules: &ZoningRules,
    schools: &[SchoolRecord],
    quotas: &[QuotaRow],
) -> QuotaReport {
    let mut highs: BTreeMap<&str, (u64, u64, usize)> = BTreeMap::new();
    for q in quotas {
        let h = highs.entry(q.high_school.as_str()).or_default();
        h.0 = u64::from(q.plan);
        h.1 += u64::from(q.quota);
        h.2 += usize::from(q.quota > 0);
    }
    let high_schools: Vec<HighSchoolShare> = highs
        .into_iter()
        .map(|(name, (plan, allotted, juniors))| HighSchoolShare {
            high_school: name.to_owned(),
            plan,
            allotted,
            juniors,
            met: at_least(allotted, plan, rules.quota_min_percent),
        })
        .collect();
    let plan: u64 = high_schools.iter().map(|h| h.plan).sum();
    let allotted: u64 = high_schools.iter().map(|h| h.allotted).sum();

    let category: HashMap<&SchoolCode, UrbanRuralCategory> = schools
        .iter()
        .map(|s| (&s.code, UrbanRuralCategory::of(s.urban_rural)))
        .collect();
    let mut juniors: BTreeMap<&SchoolCode, (u64, u64)> = BTreeMap::new();
    for q in quotas {
        let j = juniors.entry(&q.junior).or_default();
        j.0 = u64::from(q.graduates);
        j.1 += u64::from(q.quota);
    }
    let mut tilt: Vec<TiltRow> = UrbanRuralCategory::ALL
        .into_iter()
        .map(|c| TiltRow {
            category: c,
            schools: 0,
            graduates: 0,
            quota: 0,
        })
        .collect();
    for (code, (graduates, quota)) in juniors {
        let c = category
            .get(code)
            .copied()
            .unwrap_or(UrbanRuralCategory::Unclassified);
        if let Some(row) = tilt.iter_mut().find(|r| r.category == c) {
            row.schools += 1;
            row.graduates += graduates;
            row.quota += quota;
        }
    }
    tilt.retain(|r| r.category != UrbanRuralCategory::Unclassified || r.schools > 0);
    let of = |c: UrbanRuralCategory| tilt.iter().find(|r| r.category == c);
    let rural = of(UrbanRuralCategory::Rural).map_or((0, 0), |r| (r.quota, r.graduates));
    let others = [UrbanRuralCategory::Urban, UrbanRuralCategory::Town]
        .into_iter()
        .filter_map(of)
        .fold((0, 0), |(q, g), r| (q + r.quota, g + r.graduates));
    let rural_tilt = (rural.1 > 0 && others.1 > 0).then(|| {
        u128::from(rural.0) * u128::from(others.1) >= u128::from(others.0) * u128::from(rural.1)
    });
    QuotaReport {
        min_percent: rules.quota_min_percent,
        high_schools,
        plan,
        allotted,
        met: (plan > 0).then(|| at_least(allotted, plan, rules.quota_min_percent)),
        tilt,
        rural_tilt,
    }
}

#[cfg(test)]
mod tests;
