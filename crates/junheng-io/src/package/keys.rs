//! The district's signing key and its public key, as files and as the city registers them.
//!
//! The engine stays pure: the caller makes the 32 random bytes of a new key (the command line
//! uses the operating system's generator) and writes the files.

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::values::{DistrictCode, Timestamp};

/// First line of a private key file.
pub const SECRET_KEY_FORMAT: &str = "junheng-district-secret-key/1";
/// Prefix of a public key's text form.
pub const PUBLIC_KEY_FORMAT: &str = "junheng-district-key/1";
/// Hex digits of a fingerprint.
pub const FINGERPRINT_LEN: usize = 16;

/// Why a key file (or a public key's text) was refused, located in the file. Messages never
/// show a private key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// Bytes that are not UTF-8.
    #[error(
        "不是有效的 UTF-8 文本：第 {line} 行第 {column} 列（字节偏移 {offset}）起的字节无法按 UTF-8 解码"
    )]
    Utf8 {
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// 0-based byte offset.
        offset: usize,
    },
    /// A public key where a private key file was expected.
    #[error(
        "这是公钥（{PUBLIC_KEY_FORMAT}），不是私钥文件；签名需要 junheng keys init 写出的私钥文件"
    )]
    PublicNotSecret,
    /// A private key file where a public key was expected.
    #[error(
        "这是私钥文件（{SECRET_KEY_FORMAT}），不是公钥；请给出公钥（junheng keys init --public-out 写出的文件，或 junheng keys show 显示的公钥），不要把私钥交给他人"
    )]
    SecretNotPublic,
    /// The format tag is not there.
    #[error("第 1 行第 1 列：应以「{expected}」开头：这不是 junheng keys init 写出的文件")]
    Format {
        /// The tag expected.
        expected: &'static str,
    },
    /// The district code is not six digits.
    #[error("第 {line} 行第 {column} 列（字节偏移 {offset}）：{why}")]
    District {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// 0-based byte offset.
        offset: usize,
        /// What is wrong.
        why: String,
    },
    /// The key is not 64 lowercase hex digits followed by what the format says.
    #[error(
        "第 {line} 行第 {column} 列（字节偏移 {offset}）：应为 64 位小写十六进制数字，其后{then}"
    )]
    Digits {
        /// 1-based line.
        line: usize,
        /// 1-based column of the first wrong character.
        column: usize,
        /// 0-based byte offset.
        offset: usize,
        /// What must follow, in Chinese.
        then: &'static str,
    },
    /// Something follows the key.
    #[error("字节偏移 {offset} 起还有多余的内容：密钥之后不应再有任何字符")]
    Trailing {
        /// 0-based byte offset of the first extra byte.
        offset: usize,
    },
    /// The 32 bytes are not a usable Ed25519 public key (not a curve point, or of small order).
    #[error("公钥不是有效的 Ed25519 公钥")]
    NotAKey,
}

/// Where the first invalid UTF-8 sequence of `bytes` is, as a [`KeyFileError::Utf8`].
fn utf8(bytes: &[u8]) -> Result<&str, KeyFileError> {
    crate::lottery::utf8(bytes).map_err(|e| match e {
        crate::lottery::FileError::Utf8 {
            line,
            column,
            offset,
        } => KeyFileError::Utf8 {
            line,
            column,
            offset,
        },
        other => unreachable!("utf8 only fails on UTF-8: {other}"),
    })
}

/// 64 lowercase hex digits at `text[start..]`, then `end` (or the end of the text when `end`
/// is `None`); the error locates the first wrong character (`line` is the line it is on, whose
/// first byte is at `line_start`).
fn hex32(
    text: &str,
    start: usize,
    line: usize,
    line_start: usize,
    end: Option<char>,
    then: &'static str,
) -> Result<[u8; 32], KeyFileError> {
    let bytes = &text.as_bytes()[start..];
    for i in 0..=64 {
        let ok = match bytes.get(i) {
            Some(&b) if i < 64 => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Some(&b) => end.is_some_and(|e| b == e as u8),
            None => i == 64 && end.is_none(),
        };
        if !ok {
            // Every byte before is ASCII, so columns count bytes from the line's start.
            return Err(KeyFileError::Digits {
                line,
                column: start - line_start + i + 1,
                offset: start + i,
                then,
            });
        }
    }
    let mut out = [0u8; 32];
    hex::decode_to_slice(&bytes[..64], &mut out).expect("checked hex digits");
    Ok(out)
}

