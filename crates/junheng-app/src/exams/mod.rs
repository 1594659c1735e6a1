//! 质量监测 (issue 15): exams and each school's scores, matched to the registry by pseudonymous
//! key, stored sealed, and analysed by `junheng_core::exam` — for the server and the command
//! line.

pub mod columns;
