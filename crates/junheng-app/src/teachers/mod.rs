//! Teacher development (issue 17): each capability's operations, written once for the CLI and
//! the server.

pub mod honours;
pub mod leaders;
pub mod pipeline;
pub mod posts;
pub mod record;
pub mod studios;
pub mod training;
