//! Files of teacher development (issue 17): each capability's template, reader and workbook,
//! named as its engine in `junheng-teachers`.

pub mod training;
