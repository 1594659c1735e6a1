//! The lottery's three input tables (学区, 学位计划, 报名) read from .csv, .xlsx, .xls or .ods
//! into [`Inputs`]; its receipts (回执), results and probabilities written as .xlsx or .csv; its
//! own files (frozen inputs, audit packs, key files) read strictly ([`read_inputs`],
//! [`read_pack`], [`read_key`]: invalid UTF-8 is refused with its position, never replaced).
//!
//! Reading validates everything and reports every problem at once, each with a stable
//! `lottery.*` code (see [`codes`]) and located as the user sees it (file, sheet, row, column,
//! value, what is expected — in Chinese); nothing is returned when anything is wrong.
//!
//! * **学区** (sheet 学区): [`ZONE_COLUMNS`]. 派位方式 is one of [`MODE_LABELS`]:
//!   单校派位 (or 单校划片) → single school; 顺序志愿 → sequential (Boston);
//!   平行志愿 (or 延迟接受) → deferred acceptance.
//! * **学位计划** (sheet 学位计划): [`SEAT_COLUMNS`], one row per school. A school with reserved
//!   seats for categories gives 类别 and 类别计划数 on its row; each further category is one more
//!   row with the same 学校代码 and another 类别 + 类别计划数 (学校名称, 学区代码, 计划数 may be
//!   left empty there, and must agree with the first row when given).
//! * **报名** (sheet 报名): [`APPLICANT_COLUMNS`]; 志愿1, 志愿2 … 志愿N in as many columns as
//!   needed (also written 第1志愿 …), filled from 志愿1 without gaps. 优先级 is a whole number
//!   (0 = highest priority) or a label of [`ReadOptions::tiers`], which maps the i-th label to
//!   tier i (default [`DEFAULT_TIERS`]: 三对口 = 0, 随迁子女 = 1, 其他 = 2). A 报名号 (and
//!   同胞报名号) holding a 居民身份证号 is refused and shown masked; one starting with `=`, `+`,
//!   `-`, `@`, a tab or a carriage return (a formula to a spreadsheet) is refused.
//!
//! ```
//! use junheng_io::lottery::{read_sources, ReadOptions, Source};
//! let zones = "学区代码,学区名称,派位方式\nZ1,第一学区,平行志愿\n";
//! let seats = "学校代码,学校名称,学区代码,计划数,类别,类别计划数\nS1,一小,Z1,1,,\nS2,二小,Z1,1,,\n";
//! let applicants = "报名号,学区代码,优先级,志愿1,志愿2\nA1,Z1,三对口,S1,S2\nA2,Z1,1,S1,\n";
//! let loaded = read_sources(
//!     Source { bytes: zones.as_bytes(), file: "学区.csv" },
//!     Source { bytes: seats.as_bytes(), file: "学位计划.csv" },
//!     Source { bytes: applicants.as_bytes(), file: "报名.csv" },
//!     &ReadOptions::default(),
//! ).unwrap();
//! assert_eq!(loaded.inputs.applicants[1].tier, 1);
//! assert_eq!(loaded.inputs.applicants[0].preferences, ["S1", "S2"]);
//! ```

mod applicants;
mod files;
mod names;
mod parse;
mod write;

use std::path::Path;

pub use junheng_lottery as engine;
use junheng_lottery::{Inputs, ZoneMode};

use crate::limits::Limits;

pub use crate::school::{ImportFailure, Issue};
/// A column of a lottery template.
pub use crate::table::Column;
use crate::table::col;
pub use files::{FileError, read_inputs, read_key, read_pack, utf8};
pub use names::{
    Names, check_names, names_from_key, read_receipts, read_registrations, registrations_of,
};
pub use write::{
    FALLBACK_COLUMNS, PROBABILITY_SHEETS, RECEIPT_COLUMNS, RECEIPT_SHEET, RESULT_COLUMNS,
    WAITLIST_COLUMNS, WriteError, write_probabilities, write_receipts, write_results,
    write_template,
};

