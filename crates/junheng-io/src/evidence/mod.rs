//! 佐证材料 (evidence): checking an uploaded document before it is stored, on its bytes alone.
//!
//! A document is accepted when
//!
//! 1. it is not empty and not larger than the size limit (a parameter, default
//!    [`DEFAULT_MAX_BYTES`] = 20 MiB);
//! 2. **its content** is one of the accepted [`Kind`]s — decided by magic bytes and, for
//!    containers, by their structure read without inflating anything (never by the name or the
//!    Content-Type the client sent): PDF (`%PDF-`), PNG, JPEG, WebP; Word, Excel and PowerPoint
//!    files (.docx, .xlsx, .pptx: a ZIP whose central directory — read by hand, at most
//!    [`MAX_ZIP_ENTRIES`] entries — names `[Content_Types].xml` and a `word/`, `xl/` or `ppt/`
//!    part); legacy Word and Excel files (.doc, .xls: an OLE2 compound file, `D0 CF 11 E0`, with
//!    a `WordDocument` or `Workbook` stream); OpenDocument files (.odt, .ods, .odp: a ZIP whose
//!    first entry is the stored `mimetype`). Office files carrying macros (VBA, OpenDocument
//!    Basic) and encrypted Office files are refused;
//! 3. its name's extension agrees with that content (a `.pdf` that is a PNG is refused);
//! 4. its name, once sanitised ([`sanitize_name`]: no folders, no control or direction
//!    characters, at most [`MAX_NAME_CHARS`] characters, Chinese kept), is not empty.
//!
//! Everything else (web pages, SVG, scripts, programs, plain archives…) is refused. A refusal
//! is an [`EvidenceError`] with a stable code ([`codes`]) and a Chinese message that names the
//! file and says what is accepted. An accepted file comes back as [`Checked`]: the sanitised
//! name, the kind (and so the media type stored and served), the size and the SHA-256.
//!
//! ```
//! use junheng_io::evidence::{Kind, check, codes};
//! let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".to_vec();
//! let checked = check(pdf.clone(), "集团章程.pdf").unwrap();
//! assert_eq!(checked.kind, Kind::Pdf);
//! assert_eq!(checked.kind.media_type(), "application/pdf");
//! assert_eq!(check(pdf, "章程.png").unwrap_err().code, codes::EXTENSION);
//! let page = b"<!DOCTYPE html><script>alert(1)</script>".to_vec();
//! assert_eq!(check(page, "章程.html").unwrap_err().code, codes::TYPE);
//! ```

mod detect;
mod name;
#[cfg(test)]
mod tests;

use std::fmt;

use sha2::{Digest, Sha256};

use crate::guard::shown;
use crate::limits::size;

pub use detect::MAX_ZIP_ENTRIES;
pub use name::{MAX_NAME_CHARS, sanitize_name};

/// The default size limit of one document: 20 MiB (a scanned 章程 of 30 pages at 300 dpi is
/// a few megabytes; photographs are a few each).
pub const DEFAULT_MAX_BYTES: u64 = 20 << 20;

/// The stable codes of [`EvidenceError`] (snake_case, like the importers' `import.*`). Tests
/// assert codes, not prose.
pub mod codes {
    /// The file has no bytes.
    pub const EMPTY: &str = "evidence.empty";
    /// The file is larger than the size limit.
    pub const SIZE: &str = "evidence.size";
    /// The content is not one of the accepted kinds.
    pub const TYPE: &str = "evidence.type";
    /// The name's extension does not agree with the content.
    pub const EXTENSION: &str = "evidence.extension";
    /// Nothing is left of the name once sanitised.
    pub const NAME: &str = "evidence.name";
    /// An Office or OpenDocument file that carries macros.
    pub const MACRO: &str = "evidence.macro";
    /// The content starts as an accepted kind but its structure is damaged.
    pub const UNREADABLE: &str = "evidence.unreadable";
}

/// What the accepted kinds are, as the messages say it.
pub const ACCEPTED: &str = "PDF、图片（.png、.jpg、.webp）、Word（.docx、.doc）、Excel（.xlsx、.xls）、\
PowerPoint（.pptx）、OpenDocument（.odt、.ods、.odp）";

