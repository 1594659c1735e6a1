//! Problems found while importing, located as the user sees them (file, sheet, row, column).

use std::fmt;

use serde::Serialize;

/// Stable issue codes. They double as i18n keys: tests and callers match on them, never on prose.
pub mod codes {
    /// The file could not be read (I/O error, corrupt or not really the format its name says).
    pub const FILE_UNREADABLE: &str = "import.file_unreadable";
    /// The file name's extension is not one of .csv .xlsx .xlsm .xls .ods.
    pub const UNSUPPORTED_FORMAT: &str = "import.unsupported_format";
    /// A CSV file is neither UTF-8 nor GB18030, or a cell of a UTF-8 file is not UTF-8.
    pub const ENCODING_INVALID: &str = "import.encoding_invalid";
    /// A CSV file has no content at all.
    pub const FILE_EMPTY: &str = "import.file_empty";
    /// The workbook has no worksheet.
    pub const SHEET_MISSING: &str = "import.sheet_missing";
    /// The chosen worksheet has no cells.
    pub const SHEET_EMPTY: &str = "import.sheet_empty";
    /// Warning: no sheet is named 学校基本情况表, the first worksheet of several was read.
    pub const SHEET_NOT_NAMED: &str = "import.sheet_not_named";
    /// There is a header row but no data row.
    pub const NO_DATA_ROWS: &str = "import.no_data_rows";
    /// A required column (学年, 学校标识码, 学校名称, 办学类型) is missing.
    pub const REQUIRED_COLUMN_MISSING: &str = "import.required_column_missing";
    /// Warning: an optional numeric column is missing; its values are taken as 0.
    pub const COLUMN_MISSING_DEFAULT_ZERO: &str = "import.column_missing_default_zero";
    /// Warning: an optional text column is missing; its values are taken as empty.
    pub const COLUMN_MISSING_DEFAULT_EMPTY: &str = "import.column_missing_default_empty";
    /// The same header appears twice.
    pub const DUPLICATE_COLUMN: &str = "import.duplicate_column";
    /// Warning: a header that is not in the template; the column is ignored.
    pub const UNKNOWN_COLUMN: &str = "import.unknown_column";
    /// A code cell holds a spreadsheet number, not text.
    pub const SCHOOL_CODE_NOT_TEXT: &str = "import.school_code_not_text";
    /// A code written in scientific notation (5.00112E+09).
    pub const SCHOOL_CODE_SCIENTIFIC: &str = "import.school_code_scientific";
    /// A code that is not exactly 10 digits.
    pub const SCHOOL_CODE_NOT_TEN_DIGITS: &str = "import.school_code_not_ten_digits";
    /// A required cell is empty.
    pub const REQUIRED_CELL_EMPTY: &str = "import.required_cell_empty";
    /// 学年 is not an integer in 2000..=2100.
    pub const YEAR_INVALID: &str = "import.year_invalid";
    /// 办学类型 is not one of the template's kinds.
    pub const UNKNOWN_SCHOOL_KIND: &str = "import.unknown_school_kind";
    /// 城乡分类 is not 城区, 镇区 or 乡村.
    pub const UNKNOWN_URBAN_RURAL: &str = "import.unknown_urban_rural";
    /// A numeric cell holds something that is not a number.
    pub const NOT_A_NUMBER: &str = "import.not_a_number";
    /// A number is infinite or NaN.
    pub const NUMBER_NOT_FINITE: &str = "import.number_not_finite";
    /// A count, area or amount is negative.
    pub const NEGATIVE_NUMBER: &str = "import.negative_number";
    /// A count has a fractional part (12.5 teachers).
    pub const NOT_INTEGER: &str = "import.not_integer";
    /// A count does not fit in 32 bits.
    pub const NUMBER_TOO_LARGE: &str = "import.number_too_large";
    /// A spreadsheet error value (#DIV/0!, #N/A, #REF! …).
    pub const EXCEL_ERROR_CELL: &str = "import.excel_error_cell";
    /// 经度 or 纬度 outside China.
    pub const COORDINATE_OUT_OF_RANGE: &str = "import.coordinate_out_of_range";
    /// Only one of 经度 and 纬度 is given.
    pub const COORDINATE_INCOMPLETE: &str = "import.coordinate_incomplete";
    /// A subset of the teachers (高于规定学历, 骨干, 体育艺术, 中级职称) exceeds the section's teachers.
    pub const EXCEEDS_TEACHERS: &str = "import.exceeds_teachers";
    /// 体育馆面积 exceeds 教学及辅助用房面积, which includes it.
    pub const GYM_EXCEEDS_TEACHING_AREA: &str = "import.gym_exceeds_teaching_area";
    /// Students, classes or teachers in a section the 办学类型 does not have.
    pub const SECTION_NOT_IN_KIND: &str = "import.section_not_in_kind";
    /// A 教学点 without 上级学校标识码.
    pub const TEACHING_POINT_WITHOUT_PARENT: &str = "import.teaching_point_without_parent";
    /// 上级学校标识码 is the school's own code.
    pub const PARENT_IS_SELF: &str = "import.parent_is_self";
    /// 上级学校标识码 is not among the file's schools of the same year.
    pub const PARENT_NOT_FOUND: &str = "import.parent_not_found";
    /// The parent is itself a 教学点.
    pub const PARENT_IS_TEACHING_POINT: &str = "import.parent_is_teaching_point";
    /// The same 学校标识码 twice in one 学年.
    pub const DUPLICATE_SCHOOL_CODE: &str = "import.duplicate_school_code";
    /// The file is larger than [`crate::Limits::max_input_bytes`].
    pub const FILE_TOO_LARGE: &str = "import.file_too_large";
    /// A workbook inflates (or expands) to more than the limits allow, or is not a sound
    /// container (too many parts, parts that cannot be inflated).
    pub const WORKBOOK_TOO_LARGE: &str = "import.workbook_too_large";
    /// The sheet holds more cells or more text than [`crate::Limits`] allow.
    pub const SHEET_TOO_LARGE: &str = "import.sheet_too_large";
    /// More data rows than [`crate::Limits::max_rows`].
    pub const TOO_MANY_ROWS: &str = "import.too_many_rows";
    /// A header row wider than [`crate::Limits::max_columns`].
    pub const TOO_MANY_COLUMNS: &str = "import.too_many_columns";
    /// A cell longer than [`crate::Limits::max_cell_chars`].
    pub const CELL_TOO_LONG: &str = "import.cell_too_long";
    /// The last issue of a list cut at [`crate::Limits::max_issues`]: how many more were found.
    pub const MORE_ISSUES: &str = "import.more_issues";
    /// The last warning of a list cut at [`crate::Limits::max_warnings`].
    pub const MORE_WARNINGS: &str = "import.more_warnings";
    /// Warning: cells right of the header's last column, or past the column cap, were ignored.
    pub const CELLS_OUTSIDE_HEADER: &str = "import.cells_outside_header";

