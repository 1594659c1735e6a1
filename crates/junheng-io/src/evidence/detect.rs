//! What a document is, from its bytes: magic numbers, and for containers their structure — the
//! ZIP central directory read by hand (names only, nothing inflated, at most
//! [`MAX_ZIP_ENTRIES`] entries), the OpenDocument `mimetype` entry, the OLE2 directory.

use std::io::Cursor;

use super::{ACCEPTED, EvidenceError, Kind, codes, refuse};

/// Entries a ZIP container may declare before it is refused unread: a long Word document with
/// many images has a few hundred.
pub const MAX_ZIP_ENTRIES: usize = 5_000;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const LOCAL: &[u8] = b"PK\x03\x04";
const CENTRAL: &[u8] = b"PK\x01\x02";
const END: &[u8] = b"PK\x05\x06";

/// Why the content is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Not an accepted kind; what it looks like, when that is clear.
    Type(Option<&'static str>),
    /// An encrypted Office file.
    Encrypted,
    /// An accepted kind that carries macros.
    Macro(Kind),
    /// Starts as `what` but its structure is damaged: why.
    Unreadable(&'static str, String),
}

impl Refusal {
    /// The refusal of file `name` (already cut for showing).
    pub(super) fn error(&self, name: &str) -> EvidenceError {
        match self {
            Refusal::Type(what) => {
                let what = what.map_or_else(String::new, |w| format!("是{w}，"));
                refuse(
                    codes::TYPE,
                    format!(
                        "文件“{name}”{what}不是可接受的佐证材料类型（按文件内容判断，与扩展名无关），未保存；可上传：{ACCEPTED}"
                    ),
                )
            }
            Refusal::Encrypted => refuse(
                codes::TYPE,
                format!(
                    "文件“{name}”是加密（设有打开密码）的 Office 文件，他人无法查看，未保存；请取消打开密码后再上传"
                ),
            ),
            Refusal::Macro(kind) => refuse(
                codes::MACRO,
                format!(
                    "文件“{name}”是含有宏（VBA 等程序代码）的{}，未保存；请另存为不含宏的格式（.docx、.xlsx、.pptx 或 PDF）后再上传",
                    kind.label()
                ),
            ),
            Refusal::Unreadable(what, why) => refuse(
                codes::UNREADABLE,
                format!(
                    "文件“{name}”看起来是{what}，但文件结构已损坏（{why}），未保存；请用原程序打开后另存一份再上传"
                ),
            ),
        }
    }
}

/// The kind of a document, or why it is refused.
pub(super) fn detect(bytes: &[u8]) -> Result<Kind, Refusal> {
    if bytes.starts_with(b"%PDF-") {
        Ok(Kind::Pdf)
    } else if bytes.starts_with(PNG) {
        Ok(Kind::Png)
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Ok(Kind::Jpeg)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok(Kind::Webp)
    } else if bytes.starts_with(OLE) {
        ole(bytes)
    } else if bytes.starts_with(LOCAL) || bytes.starts_with(END) {
        zip(bytes)
    } else {
        Err(Refusal::Type(guess(bytes)))
    }
}

/// What a refused file looks like, for the message: only when the bytes say it plainly.
fn guess(bytes: &[u8]) -> Option<&'static str> {
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    if bytes.starts_with(b"MZ") || bytes.starts_with(b"\x7FELF") {
        Some("可执行程序")
    } else if bytes.starts_with(b"#!") {
        Some("脚本")
    } else if text.starts_with(b"<") {
        Some("网页、SVG 图形或 XML 文件")
    } else if bytes.starts_with(b"Rar!") || bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        Some("压缩包")
    } else if bytes.starts_with(b"\x1F\x8B") {
        Some("gzip 压缩文件")
    } else if bytes.starts_with(b"GIF8") {
        Some("GIF 图片（请另存为 PNG 或 JPEG）")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("RTF 文档（请另存为 .docx 或 PDF）")
    } else {
        None
    }
}

/// An OLE2 compound file: a legacy Word or Excel file (its directory read by `cfb`, whose
/// allocations are bounded by the file's own size).
fn ole(bytes: &[u8]) -> Result<Kind, Refusal> {
    let what = "Office 97-2003 文件";
    let file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Refusal::Unreadable(what, cut(&e.to_string())))?;
    if file.exists("/EncryptedPackage") || file.exists("/EncryptionInfo") {
        return Err(Refusal::Encrypted);
    }
    if file.is_stream("/WordDocument") {
        if file.exists("/Macros") {
            return Err(Refusal::Macro(Kind::Doc));
        }
        return Ok(Kind::Doc);
    }
    if file.is_stream("/Workbook") || file.is_stream("/Book") {
        if file.exists("/_VBA_PROJECT_CUR") {
            return Err(Refusal::Macro(Kind::Xls));
        }
        return Ok(Kind::Xls);
    }
    if file.is_stream("/PowerPoint Document") {
        return Err(Refusal::Type(Some(
            "PowerPoint 97-2003 演示文稿（请另存为 .pptx 或 PDF）",
        )));
    }
    Err(Refusal::Type(Some(
        "其他 OLE 复合文档（如 Outlook 邮件、安装包）",
    )))
}

/// An error text cut for a message.
fn cut(text: &str) -> String {
    crate::guard::shown(text)
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
}

