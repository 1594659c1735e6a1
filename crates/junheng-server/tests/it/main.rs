//! The real server on a random port, against a fresh SQLite file and a fresh PostgreSQL
//! database per test: every test runs on both backends.

mod helpers;

mod accounts;
mod api;
mod auth;
mod big_counts;
mod browser;
mod city;
mod collection;
mod dropout;
mod english;
mod evidence;
mod exams;
mod groups;
mod hardening;
mod health;
mod import;
mod leaders;
mod lists;
mod lottery;
mod map;
mod more_lists;
mod packages;
mod pages;
mod pairings;
mod plan;
mod public;
mod resilience;
mod reviews;
mod rotation;
mod scope;
mod seats;
mod seats_forecast;
mod seats_projects;
mod sso;
mod students;
mod submit;
mod supervision;
mod sweep;
mod tasks;
mod teachers_posts;
mod teachers_studios;
mod teachers_training;
mod urban;
mod ver;
