//! Generated data for demos and tests, pure and deterministic: a district 劳动清单 and a class's
//! term of records ([`district_list`], [`class_term`]); a district's bases, alliance, visits and
//! 五育 records ([`synth`]).

mod district;
mod lists;

pub use district::{Synth, synth};
pub use lists::{class_term, district_list};