/// The entry names of a ZIP container's central directory, read by hand: the end record (the
/// last one whose comment reaches exactly to the end of the file), at most
/// [`MAX_ZIP_ENTRIES`] records, every length checked against the bytes. A ZIP64 container is
/// refused (no document of 20 MiB needs one).
pub(super) fn central_names(bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let len = bytes.len();
    if len < 22 {
        return Err("文件过短，没有 ZIP 目录".to_owned());
    }
    let tail_start = len.saturating_sub(22 + 0xFFFF);
    let end = (tail_start..=len - 22)
        .rev()
        .find(|&at| &bytes[at..at + 4] == END && at + 22 + u16_at(bytes, at + 20) == len)
        .ok_or_else(|| "找不到 ZIP 目录结尾，文件可能不完整".to_owned())?;
    let (disk, cd_disk) = (u16_at(bytes, end + 4), u16_at(bytes, end + 6));
    let (here, total) = (u16_at(bytes, end + 8), u16_at(bytes, end + 10));
    let (cd_size, cd_start) = (u32_at(bytes, end + 12), u32_at(bytes, end + 16));
    if total == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_start == 0xFFFF_FFFF {
        return Err("ZIP64 格式".to_owned());
    }
    if disk != 0 || cd_disk != 0 || here != total {
        return Err("分卷 ZIP".to_owned());
    }
    if total > MAX_ZIP_ENTRIES {
        return Err(format!("部件 {total} 个，超过 {MAX_ZIP_ENTRIES} 个的上限"));
    }
    let (cd_start, cd_size) = (cd_start as usize, cd_size as usize);
    let cd_end = cd_start
        .checked_add(cd_size)
        .filter(|e| *e <= end)
        .ok_or_else(|| "ZIP 目录的位置超出文件".to_owned())?;
    let mut names = Vec::with_capacity(total);
    let mut at = cd_start;
    for _ in 0..total {
        if at + 46 > cd_end || &bytes[at..at + 4] != CENTRAL {
            return Err("ZIP 目录不完整".to_owned());
        }
        let name_len = u16_at(bytes, at + 28);
        let rest = u16_at(bytes, at + 30) + u16_at(bytes, at + 32);
        let name_end = at + 46 + name_len;
        if name_end + rest > cd_end {
            return Err("ZIP 目录不完整".to_owned());
        }
        let local = u32_at(bytes, at + 42) as usize;
        if local + 30 > cd_start {
            return Err("ZIP 部件的位置超出文件".to_owned());
        }
        names.push(&bytes[at + 46..name_end]);
        at = name_end + rest;
    }
    Ok(names)
}

/// The OpenDocument media type a ZIP container declares by its first entry, `mimetype`, stored
/// uncompressed at the very start of the file (`None` when the container does not start so).
fn odf_kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.len() < 30 || !bytes.starts_with(LOCAL) || u16_at(bytes, 8) != 0 {
        return None;
    }
    let (name_len, extra) = (u16_at(bytes, 26), u16_at(bytes, 28));
    if bytes.get(30..30 + name_len)? != b"mimetype" {
        return None;
    }
    let data = bytes.get(30 + name_len + extra..)?;
    let stored = u32_at(bytes, 18) as usize;
    [Kind::Odt, Kind::Ods, Kind::Odp].into_iter().find(|k| {
        let mime = k.media_type().as_bytes();
        data.starts_with(mime) && (stored == 0 || stored == mime.len())
    })
}

/// A ZIP container: an OpenDocument file, an Office Open XML file, or something else (refused).
fn zip(bytes: &[u8]) -> Result<Kind, Refusal> {
    let odf = odf_kind(bytes);
    let what = if odf.is_some() {
        "OpenDocument 文件"
    } else {
        "ZIP 格式的 Office 文件"
    };
    let names = central_names(bytes).map_err(|why| Refusal::Unreadable(what, why))?;
    let lower: Vec<String> = names
        .iter()
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .collect();
    if let Some(kind) = odf {
        if !lower.iter().any(|n| n == "content.xml") {
            return Err(Refusal::Unreadable(what, "缺少 content.xml".to_owned()));
        }
        if lower
            .iter()
            .any(|n| n.starts_with("basic/") || n.starts_with("scripts/"))
        {
            return Err(Refusal::Macro(kind));
        }
        return Ok(kind);
    }
    if !lower.iter().any(|n| n == "[content_types].xml") {
        return Err(Refusal::Type(Some("ZIP 压缩包")));
    }
    let families = [
        ("word/", Kind::Docx),
        ("xl/", Kind::Xlsx),
        ("ppt/", Kind::Pptx),
    ];
    let found: Vec<Kind> = families
        .iter()
        .filter(|(prefix, _)| lower.iter().any(|n| n.starts_with(prefix)))
        .map(|(_, k)| *k)
        .collect();
    let [kind] = found[..] else {
        return Err(Refusal::Type(Some(
            "其他 Office Open XML 文件（不是 Word、Excel 或 PowerPoint 文档）",
        )));
    };
    if lower
        .iter()
        .any(|n| n.ends_with("vbaproject.bin") || n.ends_with("vbadata.xml"))
    {
        return Err(Refusal::Macro(kind));
    }
    Ok(kind)
}
