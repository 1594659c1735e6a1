//! Exact integer accumulation: one pass over each paper's cells, class by class (the roster is
//! sorted by class, so a class is a contiguous run), with no branch per cell that a lookup can
//! replace. Counts are packed four to a `u64` (16-bit lanes, flushed every 65 535 rows); sums of
//! scores and of their squares are integers, so any split over cores gives the same totals.

use serde::Serialize;

use super::distribution::{BoxPlot, box_from, box_ranks};
use super::model::{Cell, Exam, Tenths};
use super::settings::{AbsentPolicy, CheatPolicy, Denominator, QualitySettings};

/// Exact counts of one unit on one paper, before any setting is applied. Scores are in tenths.
///
/// ```
/// use junheng_core::exam::Tally;
/// let t = Tally::default();
/// assert_eq!(t.scored(), 0);
/// assert_eq!(t.min, u32::MAX);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Roster students (应考 before exemptions).
    pub roster: u32,
    /// 作弊.
    pub cheat: u32,
    /// 免考.
    pub exempt: u32,
    /// 缺考.
    pub absent: u32,
    /// No row for the paper (treated as absent, reported apart).
    pub missing: u32,
    /// A cell holding a score above full marks (only [`Exam::from_columns`] can let one in):
    /// treated as missing, reported apart.
    pub invalid: u32,
    /// Σ score over the scored students, tenths.
    pub sum: u64,
    /// Σ score², tenths².
    pub sumsq: u128,
    /// Scored students ≥ 优秀线.
    pub excellent: u32,
    /// Scored students ≥ 良好线.
    pub good: u32,
    /// Scored students ≥ 及格线.
    pub pass: u32,
    /// Scored students < 低分线.
    pub low: u32,
    /// Lowest score (`u32::MAX` when none scored).
    pub min: u32,
    /// Highest score (0 when none scored).
    pub max: u32,
    /// Scored students per band of 10 % of full marks (the last band includes full marks).
    pub bands: [u32; 10],
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            roster: 0,
            cheat: 0,
            exempt: 0,
            absent: 0,
            missing: 0,
            invalid: 0,
            sum: 0,
            sumsq: 0,
            excellent: 0,
            good: 0,
            pass: 0,
            low: 0,
            min: u32::MAX,
            max: 0,
            bands: [0; 10],
        }
    }
}

impl Tally {
    /// Students with a score.
    pub fn scored(&self) -> u32 {
        self.roster - self.cheat - self.exempt - self.absent - self.missing - self.invalid
    }

    /// Adds another unit's counts (a class into its school, schools into a district).
    pub fn merge(&mut self, o: &Tally) {
        self.roster += o.roster;
        self.cheat += o.cheat;
        self.exempt += o.exempt;
        self.absent += o.absent;
        self.missing += o.missing;
        self.invalid += o.invalid;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
        self.excellent += o.excellent;
        self.good += o.good;
        self.pass += o.pass;
        self.low += o.low;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        for (a, b) in self.bands.iter_mut().zip(o.bands) {
            *a += b;
        }
    }

    /// The zeros the settings add to the scored: 作弊 under `cheat = zero`, and the absent
    /// (缺考, missing, invalid) under `denominator = enrolled, absent = zero`.
    pub fn zeros(&self, s: &QualitySettings) -> u32 {
        let cheat = if s.cheat == CheatPolicy::Zero {
            self.cheat
        } else {
            0
        };
        let absent = if s.denominator == Denominator::Enrolled && s.absent == AbsentPolicy::Zero {
            self.absent + self.missing + self.invalid
        } else {
            0
        };
        cheat + absent
    }
}

/// A column's lookup tables: per raw index (a cell's `u16`, or a 总分 column's code), the
/// counts to add, eight 8-bit lanes to a word: `[cheat, exempt, absent, missing, ≥ excellent,
/// ≥ good, ≥ pass, < low]`, `[band 0 … band 7]`, `[band 8, band 9, invalid]`.
pub(crate) struct Codes {
    pack: Vec<[u64; 4]>,
    /// Full marks: indices ≤ it are scores.
    pub full: u32,
}

