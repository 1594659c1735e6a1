//! The 三线 of the review: the units' totals (or `G` for groups) placed by the bands engine.

use std::collections::BTreeMap;
use std::fmt;

use super::{GroupComposite, UnitReview};
use crate::bands::{BandPolicy, Outcome, PastPeriod, PlaceError, Placement, place};

/// A result that gives one value to place in the 三线.
pub trait Measured {
    /// The value, `None` when 未接入.
    fn measured(&self) -> Option<f64>;
}

impl Measured for UnitReview {
    /// The 考核总分.
    fn measured(&self) -> Option<f64> {
        self.total
    }
}

impl<K> Measured for GroupComposite<K> {
    /// `G`.
    fn measured(&self) -> Option<f64> {
        self.value
    }
}

impl Measured for Option<f64> {
    /// The value itself.
    fn measured(&self) -> Option<f64> {
        *self
    }
}

/// Places this year's results in the 三线 with [`crate::bands::place`]: the schools' totals, or
/// the groups' `G` (place schools and groups separately: their lines are different statistics).
///
/// `history` holds the earlier years' entries, oldest first, the last being last year
/// ([`past_period`] turns an earlier year's placement into one); it serves self baselines and the
/// consecutive years at the 警戒线 that escalate. The placement gives each unit its band, the
/// lines used and its escalation level; a unit whose value is 未接入 is never placed.
///
/// ```
/// use std::collections::BTreeMap;
/// use junheng_core::bands::{Band, BandPolicy, EscalationLevel, Outcome};
/// use junheng_core::review::{past_period, place_reviews};
/// let policy = BandPolicy::default();
/// let year = |d: f64| -> BTreeMap<&str, Option<f64>> {
///     [("甲校", Some(90.0)), ("乙校", Some(85.0)), ("丙校", Some(80.0)), ("丁校", Some(d))].into()
/// };
/// let last = place_reviews(&policy, &year(30.0), &[]).unwrap();
/// let now = place_reviews(&policy, &year(35.0), &[past_period(&last)]).unwrap();
/// let Outcome::Placed(d) = &now.unit(&"丁校").unwrap().outcome else { unreachable!() };
/// assert_eq!((d.band, d.warning_periods), (Band::Warning, 2));
/// assert_eq!(d.escalation, Some(EscalationLevel::Interview));
/// ```
pub fn place_reviews<K: Ord + Clone + fmt::Display, T: Measured>(
    policy: &BandPolicy,
    current: &BTreeMap<K, T>,
    history: &[BTreeMap<K, PastPeriod>],
) -> Result<Placement<K>, PlaceError> {
    let values: BTreeMap<K, Option<f64>> = current
        .iter()
        .map(|(k, r)| (k.clone(), r.measured()))
        .collect();
    place(policy, &values, history)
}

/// One year's placement as an entry of the history of later years.
pub fn past_period<K: Ord + Clone>(placement: &Placement<K>) -> BTreeMap<K, PastPeriod> {
    placement
        .units
        .iter()
        .map(|u| {
            let past = match &u.outcome {
                Outcome::Placed(p) => PastPeriod {
                    value: Some(p.value),
                    band: Some(p.band),
                },
                Outcome::NoValue => PastPeriod::default(),
            };
            (u.unit.clone(), past)
        })
        .collect()
}
