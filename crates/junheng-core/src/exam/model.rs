//! The exam's columns: papers with their lines, schools and classes, the roster and its cells.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A score in tenths of a point (`Tenths(865)` is 86.5 points), at most 6000 points. Exam scores
/// are given to the half or tenth of a point; anything finer is refused on reading, never rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Tenths(pub u16);

impl Tenths {
    /// The largest score (6000 points): above it the cell encoding keeps its statuses.
    pub const MAX: Tenths = Tenths(60_000);

    /// Whole points.
    pub const fn points(points: u16) -> Tenths {
        Tenths(points * 10)
    }

    /// A score as written: digits with at most one decimal (`86`, `86.5`, `86.50`), 0 to 6000.
    /// `None` for anything else (negative, finer than a tenth, not a number).
    pub fn parse(text: &str) -> Option<Tenths> {
        let text = text.trim();
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 5 {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let tenth = match frac.trim_end_matches('0').as_bytes() {
            [] => 0,
            [d] => u32::from(d - b'0'),
            _ => return None,
        };
        let value = whole.parse::<u32>().ok()? * 10 + tenth;
        (value <= u32::from(Self::MAX.0)).then_some(Tenths(value as u16))
    }

    /// A score from a number cell: `None` unless it is a multiple of a tenth (within 1e-6) in
    /// 0–6000.
    pub fn from_f64(points: f64) -> Option<Tenths> {
        let tenths = (points * 10.0).round();
        ((points * 10.0 - tenths).abs() < 1e-6 && (0.0..=f64::from(Self::MAX.0)).contains(&tenths))
            .then_some(Tenths(tenths as u16))
    }

    /// The score in points.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

/// What a student has on one paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Sat and scored.
    Score(Tenths),
    /// 缺考.
    Absent,
    /// 免考 (e.g. 随班就读 students exempted by the school): out of every denominator.
    Exempt,
    /// 作弊 (违纪): counted per the settings (usually as a zero).
    Cheat,
}

/// One roster student's result on one paper, packed in two bytes: a score up to
/// [`Tenths::MAX`], or a status. A student of the roster without any row for the paper is
/// [`Cell::MISSING`] (应考 but not in the file: treated as absent, and reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cell(pub u16);

impl Cell {
    /// No row for this student and paper.
    pub const MISSING: Cell = Cell(u16::MAX);
    /// 缺考.
    pub const ABSENT: Cell = Cell(u16::MAX - 1);
    /// 免考.
    pub const EXEMPT: Cell = Cell(u16::MAX - 2);
    /// 作弊.
    pub const CHEAT: Cell = Cell(u16::MAX - 3);

    /// The cell of a mark.
    pub const fn of(mark: Mark) -> Cell {
        match mark {
            Mark::Score(t) => Cell(t.0),
            Mark::Absent => Cell::ABSENT,
            Mark::Exempt => Cell::EXEMPT,
            Mark::Cheat => Cell::CHEAT,
        }
    }

    /// The score, when the student sat and scored.
    pub const fn score(self) -> Option<Tenths> {
        if self.0 <= Tenths::MAX.0 {
            Some(Tenths(self.0))
        } else {
            None
        }
    }

    /// The mark; `None` for [`Cell::MISSING`].
    pub const fn mark(self) -> Option<Mark> {
        match self {
            Cell::MISSING => None,
            Cell::ABSENT => Some(Mark::Absent),
            Cell::EXEMPT => Some(Mark::Exempt),
            Cell::CHEAT => Some(Mark::Cheat),
            Cell(v) => Some(Mark::Score(Tenths(v))),
        }
    }
}

/// A paper's four lines in tenths of a point, compared on the raw score (`score >= line`).
/// 优秀 ≥ `excellent`, 良好 ≥ `good`, 及格 ≥ `pass`, 低分 < `low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lines {
    /// 优秀线.
    pub excellent: Tenths,
    /// 良好线 (一分四率).
    pub good: Tenths,
    /// 及格线 (合格线).
    pub pass: Tenths,
    /// 低分线: below it is 低分.
    pub low: Tenths,
}

