//! 筛查性近视 (WS/T 663-2020《中小学生屈光不正筛查规范》, in force 2020-06-01).
//!
//! **Per eye**: 裸眼远视力 < 5.0 (标准对数视力表, five-point scale) **and**, in the same eye,
//! 非睫状肌麻痹下电脑验光 等效球镜 SE ≤ −0.50 D, with SE = 球镜 + ½ 柱镜. **A child** is counted when
//! either eye is. Reduced vision without a refraction result is 视力不良（未验光）: never counted as
//! myopic, listed for a refraction. Degrees (the usual split): 轻度 −0.50 ≥ SE ≥ −3.00 D, 中度
//! −3.00 > SE ≥ −6.00 D, 高度 SE < −6.00 D; a child's degree is their worse myopic eye's.
//!
//! Refraction is held in thousandths of a dioptre and SE is compared as 2 × SE, so every
//! boundary is exact (−3.00 + ½ × −0.25 = −3.125 D is 中度, never rounded to −3.00).

use serde::{Deserialize, Serialize};

/// A dioptre value (球镜 or 柱镜) in thousandths of a dioptre: −1.25 D is `Dioptres(-1250)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dioptres(pub i32);

/// Why a screening value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisionError {
    /// Not a dioptre value.
    #[error(
        "「{0}」不是屈光度：应写作 -1.25、+0.50 或 0 这样的数，单位 D，在 -30 到 +30 之间，最多三位小数"
    )]
    Dioptres(String),
    /// Not a five-point acuity.
    #[error(
        "「{0}」不是五分记录的视力：应写作 4.0 到 5.3 之间、一位小数的数（如 4.9），不用小数记录（如 0.8）"
    )]
    Acuity(String),
}

/// A refused value as it may be echoed: an ID number masked, at most 20 characters.
fn echo(text: &str) -> String {
    crate::privacy::shown(text.trim())
        .chars()
        .take(20)
        .collect()
}

/// The most a screening refraction may read (±30 D).
const MAX_MILLI: i32 = 30_000;

impl Dioptres {
    /// Reads `-1.25`, `−1.25` (a typographic minus), `+0.50`, `0`, `-1.25D`; at most three
    /// decimals, within ±30 D.
    pub fn parse(text: &str) -> Result<Self, VisionError> {
        let bad = || VisionError::Dioptres(echo(text));
        let t = text.trim();
        let t = t
            .strip_suffix('D')
            .or_else(|| t.strip_suffix('d'))
            .unwrap_or(t)
            .trim();
        let (negative, digits) = match t.chars().next() {
            Some('-' | '−' | '－') => (true, &t[t.chars().next().map_or(0, char::len_utf8)..]),
            Some('+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 2 || !ok(whole) || fraction.len() > 3 || !ok(fraction)
        {
            return Err(bad());
        }
        let whole: i32 = whole.parse().map_err(|_| bad())?;
        let mut milli = whole * 1000;
        for (i, b) in fraction.bytes().enumerate() {
            milli += i32::from(b - b'0') * [100, 10, 1][i];
        }
        if milli > MAX_MILLI {
            return Err(bad());
        }
        Ok(Dioptres(if negative { -milli } else { milli }))
    }
}

impl std::fmt::Display for Dioptres {
    /// `-1.25`, `+0.50`, `0.00`; a thousandth shown only when there is one (`-3.125`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = match self.0 {
            n if n < 0 => "-",
            n if n > 0 => "+",
            _ => "",
        };
        let n = self.0.unsigned_abs();
        if n.is_multiple_of(10) {
            write!(f, "{sign}{}.{:02}", n / 1000, n % 1000 / 10)
        } else {
            write!(f, "{sign}{}.{:03}", n / 1000, n % 1000)
        }
    }
}

/// 裸眼远视力 on the five-point scale (标准对数视力表), in tenths: 4.9 is `Acuity(49)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Acuity(pub u8);

/// 5.0: the normal distance acuity; below it vision is reduced.
pub const NORMAL_ACUITY: Acuity = Acuity(50);

