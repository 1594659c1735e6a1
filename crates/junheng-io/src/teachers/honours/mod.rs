//! The honours templates (issue 17): 称号 (the 骨干 pipeline's titles), 获奖 (awards) and 师德考核
//! (ethics results), one row per record, read from .xlsx, .xlsm, .xls, .ods or .csv (the shared
//! table reader) into a [`HonoursFile`], and each template written by [`write_template`].
//!
//! Every problem is reported at once with a stable `honours.<kind>.*` code, located as the user
//! sees it (file, sheet, row, column, value, what is expected); nothing is returned when anything
//! is wrong. The rules of a row:
//! * 教师编号: the bureau's id (never a national ID number: refused and shown masked).
//! * 学年 / 认定年份: a whole number 2000–2100.
//! * 称号, 奖项名称 and 认定单位: text of at most [`TEXT_MAX_CHARS`] characters (认定单位 optional).
//! * 级别 (称号): 培养对象, 区级, 市级, 特级, 名师, 学科带头人, 省级, 国家级; 类别 and 级别 (获奖):
//!   the words of [`junheng_teachers::honours::AwardKind`] and [`junheng_teachers::honours::AwardLevel`]; 考核等次: one of the district's levels
//!   ([`HonoursSettings::ethics_levels`]).
//! * The same record twice in a file is refused (`duplicate`, naming the earlier row); for 师德,
//!   a teacher and year twice.
//!
//! ```
//! use junheng_io::teachers::honours::{read, write_template, Kind};
//! use junheng_teachers::honours::HonoursSettings;
//! let s = HonoursSettings::default();
//! for kind in Kind::ALL {
//!     let file = read(kind, &write_template(kind, &s), "模板.xlsx", &s).unwrap();
//!     assert_eq!(file.len(), 3);
//! }
//! ```

mod parse;
mod write;

use junheng_teachers::honours::{Award, EthicsResult, HonoursSettings};
use junheng_teachers::pipeline::HonourTitle;

use crate::limits::Limits;
use crate::table::col;
use crate::table::rows::{Template, exact};

pub use crate::school::{ImportFailure, Issue};
pub use crate::table::Column;
pub use write::write_template;

/// Stable issue codes of the honours templates: `honours.titles.*`, `honours.awards.*`,
/// `honours.ethics.*`.
pub mod codes {
    /// Declares a template's codes: the shared ones and this capability's.
    macro_rules! honour_codes {
        ($m:ident, $prefix:literal, $template:literal) => {
            #[doc = concat!("Codes of the ", $template, ".")]
            pub mod $m {
                crate::table::fields::template_codes!($prefix, $template);
                /// A 级别, 类别 or 考核等次 that is not one of the accepted words.
                pub const WORD_INVALID: &str = concat!($prefix, ".word_invalid");
                /// A text longer than [`super::super::TEXT_MAX_CHARS`] characters.
                pub const TEXT_TOO_LONG: &str = concat!($prefix, ".text_too_long");
                /// The same record twice (the issue, on the later row, names the earlier).
                pub const DUPLICATE: &str = concat!($prefix, ".duplicate");
                /// A 教师编号 in no stored roster (found by the use-case layer).
                pub const TEACHER_UNKNOWN: &str = concat!($prefix, ".teacher_unknown");
                /// A record stored already (found by the use-case layer).
                pub const ALREADY_STORED: &str = concat!($prefix, ".already_stored");
            }
        };
    }
    honour_codes!(titles, "honours.titles", "称号模板");
    honour_codes!(awards, "honours.awards", "获奖模板");
    honour_codes!(ethics, "honours.ethics", "师德考核模板");
}

/// Header names.
pub mod columns {
    /// 教师编号.
    pub const TEACHER: &str = "教师编号";
    /// 学年.
    pub const YEAR: &str = "学年";
    /// 认定年份.
    pub const AWARDED: &str = "认定年份";
    /// 称号.
    pub const TITLE: &str = "称号";
    /// 级别.
    pub const LEVEL: &str = "级别";
    /// 认定单位.
    pub const ISSUER: &str = "认定单位";
    /// 类别.
    pub const KIND: &str = "类别";
    /// 奖项名称.
    pub const AWARD: &str = "奖项名称";
    /// 考核等次.
    pub const ETHICS: &str = "考核等次";
}

