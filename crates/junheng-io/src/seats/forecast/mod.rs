//! The four files of the school-age forecast (issue 16, `practices.md` §2.3), read from .xlsx,
//! .xlsm, .xls, .ods or .csv with the shared table reader, and their templates:
//!
//! | file | sheet | a row |
//! |---|---|---|
//! | 出生人口 ([`SeatFileKind::Births`]) | 出生人口 | a 街道/乡镇's births of one year in one series (常住 or 户籍) |
//! | 学区对应 ([`SeatFileKind::Zones`]) | 学区对应 | a 街道/乡镇 and a 学区 its births belong to, with the share (an area split between 学区 has a row per 学区, shares summing to 1) |
//! | 在校生 ([`SeatFileKind::Enrolment`]) | 在校生 | a school's pupils in one grade (1–9) of a school year, with the 随迁子女 among them |
//! | 核定规模 ([`SeatFileKind::Capacity`]) | 核定规模 | a school's 核定班数 and 核定学位 per 学段 and its classrooms in a school year |
//!
//! Reading checks every row and reports every problem at once with a stable `seats.*` code
//! ([`codes`]), located as the user sees it (file, sheet, row, column, value and what is
//! expected); nothing is returned when anything is wrong. Whether the schools are schools of the
//! district, and whether a year already stored may be replaced, is the use-case layer's.
//!
//! ```
//! use junheng_io::seats::forecast::{SeatFileKind, SeatRows, read_seat_file, write_template};
//! for kind in SeatFileKind::ALL {
//!     let file = read_seat_file(kind, &write_template(kind), "模板.xlsx").unwrap();
//!     assert_eq!(file.kind(), kind);
//! }
//! let file = read_seat_file(SeatFileKind::Births, &write_template(SeatFileKind::Births), "b.xlsx");
//! let SeatRows::Births(rows) = file.unwrap().rows else { unreachable!() };
//! assert_eq!(rows[0].area, "龙山街道");
//! ```

mod parse;
mod write;

use junheng_core::school::SchoolCode;
use junheng_core::seats::forecast::BirthSeries;

use crate::limits::Limits;
use crate::table::rows::{Template, exact};
use crate::table::{Codes, col};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::write_template;

/// Stable issue codes of the forecast's files (also i18n keys): `seats.*`.
pub mod codes {
    crate::table::fields::template_codes!("seats", "学位预测模板");

    /// A count (出生数, 在校生数, 班数 …) that is not a whole number ≥ 0.
    pub const COUNT_INVALID: &str = "seats.count_invalid";
    /// 口径 is neither 常住 nor 户籍.
    pub const SERIES_INVALID: &str = "seats.series_invalid";
    /// A name (街道/乡镇, 学区) longer than [`super::NAME_MAX_CHARS`].
    pub const NAME_TOO_LONG: &str = "seats.name_too_long";
    /// 比例 is not a number in (0, 1].
    pub const SHARE_INVALID: &str = "seats.share_invalid";
    /// The shares of an area do not sum to 1.
    pub const SHARES_NOT_ONE: &str = "seats.shares_not_one";
    /// 年级 is not 1–9.
    pub const GRADE_INVALID: &str = "seats.grade_invalid";
    /// More 随迁子女 than pupils.
    pub const MIGRANT_OVER_PUPILS: &str = "seats.migrant_over_pupils";
    /// A capacity row without any 核定班数 or 核定学位.
    pub const CAPACITY_EMPTY: &str = "seats.capacity_empty";
    /// The same key (area and year, school and grade …) twice.
    pub const DUPLICATE_ROW: &str = "seats.duplicate_row";
    /// A 学校标识码 not in the district's statistics (found by the use-case layer).
    pub const SCHOOL_UNKNOWN: &str = "seats.school_unknown";
    /// A school whose statistics name no 学区 (found by the use-case layer).
    pub const SCHOOL_WITHOUT_ZONE: &str = "seats.school_without_zone";
}

/// Header names.
pub mod columns {
    /// 街道/乡镇.
    pub const AREA: &str = "街道/乡镇";
    /// 口径.
    pub const SERIES: &str = "口径";
    /// 出生年份.
    pub const BIRTH_YEAR: &str = "出生年份";
    /// 出生数.
    pub const BIRTHS: &str = "出生数";
    /// 学区.
    pub const ZONE: &str = "学区";
    /// 比例.
    pub const SHARE: &str = "比例";
    /// 学年.
    pub const YEAR: &str = "学年";
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 年级.
    pub const GRADE: &str = "年级";
    /// 在校生数.
    pub const PUPILS: &str = "在校生数";
    /// 随迁子女数.
    pub const MIGRANT: &str = "随迁子女数";
    /// 小学核定班数.
    pub const PRIMARY_CLASSES: &str = "小学核定班数";
    /// 初中核定班数.
    pub const JUNIOR_CLASSES: &str = "初中核定班数";
    /// 小学核定学位.
    pub const PRIMARY_SEATS: &str = "小学核定学位";
    /// 初中核定学位.
    pub const JUNIOR_SEATS: &str = "初中核定学位";
    /// 普通教室数.
    pub const CLASSROOMS: &str = "普通教室数";
}

