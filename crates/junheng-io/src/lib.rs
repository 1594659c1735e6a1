//! File adapters: the school statistics, lottery, teacher roster and rotation ledger templates in
//! and out, evaluation workbooks out.

pub mod evaluate;
pub mod lottery;
pub mod rotation;
pub mod school;
pub(crate) mod table;
pub mod teacher;
