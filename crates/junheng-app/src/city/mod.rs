//! 市级比较: every district of a city (or province) side by side for a school year — verdict,
//! each section's 差异系数 against its limit, failing units, the rotation quota, how fresh the
//! data is, how far the district is on its way to 国家认定 (its 督导评估 standing, its open and
//! overdue tasks, the days to its target's deadline) — and the city's writes: the creation
//! target year and the steps a district reached.
//!
//! The rows are summaries: a district's row names no school and no person. The server builds
//! the same rows from its caches ([`EvaluationSummary::of`], [`RotationSummary::of`],
//! [`CityRow::new`]); the command line calls [`compare`], which reads and evaluates afresh.
//! Each row also carries the district's 集团化办学 coverage, and [`region_total`] sums them
//! (module `coverage`).

mod coverage;
mod export;

pub use coverage::{
    COVERAGE_HEADERS, CoverageSummary, MEMBERSHIP_NOTE, TARGET_NOTE, TARGET_PERCENT, TOTAL_NOTE,
    coverage_definitions, coverage_table, district_coverage, meets_target, region_total,
};
pub use export::{HEADERS, Trend, comparison, trend, verdict};

use std::cmp::Ordering;

use junheng_core::creation::{CreationStatus, Phase, Progress, progress};
use junheng_core::evaluate::{Evaluation, evaluate};
use junheng_core::rulebook::Rulebook;
use junheng_rotation::Quota;
use junheng_store::{
    Actor, Creation, District, Freshness, NewStep, ReceivedPackage, Scope, Store, StoreError,
};
use serde::Serialize;

/// One section's balance: its worst indicator (or its composite) against the limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionSummary {
    /// 小学 or 初中.
    pub label: &'static str,
    /// Evaluation units.
    pub units: usize,
    /// The 差异系数 shown: the composite's, else the worst indicator's (highest CV over limit).
    pub cv: Option<f64>,
    /// Its limit.
    pub limit: f64,
    /// Indicators over their limit (0 in composite mode when the composite passes).
    pub over_limit: usize,
    /// Units failing the per-unit conditions.
    pub failing_units: usize,
    /// Whether the section passes.
    pub passes: bool,
}

/// What a district's evaluation says, without any school.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationSummary {
    /// Whether every section passes.
    pub passes: bool,
    /// Primary first.
    pub sections: Vec<SectionSummary>,
    /// Failing units of all sections.
    pub failing_units: usize,
}

impl EvaluationSummary {
    /// The summary of an evaluation.
    pub fn of(e: &Evaluation<'_>) -> Self {
        let sections: Vec<SectionSummary> = e
            .sections
            .iter()
            .map(|s| {
                let worst = s
                    .indicators
                    .iter()
                    .filter_map(|i| Some((i.spread.cv?, i.cv_max?)))
                    .max_by(|a, b| {
                        (a.0 / a.1)
                            .partial_cmp(&(b.0 / b.1))
                            .unwrap_or(Ordering::Equal)
                    });
                let over = s
                    .indicators
                    .iter()
                    .filter(|i| i.passes == Some(false))
                    .count();
                let (cv, limit) = match (&s.composite, worst) {
                    (Some(c), _) => (c.cv, c.cv_max),
                    (None, Some((cv, max))) => (Some(cv), max),
                    (None, None) => (None, 0.0),
                };
                SectionSummary {
                    label: s.section.label(),
                    units: s.units.len(),
                    cv,
                    limit,
                    over_limit: over,
                    failing_units: s.failing_units,
                    passes: s.passes,
                }
            })
            .collect();
        EvaluationSummary {
            passes: e.passes,
            failing_units: sections.iter().map(|s| s.failing_units).sum(),
            sections,
        }
    }

    /// The section with this label, if the district has it.
    pub fn section(&self, label: &str) -> Option<&SectionSummary> {
        self.sections.iter().find(|s| s.label == label)
    }
}

/// The district's rotation quota of the year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RotationSummary {
    /// 符合交流条件教师数.
    pub eligible: u64,
    /// 交流轮岗教师数.
    pub rotated: u64,
    /// The fewest the share asks.
    pub required: u64,
    /// rotated / eligible.
    pub share: Option<f64>,
    /// Whether both the share and the 骨干 share are met.
    pub met: bool,
}

impl RotationSummary {
    /// The summary of a district quota.
    pub fn of(q: &Quota) -> Self {
        RotationSummary {
            eligible: q.eligible,
            rotated: q.rotated,
            required: q.required,
            share: q.share,
            met: q.met(),
        }
    }
}

