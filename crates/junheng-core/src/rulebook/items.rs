//! The items of the 督导评估 beyond 资源配置 as rulebook data: 政府保障程度, 教育质量, 社会认可度 and
//! the 一票否决 list (standard.md §3–§6).
//!
//! Each item says what is required, how it is decided (computed from Junheng's data, attested with
//! evidence, or both), which computation decides it and with which limits, and which documents
//! prove it. A provincial rulebook overrides any key of an item through `extends`, disables an item
//! with `enabled = false`, or adds one.

use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The most items a rulebook may have.
pub const MAX_ITEMS: usize = 64;

/// A part of the 督导评估 an item belongs to (资源配置 is the indicators, not items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 政府保障程度.
    Guarantee,
    /// 教育质量.
    Quality,
    /// 社会认可度.
    Recognition,
    /// 一票否决: an item that, when it occurs, denies recognition whatever else holds.
    Veto,
}

impl Dimension {
    /// Every dimension, in report order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Guarantee,
        Dimension::Quality,
        Dimension::Recognition,
        Dimension::Veto,
    ];

    /// Stable id: `guarantee`, `quality`, `recognition`, `veto`.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Guarantee => "guarantee",
            Dimension::Quality => "quality",
            Dimension::Recognition => "recognition",
            Dimension::Veto => "veto",
        }
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Guarantee => "政府保障程度",
            Dimension::Quality => "教育质量",
            Dimension::Recognition => "社会认可度",
            Dimension::Veto => "一票否决",
        }
    }
}

/// How an item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// By a computation from Junheng's data; an attestation decides only while the data are not
    /// connected (以佐证认定).
    Computed,
    /// By an attestation with at least one document of evidence.
    Attested,
    /// By both: the computed part and the attested part must each be met.
    Both,
}

impl Decision {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Computed => "数据计算",
            Decision::Attested => "佐证认定",
            Decision::Both => "数据计算 + 佐证认定",
        }
    }
}

/// How sure the source of a requirement is (standard.md's tags): verified, majority, local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tag {
    /// Verified against the text of a source.
    V,
    /// The majority reading of several secondary sources.
    M,
    /// A local or provincial choice.
    L,
}

impl Tag {
    /// Chinese label for an item page.
    pub fn label(self) -> &'static str {
        match self {
            Tag::V => "已核对原文",
            Tag::M => "多方解读一致",
            Tag::L => "地方口径",
        }
    }
}

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
    fn check(self, value: f64) -> Result<(), &'static str> {
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

/// One item of the 督导评估 as a rulebook defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDef {
    /// Stable id, e.g. `class_size`.
    pub id: String,
    /// The part it belongs to.
    pub dimension: Dimension,
    /// Its number within the dimension (政府保障程度 5 = 班额).
    pub no: u32,
    /// Chinese name.
    pub name: String,
    /// The requirement, in the rulebook's words.
    pub requirement: String,
    /// How it is decided.
    pub decision: Decision,
    /// The computation that decides it (required unless `decision` is `attested`).
    pub computation: Option<Computation>,
    /// The limits of the computation: every key of [`Computation::limits`], defaults filled in;
    /// `None` where neither the rulebook nor the national rule gives a value.
    pub limits: IndexMap<String, Option<f64>>,
    /// Titles of the documents that prove it.
    pub evidence: Vec<String>,
    /// How sure the requirement's source is.
    pub tag: Tag,
}

impl ItemDef {
    /// A limit by key; `None` when the key is unknown or has no value.
    pub fn limit(&self, key: &str) -> Option<f64> {
        self.limits.get(key).copied().flatten()
    }

