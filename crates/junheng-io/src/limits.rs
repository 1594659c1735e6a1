//! How much one import may read and keep: the caps that keep a hostile file (a deflate bomb, a
//! sparse cell in the far corner, an ODS repeat, 10⁵ columns) from taking the server's memory.
//!
//! Every reader checks them before or while it reads, never after: a file over a cap is refused
//! with one located issue (file, and sheet/row/column where they apply) and nothing is returned.
//!
//! ```
//! use junheng_io::Limits;
//! let server = Limits::default();
//! assert_eq!(server.max_input_bytes, 64 << 20);
//! let cli = Limits::for_max_input(256 << 20);
//! assert_eq!(cli.max_cells, 4 * server.max_cells);
//! assert_eq!(cli.max_columns, server.max_columns);
//! ```

use std::io::Read;
use std::path::Path;

/// The caps of one import. [`Limits::default`] holds the server's values; the CLI scales them
/// with [`Limits::for_max_input`] from its `--max-input-mb` flag.
///
/// With the defaults one parse stays under about 400 MB at worst (measured by the fuzz harness's
/// counting allocator, see README), while a city's roster (200 000 teachers × 13 columns) or a
/// statistics file of 50 000 schools × 40 columns imports in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the file itself. Default 64 MiB: a 200 000-row roster is about 20 MB as CSV and
    /// 8 MB as .xlsx; an upload larger than this is not a statistics file.
    pub max_input_bytes: u64,
    /// Bytes one part of a zip container (.xlsx, .xlsm, .ods) inflates to, counted while
    /// inflating (the sizes the zip headers declare are not trusted). Default 256 MiB: the
    /// worksheet XML of a 200 000-row roster is about 110 MB.
    pub max_part_bytes: u64,
    /// Bytes all the parts of a zip container inflate to together. Default 512 MiB (two such
    /// worksheets); it bounds the time spent inflating.
    pub max_workbook_bytes: u64,
    /// Characters of one cell. Default 32 767, Excel's own maximum.
    pub max_cell_chars: usize,
    /// Non-blank data rows. Default 500 000: two and a half city rosters.
    pub max_rows: usize,
    /// Columns of the header row. Default 256: no template has more than about 60 (the lottery's
    /// 报名 table has one column per 志愿).
    pub max_columns: usize,
    /// Cells kept in memory while reading: the non-empty cells of the sheet (and, for .ods,
    /// every cell of the rectangle the spreadsheet library expands). Default 4 000 000: the
    /// roster's 2.6 million cells with room to spare; about 64 bytes each at worst.
    pub max_cells: usize,
    /// Bytes of cell text kept in memory (UTF-8), counting text repeated by the format (an ODS
    /// repeat, a shared string used by many cells) as often as it is repeated. Default 64 MiB.
    pub max_text_bytes: u64,
    /// Problems kept (and listed) per import; the rest are counted in a last issue that says how
    /// many more there are. Default 1 000.
    pub max_issues: usize,
    /// Warnings kept per import, the rest counted the same way. Default 100.
    pub max_warnings: usize,
}

/// The default input cap, from which [`Limits::for_max_input`] scales.
const DEFAULT_INPUT: u64 = 64 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: DEFAULT_INPUT,
            max_part_bytes: 256 << 20,
            max_workbook_bytes: 512 << 20,
            max_cell_chars: 32_767,
            max_rows: 500_000,
            max_columns: 256,
            max_cells: 4_000_000,
            max_text_bytes: 64 << 20,
            max_issues: 1_000,
            max_warnings: 100,
        }
    }
}

