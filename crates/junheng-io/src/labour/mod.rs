//! The templates of labour bases and 五育 coverage (issue 18, items 5 and 6), and of the inputs
//! of compliance (item 4: 劳动课 课时 per class and week, a school's 劳动周): one template per
//! record set, one row per record, read from .xlsx, .xlsm, .xls, .ods or .csv (the shared table
//! reader) into a [`LabourFile`], and each template written by [`write_template`].
//!
//! One template per set rather than one workbook with a sheet per set: the sets are kept by
//! different offices at different times (基地 and 联盟 once, 活动记录 as visits happen, 大课间
//! each term by 体卫艺科, 美育 and 特色 once a year, 研学 after each trip), and one workbook would
//! make each of them all or nothing with the others.
//!
//! Every problem is reported at once with a stable `labour.<kind>.*` or `five.<kind>.*` code,
//! located as the user sees it (file, sheet, row, column, value, what is expected); nothing is
//! returned when anything is wrong. The same record twice in a file is refused (`duplicate`,
//! naming the earlier row); a part above its whole (大课间 days above school days, children
//! reached above children) is refused on the row.
//!
//! The 劳动清单 template (a district's list or a school's list on top of it, [`lists`]) and the
//! 劳动记录 template (records of children by 学籍号, [`records`]) are read the same way; the
//! rules of lists (the minimum not lowered) are the engine's (`junheng_labour::checklist`).
//!
//! ```
//! use junheng_io::labour::{Kind, read, write_template};
//! for kind in Kind::ALL {
//!     let file = read(kind, &write_template(kind), "模板.xlsx").unwrap();
//!     assert_eq!(file.len(), 3, "{kind:?}");
//! }
//! ```

pub mod lists;
mod parse;
pub mod records;
pub mod review;
mod template;
mod write;

use junheng_core::school::SchoolCode;
use junheng_labour::Grade;
use junheng_labour::bases::BaseKind;
use junheng_labour::calendar::Day;
use junheng_labour::compliance::LabourWeek;
use junheng_labour::five::{ArtsRecord, BreakRecord, FootballSchool, Specialty, StudyTrip};

use crate::limits::Limits;
use crate::table::Column;

pub use crate::school::{ImportFailure, Issue};
pub use columns::*;
pub use write::write_template;

/// Stable issue codes of the templates, a module per template.
pub mod codes {
    /// Declares a template's codes: the shared ones and this capability's.
    macro_rules! labour_codes {
        ($m:ident, $prefix:literal, $template:literal) => {
            #[doc = concat!("Codes of the ", $template, ".")]
            pub mod $m {
                crate::table::fields::template_codes!($prefix, $template);
                /// A 类别, 级别 or 学期 that is not one of the accepted words.
                pub const WORD_INVALID: &str = concat!($prefix, ".word_invalid");
                /// A text longer than allowed.
                pub const TEXT_TOO_LONG: &str = concat!($prefix, ".text_too_long");
                /// A count that is not a whole number in range.
                pub const COUNT_INVALID: &str = concat!($prefix, ".count_invalid");
                /// A date that is not a real day of 2000–2100.
                pub const DATE_INVALID: &str = concat!($prefix, ".date_invalid");
                /// A part (days held, children reached) above its whole.
                pub const PART_ABOVE_WHOLE: &str = concat!($prefix, ".part_above_whole");
                /// A list of schools with an item that is not a 学校标识码.
                pub const LIST_INVALID: &str = concat!($prefix, ".list_invalid");
                /// The same record twice (the issue, on the later row, names the earlier).
                pub const DUPLICATE: &str = concat!($prefix, ".duplicate");
                /// A 学校标识码 that is not a school of the district (the use-case layer).
                pub const SCHOOL_UNKNOWN: &str = concat!($prefix, ".school_unknown");
                /// A base named that the district has not recorded (the use-case layer).
                pub const BASE_UNKNOWN: &str = concat!($prefix, ".base_unknown");
                /// A record (a base's or an alliance's name, a trip) stored already (the
                /// use-case layer).
                pub const ALREADY_STORED: &str = concat!($prefix, ".already_stored");
                /// Warning: more children at a base on a day than its capacity (the use-case
                /// layer; the visits are stored, the day is listed).
                pub const OVER_CAPACITY: &str = concat!($prefix, ".over_capacity");
                /// A class the school's newest registry does not have (the use-case layer).
                pub const CLASS_UNKNOWN: &str = concat!($prefix, ".class_unknown");
            }
        };
    }
    labour_codes!(bases, "labour.bases", "劳动基地模板");
    labour_codes!(alliances, "labour.alliances", "劳动教育联盟模板");
    labour_codes!(visits, "labour.visits", "基地活动记录模板");
    labour_codes!(breaks, "five.breaks", "大课间模板");
    labour_codes!(arts, "five.arts", "美育实践模板");
    labour_codes!(specialties, "five.specialties", "特色学校模板");
    labour_codes!(football, "five.football", "校园足球模板");
    labour_codes!(trips, "five.trips", "研学模板");
    labour_codes!(lessons, "labour.lessons", "劳动课时模板");
    labour_codes!(weeks, "labour.weeks", "劳动周模板");
}

