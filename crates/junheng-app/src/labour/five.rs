//! 五育 coverage of a school year against the district's targets
//! (`junheng_labour::five::five`), and the targets' setting (district administrators,
//! audited).

use junheng_labour::five::{FiveRecords, FiveReport, FiveTargets, five};
use junheng_store::{DistrictStore, StoreError};
use serde::Serialize;

use super::{Sight, school_year_span};
use crate::pairings::{Caller, Refused, may_write};

/// The 五育 figures of a school year as a [`Sight`] sees them: its schools' rows, and the
/// district's figures (school-level counts, no child named: nothing to suppress).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiveView {
    /// The targets used.
    pub targets: FiveTargets,
    /// The years with a 大课间 or 美育 record, newest first.
    pub years: Vec<i32>,
    /// The report: `schools` narrowed to the sight's, `district` over every school.
    pub report: FiveReport,
}

/// The view of `year` (the newest year with a record when `None`; `None` when there is no
/// record and no year was asked for).
pub async fn view(
    store: &DistrictStore,
    sight: &Sight,
    year: Option<i32>,
) -> Result<Option<FiveView>, Refused> {
    let years = store.five_years().await?;
    let Some(year) = year.or_else(|| years.first().copied()) else {
        return Ok(None);
    };
    let district = super::district_schools(store, Some(year)).await?;
    let seen = sight.seen(&district);
    let schools: Vec<_> = district.into_iter().map(|s| s.code).collect();
    let (first, last) = school_year_span(year);
    let breaks = store.five_breaks(year).await?;
    let arts = store.five_arts(year).await?;
    let specialties = store.five_specialties().await?;
    let football = store.five_football().await?;
    let trips = store.five_trips(first, last).await?;
    let targets = store.five_targets().await?;
    let records = FiveRecords {
        breaks: &breaks,
        arts: &arts,
        specialties: &specialties,
        football: &football,
        trips: &trips,
    };
    // The files refuse a part above its whole; a stored one is corrupt.
    let mut report = five(&schools, year, &records, &targets)
        .map_err(|e| Refused::Store(StoreError::Invalid(e.to_string())))?;
    report.schools.retain(|s| seen.contains(&s.school));
    Ok(Some(FiveView {
        targets,
        years,
        report,
    }))
}

/// Sets the district's targets (district administrators, the operator); the store audits the
/// old and new values.
pub async fn set_targets(
    store: &DistrictStore,
    caller: &Caller<'_>,
    targets: &FiveTargets,
) -> Result<FiveTargets, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.set_five_targets(targets, &caller.actor()).await?)
}
