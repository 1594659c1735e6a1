//! The ledger's effect on the school statistics: in a year a rotation runs, the teacher counts at
//! the host school (when the rulebook says so), so the evaluation of that year can be computed
//! with the ledger applied.

use std::collections::HashMap;

use serde::Serialize;

use junheng_core::rulebook::{CountAt, RotationRules};
use junheng_core::school::{SchoolCode, SchoolRecord, Section, SectionStats};

use crate::ledger::{Move, MoveKind};
use crate::teacher::{Counts, Teacher, TeacherId};

/// Why a move of the ledger did not change the statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// The rulebook counts rotating teachers at their home school.
    CountedAtHome,
    /// 走教: the teacher stays on the home school's staff.
    Itinerant,
    /// The teacher is not in the year's roster, so what they count for is unknown.
    NotInRoster,
    /// The roster places the teacher at another school than the move's 调出 school.
    OtherSchool {
        /// The school of the roster.
        roster_school: SchoolCode,
    },
    /// A school of the move is not in the year's statistics.
    UnknownSchool {
        /// The missing school.
        school: SchoolCode,
    },
    /// The host school has no section of the teacher's 学段.
    HostLacksSection,
    /// The home school's statistics count fewer such teachers than are leaving.
    HomeCountsShort,
    /// The host school's statistics already count as many teachers as a count can hold
    /// (4 294 967 295): one more does not fit.
    HostCountsFull,
}

impl SkipReason {
    /// The reason in Chinese.
    pub fn describe(&self) -> String {
        match self {
            SkipReason::CountedAtHome => "规则设定交流教师计入原学校".to_owned(),
            SkipReason::Itinerant => "走教教师仍计入原学校".to_owned(),
            SkipReason::NotInRoster => "该教师不在本学年花名册中".to_owned(),
            SkipReason::OtherSchool { roster_school } => {
                format!("花名册中该教师属于 {roster_school}，与调出学校不一致")
            }
            SkipReason::UnknownSchool { school } => format!("学校 {school} 不在本学年统计数据中"),
            SkipReason::HostLacksSection => "调入学校没有该教师的学段".to_owned(),
            SkipReason::HomeCountsShort => "调出学校统计的教师数少于调出人数".to_owned(),
            SkipReason::HostCountsFull => {
                format!("调入学校统计的教师数已达上限 {}，无法再计入", u32::MAX)
            }
        }
    }
}

/// A move the statistics were changed by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedMove<'m> {
    /// The move.
    pub r#move: &'m Move,
    /// The teacher's 学段.
    pub section: Section,
    /// What moved with the teacher.
    pub counts: Counts,
}

/// The statistics of a year with the ledger applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied<'m> {
    /// The records, changed.
    pub records: Vec<SchoolRecord>,
    /// Moves that changed them.
    pub applied: Vec<AppliedMove<'m>>,
    /// Moves active in the year that did not, and why.
    pub skipped: Vec<(&'m Move, SkipReason)>,
}

/// Applies the moves of `ledger` active in `year` to that year's `records`, taking each teacher's
/// 学段 and counts from `roster` (the year's roster).
///
/// Records of other years are returned unchanged. Moves are applied in ledger order; one that
/// cannot be applied is listed with its reason and changes nothing.
pub fn apply_ledger<'m>(
    records: &[SchoolRecord],
    roster: &[Teacher],
    ledger: &'m [Move],
    year: i32,
    rules: &RotationRules,
) -> Applied<'m> {
    let mut out = records.to_vec();
    let index: HashMap<SchoolCode, usize> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| r.year == year)
        .map(|(i, r)| (r.code.clone(), i))
        .collect();
    let teachers: HashMap<&TeacherId, &Teacher> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| (&t.id, t))
        .collect();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for m in ledger.iter().filter(|m| m.active_in(year)) {
        let result =
            if rules.count_at == CountAt::Home {
                Err(SkipReason::CountedAtHome)
            } else if m.kind == MoveKind::Itinerant {
                Err(SkipReason::Itinerant)
            } else {
                match teachers.get(&m.teacher) {
                    None => Err(SkipReason::NotInRoster),
                    Some(t) if t.school != m.from => Err(SkipReason::OtherSchool {
                        roster_school: t.school.clone(),
                    }),
                    Some(t) => transfer(&mut out, &index, &m.from, &m.to, t.section, t.counts())
                        .map(|()| AppliedMove {
                            r#move: m,
                            section: t.section,
                            counts: t.counts(),
                        }),
                }
            };
        match result {
            Ok(a) => applied.push(a),
            Err(reason) => skipped.push((m, reason)),
        }
    }
    Applied {
        records: out,
        applied,
        skipped,
    }
}

