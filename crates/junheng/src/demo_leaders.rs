//! The demo's 校长副校长任职表, drawn from the latest year's roster by
//! `junheng_rotation::synth::leader_terms`, so /teachers/leaders shows leaders due to rotate,
//! within their terms, promoted in place and rotated in this year.

use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, DistrictStore};

use crate::Failure;
use crate::platform::store_error;

/// Seeds the terms; returns how many it wrote.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    seed: u64,
    actor: &Actor,
) -> Result<usize, Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok(0);
    };
    let roster = junheng_rotation::synth::roster(records, seed);
    let terms = junheng_rotation::synth::leader_terms(&roster, latest);
    if terms.is_empty() {
        return Ok(0);
    }
    let sha256 = junheng_app::classroom::digest(format!("demo leaders {seed} {latest}").as_bytes());
    store
        .import_leaders(&terms, "演示校长副校长任职表.xlsx", &sha256, actor)
        .await
        .map_err(store_error)?;
    Ok(terms.len())
}
