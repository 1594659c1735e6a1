//! A whole exam's long file imported at once (.csv, or .parquet where a vendor or a city
//! delivers large files): every school's scores, as each school's next version, in one
//! transaction. The district's administrators only.
//!
//! Every row is checked as the long format says (`junheng_io::exam`), and every student matched
//! to the registry of the exam's grade **at the row's school** by pseudonymous key (学生标识) or
//! 学籍号: a student the registry does not hold there is a located problem, never dropped. A
//! school's registered students without a row count as 缺考 and are reported. Any problem, and
//! nothing is written. The file holds one exam: its 考试 column, when there is one, names this
//! exam (or is empty). Its optional 任课教师 column names each class's teacher of each subject
//! (one per class and subject).

use std::collections::HashMap;
use std::path::Path;

use junheng_core::exam::{Cell, StudentKey};
use junheng_core::school::SchoolCode;
use junheng_core::student::StudentNumber;
use junheng_io::exam::{ImportFailure, Registry, load_long_csv, load_long_parquet};
use junheng_store::{DistrictStore, ExamFileInput, StudentKeys};
use sha2::{Digest, Sha256};

use super::Refused;
use super::import::{Imported, Roster, build_part, key_of_pseudonym, papers_of, roster};
use super::who::may_administer;
use crate::pairings::Caller;

/// The exam's grade in the registry: each student's school.
struct Grade<'a> {
    keys: &'a StudentKeys,
    school_of: HashMap<StudentKey, &'a SchoolCode>,
}

impl Registry for Grade<'_> {
    fn knows(&self, key: StudentKey) -> bool {
        self.school_of.contains_key(&key)
    }
    fn key_of(&self, number: &StudentNumber) -> Option<StudentKey> {
        let key = key_of_pseudonym(&self.keys.pseudonym(number))?;
        self.knows(key).then_some(key)
    }
    fn admits(&self, key: StudentKey, school: &str) -> bool {
        self.school_of
            .get(&key)
            .is_some_and(|s| s.as_str() == school)
    }
}

