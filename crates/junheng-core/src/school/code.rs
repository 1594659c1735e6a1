use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 学校标识码: the 10-digit code every school has in the national education statistics.
///
/// It is only built by [`SchoolCode::parse`], so every code in the system is 10 ASCII digits,
/// held in place (no allocation: a district's file holds a code or two per row).
///
/// ```
/// use junheng_core::school::SchoolCode;
/// assert_eq!(SchoolCode::parse(" 5001120001 ").unwrap().as_str(), "5001120001");
/// assert!(SchoolCode::parse("5.00112E+09").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolCode([u8; 10]);

/// Why a text is not a school code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchoolCodeError {
    /// Empty after trimming.
    #[error("学校标识码为空")]
    Empty,
    /// Looks like a number Excel wrote in scientific notation, e.g. `5.00112E+09`.
    #[error("学校标识码被写成了科学计数法")]
    ScientificNotation,
    /// Not exactly 10 ASCII digits.
    #[error("学校标识码应为 10 位数字")]
    NotTenDigits,
}

impl SchoolCode {
    /// Parses a code, trimming surrounding (also full-width) spaces.
    pub fn parse(text: &str) -> Result<Self, SchoolCodeError> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if t.is_empty() {
            return Err(SchoolCodeError::Empty);
        }
        if let Ok(digits) = <[u8; 10]>::try_from(t.as_bytes())
            && digits.iter().all(u8::is_ascii_digit)
        {
            return Ok(Self(digits));
        }
        let upper = t.to_ascii_uppercase();
        if let Some((mantissa, exponent)) = upper.split_once('E') {
            let mantissa_ok =
                !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            let exponent = exponent.trim_start_matches('+');
            if mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SchoolCodeError::ScientificNotation);
            }
        }
        Err(SchoolCodeError::NotTenDigits)
    }

    /// The ten digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a school code is ten ASCII digits")
    }
}

impl fmt::Debug for SchoolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SchoolCode").field(&self.as_str()).finish()
    }
}

impl fmt::Display for SchoolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SchoolCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SchoolCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_what_excel_does_to_codes() {
        assert_eq!(
            SchoolCode::parse("5.00112E+09"),
            Err(SchoolCodeError::ScientificNotation)
        );
        assert_eq!(
            SchoolCode::parse("5.00112e9"),
            Err(SchoolCodeError::ScientificNotation)
        );
        assert_eq!(
            SchoolCode::parse("500112001"),
            Err(SchoolCodeError::NotTenDigits)
        );
        assert_eq!(
            SchoolCode::parse("5001120001.0"),
            Err(SchoolCodeError::NotTenDigits)
        );
        assert_eq!(SchoolCode::parse("\u{3000}"), Err(SchoolCodeError::Empty));
        assert_eq!(
            SchoolCode::parse("\u{3000}0001120001 ").unwrap().as_str(),
            "0001120001"
        );
    }

    proptest! {
        #[test]
        fn every_ten_digit_text_parses_back_to_itself(digits in "[0-9]{10}") {
            let code = SchoolCode::parse(&digits).unwrap();
            prop_assert_eq!(code.as_str(), digits.as_str());
            prop_assert_eq!(format!("{code:?}"), format!("SchoolCode({digits:?})"));
        }

        /// Codes sort as their texts do (lists and maps ordered by code stay as they were).
        #[test]
        fn codes_sort_as_their_texts(a in "[0-9]{10}", b in "[0-9]{10}") {
            let (x, y) = (SchoolCode::parse(&a).unwrap(), SchoolCode::parse(&b).unwrap());
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        }

        #[test]
        fn nothing_but_ten_digits_parses(text in "\\PC{0,14}") {
            let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            let ok = t.len() == 10 && t.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(SchoolCode::parse(&text).is_ok(), ok);
        }
    }
}
