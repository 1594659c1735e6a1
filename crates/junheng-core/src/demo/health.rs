//! Synthetic student health data for demos, tests and benchmarks: 体质健康 results, vision
//! screenings and PHQ-9/GAD-7 answers that look like a real district's.
//!
//! Everything is drawn from a seeded [`Rng`], so the same seed gives the same students on every
//! machine. The means are hard-coded, national surveillance figures checked against the shipped
//! tables' 60- and 80-point thresholds, not read from a
//! [`Pack`](crate::health::fitness::Pack): a bureau that loads other tables still gets the same
//! demo students.

use super::Rng;
use crate::health::fitness::{Item, Sex, items};
use crate::health::vision::{Acuity, Dioptres, Eye};

/// A standard normal draw (Box–Muller; one of the pair is dropped to keep the stream simple).
fn gauss(rng: &mut Rng) -> f64 {
    let u = 1.0 - rng.unit();
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// One student's 体质健康 test: body size and a result for every item of the grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitnessSample {
    /// 身高, tenths of a cm.
    pub height_tenths_cm: i64,
    /// 体重, tenths of a kg.
    pub weight_tenths_kg: i64,
    /// A result for every item of [`items`] but BMI (which comes from height and weight), in
    /// the item's units ([`Item::decimals`]), in the standard's order.
    pub results: Vec<(Item, i64)>,
}

/// (boys' mean, boys' sd, girls' mean, girls' sd) by grade 1–9 in the item's units; zero where
/// the grade is not tested on the item.
type Norms = [[f64; 4]; 9];

const HEIGHT_CM: Norms = [
    [125.5, 5.5, 124.0, 5.5],
    [131.0, 5.8, 129.5, 5.8],
    [136.5, 6.0, 135.5, 6.2],
    [142.0, 6.5, 141.5, 6.8],
    [147.5, 7.0, 147.5, 7.0],
    [153.5, 7.5, 152.5, 6.5],
    [160.5, 8.0, 156.0, 6.0],
    [166.5, 7.5, 157.5, 5.8],
    [170.0, 7.0, 158.5, 5.6],
];

/// Median BMI (kg/m²) by grade: boys, girls.
const BMI_MEDIAN: [[f64; 2]; 9] = [
    [15.6, 15.2],
    [16.0, 15.5],
    [16.6, 16.0],
    [17.2, 16.6],
    [17.8, 17.2],
    [18.4, 17.8],
    [19.0, 18.6],
    [19.6, 19.2],
    [20.1, 19.6],
];

const VITAL_CAPACITY: Norms = [
    [1100.0, 280.0, 900.0, 200.0],
    [1250.0, 300.0, 1030.0, 230.0],
    [1450.0, 330.0, 1200.0, 270.0],
    [1650.0, 360.0, 1380.0, 300.0],
    [1900.0, 400.0, 1600.0, 340.0],
    [2150.0, 440.0, 1800.0, 380.0],
    [2550.0, 550.0, 2050.0, 420.0],
    [2950.0, 600.0, 2200.0, 450.0],
    [3300.0, 650.0, 2300.0, 470.0],
];

/// Tenths of a second.
const RUN_50M: Norms = [
    [114.0, 9.0, 122.0, 9.0],
    [108.0, 9.0, 114.0, 9.0],
    [103.0, 8.5, 107.0, 8.5],
    [99.0, 8.0, 102.0, 8.0],
    [96.0, 7.5, 98.0, 8.0],
    [94.0, 7.5, 97.0, 8.0],
    [89.0, 7.0, 97.0, 8.0],
    [85.0, 7.0, 96.0, 8.0],
    [82.0, 7.0, 96.0, 8.0],
];

