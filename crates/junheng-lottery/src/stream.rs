//! The ceremony seed and the documented random stream (SHA-256 in counter mode).
//!
//! Everything here is specified byte for byte in the crate documentation (sections "Seed" and
//! "Stream") and frozen by test vectors, so that anyone can re-implement it in a few lines.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::has_control_character;

/// A witness of the ceremony (人大代表, 公证员, 家长代表 …) and the value they entered.
///
/// Only `value` enters the seed (after trimming, see [`normalize_witness_value`]); `role` and
/// `name` are recorded in the audit pack for the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// The witness's role, e.g. `人大代表`, `公证员`, `家长代表`.
    pub role: String,
    /// The witness's name as recorded in the minutes (may be empty).
    #[serde(default)]
    pub name: String,
    /// The value the witness entered at the ceremony.
    pub value: String,
}

/// Why the witness values cannot make a seed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
    /// No witness values were given.
    #[error("没有见证人输入值：至少需要一位见证人（人大代表、公证员或家长代表）输入随机值")]
    NoWitness,
    /// A value is empty after trimming.
    #[error("第 {position} 位见证人（{role}）的输入值为空")]
    EmptyValue {
        /// 1-based position of the witness.
        position: usize,
        /// The witness's role.
        role: String,
    },
    /// A value contains a control character (U+0000–U+001F or U+007F).
    #[error("第 {position} 位见证人（{role}）的输入值含有控制字符，只能使用可见字符")]
    ControlCharacter {
        /// 1-based position of the witness.
        position: usize,
        /// The witness's role.
        role: String,
    },
    /// The inputs digest is not 64 lowercase hexadecimal digits.
    #[error("名单摘要应为 64 位小写十六进制数字，实际为「{0}」")]
    BadDigest(String),
}

/// Characters removed from both ends of a witness value: U+0009–U+000D, U+0020, U+00A0, U+3000.
pub const WITNESS_TRIM: &[char] = &[
    '\u{9}', '\u{a}', '\u{b}', '\u{c}', '\u{d}', ' ', '\u{a0}', '\u{3000}',
];

/// Trims a witness value: removes [`WITNESS_TRIM`] characters from both ends.
///
/// ```
/// assert_eq!(junheng_lottery::normalize_witness_value("\u{3000} 4711 \n"), "4711");
/// ```
pub fn normalize_witness_value(value: &str) -> &str {
    value.trim_matches(WITNESS_TRIM)
}

/// Derives the ceremony seed:
/// `SHA-256(digest_hex ‖ 0x00 ‖ v₁ ‖ 0x00 ‖ v₂ … ‖ 0x00 ‖ vₖ)` where `digest_hex` is the 64 ASCII
/// characters of the inputs digest and each `vᵢ` is the UTF-8 of the trimmed witness value, in
/// the order the witnesses are listed.
///
/// ```
/// use junheng_lottery::{Witness, derive_seed, hex};
/// let digest = "0".repeat(64);
/// let w = |role: &str, value: &str| Witness { role: role.into(), name: String::new(), value: value.into() };
/// let seed = derive_seed(&digest, &[w("公证员", "123"), w("家长代表", "456")]).unwrap();
/// assert_eq!(hex(&seed).len(), 64);
/// ```
pub fn derive_seed(inputs_digest: &str, witnesses: &[Witness]) -> Result<[u8; 32], WitnessError> {
    let digest_ok = inputs_digest.len() == 64
        && inputs_digest
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !digest_ok {
        return Err(WitnessError::BadDigest(inputs_digest.to_string()));
    }
    if witnesses.is_empty() {
        return Err(WitnessError::NoWitness);
    }
    let mut hasher = Sha256::new();
    hasher.update(inputs_digest.as_bytes());
    for (i, w) in witnesses.iter().enumerate() {
        let value = normalize_witness_value(&w.value);
        if value.is_empty() {
            return Err(WitnessError::EmptyValue {
                position: i + 1,
                role: w.role.clone(),
            });
        }
        if has_control_character(value) {
            return Err(WitnessError::ControlCharacter {
                position: i + 1,
                role: w.role.clone(),
            });
        }
        hasher.update([0u8]);
        hasher.update(value.as_bytes());
    }
    Ok(hasher.finalize().into())
}

