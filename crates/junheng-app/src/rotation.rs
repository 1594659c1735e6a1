//! Teacher rotation's writes: a roster file (one or several school years, each a new version,
//! all or none), a ledger file, an accepted plan.

use std::collections::BTreeMap;

use junheng_rotation::{Move, Teacher};
use junheng_store::{Actor, DistrictStore, MoveSource, RosterVersion, StoreError};

/// The teachers of a roster file by school year.
pub fn by_year(teachers: Vec<Teacher>) -> BTreeMap<i32, Vec<Teacher>> {
    let mut years: BTreeMap<i32, Vec<Teacher>> = BTreeMap::new();
    for t in teachers {
        years.entry(t.year).or_default().push(t);
    }
    years
}

/// Stores a roster file: each school year it holds replaces that year's roster as a new
/// version, in one transaction.
pub async fn import_roster(
    district: &DistrictStore,
    teachers: Vec<Teacher>,
    actor: &Actor,
) -> Result<Vec<RosterVersion>, StoreError> {
    let years = by_year(teachers);
    let years: Vec<(i32, &[Teacher])> = years.iter().map(|(y, t)| (*y, t.as_slice())).collect();
    district.replace_rosters(&years, actor).await
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

/// Writes the moves of an accepted plan to the ledger.
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