/// Tenths of a cm.
const SIT_AND_REACH: Norms = [
    [70.0, 55.0, 95.0, 55.0],
    [66.0, 55.0, 95.0, 55.0],
    [62.0, 55.0, 95.0, 55.0],
    [55.0, 58.0, 95.0, 55.0],
    [50.0, 60.0, 95.0, 58.0],
    [45.0, 62.0, 100.0, 60.0],
    [50.0, 70.0, 110.0, 65.0],
    [60.0, 70.0, 120.0, 65.0],
    [70.0, 70.0, 125.0, 65.0],
];

const ROPE: Norms = [
    [72.0, 22.0, 78.0, 22.0],
    [85.0, 22.0, 92.0, 22.0],
    [97.0, 22.0, 105.0, 22.0],
    [108.0, 22.0, 115.0, 22.0],
    [118.0, 22.0, 124.0, 22.0],
    [126.0, 22.0, 132.0, 22.0],
    [0.0; 4],
    [0.0; 4],
    [0.0; 4],
];

const SITUP: Norms = [
    [0.0; 4],
    [0.0; 4],
    [30.0, 9.0, 29.0, 9.0],
    [31.0, 9.0, 30.0, 9.0],
    [32.0, 9.0, 31.0, 9.0],
    [33.0, 9.0, 32.0, 9.0],
    [0.0, 0.0, 36.0, 8.0],
    [0.0, 0.0, 37.0, 8.0],
    [0.0, 0.0, 38.0, 8.0],
];

/// Grades 5–6 (seconds).
const SHUTTLE: [[f64; 4]; 2] = [[118.0, 12.0, 123.0, 12.0], [113.0, 12.0, 119.0, 12.0]];
/// Grades 7–9 (cm).
const LONG_JUMP: [[f64; 4]; 3] = [
    [190.0, 22.0, 160.0, 18.0],
    [205.0, 22.0, 163.0, 18.0],
    [218.0, 22.0, 167.0, 18.0],
];
/// Grades 7–9, boys (count).
const PULL_UP: [[f64; 2]; 3] = [[3.0, 3.5], [4.5, 4.0], [6.0, 4.5]];
/// Grades 7–9 (seconds): 1000 m for boys, 800 m for girls.
const ENDURANCE: [[f64; 4]; 3] = [
    [275.0, 32.0, 245.0, 27.0],
    [262.0, 30.0, 242.0, 26.0],
    [252.0, 28.0, 240.0, 25.0],
];

/// How strongly one student's items go together (a general fitness factor).
const LOADING: f64 = 0.6;
/// Where a district's middle school (ability 0) stands on the general factor: calibrated so that
/// a district scores about as China's do (see [`fitness`]).
const LIFT: f64 = 0.35;
/// How far `ability` ±1 moves the general factor, in standard deviations.
const ABILITY_SHIFT: f64 = 1.0;

/// The range the importer accepts for `item`, in its units.
fn plausible(item: Item) -> (i64, i64) {
    match item {
        Item::Bmi => (0, 1000),
        Item::VitalCapacity => (100, 9999),
        Item::Run50m => (50, 300),
        Item::SitAndReach => (-300, 400),
        Item::RopeSkipping => (0, 400),
        Item::Situp => (0, 100),
        Item::Shuttle50x8 => (60, 400),
        Item::StandingLongJump => (50, 350),
        Item::PullUp => (0, 60),
        Item::Endurance => (120, 900),
    }
}

/// (mean, sd) of `item` for a student of `grade` (1–9) and `sex`, in the item's units.
fn norm(item: Item, grade: u8, sex: Sex) -> (f64, f64) {
    let g = usize::from(grade.clamp(1, 9) - 1);
    let row = match item {
        Item::Bmi => return (0.0, 0.0),
        Item::VitalCapacity => VITAL_CAPACITY[g],
        Item::Run50m => RUN_50M[g],
        Item::SitAndReach => SIT_AND_REACH[g],
        Item::RopeSkipping => ROPE[g],
        Item::Situp => SITUP[g],
        Item::Shuttle50x8 => SHUTTLE[g.clamp(4, 5) - 4],
        Item::StandingLongJump => LONG_JUMP[g.clamp(6, 8) - 6],
        Item::PullUp => {
            let [m, s] = PULL_UP[g.clamp(6, 8) - 6];
            [m, s, 0.0, 0.0]
        }
        Item::Endurance => ENDURANCE[g.clamp(6, 8) - 6],
    };
    match sex {
        Sex::Male => (row[0], row[1]),
        Sex::Female => (row[2], row[3]),
    }
}

