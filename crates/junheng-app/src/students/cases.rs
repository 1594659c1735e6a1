//! 控辍保学 cases as the ministry describes them (standard.md §10, practices.md §6.2):
//!
//! * [`record_absence`]: an unexcused absence is an event, and opens a case at 缺勤待核 when the
//!   child has none open;
//! * [`refresh`]: the calendar's moves — 缺勤待核 past `suspect_days` school days becomes 疑似辍学,
//!   疑似辍学 past `dropout_days` days becomes 辍学 — and a 转出 with no 转入 within
//!   `transfer_days` opens a case at 疑似辍学 (疑似失学); each written as a step by `system`;
//! * [`act`]: a move someone records (核实为正当缺勤, 复学 销号, 其他合法情形), checked by the engine;
//! * [`attempt`]: a 劝返 attempt, which moves a 疑似辍学 or 辍学 case to 劝返中;
//! * [`watch_list`]: every open case with the child's risk score and level, the days in its
//!   state, SLA breaches and the next action.

use std::collections::HashMap;

use junheng_core::date::days_from_civil;
use junheng_core::school::SchoolCode;
use junheng_core::student::{
    DropoutEvent, DropoutSettings, DropoutState, Risk, RiskFactors, RiskWeights, escalate, risk,
    school_days, transition,
};
use junheng_store::{
    Actor, DistrictStore, DropoutCase, EventKind, NewAttempt, NewStudentEvent, RegistryEntry,
    StoreError, StudentEvent,
};
use serde::Serialize;

use super::Refused;
use super::who::may_keep_cases;
use crate::pairings::Caller;

