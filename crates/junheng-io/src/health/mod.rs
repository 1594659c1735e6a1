//! Student health files (issue 14), read from .xlsx, .xlsm, .xls, .ods or .csv (UTF-8 or
//! GB18030) and their templates written:
//!
//! * [`fitness`]: 体质健康 — a row per child and sitting: 身高, 体重 and the results of the items
//!   their grade is tested on (`junheng_core::health::fitness::items`), 测试状态, 补测;
//! * [`vision`]: 视力筛查 — 裸眼视力 and the autorefraction of each eye, 戴镜, 筛查日期;
//! * [`mental`]: 心理测评 — the PHQ-9 and GAD-7 answers of 初中 children, 监护人同意.
//!
//! They are read as the student registry ([`crate::student`]) is: every problem reported at
//! once with a stable `health.*` code (see [`codes`]) located as the user sees it — file,
//! sheet, row, column, value — and what is expected, in Chinese; nothing is returned when
//! anything is wrong. Headers are matched after trimming spaces, in any column order, also
//! without their unit in parentheses (身高 for 身高(cm)), with full-width parentheses and, for
//! 50米×8往返跑, with x for ×; unknown columns are warnings.
//!
//! The files are about children, so:
//! * 学籍号 is the one column where an ID-shaped value is accepted; an issue only ever shows it
//!   masked (`G5001**********0015`), and a line's `Debug` masks it too.
//! * A column whose header holds 身份证 refuses the whole file ([`codes::NATIONAL_ID_COLUMN`]);
//!   a 身份证号 in any other cell is refused ([`codes::NATIONAL_ID_VALUE`]) and shown masked.
//! * 心理测评 answers are never echoed in an issue nor shown by `Debug`.
//!
//! ```
//! use junheng_io::health::{Item, read_fitness, write_fitness_template};
//! let file = read_fitness(&write_fitness_template(), "体质健康.xlsx").unwrap();
//! let first = &file.lines[0];
//! assert_eq!((first.grade, first.height_tenths_cm), (2, Some(1254)));
//! assert_eq!(first.results[0], (Item::VitalCapacity, 1180));
//! assert_eq!(format!("{first:?}").contains("G500112201609010015"), false);
//! ```

pub mod fitness;
pub mod mental;
pub mod scale;
pub mod vision;

use junheng_core::health::fitness::fixed;

use crate::pupil::columns;
use crate::pupil::{Cells, Family};
use crate::school::cell::as_whole;
use crate::table::fields::yes_no;
use crate::table::rows::Template;
use crate::table::write::{Sheet, V, t};
use crate::table::{Codes, Value};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use fitness::{
    FitnessFile, FitnessLine, FitnessStatus, read_fitness, read_fitness_with,
    write_fitness_template,
};
pub use junheng_core::health::fitness::{Item, Sex};
pub use junheng_core::health::mental::Instrument;
pub use junheng_core::health::vision::{Acuity, Dioptres, Eye};
pub use mental::{MentalFile, MentalLine, read_mental, read_mental_with, write_mental_template};
pub use scale::{ScaleFile, ScaleLine, read_scale, read_scale_with, write_scale_template};
pub use vision::{
    Glasses, VisionFile, VisionLine, read_vision, read_vision_with, write_vision_template,
};

/// Stable issue codes of the health files (also i18n keys): `health.*`.
pub mod codes {
    crate::table::table_codes!("health", "体质健康模板", Some(SHEET_NOT_NAMED));
    crate::pupil::pupil_codes!("health");

