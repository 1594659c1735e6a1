//! Workbooks (.xlsx/.xlsm, .ods, .xls) read into a compact [`Grid`] of one sheet, every
//! [`Limits`] cap checked before or while reading, never after:
//!
//! * .xlsx/.xlsm and .ods are zip containers: [`zip::check`] inflates every part first, counting
//!   real bytes, bounding each XML event and each cell's text, and (.ods) the expansion of
//!   repeated rows and cells. Then calamine opens the file.
//! * .xlsx cells are read one by one through calamine's cells reader (never its dense range,
//!   which a stray cell in the far corner turns into 17 billion cells).
//! * .ods is read through calamine's range, whose size the pre-scan bounded.
//! * .xls is read by our own BIFF8 reader ([`xls`]).
//!
//! The spreadsheet library is also run under `catch_unwind`: a panic inside it on a malformed
//! file is a refusal of the file, never a crash of the server.

pub(crate) mod grid;
mod ods;
mod xls;
mod zip;

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xlsx, open_workbook_from_rs};

use crate::guard::{LimitCodes, Refusal, shown};
use crate::limits::Limits;
use crate::school::Issue;
use crate::school::issue::Place;
use crate::school::sheet::Workbook;
pub(crate) use grid::Grid;
use grid::{Builder, In};

/// The issue codes of opening a workbook and choosing the sheet to read.
pub(crate) struct BookCodes {
    pub file_unreadable: &'static str,
    pub sheet_missing: &'static str,
    /// Warning when no sheet has the wanted name and another of several is read (`None`: no
    /// warning).
    pub sheet_not_named: Option<&'static str>,
    pub limits: &'static LimitCodes,
}

/// The sheet a format's reader chose, and its cells.
pub(crate) struct Picked {
    /// The sheet read (`None`: the workbook has no worksheet).
    pub name: Option<String>,
    /// Whether it is the one named as wanted.
    pub named: bool,
    /// How many worksheets there are.
    pub count: usize,
    pub grid: Grid,
}

impl Picked {
    fn none(count: usize) -> Picked {
        Picked {
            name: None,
            named: false,
            count,
            grid: Grid::default(),
        }
    }
}

/// The worksheet to read among (name, visible): the one named `wanted` (after trimming), else
/// the first visible one, else the first. Returns its name, whether it is the named one, and how
/// many worksheets there are.
pub(crate) fn choose(sheets: &[(String, bool)], wanted: &str) -> (Option<String>, bool, usize) {
    let named = sheets
        .iter()
        .find(|(n, _)| crate::school::cell::trim(n) == wanted);
    let chosen = named
        .or_else(|| sheets.iter().find(|(_, visible)| *visible))
        .or_else(|| sheets.first());
    (
        chosen.map(|(n, _)| n.clone()),
        named.is_some(),
        sheets.len(),
    )
}

fn unreadable(e: impl std::fmt::Display) -> Refusal {
    Refusal::Unreadable(format!(
        "无法打开工作簿（{e}）；请确认文件没有损坏、没有加密，且扩展名与实际格式一致"
    ))
}