/// Imports the long file at `path` (its name says its format: `.csv` or `.parquet`) into
/// `exam`: each school in it gets its next version.
pub async fn import_exam_file(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    exam: i64,
    path: &Path,
    file_name: &str,
) -> Result<Imported, Refused> {
    if !may_administer(caller) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let info = store.exam(exam).await?;
    let papers = papers_of(&info)?;
    let roster: Roster = roster(store, &info, None).await?;
    let grade = Grade {
        keys,
        school_of: roster
            .iter()
            .flat_map(|(school, kids)| kids.iter().map(move |(k, _)| (*k, school)))
            .collect(),
    };
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let read = match extension.as_deref() {
        Some("csv" | "txt") => load_long_csv(path, &papers, &grade),
        Some("parquet") => load_long_parquet(path, &papers, &grade),
        _ => {
            return Err(invalid(format!(
                "「{file_name}」不是成绩长表：整场考试的成绩请用 .csv 或 .parquet（学校标识码、班级、学籍号或学生标识、科目、分数、状态）；一所学校的成绩请用成绩模板导入"
            )));
        }
    };
    let (mut exams, warnings) = read.map_err(Refused::Problems)?;
    let names: Vec<&str> = exams.iter().map(|e| e.name.as_str()).collect();
    if names.iter().any(|n| !n.is_empty() && *n != info.name) {
        return Err(invalid(format!(
            "文件的“考试”列写的是 {}，不是本场考试「{}」：请只导入本场考试的成绩（“考试”列留空或写本场考试的名称）",
            names.join("、"),
            info.name
        )));
    }
    // One exam (or the same exam named and unnamed): take the rows of each.
    let Some(first) = exams.pop() else {
        return Err(invalid(format!("「{file_name}」没有成绩行")));
    };
    if !exams.is_empty() {
        return Err(invalid(
            "“考试”列有的行写了本场考试的名称，有的行留空：请统一".into(),
        ));
    }
    let loaded = first.exam;
    let papers_n = papers.len();
    let digest = file_digest(path, file_name)?;
    let mut parts = Vec::with_capacity(loaded.schools().len());
    for (s, unit) in loaded.schools().iter().enumerate() {
        let school = SchoolCode::parse(&unit.code).expect("the reader checked 10 digits");
        let kids = roster.get(&school).map(Vec::as_slice).unwrap_or(&[]);
        // The file's students of this school, by key: their roster index in the file's exam.
        let range = loaded.school_range(s as u32);
        let in_file: HashMap<StudentKey, usize> =
            range.clone().map(|i| (loaded.keys()[i], i)).collect();
        let found = |i: usize| {
            let &at = in_file.get(&kids[i].0)?;
            let class = &loaded.classes()[loaded.class_of()[at] as usize].name;
            let marks = (0..papers_n)
                .map(|p| loaded.cells(p)[at])
                .map(|c| (c != Cell::MISSING).then(|| c.mark()).flatten())
                .collect();
            Some((class.as_str(), marks))
        };
        let teaching: Vec<(&str, usize, &str)> = loaded
            .teaching()
            .iter()
            .map(|t| (&loaded.classes()[t.class as usize], t))
            .filter(|(c, _)| c.school == s as u32)
            .map(|(c, t)| (c.name.as_str(), usize::from(t.paper), t.teacher.as_str()))
            .collect();
        let (part, missing) = build_part(&papers, &school, kids, found, &teaching);
        parts.push((school, part, missing));
    }
    let columns: Vec<Vec<u8>> = parts.iter().map(|(_, p, _)| p.encode(papers_n)).collect();
    let inputs: Vec<ExamFileInput<'_>> = parts
        .iter()
        .zip(&columns)
        .map(|((school, part, _), columns)| ExamFileInput {
            school,
            file_name,
            sha256: &digest,
            students: part.students() as u64,
            sittings: part.sittings() as u64,
            columns,
        })
        .collect();
    let files = store
        .import_exam_files(keys, &info, &inputs, &caller.actor())
        .await?;
    Ok(Imported {
        files,
        missing: parts.into_iter().map(|(s, _, n)| (s, n)).collect(),
        warnings,
    })
}

fn invalid(message: String) -> Refused {
    Refused::Store(junheng_store::StoreError::Invalid(message))
}

