//! Exams created with their papers, and scores imported: a school's wide file, or a whole
//! exam's long file (.csv, .parquet). Every student is matched to the registry of the exam's
//! school year by pseudonymous key, at the file's school and the exam's grade; the roster (应考)
//! is the registry's grade, so a registered student without a row counts as 缺考 and is shown
//! as missing. Any problem, located; nothing written. Each school's scores are stored sealed as
//! the next version of its file (withdrawing it restores the one before).

use std::collections::{BTreeMap, HashMap};

use junheng_core::exam::{ExamBuilder, Mark, PaperSpec, QualitySettings, StudentKey, Tenths};
use junheng_core::school::SchoolCode;
use junheng_io::exam::{ImportFailure, Issue, SchoolScores, read_school_scores};
use junheng_store::{
    DistrictStore, ExamFile, ExamFileInput, ExamInfo, ExamKind, ExamScope, NewExam, StudentKeys,
};

use super::Refused;
use super::columns::SchoolPart;
use super::who::{may_administer, may_import};
use crate::classroom::digest;
use crate::pairings::Caller;

/// Most papers of an exam.
pub const MAX_PAPERS: usize = 16;

/// An exam to create: its papers are the subjects with their full marks; the lines come from
/// the district's settings.
#[derive(Debug, Clone)]
pub struct ExamIn<'a> {
    /// Its name.
    pub name: &'a str,
    /// The school year (2025 = 2025–2026学年).
    pub year: i32,
    /// Its day, `YYYY-MM-DD`.
    pub on_date: &'a str,
    /// 年级, 1–9.
    pub grade: u8,
    /// Its kind.
    pub kind: ExamKind,
    /// Who sits it.
    pub scope: ExamScope,
    /// The subjects and their full marks.
    pub subjects: Vec<(String, Tenths)>,
}

/// Creates an exam (or finds the same one again): the district's administrators.
pub async fn create(
    store: &DistrictStore,
    caller: &Caller<'_>,
    settings: &QualitySettings,
    exam: &ExamIn<'_>,
) -> Result<ExamInfo, Refused> {
    if !may_administer(caller) {
        return Err(Refused::Denied);
    }
    if exam.subjects.is_empty() || exam.subjects.len() > MAX_PAPERS {
        return Err(Refused::Store(junheng_store::StoreError::Invalid(format!(
            "一次考试应有 1 到 {MAX_PAPERS} 个科目"
        ))));
    }
    let mut papers: Vec<PaperSpec> = Vec::with_capacity(exam.subjects.len());
    for (subject, full) in &exam.subjects {
        let subject = subject.trim();
        if subject.is_empty()
            || subject.chars().count() > 20
            || subject == junheng_core::exam::TOTAL_SUBJECT
        {
            return Err(invalid(format!(
                "科目名称“{subject}”应为 1 到 20 个字，且不能叫“总分”"
            )));
        }
        if papers.iter().any(|p| p.subject == subject) {
            return Err(invalid(format!("科目“{subject}”重复")));
        }
        if full.0 == 0 || full.0 > 10_000 {
            return Err(invalid(format!(
                "科目“{subject}”的满分 {full} 应在 0.1 到 1000 分之间"
            )));
        }
        papers.push(PaperSpec {
            subject: subject.to_owned(),
            full: *full,
            lines: settings.lines(subject, *full),
        });
    }
    let json = serde_json::to_string(&papers).expect("papers serialise");
    let new = NewExam {
        name: exam.name,
        year: exam.year,
        on_date: exam.on_date,
        grade: exam.grade,
        kind: exam.kind,
        scope: exam.scope,
        papers: &json,
    };
    Ok(store.create_exam(&new, &caller.actor()).await?)
}

fn invalid(message: String) -> Refused {
    Refused::Store(junheng_store::StoreError::Invalid(message))
}

/// The papers of a stored exam.
pub fn papers_of(exam: &ExamInfo) -> Result<Vec<PaperSpec>, Refused> {
    serde_json::from_str(&exam.papers).map_err(|_| {
        Refused::Store(junheng_store::StoreError::Corrupt {
            table: "exams",
            column: "papers",
        })
    })
}

/// The engine's key of a pseudonym: its first 128 bits.
pub fn key_of_pseudonym(pseudonym: &str) -> Option<StudentKey> {
    pseudonym
        .get(..32)
        .and_then(|h| u128::from_str_radix(h, 16).ok())
}

/// A school's file to import.
#[derive(Debug, Clone, Copy)]
pub struct FileIn<'a> {
    /// The school.
    pub school: &'a SchoolCode,
    /// The file's name.
    pub name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The stored files (one per school).
    pub files: Vec<ExamFile>,
    /// Registered students of the grade without any row (counted as 缺考), per school.
    pub missing: Vec<(SchoolCode, usize)>,
    /// The file's warnings.
    pub warnings: Vec<Issue>,
}

/// The roster of the exam's grade: per school, its students (key, class) by class.
pub(super) type Roster = BTreeMap<SchoolCode, Vec<(StudentKey, String)>>;

