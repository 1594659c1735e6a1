//! The use of labour bases and the reach of alliances over a school year, per base, alliance,
//! school and district (`junheng_labour::bases`: [`base_use`], [`alliance_use`],
//! [`schools_visiting`]).
//!
//! The period is the school year (1 September to 31 August); a base's open days are the
//! Mondays to Fridays of it, so a use rate is the share of a year of weekdays' capacity taken.

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::school::SchoolCode;
use junheng_labour::Share;
use junheng_labour::bases::{
    Alliance, AllianceUse, Base, BaseUse, alliance_use, base_use, schools_visiting,
};
use junheng_labour::calendar::{Day, Span};
use junheng_store::labour::StoredVisit;
use junheng_store::{DistrictStore, StoreError};
use serde::Serialize;

use super::{Sight, school_year_span};

/// A base and its use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaseLine {
    /// The base.
    pub base: Base,
    /// Its use over the year.
    #[serde(rename = "use")]
    pub used: BaseUse,
}

/// An alliance and its reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllianceLine {
    /// The alliance.
    pub alliance: Alliance,
    /// Its bases' names.
    pub base_names: Vec<String>,
    /// Its reach over the year.
    pub reach: AllianceUse,
}

/// A school's visits over the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolLine {
    /// The school.
    pub school: SchoolCode,
    /// Visits.
    pub visits: u32,
    /// Children, over the visits.
    pub students: u64,
    /// Bases it went to.
    pub bases: u32,
    /// Alliances it belongs to.
    pub alliances: Vec<String>,
}

/// The district's figures of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictLine {
    /// Schools with a visit, of the district's schools.
    pub schools_visiting: Share,
    /// Children counted up to capacity, of every base's capacity × open days (pooled).
    pub use_rate: Share,
    /// Visits.
    pub visits: u32,
    /// Children, over the visits.
    pub students: u64,
    /// Base-days above capacity.
    pub over_capacity: u32,
}

/// Bases, alliances and visits of a school year, as a [`Sight`] sees them: every base and
/// alliance (the district's facilities), the schools of the sight, the district's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasesView {
    /// The school year (`None`: no visit is stored; the bases are listed without use).
    pub year: Option<i32>,
    /// The years with a visit, newest first.
    pub years: Vec<i32>,
    /// The period: first and last day.
    pub period: Option<(Day, Day)>,
    /// Mondays to Fridays of the period: each base's open days.
    pub open_days: u32,
    /// Per base.
    pub bases: Vec<BaseLine>,
    /// Per alliance.
    pub alliances: Vec<AllianceLine>,
    /// Per school of the sight.
    pub schools: Vec<SchoolLine>,
    /// The district.
    pub district: DistrictLine,
    /// The visits of the sight's schools, by day.
    pub visits: Vec<StoredVisit>,
}

/// Mondays to Fridays from `first` to `last`.
pub fn weekdays(first: Day, last: Day) -> u32 {
    (0..=first.until(last))
        .filter(|&n| !first.plus(n).is_weekend())
        .count() as u32
}

/// The view of `year` (the newest year with a visit when `None`).
pub async fn view(
    store: &DistrictStore,
    sight: &Sight,
    year: Option<i32>,
) -> Result<BasesView, StoreError> {
    let years = store.labour_visit_years().await?;
    let year = year.or_else(|| years.first().copied());
    let bases = store.labour_bases().await?;
    let alliances = store.labour_alliances().await?;
    let district = super::district_schools(store, year).await?;
    let seen = sight.seen(&district);
    let schools: Vec<SchoolCode> = district.into_iter().map(|s| s.code).collect();
    let (period, visits) = match year {
        Some(y) => {
            let (first, last) = school_year_span(y);
            (Some((first, last)), store.labour_visits(first, last).await?)
        }
        None => (None, Vec::new()),
    };
    let plain: Vec<_> = visits.iter().map(|v| v.visit.clone()).collect();
    let (open_days, used, reach, visiting) = match period {
        Some((first, last)) => {
            let span = Span::new(first, last).expect("a school year");
            let open = weekdays(first, last);
            (
                open,
                base_use(&bases, &plain, span, open),
                alliance_use(&alliances, &plain, span),
                schools_visiting(&schools, &plain, span),
            )
        }
        None => {
            // No visit: every base and alliance listed, with nothing used.
            let day = Day::new(2000, 9, 1).expect("a day");
            let span = Span::new(day, day).expect("a day");
            (
                0,
                base_use(&bases, &[], span, 0),
                alliance_use(&alliances, &[], span),
                Share::new(0, schools.len() as u64),
            )
        }
    };
    let name_of: BTreeMap<_, _> = bases.iter().map(|b| (b.id, b.name.clone())).collect();
    let district = DistrictLine {
        schools_visiting: visiting,
        use_rate: used.iter().map(|u| u.use_rate).sum(),
        visits: used.iter().map(|u| u.visits).sum(),
        students: used.iter().map(|u| u.students).sum(),
        over_capacity: used.iter().map(|u| u.over_capacity.len() as u32).sum(),
    };
    let school_lines = schools
        .iter()
        .filter(|s| seen.contains(*s))
        .map(|s| {
            let mine: Vec<_> = plain.iter().filter(|v| &v.school == s).collect();
            let went: BTreeSet<_> = mine.iter().map(|v| v.base).collect();
            SchoolLine {
                school: s.clone(),
                visits: mine.len() as u32,
                students: mine.iter().map(|v| u64::from(v.students)).sum(),
                bases: went.len() as u32,
                alliances: alliances
                    .iter()
                    .filter(|a| a.schools.contains(s))
                    .map(|a| a.name.clone())
                    .collect(),
            }
        })
        .collect();
    Ok(BasesView {
        year,
        years,
        period,
        open_days,
        bases: bases
            .iter()
            .cloned()
            .zip(used)
            .map(|(base, used)| BaseLine { base, used })
            .collect(),
        alliances: alliances
            .iter()
            .cloned()
            .zip(reach)
            .map(|(alliance, reach)| AllianceLine {
                base_names: alliance
                    .bases
                    .iter()
                    .filter_map(|b| name_of.get(b).cloned())
                    .collect(),
                alliance,
                reach,
            })
            .collect(),
        schools: school_lines,
        district,
        visits: visits
            .into_iter()
            .filter(|v| seen.contains(&v.visit.school))
            .collect(),
    })
}
