//! The fast path's column decoding, page by page: a dictionary-encoded column yields its records'
//! dictionary indices (each entry's text is looked at once, not per row, and no per-value
//! reference count is taken on the page buffers); PLAIN texts are copied into a batch buffer.
//! Takes what common writers produce — PLAIN and (RLE_/PLAIN_)DICTIONARY values, RLE definition
//! levels, data pages v1 and v2, flat columns; the caller checks the column chunk's encodings
//! first and otherwise reads through the `parquet` crate's column reader. Any inconsistency in a
//! page is an `Err`, which sends the file to the exact path.

use parquet::basic::Encoding;
use parquet::column::page::{Page, PageReader};

use super::BATCH;

/// An id with this bit set is not a dictionary index (a PLAIN text of the batch, or null).
pub(super) const NOT_DICT: u32 = 1 << 31;
/// The id of a null record.
pub(super) const NULL: u32 = u32::MAX;

/// Whether the fast page decoding takes a column chunk with these encodings.
pub(super) fn supported(mut encodings: impl Iterator<Item = Encoding>) -> bool {
    encodings.all(|e| {
        matches!(
            e,
            Encoding::PLAIN | Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY | Encoding::RLE
        )
    })
}

/// The physical type of a column read this way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Double,
}

/// A value stream of a data page.
enum Values {
    Plain { pos: usize },
    Dict(Hybrid),
}

/// One column chunk being read in batches of [`BATCH`] records.
pub(super) struct PageCol {
    pages: Box<dyn PageReader>,
    kind: Kind,
    max_def: i16,
    /// The dictionary page, and per entry its text's `(offset, length)` in it.
    dict: Option<Page>,
    dict_at: Vec<(u32, u32)>,
    dict_f64: Vec<f64>,
    /// The data page being read, its records left, its definition levels and values.
    page: Option<Page>,
    left: usize,
    defs: Hybrid,
    values: Values,
    /// Per record of the batch: a text's id — a dictionary index, `NOT_DICT | k` for the k-th
    /// PLAIN text in `plain_at`, or [`NULL`].
    ids: Vec<u32>,
    plain: Vec<u8>,
    plain_at: Vec<(u32, u32)>,
    /// Per record of the batch, a number's value (`Double`).
    nums: Vec<Option<f64>>,
    scratch_defs: Vec<u32>,
    scratch_idx: Vec<u32>,
}

type Bad = ();

