//! The checks across rows: duplicate 学校标识码 within a 学年, and 上级学校标识码 that is missing,
//! the school itself or a teaching point.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use junheng_core::school::{SchoolCode, SchoolKind};

use super::columns::{CODE, COLUMNS, PARENT};
use super::issue::{Place, codes};
use crate::guard::Capped;

/// What the checks across rows need of a row: codes packed as integers (see [`pack`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub row: usize,
    /// `None` when the cell was invalid (then the row takes no part in the checks).
    pub year: Option<i32>,
    pub code: Option<u64>,
    pub parent: Option<u64>,
    pub kind: Option<SchoolKind>,
}

/// Duplicate codes within a year; parents that are missing, the school itself or a teaching
/// point. `keys` are the data rows in file order.
pub(crate) fn check(keys: &[Key], place: &Place, issues: &mut Capped) {
    let mut first: KeyMap = HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    let mut duplicates = Vec::new();
    for (index, k) in keys.iter().enumerate() {
        let (Some(year), Some(code)) = (k.year, k.code) else {
            continue;
        };
        match first.entry(key(year, code)) {
            Entry::Occupied(e) => duplicates.push((index, *e.get() as usize)),
            Entry::Vacant(e) => {
                e.insert(index as u32);
            }
        }
    }
    for (index, other) in duplicates {
        let (k, o) = (keys[index], keys[other]);
        let message = format!(
            "学校标识码在 {} 学年重复：第 {} 行和第 {} 行是同一个学校标识码，同一学年内每所学校只能有一行",
            k.year.unwrap_or_default(),
            o.row,
            k.row
        );
        let code = k.code.map(unpack);
        let header = Some(COLUMNS[CODE].header);
        issues.push_with(|| {
            place.issue(
                codes::DUPLICATE_SCHOOL_CODE,
                Some(k.row),
                header,
                code,
                message,
            )
        });
    }
    for k in keys {
        let (Some(year), Some(parent)) = (k.year, k.parent) else {
            continue;
        };
        let (code, message) = if k.code == Some(parent) {
            (
                codes::PARENT_IS_SELF,
                "上级学校标识码不能是本校自己的学校标识码，应填所属中心校的代码".to_owned(),
            )
        } else {
            match first.get(&key(year, parent)).map(|&p| keys[p as usize]) {
                None => (
                    codes::PARENT_NOT_FOUND,
                    format!(
                        "本文件 {year} 学年的学校中没有这个学校标识码；上级学校须与本校在同一文件、同一学年中"
                    ),
                ),
                Some(p) if p.kind == Some(SchoolKind::TeachingPoint) => (
                    codes::PARENT_IS_TEACHING_POINT,
                    format!(
                        "上级学校（第 {} 行）本身是教学点，上级学校应为中心校等非教学点学校",
                        p.row
                    ),
                ),
                Some(_) => continue,
            }
        };
        let header = Some(COLUMNS[PARENT].header);
        issues.push_with(|| place.issue(code, Some(k.row), header, Some(unpack(parent)), message));
    }
}

/// A code's 10 digits as an integer (codes are fixed-length, so leading zeros lose nothing).
pub(crate) fn pack(code: &SchoolCode) -> u64 {
    code.as_str()
        .bytes()
        .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'))
}

/// The code text of a packed code.
fn unpack(code: u64) -> String {
    format!("{code:010}")
}

/// (学年, packed 学校标识码) as one integer: the code's 10 digits below the year.
fn key(year: i32, code: u64) -> u64 {
    (year as u64) * 10_000_000_000 + code
}

type KeyMap = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// A fast hasher for the packed keys (no attacker controls them: duplicates only cost time).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, v: u64) {
        let x = (v ^ (v >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 = x ^ (x >> 32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(row: usize, year: i32, code: u64, parent: Option<u64>, kind: SchoolKind) -> Key {
        Key {
            row,
            year: Some(year),
            code: Some(code),
            parent,
            kind: Some(kind),
        }
    }

    fn run(keys: &[Key]) -> Vec<(&'static str, usize)> {
        let place = Place {
            file: "a.csv".into(),
            sheet: None,
        };
        let mut issues = Capped::new(100);
        check(keys, &place, &mut issues);
        issues
            .list
            .iter()
            .map(|i| (i.code, i.row.unwrap()))
            .collect()
    }

    #[test]
    fn codes_pack_without_losing_leading_zeros() {
        let code = SchoolCode::parse("0001120001").unwrap();
        assert_eq!(pack(&code), 1_120_001);
        assert_eq!(unpack(pack(&code)), "0001120001");
        assert_ne!(key(2024, 1), key(2023, 1));
        assert_eq!(
            key(2100, 9_999_999_999),
            2100 * 10_000_000_000 + 9_999_999_999
        );
    }

    #[test]
    fn finds_duplicates_per_year_and_bad_parents() {
        use SchoolKind::{Primary, TeachingPoint};
        let keys = [
            k(2, 2024, 1, None, Primary),
            k(3, 2023, 1, None, Primary),
            k(4, 2024, 1, None, Primary),
            k(5, 2024, 2, Some(1), TeachingPoint),
            k(6, 2024, 3, Some(2), TeachingPoint),
            k(7, 2023, 4, Some(2), TeachingPoint),
            k(8, 2024, 5, Some(5), TeachingPoint),
        ];
        assert_eq!(
            run(&keys),
            [
                (codes::DUPLICATE_SCHOOL_CODE, 4),
                (codes::PARENT_IS_TEACHING_POINT, 6),
                (codes::PARENT_NOT_FOUND, 7),
                (codes::PARENT_IS_SELF, 8),
            ]
        );
    }

    #[test]
    fn rows_with_invalid_keys_take_no_part() {
        let mut a = k(2, 2024, 1, None, SchoolKind::Primary);
        a.year = None;
        let b = k(3, 2024, 1, None, SchoolKind::Primary);
        assert!(run(&[a, b]).is_empty());
    }
}
