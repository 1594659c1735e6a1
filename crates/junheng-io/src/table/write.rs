//! Writing tables: .xlsx workbooks (bold frozen header, a note per column, text-formatted code
//! columns, drop-down lists) and CSV in UTF-8 with BOM and CRLF, as Excel and WPS expect.

use std::io::{self, Write};

use rust_xlsxwriter::{
    ColNum, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Note,
    Workbook, XlsxError,
};

use super::Column;

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    /// Text (written as a text cell).
    T(String),
    /// A number.
    N(f64),
    /// A number shown with an Excel number format (e.g. `#,##0`, `0.00`).
    F(f64, &'static str),
    /// Nothing.
    E,
}

/// A text cell.
pub(crate) fn t(s: &str) -> V {
    V::T(s.to_owned())
}

/// A whole-number cell.
pub(crate) fn int(v: i32) -> V {
    V::N(f64::from(v))
}

/// One worksheet to write.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub name: &'static str,
    pub headers: Vec<String>,
    /// A note on each header (empty: none).
    pub notes: Vec<String>,
    /// Columns formatted as text ("@"), so that codes typed later stay text. Missing: text.
    pub text: Vec<bool>,
    /// Drop-down lists (column, allowed words); other words only warn.
    pub choices: Vec<(usize, Vec<&'static str>)>,
    pub rows: Vec<Vec<V>>,
}

impl Sheet {
    /// A sheet whose columns are all text-formatted, without notes or lists.
    pub fn new(name: &'static str, headers: &[&str], rows: Vec<Vec<V>>) -> Sheet {
        Sheet {
            name,
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            notes: Vec::new(),
            text: Vec::new(),
            choices: Vec::new(),
            rows,
        }
    }

    /// A template's data sheet: its columns' headers, each explained in a note.
    pub fn template(name: &'static str, columns: &[Column], rows: Vec<Vec<V>>) -> Sheet {
        Sheet {
            notes: columns.iter().map(Column::explained).collect(),
            ..Sheet::new(
                name,
                &columns.iter().map(|c| c.header).collect::<Vec<_>>(),
                rows,
            )
        }
    }
}

impl Sheet {
    /// Leaves the number columns (kind 整数 or 一位小数) in the general format, so numbers typed
    /// there stay numbers; the others are text.
    pub fn numbers_general(mut self, columns: &[Column]) -> Sheet {
        self.text = columns.iter().map(|c| !c.numeric()).collect();
        self
    }

    /// Adds a drop-down list of `words` to the column headed `header`.
    pub fn choose(mut self, header: &str, words: Vec<&'static str>) -> Sheet {
        if let Some(j) = self.headers.iter().position(|h| h == header) {
            self.choices.push((j, words));
        }
        self
    }
}

/// The labels of every value of a word list (for drop-down lists).
pub(crate) fn labels<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| label(*v)).collect()
}

/// 是 / 否 of a flag.
pub(crate) fn yes_no(flag: bool) -> V {
    t(if flag { "是" } else { "否" })
}

/// The 说明 sheet of a template: one row per column (列名, 是否必填, 类型, 说明, 示例), then the
/// template's rules.
pub(crate) fn guide(columns: &[Column], rules: &[&str]) -> Sheet {
    let mut rows: Vec<Vec<V>> = columns
        .iter()
        .map(|c| {
            let required = if c.required { "必填" } else { "选填" };
            vec![t(c.header), t(required), t(c.kind), t(c.note), t(c.example)]
        })
        .collect();
    if !rules.is_empty() {
        rows.push(Vec::new());
        rows.extend(
            rules
                .iter()
                .map(|r| vec![t("填表规则"), V::E, V::E, t(r), V::E]),
        );
    }
    Sheet::new("说明", &["列名", "是否必填", "类型", "说明", "示例"], rows)
}

/// Column width in Excel units: header and values (CJK characters count double), 12 to 60.
fn width(sheet: &Sheet, j: usize) -> f64 {
    let chars = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>()
    };
    let values = sheet
        .rows
        .iter()
        .filter_map(|r| match r.get(j) {
            Some(V::T(x)) => Some(chars(x)),
            _ => None,
        })
        .fold(0.0, f64::max);
    (chars(&sheet.headers[j]) + 4.0)
        .max(values + 2.0)
        .clamp(12.0, 60.0)
}

