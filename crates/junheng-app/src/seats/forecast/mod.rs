//! The school-age forecast (issue 16, `practices.md` §2.2–2.3) as a use case: the four files
//! imported (each checked against the district — its schools must be schools of the
//! statistics — and written whole; a year already stored is replaced only when the caller
//! confirms it), and the forecast of the district, its 学区 and its schools run from what is
//! stored (`history` builds each unit's past, `supply` its seats, `run` the rest).
//!
//! Who: the command line's operator and the district's administrators import; they, the
//! district's 督学, and city and province users looking into the district read the forecast
//! (it compares schools and 学区; it holds no personal data).
//!
//! ```no_run
//! # async fn demo(store: &junheng_store::DistrictStore) -> Result<(), junheng_app::seats::forecast::Refused> {
//! use junheng_app::pairings::Caller;
//! use junheng_app::seats::forecast::{ForecastSettings, forecast};
//! let actor = junheng_store::Actor::system();
//! let f = forecast(store, &Caller::Operator(&actor), &ForecastSettings::default()).await?;
//! println!("{:?} 小学 MAPE", f.district.model.map(|m| m.back_test[0].mape));
//! # Ok(()) }
//! ```

pub mod export;
pub mod history;
pub mod run;
pub mod supply;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use junheng_core::school::SchoolCode;
use junheng_io::school::{ImportFailure, Issue};
use junheng_io::seats::forecast::{SeatFile, SeatFileKind, SeatRows, codes, columns};
use junheng_store::seats::forecast::{AreaZone, Birth, Capacity, Enrolment, SeatInputs};
use junheng_store::{DistrictStore, Role, Scope, StoreError};
use serde::Serialize;

pub use history::ZoneOf;
pub use run::{
    Forecast, ForecastSettings, Model, SchoolForecast, UnitForecast, UnitYear, run as compute,
};
pub use supply::{Addition, Supply};

use crate::pairings::{Caller, may_write};

/// Why an operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this (HTTP 403, exit status 2).
    Denied,
    /// A file breaks rules: every problem, located (`seats.*` codes).
    Problems(ImportFailure),
    /// The file would replace years already stored, and the caller did not confirm it.
    Unconfirmed(Preview),
    /// The store refused or failed.
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看学位预测或导入其数据"),
            Refused::Problems(failure) => write!(f, "{failure}"),
            Refused::Unconfirmed(p) => write!(
                f,
                "该文件将替换已导入的{}：{}；确认替换后再导入",
                p.kind.label(),
                p.replaced_text()
            ),
            Refused::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl Refused {
    /// A stable code: `seats.denied`, the first problem's `seats.*`, `seats.unconfirmed`, or the
    /// store's.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "seats.denied",
            Refused::Problems(f) => f.issues.first().map_or("seats.invalid", |i| i.code),
            Refused::Unconfirmed(_) => "seats.unconfirmed",
            Refused::Store(e) => e.code(),
        }
    }
}

/// Whether `caller` reads the forecast: the operator; the district's administrators and 督学;
/// city and province users (looking into a district of their region).
pub fn may_read(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => matches!(
            (u.role, &u.scope),
            (Role::Admin | Role::Supervisor, Scope::District)
                | (Role::City, Scope::City(_))
                | (Role::Province, Scope::Province(_))
        ),
    }
}

/// What a file would write: its rows and years, and which of them are stored already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// Which file.
    pub kind: SeatFileKind,
    /// Its rows.
    pub rows: usize,
    /// Its years (births: birth years; enrolment, capacity: school years; the map: none).
    pub years: Vec<i32>,
    /// Years of the file stored already (the map: `[0]` when a map is stored).
    pub replaced: Vec<i32>,
    /// Schools, 学区 or areas the file names.
    pub units: usize,
}

impl Preview {
    /// The replaced years as a sentence (「2023、2024 年」 or 「学区对应表」).
    pub fn replaced_text(&self) -> String {
        if self.kind == SeatFileKind::Zones {
            return "学区对应表".into();
        }
        let years: Vec<String> = self.replaced.iter().map(i32::to_string).collect();
        format!("{} 年", years.join("、"))
    }
}

fn problems(issues: Vec<Issue>, file: &SeatFile) -> Refused {
    Refused::Problems(ImportFailure {
        issues,
        warnings: file.warnings.clone(),
    })
}