/// Stable issue codes of the lottery tables (also i18n keys).
pub mod codes {
    crate::table::table_codes!("lottery", " `junheng lottery template`", None);

    /// 学区代码 twice in the 学区 table.
    pub const DUPLICATE_ZONE: &str = "lottery.duplicate_zone";
    /// 派位方式 is not one of the labels.
    pub const UNKNOWN_MODE: &str = "lottery.unknown_mode";
    /// A zone without any school.
    pub const ZONE_WITHOUT_SCHOOLS: &str = "lottery.zone_without_schools";
    /// A 学区代码 not in the 学区 table.
    pub const UNKNOWN_ZONE: &str = "lottery.unknown_zone";
    /// 学校代码 twice without a new 类别.
    pub const DUPLICATE_SCHOOL: &str = "lottery.duplicate_school";
    /// A further row of a school disagrees with its first row.
    pub const SCHOOL_CONFLICT: &str = "lottery.school_conflict";
    /// 计划数 is not a positive whole number.
    pub const CAPACITY_INVALID: &str = "lottery.capacity_invalid";
    /// 类别计划数 is not a positive whole number.
    pub const QUOTA_INVALID: &str = "lottery.quota_invalid";
    /// Only one of 类别 and 类别计划数 is given.
    pub const QUOTA_INCOMPLETE: &str = "lottery.quota_incomplete";
    /// A school lists the same 类别 twice.
    pub const DUPLICATE_CATEGORY: &str = "lottery.duplicate_category";
    /// The reserved seats of a school exceed its 计划数.
    pub const QUOTAS_EXCEED_CAPACITY: &str = "lottery.quotas_exceed_capacity";
    /// 报名号 twice.
    pub const DUPLICATE_APPLICANT: &str = "lottery.duplicate_applicant";
    /// 优先级 is neither a whole number ≥ 0 nor a configured label.
    pub const TIER_INVALID: &str = "lottery.tier_invalid";
    /// No 志愿 at all.
    pub const PREFERENCES_EMPTY: &str = "lottery.preferences_empty";
    /// 志愿N filled after an empty earlier 志愿.
    pub const PREFERENCE_GAP: &str = "lottery.preference_gap";
    /// A 志愿 names a school not in the 学位计划.
    pub const UNKNOWN_SCHOOL: &str = "lottery.unknown_school";
    /// A 志愿 names a school of another zone.
    pub const PREFERENCE_OUTSIDE_ZONE: &str = "lottery.preference_outside_zone";
    /// The same school in two 志愿.
    pub const REPEATED_PREFERENCE: &str = "lottery.repeated_preference";
    /// More than one 志愿 in a 单校派位 zone.
    pub const SINGLE_SCHOOL_PREFERENCES: &str = "lottery.single_school_preferences";
    /// 同胞报名号 is not an applicant of the table.
    pub const SIBLING_NOT_FOUND: &str = "lottery.sibling_not_found";
    /// 同胞报名号 is the applicant's own.
    pub const SIBLING_SELF: &str = "lottery.sibling_self";
    /// A 报名号 or 同胞报名号 holds a 居民身份证号 (the value is shown masked).
    pub const APPLICANT_ID_NATIONAL_ID: &str = "lottery.applicant_id_national_id";
    /// A 报名号 or 同胞报名号 starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
    pub const APPLICANT_ID_FORMULA: &str = "lottery.applicant_id_formula";
    /// A 公示编号 of the receipts table is not 12 characters of the code alphabet.
    pub const RECEIPT_CODE_INVALID: &str = "lottery.receipt_code_invalid";
    /// The engine refused the inputs for a reason the table checks did not name.
    pub const ENGINE_REJECTED: &str = "lottery.engine_rejected";
}

