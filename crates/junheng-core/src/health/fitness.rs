//! 体质健康 scoring (《国家学生体质健康标准（2014年修订）》, 教体艺〔2014〕5号): item scores from the
//! standard's step tables held as data ([`Pack`]), weights per grade band, 标准分, the 小学 附加分,
//! 学年总分 and 等级.
//!
//! * An item's score is the highest of the table's 20 steps (100 … 10) whose threshold the result
//!   meets (≤ for times, ≥ otherwise; a result on a threshold meets it); below the 10-point
//!   threshold it is 0. BMI = 体重 / 身高² is taken to one decimal (half up, as the tables are
//!   written) and scored by range: 正常 100, 低体重 and 超重 80, 肥胖 60.
//! * **A table the pack does not hold is never guessed**: the item is 未评分, and so are the
//!   student's 标准分 and 等级. The shipped pack holds grades 1–6 complete; for 初中 only the
//!   100-point thresholds are known, so 初中 results stay 未评分 until the bureau loads the
//!   official tables.
//! * 标准分 = Σ item score × weight (in hundredths of a point, exact); 附加分 (小学): 一分钟跳绳 above
//!   its 100-point threshold, 1 point per 2 skips, at most 20; 学年总分 = 标准分 + 附加分; 等级
//!   优秀 ≥ 90.0, 良好 ≥ 80.0, 及格 ≥ 60.0, else 不及格.

use std::collections::BTreeMap;

use serde::Serialize;

/// 性别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// A tested item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Item {
    /// 体重指数 (BMI), kg/m², one decimal.
    Bmi,
    /// 肺活量, ml.
    VitalCapacity,
    /// 50 米跑, seconds, one decimal.
    Run50m,
    /// 坐位体前屈, cm, one decimal (may be negative).
    SitAndReach,
    /// 一分钟跳绳, count.
    RopeSkipping,
    /// 一分钟仰卧起坐, count.
    Situp,
    /// 50 米×8 往返跑, seconds.
    Shuttle50x8,
    /// 立定跳远, cm.
    StandingLongJump,
    /// 引体向上 (男), count.
    PullUp,
    /// 1000 米跑 (男) or 800 米跑 (女), seconds.
    Endurance,
}

impl Item {
    /// Every item, in the standard's order.
    pub const ALL: [Item; 10] = [
        Item::Bmi,
        Item::VitalCapacity,
        Item::Run50m,
        Item::SitAndReach,
        Item::RopeSkipping,
        Item::Situp,
        Item::Shuttle50x8,
        Item::StandingLongJump,
        Item::PullUp,
        Item::Endurance,
    ];

    /// A stable id (storage, exports).
    pub fn id(self) -> &'static str {
        match self {
            Item::Bmi => "bmi",
            Item::VitalCapacity => "vital_capacity",
            Item::Run50m => "run50m",
            Item::SitAndReach => "sit_and_reach",
            Item::RopeSkipping => "rope_skipping_1min",
            Item::Situp => "situp_1min",
            Item::Shuttle50x8 => "shuttle_50x8",
            Item::StandingLongJump => "standing_long_jump",
            Item::PullUp => "pullup",
            Item::Endurance => "endurance",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Item::Bmi => "体重指数（BMI）",
            Item::VitalCapacity => "肺活量",
            Item::Run50m => "50米跑",
            Item::SitAndReach => "坐位体前屈",
            Item::RopeSkipping => "一分钟跳绳",
            Item::Situp => "一分钟仰卧起坐",
            Item::Shuttle50x8 => "50米×8往返跑",
            Item::StandingLongJump => "立定跳远",
            Item::PullUp => "引体向上",
            Item::Endurance => "1000米跑（男）/800米跑（女）",
        }
    }

    /// Decimals the results and thresholds are written with: a value is held as an integer
    /// in units of 10^-decimals.
    pub fn decimals(self) -> u32 {
        match self {
            Item::Bmi | Item::Run50m | Item::SitAndReach => 1,
            _ => 0,
        }
    }

    /// Whether a lower result is better (times).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Item::Run50m | Item::Shuttle50x8 | Item::Endurance)
    }
}

