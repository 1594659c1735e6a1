//! Teacher development (issue 17): each capability's tables, read and written through the
//! district's store, every write audited in its transaction.

pub mod honours;
pub mod posts;
pub mod studios;
pub mod training;
