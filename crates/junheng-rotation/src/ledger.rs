//! The rotation ledger (交流轮岗台账): who moved from which school to which, and for how long.

use std::fmt;

use serde::{Deserialize, Serialize};

use junheng_core::school::SchoolCode;

use crate::teacher::{TeacherId, words};

/// 类型 of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// 交流: the teacher's post moves to the host school for the term.
    Exchange,
    /// 轮岗: the teacher takes a post at the host school for the term.
    Rotation,
    /// 支教: the teacher supports a (usually rural or weak) host school for the term.
    Support,
    /// 走教: the teacher stays at the home school and also teaches at the host.
    Itinerant,
}

words!(MoveKind {
    Exchange => "交流",
    Rotation => "轮岗",
    Support => "支教",
    Itinerant => "走教",
});

/// One entry of the ledger: a teacher at a host school from `start_year` to `end_year`
/// (school years, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Move {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 调出学校 (home school).
    pub from: SchoolCode,
    /// 调入学校 (host school).
    pub to: SchoolCode,
    /// First school year at the host.
    pub start_year: i32,
    /// Last school year at the host (inclusive).
    pub end_year: i32,
    /// 类型.
    pub kind: MoveKind,
}

impl Move {
    /// Whether the teacher is at the host in school year `year`.
    pub fn active_in(&self, year: i32) -> bool {
        self.start_year <= year && year <= self.end_year
    }
}

impl fmt::Display for Move {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}→{}（{}–{} 学年）",
            self.kind, self.teacher, self.from, self.to, self.start_year, self.end_year
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_active_in_its_years_only() {
        let m = Move {
            teacher: TeacherId::parse("T1").unwrap(),
            from: SchoolCode::parse("5001120001").unwrap(),
            to: SchoolCode::parse("5001120002").unwrap(),
            start_year: 2024,
            end_year: 2026,
            kind: MoveKind::Exchange,
        };
        assert!(!m.active_in(2023) && m.active_in(2024) && m.active_in(2026) && !m.active_in(2027));
        assert_eq!(MoveKind::parse("支教"), Some(MoveKind::Support));
        assert_eq!(MoveKind::expected(), "交流、轮岗、支教、走教");
    }
}
