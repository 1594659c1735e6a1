//! Teacher development commands (issue 17): one module per capability.

pub mod mentors;
pub mod studios;
