//! Teacher development (issue 17): each capability's operations, written once for the CLI and
//! the server.

pub mod training;
