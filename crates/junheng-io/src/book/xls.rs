//! .xls (BIFF8, Excel 97–2003) read by a small reader of our own, cell by cell into the
//! [`Grid`](super::grid::Grid), instead of calamine.
//!
//! Why not calamine here: on opening it parses every sheet at once into a dense rows × columns
//! range (a cell at row 65 535, column 255 costs 16 million cells), reserves what a DIMENSIONS
//! record declares before seeing a cell, clones the shared string into each LABELSST cell, renders
//! every formula as text (each reference repeating its sheet's name, up to 255 characters, so a
//! formula record can grow a hundredfold), and indexes records without bounds checks. A sound
//! bound of all that before it parses would mirror most of its parser. This reader is as small:
//! the compound file is opened by the `cfb` crate, the Workbook stream (at most
//! [`Limits::max_part_bytes`]) is walked record by record with every length checked; the shared
//! strings are kept once (counted against [`Limits::max_cells`] and
//! [`Limits::max_text_bytes`]); only the chosen sheet's cells are read, through the grid's caps;
//! formulas give their cached value, never their text. Only BIFF8 is read; older .xls files are
//! refused with the advice to save them as .xlsx.

use std::io::Cursor;

use super::grid::{Builder, Grid, In};
use super::{Picked, choose};
use crate::guard::{Refusal, shown};
use crate::limits::{Limits, read_bounded, size};

fn unreadable(why: &str) -> Refusal {
    Refusal::Unreadable(format!(
        "无法打开工作簿（{why}）；请确认文件没有损坏、没有加密，且扩展名与实际格式一致"
    ))
}

/// One BIFF record: its type and data (continuations are separate records).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
}

/// The records of a stream from `at`; `Err` on a record running past the end.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Result<Record<'_>, Refusal>> {
    std::iter::from_fn(move || {
        if at >= stream.len() {
            return None;
        }
        let Some(head) = stream.get(at..at + 4) else {
            at = stream.len();
            return Some(Err(unreadable("记录不完整")));
        };
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            at = stream.len();
            return Some(Err(unreadable("记录长度超出文件")));
        };
        at += 4 + len;
        Some(Ok(Record { typ, data }))
    })
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn f64_at(d: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(d.get(at..at + 8)?.try_into().ok()?))
}

/// Characters of a BIFF8 string: `cch` characters, 1 byte each (Latin-1) or 2 (UTF-16LE).
fn push_chars(out: &mut String, bytes: &[u8], cch: usize, wide: bool) -> usize {
    if wide {
        let n = cch.min(bytes.len() / 2);
        let units = bytes[..n * 2]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        n
    } else {
        let n = cch.min(bytes.len());
        out.extend(bytes[..n].iter().map(|&b| char::from(b)));
        n
    }
}

/// An `XLUnicodeString` (cch u16, flags, characters) at the start of `d`.
fn unicode_string(d: &[u8]) -> Option<String> {
    let cch = usize::from(u16_at(d, 0)?);
    let wide = d.get(2)? & 1 != 0;
    let mut s = String::new();
    push_chars(&mut s, &d[3..], cch, wide);
    Some(s)
}

/// A `ShortXLUnicodeString` (cch u8, flags, characters).
fn short_string(d: &[u8]) -> Option<String> {
    let cch = usize::from(*d.first()?);
    let wide = d.get(1)? & 1 != 0;
    let mut s = String::new();
    push_chars(&mut s, &d[2..], cch, wide);
    Some(s)
}

/// The shared strings, kept once: one arena and each string's end.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }
}

