//! 学位 (seats, issue 16): the use cases of seat planning.

pub mod projects;