/// The district code at `text[start..start + 6]`, located.
fn district_at(
    text: &str,
    start: usize,
    line: usize,
    line_start: usize,
) -> Result<DistrictCode, KeyFileError> {
    let end = (start + 6).min(text.len());
    let candidate = text.get(start..end).unwrap_or("");
    let wrong = candidate
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(candidate.len(), |(i, _)| i);
    DistrictCode::parse(candidate).map_err(|why| KeyFileError::District {
        line,
        column: start - line_start + wrong.min(5) + 1,
        offset: start + wrong.min(5),
        why,
    })
}

/// SHA-256 of the 32 public key bytes, its first [`FINGERPRINT_LEN`] lowercase hex digits.
fn fingerprint_of(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(&digest[..FINGERPRINT_LEN / 2])
}

/// A district's private signing key (Ed25519), made by `junheng keys init` and kept by the
/// district only. Never printed: `Debug` shows the district and the public fingerprint.
///
/// ```
/// use junheng_io::package::{DistrictCode, DistrictSigningKey};
/// let key = DistrictSigningKey::from_seed(DistrictCode::parse("500112").unwrap(), [7; 32]);
/// let file = key.to_file();
/// assert!(file.starts_with("junheng-district-secret-key/1\n500112\n"));
/// assert_eq!(DistrictSigningKey::parse_file(file.as_bytes()).unwrap(), key);
/// assert!(!format!("{key:?}").contains(&file[37..101]));
/// let public = key.public();
/// assert!(public.to_text().starts_with("junheng-district-key/1:500112:"));
/// assert_eq!(public.fingerprint().len(), 16);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DistrictSigningKey {
    district: DistrictCode,
    key: SigningKey,
}

impl fmt::Debug for DistrictSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DistrictSigningKey({}, 指纹 {})",
            self.district,
            self.public().fingerprint()
        )
    }
}

