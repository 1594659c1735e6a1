//! Splitting work over the machine's cores without changing results: chunks are contiguous (or
//! items handed out one by one) and their results land in order, so the output is the same on any
//! number of cores.

use std::ops::Range;

/// Below this many units a second thread costs more than it saves.
pub(crate) const MIN_CHUNK: usize = 16_384;

fn chunk_count(len: usize, min_chunk: usize) -> usize {
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    cores.min(len.div_ceil(min_chunk.max(1))).max(1)
}

/// Runs `work` over contiguous ranges of `0..len` on up to as many threads as there are cores,
/// each range at least `min_chunk` long, and returns the per-range results in range order.
pub(crate) fn chunked<R: Send>(
    len: usize,
    min_chunk: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    let chunks = chunk_count(len, min_chunk);
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

/// Fills `out[i] = work(i)` on up to as many threads as there are cores, in chunks of at least
/// `min_chunk` items.
pub(crate) fn fill<T: Send>(out: &mut [T], min_chunk: usize, work: impl Fn(usize) -> T + Sync) {
    fill_parts(out, min_chunk, |start, part| {
        for (i, slot) in part.iter_mut().enumerate() {
            *slot = work(start + i);
        }
    });
}

/// Runs `work(start, part)` over contiguous parts of `out` (`start` the part's offset), each at
/// least `min_chunk` long, on up to as many threads as there are cores.
pub(crate) fn fill_parts<T: Send>(
    out: &mut [T],
    min_chunk: usize,
    work: impl Fn(usize, &mut [T]) + Sync,
) {
    let chunks = chunk_count(out.len(), min_chunk);
    if chunks == 1 {
        work(0, out);
        return;
    }
    let size = out.len().div_ceil(chunks);
    let work = &work;
    std::thread::scope(|scope| {
        for (c, part) in out.chunks_mut(size).enumerate() {
            scope.spawn(move || work(c * size, part));
        }
    });
}

/// Runs `work` on every item on up to as many threads as there are cores, handing the items out
/// one at a time (for items of very different sizes, such as files), and returns the results in
/// item order.
pub fn each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (work, next) = (&work, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, work(item)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_keeps_the_items_order() {
        for n in [0, 1, 2, 57] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                each(&items, |i| i * 3),
                (0..n).map(|i| i * 3).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn ranges_cover_everything_in_order() {
        for len in [0, 1, 100, MIN_CHUNK, 3 * MIN_CHUNK + 7] {
            let parts = chunked(len, MIN_CHUNK, |r| r.collect::<Vec<_>>());
            let all: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(all, (0..len).collect::<Vec<_>>());
            let mut out = vec![0; len];
            fill(&mut out, 1000, |i| i * 2);
            assert_eq!(out, (0..len).map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
