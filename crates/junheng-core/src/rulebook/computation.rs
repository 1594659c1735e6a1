//! The computations the 督导评估 collector knows, and the limits each reads with their national
//! defaults and kinds: a rulebook item names one and may set its limits, never invent one.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A computation the inspection collector knows. The list is fixed: a rulebook names one and
/// sets its limits; it cannot invent a computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Computation {
    /// B3 音乐、美术专用教室 per 12 classes and their areas.
    MusicArtRooms,
    /// B4 校规模.
    SchoolSize,
    /// B5 班额.
    ClassSize,
    /// B6 村小、教学点 under 100 pupils funded as 100.
    SmallSchoolFunding,
    /// B7 特殊教育学校 生均公用经费.
    SpecialSchoolFunding,
    /// B8 教师平均工资 against 公务员.
    TeacherPay,
    /// B9 五年 360 学时 completion.
    TrainingHours,
    /// B10 编制 and 岗位 within the approved totals.
    PostsAllocation,
    /// B11 交流轮岗 quotas (limits are the rulebook's `[rotation]`).
    Rotation,
    /// B12 教师资格证.
    Certificates,
    /// B13 就近入学.
    NearbyEnrolment,
    /// B14 指标到校.
    HighSchoolQuota,
    /// B15 随迁子女 in public schools or purchased places.
    MigrantChildren,
    /// C1 初中三年巩固率.
    JuniorConsolidation,
    /// C2 残疾儿童少年入学率.
    DisabledEnrolment,
    /// C3 学校章程 (share of schools with one on file).
    SchoolCharters,
    /// C4 公用经费 for teacher training.
    TrainingBudget,
    /// C9 国家义务教育质量监测.
    Naeq,
    /// 社会认可度 from the official survey.
    Recognition,
    /// 有编不补 / 长期聘用编外教师 (a risk only: it needs an attestation to trigger or clear).
    UnfilledPosts,
}

/// A limit of a computation: its key, its default (none: the rulebook or an entered figure must
/// give it) and what it means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitSpec {
    /// Key in `limits = { … }`.
    pub key: &'static str,
    /// The national default, if there is one.
    pub default: Option<f64>,
    /// Chinese meaning, for the item page and errors.
    pub meaning: &'static str,
    /// What kind of number it is.
    pub kind: LimitKind,
}

/// What kind of number a limit is; a rulebook's value is checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// A share in [0, 1].
    Share,
    /// A share in [0, 1] that is a whole percentage (0.95, not 0.955): the engines that read it
    /// count in whole percents.
    WholePercent,
    /// A positive whole number (pupils, classes, ㎡, a level, years).
    Count,
    /// A positive amount (元, a ratio).
    Amount,
}

impl LimitKind {
    /// Whether a value is of this kind; else what is expected.
    pub(super) fn check(self, value: f64) -> Result<(), &'static str> {
        let ok = value.is_finite()
            && match self {
                LimitKind::Share => (0.0..=1.0).contains(&value),
                LimitKind::WholePercent => {
                    (0.0..=1.0).contains(&value)
                        && (value * 100.0 - (value * 100.0).round()).abs() < 1e-9
                }
                LimitKind::Count => (1.0..=1e6).contains(&value) && value.fract() == 0.0,
                LimitKind::Amount => value > 0.0 && value <= 1e9,
            };
        if ok {
            return Ok(());
        }
        Err(match self {
            LimitKind::Share => "应为 0 到 1 之间的比例，例如 0.95",
            LimitKind::WholePercent => "应为 0 到 1 之间的整百分比，例如 0.95（不能是 0.955）",
            LimitKind::Count => "应为正整数",
            LimitKind::Amount => "应为正数",
        })
    }
}

const fn limit(
    key: &'static str,
    kind: LimitKind,
    default: Option<f64>,
    meaning: &'static str,
) -> LimitSpec {
    LimitSpec {
        key,
        default,
        meaning,
        kind,
    }
}

const fn share(key: &'static str, default: f64, meaning: &'static str) -> LimitSpec {
    limit(key, LimitKind::Share, Some(default), meaning)
}

const fn percent(key: &'static str, default: f64, meaning: &'static str) -> LimitSpec {
    limit(key, LimitKind::WholePercent, Some(default), meaning)
}

const fn count(key: &'static str, default: f64, meaning: &'static str) -> LimitSpec {
    limit(key, LimitKind::Count, Some(default), meaning)
}

const fn amount(key: &'static str, default: Option<f64>, meaning: &'static str) -> LimitSpec {
    limit(key, LimitKind::Amount, default, meaning)
}

impl Computation {
    /// Every computation.
    pub const ALL: [Computation; 20] = [
        Computation::MusicArtRooms,
        Computation::SchoolSize,
        Computation::ClassSize,
        Computation::SmallSchoolFunding,
        Computation::SpecialSchoolFunding,
        Computation::TeacherPay,
        Computation::TrainingHours,
        Computation::PostsAllocation,
        Computation::Rotation,
        Computation::Certificates,
        Computation::NearbyEnrolment,
        Computation::HighSchoolQuota,
        Computation::MigrantChildren,
        Computation::JuniorConsolidation,
        Computation::DisabledEnrolment,
        Computation::SchoolCharters,
        Computation::TrainingBudget,
        Computation::Naeq,
        Computation::Recognition,
        Computation::UnfilledPosts,
    ];