/// A student's 体质健康 results: height, weight and every item [`items`]`(grade, sex)` asks for,
/// each within the importer's plausible range. `ability` (−1 … 1, a school's or a student's
/// standing) moves the student across the distribution: a district whose schools spread over
/// −1 … 1 has about 93 % 合格, 40 % 优良 and 10 % 优秀, and about a fifth 超重 or 肥胖. A grade
/// outside 1–9 gets body measures of the nearest grade and no items.
///
/// ```
/// use junheng_core::demo::{Rng, health::fitness};
/// use junheng_core::health::fitness::{Item, Sex};
/// let s = fitness(&mut Rng::new(7), 1, Sex::Male, 0.0);
/// assert_eq!(s.results.len(), 4); // 肺活量, 50 米跑, 坐位体前屈, 跳绳
/// assert!(s.results.iter().any(|&(item, _)| item == Item::RopeSkipping));
/// ```
pub fn fitness(rng: &mut Rng, grade: u8, sex: Sex, ability: f64) -> FitnessSample {
    let g = usize::from(grade.clamp(1, 9) - 1);
    let s = usize::from(sex == Sex::Female);
    let [hm, hs] = [HEIGHT_CM[g][2 * s], HEIGHT_CM[g][2 * s + 1]];
    let height = (hm + hs * gauss(rng)).clamp(80.0, 220.0);
    let general = LIFT + ABILITY_SHIFT * ability.clamp(-1.0, 1.0) + gauss(rng);
    // BMI is skewed: a thin left tail, a long right one (超重 and 肥胖); fitter children are
    // somewhat leaner.
    let b = gauss(rng) - 0.25 * general;
    let bmi = BMI_MEDIAN[g][s] * (b * if b < 0.0 { 0.08 } else { 0.19 }).exp();
    let weight = (bmi * height * height / 10_000.0).clamp(10.0, 200.0);
    let heavy = b.max(0.0);
    let results = items(grade, sex)
        .into_iter()
        .filter(|(item, _)| *item != Item::Bmi)
        .map(|(item, _)| {
            let (mean, sd) = norm(item, grade, sex);
            let mut z = LOADING * general + (1.0 - LOADING * LOADING).sqrt() * gauss(rng);
            if !matches!(item, Item::VitalCapacity | Item::SitAndReach) {
                // Carrying weight costs in running and jumping.
                z -= 0.6 * heavy;
            }
            let value = if item.lower_is_better() {
                mean - z * sd
            } else {
                mean + z * sd
            };
            let (lo, hi) = plausible(item);
            (item, (value.round() as i64).clamp(lo, hi))
        })
        .collect();
    FitnessSample {
        height_tenths_cm: (height * 10.0).round() as i64,
        weight_tenths_kg: (weight * 10.0).round() as i64,
        results,
    }
}

/// 筛查性近视 prevalence by grade 1–12 at propensity 0.5 (China, about 2020).
const MYOPIA: [f64; 12] = [
    0.12, 0.17, 0.23, 0.29, 0.35, 0.40, 0.55, 0.63, 0.70, 0.75, 0.79, 0.81,
];

/// Children whose refraction was not taken in a round.
const UNREFRACTED: f64 = 0.02;

/// The chance a child of `grade` at `propensity` (0 … 1) is myopic.
fn myopia_chance(grade: u8, propensity: f64) -> f64 {
    let p = MYOPIA[usize::from(grade.clamp(1, 12) - 1)];
    let logit = (p / (1.0 - p)).ln() + 3.0 * (propensity.clamp(0.0, 1.0) - 0.5);
    1.0 / (1.0 + (-logit).exp())
}

