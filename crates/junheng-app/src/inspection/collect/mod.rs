//! The collector: every computed item of the rulebook from the district's stored data, each by
//! the capability that owns it (seats, teachers, students, quality monitoring), with the limits
//! the rulebook sets.
//!
//! Years: every item reads school year `Y` (2024 = 2024–2025学年); the money items (教师工资,
//! 公用经费, 培训经费) read the figures entered for year `Y` as well — the calendar year the school
//! year starts in — and say so; 教师培训 reads the last five-year cycle that has ended.

mod people;
mod schools;

pub use schools::input;

use std::collections::BTreeMap;

use junheng_core::inspection::{Computed, Figure, Outcome, Provenance, Shortfall};
use junheng_core::rulebook::{Computation, ItemDef, Rulebook};
use junheng_core::school::SchoolRecord;
use junheng_core::student::ConsolidationVariant;
use junheng_store::{DistrictStore, Evidence, StoreError};
use junheng_teachers::training::{Day, TrainingRules};

/// The settings the computations take beside the rulebook's limits (the rulebook's limits win
/// where both speak).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// How 巩固率 is computed (the district's `[students] consolidation`).
    pub consolidation: ConsolidationVariant,
    /// 编制, 资格证 and pay settings (the district's `[teachers.posts]`).
    pub posts: junheng_teachers::posts::Settings,
    /// The 继续教育 rules (cycle anchor and length).
    pub training: TrainingRules,
}

/// What the computations of one school year read once and share.
pub(crate) struct Year<'a> {
    pub(crate) store: &'a DistrictStore,
    pub(crate) year: i32,
    pub(crate) rulebook: &'a Rulebook,
    pub(crate) settings: &'a Settings,
    pub(crate) today: Day,
    pub(crate) schools: Vec<SchoolRecord>,
    /// The district's documents of evidence (every version), read once.
    pub(crate) evidence: &'a [Evidence],
}

impl Year<'_> {
    /// A school's name from the year's statistics, or its code.
    pub(crate) fn name(&self, code: &str) -> String {
        self.schools
            .iter()
            .find(|s| s.code.as_str() == code)
            .map_or_else(|| code.to_owned(), |s| s.name.clone())
    }

    /// The statistics this year's computations read, as a source.
    pub(crate) fn statistics(&self) -> Provenance {
        Provenance {
            source: format!("{} 学年教育事业统计", self.year),
            version: "当前版本".to_owned(),
        }
    }
}

/// Computes every item of `rulebook` that has a computation, for school year `year`, keyed by
/// item id. [`StoreError::NotFound`] when the year has no statistics.
pub async fn collect(
    store: &DistrictStore,
    year: i32,
    rulebook: &Rulebook,
    settings: &Settings,
    today: Day,
) -> Result<BTreeMap<String, Computed>, StoreError> {
    let evidence = store.all_evidence().await?;
    collect_with(store, year, rulebook, settings, today, &evidence).await
}

/// [`collect`] with the district's documents already read (the status reads them once for the
/// items' own documents and for the schools' 章程).
pub(crate) async fn collect_with(
    store: &DistrictStore,
    year: i32,
    rulebook: &Rulebook,
    settings: &Settings,
    today: Day,
    evidence: &[Evidence],
) -> Result<BTreeMap<String, Computed>, StoreError> {
    let y = Year {
        store,
        year,
        rulebook,
        settings,
        today,
        schools: store.statistics(year, None).await?,
        evidence,
    };
    if y.schools.is_empty() {
        return Err(StoreError::NotFound("该学年的学校统计数据"));
    }
    let mut cache = schools::Cache::default();
    let mut people = people::Cache::default();
    let mut out = BTreeMap::new();
    for item in &rulebook.items {
        let Some(computation) = item.computation else {
            continue;
        };
        let computed = match computation {
            Computation::MusicArtRooms
            | Computation::SchoolSize
            | Computation::ClassSize
            | Computation::NearbyEnrolment
            | Computation::HighSchoolQuota
            | Computation::SmallSchoolFunding
            | Computation::SpecialSchoolFunding
            | Computation::SchoolCharters
            | Computation::Naeq
            | Computation::Recognition => {
                schools::compute(&y, &mut cache, item, computation).await?
            }
            Computation::TeacherPay
            | Computation::TrainingHours
            | Computation::PostsAllocation
            | Computation::Rotation
            | Computation::Certificates
            | Computation::UnfilledPosts
            | Computation::TrainingBudget
            | Computation::MigrantChildren
            | Computation::JuniorConsolidation
            | Computation::DisabledEnrolment => {
                people::compute(&y, &mut people, item, computation).await?
            }
        };
        out.insert(item.id.clone(), computed);
    }
    Ok(out)
}

/// A limit of an item, else the computation's national default, else `fallback`.
pub(crate) fn limit(item: &ItemDef, key: &str, fallback: f64) -> f64 {
    item.limit(key).unwrap_or(fallback)
}

/// A figure.
pub(crate) fn figure(label: impl Into<String>, value: impl Into<String>) -> Figure {
    Figure {
        label: label.into(),
        value: value.into(),
    }
}

/// A computation judged over units: met when none fails, not connected when none was assessed.
pub(crate) fn over_units(
    assessed: usize,
    failing: Vec<Shortfall>,
    what: &str,
    mut figures: Vec<Figure>,
    provenance: Vec<Provenance>,
) -> Computed {
    if assessed == 0 {
        return Computed {
            provenance,
            ..Computed::not_connected(format!("没有参评的{what}"))
        };
    }
    let n = failing.len();
    figures.insert(0, figure(format!("参评{what}"), format!("{assessed} 所")));
    figures.insert(1, figure(format!("未达标{what}"), format!("{n} 所")));
    Computed {
        outcome: if n == 0 {
            Outcome::Met
        } else {
            Outcome::NotMet
        },
        value: Some((assessed - n) as f64 / assessed as f64),
        figures,
        failing,
        provenance,
        note: if n == 0 {
            format!("{assessed} 所{what}均达标")
        } else {
            format!("{assessed} 所{what}中 {n} 所未达标")
        },
    }
}

/// A district share judged against `min`: `part / whole ≥ min`, exactly.
pub(crate) fn share_item(
    label: &str,
    part: u64,
    whole: u64,
    min: f64,
    failing: Vec<Shortfall>,
    provenance: Vec<Provenance>,
) -> Computed {
    use junheng_core::inspection::share::{meets_share, percent};
    let Some(met) = meets_share(part, whole, min) else {
        return Computed {
            provenance,
            ..Computed::not_connected(format!("{label}：分母为 0，无法计算"))
        };
    };
    // A 巩固率 over 100 % (transfers in not recorded) is capped, as the rate itself is.
    let value = (part as f64 / whole as f64).min(1.0);
    Computed {
        outcome: if met { Outcome::Met } else { Outcome::NotMet },
        value: Some(value),
        figures: vec![figure(
            label,
            format!(
                "{part} / {whole} = {}（标准 ≥ {}）",
                percent(value),
                percent(min)
            ),
        )],
        failing: if met { Vec::new() } else { failing },
        provenance,
        note: format!(
            "{label} {}，{}标准 {}",
            percent(value),
            if met { "达到" } else { "低于" },
            percent(min)
        ),
    }
}
