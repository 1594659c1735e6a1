//! 劳动教育 (issue 18): the 劳动清单 of the district and its schools, versioned
//! ([`lists`]); the passport's records, their verifications and the ratings ([`records`]). Children are named by `students.id` only.

pub mod links;
pub mod lists;
pub mod records;
