//! Teacher development pages (issue 17), under `/teachers/…`: one module per capability.

pub(crate) mod leaders;
pub(crate) mod posts;