impl Limits {
    /// Limits for a larger (or smaller) input cap: the caps that grow with the data (part and
    /// workbook bytes, rows, cells, text) scale with `max_input_bytes / 64 MiB`, never below the
    /// defaults; a cell's length, the columns and the issues kept stay as they are.
    pub fn for_max_input(max_input_bytes: u64) -> Limits {
        let d = Limits::default();
        let factor = (max_input_bytes / DEFAULT_INPUT).max(1);
        let scale = |v: u64| v.saturating_mul(factor);
        let scale_usize =
            |v: usize| v.saturating_mul(usize::try_from(factor).unwrap_or(usize::MAX));
        Limits {
            max_input_bytes,
            max_part_bytes: scale(d.max_part_bytes),
            max_workbook_bytes: scale(d.max_workbook_bytes),
            max_rows: scale_usize(d.max_rows),
            max_cells: scale_usize(d.max_cells),
            max_text_bytes: scale(d.max_text_bytes),
            ..d
        }
    }

    /// Bytes one XML event (a tag, or a run of text) may take before the reader buffering it is
    /// stopped: a cell's longest text as UTF-8, escaped, with room for its tags.
    pub(crate) fn max_xml_event_bytes(&self) -> u64 {
        (self.max_cell_chars as u64).saturating_mul(24).max(1 << 20)
    }

    /// Bytes of text one cell may hold as UTF-8 (4 bytes per character at most).
    pub(crate) fn max_cell_bytes(&self) -> u64 {
        (self.max_cell_chars as u64).saturating_mul(4)
    }
}

/// A size in the units people read: "64 MiB", "512 KiB", "100 字节".
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else if bytes >= 1 << 10 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} 字节")
    }
}

