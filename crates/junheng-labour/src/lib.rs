//! Junheng's 劳动教育 and 五育 engine (issue 18).

pub mod calendar;
pub mod checklist;
pub mod groups;
mod roster;
pub mod sample;
mod share;
mod words;

pub use roster::{ClassRef, Grade, RosterEntry, StudentKey};
pub use share::{Quota, Share};