/// Days since 1970-01-01 of a `YYYY-MM-DD` day.
pub fn day_number(day: &str) -> Option<i64> {
    let y: i64 = day.get(..4)?.parse().ok()?;
    let m: u32 = day.get(5..7)?.parse().ok()?;
    let d: u32 = day.get(8..10)?.parse().ok()?;
    junheng_core::date::is_real_day(y, m, d).then(|| days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number.
pub fn day_text(n: i64) -> String {
    let (y, m, d) = junheng_core::date::civil_from_days(n);
    format!("{y:04}-{m:02}-{d:02}")
}

fn bad_day() -> Refused {
    Refused::Store(StoreError::invalid("日期应写作 YYYY-MM-DD"))
}

/// What [`refresh`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Refreshed {
    /// Cases the calendar moved.
    pub escalated: u64,
    /// Cases opened for a 转出 with no 转入.
    pub opened: u64,
}

/// The 转出 dated on or before `before`, unconfirmed and never followed by the child's 转入, that
/// no case covers: the child has no open case and none opened on or after the transfer (one
/// closed since — 复学, 其他合法情形 — resolved it). Each is a 疑似失学 still to open.
pub async fn uncovered_transfers(
    store: &DistrictStore,
    before: &str,
) -> Result<Vec<junheng_store::StudentEvent>, StoreError> {
    let mut latest: HashMap<i64, (bool, String)> = HashMap::new();
    for c in store.dropout_cases(false, None).await? {
        let e = latest.entry(c.student).or_insert((false, String::new()));
        e.0 |= c.closed_on.is_none();
        if c.opened_on > e.1 {
            e.1 = c.opened_on;
        }
    }
    Ok(store
        .unmatched_transfers(before)
        .await?
        .into_iter()
        .filter(|t| {
            !latest
                .get(&t.student)
                .is_some_and(|(open, opened)| *open || *opened >= t.on_date)
        })
        .collect())
}

/// Applies the calendar on `today` (`YYYY-MM-DD`) to the district's open cases, and opens a case
/// for every unconfirmed 转出 older than `transfer_days` with no 转入 that no case covers
/// ([`uncovered_transfers`]). Written by `system`; running it twice changes nothing the second
/// time.
pub async fn refresh(
    store: &DistrictStore,
    today: &str,
    settings: &DropoutSettings,
) -> Result<Refreshed, Refused> {
    let now = day_number(today).ok_or_else(bad_day)?;
    let system = Actor::system();
    let mut done = Refreshed::default();
    for case in store.dropout_cases(true, None).await? {
        let mut state = case.state;
        let mut since = day_number(&case.state_since).unwrap_or(now);
        // A case may move twice at once (缺勤待核 → 疑似辍学 → 辍学) when long unattended.
        while let Some(next) = escalate(state, since, now, settings) {
            let on = match next {
                DropoutState::Suspected => {
                    since + first_day_past(since, i64::from(settings.suspect_days))
                }
                _ => since + i64::from(settings.dropout_days) + 1,
            }
            .min(now);
            let reason = match next {
                DropoutState::Suspected => format!(
                    "无故缺勤超过 {} 个教学日未核实返校（系统按日历升级）",
                    settings.suspect_days
                ),
                _ => format!(
                    "疑似辍学超过 {} 天未返校（系统按日历升级）",
                    settings.dropout_days
                ),
            };
            match store
                .move_case(case.id, state, next, &day_text(on), &reason, &system)
                .await
            {
                Ok(()) => done.escalated += 1,
                // Someone moved it meanwhile: their move stands.
                Err(StoreError::Conflict(_)) => break,
                Err(e) => return Err(e.into()),
            }
            state = next;
            since = on;
        }
    }
    let before = day_text(now - i64::from(settings.transfer_days));
    for t in uncovered_transfers(store, &before).await? {
        let reason = format!(
            "{} 转出后 {} 天内未见转入（疑似失学）",
            t.on_date, settings.transfer_days
        );
        match store
            .open_case(
                t.student,
                &t.school,
                DropoutState::Suspected,
                today,
                &reason,
                &system,
            )
            .await
        {
            Ok(_) => done.opened += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(done)
}

/// Days after `since` until more than `n` school days have passed.
fn first_day_past(since: i64, n: i64) -> i64 {
    (1..)
        .find(|d| school_days(since, since + d) > n)
        .unwrap_or(1)
}

/// Records `days` of unexcused absence of `student` (grade `grade`) at `school` from `on`, and
/// opens a case at 缺勤待核 when the child has none open. Returns the open case's id.
#[allow(clippy::too_many_arguments)]
pub async fn record_absence(
    store: &DistrictStore,
    caller: &Caller<'_>,
    student: i64,
    school: &SchoolCode,
    grade: u8,
    on: &str,
    days: u32,
    note: &str,
) -> Result<i64, Refused> {
    if !may_keep_cases(caller, school) {
        return Err(Refused::Denied);
    }
    let actor = caller.actor();
    store
        .add_student_events(
            &[NewStudentEvent {
                student,
                school: school.clone(),
                kind: EventKind::Absence,
                on_date: on.to_owned(),
                grade,
                other_place: String::new(),
                confirmed: false,
                days,
                note: note.to_owned(),
            }],
            &actor,
        )
        .await?;
    if let Some(open) = store
        .cases_of(student)
        .await?
        .into_iter()
        .find(|c| c.closed_on.is_none())
    {
        return Ok(open.id);
    }
    Ok(store
        .open_case(
            student,
            school,
            DropoutState::AbsencePending,
            on,
            &format!("无故缺勤 {days} 天"),
            &actor,
        )
        .await?)
}

/// The case `id` if `caller` may keep it.
async fn kept(store: &DistrictStore, caller: &Caller<'_>, id: i64) -> Result<DropoutCase, Refused> {
    let (case, ..) = store.dropout_case(id).await?;
    if may_keep_cases(caller, &case.school) {
        Ok(case)
    } else {
        Err(Refused::Denied)
    }
}

/// Records `event` of case `id` on `on` with `reason`, as the state machine allows.
pub async fn act(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    event: DropoutEvent,
    on: &str,
    reason: &str,
) -> Result<DropoutState, Refused> {
    let case = kept(store, caller, id).await?;
    day_number(on).ok_or_else(bad_day)?;
    let next = transition(case.state, event)
        .map_err(|e| Refused::Store(StoreError::Conflict(e.to_string())))?;
    store
        .move_case(id, case.state, next, on, reason, &caller.actor())
        .await?;
    Ok(next)
}

/// Sets the owner and plan of case `id`.
pub async fn plan(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    owner: &str,
    plan: &str,
) -> Result<(), Refused> {
    kept(store, caller, id).await?;
    Ok(store.plan_case(id, owner, plan, &caller.actor()).await?)
}

/// Records a 劝返 attempt of case `id`; a case at 疑似辍学 or 辍学 moves to 劝返中.
pub async fn attempt(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    a: &NewAttempt,
) -> Result<DropoutState, Refused> {
    let case = kept(store, caller, id).await?;
    let actor = caller.actor();
    store.add_attempt(id, a, &actor).await?;
    if matches!(case.state, DropoutState::Suspected | DropoutState::Dropout) {
        let next = transition(case.state, DropoutEvent::Persuade)
            .map_err(|e| Refused::Store(StoreError::Conflict(e.to_string())))?;
        store
            .move_case(id, case.state, next, &a.on_date, "开始劝返", &actor)
            .await?;
        return Ok(next);
    }
    Ok(case.state)
}

/// A line of the watch list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Watch {
    /// The case.
    pub case: DropoutCase,
    /// The child's grade and class (from the latest registry).
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// The risk score, level and reasons.
    pub risk: Risk,
    /// Days in the current state.
    pub days_in_state: i64,
    /// The SLA breached, if any (in Chinese).
    pub breach: Option<String>,
    /// What to do next.
    pub next_action: &'static str,
    /// 劝返 attempts recorded.
    pub attempts: u32,
}

/// The risk factors of a child from their registry entry and events; the inputs of
/// capabilities not built (exams, mental health, discipline) count as absent — the page says
/// they are 未接入.
pub fn factors(
    entry: Option<&RegistryEntry>,
    events: &[&StudentEvent],
    year: i32,
    today: i64,
) -> RiskFactors {
    let mut f = RiskFactors::default();
    if let Some(e) = entry {
        let birth_year: i32 = e
            .birth_month
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(year);
        // 6 by 1 September of grade 1: the age of grade g is g + 5.
        let age = year - birth_year;
        f.overage_years = u32::try_from(age - (i32::from(e.grade) + 5)).unwrap_or(0);
        let fl = e.flags;
        f.poverty = fl.poverty || fl.dibao || fl.hardship;
        f.unsupported = fl.unsupported || fl.orphan;
        f.left_behind = fl.left_behind;
        f.disabled = e
            .disability
            .is_some_and(|(_, p)| p != junheng_core::student::Placement::HomeTeaching);
    }
    let two_years_ago = today - 730;
    let moves = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::TransferIn | EventKind::TransferOut))
        .filter(|e| day_number(&e.on_date).is_some_and(|d| d >= two_years_ago))
        .count();
    f.mobile = moves >= 2;
    f.repeated = events.iter().any(|e| e.kind == EventKind::Suspend);
    let absences: Vec<&&StudentEvent> = events
        .iter()
        .filter(|e| e.kind == EventKind::Absence && e.year == year)
        .collect();
    f.consecutive_absence_days = absences.last().map_or(0, |e| e.days);
    let days: u32 = absences.iter().map(|e| e.days).sum();
    let year_start = days_from_civil(i64::from(year), 9, 1);
    let taught = school_days(year_start, today.max(year_start + 1)).max(1);
    f.absence_per_mille = u32::try_from(i64::from(days) * 1000 / taught).unwrap_or(u32::MAX);
    f
}