/// SHA-256 of the file, read in blocks.
fn file_digest(path: &Path, file_name: &str) -> Result<String, Refused> {
    let unreadable = |e: std::io::Error| {
        Refused::Problems(ImportFailure {
            issues: vec![junheng_io::exam::Issue {
                code: junheng_io::exam::codes::FILE_UNREADABLE,
                file: file_name.to_owned(),
                sheet: None,
                row: None,
                column: None,
                value: None,
                message: format!("无法读取文件：{e}"),
            }],
            warnings: Vec::new(),
        })
    };
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use junheng_core::exam::{ExamBuilder, Mark, QualitySettings, Tenths};
    use junheng_core::school::SchoolKind;
    use junheng_io::exam::{write_long_csv, write_long_parquet};
    use junheng_store::{Actor, ExamKind, ExamScope, Role, Scope};

    use super::*;
    use crate::exams::import::{ExamIn, FileIn, create, import_school};
    use crate::exams::report::report;
    use crate::testing::{Fixture, fixture, keys, user};

    /// [`import_exam_file`] of the file at `path`, named `name`, into exam `id` as `who` (the
    /// operator when `None`).
    async fn import(
        f: &Fixture,
        who: Option<&junheng_store::User>,
        id: i64,
        path: &Path,
        name: &str,
    ) -> Result<Imported, Refused> {
        let admin = Actor::new("admin");
        let caller = who.map_or(Caller::Operator(&admin), Caller::User);
        import_exam_file(&f.store, &caller, Some(&keys()), id, path, name).await
    }

    /// Exam `id`'s report for the operator (default settings, every cell shown).
    async fn report_of(f: &Fixture, id: i64) -> crate::exams::report::Report {
        let admin = Actor::new("admin");
        let settings = QualitySettings::default();
        report(
            &f.store,
            &Caller::Operator(&admin),
            Some(&keys()),
            id,
            &settings,
            1,
        )
        .await
        .unwrap()
    }

    async fn exam(f: &Fixture, name: &str) -> i64 {
        let admin = Actor::new("admin");
        let subjects = ["数学", "语文"].map(|s| (s.to_owned(), Tenths::points(100)));
        let exam = ExamIn {
            name,
            year: 2024,
            on_date: "2024-11-12",
            grade: 8,
            kind: ExamKind::Unified,
            scope: ExamScope::District,
            subjects: subjects.to_vec(),
        };
        let settings = QualitySettings::default();
        create(&f.store, &Caller::Operator(&admin), &settings, &exam)
            .await
            .unwrap()
            .id
    }

    /// The registered children's scores as an exam of their keys: child `i` 50 + 3·i in 数学 and
    /// 40 + 2·i in 语文, the last child of the first school without a row (the other school's
    /// one child is in it).
    fn scores(f: &Fixture) -> junheng_core::exam::Exam {
        let k = keys();
        let papers = ["数学", "语文"]
            .map(|s| junheng_core::exam::PaperSpec::with_default_lines(s, Tenths::points(100)));
        let mut b = ExamBuilder::new(papers.to_vec());
        let n = f.numbers.len() - 1;
        for (i, number) in f.numbers.iter().enumerate() {
            if i == n - 1 {
                continue;
            }
            let (school, class) = if i == n {
                (&f.other, "1班")
            } else if i < n / 2 {
                (&f.school, "1班")
            } else {
                (&f.school, "2班")
            };
            let s = b.school(school.as_str(), "");
            let key = key_of_pseudonym(&k.pseudonym(number)).unwrap();
            let student = b.student(s, class, key).unwrap();
            let i = i as u16;
            b.mark(student, 0, Mark::Score(Tenths::points(50 + 3 * i)))
                .unwrap();
            b.mark(student, 1, Mark::Score(Tenths::points(40 + 2 * i)))
                .unwrap();
        }
        b.build()
    }

    #[tokio::test]
    async fn a_whole_exam_file_imports_every_school_as_a_wide_file_would() {
        let f = fixture(SchoolKind::Junior, 8, 12).await;
        let dir = tempfile::tempdir().unwrap();
        let admin = Actor::new("admin");
        let k = keys();
        let data = scores(&f);
        // The same scores: one school's wide file each, a long CSV, a long Parquet file.
        let wide = exam(&f, "按校导入").await;
        let mut text = String::from("学籍号,班级,数学,语文\n");
        for (i, number) in f.numbers[..f.numbers.len() - 2].iter().enumerate() {
            let class = if i < (f.numbers.len() - 1) / 2 {
                "1班"
            } else {
                "2班"
            };
            let (m, c) = (50 + 3 * i, 40 + 2 * i);
            text.push_str(&format!("{},{class},{m},{c}\n", number.expose()));
        }
        let other = format!(
            "学籍号,班级,数学,语文\n{},1班,{},{}\n",
            f.numbers[12].expose(),
            50 + 36,
            40 + 24
        );
        for (school, body) in [(&f.school, text), (&f.other, other)] {
            let file = FileIn {
                school,
                name: "成绩.csv",
                bytes: body.as_bytes(),
            };
            import_school(&f.store, &Caller::Operator(&admin), Some(&k), wide, file)
                .await
                .unwrap();
        }
        let expected = report_of(&f, wide).await;
        let csv = dir.path().join("全区.csv");
        let parquet = dir.path().join("全区.parquet");
        write_long_csv(&csv, &[("", &data)]).unwrap();
        write_long_parquet(&parquet, &[("", &data)]).unwrap();
        for (path, name) in [(&csv, "全区.csv"), (&parquet, "全区.parquet")] {
            let id = exam(&f, name).await;
            let done = import(&f, None, id, path, name).await.unwrap();
            assert_eq!(done.files.len(), 2, "{name}");
            let missing: Vec<usize> = done.missing.iter().map(|(_, n)| *n).collect();
            assert_eq!(
                missing,
                [1, 0],
                "{name}: the first school's last child has no row"
            );
            let got = report_of(&f, id).await;
            assert_eq!(got.papers, expected.papers, "{name}");
        }
        // The same CSV with a 任课教师 column: the classes' teachers come along.
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut lines = text.lines();
        let mut taught = format!("{},任课教师\n", lines.next().unwrap());
        for line in lines {
            let teacher = if line.contains(",数学,") && line.contains(",1班,") {
                "T01"
            } else {
                ""
            };
            taught.push_str(&format!("{line},{teacher}\n"));
        }
        let path = dir.path().join("任课.csv");
        std::fs::write(&path, taught).unwrap();
        let id = exam(&f, "任课.csv").await;
        import(&f, None, id, &path, "任课.csv").await.unwrap();
        let got = report_of(&f, id).await;
        let teachers: Vec<&str> = got.papers[0]
            .rows
            .iter()
            .filter(|r| r.level == junheng_core::exam::UnitLevel::Teacher)
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(teachers.len(), 2, "T01 at each school's 1班: {teachers:?}");
        assert!(
            teachers.iter().all(|n| n.ends_with("T01（1班）")),
            "{teachers:?}"
        );
    }

    #[tokio::test]
    async fn a_student_at_the_wrong_school_is_located_and_nothing_is_written() {
        let f = fixture(SchoolKind::Junior, 8, 12).await;
        let dir = tempfile::tempdir().unwrap();
        let id = exam(&f, "八年级统考").await;
        let path = dir.path().join("全区.csv");
        // The other school's child under the first school (row 3); the same child under two
        // schools is a class conflict (row 5).
        let (first, theirs) = (f.numbers[0].expose(), f.numbers[12].expose());
        let text = format!(
            "学校标识码,班级,学籍号,科目,分数,状态\n\
             {school},1班,{first},数学,80,\n\
             {school},1班,{theirs},数学,80,\n\
             {school},1班,{first},语文,75,\n\
             {other},1班,{first},语文,70,\n",
            school = f.school,
            other = f.other,
        );
        std::fs::write(&path, text).unwrap();
        let e = import(&f, None, id, &path, "全区.csv").await.unwrap_err();
        let Refused::Problems(p) = e else {
            panic!("{e}")
        };
        let located: Vec<_> = p
            .issues
            .iter()
            .map(|i| (i.code, i.row, i.column.clone()))
            .collect();
        assert_eq!(
            located,
            [
                (
                    "exam.student_unmatched",
                    Some(3),
                    Some("学校标识码".to_owned())
                ),
                (
                    "exam.student_class_conflict",
                    Some(5),
                    Some("班级".to_owned())
                )
            ],
            "{p}"
        );
        assert!(
            !p.to_string().contains(&theirs[6..]),
            "the 学籍号 is never shown"
        );
        assert!(f.store.exam_files(id, true).await.unwrap().is_empty());
        // Another exam's rows, a school's user, a file of another format: refused.
        let named = format!(
            "考试,学校标识码,班级,学籍号,科目,分数\n期末,{},1班,{first},数学,80\n",
            f.school
        );
        std::fs::write(&path, named).unwrap();
        let e = import(&f, None, id, &path, "全区.csv").await.unwrap_err();
        assert!(e.to_string().contains("不是本场考试「八年级统考」"), "{e}");
        let school = user("s", Role::School, Scope::School(f.school.clone()));
        let e = import(&f, Some(&school), id, &path, "全区.csv").await;
        assert!(matches!(e, Err(Refused::Denied)));
        let e = import(&f, None, id, &path, "全区.xlsx").await.unwrap_err();
        assert!(e.to_string().contains("成绩模板"), "{e}");
        assert!(f.store.exam_files(id, true).await.unwrap().is_empty());
    }
}
