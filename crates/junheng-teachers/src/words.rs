//! The crate's words (a stable identifier, the Chinese label and its aliases) come from the
//! workspace's one generator, [`junheng_core::words!`]; and the one date test of its periods.

pub(crate) use junheng_core::words;

/// Whether `date` (`YYYY-MM-DD`) falls in a period from `start` to `end` (both included; no end:
/// still running).
pub fn on(date: &str, start: &str, end: Option<&str>) -> bool {
    start <= date && end.is_none_or(|e| e >= date)
}