fn next_action(state: DropoutState) -> &'static str {
    match state {
        DropoutState::AbsencePending => "当日核实缺勤原因（班主任联系家长）",
        DropoutState::Suspected => "家访，查明原因并开始劝返",
        DropoutState::Dropout => "制定一人一案，开展劝返",
        DropoutState::Persuading => "持续劝返并记录每次劝返；返校后登记复学销号",
        _ => "—",
    }
}

/// The open cases (of `school`, or all) on `today` with the child's risk, the days in state,
/// SLA breaches and the next action — highest risk first. Names are not here: a caller who may
/// read them opens them with `DistrictStore::named_students` (which records the read).
pub async fn watch_list(
    store: &DistrictStore,
    school: Option<&SchoolCode>,
    today: &str,
    settings: &DropoutSettings,
    weights: &RiskWeights,
) -> Result<Vec<Watch>, Refused> {
    let now = day_number(today).ok_or_else(bad_day)?;
    let year = junheng_store::school_year(today).ok_or_else(bad_day)?;
    let cases = store.dropout_cases(true, school).await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.student).collect();
    let entries = store.latest_entries(&ids).await?;
    let events = store.events_of(&ids).await?;
    let mut by_child: HashMap<i64, Vec<&StudentEvent>> = HashMap::new();
    for e in &events {
        by_child.entry(e.student).or_default().push(e);
    }
    let attempts = store.open_case_attempts().await?;
    let mut list: Vec<Watch> = cases
        .into_iter()
        .map(|case| {
            let entry = entries.get(&case.student).map(|(_, _, e)| e);
            let evs = by_child.get(&case.student).map_or(&[][..], Vec::as_slice);
            let r = risk(&factors(entry, evs, year, now), case.state, weights);
            let since = day_number(&case.state_since).unwrap_or(now);
            let days_in_state = now - since;
            let tried = attempts.get(&case.id).copied().unwrap_or(0);
            let breach = match case.state {
                DropoutState::AbsencePending
                    if days_in_state * 24 > i64::from(settings.verify_sla_hours) =>
                {
                    Some(format!("缺勤超过 {} 小时未核实", settings.verify_sla_hours))
                }
                DropoutState::Suspected | DropoutState::Dropout
                    if tried == 0 && days_in_state > i64::from(settings.visit_days) =>
                {
                    Some(format!("超过 {} 天未家访劝返", settings.visit_days))
                }
                _ => None,
            };
            Watch {
                grade: entry.map_or(0, |e| e.grade),
                class: entry.map(|e| e.class.clone()).unwrap_or_default(),
                risk: r,
                days_in_state,
                breach,
                next_action: next_action(case.state),
                attempts: tried,
                case,
            }
        })
        .collect();
    list.sort_by(|a, b| {
        b.risk
            .level
            .cmp(&a.risk.level)
            .then(b.risk.score.cmp(&a.risk.score))
            .then(a.case.id.cmp(&b.case.id))
    });
    Ok(list)
}
