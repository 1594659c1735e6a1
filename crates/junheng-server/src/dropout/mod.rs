//! 控辍保学 (issue 13): the watch list, the three ledgers, a case and its moves, absences and
//! events, 四查三比对 and the 四个一 reports. Who sees which child is
//! `junheng_app::students::who`'s; every named read is recorded by the store.
//!
//! | route | what |
//! |---|---|
//! | `GET /students/dropout` ([`home::page`]) | 动态清零 and the watch list (names for those who see cases, suppressed counts for aggregate roles), `?format=xlsx` |
//! | `GET /students/dropout/summary.json` ([`home::summary`]) | the counts of the page, never a name |
//! | `GET /students/dropout/ledgers/{ledger}` ([`ledgers::page`]) | 适龄儿童 / 疑似辍学 / 辍学台账, `?format=xlsx` |
//! | `GET /students/cases/{id}` ([`case::page`]) | a case, its steps and 劝返 attempts, the keepers' forms |
//! | `POST /students/cases/{id}/act`, `/plan`, `/attempt` | the keepers' moves (`junheng_app::students::cases`) |
//! | `POST /students/dropout/absence`, `/events`, `/transfers/{event}/confirm` | absences, enrolment events, confirmed 转出 |
//! | `POST /students/dropout/compare`, `GET /students/dropout/lists/template.xlsx` | 四查三比对 |
//! | `GET /students/dropout/reports/monthly.xlsx`, `quarterly.xlsx` | 学校一月一报告, 县区一季度一复核 |
//!
//! Pages refresh the calendar's escalations first (`cases::refresh`, idempotent, written by
//! `system`). "Today" is the Beijing date.

mod case;
mod files;
mod forms;
mod grid;
mod home;
mod ledgers;
mod record;

use std::collections::BTreeMap;

use junheng_app::pairings::Caller;
use junheng_app::students::Refused;
use junheng_app::students::who::{Sight, may_keep_cases, sight};
use junheng_core::school::SchoolCode;
use junheng_core::student::{Cell, DropoutState, LawfulReason, RiskLevel, Suppressed, suppress};
use junheng_io::export::Table;
use junheng_store::{Role, User};

use crate::access::Viewer;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::routes::{Entry, get, post};
use crate::state::Here;
use crate::students::{export, keys, param, refusal_hiding, school_text, today};

pub(crate) use grid::{Counts, Grid, GridCell, GridRow};

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::Member;
    use crate::routes::Body::{Form, Upload};
    vec![
        get("/students/dropout", Member, home::page),
        get("/students/dropout/summary.json", Member, home::summary),
        get("/students/dropout/ledgers/{ledger}", Member, ledgers::page),
        get("/students/cases/{id}", Member, case::page),
        post("/students/cases/{id}/act", Member, Form, case::act),
        post("/students/cases/{id}/plan", Member, Form, case::plan),
        post("/students/cases/{id}/attempt", Member, Form, case::attempt),
        post("/students/dropout/absence", Member, Form, record::absence),
        post("/students/dropout/events", Member, Form, record::events),
        post(
            "/students/dropout/transfers/{event}/confirm",
            Member,
            Form,
            record::confirm_transfer,
        ),
        post("/students/dropout/compare", Member, Upload, files::compare),
        get(
            "/students/dropout/lists/template.xlsx",
            Member,
            files::template,
        ),
        get(
            "/students/dropout/reports/monthly.xlsx",
            Member,
            files::monthly,
        ),
        get(
            "/students/dropout/reports/quarterly.xlsx",
            Member,
            files::quarterly,
        ),
    ]
}

/// A refusal of the use-case layer as the server says it: the state machine's and the store's
/// refusals are Chinese data (409 for a move the machine refuses).
pub(crate) fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::NoKeys => AppError::Conflict(Refused::NoKeys.to_string()),
        Refused::Problems(f) => AppError::BadRequest(
            f.issues
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Refused::Store(e) => e.into(),
    }
}

/// What a named read is recorded as: the request's path (without its query), at most 200
/// characters.
fn what(viewer: &Viewer) -> String {
    let path = viewer.path.split('?').next().unwrap_or("/");
    path.chars().take(200).collect()
}

/// What a viewer reaches of 控辍保学.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The children of the cases by name: of every school (`None`) or of one.
    Named(Option<SchoolCode>),
    /// Counts only, small cells suppressed: of the district (`None`) or of one school.
    Counts(Option<SchoolCode>),
    /// Nothing.
    Nothing,
}