/// Where a district's statistics of the year came from when the district reported them upward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The package's sequence number of the year.
    pub sequence: u64,
    /// The fingerprint of the key that signed it.
    pub fingerprint: String,
    /// When the city received it.
    pub received_at: String,
}

impl Provenance {
    /// The package of `packages` that became `freshness`'s statistics version, if any.
    pub fn of(freshness: &Freshness, packages: &[ReceivedPackage]) -> Option<Self> {
        packages
            .iter()
            .find(|p| {
                p.district == freshness.district
                    && p.year == freshness.year
                    && p.import_version == freshness.version
            })
            .map(|p| Provenance {
                sequence: p.sequence,
                fingerprint: p.fingerprint.clone(),
                received_at: p.received_at.clone(),
            })
    }

    /// "上报包 第 N 号".
    pub fn describe(&self) -> String {
        format!("上报包 第 {} 号", self.sequence)
    }
}

/// One district's row.
#[derive(Debug, Clone, Serialize)]
pub struct CityRow {
    /// The district.
    pub district: District,
    /// Its latest statistics of the year (`None`: nothing imported for the year).
    pub freshness: Option<Freshness>,
    /// Its evaluation, or why the data cannot be evaluated (serialised as `evaluation` or
    /// `problem`).
    #[serde(flatten, serialize_with = "evaluation_or_problem")]
    pub evaluation: Result<EvaluationSummary, String>,
    /// The received package (数据上报) the year's statistics came from, if they came from one.
    pub package: Option<Provenance>,
    /// Its rotation quota (`None` without a roster for the year).
    pub rotation: Option<RotationSummary>,
    /// Its creation target and steps.
    pub creation: Creation,
    /// The phase of its target year.
    pub phase: Option<&'static str>,
    /// Its status on the way to 国家认定.
    pub status: CreationStatus,
    /// How far it is from its target in `this_year`.
    pub progress: Progress,
    /// Its 集团化办学 coverage of the year (`None`: no statistics for the year — 无数据, not 0 %).
    pub coverage: Option<CoverageSummary>,
    /// Its 督导评估 standing of the year (`None`: no verdict computed yet).
    pub inspection: Option<crate::inspection::Readiness>,
    /// Its open and overdue tasks (`None`: not read).
    pub tasks: Option<crate::tasks::TaskCounts>,
    /// Days from today to the end of its target year (negative once past; `None` without a
    /// target).
    pub days_to_target: Option<i64>,
}

fn evaluation_or_problem<S: serde::Serializer>(
    e: &Result<EvaluationSummary, String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(1))?;
    match e {
        Ok(e) => map.serialize_entry("evaluation", e)?,
        Err(why) => map.serialize_entry("problem", why)?,
    }
    map.end()
}

impl CityRow {
    /// A row from its parts (`packages`: the packages received, to name the one the statistics
    /// came from); `this_year` measures the distance to the target.
    pub fn new(
        district: District,
        freshness: Option<Freshness>,
        evaluation: Result<EvaluationSummary, String>,
        rotation: Option<RotationSummary>,
        creation: Creation,
        packages: &[ReceivedPackage],
        this_year: i32,
    ) -> Self {
        let target = creation.target.as_ref().map(|t| t.year);
        let status = creation.status();
        let package = freshness.as_ref().and_then(|f| Provenance::of(f, packages));
        CityRow {
            package,
            phase: target.and_then(Phase::of_target).map(Phase::label),
            progress: progress(target, status, this_year),
            status,
            district,
            freshness,
            evaluation,
            rotation,
            creation,
            coverage: None,
            inspection: None,
            tasks: None,
            days_to_target: None,
        }
    }

    /// The row with the district's open and overdue tasks and its days to target on `today`
    /// (`YYYY-MM-DD`, Beijing).
    pub fn with_tasks(self, tasks: crate::tasks::TaskCounts, today: &str) -> Self {
        let days_to_target = self
            .creation
            .target
            .as_ref()
            .and_then(|t| crate::inspection::path::days_left(t.year, today));
        CityRow {
            tasks: Some(tasks),
            days_to_target,
            ..self
        }
    }

    /// The row with the district's 督导评估 standing of the year.
    pub fn with_readiness(self, inspection: Option<crate::inspection::Readiness>) -> Self {
        CityRow { inspection, ..self }
    }

