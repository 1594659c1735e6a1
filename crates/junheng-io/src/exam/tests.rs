use std::path::Path;

use junheng_core::demo::exam::{ExamDemoSpec, generate};
use junheng_core::exam::{ExamBuilder, Mark, PaperSpec, StudentKey, Tenths};
use junheng_core::student::StudentNumber;

use super::*;

fn papers() -> Vec<PaperSpec> {
    vec![
        PaperSpec::with_default_lines("语文", Tenths::points(150)),
        PaperSpec::with_default_lines("数学", Tenths::points(150)),
        PaperSpec::with_default_lines("物理", Tenths::points(100)),
    ]
}

fn codes_of(f: &ImportFailure) -> Vec<&'static str> {
    f.issues.iter().map(|i| i.code).collect()
}

fn small_spec() -> ExamDemoSpec {
    ExamDemoSpec {
        districts: 2,
        schools_per_district: 3,
        students_per_school: (40, 90),
        exams: ExamDemoSpec::demo().exams[..2].to_vec(),
        ..ExamDemoSpec::demo()
    }
}

// ---- wide ----

#[test]
fn the_template_reads_back() {
    let papers = papers();
    let file = read_school_scores(&write_exam_template(&papers), "成绩.xlsx", &papers).unwrap();
    assert_eq!(file.lines.len(), 2);
    assert_eq!(file.lines[0].class, "(1)班");
    assert_eq!(file.lines[0].marks[2], Some(Mark::Score(Tenths(750))));
    assert_eq!(file.lines[1].marks[1], Some(Mark::Absent));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    assert!(!format!("{:?}", file.lines[0]).contains("G500112201609010015"));
    // The optional teachers' columns are in the template, one teacher per class and paper.
    assert_eq!(
        file.lines[0].teachers[1].as_deref(),
        Some("T5001120001A003")
    );
    assert_eq!(
        file.lines[1].teachers[1].as_deref(),
        Some("T5001120001A004")
    );
}

#[test]
fn teachers_are_read_checked_and_one_per_class_and_paper() {
    let papers = papers();
    let csv = "学籍号,班级,语文,数学,物理,数学任课教师\n\
               G500112201609010015,(1)班,1,2,3,T01\n\
               L5001122024000123,(1)班,1,2,3,\n\
               L5001122024000124,(2)班,1,2,3,1023\n";
    let file = read_school_scores(csv.as_bytes(), "a.csv", &papers).unwrap();
    let teachers: Vec<&[Option<String>]> =
        file.lines.iter().map(|l| l.teachers.as_slice()).collect();
    assert_eq!(teachers[0], [None, Some("T01".to_owned()), None]);
    assert_eq!(teachers[1], [None, None, None]);
    assert_eq!(teachers[2][1].as_deref(), Some("1023"));
    // A name instead of an id, a 身份证号 as a teacher, a second teacher for (1)班's 数学:
    // each located.
    let csv = "学籍号,班级,语文,数学,物理,数学任课教师\n\
               G500112201609010015,(1)班,1,2,3,T01\n\
               L5001122024000123,(1)班,1,2,3,张老师\n\
               L5001122024000124,(2)班,1,2,3,500112198001010012\n";
    let f = read_school_scores(csv.as_bytes(), "a.csv", &papers).unwrap_err();
    let located: Vec<_> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        located,
        [
            (codes::TEACHER_INVALID, Some(3), Some("数学任课教师")),
            (codes::NATIONAL_ID_VALUE, Some(4), Some("数学任课教师"))
        ]
    );
    assert!(!f.to_string().contains("198001010012"));
    let csv = csv
        .replace("张老师", "T02")
        .replace("500112198001010012", "T03");
    let f = read_school_scores(csv.as_bytes(), "a.csv", &papers).unwrap_err();
    assert_eq!(codes_of(&f), [codes::TEACHER_CONFLICT]);
    assert_eq!(f.issues[0].row, Some(3));
    assert!(
        f.issues[0].message.contains("第 2 行为 T01"),
        "{}",
        f.issues[0].message
    );
}