/// Header names used by the reader.
pub(crate) mod columns {
    pub const ZONE: &str = "学区代码";
    pub const ZONE_NAME: &str = "学区名称";
    pub const MODE: &str = "派位方式";
    pub const SCHOOL: &str = "学校代码";
    pub const SCHOOL_NAME: &str = "学校名称";
    pub const CAPACITY: &str = "计划数";
    pub const CATEGORY: &str = "类别";
    pub const QUOTA: &str = "类别计划数";
    pub const APPLICANT: &str = "报名号";
    pub const TIER: &str = "优先级";
    pub const SIBLING: &str = "同胞报名号";
}

/// The 学区 table.
pub const ZONE_COLUMNS: &[Column] = &[
    col("学区代码", true, "文本", "学区（划片）的代码，唯一", "Z01"),
    col("学区名称", false, "文本", "显示名称", "城东学区"),
    col(
        "派位方式",
        true,
        "单校派位 | 顺序志愿 | 平行志愿",
        "单校派位（单校划片、民办学校）：每人只报 1 校；顺序志愿：按志愿轮次录取；平行志愿：延迟接受",
        "平行志愿",
    ),
];

/// The 学位计划 table.
pub const SEAT_COLUMNS: &[Column] = &[
    col(
        "学校代码",
        true,
        "文本",
        "学校标识码或其他唯一代码",
        "5001120001",
    ),
    col("学校名称", false, "文本", "显示名称", "实验小学"),
    col("学区代码", true, "文本", "所属学区，须在学区表中", "Z01"),
    col("计划数", true, "正整数", "招生计划（学位数）", "120"),
    col(
        "类别",
        false,
        "文本",
        "有类别名额时填写（如 直升、小区配套）；再有类别时另起一行，学校代码相同",
        "直升",
    ),
    col(
        "类别计划数",
        false,
        "正整数",
        "该类别的预留学位数（软名额：未用完的归全体）",
        "30",
    ),
];

/// The 报名 table (志愿3 … 志愿N may be added as needed).
pub const APPLICANT_COLUMNS: &[Column] = &[
    col(
        "报名号",
        true,
        "文本",
        "唯一；教育局编制的号码，不得填写身份证号，不能以 = + - @ 开头；公示时以公示编号代替",
        "2025000001",
    ),
    col(
        "学区代码",
        true,
        "文本",
        "报名者所在学区，志愿须为本学区学校",
        "Z01",
    ),
    col(
        "优先级",
        true,
        "整数或标签",
        "0 为最优先；或 三对口（0）、随迁子女（1）、其他（2），可配置",
        "三对口",
    ),
    col("志愿1", true, "文本", "第一志愿学校代码", "5001120001"),
    col(
        "志愿2",
        false,
        "文本",
        "第二志愿学校代码；志愿3……按需增加列",
        "5001120002",
    ),
    col(
        "同胞报名号",
        false,
        "文本",
        "同胞的报名号：同胞共用一次摇号，随机号相邻（规则同报名号）",
        "",
    ),
    col("类别", false, "文本", "对应学校类别名额（如 直升）", ""),
];

/// Accepted 派位方式 labels.
pub const MODE_LABELS: &[(&str, ZoneMode)] = &[
    ("单校派位", ZoneMode::SingleSchool),
    ("单校划片", ZoneMode::SingleSchool),
    ("顺序志愿", ZoneMode::Sequential),
    ("平行志愿", ZoneMode::DeferredAcceptance),
    ("延迟接受", ZoneMode::DeferredAcceptance),
    ("single_school", ZoneMode::SingleSchool),
    ("sequential", ZoneMode::Sequential),
    ("deferred_acceptance", ZoneMode::DeferredAcceptance),
];

/// The label written for a mode.
pub fn mode_label(mode: ZoneMode) -> &'static str {
    match mode {
        ZoneMode::SingleSchool => "单校派位",
        ZoneMode::Sequential => "顺序志愿",
        ZoneMode::DeferredAcceptance => "平行志愿",
    }
}

/// Default 优先级 labels: the i-th is tier i.
pub const DEFAULT_TIERS: &[&str] = &["三对口", "随迁子女", "其他"];

/// Sheet names read when present (else the first visible worksheet).
pub const SHEETS: [&str; 3] = ["学区", "学位计划", "报名"];