impl Lines {
    /// Lines at the given shares of full marks (each 0–1), never rounded down: a line that falls
    /// between tenths rises to the next tenth.
    pub fn at_shares(full: Tenths, excellent: f64, good: f64, pass: f64, low: f64) -> Lines {
        let at = |share: f64| {
            let exact = f64::from(full.0) * share;
            // 1e-9 absorbs the binary error of shares like 0.7 × 1500.
            Tenths((exact - 1e-9).ceil().clamp(0.0, f64::from(full.0)) as u16)
        };
        Lines {
            excellent: at(excellent),
            good: at(good),
            pass: at(pass),
            low: at(low),
        }
    }
}

/// A paper of the exam: its subject, full marks and lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaperSpec {
    /// 学科 (语文, 数学, … or a monitored domain such as 阅读素养).
    pub subject: String,
    /// 满分.
    pub full: Tenths,
    /// The lines.
    pub lines: Lines,
}

impl PaperSpec {
    /// A paper with the recommended default lines of `practices.md` §1.1 ([L]): 优秀 85 %, 良好
    /// 70 %, 及格 60 %, 低分 below 40 % of full marks.
    pub fn with_default_lines(subject: &str, full: Tenths) -> PaperSpec {
        PaperSpec {
            subject: subject.to_owned(),
            full,
            lines: Lines::at_shares(full, 0.85, 0.70, 0.60, 0.40),
        }
    }
}

/// A student's pseudonymous key as the engine matches it across exams: the first 16 bytes of the
/// registry's pseudonym (HMAC-SHA256), big-endian. Never a 学籍号.
pub type StudentKey = u128;
/// A paper's index in [`Exam::papers`].
pub type PaperIx = usize;
/// A student's index while building; after [`ExamBuilder::build`] the roster is re-sorted and
/// [`Exam::student_of`] finds a key.
pub type StudentIx = u32;

/// A school of the exam and the larger units it belongs to (indices into [`Exam::areas`],
/// [`Exam::groups`], [`Exam::districts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolUnit {
    /// 学校标识码.
    pub code: String,
    /// 学校名称.
    pub name: String,
    /// Its 学区 (片区), if any.
    pub area: Option<u32>,
    /// Its 教育集团, if any.
    pub group: Option<u32>,
    /// Its district (区县) in a city's exam; 0 in a district's own.
    pub district: u32,
}

/// A class: its school and its name (班级).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassUnit {
    /// Index into [`Exam::schools`].
    pub school: u32,
    /// 班级, as the file writes it.
    pub name: String,
}

/// 任课教师: who teaches one paper in one class (optional in every score file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Teaching {
    /// Index into [`Exam::classes`].
    pub class: u32,
    /// The paper taught (index into [`Exam::papers`]).
    pub paper: u16,
    /// The teacher's 教师编号, as the roster writes it.
    pub teacher: String,
}

/// Why a student or mark is refused while building.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExamError {
    /// The same key twice in the roster.
    #[error("学生重复（同一学生在名单中出现两次）")]
    DuplicateStudent,
    /// A second mark for the same student and paper.
    #[error("同一学生同一科目有两条成绩")]
    DuplicateMark,
    /// A score above the paper's full marks.
    #[error("分数 {score} 超过满分 {full}")]
    AboveFull {
        /// The score.
        score: Tenths,
        /// The paper's full marks.
        full: Tenths,
    },
    /// No such paper.
    #[error("没有第 {0} 科")]
    NoPaper(usize),
    /// No such student.
    #[error("没有这名学生")]
    NoStudent,
    /// A teacher for a class that has no student.
    #[error("没有这个班级")]
    NoClass,
    /// A second teacher for the same class and paper.
    #[error("同一班级同一科目有两位任课教师")]
    TwoTeachers,
}

