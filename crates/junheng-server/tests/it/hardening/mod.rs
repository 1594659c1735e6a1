//! Regression tests of the defects found under attack (hardening issue #9), one test per defect
//! the server answers for; each failed before its fix. The route sweep (`sweep.rs`) checks
//! every route's access; these check the rest.

mod login;
mod requests;
mod scope;

const PW: &str = "正确密码-1234";

fn audit_rows(log: &[junheng_store::AuditRecord], action: &str) -> usize {
    log.iter().filter(|e| e.action == action).count()
}
