//! 三个课堂 usage: sessions imported from a file (all or nothing) or entered one at a time, each
//! checked against the district — its schools must be schools of the statistics, and a 同步课堂
//! must stay inside one 教育集团 on its day — and the usage of a school year per receiving
//! school and subject (`junheng_core::classroom::usage`), for the server and the command line.
//! Who may see and write is [`crate::pairings`]' ([`Reach`], [`crate::pairings::may_write`]).
//!
//! Every problem of a file is reported at once with its sheet, row, column and value and a
//! stable `classroom.*` code ([`junheng_io::classroom::codes`]); nothing is written then.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use junheng_core::classroom::{ClassroomKind, Received, usage as compute};
use junheng_core::pairing::school_year_days;
use junheng_core::school::SchoolCode;
use junheng_io::classroom::{Giver as FileGiver, SessionFile, SessionLine, codes, columns};
use junheng_io::school::{ImportFailure, Issue};
use junheng_store::{
    ClassroomImport, ClassroomSession, DistrictStore, Giver, NewClassroomSession, StoreError,
};
use sha2::{Digest, Sha256};

pub use junheng_core::classroom::{LessonPlan, Scheduled, Schools, SubjectUsage};

use crate::pairings::{Caller, Reach, Refused, known_schools, may_write, problem};

/// Reads a session file (checked by `junheng_io::classroom`) within `limits`: every problem,
/// located, as [`Refused::Problems`].
pub fn read(
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
) -> Result<SessionFile, Refused> {
    junheng_io::classroom::read_sessions_with(bytes, file_name, limits).map_err(Refused::Problems)
}

/// SHA-256 of a file's bytes, lower-case hex (a file is imported once).
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A session as the store takes it.
fn new_session(line: &SessionLine) -> NewClassroomSession {
    NewClassroomSession {
        kind: line.kind,
        giver: match &line.giver {
            FileGiver::School(code) => Giver::School { code: code.clone() },
            FileGiver::Outside(name) => Giver::Outside { name: name.clone() },
        },
        receiver: line.receiver.clone(),
        subject: line.subject.clone(),
        held_on: line.held_on.clone(),
        minutes: line.minutes,
        note: line.note.clone(),
    }
}

/// Where a problem of one session is reported: a file's row, or a form's field.
fn at(
    file: Option<&SessionFile>,
    row: usize,
    code: &'static str,
    column: &str,
    value: String,
    message: String,
) -> Issue {
    match file {
        Some(f) => f.issue(code, row, column, Some(value), message),
        None => problem(code, column, value, message),
    }
}

/// The district's checks of sessions (its schools, its groups): every problem.
async fn check(
    store: &DistrictStore,
    sessions: &[(usize, &NewClassroomSession)],
    file: Option<&SessionFile>,
) -> Result<Vec<Issue>, StoreError> {
    let known = known_schools(store).await?;
    let mut issues = Vec::new();
    let unknown = |code: &SchoolCode| {
        format!(
            "学校标识码 {code} 不在本区县任何学年的学校统计数据中；区县外的授课方请填写「授课单位」名称"
        )
    };
    // The groups of each day a 同步课堂 was held.
    let mut groups: HashMap<&str, HashMap<SchoolCode, String>> = HashMap::new();
    for (_, s) in sessions {
        if s.kind == ClassroomKind::Synchronous && !groups.contains_key(s.held_on.as_str()) {
            groups.insert(&s.held_on, store.groups_on(&s.held_on).await?);
        }
    }
    for (row, s) in sessions {
        if let Some(code) = s.giver.school()
            && !known.contains(code)
        {
            issues.push(at(
                file,
                *row,
                codes::SCHOOL_UNKNOWN,
                columns::GIVER_SCHOOL,
                code.to_string(),
                unknown(code),
            ));
        }
        if !known.contains(&s.receiver) {
            issues.push(at(
                file,
                *row,
                codes::SCHOOL_UNKNOWN,
                columns::RECEIVER,
                s.receiver.to_string(),
                unknown(&s.receiver),
            ));
        }
        if s.kind == ClassroomKind::Synchronous {
            let on = &groups[s.held_on.as_str()];
            let giver = s.giver.school().and_then(|g| on.get(g));
            let same = giver.is_some() && giver == on.get(&s.receiver);
            if !same {
                issues.push(at(
                    file,
                    *row,
                    codes::SYNCHRONOUS_OUTSIDE_GROUP,
                    columns::RECEIVER,
                    s.receiver.to_string(),
                    format!(
                        "同步课堂在同一教育集团的学校之间进行，但 {} 这一天授课学校和接收学校不在同一个集团（以集团名册的成员关系为准）",
                        s.held_on
                    ),
                ));
            }
        }
    }
    Ok(issues)
}

