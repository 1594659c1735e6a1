//! Synthetic 质量监测 data: one cohort's exams in a district (or a city of districts), built
//! straight into [`Exam`] columns, and the long rows (one per student and paper) that the file
//! writers and benchmarks need.
//!
//! The scores have the structure a real district shows: a latent ability per student, school
//! effects (a few clearly weak schools fall below a 警戒线 of mean − 1 SD), class effects, a
//! cohort effect, subject difficulty, growth between exams with school value-added
//! differences; about 1.5 % absent, a few exempt (随班就读) and a few cheats; scores rounded to
//! half points and clipped to the paper.
//!
//! Everything is drawn from seeds derived from (spec seed, district, school, student), so each
//! student has the same key and ability in every exam of the cohort, and each school can be
//! generated on its own core without changing the result.
//!
//! ```
//! use junheng_core::demo::exam::{ExamDemoSpec, generate, rows};
//! let spec = ExamDemoSpec { schools_per_district: 4, ..ExamDemoSpec::demo() };
//! let exams = generate(&spec);
//! assert_eq!(exams.len(), 8);
//! assert_eq!(exams[0].keys(), exams[7].keys());
//! let first = rows(&spec.exams[0].name, &exams[0]).next().unwrap();
//! assert_eq!(first.subject, "语文");
//! assert_eq!(first.school_code.len(), 10);
//! ```

use super::Rng;
use super::names::{DISTRICTS, TOWNS};
use crate::exam::{Cell, ClassUnit, Exam, Mark, PaperSpec, SchoolUnit, StudentKey, Tenths};

/// One exam of the cohort: its name (the long files' 考试 column), the grade sat and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoExamInfo {
    /// 考试名称, unique in the spec (e.g. 2024学年七年级上期期末).
    pub name: String,
    /// 年级 at the exam (1–9).
    pub grade: u8,
    /// 期末, 统考, 联考 or 监测.
    pub kind: &'static str,
}

/// What to generate: a cohort in `districts × schools_per_district` schools, sitting `exams`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamDemoSpec {
    /// Districts (区县); their schools' codes differ in the district digits.
    pub districts: usize,
    /// Schools of the cohort's section per district.
    pub schools_per_district: usize,
    /// The cohort's size per school, drawn uniformly in this range (inclusive).
    pub students_per_school: (u32, u32),
    /// Students per class, at most (classes are filled evenly).
    pub class_size: u32,
    /// The papers of every exam.
    pub papers: Vec<PaperSpec>,
    /// The exams, in the order they are sat.
    pub exams: Vec<DemoExamInfo>,
    /// Random seed.
    pub seed: u64,
}

/// The papers of an exam of a grade: 语文/数学/英语 150 and 物理/化学/道德与法治/历史/生物 100
/// for 初中 (grades 7–9); 语文/数学/英语/科学 100 for 小学.
pub fn default_papers(grade: u8) -> Vec<PaperSpec> {
    let list: &[(&str, u16)] = if grade >= 7 {
        &[
            ("语文", 150),
            ("数学", 150),
            ("英语", 150),
            ("物理", 100),
            ("化学", 100),
            ("道德与法治", 100),
            ("历史", 100),
            ("生物", 100),
        ]
    } else {
        &[("语文", 100), ("数学", 100), ("英语", 100), ("科学", 100)]
    };
    list.iter()
        .map(|(s, full)| PaperSpec::with_default_lines(s, Tenths::points(*full)))
        .collect()
}

impl ExamDemoSpec {
    /// The demo district: one 初中 cohort over two school years (七年级 and 八年级), four exams
    /// a year (期中统考, 期末, 联考, 监测), 40 schools of 180–720 students.
    pub fn demo() -> ExamDemoSpec {
        let mut exams = Vec::new();
        for (year, grade, label) in [(2023, 7, "七年级"), (2024, 8, "八年级")] {
            for (term, kind) in [
                ("上期期中", "统考"),
                ("上期期末", "期末"),
                ("下期联考", "联考"),
                ("下期期末质量监测", "监测"),
            ] {
                exams.push(DemoExamInfo {
                    name: format!("{year}学年{label}{term}"),
                    grade,
                    kind,
                });
            }
        }
        ExamDemoSpec {
            districts: 1,
            schools_per_district: 40,
            students_per_school: (180, 720),
            class_size: 45,
            papers: default_papers(7),
            exams,
            seed: 2024,
        }
    }

