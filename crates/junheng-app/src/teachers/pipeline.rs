//! The 骨干 pipeline of a school year (issue 17): the year's and the previous year's stored
//! rosters, the imported titles and the year's statistics (names and 城乡分类) through the engine
//! (`junheng_teachers::pipeline`), then narrowed to the schools a viewer sees.

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_core::urban::UrbanRuralCategory;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::pipeline::{
    PipelineSettings, Places, SchoolPlace, Tally, YearPipeline, pipeline,
};

/// The pipeline of `year` (the newest roster year when `None`), with the years that have a
/// roster (newest first); `None` when there is no roster. `sees` narrows the schools and thin
/// spots; the 城乡 and district lines are recomputed from the schools seen.
pub async fn compute(
    store: &DistrictStore,
    year: Option<i32>,
    settings: &PipelineSettings,
    sees: impl Fn(&SchoolCode) -> bool,
) -> Result<Option<(YearPipeline, Vec<i32>)>, StoreError> {
    let years: Vec<i32> = store.roster_years().await?.iter().map(|v| v.year).collect();
    let Some(year) = year.or_else(|| years.first().copied()) else {
        return Ok(None);
    };
    let mut rosters = BTreeMap::new();
    for y in [year - 1, year] {
        if years.contains(&y) {
            let roster: Vec<_> = store.roster(y).await?;
            rosters.insert(y, roster);
        }
    }
    let places: Places = match store.statistics(year, None).await {
        Ok(records) => records
            .into_iter()
            .map(|r| {
                (
                    r.code,
                    SchoolPlace {
                        name: r.name,
                        area: UrbanRuralCategory::of(r.urban_rural),
                    },
                )
            })
            .collect(),
        Err(StoreError::NotFound(_)) => Places::new(),
        Err(e) => return Err(e),
    };
    let titles = store.honour_titles(None).await?;
    let mut p = pipeline(&rosters, &titles, &places, settings, year);
    if p.schools.iter().any(|s| !sees(&s.school)) {
        narrow(&mut p, settings, &sees);
    }
    Ok(Some((p, years)))
}

/// Keeps the schools a viewer sees and sums the 城乡 and district lines again from them.
fn narrow(p: &mut YearPipeline, settings: &PipelineSettings, sees: &impl Fn(&SchoolCode) -> bool) {
    p.schools.retain(|s| sees(&s.school));
    p.thin.retain(|t| sees(&t.school));
    let with_flows = p.previous.is_some();
    let sum = |lines: &mut dyn Iterator<Item = &Tally>| {
        let mut t = Tally::default();
        for s in lines {
            t.merge(s);
        }
        if with_flows {
            t.flows.get_or_insert_with(Default::default);
        }
        t.finish(settings.target_share);
        t
    };
    p.district = sum(&mut p.schools.iter().map(|s| &s.tally));
    for area in &mut p.areas {
        area.tally = sum(&mut p
            .schools
            .iter()
            .filter(|s| s.area == area.area)
            .map(|s| &s.tally));
    }
    p.areas.retain(|a| a.tally.teachers > 0);
}
