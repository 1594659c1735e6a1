//! The use-case layer: every operation of Junheng written once — its validation, its one
//! transaction, its audit entry — and called by both the command line (`junheng`) and the server
//! (`junheng-server`), which only read their input and show the result.
//!
//! An operation takes the [`Authority`] it runs under: the operator of the command line (who
//! holds the database itself), or a district's administrator on the web, whose writes reach
//! their own district only. Errors are [`StoreError`]s: Chinese messages that say what is
//! wrong and what is expected, with a stable code the callers map to an exit status or an HTTP
//! status.
//!
//! | operation | module |
//! |---|---|
//! | import statistics (one or several school years, all or none; compared with the current version, removals confirmed); restore a version | [`statistics`] |
//! | import a roster (one or several years, all or none; compared, removals confirmed), restore a roster version, import a ledger, accept a plan, cancel a ledger batch | [`rotation`] |
//! | compare a new version with the current one, merge a file of some schools | [`versions`] |
//! | create, edit, activate, deactivate, confirm, unlock users; passwords and one-time passwords; API tokens; every school's account at once | [`users`] |
//! | submit a school's own row, decide a submission | [`submissions`] |
//! | freeze a lottery's three tables, store a frozen lottery, remake its receipts, record its draw | [`lottery`] |
//! | store a district's boundary for the map (GeoJSON), read it back | [`map`] |
//! | compare a city's districts (with their 集团化办学 coverage and the city's total); set creation targets, record creation steps | [`city`] |
//! | report a year upward (数据上报), register and revoke district keys, receive packages | [`packages`] |
//! | save a group, schools joining and leaving, import a group file (all or nothing), the coverage of a year | [`groups`] |
//! | attach documents of evidence (佐证材料) to a record, list and open them, who may do which | [`evidence`] |
//! | record pairings (结对帮扶), their activities and ends; who sees which; the sets a pairing's comparison is computed from | [`pairings`] |
//! | import 三个课堂 session files (all or none), enter a session, the usage of a school year per rural school and subject | [`classroom`] |
//! | log in a person the identity service (统一身份认证) vouches for | [`external`] |
//! | create a task (raise it from its source), list, start, submit, close with the source re-checked, return, cancel; who may do which | [`tasks`] |
//! | compute a year's 综合考核 (rubric, 捆绑 composite, 三线, 集而不团), enter a score, finalise a year; who sees and scores which | [`reviews`] |
//! | import a school's registry (学籍), the rates of a school year, 控辍保学 cases (absences, the calendar's escalation, moves, 劝返), the watch list and ledgers, 四查三比对, the 四个一 reports; who sees which child | [`students`] |
//! | import 体质健康, 视力 and 心理 files (matched to the registry, sealed), scoring packs, rates, referrals, targets, 心理 cases with their SLA; who sees which child's health | [`health`] |
//! | the 政府保障 size items of a school year (music and art rooms, school size, class size with 大班额 and 超大班额) from the statistics and the class table or the registry's classes; import and withdraw a class table | [`seats::sizes`] |
//! | the catchment map (单校/多校划片), the 就近入学 and 指标到校 items from the 划片, entrant and quota files; import and withdraw them | [`seats::zoning`] |
//! | the 一校一案 ledger of building projects (add, edit, status, delete, import), its money execution, what-if and the planner | [`seats::projects`] |
//! | import the forecast's births, 学区 map, enrolment and capacity (years replaced only when confirmed); the school-age forecast of the district, its 学区 and schools with its back-test, seats supplied (planned projects counted in) and the gap | [`seats::forecast`] |
//! | the 督导评估 verdict of a year (all four parts and the 一票否决 list, every item computed by the capability that owns it or stated with evidence), its history; statements (认定) and entered figures with 撤回 | [`inspection`] |
//! | assign supervisors (责任督学) to 学区 and groups, record their visits with findings, one 整改 task per finding; who sees which visit | [`supervision`] |

pub mod board;
pub mod city;
pub mod classroom;
pub mod evidence;
pub mod exams;
pub mod external;
pub mod groups;
pub mod health;
pub mod inspection;
pub mod labour;
pub mod lottery;
pub mod map;
pub mod packages;
pub mod pairings;
pub mod reviews;
pub mod rotation;
pub mod seats;
pub mod statistics;
pub mod students;
pub mod submissions;
pub mod supervision;
pub mod survey;
pub mod tasks;
pub mod teachers;
#[cfg(test)]
mod testing;
pub mod users;
pub mod versions;

use junheng_store::{DistrictId, StoreError, User};

/// Who an operation runs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    /// The command line's operator: whoever can open the database may reach every district.
    Operator,
    /// A district's administrator on the web: their own district's users and data only.
    District(DistrictId),
}

impl Authority {
    /// Whether `user` is within reach: any user for the operator; for a district's
    /// administrator, the users of that district. A user out of reach is "not found", whether
    /// it exists elsewhere or not.
    pub fn reaches(self, user: &User) -> Result<(), StoreError> {
        match self {
            Authority::Operator => Ok(()),
            Authority::District(d) if user.district == Some(d) => Ok(()),
            Authority::District(_) => Err(StoreError::NotFound("该用户")),
        }
    }
}
