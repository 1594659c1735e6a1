//! The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (GBK) —
//! and never a silent guess.
//!
//! A file that is UTF-8 apart from a few bad bytes (a cell pasted from elsewhere, a file cut in
//! the middle of a character) is refused, naming the row, the column and the byte of the first
//! bad sequence: decoding it as GB18030 would turn every Chinese character of the file into other
//! characters without a word. GB18030 is taken only when the whole file is valid GB18030 and not
//! plausibly UTF-8 (fewer valid multi-byte UTF-8 characters than invalid sequences, which is what
//! GBK text looks like to a UTF-8 decoder).

use std::borrow::Cow;

/// Why a CSV file's text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadText {
    /// UTF-8 (by its BOM, or plausibly) with an invalid sequence at this byte offset.
    Utf8 { offset: usize },
    /// UTF-16 (by its BOM) with an unpaired surrogate.
    Utf16,
    /// Neither UTF-8 nor GB18030.
    Neither,
}

/// Counts valid multi-byte UTF-8 characters and invalid sequences, and where the first invalid
/// one is.
fn utf8_profile(bytes: &[u8]) -> (usize, usize, Option<usize>) {
    let (mut multibyte, mut invalid, mut first) = (0, 0, None);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
        at += valid.len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    (multibyte, invalid, first)
}

/// Texts longer than this are checked on several threads.
const PARALLEL_CHECK: usize = 4 << 20;

/// `bytes` as UTF-8 text, or how many bytes are valid before the first bad sequence. A large
/// text is checked in parts on the machine's cores (at most four), cut before line feeds: a
/// byte below 0x80 never falls inside a UTF-8 character, so each part is valid alone exactly
/// when the whole is.
fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    let parts = crate::read_parts();
    let whole = |b| std::str::from_utf8(b).map_err(|e| e.valid_up_to());
    if parts < 2 || bytes.len() < PARALLEL_CHECK {
        return whole(bytes);
    }
    let mut cuts = vec![0];
    for k in 1..parts {
        let aim = (bytes.len() * k / parts).max(cuts[k - 1]);
        let cut = bytes[aim..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| aim + p);
        cuts.push(cut);
    }
    cuts.push(bytes.len());
    let checked: Vec<Result<(), usize>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .skip(1)
            .map(|w| {
                let part = &bytes[w[0]..w[1]];
                scope.spawn(move || whole(part).map(|_| ()))
            })
            .collect();
        let mut checked = vec![whole(&bytes[..cuts[1]]).map(|_| ())];
        checked.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("UTF-8 check panicked")),
        );
        checked
    });
    for (result, start) in checked.into_iter().zip(&cuts) {
        result.map_err(|valid| start + valid)?;
    }
    // SAFETY: every part was checked as UTF-8 above, and the parts are cut at ASCII bytes, so
    // their concatenation (`bytes`) is valid UTF-8. Checking it again would cost a full pass.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Decodes a CSV file's bytes (the BOM is dropped).
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, BadText> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|valid_up_to| BadText::Utf8 {
                offset: 3 + valid_up_to,
            });
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or(BadText::Utf16);
        }
    }
    let valid_up_to = match utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(valid_up_to) => valid_up_to,
    };
    let (multibyte, invalid, _) = utf8_profile(bytes);
    if multibyte >= invalid {
        return Err(BadText::Utf8 {
            offset: valid_up_to,
        });
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(BadText::Neither)
}

/// The line (from 1) and the field (from 0) of a byte of a CSV file, counting `delimiter`s
/// outside quotes on its line.
pub(crate) fn locate(bytes: &[u8], offset: usize, delimiter: u8) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let mut quoted = false;
    let mut field = 0;
    for &b in &before[line_start..] {
        match b {
            b'"' => quoted = !quoted,
            _ if b == delimiter && !quoted => field += 1,
            _ => {}
        }
    }
    (line, field)
}

