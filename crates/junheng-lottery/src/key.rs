//! The lottery key and what it derives: the public 公示编号 that replaces every 报名号 in the
//! published material, the 回执校验码 a family needs to look up its outcome, and the key's
//! commitment published in the inputs (sections "Lottery key" and "Sealing" of the crate
//! documentation).
//!
//! The engine stays pure: the caller makes the 32 random bytes (the command line uses the
//! operating system's generator) and hands them in.

use std::collections::HashMap;
use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::compile::compile;
use crate::model::{InputError, Inputs};
use crate::stream::{hex, parse_hex32};

/// First line of a key file.
pub const KEY_FILE_FORMAT: &str = "junheng-lottery-key/2";
/// HMAC message prefix of a 公示编号.
pub const PUBLIC_CODE_TAG: &str = "junheng-lottery-public-code/2";
/// HMAC message prefix of a 回执校验码.
pub const CHECK_CODE_TAG: &str = "junheng-lottery-receipt-check/2";
/// Hash prefix of the key commitment.
pub const COMMITMENT_TAG: &str = "junheng-lottery-key-commitment/2";
/// Characters of a 公示编号 (Crockford base32: digits and capitals without I, L, O, U).
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Length of a 公示编号: 12 characters of 5 bits, the first 60 bits of the HMAC.
pub const PUBLIC_CODE_LEN: usize = 12;
/// Digits of a 回执校验码.
pub const CHECK_CODE_LEN: usize = 6;

/// The lottery key: 32 secret bytes kept by the bureau (never published, never printed). With it
/// and a 报名号 one computes that applicant's 公示编号 and 回执校验码; without it the published
/// codes cannot be linked to anyone.
///
/// ```
/// use junheng_lottery::LotteryKey;
/// let key = LotteryKey::from_bytes([7; 32]);
/// let code = key.public_code("2025000001");
/// assert_eq!(code.len(), 12);
/// assert_eq!(key.check_code("2025000001").len(), 6);
/// assert_eq!(LotteryKey::parse_file(&key.to_file()), Ok(key.clone()));
/// assert_eq!(format!("{key:?}"), "LotteryKey(…)");
/// ```
#[derive(Clone)]
pub struct LotteryKey {
    bytes: [u8; 32],
    /// HMAC keyed once: every code costs two compressions instead of four.
    mac: Hmac<Sha256>,
}

impl fmt::Debug for LotteryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LotteryKey(…)")
    }
}

impl PartialEq for LotteryKey {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(&self.bytes, &other.bytes)
    }
}

impl Eq for LotteryKey {}

/// Why a key file was refused. Messages never show the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// The first line is not [`KEY_FILE_FORMAT`].
    #[error("第 1 行应为「{KEY_FILE_FORMAT}」：这不是 junheng lottery freeze 写出的派位密钥文件")]
    Format,
    /// The second line is not 64 lowercase hexadecimal digits and a line feed.
    #[error("第 2 行第 {column} 列（字节偏移 {offset}）：应为 64 位小写十六进制数字并以换行结束")]
    Digits {
        /// 1-based column of the first wrong character on line 2.
        column: usize,
        /// 0-based byte offset in the file.
        offset: usize,
    },
    /// Something follows the key line.
    #[error("密钥行之后还有内容（字节偏移 {offset}）：密钥文件只有两行")]
    Trailing {
        /// 0-based byte offset of the first extra byte.
        offset: usize,
    },
}

