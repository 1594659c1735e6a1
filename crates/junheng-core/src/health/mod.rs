//! Student health (issue 14): pure engines.
//!
//! * [`fitness`]: 体质健康 scoring from the standard's tables held as a loadable pack — item
//!   scores, weights, 标准分, 附加分, 学年总分 and 等级, 未评分 wherever no table is loaded;
//! * [`mental`]: PHQ-9 and GAD-7 as published, for adolescents only, and what a screen suggests
//!   (一般/关注/重点, a same-day review on PHQ-9 item 9) — never 危机, which only a 复核 sets;
//! * [`vision`]: 筛查性近视 as WS/T 663-2020《中小学生屈光不正筛查规范》 defines it — per eye, a
//!   child counted when either eye qualifies — its degrees, the counts and 近视率 of a group, a
//!   child's change between two rounds and the yearly targets of the 综合防控 plan.

pub mod fitness;
pub mod instrument;
pub mod mental;
pub mod settings;
pub mod vision;
