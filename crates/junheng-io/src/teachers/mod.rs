//! Files of teacher development (issue 17): each capability's template, reader and workbook,
//! named as its engine in `junheng-teachers`.

pub(crate) mod cells;
pub mod honours;
pub mod mentors;
pub mod posts;
pub mod studios;
pub mod training;