/// Reads a file of `kind` within `limits`: every problem, located, as [`Refused::Problems`].
pub fn read(
    kind: SeatFileKind,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
) -> Result<SeatFile, Refused> {
    junheng_io::seats::forecast::read_seat_file_with(kind, bytes, file_name, limits)
        .map_err(Refused::Problems)
}

/// The file's schools checked against every school year's statistics of the district: each
/// unknown code, on its row.
async fn check(store: &DistrictStore, file: &SeatFile) -> Result<(), Refused> {
    let schools: Vec<(usize, &SchoolCode)> = match &file.rows {
        SeatRows::Enrolment(r) => r.iter().map(|l| (l.row, &l.school)).collect(),
        SeatRows::Capacity(r) => r.iter().map(|l| (l.row, &l.school)).collect(),
        _ => return Ok(()),
    };
    let known: HashSet<SchoolCode> = store.school_codes().await?.into_iter().collect();
    let issues: Vec<Issue> = schools
        .into_iter()
        .filter(|(_, c)| !known.contains(c))
        .map(|(row, code)| {
            file.issue(
                codes::SCHOOL_UNKNOWN,
                row,
                columns::SCHOOL,
                Some(code.to_string()),
                format!("学校标识码 {code} 不在本区县任何学年的学校统计数据中；请先导入该学年的学校统计数据，或核对代码"),
            )
        })
        .collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(problems(issues, file))
    }
}

/// What `file` would write, checked against the district (administrators, the operator).
pub async fn preview(
    store: &DistrictStore,
    caller: &Caller<'_>,
    file: &SeatFile,
) -> Result<Preview, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    check(store, file).await?;
    let stored = store.seat_inputs().await?;
    Ok(preview_of(file, &stored))
}

fn preview_of(file: &SeatFile, stored: &SeatInputs) -> Preview {
    let (years, stored_years, units): (BTreeSet<i32>, BTreeSet<i32>, usize) = match &file.rows {
        SeatRows::Births(r) => {
            let series: BTreeSet<_> = r.iter().map(|b| b.series).collect();
            (
                r.iter().map(|b| b.year).collect(),
                stored
                    .birth_years()
                    .into_iter()
                    .filter(|(s, _)| series.contains(s))
                    .map(|(_, y)| y)
                    .collect(),
                r.iter().map(|b| &b.area).collect::<BTreeSet<_>>().len(),
            )
        }
        SeatRows::Zones(r) => (
            BTreeSet::new(),
            BTreeSet::new(),
            r.iter().map(|z| &z.zone).collect::<BTreeSet<_>>().len(),
        ),
        SeatRows::Enrolment(r) => (
            r.iter().map(|e| e.year).collect(),
            stored.enrolment_years(),
            r.iter().map(|e| &e.school).collect::<BTreeSet<_>>().len(),
        ),
        SeatRows::Capacity(r) => (
            r.iter().map(|c| c.year).collect(),
            stored.capacity_years(),
            r.iter().map(|c| &c.school).collect::<BTreeSet<_>>().len(),
        ),
    };
    let replaced = if file.kind() == SeatFileKind::Zones {
        if stored.zones.is_empty() {
            vec![]
        } else {
            vec![0]
        }
    } else {
        years.intersection(&stored_years).copied().collect()
    };
    Preview {
        kind: file.kind(),
        rows: file.len(),
        years: years.into_iter().collect(),
        replaced,
        units,
    }
}

/// Imports a read file (administrators, the operator): checked against the district, then
/// written whole with its audit entry — or not at all. Years already stored are replaced only
/// with `confirm_replace` ([`Refused::Unconfirmed`] otherwise).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    file: &SeatFile,
    confirm_replace: bool,
) -> Result<Preview, Refused> {
    let preview = preview(store, caller, file).await?;
    if !preview.replaced.is_empty() && !confirm_replace {
        return Err(Refused::Unconfirmed(preview));
    }
    let actor = caller.actor();
    match &file.rows {
        SeatRows::Births(r) => {
            let rows: Vec<Birth> = r
                .iter()
                .map(|b| Birth {
                    area: b.area.clone(),
                    series: b.series,
                    year: b.year,
                    births: b.births,
                })
                .collect();
            store.replace_births(&rows, &actor).await?;
        }
        SeatRows::Zones(r) => {
            let rows: Vec<AreaZone> = r
                .iter()
                .map(|z| AreaZone {
                    area: z.area.clone(),
                    zone: z.zone.clone(),
                    share: z.share,
                })
                .collect();
            store.replace_area_zones(&rows, &actor).await?;
        }
        SeatRows::Enrolment(r) => {
            let rows: Vec<Enrolment> = r
                .iter()
                .map(|e| Enrolment {
                    year: e.year,
                    school: e.school.clone(),
                    grade: e.grade,
                    pupils: e.pupils,
                    migrant: e.migrant,
                })
                .collect();
            store.replace_enrolment(&rows, &actor).await?;
        }
        SeatRows::Capacity(r) => {
            let rows: Vec<Capacity> = r
                .iter()
                .map(|c| Capacity {
                    year: c.year,
                    school: c.school.clone(),
                    primary_classes: c.primary_classes,
                    junior_classes: c.junior_classes,
                    primary_seats: c.primary_seats,
                    junior_seats: c.junior_seats,
                    classrooms: c.classrooms,
                })
                .collect();
            store.replace_capacity(&rows, &actor).await?;
        }
    }
    Ok(preview)
}

