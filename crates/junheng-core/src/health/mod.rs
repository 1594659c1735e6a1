//! Student health (issue 14): pure engines.
//!
//! * [`vision`]: 筛查性近视 as WS/T 663-2020《中小学生屈光不正筛查规范》 defines it — per eye, a
//!   child counted when either eye qualifies — its degrees, the counts and 近视率 of a group, a
//!   child's change between two rounds and the yearly targets of the 综合防控 plan.

pub mod fitness;
pub mod vision;
