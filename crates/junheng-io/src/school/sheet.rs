//! Reading the template from a workbook (.xlsx/.xlsm, .xls, .ods) with calamine.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::Cursor;

use calamine::{
    Data, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsx, open_workbook_from_rs,
};

use super::Imported;
use super::cell::Cell;
use super::header::{ColumnMap, map_header};
use super::issue::{ImportFailure, Issue, Place, codes};
use super::validate::{RowCells, Validator};

/// The name of the sheet read when present.
pub(crate) const SHEET_NAME: &str = "学校基本情况表";

/// Rows between two progress reports.
const PROGRESS_EVERY: usize = 4096;

/// Workbook formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workbook {
    /// .xlsx / .xlsm
    Xlsx,
    /// .xls (BIFF8)
    Xls,
    /// .ods
    Ods,
}

/// Reads the template sheet of a workbook held in memory. `progress(done, total)` counts rows.
pub(crate) fn read(
    bytes: &[u8],
    format: Workbook,
    file: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let cursor = Cursor::new(bytes);
    match format {
        Workbook::Xlsx => read_with::<Xlsx<_>>(cursor, file, progress),
        Workbook::Xls => read_with::<Xls<_>>(cursor, file, progress),
        Workbook::Ods => read_with::<Ods<_>>(cursor, file, progress),
    }
}

fn read_with<'b, R>(
    cursor: Cursor<&'b [u8]>,
    file: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: Display,
{
    let mut place = Place {
        file: file.to_owned(),
        sheet: None,
    };
    let open = OpenCodes {
        file_unreadable: codes::FILE_UNREADABLE,
        sheet_missing: codes::SHEET_MISSING,
        sheet_not_named: Some(codes::SHEET_NOT_NAMED),
    };
    let (range, warning) = open_sheet::<R>(
        cursor,
        &mut place,
        SHEET_NAME,
        &open,
        "；请确认文件没有损坏",
    )
    .map_err(|issue| ImportFailure {
        issues: vec![*issue],
        warnings: Vec::new(),
    })?;
    read_range(&range, place, warning.into_iter().collect(), progress)
}

/// The issue codes of opening a workbook and choosing the sheet to read.
pub(crate) struct OpenCodes {
    pub file_unreadable: &'static str,
    pub sheet_missing: &'static str,
    /// Warning when no sheet has the wanted name and another of several is read (`None`: no
    /// warning).
    pub sheet_not_named: Option<&'static str>,
}

/// Opens a workbook held in memory and reads the worksheet named `wanted`, else the first visible
/// one (see [`sheet_to_read`]); `place` then names that sheet. Returns its cells and the warning
/// that it is not the named one, or the file-level issue that stopped the reading.
/// `unreadable_hint` ends the message of a worksheet that cannot be read.
pub(crate) fn open_sheet<'b, R>(
    cursor: Cursor<&'b [u8]>,
    place: &mut Place,
    wanted: &str,
    codes: &OpenCodes,
    unreadable_hint: &str,
) -> Result<(Range<Data>, Option<Issue>), Box<Issue>>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: Display,
{
    let mut workbook: R = open_workbook_from_rs(cursor).map_err(|e| {
        place.file_issue(
            codes.file_unreadable,
            format!("无法打开工作簿（{e}）；请确认文件没有损坏、没有加密，且扩展名与实际格式一致"),
        )
    })?;
    let (chosen, named, count) = sheet_to_read(&workbook, wanted);
    let Some(name) = chosen else {
        return Err(place
            .file_issue(
                codes.sheet_missing,
                format!("工作簿中没有工作表；数据应放在名为「{wanted}」的工作表或第一个工作表中"),
            )
            .into());
    };
    let warning = codes
        .sheet_not_named
        .filter(|_| !named && count > 1)
        .map(|code| {
            place.file_issue(
                code,
                format!("工作簿中没有名为「{wanted}」的工作表，已读取工作表「{name}」"),
            )
        });
    place.sheet = Some(name.clone());
    let range = workbook.worksheet_range(&name).map_err(|e| {
        place.file_issue(
            codes.file_unreadable,
            format!("无法读取工作表（{e}）{unreadable_hint}"),
        )
    })?;
    Ok((range, warning))
}

/// A spreadsheet cell as a template cell (also used by the generic table reader).
pub(crate) fn sheet_cell(data: &Data) -> Cell<'_> {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Float(v) => Cell::Number(*v),
        Data::Int(v) => Cell::Number(*v as f64),
        Data::Bool(b) => Cell::Other("逻辑值", Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(d) => Cell::Other("日期或时间", Cow::Owned(d.to_string())),
        Data::DateTimeIso(s) => Cell::Other("日期或时间", Cow::Borrowed(s)),
        Data::DurationIso(s) => Cell::Other("时长", Cow::Borrowed(s)),
        Data::Error(e) => Cell::Error(Cow::Owned(e.to_string())),
    }
}

fn is_blank(row: &[Data]) -> bool {
    row.iter().all(|d| matches!(sheet_cell(d), Cell::Empty))
}

struct SheetRow<'r> {
    cells: &'r [Data],
    map: &'r ColumnMap,
}

