//! A document's file name as it is stored and offered for download: the sender's name without
//! folders, without characters that could hide or change what the name says, bounded.

/// Characters kept of a file name (the extension is kept when the rest is cut).
pub const MAX_NAME_CHARS: usize = 120;

/// Longest extension kept when a long name is cut.
const MAX_EXTENSION_CHARS: usize = 10;

/// Whether `c` changes how the text around it is shown without being seen itself: direction
/// marks and overrides (which can make `exe.pdf` read `fdp.exe`), zero-width characters, the
/// byte-order mark.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// The name a document is stored under: the last part of `name` after any `/` or `\` (a
/// browser may send a whole path); control characters and invisible direction or zero-width
/// characters dropped; `<>:"|?*` (which no file system of a bureau's computers accepts) made
/// `_`; spaces trimmed, and dots at either end (hidden files, Windows' trailing dots); at most
/// [`MAX_NAME_CHARS`] characters, the extension kept when the rest is cut. Chinese is kept.
/// `None` when nothing is left.
///
/// ```
/// use junheng_io::evidence::sanitize_name;
/// assert_eq!(sanitize_name("C:\\扫描\\集团章程.pdf").as_deref(), Some("集团章程.pdf"));
/// assert_eq!(sanitize_name("../../etc/passwd").as_deref(), Some("passwd"));
/// assert_eq!(sanitize_name("a\u{202E}fdp.exe").as_deref(), Some("afdp.exe"));
/// assert_eq!(sanitize_name(" / "), None);
/// ```
pub fn sanitize_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !invisible(*c))
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_whitespace() || c == '.');
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().count() <= MAX_NAME_CHARS {
        return Some(trimmed.to_owned());
    }
    let (stem, ext) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.chars().count() <= MAX_EXTENSION_CHARS => {
            (stem, Some(ext))
        }
        _ => (trimmed, None),
    };
    let room = MAX_NAME_CHARS - ext.map_or(0, |e| e.chars().count() + 1);
    let mut out: String = stem.chars().take(room).collect();
    out.truncate(out.trim_end().len());
    if let Some(ext) = ext {
        out.push('.');
        out.push_str(ext);
    }
    Some(out)
}

/// The extension of a (sanitised) name, lower case, without the dot: `None` for a name without
/// one.
pub(super) fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_lowercase())
}