fn u32_at(buf: &[u8], pos: usize) -> Result<u32, Bad> {
    let b = buf.get(pos..pos.checked_add(4).ok_or(())?).ok_or(())?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn f64_at(buf: &[u8], pos: usize) -> Result<f64, Bad> {
    let b: [u8; 8] = buf
        .get(pos..pos.checked_add(8).ok_or(())?)
        .ok_or(())?
        .try_into()
        .map_err(|_| ())?;
    Ok(f64::from_le_bytes(b))
}

impl PageCol {
    pub(super) fn new(pages: Box<dyn PageReader>, kind: Kind, max_def: i16) -> Self {
        PageCol {
            pages,
            kind,
            max_def,
            dict: None,
            dict_at: Vec::new(),
            dict_f64: Vec::new(),
            page: None,
            left: 0,
            defs: Hybrid::default(),
            values: Values::Plain { pos: 0 },
            ids: Vec::with_capacity(BATCH),
            plain: Vec::new(),
            plain_at: Vec::new(),
            nums: Vec::new(),
            scratch_defs: Vec::with_capacity(BATCH),
            scratch_idx: Vec::with_capacity(BATCH),
        }
    }

    /// The record's text id: equal dictionary indices (ids without [`NOT_DICT`]) are equal
    /// texts.
    #[inline]
    pub(super) fn id(&self, i: usize) -> u32 {
        self.ids[i]
    }

    /// The record's text (empty when null).
    #[inline]
    pub(super) fn bytes(&self, i: usize) -> &[u8] {
        self.text_of(self.ids[i])
    }

    /// The text of an id.
    #[inline]
    pub(super) fn text_of(&self, id: u32) -> &[u8] {
        if id == NULL {
            &[]
        } else if id & NOT_DICT == 0 {
            let (o, l) = self.dict_at[id as usize];
            let buf: &[u8] = self.dict.as_ref().map_or(&[][..], |p| p.buffer());
            &buf[o as usize..(o + l) as usize]
        } else {
            let (o, l) = self.plain_at[(id & !NOT_DICT) as usize];
            &self.plain[o as usize..(o + l) as usize]
        }
    }

    /// The record's number (`None` when null).
    #[inline]
    pub(super) fn number(&self, i: usize) -> Option<f64> {
        self.nums[i]
    }

    pub(super) fn kind(&self) -> Kind {
        self.kind
    }

    /// Moves to the next data page with records; `false` at the end of the chunk.
    fn next_page(&mut self) -> Result<bool, Bad> {
        loop {
            let Some(page) = self.pages.get_next_page().map_err(drop)? else {
                return Ok(false);
            };
            let def_width = (16 - (self.max_def as u16).leading_zeros()) as u8;
            let (levels, values_from, encoding) = match &page {
                Page::DictionaryPage {
                    buf,
                    num_values,
                    encoding,
                    ..
                } => {
                    // One dictionary per chunk, before its data pages.
                    if self.dict.is_some()
                        || self.page.is_some()
                        || !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY)
                        || *num_values >= NOT_DICT
                    {
                        return Err(());
                    }
                    let mut pos = 0usize;
                    for _ in 0..*num_values {
                        match self.kind {
                            Kind::Text => {
                                let len = u32_at(buf, pos)? as usize;
                                let start = pos + 4;
                                let end = start.checked_add(len).ok_or(())?;
                                if end > buf.len() || end > u32::MAX as usize {
                                    return Err(());
                                }
                                self.dict_at.push((start as u32, len as u32));
                                pos = end;
                            }
                            Kind::Double => {
                                self.dict_f64.push(f64_at(buf, pos)?);
                                pos += 8;
                            }
                        }
                    }
                    self.dict = Some(page);
                    continue;
                }
                Page::DataPage {
                    buf,
                    num_values,
                    encoding,
                    def_level_encoding,
                    ..
                } => {
                    let mut from = 0usize;
                    let mut defs = Hybrid::default();
                    if self.max_def > 0 {
                        if *def_level_encoding != Encoding::RLE {
                            return Err(());
                        }
                        let len = u32_at(buf, 0)? as usize;
                        from = 4usize.checked_add(len).ok_or(())?;
                        if from > buf.len() {
                            return Err(());
                        }
                        defs = Hybrid::new(4, from, def_width);
                    }
                    ((*num_values as usize, defs), from, *encoding)
                }
                Page::DataPageV2 {
                    buf,
                    num_values,
                    encoding,
                    def_levels_byte_len,
                    rep_levels_byte_len,
                    ..
                } => {
                    let start = *rep_levels_byte_len as usize;
                    let from = start.checked_add(*def_levels_byte_len as usize).ok_or(())?;
                    if *rep_levels_byte_len != 0 || from > buf.len() {
                        return Err(());
                    }
                    let defs = if self.max_def > 0 {
                        Hybrid::new(start, from, def_width)
                    } else {
                        Hybrid::default()
                    };
                    ((*num_values as usize, defs), from, *encoding)
                }
            };
            let buf: &[u8] = page.buffer();
            self.values = match encoding {
                Encoding::PLAIN => Values::Plain { pos: values_from },
                Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY => {
                    if self.dict.is_none() {
                        return Err(());
                    }
                    let width = *buf.get(values_from).ok_or(())?;
                    if width > 32 {
                        return Err(());
                    }
                    Values::Dict(Hybrid::new(values_from + 1, buf.len(), width))
                }
                _ => return Err(()),
            };
            (self.left, self.defs) = levels;
            self.page = Some(page);
            if self.left > 0 {
                return Ok(true);
            }
        }
    }

    /// Decodes the next batch of records; their number (0 at the end of the chunk).
    pub(super) fn fill(&mut self) -> Result<usize, Bad> {
        self.ids.clear();
        self.nums.clear();
        self.plain.clear();
        self.plain_at.clear();
        let mut n = 0;
        while n < BATCH {
            if self.left == 0 && !self.next_page()? {
                break;
            }
            let k = (BATCH - n).min(self.left);
            let buf: &[u8] = self.page.as_ref().ok_or(())?.buffer();
            let nullable = self.max_def > 0;
            let present = if nullable {
                self.scratch_defs.clear();
                self.defs.read(buf, k, &mut self.scratch_defs)?;
                let mut present = 0;
                for &d in &self.scratch_defs {
                    if d > self.max_def as u32 {
                        return Err(());
                    }
                    present += usize::from(d == self.max_def as u32);
                }
                present
            } else {
                k
            };
            let max_def = self.max_def as u32;
            let mut defs = self.scratch_defs.iter();
            let mut is_null = || nullable && defs.next().is_some_and(|&d| d != max_def);
            match &mut self.values {
                Values::Dict(h) => {
                    self.scratch_idx.clear();
                    h.read(buf, present, &mut self.scratch_idx)?;
                    let len = self.dict_at.len().max(self.dict_f64.len()) as u32;
                    if self.scratch_idx.iter().any(|&v| v >= len) {
                        return Err(());
                    }
                    let mut idx = self.scratch_idx.iter();
                    match self.kind {
                        Kind::Text if !nullable => self.ids.extend_from_slice(&self.scratch_idx),
                        Kind::Text => {
                            for _ in 0..k {
                                let id = if is_null() {
                                    NULL
                                } else {
                                    *idx.next().ok_or(())?
                                };
                                self.ids.push(id);
                            }
                        }
                        Kind::Double => {
                            for _ in 0..k {
                                self.nums.push(if is_null() {
                                    None
                                } else {
                                    Some(self.dict_f64[*idx.next().ok_or(())? as usize])
                                });
                            }
                        }
                    }
                }
                Values::Plain { pos } => {
                    for _ in 0..k {
                        let null = is_null();
                        match self.kind {
                            Kind::Text if null => self.ids.push(NULL),
                            Kind::Text => {
                                let len = u32_at(buf, *pos)? as usize;
                                let start = *pos + 4;
                                let end = start.checked_add(len).ok_or(())?;
                                let text = buf.get(start..end).ok_or(())?;
                                let at = self.plain.len();
                                if at + len > u32::MAX as usize {
                                    return Err(());
                                }
                                self.plain.extend_from_slice(text);
                                self.ids.push(NOT_DICT | self.plain_at.len() as u32);
                                self.plain_at.push((at as u32, len as u32));
                                *pos = end;
                            }
                            Kind::Double if null => self.nums.push(None),
                            Kind::Double => {
                                self.nums.push(Some(f64_at(buf, *pos)?));
                                *pos += 8;
                            }
                        }
                    }
                }
            }
            self.left -= k;
            n += k;
        }
        Ok(n)
    }
}

