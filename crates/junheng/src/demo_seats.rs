//! The demo's class table (班级规模表) of the latest school year, made from its statistics by
//! `junheng_core::demo::class_table`, so /seats shows the class-size item with the classes
//! above their limit (the earlier years fall back to the registry's classes).

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, ClassEntry, DistrictStore};

use crate::Failure;
use crate::platform::store_error;

/// Seeds the class table of the latest year of `records`; returns how many classes it wrote.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    seed: u64,
    actor: &Actor,
) -> Result<usize, Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok(0);
    };
    let year: Vec<SchoolRecord> = records
        .iter()
        .filter(|r| r.year == latest)
        .cloned()
        .collect();
    let classes: Vec<ClassEntry> = junheng_core::demo::class_table(&year, seed)
        .into_iter()
        .map(|c| ClassEntry {
            school: c.school,
            grade: c.grade,
            class: c.class,
            pupils: c.pupils,
        })
        .collect();
    if classes.is_empty() {
        return Ok(0);
    }
    let sha256 =
        junheng_app::classroom::digest(format!("demo class table {seed} {latest}").as_bytes());
    store
        .import_class_table(latest, &classes, "演示班级规模表.xlsx", &sha256, actor)
        .await
        .map_err(store_error)?;
    Ok(classes.len())
}
