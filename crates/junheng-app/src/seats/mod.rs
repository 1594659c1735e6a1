//! 学位 (seats): the 政府保障 items on class size, school size and music and art rooms of a
//! school year, with the class table they are read from ([`sizes`]).

pub mod sizes;