/// Moves `counts` of section `section` from school `from` to school `to` in `records`
/// (`index`: code → position). Changes nothing when it fails.
pub(crate) fn transfer(
    records: &mut [SchoolRecord],
    index: &HashMap<SchoolCode, usize>,
    from: &SchoolCode,
    to: &SchoolCode,
    section: Section,
    counts: Counts,
) -> Result<(), SkipReason> {
    let unknown = |school: &SchoolCode| SkipReason::UnknownSchool {
        school: school.clone(),
    };
    let &f = index.get(from).ok_or_else(|| unknown(from))?;
    let &t = index.get(to).ok_or_else(|| unknown(to))?;
    if !records[t].kind.has(section) {
        return Err(SkipReason::HostLacksSection);
    }
    let home = stats_mut(&mut records[f], section).ok_or(SkipReason::HomeCountsShort)?;
    let home_before = *home;
    *home = subtract(home, counts).ok_or(SkipReason::HomeCountsShort)?;
    let host = stats_mut(&mut records[t], section).ok_or(SkipReason::HostLacksSection)?;
    // A cell holds at most u32::MAX: a host already full is left alone, and so is the home.
    match add(host, counts) {
        Some(after) => {
            *host = after;
            Ok(())
        }
        None => {
            if let Some(home) = stats_mut(&mut records[f], section) {
                *home = home_before;
            }
            Err(SkipReason::HostCountsFull)
        }
    }
}

fn stats_mut(record: &mut SchoolRecord, section: Section) -> Option<&mut SectionStats> {
    match section {
        Section::Primary => Some(&mut record.primary),
        Section::Junior => Some(&mut record.junior),
        Section::Senior => None,
    }
}

/// The section's counts paired with what a teacher's counts add to each.
fn fields(s: &mut SectionStats, c: Counts) -> [(&mut u32, u32); 5] {
    [
        (&mut s.teachers, c.teachers),
        (&mut s.qualified_teachers, c.qualified),
        (&mut s.backbone_teachers, c.backbone),
        (&mut s.pe_arts_teachers, c.pe_arts),
        (&mut s.intermediate_title_teachers, c.intermediate),
    ]
}

fn subtract(s: &SectionStats, c: Counts) -> Option<SectionStats> {
    let mut out = *s;
    for (field, n) in fields(&mut out, c) {
        *field = field.checked_sub(n)?;
    }
    Some(out)
}