impl Acuity {
    /// Reads `4.9` or `5` (five-point scale, 4.0–5.3, one decimal). A decimal-scale record
    /// (`0.8`) is refused rather than guessed.
    pub fn parse(text: &str) -> Result<Self, VisionError> {
        let bad = || VisionError::Acuity(echo(text));
        let t = text.trim();
        let (whole, fraction) = t.split_once('.').unwrap_or((t, "0"));
        let digit = |s: &str| {
            (s.len() == 1 && s.as_bytes()[0].is_ascii_digit()).then(|| s.as_bytes()[0] - b'0')
        };
        let (Some(w), Some(d)) = (digit(whole), digit(fraction)) else {
            return Err(bad());
        };
        let tenths = w * 10 + d;
        if !(40..=53).contains(&tenths) {
            return Err(bad());
        }
        Ok(Acuity(tenths))
    }
}

impl std::fmt::Display for Acuity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// One eye's screening: 裸眼远视力 and the non-cycloplegic autorefraction, each if taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Eye {
    /// 裸眼远视力.
    pub uncorrected: Option<Acuity>,
    /// 球镜.
    pub sphere: Option<Dioptres>,
    /// 柱镜 (none read as 0 when the sphere is there).
    pub cylinder: Option<Dioptres>,
}

impl Eye {
    /// 2 × 等效球镜 in thousandths of a dioptre, when the refraction was taken.
    pub fn twice_se(&self) -> Option<i32> {
        self.sphere
            .map(|s| 2 * s.0 + self.cylinder.map_or(0, |c| c.0))
    }
}

/// A degree of myopia.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Degree {
    /// 轻度: −0.50 ≥ SE ≥ −3.00 D.
    Mild,
    /// 中度: −3.00 > SE ≥ −6.00 D.
    Moderate,
    /// 高度: SE < −6.00 D.
    High,
}

impl Degree {
    /// 轻度, 中度, 高度.
    pub fn label(self) -> &'static str {
        match self {
            Degree::Mild => "轻度",
            Degree::Moderate => "中度",
            Degree::High => "高度",
        }
    }

    /// The degree of a myopic eye from 2 × SE (thousandths of a dioptre).
    fn of_twice_se(twice_se: i32) -> Degree {
        if twice_se >= -6_000 {
            Degree::Mild
        } else if twice_se >= -12_000 {
            Degree::Moderate
        } else {
            Degree::High
        }
    }
}

/// What a screening finds, for an eye or for a child, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Finding {
    /// 筛查性近视 of this degree.
    Myopic(Degree),
    /// 视力不良（未验光）: reduced vision, no refraction result — refer for one.
    ReducedUnrefracted,
    /// 视力不良, the refraction not myopic (hyperopia, astigmatism, amblyopia … are not this
    /// standard's to name).
    Reduced,
    /// 裸眼远视力 ≥ 5.0.
    Normal,
    /// No acuity recorded.
    NotScreened,
}

impl Finding {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Finding::Myopic(Degree::Mild) => "轻度近视",
            Finding::Myopic(Degree::Moderate) => "中度近视",
            Finding::Myopic(Degree::High) => "高度近视",
            Finding::ReducedUnrefracted => "视力不良（未验光）",
            Finding::Reduced => "视力不良（非近视）",
            Finding::Normal => "视力正常",
            Finding::NotScreened => "未筛查",
        }
    }

    /// Whether this is 筛查性近视.
    pub fn myopic(self) -> bool {
        matches!(self, Finding::Myopic(_))
    }

    /// Order of seriousness: the child's finding is their more serious eye's.
    fn rank(self) -> u8 {
        match self {
            Finding::Myopic(Degree::High) => 6,
            Finding::Myopic(Degree::Moderate) => 5,
            Finding::Myopic(Degree::Mild) => 4,
            Finding::ReducedUnrefracted => 3,
            Finding::Reduced => 2,
            Finding::Normal => 1,
            Finding::NotScreened => 0,
        }
    }
}

/// What one eye's screening finds: both conditions in this eye for 筛查性近视.
pub fn eye_finding(eye: &Eye) -> Finding {
    let Some(acuity) = eye.uncorrected else {
        return Finding::NotScreened;
    };
    if acuity >= NORMAL_ACUITY {
        return Finding::Normal;
    }
    match eye.twice_se() {
        None => Finding::ReducedUnrefracted,
        Some(t) if t <= -1_000 => Finding::Myopic(Degree::of_twice_se(t)),
        Some(_) => Finding::Reduced,
    }
}

/// What a child's screening finds: the more serious of the two eyes' findings, except that a
/// child with one eye unscreened and nothing found in the other is not screened (受检 needs both
/// eyes); a myopic eye counts the child whatever the other.
pub fn child_finding(right: &Eye, left: &Eye) -> Finding {
    let (r, l) = (eye_finding(right), eye_finding(left));
    let worse = if r.rank() >= l.rank() { r } else { l };
    if !worse.myopic() && (r == Finding::NotScreened || l == Finding::NotScreened) {
        return Finding::NotScreened;
    }
    worse
}

