//! Files of 劳动教育 (issue 18): the 劳动清单 template (a district's list or a school's list
//! on top of it) and the 劳动记录 template (records of children by 学籍号), each read with every
//! problem located and written with examples and drop-downs.
//! The rules of lists (the minimum not lowered) are the engine's (`junheng_labour::checklist`);
//! this module only turns rows into items.

pub mod lists;
pub mod records;
