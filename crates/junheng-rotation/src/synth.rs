//! A roster and a ledger for the demo district, generated from its school statistics so that the
//! roster reconciles with them exactly. Deterministic: the same records and seed give the same
//! teachers on every machine, and a school's teachers keep their ids across years.

mod churn;

pub use churn::{Churn, churn};

use junheng_core::demo::Rng;
use junheng_core::school::{SchoolCode, SchoolRecord, Section, SectionStats, UrbanRural};

use crate::eligibility::eligibility;
use crate::ledger::{Move, MoveKind};
use crate::teacher::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};

const PRIMARY_SUBJECTS: &[&str] = &[
    "语文",
    "语文",
    "数学",
    "数学",
    "英语",
    "科学",
    "道德与法治",
    "信息技术",
];
const JUNIOR_SUBJECTS: &[&str] = &[
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "历史",
    "地理",
    "道德与法治",
    "信息技术",
];
const PE_ARTS_SUBJECTS: &[&str] = &["体育", "音乐", "美术"];

/// A plain teacher for examples and tests: 男, 在编, 小学 语文, 本科, not 骨干, school 5001120001.
pub fn example_teacher(start_year: i32, birth_year: i32) -> Teacher {
    Teacher {
        year: 2024,
        id: TeacherId::parse("T0001").expect("valid id"),
        school: SchoolCode::parse("5001120001").expect("valid code"),
        section: Section::Primary,
        subject: "语文".to_owned(),
        degree: Degree::Bachelor,
        backbone: BackboneLevel::None,
        pe_arts: false,
        start_year,
        birth_year,
        sex: Sex::Male,
        on_staff: true,
        title: Some(Title::Second),
    }
}

/// A 轮岗 move of teacher T0001 in 2024–2026 between two schools, for examples and tests.
pub fn example_move(from: &str, to: &str) -> crate::Move {
    crate::Move {
        teacher: TeacherId::parse("T0001").expect("valid id"),
        from: SchoolCode::parse(from).expect("valid code"),
        to: SchoolCode::parse(to).expect("valid code"),
        start_year: 2024,
        end_year: 2026,
        kind: crate::MoveKind::Rotation,
    }
}

/// One roster row per teacher the statistics count, for every record (every year): per section
/// exactly `teachers` teachers, of whom `qualified_teachers` above the legal degree,
/// `backbone_teachers` 骨干, `pe_arts_teachers` PE/arts and `intermediate_title_teachers` 一级
/// or above.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let records = generate(&DemoSpec { schools: 20, seed: 1, year: 2024 });
/// let roster = junheng_rotation::synth::roster(&records, 1);
/// let teachers: u64 = records
///     .iter()
///     .map(|r| u64::from(r.primary.teachers) + u64::from(r.junior.teachers))
///     .sum();
/// assert_eq!(roster.len() as u64, teachers);
/// ```
pub fn roster(records: &[SchoolRecord], seed: u64) -> Vec<Teacher> {
    let mut out = Vec::new();
    for r in records {
        for (section, stats) in [(Section::Primary, &r.primary), (Section::Junior, &r.junior)] {
            if stats.teachers > 0 && r.kind.has(section) {
                section_roster(r, section, stats, seed, &mut out);
            }
        }
    }
    out
}