/// Constant-time equality of two byte strings of public length.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl LotteryKey {
    /// A key from 32 bytes (made by the caller, e.g. with `getrandom`).
    pub fn from_bytes(bytes: [u8; 32]) -> LotteryKey {
        let mac = Hmac::<Sha256>::new_from_slice(&bytes).expect("HMAC takes any key length");
        LotteryKey { bytes, mac }
    }

    /// `HMAC-SHA256(key, tag ‖ 0x00 ‖ UTF-8(registration))`.
    fn mac(&self, tag: &str, registration: &str) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(tag.as_bytes());
        mac.update(&[0]);
        mac.update(registration.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The 公示编号 of a 报名号: the first 60 bits of
    /// `HMAC-SHA256(key, "junheng-lottery-public-code/2" ‖ 0x00 ‖ 报名号)` as 12 Crockford base32
    /// characters, most significant first.
    pub fn public_code(&self, registration: &str) -> String {
        let mac = self.mac(PUBLIC_CODE_TAG, registration);
        let bits = u64::from_be_bytes(mac[..8].try_into().expect("8 bytes")) >> 4;
        (0..PUBLIC_CODE_LEN)
            .rev()
            .map(|i| CODE_ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
            .collect()
    }

    /// The 回执校验码 of a 报名号: the first 8 bytes of
    /// `HMAC-SHA256(key, "junheng-lottery-receipt-check/2" ‖ 0x00 ‖ 报名号)` as a big-endian
    /// integer, modulo 10⁶, written with 6 digits.
    pub fn check_code(&self, registration: &str) -> String {
        let mac = self.mac(CHECK_CODE_TAG, registration);
        let n = u64::from_be_bytes(mac[..8].try_into().expect("8 bytes")) % 1_000_000;
        format!("{n:06}")
    }

    /// The 公示编号 of `registration` if `check` is its 回执校验码 (compared in constant time),
    /// else `None`. Says nothing about whether the 报名号 took part in the lottery: the caller
    /// looks the code up in the results.
    ///
    /// ```
    /// use junheng_lottery::LotteryKey;
    /// let key = LotteryKey::from_bytes([1; 32]);
    /// let check = key.check_code("A01");
    /// assert_eq!(key.open_receipt("A01", &check), Some(key.public_code("A01")));
    /// let wrong = if check == "000000" { "000001" } else { "000000" };
    /// assert_eq!(key.open_receipt("A01", wrong), None);
    /// ```
    pub fn open_receipt(&self, registration: &str, check: &str) -> Option<String> {
        let expected = self.check_code(registration);
        constant_time_eq(expected.as_bytes(), check.as_bytes())
            .then(|| self.public_code(registration))
    }

    /// The commitment published in the inputs:
    /// `lowercase_hex(SHA-256("junheng-lottery-key-commitment/2" ‖ 0x00 ‖ key))`. It binds the
    /// draw to this key (so the codes cannot be re-derived with another key after the ceremony)
    /// and lets the server check that an uploaded key belongs to the inputs.
    pub fn commitment(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(COMMITMENT_TAG.as_bytes());
        hasher.update([0u8]);
        hasher.update(self.bytes);
        hex(&hasher.finalize())
    }

    /// The key as 64 lowercase hex digits (what a database keeps; the second line of the file).
    pub fn to_hex(&self) -> String {
        hex(&self.bytes)
    }

    /// A key from 64 lowercase hex digits ([`LotteryKey::to_hex`]).
    ///
    /// ```
    /// use junheng_lottery::LotteryKey;
    /// let key = LotteryKey::from_bytes([0xab; 32]);
    /// assert_eq!(LotteryKey::from_hex(&key.to_hex()), Some(key));
    /// assert_eq!(LotteryKey::from_hex("AB"), None);
    /// ```
    pub fn from_hex(text: &str) -> Option<LotteryKey> {
        parse_hex32(text).map(LotteryKey::from_bytes)
    }

    /// The key file: `junheng-lottery-key/2`, a line feed, the 64 lowercase hex digits of the
    /// key, a line feed — exactly these 87 bytes.
    pub fn to_file(&self) -> String {
        format!("{KEY_FILE_FORMAT}\n{}\n", self.to_hex())
    }

    /// Reads a key file; it must be exactly what [`LotteryKey::to_file`] writes.
    pub fn parse_file(text: &str) -> Result<LotteryKey, KeyFileError> {
        let Some(rest) = text
            .strip_prefix(KEY_FILE_FORMAT)
            .and_then(|r| r.strip_prefix('\n'))
        else {
            return Err(KeyFileError::Format);
        };
        let start = KEY_FILE_FORMAT.len() + 1;
        let bytes = rest.as_bytes();
        let mut key = [0u8; 32];
        for i in 0..=64 {
            let ok = match bytes.get(i) {
                Some(b'\n') => i == 64,
                Some(&b) if i < 64 => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
                _ => false,
            };
            if !ok {
                // Every byte before is an ASCII digit, so columns are bytes here.
                return Err(KeyFileError::Digits {
                    column: i + 1,
                    offset: start + i,
                });
            }
        }
        if bytes.len() > 65 {
            return Err(KeyFileError::Trailing { offset: start + 65 });
        }
        for (k, pair) in key.iter_mut().zip(bytes[..64].chunks(2)) {
            let digit = |c: u8| {
                if c.is_ascii_digit() {
                    c - b'0'
                } else {
                    c - b'a' + 10
                }
            };
            *k = digit(pair[0]) << 4 | digit(pair[1]);
        }
        Ok(LotteryKey::from_bytes(key))
    }
}

/// Whether `text` has the shape of a 公示编号: 12 characters of [`CODE_ALPHABET`].
///
/// ```
/// assert!(junheng_lottery::is_public_code("0123456789AB"));
/// assert!(!junheng_lottery::is_public_code("2025000001"));
/// assert!(!junheng_lottery::is_public_code("0123456789AI"));
/// ```
pub fn is_public_code(text: &str) -> bool {
    text.len() == PUBLIC_CODE_LEN && text.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// What the bureau prints for one family (回执): the 报名号, its 公示编号 and its 回执校验码.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// 报名号.
    pub registration: String,
    /// 公示编号: how the applicant appears in everything published.
    pub code: String,
    /// 回执校验码: with the 报名号, opens the applicant's lookup.
    pub check: String,
}

/// Inputs sealed with a key: the public inputs (version 2) and the receipts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The inputs to publish and draw: applicants and siblings by 公示编号, the key's commitment.
    pub inputs: Inputs,
    /// One receipt per applicant, in 报名号 order.
    pub receipts: Vec<Receipt>,
}

