//! The three ledgers of 控辍保学 (适龄儿童 / 疑似辍学 / 辍学), read from the registry and the case
//! states so they always agree with the state machine, and the district's 动态清零 status.

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_core::student::DropoutState;
use junheng_store::{DistrictStore, DropoutCase, RegistryCounts, StoreError};
use serde::Serialize;

/// Which ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ledger {
    /// 适龄儿童台账: the children of the registry.
    SchoolAge,
    /// 疑似辍学台账: open cases at 缺勤待核 or 疑似辍学.
    Suspected,
    /// 辍学台账: open cases at 辍学 or 劝返中.
    Dropout,
}

impl Ledger {
    /// Every ledger.
    pub const ALL: [Ledger; 3] = [Ledger::SchoolAge, Ledger::Suspected, Ledger::Dropout];

    /// Stable id.
    pub const fn id(self) -> &'static str {
        match self {
            Ledger::SchoolAge => "school_age",
            Ledger::Suspected => "suspected",
            Ledger::Dropout => "dropout",
        }
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            Ledger::SchoolAge => "适龄儿童台账",
            Ledger::Suspected => "疑似辍学台账",
            Ledger::Dropout => "辍学台账",
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Ledger> {
        Ledger::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Whether a case belongs to this ledger (cases only).
    pub fn holds(self, case: &DropoutCase) -> bool {
        match self {
            Ledger::SchoolAge => false,
            Ledger::Suspected => {
                matches!(
                    case.state,
                    DropoutState::AbsencePending | DropoutState::Suspected
                ) && case.closed_on.is_none()
            }
            Ledger::Dropout => {
                matches!(case.state, DropoutState::Dropout | DropoutState::Persuading)
                    && case.closed_on.is_none()
            }
        }
    }
}

/// The cases of a ledger (of `school`, or all).
pub async fn cases(
    store: &DistrictStore,
    ledger: Ledger,
    school: Option<&SchoolCode>,
) -> Result<Vec<DropoutCase>, StoreError> {
    Ok(store
        .dropout_cases(true, school)
        .await?
        .into_iter()
        .filter(|c| ledger.holds(c))
        .collect())
}

/// The cases closed (销号 or another lawful situation) in school year `year` (of `school`, or
/// all), newest first.
pub async fn closed_in(
    store: &DistrictStore,
    year: i32,
    school: Option<&SchoolCode>,
) -> Result<Vec<DropoutCase>, StoreError> {
    let mut closed: Vec<DropoutCase> = store
        .dropout_cases(false, school)
        .await?
        .into_iter()
        .filter(|c| c.closed_on.as_deref().and_then(junheng_store::school_year) == Some(year))
        .collect();
    closed.sort_by(|a, b| b.closed_on.cmp(&a.closed_on));
    Ok(closed)
}

/// The 适龄儿童 ledger as counts: each school's registry counts in school year `year`.
pub async fn school_age(
    store: &DistrictStore,
    year: i32,
) -> Result<BTreeMap<SchoolCode, RegistryCounts>, StoreError> {
    Ok(store
        .current_registries(year, None)
        .await?
        .into_iter()
        .map(|f| (f.school, f.counts))
        .collect())
}

/// The district's 动态清零 status: the open cases by state and by school.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ZeroStatus {
    /// Open cases.
    pub open: u64,
    /// Open cases per state (Chinese name, count), in the machine's order.
    pub by_state: Vec<(&'static str, u64)>,
    /// Schools with at least one open case.
    pub schools_open: u64,
}

impl ZeroStatus {
    /// Whether every case is closed (动态清零).
    pub fn zero(&self) -> bool {
        self.open == 0
    }
}

/// The 动态清零 status of the district now.
pub async fn zero_status(store: &DistrictStore) -> Result<ZeroStatus, StoreError> {
    let open = store.dropout_cases(true, None).await?;
    let states = [
        DropoutState::AbsencePending,
        DropoutState::Suspected,
        DropoutState::Dropout,
        DropoutState::Persuading,
    ];
    let mut schools: Vec<&SchoolCode> = open.iter().map(|c| &c.school).collect();
    schools.sort();
    schools.dedup();
    Ok(ZeroStatus {
        open: open.len() as u64,
        by_state: states
            .into_iter()
            .map(|s| {
                (
                    s.label(),
                    open.iter().filter(|c| c.state == s).count() as u64,
                )
            })
            .collect(),
        schools_open: schools.len() as u64,
    })
}