/// One exam's data: papers, units, the roster sorted by school then class, and per paper one
/// [`Cell`] per roster student.
#[derive(Debug, Clone, PartialEq)]
pub struct Exam {
    papers: Vec<PaperSpec>,
    schools: Vec<SchoolUnit>,
    classes: Vec<ClassUnit>,
    areas: Vec<String>,
    groups: Vec<String>,
    districts: Vec<String>,
    /// Per roster student, its class; non-decreasing, and classes are numbered school by school.
    class_of: Vec<u32>,
    /// Per roster student, its key.
    keys: Vec<StudentKey>,
    /// Whether no key repeats in the roster (checked once, when built).
    unique_keys: bool,
    /// Per class, the range of roster students in it (`class_start[c]..class_start[c + 1]`).
    class_start: Vec<u32>,
    /// Paper-major cells: paper `p`'s are `cells[p * n..(p + 1) * n]`.
    cells: Vec<Cell>,
    /// Who teaches which paper in which class, sorted; at most one teacher per class and paper.
    teaching: Vec<Teaching>,
}

impl Exam {
    /// The papers.
    pub fn papers(&self) -> &[PaperSpec] {
        &self.papers
    }
    /// The schools.
    pub fn schools(&self) -> &[SchoolUnit] {
        &self.schools
    }
    /// The classes, numbered school by school.
    pub fn classes(&self) -> &[ClassUnit] {
        &self.classes
    }
    /// The 学区 names.
    pub fn areas(&self) -> &[String] {
        &self.areas
    }
    /// The group names.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
    /// The district names (one, unnamed, in a district's own exam).
    pub fn districts(&self) -> &[String] {
        &self.districts
    }
    /// How many students the roster holds (应考 before exemptions).
    pub fn students(&self) -> usize {
        self.class_of.len()
    }
    /// Per roster student, its class.
    pub fn class_of(&self) -> &[u32] {
        &self.class_of
    }
    /// Per roster student, its key.
    pub fn keys(&self) -> &[StudentKey] {
        &self.keys
    }
    /// Whether every key of the roster is distinct (checked when the exam was built): then value
    /// added over an exam of the same roster needs no join.
    pub fn keys_unique(&self) -> bool {
        self.unique_keys
    }
    /// The roster range of class `class`.
    pub fn class_range(&self, class: u32) -> std::ops::Range<usize> {
        self.class_start[class as usize] as usize..self.class_start[class as usize + 1] as usize
    }
    /// The roster range of school `school` (its classes are contiguous).
    pub fn school_range(&self, school: u32) -> std::ops::Range<usize> {
        let first = self.classes.partition_point(|c| c.school < school);
        let end = self.classes.partition_point(|c| c.school <= school);
        self.class_start[first] as usize..self.class_start[end] as usize
    }
    /// Paper `paper`'s cells, aligned with the roster.
    pub fn cells(&self, paper: PaperIx) -> &[Cell] {
        let n = self.students();
        &self.cells[paper * n..(paper + 1) * n]
    }
    /// Who teaches which paper in which class (sorted by class, then paper).
    pub fn teaching(&self) -> &[Teaching] {
        &self.teaching
    }

    /// Sets who teaches which paper in which class: sorted, and for each class and paper the
    /// first teacher given kept (the readers refuse a file that names two).
    ///
    /// # Panics
    /// When a class or paper is not the exam's: a bug in the caller, not bad input.
    pub fn with_teaching(mut self, mut teaching: Vec<Teaching>) -> Exam {
        for t in &teaching {
            assert!(
                (t.class as usize) < self.classes.len(),
                "a class of the exam"
            );
            assert!(
                usize::from(t.paper) < self.papers.len(),
                "a paper of the exam"
            );
        }
        teaching.sort_by_key(|t| (t.class, t.paper));
        teaching.dedup_by_key(|t| (t.class, t.paper));
        self.teaching = teaching;
        self
    }

    /// The roster index of a key (a linear scan: for one student's card, not for joins).
    pub fn student_of(&self, key: StudentKey) -> Option<usize> {
        self.keys.iter().position(|k| *k == key)
    }

