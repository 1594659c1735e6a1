//! The weekly spot check (抽查): a teacher checks a random sample of a class's home labour.

use serde::Serialize;

use super::{LabourRecord, RecordId, Reporter};
use crate::calendar::Day;
use crate::checklist::{EffectiveList, Place};
use crate::sample::{Purpose, draw, sample_size};

/// A week's spot check of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotCheck {
    /// The week's Monday.
    pub week: Day,
    /// The records sampled from: the week's home labour not reported by a teacher.
    pub population: usize,
    /// The records to check, in draw order: ⌈rate·population⌉, at least one when there are any.
    pub chosen: Vec<RecordId>,
}

/// The spot check of the week of `week` (any day of it) over a class's `records`: at least
/// `per_mille` ‰ of the week's home records that a teacher did not report, drawn with the
/// caller's secret `seed` ([`crate::sample`]).
///
/// The population does not depend on the records' statuses, so the draw can be repeated after
/// the checks to prove which records were due. Records of campus, community and bases are not
/// sampled: a teacher verifies each of them.
///
/// ```
/// use junheng_labour::passport::spot_check;
/// # use junheng_labour::calendar::Day;
/// # use junheng_labour::checklist::*;
/// # use junheng_core::school::SchoolCode;
/// # let list = effective(&SchoolCode::parse("5001120001").unwrap(),
/// #     &Checklist { owner: Owner::District, version: 1, parent_version: None, items: vec![], removals: vec![] },
/// #     None, &RequiredGroups { first: vec![], second: vec![], third: vec![], fourth: vec![] }).unwrap();
/// let check = spot_check(&[], &list, Day::parse("2025-10-15").unwrap(), 100, b"secret");
/// assert_eq!((check.week.to_string().as_str(), check.population, check.chosen.len()), ("2025-10-13", 0, 0));
/// ```
pub fn spot_check(
    records: &[LabourRecord],
    list: &EffectiveList,
    week: Day,
    per_mille: u32,
    seed: &[u8],
) -> SpotCheck {
    let monday = week.monday();
    let population: Vec<RecordId> = records
        .iter()
        .filter(|r| r.day.monday() == monday && r.reporter != Reporter::Teacher)
        .filter(|r| list.item(&r.item).is_some_and(|i| i.place == Place::Home))
        .map(|r| r.id)
        .collect();
    let size = sample_size(population.len(), per_mille);
    SpotCheck {
        week: monday,
        population: population.len(),
        chosen: draw(&population, seed, Purpose::SpotCheck, size),
    }
}