/// Reads the SST record and its CONTINUE records (parts[0] is the SST's data): strings split
/// across a continuation restart with a flags byte, as the format says.
fn shared_strings<'a>(parts: &[&'a [u8]], limits: &Limits) -> Result<Strings, Refusal> {
    let bad = || unreadable("共享字符串表不完整");
    let mut strings = Strings::default();
    let mut part = 0;
    let mut data: &'a [u8] = parts[0].get(8..).ok_or_else(bad)?;
    // Moves to the next part when the current one is used up.
    let next = |part: &mut usize, data: &mut &'a [u8]| -> bool {
        if *part + 1 < parts.len() {
            *part += 1;
            *data = parts[*part];
            true
        } else {
            false
        }
    };
    loop {
        while data.is_empty() {
            if !next(&mut part, &mut data) {
                return Ok(strings);
            }
        }
        if data.len() < 3 {
            return Err(bad());
        }
        let cch = usize::from(u16::from_le_bytes([data[0], data[1]]));
        let flags = data[2];
        let mut at = 3;
        let runs = if flags & 8 != 0 {
            at += 2;
            usize::from(u16_at(data, 3).ok_or_else(bad)?)
        } else {
            0
        };
        let ext = if flags & 4 != 0 {
            let v = u32_at(data, at).ok_or_else(bad)?;
            at += 4;
            v as usize
        } else {
            0
        };
        data = data.get(at..).ok_or_else(bad)?;
        let mut wide = flags & 1 != 0;
        let mut left = cch;
        loop {
            let taken = push_chars(&mut strings.text, data, left, wide);
            data = &data[taken * if wide { 2 } else { 1 }..];
            left -= taken;
            if left == 0 {
                break;
            }
            if !next(&mut part, &mut data) || data.is_empty() {
                return Err(bad());
            }
            wide = data[0] & 1 != 0;
            data = &data[1..];
        }
        let mut skip = runs * 4 + ext;
        while skip > 0 {
            if data.is_empty() && !next(&mut part, &mut data) {
                return Err(bad());
            }
            let n = skip.min(data.len());
            data = &data[n..];
            skip -= n;
        }
        strings.ends.push(strings.text.len());
        if strings.ends.len() > limits.max_cells {
            return Err(Refusal::SheetTooLarge {
                sheet: None,
                what: format!("共享字符串超过 {} 个的上限", limits.max_cells),
            });
        }
        if strings.text.len() as u64 > limits.max_text_bytes {
            return Err(Refusal::SheetTooLarge {
                sheet: None,
                what: format!("共享字符串超过 {} 的上限", size(limits.max_text_bytes)),
            });
        }
    }
}

/// What the workbook globals say.
#[derive(Default)]
struct Globals {
    /// (name, visible, stream offset) of each worksheet.
    sheets: Vec<(String, bool, usize)>,
    strings: Strings,
    /// Number format of each XF (cell style).
    xf_formats: Vec<u16>,
    /// Custom number formats that show dates or times.
    date_formats: Vec<u16>,
    date1904: bool,
}

/// Whether a number format shows a date or a time (ignoring quoted text, [colours] and escapes).
fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

fn globals(stream: &[u8], limits: &Limits) -> Result<Globals, Refusal> {
    let mut g = Globals::default();
    let mut iter = records(stream, 0).peekable();
    let mut first = true;
    while let Some(record) = iter.next() {
        let r = record?;
        if first {
            first = false;
            if r.typ != 0x0809 || u16_at(r.data, 0) != Some(0x0600) {
                return Err(Refusal::Unreadable(
                    "这是 Excel 95 或更早版本的 .xls 文件，无法读取；请用 Excel 或 WPS 另存为 .xlsx 后重新导入"
                        .into(),
                ));
            }
            continue;
        }
        match r.typ {
            0x002F => {
                return Err(Refusal::Unreadable(
                    "工作簿已加密，无法读取；请取消密码保护后重新导入".into(),
                ));
            }
            0x0022 => g.date1904 = u16_at(r.data, 0) == Some(1),
            0x0085 => {
                let bad = || unreadable("工作表目录不完整");
                let pos = u32_at(r.data, 0).ok_or_else(bad)? as usize;
                let hidden = *r.data.get(4).ok_or_else(bad)? & 3 != 0;
                let worksheet = *r.data.get(5).ok_or_else(bad)? == 0;
                let name = short_string(&r.data[6..]).ok_or_else(bad)?;
                if worksheet {
                    g.sheets.push((name, !hidden, pos));
                }
            }
            0x00FC => {
                let mut parts = vec![r.data];
                while let Some(Ok(c)) = iter.peek() {
                    if c.typ != 0x003C {
                        break;
                    }
                    parts.push(c.data);
                    iter.next();
                }
                g.strings = shared_strings(&parts, limits)?;
            }
            0x041E => {
                if let (Some(id), Some(code)) =
                    (u16_at(r.data, 0), r.data.get(2..).and_then(unicode_string))
                    && is_date_format(&code)
                {
                    g.date_formats.push(id);
                }
            }
            0x00E0 => g.xf_formats.push(u16_at(r.data, 2).unwrap_or(0)),
            0x000A => break,
            _ => {}
        }
        if g.sheets.len() > 4096 {
            return Err(Refusal::WorkbookTooLarge("工作表超过 4096 个".into()));
        }
    }
    Ok(g)
}

