//! Text as WordprocessingML holds it: characters XML 1.0 forbids dropped, the rest escaped, line
//! breaks and tabs as their own elements; and the Chinese numerals headings are numbered with.

use super::Run;

/// The text as a document keeps it: `\r\n` and a lone `\r` become `\n`; the characters XML 1.0
/// forbids (controls other than `\t` and `\n`, U+FFFE, U+FFFF) are dropped.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped for element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// The inside of a run (after its properties): `w:t` pieces with `w:br` for `\n` and `w:tab`
/// for `\t`. The text is cleaned first.
pub(super) fn run_content(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(&format!(
                    "<w:t xml:space=\"preserve\">{}</w:t>",
                    escape(piece)
                ));
            }
        }
    }
    out
}

/// A run: its properties (bold, italic, size, colour) and its text.
pub(super) fn run(r: &Run) -> String {
    let mut props = String::new();
    if r.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if r.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    if let Some(c) = r
        .colour
        .as_deref()
        .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        props.push_str(&format!("<w:color w:val=\"{}\"/>", c.to_ascii_uppercase()));
    }
    if let Some(size) = r.size.filter(|s| *s > 0) {
        props.push_str(&format!(
            "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
        ));
    }
    let props = if props.is_empty() {
        props
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!("<w:r>{props}{}</w:r>", run_content(&r.text))
}

/// `n` in Chinese numerals, as headings are numbered (1 → 一, 10 → 十, 12 → 十二, 20 → 二十,
/// 105 → 一百零五); 0 → 〇, and from 1000 on Arabic digits.
pub fn numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS[d as usize];
    match n {
        0..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n % 10) }),
        20..=99 => {
            let ones = if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            };
            format!("{}十{ones}", digit(n / 10))
        }
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", digit(rest)),
                10..=19 => format!("一{}", numeral(rest)),
                _ => numeral(rest),
            };
            format!("{}百{tail}", digit(n / 100))
        }
        _ => n.to_string(),
    }
}
