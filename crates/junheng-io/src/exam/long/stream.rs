//! The long format as CSV: the streaming reader and the writer.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use ::csv::{ByteRecord, ReaderBuilder};
use junheng_core::exam::{Exam, Mark, PaperSpec, Tenths};

use super::{
    Checker, Layout, RawRow, RawScore, Sink, WRITTEN, hex_of_key, layout_or_fail, unreadable,
};
use crate::exam::codes;
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};

/// The longest CSV record read (bytes): a longer one is not a score row.
const MAX_RECORD_BYTES: usize = 64 << 10;

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
            teacher: at(l.teacher),
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
