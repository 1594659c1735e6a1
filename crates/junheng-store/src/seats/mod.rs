//! 学位 (seats): the class table of a school year ([`classes`]).

pub(crate) mod classes;
