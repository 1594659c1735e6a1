//! The review's quality item from 质量监测: each school's quality score per 考核年度, from the
//! district's exams of that school year ([`junheng_core::review::QualityScore`]).

use std::collections::{BTreeMap, HashMap};
use std::ops::RangeInclusive;

use junheng_core::exam::QualitySettings;
use junheng_core::review::QualityScore;
use junheng_core::school::SchoolCode;
use junheng_store::{DistrictStore, StudentKeys};

use super::Refused;
use crate::exams::load::load;
use crate::exams::quality::school_quality;

/// Where the quality item comes from: the student data keys (the scores are sealed; without
/// keys every quality item is 未接入) and the district's `[quality]` settings.
#[derive(Debug, Clone, Copy)]
pub struct QualitySource<'a> {
    /// The keys, `None` when not configured.
    pub keys: Option<&'a StudentKeys>,
    /// The settings of the figures and the composite.
    pub settings: &'a QualitySettings,
}

/// Each school's quality score in each school year of `years` that has exams: the mean of its
/// quality scores in the year's exams in which it has one.
pub async fn quality_by_year(
    store: &DistrictStore,
    source: &QualitySource<'_>,
    years: RangeInclusive<i32>,
) -> Result<BTreeMap<i32, HashMap<SchoolCode, QualityScore>>, Refused> {
    let Some(keys) = source.keys else {
        return Ok(BTreeMap::new());
    };
    let mut per_exam: BTreeMap<i32, HashMap<SchoolCode, Vec<(f64, u32)>>> = BTreeMap::new();
    for info in store.exams().await? {
        if !years.contains(&info.year) {
            continue;
        }
        let loaded = load(store, keys, info.id).await.map_err(|e| match e {
            crate::students::Refused::Store(e) => Refused::Store(e),
            other => Refused::Invalid(format!("读取考试“{}”的成绩失败：{other}", info.name)),
        })?;
        let schools = loaded.exam.schools();
        for q in school_quality(&loaded.exam, source.settings) {
            let (Some(value), Ok(code)) = (q.value, SchoolCode::parse(&schools[q.school].code))
            else {
                continue;
            };
            per_exam
                .entry(info.year)
                .or_default()
                .entry(code)
                .or_default()
                .push((value, q.sat));
        }
    }
    Ok(per_exam
        .into_iter()
        .map(|(year, schools)| {
            let scores = schools
                .into_iter()
                .filter_map(|(code, exams)| Some((code, QualityScore::of_exams(&exams)?)))
                .collect();
            (year, scores)
        })
        .collect())
}
