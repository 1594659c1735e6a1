//! 学位 (seats) files: the class table (班级名册汇总, [`classes`]) and the 划片, entrant and
//! 指标到校 files ([`zoning`]).

pub mod classes;
pub mod zoning;