impl Reach {
    /// The reach of a user.
    fn of(user: &User) -> Reach {
        match sight(&Caller::User(user)) {
            Sight::Everything | Sight::Cases => Reach::Named(None),
            Sight::School {
                school,
                class: None,
            } => Reach::Named(Some(school)),
            // A 班主任 reads the names of a class, not the school's cases.
            Sight::School { school, .. } => Reach::Counts(Some(school)),
            Sight::Aggregates { school } => Reach::Counts(school),
            Sight::Nothing => Reach::Nothing,
        }
    }

    fn named(&self) -> bool {
        matches!(self, Reach::Named(_))
    }

    /// The one school the reach is limited to, if any.
    fn own(&self) -> Option<&SchoolCode> {
        match self {
            Reach::Named(s) | Reach::Counts(s) => s.as_ref(),
            Reach::Nothing => None,
        }
    }

    /// Whether the reach covers `school`.
    fn covers(&self, school: &SchoolCode) -> bool {
        match self {
            Reach::Named(None) | Reach::Counts(None) => true,
            Reach::Named(Some(s)) | Reach::Counts(Some(s)) => s == school,
            Reach::Nothing => false,
        }
    }

    /// The school a page shows: the one asked for (refused when outside the reach), else the
    /// reach's own school, else every school (`None`).
    fn school(&self, asked: Option<SchoolCode>) -> Result<Option<SchoolCode>, AppError> {
        match asked {
            Some(s) if self.covers(&s) => Ok(Some(s)),
            Some(_) => Err(AppError::Forbidden),
            None => Ok(self.own().cloned()),
        }
    }
}

/// Whose cases a user keeps (records absences, acts, plans, attempts, confirms transfers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Keeps {
    /// Every school's (the district's 控辍保学专干).
    All,
    /// One school's (its 关爱专干).
    School(SchoolCode),
    /// None.
    Nothing,
}

impl Keeps {
    fn of(user: &User) -> Keeps {
        let caller = Caller::User(user);
        match (&user.role, &user.scope) {
            (Role::DropoutOfficer, junheng_store::Scope::District)
                if matches!(sight(&caller), Sight::Cases) =>
            {
                // The district officer keeps every school's cases; the rule is the app's.
                match SchoolCode::parse("0000000000") {
                    Ok(any) if may_keep_cases(&caller, &any) => Keeps::All,
                    _ => Keeps::Nothing,
                }
            }
            (_, junheng_store::Scope::School(s)) if may_keep_cases(&caller, s) => {
                Keeps::School(s.clone())
            }
            _ => Keeps::Nothing,
        }
    }

    fn any(&self) -> bool {
        *self != Keeps::Nothing
    }

    fn covers(&self, school: &SchoolCode) -> bool {
        match self {
            Keeps::All => true,
            Keeps::School(s) => s == school,
            Keeps::Nothing => false,
        }
    }
}

/// The `school` of a query, refused when it is not a 学校标识码.
fn school_param(pairs: &[(String, String)]) -> Result<Option<SchoolCode>, AppError> {
    param(pairs, "school")
        .map(|v| {
            SchoolCode::parse(v).map_err(|_| {
                AppError::bad_request(crate::msg!("dropout-bad-school", v = crate::views::cut(v)))
            })
        })
        .transpose()
}

/// 学校名称 by 学校标识码, of the latest statistics.
async fn school_names(here: &Here) -> Result<BTreeMap<SchoolCode, String>, AppError> {
    let Some(year) = here.current(None).await? else {
        return Ok(BTreeMap::new());
    };
    Ok(here
        .records(year.year, year.latest_version)
        .await?
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect())
}

/// The open states, in the machine's order.
const OPEN_STATES: [DropoutState; 4] = [
    DropoutState::AbsencePending,
    DropoutState::Suspected,
    DropoutState::Dropout,
    DropoutState::Persuading,
];

/// The catalogue key of a state (a lawful situation by its reason).
pub(crate) fn state_key(s: DropoutState) -> &'static str {
    match s {
        DropoutState::InSchool => "dropout-state-in-school",
        DropoutState::AbsencePending => "dropout-state-absence-pending",
        DropoutState::Suspected => "dropout-state-suspected",
        DropoutState::Dropout => "dropout-state-dropout",
        DropoutState::Persuading => "dropout-state-persuading",
        DropoutState::Returned => "dropout-state-returned",
        DropoutState::Lawful(r) => lawful_state_key(r),
    }
}

/// The catalogue key of 其他合法情形 with its reason.
fn lawful_state_key(r: LawfulReason) -> &'static str {
    match r {
        LawfulReason::TransferConfirmed => "dropout-state-lawful-transfer-confirmed",
        LawfulReason::HomeTeaching => "dropout-state-lawful-home-teaching",
        LawfulReason::Suspension => "dropout-state-lawful-suspension",
        LawfulReason::Abroad => "dropout-state-lawful-abroad",
        LawfulReason::Death => "dropout-state-lawful-death",
    }
}