/// An amount in quarter dioptres, in thousandths, rounded to the nearest quarter.
fn quarters(d: f64) -> i32 {
    // A screening refraction reads at most ±30 D (and the importer refuses more).
    ((d.clamp(-29.0, 29.0) * 4.0).round() as i32) * 250
}

/// A 柱镜: most children have little astigmatism, a few over −1.50 D.
fn cylinder(rng: &mut Rng) -> i32 {
    let u = rng.unit();
    if u < 0.6 {
        0
    } else if u < 0.85 {
        -250 * rng.int(1, 2) as i32
    } else if u < 0.97 {
        -250 * rng.int(3, 5) as i32
    } else {
        -250 * rng.int(6, 10) as i32
    }
}

/// 裸眼远视力 of a myopic eye (SE in dioptres, ≤ −0.50): about 4.8 at −0.50 D, 4.4 at −2 D,
/// 4.0 (the chart's last line) from about −4 D; always below 5.0.
fn myopic_acuity(rng: &mut Rng, se: f64) -> Acuity {
    let lost = (2.5 * -se + 0.8 + 0.5 * gauss(rng)).round();
    Acuity((50.0 - lost).clamp(40.0, 49.0) as u8)
}

/// 裸眼远视力 of an eye that is not myopic: mostly 5.0–5.3; reduced (4.7–4.9) with marked
/// astigmatism and in a few others (hyperopia, amblyopia).
fn clear_acuity(rng: &mut Rng, cylinder: i32) -> Acuity {
    if cylinder <= -1_500 || rng.chance(0.03) {
        return Acuity(rng.int(47, 49) as u8);
    }
    Acuity(match rng.unit() {
        u if u < 0.45 => 50,
        u if u < 0.80 => 51,
        u if u < 0.95 => 52,
        _ => 53,
    })
}

/// An eye near a target SE (dioptres): a 柱镜 drawn and a quarter-dioptre 球镜 whose SE is
/// myopic (≤ −0.50 D) exactly when `myopic`, and an acuity to match.
fn eye(rng: &mut Rng, se: f64, myopic: bool) -> Eye {
    let cyl = cylinder(rng);
    let mut sphere = quarters(se - f64::from(cyl) / 2_000.0);
    // Rounding to quarters must not move the eye across −0.50 D.
    while myopic && 2 * sphere + cyl > -1_000 {
        sphere -= 250;
    }
    while !myopic && 2 * sphere + cyl <= -1_000 {
        sphere += 250;
    }
    let se = f64::from(2 * sphere + cyl) / 2_000.0;
    Eye {
        uncorrected: Some(if myopic {
            myopic_acuity(rng, se)
        } else {
            clear_acuity(rng, cyl)
        }),
        sphere: Some(Dioptres(sphere)),
        cylinder: Some(Dioptres(cyl)),
    }
}

/// A reduced acuity (4.6–4.9) for a child whose refraction was not taken.
fn unrefracted(eye: Eye, rng: &mut Rng) -> Eye {
    let reduced = eye.uncorrected.is_some_and(|a| a.0 < 50);
    Eye {
        uncorrected: if reduced {
            eye.uncorrected
        } else {
            Some(Acuity(rng.int(46, 49) as u8))
        },
        sphere: None,
        cylinder: None,
    }
}