impl Globals {
    fn is_date(&self, xf: u16) -> bool {
        let Some(&format) = self.xf_formats.get(usize::from(xf)) else {
            return false;
        };
        matches!(format, 14..=22 | 27..=36 | 45..=47 | 50..=58)
            || self.date_formats.contains(&format)
    }

    /// A date serial as the spreadsheet shows it: 2024-09-01, or 2024-09-01 08:30:00.
    fn date(&self, serial: f64) -> String {
        let serial = if self.date1904 {
            serial + 1462.0
        } else {
            serial
        };
        if !serial.is_finite() || !(0.0..3e6).contains(&serial) {
            return crate::school::cell::format_number(serial);
        }
        let days = serial.floor() as i64;
        // Days from 1899-12-30 to 1970-01-01 are 25 569.
        let (y, m, d) = junheng_core::date::civil_from_days(days - 25_569);
        let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
        if seconds == 0 {
            format!("{y:04}-{m:02}-{d:02}")
        } else {
            let (h, mi, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
            format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        }
    }
}

fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#GETTING_DATA",
    }
}

/// The value of an RK number.
fn rk(v: u32) -> f64 {
    let n = if v & 2 != 0 {
        f64::from((v as i32) >> 2)
    } else {
        f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32)
    };
    if v & 1 != 0 { n / 100.0 } else { n }
}

/// Reads one sheet's substream from `at` into a grid.
fn sheet(
    g: &Globals,
    stream: &[u8],
    at: usize,
    name: &str,
    limits: &Limits,
) -> Result<Grid, Refusal> {
    let mut b = Builder::new(limits, Some(shown(name)));
    let bad = || unreadable("单元格记录不完整");
    let mut depth = 0usize;
    let mut formula_at: Option<(u32, u32)> = None;
    let number = |b: &mut Builder<'_>, row: u32, col: u32, xf: u16, v: f64| {
        if g.is_date(xf) {
            b.push(row, col, In::Date(&g.date(v)))
        } else {
            b.push(row, col, In::Number(v))
        }
    };
    for (k, record) in records(stream, at).enumerate() {
        let r = record?;
        let d = r.data;
        let pos = || {
            Some((
                u32::from(u16_at(d, 0)?),
                u32::from(u16_at(d, 2)?),
                u16_at(d, 4)?,
            ))
        };
        match r.typ {
            0x0809 if k > 0 => depth += 1,
            0x000A if depth > 0 => depth -= 1,
            0x000A => break,
            _ if depth > 0 => {}
            0x0203 => {
                let (row, col, xf) = pos().ok_or_else(bad)?;
                number(&mut b, row, col, xf, f64_at(d, 6).ok_or_else(bad)?)?;
            }
            0x027E => {
                let (row, col, xf) = pos().ok_or_else(bad)?;
                number(&mut b, row, col, xf, rk(u32_at(d, 6).ok_or_else(bad)?))?;
            }
            0x00BD => {
                let row = u32::from(u16_at(d, 0).ok_or_else(bad)?);
                let first = u32::from(u16_at(d, 2).ok_or_else(bad)?);
                let items = d.get(4..d.len().saturating_sub(2)).ok_or_else(bad)?;
                for (i, item) in items.chunks_exact(6).enumerate() {
                    let xf = u16::from_le_bytes([item[0], item[1]]);
                    let v = u32::from_le_bytes([item[2], item[3], item[4], item[5]]);
                    number(&mut b, row, first + i as u32, xf, rk(v))?;
                }
            }
            0x00FD => {
                let (row, col, _) = pos().ok_or_else(bad)?;
                let i = u32_at(d, 6).ok_or_else(bad)? as usize;
                if let Some(s) = g.strings.get(i) {
                    b.push(row, col, In::Text(s))?;
                }
            }
            0x0204 | 0x00D6 => {
                let (row, col, _) = pos().ok_or_else(bad)?;
                let s = d.get(6..).and_then(unicode_string).ok_or_else(bad)?;
                b.push(row, col, In::Text(&s))?;
            }
            0x0205 => {
                let (row, col, _) = pos().ok_or_else(bad)?;
                let (v, is_error) = (*d.get(6).ok_or_else(bad)?, *d.get(7).ok_or_else(bad)?);
                let cell = if is_error != 0 {
                    In::Error(error_text(v))
                } else {
                    In::Bool(v != 0)
                };
                b.push(row, col, cell)?;
            }
            0x0006 => {
                let (row, col, xf) = pos().ok_or_else(bad)?;
                let value = d.get(6..14).ok_or_else(bad)?;
                formula_at = None;
                if value[6] == 0xFF && value[7] == 0xFF {
                    match value[0] {
                        0 => formula_at = Some((row, col)),
                        1 => b.push(row, col, In::Bool(value[2] != 0))?,
                        2 => b.push(row, col, In::Error(error_text(value[2])))?,
                        _ => {}
                    }
                } else {
                    number(&mut b, row, col, xf, f64_at(value, 0).ok_or_else(bad)?)?;
                }
            }
            0x0207 => {
                if let Some((row, col)) = formula_at.take() {
                    let s = unicode_string(d).ok_or_else(bad)?;
                    b.push(row, col, In::Text(&s))?;
                }
            }
            _ => {}
        }
    }
    b.finish()
}

