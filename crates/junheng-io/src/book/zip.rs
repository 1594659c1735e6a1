//! The pre-scan of a zip container (.xlsx, .xlsm, .ods) before the spreadsheet library opens it.
//!
//! Every part is inflated once, as a stream, counting the bytes it really gives (the sizes in
//! the zip headers are not trusted): a part past [`Limits::max_part_bytes`] (XML parts the
//! library keeps in memory but that are not sheets or shared strings: 1/16 of it), or all parts
//! past [`Limits::max_workbook_bytes`], stop the scan at once. XML parts are tokenised by the
//! same quick-xml the library uses, with the same settings, while a meter refuses to feed it more
//! than [`Limits::max_xml_event_bytes`] for one event, so that no tag or run of text can make it
//! buffer more; the text of each string-holding element (`si`, `is`, `v`; an ODS cell) is summed
//! across the events it is split into and bounded by the cell cap; the shared strings are
//! counted against [`Limits::max_cells`]; and the expansion an ODS sheet asks for
//! (`number-columns-repeated` cells cloned into every column, `number-rows-repeated` rows, empty
//! rows between filled ones) is computed as the library will allocate it — cells and text — and
//! bounded by [`Limits::max_cells`] and [`Limits::max_text_bytes`], all sheets together, since
//! the library reads every sheet when it opens the file.

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::ods::Expansion;
use crate::guard::Refusal;
use crate::limits::{Limits, size};

/// Parts a workbook may have; real ones have a few dozen.
const MAX_PARTS: usize = 10_000;

/// Which limits a part is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A worksheet (xlsx).
    Sheet,
    /// The shared strings (xlsx).
    Strings,
    /// content.xml (ods): every sheet.
    OdsContent,
    /// Other XML the library may read (workbook, styles, relationships …).
    Xml,
    /// Anything else (images, VBA), inflated only to count it.
    Binary,
}

fn kind(name: &str, ods: bool) -> Kind {
    let lower = name.to_ascii_lowercase();
    if ods && lower == "content.xml" {
        Kind::OdsContent
    } else if !ods && lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
        Kind::Sheet
    } else if !ods && lower == "xl/sharedstrings.xml" {
        Kind::Strings
    } else if lower.ends_with(".xml") || lower.ends_with(".rels") {
        Kind::Xml
    } else {
        Kind::Binary
    }
}

/// Why the meter stopped the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trip {
    Part,
    Total,
    Event,
}

/// Counts the inflated bytes of a part and of the whole container; refuses to give more than the
/// caps (and more than `event` bytes since the last [`Meter::mark`]).
struct Meter<'t, R> {
    inner: R,
    part: u64,
    part_cap: u64,
    total: &'t mut u64,
    total_cap: u64,
    since_mark: u64,
    event_cap: u64,
    tripped: Option<Trip>,
}

impl<R> Meter<'_, R> {
    fn mark(&mut self) {
        self.since_mark = 0;
    }
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let n64 = n as u64;
        self.part += n64;
        *self.total += n64;
        self.since_mark += n64;
        let trip = if self.part > self.part_cap {
            Some(Trip::Part)
        } else if *self.total > self.total_cap {
            Some(Trip::Total)
        } else if self.since_mark > self.event_cap {
            Some(Trip::Event)
        } else {
            None
        };
        if let Some(t) = trip {
            self.tripped = Some(t);
            return Err(std::io::Error::other("limit"));
        }
        Ok(n)
    }
}

fn unreadable(e: impl std::fmt::Display) -> Refusal {
    Refusal::Unreadable(format!(
        "无法打开工作簿（{e}）；请确认文件没有损坏、没有加密，且扩展名与实际格式一致"
    ))
}

/// The number of entries the end-of-central-directory record declares, read before the zip
/// library allocates for them (`None` when there is no such record: the library then refuses).
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes[tail_start..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")?
        + tail_start;
    let eocd = bytes.get(at..at + 22)?;
    let entries = u16::from_le_bytes([eocd[10], eocd[11]]);
    // 0xFFFF: a zip64 container, which no workbook of ours needs; count it as too many.
    Some(if entries == u16::MAX {
        u64::MAX
    } else {
        u64::from(entries)
    })
}

