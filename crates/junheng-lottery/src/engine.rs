//! The draw itself: single tie-break ranks, then the zones' mechanisms, on integer ids.
//!
//! A [`Workspace`] owns every buffer a draw needs, so repeated draws (the simulation) allocate
//! nothing. All zones are drawn in one pass per mechanism family: a preference always names a
//! school of the applicant's own zone, so zones never interact.

use crate::compile::{Compiled, NONE, prefix};
use crate::model::ZoneMode;
use crate::stream::Stream;

const RANK_MASK: u64 = 0xffff_ffff;

/// Per-draw state and reusable buffers.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    unit_order: Vec<u32>,
    /// Applicant → 0-based lottery rank (a permutation of `0..n`).
    pub rank: Vec<u32>,
    /// Rank → applicant.
    pub by_rank: Vec<u32>,
    /// Applicants sorted by `(tier, rank)`: the common priority order.
    pub order: Vec<u32>,
    tier_fill: Vec<u32>,
    /// Applicant → school or `NONE`.
    pub assigned: Vec<u32>,
    /// Applicant → 1-based preference position of the placement, 0 if unplaced.
    pub round: Vec<u32>,
    /// Applicant → quota entry whose reserved seat they hold, or `NONE` for a general seat.
    pub quota_seat: Vec<u32>,
    active: Vec<u32>,
    next: Vec<u32>,
    rem: Vec<u32>,
    rem_q: Vec<u32>,
    next_pref: Vec<u32>,
    rest_heap: Vec<u64>,
    rest_off: Vec<u32>,
    rest_len: Vec<u32>,
    q_heap: Vec<u64>,
    q_off: Vec<u32>,
    q_len: Vec<u32>,
    held_q: Vec<u32>,
    da_applicants: Vec<u32>,
    boston_applicants: usize,
}

impl Workspace {
    pub fn new(c: &Compiled) -> Self {
        let n = c.applicants();
        let m = c.school_ids.len();
        let da_applicants: Vec<u32> = (0..n as u32)
            .filter(|&a| c.mode_of_applicant(a as usize) == ZoneMode::DeferredAcceptance)
            .collect();
        let rest_off = prefix(&c.capacity);
        let q_off = prefix(&c.quota_seats);
        Workspace {
            unit_order: Vec::with_capacity(c.unit_start.len()),
            rank: vec![0; n],
            by_rank: vec![0; n],
            order: vec![0; n],
            tier_fill: vec![0; c.tier_values.len() + 1],
            assigned: vec![NONE; n],
            round: vec![0; n],
            quota_seat: vec![NONE; n],
            active: Vec::with_capacity(n),
            next: Vec::with_capacity(n),
            rem: vec![0; m],
            rem_q: vec![0; c.quota_seats.len()],
            next_pref: vec![0; n],
            rest_heap: vec![0; rest_off[m] as usize],
            rest_off,
            rest_len: vec![0; m],
            q_heap: vec![0; *q_off.last().unwrap_or(&0) as usize],
            q_off,
            q_len: vec![0; c.quota_seats.len()],
            held_q: vec![0; m],
            boston_applicants: n - da_applicants.len(),
            da_applicants,
        }
    }

    /// Runs one complete draw with `seed`, leaving the outcome in `rank`, `order`, `assigned`,
    /// `round` and `quota_seat`.
    pub fn run(&mut self, c: &Compiled, seed: &[u8; 32]) {
        self.assign_ranks(c, seed);
        self.assigned.fill(NONE);
        self.round.fill(0);
        self.quota_seat.fill(NONE);
        if self.boston_applicants > 0 {
            self.sequential(c);
        }
        if !self.da_applicants.is_empty() {
            self.deferred_acceptance(c);
        }
    }

