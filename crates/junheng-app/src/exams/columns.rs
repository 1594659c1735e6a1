//! A school's part of an exam as the bytes the store seals, and the parts of several schools
//! joined into one [`Exam`] for the analyses.
//!
//! The bytes (little-endian): `JHX2`, papers (u16), classes (u32) each as a name (u16 length +
//! UTF-8), students (u32) each as key (u128) + class (u32, the school's own numbering,
//! non-decreasing), then the cells paper by paper (u16 each), then the teachers (u32) each as
//! class (u32) + paper (u16) + 教师编号 (u16 length + UTF-8). `JHX1`, the same without the
//! teachers, is still read. Anything else is refused as corrupt: a file opened under the right
//! key is still checked before it is believed.

use junheng_core::exam::{Cell, ClassUnit, Exam, PaperSpec, SchoolUnit, StudentKey, Teaching};

const MAGIC: &[u8; 4] = b"JHX2";
/// The format before teachers.
const MAGIC_1: &[u8; 4] = b"JHX1";

/// A school's part of an exam: its classes, its roster (keys, classes) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolPart {
    /// 班级 names, in the school's numbering.
    pub classes: Vec<String>,
    /// Per roster student, its key.
    pub keys: Vec<StudentKey>,
    /// Per roster student, its class (non-decreasing).
    pub class_of: Vec<u32>,
    /// Paper-major cells: paper `p`'s are `cells[p * n..(p + 1) * n]`.
    pub cells: Vec<Cell>,
    /// Who teaches which paper in which class (classes in the school's numbering).
    pub teaching: Vec<Teaching>,
}