/// Reads the worksheet named `wanted` (else the first visible one) of an .xls file.
pub(super) fn read(bytes: &[u8], wanted: &str, limits: &Limits) -> Result<Picked, Refusal> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable(&e.to_string()))?;
    let stream = file
        .open_stream("/Workbook")
        .or_else(|_| file.open_stream("/Book"))
        .map_err(|e| unreadable(&e.to_string()))?;
    let stream = read_bounded(stream, limits.max_part_bytes, 0).map_err(|e| match e {
        crate::limits::InputError::TooLarge { limit } => {
            Refusal::WorkbookTooLarge(format!("工作簿数据流超过 {}", size(limit)))
        }
        crate::limits::InputError::Io(e) => unreadable(&e.to_string()),
    })?;
    let g = globals(&stream, limits)?;
    let list: Vec<(String, bool)> = g.sheets.iter().map(|(n, v, _)| (n.clone(), *v)).collect();
    let (chosen, named, count) = choose(&list, wanted);
    let Some(name) = chosen else {
        return Ok(Picked::none(count));
    };
    let at = g
        .sheets
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(0, |s| s.2);
    if at >= stream.len() {
        return Err(unreadable("工作表位置超出文件"));
    }
    let grid = sheet(&g, &stream, at, &name, limits)?;
    Ok(Picked {
        name: Some(name),
        named,
        count,
        grid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_rk_numbers_dates_and_formats() {
        assert_eq!(rk((2024 << 2) | 2), 2024.0);
        assert_eq!(rk((1234 << 2) | 3), 12.34);
        assert_eq!(rk(0x3FF0_0000), 1.0);
        let g = Globals::default();
        assert_eq!(g.date(45_536.0), "2024-09-01");
        assert_eq!(g.date(45_536.5), "2024-09-01 12:00:00");
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00_);[Red](0.00)"));
        assert!(!is_date_format("\"天\"0"));
    }

    #[test]
    fn shared_strings_continue_across_records() {
        let limits = Limits::default();
        // Two strings: "ab" whole, then "中文" split across a CONTINUE with a new flags byte.
        let mut sst = vec![0u8; 8];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([2, 0, 1, 0x2D, 0x4E]);
        let cont = [1u8, 0x87, 0x65];
        let strings = shared_strings(&[&sst, &cont], &limits).unwrap();
        assert_eq!(strings.get(0), Some("ab"));
        assert_eq!(strings.get(1), Some("中文"));
        assert_eq!(strings.get(2), None);
        assert!(shared_strings(&[&sst[..12]], &limits).is_err());
    }
}
