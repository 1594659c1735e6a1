//! What the schools of a demo district have submitted for review (学校填报) in its latest year:
//! one submission approved, one returned with its reason, two waiting — so the review, the
//! collection progress and a school's own page each have something to show.

use crate::school::{SchoolKind, SchoolRecord};

/// What the bureau decided on a demo submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoDecision {
    /// Approved, with the reviewer's note.
    Approve(&'static str),
    /// Returned to the school, with the reason.
    Return(&'static str),
}

/// A school's submitted row and, when decided, the decision.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSubmission {
    /// The row as the school submits it.
    pub record: SchoolRecord,
    /// `None` while it waits for review.
    pub decision: Option<DemoDecision>,
}

/// The submissions of `records` (the rows of one year), in the order they are made: the first
/// 小学 adds rooms and equipment (approved), the first 九年一贯制学校 reports six classes more than
/// it has (returned), the first 初中 and the first 完全中学 report new students (waiting). A kind
/// the district lacks makes no submission. Approved rows change facilities only, so the demo's
/// rosters still agree with the statistics.
///
/// ```
/// use junheng_core::demo::{DemoSpec, generate, submissions};
/// let records = generate(&DemoSpec { schools: 160, seed: 2024, year: 2024 });
/// assert_eq!(submissions(&records).len(), 4);
/// ```
pub fn submissions(records: &[SchoolRecord]) -> Vec<DemoSubmission> {
    let first = |kind: SchoolKind| records.iter().find(|r| r.kind == kind).cloned();
    let mut out = Vec::new();
    if let Some(mut r) = first(SchoolKind::Primary) {
        r.facilities.multimedia_rooms += 2;
        r.facilities.equipment_value =
            ((r.facilities.equipment_value + 20.0) * 100.0).round() / 100.0;
        out.push(DemoSubmission {
            record: r,
            decision: Some(DemoDecision::Approve(
                "新建两间多媒体教室，设备验收单已核实",
            )),
        });
    }
    if let Some(mut r) = first(SchoolKind::NineYear) {
        r.primary.classes += 6;
        out.push(DemoSubmission {
            record: r,
            decision: Some(DemoDecision::Return(
                "小学班数比学籍系统多 6 个班，请核对班数后重新提交",
            )),
        });
    }
    if let Some(mut r) = first(SchoolKind::Junior) {
        r.junior.students += 45;
        r.junior.teachers += 3;
        r.junior.qualified_teachers += 3;
        out.push(DemoSubmission {
            record: r,
            decision: None,
        });
    }
    if let Some(mut r) = first(SchoolKind::Complete) {
        r.senior_students += 120;
        r.facilities.sports_ground_area += 1_200.0;
        out.push(DemoSubmission {
            record: r,
            decision: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoSpec, generate};

    #[test]
    fn the_demo_submissions_are_in_every_state_and_change_their_rows() {
        let records = generate(&DemoSpec {
            schools: 160,
            seed: 2024,
            year: 2024,
        });
        let list = submissions(&records);
        let states: Vec<&str> = list
            .iter()
            .map(|s| match s.decision {
                Some(DemoDecision::Approve(_)) => "approved",
                Some(DemoDecision::Return(_)) => "returned",
                None => "pending",
            })
            .collect();
        assert_eq!(states, ["approved", "returned", "pending", "pending"]);
        for s in &list {
            let stored = records.iter().find(|r| r.code == s.record.code).unwrap();
            assert_ne!(stored, &s.record, "{}", stored.name);
            assert_eq!((stored.year, &stored.name), (s.record.year, &s.record.name));
        }
        let approved = &list[0].record;
        let stored = records.iter().find(|r| r.code == approved.code).unwrap();
        assert_eq!(
            (approved.primary, approved.junior),
            (stored.primary, stored.junior),
            "an approved row leaves the teachers as the roster has them"
        );
        assert!(submissions(&[]).is_empty());
    }
}
