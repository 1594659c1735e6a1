//! 四个一 reporting: the school's monthly report (学校一月一报告, named: the school's 关爱专干, the
//! district's 控辍保学专干) and the county's quarterly re-check (县区一季度一复核, no names), built
//! from the registry, the events and the cases and written by `junheng_io::student::report`.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use junheng_core::student::{DropoutState, StudentSettings};
use junheng_io::student::report::{
    CaseLine, GradeLine, MonthlyReport, QuarterlyReport, SchoolQuarterLine,
};
use junheng_store::{DistrictStore, EventKind, StoreError, StudentKeys};

use super::Refused;
use super::cases::{day_number, day_text, watch_list};
use super::who::{Sight, may_keep_cases, sight};
use crate::pairings::Caller;

/// The first and last day of a month `YYYY-MM`.
fn month_days(month: &str) -> Option<(String, String)> {
    let y: i64 = month.get(..4)?.parse().ok()?;
    let m: u32 = month.get(5..7)?.parse().ok()?;
    if month.len() != 7 || !(1..=12).contains(&m) {
        return None;
    }
    let last = junheng_core::date::days_in_month(y, m)?;
    Some((
        format!("{y:04}-{m:02}-01"),
        format!("{y:04}-{m:02}-{last:02}"),
    ))
}

/// The school's monthly report of `month` (`YYYY-MM`), as of `today`.
#[allow(clippy::too_many_arguments)]
pub async fn monthly(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    school: &SchoolCode,
    school_name: &str,
    month: &str,
    today: &str,
    settings: &StudentSettings,
) -> Result<MonthlyReport, Refused> {
    if !may_keep_cases(caller, school) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let (from, to) = month_days(month)
        .ok_or_else(|| Refused::Store(StoreError::invalid("月份应写作 YYYY-MM，例如 2025-03")))?;
    let year = junheng_store::school_year(&from).unwrap_or_default();
    let counts = store
        .current_registries(year, Some(school))
        .await?
        .first()
        .map(|f| f.counts)
        .unwrap_or_default();
    let mut grades: Vec<GradeLine> = (1..=9u8)
        .map(|g| GradeLine {
            grade: g,
            students: counts.grade(g).students,
            ..GradeLine::default()
        })
        .collect();
    for kind in EventKind::ALL {
        for e in store.events_between(kind, &from, &to).await? {
            if e.school != *school {
                continue;
            }
            let Some(line) = grades.get_mut(usize::from(e.grade).wrapping_sub(1)) else {
                continue;
            };
            let slot = match kind {
                EventKind::Enter => &mut line.entered,
                EventKind::TransferIn => &mut line.transferred_in,
                EventKind::TransferOut => &mut line.transferred_out,
                EventKind::Suspend => &mut line.suspended,
                EventKind::Resume => &mut line.resumed,
                EventKind::Dropout => &mut line.dropped_out,
                EventKind::Death => &mut line.died,
                EventKind::Absence => &mut line.absences,
                EventKind::Graduate => continue,
            };
            *slot += 1;
        }
    }
    // Grades the school does not have (no student, no event) are left out.
    grades.retain(|g| {
        *g != GradeLine {
            grade: g.grade,
            ..GradeLine::default()
        }
    });
    let watch = watch_list(
        store,
        Some(school),
        today,
        &settings.dropout,
        &settings.risk,
    )
    .await?;
    let closed: Vec<_> = store
        .dropout_cases(false, Some(school))
        .await?
        .into_iter()
        .filter(|c| {
            c.closed_on
                .as_deref()
                .is_some_and(|d| d >= from.as_str() && d <= to.as_str())
        })
        .collect();
    let ids: Vec<i64> = watch
        .iter()
        .map(|w| w.case.student)
        .chain(closed.iter().map(|c| c.student))
        .collect();
    let named: HashMap<i64, (String, String)> = store
        .named_students(
            keys,
            &ids,
            &caller.actor(),
            &format!("学校控辍保学月报 {school} {month}"),
        )
        .await?
        .into_iter()
        .map(|n| (n.id, (n.name, n.number_masked)))
        .collect();
    let entries = store.latest_entries(&ids).await?;
    let mut cases = Vec::new();
    for w in &watch {
        let (_, _, attempts) = store.dropout_case(w.case.id).await?;
        cases.push(case_line(
            &w.case,
            named.get(&w.case.student),
            w.grade,
            &w.class,
            w.risk.level.label(),
            attempts.last().map(|a| a.on_date.clone()),
            u32::try_from(attempts.len()).unwrap_or(u32::MAX),
            w.breach.is_some(),
        ));
    }
    for c in &closed {
        let (_, _, attempts) = store.dropout_case(c.id).await?;
        let entry = entries.get(&c.student).map(|(_, _, e)| e);
        cases.push(case_line(
            c,
            named.get(&c.student),
            entry.map_or(0, |e| e.grade),
            entry.map_or("", |e| e.class.as_str()),
            "—",
            attempts.last().map(|a| a.on_date.clone()),
            u32::try_from(attempts.len()).unwrap_or(u32::MAX),
            false,
        ));
    }
    Ok(MonthlyReport {
        school_code: school.to_string(),
        school_name: school_name.to_owned(),
        month: month.to_owned(),
        grades,
        cases,
        generated_at: today.to_owned(),
    })
}

