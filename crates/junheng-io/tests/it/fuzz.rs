//! A fuzz harness on stable Rust: valid seed files of every importer (made by the project's
//! writers and the fixtures) mutated at random — bytes flipped, inserted, cut, spliced; for zip
//! containers also the XML inside a part, re-zipped — plus the structured bombs of `bombs.rs`.
//!
//! For every case: no panic; the peak memory of the reading thread (a counting global allocator)
//! stays under a small multiple of the limits; a refusal's issues carry a stable code, the file
//! and short echoes, at most `max_issues` (+ the summary). Time-bounded by `JUNHENG_TEST_FUZZ_SECONDS`
//! (default 20), over a fixed seed list and one random seed, printed with any failure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use junheng_io::school::{ImportFailure, Issue};
use junheng_io::{Limits, classroom, group, health, lottery, rotation, school, student, teacher};

use crate::bombs;
use crate::fuzz_seeds::{self, Reader, SEATS, Seed, ZONES, group_kinds, seeds};
use crate::survey_seeds;
use crate::watchdog::watched;

/// Counts the bytes each thread holds and its peak.
struct Counting;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let _ = HELD.try_with(|held| {
        let now = held.get() + delta;
        held.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; the bookkeeping only
// touches const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Runs `f` and returns its result with the peak bytes this thread held above the start.
pub(crate) fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = HELD.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get) - start;
    (out, peak.max(0) as usize)
}

/// Small limits, so that a case that reaches them does so quickly.
fn limits() -> Limits {
    Limits {
        max_input_bytes: 4 << 20,
        max_part_bytes: 8 << 20,
        max_workbook_bytes: 16 << 20,
        max_cell_chars: 32_767,
        max_rows: 50_000,
        max_columns: 256,
        max_cells: 200_000,
        max_text_bytes: 4 << 20,
        max_issues: 200,
        max_warnings: 50,
    }
}

/// What one reading may hold at its peak: a small multiple of what the limits let it keep.
fn memory_bound(l: &Limits, input: usize) -> usize {
    let kept = l.max_cells * 64 + l.max_text_bytes as usize + l.max_input_bytes as usize;
    4 * kept + 8 * input + (16 << 20)
}

/// xorshift64*: small, seedable, reproducible.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Reads a case with its importer: `Err` when refused.
fn read(reader: Reader, bytes: &[u8], file: &str, l: &Limits) -> Result<usize, ImportFailure> {
    match reader {
        Reader::School => school::read_bytes_with(bytes, file, l).map(|i| i.warnings.len()),
        Reader::Roster => teacher::read_bytes_with(bytes, file, l).map(|i| i.warnings.len()),
        Reader::Ledger => {
            rotation::read_ledger_bytes_with(bytes, file, l).map(|i| i.warnings.len())
        }
        Reader::Lottery => lottery::read_sources(
            lottery::Source {
                bytes: ZONES.as_bytes(),
                file: "学区.csv",
            },
            lottery::Source {
                bytes: SEATS.as_bytes(),
                file: "学位计划.csv",
            },
            lottery::Source { bytes, file },
            &lottery::ReadOptions::default(),
        )
        .map(|i| i.warnings.len()),
        Reader::Classroom => {
            classroom::read_sessions_with(bytes, file, l).map(|i| i.warnings.len())
        }
        Reader::Group => {
            group::read_groups_with(bytes, file, &group_kinds(), l).map(|(_, w)| w.len())
        }
        Reader::Students => student::read_students_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::List => student::lists::read_list_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::Fitness => health::read_fitness_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::Vision => health::read_vision_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::Mental => health::read_mental_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::Scale => health::read_scale_with(bytes, file, l).map(|f| f.warnings.len()),
        Reader::Survey => survey_seeds::read(bytes, file, l),
        Reader::Evidence => survey_seeds::check(bytes, file, l),
    }
}

/// The checks every refusal passes.
fn check_issues(issues: &[Issue], l: &Limits, what: &str) {
    assert!(!issues.is_empty(), "{what}: a refusal without an issue");
    // The lottery's three tables may each add a summary.
    assert!(
        issues.len() <= l.max_issues + 3,
        "{what}: {} issues",
        issues.len()
    );
    for i in issues {
        let (prefix, rest) = i.code.split_once('.').unwrap_or_default();
        assert!(
            [
                "import",
                "roster",
                "ledger",
                "lottery",
                "group",
                "classroom",
                "student",
                "health",
                "survey",
                "evidence"
            ]
            .contains(&prefix)
                && !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{what}: code {}",
            i.code
        );
        assert!(!i.file.is_empty() && !i.message.is_empty(), "{what}: {i:?}");
        assert!(i.message.chars().count() <= 401, "{what}: {}", i.message);
        for echo in [&i.value, &i.column, &i.sheet].into_iter().flatten() {
            assert!(echo.chars().count() <= 61, "{what}: {i:?}");
        }
    }
}

