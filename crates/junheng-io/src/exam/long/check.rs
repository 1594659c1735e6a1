//! The checks of one row of the long format, shared by the CSV and Parquet readers.

use junheng_core::exam::{Mark, PaperSpec, StudentKey, Tenths};
use junheng_core::student::StudentNumber;

use super::Sink;
use crate::exam::columns::*;
use crate::exam::wide::score_within;
use crate::exam::{STATUS_WORDS, ScoreLine, Student, codes, status_of};
use crate::guard::Capped;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};
use crate::table::write::looks_like_formula;

/// A score cell as the file holds it.
// Numbers come from Parquet columns only.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) enum RawScore<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// Whole points (an integer column).
    Whole(i64),
}

/// One row's cells, borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawRow<'a> {
    pub exam: &'a str,
    pub district: &'a str,
    pub school_code: &'a str,
    pub school_name: &'a str,
    pub class: &'a str,
    pub student: &'a str,
    pub subject: &'a str,
    pub score: RawScore<'a>,
    pub status: &'a str,
    /// 任课教师 (empty without the column).
    pub teacher: &'a str,
}

/// The checks of one row, with the issues found so far and the caches of the last row.
pub(crate) struct Checker<'p> {
    pub papers: &'p [PaperSpec],
    pub place: Place,
    pub issues: Capped,
    pub by_number: bool,
    last_paper: usize,
    /// The last 学籍号 checked, and its text.
    last_number: Option<(String, StudentNumber)>,
}

/// The first 128 bits of a 32- or 64-digit hexadecimal pseudonym.
pub(crate) fn key_of_hex(text: &str) -> Option<StudentKey> {
    let b = text.as_bytes();
    if b.len() != 32 && b.len() != 64 {
        return None;
    }
    let mut key: u128 = 0;
    for (i, &c) in b.iter().enumerate() {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        if i < 32 {
            key = (key << 4) | u128::from(d);
        }
    }
    Some(key)
}

/// A key as 32 lower-case hex digits.
pub(crate) fn hex_of_key(key: StudentKey, out: &mut [u8; 32]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = DIGITS[((key >> (124 - 4 * i)) & 0xF) as usize];
    }
}

/// What is wrong with a (trimmed) 班级, if anything: its code and message.
pub(crate) fn class_problem(class: &str) -> Option<(&'static str, String)> {
    let n = class.chars().count();
    Some(if class.is_empty() {
        (codes::REQUIRED_CELL_EMPTY, "「班级」不能为空".to_owned())
    } else if class.chars().any(char::is_control) {
        (
            codes::CONTROL_CHARACTER,
            "含有换行、制表符等控制字符，应只含可见字符".to_owned(),
        )
    } else if looks_like_formula(class) {
        (
            codes::TEXT_FORMULA,
            "班级以 = + - @ 开头，会被表格软件当作公式，应写作 3班、(3)班 等".to_owned(),
        )
    } else if n > crate::pupil::CLASS_MAX_CHARS {
        (
            codes::CLASS_INVALID,
            format!(
                "班级有 {n} 个字，应不超过 {} 个字",
                crate::pupil::CLASS_MAX_CHARS
            ),
        )
    } else {
        return None;
    })
}

/// What a row gave when it is valid.
pub(crate) struct Valid {
    pub paper: usize,
    pub mark: Mark,
    pub key: Option<StudentKey>,
}

impl<'p> Checker<'p> {
    pub fn new(papers: &'p [PaperSpec], place: Place, max_issues: usize) -> Self {
        Checker {
            papers,
            place,
            issues: Capped::new(max_issues),
            by_number: false,
            last_paper: 0,
            last_number: None,
        }
    }

    fn report(
        &mut self,
        row: u64,
        column: &str,
        value: Option<&str>,
        code: &'static str,
        m: String,
    ) {
        let place = &self.place;
        self.issues.push_with(|| {
            place.issue(
                code,
                Some(row as usize),
                Some(column),
                value.map(str::to_owned),
                m,
            )
        });
    }

    /// The 学籍号 of the last valid row (after [`Checker::check`] returned one in a 学籍号 file).
    pub fn number(&self) -> Option<&StudentNumber> {
        self.last_number.as_ref().map(|(_, n)| n)
    }

