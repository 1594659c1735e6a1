//! The lottery's inputs (zones, schools with their seat plans, applicants) and the errors
//! their validation reports.

use serde::{Deserialize, Serialize};

use crate::version::Version;

/// Whether `text` has a control character (U+0000–U+001F, U+007F), which no text of the inputs
/// nor a witness value may contain.
pub(crate) fn has_control_character(text: &str) -> bool {
    text.chars().any(|c| c < ' ' || c == '\u{7f}')
}

/// The first 3 characters of a text that may be a 报名号 and "…": what a message may show of it.
fn masked(text: &str) -> String {
    let head: String = text.chars().take(3).collect();
    format!("{head}…")
}

/// How a zone allocates its seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneMode {
    /// 单校派位: every applicant applies to exactly one school of the zone (单校划片, or a
    /// 公民同招 private school); each school orders its applicants by (tier, rank), admits up to
    /// capacity, the rest form the ranked waitlist.
    SingleSchool,
    /// 顺序志愿 (Boston): in round k every unplaced applicant applies to their k-th preference;
    /// the school admits that round's applicants by (tier, rank) up to its remaining seats.
    Sequential,
    /// 平行志愿 / student-proposing deferred acceptance with the single tie-break.
    DeferredAcceptance,
}

impl ZoneMode {
    /// The mode's name as written in the inputs (`single_school`, `sequential`,
    /// `deferred_acceptance`).
    pub fn name(self) -> &'static str {
        match self {
            ZoneMode::SingleSchool => "single_school",
            ZoneMode::Sequential => "sequential",
            ZoneMode::DeferredAcceptance => "deferred_acceptance",
        }
    }

    /// The mechanism with its version as recorded in the audit pack, e.g. `sequential/1`.
    pub fn mechanism(self) -> String {
        format!("{}/1", self.name())
    }

    /// The Chinese name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            ZoneMode::SingleSchool => "单校派位",
            ZoneMode::Sequential => "顺序志愿",
            ZoneMode::DeferredAcceptance => "平行志愿（延迟接受）",
        }
    }
}

/// A zone (学区 / 划片) and the mechanism its schools use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Zone identifier.
    pub id: String,
    /// Display name (may be empty).
    #[serde(default)]
    pub name: String,
    /// The mechanism.
    pub mode: ZoneMode,
}

/// Seats of a school reserved for one category of applicants (e.g. `直升`, `小区配套`).
///
/// Reserved seats are *soft*: a school first admits the category's applicants to them by
/// (tier, rank); seats they do not fill go to everybody else in the same step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// The category, matched against [`Applicant::category`].
    pub category: String,
    /// Number of reserved seats (≥ 1).
    pub seats: u32,
}

/// A school and its seat plan (招生计划).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    /// School identifier (e.g. the 学校标识码).
    pub id: String,
    /// School name.
    #[serde(default)]
    pub name: String,
    /// The zone the school belongs to.
    pub zone: String,
    /// Seats in the plan (≥ 1).
    pub capacity: u32,
    /// Seats reserved per category; their sum must not exceed `capacity`.
    #[serde(default)]
    pub quotas: Vec<Quota>,
}

/// An applicant and their preferences (志愿).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// 公示编号 (version 2) or 报名号 (version 1, and the bureau's own inputs before
    /// [`crate::seal`]).
    pub id: String,
    /// The applicant's zone; every preference must be a school of this zone.
    pub zone: String,
    /// Priority tier, 0 = highest (e.g. 0 三对口, 1 随迁子女, 2 others — as configured).
    pub tier: u32,
    /// School ids in order of preference (第一志愿 first).
    pub preferences: Vec<String>,
    /// Id (as [`Applicant::id`]) of a sibling: linked applicants share one lottery draw and get consecutive ranks.
    #[serde(default)]
    pub sibling: Option<String>,
    /// Category for reserved seats (see [`Quota`]).
    #[serde(default)]
    pub category: Option<String>,
}

