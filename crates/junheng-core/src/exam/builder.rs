//! [`ExamBuilder`]: an [`Exam`] built row by row, as the importers read it.

use std::collections::HashMap;

use super::model::{
    Cell, ClassUnit, Exam, ExamError, Mark, PaperIx, PaperSpec, SchoolUnit, StudentIx, StudentKey,
    Teaching,
};

/// Builds an [`Exam`] row by row (the importers): schools and classes as they come, students
/// once each, marks once per student and paper. [`ExamBuilder::build`] sorts the roster.
#[derive(Debug)]
pub struct ExamBuilder {
    papers: Vec<PaperSpec>,
    schools: Vec<SchoolUnit>,
    school_ix: HashMap<String, u32>,
    classes: Vec<ClassUnit>,
    class_ix: HashMap<(u32, String), u32>,
    class_of: Vec<u32>,
    keys: Vec<StudentKey>,
    key_ix: HashMap<StudentKey, StudentIx>,
    /// Student-major while building: student `s`'s are `cells[s * papers..]`.
    cells: Vec<Cell>,
    /// Who teaches which paper in which class (classes in the building numbering).
    teaching: HashMap<(u32, u16), String>,
}

impl ExamBuilder {
    /// An empty exam of these papers.
    pub fn new(papers: Vec<PaperSpec>) -> ExamBuilder {
        ExamBuilder {
            papers,
            schools: Vec::new(),
            school_ix: HashMap::new(),
            classes: Vec::new(),
            class_ix: HashMap::new(),
            class_of: Vec::new(),
            keys: Vec::new(),
            key_ix: HashMap::new(),
            cells: Vec::new(),
            teaching: HashMap::new(),
        }
    }

    /// The papers.
    pub fn papers(&self) -> &[PaperSpec] {
        &self.papers
    }

    /// The index of a school (added on first use).
    pub fn school(&mut self, code: &str, name: &str) -> u32 {
        if let Some(&ix) = self.school_ix.get(code) {
            return ix;
        }
        let ix = self.schools.len() as u32;
        self.schools.push(SchoolUnit {
            code: code.to_owned(),
            name: name.to_owned(),
            area: None,
            group: None,
            district: 0,
        });
        self.school_ix.insert(code.to_owned(), ix);
        ix
    }

    /// Adds a student of the roster (应考) in a school's class.
    pub fn student(
        &mut self,
        school: u32,
        class: &str,
        key: StudentKey,
    ) -> Result<StudentIx, ExamError> {
        if self.key_ix.contains_key(&key) {
            return Err(ExamError::DuplicateStudent);
        }
        let class = match self.class_ix.get(&(school, class.to_owned())) {
            Some(&c) => c,
            None => {
                let c = self.classes.len() as u32;
                self.classes.push(ClassUnit {
                    school,
                    name: class.to_owned(),
                });
                self.class_ix.insert((school, class.to_owned()), c);
                c
            }
        };
        let ix = self.keys.len() as StudentIx;
        self.class_of.push(class);
        self.keys.push(key);
        self.key_ix.insert(key, ix);
        self.cells
            .extend(std::iter::repeat_n(Cell::MISSING, self.papers.len()));
        Ok(ix)
    }

    /// The index of a student already added.
    pub fn find(&self, key: StudentKey) -> Option<StudentIx> {
        self.key_ix.get(&key).copied()
    }

    /// Records a student's mark on a paper (once).
    pub fn mark(
        &mut self,
        student: StudentIx,
        paper: PaperIx,
        mark: Mark,
    ) -> Result<(), ExamError> {
        let spec = self.papers.get(paper).ok_or(ExamError::NoPaper(paper))?;
        if let Mark::Score(score) = mark
            && score > spec.full
        {
            return Err(ExamError::AboveFull {
                score,
                full: spec.full,
            });
        }
        let at = (student as usize)
            .checked_mul(self.papers.len())
            .and_then(|i| i.checked_add(paper))
            .filter(|&i| i < self.cells.len())
            .ok_or(ExamError::NoStudent)?;
        if self.cells[at] != Cell::MISSING {
            return Err(ExamError::DuplicateMark);
        }
        self.cells[at] = Cell::of(mark);
        Ok(())
    }

    /// Records that `teacher` (a 教师编号) teaches `paper` in `class` of `school`, a class that
    /// already has a student. The same teacher again is accepted; a second teacher is refused.
    pub fn teach(
        &mut self,
        school: u32,
        class: &str,
        paper: PaperIx,
        teacher: &str,
    ) -> Result<(), ExamError> {
        if paper >= self.papers.len() {
            return Err(ExamError::NoPaper(paper));
        }
        let class = *self
            .class_ix
            .get(&(school, class.to_owned()))
            .ok_or(ExamError::NoClass)?;
        match self.teaching.get(&(class, paper as u16)) {
            Some(t) if t != teacher => Err(ExamError::TwoTeachers),
            Some(_) => Ok(()),
            None => {
                self.teaching
                    .insert((class, paper as u16), teacher.to_owned());
                Ok(())
            }
        }
    }