    /// The benchmark cohort: about `students` 初中 students (3.5 M for the 10⁸-row files, 350 000
    /// for the CI-sized 10⁷) in districts of 100 schools, 8 papers, 4 exams.
    pub fn bench(students: usize, seed: u64) -> ExamDemoSpec {
        let per_school = 875usize;
        let schools = students.div_ceil(per_school).max(1);
        let districts = schools.div_ceil(100);
        let exams = ["期中统考", "期末", "联考", "质量监测"]
            .iter()
            .zip(["统考", "期末", "联考", "监测"])
            .map(|(name, kind)| DemoExamInfo {
                name: format!("2024学年八年级{name}"),
                grade: 8,
                kind,
            })
            .collect();
        ExamDemoSpec {
            districts,
            schools_per_district: schools.div_ceil(districts),
            students_per_school: (750, 1000),
            class_size: 50,
            papers: default_papers(8),
            exams,
            seed,
        }
    }

    /// The district's name (区县): the demo names, numbered past the list.
    pub fn district_name(&self, district: usize) -> String {
        let name = DISTRICTS[district % DISTRICTS.len()];
        match district / DISTRICTS.len() {
            0 => name.to_owned(),
            round => format!("{}{}区", name.trim_end_matches('区'), round + 1),
        }
    }
}

/// One sitting as the long files write it: an exam, a school, a class, a student's key, a paper
/// and its mark. Students without a row for a paper ([`Cell::MISSING`]) give no row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreRow<'a> {
    /// 考试.
    pub exam: &'a str,
    /// 区县.
    pub district: &'a str,
    /// 学校标识码.
    pub school_code: &'a str,
    /// 学校名称.
    pub school_name: &'a str,
    /// 班级.
    pub class: &'a str,
    /// The pseudonymous key (written as 32 hex digits).
    pub student: StudentKey,
    /// 科目.
    pub subject: &'a str,
    /// The paper's index.
    pub paper: usize,
    /// The score or status.
    pub mark: Mark,
}

impl ScoreRow<'_> {
    /// The score, when the student sat.
    pub fn score(&self) -> Option<Tenths> {
        match self.mark {
            Mark::Score(t) => Some(t),
            _ => None,
        }
    }

    /// 状态 as written: empty when sat, else 缺考, 免考 or 作弊.
    pub fn status(&self) -> &'static str {
        match self.mark {
            Mark::Score(_) => "",
            Mark::Absent => "缺考",
            Mark::Exempt => "免考",
            Mark::Cheat => "作弊",
        }
    }
}

/// The long rows of an exam named `name`: roster order (school, class, student), each student's
/// papers in order.
pub fn rows<'a>(name: &'a str, exam: &'a Exam) -> impl Iterator<Item = ScoreRow<'a>> + 'a {
    let n = exam.students();
    let papers = exam.papers().len();
    (0..n).flat_map(move |i| {
        let class = &exam.classes()[exam.class_of()[i] as usize];
        let school = &exam.schools()[class.school as usize];
        let district = exam
            .districts()
            .get(school.district as usize)
            .map_or("", String::as_str);
        (0..papers).filter_map(move |p| {
            let mark = exam.cells(p)[i].mark()?;
            Some(ScoreRow {
                exam: name,
                district,
                school_code: &school.code,
                school_name: &school.name,
                class: &class.name,
                student: exam.keys()[i],
                subject: &exam.papers()[p].subject,
                paper: p,
                mark,
            })
        })
    })
}

/// SplitMix64's finaliser: a well-mixed 64-bit value of `x`.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A seed from several parts.
fn seed_of(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5EED_0E7A_u64, |h, &p| mix(h ^ p))
}