/// Why [`read_input`] read nothing.
#[derive(Debug)]
pub enum InputError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file holds more than `limit` bytes (it may never end: a FIFO, `/dev/zero`).
    TooLarge {
        /// The cap it passed.
        limit: u64,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "无法读取文件（{e}）；请确认文件存在且有读取权限"),
            InputError::TooLarge { limit } => write!(
                f,
                "文件超过 {} 的大小上限，未读取；请确认选对了文件，或把数据拆成几个文件分别导入",
                size(*limit)
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads a whole file, at most `limits.max_input_bytes` of it: more is refused without reading
/// further, whatever the file system says of its size (a FIFO, a character device or a file that
/// grows report 0 or less than they hold). Memory never exceeds the cap plus one byte.
pub fn read_input(path: &Path, limits: &Limits) -> Result<Vec<u8>, InputError> {
    let file = std::fs::File::open(path).map_err(InputError::Io)?;
    let hint = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map_or(0, |m| m.len());
    if (PARALLEL_READ..=limits.max_input_bytes).contains(&hint)
        && let Some(bytes) = read_in_parts(&file, hint).map_err(InputError::Io)?
    {
        return Ok(bytes);
    }
    read_bounded(file, limits.max_input_bytes, hint)
}

/// Regular files at least this large are read in parts on several threads.
const PARALLEL_READ: u64 = 4 << 20;

/// A regular file of `size` bytes read in parts on the machine's cores (at most four), each by
/// positional reads into its own slice of the buffer: the copy out of the page cache, and the
/// faulting in of the buffer's pages, shared between the cores. `None` when the file no longer
/// holds exactly `size` bytes (it is then read the careful way, from its start).
#[cfg(unix)]
fn read_in_parts(file: &std::fs::File, size: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::FileExt;
    let Ok(len) = usize::try_from(size) else {
        return Ok(None);
    };
    let parts = crate::read_parts();
    // Zeroed memory fresh from the system costs no pass of its own.
    let mut buf = vec![0u8; len];
    let chunk = len.div_ceil(parts).max(1);
    let read = |(k, part): (usize, &mut [u8])| file.read_exact_at(part, (k * chunk) as u64);
    let results: Vec<std::io::Result<()>> = std::thread::scope(|scope| {
        let mut chunks = buf.chunks_mut(chunk).enumerate();
        let first = chunks.next();
        let later: Vec<_> = chunks.map(|c| scope.spawn(move || read(c))).collect();
        let mut results: Vec<_> = first.into_iter().map(read).collect();
        results.extend(
            later
                .into_iter()
                .map(|h| h.join().expect("file reader panicked")),
        );
        results
    });
    for result in results {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
    }
    // A file that grew meanwhile is read the careful way, which bounds it.
    if file.read_at(&mut [0u8; 1], size)? != 0 {
        return Ok(None);
    }
    Ok(Some(buf))
}

#[cfg(not(unix))]
fn read_in_parts(_: &std::fs::File, _: u64) -> std::io::Result<Option<Vec<u8>>> {
    Ok(None)
}

/// Reads `reader` to its end unless it holds more than `limit` bytes. `hint` (a regular file's
/// size) only sizes the first allocation; the buffer never grows past `limit + 1`.
pub(crate) fn read_bounded(
    reader: impl Read,
    limit: u64,
    hint: u64,
) -> Result<Vec<u8>, InputError> {
    let cap = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let first = usize::try_from(hint.saturating_add(1)).map_or(cap, |h| h.min(cap));
    let mut buf = Vec::with_capacity(first.max(8 << 10).min(cap));
    let mut reader = reader.take(limit.saturating_add(1));
    loop {
        if buf.len() == buf.capacity() {
            let grow = buf.capacity().max(8 << 10).min(cap - buf.len());
            if grow == 0 {
                break;
            }
            buf.reserve_exact(grow);
        }
        let len = buf.len();
        let spare = buf.capacity() - len;
        buf.resize(len + spare, 0);
        match reader.read(&mut buf[len..]) {
            Ok(0) => {
                buf.truncate(len);
                break;
            }
            Ok(n) => buf.truncate(len + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(len),
            Err(e) => return Err(InputError::Io(e)),
        }
    }
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_past_it() {
        let data = vec![7u8; 100_000];
        assert_eq!(read_bounded(&data[..], 100_000, 0).unwrap().len(), 100_000);
        assert_eq!(read_bounded(&data[..], 100_000, 100_000).unwrap(), data);
        let err = read_bounded(&data[..], 99_999, 5).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { limit: 99_999 }));
        let endless = std::io::repeat(0);
        let err = read_bounded(endless, 1 << 20, 0).unwrap_err();
        assert!(err.to_string().contains("1 MiB"), "{err}");
    }

    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("大.csv");
        let data: Vec<u8> = (0..PARALLEL_READ as usize * 2 + 7)
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        std::fs::write(&path, &data).unwrap();
        let limits = Limits::default();
        assert_eq!(read_input(&path, &limits).unwrap(), data);
        let file = std::fs::File::open(&path).unwrap();
        assert_eq!(
            read_in_parts(&file, data.len() as u64).unwrap(),
            Some(data.clone())
        );
        // The file is not the size its metadata said: read the careful way instead.
        assert_eq!(read_in_parts(&file, data.len() as u64 + 1).unwrap(), None);
        assert_eq!(read_in_parts(&file, data.len() as u64 - 1).unwrap(), None);
        let small = Limits {
            max_input_bytes: PARALLEL_READ,
            ..Limits::default()
        };
        let err = read_input(&path, &small).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap() {
        let got = read_bounded(std::io::repeat(1).take(50_000), 60_000, 0).unwrap();
        assert_eq!(got.len(), 50_000);
        assert!(got.capacity() <= 60_001);
    }

    #[test]
    fn scaling_keeps_the_fixed_caps() {
        let d = Limits::default();
        let big = Limits::for_max_input(1 << 30);
        assert_eq!(big.max_rows, 16 * d.max_rows);
        assert_eq!(big.max_cell_chars, d.max_cell_chars);
        assert_eq!(Limits::for_max_input(1 << 20).max_cells, d.max_cells);
        assert_eq!(Limits::for_max_input(1 << 20).max_input_bytes, 1 << 20);
        assert_eq!(size(64 << 20), "64 MiB");
        assert_eq!(size(1536 << 10), "1.5 MiB");
    }
}
