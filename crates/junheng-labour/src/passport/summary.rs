//! Three-dimension ratings and the term summary with its grade (劳动素养 优秀/良好/合格/待合格).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Entry, award, points};
use crate::calendar::{Day, Span, Term};
use crate::checklist::{EffectiveList, ItemCode};
use crate::groups::{GradeBand, TaskGroup};
use crate::roster::{ClassRef, RosterEntry, StudentKey};
use crate::settings::LabourSettings;
use crate::words::words;

/// ★ 1–5; built only by [`Stars::new`] (serde checks too).
///
/// ```
/// use junheng_labour::passport::Stars;
/// assert_eq!(Stars::new(5).map(Stars::get), Some(5));
/// assert!(Stars::new(0).is_none() && Stars::new(6).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Stars(u8);

impl Stars {
    /// 1–5 stars, or `None`.
    pub fn new(n: u8) -> Option<Stars> {
        (1..=5).contains(&n).then_some(Stars(n))
    }

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Stars {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Stars::new(u8::deserialize(d)?)
            .ok_or_else(|| serde::de::Error::custom("评分应为 1 到 5 星"))
    }
}

/// The three dimensions of a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 劳动能力.
    Ability,
    /// 劳动习惯.
    Habit,
    /// 劳动品质.
    Quality,
}

words!(Dimension {
    Ability => "ability", "劳动能力" | "能力";
    Habit => "habit", "劳动习惯" | "习惯";
    Quality => "quality", "劳动品质" | "品质";
});

/// Who rates (评价主体多元).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rater {
    /// 自评.
    Student,
    /// 互评 (a classmate).
    Peer,
    /// 家长评.
    Parent,
    /// 教师评.
    Teacher,
}

words!(Rater {
    Student => "student", "自评";
    Peer => "peer", "互评";
    Parent => "parent", "家长评";
    Teacher => "teacher", "教师评";
});

/// A rating of a child in a term, of one item or of the term as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// The child.
    pub student: StudentKey,
    /// The term.
    pub term: Term,
    /// Who rated.
    pub rater: Rater,
    /// The item rated, or none for the term as a whole.
    #[serde(default)]
    pub item: Option<ItemCode>,
    /// 劳动能力.
    pub ability: Stars,
    /// 劳动习惯.
    pub habit: Stars,
    /// 劳动品质.
    pub quality: Stars,
}

impl Rating {
    /// The stars of one dimension.
    pub fn stars(&self, dimension: Dimension) -> Stars {
        match dimension {
            Dimension::Ability => self.ability,
            Dimension::Habit => self.habit,
            Dimension::Quality => self.quality,
        }
    }
}

/// A mean in tenths, rounded half up (4.25 → 4.3): exact integers in, one decimal out; written
/// in JSON as a number with one decimal.
///
/// ```
/// use junheng_labour::passport::Tenths;
/// assert_eq!(Tenths::mean(17, 4).unwrap().to_string(), "4.3"); // 4.25
/// assert_eq!(Tenths::mean(9, 3).unwrap().get(), 30);
/// assert_eq!(Tenths::mean(1, 0), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(u16);

impl Tenths {
    /// `sum / count` in tenths, rounded half up; `None` of no count.
    pub fn mean(sum: u64, count: u64) -> Option<Tenths> {
        (count > 0)
            .then(|| Tenths(((sum * 20 + count) / (2 * count)).min(u64::from(u16::MAX)) as u16))
    }

    /// The value in tenths (43 for 4.3).
    pub fn get(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

/// The means of a child's ratings in a term, over every rater and item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct RatingMeans {
    /// Ratings counted.
    pub count: u32,
    /// 劳动能力.
    pub ability: Option<Tenths>,
    /// 劳动习惯.
    pub habit: Option<Tenths>,
    /// 劳动品质.
    pub quality: Option<Tenths>,
    /// The three dimensions together.
    pub overall: Option<Tenths>,
}

impl RatingMeans {
    /// The means of `ratings`.
    pub fn of<'a>(ratings: impl IntoIterator<Item = &'a Rating>) -> RatingMeans {
        let mut count = 0u64;
        let mut sums = [0u64; 3];
        for r in ratings {
            count += 1;
            for (sum, &d) in sums.iter_mut().zip(Dimension::ALL) {
                *sum += u64::from(r.stars(d).get());
            }
        }
        RatingMeans {
            count: count as u32,
            ability: Tenths::mean(sums[0], count),
            habit: Tenths::mean(sums[1], count),
            quality: Tenths::mean(sums[2], count),
            overall: Tenths::mean(sums.iter().sum(), 3 * count),
        }
    }
}

/// 劳动素养 term grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermGrade {
    /// 优秀.
    Excellent,
    /// 良好.
    Good,
    /// 合格.
    Pass,
    /// 待合格.
    NotYet,
}

words!(TermGrade {
    Excellent => "excellent", "优秀";
    Good => "good", "良好";
    Pass => "pass", "合格";
    NotYet => "not_yet", "待合格";
});

/// What a grade needs: the term's points and the overall rating (in tenths; 0 = no rating
/// needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeLine {
    /// Points of the term, at least.
    pub points: u32,
    /// Overall rating in tenths, at least (40 = 4.0 stars); 0 when the grade needs none.
    pub rating_tenths: u16,
}

