//! The validated values a package names: the district's code and times.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 行政区划代码 of a district (区县): six ASCII digits, not `000000` (the placeholder of a store
/// whose district is not yet named).
///
/// ```
/// use junheng_io::package::DistrictCode;
/// assert_eq!(DistrictCode::parse("500112").unwrap().as_str(), "500112");
/// assert!(DistrictCode::parse("000000").is_err());
/// assert!(DistrictCode::parse("50011").is_err());
/// assert!(DistrictCode::parse("５００１１２").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DistrictCode(String);

impl DistrictCode {
    /// Parses a code: exactly six ASCII digits, not all zero. Nothing is trimmed: a code comes
    /// from a flag or a file the program wrote.
    pub fn parse(text: &str) -> Result<DistrictCode, String> {
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "区县代码「{}」应为 6 位数字（行政区划代码，如 500112）",
                crate::guard::shown(text)
            ));
        }
        if text == "000000" {
            return Err(
                "区县代码 000000 是未设置时的占位值；请使用本区县的行政区划代码（如 500112）"
                    .to_owned(),
            );
        }
        Ok(DistrictCode(text.to_owned()))
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DistrictCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DistrictCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DistrictCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A time as the store writes it: RFC 3339 UTC with milliseconds, fixed width
/// (`2025-03-01T08:30:00.000Z`), so that text order is time order.
///
/// ```
/// use junheng_io::package::Timestamp;
/// let t = Timestamp::parse("2025-03-01T08:30:00.000Z").unwrap();
/// assert!(t < Timestamp::parse("2025-03-01T08:30:00.001Z").unwrap());
/// assert!(Timestamp::parse("2025-02-30T08:30:00.000Z").is_err());
/// assert!(Timestamp::parse("2025-03-01T08:30:00Z").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(String);

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS.mmmZ` (a real calendar day, hours 00–23, minutes and seconds
    /// 00–59).
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let wrong = || {
            format!(
                "时间「{}」应写作 UTC 的 YYYY-MM-DDTHH:MM:SS.mmmZ（如 2025-03-01T08:30:00.000Z）",
                crate::guard::shown(text)
            )
        };
        let b = text.as_bytes();
        if b.len() != 24 {
            return Err(wrong());
        }
        let shape = b"dddd-dd-ddTdd:dd:dd.dddZ";
        let fits = b.iter().zip(shape).all(|(c, s)| match s {
            b'd' => c.is_ascii_digit(),
            _ => c == s,
        });
        if !fits {
            return Err(wrong());
        }
        let n = |from: usize, to: usize| -> u32 { text[from..to].parse().expect("checked digits") };
        let real_day = junheng_core::date::is_real_day(i64::from(n(0, 4)), n(5, 7), n(8, 10));
        if !real_day || n(11, 13) > 23 || n(14, 16) > 59 || n(17, 19) > 59 {
            return Err(wrong());
        }
        Ok(Timestamp(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Whether `text` holds a control character (U+0000–U+001F, U+007F–U+009F), which no text of a
/// manifest may: the canonical JSON then escapes only `"` and `\`.
pub(crate) fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every real time of the fixed width parses, and only those.
        #[test]
        fn timestamps_parse_exactly_the_fixed_width(
            days in 0i64..80_000, secs in 0u32..86_400, millis in 0u32..1000,
        ) {
            let (y, m, d) = junheng_core::date::civil_from_days(days);
            let text = format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
                secs / 3600, secs % 3600 / 60, secs % 60
            );
            let parsed = Timestamp::parse(&text).unwrap();
            prop_assert_eq!(parsed.as_str(), text.as_str());
            prop_assert!(Timestamp::parse(&text.replace('Z', "+08:00")).is_err());
            prop_assert!(Timestamp::parse(&text[..23]).is_err());
        }

        /// A district code is six digits and nothing else.
        #[test]
        fn district_codes_are_six_digits(text in "\\PC{0,8}") {
            let ok = text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) && text != "000000";
            prop_assert_eq!(DistrictCode::parse(&text).is_ok(), ok);
        }
    }

    #[test]
    fn impossible_times_are_refused() {
        for bad in [
            "2025-13-01T00:00:00.000Z",
            "2025-02-29T00:00:00.000Z",
            "2025-03-01T24:00:00.000Z",
            "2025-03-01T23:60:00.000Z",
            "2025-03-01 23:00:00.000Z",
            "２025-03-01T23:00:00.000Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert!(Timestamp::parse("2024-02-29T23:59:59.999Z").is_ok());
        assert!(has_control("a\u{7f}") && has_control("\n") && !has_control("渝北区"));
    }
}