    pub(crate) static LIMITS: crate::guard::LimitCodes = crate::guard::LimitCodes {
        file_too_large: FILE_TOO_LARGE,
        workbook_too_large: WORKBOOK_TOO_LARGE,
        sheet_too_large: SHEET_TOO_LARGE,
        too_many_rows: TOO_MANY_ROWS,
        too_many_columns: TOO_MANY_COLUMNS,
        cell_too_long: CELL_TOO_LONG,
        more_issues: MORE_ISSUES,
        more_warnings: MORE_WARNINGS,
        cells_outside_header: CELLS_OUTSIDE_HEADER,
    };
}

/// One problem (or warning) of an import, located as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Stable snake_case code prefixed `import.` (see [`codes`]); also an i18n key.
    pub code: &'static str,
    /// The file's name as the user gave it.
    pub file: String,
    /// The worksheet (spreadsheets only).
    pub sheet: Option<String>,
    /// Row as the user sees it: the spreadsheet's row number, or the CSV line (header = 1).
    pub row: Option<usize>,
    /// The column's header.
    pub column: Option<String>,
    /// The offending value as shown.
    pub value: Option<String>,
    /// What is wrong and what is expected, in Chinese.
    pub message: String,
}

/// Values longer than this many characters are shortened when displayed.
const VALUE_DISPLAY_CHARS: usize = 60;

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " 工作表「{sheet}」")?;
        }
        if let Some(row) = self.row {
            let space = if self.sheet.is_some() { "" } else { " " };
            write!(f, "{space}第 {row} 行")?;
        }
        if let Some(column) = &self.column {
            if self.row.is_none() && self.sheet.is_none() {
                f.write_str(" ")?;
            }
            write!(f, "「{column}」列")?;
        }
        if let Some(value) = &self.value {
            if value.chars().count() > VALUE_DISPLAY_CHARS {
                let short: String = value.chars().take(VALUE_DISPLAY_CHARS).collect();
                write!(f, "，值「{short}…」")?;
            } else {
                write!(f, "，值「{value}」")?;
            }
        }
        write!(f, "：{}", self.message)
    }
}