/// Header names.
pub mod columns {
    /// 学校标识码.
    pub const SCHOOL: &str = "学校标识码";
    /// 基地名称.
    pub const BASE: &str = "基地名称";
    /// 类别.
    pub const KIND: &str = "类别";
    /// 每日容量（人）.
    pub const CAPACITY: &str = "每日容量";
    /// 所属学校标识码 (校内基地).
    pub const HOST: &str = "所属学校标识码";
    /// 联盟名称.
    pub const ALLIANCE: &str = "联盟名称";
    /// 成员学校.
    pub const MEMBERS: &str = "成员学校";
    /// 共享基地.
    pub const SHARED: &str = "共享基地";
    /// 日期.
    pub const DAY: &str = "日期";
    /// 学生数.
    pub const STUDENTS: &str = "学生数";
    /// 备注.
    pub const NOTE: &str = "备注";
    /// 学年.
    pub const YEAR: &str = "学年";
    /// 学期.
    pub const SEMESTER: &str = "学期";
    /// 大课间开展天数.
    pub const DAYS_HELD: &str = "大课间开展天数";
    /// 在校天数.
    pub const SCHOOL_DAYS: &str = "在校天数";
    /// 参加美育实践学生数.
    pub const REACHED: &str = "参加美育实践学生数";
    /// 在校学生数.
    pub const ENROLLED: &str = "在校学生数";
    /// 级别.
    pub const LEVEL: &str = "级别";
    /// 认定学年.
    pub const SINCE: &str = "认定学年";
    /// 截止学年.
    pub const UNTIL: &str = "截止学年";
    /// 出发日期.
    pub const LEFT: &str = "出发日期";
    /// 目的地.
    pub const DESTINATION: &str = "目的地";
    /// 参加学生数.
    pub const PARTICIPANTS: &str = "参加学生数";
    /// 应参加学生数.
    pub const INVITED: &str = "应参加学生数";
    /// 年级.
    pub const GRADE: &str = "年级";
    /// 班级.
    pub const CLASS: &str = "班级";
    /// 周（任一日期）.
    pub const WEEK: &str = "周（任一日期）";
    /// 课时.
    pub const LESSONS: &str = "课时";
    /// 第一天.
    pub const FIRST_DAY: &str = "第一天";
    /// 最后一天.
    pub const LAST_DAY: &str = "最后一天";
}

