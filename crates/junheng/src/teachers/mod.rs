//! Teacher development commands (issue 17): one module per capability.

pub mod honours;
pub mod leaders;
pub mod mentors;
pub mod pipeline;
pub mod posts;
pub mod studios;
pub mod training;
mod training_entry;
