//! 学位 (seats, issue 16): the files of seat planning — the class table (班级规模表, [`classes`]),
//! the 划片, entrant and 指标到校 files ([`zoning`]), the school-age forecast's four files
//! ([`forecast`]) and the building projects' ledger ([`projects`]).

pub mod classes;
pub mod forecast;
pub mod projects;
pub mod zoning;
