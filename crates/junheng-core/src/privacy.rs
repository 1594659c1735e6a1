//! Recognising a 居民身份证号 (national ID number) wherever a text is accepted, so that it is
//! refused and never stored or echoed back.
//!
//! An ID number is found inside any separators (`110101-19900307-7777`), after a prefix
//! (`T110101199003077777`), before a suffix (`110101199003077777-1`) and in full-width digits
//! (`１１０１０１…`). Both forms are recognised by their structure, not only their length, so that
//! ordinary codes of 15 or more digits are not refused by mistake:
//!
//! * 18 characters (GB 11643-1999): a 6-digit region code whose first two digits name a
//!   province-level division, a birth date `YYYYMMDD` (1900–2099, a real calendar day), a 3-digit
//!   sequence and a check character (`0`–`9` or `X`). The check character itself is not
//!   required to be right: a mistyped number still identifies its holder;
//! * 15 digits (the first-generation card): the same region code, a birth date `YYMMDD` (a real
//!   day of 19YY) and a 3-digit sequence, standing alone (with only separators inside): that
//!   structure is too weak to be looked for inside longer numbers, where two 学校标识码 side by
//!   side would match it.
//!
//! ```
//! use junheng_core::privacy::{contains_national_id, mask};
//! assert!(contains_national_id("110101199003077777"));
//! assert!(contains_national_id("T110101-19900307-7777"));
//! assert!(contains_national_id("１１０１０１１９９００３０７７７７７"));
//! assert!(!contains_national_id("T2024-0007"));
//! assert!(contains_national_id("T110101199003077778-1")); // a wrong check digit too
//! assert!(!contains_national_id("T110101199013077777-1")); // no 13th month: not an ID number
//! assert_eq!(mask("110101199003077777"), "110…");
//! ```

