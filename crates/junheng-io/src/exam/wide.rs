//! The per-school wide template: 学籍号, 姓名 (not kept), 班级, one column per paper.

use std::collections::HashMap;

use junheng_core::exam::{ExamBuilder, Mark, PaperSpec, Tenths};
use junheng_core::student::StudentNumber;
use junheng_rotation::{TeacherId, TeacherIdError};

use super::codes;
use super::{Registry, STATUS_WORDS, status_of};
use crate::pupil::columns::{CLASS, NAME, NUMBER};
use crate::pupil::{CLASS_COLUMN, Cells, Family, NUMBER_COLUMN, outcome, read_numbered};
use crate::school::{ImportFailure, Issue};
use crate::table::rows::{Template, exact};
use crate::table::write::{self, Sheet, V, t};
use crate::table::{Column, Value, col};

/// The data sheet's name.
const SHEET_NAME: &str = "成绩";

/// 姓名: optional, read past and never kept.
const NAME_COLUMN: Column = col(NAME, false, "文本", "选填，仅供学校核对，不导入", "张三");

/// The template's fixed columns; the papers' columns follow.
static COLUMNS: [Column; 3] = [NUMBER_COLUMN, NAME_COLUMN, CLASS_COLUMN];

/// The guide's line for the papers' columns.
const PAPER_COLUMN: Column = col(
    "（各科目）",
    true,
    "一位小数 | 缺考 | 免考 | 作弊",
    "每个科目一列，列名为科目名称（与考试设置一致）；填分数（最多一位小数，不超过满分），或缺考、免考、作弊（违纪）；未参加该科的学生留空",
    "112.5",
);

/// The guide's line for the optional teachers' columns.
const TEACHER_COLUMN: Column = col(
    "（科目）任课教师",
    false,
    "文本",
    "选填，每个科目可加一列，列名为科目名称加「任课教师」（如「数学任课教师」）；填该生所在班级这一科任课教师的教师编号（与教师名册一致），同一班级同一科只能有一位；用于教师视图",
    "T5001120001A003",
);

/// The header of paper `subject`'s optional teachers' column.
pub(crate) fn teacher_header(subject: &str) -> String {
    format!("{subject}任课教师")
}

/// Headers a school's export often carries that are not scores: read past with a warning.
const IGNORED: [&str; 7] = ["性别", "年级", "序号", "考号", "总分", "排名", "备注"];

const RULES: [&str; 3] = [
    "每名学生填一行；同一文件中学籍号不能重复。请不要上传身份证号列，含身份证号的文件会被整体拒绝。",
    "科目列名须与本次考试的科目一致；文件中不能有考试以外的科目列，也不能缺少考试的科目列。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列和应填的内容。",
];

/// One student's row of a school's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WideLine {
    /// The row as issues show it.
    pub row: usize,
    /// 学籍号 (its `Debug` is masked).
    pub number: StudentNumber,
    /// 班级.
    pub class: String,
    /// Per paper of the exam, in its order: the mark, `None` when the cell is empty.
    pub marks: Vec<Option<Mark>>,
    /// Per paper of the exam, in its order: the 教师编号 of the class's teacher of that paper,
    /// `None` without a teachers' column or with an empty cell.
    pub teachers: Vec<Option<String>>,
}

/// A school's score file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolScores {
    /// The file's name, as issues show it.
    pub file: String,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    /// The rows, in file order.
    pub lines: Vec<WideLine>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads a school's score file held in memory within [`crate::Limits::default`]: the format
/// comes from `file_name`'s extension; the papers are the exam's.
pub fn read_school_scores(
    bytes: &[u8],
    file_name: &str,
    papers: &[PaperSpec],
) -> Result<SchoolScores, ImportFailure> {
    read_school_scores_with(bytes, file_name, papers, &crate::Limits::default())
}

/// The papers' file columns, found once per file.
struct Layout {
    columns: Vec<Option<usize>>,
    /// Each paper's teachers' column, if the file has one.
    teachers: Vec<Option<usize>>,
}