/// The term grade's lines, local settings \[L\] (`practices.md` §4.3: "thresholds set locally").
/// Defaults: 优秀 150 points and ★4.0, 良好 100 points and ★3.0, 合格 60 points; below,
/// 待合格. (A term of about 18 weeks at the weekly minimum earns roughly 100–200 points.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GradeSettings {
    /// 优秀.
    pub excellent: GradeLine,
    /// 良好.
    pub good: GradeLine,
    /// 合格.
    pub pass: GradeLine,
}

impl Default for GradeSettings {
    fn default() -> Self {
        GradeSettings {
            excellent: GradeLine {
                points: 150,
                rating_tenths: 40,
            },
            good: GradeLine {
                points: 100,
                rating_tenths: 30,
            },
            pass: GradeLine {
                points: 60,
                rating_tenths: 0,
            },
        }
    }
}

impl GradeSettings {
    /// The grade of a term's points and ratings: the best line both reach.
    pub fn grade(&self, points: u32, ratings: &RatingMeans) -> TermGrade {
        let reaches = |line: GradeLine| {
            points >= line.points
                && (line.rating_tenths == 0
                    || ratings
                        .overall
                        .is_some_and(|t| t.get() >= line.rating_tenths))
        };
        [
            (self.excellent, TermGrade::Excellent),
            (self.good, TermGrade::Good),
            (self.pass, TermGrade::Pass),
        ]
        .into_iter()
        .find(|&(line, _)| reaches(line))
        .map_or(TermGrade::NotYet, |(_, grade)| grade)
    }
}

/// What a class's term summaries are made of.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    /// The term.
    pub term: Term,
    /// The term's days.
    pub span: Span,
    /// The first day of the school year (yearly badges count from it).
    pub year_start: Day,
    /// The school's effective list.
    pub list: &'a EffectiveList,
    /// The children to summarise (a class).
    pub roster: &'a [RosterEntry],
    /// Their records with statuses, up to the term's end (earlier terms count for badges).
    pub entries: &'a [Entry],
    /// Their ratings (other terms' are ignored).
    pub ratings: &'a [Rating],
    /// The school's 劳动周 of the school year, if held.
    pub labour_week: Option<Span>,
}

/// A child's term (班级学期小结): the basis of the school's 公示 and of the 综合素质评价 row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermSummary {
    /// The child.
    pub student: StudentKey,
    /// The class.
    pub class: ClassRef,
    /// The child's 学段 band.
    pub band: GradeBand,
    /// The term.
    pub term: Term,
    /// Verified records in the term.
    pub records: u32,
    /// Their minutes.
    pub minutes: u32,
    /// Points of the term (the 劳动周 bonus included).
    pub points: u32,
    /// Task groups with a verified record in the term.
    pub groups: Vec<TaskGroup>,
    /// Rating means of the term.
    pub ratings: RatingMeans,
    /// Ids of the badges earned by the term's end.
    pub badges: Vec<String>,
    /// The term grade.
    pub grade: TermGrade,
}

/// The term summary of each child of the roster, in roster order.
pub fn summarise(input: &SummaryInput<'_>, settings: &LabourSettings) -> Vec<TermSummary> {
    let mut by_student: HashMap<StudentKey, Vec<&Entry>> = HashMap::new();
    for e in input
        .entries
        .iter()
        .filter(|e| e.record.day <= input.span.last)
    {
        by_student.entry(e.record.student).or_default().push(e);
    }
    let mut ratings_of: HashMap<StudentKey, Vec<&Rating>> = HashMap::new();
    for r in input.ratings.iter().filter(|r| r.term == input.term) {
        ratings_of.entry(r.student).or_default().push(r);
    }
    let p = &settings.passport;
    input
        .roster
        .iter()
        .map(|child| {
            let mine = by_student
                .get(&child.student)
                .map_or(&[][..], Vec::as_slice);
            let band = child.grade.band();
            let term: Vec<&Entry> = mine
                .iter()
                .copied()
                .filter(|e| input.span.contains(e.record.day))
                .collect();
            let year: Vec<&Entry> = mine
                .iter()
                .copied()
                .filter(|e| e.record.day >= input.year_start)
                .collect();
            let of_band = mine.iter().copied().filter(|e| {
                input
                    .list
                    .item(&e.record.item)
                    .is_some_and(|i| i.grades.band() == band)
            });
            let term_points = points(term.iter().copied(), input.labour_week, &p.points);
            let year_points = points(year.iter().copied(), input.labour_week, &p.points);
            let badges = award(
                &p.badges,
                band,
                of_band,
                year.iter().copied(),
                year_points.total,
                input.list,
                &settings.checklist.required_groups,
            );
            let verified: Vec<&Entry> = term.into_iter().filter(|e| e.status.verified()).collect();
            let groups: BTreeSet<TaskGroup> = verified
                .iter()
                .filter_map(|e| input.list.item(&e.record.item).map(|i| i.group))
                .collect();
            let ratings = RatingMeans::of(
                ratings_of
                    .get(&child.student)
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            TermSummary {
                student: child.student,
                class: child.class.clone(),
                band,
                term: input.term,
                records: verified.len() as u32,
                minutes: verified.iter().map(|e| u32::from(e.record.minutes)).sum(),
                points: term_points.total,
                groups: groups.into_iter().collect(),
                grade: p.grades.grade(term_points.total, &ratings),
                ratings,
                badges: badges
                    .into_iter()
                    .filter(|b| b.earned)
                    .map(|b| b.id)
                    .collect(),
            }
        })
        .collect()
}
