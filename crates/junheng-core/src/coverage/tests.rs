use super::*;
use crate::school::{Facilities, UrbanRural};
use crate::testing::record;
use proptest::prelude::*;

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50022{n:05}")).unwrap()
}

fn school(
    n: u32,
    kind: SchoolKind,
    students: (u32, u32),
    setting: Option<UrbanRural>,
    zone: Option<&str>,
) -> SchoolRecord {
    SchoolRecord {
        urban_rural: setting,
        zone: zone.map(str::to_owned),
        ..record(
            code(n),
            format!("覆盖测试学校{n}"),
            kind,
            students,
            Facilities::default(),
        )
    }
}

fn covered(ns: &[u32]) -> HashSet<SchoolCode> {
    ns.iter().map(|&n| code(n)).collect()
}

fn pair(rate: &Rate) -> (u64, u64) {
    (rate.numerator, rate.denominator)
}

/// 城区 小学 A (600, covered), 乡村 九年一贯制 B (300 + 200, covered, 学区 " 东 "), 镇区 初中 C
/// (400), 完全中学 D without 城乡分类 (500 初中 + 900 高中), a special school E (covered).
fn district() -> Vec<SchoolRecord> {
    let mut d = school(4, SchoolKind::Complete, (0, 500), None, Some("西"));
    d.senior_students = 900;
    vec![
        school(
            1,
            SchoolKind::Primary,
            (600, 0),
            Some(UrbanRural::Urban),
            Some("东"),
        ),
        school(
            2,
            SchoolKind::NineYear,
            (300, 200),
            Some(UrbanRural::Rural),
            Some(" 东 "),
        ),
        school(
            3,
            SchoolKind::Junior,
            (0, 400),
            Some(UrbanRural::Town),
            None,
        ),
        d,
        school(
            5,
            SchoolKind::Special,
            (30, 20),
            Some(UrbanRural::Urban),
            None,
        ),
    ]
}

#[test]
fn rates_keep_numerators_and_denominators() {
    let c = coverage(&district(), &covered(&[1, 2, 5, 99])).unwrap();
    assert_eq!(c.year, 2024);
    assert_eq!(pair(&c.overall.schools), (2, 4));
    assert_eq!(pair(&c.overall.students), (1100, 2000)); // 高中 and the special school left out
    assert_eq!(c.overall.students.value, Some(0.55));
    assert_eq!(c.overall.schools.name, "学校参与率");
    assert!(c.overall.students.definition.starts_with("学生受益率"));
    // The 九年一贯制 school counts in both sections, with its students of each.
    let [primary, junior] = &c.sections[..] else {
        panic!("two sections")
    };
    assert_eq!(
        (primary.label, pair(&primary.rates.schools)),
        ("小学", (2, 2))
    );
    assert_eq!(pair(&primary.rates.students), (900, 900));
    assert_eq!(pair(&junior.rates.schools), (1, 3));
    assert_eq!(pair(&junior.rates.students), (200, 1100));
    assert_eq!(c.special_schools, vec![code(5)]);
    assert_eq!(c.unknown, vec![code(99)]);
}

#[test]
fn urban_rural_and_zone_buckets_are_explicit() {
    let c = coverage(&district(), &covered(&[1, 2])).unwrap();
    let labels: Vec<_> = c.urban_rural.iter().map(|b| b.label).collect();
    assert_eq!(labels, ["城区", "镇区", "乡村", "未分类"]);
    assert_eq!(pair(&c.urban_rural[0].rates.students), (600, 600));
    assert_eq!(pair(&c.urban_rural[1].rates.schools), (0, 1));
    assert_eq!(pair(&c.urban_rural[3].rates.students), (0, 500));
    // Zone names are trimmed; schools without one come last.
    let zones: Vec<_> = c
        .zones
        .iter()
        .map(|z| (z.label.as_str(), z.zone.is_some()))
        .collect();
    assert_eq!(zones, [("东", true), ("西", true), ("未分学区", false)]);
    assert_eq!(pair(&c.zones[0].rates.schools), (2, 2));
    // Without an unclassified school there is no 未分类 bucket.
    let classified: Vec<_> = district().into_iter().take(3).collect();
    let c = coverage(&classified, &covered(&[])).unwrap();
    assert_eq!(c.urban_rural.len(), 3);
    assert_eq!(c.overall.schools.value, Some(0.0));
}

#[test]
fn empty_denominators_give_no_rate() {
    let c = coverage(&district()[..1], &covered(&[1])).unwrap();
    let junior = &c.sections[1].rates;
    assert_eq!(
        (pair(&junior.schools), junior.schools.value),
        ((0, 0), None)
    );
    assert_eq!(c.urban_rural[2].rates.students.value, None);
    // A school of no students still counts as a school.
    let empty = school(7, SchoolKind::Primary, (0, 0), None, None);
    let c = coverage(&[empty], &covered(&[7])).unwrap();
    assert_eq!(pair(&c.overall.schools), (1, 1));
    assert_eq!(c.overall.students.value, None);
}

