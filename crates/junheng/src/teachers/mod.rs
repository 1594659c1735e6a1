//! Teacher development commands (issue 17): one module per capability.

pub mod honours;
pub mod leaders;
pub mod pipeline;
pub mod posts;