/// The seed of simulated draw `index`: `SHA-256(base_seed ‖ u64_be(index))`.
pub fn simulation_seed(base_seed: &[u8; 32], index: u64) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(base_seed);
    hasher.update(index.to_be_bytes());
    hasher.finalize().into()
}

/// Lowercase hexadecimal of bytes.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Parses 64 lowercase hexadecimal digits into 32 bytes.
pub fn parse_hex32(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in text.as_bytes().chunks(2).enumerate() {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The random stream: `block_i = SHA-256(seed ‖ u64_be(i))` for `i = 0, 1, 2 …`, each block read
/// as four big-endian `u64` words, in order.
///
/// ```
/// use junheng_lottery::Stream;
/// let mut s = Stream::new(&[0u8; 32]);
/// let mut v: Vec<u32> = (0..10).collect();
/// s.shuffle(&mut v);
/// let mut sorted = v.clone();
/// sorted.sort();
/// assert_eq!(sorted, (0..10).collect::<Vec<_>>());
/// ```
#[derive(Debug, Clone)]
pub struct Stream {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    word: usize,
}

impl Stream {
    /// Starts the stream of a seed at block 0.
    pub fn new(seed: &[u8; 32]) -> Self {
        Stream {
            seed: *seed,
            counter: 0,
            block: [0; 32],
            word: 4,
        }
    }

    /// The next 64-bit word.
    pub fn next_u64(&mut self) -> u64 {
        if self.word == 4 {
            let mut hasher = Sha256::new();
            hasher.update(self.seed);
            hasher.update(self.counter.to_be_bytes());
            self.block = hasher.finalize().into();
            self.counter += 1;
            self.word = 0;
        }
        let start = self.word * 8;
        self.word += 1;
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&self.block[start..start + 8]);
        u64::from_be_bytes(bytes)
    }

    /// A uniform integer in `0..n` (`n ≥ 1`) by rejection sampling: draw words `w` until
    /// `w < 2^64 − (2^64 mod n)`, return `w mod n`. Always consumes at least one word.
    ///
    /// # Panics
    /// If `n == 0`.
    pub fn uniform(&mut self, n: u64) -> u64 {
        assert!(n > 0, "uniform(0)");
        // 2^64 mod n, computed without 128-bit arithmetic.
        let rem = (u64::MAX % n + 1) % n;
        let limit = 0u64.wrapping_sub(rem); // 2^64 − rem; 0 stands for 2^64 when rem == 0
        loop {
            let w = self.next_u64();
            if rem == 0 || w < limit {
                return w % n;
            }
        }
    }

    /// Fisher–Yates from the last index down: for `i = len−1 … 1`, swap `items[i]` with
    /// `items[uniform(i+1)]`.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.uniform(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_roundtrip() {
        let bytes: [u8; 32] = core::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(parse_hex32(&hex(&bytes)), Some(bytes));
        assert_eq!(parse_hex32("zz"), None);
        assert_eq!(parse_hex32(&"A".repeat(64)), None);
    }

    #[test]
    fn uniform_rejects_the_biased_tail() {
        let mut s = Stream::new(&[7; 32]);
        for n in [1u64, 2, 3, 5, 1 << 40, u64::MAX] {
            for _ in 0..100 {
                assert!(s.uniform(n) < n);
            }
        }
    }

    #[test]
    fn witness_values_are_trimmed_and_checked() {
        let digest = "a".repeat(64);
        let w = |v: &str| Witness {
            role: "公证员".into(),
            name: String::new(),
            value: v.into(),
        };
        assert_eq!(
            derive_seed(&digest, &[w(" 12 ")]),
            derive_seed(&digest, &[w("12")])
        );
        assert_ne!(
            derive_seed(&digest, &[w("12")]),
            derive_seed(&digest, &[w("13")])
        );
        assert_ne!(
            derive_seed(&digest, &[w("1"), w("2")]),
            derive_seed(&digest, &[w("12")])
        );
        assert_eq!(derive_seed(&digest, &[]), Err(WitnessError::NoWitness));
        assert!(matches!(
            derive_seed(&digest, &[w("\u{3000}")]),
            Err(WitnessError::EmptyValue { .. })
        ));
        assert!(matches!(
            derive_seed(&digest, &[w("a\u{0}b")]),
            Err(WitnessError::ControlCharacter { .. })
        ));
        assert!(matches!(
            derive_seed("abc", &[w("1")]),
            Err(WitnessError::BadDigest(_))
        ));
    }
}
