//! One-time codes: each is 128 random bits, written as 32 hex digits in a QR link `/s/{token}`,
//! **and** a short code of 60 random bits written as 12 Crockford base32 characters in groups
//! of four (`7K3M-Q9XD-2HPA`) that a respondent without a camera types on `/s`. Only the
//! SHA-256 of each is stored; a code is shown once, on the printed slip.

use junheng_store::DistrictStore;
use sha2::{Digest, Sha256};

use super::{invalid, load, school_of, writer};
use crate::pairings::{Caller, Refused};

/// Crockford's base32 alphabet (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a short code (60 bits).
pub const SHORT_LEN: usize = 12;
/// The most codes of one batch.
pub const MAX_BATCH: u32 = 2000;

/// The stored hash of a link token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(format!("survey-token:{token}").as_bytes()))
}

/// The stored hash of a short code (normalised).
pub fn short_hash(short: &str) -> String {
    hex::encode(Sha256::digest(format!("survey-short:{short}").as_bytes()))
}

/// A short code as typed, normalised: upper case, without spaces or dashes, O read as 0 and
/// I, L as 1. `None` unless 12 characters of the alphabet.
///
/// ```
/// use junheng_app::survey::codes::normalise_short;
/// assert_eq!(normalise_short(" 7k3m-q9xd-2hpa ").as_deref(), Some("7K3MQ9XD2HPA"));
/// assert_eq!(normalise_short("OIL0-0000-0000").as_deref(), Some("011000000000"));
/// assert_eq!(normalise_short("7K3M-Q9XD-2HPU"), None);
/// ```
pub fn normalise_short(text: &str) -> Option<String> {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '－')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (s.len() == SHORT_LEN && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(s)
}

/// A short code of 8 random bytes' first 60 bits.
fn short_of(bytes: [u8; 8]) -> String {
    let v = u64::from_be_bytes(bytes) >> 4;
    (0..SHORT_LEN)
        .rev()
        .map(|i| char::from(ALPHABET[((v >> (5 * i)) & 31) as usize]))
        .collect()
}

/// A short code shown in groups of four.
pub fn grouped(short: &str) -> String {
    short
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// One code as printed on a slip.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Slip {
    /// The link's token (32 hex digits).
    pub token: String,
    /// The short code in groups (`7K3M-Q9XD-2HPA`).
    pub short: String,
}

/// A batch as issued: its id and slips.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Batch {
    /// The batch's id.
    pub id: i64,
    /// The survey's title.
    pub title: String,
    /// The group's name.
    pub group: String,
    /// The school, if any.
    pub school: Option<String>,
    /// The slips (shown once).
    pub slips: Vec<Slip>,
}

/// Issues `n` codes for a group (and school) of a survey that is not closed; `random` fills
/// bytes from the operating system's generator.
pub async fn issue(
    store: &DistrictStore,
    caller: &Caller<'_>,
    survey: i64,
    group: &str,
    school: Option<&str>,
    n: u32,
    mut random: impl FnMut(&mut [u8]),
) -> Result<Batch, Refused> {
    writer(caller)?;
    let s = load(store, survey).await?;
    let g = s
        .questionnaire
        .group(group.trim())
        .ok_or_else(|| invalid(format!("问卷没有调查对象“{}”", group.trim())))?;
    if s.info.status == junheng_store::survey::SurveyStatus::Closed {
        return Err(invalid("问卷已结束，不能再发放问卷码"));
    }
    if !(1..=MAX_BATCH).contains(&n) {
        return Err(invalid(format!("一批问卷码应为 1 至 {MAX_BATCH} 个")));
    }
    let school = school_of(store, school).await?;
    let mut slips = Vec::with_capacity(n as usize);
    let mut hashes = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let mut t = [0u8; 16];
        random(&mut t);
        let mut b = [0u8; 8];
        random(&mut b);
        let token = hex::encode(t);
        let short = short_of(b);
        hashes.push((token_hash(&token), short_hash(&short)));
        slips.push(Slip {
            token,
            short: grouped(&short),
        });
    }
    let id = store
        .add_survey_batch(survey, &g.id, school.as_deref(), &hashes, &caller.actor())
        .await?;
    Ok(Batch {
        id,
        title: s.info.title,
        group: g.name.clone(),
        school,
        slips,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_carry_60_bits_in_the_alphabet_and_read_back() {
        assert_eq!(short_of([0; 8]), "000000000000");
        assert_eq!(short_of([0xFF; 8]), "ZZZZZZZZZZZZ");
        let s = short_of([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0]);
        assert_eq!(s.len(), SHORT_LEN);
        assert_eq!(
            normalise_short(&grouped(&s).to_lowercase()),
            Some(s.clone())
        );
        // The low 4 bits of the 8 bytes are not used; every other bit changes the code.
        assert_eq!(
            short_of([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xFF]),
            s
        );
        assert_ne!(
            short_of([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xE0]),
            s
        );
        assert_ne!(token_hash("x"), short_hash("x"));
        assert_eq!(token_hash("x").len(), 64);
    }
}
