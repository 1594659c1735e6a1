//! 学位 (seats, issue 16).

pub(crate) mod forecast;
