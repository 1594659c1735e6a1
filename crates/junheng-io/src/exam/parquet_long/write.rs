//! Writing exams as one long Parquet file (the benchmark and test files).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use junheng_core::exam::{Exam, Mark};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use crate::exam::columns::{SCORE, STATUS, STUDENT_ID};
use crate::exam::long::{WRITTEN, hex_of_key};

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
    let props = WriterProperties::builder()
        .set_column_dictionary_enabled(ColumnPath::from(STUDENT_ID), false)
        .build();
    write_long_parquet_with(path, exams, props)
}

/// [`write_long_parquet`] with other writer properties (Snappy compression set on them).
pub(super) fn write_long_parquet_with(
    path: &Path,
    exams: &[(&str, &Exam)],
    props: WriterProperties,
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
    let props = props
        .into_builder()
        .set_compression(Compression::SNAPPY)
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