use columns::*;

/// Most characters of a 街道/乡镇 or 学区 name.
pub const NAME_MAX_CHARS: usize = 100;

/// Which of the four files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatFileKind {
    /// 出生人口.
    Births,
    /// 学区对应.
    Zones,
    /// 在校生.
    Enrolment,
    /// 核定规模.
    Capacity,
}

impl SeatFileKind {
    /// The four, in the order a district fills them.
    pub const ALL: [SeatFileKind; 4] = [
        SeatFileKind::Births,
        SeatFileKind::Zones,
        SeatFileKind::Enrolment,
        SeatFileKind::Capacity,
    ];

    /// The stable identifier: `births`, `zones`, `enrolment`, `capacity`.
    pub fn id(self) -> &'static str {
        match self {
            SeatFileKind::Births => "births",
            SeatFileKind::Zones => "zones",
            SeatFileKind::Enrolment => "enrolment",
            SeatFileKind::Capacity => "capacity",
        }
    }

    /// From its identifier.
    pub fn parse(id: &str) -> Option<SeatFileKind> {
        SeatFileKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Its name, also its sheet's: 出生人口, 学区对应, 在校生, 核定规模.
    pub fn label(self) -> &'static str {
        match self {
            SeatFileKind::Births => "出生人口",
            SeatFileKind::Zones => "学区对应",
            SeatFileKind::Enrolment => "在校生",
            SeatFileKind::Capacity => "核定规模",
        }
    }

    /// The template's file name.
    pub fn template_name(self) -> String {
        format!("{}模板.xlsx", self.label())
    }

    /// The template's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            SeatFileKind::Births => BIRTH_COLUMNS,
            SeatFileKind::Zones => ZONE_COLUMNS,
            SeatFileKind::Enrolment => ENROLMENT_COLUMNS,
            SeatFileKind::Capacity => CAPACITY_COLUMNS,
        }
    }

    fn template(self) -> Template<'static> {
        let codes: &'static Codes = match self {
            SeatFileKind::Births => &BIRTHS_TABLE,
            SeatFileKind::Zones => &ZONES_TABLE,
            SeatFileKind::Enrolment => &ENROLMENT_TABLE,
            SeatFileKind::Capacity => &CAPACITY_TABLE,
        };
        Template {
            sheet: self.label(),
            codes,
            columns: self.columns(),
            aliases: exact,
        }
    }
}

static BIRTHS_TABLE: Codes = codes::TABLE.for_template("出生人口模板");
static ZONES_TABLE: Codes = codes::TABLE.for_template("学区对应模板");
static ENROLMENT_TABLE: Codes = codes::TABLE.for_template("在校生模板");
static CAPACITY_TABLE: Codes = codes::TABLE.for_template("核定规模模板");

const AREA_NOTE: &str = "街道办事处或乡镇的名称，与学区对应表一致，最多 100 个字";

/// The births file's columns.
pub const BIRTH_COLUMNS: &[Column] = &[
    col(AREA, true, "文本", AREA_NOTE, "龙山街道"),
    col(
        SERIES,
        true,
        "常住 | 户籍",
        "常住出生数或户籍出生数；两个口径可以写在同一个文件中",
        "常住",
    ),
    col(
        BIRTH_YEAR,
        true,
        "整数",
        "出生的公历年份，2000–2100",
        "2018",
    ),
    col(BIRTHS, true, "整数", "该年出生人数", "1250"),
];

/// The map's columns.
pub const ZONE_COLUMNS: &[Column] = &[
    col(AREA, true, "文本", AREA_NOTE, "龙山街道"),
    col(
        ZONE,
        true,
        "文本",
        "学区名称，须与学校统计数据中的「学区」一致",
        "龙山学区",
    ),
    col(
        SHARE,
        false,
        "小数",
        "该街道/乡镇出生人口划入此学区的比例，0–1；留空表示全部（1）；一个街道/乡镇分属几个学区时写几行，比例之和为 1",
        "1",
    ),
];

