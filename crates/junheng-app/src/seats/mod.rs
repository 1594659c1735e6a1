//! 学位 (seats, issue 16).

pub mod forecast;
