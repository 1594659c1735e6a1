//! Building exams from a long file, columnar: schools, classes and students interned as the rows
//! come (the previous row's school, class and student are checked first, so a file in roster
//! order costs one hash lookup per student, not per row), marks straight into a student-major
//! grid of two-byte cells, then one sort of the roster and one transpose per exam.

use std::collections::HashMap;
use std::path::Path;

use junheng_core::exam::{Cell, ClassUnit, Exam, PaperSpec, SchoolUnit, StudentKey, Teaching};

use super::columns::{CLASS, NUMBER, SCHOOL_CODE, STUDENT_ID, TEACHER};
use super::long::{Sink, read_long_csv};
use super::{Refused, Registry, ScoreLine, Student, codes};
use crate::school::ImportFailure;

/// An exam of a long file, with the name its 考试 column gives (empty without the column).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedExam {
    /// 考试.
    pub name: String,
    /// Its data.
    pub exam: Exam,
}

/// One exam being assembled.
struct Part {
    name: String,
    districts: Vec<String>,
    district_ix: HashMap<String, u32>,
    schools: Vec<SchoolUnit>,
    school_ix: HashMap<String, u32>,
    classes: Vec<ClassUnit>,
    class_ix: HashMap<(u32, String), u32>,
    student_ix: HashMap<StudentKey, u32>,
    class_of: Vec<u32>,
    keys: Vec<StudentKey>,
    /// The row each student first appeared on (named when a sitting repeats).
    first_row: Vec<u32>,
    /// Student-major: student `s`'s are `cells[s * papers..]`.
    cells: Vec<Cell>,
    last_school: Option<(u32, String)>,
    last_class: Option<u32>,
    last_student: Option<(StudentKey, u32)>,
    /// 任课教师 per (class, paper), with the row that first named them.
    teaching: HashMap<(u32, usize), (String, u64)>,
}

impl Part {
    fn new(name: &str) -> Part {
        Part {
            name: name.to_owned(),
            districts: Vec::new(),
            district_ix: HashMap::new(),
            schools: Vec::new(),
            school_ix: HashMap::new(),
            classes: Vec::new(),
            class_ix: HashMap::new(),
            student_ix: HashMap::new(),
            class_of: Vec::new(),
            keys: Vec::new(),
            first_row: Vec::new(),
            cells: Vec::new(),
            teaching: HashMap::new(),
            last_school: None,
            last_class: None,
            last_student: None,
        }
    }

    fn school(&mut self, line: &ScoreLine<'_>) -> u32 {
        self.school_of(line.district, line.school_code, line.school_name)
    }

    fn school_of(&mut self, district: &str, code: &str, name: &str) -> u32 {
        if let Some((ix, last)) = &self.last_school
            && last == code
        {
            return *ix;
        }
        let ix = match self.school_ix.get(code) {
            Some(&ix) => ix,
            None => {
                let district = if district.is_empty() {
                    0
                } else {
                    let next = self.districts.len() as u32;
                    *self
                        .district_ix
                        .entry(district.to_owned())
                        .or_insert_with(|| {
                            self.districts.push(district.to_owned());
                            next
                        })
                };
                let ix = self.schools.len() as u32;
                self.schools.push(SchoolUnit {
                    code: code.to_owned(),
                    name: name.to_owned(),
                    area: None,
                    group: None,
                    district,
                });
                self.school_ix.insert(code.to_owned(), ix);
                ix
            }
        };
        self.last_school = Some((ix, code.to_owned()));
        self.last_class = None;
        ix
    }

    fn class(&mut self, school: u32, name: &str) -> u32 {
        if let Some(c) = self.last_class
            && self.classes[c as usize].school == school
            && self.classes[c as usize].name == name
        {
            return c;
        }
        let next = self.classes.len() as u32;
        let c = match self.class_ix.get(&(school, name.to_owned())) {
            Some(&c) => c,
            None => {
                self.classes.push(ClassUnit {
                    school,
                    name: name.to_owned(),
                });
                self.class_ix.insert((school, name.to_owned()), next);
                next
            }
        };
        self.last_class = Some(c);
        c
    }

