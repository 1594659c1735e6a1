//! Junheng's teacher rotation (交流轮岗) engine: the roster and the ledger, who is eligible, the
//! yearly quotas, the ledger's effect on the evaluation, and a planner that proposes moves which
//! narrow the 差异系数 of the teacher indicators.
//!
//! Pure: inputs are plain records (schools, teachers, moves) and a rulebook; no I/O.

mod ledger;
mod teacher;

pub use ledger::{Move, MoveKind};
pub use teacher::{BackboneLevel, Counts, Degree, Sex, Teacher, TeacherId, TeacherIdError, Title};

mod apply;
mod eligibility;
mod quota;
pub mod synth;

pub use apply::{Applied, AppliedMove, SkipReason, apply_ledger};
mod counted;
pub use counted::{AppliedCounted, CountedLedger, CountedMoves, apply_counted, count_ledger};
pub use eligibility::{Eligibility, eligibility};
pub use quota::{Quota, RotationYear, TeacherStanding, groups_of, rotation_year, special_schools};
mod leaders;
mod reconcile;
mod scope;
pub use leaders::{
    LeaderPost, LeaderStanding, LeaderTerm, LeaderTermError, LeaderYear, check_terms, leader_year,
};
pub use scope::{MoveScope, ScopeMap};
mod roster_counts;
pub use reconcile::{Mismatch, reconcile};
pub use roster_counts::{RosterCounts, roster_counts};
mod effect;
pub use effect::{Effect, IndicatorChange, UnitChange, effect};
pub mod plan;
pub use plan::{
    Plan, PlanError, PlanInput, PlanOptions, PlannedMove, SectionWorst, plan, plan_exhaustive,
};