impl DistrictSigningKey {
    /// The key of 32 secret bytes (the Ed25519 seed, from a cryptographic generator).
    pub fn from_seed(district: DistrictCode, seed: [u8; 32]) -> DistrictSigningKey {
        DistrictSigningKey {
            district,
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// The district the key signs for.
    pub fn district(&self) -> &DistrictCode {
        &self.district
    }

    /// The public key to register with the city.
    pub fn public(&self) -> DistrictPublicKey {
        DistrictPublicKey {
            district: self.district.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// Ed25519 signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The private key file: `junheng-district-secret-key/1` LF, the district code LF, the 64
    /// lowercase hex digits of the seed LF — exactly these 102 bytes.
    pub fn to_file(&self) -> String {
        format!(
            "{SECRET_KEY_FORMAT}\n{}\n{}\n",
            self.district,
            hex::encode(self.key.as_bytes())
        )
    }

    /// Reads a private key file: exactly what [`DistrictSigningKey::to_file`] writes.
    pub fn parse_file(bytes: &[u8]) -> Result<DistrictSigningKey, KeyFileError> {
        let text = utf8(bytes)?;
        if text.starts_with(PUBLIC_KEY_FORMAT) {
            return Err(KeyFileError::PublicNotSecret);
        }
        let Some(rest) = text
            .strip_prefix(SECRET_KEY_FORMAT)
            .and_then(|r| r.strip_prefix('\n'))
        else {
            return Err(KeyFileError::Format {
                expected: SECRET_KEY_FORMAT,
            });
        };
        let line2 = text.len() - rest.len();
        let district = district_at(text, line2, 2, line2)?;
        if text.as_bytes().get(line2 + 6) != Some(&b'\n') {
            return Err(KeyFileError::District {
                line: 2,
                column: 7,
                offset: line2 + 6,
                why: "区县代码应为 6 位数字并以换行结束".to_owned(),
            });
        }
        let line3 = line2 + 7;
        let seed = hex32(text, line3, 3, line3, Some('\n'), "换行")?;
        if text.len() > line3 + 65 {
            return Err(KeyFileError::Trailing { offset: line3 + 65 });
        }
        Ok(DistrictSigningKey::from_seed(district, seed))
    }
}

/// A district's public key: what the city registers to check the district's packages.
///
/// Its text form is `junheng-district-key/1:<district code>:<64 lowercase hex digits>` (the 32
/// bytes of the Ed25519 public key), one line; a file holds it followed by a line feed.
///
/// ```
/// use junheng_io::package::{DistrictCode, DistrictPublicKey, DistrictSigningKey};
/// let key = DistrictSigningKey::from_seed(DistrictCode::parse("500112").unwrap(), [7; 32]).public();
/// let text = key.to_text();
/// assert_eq!(DistrictPublicKey::parse(text.as_bytes()).unwrap(), key);
/// assert_eq!(DistrictPublicKey::parse(format!("{text}\n").as_bytes()).unwrap(), key);
/// assert!(DistrictPublicKey::parse(text.to_uppercase().as_bytes()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DistrictPublicKey {
    district: DistrictCode,
    key: VerifyingKey,
}

impl DistrictPublicKey {
    /// The district the key is for.
    pub fn district(&self) -> &DistrictCode {
        &self.district
    }

    /// The first 16 lowercase hex digits of SHA-256 of the 32 public key bytes: how people and
    /// manifests name the key.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.key)
    }

    /// The text form (see the type's documentation), without a line feed.
    pub fn to_text(&self) -> String {
        format!(
            "{PUBLIC_KEY_FORMAT}:{}:{}",
            self.district,
            hex::encode(self.key.as_bytes())
        )
    }

    /// Reads the text form, optionally followed by one line feed (as in a file); nothing else.
    /// A key that is not a point of the curve, or of small order, is refused.
    pub fn parse(bytes: &[u8]) -> Result<DistrictPublicKey, KeyFileError> {
        let text = utf8(bytes)?;
        if text.starts_with(SECRET_KEY_FORMAT) {
            return Err(KeyFileError::SecretNotPublic);
        }
        let Some(rest) = text
            .strip_prefix(PUBLIC_KEY_FORMAT)
            .and_then(|r| r.strip_prefix(':'))
        else {
            return Err(KeyFileError::Format {
                expected: PUBLIC_KEY_FORMAT,
            });
        };
        let at = text.len() - rest.len();
        let district = district_at(text, at, 1, 0)?;
        if text.as_bytes().get(at + 6) != Some(&b':') {
            return Err(KeyFileError::District {
                line: 1,
                column: at + 7,
                offset: at + 6,
                why: "区县代码应为 6 位数字，其后是「:」".to_owned(),
            });
        }
        let start = at + 7;
        let end = if text.ends_with('\n') {
            Some('\n')
        } else {
            None
        };
        let bytes = hex32(text, start, 1, 0, end, "是行尾")?;
        if text.len() > start + 64 + usize::from(end.is_some()) {
            return Err(KeyFileError::Trailing { offset: start + 65 });
        }
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| KeyFileError::NotAKey)?;
        if key.is_weak() {
            return Err(KeyFileError::NotAKey);
        }
        Ok(DistrictPublicKey { district, key })
    }

    /// Whether `signature` is this key's strict Ed25519 signature of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.key
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

/// A public key as the city's registry holds it: the key (with its district), when it was
/// registered and, once revoked, when. Rotation registers a new key (the old one may stay
/// valid or be revoked); records are never deleted, so the history of a district's keys stays.
///
/// A package is checked against the records as they stand at the time of the check: a key
/// counts from `registered_at` until `revoked_at`. A package signed by a revoked key is refused
/// whatever its `created_at` says — a stolen key can sign with any date, and revocation is for
/// keys that may be stolen; packages received before the revocation stay as they were stored.
///
/// ```
/// use junheng_io::package::{DistrictCode, DistrictSigningKey, PublicKeyRecord, Timestamp};
/// let key = DistrictSigningKey::from_seed(DistrictCode::parse("500112").unwrap(), [7; 32]);
/// let t = |s: &str| Timestamp::parse(s).unwrap();
/// let record = PublicKeyRecord {
///     key: key.public(),
///     registered_at: t("2025-01-01T00:00:00.000Z"),
///     revoked_at: Some(t("2025-06-01T00:00:00.000Z")),
/// };
/// assert!(record.valid_at(&t("2025-03-01T00:00:00.000Z")));
/// assert!(!record.valid_at(&t("2025-06-01T00:00:00.000Z")));
/// assert!(!record.valid_at(&t("2024-12-31T23:59:59.999Z")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyRecord {
    /// The key and its district.
    pub key: DistrictPublicKey,
    /// When the city registered it.
    pub registered_at: Timestamp,
    /// When the city revoked it, if it did.
    pub revoked_at: Option<Timestamp>,
}

impl PublicKeyRecord {
    /// The key's fingerprint (what the store can index by).
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint()
    }

    /// The district the key is registered for.
    pub fn district(&self) -> &DistrictCode {
        self.key.district()
    }

