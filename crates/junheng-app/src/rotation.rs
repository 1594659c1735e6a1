//! Teacher rotation's writes: a roster file (one or several school years, each a new version,
//! all or none; compared with the current version first, see [`crate::versions`]), restoring
//! an earlier roster version, a ledger file, an accepted plan.

use std::collections::BTreeMap;

use junheng_core::rulebook::RotationRules;
use junheng_core::school::SchoolCode;
use junheng_core::school::SchoolRecord;
use junheng_io::rotation::LedgerLine;
use junheng_rotation::{Move, Quota, Teacher, groups_of, rotation_year, special_schools};
use junheng_store::{
    Actor, DistrictStore, LedgerEntry, MoveFilter, MoveSource, RosterVersion, StoreError,
    VersionOrigin,
};

use crate::versions::{Comparison, WriteOptions, check_restore, roster_version};

/// The district's rotation quota of school year `year` (政府保障程度 11) from `records` (that
/// year's statistics), its roster and the whole ledger; `None` when the year has no roster.
pub async fn year_quota(
    store: &DistrictStore,
    year: i32,
    records: &[SchoolRecord],
    rules: &RotationRules,
) -> Result<Option<Quota>, StoreError> {
    let roster = store.roster(year).await?;
    if roster.is_empty() {
        return Ok(None);
    }
    let ledger: Vec<Move> = store
        .moves(&MoveFilter::default())
        .await?
        .into_iter()
        .map(|e| e.move_)
        .collect();
    let groups = groups_of(records, year);
    let special = special_schools(records, year);
    Ok(Some(
        rotation_year(year, &roster, &ledger, &groups, &special, rules).district,
    ))
}

/// The teachers of a roster file by school year.
pub fn by_year(teachers: Vec<Teacher>) -> BTreeMap<i32, Vec<Teacher>> {
    let mut years: BTreeMap<i32, Vec<Teacher>> = BTreeMap::new();
    for t in teachers {
        years.entry(t.year).or_default().push(t);
    }
    years
}

/// What a roster file would change, per school year, written as `options.mode` says: the new
/// teachers of each year and their comparison with the year's current version.
pub async fn compare_roster(
    district: &DistrictStore,
    teachers: Vec<Teacher>,
    options: &WriteOptions,
) -> Result<Vec<(Vec<Teacher>, Comparison)>, StoreError> {
    let mut years = Vec::new();
    for (year, file) in by_year(teachers) {
        let current_version = district
            .roster_versions(year)
            .await?
            .first()
            .map(|v| v.version);
        let current = match current_version {
            Some(v) => district.roster_at(year, v).await?,
            None => Vec::new(),
        };
        years.push(roster_version(
            year,
            current_version,
            &current,
            &file,
            options.mode,
        ));
    }
    Ok(years)
}

/// Stores a roster file: each school year it holds becomes a new version of that year (the
/// file's teachers, or — `Mode::UpdateListed` — the current version with the file's schools
/// replaced), in one transaction. Refused, with nothing written, when a year's new version
/// removes at least `options.threshold` of its teachers or a whole school and
/// `options.confirm_removals` is not set.
pub async fn import_roster(
    district: &DistrictStore,
    teachers: Vec<Teacher>,
    file_name: &str,
    options: &WriteOptions,
    actor: &Actor,
) -> Result<Vec<RosterVersion>, StoreError> {
    let years = compare_roster(district, teachers, options).await?;
    for (_, cmp) in &years {
        cmp.check(options, "教师花名册")?;
    }
    let writes: Vec<(i32, &[Teacher], VersionOrigin)> = years
        .iter()
        .map(|(t, cmp)| (cmp.year, t.as_slice(), cmp.origin(options.mode)))
        .collect();
    district
        .replace_rosters_from(&writes, file_name, actor)
        .await
}

/// Restores version `version` of the roster of `year` as a new version (`confirmed`: the user
/// ticked the confirmation).
pub async fn restore_roster(
    district: &DistrictStore,
    year: i32,
    version: u32,
    confirmed: bool,
    actor: &Actor,
) -> Result<RosterVersion, StoreError> {
    check_restore(confirmed, "教师花名册", version)?;
    let teachers = district.roster_at(year, version).await?;
    let mut stored = district
        .replace_rosters_from(
            &[(year, &teachers, VersionOrigin::restore(version))],
            "",
            actor,
        )
        .await?;
    Ok(stored.remove(0))
}