/// Imports a read session file (administrators, the operator): checked against the district,
/// then written whole, with the file's record and audit entry, in one transaction — or not at
/// all ([`Refused::Problems`] with every problem; a conflict when the same file was imported).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    file: &SessionFile,
    sha256: &str,
) -> Result<ClassroomImport, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let sessions: Vec<NewClassroomSession> = file.sessions.iter().map(new_session).collect();
    let rows: Vec<(usize, &NewClassroomSession)> =
        file.sessions.iter().map(|l| l.row).zip(&sessions).collect();
    let issues = check(store, &rows, Some(file)).await?;
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: file.warnings.clone(),
        }));
    }
    Ok(store
        .import_sessions(&sessions, &file.file, sha256, &caller.actor())
        .await?)
}

/// Writes one session entered on a form or the command line (administrators, the operator),
/// checked like a file's row.
pub async fn add(
    store: &DistrictStore,
    caller: &Caller<'_>,
    new: &NewClassroomSession,
) -> Result<ClassroomSession, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    if new.kind == ClassroomKind::Synchronous && new.giver.school().is_none() {
        return Err(Refused::Problems(ImportFailure {
            issues: vec![problem(
                codes::SYNCHRONOUS_NEEDS_SCHOOL,
                columns::GIVER_SCHOOL,
                String::new(),
                "同步课堂在教育集团内的学校之间进行，应填写本区县授课学校的学校标识码".into(),
            )],
            warnings: Vec::new(),
        }));
    }
    let issues = check(store, &[(0, new)], None).await?;
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: Vec::new(),
        }));
    }
    Ok(store.add_session(new, &caller.actor()).await?)
}

/// The usage of school year `year`, as a caller sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Usage {
    /// 学年.
    pub year: i32,
    /// Which schools are listed.
    pub schools: Schools,
    /// Whether the year has statistics (classes, 城乡分类); without them every school's
    /// scheduled lessons are unknown (未接入).
    pub has_statistics: bool,
    /// The plan the shares are measured against.
    pub plan: LessonPlan,
    /// One row per receiving school and subject the caller may see.
    pub rows: Vec<SubjectUsage>,
    /// Sessions of the year the caller may see, by kind (their count).
    pub by_kind: BTreeMap<ClassroomKind, u32>,
}

/// The sessions of school year `year` a caller sees (given or received by a school they reach).
pub async fn sessions_of(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
) -> Result<Vec<ClassroomSession>, Refused> {
    let reach = Reach::of(store, caller).await?;
    let (first, last) = school_year_days(year);
    let mut all = store.sessions(&first, &last).await?;
    all.retain(|s| reach.session(s));
    Ok(all)
}

/// The usage of school year `year` (statistics of the year's latest version, sessions held from
/// 1 September to 31 August) for `caller`: rows of the schools they reach only.
pub async fn usage(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    schools: Schools,
    plan: &LessonPlan,
) -> Result<Usage, Refused> {
    let reach = Reach::of(store, caller).await?;
    let has_statistics = store.years().await?.iter().any(|y| y.year == year);
    let records = if has_statistics {
        store.statistics(year, None).await?
    } else {
        Vec::new()
    };
    let (first, last) = school_year_days(year);
    let sessions = store.sessions(&first, &last).await?;
    let received: Vec<Received<'_>> = sessions
        .iter()
        .filter(|s| reach.school(&s.receiver))
        .map(|s| Received {
            school: &s.receiver,
            subject: &s.subject,
            minutes: s.minutes,
        })
        .collect();
    let mut rows = compute(&records, &received, plan, schools);
    rows.retain(|r| reach.school(&r.school));
    let mut by_kind = BTreeMap::new();
    for s in sessions.iter().filter(|s| reach.session(s)) {
        *by_kind.entry(s.kind).or_insert(0) += 1;
    }
    Ok(Usage {
        year,
        schools,
        has_statistics,
        plan: plan.clone(),
        rows,
        by_kind,
    })
}

/// The school years that have sessions, newest first.
pub async fn years(store: &DistrictStore) -> Result<Vec<i32>, StoreError> {
    let years: BTreeSet<i32> = store
        .session_months()
        .await?
        .iter()
        .filter_map(|m| junheng_core::pairing::school_year_of(&format!("{m}-01")))
        .collect();
    Ok(years.into_iter().rev().collect())
}
