//! One cell as read from a CSV field or a spreadsheet cell, and allocation-free number parsing.

use std::borrow::Cow;

/// A cell of the template, independent of the file format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Nothing, or only spaces.
    Empty,
    /// Text, trimmed, not empty.
    Text(&'a str),
    /// A spreadsheet number cell (never produced by CSV).
    Number(f64),
    /// A spreadsheet error value such as `#DIV/0!` (also recognised as text in CSV).
    Error(Cow<'a, str>),
    /// Bytes that are not valid in the file's encoding (shown with replacement characters).
    Undecodable(String),
    /// Something else a spreadsheet can hold: what it is (日期, 逻辑值 …) and how it shows.
    Other(&'static str, Cow<'a, str>),
}

/// Trims ASCII, full-width (U+3000) and other Unicode spaces, and stray byte-order marks.
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    // Fast path: most fields start and end with a visible ASCII character.
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return text;
    }
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Error values a spreadsheet shows (and writes into CSV exports).
const ERROR_LITERALS: [&str; 11] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#DATA!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

impl<'a> Cell<'a> {
    /// Classifies a text field (CSV, or a spreadsheet text cell). A text our CSV writers
    /// neutralised against formula injection (`'=…`, see `table::write::neutralise`) is read
    /// back as it was: without its first apostrophe.
    pub fn from_text(text: &'a str) -> Self {
        let mut t = trim(text);
        if let Some(rest) = t.strip_prefix('\'')
            && crate::table::write::looks_like_formula(rest)
        {
            t = trim(rest);
        }
        if t.is_empty() {
            Cell::Empty
        } else if t.starts_with('#') && ERROR_LITERALS.iter().any(|e| e.eq_ignore_ascii_case(t)) {
            Cell::Error(Cow::Borrowed(t))
        } else {
            Cell::Text(t)
        }
    }

    /// How the cell shows, for messages (`None` when empty).
    pub fn shown(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(t) => Some((*t).to_owned()),
            Cell::Number(v) => Some(format_number(*v)),
            Cell::Error(e) => Some(e.to_string()),
            Cell::Undecodable(t) => Some(t.clone()),
            Cell::Other(_, shown) => Some(shown.to_string()),
        }
    }
}

/// Formats a number as a person would type it: integers without a fraction.
pub(crate) fn format_number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Parses a number typed as text: `12`, `12.0`, `-3`, `1.5e3`, `1,234.5` (thousands separators
/// in groups of three). `inf`/`NaN` parse to non-finite values so the caller can name them.
/// Never allocates.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    // Fast path: plain digits.
    if !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        let mut v: u64 = 0;
        for &d in b {
            v = v * 10 + u64::from(d - b'0');
        }
        return Some(v as f64);
    }
    if let Some(v) = short_decimal(b) {
        return Some(v);
    }
    if b.contains(&b',') {
        return parse_grouped(b);
    }
    text.parse::<f64>().ok()
}

/// Powers of ten a double holds exactly.
const EXACT_POWERS: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `digits.digits` with at most 15 digits in all, as `str::parse` reads it: the digits form an
/// integer below 2⁵³ and the divisor is an exact power of ten, so the one rounding of the
/// division is the correct rounding of the decimal (the classic fast path of decimal parsing).
fn short_decimal(b: &[u8]) -> Option<f64> {
    if b.len() > 16 {
        return None;
    }
    let dot = b.iter().position(|&c| c == b'.')?;
    let (whole, fraction) = (&b[..dot], &b[dot + 1..]);
    if whole.is_empty() || fraction.is_empty() {
        return None;
    }
    let mut v = 0u64;
    for &c in whole.iter().chain(fraction) {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        v = v * 10 + u64::from(digit);
    }
    Some(v as f64 / EXACT_POWERS[fraction.len()])
}

/// Parses a number with `,` thousands separators, copying it without them to the stack.
fn parse_grouped(b: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 64];
    if b.len() > buf.len() {
        return None;
    }
    let (sign, digits) = match b.first() {
        Some(b'-' | b'+') => (&b[..1], &b[1..]),
        _ => (&b[..0], b),
    };
    let int_end = digits
        .iter()
        .position(|&c| c == b'.')
        .unwrap_or(digits.len());
    let (int, frac) = digits.split_at(int_end);
    let mut groups = int.split(|&c| c == b',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut n = 0;
    for part in [sign, first] {
        buf[n..n + part.len()].copy_from_slice(part);
        n += part.len();
    }
    for group in groups {
        if group.len() != 3 || !group.iter().all(u8::is_ascii_digit) {
            return None;
        }
        buf[n..n + 3].copy_from_slice(group);
        n += 3;
    }
    if frac.contains(&b',') {
        return None;
    }
    buf[n..n + frac.len()].copy_from_slice(frac);
    n += frac.len();
    std::str::from_utf8(&buf[..n]).ok()?.parse().ok()
}

