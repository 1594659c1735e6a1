//! The 学籍号 (national student number): `G` and the child's 18-character 居民身份证号, or `L` and a
//! temporary number while the child has no ID number. It is the one place an ID-shaped value is
//! accepted (and only by the student importer); everywhere else [`crate::privacy`] refuses one.

use std::fmt;

use serde::Serialize;

use crate::privacy::{check_character, is_id18};

/// The shortest and longest temporary number after `L`: provinces issue numbers of different
/// lengths, so this is deliberately lenient.
const TEMPORARY_LEN: std::ops::RangeInclusive<usize> = 6..=30;

/// What a 学籍号 is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// `G` + 居民身份证号.
    National,
    /// `L` + a temporary number.
    Temporary,
}

/// Why a text is not a 学籍号.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Neither `G` nor `L` first.
    #[error("学籍号应以 G（全国学籍号：G + 身份证号）或 L（临时学籍号）开头")]
    Prefix,
    /// `G` and not 18 characters of an ID number's structure.
    #[error("全国学籍号应为 G 加 18 位身份证号（17 位数字和 1 位数字或 X），出生日期应为真实日期")]
    Shape,
    /// The ID number's check character is wrong.
    #[error("全国学籍号中身份证号的校验位不对，请核对后重填")]
    Check,
    /// `L` and not 6–30 letters or digits.
    #[error("临时学籍号应为 L 加 6 到 30 位字母或数字")]
    Temporary,
}

/// A checked 学籍号, upper case, without spaces.
///
/// It identifies a child: it is encrypted at rest, shown only [`StudentNumber::masked`] and only
/// to the roles that care for the child, and never written to logs. Its [`fmt::Debug`] is masked
/// too, so that a stray `{:?}` cannot leak it.
///
/// ```
/// use junheng_core::student::{NumberKind, StudentNumber};
/// let n = StudentNumber::parse(" g11010120150307777x ").unwrap_err(); // check character
/// let g = StudentNumber::parse("G110101201503077770").unwrap();
/// assert_eq!(g.kind(), NumberKind::National);
/// assert_eq!(g.birth_date().as_deref(), Some("2015-03-07"));
/// assert_eq!(g.masked(), "G1101**********7770");
/// assert_eq!(format!("{g:?}"), "StudentNumber(G1101**********7770)");
/// let l = StudentNumber::parse("L5001122024000123").unwrap();
/// assert_eq!((l.kind(), l.birth_date()), (NumberKind::Temporary, None));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StudentNumber(String);

impl StudentNumber {
    /// Checks a 学籍号 as written in a file (spaces around it and lower case accepted).
    pub fn parse(text: &str) -> Result<StudentNumber, NumberError> {
        let text: String = text.trim().to_ascii_uppercase();
        let bytes = text.as_bytes();
        match bytes.first() {
            Some(b'G') => {
                let id = &bytes[1..];
                if id.len() != 18 || !is_id18(id) {
                    return Err(NumberError::Shape);
                }
                if check_character(&id[..17]) != Some(id[17]) {
                    return Err(NumberError::Check);
                }
            }
            Some(b'L') => {
                let rest = &bytes[1..];
                if !TEMPORARY_LEN.contains(&rest.len())
                    || !rest.iter().all(u8::is_ascii_alphanumeric)
                {
                    return Err(NumberError::Temporary);
                }
            }
            _ => return Err(NumberError::Prefix),
        }
        Ok(StudentNumber(text))
    }

    /// The national 学籍号 of a child born on `birth` (`YYYY-MM-DD`) in region `region` (6
    /// digits), with sequence `seq` (0–999: its last digit odd for a boy) — what a generator of
    /// demo and test data needs; `None` when the parts do not form an ID number.
    ///
    /// ```
    /// use junheng_core::student::StudentNumber;
    /// let n = StudentNumber::national("500112", "2015-03-07", 123).unwrap();
    /// assert_eq!(n.birth_date().as_deref(), Some("2015-03-07"));
    /// assert_eq!(n.male(), Some(true));
    /// assert_eq!(StudentNumber::parse(n.expose()), Ok(n));
    /// ```
    pub fn national(region: &str, birth: &str, seq: u16) -> Option<StudentNumber> {
        let digits = format!("{region}{}{:03}", birth.replace('-', ""), seq);
        let check = check_character(digits.as_bytes())?;
        StudentNumber::parse(&format!("G{digits}{}", char::from(check))).ok()
    }

