//! The attempt limiter of logins: attempts counted per login name and per client address, a
//! pause after too many, and the administrator's unlock of a name.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Attempts are counted over this window, and a locked name or address waits this long.
const LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// Attempts per key ("user:NAME", "addr:IP") within [`LOCKOUT`]. An attempt is counted when it
/// **starts**, under one lock for all its keys, so concurrent guesses cannot pass the check
/// together; a successful attempt is taken back. A name an administrator unlocked is exempt from
/// the locks of its other keys (the address it was locked from) until it locks again.
pub(crate) struct Limiter {
    max: u32,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    /// Attempts, the start of the window, and whether the lock was recorded in the store.
    entries: HashMap<String, (u32, Instant, bool)>,
    /// Names unlocked by an administrator.
    exempt: HashSet<String>,
}

/// Keys tracked at most; beyond, the oldest are dropped (the address keys still limit a spray
/// of names).
const LIMITER_KEYS: usize = 100_000;

/// A counted attempt; [`Attempt::succeeded`] takes it back.
pub(crate) struct Attempt<'a> {
    limiter: &'a Limiter,
    keys: Vec<String>,
}

/// An attempt refused: how long the pause still lasts, and the keys that are locked.
#[derive(Debug)]
pub(crate) struct Locked {
    pub wait: Duration,
    pub keys: Vec<String>,
}

impl Limiter {
    pub fn new(max: u32) -> Self {
        Limiter {
            max: max.max(1),
            counts: Mutex::default(),
        }
    }

    /// Counts an attempt under every key, or refuses it (with how long the pause still lasts)
    /// when any key has reached the maximum.
    pub fn begin(&self, keys: Vec<String>) -> Result<Attempt<'_>, Locked> {
        let mut counts = self.counts.lock().expect("limiter lock");
        let Counts { entries, exempt } = &mut *counts;
        if entries.len() >= LIMITER_KEYS {
            entries.retain(|_, (_, since, _)| since.elapsed() < LOCKOUT);
            while entries.len() >= LIMITER_KEYS {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, (_, since, _))| *since)
                    .map(|(k, _)| k.clone())
                    .expect("not empty");
                entries.remove(&oldest);
            }
        }
        let unlocked = keys.iter().any(|k| exempt.contains(k));
        let mut locked = Locked {
            wait: Duration::ZERO,
            keys: Vec::new(),
        };
        for key in keys.iter().filter(|k| !unlocked || exempt.contains(*k)) {
            if let Some((n, since, _)) = entries.get(key) {
                let left = LOCKOUT.saturating_sub(since.elapsed());
                if !left.is_zero() && *n >= self.max {
                    locked.wait = locked.wait.max(left);
                    locked.keys.push(key.clone());
                }
            }
        }
        if !locked.keys.is_empty() {
            return Err(locked);
        }
        for key in &keys {
            let entry = entries
                .entry(key.clone())
                .or_insert((0, Instant::now(), false));
            if entry.1.elapsed() >= LOCKOUT {
                *entry = (0, Instant::now(), false);
            }
            entry.0 += 1;
        }
        Ok(Attempt {
            limiter: self,
            keys,
        })
    }

    /// How long `key` stays locked, if it is locked and its lock is not yet recorded in the
    /// store (the caller records it, then calls [`Limiter::recorded`]); a locked key loses its
    /// exemption.
    pub fn newly_locked(&self, key: &str) -> Option<Duration> {
        let mut counts = self.counts.lock().expect("limiter lock");
        let (n, since, recorded) = *counts.entries.get(key)?;
        let left = LOCKOUT.saturating_sub(since.elapsed());
        if n < self.max || left.is_zero() {
            return None;
        }
        counts.exempt.remove(key);
        (!recorded).then_some(left)
    }

    /// The lock of `key` is recorded in the store: from now on, the store decides when it ends
    /// (an administrator may end it earlier).
    pub fn recorded(&self, key: &str) {
        let mut counts = self.counts.lock().expect("limiter lock");
        if let Some(entry) = counts.entries.get_mut(key) {
            entry.2 = true;
        }
    }

    /// Whether `key`'s lock was recorded in the store.
    pub fn is_recorded(&self, key: &str) -> bool {
        let counts = self.counts.lock().expect("limiter lock");
        counts.entries.get(key).is_some_and(|e| e.2)
    }

    /// An administrator unlocked `key`: it starts afresh, exempt from its other keys' locks.
    pub fn unlock(&self, key: &str) {
        let mut counts = self.counts.lock().expect("limiter lock");
        counts.entries.remove(key);
        if counts.exempt.len() >= LIMITER_KEYS {
            counts.exempt.clear();
        }
        counts.exempt.insert(key.to_owned());
    }
}

impl Attempt<'_> {
    /// The attempt succeeded: it no longer counts, and `clear` (the user's name) starts afresh.
    pub fn succeeded(self, clear: &str) {
        let mut counts = self.limiter.counts.lock().expect("limiter lock");
        for key in &self.keys {
            if key == clear {
                counts.entries.remove(key);
            } else if let Some((n, _, _)) = counts.entries.get_mut(key) {
                *n = n.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_counts_attempts_as_they_start() {
        let l = Limiter::new(5);
        let keys = || vec!["user:a".to_owned(), "addr:1".to_owned()];
        // Five attempts in flight at once: the sixth is refused before any has failed.
        let inflight: Vec<_> = (0..5).map(|_| l.begin(keys()).unwrap()).collect();
        assert!(l.begin(keys()).is_err());
        // Successes are taken back, and the name starts afresh.
        for a in inflight {
            a.succeeded("user:a");
        }
        assert!(l.begin(keys()).is_ok());
        // Failures (dropped attempts) stay counted, per address too.
        let l = Limiter::new(2);
        drop(l.begin(vec!["user:x".into(), "addr:9".into()]).unwrap());
        drop(l.begin(vec!["user:y".into(), "addr:9".into()]).unwrap());
        let locked = l
            .begin(vec!["user:z".into(), "addr:9".into()])
            .err()
            .unwrap();
        assert!(locked.wait > Duration::from_secs(14 * 60));
        assert_eq!(locked.keys, ["addr:9"]);
    }

    #[test]
    fn an_unlocked_name_starts_afresh_from_a_locked_address() {
        let l = Limiter::new(2);
        let keys = || vec!["user:a".to_owned(), "addr:1".to_owned()];
        drop(l.begin(keys()).unwrap());
        drop(l.begin(keys()).unwrap());
        assert!(l.newly_locked("user:a").is_some());
        l.recorded("user:a");
        assert!(l.newly_locked("user:a").is_none(), "recorded once");
        assert!(l.is_recorded("user:a"));
        assert_eq!(l.begin(keys()).err().unwrap().keys.len(), 2);
        // Unlocked: the name may try again although its address is locked, until it locks again.
        l.unlock("user:a");
        drop(l.begin(keys()).unwrap());
        drop(l.begin(keys()).unwrap());
        assert!(l.newly_locked("user:a").is_some());
        assert!(l.begin(keys()).is_err());
        // Another name from the locked address is still refused.
        assert!(l.begin(vec!["user:b".into(), "addr:1".into()]).is_err());
    }
}
