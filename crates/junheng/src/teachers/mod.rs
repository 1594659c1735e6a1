//! Teacher development commands (issue 17): one module per capability.

pub mod training;