/// Seals inputs identified by 报名号 (as read from the bureau's tables): validates them, replaces
/// every 报名号 and 同胞报名号 by its 公示编号, records the key's commitment (making them version
/// 2) and returns the receipts. Everything else — tiers, zones, preferences, categories — is
/// unchanged.
///
/// ```
/// use junheng_lottery::{freeze, is_public_code, seal, synth, LotteryKey, Version};
/// let inputs = synth::district(&synth::SynthSpec { applicants: 50, schools: 4, ..Default::default() });
/// let key = LotteryKey::from_bytes([9; 32]);
/// let sealed = seal(&inputs, &key).unwrap();
/// assert_eq!(sealed.inputs.version(), Version::V2);
/// assert!(sealed.inputs.applicants.iter().all(|a| is_public_code(&a.id)));
/// assert_eq!(sealed.receipts[0].code, key.public_code(&sealed.receipts[0].registration));
/// assert!(freeze(&sealed.inputs).is_ok());
/// ```
pub fn seal(inputs: &Inputs, key: &LotteryKey) -> Result<Sealed, InputError> {
    if inputs.key_commitment.is_some() {
        return Err(InputError::AlreadySealed);
    }
    compile(inputs)?;
    let mut receipts: Vec<Receipt> = inputs
        .applicants
        .iter()
        .map(|a| Receipt {
            code: key.public_code(&a.id),
            check: key.check_code(&a.id),
            registration: a.id.clone(),
        })
        .collect();
    receipts.sort_unstable_by(|a, b| a.registration.cmp(&b.registration));
    let mut code_of: HashMap<&str, &str> = HashMap::with_capacity(receipts.len());
    let mut owner: HashMap<&str, &str> = HashMap::with_capacity(receipts.len());
    for r in &receipts {
        if owner.insert(&r.code, &r.registration).is_some() {
            // 60 bits: about one chance in 10⁶ for a million applicants.
            return Err(InputError::CodeCollision);
        }
        code_of.insert(&r.registration, &r.code);
    }
    let mut sealed = inputs.clone();
    for a in &mut sealed.applicants {
        a.id = code_of[a.id.as_str()].to_owned();
        if let Some(s) = &mut a.sibling {
            *s = code_of[s.as_str()].to_owned();
        }
    }
    sealed.key_commitment = Some(key.commitment());
    Ok(Sealed {
        inputs: sealed,
        receipts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_their_shape_and_depend_on_key_and_number() {
        let a = LotteryKey::from_bytes([1; 32]);
        let b = LotteryKey::from_bytes([2; 32]);
        let code = a.public_code("2025000001");
        assert!(is_public_code(&code), "{code}");
        assert_ne!(code, a.public_code("2025000002"));
        assert_ne!(code, b.public_code("2025000001"));
        let check = a.check_code("2025000001");
        assert!(check.len() == 6 && check.bytes().all(|c| c.is_ascii_digit()));
        assert_ne!(a.commitment(), b.commitment());
        assert_eq!(a.commitment().len(), 64);
    }

    #[test]
    fn key_files_are_read_exactly() {
        let key = LotteryKey::from_bytes(core::array::from_fn(|i| (i as u8).wrapping_mul(9)));
        let file = key.to_file();
        assert_eq!(file.len(), 87);
        assert_eq!(LotteryKey::parse_file(&file), Ok(key));
        assert_eq!(
            LotteryKey::parse_file("junheng-lottery-key/1\n"),
            Err(KeyFileError::Format)
        );
        assert_eq!(
            LotteryKey::parse_file(&file.replace('\n', "\r\n")),
            Err(KeyFileError::Format)
        );
        let upper = file.replacen('a', "A", 1);
        let at = file.find('a').unwrap();
        assert_eq!(
            LotteryKey::parse_file(&upper),
            Err(KeyFileError::Digits {
                column: at - 22 + 1,
                offset: at
            })
        );
        assert_eq!(
            LotteryKey::parse_file(&file[..80]),
            Err(KeyFileError::Digits {
                column: 59,
                offset: 80
            })
        );
        assert_eq!(
            LotteryKey::parse_file(file.trim_end()),
            Err(KeyFileError::Digits {
                column: 65,
                offset: 86
            })
        );
        assert_eq!(
            LotteryKey::parse_file(&format!("{file}x")),
            Err(KeyFileError::Trailing { offset: 87 })
        );
        let wide = format!("{KEY_FILE_FORMAT}\n好{}\n", &file[22..85]);
        assert_eq!(
            LotteryKey::parse_file(&wide),
            Err(KeyFileError::Digits {
                column: 1,
                offset: 22
            })
        );
        // No message shows the key.
        let digits = &file[22..86];
        for err in [KeyFileError::Format, KeyFileError::Trailing { offset: 1 }] {
            assert!(!err.to_string().contains(digits));
        }
    }

    #[test]
    fn receipts_open_only_with_their_check_code() {
        let key = LotteryKey::from_bytes([3; 32]);
        let check = key.check_code("A01");
        assert_eq!(
            key.open_receipt("A01", &check),
            Some(key.public_code("A01"))
        );
        assert_eq!(
            key.open_receipt("A02", &check).is_some(),
            key.check_code("A02") == check
        );
        assert_eq!(key.open_receipt("A01", ""), None);
        assert_eq!(key.open_receipt("A01", &format!("{check}0")), None);
    }
}