/// A student's key: deterministic from (seed, district, school, student number), the same in
/// every exam of the cohort.
pub fn student_key(seed: u64, district: usize, school: usize, number: u32) -> StudentKey {
    let hi = seed_of(&[seed, 1, district as u64, school as u64, u64::from(number)]);
    let lo = seed_of(&[seed, 2, district as u64, school as u64, u64::from(number)]);
    (u128::from(hi) << 64) | u128::from(lo)
}

/// A school's 10-digit 学校标识码: `50`, three digits of district, five of sequence (the demo
/// district's form, [`super::generate`]).
pub fn school_code(district: usize, school: usize) -> String {
    format!("50{:03}{:05}", 100 + district % 900, school % 99_999 + 1)
}

/// A standard normal draw (Box–Muller).
fn gauss(rng: &mut Rng) -> f64 {
    let u = 1.0 - rng.unit();
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// A cheap, nearly normal draw from one 64-bit value: four 16-bit uniforms summed (Irwin–Hall),
/// scaled to unit variance. Good enough for the per-paper noise, four times cheaper than
/// [`gauss`].
fn quick_normal(rng: &mut Rng) -> f64 {
    let r = rng.next_u64();
    let sum = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48);
    (sum as f64 / 65_536.0 - 2.0) * 3f64.sqrt()
}

/// A school's fixed traits.
struct SchoolTraits {
    /// Level effect on the latent scale.
    level: f64,
    /// Value added per exam (growth relative to the district).
    value_added: f64,
    students: u32,
    classes: u32,
}

fn school_traits(spec: &ExamDemoSpec, district: usize, school: usize) -> SchoolTraits {
    let mut rng = Rng::new(seed_of(&[spec.seed, 3, district as u64, school as u64]));
    // About one school in twelve is clearly weak: a full standard deviation under the others.
    let weak = rng.chance(1.0 / 12.0) || (school == 3 && spec.schools_per_district > 8);
    let level = 0.35 * gauss(&mut rng) - if weak { 1.1 } else { 0.0 };
    let value_added = 0.06 * gauss(&mut rng);
    let (lo, hi) = spec.students_per_school;
    let students = rng.int(lo.min(hi), hi.max(lo)).max(1);
    let classes = students.div_ceil(spec.class_size.max(1));
    SchoolTraits {
        level,
        value_added,
        students,
        classes,
    }
}

/// A school's columns for one exam.
struct SchoolPart {
    classes: Vec<String>,
    /// Per student, its class within the school.
    class_of: Vec<u32>,
    keys: Vec<StudentKey>,
    /// Paper-major within the school.
    cells: Vec<Cell>,
}

/// Per paper: mean share of full marks and spread (latent SD → share).
fn difficulty(spec: &ExamDemoSpec, paper: usize) -> (f64, f64) {
    let mut rng = Rng::new(seed_of(&[spec.seed, 4, paper as u64]));
    (rng.range(0.60, 0.72), rng.range(0.15, 0.19))
}