/// The items a student of `grade` (1–9) and `sex` is tested on, with their weights (%): the
/// standard's bands 1–2, 3–4, 5–6 and 初中 (引体向上 for boys, 仰卧起坐 for girls).
pub fn items(grade: u8, sex: Sex) -> Vec<(Item, u32)> {
    use Item::*;
    match grade {
        1 | 2 => vec![
            (Bmi, 15),
            (VitalCapacity, 15),
            (Run50m, 20),
            (SitAndReach, 30),
            (RopeSkipping, 20),
        ],
        3 | 4 => vec![
            (Bmi, 15),
            (VitalCapacity, 15),
            (Run50m, 20),
            (SitAndReach, 20),
            (RopeSkipping, 20),
            (Situp, 10),
        ],
        5 | 6 => vec![
            (Bmi, 15),
            (VitalCapacity, 15),
            (Run50m, 20),
            (SitAndReach, 10),
            (RopeSkipping, 10),
            (Situp, 20),
            (Shuttle50x8, 10),
        ],
        7..=9 => vec![
            (Bmi, 15),
            (VitalCapacity, 15),
            (Run50m, 20),
            (SitAndReach, 10),
            (StandingLongJump, 10),
            (if sex == Sex::Male { PullUp } else { Situp }, 10),
            (Endurance, 20),
        ],
        _ => Vec::new(),
    }
}

/// A step table: (score, threshold) from 100 down, thresholds in the item's units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Steps(pub Vec<(u8, i64)>);

/// A BMI range scored as a whole: bounds inclusive, in tenths of kg/m².
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BmiRange {
    /// 正常, 低体重, 超重, 肥胖.
    pub category: String,
    /// The item score.
    pub score: u8,
    /// Lowest BMI (tenths), if bounded below.
    pub lower: Option<i64>,
    /// Highest BMI (tenths), if bounded above.
    pub upper: Option<i64>,
}

/// The scoring tables, as loaded: versioned data, never code.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Pack {
    /// The pack's name and version, shown beside every score.
    pub version: String,
    /// Step tables by (item, grade, sex).
    pub steps: BTreeMap<(Item, u8, Sex), Steps>,
    /// BMI ranges by (grade, sex).
    pub bmi: BTreeMap<(u8, Sex), Vec<BmiRange>>,
}

/// Why a pack's text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("评分表 {file} 第 {line} 行：{message}")]
pub struct PackError {
    /// The file.
    pub file: String,
    /// Its line (1 = the header).
    pub line: usize,
    /// What is wrong and what is expected.
    pub message: String,
}

/// The standard's 20 steps.
pub const STEPS: [u8; 20] = [
    100, 95, 90, 85, 80, 78, 76, 74, 72, 70, 68, 66, 64, 62, 60, 50, 40, 30, 20, 10,
];

/// A decimal text as an integer in units of 10^-`decimals` (`"10.2"`, 1 → 102).
pub fn fixed(text: &str, decimals: u32) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 9 || !digits(whole) || !digits(fraction) {
        return None;
    }
    if fraction.len() > decimals as usize {
        return None;
    }
    let scale = 10i64.pow(decimals);
    let mut v = whole.parse::<i64>().ok()? * scale;
    let mut unit = scale / 10;
    for b in fraction.bytes() {
        v += i64::from(b - b'0') * unit;
        unit /= 10;
    }
    Some(if negative { -v } else { v })
}

impl Pack {
    /// Adds a step table file (`grade,sex,score,threshold`) of `item`: every (grade, sex) in it
    /// must list the standard's 20 steps in order, thresholds monotone.
    pub fn add_steps(&mut self, item: Item, file: &str, text: &str) -> Result<(), PackError> {
        let err = |line: usize, message: String| PackError {
            file: file.to_owned(),
            line,
            message,
        };
        let mut read: BTreeMap<(u8, Sex), Vec<(u8, i64)>> = BTreeMap::new();
        for (i, row) in rows(text, "grade,sex,score,threshold", file)? {
            let [grade, sex, score, threshold] = row[..] else {
                return Err(err(i, "应有 4 列：grade,sex,score,threshold".into()));
            };
            let grade =
                grade_of(grade).ok_or_else(|| err(i, format!("年级「{grade}」应为 1 到 9")))?;
            let sex = sex_of(sex).ok_or_else(|| err(i, format!("性别「{sex}」应为 M 或 F")))?;
            let score: u8 = score
                .parse()
                .map_err(|_| err(i, format!("分数「{score}」不是整数")))?;
            let threshold = fixed(threshold, item.decimals()).ok_or_else(|| {
                err(
                    i,
                    format!("阈值「{threshold}」应为最多 {} 位小数的数", item.decimals()),
                )
            })?;
            read.entry((grade, sex))
                .or_default()
                .push((score, threshold));
        }
        for ((grade, sex), steps) in read {
            let scores: Vec<u8> = steps.iter().map(|s| s.0).collect();
            if scores != STEPS {
                return Err(err(
                    0,
                    format!("{grade} 年级 {sex:?} 的分数应依次为标准的 20 档（100 到 10）"),
                ));
            }
            let ordered = steps.windows(2).all(|w| {
                if item.lower_is_better() {
                    w[0].1 <= w[1].1
                } else {
                    w[0].1 >= w[1].1
                }
            });
            if !ordered {
                return Err(err(
                    0,
                    format!("{grade} 年级 {sex:?} 的阈值应随分数单调变化"),
                ));
            }
            self.steps.insert((item, grade, sex), Steps(steps));
        }
        Ok(())
    }

