//! File adapters: the school statistics template in and out, evaluation workbooks out.

pub mod evaluate;
pub mod lottery;
pub mod school;