fn section_roster(
    r: &SchoolRecord,
    section: Section,
    s: &SectionStats,
    seed: u64,
    out: &mut Vec<Teacher>,
) {
    let code_number: u64 = r.code.as_str().parse().unwrap_or(0);
    let mut rng = Rng::new(seed ^ code_number.wrapping_mul(0x9E37_79B9) ^ section as u64);
    let n = s.teachers as usize;
    // Fixed permutations per school: the same teachers stay 骨干 as counts grow over the years.
    let order = |rng: &mut Rng| {
        let mut p: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            p.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
        }
        let mut rank = vec![0; n];
        for (pos, &i) in p.iter().enumerate() {
            rank[i] = pos;
        }
        rank
    };
    let (qualified, backbone, pe_arts, titled) = (
        order(&mut rng),
        order(&mut rng),
        order(&mut rng),
        order(&mut rng),
    );
    let letter = if section == Section::Primary {
        'P'
    } else {
        'J'
    };
    for i in 0..n {
        let is_qualified = qualified[i] < s.qualified_teachers as usize;
        let is_backbone = backbone[i] < s.backbone_teachers as usize;
        let is_pe_arts = pe_arts[i] < s.pe_arts_teachers as usize;
        let is_titled = titled[i] < s.intermediate_title_teachers as usize;
        let u = rng.unit();
        let start = (2024 - (24.0 * u * u) as i32).min(r.year);
        let birth = (start - rng.int(22, 35) as i32).max(1966);
        let degree = match (section, is_qualified, rng.unit()) {
            (Section::Primary, false, _) => Degree::Secondary,
            (_, false, _) => Degree::College,
            (Section::Primary, true, x) if x < 0.25 => Degree::College,
            (_, true, x) if x < 0.88 => Degree::Bachelor,
            _ => Degree::Graduate,
        };
        let level = match (is_backbone, rng.unit()) {
            (false, _) => BackboneLevel::None,
            (true, x) if x < 0.6 => BackboneLevel::District,
            (true, x) if x < 0.9 => BackboneLevel::City,
            (true, x) if x < 0.98 => BackboneLevel::Province,
            _ => BackboneLevel::National,
        };
        let subject = if is_pe_arts {
            PE_ARTS_SUBJECTS[i % PE_ARTS_SUBJECTS.len()]
        } else if section == Section::Primary {
            rng.pick(PRIMARY_SUBJECTS)
        } else {
            rng.pick(JUNIOR_SUBJECTS)
        };
        let title = match (is_titled, rng.unit()) {
            (true, x) if x < 0.7 => Title::First,
            (true, x) if x < 0.98 => Title::Senior,
            (true, _) => Title::Professor,
            (false, x) if x < 0.7 => Title::Second,
            (false, x) if x < 0.9 => Title::Third,
            (false, _) => Title::Unranked,
        };
        out.push(Teacher {
            year: r.year,
            id: TeacherId::parse(&format!("T{}{letter}{:03}", r.code, i + 1)).expect("valid id"),
            school: r.code.clone(),
            section,
            subject: subject.to_owned(),
            degree,
            backbone: level,
            pe_arts: is_pe_arts,
            start_year: start,
            birth_year: birth,
            sex: if rng.chance(0.65) {
                Sex::Female
            } else {
                Sex::Male
            },
            on_staff: rng.chance(0.92),
            title: Some(title),
        });
    }
}

