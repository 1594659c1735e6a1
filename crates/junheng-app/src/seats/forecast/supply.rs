//! Seats supplied by a school in a school year: its approved capacity of that year (or of the
//! latest year before it; of the earliest year when none is that old), plus the classes of the
//! planned projects opened by then.
//!
//! Per 学段: seats = 核定学位 when approved, else 核定班数 × the class-size limit; classes =
//! 核定班数, else ⌊核定学位 / limit⌋. A project adds its classes and their seats (classes ×
//! limit) from the school year it opens — when that is after the capacity row's year (a year's
//! approved capacity already holds the projects open by then).

use junheng_core::school::SchoolCode;
use junheng_core::seats::GRADES;
use junheng_store::seats::forecast::Capacity;
use serde::Serialize;

/// A planned project's addition to a school: (school, school year it opens, 小学 classes added,
/// 初中 classes added). The projects ledger provides them.
pub type Addition = (SchoolCode, i32, u32, u32);

/// What a school supplies in a school year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Supply {
    /// Seats per 学段 [小学, 初中].
    pub seats: [f64; 2],
    /// Classes per 学段 [小学, 初中].
    pub classes: [u32; 2],
    /// Of them, added by projects opened by this year.
    pub added_classes: [u32; 2],
}

impl Supply {
    /// Seats of both 学段.
    pub fn total(&self) -> f64 {
        self.seats[0] + self.seats[1]
    }

    /// Classes per grade: a 学段's classes spread evenly over its grades (6 and 3), the lower
    /// grades taking the remainder.
    pub fn per_grade(&self) -> [u32; GRADES] {
        let mut out = [0; GRADES];
        for (section, range) in [(0usize, 0..6usize), (1, 6..GRADES)] {
            let n = range.len() as u32;
            let c = self.classes[section];
            for (i, g) in range.enumerate() {
                out[g] = c / n + u32::from((i as u32) < c % n);
            }
        }
        out
    }
}

/// The supply of a school in `year`: `capacity` is the school's rows (any order), `additions`
/// the projects of every school (only this school's count); `None` when neither has anything.
pub fn supply(
    school: &SchoolCode,
    capacity: &[&Capacity],
    additions: &[Addition],
    year: i32,
    limits: [u32; 2],
) -> Option<Supply> {
    let row = capacity
        .iter()
        .filter(|c| c.year <= year)
        .max_by_key(|c| c.year)
        .or_else(|| capacity.iter().min_by_key(|c| c.year));
    let mut added = [0u32; 2];
    let mut any = false;
    for (code, opens, primary, junior) in additions {
        // The approved capacity of a year holds what opened by then.
        let counted = row.is_none_or(|r| *opens > r.year);
        if code == school && *opens <= year && counted {
            added[0] += primary;
            added[1] += junior;
            any = true;
        }
    }
    if row.is_none() && !any {
        return None;
    }
    let mut s = Supply {
        seats: [0.0; 2],
        classes: [0; 2],
        added_classes: added,
    };
    for section in 0..2 {
        let limit = limits[section];
        let (classes, seats) = match row {
            Some(c) if section == 0 => (c.primary_classes, c.primary_seats),
            Some(c) => (c.junior_classes, c.junior_seats),
            None => (None, None),
        };
        let base_seats = seats
            .map(f64::from)
            .or(classes.map(|c| f64::from(c * limit)))
            .unwrap_or(0.0);
        let base_classes = classes
            .or(seats.map(|s| s.checked_div(limit).unwrap_or(0)))
            .unwrap_or(0);
        s.seats[section] = base_seats + f64::from(added[section] * limit);
        s.classes[section] = base_classes + added[section];
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u64) -> SchoolCode {
        SchoolCode::parse(&format!("{:010}", 5_001_120_000 + n)).unwrap()
    }

    fn cap(year: i32, primary: Option<u32>, seats: Option<u32>) -> Capacity {
        Capacity {
            year,
            school: code(1),
            primary_classes: primary,
            junior_classes: None,
            primary_seats: seats,
            junior_seats: None,
            classrooms: None,
        }
    }

    #[test]
    fn supply_counts_projects_from_the_year_they_open() {
        let rows = [cap(2022, Some(18), None), cap(2024, Some(24), None)];
        let rows: Vec<&Capacity> = rows.iter().collect();
        let additions = [
            (code(1), 2027, 6, 0),
            (code(1), 2030, 0, 3),
            (code(2), 2025, 12, 0),
        ];
        let at = |y| supply(&code(1), &rows, &additions, y, [45, 50]).unwrap();
        // The latest approved size before the year; the earliest before any.
        assert_eq!(at(2023).seats, [18.0 * 45.0, 0.0]);
        assert_eq!(at(2020).classes, [18, 0]);
        assert_eq!(at(2026).seats, [24.0 * 45.0, 0.0]);
        // From 2027 the six classes of the first project; from 2030 the second's three.
        assert_eq!(at(2027).classes, [30, 0]);
        assert_eq!(at(2027).seats, [30.0 * 45.0, 0.0]);
        assert_eq!(at(2030).seats, [30.0 * 45.0, 150.0]);
        assert_eq!(at(2030).added_classes, [6, 3]);
        // Another school's project is not this school's; a school with nothing has no supply.
        assert_eq!(supply(&code(3), &[], &additions, 2030, [45, 50]), None);
        let only = supply(&code(2), &[], &additions, 2025, [45, 50]).unwrap();
        assert_eq!(only.seats, [540.0, 0.0]);
    }

    #[test]
    fn approved_seats_come_before_classes_and_classes_spread_over_grades() {
        let rows = [cap(2024, Some(20), Some(850))];
        let rows: Vec<&Capacity> = rows.iter().collect();
        let s = supply(&code(1), &rows, &[], 2025, [45, 50]).unwrap();
        assert_eq!(s.seats[0], 850.0);
        assert_eq!(s.per_grade()[..6], [4, 4, 3, 3, 3, 3]);
        let seats_only = [cap(2024, None, Some(900))];
        let seats_only: Vec<&Capacity> = seats_only.iter().collect();
        let s = supply(&code(1), &seats_only, &[], 2025, [45, 50]).unwrap();
        assert_eq!(s.classes, [20, 0]);
    }
}
