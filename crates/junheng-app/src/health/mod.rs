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

#[cfg(test)]
mod tests;
