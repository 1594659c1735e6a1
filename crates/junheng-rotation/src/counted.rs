//! The ledger without its teachers: moves counted per (调出学校, 调入学校, 学段, years, 类型), each
//! group carrying only the sum of what its teachers count for in the school statistics. This is
//! what a district reports upward (数据上报): enough for the city to recompute the evaluation with
//! the ledger applied ([`apply_counted`]), and no teacher id, name, birth year, sex, subject or
//! degree.
//!
//! Applying the groups gives the same statistics as applying the moves one by one
//! ([`crate::apply_ledger`]) whenever each move applies: a transfer only adds and subtracts
//! counts, so the transfer of a sum is the sum of the transfers. A group is applied whole or not
//! at all; it can be refused where some of its moves alone would not only when the statistics
//! count fewer teachers at the home school than the roster sends away (reconciliation lists such
//! differences).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use junheng_core::rulebook::{CountAt, RotationRules};
use junheng_core::school::{SchoolCode, SchoolRecord, Section};

use crate::apply::{SkipReason, transfer};
use crate::ledger::{Move, MoveKind};
use crate::teacher::{Counts, Teacher, TeacherId};

/// Moves alike — same home and host school, 学段, years and 类型 — counted: how many, and the sum
/// of what their teachers count for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CountedMoves {
    /// 调出学校 (home school).
    pub from: SchoolCode,
    /// 调入学校 (host school).
    pub to: SchoolCode,
    /// The teachers' 学段 (小学 or 初中).
    pub section: Section,
    /// First school year at the host.
    pub start_year: i32,
    /// Last school year at the host (inclusive).
    pub end_year: i32,
    /// 类型.
    pub kind: MoveKind,
    /// How many moves (one teacher each).
    pub moves: u32,
    /// What the teachers count for, summed (`counts.teachers == moves`).
    pub counts: Counts,
}

impl CountedMoves {
    /// Whether the moves run in school year `year`.
    pub fn active_in(&self, year: i32) -> bool {
        self.start_year <= year && year <= self.end_year
    }
}

/// The ledger of one school year, counted: the groups of moves running that year, and how many
/// of its moves could not be counted because the year's roster does not have their teacher at
/// the home school (they change nothing in [`crate::apply_ledger`] either).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedLedger {
    /// The groups, ordered by (from, to, section, start, end, kind).
    pub rows: Vec<CountedMoves>,
    /// Moves running that year whose teacher is not in that year's roster at the home school.
    pub unresolved: u32,
}

/// Counts the moves of `ledger` running in `year`, each teacher's 学段 and counts taken from
/// `roster` (that year's rows). Teachers appear in no output: only how many moved between two
/// schools and what they count for together.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// use junheng_rotation::{count_ledger, synth};
/// let records = generate(&DemoSpec { schools: 30, seed: 4, year: 2024 });
/// let roster = synth::roster(&records, 4);
/// let ledger = synth::ledger(&records, &roster, &[2024], 0.1, 4);
/// let counted = count_ledger(&ledger, &roster, 2024);
/// let moves: u32 = counted.rows.iter().map(|r| r.moves).sum();
/// assert_eq!(moves as usize + counted.unresolved as usize, ledger.len());
/// assert!(counted.rows.iter().all(|r| r.counts.teachers == r.moves));
/// ```
pub fn count_ledger(ledger: &[Move], roster: &[Teacher], year: i32) -> CountedLedger {
    let teachers: HashMap<&TeacherId, &Teacher> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| (&t.id, t))
        .collect();
    type Key = (SchoolCode, SchoolCode, Section, i32, i32, MoveKind);
    let mut groups: BTreeMap<Key, (u32, Counts)> = BTreeMap::new();
    let mut unresolved = 0u32;
    for m in ledger.iter().filter(|m| m.active_in(year)) {
        match teachers.get(&m.teacher) {
            Some(t) if t.school == m.from => {
                let key = (
                    m.from.clone(),
                    m.to.clone(),
                    t.section,
                    m.start_year,
                    m.end_year,
                    m.kind,
                );
                let (moves, counts) = groups.entry(key).or_default();
                *moves = moves.saturating_add(1);
                *counts = sum(*counts, t.counts());
            }
            _ => unresolved = unresolved.saturating_add(1),
        }
    }
    CountedLedger {
        rows: groups
            .into_iter()
            .map(
                |((from, to, section, start_year, end_year, kind), (moves, counts))| CountedMoves {
                    from,
                    to,
                    section,
                    start_year,
                    end_year,
                    kind,
                    moves,
                    counts,
                },
            )
            .collect(),
        unresolved,
    }
}

fn sum(a: Counts, b: Counts) -> Counts {
    Counts {
        teachers: a.teachers.saturating_add(b.teachers),
        qualified: a.qualified.saturating_add(b.qualified),
        backbone: a.backbone.saturating_add(b.backbone),
        pe_arts: a.pe_arts.saturating_add(b.pe_arts),
        intermediate: a.intermediate.saturating_add(b.intermediate),
    }
}

/// The statistics of a year with a counted ledger applied.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedCounted {
    /// The records, changed.
    pub records: Vec<SchoolRecord>,
    /// Indexes (into the rows given) of the groups that changed them.
    pub applied: Vec<usize>,
    /// Groups running in the year that did not, and why.
    pub skipped: Vec<(usize, SkipReason)>,
}

