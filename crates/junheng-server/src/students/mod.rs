//! Students (issue 13): the registry (学籍) per school, a child's record, the rates of a school
//! year, imports, inputs and retention. Who sees which child is
//! `junheng_app::students::who`'s; every named read is recorded by the store.

use crate::routes::Entry;

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    Vec::new()
}