fn add(s: &SectionStats, c: Counts) -> Option<SectionStats> {
    let mut out = *s;
    for (field, n) in fields(&mut out, c) {
        *field = field.checked_add(n)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::school::SchoolKind;

    use super::*;
    use crate::synth;

    #[test]
    fn an_active_move_shifts_the_teachers_counts_to_the_host_and_back_afterwards() {
        let records = generate(&DemoSpec {
            schools: 40,
            seed: 3,
            year: 2024,
        });
        let roster = synth::roster(&records, 3);
        let t = roster
            .iter()
            .find(|t| t.section == Section::Primary && t.backbone.counts() && t.pe_arts)
            .or_else(|| {
                roster
                    .iter()
                    .find(|t| t.section == Section::Primary && t.backbone.counts())
            })
            .unwrap();
        let host = records
            .iter()
            .find(|r| r.code != t.school && r.kind == SchoolKind::Primary)
            .unwrap();
        let ledger = vec![Move {
            teacher: t.id.clone(),
            from: t.school.clone(),
            to: host.code.clone(),
            start_year: 2023,
            end_year: 2024,
            kind: MoveKind::Rotation,
        }];
        let rules = RotationRules::default();
        let a = apply_ledger(&records, &roster, &ledger, 2024, &rules);
        assert!(a.skipped.is_empty(), "{:?}", a.skipped);
        let find =
            |rs: &[SchoolRecord], c: &SchoolCode| rs.iter().find(|r| &r.code == c).unwrap().primary;
        let (home0, home1) = (find(&records, &t.school), find(&a.records, &t.school));
        let (host0, host1) = (find(&records, &host.code), find(&a.records, &host.code));
        assert_eq!(home1.teachers + 1, home0.teachers);
        assert_eq!(home1.backbone_teachers + 1, home0.backbone_teachers);
        assert_eq!(host1.teachers, host0.teachers + 1);
        assert_eq!(host1.backbone_teachers, host0.backbone_teachers + 1);
        assert_eq!(host1.students, host0.students);
        // The year after the move ended nothing changes; counting at home changes nothing.
        assert!(
            apply_ledger(&records, &roster, &ledger, 2025, &rules)
                .applied
                .is_empty()
        );
        let home_rules = RotationRules {
            count_at: CountAt::Home,
            ..rules
        };
        let a = apply_ledger(&records, &roster, &ledger, 2024, &home_rules);
        assert_eq!(a.records, records);
        assert_eq!(a.skipped[0].1, SkipReason::CountedAtHome);
    }

    #[test]
    fn moves_that_cannot_apply_say_why_and_change_nothing() {
        let records = generate(&DemoSpec {
            schools: 30,
            seed: 5,
            year: 2024,
        });
        let roster = synth::roster(&records, 5);
        let t = roster
            .iter()
            .find(|t| t.section == Section::Junior)
            .unwrap();
        let primary_only = records
            .iter()
            .find(|r| r.kind == SchoolKind::Primary)
            .unwrap();
        let mk = |teacher: &TeacherId, from: &SchoolCode, to: &SchoolCode, kind| Move {
            teacher: teacher.clone(),
            from: from.clone(),
            to: to.clone(),
            start_year: 2024,
            end_year: 2024,
            kind,
        };
        let stranger = TeacherId::parse("NOBODY").unwrap();
        let nowhere = SchoolCode::parse("9999999999").unwrap();
        let ledger = vec![
            mk(&t.id, &t.school, &primary_only.code, MoveKind::Exchange),
            mk(&t.id, &t.school, &nowhere, MoveKind::Exchange),
            mk(&stranger, &t.school, &primary_only.code, MoveKind::Exchange),
            mk(&t.id, &primary_only.code, &t.school, MoveKind::Exchange),
            mk(&t.id, &t.school, &primary_only.code, MoveKind::Itinerant),
        ];
        let a = apply_ledger(&records, &roster, &ledger, 2024, &RotationRules::default());
        assert_eq!(a.records, records);
        let reasons: Vec<_> = a.skipped.iter().map(|(_, r)| r.clone()).collect();
        assert_eq!(reasons[0], SkipReason::HostLacksSection);
        assert_eq!(reasons[1], SkipReason::UnknownSchool { school: nowhere });
        assert_eq!(reasons[2], SkipReason::NotInRoster);
        assert!(matches!(reasons[3], SkipReason::OtherSchool { .. }));
        assert_eq!(reasons[4], SkipReason::Itinerant);
        assert!(reasons.iter().all(|r| !r.describe().is_empty()));
    }
}