fn school_part(
    spec: &ExamDemoSpec,
    exam: usize,
    district: usize,
    school: usize,
    cohort: f64,
) -> SchoolPart {
    let traits = school_traits(spec, district, school);
    let papers = spec.papers.len();
    let n = traits.students as usize;
    let classes: Vec<String> = (1..=traits.classes).map(|c| format!("({c})班")).collect();
    let mut class_rng = Rng::new(seed_of(&[spec.seed, 5, district as u64, school as u64]));
    let class_effects: Vec<f64> = (0..traits.classes)
        .map(|_| 0.15 * gauss(&mut class_rng))
        .collect();
    let per_class = traits.students.div_ceil(traits.classes);
    let papers_of: Vec<(f64, f64, u16)> = (0..papers)
        .map(|p| {
            let (mean, sd) = difficulty(spec, p);
            (mean, sd, spec.papers[p].full.0)
        })
        .collect();
    let growth = exam as f64 * traits.value_added;
    let mut class_of = Vec::with_capacity(n);
    let mut keys = Vec::with_capacity(n);
    let mut cells = vec![Cell::MISSING; papers * n];
    for s in 0..traits.students {
        let class = s / per_class;
        let key = student_key(spec.seed, district, school, s);
        let mut me = Rng::new(key as u64);
        let ability = gauss(&mut me);
        // 随班就读 students are exempted from every paper of every exam.
        let exempt = me.chance(0.003);
        let mut rng = Rng::new(seed_of(&[key as u64, exam as u64]));
        let cheat_paper = if rng.chance(0.0015) {
            Some(rng.int(0, papers as u32 - 1) as usize)
        } else {
            None
        };
        let absent_all = rng.chance(0.008);
        let latent = ability + traits.level + class_effects[class as usize] + cohort + growth;
        let i = s as usize;
        for (p, &(mean, sd, full)) in papers_of.iter().enumerate() {
            let mark = if exempt {
                Mark::Exempt
            } else if absent_all || rng.chance(0.007) {
                Mark::Absent
            } else if cheat_paper == Some(p) {
                Mark::Cheat
            } else {
                let share = mean + sd * (latent + 0.55 * quick_normal(&mut rng));
                let halves = (share * f64::from(full) / 5.0).round();
                let tenths = (halves * 5.0).clamp(0.0, f64::from(full));
                Mark::Score(Tenths(tenths as u16))
            };
            cells[p * n + i] = Cell::of(mark);
        }
        class_of.push(class);
        keys.push(key);
    }
    SchoolPart {
        classes,
        class_of,
        keys,
        cells,
    }
}

/// The name of school `school` of district `district`: district, town and 中学 (or 第一中学,
/// 实验学校), unique in the spec.
fn school_name(spec: &ExamDemoSpec, district: usize, school: usize) -> String {
    let town = TOWNS[school % TOWNS.len()];
    let round = school / TOWNS.len();
    let label = match (school / TOWNS.len() / 3) % 3 {
        _ if spec.exams.first().is_some_and(|e| e.grade < 7) => "中心小学",
        0 => "中学",
        1 => "第一中学",
        _ => "实验学校",
    };
    let town = if round == 0 {
        town.to_owned()
    } else {
        format!("{town}{}", round + 1)
    };
    format!("{}{town}{label}", spec.district_name(district))
}

