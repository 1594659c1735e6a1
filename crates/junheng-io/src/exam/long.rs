//! The long format: its header, the checks of one row (shared by CSV and Parquet), the streaming
//! CSV reader and the CSV writer.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};
use junheng_core::exam::{Exam, Mark, PaperSpec, StudentKey, Tenths};
use junheng_core::student::StudentNumber;

use super::columns::*;
use super::wide::score_within;
use super::{Refused, STATUS_WORDS, ScoreLine, Student, codes, status_of};
use crate::guard::Capped;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};
use crate::table::write::looks_like_formula;

/// The sink a streaming reader hands each valid line to.
pub type Sink<'s> = dyn FnMut(&ScoreLine<'_>) -> Result<(), Refused> + 's;

/// The file columns of the long format's headers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    pub exam: Option<usize>,
    pub district: Option<usize>,
    pub school_code: usize,
    pub school_name: Option<usize>,
    pub class: usize,
    /// The student's column and whether it holds 学籍号 (else 学生标识).
    pub student: (usize, bool),
    pub subject: usize,
    pub score: usize,
    pub status: Option<usize>,
}

const KNOWN: [&str; 10] = [
    EXAM,
    DISTRICT,
    SCHOOL_CODE,
    SCHOOL_NAME,
    CLASS,
    NUMBER,
    STUDENT_ID,
    SUBJECT,
    SCORE,
    STATUS,
];

/// Maps the headers (trimmed; a UTF-8 BOM dropped) to the format's columns: duplicates, missing
/// columns and 身份证 columns are issues, unknown columns warnings.
pub(crate) fn layout(
    headers: &[String],
    place: &Place,
    issues: &mut Capped,
    warnings: &mut Vec<Issue>,
) -> Option<Layout> {
    let find = |name: &str| headers.iter().position(|h| h == name);
    for (j, h) in headers.iter().enumerate() {
        if h.contains("身份证") {
            issues.push_with(|| {
                place.issue(
                    codes::NATIONAL_ID_COLUMN,
                    Some(1),
                    Some(h),
                    None,
                    "请不要上传身份证号列，学籍号已含所需信息；删除该列后重新导入，本次未读取文件内容"
                        .into(),
                )
            });
        } else if find(h) != Some(j) && !h.is_empty() {
            issues.push_with(|| {
                place.issue(
                    codes::DUPLICATE_COLUMN,
                    Some(1),
                    Some(h),
                    None,
                    format!("表头「{h}」出现了两次，每列只能出现一次"),
                )
            });
        } else if !KNOWN.contains(&h.as_str()) && warnings.len() < 100 {
            warnings.push(place.issue(
                codes::UNKNOWN_COLUMN,
                Some(1),
                Some(h),
                None,
                format!("「{h}」不是成绩长表的列，已忽略"),
            ));
        }
    }
    let mut required = |name: &'static str| {
        let j = find(name);
        if j.is_none() {
            issues.push_with(|| {
                place.issue(
                    codes::REQUIRED_COLUMN_MISSING,
                    None,
                    Some(name),
                    None,
                    format!("缺少必填列「{name}」；表头须位于第一行，且与格式说明的列名完全一致"),
                )
            });
        }
        j
    };
    let school_code = required(SCHOOL_CODE);
    let class = required(CLASS);
    let subject = required(SUBJECT);
    let score = required(SCORE);
    let student = match (find(NUMBER), find(STUDENT_ID)) {
        (Some(j), None) => Some((j, true)),
        (None, Some(j)) => Some((j, false)),
        (both, _) => {
            let message = if both.is_some() {
                "「学籍号」和「学生标识」只能有一列：已匿名化的文件只保留学生标识"
            } else {
                "缺少学生列：应有「学生标识」（学籍库的匿名标识，32 或 64 位十六进制）或「学籍号」"
            };
            issues.push_with(|| {
                place.issue(
                    codes::STUDENT_COLUMN_MISSING,
                    None,
                    Some(STUDENT_ID),
                    None,
                    message.into(),
                )
            });
            None
        }
    };
    if !issues.list.is_empty() || issues.dropped > 0 {
        return None;
    }
    Some(Layout {
        exam: find(EXAM),
        district: find(DISTRICT),
        school_code: school_code?,
        school_name: find(SCHOOL_NAME),
        class: class?,
        student: student?,
        subject: subject?,
        score: score?,
        status: find(STATUS),
    })
}

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