/// Most characters of a base's, an alliance's or a destination's name.
pub const NAME_MAX_CHARS: usize = 60;
/// Most characters of a visit's note.
pub const NOTE_MAX_CHARS: usize = 200;
/// Most children of one record (a day at a base, a school, a trip).
pub const MAX_STUDENTS: u32 = 100_000;
/// Most 劳动课 课时 of a class in a week.
pub const MAX_WEEKLY_LESSONS: u32 = 20;
/// Most characters of a class's name (`1班`).
pub const CLASS_MAX_CHARS: usize = 20;
/// Most days of a 劳动周 (two calendar weeks).
pub const MAX_LABOUR_WEEK_DAYS: u32 = 14;

/// The ten templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 劳动基地.
    Bases,
    /// 劳动教育联盟.
    Alliances,
    /// 基地活动记录.
    Visits,
    /// 大课间.
    Breaks,
    /// 美育实践.
    Arts,
    /// 特色学校.
    Specialties,
    /// 校园足球.
    Football,
    /// 研学.
    Trips,
    /// 劳动课时 (课时 per class and week).
    Lessons,
    /// 劳动周 (a school's, per school year).
    Weeks,
}

impl Kind {
    /// Every template.
    pub const ALL: [Kind; 10] = [
        Kind::Bases,
        Kind::Alliances,
        Kind::Visits,
        Kind::Breaks,
        Kind::Arts,
        Kind::Specialties,
        Kind::Football,
        Kind::Trips,
        Kind::Lessons,
        Kind::Weeks,
    ];
    /// The templates of bases and alliances.
    pub const BASES: [Kind; 3] = [Kind::Bases, Kind::Alliances, Kind::Visits];
    /// The templates of 五育 coverage.
    pub const FIVE: [Kind; 5] = [
        Kind::Breaks,
        Kind::Arts,
        Kind::Specialties,
        Kind::Football,
        Kind::Trips,
    ];
    /// The templates of compliance's inputs: 劳动课时 and 劳动周.
    pub const COMPLIANCE: [Kind; 2] = [Kind::Lessons, Kind::Weeks];

    /// Stable id: the store's kind and the CLI's and the forms' word.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Bases => "bases",
            Kind::Alliances => "alliances",
            Kind::Visits => "visits",
            Kind::Breaks => "breaks",
            Kind::Arts => "arts",
            Kind::Specialties => "specialties",
            Kind::Football => "football",
            Kind::Trips => "trips",
            Kind::Lessons => "lessons",
            Kind::Weeks => "weeks",
        }
    }

    /// The kind of an id.
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The Chinese name (also the sheet read when present, and written).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Bases => "劳动基地",
            Kind::Alliances => "劳动教育联盟",
            Kind::Visits => "基地活动记录",
            Kind::Breaks => "大课间",
            Kind::Arts => "美育实践",
            Kind::Specialties => "特色学校",
            Kind::Football => "校园足球",
            Kind::Trips => "研学",
            Kind::Lessons => "劳动课时",
            Kind::Weeks => "劳动周",
        }
    }

    /// The template's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        template::of(self)
    }
}

/// A base as a file names it (the store gives it its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseRow {
    /// Its name, unique in the district.
    pub name: String,
    /// Its kind.
    pub kind: BaseKind,
    /// Children it takes a day.
    pub capacity: u32,
    /// The host school of a 校内 base.
    pub school: Option<SchoolCode>,
}

/// An alliance as a file names it: its bases by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceRow {
    /// Its name, unique in the district.
    pub name: String,
    /// Member schools.
    pub schools: Vec<SchoolCode>,
    /// Names of the bases it shares.
    pub bases: Vec<String>,
}

/// A visit as a file names it: its base by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    /// The base's name.
    pub base: String,
    /// The visiting school.
    pub school: SchoolCode,
    /// The day.
    pub day: Day,
    /// Children.
    pub students: u32,
    /// A note (what they did), may be empty.
    pub note: String,
}

/// 劳动课 课时 a class was given in a week, as a file names the class (年级 and 班级 of the
/// student registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRow {
    /// The school.
    pub school: SchoolCode,
    /// The grade.
    pub grade: Grade,
    /// The class as the registry writes it (`1班`).
    pub class: String,
    /// The week's Monday.
    pub week: Day,
    /// 课时 given.
    pub lessons: u32,
}

