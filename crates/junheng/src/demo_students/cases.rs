//! The demo's 控辍保学: four dozen cases dated back from the day the demo runs, so that the
//! watch list stands as a district would see it that day — absences waiting to be verified
//! (one past its 24 hours), 疑似辍学 (two of them 疑似失学: a 转出 never matched by a 转入), 辍学
//! with and without a plan, 劝返中 with their attempts, cases closed by 复学 (销号), by an excused
//! absence and by each lawful reason — and the accounts of those who keep them.
//!
//! The steps run in the order of their days, and the calendar's escalation runs on each of
//! those days, then on today: what the state machine shows is what the calendar and the people
//! did, as in a district.

use junheng_app::pairings::Caller;
use junheng_app::students::cases::{act, attempt, day_text, plan, record_absence, refresh};
use junheng_app::students::who::grade_label;
use junheng_core::student::{DropoutEvent, LawfulReason, StudentSettings};
use junheng_store::{
    Actor, DistrictId, DistrictStore, EventKind, NewAttempt, NewStudentEvent, Role, Scope, Store,
};

use super::{Setting, World, failed};
use crate::Failure;
use crate::platform::store_error;

/// What the demo made of cases.
pub(super) struct Made {
    pub cases: usize,
    pub open: usize,
    /// (login, what it is) of the demo's student accounts.
    pub logins: Vec<(String, String)>,
    pub password: String,
    /// The 班主任's class: school, grade, class.
    pub class_teacher: Option<(junheng_core::school::SchoolCode, u8, String)>,
}

/// What a case is to become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Absent today or lately, not yet verified.
    Pending,
    /// Absent for more than a week: 疑似辍学, nobody has been yet.
    Suspected,
    /// A 转出 never matched by a 转入 (疑似失学).
    LostTransfer,
    /// A 转出 too recent to be a case.
    RecentTransfer,
    /// Absent for over a month: 辍学; with a plan or not.
    Dropout { planned: bool },
    /// 劝返中, with attempts.
    Persuading,
    /// Back after 劝返 (销号).
    ReturnedAfter,
    /// Back within days (销号).
    ReturnedQuick,
    /// The absence was excused.
    Excused,
    /// Closed for a lawful reason.
    Lawful(LawfulReason),
}

/// The stories and how many days ago each began.
fn stories(rng: &mut junheng_core::demo::Rng) -> Vec<(Story, i64)> {
    let mut out = Vec::new();
    let mut add =
        |story: Story, n: usize, from: u32, to: u32, rng: &mut junheng_core::demo::Rng| {
            for _ in 0..n {
                out.push((story, i64::from(rng.int(from, to))));
            }
        };
    add(Story::Pending, 4, 0, 1, rng);
    add(Story::Pending, 2, 2, 2, rng);
    add(Story::Suspected, 6, 10, 22, rng);
    add(Story::LostTransfer, 2, 33, 45, rng);
    add(Story::RecentTransfer, 1, 8, 15, rng);
    add(Story::Dropout { planned: true }, 4, 48, 75, rng);
    add(Story::Dropout { planned: false }, 2, 48, 75, rng);
    add(Story::Persuading, 8, 25, 90, rng);
    add(Story::ReturnedAfter, 5, 60, 150, rng);
    add(Story::ReturnedQuick, 3, 20, 200, rng);
    add(Story::Excused, 2, 5, 60, rng);
    for reason in LawfulReason::ALL {
        add(Story::Lawful(reason), 2, 20, 150, rng);
    }
    out
}