    /// Single tie-break: shuffle the lottery units, number their members consecutively, then
    /// sort by `(tier, rank)` with a counting sort.
    fn assign_ranks(&mut self, c: &Compiled, seed: &[u8; 32]) {
        let units = c.unit_start.len() - 1;
        self.unit_order.clear();
        self.unit_order.extend(0..units as u32);
        Stream::new(seed).shuffle(&mut self.unit_order);
        let mut r = 0u32;
        for &u in &self.unit_order {
            let members = &c.unit_members
                [c.unit_start[u as usize] as usize..c.unit_start[u as usize + 1] as usize];
            for &a in members {
                self.rank[a as usize] = r;
                self.by_rank[r as usize] = a;
                r += 1;
            }
        }
        self.tier_fill.fill(0);
        for &t in &c.tier_dense {
            self.tier_fill[t as usize + 1] += 1;
        }
        for t in 1..self.tier_fill.len() {
            self.tier_fill[t] += self.tier_fill[t - 1];
        }
        for &a in &self.by_rank {
            let t = c.tier_dense[a as usize] as usize;
            self.order[self.tier_fill[t] as usize] = a;
            self.tier_fill[t] += 1;
        }
    }

    /// The priority key `(tier, rank)` packed into a `u64`; smaller is better.
    pub fn key(&self, c: &Compiled, a: usize) -> u64 {
        (u64::from(c.tier_dense[a]) << 32) | u64::from(self.rank[a])
    }

    fn place(&mut self, a: usize, s: u32, round: u32, quota: u32) {
        self.assigned[a] = s;
        self.round[a] = round;
        self.quota_seat[a] = quota;
    }

    /// 顺序志愿 rounds (single-school zones are the one-round case). Round k: pass A gives the
    /// round's reserved seats to the category's applicants by priority, pass B gives the
    /// remaining seats to everyone else of the round by priority.
    fn sequential(&mut self, c: &Compiled) {
        self.active.clear();
        for &a in &self.order {
            if c.mode_of_applicant(a as usize) != ZoneMode::DeferredAcceptance {
                self.active.push(a);
            }
        }
        self.rem.copy_from_slice(&c.capacity);
        self.rem_q.copy_from_slice(&c.quota_seats);
        let mut k = 0usize;
        while !self.active.is_empty() {
            let active = std::mem::take(&mut self.active);
            if c.has_quotas() {
                for &a in &active {
                    let a = a as usize;
                    let s = c.prefs_of(a)[k];
                    if let Some(q) = c.quota_index(s as usize, c.category[a])
                        && self.rem_q[q] > 0
                        && self.rem[s as usize] > 0
                    {
                        self.rem_q[q] -= 1;
                        self.rem[s as usize] -= 1;
                        self.place(a, s, k as u32 + 1, q as u32);
                    }
                }
            }
            self.next.clear();
            for &a in &active {
                let a = a as usize;
                if self.assigned[a] != NONE {
                    continue;
                }
                let prefs = c.prefs_of(a);
                let s = prefs[k];
                if self.rem[s as usize] > 0 {
                    self.rem[s as usize] -= 1;
                    self.place(a, s, k as u32 + 1, NONE);
                } else if k + 1 < prefs.len() {
                    self.next.push(a as u32);
                }
            }
            self.active = active;
            std::mem::swap(&mut self.active, &mut self.next);
            k += 1;
        }
    }

