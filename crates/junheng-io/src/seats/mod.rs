//! 学位 (seats, issue 16): the files of the school-age forecast.

pub mod forecast;