/// Why bytes are not a school's part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("成绩文件已损坏（{0}）")]
pub struct Corrupt(&'static str);

impl SchoolPart {
    /// School `school`'s part of `exam`.
    pub fn of(exam: &Exam, school: u32) -> SchoolPart {
        let range = exam.school_range(school);
        let first_class = exam.classes().partition_point(|c| c.school < school);
        let classes: Vec<String> = exam
            .classes()
            .iter()
            .filter(|c| c.school == school)
            .map(|c| c.name.clone())
            .collect();
        let class_of = exam.class_of()[range.clone()]
            .iter()
            .map(|c| c - first_class as u32)
            .collect();
        let cells = (0..exam.papers().len())
            .flat_map(|p| exam.cells(p)[range.clone()].iter().copied())
            .collect();
        let teaching = exam
            .teaching()
            .iter()
            .filter(|t| exam.classes()[t.class as usize].school == school)
            .map(|t| Teaching {
                class: t.class - first_class as u32,
                ..t.clone()
            })
            .collect();
        SchoolPart {
            classes,
            keys: exam.keys()[range].to_vec(),
            class_of,
            cells,
            teaching,
        }
    }

    /// How many students.
    pub fn students(&self) -> usize {
        self.keys.len()
    }

    /// Sittings with a mark (a score or a status).
    pub fn sittings(&self) -> usize {
        self.cells.iter().filter(|c| **c != Cell::MISSING).count()
    }

    /// The bytes to seal.
    pub fn encode(&self, papers: usize) -> Vec<u8> {
        let n = self.keys.len();
        let mut out = Vec::with_capacity(16 + n * (20 + 2 * papers));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(papers as u16).to_le_bytes());
        out.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for class in &self.classes {
            out.extend_from_slice(&(class.len() as u16).to_le_bytes());
            out.extend_from_slice(class.as_bytes());
        }
        out.extend_from_slice(&(n as u32).to_le_bytes());
        for (key, class) in self.keys.iter().zip(&self.class_of) {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&class.to_le_bytes());
        }
        for cell in &self.cells {
            out.extend_from_slice(&cell.0.to_le_bytes());
        }
        out.extend_from_slice(&(self.teaching.len() as u32).to_le_bytes());
        for t in &self.teaching {
            out.extend_from_slice(&t.class.to_le_bytes());
            out.extend_from_slice(&t.paper.to_le_bytes());
            out.extend_from_slice(&(t.teacher.len() as u16).to_le_bytes());
            out.extend_from_slice(t.teacher.as_bytes());
        }
        out
    }

    /// A part from its bytes, for an exam of `papers` papers.
    pub fn decode(bytes: &[u8], papers: usize) -> Result<SchoolPart, Corrupt> {
        let mut r = Reader(bytes);
        let with_teachers = match r.take(4)? {
            m if m == MAGIC => true,
            m if m == MAGIC_1 => false,
            _ => return Err(Corrupt("格式标记")),
        };
        if usize::from(r.u16()?) != papers {
            return Err(Corrupt("科目数与考试不符"));
        }
        let class_count = r.u32()? as usize;
        if class_count > r.0.len() / 2 {
            return Err(Corrupt("班级数"));
        }
        let mut classes = Vec::with_capacity(class_count);
        for _ in 0..class_count {
            let len = usize::from(r.u16()?);
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| Corrupt("班级名称"))?;
            classes.push(name.to_owned());
        }
        let n = r.u32()? as usize;
        let body = n.checked_mul(20 + 2 * papers).ok_or(Corrupt("长度"))?;
        if (with_teachers && body > r.0.len()) || (!with_teachers && body != r.0.len()) {
            return Err(Corrupt("长度"));
        }
        let mut keys = Vec::with_capacity(n);
        let mut class_of = Vec::with_capacity(n);
        for _ in 0..n {
            keys.push(u128::from_le_bytes(
                r.take(16)?.try_into().expect("16 bytes"),
            ));
            let class = r.u32()?;
            if class as usize >= class_count || class_of.last().is_some_and(|&l| class < l) {
                return Err(Corrupt("学生的班级"));
            }
            class_of.push(class);
        }
        let cells = r
            .take(2 * n * papers)?
            .chunks_exact(2)
            .map(|c| Cell(u16::from_le_bytes([c[0], c[1]])))
            .collect();
        let mut teaching = Vec::new();
        if with_teachers {
            let count = r.u32()? as usize;
            if count > r.0.len() / 8 {
                return Err(Corrupt("任课教师数"));
            }
            for _ in 0..count {
                let class = r.u32()?;
                let paper = r.u16()?;
                let len = usize::from(r.u16()?);
                let teacher = std::str::from_utf8(r.take(len)?).map_err(|_| Corrupt("教师编号"))?;
                if class as usize >= class_count || usize::from(paper) >= papers {
                    return Err(Corrupt("任课教师的班级或科目"));
                }
                teaching.push(Teaching {
                    class,
                    paper,
                    teacher: teacher.to_owned(),
                });
            }
            if !r.0.is_empty() {
                return Err(Corrupt("长度"));
            }
        }
        Ok(SchoolPart {
            classes,
            keys,
            class_of,
            cells,
            teaching,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        if self.0.len() < n {
            return Err(Corrupt("长度"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u16(&mut self) -> Result<u16, Corrupt> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

/// One exam from its schools' parts (in the given order, each with its unit): classes and the
/// roster school by school, cells paper by paper.
pub fn join(papers: Vec<PaperSpec>, parts: Vec<(SchoolUnit, SchoolPart)>) -> Exam {
    let n: usize = parts.iter().map(|(_, p)| p.students()).sum();
    let mut schools = Vec::with_capacity(parts.len());
    let mut classes = Vec::new();
    let mut class_of = Vec::with_capacity(n);
    let mut keys = Vec::with_capacity(n);
    let mut cells = vec![Cell::MISSING; papers.len() * n];
    let mut teaching = Vec::new();
    let mut at = 0;
    for (s, (unit, part)) in parts.into_iter().enumerate() {
        let base = classes.len() as u32;
        teaching.extend(part.teaching.into_iter().map(|t| Teaching {
            class: t.class + base,
            ..t
        }));
        classes.extend(part.classes.into_iter().map(|name| ClassUnit {
            school: s as u32,
            name,
        }));
        class_of.extend(part.class_of.iter().map(|c| c + base));
        let m = part.keys.len();
        keys.extend(part.keys);
        for p in 0..papers.len() {
            cells[p * n + at..p * n + at + m].copy_from_slice(&part.cells[p * m..(p + 1) * m]);
        }
        at += m;
        schools.push(unit);
    }
    Exam::from_columns(papers, schools, classes, class_of, keys, cells).with_teaching(teaching)
}

#[cfg(test)]
mod tests {
    use junheng_core::exam::{ExamBuilder, Mark, Tenths};

    use super::*;

    fn exam() -> Exam {
        let mut b = ExamBuilder::new(vec![
            PaperSpec::with_default_lines("语文", Tenths::points(150)),
            PaperSpec::with_default_lines("数学", Tenths::points(150)),
        ]);
        let x = b.school("5001120001", "甲校");
        let y = b.school("5001120002", "乙校");
        for (i, (school, class)) in [(x, "(1)班"), (y, "(1)班"), (x, "(2)班"), (x, "(1)班")]
            .into_iter()
            .enumerate()
        {
            let s = b.student(school, class, 1000 + i as u128).unwrap();
            b.mark(s, 0, Mark::Score(Tenths(900 + i as u16))).unwrap();
            if i != 2 {
                b.mark(s, 1, Mark::Absent).unwrap();
            }
        }
        b.teach(x, "(2)班", 1, "T5001120001A007").unwrap();
        b.teach(y, "(1)班", 0, "T02").unwrap();
        b.build()
    }

    #[test]
    fn parts_round_trip_and_join_back_into_the_exam() {
        let whole = exam();
        let parts: Vec<(SchoolUnit, SchoolPart)> = (0..2)
            .map(|s| {
                let part = SchoolPart::of(&whole, s);
                let bytes = part.encode(2);
                assert_eq!(SchoolPart::decode(&bytes, 2).unwrap(), part);
                (whole.schools()[s as usize].clone(), part)
            })
            .collect();
        assert_eq!(parts[0].1.students(), 3);
        assert_eq!(parts[0].1.sittings(), 5);
        assert_eq!(parts[0].1.teaching.len(), 1);
        assert_eq!(whole.teaching().len(), 2);
        assert_eq!(join(whole.papers().to_vec(), parts), whole);
    }

    #[test]
    fn parts_stored_before_teachers_still_open() {
        let mut part = SchoolPart::of(&exam(), 0);
        let mut bytes = part.encode(2);
        // The JHX1 bytes: the JHX2 ones without the teachers' section.
        let teachers = 4 + part
            .teaching
            .iter()
            .map(|t| 8 + t.teacher.len())
            .sum::<usize>();
        bytes.truncate(bytes.len() - teachers);
        bytes[..4].copy_from_slice(b"JHX1");
        part.teaching.clear();
        assert_eq!(SchoolPart::decode(&bytes, 2).unwrap(), part);
        bytes.push(0);
        assert!(SchoolPart::decode(&bytes, 2).is_err());
    }

    #[test]
    fn corrupt_bytes_are_refused_not_believed() {
        let bytes = SchoolPart::of(&exam(), 0).encode(2);
        assert!(SchoolPart::decode(&bytes, 3).is_err());
        assert!(SchoolPart::decode(&bytes[..bytes.len() - 1], 2).is_err());
        assert!(SchoolPart::decode(b"JHX0", 2).is_err());
        for cut in 0..bytes.len() {
            assert!(SchoolPart::decode(&bytes[..cut], 2).is_err());
        }
    }
}
