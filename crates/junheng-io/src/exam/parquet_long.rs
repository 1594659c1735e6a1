//! The long format as Parquet, through the `parquet` crate's low-level column API (no Arrow):
//! text columns BYTE_ARRAY (dictionary-encoded or plain), 分数 DOUBLE, FLOAT, INT32 or INT64
//! (whole points) or text, 状态 text; nulls where a column is OPTIONAL. Read row group by row
//! group in batches, each row's text borrowed from the decoded pages.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use junheng_core::exam::{Exam, Mark, PaperSpec};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{
    ByteArray, ByteArrayType, DataType, DoubleType, FloatType, Int32Type, Int64Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use super::columns::{SCORE, STATUS, STUDENT_ID};
use super::load::{Assembler, LoadedExam};
use super::long::{Checker, Layout, RawRow, RawScore, Sink, WRITTEN, hex_of_key, layout_or_fail};
use super::{Registry, codes};
use crate::school::issue::Place;
use crate::school::{ImportFailure, Issue};

/// Records decoded per column at a time.
const BATCH: usize = 8192;

/// One column's reader and its decoded batch.
enum Col {
    Text(Batch<ByteArrayType>),
    Double(Batch<DoubleType>),
    Float(Batch<FloatType>),
    Int32(Batch<Int32Type>),
    Int64(Batch<Int64Type>),
}

struct Batch<T: DataType> {
    reader: ColumnReaderImpl<T>,
    nullable: bool,
    def: Vec<i16>,
    values: Vec<T::T>,
    /// Per record of the batch, its value's index (`u32::MAX`: null).
    at: Vec<u32>,
}

impl<T: DataType> Batch<T> {
    fn new(reader: ColumnReaderImpl<T>, nullable: bool) -> Self {
        Batch {
            reader,
            nullable,
            def: Vec::with_capacity(BATCH),
            values: Vec::with_capacity(BATCH),
            at: Vec::with_capacity(BATCH),
        }
    }

    fn fill(&mut self) -> parquet::errors::Result<usize> {
        self.def.clear();
        self.values.clear();
        self.at.clear();
        let def = self.nullable.then_some(&mut self.def);
        let (records, _, _) = self
            .reader
            .read_records(BATCH, def, None, &mut self.values)?;
        if self.nullable {
            let mut next = 0u32;
            for &d in &self.def {
                if d > 0 {
                    self.at.push(next);
                    next += 1;
                } else {
                    self.at.push(u32::MAX);
                }
            }
        } else {
            self.at.extend(0..records as u32);
        }
        Ok(records)
    }

    fn get(&self, i: usize) -> Option<&T::T> {
        self.values.get(*self.at.get(i)? as usize)
    }
}

impl Col {
    fn fill(&mut self) -> parquet::errors::Result<usize> {
        match self {
            Col::Text(b) => b.fill(),
            Col::Double(b) => b.fill(),
            Col::Float(b) => b.fill(),
            Col::Int32(b) => b.fill(),
            Col::Int64(b) => b.fill(),
        }
    }

    /// The record's text; `Err` when it is not UTF-8.
    fn text(&self, i: usize) -> Result<&str, ()> {
        match self {
            Col::Text(b) => b
                .get(i)
                .map_or(Ok(""), |v| std::str::from_utf8(v.data()).map_err(|_| ())),
            _ => Ok(""),
        }
    }

    fn score(&self, i: usize) -> Result<RawScore<'_>, ()> {
        Ok(match self {
            Col::Text(_) => match self.text(i)? {
                "" => RawScore::Empty,
                t => RawScore::Text(t),
            },
            Col::Double(b) => b.get(i).map_or(RawScore::Empty, |v| RawScore::Number(*v)),
            Col::Float(b) => b
                .get(i)
                .map_or(RawScore::Empty, |v| RawScore::Number(f64::from(*v))),
            Col::Int32(b) => b
                .get(i)
                .map_or(RawScore::Empty, |v| RawScore::Whole(i64::from(*v))),
            Col::Int64(b) => b.get(i).map_or(RawScore::Empty, |v| RawScore::Whole(*v)),
        })
    }
}