#[test]
fn wide_errors_are_located() {
    let papers = papers();
    let csv = "学籍号,姓名,班级,语文,数学,物理\n\
               G500112201609010015,张三,(1)班,86.25,151,缺席\n\
               L5001122024000123,李四,(2)班,100,,免考\n\
               L5001122024000123,王五,(2)班,90,90,90\n";
    let f = read_school_scores(csv.as_bytes(), "一中.csv", &papers).unwrap_err();
    let find = |code| f.issues.iter().find(|i| i.code == code).unwrap();
    let fine = find(codes::SCORE_INVALID);
    assert_eq!(
        (fine.row, fine.column.as_deref(), fine.value.as_deref()),
        (Some(2), Some("语文"), Some("86.25"))
    );
    let above = find(codes::SCORE_ABOVE_FULL);
    assert_eq!(
        (above.row, above.column.as_deref()),
        (Some(2), Some("数学"))
    );
    let status = find(codes::STATUS_INVALID);
    assert_eq!(
        (status.row, status.value.as_deref()),
        (Some(2), Some("缺席"))
    );
    let dup = find(codes::DUPLICATE_NUMBER);
    assert_eq!(dup.row, Some(4));
    assert!(!dup.value.as_deref().unwrap().contains("2024000123"));
}

#[test]
fn wide_subject_columns_must_match_the_exam() {
    let papers = papers();
    let csv = "学籍号,班级,语文,数学,化学,总分\nG500112201609010015,(1)班,1,2,3,6\n";
    let f = read_school_scores(csv.as_bytes(), "a.csv", &papers).unwrap_err();
    assert!(codes_of(&f).contains(&codes::UNKNOWN_SUBJECT));
    assert!(codes_of(&f).contains(&codes::SUBJECT_COLUMN_MISSING));
    let unknown = f
        .issues
        .iter()
        .find(|i| i.code == codes::UNKNOWN_SUBJECT)
        .unwrap();
    assert_eq!(unknown.column.as_deref(), Some("化学"));
    // 总分 is read past with a warning.
    assert!(
        f.warnings
            .iter()
            .any(|w| w.column.as_deref() == Some("总分"))
    );
}

#[test]
fn a_national_id_column_refuses_the_file() {
    let papers = papers();
    let csv = "学籍号,身份证号,班级,语文,数学,物理\n\
               G500112201609010015,500112201609010015,(1)班,1,2,3\n";
    let f = read_school_scores(csv.as_bytes(), "a.csv", &papers).unwrap_err();
    assert_eq!(codes_of(&f), [codes::NATIONAL_ID_COLUMN]);
    assert!(!f.to_string().contains("201609010015"));
}

struct Numbers(Vec<(StudentNumber, StudentKey)>);

impl Registry for Numbers {
    fn knows(&self, key: StudentKey) -> bool {
        self.0.iter().any(|(_, k)| *k == key)
    }
    fn key_of(&self, number: &StudentNumber) -> Option<StudentKey> {
        self.0.iter().find(|(n, _)| n == number).map(|(_, k)| *k)
    }
}

#[test]
fn unmatched_students_are_reported_and_nothing_is_added() {
    let papers = papers();
    let file = read_school_scores(&write_exam_template(&papers), "成绩.xlsx", &papers).unwrap();
    let one = StudentNumber::parse("G500112201609010015").unwrap();
    let mut exam = ExamBuilder::new(papers.clone());
    let school = exam.school("5001120001", "甲校");
    let f = file
        .add_to(&mut exam, school, &Numbers(vec![(one.clone(), 7)]))
        .unwrap_err();
    assert_eq!(codes_of(&f), [codes::STUDENT_UNMATCHED]);
    assert_eq!(f.issues[0].row, Some(3));
    assert_eq!(exam.find(7), None);
    let two = StudentNumber::parse("L5001122024000123").unwrap();
    file.add_to(&mut exam, school, &Numbers(vec![(one, 7), (two, 8)]))
        .unwrap();
    let exam = exam.build();
    assert_eq!(exam.keys(), &[7, 8]);
    assert_eq!(exam.cells(1)[1].mark(), Some(Mark::Absent));
    // The template's teachers come along: one per class and paper.
    assert_eq!(exam.teaching().len(), 6);
}

