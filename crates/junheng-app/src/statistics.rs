//! Importing school statistics: one file, one or several school years, every year stored as a
//! new version of itself in one transaction — all years or none; each compared with the year's
//! current version first (see [`crate::versions`]). Restoring an earlier version.

use std::collections::BTreeMap;

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, DistrictStore, ImportInfo, ImportSource, StoreError, VersionOrigin};

use crate::versions::{Comparison, WriteOptions, check_restore, statistics_version};

/// What importing `records` (every school year they hold, or only `year`) would change, per
/// year, written as `options.mode` says: each year's new records and their comparison with the
/// year's current version. [`StoreError::Invalid`] when nothing is left (no records, or none
/// of `year`).
pub async fn compare(
    district: &DistrictStore,
    records: &[SchoolRecord],
    year: Option<i32>,
    options: &WriteOptions,
) -> Result<Vec<(Vec<SchoolRecord>, Comparison)>, StoreError> {
    let mut by_year: BTreeMap<i32, Vec<SchoolRecord>> = BTreeMap::new();
    for r in records.iter().filter(|r| year.is_none_or(|y| r.year == y)) {
        by_year.entry(r.year).or_default().push(r.clone());
    }
    if by_year.is_empty() {
        return Err(match year {
            Some(y) => StoreError::Invalid(format!("文件中没有 {y} 学年的学校")),
            None => StoreError::invalid("导入的数据中没有任何学校"),
        });
    }
    let summaries = district.years().await?;
    let mut years = Vec::with_capacity(by_year.len());
    for (y, file) in by_year {
        let current_version = summaries
            .iter()
            .find(|s| s.year == y)
            .map(|s| s.latest_version);
        let current = match current_version {
            Some(v) => district.statistics(y, Some(v)).await?,
            None => Vec::new(),
        };
        years.push(statistics_version(
            y,
            current_version,
            &current,
            &file,
            options.mode,
        ));
    }
    Ok(years)
}

/// Stores `records` (every school year they hold, or only `year`) as new versions, in one
/// transaction; refused, with nothing written, when a year's new version removes at least
/// `options.threshold` of its schools or any school and `options.confirm_removals` is not set.
/// [`StoreError::Invalid`] when nothing is left to store (no records, or none of `year`).
pub async fn import(
    district: &DistrictStore,
    records: &[SchoolRecord],
    year: Option<i32>,
    source: &ImportSource,
    options: &WriteOptions,
    actor: &Actor,
) -> Result<Vec<ImportInfo>, StoreError> {
    let years = compare(district, records, year, options).await?;
    for (_, cmp) in &years {
        cmp.check(options, "学校统计数据")?;
    }
    let writes: Vec<(i32, &[SchoolRecord], VersionOrigin)> = years
        .iter()
        .map(|(rs, cmp)| (cmp.year, rs.as_slice(), cmp.origin(options.mode)))
        .collect();
    district
        .import_statistics_from(&writes, source, actor)
        .await
}

/// Restores version `version` of the statistics of `year` as a new version, with the file name
/// and digest of the version restored (`confirmed`: the user ticked the confirmation).
pub async fn restore(
    district: &DistrictStore,
    year: i32,
    version: u32,
    confirmed: bool,
    actor: &Actor,
) -> Result<ImportInfo, StoreError> {
    check_restore(confirmed, "学校统计数据", version)?;
    let records = district.statistics(year, Some(version)).await?;
    let info = district
        .imports(Some(year))
        .await?
        .into_iter()
        .find(|i| i.version == version)
        .ok_or(StoreError::NotFound("该学年该版本的统计数据"))?;
    let source = ImportSource {
        file_name: info.file_name,
        sha256: info.sha256,
        note: format!("恢复第 {version} 版"),
    };
    let mut stored = district
        .import_statistics_from(
            &[(year, &records, VersionOrigin::restore(version))],
            &source,
            actor,
        )
        .await?;
    Ok(stored.remove(0))
}