/// Each school's 学区 and name, from the latest school year's statistics that list it.
pub async fn schools(
    store: &DistrictStore,
) -> Result<(ZoneOf, BTreeMap<SchoolCode, String>), StoreError> {
    let mut zones = ZoneOf::new();
    let mut names = BTreeMap::new();
    let mut years: Vec<i32> = store.years().await?.iter().map(|y| y.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    for year in years {
        for r in store.statistics(year, None).await? {
            if let std::collections::btree_map::Entry::Vacant(e) = names.entry(r.code.clone()) {
                let zone = r.zone.as_deref().map(str::trim).filter(|z| !z.is_empty());
                zones.insert(r.code, zone.map(str::to_owned));
                e.insert(r.name);
            }
        }
    }
    Ok((zones, names))
}

/// The forecast of the district, its 学区 and its schools from what is stored, with the
/// projects of the ledger ([`ledger_additions`]) counted in the supply from the year each opens
/// (readers: see [`may_read`]). The back-test is always computed and returned with it.
pub async fn forecast(
    store: &DistrictStore,
    caller: &Caller<'_>,
    settings: &ForecastSettings,
) -> Result<Forecast, Refused> {
    if !may_read(caller) {
        return Err(Refused::Denied);
    }
    check_settings(settings)?;
    let inputs = store.seat_inputs().await?;
    let (zones, names) = schools(store).await?;
    let additions = ledger_additions(store, settings.model.horizon).await?;
    Ok(run::run(&inputs, &zones, &names, settings, &additions))
}

/// The classes the ledger's projects add (一校一案, [`crate::seats::projects`]), each from the
/// school year it opens up to `horizon`: every project with a year opened, 规划 ones at their
/// planned year (the forecast shows what the plan would supply). A year's approved capacity
/// already holds what opened by then ([`supply::supply`] counts a project only after the
/// capacity row it is set against).
pub async fn ledger_additions(
    store: &DistrictStore,
    horizon: i32,
) -> Result<Vec<Addition>, StoreError> {
    Ok(crate::seats::projects::opened_additions(store, horizon)
        .await?
        .into_iter()
        .filter(|p| p.adds.primary_classes + p.adds.junior_classes > 0)
        .map(|p| {
            (
                p.school,
                p.year_opened,
                p.adds.primary_classes,
                p.adds.junior_classes,
            )
        })
        .collect())
}

/// Refuses settings the model cannot run with (each message says what is expected).
pub fn check_settings(s: &ForecastSettings) -> Result<(), StoreError> {
    let m = &s.model;
    if !(5..=8).contains(&m.entry_age) {
        return Err(StoreError::invalid("入学年龄应为 5 至 8 岁"));
    }
    if !(1..=10).contains(&m.calibration_years) {
        return Err(StoreError::invalid("校准年数应为 1 至 10"));
    }
    if !(m.clip.0 > 0.0 && m.clip.0 <= 1.0 && m.clip.1 >= 1.0 && m.clip.1 <= 3.0) {
        return Err(StoreError::invalid(
            "升级比例的截断范围应为下限 0–1、上限 1–3（默认 0.8–1.2）",
        ));
    }
    if !(2000..=2060).contains(&m.horizon) {
        return Err(StoreError::invalid("预测截止学年应在 2000 至 2060 之间"));
    }
    if s.limits.iter().any(|l| !(20..=80).contains(l)) {
        return Err(StoreError::invalid("班额上限应为 20 至 80 人"));
    }
    if s.back_test_runs > 10 {
        return Err(StoreError::invalid("回测次数应不超过 10"));
    }
    Ok(())
}
