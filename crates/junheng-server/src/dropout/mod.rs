//! 控辍保学 (issue 13): the watch list, the three ledgers, a case and its moves, absences and
//! events, 四查三比对 and the 四个一 reports. Who sees which child is
//! `junheng_app::students::who`'s; every named read is recorded by the store.

use crate::routes::Entry;

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    Vec::new()
}