impl RowCells for SheetRow<'_> {
    fn cell(&self, i: usize) -> Cell<'_> {
        self.map[i]
            .and_then(|j| self.cells.get(j))
            .map_or(Cell::Empty, sheet_cell)
    }
}

/// Reads a sheet's cells: header on its first non-blank row, then one school per row. Row
/// numbers are those the spreadsheet shows.
pub(crate) fn read_range(
    range: &Range<Data>,
    place: Place,
    mut warnings: Vec<Issue>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(k, r)| (first_row + k + 1, r));
    let Some((header_row, header)) = rows.by_ref().find(|(_, r)| !is_blank(r)) else {
        let message =
            "工作表是空的：第一行应为表头（学年、学校标识码、学校名称、办学类型……），其后每行一所学校".to_owned();
        return Err(ImportFailure {
            issues: vec![place.file_issue(codes::SHEET_EMPTY, message)],
            warnings,
        });
    };
    let mut issues = Vec::new();
    let map = map_header(
        header.iter().map(sheet_cell),
        header_row,
        &place,
        &mut issues,
        &mut warnings,
    );
    let mut validator = Validator::new(place, &map, issues, warnings);
    let total = range.height() as u64;
    validator.reserve(range.height());
    progress(0, total);
    for (k, (row, cells)) in rows.enumerate() {
        if k % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
            progress((row - first_row) as u64, total);
        }
        if is_blank(cells) {
            continue;
        }
        validator.row(row, &SheetRow { cells, map: &map });
    }
    progress(total, total);
    validator.finish()
}

/// The worksheet to read: the one named `wanted` (after trimming), else the first visible one,
/// else the first. Returns its name, whether it is the named one, and how many worksheets exist.
pub(crate) fn sheet_to_read<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    book: &R,
    wanted: &str,
) -> (Option<String>, bool, usize) {
    let worksheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let named = worksheets
        .iter()
        .find(|(n, _)| super::cell::trim(n) == wanted);
    let chosen = named
        .or_else(|| worksheets.iter().find(|(_, visible)| *visible))
        .or_else(|| worksheets.first());
    (
        chosen.map(|(n, _)| n.clone()),
        named.is_some(),
        worksheets.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::school::columns::COLUMNS;
    use calamine::CellErrorType;

    fn place() -> Place {
        Place {
            file: "a.xlsx".into(),
            sheet: Some(SHEET_NAME.into()),
        }
    }

    /// A range whose header starts at (`top`, `left`) (0-based), with one valid school and
    /// `extra` cells `(template column, value)` on a second school's row.
    fn range(top: u32, left: u32, extra: &[(usize, Data)]) -> Range<Data> {
        let mut r = Range::new((top, left), (top + 2, left + COLUMNS.len() as u32 - 1));
        for (i, c) in COLUMNS.iter().enumerate() {
            r.set_value((top, left + i as u32), Data::String(c.header.into()));
        }
        for (k, code) in ["5001120001", "5001120002"].into_iter().enumerate() {
            let row = top + 1 + k as u32;
            r.set_value((row, left), Data::Int(2024));
            r.set_value((row, left + 1), Data::String(code.into()));
            r.set_value((row, left + 2), Data::String("实验小学".into()));
            r.set_value((row, left + 3), Data::String("小学".into()));
            r.set_value((row, left + 8), Data::Float(812.0));
        }
        for (i, value) in extra {
            r.set_value((top + 2, left + *i as u32), value.clone());
        }
        r
    }

    #[test]
    fn reads_numbers_and_counts_rows_from_the_range_start() {
        let imported = read_range(&range(4, 2, &[]), place(), Vec::new(), &mut |_, _| {}).unwrap();
        assert_eq!(imported.records.len(), 2);
        assert_eq!(imported.records[1].primary.students, 812);
        let extra = [
            (24, Data::Error(CellErrorType::Div0)),
            (1, Data::Float(5001120002.0)),
        ];
        let failure =
            read_range(&range(4, 2, &extra), place(), Vec::new(), &mut |_, _| {}).unwrap_err();
        let got: Vec<_> = failure
            .issues
            .iter()
            .map(|i| (i.code, i.row, i.value.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    codes::SCHOOL_CODE_NOT_TEXT,
                    Some(7),
                    Some("5001120002".into())
                ),
                (codes::EXCEL_ERROR_CELL, Some(7), Some("#DIV/0!".into())),
            ]
        );
    }

    #[test]
    fn booleans_are_not_numbers() {
        let failure = read_range(
            &range(0, 0, &[(11, Data::Bool(true))]),
            place(),
            Vec::new(),
            &mut |_, _| {},
        )
        .unwrap_err();
        assert_eq!(failure.issues[0].code, codes::NOT_A_NUMBER);
        assert!(failure.issues[0].message.contains("逻辑值"));
    }

    #[test]
    fn an_empty_range_is_an_empty_sheet() {
        let failure = read_range(&Range::empty(), place(), Vec::new(), &mut |_, _| {}).unwrap_err();
        assert_eq!(failure.issues[0].code, codes::SHEET_EMPTY);
    }
}