    /// The exam: classes renumbered school by school (in order of school, then first appearance),
    /// the roster sorted by class (stable: students keep their order within a class), cells
    /// transposed paper-major.
    pub fn build(self) -> Exam {
        let papers = self.papers.len();
        let mut class_order: Vec<u32> = (0..self.classes.len() as u32).collect();
        class_order.sort_by_key(|&c| self.classes[c as usize].school);
        let mut renumber = vec![0u32; self.classes.len()];
        for (new, &old) in class_order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let classes: Vec<ClassUnit> = class_order
            .iter()
            .map(|&c| self.classes[c as usize].clone())
            .collect();
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_by_key(|&s| renumber[self.class_of[s as usize] as usize]);
        let n = order.len();
        let mut cells = vec![Cell::MISSING; papers * n];
        for (row, &s) in order.iter().enumerate() {
            for p in 0..papers {
                cells[p * n + row] = self.cells[s as usize * papers + p];
            }
        }
        let class_of = order
            .iter()
            .map(|&s| renumber[self.class_of[s as usize] as usize])
            .collect();
        let keys = order.iter().map(|&s| self.keys[s as usize]).collect();
        let teaching = self
            .teaching
            .into_iter()
            .map(|((class, paper), teacher)| Teaching {
                class: renumber[class as usize],
                paper,
                teacher,
            })
            .collect();
        Exam::from_columns(self.papers, self.schools, classes, class_of, keys, cells)
            .with_teaching(teaching)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::Tenths;

    #[test]
    fn the_builder_sorts_the_roster_by_school_and_class() {
        let mut b = ExamBuilder::new(vec![PaperSpec::with_default_lines(
            "语文",
            Tenths::points(100),
        )]);
        let y = b.school("2", "乙校");
        let x = b.school("1", "甲校");
        let s1 = b.student(y, "(1)班", 10).unwrap();
        let s2 = b.student(x, "(2)班", 20).unwrap();
        let s3 = b.student(x, "(1)班", 30).unwrap();
        let s4 = b.student(y, "(1)班", 40).unwrap();
        assert_eq!(b.student(x, "(1)班", 30), Err(ExamError::DuplicateStudent));
        b.mark(s1, 0, Mark::Score(Tenths(900))).unwrap();
        b.mark(s3, 0, Mark::Absent).unwrap();
        assert_eq!(b.mark(s3, 0, Mark::Cheat), Err(ExamError::DuplicateMark));
        assert!(matches!(
            b.mark(s2, 0, Mark::Score(Tenths(1001))),
            Err(ExamError::AboveFull { .. })
        ));
        assert_eq!(b.mark(s4, 1, Mark::Absent), Err(ExamError::NoPaper(1)));
        let exam = b.build();
        // School 0 (乙校) first: its (1)班 holds keys 10 and 40; then 甲校 (2)班, (1)班.
        assert_eq!(exam.keys(), &[10, 40, 20, 30]);
        assert_eq!(exam.class_of(), &[0, 0, 1, 2]);
        assert_eq!(exam.school_range(0), 0..2);
        assert_eq!(exam.school_range(1), 2..4);
        assert_eq!(exam.class_range(2), 3..4);
        assert_eq!(
            exam.cells(0),
            &[Cell(900), Cell::MISSING, Cell::MISSING, Cell::ABSENT]
        );
        assert_eq!(exam.student_of(30), Some(3));
        assert!(exam.teaching().is_empty());
    }

    #[test]
    fn teachers_follow_their_classes_through_the_renumbering() {
        let mut b = ExamBuilder::new(vec![
            PaperSpec::with_default_lines("语文", Tenths::points(100)),
            PaperSpec::with_default_lines("数学", Tenths::points(100)),
        ]);
        let y = b.school("2", "乙校");
        let x = b.school("1", "甲校");
        b.student(y, "(1)班", 10).unwrap();
        b.student(x, "(2)班", 20).unwrap();
        assert_eq!(b.teach(x, "(2)班", 1, "T7"), Ok(()));
        assert_eq!(b.teach(x, "(2)班", 1, "T7"), Ok(()));
        assert_eq!(b.teach(x, "(2)班", 1, "T8"), Err(ExamError::TwoTeachers));
        assert_eq!(b.teach(x, "(9)班", 0, "T7"), Err(ExamError::NoClass));
        assert_eq!(b.teach(x, "(2)班", 2, "T7"), Err(ExamError::NoPaper(2)));
        b.teach(y, "(1)班", 0, "T1").unwrap();
        let exam = b.build();
        let named: Vec<(&str, &str, u16)> = exam
            .teaching()
            .iter()
            .map(|t| {
                let c = &exam.classes()[t.class as usize];
                (
                    exam.schools()[c.school as usize].name.as_str(),
                    t.teacher.as_str(),
                    t.paper,
                )
            })
            .collect();
        assert_eq!(named, [("乙校", "T1", 0), ("甲校", "T7", 1)]);
    }
}