/// A cell's compact index on a paper of `full` tenths, without a branch: a score is itself,
/// an invalid cell (above full, not a status) `full + 1`, 作弊/免考/缺考/missing `full + 2 ..=
/// full + 5`. Tables and histograms then span `full + 6` entries.
#[inline]
pub(crate) fn cell_index(c: Cell, full: usize) -> usize {
    let v = usize::from(c.0);
    v.min(full + 1 + v.saturating_sub(usize::from(Cell::CHEAT.0) - 1))
}

impl Codes {
    /// Tables of `len` entries: `0..=full` scores, `status_base + k` the statuses (cheat,
    /// exempt, absent, missing), anything else invalid. A paper's cells use
    /// [`cell_index`]: `len = full + 6`, `status_base = full + 2`.
    pub(crate) fn new(full: u32, lines: [u32; 4], len: usize, status_base: usize) -> Codes {
        let mut pack = vec![[0u64, 0, 1 << 16, 0]; len];
        for (v, entry) in pack.iter_mut().enumerate().take(full as usize + 1) {
            let s = v as u32;
            let hits = [s >= lines[0], s >= lines[1], s >= lines[2], s < lines[3]];
            let a = hits
                .iter()
                .enumerate()
                .map(|(k, &h)| u64::from(h) << (8 * (4 + k)))
                .sum();
            let band = u32::from(band_of(s, full));
            let (b, c) = if band < 8 {
                (1u64 << (8 * band), 0)
            } else {
                (0, 1u64 << (8 * (band - 8)))
            };
            *entry = [a, b, c, 0];
        }
        for k in 0..4 {
            pack[status_base + k] = [1u64 << (8 * k), 0, 0, 0];
        }
        Codes { pack, full }
    }

    /// The raw-index space.
    pub(crate) fn len(&self) -> usize {
        self.pack.len()
    }
}

/// The band (0–9) of a score: ⌊10·score/full⌋, full marks in band 9.
pub(crate) fn band_of(score: u32, full: u32) -> u8 {
    if full == 0 {
        return 9;
    }
    ((u64::from(score) * 10 / u64::from(full)).min(9)) as u8
}

/// Rows per flush: the 8-bit lanes hold 255.
const BLOCK: usize = 255;

/// Tallies one class's run of a column into `t`, counting scores into `hist` (indexed like
/// the tables; only `0..=full` is read back).
pub(crate) fn tally_run<T: Copy>(
    run: &[T],
    ix: impl Fn(T) -> usize,
    codes: &Codes,
    hist: &mut [u32],
    t: &mut Tally,
) {
    let full = codes.full as usize;
    let pack = &codes.pack[..];
    let hist = &mut hist[..pack.len()];
    let (mut sum, mut sq) = (0u64, 0u128);
    let (mut lo, mut hi) = (u32::MAX, 0u32);
    for block in run.chunks(BLOCK) {
        let (mut a, mut b, mut c, mut sq_block) = (0u64, 0u64, 0u64, 0u64);
        for &cell in block {
            let v = ix(cell);
            let [pa, pb, pc, _] = pack[v];
            a += pa;
            b += pb;
            c += pc;
            hist[v] += 1;
            let scored = v <= full;
            let s = if scored { v as u64 } else { 0 };
            sum += s;
            sq_block += s * s;
            lo = lo.min(if scored { v as u32 } else { u32::MAX });
            hi = hi.max(s as u32);
        }
        let lane = |x: u64, k: u32| ((x >> (8 * k)) & 0xFF) as u32;
        t.roster += block.len() as u32;
        t.cheat += lane(a, 0);
        t.exempt += lane(a, 1);
        t.absent += lane(a, 2);
        t.missing += lane(a, 3);
        t.excellent += lane(a, 4);
        t.good += lane(a, 5);
        t.pass += lane(a, 6);
        t.low += lane(a, 7);
        for k in 0..8 {
            t.bands[k as usize] += lane(b, k);
        }
        t.bands[8] += lane(c, 0);
        t.bands[9] += lane(c, 1);
        t.invalid += lane(c, 2);
        sq += u128::from(sq_block);
    }
    t.sum += sum;
    t.sumsq += sq;
    t.min = t.min.min(lo);
    t.max = t.max.max(hi);
}