/// [`read_school_scores`] within the given limits.
pub fn read_school_scores_with(
    bytes: &[u8],
    file_name: &str,
    papers: &[PaperSpec],
    limits: &crate::Limits,
) -> Result<SchoolScores, ImportFailure> {
    let family = Family {
        template: Template {
            sheet: SHEET_NAME,
            codes: &codes::TABLE,
            columns: &COLUMNS,
            aliases: exact,
        },
        codes: &codes::PUPIL,
        each: "每名学生只能有一行",
    };
    let mut layout: Option<Layout> = None;
    let row = |c: &Cells<'_>, issues: &mut Vec<Issue>, _: &mut Vec<Issue>| {
        let layout = layout.get_or_insert_with(|| header(c, papers, issues));
        let number = c.number(issues);
        let class = c.class(issues);
        let mut marks = Vec::with_capacity(papers.len());
        let mut ok = true;
        for (p, paper) in papers.iter().enumerate() {
            let Some(j) = layout.columns[p] else {
                ok = false;
                continue;
            };
            let value = crate::table::Table::cell(c.row, Some(j));
            match mark_of(value, paper) {
                Ok(mark) => marks.push(mark),
                Err((code, message)) => {
                    ok = false;
                    if !c.refused(&paper.subject) {
                        c.report(issues, code, &paper.subject, value.shown(), message);
                    }
                }
            }
        }
        let mut teachers = Vec::with_capacity(papers.len());
        for (paper, column) in papers.iter().zip(&layout.teachers) {
            let header = teacher_header(&paper.subject);
            match column.map(|j| crate::table::Table::cell(c.row, Some(j))) {
                None | Some(Value::Empty) => teachers.push(None),
                Some(value) => match teacher_of(value) {
                    Ok(id) => teachers.push(Some(id)),
                    Err(why) => {
                        ok = false;
                        if !c.refused(&header) {
                            let m = format!(
                                "{why}：应为这一科任课教师的教师编号（与教师名册一致，如 T5001120001A003）；不清楚可留空"
                            );
                            c.report(issues, codes::TEACHER_INVALID, &header, value.shown(), m);
                        }
                    }
                },
            }
        }
        let line = match (ok, &number, class) {
            (true, Some(n), Some(class)) => Some(WideLine {
                row: c.row.line,
                number: n.clone(),
                class,
                marks,
                teachers,
            }),
            _ => None,
        };
        outcome(line, number)
    };
    let read = read_numbered(bytes, file_name, &family, limits, row, |l: &WideLine| {
        (&l.number, false)
    });
    let known = |w: &Issue| {
        w.code == codes::UNKNOWN_COLUMN
            && w.column
                .as_deref()
                .is_some_and(|h| papers.iter().any(|p| p.subject == h) || !IGNORED.contains(&h))
    };
    match read {
        Ok(read) => {
            let mut warnings = read.warnings;
            warnings.retain(|w| !known(w));
            let scores = SchoolScores {
                file: read.place.file,
                sheet: read.place.sheet,
                lines: read.records,
                warnings,
            };
            let issues = teacher_conflicts(&scores, papers);
            if issues.is_empty() {
                Ok(scores)
            } else {
                Err(ImportFailure {
                    issues,
                    warnings: scores.warnings,
                })
            }
        }
        Err(mut failure) => {
            failure.warnings.retain(|w| !known(w));
            Err(failure)
        }
    }
}

/// The papers' columns; unknown subject columns and papers without a column reported (at the
/// header row).
fn header(c: &Cells<'_>, papers: &[PaperSpec], issues: &mut Vec<Issue>) -> Layout {
    let t = c.t;
    let columns: Vec<Option<usize>> = papers.iter().map(|p| t.column(&p.subject)).collect();
    let teachers: Vec<Option<usize>> = papers
        .iter()
        .map(|p| t.column(&teacher_header(&p.subject)))
        .collect();
    let base = [NUMBER, NAME, CLASS];
    for h in t.headers.iter().flatten() {
        let known = base.contains(&h.as_str())
            || papers
                .iter()
                .any(|p| &p.subject == h || teacher_header(&p.subject) == *h)
            || IGNORED.contains(&h.as_str())
            || h.contains("身份证");
        if !known {
            let subjects: Vec<&str> = papers.iter().map(|p| p.subject.as_str()).collect();
            t.push(issues, || {
                t.issue(
                    codes::UNKNOWN_SUBJECT,
                    Some(t.header_row),
                    Some(h),
                    None,
                    format!(
                        "「{h}」不是本次考试的科目；本次考试的科目为 {}",
                        subjects.join("、")
                    ),
                )
            });
        }
    }
    for (p, column) in papers.iter().zip(&columns) {
        if column.is_none() {
            t.push(issues, || {
                t.issue(
                    codes::SUBJECT_COLUMN_MISSING,
                    None,
                    Some(&p.subject),
                    None,
                    format!(
                        "缺少科目「{}」的列；表头须与考试科目名称完全一致",
                        p.subject
                    ),
                )
            });
        }
    }
    Layout { columns, teachers }
}