#[test]
fn bad_inputs_are_refused() {
    assert_eq!(coverage(&[], &covered(&[])), Err(CoverageError::NoRecords));
    let mut two = district();
    two[1].year = 2023;
    let e = coverage(&two, &covered(&[])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "数据包含多个学年（2023、2024），一次只能计算一个学年的覆盖率"
    );
    let mut dup = district();
    dup[2].code = code(1);
    assert_eq!(
        coverage(&dup, &covered(&[])),
        Err(CoverageError::DuplicateCode(code(1)))
    );
}

fn kinds() -> impl Strategy<Value = SchoolKind> {
    prop::sample::select(SchoolKind::ALL.to_vec())
}

fn settings() -> impl Strategy<Value = Option<UrbanRural>> {
    prop::sample::select(vec![
        None,
        Some(UrbanRural::Urban),
        Some(UrbanRural::Town),
        Some(UrbanRural::Rural),
    ])
}

/// Schools with random kinds, students, 城乡分类, 学区 and coverage.
fn schools() -> impl Strategy<Value = (Vec<SchoolRecord>, Vec<bool>)> {
    let one = (
        kinds(),
        0u32..3000,
        0u32..3000,
        settings(),
        prop::sample::select(vec![None, Some("一学区"), Some("二学区")]),
        any::<bool>(),
    );
    prop::collection::vec(one, 1..30).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (kind, p, j, setting, zone, is_covered))| {
                let students = (
                    if kind.has(Section::Primary) { p } else { 0 },
                    if kind.has(Section::Junior) { j } else { 0 },
                );
                (school(i as u32, kind, students, setting, zone), is_covered)
            })
            .unzip()
    })
}

fn covered_of(records: &[SchoolRecord], flags: &[bool]) -> HashSet<SchoolCode> {
    records
        .iter()
        .zip(flags)
        .filter(|(_, f)| **f)
        .map(|(r, _)| r.code.clone())
        .collect()
}

fn every_rates(c: &Coverage) -> Vec<CoverageRates> {
    std::iter::once(c.overall)
        .chain(c.sections.iter().map(|s| s.rates))
        .chain(c.urban_rural.iter().map(|s| s.rates))
        .chain(c.zones.iter().map(|s| s.rates))
        .collect()
}

fn sum<'a>(rates: impl Iterator<Item = &'a CoverageRates>) -> [(u64, u64); 2] {
    rates.fold([(0, 0); 2], |[s, p], r| {
        [
            (s.0 + r.schools.numerator, s.1 + r.schools.denominator),
            (p.0 + r.students.numerator, p.1 + r.students.denominator),
        ]
    })
}

proptest! {
    #[test]
    fn rates_lie_in_the_unit_interval((records, flags) in schools()) {
        let c = coverage(&records, &covered_of(&records, &flags)).unwrap();
        for rates in every_rates(&c) {
            for rate in [rates.schools, rates.students] {
                prop_assert!(rate.numerator <= rate.denominator);
                prop_assert_eq!(rate.value.is_some(), rate.denominator > 0);
                prop_assert!(rate.value.is_none_or(|v| (0.0..=1.0).contains(&v)));
            }
        }
    }

    #[test]
    fn totals_are_the_sums_of_their_buckets((records, flags) in schools()) {
        let c = coverage(&records, &covered_of(&records, &flags)).unwrap();
        let total = sum(std::iter::once(&c.overall));
        prop_assert_eq!(sum(c.urban_rural.iter().map(|b| &b.rates)), total);
        prop_assert_eq!(sum(c.zones.iter().map(|b| &b.rates)), total);
        let sections = sum(c.sections.iter().map(|b| &b.rates));
        prop_assert_eq!(sections[1], total[1]);
        prop_assert!(sections[0].0 >= total[0].0 && sections[0].1 >= total[0].1);
    }

    #[test]
    fn covering_one_more_school_never_lowers_a_rate((records, flags) in schools(), pick in any::<prop::sample::Index>()) {
        let before = covered_of(&records, &flags);
        let mut after = before.clone();
        after.insert(records[pick.index(records.len())].code.clone());
        let (a, b) = (coverage(&records, &before).unwrap(), coverage(&records, &after).unwrap());
        for (x, y) in every_rates(&a).iter().zip(every_rates(&b).iter()) {
            for (r, s) in [(x.schools, y.schools), (x.students, y.students)] {
                prop_assert_eq!(r.denominator, s.denominator);
                prop_assert!(r.numerator <= s.numerator);
                prop_assert!(r.value <= s.value);
            }
        }
    }
}