    /// Checks a row; every problem reported. `None` when anything is wrong.
    pub fn check(&mut self, row: u64, raw: &RawRow<'_>) -> Option<Valid> {
        let mut ok = true;
        let code = raw.school_code.trim();
        if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
            ok = false;
            let m = if code.is_empty() {
                "「学校标识码」不能为空，应为 10 位数字".to_owned()
            } else {
                "学校标识码应为 10 位数字".to_owned()
            };
            self.report(row, SCHOOL_CODE, Some(code), codes::SCHOOL_CODE_INVALID, m);
        }
        ok &= self.class(row, raw.class);
        let key = if self.by_number {
            ok &= self.number_ok(row, raw.student);
            None
        } else {
            let key = key_of_hex(raw.student.trim());
            if key.is_none() {
                ok = false;
                let m = "学生标识应为学籍库给出的 32 或 64 位十六进制匿名标识".into();
                self.report(
                    row,
                    STUDENT_ID,
                    Some(raw.student),
                    codes::STUDENT_ID_INVALID,
                    m,
                );
            }
            key
        };
        let teacher = raw.teacher.trim();
        if !teacher.is_empty()
            && let Err(e) = junheng_rotation::TeacherId::parse(teacher)
        {
            ok = false;
            let m = format!("{e}：应为这一科任课教师的教师编号（与教师名册一致），不清楚可留空");
            // A 身份证号 is never echoed.
            let shown =
                (e != junheng_rotation::TeacherIdError::LooksLikeNationalId).then_some(teacher);
            self.report(row, TEACHER, shown, codes::TEACHER_INVALID, m);
        }
        let paper = self.paper(raw.subject);
        if paper.is_none() {
            ok = false;
            let subjects: Vec<&str> = self.papers.iter().map(|p| p.subject.as_str()).collect();
            let m = format!("不是本次考试的科目；应为 {}", subjects.join("、"));
            self.report(row, SUBJECT, Some(raw.subject), codes::UNKNOWN_SUBJECT, m);
        }
        let status = match status_of(raw.status) {
            Ok(s) => s,
            Err(()) => {
                let m = format!("状态应为 {STATUS_WORDS}");
                self.report(row, STATUS, Some(raw.status), codes::STATUS_INVALID, m);
                return None;
            }
        };
        let shown = |s: &RawScore<'_>| match s {
            RawScore::Empty => None,
            RawScore::Text(t) => Some((*t).to_owned()),
            RawScore::Number(v) => Some(v.to_string()),
            RawScore::Whole(v) => Some(v.to_string()),
        };
        let score = match raw.score {
            RawScore::Empty => None,
            RawScore::Text(t) if t.trim().is_empty() => None,
            RawScore::Text(t) => Some(Tenths::parse(t)),
            RawScore::Number(v) => Some(Tenths::from_f64(v)),
            RawScore::Whole(v) => Some(
                u16::try_from(v)
                    .ok()
                    .filter(|v| *v <= Tenths::MAX.0 / 10)
                    .map(Tenths::points),
            ),
        };
        let mark = match (status, score) {
            (Some(mark), None | Some(Some(Tenths(0)))) => Some(mark),
            (Some(_), Some(_)) => {
                let m = "有缺考、免考或作弊状态的行不应有分数（可为空或 0）".into();
                let v = shown(&raw.score);
                self.report(row, SCORE, v.as_deref(), codes::SCORE_WITH_STATUS, m);
                None
            }
            (None, None) => {
                let m = format!("分数为空时，状态应为 {STATUS_WORDS} 之一（缺考、免考或作弊）");
                self.report(row, SCORE, None, codes::SCORE_MISSING, m);
                None
            }
            (None, Some(score)) => match paper.map(|p| score_within(score, &self.papers[p])) {
                Some(Ok(t)) => Some(Mark::Score(t)),
                Some(Err((code, m))) => {
                    let v = shown(&raw.score);
                    self.report(row, SCORE, v.as_deref(), code, m);
                    None
                }
                None => None,
            },
        };
        match (ok, paper, mark) {
            (true, Some(paper), Some(mark)) => Some(Valid { paper, mark, key }),
            _ => None,
        }
    }

    fn paper(&mut self, subject: &str) -> Option<usize> {
        let subject = subject.trim();
        if self.papers.get(self.last_paper)?.subject == subject {
            return Some(self.last_paper);
        }
        let p = self.papers.iter().position(|p| p.subject == subject)?;
        self.last_paper = p;
        Some(p)
    }

    fn class(&mut self, row: u64, class: &str) -> bool {
        let class = class.trim();
        match class_problem(class) {
            None => true,
            Some((code, m)) => {
                self.report(row, CLASS, Some(class), code, m);
                false
            }
        }
    }

    fn number_ok(&mut self, row: u64, text: &str) -> bool {
        if self.last_number.as_ref().is_some_and(|(t, _)| t == text) {
            return true;
        }
        match StudentNumber::parse(text) {
            Ok(n) => {
                self.last_number = Some((text.to_owned(), n));
                true
            }
            Err(e) => {
                self.last_number = None;
                let code = if e == junheng_core::student::NumberError::Check {
                    codes::NUMBER_CHECK
                } else {
                    codes::NUMBER_INVALID
                };
                let masked = junheng_core::privacy::mask(text);
                self.report(row, NUMBER, Some(&masked), code, e.to_string());
                false
            }
        }
    }

    /// Hands a valid row to the sink; a refusal is reported at the row.
    pub fn deliver(&mut self, row: u64, raw: &RawRow<'_>, valid: Valid, sink: &mut Sink<'_>) {
        let number;
        let student = match valid.key {
            Some(key) => Student::Key(key),
            None => {
                number = self.number().cloned();
                match &number {
                    Some(n) => Student::Number(n),
                    None => return,
                }
            }
        };
        let line = ScoreLine {
            row,
            exam: raw.exam.trim(),
            district: raw.district.trim(),
            school_code: raw.school_code.trim(),
            school_name: raw.school_name.trim(),
            class: raw.class.trim(),
            student,
            paper: valid.paper,
            mark: valid.mark,
            teacher: raw.teacher.trim(),
        };
        if let Err(refused) = sink(&line) {
            self.report(row, refused.column, None, refused.code, refused.message);
        }
    }

    /// The issues, or the warnings when there are none.
    pub fn finish(self, warnings: Vec<Issue>) -> Result<Vec<Issue>, ImportFailure> {
        if self.issues.list.is_empty() {
            return Ok(warnings);
        }
        Err(ImportFailure {
            issues: self
                .issues
                .into_list(codes::MORE_ISSUES, &self.place, "个问题"),
            warnings,
        })
    }
}