/// The sheets as an .xlsx workbook (not yet saved).
pub(crate) fn workbook(sheets: &[Sheet]) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(s.name)?;
        for (j, h) in s.headers.iter().enumerate() {
            let col = j as ColNum;
            ws.write_string_with_format(0, col, h, &header)?;
            ws.set_column_width(col, width(s, j))?;
            if s.text.get(j).copied().unwrap_or(true) {
                ws.set_column_format(col, &text)?;
            }
            if let Some(note) = s.notes.get(j).filter(|n| !n.is_empty()) {
                ws.insert_note(0, col, &Note::new(note).add_author_prefix(false))?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        for (i, row) in s.rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let (r, c) = ((i + 1) as u32, j as ColNum);
                match v {
                    V::T(x) => {
                        ws.write_string_with_format(r, c, x, &text)?;
                    }
                    V::N(x) => {
                        ws.write_number(r, c, *x)?;
                    }
                    V::F(x, f) => {
                        ws.write_number_with_format(r, c, *x, &Format::new().set_num_format(*f))?;
                    }
                    V::E => {}
                }
            }
        }
        for (j, words) in &s.choices {
            let list = DataValidation::new()
                .allow_list_strings(words)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message(format!("{}应为：{}", s.headers[*j], words.join("、")))?;
            let col = *j as ColNum;
            ws.add_data_validation(1, col, 1_048_575, col, &list)?;
        }
    }
    Ok(book)
}

/// The sheets as the bytes of an .xlsx file.
pub(crate) fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    workbook(sheets)?.save_to_buffer()
}

/// A template workbook: its data sheet (with examples) and the 说明 sheet of its columns and
/// rules. The content is fixed, so writing cannot fail.
pub(crate) fn template(data: Sheet, columns: &[Column], rules: &[&str]) -> Vec<u8> {
    xlsx(&[data, guide(columns, rules)]).expect("a template is fixed and always writable")
}

/// A template's records as CSV: the headers of its columns, then one row per record.
pub(crate) fn records_csv<T>(
    columns: &[Column],
    records: &[T],
    row: impl Fn(&T) -> Vec<V>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    let rows: Vec<Vec<V>> = records.iter().map(row).collect();
    csv(&headers, &rows, out)
}

/// Characters that make a spreadsheet read a CSV field as a formula (OWASP's list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a text, once its leading apostrophes are set aside, starts like a formula: such a
/// text is written with one more apostrophe in front and read back without it, so that a text
/// that itself starts with apostrophes survives the round trip too.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A text as written into CSV: prefixed with `'` when it would start a formula in a
/// spreadsheet (formula injection: `=HYPERLINK(…)`, `@SUM(…)`, `-2+3`), else as it is. Numbers
/// are written as numbers and never changed.
pub(crate) fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// CSV, UTF-8 with BOM and CRLF (as Excel and WPS expect): the header, then the rows. Numbers
/// are written in full, never in scientific notation; texts are [`neutralise`]d.
pub(crate) fn csv(headers: &[&str], rows: &[Vec<V>], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(headers.iter().map(|h| neutralise(h).into_owned()))?;
    for row in rows {
        let fields = row.iter().map(|v| match v {
            V::T(x) => neutralise(x).into_owned(),
            V::N(x) | V::F(x, _) => x.to_string(),
            V::E => String::new(),
        });
        w.write_record(fields)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_crlf_and_full_numbers() {
        let mut out = Vec::new();
        let rows = vec![vec![t("0012"), V::N(5_001_120_001.0), V::E, int(2024)]];
        csv(&["a", "b", "c", "d"], &rows, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}a,b,c,d\r\n0012,5001120001,,2024\r\n"
        );
    }

    #[test]
    fn csv_texts_never_start_a_formula() {
        let mut out = Vec::new();
        let rows = vec![vec![
            t("=HYPERLINK(\"http://x\",\"y\")"),
            t("@SUM(A1)"),
            t("+86"),
            t("-3"),
            t("\tx"),
            t("'=x"),
            t("'a"),
            V::N(-3.0),
        ]];
        csv(&["a", "b", "c", "d", "e", "f", "g", "h"], &rows, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),'+86,'-3,'\tx,''=x,'a,-3"
        );
    }

    #[test]
    fn widths_follow_headers_and_values() {
        let mut s = Sheet::new(
            "x",
            &["学年", "说明"],
            vec![vec![int(1), t(&"字".repeat(40))]],
        );
        assert_eq!(width(&s, 0), 12.0);
        assert_eq!(width(&s, 1), 60.0);
        s.rows.clear();
        assert_eq!(width(&s, 1), 12.0);
    }
}