/// The counts of a group's screening (a class, a grade, a school, a district).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisionCounts {
    /// 受检人数: children with a finding.
    pub screened: u64,
    /// 筛查性近视 by degree: 轻度, 中度, 高度.
    pub myopic: [u64; 3],
    /// 视力不良（未验光）.
    pub unrefracted: u64,
    /// 视力不良, not myopic.
    pub reduced: u64,
}

impl VisionCounts {
    /// Counts one child's finding (an unscreened child is not counted).
    pub fn add(&mut self, finding: Finding) {
        match finding {
            Finding::NotScreened => return,
            Finding::Myopic(d) => self.myopic[d as usize] += 1,
            Finding::ReducedUnrefracted => self.unrefracted += 1,
            Finding::Reduced => self.reduced += 1,
            Finding::Normal => {}
        }
        self.screened += 1;
    }

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &VisionCounts) {
        self.screened += other.screened;
        for (a, b) in self.myopic.iter_mut().zip(other.myopic) {
            *a += b;
        }
        self.unrefracted += other.unrefracted;
        self.reduced += other.reduced;
    }

    /// 筛查性近视人数.
    pub fn myopic_total(&self) -> u64 {
        self.myopic.iter().sum()
    }

    /// 近视率 = 筛查性近视人数 / 受检人数; `None` when nobody was screened.
    pub fn rate(&self) -> Option<f64> {
        (self.screened > 0).then(|| self.myopic_total() as f64 / self.screened as f64)
    }
}

/// A child's change between two rounds of screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    /// Not myopic before, myopic now (新发近视).
    NewMyopia,
    /// Myopic both times, the worse eye's SE lower by at least the threshold (进展较快).
    Progressed,
    /// Myopic both times, progressing less than the threshold.
    Myopic,
    /// Not myopic either time.
    NotMyopic,
    /// Myopic before, not now (a non-cycloplegic screening can read so; worth a check).
    NoLongerMyopic,
    /// Not comparable: either round did not screen the child.
    Unknown,
}

/// The lowest SE (2 × SE, thousandths of a dioptre) among a child's myopic eyes.
fn worst_twice_se(right: &Eye, left: &Eye) -> Option<i32> {
    [right, left]
        .into_iter()
        .filter(|e| eye_finding(e).myopic())
        .filter_map(Eye::twice_se)
        .min()
}

/// How a child's screening changed from `before` to `after` (each the right and left eye);
/// `progression` is the drop of the worse eye's SE that counts as 进展较快 (a setting: the
/// standard sets none).
pub fn change(before: (&Eye, &Eye), after: (&Eye, &Eye), progression: Dioptres) -> Change {
    let (b, a) = (
        child_finding(before.0, before.1),
        child_finding(after.0, after.1),
    );
    if b == Finding::NotScreened || a == Finding::NotScreened {
        return Change::Unknown;
    }
    match (b.myopic(), a.myopic()) {
        (false, true) => Change::NewMyopia,
        (true, false) => Change::NoLongerMyopic,
        (false, false) => Change::NotMyopic,
        (true, true) => {
            let drop = worst_twice_se(before.0, before.1)
                .zip(worst_twice_se(after.0, after.1))
                .map(|(x, y)| x - y);
            if drop.is_some_and(|d| d >= 2 * progression.0) {
                Change::Progressed
            } else {
                Change::Myopic
            }
        }
    }
}

/// The 近视率 the 综合防控 plan (教体艺〔2018〕3号) asks for in `year`: the baseline year's rate
/// lowered by `points_per_year` percentage points a year (0.5, or 1 in high-prevalence
/// provinces), never below 0.
pub fn yearly_target(baseline: f64, baseline_year: i32, year: i32, points_per_year: f64) -> f64 {
    let years = f64::from((year - baseline_year).max(0));
    (baseline - years * points_per_year / 100.0).max(0.0)
}

/// The plan's 2030 targets: 小学 below 38 %, 初中 below 60 % (and 6-year-olds about 3 %).
pub const TARGET_2030_PRIMARY: f64 = 0.38;
/// See [`TARGET_2030_PRIMARY`].
pub const TARGET_2030_JUNIOR: f64 = 0.60;

#[cfg(test)]
mod tests;
