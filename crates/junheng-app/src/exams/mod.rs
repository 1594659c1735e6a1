//! 质量监测 (issue 15): exams and each school's scores, matched to the registry by pseudonymous
//! key, stored sealed, and analysed by `junheng_core::exam` — for the server and the command
//! line.

pub mod bands;
pub mod card;
pub mod columns;
pub mod export;
pub mod import;
pub mod load;
pub mod quality;
pub mod report;
pub mod value_added;
pub mod who;
pub mod whole;

pub use crate::students::Refused;

#[cfg(test)]
mod tests;
