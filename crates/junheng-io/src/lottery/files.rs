//! The lottery's own files read from bytes — frozen inputs, audit packs and key files — with
//! invalid UTF-8 refused at its first byte (line, column and offset), never replaced.

use junheng_lottery::{AuditPack, Inputs, KeyFileError, LotteryKey};

/// Why a lottery file cannot be read. The caller names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Bytes that are not UTF-8.
    #[error(
        "不是有效的 UTF-8 文本：第 {line} 行第 {column} 列（字节偏移 {offset}）起的字节无法按 UTF-8 解码；请使用 junheng lottery 写出的原文件"
    )]
    Utf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte on its line.
        column: usize,
        /// 0-based byte offset of the first invalid byte.
        offset: usize,
    },
    /// Not the JSON of frozen inputs.
    #[error("不是有效的派位名单（{0}）；请使用 junheng lottery freeze 写出的文件")]
    Inputs(String),
    /// Not the JSON of an audit pack.
    #[error("不是有效的审计包（{0}）")]
    Pack(String),
    /// Not a key file.
    #[error("不是有效的派位密钥文件：{0}")]
    Key(#[from] KeyFileError),
}

/// The text of `bytes`, or where its first invalid UTF-8 sequence starts.
///
/// ```
/// use junheng_io::lottery::{FileError, utf8};
/// assert_eq!(utf8("名单".as_bytes()), Ok("名单"));
/// assert_eq!(
///     utf8(b"{\n  \"t\": \"\xE5\xA5\xBD\xFF\"\n}"),
///     Err(FileError::Utf8 { line: 2, column: 10, offset: 13 })
/// );
/// ```
pub fn utf8(bytes: &[u8]) -> Result<&str, FileError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = std::str::from_utf8(&bytes[..offset]).expect("valid up to the error");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        FileError::Utf8 {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            offset,
        }
    })
}

/// Text of a JSON file: UTF-8, a leading byte-order mark ignored.
fn json_text(bytes: &[u8]) -> Result<&str, FileError> {
    let text = utf8(bytes)?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Frozen inputs (either version) from a file's bytes.
pub fn read_inputs(bytes: &[u8]) -> Result<Inputs, FileError> {
    Inputs::from_json(json_text(bytes)?).map_err(|e| FileError::Inputs(e.to_string()))
}

/// An audit pack (either version) from a file's bytes.
pub fn read_pack(bytes: &[u8]) -> Result<AuditPack, FileError> {
    AuditPack::from_json(json_text(bytes)?).map_err(|e| FileError::Pack(e.to_string()))
}

/// A key file: exactly what `junheng lottery freeze` writes ([`LotteryKey::to_file`]).
pub fn read_key(bytes: &[u8]) -> Result<LotteryKey, FileError> {
    Ok(LotteryKey::parse_file(utf8(bytes)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(
            utf8(b"\xC3"),
            Err(FileError::Utf8 {
                line: 1,
                column: 1,
                offset: 0
            })
        );
        assert_eq!(
            utf8(
                "一\n二三\n"
                    .as_bytes()
                    .iter()
                    .chain(b"ab\x80")
                    .copied()
                    .collect::<Vec<_>>()
                    .as_slice()
            ),
            Err(FileError::Utf8 {
                line: 3,
                column: 3,
                offset: 13
            })
        );
        let message = read_inputs(b"{\"title\":\"\xFF\"}")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("第 1 行第 11 列（字节偏移 10）"),
            "{message}"
        );
    }

    #[test]
    fn files_are_read_exactly() {
        let key = LotteryKey::from_bytes([8; 32]);
        assert_eq!(read_key(key.to_file().as_bytes()), Ok(key.clone()));
        let mut bad = key.to_file().into_bytes();
        bad[30] = 0xE9;
        assert!(matches!(
            read_key(&bad),
            Err(FileError::Utf8 { offset: 30, .. })
        ));
        assert!(matches!(
            read_key(b"{\"zones\":[]}"),
            Err(FileError::Key(KeyFileError::Format))
        ));
        assert!(matches!(
            read_inputs(key.to_file().as_bytes()),
            Err(FileError::Inputs(_))
        ));
        let inputs = "\u{feff}{\"zones\":[],\"schools\":[],\"applicants\":[]}";
        assert_eq!(read_inputs(inputs.as_bytes()), Ok(Inputs::default()));
        assert!(matches!(read_pack(b"[]"), Err(FileError::Pack(_))));
    }
}