/// Runs one case under every check.
fn case(reader: Reader, bytes: &[u8], file: &str, what: &str) -> usize {
    let l = limits();
    let (result, peak) = watched(what, bytes, || {
        peak_of(|| catch_unwind(AssertUnwindSafe(|| read(reader, bytes, file, &l))))
    });
    let Ok(result) = result else {
        panic!("{what}: the importer panicked");
    };
    let bound = memory_bound(&l, bytes.len());
    assert!(peak <= bound, "{what}: peak {peak} bytes > {bound}");
    // The lottery's tables are read within the default limits (`read_sources` takes none).
    let applied = match reader {
        Reader::Lottery => Limits::default(),
        _ => l,
    };
    match result {
        Ok(warnings) => assert!(
            warnings <= applied.max_warnings + 3,
            "{what}: {warnings} warnings"
        ),
        Err(failure) => check_issues(&failure.issues, &applied, what),
    }
    peak
}

fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).ok()?;
        let mut content = Vec::new();
        f.read_to_end(&mut content).ok()?;
        parts.push((f.name().ok()?.into_owned(), content));
    }
    Some(parts)
}

/// One random change of a file's bytes.
pub(crate) fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>, other: &[u8]) {
    let len = bytes.len();
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(len.max(1));
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            let at = rng.below(len + 1);
            let chunk: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, chunk);
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(64)).min(len);
            bytes.drain(at..end);
        }
        3 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(256)).min(len);
            let copy = bytes[at..end].to_vec();
            for _ in 0..1 + rng.below(50) {
                bytes.splice(at..at, copy.iter().copied());
            }
        }
        4 if !other.is_empty() => {
            let at = rng.below(len + 1);
            let from = rng.below(other.len());
            let end = (from + 1 + rng.below(512)).min(other.len());
            bytes.splice(at..at, other[from..end].iter().copied());
        }
        5 => bytes.truncate(rng.below(len + 1)),
        _ => {
            let tokens: [&[u8]; 8] = [b",", b"\"", b"\n", b"=", b"\xFF", b"\0", b"\t", b"'"];
            let at = rng.below(len + 1);
            bytes.splice(at..at, tokens[rng.below(tokens.len())].iter().copied());
        }
    }
}

/// One case from a seed: its bytes mutated, or (zip containers) one part's XML mutated and the
/// container re-zipped, so that the mutation reaches the parsers behind the zip layer.
fn mutant(rng: &mut Rng, seed: &Seed, other: &[u8]) -> Vec<u8> {
    let zipped = [".xlsx", ".xlsm", ".ods"]
        .iter()
        .any(|e| seed.name.ends_with(e));
    if zipped
        && rng.below(2) == 0
        && let Some(mut parts) = unzip(&seed.bytes)
    {
        let k = rng.below(parts.len());
        for _ in 0..1 + rng.below(4) {
            mutate_bytes(rng, &mut parts[k].1, other);
        }
        let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
        return bombs::zip_of(&refs);
    }
    let mut bytes = seed.bytes.clone();
    for _ in 0..1 + rng.below(3) {
        mutate_bytes(rng, &mut bytes, other);
    }
    bytes
}