/// The longest CSV record read (bytes): a longer one is not a score row.
const MAX_RECORD_BYTES: usize = 64 << 10;

fn unreadable(place: &Place, message: String) -> ImportFailure {
    ImportFailure {
        issues: vec![place.file_issue(codes::FILE_UNREADABLE, message)],
        warnings: Vec::new(),
    }
}

/// Streams a long CSV file (UTF-8, with or without BOM; comma, semicolon or tab) into `sink`,
/// one call per valid row, in file order. Every problem is reported (up to
/// [`crate::Limits::max_issues`], the rest counted) and the reading goes on to the end, so the
/// sink may have received lines of a file that fails: it must stage them. Returns the warnings.
pub fn read_long_csv(
    path: &Path,
    papers: &[PaperSpec],
    sink: &mut Sink<'_>,
) -> Result<Vec<Issue>, ImportFailure> {
    let place = Place {
        file: crate::school::file_name(path),
        sheet: None,
    };
    let file = File::open(path).map_err(|e| unreadable(&place, format!("无法打开文件：{e}")))?;
    let mut input = BufReader::with_capacity(1 << 20, file);
    let mut head = Vec::with_capacity(4096);
    (&mut input)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| unreadable(&place, format!("无法读取文件：{e}")))?;
    let delimiter = crate::school::csv::sniff_delimiter(&head);
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head).to_vec();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 20)
        .from_reader(io::Cursor::new(body).chain(input));
    let mut checker = Checker::new(papers, place.clone(), crate::Limits::default().max_issues);
    let mut warnings = Vec::new();
    let mut record = ByteRecord::new();
    let mut layout: Option<Layout> = None;
    let stop = |place: &Place, e: csv::Error| {
        unreadable(
            place,
            format!("无法读取 CSV 文件：{e}；请用 UTF-8 编码另存为 CSV"),
        )
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(stop(&place, e)),
        }
        let row = record.position().map_or(0, |p| p.line());
        if record.as_slice().len() > MAX_RECORD_BYTES {
            return Err(ImportFailure {
                issues: vec![place.issue(
                    codes::CELL_TOO_LONG,
                    Some(row as usize),
                    None,
                    None,
                    "这一行过长，不是成绩行；请确认选对了文件".into(),
                )],
                warnings,
            });
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let Ok(fields) = fields else {
            let issue = place.issue(
                codes::ENCODING_INVALID,
                Some(row as usize),
                None,
                None,
                "这一行不是 UTF-8 文字；请用 UTF-8 编码另存为 CSV 后重新导入".into(),
            );
            checker.issues.push_with(|| issue);
            continue;
        };
        let Some(l) = layout else {
            let headers: Vec<String> = fields
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
                .collect();
            let found = layout_or_fail(&headers, &place, &mut checker, &mut warnings)?;
            layout = Some(found);
            continue;
        };
        let at = |j: Option<usize>| j.and_then(|j| fields.get(j).copied()).unwrap_or("");
        let raw = RawRow {
            exam: at(l.exam),
            district: at(l.district),
            school_code: at(Some(l.school_code)),
            school_name: at(l.school_name),
            class: at(Some(l.class)),
            student: at(Some(l.student.0)),
            subject: at(Some(l.subject)),
            score: match at(Some(l.score)) {
                "" => RawScore::Empty,
                t => RawScore::Text(t),
            },
            status: at(l.status),
        };
        if let Some(valid) = checker.check(row, &raw) {
            checker.deliver(row, &raw, valid, sink);
        }
    }
    if layout.is_none() {
        return Err(ImportFailure {
            issues: vec![place.file_issue(
                codes::FILE_EMPTY,
                "文件是空的：第一行应为表头，其后每行一条成绩".into(),
            )],
            warnings,
        });
    }
    checker.finish(warnings)
}