/// Most characters of a 称号, 奖项名称 or 认定单位.
pub const TEXT_MAX_CHARS: usize = 100;

/// The three templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 称号.
    Titles,
    /// 获奖.
    Awards,
    /// 师德考核.
    Ethics,
}

impl Kind {
    /// Every template.
    pub const ALL: [Kind; 3] = [Kind::Titles, Kind::Awards, Kind::Ethics];

    /// Stable id (`titles`, `awards`, `ethics`): the store's kind and the CLI's word.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Titles => "titles",
            Kind::Awards => "awards",
            Kind::Ethics => "ethics",
        }
    }

    /// The kind of an id.
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Titles => "称号",
            Kind::Awards => "获奖",
            Kind::Ethics => "师德考核",
        }
    }

    /// The sheet read when present (else the first visible worksheet), and written.
    pub fn sheet(self) -> &'static str {
        match self {
            Kind::Titles => "称号",
            Kind::Awards => "获奖",
            Kind::Ethics => "师德考核",
        }
    }

    /// The template's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Titles => TITLE_COLUMNS,
            Kind::Awards => AWARD_COLUMNS,
            Kind::Ethics => ETHICS_COLUMNS,
        }
    }

    fn template(self) -> Template<'static> {
        Template {
            sheet: self.sheet(),
            codes: match self {
                Kind::Titles => &codes::titles::TABLE,
                Kind::Awards => &codes::awards::TABLE,
                Kind::Ethics => &codes::ethics::TABLE,
            },
            columns: self.columns(),
            aliases: exact,
        }
    }
}

const TEACHER_COL: Column = col(
    columns::TEACHER,
    true,
    "文本",
    "单位内部的教师编号（与教师花名册一致），不要填身份证号",
    "T2024-0007",
);
const YEAR_COL: Column = col(
    columns::YEAR,
    true,
    "整数",
    "2024 表示 2024–2025 学年",
    "2024",
);

const TITLE_COLUMNS: &[Column] = &[
    TEACHER_COL,
    col(
        columns::TITLE,
        true,
        "文本",
        "称号全称，最多 100 个字",
        "市级学科带头人",
    ),
    col(
        columns::LEVEL,
        true,
        "文本",
        "培养对象、区级、市级、特级、名师、学科带头人、省级、国家级",
        "学科带头人",
    ),
    col(
        columns::AWARDED,
        true,
        "整数",
        "认定的学年，自该学年起计入梯队",
        "2023",
    ),
    col(
        columns::ISSUER,
        false,
        "文本",
        "认定单位，最多 100 个字",
        "市教委",
    ),
];

const AWARD_COLUMNS: &[Column] = &[
    TEACHER_COL,
    YEAR_COL,
    col(
        columns::KIND,
        true,
        "文本",
        "赛课、精品课、优质课、论文、课题、其他",
        "赛课",
    ),
    col(
        columns::LEVEL,
        true,
        "文本",
        "部级（国家级）、省级、市级、区级、校级",
        "市级",
    ),
    col(
        columns::AWARD,
        true,
        "文本",
        "比赛或课程、论文的名称及奖次，最多 100 个字",
        "市优质课大赛一等奖",
    ),
];

const ETHICS_COLUMNS: &[Column] = &[
    TEACHER_COL,
    YEAR_COL,
    col(
        columns::ETHICS,
        true,
        "文本",
        "本区设定的等次之一（默认：优秀、合格、基本合格、不合格）",
        "合格",
    ),
];

/// The records of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    /// 称号.
    Titles(Vec<HonourTitle>),
    /// 获奖.
    Awards(Vec<Award>),
    /// 师德考核.
    Ethics(Vec<EthicsResult>),
}

/// A honours file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct HonoursFile {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The records, in file order.
    pub records: Records,
    /// The row of each record, in the same order.
    pub rows: Vec<usize>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

impl HonoursFile {
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
/// comes from `file_name`'s extension; 考核等次 are checked against `settings`.
pub fn read(
    kind: Kind,
    bytes: &[u8],
    file_name: &str,
    settings: &HonoursSettings,
) -> Result<HonoursFile, ImportFailure> {
    parse::read(kind, bytes, file_name, settings, &Limits::default())
}

#[cfg(test)]
mod tests;