    /// Adds the BMI ranges (`grade,sex,score,category,lower_inclusive,upper_inclusive`).
    pub fn add_bmi(&mut self, file: &str, text: &str) -> Result<(), PackError> {
        let err = |line: usize, message: String| PackError {
            file: file.to_owned(),
            line,
            message,
        };
        let header = "grade,sex,score,category,lower_inclusive,upper_inclusive";
        for (i, row) in rows(text, header, file)? {
            let [grade, sex, score, category, lower, upper] = row[..] else {
                return Err(err(i, format!("应有 6 列：{header}")));
            };
            let grade =
                grade_of(grade).ok_or_else(|| err(i, format!("年级「{grade}」应为 1 到 9")))?;
            let sex = sex_of(sex).ok_or_else(|| err(i, format!("性别「{sex}」应为 M 或 F")))?;
            let bound = |t: &str| -> Result<Option<i64>, PackError> {
                if t.trim().is_empty() {
                    return Ok(None);
                }
                fixed(t, 1)
                    .map(Some)
                    .ok_or_else(|| err(i, format!("界值「{t}」应为一位小数的数")))
            };
            let range = BmiRange {
                category: category.trim().to_owned(),
                score: score
                    .parse()
                    .map_err(|_| err(i, format!("分数「{score}」不是整数")))?,
                lower: bound(lower)?,
                upper: bound(upper)?,
            };
            self.bmi.entry((grade, sex)).or_default().push(range);
        }
        Ok(())
    }

    /// The pack shipped with Junheng: grades 1–6 complete (transcribed from public sources that
    /// agree at the 100-point level; to be diffed against the official tables before use).
    pub fn builtin() -> Pack {
        let mut pack = Pack {
            version: "国家学生体质健康标准（2014年修订）小学评分表 · junheng 转录 1".into(),
            ..Pack::default()
        };
        let files: [(Item, &str, &str); 6] = [
            (
                Item::Run50m,
                "run50m_seconds.csv",
                include_str!("../../fitness/run50m_seconds.csv"),
            ),
            (
                Item::SitAndReach,
                "sit_and_reach_cm.csv",
                include_str!("../../fitness/sit_and_reach_cm.csv"),
            ),
            (
                Item::RopeSkipping,
                "rope_skipping_1min_count.csv",
                include_str!("../../fitness/rope_skipping_1min_count.csv"),
            ),
            (
                Item::VitalCapacity,
                "vital_capacity_ml.csv",
                include_str!("../../fitness/vital_capacity_ml.csv"),
            ),
            (
                Item::Situp,
                "situp_1min_count.csv",
                include_str!("../../fitness/situp_1min_count.csv"),
            ),
            (
                Item::Shuttle50x8,
                "shuttle_50x8_seconds.csv",
                include_str!("../../fitness/shuttle_50x8_seconds.csv"),
            ),
        ];
        for (item, file, text) in files {
            pack.add_steps(item, file, text)
                .expect("the shipped tables are checked by the tests");
        }
        pack.add_bmi("bmi_kg_m2.csv", include_str!("../../fitness/bmi_kg_m2.csv"))
            .expect("the shipped tables are checked by the tests");
        pack
    }
}

/// The data rows of a CSV text with the expected header: (line number, cells).
fn rows<'a>(
    text: &'a str,
    header: &str,
    file: &str,
) -> Result<Vec<(usize, Vec<&'a str>)>, PackError> {
    let mut lines = text.lines().enumerate();
    let first = lines
        .next()
        .map(|(_, l)| l.trim_start_matches('\u{feff}').trim());
    if first != Some(header) {
        return Err(PackError {
            file: file.to_owned(),
            line: 1,
            message: format!("表头应为 {header}"),
        });
    }
    Ok(lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
        .collect())
}

fn grade_of(text: &str) -> Option<u8> {
    text.trim().parse().ok().filter(|g| (1..=9).contains(g))
}

fn sex_of(text: &str) -> Option<Sex> {
    match text.trim() {
        "M" => Some(Sex::Male),
        "F" => Some(Sex::Female),
        _ => None,
    }
}