    /// Student-proposing deferred acceptance. Each school holds its tentative admits in max-heaps
    /// keyed by priority (worst on top): one per reserved category, one for the rest.
    fn deferred_acceptance(&mut self, c: &Compiled) {
        self.rest_len.fill(0);
        self.q_len.fill(0);
        self.held_q.fill(0);
        for i in 0..self.da_applicants.len() {
            let a = self.da_applicants[i] as usize;
            self.next_pref[a] = 0;
        }
        for i in 0..self.da_applicants.len() {
            let mut cur = self.da_applicants[i] as usize;
            loop {
                let prefs = c.prefs_of(cur);
                let k = self.next_pref[cur] as usize;
                if k == prefs.len() {
                    break; // unplaced
                }
                self.next_pref[cur] = k as u32 + 1;
                let key = self.key(c, cur);
                match self.propose(c, prefs[k] as usize, key, c.category[cur]) {
                    None => break,
                    Some(rejected) => cur = self.by_rank[(rejected & RANK_MASK) as usize] as usize,
                }
            }
        }
        for s in 0..c.school_ids.len() {
            let off = self.rest_off[s] as usize;
            for i in 0..self.rest_len[s] as usize {
                let a = self.by_rank[(self.rest_heap[off + i] & RANK_MASK) as usize] as usize;
                self.place(a, s as u32, self.next_pref[a], NONE);
            }
            for q in c.quota_start[s] as usize..c.quota_start[s + 1] as usize {
                let off = self.q_off[q] as usize;
                for i in 0..self.q_len[q] as usize {
                    let a = self.by_rank[(self.q_heap[off + i] & RANK_MASK) as usize] as usize;
                    self.place(a, s as u32, self.next_pref[a], q as u32);
                }
            }
        }
    }

    /// Applicant with `key` proposes to school `s`; returns the key of the applicant the school
    /// now rejects (possibly the proposer), if any.
    fn propose(&mut self, c: &Compiled, s: usize, key: u64, category: u32) -> Option<u64> {
        let mut to_rest = Some(key);
        if let Some(q) = c.quota_index(s, category) {
            let heap = &mut self.q_heap[self.q_off[q] as usize..self.q_off[q + 1] as usize];
            if self.q_len[q] < c.quota_seats[q] {
                heap_push(heap, &mut self.q_len[q], key);
                self.held_q[s] += 1;
                to_rest = None;
            } else if key < heap[0] {
                to_rest = Some(heap_replace_top(heap, self.q_len[q], key));
            }
        }
        let heap = &mut self.rest_heap[self.rest_off[s] as usize..self.rest_off[s + 1] as usize];
        let held = self.held_q[s] + self.rest_len[s];
        match to_rest {
            None if held > c.capacity[s] => Some(heap_pop(heap, &mut self.rest_len[s])),
            None => None,
            Some(y) if held < c.capacity[s] => {
                heap_push(heap, &mut self.rest_len[s], y);
                None
            }
            Some(y) if self.rest_len[s] == 0 || y > heap[0] => Some(y),
            Some(y) => Some(heap_replace_top(heap, self.rest_len[s], y)),
        }
    }
}

fn sift_down(heap: &mut [u64], len: usize, mut i: usize) {
    loop {
        let l = 2 * i + 1;
        if l >= len {
            return;
        }
        let r = l + 1;
        let big = if r < len && heap[r] > heap[l] { r } else { l };
        if heap[big] <= heap[i] {
            return;
        }
        heap.swap(i, big);
        i = big;
    }
}

fn heap_push(heap: &mut [u64], len: &mut u32, key: u64) {
    let mut i = *len as usize;
    heap[i] = key;
    *len += 1;
    while i > 0 {
        let p = (i - 1) / 2;
        if heap[p] >= heap[i] {
            break;
        }
        heap.swap(p, i);
        i = p;
    }
}

fn heap_replace_top(heap: &mut [u64], len: u32, key: u64) -> u64 {
    let top = heap[0];
    heap[0] = key;
    sift_down(heap, len as usize, 0);
    top
}

fn heap_pop(heap: &mut [u64], len: &mut u32) -> u64 {
    let top = heap[0];
    *len -= 1;
    heap[0] = heap[*len as usize];
    sift_down(heap, *len as usize, 0);
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_keeps_the_largest_on_top() {
        let mut heap = [0u64; 8];
        let mut len = 0;
        for k in [5, 1, 9, 3, 7, 2, 8, 6] {
            heap_push(&mut heap, &mut len, k);
        }
        assert_eq!(heap_replace_top(&mut heap, len, 4), 9);
        let mut out = Vec::new();
        while len > 0 {
            out.push(heap_pop(&mut heap, &mut len));
        }
        assert_eq!(out, vec![8, 7, 6, 5, 4, 3, 2, 1]);
    }
}