    /// Sets the 学区, group and district of each school (by code) and their names. Schools not in
    /// `of` keep none (district 0).
    pub fn with_units(
        mut self,
        areas: Vec<String>,
        groups: Vec<String>,
        districts: Vec<String>,
        of: impl Fn(&str) -> (Option<u32>, Option<u32>, u32),
    ) -> Exam {
        for school in &mut self.schools {
            (school.area, school.group, school.district) = of(&school.code);
        }
        self.areas = areas;
        self.groups = groups;
        self.districts = districts;
        self
    }

    /// An exam straight from its columns (the generators and readers that already hold sorted
    /// columns): `class_of` non-decreasing, classes numbered school by school, `cells` paper-major.
    /// Keys may repeat (the importers refuse that earlier); whether they do is recorded
    /// ([`Exam::keys_unique`]).
    ///
    /// # Panics
    /// When the columns disagree in length or order: a bug in the caller, not bad input.
    pub fn from_columns(
        papers: Vec<PaperSpec>,
        schools: Vec<SchoolUnit>,
        classes: Vec<ClassUnit>,
        class_of: Vec<u32>,
        keys: Vec<StudentKey>,
        cells: Vec<Cell>,
    ) -> Exam {
        assert_eq!(class_of.len(), keys.len(), "one key per roster student");
        assert_eq!(
            cells.len(),
            papers.len() * keys.len(),
            "one cell per student and paper"
        );
        assert!(class_of.is_sorted(), "the roster is sorted by class");
        assert!(
            classes.windows(2).all(|w| w[0].school <= w[1].school),
            "classes are numbered school by school"
        );
        let mut class_start = vec![0u32; classes.len() + 1];
        for &c in &class_of {
            class_start[c as usize + 1] += 1;
        }
        for c in 0..classes.len() {
            class_start[c + 1] += class_start[c];
        }
        let districts = vec![String::new()];
        let unique_keys = super::keys::distinct_keys(&keys);
        Exam {
            papers,
            schools,
            classes,
            areas: Vec::new(),
            groups: Vec::new(),
            districts,
            class_of,
            keys,
            unique_keys,
            class_start,
            cells,
            teaching: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_parse_to_the_tenth_and_no_finer() {
        assert_eq!(Tenths::parse("86.5"), Some(Tenths(865)));
        assert_eq!(Tenths::parse(" 100 "), Some(Tenths(1000)));
        assert_eq!(Tenths::parse("86.50"), Some(Tenths(865)));
        assert_eq!(Tenths::parse("86.25"), None);
        assert_eq!(Tenths::parse("-1"), None);
        assert_eq!(Tenths::parse("6000.1"), None);
        assert_eq!(Tenths::parse(".5"), None);
        assert_eq!(Tenths::from_f64(86.5), Some(Tenths(865)));
        assert_eq!(Tenths::from_f64(0.1 + 0.2), Some(Tenths(3)));
        assert_eq!(Tenths::from_f64(86.25), None);
        assert_eq!(Tenths(865).to_string(), "86.5");
        assert_eq!(Tenths(860).to_string(), "86");
    }

    #[test]
    fn lines_never_round_down() {
        // 150-point paper: 127.5 / 105 / 90 / 60.
        let lines = Lines::at_shares(Tenths::points(150), 0.85, 0.70, 0.60, 0.40);
        assert_eq!(lines.excellent, Tenths(1275));
        assert_eq!(lines.good, Tenths(1050));
        assert_eq!(lines.pass, Tenths(900));
        assert_eq!(lines.low, Tenths(600));
        // 0.85 × 95 = 80.75 rises to 80.8.
        assert_eq!(
            Lines::at_shares(Tenths::points(95), 0.85, 0.7, 0.6, 0.4).excellent,
            Tenths(808)
        );
    }

    #[test]
    fn cells_pack_scores_and_statuses() {
        for mark in [
            Mark::Score(Tenths(0)),
            Mark::Score(Tenths::MAX),
            Mark::Absent,
            Mark::Exempt,
            Mark::Cheat,
        ] {
            assert_eq!(Cell::of(mark).mark(), Some(mark));
        }
        assert_eq!(Cell::MISSING.mark(), None);
        assert_eq!(Cell::ABSENT.score(), None);
    }
}