// ---- long ----

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn long_teachers_are_checked_and_one_per_class_and_subject() {
    let dir = tempfile::tempdir().unwrap();
    let papers = papers();
    let key = |k: u128| format!("{k:032x}");
    let head = "学校标识码,班级,学生标识,科目,分数,任课教师\n";
    let good = format!(
        "{head}5001120001,1班,{a},数学,90,T01\n5001120001,1班,{a},语文,80,\n\
         5001120001,1班,{b},数学,70,T01\n5001120001,2班,{c},数学,60,T02\n",
        a = key(1),
        b = key(2),
        c = key(3)
    );
    let path = write(dir.path(), "long.csv", &good);
    let (exams, _) = load_long_csv(&path, &papers, &AnyKey).unwrap();
    let exam = &exams[0].exam;
    let taught: Vec<(&str, u16, &str)> = exam
        .teaching()
        .iter()
        .map(|t| {
            (
                exam.classes()[t.class as usize].name.as_str(),
                t.paper,
                t.teacher.as_str(),
            )
        })
        .collect();
    assert_eq!(taught, [("1班", 1, "T01"), ("2班", 1, "T02")]);
    // Another teacher for 1班's 数学 (row 5), a name for a teacher (row 6): each located.
    let bad = format!(
        "{good}5001120001,1班,{d},数学,50,T09\n5001120001,2班,{e},语文,50,王老师\n",
        d = key(4),
        e = key(5)
    );
    let path = write(dir.path(), "bad.csv", &bad);
    let f = load_long_csv(&path, &papers, &AnyKey).unwrap_err();
    let located: Vec<_> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        located,
        [
            (codes::TEACHER_CONFLICT, Some(6), Some("任课教师")),
            (codes::TEACHER_INVALID, Some(7), Some("任课教师"))
        ]
    );
    assert!(
        f.issues[0].message.contains("第 2 行为 T01"),
        "{}",
        f.issues[0].message
    );
}

const KEY_A: &str = "0123456789abcdef0123456789abcdef";
const KEY_B: &str = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

#[test]
fn long_csv_errors_are_located_and_every_row_checked() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "\u{feff}学校标识码,班级,学生标识,科目,分数,状态\n\
         5001120001,(1)班,{KEY_A},语文,86.5,\n\
         500112001,(1)班,{KEY_A},数学,86,\n\
         5001120001,(1)班,{KEY_A},化学,86,\n\
         5001120001,(1)班,{KEY_A},物理,86.25,\n\
         5001120001,(1)班,xyz,物理,86,\n\
         5001120001,(1)班,{KEY_B},物理,,请假\n\
         5001120001,(1)班,{KEY_B},语文,,\n\
         5001120001,(1)班,{KEY_B},数学,95,缺考\n\
         5001120001,(1)班,{KEY_A},语文,80,\n"
    );
    let path = write(dir.path(), "全区.csv", &text);
    let mut got = Vec::new();
    let f = read_long_csv(&path, &papers(), &mut |l| {
        got.push((l.row, l.paper, l.mark));
        Ok(())
    })
    .unwrap_err();
    let at: Vec<(&str, Option<usize>, Option<&str>)> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            (codes::SCHOOL_CODE_INVALID, Some(3), Some("学校标识码")),
            (codes::UNKNOWN_SUBJECT, Some(4), Some("科目")),
            (codes::SCORE_INVALID, Some(5), Some("分数")),
            (codes::STUDENT_ID_INVALID, Some(6), Some("学生标识")),
            (codes::STATUS_INVALID, Some(7), Some("状态")),
            (codes::SCORE_MISSING, Some(8), Some("分数")),
            (codes::SCORE_WITH_STATUS, Some(9), Some("分数")),
        ]
    );
    assert_eq!(f.issues[2].value.as_deref(), Some("86.25"));
    // The valid rows reached the sink (the caller stages them): the duplicate is the loader's.
    assert_eq!(got.len(), 2);
    let f = load_long_csv(&path, &papers(), &AnyKey).unwrap_err();
    let dup = f
        .issues
        .iter()
        .find(|i| i.code == codes::DUPLICATE_SITTING)
        .unwrap();
    assert_eq!(
        (dup.row, dup.column.as_deref()),
        (Some(10), Some("学生标识"))
    );
}

#[test]
fn long_csv_header_problems_stop_before_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.csv",
        "学校标识码,班级,身份证号,科目,分数\n5001120001,1班,500112201609010015,语文,1\n",
    );
    let f = read_long_csv(&path, &papers(), &mut |_| Ok(())).unwrap_err();
    assert_eq!(
        codes_of(&f),
        [codes::NATIONAL_ID_COLUMN, codes::STUDENT_COLUMN_MISSING]
    );
    let path = write(dir.path(), "b.csv", "学校标识码,学生标识,科目\n");
    let f = read_long_csv(&path, &papers(), &mut |_| Ok(())).unwrap_err();
    assert_eq!(
        codes_of(&f),
        [
            codes::REQUIRED_COLUMN_MISSING,
            codes::REQUIRED_COLUMN_MISSING
        ]
    );
}

