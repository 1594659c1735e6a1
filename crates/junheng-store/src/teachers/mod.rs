//! Teacher development (issue 17): each capability's tables, read and written through the
//! district's store, every write audited in its transaction.

pub mod training;
