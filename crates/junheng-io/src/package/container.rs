//! The container: a ZIP archive of stored (uncompressed) entries in one exact byte layout
//! (crate documentation, "Container"). Written here byte by byte; read by a strict parser of that
//! layout, never by a general ZIP reader, so nothing is inflated and every byte is accounted for.

use std::ops::Range;

use super::error::PackageError;
use crate::limits::{Limits, size};

/// Entries a package may have before it is refused unread: the format has six.
pub(crate) const MAX_ENTRIES: usize = 16;
/// Bytes of an entry's name.
const MAX_NAME: usize = 64;

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
/// "Version needed to extract" and "version made by" (MS-DOS host): 1.0, stored entries.
const VERSION: u16 = 10;
/// DOS date 1980-01-01, the earliest a ZIP can say (time 00:00:00): packages carry their time
/// in the manifest, so the container has none of its own.
const DOS_DATE: u16 = 0x0021;

/// One entry found in a container: its name and where its data lies in the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    pub data: Range<usize>,
}

fn unreadable(why: impl Into<String>) -> PackageError {
    PackageError::Unreadable(why.into())
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The container of these entries, in this order. Fails only past the 4 GiB a ZIP without
/// its 64-bit extension can address.
pub(crate) fn write(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, PackageError> {
    let too_large = || PackageError::PartTooLarge("数据包超过 ZIP 容器 4 GiB 的上限".to_owned());
    let total: usize = entries
        .iter()
        .map(|(n, d)| 30 + 46 + 2 * n.len() + d.len())
        .sum::<usize>()
        + 22;
    if u32::try_from(total).is_err() {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(total);
    let mut offsets = Vec::with_capacity(entries.len());
    let crcs: Vec<u32> = entries.iter().map(|(_, d)| crc32fast::hash(d)).collect();
    for ((name, data), crc) in entries.iter().zip(&crcs) {
        offsets.push(out.len() as u32);
        put32(&mut out, LOCAL);
        header_fields(&mut out, name, data.len() as u32, *crc);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    let cd_start = out.len() as u32;
    for (((name, data), crc), offset) in entries.iter().zip(&crcs).zip(&offsets) {
        put32(&mut out, CENTRAL);
        put16(&mut out, VERSION); // version made by
        header_fields(&mut out, name, data.len() as u32, *crc);
        put16(&mut out, 0); // extra field length
        put16(&mut out, 0); // comment length
        put16(&mut out, 0); // disk number start
        put16(&mut out, 0); // internal attributes
        put32(&mut out, 0); // external attributes
        put32(&mut out, *offset);
        out.extend_from_slice(name.as_bytes());
    }
    let cd_size = out.len() as u32 - cd_start;
    put32(&mut out, END);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk of the central directory
    put16(&mut out, entries.len() as u16);
    put16(&mut out, entries.len() as u16);
    put32(&mut out, cd_size);
    put32(&mut out, cd_start);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The fields local and central headers share, from "version needed" to the name's length.
fn header_fields(out: &mut Vec<u8>, name: &str, len: u32, crc: u32) {
    put16(out, VERSION); // version needed to extract
    put16(out, 0); // flags
    put16(out, 0); // method: stored
    put16(out, 0); // time
    put16(out, DOS_DATE);
    put32(out, crc);
    put32(out, len); // compressed size
    put32(out, len); // uncompressed size
    put16(out, name.len() as u16);
}

/// A central directory record, as far as the structure needs it.
struct Central {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    size: u32,
    offset: u32,
}

/// Parses the container's structure: the end record, the central directory, every local header
/// and where each entry's data lies. Refuses (without reading any data) whatever is not a ZIP of
/// stored, unencrypted entries laid end to end — local headers with their data, the central
/// directory, the end record, nothing before, between or after — and parts past the caps.
/// Values that do not matter to the structure (times, versions, attributes, extra fields, CRCs)
/// are left to [`check_layout`].
pub(crate) fn parse(bytes: &[u8], limits: &Limits) -> Result<Vec<Entry>, PackageError> {
    let len = bytes.len();
    if len < 22 || u32_at(bytes, len - 22) != END {
        return Err(unreadable(
            "找不到 ZIP 目录结尾：文件不完整、带有注释，或不是 ZIP 文件",
        ));
    }
    let end = len - 22;
    let (disk, cd_disk) = (u16_at(bytes, end + 4), u16_at(bytes, end + 6));
    let (here, count) = (
        usize::from(u16_at(bytes, end + 8)),
        usize::from(u16_at(bytes, end + 10)),
    );
    let cd_size = u32_at(bytes, end + 12) as usize;
    let cd_start = u32_at(bytes, end + 16) as usize;
    if disk != 0 || cd_disk != 0 || here != count {
        return Err(unreadable("分卷 ZIP 文件"));
    }
    if count > MAX_ENTRIES {
        return Err(unreadable(format!(
            "有 {count} 个部件，数据包至多 {MAX_ENTRIES} 个"
        )));
    }
    if cd_start.checked_add(cd_size) != Some(end) {
        return Err(unreadable("中央目录的位置或大小与文件不符"));
    }
    let mut centrals = Vec::with_capacity(count);
    let mut at = cd_start;
    for _ in 0..count {
        if at + 46 > end || u32_at(bytes, at) != CENTRAL {
            return Err(unreadable("中央目录不完整"));
        }
        let name_len = usize::from(u16_at(bytes, at + 28));
        let skip = usize::from(u16_at(bytes, at + 30)) + usize::from(u16_at(bytes, at + 32));
        let name_end = at + 46 + name_len;
        if name_end + skip > end {
            return Err(unreadable("中央目录不完整"));
        }
        let name = entry_name(&bytes[at + 46..name_end])?;
        if centrals.iter().any(|c: &Central| c.name == name) {
            return Err(unreadable(format!("部件 {name} 出现了两次")));
        }
        let c = Central {
            flags: u16_at(bytes, at + 8),
            method: u16_at(bytes, at + 10),
            crc: u32_at(bytes, at + 16),
            size: u32_at(bytes, at + 20),
            offset: u32_at(bytes, at + 42),
            name,
        };
        if c.flags & 1 != 0 {
            return Err(unreadable(format!("部件 {} 已加密", c.name)));
        }
        if c.method != 0 {
            return Err(unreadable(format!(
                "部件 {} 经过压缩；数据包的部件一律不压缩",
                c.name
            )));
        }
        if u32_at(bytes, at + 24) != c.size {
            return Err(unreadable(format!("部件 {} 的压缩前后大小不一致", c.name)));
        }
        centrals.push(c);
        at = name_end + skip;
    }
    if at != end {
        return Err(unreadable("中央目录的大小与其记录不符"));
    }
    let mut entries = Vec::with_capacity(count);
    let mut next = 0usize;
    let mut total = 0u64;
    for c in &centrals {
        let at = c.offset as usize;
        if at != next {
            return Err(unreadable(format!(
                "部件 {} 前有空隙或与前一部件重叠",
                c.name
            )));
        }
        if at + 30 > cd_start || u32_at(bytes, at) != LOCAL {
            return Err(unreadable(format!("部件 {} 的文件头不完整", c.name)));
        }
        let name_len = usize::from(u16_at(bytes, at + 26));
        let extra = usize::from(u16_at(bytes, at + 28));
        let same = u16_at(bytes, at + 6) == c.flags
            && u16_at(bytes, at + 8) == c.method
            && u32_at(bytes, at + 14) == c.crc
            && u32_at(bytes, at + 18) == c.size
            && u32_at(bytes, at + 22) == c.size
            && bytes.get(at + 30..at + 30 + name_len) == Some(c.name.as_bytes());
        if !same {
            return Err(unreadable(format!(
                "部件 {} 的文件头与中央目录不一致",
                c.name
            )));
        }
        let start = at + 30 + name_len + extra;
        let data_end = start + c.size as usize;
        if data_end > cd_start {
            return Err(unreadable(format!("部件 {} 的数据超出了文件范围", c.name)));
        }
        let part = u64::from(c.size);
        if part > limits.max_part_bytes {
            return Err(PackageError::PartTooLarge(format!(
                "部件 {} 超过 {}",
                c.name,
                size(limits.max_part_bytes)
            )));
        }
        total += part;
        if total > limits.max_workbook_bytes {
            return Err(PackageError::PartTooLarge(format!(
                "各部件合计超过 {}",
                size(limits.max_workbook_bytes)
            )));
        }
        entries.push(Entry {
            name: c.name.clone(),
            data: start..data_end,
        });
        next = data_end;
    }
    if next != cd_start {
        return Err(unreadable("最后一个部件与中央目录之间有多余的字节"));
    }
    Ok(entries)
}

/// An entry's name: 1 to 64 printable ASCII characters.
fn entry_name(raw: &[u8]) -> Result<String, PackageError> {
    if raw.is_empty() || raw.len() > MAX_NAME || !raw.iter().all(|b| b.is_ascii_graphic()) {
        let shown = crate::guard::shown(&String::from_utf8_lossy(raw));
        return Err(unreadable(format!("部件名「{shown}」不是数据包的部件名")));
    }
    Ok(String::from_utf8(raw.to_vec()).expect("ASCII"))
}

/// Whether `bytes` are exactly the container [`write`] makes of its entries (in the order the
/// format gives, `order`); else the first differing offset.
pub(crate) fn check_layout(
    bytes: &[u8],
    entries: &[Entry],
    order: &[&str],
) -> Result<(), PackageError> {
    let ordered: Vec<(&str, &[u8])> = order
        .iter()
        .filter_map(|name| entries.iter().find(|e| e.name == *name))
        .map(|e| (e.name.as_str(), &bytes[e.data.clone()]))
        .collect();
    let canonical = write(&ordered)?;
    match canonical.iter().zip(bytes).position(|(a, b)| a != b) {
        Some(offset) => Err(PackageError::Layout { offset }),
        None if canonical.len() != bytes.len() => Err(PackageError::Layout {
            offset: canonical.len().min(bytes.len()),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        write(&[
            ("a.json", b"{}"),
            ("b.csv", "学年\n".as_bytes()),
            ("c", b""),
        ])
        .unwrap()
    }

    #[test]
    fn writes_what_it_parses() {
        let bytes = sample();
        let entries = parse(&bytes, &Limits::default()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.json", "b.csv", "c"]);
        assert_eq!(&bytes[entries[1].data.clone()], "学年\n".as_bytes());
        assert!(entries[2].data.is_empty());
        check_layout(&bytes, &entries, &["a.json", "b.csv", "c"]).unwrap();
        // Another order is another layout.
        assert!(matches!(
            check_layout(&bytes, &entries, &["b.csv", "a.json", "c"]),
            Err(PackageError::Layout { .. })
        ));
    }

    #[test]
    fn a_general_zip_reader_opens_it() {
        let bytes = sample();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("b.csv").unwrap(), &mut text).unwrap();
        assert_eq!(text, "学年\n");
    }

    #[test]
    fn structure_is_refused_before_any_data_is_read() {
        let bytes = sample();
        let limits = Limits::default();
        let code = |b: &[u8]| parse(b, &limits).unwrap_err().code();
        assert_eq!(code(&bytes[..bytes.len() - 1]), "package.unreadable");
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(code(&trailing), "package.unreadable");
        let mut before = vec![0u8];
        before.extend_from_slice(&bytes);
        assert_eq!(code(&before), "package.unreadable");
        let small = Limits {
            max_part_bytes: 3,
            ..limits
        };
        assert_eq!(
            parse(&bytes, &small).unwrap_err().code(),
            "package.part_too_large"
        );
        let few = Limits {
            max_workbook_bytes: 8,
            ..limits
        };
        assert_eq!(
            parse(&bytes, &few).unwrap_err().code(),
            "package.part_too_large"
        );
        let many: Vec<(String, Vec<u8>)> = (0..17).map(|i| (format!("p{i}"), Vec::new())).collect();
        let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), &d[..])).collect();
        let err = parse(&write(&refs).unwrap(), &limits).unwrap_err();
        assert!(err.to_string().contains("17 个部件"), "{err}");
    }
}
