//! Junheng's pure core: the domain records of a district's schools, rulebooks as data, and the
//! evaluation engine of 义务教育优质均衡 (quality balance) and 基本均衡 (basic balance).
//!
//! Nothing in this crate performs I/O: inputs are plain records and a [`rulebook::Rulebook`],
//! outputs are results that carry every number needed to trace them back to their inputs.
//!
//! ```
//! use junheng_core::{demo, evaluate::evaluate, rulebook::Rulebook};
//! let schools = demo::generate(&demo::DemoSpec { schools: 40, seed: 7, year: 2024 });
//! let rulebook = Rulebook::builtin("cn-2017").unwrap();
//! let result = evaluate(&schools, &rulebook).unwrap();
//! assert_eq!(result.rulebook, "cn-2017");
//! assert!(!result.sections.is_empty());
//! ```

pub mod bands;
pub mod classroom;
pub mod coverage;
pub mod creation;
pub mod date;
pub mod demo;
pub mod evaluate;
pub mod exam;
pub mod geo;
pub mod group;
pub mod health;
pub mod inspection;
pub mod pairing;
pub mod parallel;
pub mod privacy;
pub mod record;
pub mod review;
pub mod rulebook;
pub mod school;
pub mod seats;
pub mod student;
pub mod survey;
#[cfg(test)]
mod testing;
pub mod urban;
mod words;