/// Scans every part of a zip container (`ods`: an OpenDocument file, else .xlsx/.xlsm).
pub(crate) fn check(bytes: &[u8], ods: bool, limits: &Limits) -> Result<(), Refusal> {
    if declared_entries(bytes).is_some_and(|n| n > MAX_PARTS as u64) {
        return Err(Refusal::WorkbookTooLarge(format!(
            "部件超过 {MAX_PARTS} 个"
        )));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_PARTS {
        return Err(Refusal::WorkbookTooLarge(format!(
            "部件超过 {MAX_PARTS} 个"
        )));
    }
    let mut total = 0u64;
    let mut strings = 0u64;
    let mut expansion = Expansion::new(limits);
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(unreadable)?;
        if file.is_dir() {
            continue;
        }
        let full = file.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = crate::guard::shown(&full);
        let kind = kind(&full, ods);
        let part_cap = match kind {
            Kind::Xml => limits.max_part_bytes / 16,
            _ => limits.max_part_bytes,
        };
        let event_cap = if kind == Kind::Binary {
            u64::MAX
        } else {
            limits.max_xml_event_bytes()
        };
        let mut meter = Meter {
            inner: file,
            part: 0,
            part_cap,
            total: &mut total,
            total_cap: limits.max_workbook_bytes,
            since_mark: 0,
            event_cap,
            tripped: None,
        };
        let result = match kind {
            Kind::Binary => std::io::copy(&mut meter, &mut std::io::sink())
                .map(drop)
                .map_err(|e| (meter.tripped, e.to_string())),
            _ => scan_xml(
                &mut meter,
                kind,
                &name,
                limits,
                &mut strings,
                &mut expansion,
            )?,
        };
        if let Err((tripped, error)) = result {
            return Err(match tripped {
                Some(Trip::Part) => {
                    Refusal::WorkbookTooLarge(format!("部件 {name} 解压后超过 {}", size(part_cap)))
                }
                Some(Trip::Total) => Refusal::WorkbookTooLarge(format!(
                    "解压后合计超过 {}",
                    size(limits.max_workbook_bytes)
                )),
                Some(Trip::Event) => Refusal::CellTooLong {
                    sheet: None,
                    row: None,
                    column: None,
                    part: Some(name),
                },
                None => unreadable(error),
            });
        }
    }
    Ok(())
}

/// The outcome of reading a part's bytes: the meter's trip (if it stopped them) and the error.
type Drained = Result<(), (Option<Trip>, String)>;

/// Elements open at once in a part: spreadsheets nest a dozen deep at most.
const MAX_DEPTH: usize = 256;

/// Tokenises one XML part; refusals of its content are the outer error, the meter's the inner.
fn scan_xml<R: Read>(
    meter: &mut Meter<'_, R>,
    kind: Kind,
    name: &str,
    limits: &Limits,
    strings: &mut u64,
    expansion: &mut Expansion,
) -> Result<Drained, Refusal> {
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 << 10, &mut *meter));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    // The text of the string element being read (xlsx), and its name.
    let mut open: Option<(String, u64)> = None;
    // The names of the elements open: a part must close every element it opens, by its name.
    // Truncated or mis-nested XML is refused here, not handed to the library: calamine's ODS
    // reader loops forever on a `table:table` (or an annotation) that is never closed, whether
    // the file ends first or the closing tag is misspelt. The names on the stack are distinct
    // parts of the input, so together they are never larger than the part.
    let mut stack: Vec<String> = Vec::new();
    let cell_cap = limits.max_cell_bytes();
    let too_long = || Refusal::CellTooLong {
        sheet: None,
        row: None,
        column: None,
        part: Some(name.to_owned()),
    };
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                let tripped = reader.get_mut().get_mut().tripped;
                if tripped.is_some() {
                    return Ok(Err((tripped, e.to_string())));
                }
                // Not well-formed: refused, whatever the library would make of it.
                let detail = crate::guard::shown(&e.to_string());
                return Err(unreadable(format!(
                    "部件 {name} 不是完整的 XML（{detail}）"
                )));
            }
        };
        reader.get_mut().get_mut().mark();
        match &event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(unreadable(format!(
                        "部件 {name} 的 XML 嵌套超过 {MAX_DEPTH} 层（文件已损坏）"
                    )));
                }
                stack.push(e.name().as_ref().to_owned());
            }
            // The guard pops the element a closing tag ends, whether or not it matches.
            Event::End(e) if stack.pop().as_deref() != Some(e.name().as_ref()) => {
                return Err(unreadable(format!(
                    "部件 {name} 的 XML 标签没有正确配对（文件已损坏）"
                )));
            }
            Event::Eof if !stack.is_empty() => {
                return Err(unreadable(format!(
                    "部件 {name} 在 XML 结束前中断（文件不完整或已损坏）"
                )));
            }
            _ => {}
        }
        if kind == Kind::OdsContent {
            expansion.event(&event)?;
            if matches!(event, Event::Eof) {
                return Ok(Ok(()));
            }
            continue;
        }
        match &event {
            Event::Start(e) if open.is_none() && is_string_element(e) => {
                if kind == Kind::Strings && e.local_name().as_ref() == "si" {
                    *strings += 1;
                    if *strings > limits.max_cells as u64 {
                        return Err(Refusal::SheetTooLarge {
                            sheet: None,
                            what: format!("共享字符串超过 {} 个的上限", limits.max_cells),
                        });
                    }
                }
                open = Some((e.local_name().as_ref().to_owned(), 0));
            }
            Event::End(e)
                if open
                    .as_ref()
                    .is_some_and(|(n, _)| n.as_str() == e.local_name().as_ref()) =>
            {
                open = None;
            }
            Event::Text(t) => add(&mut open, t.len() as u64, cell_cap).ok_or_else(too_long)?,
            Event::CData(t) => add(&mut open, t.len() as u64, cell_cap).ok_or_else(too_long)?,
            Event::GeneralRef(_) => add(&mut open, 4, cell_cap).ok_or_else(too_long)?,
            Event::Eof => return Ok(Ok(())),
            _ => {}
        }
    }
}

