//! Integration tests of the school statistics template importer and writers.

mod common;
mod file_errors;
mod formats;
mod round_trip;
mod row_errors;
mod xlsx;
