//! Importing school statistics: one file, one or several school years, every year stored as a
//! new version of itself in one transaction — all years or none.

use std::collections::BTreeMap;

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, DistrictStore, ImportInfo, ImportSource, StoreError};

/// Stores `records` (every school year they hold, or only `year`) as new versions, in one
/// transaction. [`StoreError::Invalid`] when nothing is left to store (no records, or none of
/// `year`).
pub async fn import(
    district: &DistrictStore,
    records: &[SchoolRecord],
    year: Option<i32>,
    source: &ImportSource,
    actor: &Actor,
) -> Result<Vec<ImportInfo>, StoreError> {
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
    let years: Vec<(i32, &[SchoolRecord])> =
        by_year.iter().map(|(y, rs)| (*y, rs.as_slice())).collect();
    district
        .import_statistics_years(&years, source, actor)
        .await
}