    /// Whether the key counts at time `at`: registered then, and not yet revoked.
    pub fn valid_at(&self, at: &Timestamp) -> bool {
        &self.registered_at <= at && self.revoked_at.as_ref().is_none_or(|r| at < r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> DistrictCode {
        DistrictCode::parse("500112").unwrap()
    }

    #[test]
    fn secret_files_are_read_exactly_and_located() {
        let key = DistrictSigningKey::from_seed(code(), [0xab; 32]);
        let file = key.to_file();
        assert_eq!(file.len(), 102);
        assert_eq!(
            DistrictSigningKey::parse_file(file.as_bytes()),
            Ok(key.clone())
        );
        let mut upper = file.clone().into_bytes();
        upper[40] = b'A';
        assert_eq!(
            DistrictSigningKey::parse_file(&upper),
            Err(KeyFileError::Digits {
                line: 3,
                column: 4,
                offset: 40,
                then: "换行"
            })
        );
        let short = file.replace("500112", "50011x");
        assert!(matches!(
            DistrictSigningKey::parse_file(short.as_bytes()),
            Err(KeyFileError::District {
                line: 2,
                column: 6,
                offset: 35,
                ..
            })
        ));
        assert_eq!(
            DistrictSigningKey::parse_file(format!("{file}x").as_bytes()),
            Err(KeyFileError::Trailing { offset: 102 })
        );
        assert_eq!(
            DistrictSigningKey::parse_file(&file.as_bytes()[..101]),
            Err(KeyFileError::Digits {
                line: 3,
                column: 65,
                offset: 101,
                then: "换行"
            })
        );
        let mut bad = file.clone().into_bytes();
        bad[50] = 0xff;
        assert!(matches!(
            DistrictSigningKey::parse_file(&bad),
            Err(KeyFileError::Utf8 {
                line: 3,
                offset: 50,
                ..
            })
        ));
        assert_eq!(
            DistrictSigningKey::parse_file(key.public().to_text().as_bytes()),
            Err(KeyFileError::PublicNotSecret)
        );
        assert!(matches!(
            DistrictSigningKey::parse_file(b"junheng-lottery-key/2\n"),
            Err(KeyFileError::Format { .. })
        ));
        // No message shows the key.
        let hexkey = &file[37..101];
        for e in [
            DistrictSigningKey::parse_file(&upper).unwrap_err(),
            DistrictSigningKey::parse_file(format!("{file}x").as_bytes()).unwrap_err(),
        ] {
            assert!(!e.to_string().contains(&hexkey[..8]), "{e}");
        }
    }

    #[test]
    fn public_keys_are_read_exactly() {
        let key = DistrictSigningKey::from_seed(code(), [3; 32]).public();
        let text = key.to_text();
        assert_eq!(text.len(), 23 + 7 + 64);
        for ok in [text.clone(), format!("{text}\n")] {
            assert_eq!(DistrictPublicKey::parse(ok.as_bytes()), Ok(key.clone()));
        }
        for bad in [
            format!("{text}\n\n"),
            format!("{text} "),
            format!("{text}\r\n"),
            text[..text.len() - 1].to_owned(),
            text.replacen(':', "：", 1),
            text.replace("500112", "000000"),
        ] {
            assert!(DistrictPublicKey::parse(bad.as_bytes()).is_err(), "{bad}");
        }
        let secret = DistrictSigningKey::from_seed(code(), [3; 32]).to_file();
        assert_eq!(
            DistrictPublicKey::parse(secret.as_bytes()),
            Err(KeyFileError::SecretNotPublic)
        );
        // The identity point is of small order: refused.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let weak = format!("{PUBLIC_KEY_FORMAT}:500112:{}", hex::encode(identity));
        assert_eq!(
            DistrictPublicKey::parse(weak.as_bytes()),
            Err(KeyFileError::NotAKey)
        );
    }

    #[test]
    fn fingerprints_and_signatures() {
        let a = DistrictSigningKey::from_seed(code(), [1; 32]);
        let b = DistrictSigningKey::from_seed(code(), [2; 32]);
        assert_ne!(a.public().fingerprint(), b.public().fingerprint());
        assert!(
            a.public()
                .fingerprint()
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let sig = a.sign(b"manifest");
        assert!(a.public().verifies(b"manifest", &sig));
        assert!(!b.public().verifies(b"manifest", &sig));
        assert!(!a.public().verifies(b"manifesT", &sig));
    }
}