/// The catalogue key of a lawful reason alone.
pub(crate) fn lawful_key(r: LawfulReason) -> &'static str {
    match r {
        LawfulReason::TransferConfirmed => "dropout-lawful-transfer-confirmed",
        LawfulReason::HomeTeaching => "dropout-lawful-home-teaching",
        LawfulReason::Suspension => "dropout-lawful-suspension",
        LawfulReason::Abroad => "dropout-lawful-abroad",
        LawfulReason::Death => "dropout-lawful-death",
    }
}

/// The catalogue key of a risk level.
pub(crate) fn level_key(l: RiskLevel) -> &'static str {
    match l {
        RiskLevel::Ordinary => "dropout-level-ordinary",
        RiskLevel::Watch => "dropout-level-watch",
        RiskLevel::Priority => "dropout-level-priority",
    }
}

/// The stable id of a risk level (`?level=`).
fn level_id(l: RiskLevel) -> &'static str {
    match l {
        RiskLevel::Ordinary => "ordinary",
        RiskLevel::Watch => "watch",
        RiskLevel::Priority => "priority",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_user;
    use junheng_store::Scope;

    /// Each key says in Chinese what the engine's labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for s in OPEN_STATES
            .into_iter()
            .chain([DropoutState::InSchool, DropoutState::Returned])
        {
            assert_eq!(Lang::Zh.t(state_key(s)), s.label());
        }
        for r in LawfulReason::ALL {
            assert_eq!(Lang::Zh.t(lawful_key(r)), r.label());
            assert_eq!(
                Lang::Zh.t(state_key(DropoutState::Lawful(r))),
                DropoutState::Lawful(r).text()
            );
        }
        for l in [RiskLevel::Ordinary, RiskLevel::Watch, RiskLevel::Priority] {
            assert_eq!(Lang::Zh.t(level_key(l)), l.label());
        }
    }

    /// Every key this module names as a literal (headers, titles, labels) has a text.
    #[test]
    fn every_key_named_here_exists() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("home.rs"),
            include_str!("ledgers.rs"),
            include_str!("case.rs"),
            include_str!("record.rs"),
            include_str!("files.rs"),
        ];
        let checked = crate::i18n::assert_named_keys_exist("dropout-", &sources);
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn reaches_follow_the_sight() {
        let a = SchoolCode::parse("5001120001").unwrap();
        let b = SchoolCode::parse("5001120002").unwrap();
        let care = test_user(Role::CareOfficer, Scope::School(a.clone()));
        assert_eq!(Reach::of(&care), Reach::Named(Some(a.clone())));
        assert_eq!(Keeps::of(&care), Keeps::School(a.clone()));
        assert!(Reach::of(&care).school(Some(b.clone())).is_err());
        let psych = test_user(Role::PsychTeacher, Scope::School(a.clone()));
        assert_eq!(Reach::of(&psych), Reach::Named(Some(a.clone())));
        assert_eq!(Keeps::of(&psych), Keeps::Nothing);
        let officer = test_user(Role::DropoutOfficer, Scope::District);
        assert_eq!(Reach::of(&officer), Reach::Named(None));
        assert_eq!(Keeps::of(&officer), Keeps::All);
        let admin = test_user(Role::Admin, Scope::District);
        assert_eq!(Reach::of(&admin), Reach::Counts(None));
        assert_eq!(Keeps::of(&admin), Keeps::Nothing);
        let school = test_user(Role::School, Scope::School(a.clone()));
        assert_eq!(Reach::of(&school), Reach::Counts(Some(a.clone())));
        assert!(Reach::of(&school).school(Some(b)).is_err());
        let lead = test_user(Role::GroupLead, Scope::Group("一集团".into()));
        assert_eq!(Reach::of(&lead), Reach::Nothing);
        assert!(Reach::Nothing.school(Some(a)).is_err());
    }

    #[test]
    fn small_counts_are_suppressed_for_aggregate_roles_only() {
        let rows = vec![vec![3, 0], vec![12, 20]];
        let exact = Counts::of(&rows, 2, true, 10);
        assert_eq!(exact.cells[0][0], "3");
        assert_eq!(exact.total, "35");
        let hidden = Counts::of(&rows, 2, false, 10);
        assert_eq!(hidden.cells[0][0], "<10");
        assert!(hidden.cells.iter().flatten().all(|c| c != "3"));
    }
}