/// How the tables are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The lottery's title, recorded in the frozen inputs.
    pub title: String,
    /// 优先级 labels: the i-th label is tier i. Numbers are always accepted too.
    pub tiers: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            title: String::new(),
            tiers: DEFAULT_TIERS.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

/// A table's bytes and the file name issues show (its extension gives the format).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file's content.
    pub bytes: &'a [u8],
    /// The file name.
    pub file: &'a str,
}

/// Inputs read from the three tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// Validated inputs (the engine's own validation passes too).
    pub inputs: Inputs,
    /// Things worth telling that did not stop the import (unknown columns).
    pub warnings: Vec<Issue>,
}

/// Reads and validates the three tables held in memory, each within [`Limits::default`]; the
/// problems and warnings kept are capped as [`Limits`] says (the last item counts the rest).
pub fn read_sources(
    zones: Source<'_>,
    seats: Source<'_>,
    applicants: Source<'_>,
    options: &ReadOptions,
) -> Result<Loaded, ImportFailure> {
    let limits = Limits::default();
    for source in [zones, seats, applicants] {
        if source.bytes.len() as u64 > limits.max_input_bytes {
            let place = crate::school::issue::Place {
                file: crate::guard::shown(source.file),
                sheet: None,
            };
            let refusal = crate::guard::Refusal::FileTooLarge;
            let issue = refusal.issue(
                &place,
                &codes::TABLE.limits,
                codes::FILE_UNREADABLE,
                &limits,
            );
            return Err(ImportFailure {
                issues: vec![issue],
                warnings: Vec::new(),
            });
        }
    }
    let place = crate::school::issue::Place {
        file: crate::guard::shown(applicants.file),
        sheet: None,
    };
    let capped = |list: &mut Vec<Issue>, max, code, noun| {
        crate::guard::cap(list, max, 0, code, &place, noun);
    };
    let (more_issues, more_warnings) = (codes::MORE_ISSUES, codes::MORE_WARNINGS);
    match parse::read(zones, seats, applicants, options) {
        Ok(mut loaded) => {
            capped(
                &mut loaded.warnings,
                limits.max_warnings,
                more_warnings,
                "条警告",
            );
            Ok(loaded)
        }
        Err(mut failure) => {
            capped(
                &mut failure.issues,
                limits.max_issues,
                more_issues,
                "个问题",
            );
            capped(
                &mut failure.warnings,
                limits.max_warnings,
                more_warnings,
                "条警告",
            );
            Err(failure)
        }
    }
}

/// Reads and validates the three tables from files, each read within [`Limits::default`].
pub fn read_paths(
    zones: &Path,
    seats: &Path,
    applicants: &Path,
    options: &ReadOptions,
) -> Result<Loaded, ImportFailure> {
    read_paths_with(zones, seats, applicants, options, &Limits::default())
}

/// [`read_paths`], each file read within `limits.max_input_bytes` (a larger one is refused with
/// [`codes::FILE_TOO_LARGE`] without being read further). The tables themselves are read within
/// [`Limits::default`] ([`read_sources`]).
pub fn read_paths_with(
    zones: &Path,
    seats: &Path,
    applicants: &Path,
    options: &ReadOptions,
    limits: &Limits,
) -> Result<Loaded, ImportFailure> {
    let mut issues = Vec::new();
    let mut load = |path: &Path| {
        crate::table::load(path, &codes::TABLE, limits)
            .map_err(|failure| issues.extend(failure.issues))
            .ok()
    };
    let (z, s, a) = (load(zones), load(seats), load(applicants));
    let (Some(z), Some(s), Some(a)) = (z, s, a) else {
        return Err(ImportFailure {
            issues,
            warnings: Vec::new(),
        });
    };
    read_sources(source(&z), source(&s), source(&a), options)
}

fn source(loaded: &(Vec<u8>, String)) -> Source<'_> {
    Source {
        bytes: &loaded.0,
        file: &loaded.1,
    }
}

#[cfg(test)]
mod tests;
