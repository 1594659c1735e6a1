//! 学位缺口: pupils set against the seats of their classes (`practices.md` §2.2).
//!
//! Seats of a grade = its classes × the class-size limit of its 学段 (小学 45, 初中 50: settings).
//! **The seat gap** = max(0, pupils − seats) over a 学段: it nets a surplus in one grade against a
//! shortage in another. **The class gap** = Σ over grades of ⌈shortfall / limit⌉: it does not
//! net. Both are shown, with the per-grade shortfalls, and each says which it is.
//!
//! ```
//! use junheng_core::seats::seat_gap;
//! // Grade 1 has 100 pupils for 2 classes of 45; grade 2 has 60 for 2 classes.
//! let mut pupils = [0.0; 9];
//! let mut classes = [0; 9];
//! (pupils[0], classes[0]) = (100.0, 2);
//! (pupils[1], classes[1]) = (60.0, 2);
//! let gap = seat_gap(&pupils, &classes, [45, 50]);
//! assert_eq!(gap.primary.seats_short, 0.0); // 160 pupils, 180 seats: netted
//! assert_eq!(gap.primary.classes_short, 1); // but grade 1 needs one class more
//! ```

use serde::Serialize;

use super::forecast::{Cohorts, GRADES};

/// One grade's pupils against its seats.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradeShortfall {
    /// The grade (1–9).
    pub grade: usize,
    /// Pupils (a forecast may be fractional).
    pub pupils: f64,
    /// Seats: classes × the 学段's limit.
    pub seats: u32,
    /// Pupils beyond the seats (0 when they fit).
    pub short: f64,
    /// Classes to add: ⌈short / limit⌉.
    pub classes_short: u32,
}

/// A 学段's pupils against its seats.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionGap {
    /// Pupils of the 学段.
    pub pupils: f64,
    /// Seats of the 学段.
    pub seats: u32,
    /// max(0, pupils − seats): surpluses of some grades net shortages of others.
    pub seats_short: f64,
    /// Σ of the grades' classes to add (no netting).
    pub classes_short: u32,
    /// Each grade of the 学段.
    pub grades: Vec<GradeShortfall>,
}

/// The gap of both 学段 of a unit in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatGap {
    /// 小学 (grades 1–6).
    pub primary: SectionGap,
    /// 初中 (grades 7–9).
    pub junior: SectionGap,
}

/// Pupils by grade against classes by grade, with the class-size limits `[小学, 初中]`.
pub fn seat_gap(pupils: &Cohorts, classes: &[u32; GRADES], limits: [u32; 2]) -> SeatGap {
    let section = |grades: std::ops::Range<usize>, limit: u32| {
        let grades: Vec<GradeShortfall> = grades
            .map(|g| {
                let seats = classes[g].saturating_mul(limit);
                let short = (pupils[g] - f64::from(seats)).max(0.0);
                GradeShortfall {
                    grade: g + 1,
                    pupils: pupils[g],
                    seats,
                    short,
                    classes_short: classes_for(short, limit),
                }
            })
            .collect();
        let pupils: f64 = grades.iter().map(|g| g.pupils).sum();
        let seats = grades
            .iter()
            .map(|g| g.seats)
            .fold(0u32, u32::saturating_add);
        SectionGap {
            pupils,
            seats,
            seats_short: (pupils - f64::from(seats)).max(0.0),
            classes_short: grades.iter().map(|g| g.classes_short).sum(),
            grades,
        }
    };
    SeatGap {
        primary: section(0..6, limits[0]),
        junior: section(6..GRADES, limits[1]),
    }
}

/// Classes of `limit` pupils needed for `pupils` (a forecast's fraction of a pupil is rounded
/// to the nearest pupil first, so 90.000001 pupils do not ask for a third class of 45).
fn classes_for(pupils: f64, limit: u32) -> u32 {
    let whole = pupils.round();
    if whole <= 0.0 || limit == 0 {
        return 0;
    }
    (whole / f64::from(limit)).ceil() as u32
}

/// The first of `years` whose demand exceeds its supply (the year a school or 学区 crosses its
/// capacity), if any.
pub fn first_year_over(years: &[i32], demand: &[f64], supply: &[f64]) -> Option<i32> {
    years
        .iter()
        .zip(demand.iter().zip(supply))
        .find(|(_, (d, s))| d > s)
        .map(|(&y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_sizes_at_their_boundaries() {
        let mut pupils = [0.0; GRADES];
        let mut classes = [1; GRADES];
        pupils[0] = 45.0; // exactly full
        pupils[1] = 45.4; // rounds to 45: still fits
        pupils[2] = 46.0; // one over: a class more
        pupils[6] = 50.0;
        pupils[7] = 101.0; // 51 over one class of 50: two more
        classes[7] = 1;
        let gap = seat_gap(&pupils, &classes, [45, 50]);
        let short: Vec<u32> = gap.primary.grades.iter().map(|g| g.classes_short).collect();
        assert_eq!(short, [0, 0, 1, 0, 0, 0]);
        assert_eq!(gap.primary.grades[2].short, 1.0);
        assert_eq!(gap.junior.grades[1].classes_short, 2);
        assert_eq!(gap.junior.classes_short, 2);
        // 小学: 136.4 pupils in 270 seats; 初中: 151 in 150 — the seat gap nets, classes do not.
        assert_eq!(gap.primary.seats, 270);
        assert_eq!(gap.primary.seats_short, 0.0);
        assert_eq!(gap.junior.seats_short, 1.0);
    }

    #[test]
    fn the_first_year_over_capacity() {
        let years = [2025, 2026, 2027, 2028];
        assert_eq!(
            first_year_over(&years, &[90.0, 100.0, 100.5, 99.0], &[100.0; 4]),
            Some(2027)
        );
        assert_eq!(first_year_over(&years, &[1.0; 4], &[1.0; 4]), None);
    }
}
