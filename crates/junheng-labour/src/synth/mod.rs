//! Generated data for demos and tests, pure and deterministic: a district 劳动清单 and a class's
//! term of records ([`district_list`], [`class_term`]); a district's bases, alliance, visits and
//! 五育 records ([`synth`]); a class's 劳动课 课时 and a school's 劳动周 ([`class_lessons`],
//! [`labour_week`]).

mod district;
mod lessons;
mod lists;

pub use district::{Synth, synth};
pub use lessons::{class_lessons, labour_week};
pub use lists::{class_term, district_list};
