//! A case that never ends fails loudly, with what reproduces it: a fuzz case that loops forever
//! would otherwise hold the whole suite until CI's own timeout, with no seed printed.
//!
//! Each fuzzing thread registers the case it starts; a watcher thread checks every second and,
//! when one case has run longer than [`CASE_LIMIT`], writes its description to stderr (past
//! libtest's capture) and its bytes under the target's temporary directory, then aborts.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Far above any honest case (the slowest take well under a second in a debug build).
pub(crate) const CASE_LIMIT: Duration = Duration::from_secs(60);

struct Running {
    since: Instant,
    what: String,
    bytes: Vec<u8>,
}

fn running() -> &'static Mutex<HashMap<ThreadId, Running>> {
    static RUNNING: OnceLock<Mutex<HashMap<ThreadId, Running>>> = OnceLock::new();
    RUNNING.get_or_init(|| {
        std::thread::spawn(watch);
        Mutex::new(HashMap::new())
    })
}

fn watch() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let map = running().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(stuck) = map.values().find(|r| r.since.elapsed() > CASE_LIMIT) {
            let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-stuck.bin");
            let saved = std::fs::write(&path, &stuck.bytes).is_ok();
            let _ = writeln!(
                std::io::stderr(),
                "fuzz: {} ran over {:?} and never ended; its {} bytes {} {}",
                stuck.what,
                CASE_LIMIT,
                stuck.bytes.len(),
                if saved {
                    "are in"
                } else {
                    "could not be written to"
                },
                path.display()
            );
            std::process::abort();
        }
    }
}

/// Runs one case under the watch.
pub(crate) fn watched<T>(what: &str, bytes: &[u8], f: impl FnOnce() -> T) -> T {
    let me = std::thread::current().id();
    running().lock().unwrap_or_else(|e| e.into_inner()).insert(
        me,
        Running {
            since: Instant::now(),
            what: what.to_owned(),
            bytes: bytes.to_vec(),
        },
    );
    let out = f();
    running()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&me);
    out
}
