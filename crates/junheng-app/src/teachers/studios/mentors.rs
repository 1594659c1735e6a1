//! The 师徒结对 of a school year as a caller sees them: each pair with its scope, whether it is
//! active and its problems; the findings; the new teachers covered per school.

use junheng_core::school::SchoolCode;
use junheng_store::teachers::studios::StudioFile;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::mentors::{
    Links, MentorSettings, Pair, Problem, SchoolCoverage, Scope, check, coverage,
};
use serde::Serialize;

use super::report::Year;
use crate::pairings::Reach;

/// One pair with what is derived of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairView {
    /// Its position in the current file (its number in URLs and the command line).
    pub position: usize,
    /// The pair.
    pub pair: Pair,
    /// 校内, 集团内, 结对帮扶 or 跨校 (on its start date).
    pub scope: Scope,
    /// Active in the year.
    pub active: bool,
    /// The mentor's school's name, the mentee's.
    pub mentor_school_name: String,
    /// The mentee's school's name.
    pub mentee_school_name: String,
    /// What is wrong with it in the year, in Chinese.
    pub problems: Vec<String>,
}

/// One school's new teachers and their mentors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageView {
    /// The figures.
    #[serde(flatten)]
    pub coverage: SchoolCoverage,
    /// The school's name.
    pub school_name: String,
}

/// The 师徒结对 of a year as a caller sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentorsReport {
    /// The year and what it is read from.
    pub year: Year,
    /// The rules applied.
    pub settings: MentorSettings,
    /// The current 师徒结对 file.
    pub file: Option<StudioFile>,
    /// The pairs the caller sees (involving a reached school), in file order.
    pub pairs: Vec<PairView>,
    /// The year's problems that concern a pair the caller sees.
    pub findings: Vec<Problem>,
    /// Per reached school with new teachers: how many have a mentor.
    pub coverage: Vec<CoverageView>,
}

impl MentorsReport {
    /// Pairs per scope among those shown, in [`Scope::ALL`] order.
    pub fn by_scope(&self) -> Vec<(Scope, usize)> {
        Scope::ALL
            .iter()
            .map(|s| (*s, self.pairs.iter().filter(|p| p.scope == *s).count()))
            .collect()
    }
}

/// The links of the district's schools: the groups registry's memberships and the pairings.
pub async fn links(store: &DistrictStore) -> Result<Links, StoreError> {
    let mut links = Links::default();
    for g in store.group_details().await? {
        for m in g.members {
            links
                .memberships
                .push((m.school, g.group.name.clone(), m.joined_on, m.left_on));
        }
    }
    for p in store.pairings().await? {
        if let Some(helper) = p.helper.school() {
            links
                .pairings
                .push((helper.clone(), p.schools.clone(), p.started_on, p.ended_on));
        }
    }
    Ok(links)
}

/// The pairs of `year` (see [`Year::read`]) that `sees` reaches, checked with `settings`.
pub async fn mentors(
    store: &DistrictStore,
    sees: &Reach,
    year: Option<i32>,
    settings: &MentorSettings,
) -> Result<MentorsReport, StoreError> {
    let year = Year::read(store, year).await?;
    let (file, pairs) = match store.mentor_pairs().await? {
        Some((f, p)) => (Some(f), p),
        None => (None, Vec::new()),
    };
    let links = links(store).await?;
    // Without the year's roster nothing can be checked against it: 未接入.
    let findings = if year.has_roster {
        check(year.year, &pairs, &year.roster, settings)
    } else {
        Vec::new()
    };
    let shown = |p: &Pair| sees.school(&p.mentor_school) || sees.school(&p.mentee_school);
    let mut views = Vec::new();
    for (position, pair) in pairs.iter().enumerate() {
        if !shown(pair) {
            continue;
        }
        let problems = findings
            .iter()
            .filter(|f| f.pairs.contains(&position))
            .map(|f| f.problem.message())
            .collect();
        views.push(PairView {
            position,
            scope: links.scope(pair),
            active: pair.active_in(year.year),
            mentor_school_name: year.name(&pair.mentor_school),
            mentee_school_name: year.name(&pair.mentee_school),
            problems,
            pair: pair.clone(),
        });
    }
    let findings = findings
        .into_iter()
        .filter(|f| f.pairs.iter().any(|i| pairs.get(*i).is_some_and(shown)))
        .map(|f| f.problem)
        .collect();
    let coverage = coverage(year.year, &pairs, &year.roster, settings)
        .into_iter()
        .filter(|c| sees.school(&c.school))
        .map(|c| CoverageView {
            school_name: year.name(&c.school),
            coverage: c,
        })
        .collect();
    Ok(MentorsReport {
        year,
        settings: *settings,
        file,
        pairs: views,
        findings,
        coverage,
    })
}

/// Whether a school is one of the pair's.
pub fn involves(pair: &Pair, school: &SchoolCode) -> bool {
    pair.mentor_school == *school || pair.mentee_school == *school
}