pub(super) async fn roster(
    store: &DistrictStore,
    exam: &ExamInfo,
    school: Option<&SchoolCode>,
) -> Result<Roster, Refused> {
    let rows = store.grade_roster(exam.year, exam.grade, school).await?;
    if rows.is_empty() {
        return Err(invalid(format!(
            "{} 学年的学籍中{}没有 {} 年级的学生：请先导入学籍，再导入成绩",
            exam.year,
            school.map_or(String::new(), |s| format!("学校 {s} ")),
            exam.grade
        )));
    }
    let mut out: Roster = BTreeMap::new();
    for (p, s, class) in rows {
        let key =
            key_of_pseudonym(&p).ok_or(Refused::Store(junheng_store::StoreError::Corrupt {
                table: "students",
                column: "pseudonym",
            }))?;
        out.entry(s)
            .or_default()
            .push((key, class.unwrap_or_else(|| "未分班".to_owned())));
    }
    Ok(out)
}

/// Imports a school's wide file into an exam: the school's administrators or the district's.
pub async fn import_school(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    exam: i64,
    file: FileIn<'_>,
) -> Result<Imported, Refused> {
    if !may_import(caller, file.school) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let exam = store.exam(exam).await?;
    let papers = papers_of(&exam)?;
    let scores = read_school_scores(file.bytes, file.name, &papers).map_err(Refused::Problems)?;
    let roster = roster(store, &exam, Some(file.school)).await?;
    let students = roster.get(file.school).map(Vec::as_slice).unwrap_or(&[]);
    let (part, missing) = school_part(keys, &exam, &papers, file.school, students, &scores)?;
    let columns = part.encode(papers.len());
    let sha = digest(file.bytes);
    let input = ExamFileInput {
        school: file.school,
        file_name: file.name,
        sha256: &sha,
        students: part.students() as u64,
        sittings: part.sittings() as u64,
        columns: &columns,
    };
    let files = store
        .import_exam_files(keys, &exam, &[input], &caller.actor())
        .await?;
    Ok(Imported {
        files,
        missing: vec![(file.school.clone(), missing)],
        warnings: scores.warnings,
    })
}

/// A school's part from its wide file and its roster: every line matched (or located as a
/// problem), the roster's students without a line kept as missing.
fn school_part(
    keys: &StudentKeys,
    exam: &ExamInfo,
    papers: &[PaperSpec],
    school: &SchoolCode,
    roster: &[(StudentKey, String)],
    scores: &SchoolScores,
) -> Result<(SchoolPart, usize), Refused> {
    let on_roster: HashMap<StudentKey, usize> = roster
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let mut marks: Vec<Option<&[Option<Mark>]>> = vec![None; roster.len()];
    let mut classes: Vec<&str> = roster.iter().map(|(_, c)| c.as_str()).collect();
    let mut issues = Vec::new();
    for line in &scores.lines {
        let key = key_of_pseudonym(&keys.pseudonym(&line.number)).expect("pseudonyms are hex");
        match on_roster.get(&key) {
            Some(&i) => {
                marks[i] = Some(&line.marks);
                classes[i] = &line.class;
            }
            None => issues.push(Issue {
                code: junheng_io::exam::codes::STUDENT_UNMATCHED,
                file: scores.file.clone(),
                sheet: scores.sheet.clone(),
                row: Some(line.row),
                column: Some("学籍号".into()),
                value: Some(line.number.masked()),
                message: format!(
                    "{} 学年学籍中本校（{school}）{} 年级没有这个学籍号：请核对学籍号与年级；转入的学生请先更新学籍",
                    exam.year, exam.grade
                ),
            }),
        }
    }
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: scores.warnings.clone(),
        }));
    }
    let teaching: Vec<(&str, usize, &str)> = scores
        .lines
        .iter()
        .flat_map(|line| {
            let taught = line.teachers.iter().enumerate();
            taught.filter_map(|(p, t)| Some((line.class.as_str(), p, t.as_deref()?)))
        })
        .collect();
    let found = |i: usize| marks[i].map(|m| (classes[i], m.to_vec()));
    Ok(build_part(papers, school, roster, found, &teaching))
}

/// A school's part: every roster student (应考), with the class and marks the file gives them
/// (`found`, by roster index), or the roster's class and no mark (counted as missing); and who
/// teaches each paper in each class (`(class, paper, 教师编号)`, checked by the reader).
pub(super) fn build_part<'a>(
    papers: &[PaperSpec],
    school: &SchoolCode,
    roster: &'a [(StudentKey, String)],
    found: impl Fn(usize) -> Option<(&'a str, Vec<Option<Mark>>)>,
    teaching: &[(&str, usize, &str)],
) -> (SchoolPart, usize) {
    let mut b = ExamBuilder::new(papers.to_vec());
    let s = b.school(school.as_str(), "");
    let mut missing = 0;
    for (i, (key, class)) in roster.iter().enumerate() {
        let (class, marks) = found(i).unwrap_or((class.as_str(), Vec::new()));
        if marks.is_empty() {
            missing += 1;
        }
        let student = b.student(s, class, *key).expect("roster keys are unique");
        for (p, mark) in marks.iter().enumerate() {
            if let Some(mark) = mark {
                b.mark(student, p, *mark)
                    .expect("the reader checked each mark");
            }
        }
    }
    for &(class, p, teacher) in teaching {
        b.teach(s, class, p, teacher)
            .expect("the reader checked one teacher per class and paper");
    }
    (SchoolPart::of(&b.build(), 0), missing)
}

/// Withdraws a school's latest file of an exam (the undo of an import).
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    exam: i64,
    school: &SchoolCode,
) -> Result<ExamFile, Refused> {
    if !may_import(caller, school) {
        return Err(Refused::Denied);
    }
    let exam = store.exam(exam).await?;
    Ok(store
        .withdraw_exam_file(&exam, school, &caller.actor())
        .await?)
}
