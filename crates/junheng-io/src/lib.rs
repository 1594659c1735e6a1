//! File adapters: the school statistics, lottery, teacher roster and rotation ledger templates in
//! and out, the student registry and the student health files (体质健康, 视力筛查, 心理测评) in
//! and their templates out, evaluation workbooks out, 数据上报 packages and district keys, GeoJSON
//! boundaries, 佐证材料 (evidence documents) checked by content.

pub(crate) mod book;
pub mod classroom;
pub mod docx;
pub(crate) mod encoding;
pub mod evaluate;
pub mod evidence;
pub mod exam;
pub mod export;
pub mod geojson;
pub mod group;
pub(crate) mod guard;
pub mod health;
pub mod labour;
mod limits;
pub mod lottery;
pub(crate) mod ooxml;
pub mod package;
pub(crate) mod pupil;
pub mod rotation;
pub mod school;
pub mod seats;
pub mod student;
pub mod survey;
pub(crate) mod table;
pub mod teacher;
pub mod teachers;

pub use limits::{InputError, Limits, read_input};

/// Into how many parts a large input is split to be read on the machine's cores (at most four).
pub(crate) fn read_parts() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}