    /// The row with the district's coverage of the year.
    pub fn with_coverage(self, coverage: Option<CoverageSummary>) -> Self {
        CityRow { coverage, ..self }
    }

    /// Whether the district has statistics for the year.
    pub fn has_data(&self) -> bool {
        self.freshness.is_some()
    }
}

/// A column the comparison sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// 区县代码.
    Code,
    /// Verdict (failing first when descending).
    Verdict,
    /// Failing units.
    Failing,
    /// 小学 差异系数 (relative to its limit).
    PrimaryCv,
    /// 初中 差异系数 (relative to its limit).
    JuniorCv,
    /// Rotation share.
    Rotation,
    /// When the data was imported.
    Freshness,
    /// Creation status.
    Status,
    /// Years left to the target.
    Target,
}

impl SortKey {
    /// Every key with its URL name.
    pub const ALL: [(SortKey, &'static str); 9] = [
        (SortKey::Code, "code"),
        (SortKey::Verdict, "verdict"),
        (SortKey::Failing, "failing"),
        (SortKey::PrimaryCv, "primary"),
        (SortKey::JuniorCv, "junior"),
        (SortKey::Rotation, "rotation"),
        (SortKey::Freshness, "fresh"),
        (SortKey::Status, "status"),
        (SortKey::Target, "target"),
    ];

    /// The key a URL names (`None` for an unknown name).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// The URL name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("code", |(_, n)| n)
    }
}

fn cv_ratio(row: &CityRow, label: &str) -> Option<f64> {
    let s = row.evaluation.as_ref().ok()?.section(label)?;
    Some(s.cv? / s.limit.max(f64::MIN_POSITIVE))
}

/// Compares two optional values, absent ones last whatever the direction.
fn by<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts rows by `key` (districts without the value last), then by code.
pub fn sort(rows: &mut [CityRow], key: SortKey, descending: bool) {
    rows.sort_by(|a, b| {
        let o = match key {
            SortKey::Code => by(Some(&a.district.code), Some(&b.district.code), descending),
            SortKey::Verdict => by(
                a.evaluation.as_ref().ok().map(|e| e.passes),
                b.evaluation.as_ref().ok().map(|e| e.passes),
                descending,
            ),
            SortKey::Failing => by(
                a.evaluation.as_ref().ok().map(|e| e.failing_units),
                b.evaluation.as_ref().ok().map(|e| e.failing_units),
                descending,
            ),
            SortKey::PrimaryCv => by(cv_ratio(a, "小学"), cv_ratio(b, "小学"), descending),
            SortKey::JuniorCv => by(cv_ratio(a, "初中"), cv_ratio(b, "初中"), descending),
            SortKey::Rotation => by(
                a.rotation.and_then(|r| r.share),
                b.rotation.and_then(|r| r.share),
                descending,
            ),
            SortKey::Freshness => by(
                a.freshness.as_ref().map(|f| &f.imported_at),
                b.freshness.as_ref().map(|f| &f.imported_at),
                descending,
            ),
            SortKey::Status => by(Some(a.status), Some(b.status), descending),
            SortKey::Target => by(
                a.progress.years_left.filter(|_| a.progress.steps_left > 0),
                b.progress.years_left.filter(|_| b.progress.steps_left > 0),
                descending,
            ),
        };
        o.then_with(|| a.district.code.cmp(&b.district.code))
    });
}

/// The calendar year now (UTC): the distance to a creation target counts from it.
pub fn this_year() -> i32 {
    junheng_store::rfc3339(std::time::SystemTime::now())
        .get(..4)
        .and_then(|y| y.parse().ok())
        .expect("RFC 3339 starts with the year")
}

/// The districts `region` (a city or province scope) covers, by code.
pub async fn districts_of(store: &Store, region: &Scope) -> Result<Vec<District>, StoreError> {
    Ok(store
        .districts()
        .await?
        .into_iter()
        .filter(|d| d.in_region(region))
        .collect())
}