#[test]
fn long_csv_by_number_is_matched_through_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.csv",
        "学校标识码,班级,学籍号,科目,分数,状态\n\
         5001120001,1班,G500112201609010015,语文,100,\n\
         5001120001,1班,G500112201609010015,数学,,缺考\n\
         5001120001,1班,L5001122024000123,语文,90,\n",
    );
    let one = StudentNumber::parse("G500112201609010015").unwrap();
    let registry = Numbers(vec![(one, 42)]);
    let f = load_long_csv(&path, &papers(), &registry).unwrap_err();
    assert_eq!(codes_of(&f), [codes::STUDENT_UNMATCHED]);
    assert_eq!(
        (f.issues[0].row, f.issues[0].column.as_deref()),
        (Some(4), Some("学籍号"))
    );
    let two = StudentNumber::parse("L5001122024000123").unwrap();
    let registry = Numbers(vec![
        (StudentNumber::parse("G500112201609010015").unwrap(), 42),
        (two, 43),
    ]);
    let (exams, _) = load_long_csv(&path, &papers(), &registry).unwrap();
    assert_eq!(exams[0].exam.keys(), &[42, 43]);
    assert_eq!(exams[0].exam.cells(1)[0], junheng_core::exam::Cell::ABSENT);
}

/// The small spec's exams written to `file` by `write` (which says how many rows) and loaded
/// back by `load`, without warnings, equal to the generator's: (rows, loaded exams, cells).
fn round_trip(
    file: &str,
    write: impl Fn(&Path, &[(&str, &junheng_core::exam::Exam)]) -> u64,
    load: impl Fn(&Path, &[PaperSpec]) -> (Vec<LoadedExam>, Vec<Issue>),
) -> (u64, usize, usize) {
    let spec = small_spec();
    let exams = generate(&spec);
    let named: Vec<(&str, &junheng_core::exam::Exam)> = spec
        .exams
        .iter()
        .map(|e| e.name.as_str())
        .zip(&exams)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    let rows = write(&path, &named);
    let (loaded, warnings) = load(&path, &spec.papers);
    assert!(warnings.is_empty());
    for (l, (name, e)) in loaded.iter().zip(&named) {
        assert_eq!(l.name, *name);
        assert_eq!(&l.exam, *e);
    }
    let cells = loaded
        .iter()
        .map(|l| l.exam.students() * l.exam.papers().len())
        .sum();
    (rows, loaded.len(), cells)
}

#[test]
fn the_generator_round_trips_through_csv() {
    let (rows, exams, _) = round_trip(
        "long.csv",
        |path, named| write_long_csv(path, named).unwrap(),
        |path, papers| load_long_csv(path, papers, &AnyKey).unwrap(),
    );
    assert!(rows > 1000);
    assert_eq!(exams, small_spec().exams.len());
}

#[cfg(feature = "parquet")]
#[test]
fn the_generator_round_trips_through_parquet() {
    let (rows, _, cells) = round_trip(
        "long.parquet",
        |path, named| write_long_parquet(path, named).unwrap(),
        |path, papers| load_long_parquet(path, papers, &AnyKey).unwrap(),
    );
    assert!(rows as usize <= cells);
}

/// 科目, 学生标识, 分数, 状态.
#[cfg(feature = "parquet")]
type VendorRow<'a> = (&'a str, &'a str, Option<f64>, Option<&'a str>);

