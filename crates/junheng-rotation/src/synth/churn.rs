//! A year of turnover for the demo roster: the changes a real roster shows from one school year
//! to the next, made without changing any school's section counts, so that the roster still
//! reconciles exactly with the statistics.

use std::collections::{BTreeMap, HashMap, HashSet};

use junheng_core::school::SchoolCode;

use crate::teacher::{BackboneLevel, Teacher, TeacherId};

/// What [`churn`] changed, each a count of pairs or teachers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Churn {
    /// 骨干级别 handed from a 骨干 to a colleague of the same school, subject and counts
    /// (降级/到期 and 晋升).
    pub demoted: usize,
    /// 骨干 exchanged between two schools (调出 and 调入 on both sides).
    pub moved: usize,
    /// 骨干 who left, their row taken by a newcomer under a new 教师编号 (离开 and 新入职).
    pub replaced: usize,
}

/// Year `year`'s rows of `roster` changed in every `every`-th school (by 学校标识码): the
/// first school of each run of `every` hands one 骨干级别 on, the second exchanges one 骨干
/// with the next school that has a like one (same 学段, 学科 and counts), the third loses one
/// 骨干 to a newcomer. Only 区级 and 市级 骨干 who were at the same school in `year − 1` take
/// part (higher ones carry titles), and no teacher in `keep` (e.g. the rotation ledger's).
/// Every school's section counts are unchanged.
pub fn churn(roster: &mut [Teacher], year: i32, every: usize, keep: &HashSet<TeacherId>) -> Churn {
    let mut done = Churn::default();
    let before: HashMap<TeacherId, SchoolCode> = roster
        .iter()
        .filter(|t| t.year == year - 1)
        .map(|t| (t.id.clone(), t.school.clone()))
        .collect();
    let stayed = |t: &Teacher| before.get(&t.id) == Some(&t.school) && !keep.contains(&t.id);
    let mid = |t: &Teacher| matches!(t.backbone, BackboneLevel::District | BackboneLevel::City);
    let mut schools: BTreeMap<SchoolCode, Vec<usize>> = BTreeMap::new();
    for (i, t) in roster.iter().enumerate() {
        if t.year == year {
            schools.entry(t.school.clone()).or_default().push(i);
        }
    }
    let order: Vec<&Vec<usize>> = schools.values().collect();
    let every = every.max(3);
    let mut touched: HashSet<usize> = HashSet::new();
    for (n, rows) in order.iter().enumerate() {
        let candidates = |touched: &HashSet<usize>| -> Vec<usize> {
            rows.iter()
                .copied()
                .filter(|&i| !touched.contains(&i) && stayed(&roster[i]) && mid(&roster[i]))
                .collect()
        };
        match n % every {
            0 => {
                let found = candidates(&touched).into_iter().find_map(|x| {
                    let t = &roster[x];
                    rows.iter()
                        .copied()
                        .find(|&y| {
                            let u = &roster[y];
                            !touched.contains(&y)
                                && stayed(u)
                                && u.backbone == BackboneLevel::None
                                && u.section == t.section
                                && u.subject == t.subject
                                && u.degree.above_minimum(u.section)
                                    == t.degree.above_minimum(t.section)
                        })
                        .map(|y| (x, y))
                });
                if let Some((x, y)) = found {
                    let level = roster[x].backbone;
                    roster[x].backbone = BackboneLevel::None;
                    roster[y].backbone = level;
                    touched.extend([x, y]);
                    done.demoted += 1;
                }
            }
            1 => {
                let found = candidates(&touched).into_iter().find_map(|x| {
                    order[n + 1..].iter().find_map(|other| {
                        other
                            .iter()
                            .copied()
                            .find(|&y| {
                                let (t, u) = (&roster[x], &roster[y]);
                                !touched.contains(&y)
                                    && stayed(u)
                                    && mid(u)
                                    && u.section == t.section
                                    && u.subject == t.subject
                                    && u.counts() == t.counts()
                            })
                            .map(|y| (x, y))
                    })
                });
                if let Some((x, y)) = found {
                    let (a, b) = (roster[x].school.clone(), roster[y].school.clone());
                    roster[x].school = b;
                    roster[y].school = a;
                    roster[x].start_year = year;
                    roster[y].start_year = year;
                    touched.extend([x, y]);
                    done.moved += 1;
                }
            }
            2 => {
                if let Some(x) = candidates(&touched).into_iter().next() {
                    let t = &mut roster[x];
                    t.id = TeacherId::parse(&format!("{}N{year}", t.id.as_str()))
                        .expect("a roster id with a suffix stays valid");
                    t.start_year = year;
                    touched.insert(x);
                    done.replaced += 1;
                }
            }
            _ => {}
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate_years};

    use super::*;
    use crate::synth::roster;

    fn counts(roster: &[Teacher], year: i32) -> BTreeMap<(SchoolCode, u8), crate::Counts> {
        let mut out: BTreeMap<(SchoolCode, u8), crate::Counts> = BTreeMap::new();
        for t in roster.iter().filter(|t| t.year == year) {
            let c = out.entry((t.school.clone(), t.section as u8)).or_default();
            let d = t.counts();
            c.teachers += d.teachers;
            c.qualified += d.qualified;
            c.backbone += d.backbone;
            c.pe_arts += d.pe_arts;
            c.intermediate += d.intermediate;
        }
        out
    }

    #[test]
    fn turnover_keeps_every_schools_counts_and_spares_the_kept() {
        let spec = DemoSpec {
            schools: 60,
            seed: 3,
            year: 2024,
        };
        let records = generate_years(&spec, 2);
        let mut r = roster(&records, 7);
        let year = r.iter().map(|t| t.year).max().unwrap();
        let kept: HashSet<TeacherId> = r.iter().take(200).map(|t| t.id.clone()).collect();
        let (old, untouched) = (counts(&r, year), r.clone());
        let done = churn(&mut r, year, 5, &kept);
        assert!(
            done.demoted > 0 && done.moved > 0 && done.replaced > 0,
            "{done:?}"
        );
        assert_eq!(counts(&r, year), old);
        let changed = r.iter().zip(&untouched).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 2 * done.demoted + 2 * done.moved + done.replaced);
        for (a, b) in r.iter().zip(&untouched) {
            if kept.contains(&b.id) || a.year != year {
                assert_eq!(a, b);
            }
        }
    }
}
