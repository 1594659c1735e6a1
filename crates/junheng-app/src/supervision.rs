//! 责任督学: supervisors assigned to 学区 and education groups, their visits to schools with
//! what they found, and one 整改 task per finding, owned by the visited school.
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line), 管理员 | every assignment and visit of the district | assign and end assignments; record a visit under any active supervisor of the district; raise the missing tasks of a visit ([`complete`]) |
//! | 督学 | every assignment and visit of the district | record a visit to any school of the district, under their own login |
//! | 市级 / 省级 looking into the district | every assignment and visit of the district | nothing (read-only) |
//! | 集团负责人 | visits to the schools of their group; its assignments | nothing |
//! | 学区负责人 | visits to the schools of their 学区; its assignments | nothing |
//! | 学校 | visits to their school; the assignments of its 学区 and group | nothing |
//!
//! A school's 学区 and group are those of the latest school year's statistics, as every other
//! scoped page reads them ([`Scope::of`]).
//!
//! **Recording a visit** ([`record_visit`]) checks everything first — the caller, the school
//! (a school of the latest statistics), the day (not after today), the supervisor (an active
//! supervisor of the district), the summary, each finding and the deadline — then writes the
//! visit and its findings in one transaction with its audit entry, then raises one task per
//! finding through the tasks use-case ([`crate::tasks::create`]: source
//! `RecordRef { kind: Finding, key: id }`, owner the school, the finding's deadline) and links
//! each finding to its task
//! ([`DistrictStore::link_finding`](junheng_store::DistrictStore::link_finding)).
//!
//! The tasks store writes a task in a transaction of its own, so the visit and its tasks are
//! **not** one transaction: should raising a task fail once the visit is stored (the database
//! going away between the writes), the visit stays stored, the findings already raised keep
//! their tasks, and [`SupervisionError::Incomplete`] says which visit and how many findings
//! lack their task. [`complete`] raises exactly the missing ones (a task already raised from a
//! finding but not yet linked is linked, never raised twice); the web page of the visit offers
//! it to administrators, the command line as `junheng supervision complete`.
//!
//! The parts: `caller` (who calls, what they may do and see), `error`, `assign`
//! (assignments), `findings` (the findings of a form), `record` (a visit recorded and its
//! tasks raised), `visits` (visits listed, one visit, their progress).

mod assign;
mod caller;
mod error;
mod findings;
mod record;
mod visits;

use crate::tasks::add_days;

pub use assign::{AssignInput, assign, assignments, end};
pub use caller::{Caller, Scope, Standing, latest_records};
pub use error::SupervisionError;
pub use findings::parse_findings;
pub use record::{Recorded, VisitInput, complete, record_visit};
pub use visits::{Progress, VisitQuery, finding_tasks, progress, visit, visit_of_finding, visits};

/// Days after the visit a finding's 整改 is due when the form gives no deadline, unless the
/// server's settings say otherwise.
pub const DEFAULT_DEADLINE_DAYS: u32 = 30;

/// Whether `text` is a real day written `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    add_days(text, 0).is_some()
}

/// The first `max` characters of `text`: what a refusal shows of what it was given.
fn head(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests;