/// A teachers' cell as a 教师编号: text (or a whole number a spreadsheet made of it) that the
/// roster accepts as an id.
fn teacher_of(value: &Value) -> Result<String, TeacherIdError> {
    let text = match value {
        Value::Text(t) => t.clone(),
        Value::Number(v) if v.fract() == 0.0 && *v >= 0.0 && *v < 1e15 => format!("{v:.0}"),
        _ => return Err(TeacherIdError::BadCharacter),
    };
    TeacherId::parse(&text).map(|id| id.as_str().to_owned())
}

/// Two teachers named for the same class and paper: each later row that disagrees with the
/// class's first, located.
fn teacher_conflicts(scores: &SchoolScores, papers: &[PaperSpec]) -> Vec<Issue> {
    let place = crate::school::issue::Place {
        file: scores.file.clone(),
        sheet: scores.sheet.clone(),
    };
    let mut issues = crate::guard::Capped::new(crate::Limits::default().max_issues);
    let mut first: HashMap<(&str, usize), (&str, usize)> = HashMap::new();
    for line in &scores.lines {
        for (p, teacher) in line.teachers.iter().enumerate() {
            let Some(teacher) = teacher.as_deref() else {
                continue;
            };
            let (named, row) = *first
                .entry((line.class.as_str(), p))
                .or_insert((teacher, line.row));
            if named != teacher {
                let header = teacher_header(&papers[p].subject);
                issues.push_with(|| {
                    place.issue(
                        codes::TEACHER_CONFLICT,
                        Some(line.row),
                        Some(&header),
                        Some(teacher.to_owned()),
                        format!(
                            "{} 的「{}」任课教师在第 {row} 行为 {named}，此行为 {teacher}：同一班级同一科只能有一位任课教师，请统一",
                            line.class, papers[p].subject
                        ),
                    )
                });
            }
        }
    }
    if issues.list.is_empty() {
        Vec::new()
    } else {
        issues.into_list(codes::MORE_ISSUES, &place, "个问题")
    }
}

/// A wide cell's mark: a score, a status, or `None` when empty.
fn mark_of(value: &Value, paper: &PaperSpec) -> Result<Option<Mark>, (&'static str, String)> {
    let score = match value {
        Value::Empty => return Ok(None),
        Value::Number(v) => Tenths::from_f64(*v),
        Value::Text(text) => match status_of(text) {
            Ok(Some(mark)) => return Ok(Some(mark)),
            Ok(None) if text.trim().is_empty() => return Ok(None),
            _ if text.trim().starts_with(|c: char| c.is_ascii_digit()) => Tenths::parse(text),
            _ => {
                let m = format!("应为分数，或 {STATUS_WORDS}");
                return Err((codes::STATUS_INVALID, m));
            }
        },
        Value::Error(_) | Value::Other(..) => None,
    };
    score_within(score, paper).map(|t| Some(Mark::Score(t)))
}

/// A score checked against the paper: a valid number of tenths at most full marks.
pub(crate) fn score_within(
    score: Option<Tenths>,
    paper: &PaperSpec,
) -> Result<Tenths, (&'static str, String)> {
    match score {
        None => Err((
            codes::SCORE_INVALID,
            "应为不小于 0 的分数，最多一位小数（如 86 或 86.5）".into(),
        )),
        Some(t) if t > paper.full => Err((
            codes::SCORE_ABOVE_FULL,
            format!("超过「{}」的满分 {}", paper.subject, paper.full),
        )),
        Some(t) => Ok(t),
    }
}