/// One child's screening (right eye, left eye): 裸眼远视力 and a non-cycloplegic refraction in
/// quarter dioptres. `myopia_propensity` (0 … 1; 0.5 typical) moves the chance of myopia: at 0.5
/// about 12 % of grade 1, 40 % of grade 6 and 70 % of grade 9 are myopic, more in higher grades
/// and deeper (about 0.5 D beyond −0.50 D in grade 1, 2.5 D in grade 9). About 2 % of children
/// have reduced vision but no refraction (视力不良（未验光）).
///
/// ```
/// use junheng_core::demo::{Rng, health::vision};
/// use junheng_core::health::vision::child_finding;
/// let mut rng = Rng::new(3);
/// let myopic = (0..1000)
///     .filter(|_| { let (r, l) = vision(&mut rng, 9, 0.5); child_finding(&r, &l).myopic() })
///     .count();
/// assert!((600..800).contains(&myopic));
/// ```
pub fn vision(rng: &mut Rng, grade: u8, myopia_propensity: f64) -> (Eye, Eye) {
    let g = f64::from(grade.clamp(1, 12) - 1);
    let no_refraction = rng.chance(UNREFRACTED);
    let (right, left) = if rng.chance(myopia_chance(grade, myopia_propensity)) {
        let depth = 0.5 + 0.25 * g;
        let worse = -0.5 - depth * -(1.0 - rng.unit()).ln();
        let worse = eye(rng, worse, true);
        let other = if rng.chance(0.85) {
            let se = f64::from(worse.twice_se().unwrap_or(0)) / 2_000.0 + 0.4 * gauss(rng).abs();
            eye(rng, se.min(-0.5), true)
        } else {
            let se = rng.range(-0.25, 0.75);
            eye(rng, se, false)
        };
        if rng.chance(0.5) {
            (worse, other)
        } else {
            (other, worse)
        }
    } else {
        // The hyperopic reserve shrinks with age.
        let reserve = (1.0 - 0.1 * g).max(0.25) + 0.45 * gauss(rng);
        let right = reserve.max(-0.25);
        let left = (reserve + 0.2 * gauss(rng)).max(-0.25);
        (eye(rng, right, false), eye(rng, left, false))
    };
    if no_refraction {
        let right = unrefracted(right, rng);
        (
            right,
            Eye {
                sphere: None,
                cylinder: None,
                ..left
            },
        )
    } else {
        (right, left)
    }
}

/// The same child screened `months` later: a myopic eye's SE falls about 0.50 D a year (the
/// child's own rate varies), an eye not yet myopic loses about 0.25 D of its reserve a year and
/// may become myopic; the acuity follows. An eye without a refraction is refracted this time, its
/// SE inferred from its acuity; an eye without an acuity stays without one.
///
/// ```
/// use junheng_core::demo::{Rng, health::{vision, vision_next}};
/// let mut rng = Rng::new(5);
/// let (r, l) = vision(&mut rng, 4, 0.5);
/// let (r2, l2) = vision_next(&mut rng, (&r, &l), 12);
/// assert!(r2.sphere.is_some() && l2.sphere.is_some());
/// ```
pub fn vision_next(rng: &mut Rng, before: (&Eye, &Eye), months: u32) -> (Eye, Eye) {
    let years = f64::from(months) / 12.0;
    let myopic_rate = -0.5 + 0.15 * gauss(rng);
    let clear_rate = -0.25 + 0.3 * gauss(rng);
    let mut next = |e: &Eye| -> Eye {
        let se = match (e.twice_se(), e.uncorrected) {
            (Some(t), _) => f64::from(t) / 2_000.0,
            (None, Some(a)) if a.0 < 50 => -0.5 - f64::from(49 - a.0.min(49)) / 2.5,
            (None, Some(_)) => 0.5,
            (None, None) => return *e,
        };
        let rate = if se <= -0.5 { myopic_rate } else { clear_rate };
        let se = se + rate * years + 0.1 * years.sqrt() * gauss(rng);
        let cyl = e.cylinder.map_or_else(|| cylinder(rng), |c| c.0);
        let sphere = quarters(se - f64::from(cyl) / 2_000.0);
        let twice = 2 * sphere + cyl;
        let se = f64::from(twice) / 2_000.0;
        let uncorrected = match e.uncorrected {
            None => None,
            Some(_) if twice <= -1_000 => Some(myopic_acuity(rng, se)),
            Some(a) if a.0 >= 50 => Some(a),
            Some(_) => Some(clear_acuity(rng, cyl)),
        };
        Eye {
            uncorrected,
            sphere: Some(Dioptres(sphere)),
            cylinder: Some(Dioptres(cyl)),
        }
    };
    (next(before.0), next(before.1))
}