/// All problems found; nothing is imported when this is returned.
#[derive(Debug)]
pub struct ImportFailure {
    /// The errors, in file order (file-level problems first, then by row).
    pub issues: Vec<Issue>,
    /// Warnings found along the way (unknown columns, missing optional columns …).
    pub warnings: Vec<Issue>,
}

/// How many issues [`ImportFailure`]'s `Display` lists before summarising the rest.
pub const DISPLAY_LIMIT: usize = 200;

impl ImportFailure {
    /// How many problems were found: those in `issues`, plus those its last item counts when the
    /// list was cut at [`crate::Limits::max_issues`] (a code ending in `.more_issues`).
    pub fn issue_count(&self) -> usize {
        crate::guard::count(&self.issues, ".more_issues")
    }
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.issues.iter().take(DISPLAY_LIMIT).enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{issue}")?;
        }
        if self.issues.len() > DISPLAY_LIMIT {
            write!(f, "\n…另有 {} 个问题", self.issue_count() - DISPLAY_LIMIT)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportFailure {}

/// Characters of a message, past which it is cut (messages quote values).
const MESSAGE_CHARS: usize = 400;

/// A name or value as an issue may show it: masked when it holds an ID number, cut to
/// [`crate::guard::SHOWN_CHARS`] characters.
fn echo(text: &str) -> String {
    crate::guard::shown(&junheng_core::privacy::shown(text))
}

/// A message as an issue may show it: each run of letters, digits and separators that holds an
/// ID number masked, and the whole cut to [`MESSAGE_CHARS`] characters.
fn echo_message(message: String) -> String {
    let message = if junheng_core::privacy::contains_national_id(&message) {
        let mut out = String::with_capacity(message.len());
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String| {
            out.push_str(&junheng_core::privacy::shown(run));
            run.clear();
        };
        for c in message.chars() {
            if c.is_alphanumeric() && !('\u{4e00}'..='\u{9fff}').contains(&c)
                || matches!(c, '-' | '_' | ' ' | '\u{3000}')
            {
                run.push(c);
            } else {
                flush(&mut run, &mut out);
                out.push(c);
            }
        }
        flush(&mut run, &mut out);
        out
    } else {
        message
    };
    match message.char_indices().nth(MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &message[..at]),
        None => message,
    }
}

/// Where issues are located: the file and, for spreadsheets, the sheet.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub file: String,
    pub sheet: Option<String>,
}

impl Place {
    /// An issue of the whole file (or sheet).
    pub fn file_issue(&self, code: &'static str, message: String) -> Issue {
        self.issue(code, None, None, None, message)
    }

    /// An issue at any location. Whatever it echoes of the file — its name, the sheet's, the
    /// column's header, the value, values quoted in the message — is cut to a readable length
    /// and masked where it holds a 居民身份证号, so that no issue grows with the input or shows
    /// an ID number.
    pub fn issue(
        &self,
        code: &'static str,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<String>,
        message: String,
    ) -> Issue {
        Issue {
            code,
            file: echo(&self.file),
            sheet: self.sheet.as_deref().map(echo),
            row,
            column: column.map(echo),
            value: value.as_deref().map(echo),
            message: echo_message(message),
        }
    }

