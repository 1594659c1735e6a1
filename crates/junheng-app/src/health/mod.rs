//! Student health (issue 14): 体质健康 rounds scored from the standard's tables as data,
//! 视力筛查 rounds per WS/T 663-2020, 心理测评 waves with their cases — for the server and the
//! command line.
//!
//! Who sees what is [`who`]'s, and stricter than for any other data: named records only to the
//! school's 校医 and the class's 班主任 (体质, 视力), answers and scores only to the school's
//! 心理教师 and the district's crisis team, tiers and actions only to the 班主任, aggregates to the
//! district with small cells suppressed, never a school ranked by 心理 results. Every record is
//! sealed in the store and every named read recorded there.

pub mod cases;
pub mod fitness;
pub mod import;
pub mod instruments;
pub mod mental;
pub mod packs;
pub mod vision;
pub mod who;

pub use crate::students::Refused;
pub use import::Imported;

use junheng_store::{DistrictStore, Erased};

use crate::pairings::Caller;

/// The health data of the children who left on or before `left_before` (毕业, 转出, 死亡):
/// what erasure would delete (`apply` false), or deleted — every record and closed 心理 case,
/// unless a 心理 case of theirs is open. Administrators and the operator only.
pub async fn erase(
    store: &DistrictStore,
    caller: &Caller<'_>,
    left_before: &str,
    apply: bool,
) -> Result<Erased, Refused> {
    if !who::may_administer(caller) {
        return Err(Refused::Denied);
    }
    Ok(if apply {
        store.erase_health(left_before, &caller.actor()).await?
    } else {
        store.health_erasure_report(left_before).await?
    })
}

#[cfg(test)]
mod tests;