/// The comparison of `districts` for school year `year` under `rulebook`, read and evaluated
/// afresh (the command line's path; the server caches each part).
pub async fn compare(
    store: &Store,
    districts: Vec<District>,
    year: i32,
    rulebook: &Rulebook,
    this_year: i32,
) -> Result<Vec<CityRow>, StoreError> {
    let fresh = store.freshness().await?;
    let creations = store.creations().await?;
    let packages = store.received_packages(None).await?;
    let today = crate::tasks::beijing_today();
    let mut rows = Vec::with_capacity(districts.len());
    for d in districts {
        let here = store.in_district(d.id);
        let freshness = fresh
            .iter()
            .find(|f| f.district == d.id && f.year == year)
            .cloned();
        let coverage = match &freshness {
            None => None,
            Some(_) => Some(district_coverage(&here, year).await?),
        };
        let (evaluation, rotation) = match &freshness {
            None => (Err(format!("没有 {year} 学年的数据")), None),
            Some(f) => {
                let records = here.statistics(year, Some(f.version)).await?;
                let evaluation = evaluate(&records, rulebook)
                    .map(|e| EvaluationSummary::of(&e))
                    .map_err(|e| e.to_string());
                let rotation = match f.roster_version {
                    None => None,
                    Some(_) => {
                        crate::rotation::year_quota(&here, year, &records, &rulebook.rotation)
                            .await?
                            .map(|q| RotationSummary::of(&q))
                    }
                };
                (evaluation, rotation)
            }
        };
        let creation = creations
            .iter()
            .find(|(id, _)| *id == d.id)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        rows.push(
            CityRow::new(
                d, freshness, evaluation, rotation, creation, &packages, this_year,
            )
            .with_coverage(coverage)
            .with_readiness(crate::inspection::readiness(&here, year, &rulebook.id).await?)
            .with_tasks(crate::tasks::counts(&here, &today).await?, &today),
        );
    }
    Ok(rows)
}

/// Sets the creation target year of the district with code `code` in `region`.
pub async fn set_target(
    store: &Store,
    region: Option<&Scope>,
    code: &str,
    year: i32,
    actor: &Actor,
) -> Result<District, StoreError> {
    let district = reachable(store, region, code).await?;
    store.set_creation_target(district.id, year, actor).await?;
    Ok(district)
}

/// Records a creation step of the district with code `code` in `region`.
pub async fn record_step(
    store: &Store,
    region: Option<&Scope>,
    code: &str,
    step: &NewStep,
    actor: &Actor,
) -> Result<District, StoreError> {
    let district = reachable(store, region, code).await?;
    store.record_creation_step(district.id, step, actor).await?;
    Ok(district)
}

/// The district of `code`, if `region` covers it (any district for the operator: `None`).
async fn reachable(
    store: &Store,
    region: Option<&Scope>,
    code: &str,
) -> Result<District, StoreError> {
    let district = store
        .district_by_code(code)
        .await?
        .filter(|d| region.is_none_or(|r| d.in_region(r)));
    district.ok_or(StoreError::NotFound("该区县"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_store::{DistrictId, DistrictKind};

    fn row(code: &str, passes: Option<bool>, share: Option<f64>) -> CityRow {
        let district = District {
            id: DistrictId::default(),
            code: code.into(),
            name: code.into(),
            kind: DistrictKind::Qu,
            city: Default::default(),
            province: Default::default(),
        };
        let evaluation = passes
            .map(|p| EvaluationSummary {
                passes: p,
                sections: Vec::new(),
                failing_units: usize::from(!p),
            })
            .ok_or_else(|| "没有数据".to_owned());
        let rotation = share.map(|s| RotationSummary {
            eligible: 100,
            rotated: 0,
            required: 10,
            share: Some(s),
            met: s >= 0.1,
        });
        CityRow::new(
            district,
            None,
            evaluation,
            rotation,
            Creation::default(),
            &[],
            2026,
        )
    }

    #[test]
    fn sorting_keeps_districts_without_the_value_last() {
        let mut rows = vec![
            row("500103", Some(true), Some(0.12)),
            row("500101", None, None),
            row("500102", Some(false), Some(0.05)),
        ];
        sort(&mut rows, SortKey::Rotation, false);
        let codes: Vec<&str> = rows.iter().map(|r| r.district.code.as_str()).collect();
        assert_eq!(codes, ["500102", "500103", "500101"]);
        sort(&mut rows, SortKey::Rotation, true);
        let codes: Vec<&str> = rows.iter().map(|r| r.district.code.as_str()).collect();
        assert_eq!(codes, ["500103", "500102", "500101"]);
        sort(&mut rows, SortKey::Verdict, false);
        assert_eq!(rows[0].district.code, "500102", "failing first ascending");
        for (k, n) in SortKey::ALL {
            assert_eq!(SortKey::parse(n), Some(k));
            assert_eq!(k.name(), n);
        }
    }
}