    /// Stable id, as written in a rulebook.
    pub fn id(self) -> &'static str {
        match self {
            Computation::MusicArtRooms => "music_art_rooms",
            Computation::SchoolSize => "school_size",
            Computation::ClassSize => "class_size",
            Computation::SmallSchoolFunding => "small_school_funding",
            Computation::SpecialSchoolFunding => "special_school_funding",
            Computation::TeacherPay => "teacher_pay",
            Computation::TrainingHours => "training_hours",
            Computation::PostsAllocation => "posts_allocation",
            Computation::Rotation => "rotation",
            Computation::Certificates => "certificates",
            Computation::NearbyEnrolment => "nearby_enrolment",
            Computation::HighSchoolQuota => "high_school_quota",
            Computation::MigrantChildren => "migrant_children",
            Computation::JuniorConsolidation => "junior_consolidation",
            Computation::DisabledEnrolment => "disabled_enrolment",
            Computation::SchoolCharters => "school_charters",
            Computation::TrainingBudget => "training_budget",
            Computation::Naeq => "naeq",
            Computation::Recognition => "recognition",
            Computation::UnfilledPosts => "unfilled_posts",
        }
    }

    /// Parses an id.
    pub fn parse(id: &str) -> Option<Computation> {
        Computation::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Whether a failed computation is only a risk (一票否决 风险) that an attestation must confirm
    /// or clear, rather than a fact.
    pub fn is_risk(self) -> bool {
        matches!(self, Computation::UnfilledPosts)
    }

    /// The limits this computation reads, with their national defaults (standard.md §3–§6).
    pub fn limits(self) -> &'static [LimitSpec] {
        match self {
            Computation::MusicArtRooms => {
                &const {
                    [
                        count(
                            "classes_per_room",
                            12.0,
                            "每若干个班配备音乐、美术专用教室各 1 间",
                        ),
                        count("music_room_area", 96.0, "音乐专用教室最小面积（㎡）"),
                        count("art_room_area", 90.0, "美术专用教室最小面积（㎡）"),
                    ]
                }
            }
            Computation::SchoolSize => {
                &const {
                    [
                        count("school_max", 2000.0, "小学、初中学校规模上限（人）"),
                        count(
                            "through_school_max",
                            2500.0,
                            "一贯制学校义务教育部分规模上限（人）",
                        ),
                    ]
                }
            }
            Computation::ClassSize => {
                &const {
                    [
                        count("primary_max", 45.0, "小学班额上限（人）"),
                        count("junior_max", 50.0, "初中班额上限（人）"),
                    ]
                }
            }
            Computation::SmallSchoolFunding => {
                &const {
                    [
                        count(
                            "min_students",
                            100.0,
                            "不足此人数的村小、教学点按此人数拨付",
                        ),
                        amount("per_student", None, "生均公用经费基准定额（元，省定）"),
                    ]
                }
            }
            Computation::SpecialSchoolFunding => {
                &const {
                    [amount(
                        "per_student",
                        Some(6000.0),
                        "特殊教育学校生均公用经费下限（元）",
                    )]
                }
            }
            Computation::TeacherPay => {
                &const {
                    [amount(
                        "min_ratio",
                        Some(1.0),
                        "教师平均工资与当地公务员平均工资之比下限",
                    )]
                }
            }
            Computation::TrainingHours => {
                &const {
                    [
                        count("hours", 360.0, "一个培训周期内应完成的学时"),
                        share("completion", 1.0, "完成学时的教师比例下限"),
                    ]
                }
            }
            Computation::PostsAllocation | Computation::Rotation | Computation::UnfilledPosts => {
                &[]
            }
            Computation::Certificates => {
                &const { [share("share", 1.0, "专任教师持证比例下限")] }
            }
            Computation::NearbyEnrolment => {
                &const {
                    [
                        percent("primary", 1.0, "小学就近划片入学比例下限"),
                        percent("junior", 0.95, "初中就近划片入学比例下限"),
                    ]
                }
            }
            Computation::HighSchoolQuota => {
                &const {
                    [percent(
                        "share",
                        0.5,
                        "优质高中招生名额分配到初中的比例下限",
                    )]
                }
            }
            Computation::MigrantChildren => {
                &const {
                    [share(
                        "share",
                        0.85,
                        "随迁子女在公办学校和政府购买学位就读的比例下限",
                    )]
                }
            }
            Computation::JuniorConsolidation => {
                &const { [share("rate", 0.95, "初中三年巩固率下限")] }
            }
            Computation::DisabledEnrolment => {
                &const { [share("rate", 0.95, "残疾儿童少年入学率下限")] }
            }
            Computation::SchoolCharters => {
                &const { [share("share", 1.0, "有章程的学校比例下限")] }
            }
            Computation::TrainingBudget => {
                &const {
                    [share(
                        "share",
                        0.05,
                        "每校公用经费预算中用于教师培训的比例下限",
                    )]
                }
            }
            Computation::Naeq => {
                &const {
                    [
                        share("line", 0.15, "校际差异率须低于此值（不含）"),
                        count("min_level", 3.0, "学业水平须达到的等级（Ⅲ级为 3）"),
                        count(
                            "window_years",
                            3.0,
                            "采用评估年度及之前若干年内最近一次监测",
                        ),
                    ]
                }
            }
            Computation::Recognition => &const { [share("min", 0.85, "社会认可度下限（含）")] },
        }
    }
}

impl fmt::Display for Computation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