impl SchoolScores {
    /// Adds the file's students and marks to an exam being built, as school `school`'s: every
    /// 学籍号 matched through `registry`. Nothing is added when a student is unmatched or
    /// already in the exam (every such row reported).
    pub fn add_to(
        &self,
        exam: &mut ExamBuilder,
        school: u32,
        registry: &dyn Registry,
    ) -> Result<(), ImportFailure> {
        let place = crate::school::issue::Place {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
        };
        let mut issues = crate::guard::Capped::new(crate::Limits::default().max_issues);
        let mut keys = Vec::with_capacity(self.lines.len());
        let mut seen = HashMap::with_capacity(self.lines.len());
        for line in &self.lines {
            let problem = match registry.key_of(&line.number) {
                None => Some((
                    codes::STUDENT_UNMATCHED,
                    "学籍号不在学籍库中，请核对".into(),
                )),
                Some(key) if exam.find(key).is_some() || seen.insert(key, line.row).is_some() => {
                    Some((
                        codes::DUPLICATE_SITTING,
                        "该生已有本次考试的成绩（在其他文件或本文件中）".to_owned(),
                    ))
                }
                Some(key) => {
                    keys.push(key);
                    None
                }
            };
            if let Some((code, message)) = problem {
                issues.push_with(|| {
                    place.issue(
                        code,
                        Some(line.row),
                        Some(NUMBER),
                        Some(line.number.masked()),
                        message,
                    )
                });
            }
        }
        if !issues.list.is_empty() {
            return Err(ImportFailure {
                issues: issues.into_list(codes::MORE_ISSUES, &place, "个问题"),
                warnings: Vec::new(),
            });
        }
        for (line, key) in self.lines.iter().zip(keys) {
            let s = exam
                .student(school, &line.class, key)
                .expect("checked: new key");
            for (p, mark) in line.marks.iter().enumerate() {
                if let Some(mark) = mark {
                    exam.mark(s, p, *mark)
                        .expect("checked: within the paper, once");
                }
            }
        }
        for line in &self.lines {
            for (p, teacher) in line.teachers.iter().enumerate() {
                if let Some(teacher) = teacher {
                    exam.teach(school, &line.class, p, teacher)
                        .expect("checked: one teacher per class and paper");
                }
            }
        }
        Ok(())
    }
}

/// The school score template for these papers: a 成绩 sheet (学籍号, 姓名, 班级, one column per
/// paper, two example rows) and its 说明 sheet.
pub fn write_exam_template(papers: &[PaperSpec]) -> Vec<u8> {
    let teacher_headers: Vec<String> = papers.iter().map(|p| teacher_header(&p.subject)).collect();
    let mut headers: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    headers.extend(papers.iter().map(|p| p.subject.as_str()));
    headers.extend(teacher_headers.iter().map(String::as_str));
    let example = |number: &str, name: &str, class: &str, k: usize| {
        let mut row = vec![t(number), t(name), t(class)];
        row.extend(papers.iter().enumerate().map(|(p, paper)| {
            if k == 1 && p == 1 {
                t("缺考")
            } else {
                // 75 % and 62 % of full marks, to the half point.
                let share = if k == 0 { 0.75 } else { 0.62 };
                V::N((f64::from(paper.full.0) * share / 5.0).round() * 0.5)
            }
        }));
        // Each class's teacher of each paper (the same on every row of the class).
        row.extend((0..papers.len()).map(|p| t(&format!("T5001120001A{:03}", 2 * p + k + 1))));
        row
    };
    let rows = vec![
        example("G500112201609010015", "张三", "(1)班", 0),
        example("L5001122024000123", "李四", "(2)班", 1),
    ];
    let mut sheet = Sheet::new(SHEET_NAME, &headers, rows);
    sheet.notes = COLUMNS.iter().map(Column::explained).collect();
    sheet.notes.extend(papers.iter().map(|p| {
        format!(
            "{}（满分 {}）：填分数，最多一位小数；或缺考、免考、作弊",
            p.subject, p.full
        )
    }));
    sheet.notes.extend(papers.iter().map(|p| {
        format!(
            "{}任课教师：选填，填教师编号；同一班级同一科只能有一位",
            p.subject
        )
    }));
    sheet.text = COLUMNS.iter().map(|_| true).collect();
    sheet.text.extend(papers.iter().map(|_| false));
    sheet.text.extend(papers.iter().map(|_| true));
    let guide = [
        NUMBER_COLUMN,
        NAME_COLUMN,
        CLASS_COLUMN,
        PAPER_COLUMN,
        TEACHER_COLUMN,
    ];
    write::template(sheet, &guide, &RULES)
}