/// Adds the moves of a ledger file (refused whole when one overlaps a recorded move).
pub async fn import_ledger(
    district: &DistrictStore,
    moves: &[Move],
    actor: &Actor,
    note: Option<&str>,
) -> Result<Vec<i64>, StoreError> {
    district
        .add_moves(moves, MoveSource::Import, actor, note)
        .await
}

/// Writes the moves of an accepted plan to the ledger as one batch (its id is the first
/// returned move id).
pub async fn accept_plan(
    district: &DistrictStore,
    moves: &[Move],
    actor: &Actor,
    note: &str,
) -> Result<Vec<i64>, StoreError> {
    if moves.is_empty() {
        return Err(StoreError::invalid("方案中没有可写入台账的交流"));
    }
    district
        .add_moves(moves, MoveSource::Plan, actor, Some(note))
        .await
}

/// Cancels every active move of a ledger batch (an accepted plan, a ledger file) with a reason.
pub async fn cancel_batch(
    district: &DistrictStore,
    batch: i64,
    actor: &Actor,
    reason: &str,
) -> Result<u64, StoreError> {
    district.cancel_batch(batch, actor, reason).await
}

/// Where a ledger entry came from, in Chinese.
pub fn source_label(source: MoveSource) -> &'static str {
    match source {
        MoveSource::Import => "导入",
        MoveSource::Manual => "手工录入",
        MoveSource::Plan => "交流方案",
    }
}

/// A ledger entry's state in a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveStatus {
    /// 已撤销.
    Cancelled,
    /// 在岗交流中: a move that began in an earlier year and still runs.
    StillRotating,
    /// 有效.
    InForce,
}

impl MoveStatus {
    /// The state of `entry` in school year `year`.
    pub fn of(entry: &LedgerEntry, year: i32) -> Self {
        if !entry.is_active() {
            MoveStatus::Cancelled
        } else if entry.move_.start_year < year {
            MoveStatus::StillRotating
        } else {
            MoveStatus::InForce
        }
    }

    /// The Chinese word the ledger uses.
    pub fn label(self) -> &'static str {
        match self {
            MoveStatus::Cancelled => "已撤销",
            MoveStatus::StillRotating => "在岗交流中",
            MoveStatus::InForce => "有效",
        }
    }
}

/// A ledger entry's state in school year `year`, in Chinese ([`MoveStatus`]).
pub fn status_label(entry: &LedgerEntry, year: i32) -> &'static str {
    MoveStatus::of(entry, year).label()
}

/// The ledger entries as the rotation workbook lists them in school year `year` (times in
/// Beijing time, schools with their names).
pub fn ledger_lines(
    entries: &[LedgerEntry],
    names: &BTreeMap<SchoolCode, String>,
    year: i32,
) -> Vec<LedgerLine> {
    let school = |c: &SchoolCode| match names.get(c) {
        Some(n) => format!("{c} {n}"),
        None => c.to_string(),
    };
    let time = |t: &Option<String>| {
        t.as_deref()
            .map_or(String::new(), junheng_core::date::beijing_text)
    };
    entries
        .iter()
        .map(|e| LedgerLine {
            id: e.id,
            batch: e.batch,
            teacher: e.move_.teacher.to_string(),
            from: school(&e.move_.from),
            to: school(&e.move_.to),
            start_year: e.move_.start_year,
            end_year: e.move_.end_year,
            kind: e.move_.kind.label().to_owned(),
            source: source_label(e.source).to_owned(),
            status: status_label(e, year).to_owned(),
            note: e.note.clone().unwrap_or_default(),
            created_by: e.created_by.clone(),
            created_at: junheng_core::date::beijing_text(&e.created_at),
            cancelled_by: e.cancelled_by.clone().unwrap_or_default(),
            cancelled_at: time(&e.cancelled_at),
            cancel_reason: e.cancel_reason.clone().unwrap_or_default(),
        })
        .collect()
}