/// What one pass over a range of schools of one column yields, besides its classes.
pub(crate) struct Part {
    pub schools: Vec<Tally>,
    /// Per school, over its score population (with the settings' zeros).
    pub boxes: Vec<Option<BoxPlot>>,
    /// Per school, students per level (empty without cuts).
    pub levels: Vec<[u32; 4]>,
    /// The range's score histogram in tenths (with zeros), `0..=full`.
    pub hist: Vec<u32>,
}

/// The first class of each school, and one past the last (classes are numbered school by
/// school).
pub(crate) fn school_classes(exam: &Exam) -> Vec<u32> {
    let classes = exam.classes();
    (0..=exam.schools().len() as u32)
        .map(|s| classes.partition_point(|c| c.school < s) as u32)
        .collect()
}

/// One pass over schools `schools` of a column, each class's tally handed to `class` in order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tally_schools<T: Copy>(
    exam: &Exam,
    first_class: &[u32],
    column: &[T],
    ix: impl Fn(T) -> usize + Copy,
    codes: &Codes,
    cuts: Option<[u32; 3]>,
    settings: &QualitySettings,
    schools: std::ops::Range<usize>,
    mut class: impl FnMut(Tally),
) -> Part {
    let full = codes.full as usize;
    let mut hist = vec![0u32; codes.len()];
    let mut part = Part {
        schools: Vec::with_capacity(schools.len()),
        boxes: Vec::with_capacity(schools.len()),
        levels: Vec::new(),
        hist: vec![0u32; full + 1],
    };
    for s in schools {
        let mut school = Tally::default();
        for c in first_class[s]..first_class[s + 1] {
            let mut t = Tally::default();
            tally_run(&column[exam.class_range(c)], ix, codes, &mut hist, &mut t);
            school.merge(&t);
            class(t);
        }
        let zeros = school.zeros(settings);
        hist[0] += zeros;
        let n = u64::from(school.scored() + zeros);
        let lo = if zeros > 0 {
            0
        } else {
            school.min.min(codes.full) as usize
        };
        let hi = (school.max as usize).max(lo);
        let walk = walk_school(&mut hist[lo..=hi], lo, n, cuts, &mut part.hist[lo..=hi]);
        part.boxes.push(walk.0);
        if cuts.is_some() {
            part.levels.push(walk.1);
        }
        part.schools.push(school);
    }
    part
}

/// One walk over a school's histogram slice `hist` (scores `lo..`) of `n` scores: its box plot,
/// its level counts, and the counts moved into the range's histogram `into` (leaving `hist`
/// zero). Counts are `u32`: an exam's roster is indexed by `u32`.
fn walk_school(
    hist: &mut [u32],
    lo: usize,
    n: u64,
    cuts: Option<[u32; 3]>,
    into: &mut [u32],
) -> (Option<BoxPlot>, [u32; 4]) {
    const STRIDE: usize = 32;
    let ranks = box_ranks(n);
    let mut order: [usize; 10] = std::array::from_fn(|i| i);
    if n < 5 {
        // From 5 scores on the ranks ascend already.
        order.sort_by_key(|&i| ranks[i]);
    }
    let mut levels = [0u32; 4];
    if let Some(cuts) = cuts {
        let mut at = [0usize; 5];
        for (k, &c) in cuts.iter().enumerate() {
            at[k + 1] = (c as usize).saturating_sub(lo).clamp(at[k], hist.len());
        }
        at[4] = hist.len();
        for k in 0..4 {
            levels[k] = hist[at[k]..at[k + 1]].iter().sum();
        }
    }
    let mut values = [0u32; 10];
    let (mut seen, mut next) = (0u64, 0usize);
    // One pass: each stride's counts moved into `into`, and the order statistics found in the
    // few strides whose counts pass the next rank.
    for (s, (stride, out)) in hist
        .chunks_mut(STRIDE)
        .zip(into.chunks_mut(STRIDE))
        .enumerate()
    {
        let mut total = 0u64;
        for (h, o) in stride.iter().zip(out.iter_mut()) {
            total += u64::from(*h);
            *o += *h;
        }
        if next < order.len() && seen + total > ranks[order[next]] {
            for (k, &h) in stride.iter().enumerate() {
                seen += u64::from(h);
                while next < order.len() && ranks[order[next]] < seen {
                    values[order[next]] = (lo + s * STRIDE + k) as u32;
                    next += 1;
                }
            }
        } else {
            seen += total;
        }
        stride.fill(0);
    }
    (box_from(n, &values), levels)
}

