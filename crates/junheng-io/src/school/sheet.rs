//! Reading the template from a workbook (.xlsx/.xlsm, .xls, .ods): the sheet's grid (see
//! [`crate::book`]), header on its first non-blank row, one school per row.

use super::Imported;
use super::cell::Cell;
use super::header::{ColumnMap, map_header};
use super::issue::{ImportFailure, Issue, Place, codes};
use super::validate::{RowCells, Validator};
use crate::book::grid::GridRow;
use crate::book::{BookCodes, Grid};
use crate::limits::Limits;

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

static BOOK: BookCodes = BookCodes {
    file_unreadable: codes::FILE_UNREADABLE,
    sheet_missing: codes::SHEET_MISSING,
    sheet_not_named: Some(codes::SHEET_NOT_NAMED),
    limits: &codes::LIMITS,
};

/// Reads the template sheet of a workbook held in memory. `progress(done, total)` counts rows.
pub(crate) fn read(
    bytes: &[u8],
    format: Workbook,
    file: &str,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let mut place = Place {
        file: file.to_owned(),
        sheet: None,
    };
    let (grid, warnings) = crate::book::open(bytes, format, &mut place, SHEET_NAME, &BOOK, limits)
        .map_err(|issue| ImportFailure {
            issues: vec![*issue],
            warnings: Vec::new(),
        })?;
    read_grid(&grid, place, warnings, limits, progress)
}

struct SheetRow<'r> {
    grid: &'r Grid,
    row: &'r GridRow,
    map: &'r ColumnMap,
}

impl RowCells for SheetRow<'_> {
    fn cell(&self, i: usize) -> Cell<'_> {
        self.map[i].map_or(Cell::Empty, |j| self.grid.cell_at(self.row, j))
    }
}

/// Reads a sheet's cells: header on its first non-blank row, then one school per row. Row
/// numbers are those the spreadsheet shows.
pub(crate) fn read_grid(
    grid: &Grid,
    place: Place,
    mut warnings: Vec<Issue>,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportFailure> {
    let Some((header, rows)) = grid.rows.split_first() else {
        let message =
            "工作表是空的：第一行应为表头（学年、学校标识码、学校名称、办学类型……），其后每行一所学校".to_owned();
        return Err(ImportFailure {
            issues: vec![place.file_issue(codes::SHEET_EMPTY, message)],
            warnings,
        });
    };
    let mut issues = Vec::new();
    let map = map_header(
        (0..grid.width).map(|j| grid.cell_at(header, j)),
        header.line,
        &place,
        &mut issues,
        &mut warnings,
    );
    let mut validator = Validator::new(place, &map, issues, warnings, limits);
    let total = rows.len() as u64;
    validator.reserve(rows.len());
    progress(0, total);
    for (k, row) in rows.iter().enumerate() {
        if k % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
            progress(k as u64, total);
        }
        validator.row(
            row.line,
            &SheetRow {
                grid,
                row,
                map: &map,
            },
        );
    }
    progress(total, total);
    validator.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::grid::{Builder, In};
    use crate::school::columns::COLUMNS;

    fn place() -> Place {
        Place {
            file: "a.xlsx".into(),
            sheet: Some(SHEET_NAME.into()),
        }
    }

    /// A grid whose header starts at (`top`, `left`) (0-based), with one valid school and
    /// `extra` cells `(template column, value)` on a second school's row.
    fn grid(top: u32, left: u32, extra: &[(usize, In<'_>)]) -> Grid {
        let limits = Limits::default();
        let mut b = Builder::new(&limits, None);
        for (i, c) in COLUMNS.iter().enumerate() {
            b.push(top, left + i as u32, In::Text(c.header)).unwrap();
        }
        for (k, code) in ["5001120001", "5001120002"].into_iter().enumerate() {
            let row = top + 1 + k as u32;
            b.push(row, left, In::Number(2024.0)).unwrap();
            b.push(row, left + 1, In::Text(code)).unwrap();
            b.push(row, left + 2, In::Text("实验小学")).unwrap();
            b.push(row, left + 3, In::Text("小学")).unwrap();
            b.push(row, left + 8, In::Number(812.0)).unwrap();
        }
        for (i, value) in extra {
            b.push(top + 2, left + *i as u32, *value).unwrap();
        }
        b.finish().unwrap()
    }

    fn read(grid: &Grid) -> Result<Imported, ImportFailure> {
        read_grid(
            grid,
            place(),
            Vec::new(),
            &Limits::default(),
            &mut |_, _| {},
        )
    }

    #[test]
    fn reads_numbers_and_counts_rows_from_the_sheet_start() {
        let imported = read(&grid(4, 2, &[])).unwrap();
        assert_eq!(imported.records.len(), 2);
        assert_eq!(imported.records[1].primary.students, 812);
        let extra = [(24, In::Error("#DIV/0!")), (1, In::Number(5001120002.0))];
        let failure = read(&grid(4, 2, &extra)).unwrap_err();
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
        let failure = read(&grid(0, 0, &[(11, In::Bool(true))])).unwrap_err();
        assert_eq!(failure.issues[0].code, codes::NOT_A_NUMBER);
        assert!(failure.issues[0].message.contains("逻辑值"));
    }

    #[test]
    fn an_empty_grid_is_an_empty_sheet() {
        let failure = read(&Grid::default()).unwrap_err();
        assert_eq!(failure.issues[0].code, codes::SHEET_EMPTY);
    }
}