/// A ledger for the demo: in each year of `years`, about `share` of the eligible teachers of
/// urban and town schools richer in 骨干 than their section as a whole rotate for three years to
/// the rural school of their section with the fewest 骨干 per student (counting those already
/// sent) — as a bureau would. Ledger years never overlap for one teacher.
pub fn ledger(
    records: &[SchoolRecord],
    roster: &[Teacher],
    years: &[i32],
    share: f64,
    seed: u64,
) -> Vec<Move> {
    let rules = junheng_core::rulebook::RotationRules::default();
    let mut rng = Rng::new(seed ^ 0x5EED_1ED6);
    let mut moves: Vec<Move> = Vec::new();
    let ratio = |backbone: f64, students: u64| backbone / students.max(1) as f64;
    for &year in years {
        let of_year: Vec<&SchoolRecord> = records.iter().filter(|r| r.year == year).collect();
        let section_ratio = |section: Section| {
            let stats = of_year.iter().filter_map(|r| r.section(section));
            let (b, n) = stats.fold((0.0, 0u64), |(b, n), s| {
                (
                    b + f64::from(s.backbone_teachers),
                    n + u64::from(s.students),
                )
            });
            ratio(b, n)
        };
        let overall = [
            section_ratio(Section::Primary),
            section_ratio(Section::Junior),
        ];
        let index = |section: Section| usize::from(section != Section::Primary);
        let rich: std::collections::HashSet<(&SchoolCode, Section)> = of_year
            .iter()
            .filter(|r| r.urban_rural != Some(UrbanRural::Rural))
            .flat_map(|r| Section::EVALUATED.map(|s| (r, s)))
            .filter(|(r, s)| {
                let st = r.section(*s).expect("evaluated section");
                st.students > 0
                    && ratio(f64::from(st.backbone_teachers), u64::from(st.students))
                        > overall[index(*s)]
            })
            .map(|(r, s)| (&r.code, s))
            .collect();
        let mut sent: std::collections::HashMap<(&SchoolCode, Section), f64> = Default::default();
        for t in roster
            .iter()
            .filter(|t| t.year == year && rich.contains(&(&t.school, t.section)))
        {
            if !t.backbone.counts()
                // Eligibility already excludes a teacher whose earlier move is still running.
                || !eligibility(t, year, &moves, &rules).is_eligible()
                || !rng.chance(share * 3.0)
            {
                continue;
            }
            let host = of_year
                .iter()
                .filter(|h| h.urban_rural == Some(UrbanRural::Rural) && h.kind.has(t.section))
                .filter_map(|h| {
                    let st = h.section(t.section)?;
                    let extra = sent.get(&(&h.code, t.section)).copied().unwrap_or(0.0);
                    (st.students > 0).then(|| {
                        (
                            ratio(
                                f64::from(st.backbone_teachers) + extra,
                                u64::from(st.students),
                            ),
                            h,
                        )
                    })
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
            let Some((_, host)) = host else { continue };
            *sent.entry((&host.code, t.section)).or_default() += 1.0;
            moves.push(Move {
                teacher: t.id.clone(),
                from: t.school.clone(),
                to: host.code.clone(),
                start_year: year,
                end_year: year + 2,
                kind: if rng.chance(0.7) {
                    MoveKind::Exchange
                } else {
                    MoveKind::Support
                },
            });
        }
    }
    moves
}

/// Scales every school of `records` by `factor` — students, classes, teacher counts (the
/// sub-counts never exceed the teachers) and facilities — so that per-student values stay as
/// they were: districts of a given teaching staff.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let records = generate(&DemoSpec { schools: 10, seed: 1, year: 2024 });
/// let doubled = junheng_rotation::synth::scaled(&records, 2.0);
/// assert_eq!(doubled[0].primary.teachers, records[0].primary.teachers * 2);
/// ```
pub fn scaled(records: &[SchoolRecord], factor: f64) -> Vec<SchoolRecord> {
    let scale = |n: u32| (f64::from(n) * factor).round() as u32;
    records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            for s in [&mut r.primary, &mut r.junior] {
                s.students = scale(s.students);
                s.classes = scale(s.classes);
                s.teachers = scale(s.teachers);
                for n in [
                    &mut s.qualified_teachers,
                    &mut s.backbone_teachers,
                    &mut s.pe_arts_teachers,
                    &mut s.intermediate_title_teachers,
                ] {
                    *n = scale(*n).min(s.teachers);
                }
            }
            r.senior_students = scale(r.senior_students);
            let f = &mut r.facilities;
            for area in [
                &mut f.teaching_room_area,
                &mut f.gym_area,
                &mut f.sports_ground_area,
                &mut f.equipment_value,
            ] {
                *area *= factor;
            }
            for n in [
                &mut f.multimedia_rooms,
                &mut f.music_rooms,
                &mut f.art_rooms,
                &mut f.computers,
                &mut f.books,
            ] {
                *n = scale(*n);
            }
            r
        })
        .collect()
}

/// Leaves about `movers` teachers of `roster` eligible for rotation in 2024 (chosen at random,
/// made 在编, long at their school and far from retirement) and makes the others recent
/// arrivals: small instances for exhaustive search.
pub fn few_movers(roster: &mut [Teacher], movers: usize, seed: u64) {
    let mut rng = Rng::new(seed ^ 0xABCD);
    let n = roster.len();
    let mut keep = vec![false; n];
    let mut kept = 0;
    while kept < movers.min(n) {
        let i = (rng.next_u64() % n as u64) as usize;
        if !keep[i] {
            keep[i] = true;
            kept += 1;
        }
    }
    for (t, keep) in roster.iter_mut().zip(keep) {
        if keep {
            t.start_year = t.start_year.min(2015);
            t.birth_year = t.birth_year.max(1975);
            t.on_staff = true;
        } else {
            t.start_year = 2022;
        }
    }
}

