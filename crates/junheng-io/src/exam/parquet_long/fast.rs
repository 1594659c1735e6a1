//! The fast path of [`super::load_long_parquet`].

use std::fs::File;
use std::path::Path;
use std::sync::mpsc;

use junheng_core::exam::{Cell, Mark, PaperSpec, StudentKey, Tenths};
use parquet::basic::Type as Physical;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};

use super::pages::{self, Kind, NOT_DICT, NULL, PageCol};
use super::{Col, open_col, used_columns};
use crate::exam::load::{FastAssembler, LoadedExam};
use crate::exam::long::{Checker, Layout, class_problem, key_of_hex, layout_or_fail};
use crate::exam::wide::score_within;
use crate::exam::{Registry, status_of};
use crate::school::Issue;
use crate::school::issue::Place;

/// A run of rows with the same texts: 考试, 区县, 学校标识码, 学校名称, 班级 (trimmed), and
/// its first student run.
struct Segment {
    texts: [String; 5],
    first_run: u32,
}

/// A row group, checked: its segments, its student runs `(key, first row)`, and per row
/// `paper << 16 | cell`.
struct Chunk {
    segments: Vec<Segment>,
    runs: Vec<(StudentKey, u32)>,
    rows: Vec<u32>,
}

/// The layout's columns the fast path reads, in file column indices.
#[derive(Clone, Copy)]
struct Plan {
    texts: [Option<usize>; 5],
    student: usize,
    subject: usize,
    score: usize,
    status: Option<usize>,
}

pub(super) fn load(
    path: &Path,
    papers: &[PaperSpec],
    registry: &dyn Registry,
) -> Option<(Vec<LoadedExam>, Vec<Issue>)> {
    let reader = SerializedFileReader::new(File::open(path).ok()?).ok()?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let headers: Vec<String> = (0..schema.num_columns())
        .map(|j| schema.column(j).path().string())
        .collect();
    let place = Place {
        file: crate::school::file_name(path),
        sheet: None,
    };
    let mut checker = Checker::new(papers, place.clone(), 1);
    let mut warnings = Vec::new();
    let layout: Layout = layout_or_fail(&headers, &place, &mut checker, &mut warnings).ok()?;
    // A 学籍号 file, many papers or teachers named: the path that checks and records each row.
    if layout.student.1 || papers.len() > 256 || layout.teacher.is_some() {
        return None;
    }
    // A subject is found by its name alone (once per dictionary entry), not by the order.
    if (1..papers.len()).any(|p| papers[..p].iter().any(|q| q.subject == papers[p].subject)) {
        return None;
    }
    for j in used_columns(&layout) {
        let c = schema.column(j);
        let want = if j == layout.score {
            Physical::DOUBLE
        } else {
            Physical::BYTE_ARRAY
        };
        if c.max_rep_level() != 0 || c.physical_type() != want {
            return None;
        }
    }
    let plan = Plan {
        texts: [
            layout.exam,
            layout.district,
            Some(layout.school_code),
            layout.school_name,
            Some(layout.class),
        ],
        student: layout.student.0,
        subject: layout.subject,
        score: layout.score,
        status: layout.status,
    };
    let max_def: Vec<i16> = (0..schema.num_columns())
        .map(|j| schema.column(j).max_def_level())
        .collect();
    let groups = reader.num_row_groups();
    drop(reader);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(groups.max(1));
    let mut assembler = FastAssembler::new(papers.len(), registry);
    let (max_def, plan) = (&max_def, &plan);
    let whole = std::thread::scope(|scope| {
        let mut inbox = Vec::new();
        for w in 0..threads {
            let (tx, rx) = mpsc::sync_channel::<Option<Chunk>>(1);
            inbox.push(rx);
            scope.spawn(move || {
                let reader = File::open(path)
                    .ok()
                    .and_then(|f| SerializedFileReader::new(f).ok());
                let Some(reader) = reader else {
                    let _ = tx.send(None);
                    return;
                };
                for g in (w..groups).step_by(threads) {
                    let chunk = check_group(&reader, g, plan, max_def, papers);
                    let failed = chunk.is_none();
                    if tx.send(chunk).is_err() || failed {
                        return;
                    }
                }
            });
        }
        (0..groups).all(|g| match inbox[g % threads].recv() {
            Ok(Some(chunk)) => assemble(&mut assembler, &chunk).is_some(),
            _ => false,
        })
    });
    if !whole {
        return None;
    }
    Some((assembler.finish(papers)?, warnings))
}