/// The issue's message for undecodable text, in Chinese, and the row and the field (from 0) it
/// is located at when known.
pub(crate) fn explain(bytes: &[u8], bad: &BadText) -> (String, Option<(usize, usize)>) {
    const SAVE: &str = "请用 Excel 或 WPS 另存为「CSV UTF-8」后重新导入";
    match bad {
        BadText::Utf8 { offset } => {
            let delimiter = crate::school::csv::sniff_delimiter(bytes);
            let (line, field) = locate(bytes, *offset, delimiter);
            let byte = bytes.get(*offset).copied().unwrap_or_default();
            (
                format!(
                    "文件是 UTF-8 编码，但第 {} 个字节（0x{byte:02X}）起不是有效的 UTF-8 字符（文件可能混用了不同的编码，或被截断）；{SAVE}",
                    offset + 1
                ),
                Some((line, field)),
            )
        }
        BadText::Utf16 => (
            format!("文件以 UTF-16 标记开头，但其中有无效的字符；{SAVE}"),
            None,
        ),
        BadText::Neither => (
            format!("文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法识别其中的文字；{SAVE}"),
            None,
        ),
    }
}

/// The undecodable text as one issue of the file at `place`, located at its row and column
/// (the header's name of that column) when known.
pub(crate) fn issue(
    bytes: &[u8],
    bad: &BadText,
    place: &crate::school::issue::Place,
    code: &'static str,
) -> crate::school::Issue {
    let (message, at) = explain(bytes, bad);
    let Some((line, field)) = at else {
        return place.file_issue(code, message);
    };
    let delimiter = crate::school::csv::sniff_delimiter(bytes);
    let header_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(header_line);
    let column = header
        .split(char::from(delimiter))
        .nth(field)
        .map(|h| crate::guard::shown(crate::school::cell::trim(h.trim_matches('"'))))
        .filter(|h| !h.is_empty() && line > 1)
        .unwrap_or_else(|| format!("第 {} 列", field + 1));
    place.issue(code, Some(line), Some(&column), None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_bad_byte_is_refused_where_it_is() {
        let text = "学年,学校名称\n2024,实验\u{5c0f}学\n".as_bytes();
        let mut bad = text.to_vec();
        let at = bad.len() - 4;
        bad[at] = 0xFF;
        assert_eq!(decode(&bad), Err(BadText::Utf8 { offset: at }));
        assert_eq!(locate(&bad, at, b','), (2, 1));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&bad);
        assert_eq!(decode(&bom), Err(BadText::Utf8 { offset: at + 3 }));
    }

    #[test]
    fn a_large_text_is_checked_in_parts_and_the_first_bad_byte_found() {
        let line = "2024,5001120001,实验小学,小学\n";
        let text = line.repeat(PARALLEL_CHECK / line.len() * 3);
        assert_eq!(utf8(text.as_bytes()), Ok(text.as_str()));
        // A bad byte in each quarter, and a character cut by a part's end: the first is found.
        for at in [10, text.len() / 3, text.len() / 2 + 7, text.len() - 2] {
            let mut bad = text.clone().into_bytes();
            bad[at] = 0xFF;
            bad[text.len() - 1] = 0xE5;
            let expected = std::str::from_utf8(&bad).map_err(|e| e.valid_up_to());
            assert!(matches!(expected, Err(e) if e <= at && at - e < 3));
            assert_eq!(utf8(&bad), expected, "bad byte at {at}");
        }
    }

    #[test]
    fn real_gbk_files_still_decode() {
        let (gbk, _, _) =
            encoding_rs::GB18030.encode("学年,学校名称,办学类型\n2024,渝北区实验小学,小学\n");
        assert_eq!(
            decode(&gbk).unwrap(),
            "学年,学校名称,办学类型\n2024,渝北区实验小学,小学\n"
        );
        assert_eq!(decode(b"a,b\n\xFF\xFF,1\n"), Err(BadText::Neither));
        assert_eq!(decode("学年".as_bytes()).unwrap(), "学年");
        assert_eq!(decode(b"\xFF\xFEa\x00").unwrap(), "a");
    }

    #[test]
    fn quoted_delimiters_do_not_count() {
        assert_eq!(locate(b"a,b\n\"x,y\",z", 10, b','), (2, 1));
        assert_eq!(locate(b"a;b", 2, b';'), (1, 1));
    }
}