/// A 总分 column and its full marks (tenths).
pub(crate) type Total = (Vec<u32>, u32);

/// The 总分 column: per roster student its total in tenths (`0..=full`), or `full + 1 + k` for
/// status `k` (作弊, 免考, 缺考, missing), by the rule of [`super::TotalPolicy::AllPapers`]:
/// [`total_code`] of every student, computed a block of students and a paper at a time.
pub(crate) fn total_column(exam: &Exam, settings: &QualitySettings) -> Total {
    const BLOCK: usize = 4096;
    const CHEAT: u8 = 1;
    const EXEMPT: u8 = 2;
    const ABSENT: u8 = 4;
    const MISSING: u8 = 8;
    const PRESENT: u8 = 16;
    let papers = exam.papers();
    let fulls: Vec<u16> = papers.iter().map(|p| p.full.0.min(Tenths::MAX.0)).collect();
    let full: u32 = fulls.iter().map(|&f| u32::from(f)).sum();
    let cheat_zero = settings.cheat == CheatPolicy::Zero;
    let mut out = vec![0u32; exam.students()];
    crate::parallel::fill_parts(&mut out, crate::parallel::MIN_CHUNK, |start, part| {
        let mut flags = [0u8; BLOCK];
        for (b, sums) in part.chunks_mut(BLOCK).enumerate() {
            let from = start + b * BLOCK;
            let flags = &mut flags[..sums.len()];
            flags.fill(0);
            for (p, &f) in fulls.iter().enumerate() {
                let cells = &exam.cells(p)[from..from + sums.len()];
                for ((sum, flag), c) in sums.iter_mut().zip(flags.iter_mut()).zip(cells) {
                    let v = c.0;
                    let scored = v <= f;
                    *sum += if scored { u32::from(v) } else { 0 };
                    let status = match *c {
                        Cell::CHEAT => CHEAT,
                        Cell::EXEMPT => EXEMPT,
                        Cell::MISSING => MISSING,
                        _ if scored => 0,
                        _ => ABSENT,
                    };
                    *flag |= status | if *c == Cell::MISSING { 0 } else { PRESENT };
                }
            }
            for (sum, &flag) in sums.iter_mut().zip(flags.iter()) {
                *sum = if flag & EXEMPT != 0 {
                    full + 2
                } else if flag & (MISSING | PRESENT) == MISSING {
                    full + 4
                } else if flag & (ABSENT | MISSING) != 0 {
                    full + 3
                } else if flag & CHEAT != 0 && !cheat_zero {
                    full + 1
                } else {
                    *sum
                };
            }
        }
    });
    (out, full)
}

/// One student's 总分 code (see [`total_column`]).
pub(crate) fn total_code(
    columns: &[&[Cell]],
    fulls: &[u16],
    full: u32,
    cheat_zero: bool,
    i: usize,
) -> u32 {
    let (mut sum, mut missing) = (0u32, 0usize);
    let (mut cheat, mut exempt, mut absent) = (false, false, false);
    for (col, &f) in columns.iter().zip(fulls) {
        let c = col[i];
        if c.0 <= f {
            sum += u32::from(c.0);
            continue;
        }
        match c {
            Cell::CHEAT => cheat = true,
            Cell::EXEMPT => exempt = true,
            Cell::MISSING => missing += 1,
            _ => absent = true,
        }
    }
    if exempt {
        full + 2
    } else if missing == columns.len() && missing > 0 {
        full + 4
    } else if absent || missing > 0 {
        full + 3
    } else if cheat && !cheat_zero {
        full + 1
    } else {
        sum
    }
}