/// The kinds of document accepted as evidence, decided by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// PDF.
    Pdf,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// WebP image.
    Webp,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
    /// PowerPoint (Office Open XML).
    Pptx,
    /// Word 97–2003 (OLE2 compound file).
    Doc,
    /// Excel 97–2003 (OLE2 compound file).
    Xls,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument presentation.
    Odp,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 12] = [
        Kind::Pdf,
        Kind::Png,
        Kind::Jpeg,
        Kind::Webp,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Doc,
        Kind::Xls,
        Kind::Odt,
        Kind::Ods,
        Kind::Odp,
    ];

    /// The media type stored and served (`Content-Type`).
    pub const fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Webp => "image/webp",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Doc => "application/msword",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Odp => "application/vnd.oasis.opendocument.presentation",
        }
    }

    /// The kind of a stored media type (`None` for any other text).
    pub fn from_media_type(media_type: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.media_type() == media_type)
    }

    /// The extensions a file of this kind may have (lower case, without the dot); the first is
    /// the usual one.
    pub const fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
            Kind::Webp => &["webp"],
            Kind::Docx => &["docx"],
            Kind::Xlsx => &["xlsx"],
            Kind::Pptx => &["pptx"],
            Kind::Doc => &["doc"],
            Kind::Xls => &["xls"],
            Kind::Odt => &["odt"],
            Kind::Ods => &["ods"],
            Kind::Odp => &["odp"],
        }
    }

    /// The Chinese name of the kind, as messages and pages say it.
    pub const fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF 文档",
            Kind::Png => "PNG 图片",
            Kind::Jpeg => "JPEG 图片",
            Kind::Webp => "WebP 图片",
            Kind::Docx => "Word 文档",
            Kind::Xlsx => "Excel 工作簿",
            Kind::Pptx => "PowerPoint 演示文稿",
            Kind::Doc => "Word 97-2003 文档",
            Kind::Xls => "Excel 97-2003 工作簿",
            Kind::Odt => "OpenDocument 文本",
            Kind::Ods => "OpenDocument 电子表格",
            Kind::Odp => "OpenDocument 演示文稿",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An accepted document: its bytes, and what the checks found. Made only by [`check`] and
/// [`check_with`], so a value of this type is a checked document.
#[derive(Clone, PartialEq, Eq)]
pub struct Checked {
    /// The sanitised file name.
    pub file_name: String,
    /// The kind, decided by content.
    pub kind: Kind,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    bytes: Vec<u8>,
}

impl Checked {
    /// The document's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// The bytes, given back.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl fmt::Debug for Checked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checked")
            .field("file_name", &self.file_name)
            .field("kind", &self.kind)
            .field("sha256", &self.sha256)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// Why a document was refused: a stable code of [`codes`] and a Chinese message that names the
/// file (cut to 60 characters) and says what is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceError {
    /// One of [`codes`].
    pub code: &'static str,
    /// What is wrong and what is accepted, in Chinese.
    pub message: String,
}

impl fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvidenceError {}

fn refuse(code: &'static str, message: String) -> EvidenceError {
    EvidenceError { code, message }
}

/// [`check_with`] under the default size limit, [`DEFAULT_MAX_BYTES`].
pub fn check(bytes: Vec<u8>, declared_name: &str) -> Result<Checked, EvidenceError> {
    check_with(bytes, declared_name, DEFAULT_MAX_BYTES)
}

/// Checks a document: its bytes as uploaded and the name its sender gave it (the client's
/// Content-Type is never asked for). See the module documentation for what is accepted.
pub fn check_with(
    bytes: Vec<u8>,
    declared_name: &str,
    max_bytes: u64,
) -> Result<Checked, EvidenceError> {
    let file_name = sanitize_name(declared_name).ok_or_else(|| {
        refuse(
            codes::NAME,
            format!(
                "文件名不能为空：请给文件起一个带扩展名的名字（例如 集团章程.pdf）；可上传的类型：{ACCEPTED}"
            ),
        )
    })?;
    let shown_name = shown(&file_name);
    if bytes.is_empty() {
        return Err(refuse(
            codes::EMPTY,
            format!("文件“{shown_name}”是空文件（0 字节），未保存；请选择要上传的材料"),
        ));
    }
    let len = bytes.len() as u64;
    if len > max_bytes {
        return Err(refuse(
            codes::SIZE,
            format!(
                "文件“{shown_name}”有 {}，超过 {} 的上限，未保存；请压缩图片、降低扫描分辨率或拆分文档后再上传",
                size(len),
                size(max_bytes)
            ),
        ));
    }
    let kind = detect::detect(&bytes).map_err(|refusal| refusal.error(&shown_name))?;
    let extension = name::extension(&file_name);
    if !kind
        .extensions()
        .iter()
        .any(|e| Some(*e) == extension.as_deref())
    {
        let given = extension.map_or_else(|| "没有扩展名".to_owned(), |e| format!("扩展名是 .{e}"));
        let expected: Vec<String> = kind.extensions().iter().map(|e| format!(".{e}")).collect();
        return Err(refuse(
            codes::EXTENSION,
            format!(
                "文件“{shown_name}”的内容是{}，但{given}：扩展名应为 {}；请确认选对了文件，或按实际格式改正扩展名后再上传",
                kind.label(),
                expected.join(" 或 ")
            ),
        ));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(Checked {
        file_name,
        kind,
        sha256,
        bytes,
    })
}