/// Elements whose text the library gathers into one string.
fn is_string_element(e: &BytesStart<'_>) -> bool {
    matches!(e.local_name().as_ref(), "si" | "is" | "v")
}

/// Adds `n` bytes to the open string element; `None` past `cap`.
fn add(open: &mut Option<(String, u64)>, n: u64, cap: u64) -> Option<()> {
    if let Some((_, len)) = open {
        *len = len.saturating_add(n);
        if *len > cap {
            return None;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of (name, content) parts, deflated.
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn counts_real_inflated_bytes() {
        let limits = Limits {
            max_part_bytes: 1 << 20,
            max_workbook_bytes: 3 << 20,
            ..Limits::default()
        };
        let big = vec![b'a'; (1 << 20) + 1];
        let bytes = zip_of(&[("xl/media/a.bin", &big)]);
        assert!(bytes.len() < 10_000);
        let err = check(&bytes, false, &limits).unwrap_err();
        assert!(
            matches!(&err, Refusal::WorkbookTooLarge(m) if m.contains("a.bin")),
            "{err:?}"
        );
        let part = vec![b'a'; 900 << 10];
        let four: Vec<(String, &[u8])> = (0..4).map(|i| (format!("p{i}.bin"), &part[..])).collect();
        let refs: Vec<(&str, &[u8])> = four.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let err = check(&zip_of(&refs), false, &limits).unwrap_err();
        assert!(
            matches!(&err, Refusal::WorkbookTooLarge(m) if m.contains("合计")),
            "{err:?}"
        );
    }

    #[test]
    fn bounds_one_string_across_the_events_it_is_split_into() {
        let limits = Limits {
            max_cell_chars: 10,
            ..Limits::default()
        };
        let runs = "<r><t>aaaaaaaaaa</t></r>".repeat(5);
        let sst = format!("<sst><si>{runs}</si></sst>");
        let bytes = zip_of(&[("xl/sharedStrings.xml", sst.as_bytes())]);
        let err = check(&bytes, false, &limits).unwrap_err();
        assert!(matches!(err, Refusal::CellTooLong { .. }), "{err:?}");
        let fine = zip_of(&[("xl/sharedStrings.xml", b"<sst><si><t>abc</t></si></sst>")]);
        check(&fine, false, &limits).unwrap();
    }

    #[test]
    fn one_event_cannot_make_the_parser_buffer_the_part() {
        let limits = Limits {
            max_cell_chars: 10,
            ..Limits::default()
        };
        let comment = format!("<a><!--{}--></a>", "x".repeat(2 << 20));
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", comment.as_bytes())]);
        let err = check(&bytes, false, &limits).unwrap_err();
        assert!(
            matches!(err, Refusal::CellTooLong { part: Some(_), .. }),
            "{err:?}"
        );
    }
}
