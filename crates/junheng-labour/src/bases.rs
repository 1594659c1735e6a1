//! 劳动教育基地 and 联盟: the district's labour bases (on campus, in the community, on farms, in
//! enterprises) with their capacity, the alliances of schools that share bases, and the visits
//! that give each base's use rate and each alliance's reach.
//!
//! A base's use rate over a period is its children's visits of the days it was open against its
//! capacity on those days: Σ min(children that day, capacity) ÷ (capacity × open days). Days
//! above capacity are listed, not counted beyond it.
//!
//! ```
//! use junheng_labour::bases::*;
//! use junheng_labour::calendar::{Day, Span};
//! use junheng_core::school::SchoolCode;
//! let school = SchoolCode::parse("5001120001").unwrap();
//! let farm = Base { id: BaseId(1), name: "蚕桑基地".into(), kind: BaseKind::Farm, capacity: 50, school: None };
//! let d = |t| Day::parse(t).unwrap();
//! let visits = [Visit { base: BaseId(1), school: school.clone(), day: d("2025-10-15"), students: 40 },
//!               Visit { base: BaseId(1), school, day: d("2025-10-15"), students: 20 }];
//! let period = Span::new(d("2025-10-13"), d("2025-10-17")).unwrap();
//! let used = base_use(&[farm], &visits, period, 5);
//! assert_eq!((used[0].use_rate.part, used[0].use_rate.whole), (50, 250));
//! assert_eq!(used[0].over_capacity, [d("2025-10-15")]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Span};
use crate::share::Share;
use crate::words::words;

/// A base, by the store's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BaseId(pub i64);

/// An alliance, by the store's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AllianceId(pub i64);

/// What kind of base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseKind {
    /// 校内基地.
    School,
    /// 社区 (or family) station.
    Community,
    /// 农场 / 农业基地.
    Farm,
    /// 企业.
    Enterprise,
}

words!(BaseKind {
    School => "school", "校内";
    Community => "community", "社区";
    Farm => "farm", "农场";
    Enterprise => "enterprise", "企业";
});

/// A labour base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// The base.
    pub id: BaseId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: BaseKind,
    /// Children it takes a day.
    pub capacity: u32,
    /// The school a 校内 base belongs to.
    #[serde(default)]
    pub school: Option<SchoolCode>,
}

/// An alliance (劳动教育联盟) of schools sharing bases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alliance {
    /// The alliance.
    pub id: AllianceId,
    /// Its name.
    pub name: String,
    /// Member schools.
    pub schools: Vec<SchoolCode>,
    /// Shared bases.
    pub bases: Vec<BaseId>,
}

/// Children of a school at a base on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// The base.
    pub base: BaseId,
    /// The visiting school.
    pub school: SchoolCode,
    /// The day.
    pub day: Day,
    /// Children.
    pub students: u32,
}

/// A base's use over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUse {
    /// The base.
    pub base: BaseId,
    /// Its kind.
    pub kind: BaseKind,
    /// Visits.
    pub visits: u32,
    /// Children, over the visits.
    pub students: u64,
    /// Days with a visit.
    pub days_used: u32,
    /// Children counted up to capacity each day, of capacity × open days.
    pub use_rate: Share,
    /// Days above capacity.
    pub over_capacity: Vec<Day>,
    /// Schools that came.
    pub schools: Vec<SchoolCode>,
}

/// Each base's use over `period`, given the days the bases were open in it (in base order).
pub fn base_use(bases: &[Base], visits: &[Visit], period: Span, open_days: u32) -> Vec<BaseUse> {
    let mut days: BTreeMap<(BaseId, Day), (u32, u64)> = BTreeMap::new();
    let mut schools: BTreeMap<BaseId, BTreeSet<&SchoolCode>> = BTreeMap::new();
    for v in visits.iter().filter(|v| period.contains(v.day)) {
        let d = days.entry((v.base, v.day)).or_default();
        d.0 += 1;
        d.1 += u64::from(v.students);
        schools.entry(v.base).or_default().insert(&v.school);
    }
    bases
        .iter()
        .map(|b| {
            let mine: Vec<(Day, u32, u64)> = days
                .range((b.id, period.first)..=(b.id, period.last))
                .map(|(&(_, day), &(visits, students))| (day, visits, students))
                .collect();
            let capacity = u64::from(b.capacity);
            let counted = mine.iter().map(|&(_, _, s)| s.min(capacity)).sum::<u64>();
            let whole = capacity * u64::from(open_days);
            BaseUse {
                base: b.id,
                kind: b.kind,
                visits: mine.iter().map(|&(_, v, _)| v).sum(),
                students: mine.iter().map(|&(_, _, s)| s).sum(),
                days_used: mine.len() as u32,
                use_rate: Share::new(counted.min(whole), whole),
                over_capacity: mine
                    .iter()
                    .filter(|&&(_, _, s)| s > capacity)
                    .map(|&(d, _, _)| d)
                    .collect(),
                schools: schools
                    .get(&b.id)
                    .into_iter()
                    .flatten()
                    .map(|&s| s.clone())
                    .collect(),
            }
        })
        .collect()
}