/// Tolerance under which a number counts as whole (formulas leave 12.000000000000002).
const WHOLE_EPSILON: f64 = 1e-9;

/// `Some(rounded)` when `v` is a whole number (within floating-point noise).
pub(crate) fn as_whole(v: f64) -> Option<f64> {
    let r = v.round();
    ((v - r).abs() <= WHOLE_EPSILON).then_some(if r == 0.0 { 0.0 } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast path for short decimals reads every one exactly as `str::parse` does.
        #[test]
        fn short_decimals_read_as_the_standard_parser_reads_them(
            whole in "[0-9]{1,14}",
            fraction in "[0-9]{1,14}",
        ) {
            let text = format!("{whole}.{fraction}");
            let expected = text.parse::<f64>().unwrap();
            prop_assert_eq!(parse_number(&text), Some(expected));
            if text.len() <= 16 {
                prop_assert_eq!(short_decimal(text.as_bytes()).map(f64::to_bits), Some(expected.to_bits()));
            }
        }
    }

    #[test]
    fn short_decimals_leave_other_forms_to_the_full_parser() {
        for text in [
            "1.",
            ".5",
            "1.2.3",
            "-1.5",
            "1e3",
            "0.1234567890123456",
            "1 .5",
        ] {
            assert_eq!(short_decimal(text.as_bytes()), None, "{text}");
        }
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        assert_eq!(parse_number("12.50"), Some(12.5));
        assert_eq!(parse_number("0.1"), Some(0.1));
    }

    #[test]
    fn trims_all_kinds_of_spaces() {
        assert_eq!(trim("  学年\u{3000}"), "学年");
        assert_eq!(trim("\u{feff}学年"), "学年");
        assert_eq!(trim("\t12 "), "12");
        assert_eq!(trim("12"), "12");
        assert_eq!(trim("\u{a0}"), "");
    }

    #[test]
    fn classifies_text() {
        assert_eq!(Cell::from_text(" \u{3000}"), Cell::Empty);
        assert_eq!(Cell::from_text(" 12 "), Cell::Text("12"));
        assert_eq!(
            Cell::from_text("#DIV/0!"),
            Cell::Error(Cow::Borrowed("#DIV/0!"))
        );
        assert_eq!(Cell::from_text("#n/a"), Cell::Error(Cow::Borrowed("#n/a")));
        assert_eq!(Cell::from_text("#3 楼"), Cell::Text("#3 楼"));
        // Neutralised formulas read back as written, apostrophes of other texts stay.
        assert_eq!(Cell::from_text("'=1+2"), Cell::Text("=1+2"));
        assert_eq!(Cell::from_text("''=1+2"), Cell::Text("'=1+2"));
        assert_eq!(Cell::from_text("'-3"), Cell::Text("-3"));
        assert_eq!(Cell::from_text("'\tx"), Cell::Text("x"));
        assert_eq!(Cell::from_text("'5001120001"), Cell::Text("'5001120001"));
    }

    #[test]
    fn parses_numbers_as_typed() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("0012"), Some(12.0));
        assert_eq!(parse_number("12.0"), Some(12.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("1.5e3"), Some(1500.0));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("-12,345,678"), Some(-12_345_678.0));
        assert_eq!(parse_number("1,23"), None);
        assert_eq!(parse_number(",123"), None);
        assert_eq!(parse_number("1234,567"), None);
        assert_eq!(parse_number("1.5,0"), None);
        assert_eq!(parse_number("十二"), None);
        assert_eq!(parse_number("12人"), None);
        assert!(parse_number("inf").unwrap().is_infinite());
        assert!(parse_number("NaN").unwrap().is_nan());
        assert_eq!(
            parse_number("123456789012345678"),
            Some(123456789012345678.0)
        );
    }

    #[test]
    fn whole_numbers_tolerate_formula_noise() {
        assert_eq!(as_whole(12.0), Some(12.0));
        assert_eq!(as_whole(0.1 * 120.0), Some(12.0));
        assert_eq!(as_whole(12.5), None);
        assert_eq!(as_whole(-0.0).map(f64::is_sign_negative), Some(false));
    }

    #[test]
    fn formats_numbers_like_a_person() {
        assert_eq!(format_number(5001120001.0), "5001120001");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(f64::INFINITY), "inf");
    }
}
