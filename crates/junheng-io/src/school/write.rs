//! Writing records in the template: CSV (UTF-8 with BOM) and .xlsx.

use std::io::{self, Write};
use std::path::Path;

use junheng_core::school::{SchoolKind, SchoolRecord};
use rust_xlsxwriter::{
    ColNum, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Note,
    Workbook, XlsxError,
};

use super::columns::{
    self, CODE, COLUMNS, GROUP, KIND, N, NAME, Numbers, PARENT, Ty, URBAN_RURAL, YEAR, ZONE,
};
use super::sheet::SHEET_NAME;
use crate::table::write::neutralise;

/// One cell to write.
enum Value<'a> {
    Empty,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    /// 学校标识码 / 上级学校标识码: always text.
    Code(&'a str),
}

/// The value of template column `i` of a record.
fn value<'a>(record: &'a SchoolRecord, numbers: &Numbers, i: usize) -> Value<'a> {
    let text = |t: Option<&'a str>| t.map_or(Value::Empty, Value::Text);
    match i {
        YEAR => Value::Integer(i64::from(record.year)),
        CODE => Value::Code(record.code.as_str()),
        NAME => Value::Text(&record.name),
        KIND => Value::Text(record.kind.label()),
        URBAN_RURAL => text(record.urban_rural.map(|u| u.label())),
        PARENT => record
            .parent_code
            .as_ref()
            .map_or(Value::Empty, |c| Value::Code(c.as_str())),
        ZONE => text(record.zone.as_deref()),
        GROUP => text(record.group.as_deref()),
        columns::LONGITUDE => record
            .location
            .map_or(Value::Empty, |l| Value::Real(l.longitude)),
        columns::LATITUDE => record
            .location
            .map_or(Value::Empty, |l| Value::Real(l.latitude)),
        columns::MUSIC_ROOM_AREA => record
            .facilities
            .music_room_area
            .map_or(Value::Empty, Value::Real),
        columns::ART_ROOM_AREA => record
            .facilities
            .art_room_area
            .map_or(Value::Empty, Value::Real),
        _ => match columns::ty(i) {
            Ty::Count => Value::Integer(i64::from(numbers.count(i))),
            _ => Value::Real(numbers.real(i)),
        },
    }
}

/// Writes records as CSV in the template: UTF-8 with a BOM (so Excel and WPS open it right),
/// CRLF line ends, a header row of every template column in template order, then one row per
/// record. Numbers are written in full (never in scientific notation) and read back exactly.
/// A text that a spreadsheet would take for a formula (`=…`, `+…`, `-…`, `@…`) is written with a
/// leading apostrophe, which the importer removes again.
///
/// Codes are written as plain digits: Excel shows them right but stores them as numbers if the
/// file is edited and saved again; prefer [`write_xlsx`] for files people will edit.
pub fn write_csv(records: &[SchoolRecord], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(COLUMNS.iter().map(|c| c.header))?;
    let mut buf = String::new();
    for record in records {
        let numbers = Numbers::of(record);
        for i in 0..N {
            buf.clear();
            match value(record, &numbers, i) {
                Value::Empty => {}
                Value::Integer(v) => {
                    use std::fmt::Write as _;
                    let _ = write!(buf, "{v}");
                }
                Value::Real(v) => {
                    use std::fmt::Write as _;
                    let _ = write!(buf, "{v}");
                }
                Value::Text(t) | Value::Code(t) => buf.push_str(&neutralise(t)),
            }
            writer.write_field(&buf)?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

/// Column width in Excel character units: wide enough for the header (CJK characters count
/// double) and for the usual values.
fn width(i: usize) -> f64 {
    let header = COLUMNS[i].header.chars().count() as f64 * 2.0 + 2.0;
    let data = match columns::ty(i) {
        Ty::Code => 13.0,
        Ty::Text if i == NAME => 30.0,
        Ty::Text => 16.0,
        Ty::Kind => 16.0,
        _ => 8.0,
    };
    header.max(data).min(40.0)
}

/// Writes records to an .xlsx workbook in the template: one sheet named 学校基本情况表, a bold
/// frozen header with a note per column describing what to enter, sensible column widths,
/// drop-down lists for 办学类型 and 城乡分类, and the code columns (学校标识码, 上级学校标识码)
/// formatted as text ("@") and written as text cells, so Excel never turns codes into numbers —
/// also for codes typed in later.
pub fn write_xlsx(records: &[SchoolRecord], path: &Path) -> Result<(), XlsxError> {
    workbook(records)?.save(path)
}

/// [`write_xlsx`] into memory: the workbook's bytes (a school's pre-filled template to download).
pub fn write_xlsx_bytes(records: &[SchoolRecord]) -> Result<Vec<u8>, XlsxError> {
    workbook(records)?.save_to_buffer()
}

/// Every template column of a record in template order, as its header and the text a person
/// reads in the template (numbers in full, an empty cell as an empty text): what a submission
/// changes and what a school's page shows as its raw inputs.
pub fn fields(record: &SchoolRecord) -> Vec<(&'static str, String)> {
    let numbers = Numbers::of(record);
    (0..N)
        .map(|i| {
            let text = match value(record, &numbers, i) {
                Value::Empty => String::new(),
                Value::Integer(v) => v.to_string(),
                Value::Real(v) => v.to_string(),
                Value::Text(t) | Value::Code(t) => t.to_owned(),
            };
            (COLUMNS[i].header, text)
        })
        .collect()
}

/// The template workbook of `records`.
fn workbook(records: &[SchoolRecord]) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let text = Format::new().set_num_format("@");
    sheet.set_row_height(0, 32)?;
    for (i, column) in COLUMNS.iter().enumerate() {
        let col = i as ColNum;
        sheet.write_string_with_format(0, col, column.header, &header)?;
        if columns::ty(i) == Ty::Code {
            sheet.set_column_format(col, &text)?;
        }
        sheet.set_column_width(col, width(i))?;
        let required = if column.required { "必填。" } else { "" };
        let note = Note::new(format!("{}{required}{}", column.header, column.note))
            .add_author_prefix(false)
            .set_width(240);
        sheet.insert_note(0, col, &note)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (k, record) in records.iter().enumerate() {
        let row = (k + 1) as u32;
        let numbers = Numbers::of(record);
        for i in 0..N {
            let col = i as ColNum;
            match value(record, &numbers, i) {
                Value::Empty => {}
                Value::Integer(v) => {
                    sheet.write_number(row, col, v as f64)?;
                }
                Value::Real(v) => {
                    sheet.write_number(row, col, v)?;
                }
                Value::Text(t) => {
                    sheet.write_string(row, col, t)?;
                }
                Value::Code(t) => {
                    sheet.write_string_with_format(row, col, t, &text)?;
                }
            }
        }
    }
    let last_row = 1_048_575;
    let kinds = SchoolKind::ALL.map(SchoolKind::label);
    let kind_list = DataValidation::new()
        .allow_list_strings(&kinds)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message(format!("办学类型应为：{}", kinds.join("、")))?;
    sheet.add_data_validation(1, KIND as ColNum, last_row, KIND as ColNum, &kind_list)?;
    let urban_rural = DataValidation::new()
        .allow_list_strings(&["城区", "镇区", "乡村"])?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("城乡分类应为：城区、镇区、乡村")?;
    sheet.add_data_validation(
        1,
        URBAN_RURAL as ColNum,
        last_row,
        URBAN_RURAL as ColNum,
        &urban_rural,
    )?;
    sheet.autofilter(0, 0, records.len() as u32, (N - 1) as ColNum)?;
    Ok(workbook)
}