    /// "政府保障程度 5" — the dimension and number, for headings.
    pub fn label(&self) -> String {
        format!("{} {}", self.dimension.label(), self.no)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    dimension: Dimension,
    no: u32,
    name: String,
    requirement: String,
    decision: Decision,
    computation: Option<String>,
    #[serde(default)]
    limits: IndexMap<String, f64>,
    #[serde(default)]
    evidence: Vec<String>,
    tag: Tag,
    #[serde(default = "super::parse::enabled_by_default")]
    enabled: bool,
}

/// Checks the raw items and fills the limits' defaults; the error is the offending key and what
/// is expected. Items come out in report order: by dimension, then number.
pub(super) fn build(raw: IndexMap<String, RawItem>) -> Result<Vec<ItemDef>, (String, String)> {
    let mut items = Vec::new();
    for (id, item) in raw {
        if !item.enabled {
            continue;
        }
        let key = |field: &str| format!("items.{id}.{field}");
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err((
                format!("items.{id}"),
                "指标 id 只能由小写字母、数字和下划线组成".into(),
            ));
        }
        if item.no == 0 || item.no > 99 {
            return Err((key("no"), "应为 1 到 99 之间的序号".into()));
        }
        for (field, text) in [("name", &item.name), ("requirement", &item.requirement)] {
            if text.trim().is_empty() || text.chars().count() > 500 {
                return Err((key(field), "不能为空，且不超过 500 字".into()));
            }
        }
        let computation = match (&item.computation, item.decision) {
            (None, Decision::Attested) => None,
            (None, _) => {
                return Err((
                    key("computation"),
                    format!(
                        "decision = \"{}\" 时必须给出计算方法",
                        decision_id(item.decision)
                    ),
                ));
            }
            (Some(c), _) => Some(Computation::parse(c).ok_or_else(|| {
                let known: Vec<&str> = Computation::ALL.iter().map(|c| c.id()).collect();
                (
                    key("computation"),
                    format!("未知的计算方法「{c}」；可用：{}", known.join("、")),
                )
            })?),
        };
        let specs = computation.map(|c| c.limits()).unwrap_or(&[]);
        for (name, value) in &item.limits {
            let Some(spec) = specs.iter().find(|s| s.key == name) else {
                let known: Vec<&str> = specs.iter().map(|s| s.key).collect();
                return Err((
                    key(&format!("limits.{name}")),
                    if known.is_empty() {
                        "此指标没有可设置的限值".into()
                    } else {
                        format!("未知的限值；可用：{}", known.join("、"))
                    },
                ));
            };
            if let Err(expected) = spec.kind.check(*value) {
                return Err((
                    key(&format!("limits.{name}")),
                    format!("{}：{expected}", spec.meaning),
                ));
            }
        }
        let limits = specs
            .iter()
            .map(|s| {
                let value = item.limits.get(s.key).copied().or(s.default);
                (s.key.to_owned(), value)
            })
            .collect();
        if item.evidence.len() > 20 || item.evidence.iter().any(|t| t.trim().is_empty()) {
            return Err((
                key("evidence"),
                "佐证材料名称不能为空，且不超过 20 项".into(),
            ));
        }
        items.push(ItemDef {
            id,
            dimension: item.dimension,
            no: item.no,
            name: item.name,
            requirement: item.requirement,
            decision: item.decision,
            computation,
            limits,
            evidence: item.evidence,
            tag: item.tag,
        });
    }
    if items.len() > MAX_ITEMS {
        return Err(("items".into(), format!("指标不超过 {MAX_ITEMS} 项")));
    }
    items.sort_by_key(|i| (i.dimension, i.no));
    if let Some(pair) = items
        .windows(2)
        .find(|w| w[0].dimension == w[1].dimension && w[0].no == w[1].no)
    {
        return Err((
            format!("items.{}.no", pair[1].id),
            format!(
                "与 items.{} 序号重复（{} {}）",
                pair[0].id,
                pair[0].dimension.label(),
                pair[0].no
            ),
        ));
    }
    Ok(items)
}

fn decision_id(decision: Decision) -> &'static str {
    match decision {
        Decision::Computed => "computed",
        Decision::Attested => "attested",
        Decision::Both => "both",
    }
}