/// Everything the draw depends on. Frozen and published (as its canonical form and digest)
/// before the ceremony.
///
/// Version 2 inputs ([`Inputs::key_commitment`] set, made by [`crate::seal`]) identify applicants
/// by their 公示编号; version 1 inputs (historical) by their 报名号. Reads any JSON of this shape,
/// including the canonical form; its optional `format` key must be
/// `junheng-lottery-inputs/1` (the default, without `key_commitment`) or
/// `junheng-lottery-inputs/2` (with it). Written as JSON with its `format` key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(try_from = "InputsFile")]
pub struct Inputs {
    /// What this lottery is, e.g. `2025年某区小学一年级多校划片派位`.
    pub title: String,
    /// Zones.
    pub zones: Vec<Zone>,
    /// Schools.
    pub schools: Vec<School>,
    /// Applicants.
    pub applicants: Vec<Applicant>,
    /// Version 2: the commitment of the lottery key the 公示编号 were made with
    /// ([`crate::LotteryKey::commitment`]). `None`: version 1, applicants by 报名号.
    pub key_commitment: Option<String>,
}

/// The JSON shape of [`Inputs`], with the optional `format` tag of the canonical form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputsFile {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    title: String,
    zones: Vec<Zone>,
    schools: Vec<School>,
    applicants: Vec<Applicant>,
    #[serde(default)]
    key_commitment: Option<String>,
}

impl TryFrom<InputsFile> for Inputs {
    type Error = String;

    fn try_from(file: InputsFile) -> Result<Self, Self::Error> {
        let version = match file.format.as_deref() {
            None => Version::V1,
            Some(tag) => Version::of_inputs_format(tag).ok_or_else(|| {
                format!(
                    "名单格式为「{tag}」，应为{}",
                    Version::supported(Version::inputs_format)
                )
            })?,
        };
        match (version, &file.key_commitment) {
            (Version::V1, Some(_)) => {
                return Err(format!(
                    "有 key_commitment 的名单格式应为「{}」",
                    Version::V2.inputs_format()
                ));
            }
            (Version::V2, None) => {
                return Err(format!(
                    "「{}」格式的名单缺少 key_commitment（派位密钥承诺值）",
                    Version::V2.inputs_format()
                ));
            }
            _ => {}
        }
        Ok(Inputs {
            title: file.title,
            zones: file.zones,
            schools: file.schools,
            applicants: file.applicants,
            key_commitment: file.key_commitment,
        })
    }
}

impl Serialize for Inputs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.key_commitment.is_some() { 6 } else { 5 };
        let mut s = serializer.serialize_struct("Inputs", fields)?;
        s.serialize_field("format", self.version().inputs_format())?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("zones", &self.zones)?;
        s.serialize_field("schools", &self.schools)?;
        s.serialize_field("applicants", &self.applicants)?;
        if let Some(c) = &self.key_commitment {
            s.serialize_field("key_commitment", c)?;
        }
        s.end()
    }
}

impl Inputs {
    /// Parses inputs from JSON (any key order and whitespace; unknown fields are rejected).
    pub fn from_json(text: &str) -> Result<Inputs, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The version of these inputs: 2 when they carry a key commitment, else 1.
    pub fn version(&self) -> Version {
        if self.key_commitment.is_some() {
            Version::V2
        } else {
            Version::V1
        }
    }
}