pub(crate) fn budget() -> Duration {
    let seconds = std::env::var("JUNHENG_TEST_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(seconds)
}

#[test]
fn bombs_are_refused_within_bounded_memory() {
    let mut worst = 0;
    for b in fuzz_seeds::bombs() {
        let what = format!("bomb {}", b.name);
        worst = worst.max(case(b.reader, &b.bytes, b.name, &what));
    }
    eprintln!(
        "fuzz: bombs, peak memory {:.1} MiB",
        worst as f64 / f64::from(1 << 20)
    );
}

#[test]
fn mutated_seed_files_never_panic_nor_balloon() {
    let seeds = seeds();
    for s in &seeds {
        // Every seed reads (a formula-like 报名号 is refused by `freeze`: the bombs carry one).
        let l = limits();
        let ok = read(s.reader, &s.bytes, s.name, &l);
        assert!(ok.is_ok(), "seed {}: {}", s.name, ok.unwrap_err());
    }
    let random = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let fixed = [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 42];
    let runs: Vec<u64> = fixed.iter().copied().chain([random]).collect();
    let per_run = budget() / runs.len() as u32;
    let (mut cases, mut worst) = (0usize, 0usize);
    for &run in &runs {
        let mut rng = Rng(run);
        let started = Instant::now();
        while started.elapsed() < per_run {
            let seed = &seeds[rng.below(seeds.len())];
            let other = &seeds[rng.below(seeds.len())].bytes;
            let bytes = mutant(&mut rng, seed, other);
            let what = format!(
                "seed {run:#x} case {cases} ({}); rerun with this seed to reproduce",
                seed.name
            );
            worst = worst.max(case(seed.reader, &bytes, seed.name, &what));
            cases += 1;
        }
    }
    eprintln!(
        "fuzz: {cases} cases in {:?} (seeds {runs:x?}), peak memory {:.1} MiB",
        budget(),
        worst as f64 / f64::from(1 << 20)
    );
    assert!(cases > runs.len(), "the budget ran no case");
    std::io::stderr().flush().ok();
}

// ---- .docx templates (`junheng_io::docx`): the default 自评报告 template and a written report,
// mutated byte-wise and part-wise, filled and listed; plus a part that inflates past the cap.
// Never a panic; every refusal carries a `docx.template_*` code and a message; the peak memory
// stays within a small multiple of the template caps (16 MiB file, 64 MiB inflated).
#[test]
fn mutated_docx_templates_never_panic_nor_balloon() {
    use junheng_io::docx::{self, Block, Paragraph, SECTIONS};
    let fields: std::collections::BTreeMap<String, String> = docx::FIELDS
        .iter()
        .map(|f| ((*f).to_owned(), format!("{f}<&>")))
        .collect();
    let blocks: std::collections::BTreeMap<String, Vec<Block>> = SECTIONS
        .iter()
        .map(|s| ((*s).to_owned(), vec![Block::Paragraph(Paragraph::text(*s))]))
        .collect();
    let template = docx::default_template();
    let mut report_doc = docx::Document::default();
    report_doc.blocks.push(Block::Heading(1, "{{区县}}".into()));
    report_doc.blocks.push(Block::Table(docx::Table {
        header: vec!["{{年度}}".into()],
        rows: vec![vec!["{{章节:结论}}".into()]],
        ..docx::Table::default()
    }));
    let report = docx::write(&report_doc);
    let mut bomb_parts = unzip(&template).unwrap();
    bomb_parts.push(("word/media/image1.png".into(), vec![0u8; 80 << 20]));
    let refs: Vec<(&str, &[u8])> = bomb_parts
        .iter()
        .map(|(n, b)| (n.as_str(), &b[..]))
        .collect();
    let bomb = bombs::zip_of(&refs);
    drop(bomb_parts);
    let bound = |input: usize| 3 * (64 << 20) + 8 * input + (16 << 20);
    let run = |bytes: &[u8], what: &str| {
        let (result, peak) = watched(what, bytes, || {
            peak_of(|| {
                catch_unwind(AssertUnwindSafe(|| {
                    let listed = docx::template_fields(bytes).map(|_| ());
                    let filled = docx::fill(bytes, &fields, &blocks).map(|_| ());
                    [listed, filled]
                }))
            })
        });
        let Ok(results) = result else {
            panic!("{what}: the docx template reader panicked");
        };
        assert!(peak <= bound(bytes.len()), "{what}: peak {peak} bytes");
        for e in results.into_iter().filter_map(Result::err) {
            assert!(e.code().starts_with("docx.template_"), "{what}: {e:?}");
            assert!(!e.to_string().is_empty(), "{what}");
        }
        peak
    };
    let bomb_peak = run(&bomb, "docx bomb");
    assert_eq!(
        docx::fill(&bomb, &fields, &blocks).unwrap_err().code(),
        "docx.template_too_large"
    );
    assert!(docx::fill(&template, &fields, &blocks).is_ok());
    let seeds = [template, report];
    let mut rng = Rng(0x5EED_D0C5 | 1);
    let (mut cases, started) = (0usize, Instant::now());
    while started.elapsed() < budget() / 4 {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let bytes = match unzip(seed) {
            Some(mut parts) if rng.below(2) == 0 => {
                let k = rng.below(parts.len());
                for _ in 0..1 + rng.below(4) {
                    mutate_bytes(&mut rng, &mut parts[k].1, other);
                }
                let refs: Vec<(&str, &[u8])> =
                    parts.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
                bombs::zip_of(&refs)
            }
            _ => {
                let mut bytes = seed.clone();
                for _ in 0..1 + rng.below(3) {
                    mutate_bytes(&mut rng, &mut bytes, other);
                }
                bytes
            }
        };
        run(&bytes, &format!("docx case {cases} (seed 0x5EED_D0C5)"));
        cases += 1;
    }
    eprintln!(
        "fuzz: {cases} docx template cases, bomb peak {} MiB",
        bomb_peak >> 20
    );
    assert!(cases > 0, "the budget ran no docx case");
}
