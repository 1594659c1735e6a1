//! File adapters: the school statistics, lottery, teacher roster and rotation ledger templates in
//! and out, evaluation workbooks out, 数据上报 packages and district keys, GeoJSON boundaries,
//! 佐证材料 (evidence documents) checked by content.

pub(crate) mod book;
pub mod classroom;
pub(crate) mod encoding;
pub mod evaluate;
pub mod evidence;
pub mod export;
pub mod geojson;
pub mod group;
pub(crate) mod guard;
mod limits;
pub mod lottery;
pub mod package;
pub mod rotation;
pub mod school;
pub mod student;
pub(crate) mod table;
pub mod teacher;

pub use limits::{InputError, Limits, read_input};
