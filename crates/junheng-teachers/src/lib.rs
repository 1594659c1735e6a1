//! Junheng's engines for teachers beyond rotation (issue 17): what a 人事科 and a 教师发展中心
//! keep of each teacher besides the roster and the rotation ledger, and the 督导评估 items
//! computed from it.
//!
//! Pure: inputs are plain records (the roster's [`junheng_rotation::Teacher`]s, ledgers of this
//! crate's records) and settings; no I/O. One module per capability, named as in every layer.

pub mod training;
