//! Literacy levels of a monitoring (素养监测): a monitoring is an exam whose papers are scored
//! by domain (阅读素养, 数学素养, …) and reported as shares of students in four levels, 水平Ⅰ–Ⅳ,
//! split by cut scores that are settings ([`super::LevelSettings`]; the labels and any cut are
//! [M], NAEQ publishes neither). Levels count the same score population as the other figures.

use serde::Serialize;

/// Students per level (Ⅰ, Ⅱ, Ⅲ, Ⅳ) of the scores counted in `hist` (index = tenths), with
/// cuts `[Ⅱ, Ⅲ, Ⅳ]` in tenths (`score ≥ cut`).
///
/// ```
/// use junheng_core::exam::level_counts;
/// let mut hist = vec![0u32; 101];
/// for v in [10, 45, 60, 60, 99] { hist[v] += 1; }
/// assert_eq!(level_counts(&hist, [40, 60, 90]), [1, 1, 2, 1]);
/// ```
pub fn level_counts(hist: &[u32], cuts: [u32; 3]) -> [u32; 4] {
    let mut out = [0u32; 4];
    for (v, &h) in hist.iter().enumerate() {
        let level = cuts.iter().filter(|&&c| v as u32 >= c).count();
        out[level] += h;
    }
    out
}

/// One unit's level distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LevelRow {
    /// Students per level, Ⅰ first.
    pub counts: [u32; 4],
}

impl LevelRow {
    /// Students counted.
    pub fn n(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Share per level; `None` without students.
    pub fn shares(&self) -> Option<[f64; 4]> {
        let n = self.n();
        (n > 0).then(|| self.counts.map(|c| f64::from(c) / f64::from(n)))
    }

    /// Share at 水平Ⅲ or above (the 优质均衡 criterion reads "学业水平 ≥ Ⅲ级").
    ///
    /// ```
    /// use junheng_core::exam::LevelRow;
    /// assert_eq!(LevelRow { counts: [1, 1, 1, 1] }.at_least_three(), Some(0.5));
    /// ```
    pub fn at_least_three(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| f64::from(self.counts[2] + self.counts[3]) / f64::from(n))
    }

    fn add(&mut self, o: &LevelRow) {
        for (a, b) in self.counts.iter_mut().zip(o.counts) {
            *a += b;
        }
    }
}

/// A paper's levels by school, group, district and the whole exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelFigures {
    /// The four labels, Ⅰ first.
    pub labels: Vec<String>,
    /// The cuts `[Ⅱ, Ⅲ, Ⅳ]` in points.
    pub cuts: [f64; 3],
    /// Per school (index into `Exam::schools`).
    pub schools: Vec<LevelRow>,
    /// Per group.
    pub groups: Vec<LevelRow>,
    /// Per 学区.
    pub areas: Vec<LevelRow>,
    /// Per district.
    pub districts: Vec<LevelRow>,
    /// The whole exam.
    pub all: LevelRow,
}

impl LevelFigures {
    /// Sums school rows into groups, 学区, districts and the whole exam.
    pub(crate) fn from_schools(
        exam: &super::Exam,
        labels: Vec<String>,
        cuts: [u32; 3],
        schools: Vec<LevelRow>,
    ) -> LevelFigures {
        let mut groups = vec![LevelRow::default(); exam.groups().len()];
        let mut areas = vec![LevelRow::default(); exam.areas().len()];
        let mut districts = vec![LevelRow::default(); exam.districts().len().max(1)];
        let mut all = LevelRow::default();
        for (unit, row) in exam.schools().iter().zip(&schools) {
            if let Some(g) = unit.group.and_then(|g| groups.get_mut(g as usize)) {
                g.add(row);
            }
            if let Some(a) = unit.area.and_then(|a| areas.get_mut(a as usize)) {
                a.add(row);
            }
            if let Some(d) = districts.get_mut(unit.district as usize) {
                d.add(row);
            }
            all.add(row);
        }
        LevelFigures {
            labels,
            cuts: cuts.map(|c| f64::from(c) / 10.0),
            schools,
            groups,
            areas,
            districts,
            all,
        }
    }
}