    /// Warning: no sheet has the file's name (体质健康, 视力筛查, 心理测评); the first of several
    /// was read.
    pub const SHEET_NOT_NAMED: &str = "health.sheet_not_named";
    /// 补测 or 监护人同意 is not 是 or 否.
    pub const YES_NO_INVALID: &str = "health.yes_no_invalid";
    /// 测试状态 is not 正常, 免予执行 or 暂缓执行.
    pub const STATUS_INVALID: &str = "health.status_invalid";
    /// A measurement is not a number of its column's form (an integer, one decimal).
    pub const VALUE_INVALID: &str = "health.value_invalid";
    /// A measurement outside its plausible range (the issue names the range).
    pub const VALUE_OUT_OF_RANGE: &str = "health.value_out_of_range";
    /// A time (50米×8往返跑, 1000米跑/800米跑) is neither seconds nor minutes'seconds".
    pub const TIME_INVALID: &str = "health.time_invalid";
    /// A tested child without a result their grade is tested on (or without 身高 or 体重).
    pub const RESULT_MISSING: &str = "health.result_missing";
    /// Warning: a result for an item the child's grade is not tested on (ignored).
    pub const RESULT_NOT_TESTED: &str = "health.result_not_tested";
    /// Warning: results of a child 免予执行 or 暂缓执行 (dropped).
    pub const RESULTS_DROPPED: &str = "health.results_dropped";
    /// 裸眼视力 is not a five-point record (4.0–5.3, one decimal).
    pub const ACUITY_INVALID: &str = "health.acuity_invalid";
    /// 球镜 or 柱镜 is not a dioptre value (±30, at most three decimals).
    pub const DIOPTRES_INVALID: &str = "health.dioptres_invalid";
    /// 柱镜 without 球镜 in the same eye.
    pub const CYLINDER_WITHOUT_SPHERE: &str = "health.cylinder_without_sphere";
    /// 戴镜 is not 是, 否 or 角膜塑形镜.
    pub const GLASSES_INVALID: &str = "health.glasses_invalid";
    /// 筛查日期 is not a real day between 2000 and 2100.
    pub const DATE_INVALID: &str = "health.date_invalid";
    /// A PHQ-9 or GAD-7 answer is not 0, 1, 2 or 3 (never echoed).
    pub const ANSWER_INVALID: &str = "health.answer_invalid";
    /// Some of an instrument's items answered, others empty (the issue names the empty ones).
    pub const ANSWERS_PARTIAL: &str = "health.answers_partial";
    /// Answers to an instrument not valid for the child's grade (PHQ-9 and GAD-7: 初中 and up).
    pub const INSTRUMENT_GRADE: &str = "health.instrument_grade";
    /// Answers of a child whose 监护人同意 is 否.
    pub const ANSWERS_WITHOUT_CONSENT: &str = "health.answers_without_consent";
}

/// The rule every health template's 说明 sheet states: all or nothing.
const ALL_OR_NOTHING: &str =
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列和应填的内容。";
/// The rule of the templates without 补测: one row per child, and no 身份证号.
const ONE_ROW: &str = "每名学生填一行；同一文件中学籍号不能重复。请不要上传身份证号列，含身份证号的文件会被整体拒绝。";

/// A health file read and checked: [`FitnessFile`], [`VisionFile`] or [`MentalFile`].
#[derive(Debug, Clone, PartialEq)]
pub struct HealthFile<L> {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The rows, in file order.
    pub lines: Vec<L>,
    /// Things worth telling that did not stop the reading (unknown columns, results ignored).
    pub warnings: Vec<Issue>,
}

impl<L> From<crate::pupil::Read<L>> for HealthFile<L> {
    fn from(read: crate::pupil::Read<L>) -> HealthFile<L> {
        HealthFile {
            file: read.place.file,
            sheet: read.place.sheet,
            lines: read.records,
            warnings: read.warnings,
        }
    }
}

/// A health file's family: its sheet, its codes (the file's template named), its columns (a
/// header also matched in another spelling, see [`alias_in`]) and what one row is.
const fn family(
    sheet: &'static str,
    table: &'static Codes,
    columns: &'static [Column],
    aliases: fn(&str) -> Option<&'static str>,
    each: &'static str,
) -> Family<'static> {
    Family {
        template: Template {
            sheet,
            codes: table,
            columns,
            aliases,
        },
        codes: &codes::PUPIL,
        each,
    }
}

