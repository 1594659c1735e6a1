//! The demo's class table (班级规模表) of a school year, made from the year's statistics: each
//! section's classes spread over its grades (一至六年级, 七至九年级), each grade's share of the
//! pupils, and each class's pupils around the section's mean — so the classes of a school add
//! up to its statistics, and a popular school (its mean near the limit) has larger classes in
//! its lower grades, some above the limit.

use super::Rng;
use crate::school::{SchoolCode, SchoolRecord, Section};

/// One class of the demo's class table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoClass {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 年级, 1–9.
    pub grade: u8,
    /// 班级, e.g. `2班`.
    pub class: String,
    /// 学生数.
    pub pupils: u32,
}

/// Splits `total` into `parts` whole numbers as equal as possible (the first ones larger).
fn split(total: u32, parts: u32) -> impl Iterator<Item = u32> {
    let (base, extra) = (total / parts.max(1), total % parts.max(1));
    (0..parts).map(move |i| base + u32::from(i < extra))
}

/// The classes of every school of `records` (one school year), deterministically from `seed`.
/// Each section's pupils and classes equal its statistics'; a class has at least one pupil.
pub fn class_table(records: &[SchoolRecord], seed: u64) -> Vec<DemoClass> {
    let mut rng = Rng::new(seed ^ 0x5ea7_c1a5);
    let mut out = Vec::new();
    for r in records {
        for (section, stats) in [(Section::Primary, &r.primary), (Section::Junior, &r.junior)] {
            if stats.classes == 0 || stats.students < stats.classes || !r.kind.has(section) {
                continue;
            }
            let grades: Vec<u8> = match section {
                Section::Primary => (1..=6).collect(),
                _ => (7..=9).collect(),
            };
            let n = u32::try_from(grades.len()).expect("at most 6 grades");
            // A school of fewer classes than grades has classes in its lowest grades only.
            let per_grade: Vec<u32> = split(stats.classes, n).collect();
            let mut sizes: Vec<u32> = split(stats.students, stats.classes).collect();
            // A popular school (a mean near the limit) takes more pupils in its lower grades:
            // pupils move from its last classes to its first. The total stays.
            let mean = stats.students / stats.classes;
            let tilt = if mean >= 44 {
                rng.int(0, 12)
            } else {
                rng.int(0, 4)
            };
            let len = sizes.len();
            for i in 0..len / 2 {
                let moved = tilt.min(sizes[len - 1 - i].saturating_sub(1));
                sizes[len - 1 - i] -= moved;
                sizes[i] += moved;
            }
            // Move pupils between neighbouring classes: sizes spread.
            for i in 1..sizes.len() {
                let moved = rng.int(0, 6).min(sizes[i - 1].saturating_sub(1));
                sizes[i - 1] -= moved;
                sizes[i] += moved;
            }
            let mut sizes = sizes.into_iter();
            for (grade, classes) in grades.into_iter().zip(per_grade) {
                for k in 1..=classes {
                    out.push(DemoClass {
                        school: r.code.clone(),
                        grade,
                        class: format!("{k}班"),
                        pupils: sizes.next().expect("one size per class"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoSpec, generate};

    #[test]
    fn classes_add_up_to_the_statistics_and_some_are_above_the_limit() {
        let records = generate(&DemoSpec {
            schools: 60,
            seed: 3,
            year: 2024,
        });
        let table = class_table(&records, 3);
        assert_eq!(table, class_table(&records, 3), "deterministic");
        for r in &records {
            let of = |lo: u8, hi: u8| {
                let mine = table
                    .iter()
                    .filter(|c| c.school == r.code && (lo..=hi).contains(&c.grade));
                mine.fold((0u32, 0u32), |(n, p), c| (n + 1, p + c.pupils))
            };
            if r.kind.has(Section::Primary) && r.primary.classes > 0 {
                assert_eq!(
                    of(1, 6),
                    (r.primary.classes, r.primary.students),
                    "{}",
                    r.code
                );
            }
            if r.kind.has(Section::Junior) && r.junior.classes > 0 {
                assert_eq!(
                    of(7, 9),
                    (r.junior.classes, r.junior.students),
                    "{}",
                    r.code
                );
            }
        }
        assert!(table.iter().all(|c| c.pupils >= 1));
        assert!(table.iter().any(|c| c.grade <= 6 && c.pupils > 45));
        assert!(table.iter().any(|c| c.pupils >= 56), "a 大班额 to show");
    }
}
