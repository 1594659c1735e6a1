//! Splitting work over the machine's cores without changing results: chunks are contiguous and
//! their results are concatenated in order, so the output is the same on any number of cores.

use std::ops::Range;

/// Below this many items a second thread costs more than it saves.
const MIN_CHUNK: usize = 16_384;

/// Runs `work` over contiguous ranges of `0..len` on up to as many threads as there are cores and
/// returns the per-range results in range order.
pub(crate) fn chunked<R: Send>(len: usize, work: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunks = cores.min(len.div_ceil(MIN_CHUNK)).max(1);
    if chunks == 1 {
        return vec![work(0..len)];
    }
    let size = len.div_ceil(chunks);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..chunks)
            .map(|c| {
                let range = c * size..((c + 1) * size).min(len);
                scope.spawn(move || work(range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("evaluation worker panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_in_order() {
        for len in [0, 1, 100, MIN_CHUNK, 3 * MIN_CHUNK + 7] {
            let parts = chunked(len, |r| r.collect::<Vec<_>>());
            let all: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(all, (0..len).collect::<Vec<_>>());
        }
    }
}
