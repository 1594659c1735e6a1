//! Students matched across exams by key: a roster's keys checked distinct once, when the exam is
//! built, so that two rosters holding the same distinct keys in the same order match row for row
//! without a join; any other pair of rosters is joined by hash, bucket by bucket.

use super::model::{Exam, StudentKey};

/// Buckets of the key index: 2¹¹.
const BITS: u32 = 11;

/// A well-mixed 64-bit hash of a key (keys need not be random: tests use small integers).
fn mix(hi: u64, lo: u64) -> u64 {
    let x = (hi ^ lo.rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

fn split(k: StudentKey) -> (u64, u64) {
    ((k >> 64) as u64, k as u64)
}

fn bucket(h: u64) -> usize {
    (h >> (64 - BITS)) as usize
}

/// Per bucket, where its entries start (and, last, the end of the last): one counting pass.
fn bucket_starts(keys: &[StudentKey]) -> Vec<u32> {
    let mut start = vec![0u32; (1 << BITS) + 1];
    for &k in keys {
        let (hi, lo) = split(k);
        start[bucket(mix(hi, lo)) + 1] += 1;
    }
    for b in 0..1 << BITS {
        start[b + 1] += start[b];
    }
    start
}

/// Whether no key repeats in `keys`: their hashes partitioned into the key index's buckets, each
/// bucket checked with a small table; an equal hash (nearly always a repeated key) settles it by
/// sorting the keys. Linear, a few milliseconds per million keys.
pub(crate) fn distinct_keys(keys: &[StudentKey]) -> bool {
    let start = bucket_starts(keys);
    let mut at = start.clone();
    // Stored with the lowest bit set, so that 0 marks an empty slot; a clash of two hashes that
    // differ only there is settled by the sort like any other.
    let mut hashes = vec![0u64; keys.len()];
    for &k in keys {
        let (hi, lo) = split(k);
        let h = mix(hi, lo);
        let slot = &mut at[bucket(h)];
        hashes[*slot as usize] = h | 1;
        *slot += 1;
    }
    let buckets = 1usize << BITS;
    let min_chunk = if keys.len() < 1 << 16 { buckets } else { 64 };
    let clash = crate::parallel::chunked(buckets, min_chunk, |range| {
        let mut table: Vec<u64> = Vec::new();
        range.into_iter().any(|b| {
            let hs = &hashes[start[b] as usize..start[b + 1] as usize];
            let cap = (2 * hs.len()).next_power_of_two();
            table.clear();
            table.resize(cap, 0);
            // The bucket's hashes share their top bits; the slot comes from bits below them.
            hs.iter().any(|&h| {
                let mut slot = (h >> 16) as usize & (cap - 1);
                loop {
                    match table[slot] {
                        0 => {
                            table[slot] = h;
                            return false;
                        }
                        v if v == h => return true,
                        _ => slot = (slot + 1) & (cap - 1),
                    }
                }
            })
        })
    });
    !clash.contains(&true) || {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] != w[1])
    }
}

/// An exam's keys partitioned by hash into 2¹¹ buckets: `(hi, lo, roster index)`.
pub(crate) struct KeyIndex {
    start: Vec<u32>,
    entries: Vec<(u64, u64, u32)>,
}

/// Partitions an exam's keys (one counting pass, one scatter pass).
pub(crate) fn key_index(exam: &Exam) -> KeyIndex {
    let keys = exam.keys();
    let start = bucket_starts(keys);
    let mut at: Vec<u32> = start.clone();
    let mut entries = vec![(0u64, 0u64, 0u32); keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        let (hi, lo) = split(k);
        let slot = &mut at[bucket(mix(hi, lo))];
        entries[*slot as usize] = (hi, lo, i as u32);
        *slot += 1;
    }
    KeyIndex { start, entries }
}

/// Per output roster student, its input roster index (`u32::MAX` when unmatched): a hash join
/// bucket by bucket (each bucket's table fits the cache), spread over the cores. A key repeated
/// in the input matches its first row.
pub(crate) fn match_students(input: &KeyIndex, output: &KeyIndex, n_out: usize) -> Vec<u32> {
    let buckets = 1usize << BITS;
    let found = crate::parallel::chunked(buckets, 64, |range| {
        let mut table: Vec<u32> = Vec::new();
        let outs = output.start[range.end] - output.start[range.start];
        let mut found: Vec<(u32, u32)> = Vec::with_capacity(outs as usize);
        for b in range {
            let span = |ix: &KeyIndex| ix.start[b] as usize..ix.start[b + 1] as usize;
            let (ins, outs) = (&input.entries[span(input)], &output.entries[span(output)]);
            if ins.is_empty() || outs.is_empty() {
                continue;
            }
            let cap = (2 * ins.len()).next_power_of_two();
            table.clear();
            table.resize(cap, u32::MAX);
            let slot = |hi: u64, lo: u64| mix(hi, lo) as usize & (cap - 1);
            for (k, &(hi, lo, _)) in ins.iter().enumerate() {
                let mut at = slot(hi, lo);
                while table[at] != u32::MAX {
                    at = (at + 1) & (cap - 1);
                }
                table[at] = k as u32;
            }
            for &(hi, lo, o) in outs {
                let mut at = slot(hi, lo);
                while table[at] != u32::MAX {
                    let (ih, il, i) = ins[table[at] as usize];
                    if ih == hi && il == lo {
                        found.push((o, i));
                        break;
                    }
                    at = (at + 1) & (cap - 1);
                }
            }
        }
        found
    });
    let mut map = vec![u32::MAX; n_out];
    for (o, i) in found.into_iter().flatten() {
        map[o as usize] = i;
    }
    map
}

/// Whether `output`'s roster holds `input`'s distinct keys in the same order, so that each
/// output row's input row is itself — what the hash join would find, without building it.
pub(crate) fn same_roster(input: &Exam, output: &Exam) -> bool {
    input.keys_unique() && input.keys() == output.keys()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_however_they_hash() {
        let spread: Vec<StudentKey> = (0..200_000u128).map(|k| k * 0x1_0000_0001).collect();
        assert!(distinct_keys(&spread));
        assert!(distinct_keys(&[]));
        assert!(distinct_keys(&[7]));
        for (a, b) in [(0, 199_999), (12_345, 54_321), (1, 2)] {
            let mut keys = spread.clone();
            keys[b] = keys[a];
            assert!(!distinct_keys(&keys), "{a} and {b}");
        }
        assert!(!distinct_keys(&[3, 5, 3]));
        assert!(distinct_keys(&[u128::MAX, 0, 1 << 64, 1]));
    }
}
