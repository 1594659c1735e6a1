//! What the district templates of the Office formats (.xlsx reports, .docx self-reports) share:
//! the zip container read part by part under caps, the XML reader that keeps text as it is,
//! the `{{字段}}` placeholders of a text, and a deterministic zip writer.

use std::io::{Cursor, Read, Write};
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// The caps a template's container is read under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    /// Bytes of the file.
    pub file_bytes: usize,
    /// Bytes all its parts may inflate to.
    pub inflated_bytes: u64,
    /// Parts it may have.
    pub parts: usize,
}

/// Why a container could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a zip file.
    NotZip,
    /// A part is encrypted (a password is needed).
    Encrypted,
    /// A part could not be inflated: the container is damaged.
    Damaged,
    /// Larger than the caps: what passed, in Chinese.
    TooLarge(String),
    /// A part could not be read: its name and why.
    Part(String, String),
}

/// One part of a container: its name and its inflated bytes.
pub(crate) struct Part {
    pub name: String,
    pub data: Vec<u8>,
}

impl Part {
    /// The part as XML text (a byte-order mark dropped); `Err` says why not, in Chinese.
    pub fn xml(&self) -> Result<&str, &'static str> {
        let text = std::str::from_utf8(&self.data).map_err(|_| "不是 UTF-8 编码的 XML")?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
    }
}

/// Every part of the container, inflated under `caps`.
pub(crate) fn unzip(bytes: &[u8], caps: Caps) -> Result<Vec<Part>, Refused> {
    if bytes.len() > caps.file_bytes {
        let cap = caps.file_bytes >> 20;
        return Err(Refused::TooLarge(format!("文件超过 {cap} MB")));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refused::NotZip)?;
    if archive.len() > caps.parts {
        return Err(Refused::TooLarge(format!("部件超过 {} 个", caps.parts)));
    }
    let mut total = 0u64;
    let mut parts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(why)
                if why == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                Refused::Encrypted
            }
            _ => Refused::Damaged,
        })?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|_| Refused::Damaged)?.into_owned();
        let mut data = Vec::new();
        let room = caps.inflated_bytes - total;
        file.take(room + 1)
            .read_to_end(&mut data)
            .map_err(|e| Refused::Part(name.clone(), e.to_string()))?;
        total += data.len() as u64;
        if total > caps.inflated_bytes {
            let cap = caps.inflated_bytes >> 20;
            return Err(Refused::TooLarge(format!("解压后超过 {cap} MB")));
        }
        parts.push(Part { name, data });
    }
    Ok(parts)
}

/// The parts zipped (deflated), in the order given, with a fixed timestamp (1980-01-01) and no
/// extra fields: the same parts give the same bytes.
pub(crate) fn zip<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    for (name, data) in parts {
        w.start_file(name, options)?;
        w.write_all(data)?;
    }
    Ok(w.finish()?.into_inner())
}

/// A reader of a part's XML, text kept as it is.
pub(crate) fn reader(xml: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(false);
    r
}

/// The value of the attribute whose local name is `local`, unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The `{{…}}` of a text: their byte ranges and fields (trimmed).
pub(crate) fn placeholders(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{{").map(|i| at + i) {
        let Some(end) = text[start + 2..].find("}}").map(|i| start + 2 + i) else {
            break;
        };
        found.push((start..end + 2, text[start + 2..end].trim()));
        at = end + 2;
    }
    found
}

/// The text of the `t` elements fed to it, phonetic runs (`rPh`) left out: a workbook's shared
/// string (`si`) or inline one (`is`), a Word paragraph's text (`w:t`).
#[derive(Default)]
pub(crate) struct Text {
    pub in_t: usize,
    pub in_phonetic: usize,
    pub text: String,
}

impl Text {
    pub fn feed(&mut self, event: &Event<'_>) {
        let reading = self.in_t > 0 && self.in_phonetic == 0;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => self.in_t += 1,
                "rPh" => self.in_phonetic += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => self.in_t = self.in_t.saturating_sub(1),
                "rPh" => self.in_phonetic = self.in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if reading => self.text.push_str(&t.xml10_content()),
            Event::CData(t) if reading => self.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if reading => match r.resolve_char_ref() {
                Ok(Some(c)) => self.text.push(c),
                _ => match resolve_predefined_entity(r) {
                    Some(s) => self.text.push_str(s),
                    None => self.text.push_str(&format!("&{};", &**r)),
                },
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_trimmed() {
        let found = placeholders("{{ 区县 }}年{{年度}}{{未闭合");
        assert_eq!(found, vec![(0..12, "区县"), (15..25, "年度")]);
    }

    #[test]
    fn zipping_is_deterministic_and_capped_reading_refuses() {
        let a = zip([("a.xml", &b"<a/>"[..]), ("b.xml", &b"<b/>"[..])]).unwrap();
        let b = zip([("a.xml", &b"<a/>"[..]), ("b.xml", &b"<b/>"[..])]).unwrap();
        assert_eq!(a, b);
        let caps = Caps {
            file_bytes: 1 << 20,
            inflated_bytes: 6,
            parts: 10,
        };
        assert_eq!(unzip(b"not a zip", caps).err(), Some(Refused::NotZip));
        let big = matches!(unzip(&a, caps), Err(Refused::TooLarge(_)));
        assert!(big);
        let few = Caps { parts: 1, ..caps };
        assert!(matches!(unzip(&a, few), Err(Refused::TooLarge(_))));
        let ok = Caps {
            inflated_bytes: 8,
            ..caps
        };
        assert_eq!(unzip(&a, ok).unwrap()[1].name, "b.xml");
    }
}
