//! 学位 (seats, issue 16): the files of seat planning — the class table (班级规模表, [`classes`])
//! and the building projects' ledger ([`projects`]).

pub mod classes;
pub mod projects;
