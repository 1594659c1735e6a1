//! The store test-suite: every test runs on SQLite and on PostgreSQL (see `helpers.rs`).

#[macro_use]
mod helpers;

mod accounts;
mod audit;
mod backup;
mod board;
mod boundaries;
mod close;
mod creation;
mod districts;
mod evidence;
mod exams;
mod groups;
mod inspection;
mod leaders;
mod limits;
mod lotteries;
mod migrations;
mod packages;
mod pairings;
mod reviews;
mod roster;
mod rotation;
mod seat_projects;
mod seats;
mod seats_forecast;
mod sessions;
mod statistics;
mod students;
mod submissions;
mod supervision;
mod tasks;
mod teachers_honours;
mod teachers_posts;
mod teachers_studios;
mod teachers_training;
mod users;
mod versions;
