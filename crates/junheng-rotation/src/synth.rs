//! A roster and a ledger for the demo district, generated from its school statistics so that the
//! roster reconciles with them exactly. Deterministic: the same records and seed give the same
//! teachers on every machine, and a school's teachers keep their ids across years.

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

/// One roster row per teacher the statistics count, for every record (every year): per section
/// exactly `teachers` teachers, of whom `qualified_teachers` above the legal degree,
/// `backbone_teachers` 骨干, `pe_arts_teachers` PE/arts and `intermediate_title_teachers` 一级
/// or above.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let records = generate(&DemoSpec { schools: 20, seed: 1, year: 2024 });
/// let roster = junheng_rotation::synth::roster(&records, 1);
/// let teachers: u32 = records.iter().map(|r| r.primary.teachers + r.junior.teachers).sum();
/// assert_eq!(roster.len() as u32, teachers);
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
/// urban and town schools rotate for three years to rural schools of the same section nearby in
/// the list. Ledger years never overlap for one teacher.
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
    for &year in years {
        let hosts: Vec<&SchoolRecord> = records
            .iter()
            .filter(|r| r.year == year && r.urban_rural == Some(UrbanRural::Rural))
            .collect();
        let urban: std::collections::HashSet<&SchoolCode> = records
            .iter()
            .filter(|r| r.year == year && r.urban_rural != Some(UrbanRural::Rural))
            .map(|r| &r.code)
            .collect();
        for t in roster
            .iter()
            .filter(|t| t.year == year && urban.contains(&t.school))
        {
            if !eligibility(t, year, &moves, &rules).is_eligible()
                || moves
                    .iter()
                    .any(|m| m.teacher == t.id && m.end_year >= year)
                || !rng.chance(share)
            {
                continue;
            }
            let candidates: Vec<&&SchoolRecord> =
                hosts.iter().filter(|h| h.kind.has(t.section)).collect();
            if candidates.is_empty() {
                continue;
            }
            let host = rng.pick(&candidates);
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
