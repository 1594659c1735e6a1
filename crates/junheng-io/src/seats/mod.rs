//! 学位 (seats, issue 16): the files of seat planning.

pub mod projects;
