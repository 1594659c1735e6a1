//! Demo ledgers: deterministic 继续教育 records and budgets for a roster, for the CLI demo.

use junheng_core::date::civil_from_days;
use junheng_core::school::SchoolCode;
use junheng_rotation::Teacher;

use super::{Budget, Day, Hours, Level, Source, TrainingRecord, TrainingRules};

/// 学时 of one record of each level (国培, 市培, 区培, 校培), in whole hours.
const CHUNK: [i64; 4] = [40, 32, 24, 12];

/// How a demo teacher stands in the two cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// No record at all.
    Missing,
    /// The last cycle short of its requirement, the current one on track.
    ShortBefore,
    /// The last cycle complete, the current one behind schedule.
    Behind,
    /// The last cycle complete, the current one on track (most teachers).
    OnTrack,
}

fn standing(i: usize) -> Standing {
    match i {
        _ if i % 37 == 5 => Standing::Missing,
        _ if i % 11 == 7 => Standing::ShortBefore,
        _ if i % 9 == 4 => Standing::Behind,
        _ => Standing::OnTrack,
    }
}

/// The day `n` days after 1970-01-01.
fn day_of(n: i64) -> Day {
    let (y, m, d) = civil_from_days(n);
    Day::new(y as i32, m, d).unwrap_or(Day::first_of(y as i32))
}

/// Records of `teacher` totalling at least `hours` whole 学时, spread evenly over `from..=to`,
/// cycling through the four levels from `first`.
fn spread(
    teacher: &Teacher,
    hours: i64,
    from: Day,
    to: Day,
    first: usize,
    out: &mut Vec<TrainingRecord>,
) {
    let mut plan = Vec::new();
    let mut left = hours;
    let mut k = first;
    while left > 0 {
        let level = k % 4;
        let h = CHUNK[level].min(left.max(1));
        plan.push((level, h));
        left -= h;
        k += 1;
    }
    let span = (to.days() - from.days()).max(0);
    let n = plan.len() as i64;
    for (j, (level, h)) in plan.into_iter().enumerate() {
        let start = day_of(from.days() + span * j as i64 / n.max(1));
        let length = if level == 3 { 0 } else { (h / 8).min(4) };
        let end = day_of((start.days() + length).min(to.days()));
        let level = Level::ALL[level];
        out.push(TrainingRecord {
            teacher: teacher.id.clone(),
            course: format!("{}{}年第{}期研修", level.label(), start.year(), j + 1),
            level,
            start,
            end,
            hours: Hours::from_hundredths(h * 100),
            certificate: (level != Level::School)
                .then(|| format!("JX{}{:04}", start.year(), out.len() % 10_000)),
            source: if j % 5 == 4 {
                Source::Entered
            } else {
                Source::Platform
            },
        });
    }
}

/// A demo 继续教育 ledger of `teachers` on `as_of`, over the cycle holding `as_of` and the one
/// before, records of all four levels: most teachers completed the last cycle and are on track
/// in the current one; every 11th (from the 8th) fell short of the last cycle; every 9th (from
/// the 5th) is behind schedule now (half of what is expected by `as_of`); every 37th (from the
/// 6th) has no record. Deterministic in its inputs; every record ends by `as_of`.
///
/// ```
/// use junheng_rotation::synth::example_teacher;
/// use junheng_teachers::training::{Day, TrainingRules, progress};
/// use junheng_teachers::training::synth::ledger;
/// let rules = TrainingRules::default();
/// let mut teachers = Vec::new();
/// for n in 0..12 {
///     let mut t = example_teacher(2010, 1980);
///     t.id = junheng_rotation::TeacherId::parse(&format!("T{n:04}")).unwrap();
///     teachers.push(t);
/// }
/// let as_of = Day::parse("2027-06-30").unwrap();
/// let records = ledger(&teachers, &rules, as_of);
/// let refs: Vec<_> = records.iter().collect();
/// let now = rules.cycle_of(2027);
/// let before = rules.cycle_of(2025);
/// let p = |i: usize, c| progress(&rules, c, &teachers[i], None, &refs, as_of);
/// assert!(p(0, before).completed && !p(0, now).behind);
/// assert!(p(4, now).behind && !p(7, before).completed);
/// assert_eq!(p(5, now).done.hundredths(), 0);
/// assert!(records.iter().all(|r| r.end <= as_of && r.problem().is_none()));
/// ```
pub fn ledger(teachers: &[Teacher], rules: &TrainingRules, as_of: Day) -> Vec<TrainingRecord> {
    let now = rules.cycle_of(as_of.year());
    let before = rules.cycle_of(now.start_year - 1);
    let required = (rules.required.hundredths() + 99) / 100;
    let from = Day::first_of(now.start_year);
    let cycle_days = Day::last_of(now.end_year).days() - from.days() + 1;
    let elapsed = (as_of.days() - from.days() + 1).clamp(1, cycle_days);
    // Whole 学时 expected by `as_of` of a teacher with the full requirement.
    let expected = (required * elapsed + cycle_days - 1) / cycle_days;
    let mut out = Vec::new();
    for (i, t) in teachers.iter().enumerate() {
        let s = standing(i);
        if s == Standing::Missing {
            continue;
        }
        let last = if s == Standing::ShortBefore {
            required * 3 / 5
        } else {
            required + 12 * (i as i64 % 3)
        };
        spread(
            t,
            last,
            Day::first_of(before.start_year),
            Day::last_of(before.end_year),
            i,
            &mut out,
        );
        let current = if s == Standing::Behind {
            expected / 2
        } else {
            expected + expected / 5 + 12
        };
        if current > 0 {
            spread(t, current, from, as_of, i + 1, &mut out);
        }
    }
    out
}

/// Demo training budgets of `schools` in `year`: 公用经费 from 800 000 to 2 300 000 元, of
/// which 5 %–8 % for teacher training, but the third school (index 2) 3.5 %, below the 5 % of
/// 教育质量 item 4.
///
/// ```
/// use junheng_core::school::SchoolCode;
/// use junheng_teachers::training::synth::budgets;
/// let schools: Vec<SchoolCode> = (1..=4)
///     .map(|n| SchoolCode::parse(&format!("500112000{n}")).unwrap())
///     .collect();
/// let b = budgets(&schools, 2026);
/// assert_eq!(b.iter().filter(|b| !b.meets(5.0)).count(), 1);
/// assert!(!b[2].meets(5.0) && b.iter().all(|b| b.problem().is_none()));
/// ```
pub fn budgets(schools: &[SchoolCode], year: i32) -> Vec<Budget> {
    schools
        .iter()
        .enumerate()
        .map(|(i, school)| {
            let public_funds = 800_000 + 100_000 * (i as i64 % 16);
            let permille = if i == 2 { 35 } else { 50 + 10 * (i as i64 % 4) };
            Budget {
                school: school.clone(),
                year,
                public_funds,
                training: public_funds * permille / 1000,
            }
        })
        .collect()
}