/// One dated step of a story.
enum Step {
    Absence(u32),
    Attempt(&'static str),
    Plan(&'static str),
    Act(DropoutEvent, &'static str),
    Event(EventKind, &'static str, bool),
    /// Nothing but the calendar's run of that day.
    Calendar,
}

/// The steps of a story that began `ago` days before `today` (day numbers).
fn steps(story: Story, ago: i64, today: i64) -> Vec<(i64, Step)> {
    let start = today - ago;
    let mut s = Vec::new();
    let days = if ago <= 2 { 1 + u32::from(ago == 2) } else { 5 };
    match story {
        Story::Pending => s.push((start, Step::Absence(days))),
        Story::Suspected => s.push((start, Step::Absence(days))),
        Story::LostTransfer | Story::RecentTransfer => {
            s.push((
                start,
                Step::Event(
                    EventKind::TransferOut,
                    "外省（家长称已联系学校，未办理转入）",
                    false,
                ),
            ));
            // The day after the 30 days, the calendar opens the case (疑似失学).
            s.push((start + 31, Step::Calendar));
        }
        Story::Dropout { planned } => {
            s.push((start, Step::Absence(days)));
            if planned {
                s.push((
                    start + 45,
                    Step::Plan("一人一案：家访劝返，联系镇村干部和家长共同做工作"),
                ));
            }
        }
        Story::Persuading => {
            s.push((start, Step::Absence(days)));
            // From 疑似辍学 (after a week) or from 辍学 (after a month more).
            let first = if ago > 60 { start + 45 } else { start + 12 };
            s.push((
                first,
                Step::Plan("一人一案：家访劝返，返校后安排学业帮扶和心理疏导"),
            ));
            s.push((first, Step::Attempt("家长答应做孩子工作，学生暂未返校")));
            for (k, outcome) in [
                (7, "学生有返校意愿，约定下周再访"),
                (14, "学生厌学情绪较重，联系心理教师共同疏导"),
            ] {
                if first + k <= today {
                    s.push((first + k, Step::Attempt(outcome)));
                }
            }
        }
        Story::ReturnedAfter => {
            s.push((start, Step::Absence(days)));
            s.push((
                start + 12,
                Step::Plan("一人一案：家访劝返，返校后安排学业帮扶"),
            ));
            s.push((start + 12, Step::Attempt("家长同意送孩子返校")));
            s.push((start + 19, Step::Attempt("学生同意返校，安排结对帮扶同学")));
            s.push((
                start + 30,
                Step::Act(DropoutEvent::Return, "学生已返校复学，班主任核实，销号"),
            ));
        }
        Story::ReturnedQuick => {
            s.push((start, Step::Absence(2)));
            s.push((
                start + 2,
                Step::Act(DropoutEvent::Return, "家访后学生次日返校，销号"),
            ));
        }
        Story::Excused => {
            s.push((start, Step::Absence(1)));
            s.push((
                start + 1,
                Step::Act(
                    DropoutEvent::Excused,
                    "核实为病假（有医院证明），属正当缺勤",
                ),
            ));
        }
        Story::Lawful(reason) => {
            s.push((start, Step::Absence(days)));
            let on = start + if ago > 60 { 15 } else { 3 };
            let (why, event) = match reason {
                LawfulReason::TransferConfirmed => (
                    "已转入外省学校，收到对方学校接收证明",
                    Some((EventKind::TransferOut, "浙江省宁波市某学校", true)),
                ),
                LawfulReason::HomeTeaching => ("经评估安排送教上门", None),
                LawfulReason::Suspension => (
                    "因病休学，已办理休学手续",
                    Some((EventKind::Suspend, "", false)),
                ),
                LawfulReason::Abroad => (
                    "随父母出国（境），已备案",
                    Some((EventKind::TransferOut, "出国（境）", true)),
                ),
                LawfulReason::Death => ("因病去世，已核实", Some((EventKind::Death, "", false))),
            };
            if let Some((kind, place, confirmed)) = event {
                s.push((on, Step::Event(kind, place, confirmed)));
            }
            s.push((on, Step::Act(DropoutEvent::Lawful { reason }, why)));
        }
    }
    s
}

/// The demo's cases, their accounts and what they keep (see the module documentation).
pub(super) async fn seed(
    store: &Store,
    data: &DistrictStore,
    w: &mut World<'_>,
    district: DistrictId,
    today_text: &str,
) -> Result<Made, Failure> {
    let today =
        junheng_app::students::cases::day_number(today_text).ok_or_else(|| failed("今天"))?;
    let settings = StudentSettings::default();
    // Children on the latest registry who can have a case: grades 3–8 but 6 (not about to
    // leave their school), risk factors first.
    let mut candidates: Vec<usize> = (0..w.kids.len())
        .filter(|&i| {
            let k = &w.kids[i];
            !k.gone
                && (3..=8).contains(&k.grade)
                && k.grade != 6
                && !w.schools[k.school].special
                && w.ids.contains_key(&k.pseudonym)
        })
        .collect();
    let weight = |i: &usize| {
        let f = w.kids[*i].child.family;
        u32::from(f.poverty || f.dibao) * 2
            + u32::from(f.left_behind) * 2
            + u32::from(f.unsupported || f.orphan) * 3
            + u32::from(w.kids[*i].child.hukou.migrant())
    };
    candidates.sort_by_key(|i| {
        std::cmp::Reverse((weight(i), w.kids[*i].child.number.expose().to_owned()))
    });
    // The school of the 关爱专干: a town or rural school with junior grades and many candidates.
    let care_school = candidates
        .iter()
        .map(|&i| w.kids[i].school)
        .find(|&s| w.schools[s].sizes[6] > 0 && w.schools[s].setting != Setting::Urban)
        .or_else(|| candidates.first().map(|&i| w.kids[i].school))
        .ok_or_else(|| failed("没有可开立个案的学生"))?;
    let mut at_school: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| w.kids[i].school == care_school)
        .collect();
    let mut elsewhere: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| w.kids[i].school != care_school)
        .take(400)
        .collect();
    let stories = stories(&mut w.synth.rng);
    // A third of the cases at the 关爱专干's school.
    let mut chosen: Vec<(usize, Story, i64)> = Vec::new();
    for (n, (story, ago)) in stories.into_iter().enumerate() {
        let pool = if n % 3 == 0 && !at_school.is_empty() {
            &mut at_school
        } else {
            &mut elsewhere
        };
        if pool.is_empty() {
            break;
        }
        let pick = w.synth.rng.int(0, (pool.len().min(60) - 1) as u32) as usize;
        chosen.push((pool.remove(pick), story, ago));
    }
    // Every step of every story, in the order of their days.
    let mut all: Vec<(i64, usize, Step)> = Vec::new();
    for (c, &(_, story, ago)) in chosen.iter().enumerate() {
        for (on, step) in steps(story, ago, today) {
            if on <= today {
                all.push((on, c, step));
            }
        }
    }
    all.sort_by_key(|(on, c, _)| (*on, *c));
    let keeper = Actor::new("kongchuo");
    let caller = Caller::Operator(&keeper);
    let mut case_of: Vec<Option<i64>> = vec![None; chosen.len()];
    let mut refreshed = None;
    for (on, c, step) in all {
        let day = day_text(on);
        if refreshed != Some(on) {
            refresh(data, &day, &settings.dropout)
                .await
                .map_err(failed)?;
            refreshed = Some(on);
        }
        let (kid, ..) = chosen[c];
        let k = &w.kids[kid];
        let id = w.ids[&k.pseudonym];
        let school = w.schools[k.school].record.code.clone();
        match step {
            Step::Absence(days) => {
                let case = record_absence(
                    data,
                    &caller,
                    id,
                    &school,
                    k.grade,
                    &day,
                    days,
                    "班主任点名发现，未请假",
                )
                .await
                .map_err(failed)?;
                case_of[c] = Some(case);
            }
            Step::Event(kind, place, confirmed) => {
                let event = NewStudentEvent {
                    student: id,
                    school,
                    kind,
                    on_date: day.clone(),
                    grade: k.grade,
                    other_place: place.to_owned(),
                    confirmed,
                    days: 0,
                    note: String::new(),
                };
                junheng_app::students::roster::record_events(data, &caller, &[event])
                    .await
                    .map_err(failed)?;
            }
            Step::Plan(text) => {
                if let Some(case) = case_of[c] {
                    let male = w.synth.rng.chance(0.4);
                    let owner = format!("{}（班主任）", w.synth.name(male));
                    plan(data, &caller, case, &owner, text)
                        .await
                        .map_err(failed)?;
                }
            }
            Step::Attempt(outcome) => {
                if let Some(case) = case_of[c] {
                    let by_whom = format!(
                        "班主任{}、村（社区）干部{}",
                        w.synth.name(false),
                        w.synth.name(true)
                    );
                    let a = NewAttempt {
                        on_date: day.clone(),
                        by_whom,
                        outcome: outcome.to_owned(),
                        note: "入户家访".to_owned(),
                    };
                    attempt(data, &caller, case, &a).await.map_err(failed)?;
                }
            }
            Step::Calendar => {}
            Step::Act(event, reason) => {
                if let Some(case) = case_of[c] {
                    act(data, &caller, case, event, &day, reason)
                        .await
                        .map_err(failed)?;
                }
            }
        }
    }
    refresh(data, today_text, &settings.dropout)
        .await
        .map_err(failed)?;
    let all_cases = data.dropout_cases(false, None).await.map_err(store_error)?;
    let open = all_cases.iter().filter(|c| c.closed_on.is_none()).count();
    // The accounts: a 关爱专干 of the school, a 班主任 of a class with a case there, the
    // district's 控辍保学专干 — each granted by the administrator and confirmed by a second.
    let school = &w.schools[care_school];
    let class_kid = chosen
        .iter()
        .find(|(k, story, _)| {
            w.kids[*k].school == care_school
                && matches!(
                    story,
                    Story::Persuading | Story::Suspected | Story::Dropout { .. }
                )
        })
        .or_else(|| {
            chosen
                .iter()
                .find(|(k, ..)| w.kids[*k].school == care_school)
        })
        .map(|(k, ..)| &w.kids[*k]);
    let class_teacher = class_kid.map(|k| (school.record.code.clone(), k.grade, k.class.clone()));
    let class = class_kid.map_or_else(
        || "七年级1班".to_owned(),
        |k| format!("{}{}", grade_label(k.grade), k.class),
    );
    let password = junheng_server::new_secret()[..12].to_owned();
    let accounts = vec![
        (
            "guanai",
            format!("{}关爱专干", school.record.name),
            Role::CareOfficer,
            Scope::School(school.record.code.clone()),
            format!("关爱专干，{}", school.record.name),
        ),
        (
            "banzhuren",
            format!("{}{class}班主任", school.record.name),
            Role::ClassTeacher,
            Scope::Class {
                school: school.record.code.clone(),
                class: class.clone(),
            },
            format!("班主任，{} {class}", school.record.name),
        ),
        (
            "kongchuo",
            "区控辍保学专干".to_owned(),
            Role::DropoutOfficer,
            Scope::District,
            "控辍保学专干，全区".to_owned(),
        ),
    ];
    let logins = crate::demo_health::accounts(store, district, &password, accounts).await?;
    Ok(Made {
        cases: all_cases.len(),
        open,
        logins,
        password,
        class_teacher,
    })
}