/// The records of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    /// 劳动基地.
    Bases(Vec<BaseRow>),
    /// 劳动教育联盟.
    Alliances(Vec<AllianceRow>),
    /// 基地活动记录.
    Visits(Vec<VisitRow>),
    /// 大课间.
    Breaks(Vec<BreakRecord>),
    /// 美育实践.
    Arts(Vec<ArtsRecord>),
    /// 特色学校.
    Specialties(Vec<Specialty>),
    /// 校园足球.
    Football(Vec<FootballSchool>),
    /// 研学.
    Trips(Vec<StudyTrip>),
    /// 劳动课时.
    Lessons(Vec<LessonRow>),
    /// 劳动周.
    Weeks(Vec<LabourWeek>),
}

impl Records {
    /// The template of these records.
    pub fn kind(&self) -> Kind {
        match self {
            Records::Bases(_) => Kind::Bases,
            Records::Alliances(_) => Kind::Alliances,
            Records::Visits(_) => Kind::Visits,
            Records::Breaks(_) => Kind::Breaks,
            Records::Arts(_) => Kind::Arts,
            Records::Specialties(_) => Kind::Specialties,
            Records::Football(_) => Kind::Football,
            Records::Trips(_) => Kind::Trips,
            Records::Lessons(_) => Kind::Lessons,
            Records::Weeks(_) => Kind::Weeks,
        }
    }

    /// How many records.
    pub fn len(&self) -> usize {
        match self {
            Records::Bases(r) => r.len(),
            Records::Alliances(r) => r.len(),
            Records::Visits(r) => r.len(),
            Records::Breaks(r) => r.len(),
            Records::Arts(r) => r.len(),
            Records::Specialties(r) => r.len(),
            Records::Football(r) => r.len(),
            Records::Trips(r) => r.len(),
            Records::Lessons(r) => r.len(),
            Records::Weeks(r) => r.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The school each record names (an alliance: each member; a base: its host, if any), with
    /// the record's index.
    pub fn schools(&self) -> Vec<(usize, &SchoolCode)> {
        fn each<'a, T>(
            r: &'a [T],
            f: impl Fn(&'a T) -> &'a SchoolCode,
        ) -> Vec<(usize, &'a SchoolCode)> {
            r.iter().enumerate().map(|(i, x)| (i, f(x))).collect()
        }
        match self {
            Records::Bases(r) => r
                .iter()
                .enumerate()
                .filter_map(|(i, b)| Some((i, b.school.as_ref()?)))
                .collect(),
            Records::Alliances(r) => r
                .iter()
                .enumerate()
                .flat_map(|(i, a)| a.schools.iter().map(move |s| (i, s)))
                .collect(),
            Records::Visits(r) => each(r, |v| &v.school),
            Records::Breaks(r) => each(r, |b| &b.school),
            Records::Arts(r) => each(r, |a| &a.school),
            Records::Specialties(r) => each(r, |s| &s.school),
            Records::Football(r) => each(r, |f| &f.school),
            Records::Trips(r) => each(r, |t| &t.school),
            Records::Lessons(r) => each(r, |l| &l.school),
            Records::Weeks(r) => each(r, |w| &w.school),
        }
    }
}

/// A file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct LabourFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV or an entry).
    pub sheet: Option<String>,
    /// The records, in file order.
    pub records: Records,
    /// The row of each record, in the same order.
    pub rows: Vec<usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl LabourFile {
    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none (never, for a file read).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
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

/// Reads a file of a kind held in memory (an upload) within [`Limits::default`]; the format
/// comes from `file_name`'s extension.
pub fn read(kind: Kind, bytes: &[u8], file_name: &str) -> Result<LabourFile, ImportFailure> {
    parse::read(kind, bytes, file_name, &Limits::default())
}

#[cfg(test)]
mod tests;
