//! 学位 (seats, issue 16): the pages of seat planning.

pub(crate) mod projects;