/// Why inputs cannot be drawn. Messages name the applicant, school or zone and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// No applicants.
    #[error("报名名单为空：至少需要一名报名者")]
    NoApplicants,
    /// An identifier is empty.
    #[error("存在编号为空的{kind}记录，每条记录都必须有编号")]
    EmptyId {
        /// What kind of record (学区, 学校, 报名号 …).
        kind: &'static str,
    },
    /// A text field contains a control character.
    #[error("{kind} {id} 的编号、名称或其他文字含有控制字符（如换行、制表符），请改用可见字符")]
    ControlCharacter {
        /// What kind of record.
        kind: &'static str,
        /// The record's identifier.
        id: String,
    },
    /// Two records share an identifier.
    #[error("{kind} {id} 重复出现，应唯一")]
    Duplicate {
        /// What kind of record.
        kind: &'static str,
        /// The duplicated identifier.
        id: String,
    },
    /// A school names an unknown zone.
    #[error("学校 {school} 所属学区 {zone} 不存在，应为已登记的学区之一")]
    SchoolZoneUnknown {
        /// The school.
        school: String,
        /// The unknown zone.
        zone: String,
    },
    /// A zone without schools.
    #[error("学区 {0} 没有任何学校")]
    ZoneWithoutSchools(String),
    /// A school with capacity 0.
    #[error("学校 {0} 的招生计划（学位数）为 0，应至少为 1")]
    ZeroCapacity(String),
    /// A quota with 0 seats or a category listed twice.
    #[error("学校 {school} 的类别名额「{category}」{problem}")]
    BadQuota {
        /// The school.
        school: String,
        /// The category.
        category: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// Reserved seats exceed the plan.
    #[error("学校 {school} 的各类别名额合计 {reserved} 超过招生计划 {capacity}")]
    QuotasExceedCapacity {
        /// The school.
        school: String,
        /// Sum of reserved seats.
        reserved: u64,
        /// The plan.
        capacity: u32,
    },
    /// An applicant names an unknown zone.
    #[error("报名号 {applicant} 的学区 {zone} 不存在，应为已登记的学区之一")]
    ApplicantZoneUnknown {
        /// The applicant.
        applicant: String,
        /// The unknown zone.
        zone: String,
    },
    /// An applicant without preferences.
    #[error("报名号 {0} 没有填报任何志愿，应至少填报 1 个")]
    NoPreferences(String),
    /// A preference names an unknown school.
    #[error("报名号 {applicant} 的第 {position} 志愿 {school} 不是已登记的学校")]
    UnknownSchool {
        /// The applicant.
        applicant: String,
        /// 1-based preference position.
        position: usize,
        /// The unknown school.
        school: String,
    },
    /// A preference names a school of another zone.
    #[error(
        "报名号 {applicant} 的第 {position} 志愿 {school} 属于学区 {school_zone}，不在其学区 {zone} 内"
    )]
    OutsideZone {
        /// The applicant.
        applicant: String,
        /// 1-based preference position.
        position: usize,
        /// The school.
        school: String,
        /// The school's zone.
        school_zone: String,
        /// The applicant's zone.
        zone: String,
    },
    /// The same school listed twice.
    #[error("报名号 {applicant} 的第 {position} 志愿 {school} 与第 {first} 志愿重复")]
    RepeatedPreference {
        /// The applicant.
        applicant: String,
        /// 1-based position of the repetition.
        position: usize,
        /// 1-based position of the first mention.
        first: usize,
        /// The school.
        school: String,
    },
    /// More than one preference in a single-school zone.
    #[error(
        "报名号 {applicant} 所在学区 {zone} 为单校派位，只能填报 1 个志愿，实际填报了 {count} 个"
    )]
    SingleSchoolPreferences {
        /// The applicant.
        applicant: String,
        /// The zone.
        zone: String,
        /// Number of preferences given.
        count: usize,
    },
    /// Version 2 inputs whose key commitment is not 64 lowercase hex digits.
    #[error("名单的派位密钥承诺值（key_commitment）应为 64 位小写十六进制数字")]
    BadKeyCommitment,
    /// Version 2 inputs naming an applicant (or a sibling) by something that is not a 公示编号.
    #[error(
        "{kind}「{}」不是公示编号（12 位数字和大写字母）：新格式名单只能用公示编号，不能含报名号",
        masked(id)
    )]
    NotPublicCode {
        /// 报名号 or 同胞报名号.
        kind: &'static str,
        /// The offending text.
        id: String,
    },
    /// [`crate::seal`] was given inputs that are sealed already.
    #[error("名单已经用派位密钥加密过（已是公示编号），不能再次加密")]
    AlreadySealed,
    /// Two 报名号 got the same 公示编号 (about one chance in 10⁶ for a million applicants).
    #[error("两个报名号的公示编号恰好相同：请换一个新的派位密钥重新冻结")]
    CodeCollision,
    /// A sibling link to an unknown applicant or to oneself.
    #[error("报名号 {applicant} 的同胞报名号 {sibling} {problem}")]
    BadSibling {
        /// The applicant.
        applicant: String,
        /// The sibling link.
        sibling: String,
        /// What is wrong.
        problem: &'static str,
    },
}