/// The spec's exams, in its order: each a cohort roster sorted by district, school and class,
/// with the districts as units (every school's district set).
pub fn generate(spec: &ExamDemoSpec) -> Vec<Exam> {
    let places: Vec<(usize, usize)> = (0..spec.districts)
        .flat_map(|d| (0..spec.schools_per_district).map(move |s| (d, s)))
        .collect();
    let mut cohort_rng = Rng::new(seed_of(&[spec.seed, 6]));
    let cohort = 0.1 * gauss(&mut cohort_rng);
    let districts: Vec<String> = (0..spec.districts).map(|d| spec.district_name(d)).collect();
    let schools: Vec<SchoolUnit> = places
        .iter()
        .map(|&(d, s)| SchoolUnit {
            code: school_code(d, s),
            name: school_name(spec, d, s),
            area: None,
            group: None,
            district: d as u32,
        })
        .collect();
    (0..spec.exams.len())
        .map(|e| {
            let parts =
                crate::parallel::each(&places, |&(d, s)| school_part(spec, e, d, s, cohort));
            let n: usize = parts.iter().map(|p| p.keys.len()).sum();
            let papers = spec.papers.len();
            let mut classes = Vec::new();
            let mut class_of = Vec::with_capacity(n);
            let mut keys = Vec::with_capacity(n);
            let mut cells = vec![Cell::MISSING; papers * n];
            let mut start = 0;
            for (school, part) in parts.into_iter().enumerate() {
                let first = classes.len() as u32;
                classes.extend(part.classes.into_iter().map(|name| ClassUnit {
                    school: school as u32,
                    name,
                }));
                class_of.extend(part.class_of.iter().map(|c| first + c));
                let m = part.keys.len();
                keys.extend(part.keys);
                for p in 0..papers {
                    cells[p * n + start..p * n + start + m]
                        .copy_from_slice(&part.cells[p * m..(p + 1) * m]);
                }
                start += m;
            }
            let district_of: std::collections::HashMap<&str, u32> = schools
                .iter()
                .map(|s| (s.code.as_str(), s.district))
                .collect();
            let exam = Exam::from_columns(
                spec.papers.clone(),
                schools.clone(),
                classes,
                class_of,
                keys,
                cells,
            );
            exam.with_units(Vec::new(), Vec::new(), districts.clone(), |code| {
                (None, None, district_of.get(code).copied().unwrap_or(0))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ExamDemoSpec {
        ExamDemoSpec {
            districts: 2,
            schools_per_district: 24,
            ..ExamDemoSpec::demo()
        }
    }

    #[test]
    fn the_same_spec_gives_the_same_exams_and_keys_across_exams() {
        let spec = small();
        let a = generate(&spec);
        assert_eq!(a, generate(&spec));
        assert_eq!(a.len(), 8);
        for e in &a[1..] {
            assert_eq!(e.keys(), a[0].keys());
        }
        let mut keys = a[0].keys().to_vec();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), a[0].students());
        let mut codes: Vec<&str> = a[0].schools().iter().map(|s| s.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 48);
        let mut names: Vec<&str> = a[0].schools().iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 48);
        assert_eq!(a[0].districts().len(), 2);
    }

    #[test]
    fn scores_are_half_points_within_the_paper_and_statuses_are_rare() {
        let spec = small();
        let exam = &generate(&spec)[0];
        let (mut absent, mut exempt, mut cheat, mut total) = (0, 0, 0, 0);
        for p in 0..exam.papers().len() {
            let full = exam.papers()[p].full;
            for cell in exam.cells(p) {
                total += 1;
                match cell.mark().unwrap() {
                    Mark::Score(t) => {
                        assert!(t <= full);
                        assert_eq!(t.0 % 5, 0);
                    }
                    Mark::Absent => absent += 1,
                    Mark::Exempt => exempt += 1,
                    Mark::Cheat => cheat += 1,
                }
            }
        }
        let share = f64::from(absent) / f64::from(total);
        assert!((0.008..0.03).contains(&share), "{share}");
        assert!(exempt > 0 && exempt < total / 100, "{exempt}");
        assert!(cheat > 0 && cheat < total / 200, "{cheat}");
    }

    #[test]
    fn a_few_schools_fall_below_mean_minus_one_sd() {
        let exam = &generate(&small())[3];
        let mut means = Vec::new();
        for school in 0..exam.schools().len() as u32 {
            let range = exam.school_range(school);
            let scores: Vec<f64> = exam.cells(1)[range]
                .iter()
                .filter_map(|c| c.score())
                .map(Tenths::as_f64)
                .collect();
            means.push(scores.iter().sum::<f64>() / scores.len() as f64);
        }
        let m = means.iter().sum::<f64>() / means.len() as f64;
        let sd = (means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / means.len() as f64).sqrt();
        let below = means.iter().filter(|x| **x < m - sd).count();
        assert!(
            (1..=means.len() / 4).contains(&below),
            "{below} of {}",
            means.len()
        );
        // 150-point 数学: a district mean near 100 points.
        assert!((80.0..115.0).contains(&m), "{m}");
    }

    #[test]
    fn rows_follow_the_roster_and_skip_nothing() {
        let spec = ExamDemoSpec {
            schools_per_district: 3,
            ..small()
        };
        let exam = &generate(&spec)[0];
        let rows: Vec<ScoreRow<'_>> = rows("x", exam).collect();
        assert_eq!(rows.len(), exam.students() * exam.papers().len());
        assert_eq!(rows[0].student, exam.keys()[0]);
        assert_eq!(rows[1].subject, "数学");
        assert_eq!(rows[0].district, "渝州区");
        assert!(rows.iter().any(|r| r.status() == "缺考"));
    }
}
