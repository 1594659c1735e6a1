//! Does the roster agree with the school statistics? Per school and 学段, the roster's counts of
//! teachers, qualified, 骨干, PE/arts (and titled, when the roster has titles) against the table.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use junheng_core::school::{SchoolCode, SchoolRecord, Section};

use crate::teacher::{Counts, Teacher};

/// One count that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称 (empty when the school is not in the statistics).
    pub name: String,
    /// 学段.
    pub section: Section,
    /// Which count, in Chinese (e.g. "骨干教师数").
    pub field: &'static str,
    /// What the roster counts (teachers of one school and section: a sum, so `u64`).
    pub roster: u64,
    /// What the statistics say.
    pub statistics: u64,
}

/// The roster's counts of one school and section: sums of teachers' [`Counts`], in `u64`.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    teachers: u64,
    qualified: u64,
    backbone: u64,
    pe_arts: u64,
    intermediate: u64,
}

impl std::ops::AddAssign<Counts> for Totals {
    fn add_assign(&mut self, c: Counts) {
        self.teachers += u64::from(c.teachers);
        self.qualified += u64::from(c.qualified);
        self.backbone += u64::from(c.backbone);
        self.pe_arts += u64::from(c.pe_arts);
        self.intermediate += u64::from(c.intermediate);
    }
}

/// Compares the roster of `year` with the statistics of `year`; returns every differing count,
/// ordered by school and section. A school-section with teachers in only one of the two shows
/// every count it has.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// use junheng_rotation::{reconcile, synth};
/// let records = generate(&DemoSpec { schools: 10, seed: 2, year: 2024 });
/// let mut roster = synth::roster(&records, 2);
/// assert!(reconcile(&records, &roster, 2024).is_empty());
/// roster.pop();
/// assert!(!reconcile(&records, &roster, 2024).is_empty());
/// ```
pub fn reconcile(records: &[SchoolRecord], roster: &[Teacher], year: i32) -> Vec<Mismatch> {
    let mut counted: BTreeMap<(SchoolCode, Section), (Totals, bool)> = BTreeMap::new();
    for t in roster.iter().filter(|t| t.year == year) {
        let entry = counted
            .entry((t.school.clone(), t.section))
            .or_insert((Totals::default(), true));
        entry.0 += t.counts();
        entry.1 &= t.title.is_some();
    }
    let of_year: HashMap<&SchoolCode, &SchoolRecord> = records
        .iter()
        .filter(|r| r.year == year)
        .map(|r| (&r.code, r))
        .collect();
    for r in of_year.values() {
        for section in [Section::Primary, Section::Junior] {
            let s = r.section(section).expect("evaluated sections have stats");
            if s.teachers > 0 {
                counted
                    .entry((r.code.clone(), section))
                    .or_insert((Totals::default(), true));
            }
        }
    }
    let stats_of = |code: &SchoolCode, section: Section| {
        of_year
            .get(code)
            .and_then(|r| r.section(section).copied())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for ((school, section), (c, titled)) in counted {
        let s = stats_of(&school, section);
        let mut pairs = vec![
            ("专任教师数", c.teachers, u64::from(s.teachers)),
            (
                "高于规定学历教师数",
                c.qualified,
                u64::from(s.qualified_teachers),
            ),
            ("骨干教师数", c.backbone, u64::from(s.backbone_teachers)),
            (
                "体育艺术专任教师数",
                c.pe_arts,
                u64::from(s.pe_arts_teachers),
            ),
        ];
        if titled && c.teachers > 0 {
            pairs.push((
                "中级及以上职称教师数",
                c.intermediate,
                u64::from(s.intermediate_title_teachers),
            ));
        }
        for (field, roster, statistics) in pairs {
            if roster != statistics {
                out.push(Mismatch {
                    name: of_year
                        .get(&school)
                        .map(|r| r.name.clone())
                        .unwrap_or_default(),
                    school: school.clone(),
                    section,
                    field,
                    roster,
                    statistics,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};

    use super::*;
    use crate::synth;
    use crate::teacher::BackboneLevel;

    #[test]
    fn each_differing_count_is_reported_once_with_both_numbers() {
        let records = generate(&DemoSpec {
            schools: 25,
            seed: 9,
            year: 2024,
        });
        let mut roster = synth::roster(&records, 9);
        assert!(reconcile(&records, &roster, 2024).is_empty());
        let i = roster.iter().position(|t| !t.backbone.counts()).unwrap();
        roster[i].backbone = BackboneLevel::Province;
        let school = roster[i].school.clone();
        let m = reconcile(&records, &roster, 2024);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].field, m[0].school.clone()), ("骨干教师数", school));
        assert_eq!(m[0].roster, m[0].statistics + 1);
        // Without titles the titled count is not compared.
        for t in &mut roster {
            t.title = None;
        }
        assert_eq!(reconcile(&records, &roster, 2024).len(), 1);
        // A school the statistics do not know shows with an empty name.
        roster[0].school = SchoolCode::parse("9999999999").unwrap();
        let m = reconcile(&records, &roster, 2024);
        assert!(m.iter().any(|m| m.name.is_empty() && m.statistics == 0));
        // Another year's roster is not compared.
        assert!(!reconcile(&records, &[], 2024).is_empty());
        assert!(reconcile(&records, &roster, 2030).is_empty());
    }
}
