//! The long format as Parquet, through the `parquet` crate's low-level column API (no Arrow):
//! text columns BYTE_ARRAY (dictionary-encoded or plain), 分数 DOUBLE, FLOAT, INT32 or INT64
//! (whole points) or text, 状态 text; nulls where a column is OPTIONAL. Read row group by row
//! group in batches, each row's text borrowed from the decoded pages.

use std::fs::File;
use std::path::Path;

use junheng_core::exam::PaperSpec;
use parquet::basic::Type as Physical;
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArrayType, DataType, DoubleType, FloatType, Int32Type, Int64Type};
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};

use super::load::{Assembler, LoadedExam};
use super::long::{Checker, Layout, RawRow, RawScore, Sink, layout_or_fail};
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
    super::long::unreadable(place, format!("无法读取 Parquet 文件：{e}"))
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
                        teacher: text(layout.teacher)?,
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
        l.teacher,
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

mod fast;
mod pages;
mod write;

pub use write::write_long_parquet;

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

    /// A small city: two districts of three schools, the demo's exams.
    fn small_city() -> (ExamDemoSpec, Vec<Exam>) {
        let spec = ExamDemoSpec {
            districts: 2,
            schools_per_district: 3,
            ..ExamDemoSpec::demo()
        };
        let exams = generate(&spec);
        (spec, exams)
    }

    /// The exams under their names, as the writers take them.
    fn named<'a>(spec: &'a ExamDemoSpec, exams: &'a [Exam]) -> Vec<(&'a str, &'a Exam)> {
        spec.exams
            .iter()
            .map(|e| e.name.as_str())
            .zip(exams)
            .collect()
    }

    #[test]
    fn the_fast_path_gives_what_the_exact_path_gives() {
        let (spec, exams) = small_city();
        let named = named(&spec, &exams);
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

    /// The exams of a small city, written with `props`; and the file.
    fn city_with(
        props: parquet::file::properties::WriterProperties,
    ) -> (ExamDemoSpec, tempfile::TempDir, std::path::PathBuf) {
        let (spec, exams) = small_city();
        let named = named(&spec, &exams);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.parquet");
        write::write_long_parquet_with(&path, &named, props).unwrap();
        (spec, dir, path)
    }

    /// Whether every column chunk of the file is one the page decoder takes.
    fn by_pages(path: &Path) -> bool {
        let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
        reader
            .metadata()
            .row_groups()
            .iter()
            .all(|rg| rg.columns().iter().all(|c| pages::supported(c.encodings())))
    }

    fn loads_alike(props: parquet::file::properties::WriterProperties, pages: bool) {
        use parquet::file::properties::WriterProperties;
        let (spec, _dir, path) = city_with(props);
        assert_eq!(by_pages(&path), pages);
        let (_, _dir2, usual) = city_with(
            WriterProperties::builder()
                .set_column_dictionary_enabled(crate::exam::columns::STUDENT_ID.into(), false)
                .build(),
        );
        let fast = fast::load(&path, &spec.papers, &AnyKey).expect("a clean file is fast");
        let exact = load_exact(&path, &spec.papers, &AnyKey).unwrap();
        assert_eq!(fast, exact);
        assert_eq!(fast, fast::load(&usual, &spec.papers, &AnyKey).unwrap());
    }

    #[test]
    fn plain_text_columns_in_small_pages_load_alike() {
        use parquet::file::properties::WriterProperties;
        let props = WriterProperties::builder()
            .set_dictionary_enabled(false)
            .set_data_page_row_count_limit(1000)
            .set_write_batch_size(333)
            .build();
        loads_alike(props, true);
    }

    #[test]
    fn dictionary_pages_v2_in_small_pages_load_alike() {
        use parquet::file::properties::{WriterProperties, WriterVersion};
        let props = WriterProperties::builder()
            .set_writer_version(WriterVersion::PARQUET_2_0)
            .set_data_page_row_count_limit(777)
            .set_write_batch_size(100)
            .build();
        loads_alike(props, true);
    }

    #[test]
    fn delta_encoded_texts_take_the_column_reader() {
        use parquet::basic::Encoding;
        use parquet::file::properties::WriterProperties;
        let props = WriterProperties::builder()
            .set_dictionary_enabled(false)
            .set_encoding(Encoding::DELTA_BYTE_ARRAY)
            .set_column_encoding(crate::exam::columns::SCORE.into(), Encoding::PLAIN)
            .build();
        loads_alike(props, false);
    }

    #[test]
    fn the_hybrid_decoder_reads_runs_and_packed_values() {
        // Bit width 3: an RLE run of 5 × 6, then one bit-packed group of 0..=7.
        let mut buf = vec![5 << 1, 6];
        buf.push(1 << 1 | 1);
        let mut bits = 0u32;
        for (k, v) in (0u32..8).enumerate() {
            bits |= v << (3 * k);
        }
        buf.extend_from_slice(&bits.to_le_bytes()[..3]);
        let mut out = Vec::new();
        pages::read_hybrid(&buf, 3, 13, &mut out).unwrap();
        assert_eq!(out, [6, 6, 6, 6, 6, 0, 1, 2, 3, 4, 5, 6, 7]);
        assert!(pages::read_hybrid(&buf, 3, 14, &mut Vec::new()).is_err());
    }
}