fn open_col(rg: &dyn RowGroupReader, j: usize, nullable: bool) -> parquet::errors::Result<Col> {
    Ok(match rg.get_column_reader(j)? {
        ColumnReader::ByteArrayColumnReader(r) => Col::Text(Batch::new(r, nullable)),
        ColumnReader::DoubleColumnReader(r) => Col::Double(Batch::new(r, nullable)),
        ColumnReader::FloatColumnReader(r) => Col::Float(Batch::new(r, nullable)),
        ColumnReader::Int32ColumnReader(r) => Col::Int32(Batch::new(r, nullable)),
        ColumnReader::Int64ColumnReader(r) => Col::Int64(Batch::new(r, nullable)),
        _ => unreachable!("types checked against the schema first"),
    })
}

fn unreadable(place: &Place, e: impl std::fmt::Display) -> ImportFailure {
    ImportFailure {
        issues: vec![place.file_issue(
            codes::FILE_UNREADABLE,
            format!("无法读取 Parquet 文件：{e}"),
        )],
        warnings: Vec::new(),
    }
}

/// Streams a long Parquet file into `sink`, one call per valid record, in file order; rows in
/// issues are record numbers from 1. As [`super::read_long_csv`] otherwise: every problem
/// reported, the reading goes on to the end, the sink must stage what it receives.
pub fn read_long_parquet(
    path: &Path,
    papers: &[PaperSpec],
    sink: &mut Sink<'_>,
) -> Result<Vec<Issue>, ImportFailure> {
    let place = Place {
        file: crate::school::file_name(path),
        sheet: None,
    };
    let file = File::open(path).map_err(|e| unreadable(&place, e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| unreadable(&place, e))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let headers: Vec<String> = (0..schema.num_columns())
        .map(|j| schema.column(j).path().string())
        .collect();
    let mut checker = Checker::new(papers, place.clone(), crate::Limits::default().max_issues);
    let mut warnings = Vec::new();
    let layout = layout_or_fail(&headers, &place, &mut checker, &mut warnings)?;
    let used = used_columns(&layout);
    // The types: 分数 a number or text, every other column text; no nesting.
    let mut wrong = Vec::new();
    for &j in &used {
        let c = schema.column(j);
        let ok = c.max_rep_level() == 0
            && match c.physical_type() {
                Physical::BYTE_ARRAY => true,
                Physical::DOUBLE | Physical::FLOAT | Physical::INT32 | Physical::INT64 => {
                    j == layout.score
                }
                _ => false,
            };
        if !ok {
            wrong.push(place.issue(
                codes::COLUMN_TYPE_INVALID,
                None,
                Some(&headers[j]),
                Some(format!("{:?}", c.physical_type())),
                if j == layout.score {
                    "分数列应为数值（DOUBLE、FLOAT、INT32、INT64）或文本".into()
                } else {
                    "应为文本列（BYTE_ARRAY，UTF-8），且不能是嵌套列".into()
                },
            ));
        }
    }
    if !wrong.is_empty() {
        return Err(ImportFailure {
            issues: wrong,
            warnings,
        });
    }
    let mut record = 0u64;
    for g in 0..reader.num_row_groups() {
        let rg = reader.get_row_group(g).map_err(|e| unreadable(&place, e))?;
        let mut cols: Vec<Option<Col>> = (0..headers.len()).map(|_| None).collect();
        for &j in &used {
            let nullable = schema.column(j).max_def_level() > 0;
            cols[j] = Some(open_col(rg.as_ref(), j, nullable).map_err(|e| unreadable(&place, e))?);
        }
        loop {
            let mut n = None;
            for &j in &used {
                let got = cols[j]
                    .as_mut()
                    .map_or(Ok(0), Col::fill)
                    .map_err(|e| unreadable(&place, e))?;
                if n.is_some_and(|n| n != got) {
                    return Err(unreadable(&place, "各列的行数不一致"));
                }
                n = Some(got);
            }
            let n = n.unwrap_or(0);
            if n == 0 {
                break;
            }
            for i in 0..n {
                record += 1;
                let text = |j: Option<usize>| match j.and_then(|j| cols[j].as_ref()) {
                    Some(c) => c.text(i),
                    None => Ok(""),
                };
                let row = (|| {
                    Ok::<_, ()>(RawRow {
                        exam: text(layout.exam)?,
                        district: text(layout.district)?,
                        school_code: text(Some(layout.school_code))?,
                        school_name: text(layout.school_name)?,
                        class: text(Some(layout.class))?,
                        student: text(Some(layout.student.0))?,
                        subject: text(Some(layout.subject))?,
                        score: cols[layout.score]
                            .as_ref()
                            .map_or(Ok(RawScore::Empty), |c| c.score(i))?,
                        status: text(layout.status)?,
                    })
                })();
                let Ok(raw) = row else {
                    let issue = place.issue(
                        codes::ENCODING_INVALID,
                        Some(record as usize),
                        None,
                        None,
                        "这一行有不是 UTF-8 的文字".into(),
                    );
                    checker.issues.push_with(|| issue);
                    continue;
                };
                if let Some(valid) = checker.check(record, &raw) {
                    checker.deliver(record, &raw, valid, sink);
                }
            }
        }
    }
    checker.finish(warnings)
}

fn used_columns(l: &Layout) -> Vec<usize> {
    let mut used: Vec<usize> = [
        l.exam,
        l.district,
        Some(l.school_code),
        l.school_name,
        Some(l.class),
        Some(l.student.0),
        Some(l.subject),
        Some(l.score),
        l.status,
    ]
    .into_iter()
    .flatten()
    .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// Loads a long Parquet file into its exams, as [`super::load_long_csv`] does a CSV file.
///
/// A clean file in roster order of 学生标识 takes the fast path: row groups decoded and checked
/// on every core (a text equal to the previous row's is not checked again), assembled in file
/// order. Anything the fast path does not take on trust — any problem in a row, a 学籍号 file,
/// a column type other than text and DOUBLE, a student's rows apart — sends the file through
/// the exact streaming path, which reports every problem at its row; both give the same exams.
pub fn load_long_parquet(
    path: &Path,
    papers: &[PaperSpec],
    registry: &dyn Registry,
) -> Result<(Vec<LoadedExam>, Vec<Issue>), ImportFailure> {
    if let Some(done) = fast::load(path, papers, registry) {
        return Ok(done);
    }
    load_exact(path, papers, registry)
}

/// [`load_long_parquet`] through the streaming reader and [`Assembler`].
fn load_exact(
    path: &Path,
    papers: &[PaperSpec],
    registry: &dyn Registry,
) -> Result<(Vec<LoadedExam>, Vec<Issue>), ImportFailure> {
    let mut assembler = Assembler::new(papers, registry);
    let warnings = {
        let sink: &mut Sink<'_> = &mut |line| assembler.take(line);
        read_long_parquet(path, papers, sink)?
    };
    Ok((assembler.finish(), warnings))
}

/// Rows per row group written.
const ROW_GROUP: usize = 1 << 20;

/// Writes exams (each with its name, the 考试 column) as one long Parquet file (Snappy): text
/// columns dictionary-encoded but 学生标识 (32 hex digits, plain), 分数 an OPTIONAL DOUBLE in
/// points (as vendors write it), 状态 OPTIONAL text (null when sat). Rows in roster order.
/// Returns the rows written.
pub fn write_long_parquet(
    path: &Path,
    exams: &[(&str, &Exam)],
) -> Result<u64, parquet::errors::ParquetError> {
    let text = |name: &str, repetition| {
        Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
            .with_repetition(repetition)
            .with_logical_type(Some(LogicalType::String))
            .build()
            .map(Arc::new)
    };
    let mut fields = Vec::new();
    for name in WRITTEN {
        fields.push(match name {
            SCORE => Arc::new(
                Type::primitive_type_builder(name, Physical::DOUBLE)
                    .with_repetition(Repetition::OPTIONAL)
                    .build()?,
            ),
            STATUS => text(name, Repetition::OPTIONAL)?,
            _ => text(name, Repetition::REQUIRED)?,
        });
    }
    let schema = Arc::new(
        Type::group_type_builder("exam_scores")
            .with_fields(fields)
            .build()?,
    );
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_column_dictionary_enabled(ColumnPath::from(STUDENT_ID), false)
        .build();
    let mut writer = SerializedFileWriter::new(File::create(path)?, schema, Arc::new(props))?;
    let mut group = Group::default();
    let mut rows = 0u64;
    let statuses = ["缺考", "免考", "作弊"].map(ByteArray::from);
    for (name, exam) in exams {
        let name = ByteArray::from(*name);
        let districts: Vec<ByteArray> = exam
            .districts()
            .iter()
            .map(|d| ByteArray::from(d.as_str()))
            .collect();
        let codes: Vec<ByteArray> = exam
            .schools()
            .iter()
            .map(|s| ByteArray::from(s.code.as_str()))
            .collect();
        let names: Vec<ByteArray> = exam
            .schools()
            .iter()
            .map(|s| ByteArray::from(s.name.as_str()))
            .collect();
        let classes: Vec<ByteArray> = exam
            .classes()
            .iter()
            .map(|c| ByteArray::from(c.name.as_str()))
            .collect();
        let subjects: Vec<ByteArray> = exam
            .papers()
            .iter()
            .map(|p| ByteArray::from(p.subject.as_str()))
            .collect();
        let mut hex = [0u8; 32];
        for i in 0..exam.students() {
            let class = exam.class_of()[i] as usize;
            let school = exam.classes()[class].school as usize;
            let district = exam.schools()[school].district as usize;
            hex_of_key(exam.keys()[i], &mut hex);
            let key = ByteArray::from(hex.to_vec());
            for (p, subject) in subjects.iter().enumerate() {
                let Some(mark) = exam.cells(p)[i].mark() else {
                    continue;
                };
                group.text[0].push(name.clone());
                group.text[1].push(districts.get(district).cloned().unwrap_or_default());
                group.text[2].push(codes[school].clone());
                group.text[3].push(names[school].clone());
                group.text[4].push(classes[class].clone());
                group.text[5].push(key.clone());
                group.text[6].push(subject.clone());
                match mark {
                    Mark::Score(t) => {
                        group.score.push(t.as_f64());
                        group.score_def.push(1);
                        group.status_def.push(0);
                    }
                    m => {
                        group.score_def.push(0);
                        group.status_def.push(1);
                        let k = match m {
                            Mark::Absent => 0,
                            Mark::Exempt => 1,
                            _ => 2,
                        };
                        group.status.push(statuses[k].clone());
                    }
                }
                rows += 1;
                if group.score_def.len() == ROW_GROUP {
                    group.write(&mut writer)?;
                }
            }
        }
    }
    if !group.score_def.is_empty() || rows == 0 {
        group.write(&mut writer)?;
    }
    writer.close()?;
    Ok(rows)
}

/// The columns of one row group being gathered.
#[derive(Default)]
struct Group {
    /// 考试, 区县, 学校标识码, 学校名称, 班级, 学生标识, 科目.
    text: [Vec<ByteArray>; 7],
    score: Vec<f64>,
    score_def: Vec<i16>,
    status: Vec<ByteArray>,
    status_def: Vec<i16>,
}

impl Group {
    fn write(&mut self, writer: &mut SerializedFileWriter<File>) -> parquet::errors::Result<()> {
        let mut rg = writer.next_row_group()?;
        let mut j = 0;
        while let Some(mut col) = rg.next_column()? {
            match j {
                0..=6 => {
                    col.typed::<ByteArrayType>()
                        .write_batch(&self.text[j], None, None)?;
                }
                7 => {
                    col.typed::<DoubleType>().write_batch(
                        &self.score,
                        Some(&self.score_def),
                        None,
                    )?;
                }
                _ => {
                    col.typed::<ByteArrayType>().write_batch(
                        &self.status,
                        Some(&self.status_def),
                        None,
                    )?;
                }
            }
            col.close()?;
            j += 1;
        }
        rg.close()?;
        for t in &mut self.text {
            t.clear();
        }
        self.score.clear();
        self.score_def.clear();
        self.status.clear();
        self.status_def.clear();
        Ok(())
    }
}

/// The fast path of [`load_long_parquet`].
mod fast {
    use std::fs::File;
    use std::path::Path;
    use std::sync::mpsc;

    use junheng_core::exam::{Cell, Mark, PaperSpec, StudentKey, Tenths};
    use parquet::basic::Type as Physical;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::super::load::{FastAssembler, LoadedExam};
    use super::super::long::{Checker, Layout, class_problem, key_of_hex, layout_or_fail};
    use super::super::wide::score_within;
    use super::super::{Registry, status_of};
    use super::{Col, open_col, used_columns};
    use crate::school::Issue;
    use crate::school::issue::Place;

    /// A run of rows with the same texts: 考试, 区县, 学校标识码, 学校名称, 班级 (trimmed), and
    /// its first student run.
    struct Segment {
        texts: [String; 5],
        first_run: u32,
    }

    /// A row group, checked: its segments, its student runs `(key, first row)`, and per row
    /// `paper << 16 | cell`.
    struct Chunk {
        segments: Vec<Segment>,
        runs: Vec<(StudentKey, u32)>,
        rows: Vec<u32>,
    }

    /// The layout's columns the fast path reads, in file column indices.
    #[derive(Clone, Copy)]
    struct Plan {
        texts: [Option<usize>; 5],
        student: usize,
        subject: usize,
        score: usize,
        status: Option<usize>,
    }

    pub(super) fn load(
        path: &Path,
        papers: &[PaperSpec],
        registry: &dyn Registry,
    ) -> Option<(Vec<LoadedExam>, Vec<Issue>)> {
        let reader = SerializedFileReader::new(File::open(path).ok()?).ok()?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let headers: Vec<String> = (0..schema.num_columns())
            .map(|j| schema.column(j).path().string())
            .collect();
        let place = Place {
            file: crate::school::file_name(path),
            sheet: None,
        };
        let mut checker = Checker::new(papers, place.clone(), 1);
        let mut warnings = Vec::new();
        let layout: Layout = layout_or_fail(&headers, &place, &mut checker, &mut warnings).ok()?;
        if layout.student.1 || papers.len() > 256 {
            return None;
        }
        for j in used_columns(&layout) {
            let c = schema.column(j);
            let want = if j == layout.score {
                Physical::DOUBLE
            } else {
                Physical::BYTE_ARRAY
            };
            if c.max_rep_level() != 0 || c.physical_type() != want {
                return None;
            }
        }
        let plan = Plan {
            texts: [
                layout.exam,
                layout.district,
                Some(layout.school_code),
                layout.school_name,
                Some(layout.class),
            ],
            student: layout.student.0,
            subject: layout.subject,
            score: layout.score,
            status: layout.status,
        };
        let nullable: Vec<bool> = (0..schema.num_columns())
            .map(|j| schema.column(j).max_def_level() > 0)
            .collect();
        let groups = reader.num_row_groups();
        drop(reader);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(groups.max(1));
        let mut assembler = FastAssembler::new(papers.len(), registry);
        let (nullable, plan) = (&nullable, &plan);
        let whole = std::thread::scope(|scope| {
            let mut inbox = Vec::new();
            for w in 0..threads {
                let (tx, rx) = mpsc::sync_channel::<Option<Chunk>>(1);
                inbox.push(rx);
                scope.spawn(move || {
                    let reader = File::open(path)
                        .ok()
                        .and_then(|f| SerializedFileReader::new(f).ok());
                    let Some(reader) = reader else {
                        let _ = tx.send(None);
                        return;
                    };
                    for g in (w..groups).step_by(threads) {
                        let chunk = check_group(&reader, g, plan, nullable, papers);
                        let failed = chunk.is_none();
                        if tx.send(chunk).is_err() || failed {
                            return;
                        }
                    }
                });
            }
            (0..groups).all(|g| match inbox[g % threads].recv() {
                Ok(Some(chunk)) => assemble(&mut assembler, &chunk).is_some(),
                _ => false,
            })
        });
        if !whole {
            return None;
        }
        Some((assembler.finish(papers)?, warnings))
    }

    fn assemble(to: &mut FastAssembler<'_>, chunk: &Chunk) -> Option<()> {
        let runs = chunk.runs.len();
        let row_end = |r: usize| {
            if r + 1 < runs {
                chunk.runs[r + 1].1 as usize
            } else {
                chunk.rows.len()
            }
        };
        for (k, seg) in chunk.segments.iter().enumerate() {
            let [exam, district, code, name, class] = &seg.texts;
            let (part, class) = to.segment(exam, district, code, name, class);
            let last = chunk
                .segments
                .get(k + 1)
                .map_or(runs, |s| s.first_run as usize);
            for r in seg.first_run as usize..last {
                let (key, from) = chunk.runs[r];
                let student = to.student(part, class, key)?;
                for &v in &chunk.rows[from as usize..row_end(r)] {
                    to.mark(part, student, (v >> 16) as usize, Cell(v as u16))?;
                }
            }
        }
        Some(())
    }

    /// The bytes of a text column's record (empty when null).
    #[inline]
    fn bytes(col: &Col, i: usize) -> &[u8] {
        match col {
            Col::Text(b) => b.get(i).map_or(&[][..], |v| v.data()),
            _ => &[],
        }
    }

    /// Reads and checks one row group; `None` at anything not plainly valid.
    fn check_group(
        reader: &SerializedFileReader<File>,
        g: usize,
        plan: &Plan,
        nullable: &[bool],
        papers: &[PaperSpec],
    ) -> Option<Chunk> {
        let rg = reader.get_row_group(g).ok()?;
        let rows = rg.metadata().num_rows().max(0) as usize;
        let open = |j: usize| open_col(rg.as_ref(), j, nullable[j]).ok();
        let mut texts: [Option<Col>; 5] = [None, None, None, None, None];
        for (slot, j) in texts.iter_mut().zip(plan.texts) {
            if let Some(j) = j {
                *slot = Some(open(j)?);
            }
        }
        let mut student = open(plan.student)?;
        let mut subject = open(plan.subject)?;
        let mut score = open(plan.score)?;
        let mut status = match plan.status {
            Some(j) => Some(open(j)?),
            None => None,
        };
        let mut chunk = Chunk {
            segments: Vec::new(),
            runs: Vec::new(),
            rows: Vec::with_capacity(rows),
        };
        let mut prev: [Vec<u8>; 5] = Default::default();
        let mut prev_student: Vec<u8> = Vec::new();
        let mut last_paper = 0usize;
        let mut started = false;
        loop {
            let n = score.fill().ok()?;
            for c in texts.iter_mut().flatten() {
                (c.fill().ok()? == n).then_some(())?;
            }
            (student.fill().ok()? == n).then_some(())?;
            (subject.fill().ok()? == n).then_some(())?;
            if let Some(c) = status.as_mut() {
                (c.fill().ok()? == n).then_some(())?;
            }
            if n == 0 {
                break;
            }
            for i in 0..n {
                let mut changed = !started;
                for (c, p) in texts.iter().zip(&prev) {
                    let now = c.as_ref().map_or(&[][..], |c| bytes(c, i));
                    changed |= now != p.as_slice();
                }
                if changed {
                    started = true;
                    let mut seg: [String; 5] = Default::default();
                    for (k, c) in texts.iter().enumerate() {
                        let now = c.as_ref().map_or(&[][..], |c| bytes(c, i));
                        prev[k].clear();
                        prev[k].extend_from_slice(now);
                        seg[k] = std::str::from_utf8(now).ok()?.trim().to_owned();
                    }
                    let code = seg[2].as_bytes();
                    if code.len() != 10 || !code.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    if class_problem(&seg[4]).is_some() {
                        return None;
                    }
                    chunk.segments.push(Segment {
                        texts: seg,
                        first_run: chunk.runs.len() as u32,
                    });
                }
                let id = bytes(&student, i);
                if changed || id != prev_student.as_slice() {
                    let key = key_of_hex(std::str::from_utf8(id).ok()?.trim())?;
                    prev_student.clear();
                    prev_student.extend_from_slice(id);
                    chunk.runs.push((key, chunk.rows.len() as u32));
                }
                let name = bytes(&subject, i);
                let paper = if papers[last_paper].subject.as_bytes() == name {
                    last_paper
                } else {
                    let next = (last_paper + 1) % papers.len();
                    if papers[next].subject.as_bytes() == name {
                        next
                    } else {
                        let name = std::str::from_utf8(name).ok()?.trim();
                        papers.iter().position(|p| p.subject == name)?
                    }
                };
                last_paper = paper;
                let state = match status.as_ref() {
                    Some(c) => status_of(std::str::from_utf8(bytes(c, i)).ok()?).ok()?,
                    None => None,
                };
                let value = match &score {
                    Col::Double(b) => b.get(i).copied(),
                    _ => return None,
                };
                // The rules of `Checker::check`.
                let mark = match (state, value.map(Tenths::from_f64)) {
                    (Some(mark), None | Some(Some(Tenths(0)))) => mark,
                    (Some(_), Some(_)) | (None, None) => return None,
                    (None, Some(t)) => Mark::Score(score_within(t, &papers[paper]).ok()?),
                };
                chunk
                    .rows
                    .push(((paper as u32) << 16) | u32::from(Cell::of(mark).0));
            }
        }
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::exam::{ExamDemoSpec, generate};
    use junheng_core::exam::{Cell, Exam};

    use super::*;
    use crate::exam::AnyKey;

    fn write(exams: &[(&str, &Exam)]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.parquet");
        write_long_parquet(&path, exams).unwrap();
        (dir, path)
    }

    #[test]
    fn the_fast_path_gives_what_the_exact_path_gives() {
        let spec = ExamDemoSpec {
            districts: 2,
            schools_per_district: 3,
            ..ExamDemoSpec::demo()
        };
        let exams = generate(&spec);
        let named: Vec<(&str, &Exam)> = spec
            .exams
            .iter()
            .map(|e| e.name.as_str())
            .zip(&exams)
            .collect();
        let (_dir, path) = write(&named);
        let fast = fast::load(&path, &spec.papers, &AnyKey).expect("a clean file is fast");
        let exact = load_exact(&path, &spec.papers, &AnyKey).unwrap();
        assert_eq!(fast, exact);
        assert_eq!(fast.0.len(), exams.len());
        assert_eq!(fast.0[3].exam.cells(2), exams[3].cells(2));
    }

    #[test]
    fn a_student_whose_rows_are_apart_goes_the_exact_way() {
        let spec = ExamDemoSpec {
            schools_per_district: 2,
            ..ExamDemoSpec::demo()
        };
        let exam = generate(&spec).swap_remove(0);
        // The last student of the roster gets the first one's key: the same student in two
        // classes, rows apart.
        let mut keys = exam.keys().to_vec();
        let last = keys.len() - 1;
        keys[last] = keys[0];
        let papers = exam.papers().len();
        let cells: Vec<Cell> = (0..papers).flat_map(|p| exam.cells(p).to_vec()).collect();
        let twin = Exam::from_columns(
            exam.papers().to_vec(),
            exam.schools().to_vec(),
            exam.classes().to_vec(),
            exam.class_of().to_vec(),
            keys,
            cells,
        );
        let (_dir, path) = write(&[("期末", &twin)]);
        assert!(fast::load(&path, &spec.papers, &AnyKey).is_none());
        let failure = load_long_parquet(&path, &spec.papers, &AnyKey).unwrap_err();
        assert!(
            failure
                .issues
                .iter()
                .any(|i| i.code == codes::STUDENT_CLASS_CONFLICT
                    || i.code == codes::DUPLICATE_SITTING),
            "{:?}",
            failure.issues.first()
        );
    }
}