fn assemble(to: &mut FastAssembler<'_>, chunk: &Chunk) -> Option<()> {
    let runs = chunk.runs.len();
    let row_end = |r: usize| {
        if r + 1 < runs {
            chunk.runs[r + 1].1 as usize
        } else {
            chunk.rows.len()
        }
    };
    for (k, seg) in chunk.segments.iter().enumerate() {
        let [exam, district, code, name, class] = &seg.texts;
        let (part, class) = to.segment(exam, district, code, name, class);
        let last = chunk
            .segments
            .get(k + 1)
            .map_or(runs, |s| s.first_run as usize);
        for r in seg.first_run as usize..last {
            let (key, from) = chunk.runs[r];
            let student = to.student(part, class, key)?;
            for &v in &chunk.rows[from as usize..row_end(r)] {
                to.mark(part, student, (v >> 16) as usize, Cell(v as u16))?;
            }
        }
    }
    Some(())
}

/// A column as the row check reads it: the `parquet` crate's column reader ([`Col`]) or the
/// page decoder ([`PageCol`]).
trait Source {
    /// Decodes the next batch; its number of records.
    fn fill(&mut self) -> Option<usize>;
    /// The record's text id: below [`NOT_DICT`] a dictionary index (equal ids, equal texts).
    fn id(&self, i: usize) -> u32;
    /// The bytes of a text record (empty when null).
    fn bytes(&self, i: usize) -> &[u8];
    /// A DOUBLE record (`Some(None)` when null); `None` for another type.
    fn number(&self, i: usize) -> Option<Option<f64>>;
}

impl Source for Col {
    fn fill(&mut self) -> Option<usize> {
        Col::fill(self).ok()
    }

    #[inline]
    fn id(&self, _: usize) -> u32 {
        NOT_DICT
    }

    #[inline]
    fn bytes(&self, i: usize) -> &[u8] {
        match self {
            Col::Text(b) => b.get(i).map_or(&[][..], |v| v.data()),
            _ => &[],
        }
    }

    #[inline]
    fn number(&self, i: usize) -> Option<Option<f64>> {
        match self {
            Col::Double(b) => Some(b.get(i).copied()),
            _ => None,
        }
    }
}

impl Source for PageCol {
    fn fill(&mut self) -> Option<usize> {
        PageCol::fill(self).ok()
    }

    #[inline]
    fn id(&self, i: usize) -> u32 {
        PageCol::id(self, i)
    }

    #[inline]
    fn bytes(&self, i: usize) -> &[u8] {
        PageCol::bytes(self, i)
    }

    #[inline]
    fn number(&self, i: usize) -> Option<Option<f64>> {
        (self.kind() == Kind::Double).then(|| PageCol::number(self, i))
    }
}

/// Reads and checks one row group; `None` at anything not plainly valid. Columns whose
/// encodings the page decoder takes (all common writers') are read by it, others by the
/// `parquet` crate's column reader.
fn check_group(
    reader: &SerializedFileReader<File>,
    g: usize,
    plan: &Plan,
    max_def: &[i16],
    papers: &[PaperSpec],
) -> Option<Chunk> {
    let rg = reader.get_row_group(g).ok()?;
    let rows = rg.metadata().num_rows().max(0) as usize;
    let used = plan
        .texts
        .iter()
        .flatten()
        .copied()
        .chain([plan.student, plan.subject, plan.score])
        .chain(plan.status);
    let mut by_pages = true;
    for j in used {
        by_pages &= pages::supported(rg.metadata().column(j).encodings());
    }
    if by_pages {
        let rg: &dyn RowGroupReader = rg.as_ref();
        check_rows(rows, plan, papers, |j| {
            let kind = if j == plan.score {
                Kind::Double
            } else {
                Kind::Text
            };
            Some(PageCol::new(
                rg.get_column_page_reader(j).ok()?,
                kind,
                max_def[j],
            ))
        })
    } else {
        check_rows(rows, plan, papers, |j| {
            open_col(rg.as_ref(), j, max_def[j] > 0).ok()
        })
    }
}

/// Per dictionary entry of 科目 not looked at yet.
const UNSEEN: u16 = u16::MAX;
/// Per dictionary entry of 科目 that is no paper's subject.
const NO_PAPER: u16 = u16::MAX - 1;