/// The 校长 and 副校长 terms of a demo district in school year `year`, drawn from its roster:
/// at each school the teacher longest there is 校长 and the next 副校长. The schools take five
/// histories in turn, so the term rule (two 3-year terms) shows every case: in post 7 years
/// (due), exactly 6 (due, the boundary), 5 (not yet), a 副校长 promoted to 校长 at the same
/// school (the years run on: due), and — where a teacher joined the school this year — a 校长
/// who rotated in after serving as 副校长 elsewhere. The result passes [`crate::check_terms`].
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let records = generate(&DemoSpec { schools: 30, seed: 1, year: 2024 });
/// let roster = junheng_rotation::synth::roster(&records, 1);
/// let terms = junheng_rotation::synth::leader_terms(&roster, 2024);
/// assert!(terms.len() >= 30);
/// junheng_rotation::check_terms(&terms).unwrap();
/// ```
pub fn leader_terms(roster: &[Teacher], year: i32) -> Vec<crate::LeaderTerm> {
    use crate::{LeaderPost, LeaderTerm};
    let mut by_school: std::collections::BTreeMap<&SchoolCode, Vec<&Teacher>> =
        std::collections::BTreeMap::new();
    for t in roster.iter().filter(|t| t.year == year) {
        by_school.entry(&t.school).or_default().push(t);
    }
    let schools: Vec<&SchoolCode> = by_school.keys().copied().collect();
    let term = |t: &Teacher, school: &SchoolCode, post, from_year, to_year| LeaderTerm {
        person: t.id.clone(),
        school: school.clone(),
        post,
        from_year,
        to_year,
    };
    let mut out = Vec::new();
    for (i, (school, teachers)) in by_school.iter_mut().enumerate() {
        teachers.sort_by_key(|t| (t.start_year, t.id.clone()));
        let Some(head) = teachers.first() else {
            continue;
        };
        let newcomer = teachers.iter().find(|t| t.start_year == year);
        match (i % 5, newcomer) {
            (3, Some(n)) => {
                // Rotated in this year: 副校长 at the next school until last year.
                let elsewhere = schools[(i + 1) % schools.len()];
                if elsewhere != *school {
                    out.push(term(
                        n,
                        elsewhere,
                        LeaderPost::VicePrincipal,
                        year - 4,
                        Some(year - 1),
                    ));
                    out.push(term(n, school, LeaderPost::Principal, year, None));
                } else {
                    out.push(term(head, school, LeaderPost::Principal, year - 2, None));
                }
            }
            (4, _) => {
                out.push(term(
                    head,
                    school,
                    LeaderPost::VicePrincipal,
                    year - 8,
                    Some(year - 4),
                ));
                out.push(term(head, school, LeaderPost::Principal, year - 3, None));
            }
            (k, _) => {
                let years = [7, 6, 5, 2][k.min(3)];
                out.push(term(
                    head,
                    school,
                    LeaderPost::Principal,
                    year - years,
                    None,
                ));
            }
        }
        let principal = out.last().map(|t| t.person.clone());
        if let Some(vice) = teachers.iter().find(|t| {
            Some(&t.id) != principal.as_ref()
                && Some(t.id.clone()) != newcomer.map(|n| n.id.clone())
        }) {
            let years = (i % 4) as i32 + 1;
            out.push(term(
                vice,
                school,
                LeaderPost::VicePrincipal,
                year - years,
                None,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::evaluate::evaluate;
    use junheng_core::rulebook::Rulebook;

    use super::*;
    use crate::apply::apply_ledger;

    #[test]
    fn the_demo_ledger_narrows_the_backbone_spread_as_a_bureau_would() {
        let records = generate(&DemoSpec {
            schools: 120,
            seed: 6,
            year: 2024,
        });
        let roster = roster(&records, 6);
        let moves = ledger(&records, &roster, &[2024], 0.06, 6);
        assert!(!moves.is_empty());
        assert!(
            moves
                .iter()
                .all(|m| m.start_year == 2024 && m.end_year == 2026)
        );
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let applied = apply_ledger(&records, &roster, &moves, 2024, &rulebook.rotation);
        assert!(applied.skipped.is_empty(), "{:?}", applied.skipped);
        let (before, after) = (
            evaluate(&records, &rulebook).unwrap(),
            evaluate(&applied.records, &rulebook).unwrap(),
        );
        for (b, a) in before.sections.iter().zip(&after.sections) {
            let (cb, ca) = (b.indicators[1].spread.cv, a.indicators[1].spread.cv);
            assert!(ca < cb, "{:?}: {cb:?} → {ca:?}", b.section);
        }
    }
}