/// How a child's PHQ-9 and GAD-7 answers look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentalProfile {
    /// PHQ-9 0–4.
    Well,
    /// PHQ-9 5–9.
    Mild,
    /// PHQ-9 10–14.
    Moderate,
    /// PHQ-9 15 and over.
    Severe,
    /// PHQ-9 item 9 (thoughts of self-harm) above 0, any total.
    SelfHarmItem,
}

/// A profile with about the frequencies of a school population: 75 % well, 15 % mild, 6 %
/// moderate, 3 % severe and 1 % answering PHQ-9 item 9 above 0.
///
/// ```
/// use junheng_core::demo::{Rng, health::{mental_profile, MentalProfile}};
/// let mut rng = Rng::new(1);
/// let well = (0..1000).filter(|_| mental_profile(&mut rng) == MentalProfile::Well).count();
/// assert!((700..800).contains(&well));
/// ```
pub fn mental_profile(rng: &mut Rng) -> MentalProfile {
    match rng.unit() {
        u if u < 0.75 => MentalProfile::Well,
        u if u < 0.90 => MentalProfile::Mild,
        u if u < 0.96 => MentalProfile::Moderate,
        u if u < 0.99 => MentalProfile::Severe,
        _ => MentalProfile::SelfHarmItem,
    }
}

/// `total` points spread at random over `answers` (each at most 3).
fn spread(rng: &mut Rng, answers: &mut [u8], total: u32) {
    let room: u32 = answers.iter().map(|&a| u32::from(3 - a)).sum();
    for _ in 0..total.min(room) {
        loop {
            let i = rng.int(0, answers.len() as u32 - 1) as usize;
            if answers[i] < 3 {
                answers[i] += 1;
                break;
            }
        }
    }
}

/// A child's answers (PHQ-9: 9 items, GAD-7: 7 items, each 0–3) with the PHQ-9 total in the
/// profile's band; item 9 is 0 except in [`MentalProfile::SelfHarmItem`]. The GAD-7 total
/// follows the PHQ-9 total loosely, as anxiety and low mood go together.
///
/// ```
/// use junheng_core::demo::{Rng, health::{mental_answers, MentalProfile}};
/// let (phq, gad) = mental_answers(&mut Rng::new(2), MentalProfile::Moderate);
/// let total: u8 = phq.iter().sum();
/// assert!((10..=14).contains(&total) && phq[8] == 0 && gad.len() == 7);
/// ```
pub fn mental_answers(rng: &mut Rng, profile: MentalProfile) -> (Vec<u8>, Vec<u8>) {
    let mut phq = vec![0u8; 9];
    let total = match profile {
        MentalProfile::Well => rng.int(0, 4).min(rng.int(0, 4)),
        MentalProfile::Mild => rng.int(5, 9),
        MentalProfile::Moderate => rng.int(10, 14),
        MentalProfile::Severe => 15 + rng.int(0, 9).min(rng.int(0, 9)),
        MentalProfile::SelfHarmItem => {
            phq[8] = match rng.unit() {
                u if u < 0.7 => 1,
                u if u < 0.9 => 2,
                _ => 3,
            };
            rng.int(3, 20)
        }
    };
    spread(rng, &mut phq[..8], total);
    let phq_total: u32 = phq.iter().map(|&a| u32::from(a)).sum();
    let gad_total = (0.75 * f64::from(phq_total) + 2.0 * gauss(rng))
        .round()
        .clamp(0.0, 21.0) as u32;
    let mut gad = vec![0u8; 7];
    spread(rng, &mut gad, gad_total);
    (phq, gad)
}

#[cfg(test)]
mod tests;
