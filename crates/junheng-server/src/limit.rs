//! A small rate limiter: at most `max` attempts per key (a client address …) in a fixed window
//! that starts at the key's first attempt. Checking and counting are one step under one lock, so
//! concurrent requests cannot slip past the limit. Used by the parents' lottery lookup.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys kept at most before expired windows are swept (a sweep is O(keys), amortised).
const SWEEP_AT: usize = 10_000;

/// Attempts per key in a window.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    max: u32,
    window: Duration,
    /// Key → (attempts, start of its window).
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
}

impl RateLimiter {
    /// At most `max` attempts per key within `window` of its first.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            attempts: Mutex::default(),
        }
    }

    /// Counts one attempt of `key` at `now`. `Err(wait)` when the key has used up its window:
    /// the attempt is refused (and not counted), `wait` is how long until it may try again.
    pub fn attempt(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut map = self.attempts.lock().expect("rate limiter lock");
        if map.len() >= SWEEP_AT {
            map.retain(|_, (_, start)| now.saturating_duration_since(*start) < self.window);
        }
        let entry = map.entry(key.to_owned()).or_insert((0, now));
        let elapsed = now.saturating_duration_since(entry.1);
        if elapsed >= self.window {
            *entry = (0, now);
        }
        if entry.0 >= self.max {
            return Err(self.window - now.saturating_duration_since(entry.1));
        }
        entry.0 += 1;
        Ok(())
    }
}

/// The key of a client address: the address itself, or for IPv6 its /64 network (one
/// household or one customer gets a whole /64; counting single addresses would let it rotate).
pub(crate) fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Whole minutes to wait, rounded up, at least 1 (for messages).
pub(crate) fn minutes(wait: Duration) -> u64 {
    wait.as_secs().div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_allows_max_attempts_then_says_how_long_to_wait() {
        let limiter = RateLimiter::new(3, Duration::from_secs(600));
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.attempt("a", t0 + Duration::from_secs(i)), Ok(()));
        }
        assert_eq!(
            limiter.attempt("a", t0 + Duration::from_secs(100)),
            Err(Duration::from_secs(500))
        );
        // Refused attempts are not counted, other keys are not affected.
        assert_eq!(
            limiter.attempt("a", t0 + Duration::from_secs(599)),
            Err(Duration::from_secs(1))
        );
        assert_eq!(limiter.attempt("b", t0 + Duration::from_secs(100)), Ok(()));
        // A new window starts when the old one is over.
        assert_eq!(limiter.attempt("a", t0 + Duration::from_secs(600)), Ok(()));
        assert_eq!(limiter.attempt("a", t0 + Duration::from_secs(601)), Ok(()));
    }

    #[test]
    fn concurrent_attempts_never_pass_the_limit() {
        let limiter = std::sync::Arc::new(RateLimiter::new(10, Duration::from_secs(600)));
        let now = Instant::now();
        let passed: u32 = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let l = limiter.clone();
                    s.spawn(move || (0..10).filter(|_| l.attempt("x", now).is_ok()).count() as u32)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(passed, 10);
    }

    #[test]
    fn expired_windows_are_swept() {
        let limiter = RateLimiter::new(1, Duration::from_secs(1));
        let t0 = Instant::now();
        for i in 0..SWEEP_AT {
            limiter.attempt(&i.to_string(), t0).unwrap();
        }
        limiter
            .attempt("late", t0 + Duration::from_secs(2))
            .unwrap();
        assert_eq!(limiter.attempts.lock().unwrap().len(), 1);
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_network() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_key(ip("203.0.113.7")), "203.0.113.7");
        assert_eq!(client_key(ip("::ffff:203.0.113.7")), "203.0.113.7");
        assert_eq!(
            client_key(ip("2001:db8:1:2:aaaa::1")),
            client_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            client_key(ip("2001:db8:1:2::1")),
            client_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(minutes(Duration::from_secs(61)), 2);
        assert_eq!(minutes(Duration::from_secs(0)), 1);
    }
}
