//! 学位 (seats) files: the class table (班级名册汇总, [`classes`]).

pub mod classes;