/// A reader of the RLE / bit-packed hybrid encoding over `buf[pos..end]` of a page.
#[derive(Default)]
struct Hybrid {
    pos: usize,
    end: usize,
    width: u8,
    /// Values left in the current RLE run, and its value.
    rle_left: usize,
    rle_value: u32,
    /// Values left in the current bit-packed run, and the bit offset of the next.
    packed_left: usize,
    bit: usize,
}

impl Hybrid {
    fn new(pos: usize, end: usize, width: u8) -> Self {
        Hybrid {
            pos,
            end,
            width,
            ..Hybrid::default()
        }
    }

    fn varint(&mut self, buf: &[u8]) -> Result<u64, Bad> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            if self.pos >= self.end {
                return Err(());
            }
            let b = buf[self.pos];
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(())
    }

    /// Appends the next `n` values to `out`.
    fn read(&mut self, buf: &[u8], mut n: usize, out: &mut Vec<u32>) -> Result<(), Bad> {
        let buf = buf.get(..self.end).ok_or(())?;
        let w = usize::from(self.width);
        let mask = if w == 0 { 0 } else { u64::MAX >> (64 - w) };
        while n > 0 {
            if self.rle_left > 0 {
                let k = n.min(self.rle_left);
                out.extend(std::iter::repeat_n(self.rle_value, k));
                self.rle_left -= k;
                n -= k;
            } else if self.packed_left > 0 {
                let k = n.min(self.packed_left);
                for _ in 0..k {
                    let byte = self.bit / 8;
                    let word = match buf.get(byte..byte + 8) {
                        Some(b) => u64::from_le_bytes(b.try_into().map_err(|_| ())?),
                        None => {
                            let mut b = [0u8; 8];
                            let tail = buf.get(byte..).unwrap_or(&[]);
                            b[..tail.len()].copy_from_slice(tail);
                            u64::from_le_bytes(b)
                        }
                    };
                    out.push(((word >> (self.bit % 8)) & mask) as u32);
                    self.bit += w;
                }
                self.packed_left -= k;
                n -= k;
            } else {
                let header = self.varint(buf)?;
                let count = usize::try_from(header >> 1).map_err(|_| ())?;
                if header & 1 == 1 {
                    // `count` groups of 8 values, `width` bytes each; a last run may be cut.
                    let bytes = count.checked_mul(w).ok_or(())?;
                    let have = bytes.min(self.end - self.pos);
                    let values = count.checked_mul(8).ok_or(())?;
                    self.packed_left = (have * 8)
                        .checked_div(w)
                        .map_or(values, |fit| values.min(fit));
                    self.bit = self.pos * 8;
                    self.pos += have;
                } else {
                    let width_bytes = w.div_ceil(8);
                    let b = buf.get(self.pos..self.pos + width_bytes).ok_or(())?;
                    let mut v = [0u8; 4];
                    v[..width_bytes].copy_from_slice(b);
                    self.pos += width_bytes;
                    self.rle_value = u32::from_le_bytes(v);
                    self.rle_left = count;
                }
            }
        }
        Ok(())
    }
}

/// Decodes `n` values of bit width `width` from a whole hybrid-encoded `buf`.
#[cfg(test)]
pub(super) fn read_hybrid(buf: &[u8], width: u8, n: usize, out: &mut Vec<u32>) -> Result<(), Bad> {
    Hybrid::new(0, buf.len(), width).read(buf, n, out)
}