/// [`check_group`] over its columns, opened by `open` (a file column index).
fn check_rows<S: Source>(
    rows: usize,
    plan: &Plan,
    papers: &[PaperSpec],
    open: impl Fn(usize) -> Option<S>,
) -> Option<Chunk> {
    let mut texts: [Option<S>; 5] = [None, None, None, None, None];
    for (slot, j) in texts.iter_mut().zip(plan.texts) {
        if let Some(j) = j {
            *slot = Some(open(j)?);
        }
    }
    let mut student = open(plan.student)?;
    let mut subject = open(plan.subject)?;
    let mut score = open(plan.score)?;
    let mut status = match plan.status {
        Some(j) => Some(open(j)?),
        None => None,
    };
    let mut chunk = Chunk {
        segments: Vec::new(),
        runs: Vec::new(),
        rows: Vec::with_capacity(rows),
    };
    let mut prev: [Vec<u8>; 5] = Default::default();
    let mut prev_ids = [NOT_DICT; 5];
    let mut prev_student: Vec<u8> = Vec::new();
    let mut prev_student_id = NOT_DICT;
    let mut last_paper = 0usize;
    // Per dictionary entry of 科目 its paper, of 状态 its mark, once looked at.
    let mut paper_of: Vec<u16> = Vec::new();
    let mut status_of_id: Vec<Option<Result<Option<Mark>, ()>>> = Vec::new();
    let mut started = false;
    loop {
        let n = score.fill()?;
        for c in texts.iter_mut().flatten() {
            (c.fill()? == n).then_some(())?;
        }
        (student.fill()? == n).then_some(())?;
        (subject.fill()? == n).then_some(())?;
        if let Some(c) = status.as_mut() {
            (c.fill()? == n).then_some(())?;
        }
        if n == 0 {
            break;
        }
        for i in 0..n {
            let mut changed = !started;
            for (k, c) in texts.iter().enumerate() {
                let Some(c) = c else { continue };
                let id = c.id(i);
                if id != prev_ids[k] || id & NOT_DICT != 0 {
                    changed |= c.bytes(i) != prev[k].as_slice();
                    prev_ids[k] = id;
                }
            }
            if changed {
                started = true;
                let mut seg: [String; 5] = Default::default();
                for (k, c) in texts.iter().enumerate() {
                    let now = c.as_ref().map_or(&[][..], |c| c.bytes(i));
                    prev[k].clear();
                    prev[k].extend_from_slice(now);
                    seg[k] = std::str::from_utf8(now).ok()?.trim().to_owned();
                }
                let code = seg[2].as_bytes();
                if code.len() != 10 || !code.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                if class_problem(&seg[4]).is_some() {
                    return None;
                }
                chunk.segments.push(Segment {
                    texts: seg,
                    first_run: chunk.runs.len() as u32,
                });
            }
            let sid = student.id(i);
            let same_student = sid == prev_student_id && sid & NOT_DICT == 0
                || student.bytes(i) == prev_student.as_slice();
            prev_student_id = sid;
            if changed || !same_student {
                let id = student.bytes(i);
                let key = key_of_hex(std::str::from_utf8(id).ok()?.trim())?;
                prev_student.clear();
                prev_student.extend_from_slice(id);
                chunk.runs.push((key, chunk.rows.len() as u32));
            }
            let sid = subject.id(i);
            let paper = if sid & NOT_DICT == 0 {
                let at = sid as usize;
                if paper_of.len() <= at {
                    paper_of.resize(at + 1, UNSEEN);
                }
                if paper_of[at] == UNSEEN {
                    let name = std::str::from_utf8(subject.bytes(i)).map(str::trim);
                    paper_of[at] = name
                        .ok()
                        .and_then(|name| papers.iter().position(|p| p.subject == name))
                        .map_or(NO_PAPER, |p| p as u16);
                }
                match paper_of[at] {
                    NO_PAPER => return None,
                    p => usize::from(p),
                }
            } else {
                let name = subject.bytes(i);
                if papers[last_paper].subject.as_bytes() == name {
                    last_paper
                } else {
                    let next = (last_paper + 1) % papers.len();
                    if papers[next].subject.as_bytes() == name {
                        next
                    } else {
                        let name = std::str::from_utf8(name).ok()?.trim();
                        papers.iter().position(|p| p.subject == name)?
                    }
                }
            };
            last_paper = paper;
            let state = match status.as_ref() {
                Some(c) => {
                    let id = c.id(i);
                    if id == NULL {
                        None
                    } else if id & NOT_DICT == 0 {
                        let at = id as usize;
                        if status_of_id.len() <= at {
                            status_of_id.resize(at + 1, None);
                        }
                        let got = *status_of_id[at].get_or_insert_with(|| {
                            status_of(std::str::from_utf8(c.bytes(i)).map_err(drop)?)
                        });
                        got.ok()?
                    } else {
                        status_of(std::str::from_utf8(c.bytes(i)).ok()?).ok()?
                    }
                }
                None => None,
            };
            let value = score.number(i)?;
            // The rules of `Checker::check`.
            let mark = match (state, value.map(Tenths::from_f64)) {
                (Some(mark), None | Some(Some(Tenths(0)))) => mark,
                (Some(_), Some(_)) | (None, None) => return None,
                (None, Some(t)) => Mark::Score(score_within(t, &papers[paper]).ok()?),
            };
            chunk
                .rows
                .push(((paper as u32) << 16) | u32::from(Cell::of(mark).0));
        }
    }
    Some(chunk)
}