    /// Records a line's mark for `key`, or why not.
    fn mark(
        &mut self,
        line: &ScoreLine<'_>,
        key: StudentKey,
        papers: usize,
    ) -> Result<(), Refused> {
        let school = self.school(line);
        let class = self.class(school, line.class);
        let student = match self.last_student {
            Some((k, s)) if k == key => s,
            _ => {
                let next = self.keys.len() as u32;
                let s = *self.student_ix.entry(key).or_insert(next);
                if s == next {
                    self.keys.push(key);
                    self.class_of.push(class);
                    self.first_row
                        .push(u32::try_from(line.row).unwrap_or(u32::MAX));
                    self.cells
                        .extend(std::iter::repeat_n(Cell::MISSING, papers));
                }
                self.last_student = Some((key, s));
                s
            }
        };
        let column = if matches!(line.student, Student::Number(_)) {
            NUMBER
        } else {
            STUDENT_ID
        };
        let first = self.first_row[student as usize];
        if self.class_of[student as usize] != class {
            let was = &self.classes[self.class_of[student as usize] as usize];
            return Err(Refused {
                code: codes::STUDENT_CLASS_CONFLICT,
                column: CLASS,
                message: format!(
                    "该生在第 {first} 行属于学校 {} 的「{}」，同一次考试中不能属于两个班级",
                    self.schools[was.school as usize].code, was.name
                ),
            });
        }
        let cell = &mut self.cells[student as usize * papers + line.paper];
        if *cell != Cell::MISSING {
            return Err(Refused {
                code: codes::DUPLICATE_SITTING,
                column,
                message: format!(
                    "该生本科目已有成绩（该生自第 {first} 行起）；同一学生同一科目只能有一行"
                ),
            });
        }
        *cell = Cell::of(line.mark);
        if !line.teacher.is_empty() {
            let (named, row) = self
                .teaching
                .entry((class, line.paper))
                .or_insert_with(|| (line.teacher.to_owned(), line.row));
            if named != line.teacher {
                return Err(Refused {
                    code: codes::TEACHER_CONFLICT,
                    column: TEACHER,
                    message: format!(
                        "该班这一科的任课教师在第 {row} 行为 {named}，此行为 {}：同一班级同一科只能有一位任课教师，请统一",
                        line.teacher
                    ),
                });
            }
        }
        Ok(())
    }

    /// The exam: classes numbered school by school (schools in order of appearance, classes in
    /// order of appearance within their school), the roster sorted by class (stable), cells
    /// transposed paper-major — the order [`junheng_core::exam::ExamBuilder`] gives.
    fn build(self, papers: &[PaperSpec]) -> LoadedExam {
        let np = papers.len();
        let mut order: Vec<u32> = (0..self.classes.len() as u32).collect();
        order.sort_by_key(|&c| self.classes[c as usize].school);
        let mut renumber = vec![0u32; self.classes.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let classes: Vec<ClassUnit> = order
            .iter()
            .map(|&c| self.classes[c as usize].clone())
            .collect();
        // Counting sort of the roster by new class number (stable).
        let mut start = vec![0usize; classes.len() + 1];
        for &c in &self.class_of {
            start[renumber[c as usize] as usize + 1] += 1;
        }
        for c in 0..classes.len() {
            start[c + 1] += start[c];
        }
        let n = self.keys.len();
        let mut at = vec![0u32; n];
        for (s, &c) in self.class_of.iter().enumerate() {
            let slot = &mut start[renumber[c as usize] as usize];
            at[s] = *slot as u32;
            *slot += 1;
        }
        let mut keys = vec![0; n];
        let mut class_of = vec![0; n];
        let mut cells = vec![Cell::MISSING; np * n];
        for s in 0..n {
            let row = at[s] as usize;
            keys[row] = self.keys[s];
            class_of[row] = renumber[self.class_of[s] as usize];
            for p in 0..np {
                cells[p * n + row] = self.cells[s * np + p];
            }
        }
        let teaching = self
            .teaching
            .into_iter()
            .map(|((class, paper), (teacher, _))| Teaching {
                class: renumber[class as usize],
                paper: paper as u16,
                teacher,
            })
            .collect();
        let exam = Exam::from_columns(
            papers.to_vec(),
            self.schools.clone(),
            classes,
            class_of,
            keys,
            cells,
        )
        .with_teaching(teaching);
        let exam = if self.districts.is_empty() {
            exam
        } else {
            let of: HashMap<&str, u32> = self
                .schools
                .iter()
                .map(|s| (s.code.as_str(), s.district))
                .collect();
            exam.with_units(Vec::new(), Vec::new(), self.districts, |code| {
                (None, None, of.get(code).copied().unwrap_or(0))
            })
        };
        LoadedExam {
            name: self.name,
            exam,
        }
    }
}

/// The exams of a long file being assembled.
pub(crate) struct Assembler<'r> {
    papers: &'r [PaperSpec],
    registry: &'r dyn Registry,
    parts: Vec<Part>,
    last_part: usize,
    last_number: Option<(String, StudentKey)>,
}

impl<'r> Assembler<'r> {
    pub fn new(papers: &'r [PaperSpec], registry: &'r dyn Registry) -> Self {
        Assembler {
            papers,
            registry,
            parts: Vec::new(),
            last_part: 0,
            last_number: None,
        }
    }

