//! Named reads, each recorded: a school's (or class's) list of children for its care role, one
//! child's record (registry entries, events, cases and who read it), the named children of the
//! ledgers and the watch list for whoever keeps the cases — and the writes of events, inputs
//! and retention with their checks.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use junheng_core::student::StudentSettings;
use junheng_store::{
    AccessEntry, DistrictStore, DropoutCase, NamedStudent, NewStudentEvent, Reduced, RegistryEntry,
    StoreError, StudentEvent, StudentKeys,
};
use serde::Serialize;

use super::Refused;
use super::cases::{day_number, day_text};
use super::who::{Sight, may_administer, may_import, sight};
use crate::pairings::Caller;

/// A child of a list, with their name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// The registry entry.
    pub entry: RegistryEntry,
    /// Name and masked 学籍号.
    pub named: NamedStudent,
}

/// The children of `school`'s registry of `year` that `caller` may read by name (a 班主任: their
/// class), opened and recorded as read on `what` (the page or the file). Refused for a caller
/// who sees no name of the school.
pub async fn roster(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    school: &SchoolCode,
    year: i32,
    what: &str,
) -> Result<Vec<Named>, Refused> {
    let sight = sight(caller);
    let mine = match &sight {
        Sight::Everything => true,
        Sight::School { school: s, .. } => s == school,
        _ => false,
    };
    if !mine {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let Some(file) = store.current_registries(year, Some(school)).await?.pop() else {
        return Ok(Vec::new());
    };
    let entries: Vec<RegistryEntry> = store
        .registry(file.id)
        .await?
        .into_iter()
        .filter(|e| sight.names_at(school, e.grade, &e.class))
        .collect();
    let ids: Vec<i64> = entries.iter().map(|e| e.student).collect();
    let named = store
        .named_students(keys, &ids, &caller.actor(), what)
        .await?;
    Ok(entries
        .into_iter()
        .zip(named)
        .map(|(entry, named)| Named { entry, named })
        .collect())
}

/// One child's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Name and masked 学籍号.
    pub named: NamedStudent,
    /// Where the latest registry lists them: school, year, entry.
    pub place: Option<(SchoolCode, i32, RegistryEntry)>,
    /// Their events, oldest first.
    pub events: Vec<StudentEvent>,
    /// Their cases, newest first.
    pub cases: Vec<DropoutCase>,
    /// Who read their name, newest first.
    pub access: Vec<AccessEntry>,
}

/// A child's record for `caller`, recorded as read on `what`. Readable by the care roles of the
/// child's school (a 班主任: of their class), and by whoever keeps the cases when the child has
/// a case; anyone else is refused — and so is a child the district does not know.
pub async fn record(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    student: i64,
    what: &str,
) -> Result<Record, Refused> {
    let sight = sight(caller);
    let place = store.latest_entries(&[student]).await?.remove(&student);
    let cases = store.cases_of(student).await?;
    let allowed = match &place {
        Some((school, _, e)) => {
            sight.names_at(school, e.grade, &e.class)
                || (!cases.is_empty() && cases.iter().any(|c| sight.cases_at(&c.school)))
        }
        None => !cases.is_empty() && cases.iter().any(|c| sight.cases_at(&c.school)),
    };
    if !allowed {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let named = store
        .named_students(keys, &[student], &caller.actor(), what)
        .await?
        .pop()
        .ok_or(Refused::Store(StoreError::NotFound("这名学生")))?;
    Ok(Record {
        named,
        place,
        events: store.student_events(student).await?,
        cases,
        access: store.student_access(student, 50).await?,
    })
}

/// The names of the children of `cases` for a caller who keeps them (the others are left out),
/// recorded as read on `what`: child → name and masked 学籍号.
pub async fn case_names(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    cases: &[&DropoutCase],
    what: &str,
) -> Result<HashMap<i64, NamedStudent>, Refused> {
    let sight = sight(caller);
    let ids: Vec<i64> = cases
        .iter()
        .filter(|c| sight.cases_at(&c.school))
        .map(|c| c.student)
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    Ok(store
        .named_students(keys, &ids, &caller.actor(), what)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect())
}

/// Records events of children of `school` (a 转出, 毕业 …) for a caller who may import the
/// school's registry; an unexcused absence goes through `cases::record_absence`.
pub async fn record_events(
    store: &DistrictStore,
    caller: &Caller<'_>,
    events: &[NewStudentEvent],
) -> Result<u64, Refused> {
    if events.iter().any(|e| !may_import(caller, &e.school)) {
        return Err(Refused::Denied);
    }
    Ok(store.add_student_events(events, &caller.actor()).await?)
}

/// Sets an input of the rates (`population` or `disabled`) of `year`.
pub async fn set_input(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    name: &str,
    value: u64,
    source: &str,
) -> Result<(), Refused> {
    if !may_administer(caller) {
        return Err(Refused::Denied);
    }
    Ok(store
        .set_student_input(year, name, value, source, &caller.actor())
        .await?)
}

/// The day before which a child must have left to be reduced in `month` (`YYYY-MM`): the last
/// day of the month, `retention_months` earlier.
pub fn retention_cutoff(month: &str, settings: &StudentSettings) -> Option<String> {
    let y: i64 = month.get(..4)?.parse().ok()?;
    let m: i64 = month.get(5..7)?.parse().ok()?;
    if month.len() != 7 || !(1..=12).contains(&m) {
        return None;
    }
    let total = y * 12 + (m - 1) - i64::from(settings.retention_months);
    let (cy, cm) = (
        total.div_euclid(12),
        u32::try_from(total.rem_euclid(12) + 1).ok()?,
    );
    let last = junheng_core::date::days_in_month(cy, cm)?;
    let day = format!("{cy:04}-{cm:02}-{last:02}");
    day_number(&day).map(day_text)
}

/// The retention of `month`: what would be reduced (`apply` false) or what was (`apply` true),
/// and the cut-off day.
pub async fn retention(
    store: &DistrictStore,
    caller: &Caller<'_>,
    month: &str,
    settings: &StudentSettings,
    apply: bool,
) -> Result<(String, Reduced), Refused> {
    if !may_administer(caller) {
        return Err(Refused::Denied);
    }
    let cutoff = retention_cutoff(month, settings)
        .ok_or_else(|| Refused::Store(StoreError::invalid("月份应写作 YYYY-MM，例如 2025-07")))?;
    let reduced = if apply {
        store.reduce_students(&cutoff, &caller.actor()).await?
    } else {
        store.retention_report(&cutoff).await?
    };
    Ok((cutoff, reduced))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_the_end_of_the_month_retention_months_before() {
        let s = StudentSettings::default();
        assert_eq!(
            retention_cutoff("2027-07", &s).as_deref(),
            Some("2024-07-31")
        );
        assert_eq!(
            retention_cutoff("2027-02", &s).as_deref(),
            Some("2024-02-29")
        );
        let one = StudentSettings {
            retention_months: 12,
            ..s
        };
        assert_eq!(
            retention_cutoff("2025-01", &one).as_deref(),
            Some("2024-01-31")
        );
        assert_eq!(retention_cutoff("2025-13", &s), None);
        assert_eq!(retention_cutoff("2025-1", &s), None);
    }
}