/// The score of `result` (in the item's units) by a step table: the highest step met, else 0.
pub fn step_score(item: Item, steps: &Steps, result: i64) -> u8 {
    steps
        .0
        .iter()
        .find(|(_, t)| {
            if item.lower_is_better() {
                result <= *t
            } else {
                result >= *t
            }
        })
        .map_or(0, |(s, _)| *s)
}

/// BMI in tenths of kg/m² from 体重 (kg, in tenths) and 身高 (cm, in tenths), one decimal half up.
pub fn bmi_tenths(weight_tenths_kg: i64, height_tenths_cm: i64) -> Option<i64> {
    if weight_tenths_kg <= 0 || height_tenths_cm <= 0 {
        return None;
    }
    // BMI = (w/10) / (h/1000)² = w · 100 000 / h²; in tenths: w · 1 000 000 / h², half up.
    let num = i128::from(weight_tenths_kg) * 1_000_000;
    let den = i128::from(height_tenths_cm) * i128::from(height_tenths_cm);
    i64::try_from((2 * num + den) / (2 * den)).ok()
}

/// An item's outcome for one student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ItemScore {
    /// Scored.
    Scored(u8),
    /// 未评分: the pack has no table for this item, grade and sex.
    Unscored,
    /// Not tested.
    Missing,
}

/// A student's scores in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// Each item of the grade with its weight (%) and outcome.
    pub items: Vec<(Item, u32, ItemScore)>,
    /// BMI category (正常 …), when scored.
    pub bmi_category: Option<String>,
    /// 标准分 in hundredths of a point (`None`: an item missing or 未评分).
    pub standard: Option<u32>,
    /// 附加分 in hundredths of a point.
    pub bonus: u32,
    /// 学年总分 in hundredths of a point.
    pub total: Option<u32>,
}

/// 等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level {
    /// 不及格 (≤ 59.9).
    Fail,
    /// 及格 (60.0–79.9).
    Pass,
    /// 良好 (80.0–89.9).
    Good,
    /// 优秀 (≥ 90.0).
    Excellent,
}

impl Level {
    /// The level of a total in hundredths of a point.
    pub fn of(total: u32) -> Level {
        match total {
            9_000.. => Level::Excellent,
            8_000.. => Level::Good,
            6_000.. => Level::Pass,
            _ => Level::Fail,
        }
    }

    /// 优秀, 良好, 及格, 不及格.
    pub fn label(self) -> &'static str {
        match self {
            Level::Excellent => "优秀",
            Level::Good => "良好",
            Level::Pass => "及格",
            Level::Fail => "不及格",
        }
    }
}

/// Scores a student of `grade` and `sex`; `result` gives an item's result in its units (BMI in
/// tenths of kg/m², see [`bmi_tenths`]), `None` when not tested.
pub fn score(pack: &Pack, grade: u8, sex: Sex, result: impl Fn(Item) -> Option<i64>) -> Scored {
    let mut items = Vec::new();
    let mut bmi_category = None;
    let mut standard = Some(0u32);
    let mut bonus = 0;
    for (item, weight) in self::items(grade, sex) {
        let outcome = match (item, result(item)) {
            (_, None) => ItemScore::Missing,
            (Item::Bmi, Some(bmi)) => match pack.bmi.get(&(grade, sex)) {
                None => ItemScore::Unscored,
                Some(ranges) => {
                    let hit = ranges.iter().find(|r| {
                        r.lower.is_none_or(|l| bmi >= l) && r.upper.is_none_or(|u| bmi <= u)
                    });
                    match hit {
                        Some(r) => {
                            bmi_category = Some(r.category.clone());
                            ItemScore::Scored(r.score)
                        }
                        // A gap in the loaded ranges: not guessed.
                        None => ItemScore::Unscored,
                    }
                }
            },
            (_, Some(value)) => match pack.steps.get(&(item, grade, sex)) {
                None => ItemScore::Unscored,
                Some(steps) => {
                    if item == Item::RopeSkipping && grade <= 6 {
                        // 附加分: 1 point per 2 skips above the 100-point threshold, at most 20.
                        let top = steps.0[0].1;
                        bonus = u32::try_from(((value - top) / 2).clamp(0, 20)).unwrap_or(0) * 100;
                    }
                    ItemScore::Scored(step_score(item, steps, value))
                }
            },
        };
        standard = match (&outcome, standard) {
            (ItemScore::Scored(s), Some(sum)) => Some(sum + u32::from(*s) * weight),
            _ => None,
        };
        items.push((item, weight, outcome));
    }
    Scored {
        total: standard.map(|s| s + bonus),
        items,
        bmi_category,
        standard,
        bonus,
    }
}

#[cfg(test)]
mod tests;