/// A header as headers are compared: ASCII parentheses, capital letters, × for x and *, no
/// spaces, hyphens or underscores (PHQ-9_1 is PHQ9_1).
fn folded(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '－'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            'x' | 'X' | '*' | '＊' => '×',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The header of `columns` that a file's `header` spells another way (see [`folded`]), also
/// without the unit in parentheses: 身高 and 身高（cm） are 身高(cm). A header with another
/// unit (身高(m)) is none of them.
pub(crate) fn alias_in(columns: &'static [Column], header: &str) -> Option<&'static str> {
    let h = folded(header);
    columns.iter().map(|c| c.header).find(|c| {
        let plain = c
            .strip_suffix(')')
            .and_then(|c| c.rsplit_once('('))
            .map_or(*c, |(plain, _)| plain);
        folded(c) == h || folded(plain) == h
    })
}

/// A decimal typed as text, in units of 10^-`decimals`: `172.5`, `+3`, `−2.0` (a typographic
/// minus), trailing zeros of the fraction ignored (`96.0` for an integer).
pub(crate) fn decimal_text(text: &str, decimals: u32) -> Option<i64> {
    let text = text.replace(['−', '－'], "-");
    let text = text.strip_prefix('+').unwrap_or(&text);
    match text.split_once('.') {
        Some((whole, fraction)) => match fraction.trim_end_matches('0') {
            "" => fixed(whole, decimals),
            fraction => fixed(&format!("{whole}.{fraction}"), decimals),
        },
        None => fixed(text, decimals),
    }
}

/// A number cell or a decimal typed as text (see [`decimal_text`]) in units of
/// 10^-`decimals`, when it has no more decimals than that.
pub(crate) fn decimal(value: &Value, decimals: u32) -> Option<i64> {
    match value {
        Value::Number(v) => as_whole(v * 10f64.powi(decimals as i32))
            .filter(|v| v.abs() < 1e12)
            .map(|v| v as i64),
        Value::Text(text) => decimal_text(text, decimals),
        Value::Empty | Value::Error(_) | Value::Other(..) => None,
    }
}

/// A value in units of 10^-`decimals` as written: `172.5`, `-3.0`, `96`.
pub(crate) fn shown_fixed(v: i64, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let scale = 10i64.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    let (whole, fraction) = (v.abs() / scale, v.abs() % scale);
    format!(
        "{sign}{whole}.{fraction:0width$}",
        width = decimals as usize
    )
}

/// Declares, in a health file's module, its readers: `$read` within [`crate::Limits::default`]
/// and `$with` within the given limits, each row through the module's `line`, a line's sitting
/// (学籍号, 补测) being `$who`.
macro_rules! readers {
    ($what:literal, $file:ty, $read:ident, $with:ident, $who:expr) => {
        #[doc = concat!("Reads a ", $what, " file held in memory (an upload) within ")]
        #[doc = "[`Limits::default`](crate::Limits::default); the format comes from"]
        #[doc = "`file_name`'s extension."]
        pub fn $read(
            bytes: &[u8],
            file_name: &str,
        ) -> Result<$file, $crate::school::ImportFailure> {
            $with(bytes, file_name, &$crate::Limits::default())
        }

        #[doc = concat!("[`", stringify!($read), "`] within the given limits.")]
        pub fn $with(
            bytes: &[u8],
            file_name: &str,
            limits: &$crate::Limits,
        ) -> Result<$file, $crate::school::ImportFailure> {
            $crate::pupil::read_numbered(bytes, file_name, &FAMILY, limits, line, $who)
                .map($crate::health::HealthFile::from)
        }
    };
}
pub(crate) use readers;

/// The grades of a template's drop-down list.
const ALL_GRADES: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// A health template's data sheet: its columns (numbers in the general format), its example
/// rows (see [`example`]), drop-down lists of 性别 (where it has one) and 年级 (`grades`, all
/// when `None`).
pub(crate) fn data_sheet(
    name: &'static str,
    columns: &[Column],
    examples: &[&str],
    grades: Option<&[&'static str]>,
) -> Sheet {
    let examples = examples.iter().map(|r| example(columns, r)).collect();
    Sheet::template(name, columns, examples)
        .numbers_general(columns)
        .choose(columns::SEX, vec!["男", "女"])
        .choose(columns::GRADE, grades.unwrap_or(&ALL_GRADES).to_vec())
}

/// A template's example row written `a|b|…` in column order: the cells of number columns as
/// numbers, empty ones empty, the others text.
fn example(columns: &[Column], row: &str) -> Vec<V> {
    debug_assert_eq!(row.split('|').count(), columns.len(), "{row}");
    columns
        .iter()
        .zip(row.split('|'))
        .map(|(c, cell)| match cell {
            "" => V::E,
            _ if c.numeric() => cell.parse().map_or_else(|_| t(cell), V::N),
            _ => t(cell),
        })
        .collect()
}

/// Whether a row's answers stand with its 监护人同意: answers with 否 are refused (reported at
/// the 监护人同意 column, the answers not echoed).
pub(crate) fn consented(
    c: &Cells<'_>,
    answered: bool,
    consent: &Result<Option<bool>, ()>,
    issues: &mut Vec<Issue>,
) -> bool {
    if answered && *consent == Ok(Some(false)) {
        let m = "监护人未同意，不应有作答：请删除该生的作答，或核对「监护人同意」".into();
        let header = mental::columns::CONSENT;
        c.report(
            issues,
            codes::ANSWERS_WITHOUT_CONSENT,
            header,
            Some("否".into()),
            m,
        );
        return false;
    }
    true
}

/// An optional 是/否 column: `Ok(None)` when empty, `Err` when wrong (and reported).
pub(crate) fn yes_or_no(
    c: &Cells<'_>,
    header: &str,
    issues: &mut Vec<Issue>,
) -> Result<Option<bool>, ()> {
    let expected = || "是、否（留空表示未填）".into();
    c.optional(header, yes_no, expected, codes::YES_NO_INVALID, issues)
}

#[cfg(test)]
mod tests;
