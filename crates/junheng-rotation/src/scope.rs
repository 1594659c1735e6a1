//! The scope of a move (交流范围): inside an 教育集团, between the schools of an alliance
//! (联盟), between other schools of the district, or across districts — the four the source
//! reports name («在教育集团内、联盟学校间、校际间、跨区域交流轮岗», seed-practices D2).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use junheng_core::school::SchoolCode;

use crate::ledger::Move;
use crate::teacher::words;

/// 交流范围 of a move, derived from where its two schools stand in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveScope {
    /// Both schools in one 教育集团 that is not an alliance.
    Group,
    /// Both schools in one group of the alliance kind (联盟型).
    Alliance,
    /// Both schools in the district, not in one group.
    Schools,
    /// A school outside the district's statistics of the year (支教 to another 区县, say).
    CrossRegion,
}

words!(MoveScope {
    Group => "集团内",
    Alliance => "联盟学校间",
    Schools => "校际间",
    CrossRegion => "跨区域",
});

/// Where the schools of a year stand: their 教育集团, which groups are alliances, and which
/// schools are the district's.
#[derive(Debug, Clone, Default)]
pub struct ScopeMap {
    /// 教育集团 of each school (as [`crate::groups_of`] gives it).
    pub groups: BTreeMap<SchoolCode, String>,
    /// Names of the groups of the alliance kind (a registry type containing 联盟).
    pub alliances: BTreeSet<String>,
    /// The schools of the district's statistics.
    pub schools: BTreeSet<SchoolCode>,
}

impl ScopeMap {
    /// The scope of a move.
    ///
    /// ```
    /// use junheng_rotation::{MoveScope, ScopeMap};
    /// # let m = junheng_rotation::synth::example_move("5001120001", "5001120002");
    /// let mut map = ScopeMap::default();
    /// map.schools.extend([m.from.clone(), m.to.clone()]);
    /// assert_eq!(map.scope(&m), MoveScope::Schools);
    /// map.groups.insert(m.from.clone(), "一集团".into());
    /// map.groups.insert(m.to.clone(), "一集团".into());
    /// assert_eq!(map.scope(&m), MoveScope::Group);
    /// map.alliances.insert("一集团".into());
    /// assert_eq!(map.scope(&m), MoveScope::Alliance);
    /// map.schools.remove(&m.to);
    /// assert_eq!(map.scope(&m), MoveScope::CrossRegion);
    /// ```
    pub fn scope(&self, m: &Move) -> MoveScope {
        if !self.schools.contains(&m.from) || !self.schools.contains(&m.to) {
            return MoveScope::CrossRegion;
        }
        match (self.groups.get(&m.from), self.groups.get(&m.to)) {
            (Some(a), Some(b)) if a == b && self.alliances.contains(a) => MoveScope::Alliance,
            (Some(a), Some(b)) if a == b => MoveScope::Group,
            _ => MoveScope::Schools,
        }
    }

    /// How many of `moves` fall in each scope (every scope present, zero included).
    pub fn tally<'m>(&self, moves: impl IntoIterator<Item = &'m Move>) -> BTreeMap<MoveScope, u64> {
        let mut out: BTreeMap<MoveScope, u64> = MoveScope::ALL.iter().map(|s| (*s, 0)).collect();
        for m in moves {
            *out.entry(self.scope(m)).or_default() += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::example_move;

    #[test]
    fn the_tally_lists_every_scope_and_counts_each_move_once() {
        let a = example_move("5001120001", "5001120002");
        let b = example_move("5001120001", "5001129999");
        let map = ScopeMap {
            schools: [a.from.clone(), a.to.clone()].into(),
            ..ScopeMap::default()
        };
        let t = map.tally([&a, &b]);
        assert_eq!(t.len(), 4);
        assert_eq!(t[&MoveScope::Schools], 1);
        assert_eq!(t[&MoveScope::CrossRegion], 1);
        assert_eq!(MoveScope::expected(), "集团内、联盟学校间、校际间、跨区域");
    }
}