/// Applies the groups of `rows` running in `year` to that year's `records`, under the same rules
/// as [`crate::apply_ledger`]: with `count_at = "home"` nothing moves, 走教 stays at home, and a
/// group that cannot be applied (a school missing, the host without the section, counts that do
/// not fit) changes nothing and is listed with its reason.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// use junheng_core::rulebook::RotationRules;
/// use junheng_rotation::{apply_counted, apply_ledger, count_ledger, synth};
/// let records = generate(&DemoSpec { schools: 30, seed: 4, year: 2024 });
/// let roster = synth::roster(&records, 4);
/// let ledger = synth::ledger(&records, &roster, &[2024], 0.1, 4);
/// let rules = RotationRules::default();
/// let counted = count_ledger(&ledger, &roster, 2024);
/// let by_group = apply_counted(&records, &counted.rows, 2024, &rules);
/// assert_eq!(by_group.records, apply_ledger(&records, &roster, &ledger, 2024, &rules).records);
/// ```
pub fn apply_counted(
    records: &[SchoolRecord],
    rows: &[CountedMoves],
    year: i32,
    rules: &RotationRules,
) -> AppliedCounted {
    let mut out = records.to_vec();
    let index: HashMap<SchoolCode, usize> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| r.year == year)
        .map(|(i, r)| (r.code.clone(), i))
        .collect();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.active_in(year)) {
        let result = if rules.count_at == CountAt::Home {
            Err(SkipReason::CountedAtHome)
        } else if row.kind == MoveKind::Itinerant {
            Err(SkipReason::Itinerant)
        } else {
            transfer(
                &mut out,
                &index,
                &row.from,
                &row.to,
                row.section,
                row.counts,
            )
        };
        match result {
            Ok(()) => applied.push(i),
            Err(reason) => skipped.push((i, reason)),
        }
    }
    AppliedCounted {
        records: out,
        applied,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate_years};

    use super::*;
    use crate::{apply_ledger, synth};

    #[test]
    fn groups_apply_exactly_as_the_moves_over_several_years() {
        let records = generate_years(
            &DemoSpec {
                schools: 60,
                seed: 9,
                year: 2022,
            },
            3,
        );
        let roster = synth::roster(&records, 9);
        let mut ledger = synth::ledger(&records, &roster, &[2022, 2023, 2024], 0.1, 9);
        assert!(ledger.len() > 5, "{}", ledger.len());
        // A 走教 move and a move whose teacher the roster does not know.
        ledger[0].kind = MoveKind::Itinerant;
        let mut stranger = ledger[1].clone();
        stranger.teacher = TeacherId::parse("NOBODY").unwrap();
        (stranger.start_year, stranger.end_year) = (2022, 2024);
        ledger.push(stranger);
        let rules = RotationRules::default();
        for year in [2022, 2023, 2024] {
            let counted = count_ledger(&ledger, &roster, year);
            let one_by_one = apply_ledger(&records, &roster, &ledger, year, &rules);
            let grouped = apply_counted(&records, &counted.rows, year, &rules);
            assert_eq!(grouped.records, one_by_one.records, "{year}");
            let moved: u32 = grouped.applied.iter().map(|&i| counted.rows[i].moves).sum();
            assert_eq!(moved as usize, one_by_one.applied.len(), "{year}");
            let unknown = one_by_one
                .skipped
                .iter()
                .filter(|(_, r)| {
                    matches!(r, SkipReason::NotInRoster | SkipReason::OtherSchool { .. })
                })
                .count();
            // apply_ledger names a 走教 move's reason before looking its teacher up.
            let itinerant = one_by_one
                .skipped
                .iter()
                .filter(|(_, r)| *r == SkipReason::Itinerant)
                .count();
            let unresolved = counted.unresolved as usize;
            assert!(
                unknown <= unresolved && unresolved <= unknown + itinerant,
                "{year}"
            );
            assert!(unresolved >= 1, "{year}");
        }
    }

    #[test]
    fn groups_sum_their_teachers_and_say_nothing_else() {
        let records = generate_years(
            &DemoSpec {
                schools: 40,
                seed: 2,
                year: 2024,
            },
            1,
        );
        let roster = synth::roster(&records, 2);
        let ledger = synth::ledger(&records, &roster, &[2024], 0.2, 2);
        let counted = count_ledger(&ledger, &roster, 2024);
        assert!(counted.rows.iter().any(|r| r.moves > 1));
        for row in &counted.rows {
            let theirs: Vec<&Teacher> = ledger
                .iter()
                .filter(|m| m.from == row.from && m.to == row.to && m.kind == row.kind)
                .map(|m| roster.iter().find(|t| t.id == m.teacher && t.year == 2024))
                .map(Option::unwrap)
                .filter(|t| t.section == row.section)
                .collect();
            assert_eq!(theirs.len() as u32, row.moves);
            let backbone: u32 = theirs.iter().map(|t| t.counts().backbone).sum();
            assert_eq!(row.counts.backbone, backbone);
        }
        // Nothing outside the year; counting at home moves nothing.
        assert!(count_ledger(&ledger, &roster, 2030).rows.is_empty());
        let home = RotationRules {
            count_at: CountAt::Home,
            ..RotationRules::default()
        };
        let applied = apply_counted(&records, &counted.rows, 2024, &home);
        assert_eq!(applied.records, records);
        assert!(
            applied
                .skipped
                .iter()
                .all(|(_, r)| *r == SkipReason::CountedAtHome)
        );
    }
}