/// Province-level divisions (first two digits of a region code, GB/T 2260).
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// The ASCII form of a digit or `X` (full-width forms included), `None` for anything else.
fn normalized(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        'X' | 'x' | 'Ｘ' | 'ｘ' => Some(b'X'),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Whether `c` may stand between the digits of a written ID number: anything that is neither a
/// letter nor a digit (spaces, `-`, `_`, `.`, `/`, `·`, full-width punctuation …).
fn is_separator(c: char) -> bool {
    !c.is_alphanumeric()
}

/// The runs of digits (and `X`) of a text, separators between them removed; a letter other than
/// `X` ends a run.
fn runs(text: &str) -> Vec<Vec<u8>> {
    let mut runs = vec![Vec::new()];
    for c in text.chars() {
        match normalized(c) {
            Some(d) => runs.last_mut().expect("never empty").push(d),
            None if is_separator(c) => {}
            None => runs.push(Vec::new()),
        }
    }
    runs.retain(|r| r.len() >= 15);
    runs
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

fn real_day(year: u32, month: u32, day: u32) -> bool {
    crate::date::is_real_day(i64::from(year), month, day)
}

fn region(digits: &[u8]) -> bool {
    number(&digits[..6])
        .is_some_and(|_| number(&digits[..2]).is_some_and(|p| PROVINCES.contains(&(p as u8))))
}

/// Whether 18 characters have the structure of an ID number (the check character unchecked).
pub(crate) fn is_id18(w: &[u8]) -> bool {
    let Some(year) = number(&w[6..10]) else {
        return false;
    };
    let (Some(month), Some(day), Some(_)) =
        (number(&w[10..12]), number(&w[12..14]), number(&w[14..17]))
    else {
        return false;
    };
    region(w)
        && (1900..=2099).contains(&year)
        && real_day(year, month, day)
        && (w[17] == b'X' || w[17].is_ascii_digit())
}

/// The check character (GB 11643-1999, ISO 7064 MOD 11-2) of the first 17 digits of an ID
/// number, `None` when they are not 17 digits.
pub(crate) fn check_character(first17: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = *b"10X98765432";
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// Whether 15 digits form a valid first-generation ID number.
fn is_id15(w: &[u8]) -> bool {
    let (Some(yy), Some(month), Some(day), Some(_)) = (
        number(&w[6..8]),
        number(&w[8..10]),
        number(&w[10..12]),
        number(&w[12..15]),
    ) else {
        return false;
    };
    region(w) && real_day(1900 + yy, month, day)
}

/// Whether the whole text, separators removed, has the bare shape of an ID number: 17 digits and
/// a digit or `X`, or 15 digits. A number of that shape is refused even when its date or check
/// character is wrong: it is most likely a real number mistyped.
fn shaped(text: &str) -> bool {
    let compact: Option<Vec<u8>> = text
        .chars()
        .filter(|c| !is_separator(*c))
        .map(normalized)
        .collect();
    match compact.as_deref() {
        Some(b) if b.len() == 18 => b[..17].iter().all(u8::is_ascii_digit),
        Some(b) if b.len() == 15 => b.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Whether `text` contains a 居民身份证号 of 18 or 15 characters, in any of the written forms the
/// module documentation lists, or is, separators removed, exactly of an ID number's shape.
pub fn contains_national_id(text: &str) -> bool {
    shaped(text)
        || runs(text)
            .iter()
            .any(|run| run.windows(18).any(is_id18) || (run.len() == 15 && is_id15(run)))
}

/// What may be shown of a value that holds an ID number: its first 3 characters and "…".
pub fn mask(text: &str) -> String {
    let head: String = text.trim().chars().take(3).collect();
    format!("{head}…")
}

/// `text` as it may be echoed: itself, or [`mask`]ed when it holds an ID number.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if contains_national_id(text) {
        std::borrow::Cow::Owned(mask(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Weights of the 17 digits in the ISO 7064 MOD 11-2 check.
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    /// Check characters by `Σ weight × digit mod 11`.
    const CHECK: [u8; 11] = *b"10X98765432";

    /// A valid 18-character number from its first 17 digits.
    fn with_check(first17: &str) -> String {
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn finds_the_forms_attackers_used() {
        for text in [
            "110101199003077777",
            "110101199003077778", // bare shape: a mistyped number is still refused
            "110105491231002",
            "110101-19900307-7777",
            "T110101199003077777",
            "110101199003077777-1",
            "11010519491231002X",
            "11010519491231002x",
            "１１０１０１１９９００３０７７７７７",
            "110 101 1990 0307 7777",
            "ID:110101199003077777.",
            "110101900307777", // 15 digits: 1990-03-07
            "T-110101-900307-777",
        ] {
            assert!(contains_national_id(text), "{text}");
        }
    }

    #[test]
    fn ordinary_codes_are_not_ids() {
        for text in [
            "T2024-0007",
            "5001120001",
            "2025000001",
            "50011200015001120002",
            "T110101199013077777-12", // month 13
            "T990101199003077777-12", // no such province
            "T110101190002300007-12", // 1900-02-30
            "T110101991331777-12",    // 15 digits, month 13
            "11010119900307777",      // 17 digits
            "1234567890123456789012",
            "",
        ] {
            assert!(!contains_national_id(text), "{text}");
        }
    }

    #[test]
    fn masks_show_only_three_characters() {
        assert_eq!(mask(" 110101199003077777 "), "110…");
        assert_eq!(shown("T2024"), "T2024");
        assert_eq!(shown("x110101199003077777"), "x11…");
    }

    proptest! {
        /// Every valid number is found whatever is written around and between its digits.
        #[test]
        fn found_inside_any_separators(
            province in proptest::sample::select(PROVINCES.to_vec()),
            area in 0u32..10_000,
            year in 1900u32..2100,
            month in 1u32..=12,
            day in 1u32..=28,
            sequence in 0u32..1000,
            separator in proptest::sample::select(vec!["", "-", " ", "_", ".", "/", "·", "　"]),
            prefix in "[A-WYZa-wyz]{0,2}",
            suffix in "(-[0-9]{1,3})?",
            fullwidth in any::<bool>(),
        ) {
            let id = with_check(&format!("{province:02}{area:04}{year:04}{month:02}{day:02}{sequence:03}"));
            let mut written: String = id
                .chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(separator);
            if fullwidth {
                written = written
                    .chars()
                    .map(|c| match c {
                        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                        'X' => 'Ｘ',
                        other => other,
                    })
                    .collect();
            }
            let text = format!("{prefix}{written}{suffix}");
            prop_assert!(contains_national_id(&text), "{text}");
        }
    }
}
