//! What the dashboards read of compliance: the trend over terms and the district's table with
//! small counts of children hidden.

use junheng_core::school::SchoolCode;
use junheng_core::student::{Suppressed, suppress};
use serde::Serialize;

use super::{Compliance, Tally};
use crate::calendar::Term;
use crate::share::{Quota, Share};

/// One term of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// The term.
    pub term: Term,
    /// Children meeting the term's minimum.
    pub meeting: Share,
    /// Child-weeks met.
    pub student_weeks: Share,
    /// Task-group coverage.
    pub coverage: Share,
    /// 劳动课 课时.
    pub lessons: Quota,
    /// The change of the meeting share since the term before, per mille (none for the first
    /// term or an empty one).
    pub meeting_change_per_mille: Option<i64>,
}

/// The trend of one scope (a class, a school or the district) over terms, oldest first.
///
/// ```
/// use junheng_labour::calendar::{Semester, Term};
/// use junheng_labour::compliance::{Tally, trend};
/// let t = |year, semester| Term { year, semester };
/// let mut a = Tally::empty(0);
/// (a.students, a.students_meeting) = (10, 5);
/// let mut b = a.clone();
/// b.students_meeting = 8;
/// let points = trend(&[(t(2025, Semester::Second), &b), (t(2025, Semester::First), &a)]);
/// assert_eq!(points[1].meeting_change_per_mille, Some(300));
/// ```
pub fn trend(series: &[(Term, &Tally)]) -> Vec<TrendPoint> {
    let mut sorted: Vec<&(Term, &Tally)> = series.iter().collect();
    sorted.sort_by_key(|(term, _)| *term);
    let mut before: Option<u64> = None;
    sorted
        .into_iter()
        .map(|(term, tally)| {
            let meeting = tally.meeting();
            let now = meeting.per_mille();
            let change = before.zip(now).map(|(b, n)| n as i64 - b as i64);
            before = now;
            TrendPoint {
                term: *term,
                meeting,
                student_weeks: tally.student_weeks,
                coverage: tally.coverage,
                lessons: tally.lessons,
                meeting_change_per_mille: change,
            }
        })
        .collect()
}

/// The district's table of schools as district and city roles see it: children meeting and not
/// meeting the term's minimum, and children who did and did not do every required group, each
/// with counts below `min_cell` hidden (and what would give them back,
/// [`junheng_core::student::suppress`]). Shares are shown only where both counts are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictView {
    /// The rows' schools.
    pub schools: Vec<SchoolCode>,
    /// Per school: [meeting, not meeting].
    pub meeting: Suppressed,
    /// Per school: [every required group done, not].
    pub covered: Suppressed,
}

/// The district's table of a term's compliance.
pub fn district_view(compliance: &Compliance, min_cell: u64) -> DistrictView {
    let rows = |f: fn(&Tally) -> u64| -> Vec<Vec<u64>> {
        compliance
            .schools
            .iter()
            .map(|s| vec![f(&s.tally), s.tally.students - f(&s.tally)])
            .collect()
    };
    DistrictView {
        schools: compliance
            .schools
            .iter()
            .map(|s| s.school.clone())
            .collect(),
        meeting: suppress(&rows(|t| t.students_meeting), min_cell),
        covered: suppress(&rows(|t| t.students_covered), min_cell),
    }
}