/// The enrolment file's columns.
pub const ENROLMENT_COLUMNS: &[Column] = &[
    col(
        YEAR,
        true,
        "整数",
        "2024 表示 2024–2025 学年；一个文件可含多个学年",
        "2024",
    ),
    col(SCHOOL, true, "文本，10 位数字", "学校标识码", "5001120001"),
    col(GRADE, true, "整数", "1–6 为小学一至六年级，7–9 为初中", "1"),
    col(PUPILS, true, "整数", "该年级在校生数", "182"),
    col(MIGRANT, false, "整数", "其中随迁子女数；留空表示 0", "21"),
];

/// The capacity file's columns.
pub const CAPACITY_COLUMNS: &[Column] = &[
    col(YEAR, true, "整数", "2024 表示 2024–2025 学年", "2024"),
    col(SCHOOL, true, "文本，10 位数字", "学校标识码", "5001120001"),
    col(
        PRIMARY_CLASSES,
        false,
        "整数",
        "小学部核定班数（办学规模）；无小学部留空",
        "24",
    ),
    col(
        JUNIOR_CLASSES,
        false,
        "整数",
        "初中部核定班数；无初中部留空",
        "",
    ),
    col(
        PRIMARY_SEATS,
        false,
        "整数",
        "小学部核定学位；填写时以此为学位供给，否则按核定班数 × 班额上限计算",
        "",
    ),
    col(JUNIOR_SEATS, false, "整数", "初中部核定学位", ""),
    col(CLASSROOMS, false, "整数", "普通教室数", "26"),
];

/// A row of births.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthLine {
    /// Its row.
    pub row: usize,
    /// 街道/乡镇.
    pub area: String,
    /// 口径.
    pub series: BirthSeries,
    /// 出生年份.
    pub year: i32,
    /// 出生数.
    pub births: u32,
}

/// A row of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneLine {
    /// Its row.
    pub row: usize,
    /// 街道/乡镇.
    pub area: String,
    /// 学区.
    pub zone: String,
    /// 比例 (1 when empty).
    pub share: f64,
}

/// A row of enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentLine {
    /// Its row.
    pub row: usize,
    /// 学年.
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 年级 1–9.
    pub grade: u8,
    /// 在校生数.
    pub pupils: u32,
    /// 随迁子女数 (0 when empty).
    pub migrant: u32,
}

/// A row of capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityLine {
    /// Its row.
    pub row: usize,
    /// 学年.
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 小学核定班数.
    pub primary_classes: Option<u32>,
    /// 初中核定班数.
    pub junior_classes: Option<u32>,
    /// 小学核定学位.
    pub primary_seats: Option<u32>,
    /// 初中核定学位.
    pub junior_seats: Option<u32>,
    /// 普通教室数.
    pub classrooms: Option<u32>,
}

/// The rows of a file, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SeatRows {
    /// 出生人口.
    Births(Vec<BirthLine>),
    /// 学区对应.
    Zones(Vec<ZoneLine>),
    /// 在校生.
    Enrolment(Vec<EnrolmentLine>),
    /// 核定规模.
    Capacity(Vec<CapacityLine>),
}

/// A file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// Its rows.
    pub rows: SeatRows,
    /// What did not stop the reading (unknown columns, the sheet chosen).
    pub warnings: Vec<Issue>,
}

impl SeatFile {
    /// Which file it is.
    pub fn kind(&self) -> SeatFileKind {
        match self.rows {
            SeatRows::Births(_) => SeatFileKind::Births,
            SeatRows::Zones(_) => SeatFileKind::Zones,
            SeatRows::Enrolment(_) => SeatFileKind::Enrolment,
            SeatRows::Capacity(_) => SeatFileKind::Capacity,
        }
    }

    /// How many rows it has.
    pub fn len(&self) -> usize {
        match &self.rows {
            SeatRows::Births(r) => r.len(),
            SeatRows::Zones(r) => r.len(),
            SeatRows::Enrolment(r) => r.len(),
            SeatRows::Capacity(r) => r.len(),
        }
    }

    /// Whether it has no rows (a file read never has none).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// An issue of this file at a row and column (the use-case layer's own checks).
    pub fn issue(
        &self,
        code: &'static str,
        row: usize,
        column: &str,
        value: Option<String>,
        message: String,
    ) -> Issue {
        crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        }
        .issue(code, Some(row), Some(column), value, message)
    }
}

/// Reads a file of `kind` held in memory (an upload) within `limits`; the format comes from
/// `file_name`'s extension.
pub fn read_seat_file_with(
    kind: SeatFileKind,
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<SeatFile, ImportFailure> {
    parse::read(kind, bytes, file_name, limits)
}

/// [`read_seat_file_with`] within [`Limits::default`].
pub fn read_seat_file(
    kind: SeatFileKind,
    bytes: &[u8],
    file_name: &str,
) -> Result<SeatFile, ImportFailure> {
    read_seat_file_with(kind, bytes, file_name, &Limits::default())
}

#[cfg(test)]
mod tests;