    /// National or temporary.
    pub fn kind(&self) -> NumberKind {
        if self.0.starts_with('G') {
            NumberKind::National
        } else {
            NumberKind::Temporary
        }
    }

    /// The birth date in a national number, `YYYY-MM-DD`, to check against the 出生日期 column.
    pub fn birth_date(&self) -> Option<String> {
        (self.kind() == NumberKind::National)
            .then(|| format!("{}-{}-{}", &self.0[7..11], &self.0[11..13], &self.0[13..15]))
    }

    /// Whether a national number says male (odd 17th digit of the ID number), to check against
    /// the 性别 column; `None` for a temporary number.
    pub fn male(&self) -> Option<bool> {
        (self.kind() == NumberKind::National).then(|| (self.0.as_bytes()[17] - b'0') % 2 == 1)
    }

    /// What may be shown: the prefix and the region's first four digits (the county is not
    /// shown), the rest starred but the last four characters — e.g. `G1101**********7770`.
    pub fn masked(&self) -> String {
        let n = self.0.chars().count();
        let keep_head = 5.min(n);
        let keep_tail = 4.min(n - keep_head);
        let head: String = self.0.chars().take(keep_head).collect();
        let tail: String = self.0.chars().skip(n - keep_tail).collect();
        format!("{head}{}{tail}", "*".repeat(n - keep_head - keep_tail))
    }

    /// The whole number, for the one purpose of encrypting it or keying it (never to show).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StudentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StudentNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A national number from a region, a birth day and a sequence, with its right check.
    fn national(region: u32, y: u32, m: u32, d: u32, seq: u32) -> String {
        let first = format!("{region:06}{y:04}{m:02}{d:02}{seq:03}");
        let check = check_character(first.as_bytes()).unwrap() as char;
        format!("G{first}{check}")
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        assert_eq!(StudentNumber::parse(""), Err(NumberError::Prefix));
        assert_eq!(
            StudentNumber::parse("110101201503077772"),
            Err(NumberError::Prefix)
        );
        assert_eq!(
            StudentNumber::parse("G11010120150307777"),
            Err(NumberError::Shape)
        );
        assert_eq!(
            StudentNumber::parse("G110101201502307772"),
            Err(NumberError::Shape)
        ); // 2-30
        assert_eq!(
            StudentNumber::parse("G990101201503077772"),
            Err(NumberError::Shape)
        ); // region
        assert_eq!(
            StudentNumber::parse("G110101201503077773"),
            Err(NumberError::Check)
        );
        assert_eq!(StudentNumber::parse("L12345"), Err(NumberError::Temporary));
        assert_eq!(
            StudentNumber::parse("L1234-567"),
            Err(NumberError::Temporary)
        );
        assert!(StudentNumber::parse("l123456").is_ok());
    }

    #[test]
    fn sex_and_birth_come_from_the_id_number() {
        let boy = StudentNumber::parse(&national(500112, 2016, 2, 29, 131)).unwrap();
        assert_eq!(boy.birth_date().as_deref(), Some("2016-02-29"));
        assert_eq!(boy.male(), Some(true));
        let girl = StudentNumber::parse(&national(500112, 2016, 2, 29, 132)).unwrap();
        assert_eq!(girl.male(), Some(false));
    }

    proptest! {
        #[test]
        fn every_valid_number_parses_and_its_mask_hides_the_middle(
            region in prop::sample::select(vec![110101u32, 500112, 510107, 650102]),
            y in 2005u32..2022, m in 1u32..13, d in 1u32..29, seq in 0u32..1000,
        ) {
            let text = national(region, y, m, d, seq);
            let n = StudentNumber::parse(&text).unwrap();
            prop_assert_eq!(n.expose(), text.as_str());
            let masked = n.masked();
            prop_assert_eq!(masked.len(), text.len());
            prop_assert!(!masked.contains(&text[5..15]));
            let debug = format!("{n:?}");
            prop_assert!(!debug.contains(&text[5..15]));
            // Any other check character is refused.
            for c in b"0123456789X".iter().filter(|&&c| c != text.as_bytes()[18]) {
                let wrong = format!("{}{}", &text[..18], *c as char);
                prop_assert_eq!(StudentNumber::parse(&wrong), Err(NumberError::Check));
            }
        }
    }
}
