//! 学位 (seats): the 政府保障 items on class size, school size and music and art rooms of a
//! school year, with the class table they are read from ([`sizes`]); the catchment map and the
//! items on 就近入学 and 指标到校, with the files they are read from ([`zoning`]).

pub mod sizes;
pub mod zoning;
