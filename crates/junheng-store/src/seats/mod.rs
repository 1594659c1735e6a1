//! 学位 (seats, issue 16): what the district keeps to plan its seats.

pub mod projects;