/// The worksheets of a calamine workbook as (name, visible).
fn worksheets<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(book: &R) -> Vec<(String, bool)> {
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

fn push_data(b: &mut Builder<'_>, row: u32, col: u32, data: &DataRef<'_>) -> Result<(), Refusal> {
    let owned;
    let value = match data {
        DataRef::Empty => In::Empty,
        DataRef::String(s) => In::Text(s),
        DataRef::SharedString(s) => In::Text(s),
        DataRef::Float(v) => In::Number(*v),
        DataRef::Int(v) => In::Number(*v as f64),
        DataRef::Bool(v) => In::Bool(*v),
        DataRef::DateTime(d) => {
            owned = d.to_string();
            In::Date(&owned)
        }
        DataRef::DateTimeIso(s) => In::Date(s),
        DataRef::DurationIso(s) => In::Duration(s),
        DataRef::Error(e) => {
            owned = e.to_string();
            In::Error(&owned)
        }
    };
    b.push(row, col, value)
}

fn read_xlsx(bytes: &[u8], wanted: &str, limits: &Limits) -> Result<Picked, Refusal> {
    zip::check(bytes, false, limits)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let (chosen, named, count) = choose(&worksheets(&book), wanted);
    let Some(name) = chosen else {
        return Ok(Picked::none(count));
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut b = Builder::new(limits, Some(shown(&name)));
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        push_data(&mut b, row, col, cell.get_value())?;
    }
    Ok(Picked {
        grid: b.finish()?,
        name: Some(name),
        named,
        count,
    })
}

fn read_ods(bytes: &[u8], wanted: &str, limits: &Limits) -> Result<Picked, Refusal> {
    zip::check(bytes, true, limits)?;
    let mut book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let (chosen, named, count) = choose(&worksheets(&book), wanted);
    let Some(name) = chosen else {
        return Ok(Picked::none(count));
    };
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    drop(book);
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut b = Builder::new(limits, Some(shown(&name)));
    for (r, c, data) in range.used_cells() {
        let data = match data {
            Data::Empty => DataRef::Empty,
            Data::String(s) => DataRef::SharedString(s),
            Data::Float(v) => DataRef::Float(*v),
            Data::Int(v) => DataRef::Int(*v),
            Data::Bool(v) => DataRef::Bool(*v),
            Data::DateTime(d) => DataRef::DateTime(*d),
            Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
            Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
            Data::Error(e) => DataRef::Error(e.clone()),
        };
        push_data(&mut b, top + r as u32, left + c as u32, &data)?;
    }
    Ok(Picked {
        grid: b.finish()?,
        name: Some(name),
        named,
        count,
    })
}

/// Opens a workbook held in memory and reads the worksheet named `wanted`, else the first visible
/// one; `place` then names that sheet. Returns its grid and the warnings (not the named sheet,
/// cells outside the header), or the one issue that stopped the reading.
pub(crate) fn open(
    bytes: &[u8],
    format: Workbook,
    place: &mut Place,
    wanted: &str,
    codes: &BookCodes,
    limits: &Limits,
) -> Result<(Grid, Vec<Issue>), Box<Issue>> {
    let refused = |r: Refusal, place: &Place| {
        Box::new(r.issue(place, codes.limits, codes.file_unreadable, limits))
    };
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(refused(Refusal::FileTooLarge, place));
    }
    let read = std::panic::catch_unwind(|| match format {
        Workbook::Xlsx => read_xlsx(bytes, wanted, limits),
        Workbook::Ods => read_ods(bytes, wanted, limits),
        Workbook::Xls => xls::read(bytes, wanted, limits),
    })
    .unwrap_or_else(|_| Err(unreadable("文件结构异常")));
    let picked = read.map_err(|r| refused(r, place))?;
    let Some(name) = picked.name else {
        return Err(Box::new(place.file_issue(
            codes.sheet_missing,
            format!("工作簿中没有工作表；数据应放在名为「{wanted}」的工作表或第一个工作表中"),
        )));
    };
    place.sheet = Some(shown(&name));
    let mut warnings = Vec::new();
    if let Some(code) = codes
        .sheet_not_named
        .filter(|_| !picked.named && picked.count > 1)
    {
        warnings.push(place.file_issue(
            code,
            format!(
                "工作簿中没有名为「{wanted}」的工作表，已读取工作表「{}」",
                shown(&name)
            ),
        ));
    }
    if picked.grid.outside > 0 {
        warnings.push(place.file_issue(
            codes.limits.cells_outside_header,
            format!(
                "有 {} 个单元格位于表头最后一列的右侧（或超过第 {} 列），已忽略",
                picked.grid.outside, limits.max_columns
            ),
        ));
    }
    Ok((picked.grid, warnings))
}