/// An alliance's reach over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllianceUse {
    /// The alliance.
    pub alliance: AllianceId,
    /// Member schools that visited one of its bases, of its members.
    pub schools: Share,
    /// Children of member schools at its bases.
    pub students: u64,
    /// Children of other schools at its bases (shared beyond the alliance).
    pub guests: u64,
}

/// Each alliance's reach over `period`.
///
/// ```
/// use junheng_labour::bases::*;
/// use junheng_labour::calendar::{Day, Span};
/// let period = Span::new(Day::parse("2025-09-01").unwrap(), Day::parse("2026-01-31").unwrap()).unwrap();
/// let a = Alliance { id: AllianceId(1), name: "城南联盟".into(), schools: vec![], bases: vec![] };
/// assert_eq!(alliance_use(&[a], &[], period)[0].schools.whole, 0);
/// ```
pub fn alliance_use(alliances: &[Alliance], visits: &[Visit], period: Span) -> Vec<AllianceUse> {
    alliances
        .iter()
        .map(|a| {
            let members: BTreeSet<&SchoolCode> = a.schools.iter().collect();
            let bases: BTreeSet<BaseId> = a.bases.iter().copied().collect();
            let mut came = BTreeSet::new();
            let (mut students, mut guests) = (0u64, 0u64);
            for v in visits
                .iter()
                .filter(|v| period.contains(v.day) && bases.contains(&v.base))
            {
                if members.contains(&v.school) {
                    came.insert(&v.school);
                    students += u64::from(v.students);
                } else {
                    guests += u64::from(v.students);
                }
            }
            AllianceUse {
                alliance: a.id,
                schools: Share::new(came.len() as u64, members.len() as u64),
                students,
                guests,
            }
        })
        .collect()
}

/// Schools of `schools` with at least one visit to any base in `period`.
///
/// ```
/// use junheng_labour::bases::schools_visiting;
/// # use junheng_labour::calendar::{Day, Span};
/// # let period = Span::new(Day::parse("2025-09-01").unwrap(), Day::parse("2026-01-31").unwrap()).unwrap();
/// assert_eq!(schools_visiting(&[], &[], period).whole, 0);
/// ```
pub fn schools_visiting(schools: &[SchoolCode], visits: &[Visit], period: Span) -> Share {
    let all: BTreeSet<&SchoolCode> = schools.iter().collect();
    let came: BTreeSet<&SchoolCode> = visits
        .iter()
        .filter(|v| period.contains(v.day) && all.contains(&v.school))
        .map(|v| &v.school)
        .collect();
    Share::new(came.len() as u64, all.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{day, school};

    fn visit(base: i64, n: u32, on: &str, students: u32) -> Visit {
        Visit {
            base: BaseId(base),
            school: school(n),
            day: day(on),
            students,
        }
    }

    #[test]
    fn use_rates_count_up_to_capacity_within_the_period() {
        let bases = [
            Base {
                id: BaseId(1),
                name: "校园农场".into(),
                kind: BaseKind::School,
                capacity: 40,
                school: Some(school(1)),
            },
            Base {
                id: BaseId(2),
                name: "社区服务站".into(),
                kind: BaseKind::Community,
                capacity: 10,
                school: None,
            },
        ];
        let visits = [
            visit(1, 1, "2025-10-13", 40),
            visit(1, 2, "2025-10-14", 30),
            visit(1, 3, "2025-10-14", 30), // 60 of 40 on the 14th
            visit(1, 1, "2025-10-20", 40), // after the period
            visit(3, 1, "2025-10-15", 40), // an unknown base
        ];
        let period = Span::new(day("2025-10-13"), day("2025-10-17")).unwrap();
        let used = base_use(&bases, &visits, period, 5);
        let farm = &used[0];
        assert_eq!((farm.visits, farm.students, farm.days_used), (3, 100, 2));
        assert_eq!(farm.use_rate, Share::new(80, 200));
        assert_eq!(farm.over_capacity, [day("2025-10-14")]);
        assert_eq!(farm.schools, [school(1), school(2), school(3)]);
        let station = &used[1];
        assert_eq!((station.visits, station.use_rate), (0, Share::new(0, 50)));
        // No open days: an empty whole, whatever came.
        assert_eq!(
            base_use(&bases, &visits, period, 0)[0].use_rate,
            Share::new(0, 0)
        );
    }

    #[test]
    fn alliances_reach_their_members_and_guests() {
        let alliance = Alliance {
            id: AllianceId(7),
            name: "城南劳动教育联盟".into(),
            schools: vec![school(1), school(2), school(3)],
            bases: vec![BaseId(1)],
        };
        let visits = [
            visit(1, 1, "2025-10-13", 40),
            visit(1, 1, "2025-10-14", 10),
            visit(1, 4, "2025-10-14", 25), // a guest school
            visit(2, 2, "2025-10-14", 25), // another base
        ];
        let period = Span::new(day("2025-09-01"), day("2026-01-31")).unwrap();
        let reach = &alliance_use(&[alliance], &visits, period)[0];
        assert_eq!(
            (reach.schools, reach.students, reach.guests),
            (Share::new(1, 3), 50, 25)
        );
        let all = [school(1), school(2), school(3), school(5)];
        assert_eq!(schools_visiting(&all, &visits, period), Share::new(2, 4));
    }
}
