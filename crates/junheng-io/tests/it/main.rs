//! Integration tests of the template importers and writers: school statistics, teacher roster,
//! rotation ledger; 数据上报 packages from elsewhere; 佐证材料 documents checked by content.

mod big_counts;
mod bombs;
mod common;
mod docx;
mod evidence;
mod file_errors;
mod formats;
mod fuzz;
mod fuzz_seeds;
mod limits;
mod package;
mod rotation;
mod round_trip;
mod row_errors;
mod survey_seeds;
mod teacher;
mod watchdog;
mod xlsx;