#[allow(clippy::too_many_arguments)]
fn case_line(
    case: &junheng_store::DropoutCase,
    named: Option<&(String, String)>,
    grade: u8,
    class: &str,
    level: &str,
    last_attempt: Option<String>,
    attempts: u32,
    overdue: bool,
) -> CaseLine {
    CaseLine {
        number_masked: named.map(|n| n.1.clone()).unwrap_or_default(),
        name: named.map(|n| n.0.clone()).unwrap_or_default(),
        grade,
        class: class.to_owned(),
        state: case.state.text(),
        since: case.state_since.clone(),
        risk_level: level.to_owned(),
        owner: case.owner.clone(),
        plan: case.plan.clone(),
        attempts,
        last_attempt: last_attempt.unwrap_or_default(),
        overdue,
    }
}

/// The county's quarterly re-check of quarter `q` (1–4) of calendar year `year`, as of
/// `today`: per school, no names. `names`: school code → name.
#[allow(clippy::too_many_arguments)]
pub async fn quarterly(
    store: &DistrictStore,
    caller: &Caller<'_>,
    district_name: &str,
    year: i32,
    q: u8,
    today: &str,
    settings: &StudentSettings,
    names: &HashMap<SchoolCode, String>,
) -> Result<QuarterlyReport, Refused> {
    if !matches!(sight(caller), Sight::Everything | Sight::Cases) {
        return Err(Refused::Denied);
    }
    if !(1..=4).contains(&q) {
        return Err(Refused::Store(StoreError::invalid("季度应为 1 到 4")));
    }
    let first_month = u32::from(q) * 3 - 2;
    let from = format!("{year:04}-{first_month:02}-01");
    let to = month_days(&format!("{year:04}-{:02}", first_month + 2))
        .map(|(_, last)| last)
        .unwrap_or_default();
    let registry_year = junheng_store::school_year(&to).unwrap_or(year);
    let mut lines: std::collections::BTreeMap<SchoolCode, SchoolQuarterLine> = store
        .current_registries(registry_year, None)
        .await?
        .into_iter()
        .map(|f| {
            (
                f.school.clone(),
                SchoolQuarterLine {
                    school_code: f.school.to_string(),
                    school_name: names
                        .get(&f.school)
                        .cloned()
                        .unwrap_or_else(|| f.school.to_string()),
                    students: f.counts.total(None).students,
                    ..SchoolQuarterLine::default()
                },
            )
        })
        .collect();
    let watch = watch_list(store, None, today, &settings.dropout, &settings.risk).await?;
    for w in &watch {
        let l = entry(&mut lines, &w.case.school, names);
        l.open_cases += 1;
        match w.case.state {
            DropoutState::AbsencePending => l.absence_pending += 1,
            DropoutState::Suspected => l.suspected += 1,
            DropoutState::Dropout => l.dropout += 1,
            DropoutState::Persuading => l.persuading += 1,
            _ => {}
        }
        l.overdue += u64::from(w.breach.is_some());
    }
    for c in store.dropout_cases(false, None).await? {
        let Some(closed) = c.closed_on.as_deref() else {
            continue;
        };
        if closed < from.as_str() || closed > to.as_str() {
            continue;
        }
        let l = entry(&mut lines, &c.school, names);
        match c.state {
            DropoutState::Returned => l.returned += 1,
            DropoutState::Lawful(_) => l.lawful += 1,
            _ => {}
        }
    }
    let now = day_number(today).unwrap_or_default();
    let before = day_text(now - i64::from(settings.dropout.transfer_days));
    for t in super::cases::uncovered_transfers(store, &before).await? {
        entry(&mut lines, &t.school, names).unmatched_transfers += 1;
    }
    let schools: Vec<SchoolQuarterLine> = lines
        .into_values()
        .map(|mut l| {
            l.zero = l.open_cases == 0 && l.unmatched_transfers == 0;
            l
        })
        .collect();
    Ok(QuarterlyReport {
        district_name: district_name.to_owned(),
        quarter: format!("{year}年第{q}季度"),
        schools,
        generated_at: today.to_owned(),
    })
}

/// The line of `school`, added when the registry of the year does not list it.
fn entry<'a>(
    lines: &'a mut std::collections::BTreeMap<SchoolCode, SchoolQuarterLine>,
    school: &SchoolCode,
    names: &HashMap<SchoolCode, String>,
) -> &'a mut SchoolQuarterLine {
    lines
        .entry(school.clone())
        .or_insert_with(|| SchoolQuarterLine {
            school_code: school.to_string(),
            school_name: names
                .get(school)
                .cloned()
                .unwrap_or_else(|| school.to_string()),
            ..SchoolQuarterLine::default()
        })
}