/// A vendor's file: 分数 as `score_type` (DOUBLE or INT32), nullable 状态, dictionary-encoded
/// text, column order of its own.
#[cfg(feature = "parquet")]
fn vendor_parquet(path: &Path, doubles: bool, rows: &[VendorRow<'_>]) {
    use std::sync::Arc;

    use parquet::basic::{LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;
    let text = |name: &str, r| {
        Arc::new(
            Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                .with_repetition(r)
                .with_logical_type(Some(LogicalType::String))
                .build()
                .unwrap(),
        )
    };
    let score = Type::primitive_type_builder(
        "分数",
        if doubles {
            Physical::DOUBLE
        } else {
            Physical::INT32
        },
    )
    .with_repetition(Repetition::OPTIONAL)
    .build()
    .unwrap();
    let schema = Type::group_type_builder("s")
        .with_fields(vec![
            text("科目", Repetition::REQUIRED),
            text("学生标识", Repetition::REQUIRED),
            Arc::new(score),
            text("状态", Repetition::OPTIONAL),
            text("学校标识码", Repetition::REQUIRED),
            text("班级", Repetition::REQUIRED),
        ])
        .build()
        .unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, Arc::new(schema), Default::default()).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let texts = |f: for<'a> fn(&'a VendorRow<'a>) -> &'a str| {
        rows.iter()
            .map(|r| ByteArray::from(f(r)))
            .collect::<Vec<_>>()
    };
    let defs = |some: fn(&VendorRow<'_>) -> bool| {
        rows.iter().map(|r| i16::from(some(r))).collect::<Vec<_>>()
    };
    let mut j = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        match j {
            0 => col
                .typed::<ByteArrayType>()
                .write_batch(&texts(|r| r.0), None, None),
            1 => col
                .typed::<ByteArrayType>()
                .write_batch(&texts(|r| r.1), None, None),
            2 if doubles => {
                let v: Vec<f64> = rows.iter().filter_map(|r| r.2).collect();
                col.typed::<DoubleType>()
                    .write_batch(&v, Some(&defs(|r| r.2.is_some())), None)
            }
            2 => {
                let v: Vec<i32> = rows.iter().filter_map(|r| r.2).map(|v| v as i32).collect();
                col.typed::<Int32Type>()
                    .write_batch(&v, Some(&defs(|r| r.2.is_some())), None)
            }
            3 => {
                let v: Vec<ByteArray> = rows
                    .iter()
                    .filter_map(|r| r.3)
                    .map(ByteArray::from)
                    .collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&defs(|r| r.3.is_some())), None)
            }
            4 => col
                .typed::<ByteArrayType>()
                .write_batch(&texts(|_| "5001120001"), None, None),
            _ => col
                .typed::<ByteArrayType>()
                .write_batch(&texts(|_| "(1)班"), None, None),
        }
        .unwrap();
        col.close().unwrap();
        j += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
}

#[cfg(feature = "parquet")]
#[test]
fn vendor_parquet_files_read_with_doubles_or_integers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.parquet");
    let rows = [
        ("语文", KEY_A, Some(112.5), None),
        ("数学", KEY_A, None, Some("缺考")),
        ("物理", KEY_A, Some(86.25), None),
        ("语文", KEY_B, Some(151.0), None),
        ("数学", KEY_B, Some(0.0), Some("违纪")),
    ];
    vendor_parquet(&path, true, &rows);
    let f = load_long_parquet(&path, &papers(), &AnyKey).unwrap_err();
    let at: Vec<_> = f
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref(), i.value.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            (codes::SCORE_INVALID, Some(3), Some("分数"), Some("86.25")),
            (codes::SCORE_ABOVE_FULL, Some(4), Some("分数"), Some("151")),
        ]
    );
    let ok = [rows[0], rows[1], rows[4]];
    vendor_parquet(&path, true, &ok);
    let (exams, _) = load_long_parquet(&path, &papers(), &AnyKey).unwrap();
    let exam = &exams[0].exam;
    assert_eq!(exam.cells(0)[0].score(), Some(Tenths(1125)));
    assert_eq!(exam.cells(1)[0].mark(), Some(Mark::Absent));
    assert_eq!(exam.cells(1)[1].mark(), Some(Mark::Cheat));
    vendor_parquet(&path, false, &[("语文", KEY_A, Some(112.0), None)]);
    let (exams, _) = load_long_parquet(&path, &papers(), &AnyKey).unwrap();
    assert_eq!(exams[0].exam.cells(0)[0].score(), Some(Tenths(1120)));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_scores_above_full_marks_are_refused_with_their_record() {
    use junheng_core::exam::{Cell, ClassUnit, Exam, SchoolUnit};
    let papers = papers();
    // A one-student exam whose 物理 cell is above the paper (from_columns does not check).
    let exam = Exam::from_columns(
        papers.clone(),
        vec![SchoolUnit {
            code: "5001120001".into(),
            name: "甲校".into(),
            area: None,
            group: None,
            district: 0,
        }],
        vec![ClassUnit {
            school: 0,
            name: "(1)班".into(),
        }],
        vec![0],
        vec![1],
        vec![Cell(865), Cell::ABSENT, Cell(1001)],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.parquet");
    write_long_parquet(&path, &[("x", &exam)]).unwrap();
    // 100.1 is above the 100-point 物理.
    let f = load_long_parquet(&path, &papers, &AnyKey).unwrap_err();
    assert_eq!(codes_of(&f), [codes::SCORE_ABOVE_FULL]);
    assert_eq!(
        (f.issues[0].row, f.issues[0].column.as_deref()),
        (Some(3), Some("分数"))
    );
}
