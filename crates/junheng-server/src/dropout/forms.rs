//! The forms of the 控辍保学 home: what the viewer may record (absences, enrolment events,
//! 四查三比对 lists, the reports) and what each is prefilled with, and the 转出 waiting for their
//! destination's confirmation.

use std::collections::BTreeMap;

use junheng_app::pairings::Caller;
use junheng_core::school::SchoolCode;
use junheng_io::student::lists::ListKind;
use junheng_store::{EventKind, Role, Scope};

use super::{Keeps, Reach, param, school_text};
use crate::access::Viewer;
use crate::error::AppError;
use crate::state::Here;

/// A 转出 waiting for its destination's confirmation.
pub(crate) struct TransferRow {
    pub event: i64,
    pub student: i64,
    /// Data.
    pub school: String,
    pub on_date: String,
    pub grade: u8,
    pub destination: String,
}

/// The forms of what the viewer may do, and what they are prefilled with.
pub(crate) struct Forms {
    /// Records absences and acts on cases.
    pub keeps: bool,
    /// Schools the keeper keeps: (code, shown).
    pub kept_schools: Vec<(String, String)>,
    /// Prefilled from a child's page (`?student=&school=&grade=`).
    pub student: String,
    pub school: String,
    pub grade: String,
    pub transfers: Vec<TransferRow>,
    /// Records enrolment events (转出, 转入 …): (id, key) of the kinds.
    pub events: Vec<(&'static str, &'static str)>,
    /// The schools whose events the viewer records: (code, shown); empty with `events` means
    /// any (picked from the registry).
    pub event_schools: Vec<(String, String)>,
    /// Compares lists and downloads the quarterly re-check.
    pub compare: bool,
    /// (id, label key) of the list kinds.
    pub lists: Vec<(&'static str, &'static str)>,
    /// The school year compared by default.
    pub year: i32,
    pub month: String,
    pub quarter_year: String,
    pub quarter: u32,
}

/// The kinds of event the form records.
pub(super) const EVENT_KINDS: [EventKind; 7] = [
    EventKind::TransferOut,
    EventKind::TransferIn,
    EventKind::Suspend,
    EventKind::Resume,
    EventKind::Dropout,
    EventKind::Death,
    EventKind::Graduate,
];

/// The catalogue key of an event kind.
pub(crate) fn event_key(k: EventKind) -> &'static str {
    match k {
        EventKind::Enter => "dropout-event-enter",
        EventKind::TransferIn => "dropout-event-transfer-in",
        EventKind::TransferOut => "dropout-event-transfer-out",
        EventKind::Suspend => "dropout-event-suspend",
        EventKind::Resume => "dropout-event-resume",
        EventKind::Dropout => "dropout-event-dropout",
        EventKind::Death => "dropout-event-death",
        EventKind::Graduate => "dropout-event-graduate",
        EventKind::Absence => "dropout-event-absence",
    }
}

/// The catalogue key of a list kind.
fn list_key(k: ListKind) -> &'static str {
    match k {
        ListKind::Hukou => "dropout-list-hukou",
        ListKind::Poverty => "dropout-list-poverty",
        ListKind::Attendance => "dropout-list-attendance",
    }
}

/// The schools whose events `user` may record: all (`Some(None)`), one, or none.
pub(super) fn event_scope(user: &junheng_store::User) -> Option<Option<SchoolCode>> {
    let caller = Caller::User(user);
    let may = |s: &SchoolCode| junheng_app::students::who::may_import(&caller, s);
    match (&user.role, &user.scope) {
        (Role::Admin, Scope::District) => SchoolCode::parse("0000000000")
            .ok()
            .filter(|any| may(any))
            .map(|_| None),
        (_, Scope::School(s)) if may(s) => Some(Some(s.clone())),
        _ => None,
    }
}

pub(super) async fn forms(
    here: &Here,
    viewer: &Viewer,
    names: &BTreeMap<SchoolCode, String>,
    pairs: &[(String, String)],
    school: Option<&SchoolCode>,
    today: &str,
) -> Result<Forms, AppError> {
    let keeps = Keeps::of(&viewer.user);
    let shown = |codes: Vec<SchoolCode>| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| (c.to_string(), school_text(names, c)))
            .collect()
    };
    let kept_schools = match &keeps {
        Keeps::All => shown(names.keys().cloned().collect()),
        Keeps::School(s) => shown(vec![s.clone()]),
        Keeps::Nothing => Vec::new(),
    };
    let mut transfers = Vec::new();
    if keeps.any() {
        for t in here.store.unmatched_transfers(today).await? {
            if keeps.covers(&t.school) && school.is_none_or(|s| *s == t.school) {
                transfers.push(TransferRow {
                    event: t.id,
                    student: t.student,
                    school: school_text(names, &t.school),
                    on_date: t.on_date,
                    grade: t.grade,
                    destination: t.other_place,
                });
            }
        }
    }
    let events_scope = event_scope(&viewer.user);
    let compare = matches!(Reach::of(&viewer.user), Reach::Named(None));
    let year = junheng_store::school_year(today).unwrap_or_default();
    let (y, m) = (
        today.get(..4).unwrap_or_default(),
        today
            .get(5..7)
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(1),
    );
    Ok(Forms {
        keeps: keeps.any(),
        kept_schools,
        student: param(pairs, "student").unwrap_or_default().to_owned(),
        school: school.map(ToString::to_string).unwrap_or_default(),
        grade: param(pairs, "grade").unwrap_or_default().to_owned(),
        transfers,
        events: if events_scope.is_some() {
            EVENT_KINDS
                .iter()
                .map(|k| (k.id(), event_key(*k)))
                .collect()
        } else {
            Vec::new()
        },
        event_schools: match events_scope {
            Some(Some(s)) => shown(vec![s]),
            _ => Vec::new(),
        },
        compare,
        lists: ListKind::ALL
            .iter()
            .map(|k| (k.id(), list_key(*k)))
            .collect(),
        year,
        month: today.get(..7).unwrap_or_default().to_owned(),
        quarter_year: y.to_owned(),
        quarter: m.div_ceil(3),
    })
}