/// The layout of the headers, or every header problem.
pub(crate) fn layout_or_fail(
    headers: &[String],
    place: &Place,
    checker: &mut Checker<'_>,
    warnings: &mut Vec<Issue>,
) -> Result<Layout, ImportFailure> {
    let mut issues = Capped::new(crate::Limits::default().max_issues);
    match layout(headers, place, &mut issues, warnings) {
        Some(l) => {
            checker.by_number = l.student.1;
            Ok(l)
        }
        None => Err(ImportFailure {
            issues: issues.into_list(codes::MORE_ISSUES, place, "个问题"),
            warnings: std::mem::take(warnings),
        }),
    }
}

/// The long format's headers as the writers write them.
pub(crate) const WRITTEN: [&str; 9] = [
    EXAM,
    DISTRICT,
    SCHOOL_CODE,
    SCHOOL_NAME,
    CLASS,
    STUDENT_ID,
    SUBJECT,
    SCORE,
    STATUS,
];

/// A text as a CSV field: quoted when it holds a delimiter, quote or line break; a leading
/// formula character neutralised.
fn field(text: &str) -> String {
    let text = crate::table::write::neutralise(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// Writes a score in points (`86`, `86.5`).
pub(crate) fn push_score(out: &mut Vec<u8>, t: Tenths) {
    let mut buf = [0u8; 8];
    let mut v = t.0 / 10;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
    if !t.0.is_multiple_of(10) {
        out.push(b'.');
        out.push(b'0' + (t.0 % 10) as u8);
    }
}

/// Writes exams (each with its name, the 考试 column) as one long CSV file, UTF-8 with BOM and
/// CRLF, a row per student and paper in roster order (students without a row for a paper give
/// none). Returns the rows written.
pub fn write_long_csv(path: &Path, exams: &[(&str, &Exam)]) -> io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    out.write_all(b"\xEF\xBB\xBF")?;
    out.write_all(WRITTEN.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    let mut rows = 0u64;
    let mut line = Vec::with_capacity(256);
    for (name, exam) in exams {
        let name = field(name);
        let districts: Vec<String> = exam.districts().iter().map(|d| field(d)).collect();
        let schools: Vec<String> = exam
            .schools()
            .iter()
            .map(|s| {
                let d = districts
                    .get(s.district as usize)
                    .map_or("", String::as_str);
                format!("{name},{d},{},{}", field(&s.code), field(&s.name))
            })
            .collect();
        let classes: Vec<String> = exam
            .classes()
            .iter()
            .map(|c| format!("{},{}", schools[c.school as usize], field(&c.name)))
            .collect();
        let subjects: Vec<String> = exam.papers().iter().map(|p| field(&p.subject)).collect();
        let mut hex = [0u8; 32];
        for i in 0..exam.students() {
            let prefix = classes[exam.class_of()[i] as usize].as_bytes();
            hex_of_key(exam.keys()[i], &mut hex);
            for (p, subject) in subjects.iter().enumerate() {
                let Some(mark) = exam.cells(p)[i].mark() else {
                    continue;
                };
                line.clear();
                line.extend_from_slice(prefix);
                line.push(b',');
                line.extend_from_slice(&hex);
                line.push(b',');
                line.extend_from_slice(subject.as_bytes());
                line.push(b',');
                match mark {
                    Mark::Score(t) => {
                        push_score(&mut line, t);
                        line.push(b',');
                    }
                    Mark::Absent => line.extend_from_slice(",缺考".as_bytes()),
                    Mark::Exempt => line.extend_from_slice(",免考".as_bytes()),
                    Mark::Cheat => line.extend_from_slice(",作弊".as_bytes()),
                }
                line.extend_from_slice(b"\r\n");
                out.write_all(&line)?;
                rows += 1;
            }
        }
    }
    out.flush()?;
    Ok(rows)
}