    /// Takes one valid line.
    pub fn take(&mut self, line: &ScoreLine<'_>) -> Result<(), Refused> {
        let last = self
            .parts
            .get(self.last_part)
            .and_then(|p| p.last_student.map(|l| l.0));
        let key = match line.student {
            Student::Key(key) => {
                if last != Some(key) && !self.registry.knows(key) {
                    return Err(Refused {
                        code: codes::STUDENT_UNMATCHED,
                        column: STUDENT_ID,
                        message: "学生标识不在学籍库中；请核对学籍库与成绩文件是否出自同一地区"
                            .into(),
                    });
                }
                key
            }
            Student::Number(number) => match &self.last_number {
                Some((text, key)) if text == number.expose() => *key,
                _ => match self.registry.key_of(number) {
                    Some(key) => {
                        self.last_number = Some((number.expose().to_owned(), key));
                        key
                    }
                    None => {
                        return Err(Refused {
                            code: codes::STUDENT_UNMATCHED,
                            column: NUMBER,
                            message: "学籍号不在学籍库中，请核对".into(),
                        });
                    }
                },
            },
        };
        if last != Some(key) && !self.registry.admits(key, line.school_code) {
            return Err(Refused {
                code: codes::STUDENT_UNMATCHED,
                column: SCHOOL_CODE,
                message: format!(
                    "学籍中该生不是学校 {} 本年级的学生；请核对学校标识码，转学的学生请先更新学籍",
                    line.school_code
                ),
            });
        }
        let part = match self.parts.get(self.last_part) {
            Some(p) if p.name == line.exam => self.last_part,
            _ => match self.parts.iter().position(|p| p.name == line.exam) {
                Some(i) => i,
                None => {
                    self.parts.push(Part::new(line.exam));
                    self.parts.len() - 1
                }
            },
        };
        self.last_part = part;
        self.parts[part].mark(line, key, self.papers.len())
    }

    /// The exams, in order of first appearance.
    pub fn finish(self) -> Vec<LoadedExam> {
        let papers = self.papers;
        self.parts.into_iter().map(|p| p.build(papers)).collect()
    }
}

/// The assembly of a file already checked row by row (the fast Parquet path): the same
/// interning and order as [`Assembler`], for a file in roster order. It gives up (`None`) at the
/// first thing it does not take on trust — a student unknown to the registry, a student's rows
/// split over two classes or not together, a sitting twice — and the caller then reads the file
/// again through [`Assembler`], which reports each at its row.
#[cfg(feature = "parquet")]
pub(crate) struct FastAssembler<'r> {
    papers: usize,
    registry: &'r dyn Registry,
    parts: Vec<Part>,
}

#[cfg(feature = "parquet")]
impl<'r> FastAssembler<'r> {
    pub fn new(papers: usize, registry: &'r dyn Registry) -> Self {
        FastAssembler {
            papers,
            registry,
            parts: Vec::new(),
        }
    }

    /// The exam part and class of a run of rows with these (trimmed) texts.
    pub fn segment(
        &mut self,
        exam: &str,
        district: &str,
        code: &str,
        name: &str,
        class: &str,
    ) -> (usize, u32) {
        let part = match self.parts.iter().rposition(|p| p.name == exam) {
            Some(i) => i,
            None => {
                self.parts.push(Part::new(exam));
                self.parts.len() - 1
            }
        };
        let p = &mut self.parts[part];
        let school = p.school_of(district, code, name);
        (part, p.class(school, class))
    }

    /// The roster index of the student of `key` starting a run in `class`: the previous run's
    /// student when it is the same key in the same class, else a new student.
    pub fn student(&mut self, part: usize, class: u32, key: StudentKey) -> Option<u32> {
        let papers = self.papers;
        let p = &mut self.parts[part];
        if let Some((k, s)) = p.last_student
            && k == key
        {
            return (p.class_of[s as usize] == class).then_some(s);
        }
        let school = &p.schools[p.classes[class as usize].school as usize].code;
        if !self.registry.knows(key) || !self.registry.admits(key, school) {
            return None;
        }
        let s = p.keys.len() as u32;
        p.keys.push(key);
        p.class_of.push(class);
        p.cells.extend(std::iter::repeat_n(Cell::MISSING, papers));
        p.last_student = Some((key, s));
        Some(s)
    }

    /// Records a mark; `None` when the student has one on the paper already.
    #[inline]
    pub fn mark(&mut self, part: usize, student: u32, paper: usize, cell: Cell) -> Option<()> {
        let papers = self.papers;
        let slot = &mut self.parts[part].cells[student as usize * papers + paper];
        if *slot != Cell::MISSING {
            return None;
        }
        *slot = cell;
        Some(())
    }

    /// The exams, or `None` when a key appears in two runs (a student's rows not together):
    /// each exam checks its keys distinct when it is built ([`Exam::keys_unique`]).
    pub fn finish(self, papers: &[PaperSpec]) -> Option<Vec<LoadedExam>> {
        let exams: Vec<LoadedExam> = self.parts.into_iter().map(|p| p.build(papers)).collect();
        exams.iter().all(|l| l.exam.keys_unique()).then_some(exams)
    }
}

/// Loads a long CSV file into its exams (one per 考试 value, in order of appearance), every
/// student matched through `registry`. Every problem of the file is reported; nothing is
/// returned when anything is wrong.
///
/// A file in roster order (all rows of a student together, a school's students together) is
/// the fast case; any order is accepted.
pub fn load_long_csv(
    path: &Path,
    papers: &[PaperSpec],
    registry: &dyn Registry,
) -> Result<(Vec<LoadedExam>, Vec<crate::school::Issue>), ImportFailure> {
    let mut assembler = Assembler::new(papers, registry);
    let warnings = {
        let sink: &mut Sink<'_> = &mut |line| assembler.take(line);
        read_long_csv(path, papers, sink)?
    };
    Ok((assembler.finish(), warnings))
}
