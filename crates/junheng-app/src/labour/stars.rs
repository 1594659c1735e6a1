//! 星级学校 (issue 18): each school's stars for a term, rated by the engine
//! (`junheng_labour::review::rate_school`) on the school's compliance
//! ([`super::compliance`]) with the district's criteria, and each level's checks — so a school
//! sees what it lacks for the next star. District roles see every school's stars, checks, 课时
//! and 劳动周 but not the shares behind them (counts of children that may be small); a school's
//! account and its class teachers see their own school in full.

use junheng_core::school::SchoolCode;
use junheng_labour::Quota;
use junheng_labour::calendar::{Day, Term};
use junheng_labour::review::{StarCheck, StarInput, rate_school};
use junheng_labour::settings::LabourSettings;
use junheng_store::{DistrictStore, StudentKeys};
use serde::Serialize;

use super::LabourPass;
use super::compliance::{Source, compute};

use crate::pairings::{Caller, Refused};

/// A school's 星级 for a term: its stars and each level's checks, with what they read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolStars {
    /// The school.
    pub school: SchoolCode,
    /// 1–5.
    pub stars: u8,
    /// Each level's checks, most stars first.
    pub checks: Vec<StarCheck>,
    /// What the rating read (`None` for district roles: its counts of children may be small).
    pub input: Option<StarInput>,
    /// 劳动课 课时 delivered against required (no child in it).
    pub lessons: Quota,
    /// Whether the school year's 劳动周 was held.
    pub labour_week: bool,
}

/// The 星级 of the schools a pass covers for a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarsView {
    /// The term.
    pub term: Term,
    /// The day it was computed for.
    pub today: Day,
    /// The schools, by code.
    pub schools: Vec<SchoolStars>,
    /// Schools left out for want of an effective 劳动清单.
    pub without_list: Vec<SchoolCode>,
}

/// The 星级 of the schools the pass covers (a school's account and its class teachers: their
/// school) for a term, each rated by the engine (`rate_school`) on its compliance.
pub async fn stars(
    store: &DistrictStore,
    keys: &StudentKeys,
    pass: &LabourPass,
    caller: &Caller<'_>,
    term: Option<Term>,
    today: Day,
    settings: &LabourSettings,
) -> Result<StarsView, Refused> {
    let term = term.unwrap_or_else(|| Term::of(today));
    let suppressed = pass.school().is_none() && !matches!(caller, Caller::Operator(_));
    let (found, without_list) = compute(
        &mut Source::new(store, keys, settings),
        pass.school(),
        None,
        term,
        today,
    )
    .await?;
    let schools = found
        .schools
        .iter()
        .map(|s| {
            let input = s.star_input();
            let r = rate_school(&input, &settings.review.stars);
            SchoolStars {
                school: s.school.clone(),
                stars: r.stars,
                checks: r.checks,
                input: (!suppressed).then_some(input),
                lessons: input.lessons,
                labour_week: input.labour_week,
            }
        })
        .collect();
    Ok(StarsView {
        term,
        today,
        schools,
        without_list,
    })
}