    /// A failure made of one file-level issue.
    pub fn fail(&self, code: &'static str, message: String) -> ImportFailure {
        ImportFailure {
            issues: vec![self.file_issue(code, message)],
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(sheet: Option<&str>) -> Place {
        Place {
            file: "学校基本情况表.xlsx".into(),
            sheet: sheet.map(str::to_owned),
        }
    }

    #[test]
    fn displays_location_value_and_message() {
        let issue = place(Some("学校基本情况表")).issue(
            codes::SCHOOL_CODE_SCIENTIFIC,
            Some(5),
            Some("学校标识码"),
            Some("5.00112E+09".into()),
            "学校标识码被 Excel 转成了数字（科学计数法），应为 10 位文本代码".into(),
        );
        assert_eq!(
            issue.to_string(),
            "学校基本情况表.xlsx 工作表「学校基本情况表」第 5 行「学校标识码」列，值「5.00112E+09」：\
             学校标识码被 Excel 转成了数字（科学计数法），应为 10 位文本代码"
        );
        let csv = Place {
            file: "a.csv".into(),
            sheet: None,
        };
        let header = csv.issue(
            codes::DUPLICATE_COLUMN,
            Some(1),
            Some("学年"),
            None,
            "重复".into(),
        );
        assert_eq!(header.to_string(), "a.csv 第 1 行「学年」列：重复");
        let missing = csv.issue(
            codes::REQUIRED_COLUMN_MISSING,
            None,
            Some("学年"),
            None,
            "缺".into(),
        );
        assert_eq!(missing.to_string(), "a.csv 「学年」列：缺");
        assert_eq!(
            csv.file_issue(codes::FILE_EMPTY, "空".into()).to_string(),
            "a.csv：空"
        );
    }

    #[test]
    fn long_values_are_shortened() {
        let issue = place(None).issue(
            codes::NOT_A_NUMBER,
            Some(2),
            None,
            Some("字".repeat(100)),
            "x".into(),
        );
        assert!(
            issue
                .to_string()
                .contains(&format!("「{}…」", "字".repeat(VALUE_DISPLAY_CHARS)))
        );
    }

    #[test]
    fn echoes_are_masked_and_cut() {
        let p = Place {
            file: format!("{}.csv", "名".repeat(100)),
            sheet: Some("110101199003077777".into()),
        };
        let issue = p.issue(
            codes::UNKNOWN_COLUMN,
            Some(1),
            Some("身份证 110101-19900307-7777"),
            Some("x".repeat(10_000)),
            format!("「T110101199003077777」不对，{}", "很长".repeat(1000)),
        );
        assert_eq!(issue.file.chars().count(), crate::guard::SHOWN_CHARS + 1);
        assert_eq!(issue.sheet.as_deref(), Some("110…"));
        assert_eq!(issue.column.as_deref(), Some("身份证…"));
        assert_eq!(
            issue.value.unwrap().chars().count(),
            crate::guard::SHOWN_CHARS + 1
        );
        assert!(
            issue.message.starts_with("「T11…」不对"),
            "{}",
            issue.message
        );
        assert_eq!(issue.message.chars().count(), MESSAGE_CHARS + 1);
    }

    #[test]
    fn failure_lists_the_first_200_and_counts_the_rest() {
        let p = place(None);
        let issues: Vec<_> = (0..205)
            .map(|i| p.issue(codes::NOT_A_NUMBER, Some(i + 2), None, None, "坏".into()))
            .collect();
        let failure = ImportFailure {
            issues,
            warnings: Vec::new(),
        };
        let text = failure.to_string();
        assert_eq!(text.lines().count(), 201);
        assert!(text.ends_with("…另有 5 个问题"));
        assert!(text.starts_with("学校基本情况表.xlsx 第 2 行：坏\n"));
    }
}
