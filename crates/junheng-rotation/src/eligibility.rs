//! Who must be considered for rotation in a school year, and why the others are not.

use serde::Serialize;

use junheng_core::rulebook::RotationRules;

use crate::ledger::Move;
use crate::teacher::{Sex, Teacher};

/// Whether a teacher is eligible for rotation (符合交流条件) in a school year, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Eligibility {
    /// Eligible: `years` consecutive years at the school by the start of the year.
    Eligible {
        /// Consecutive years at the school.
        years: i32,
    },
    /// Fewer consecutive years at the school than the rule asks.
    TooFewYears {
        /// Consecutive years at the school.
        years: i32,
    },
    /// Retirement is at most the exemption's number of years away.
    NearRetirement {
        /// Years left to retirement age.
        years_left: i32,
    },
    /// Not 在编 while the rule counts 在编 teachers only.
    NotOnStaff,
    /// Teaches at a 特殊教育学校 while the rules leave those teachers out of the quota.
    SpecialEducation,
    /// Away on a rotation that began in an earlier year and is still running.
    AlreadyRotating {
        /// First year of that rotation.
        since: i32,
    },
}

impl Eligibility {
    /// Whether the teacher is eligible.
    pub fn is_eligible(self) -> bool {
        matches!(self, Eligibility::Eligible { .. })
    }

    /// The status in Chinese, e.g. "不满 6 年（本校任教 4 年）".
    pub fn describe(self, rules: &RotationRules) -> String {
        match self {
            Eligibility::Eligible { years } => format!("符合条件（本校连续任教 {years} 年）"),
            Eligibility::TooFewYears { years } => format!(
                "本校连续任教 {} 年，不满 {} 年",
                years.max(0),
                rules.min_years
            ),
            Eligibility::NearRetirement { years_left } => {
                format!("距退休 {} 年，免于交流", years_left.max(0))
            }
            Eligibility::NotOnStaff => "非在编教师".to_owned(),
            Eligibility::SpecialEducation => "特殊教育学校教师，按规则不计入交流基数".to_owned(),
            Eligibility::AlreadyRotating { since } => {
                format!("{since} 学年起正在交流，尚未期满")
            }
        }
    }
}

/// The eligibility of `teacher` at the start of school year `year` under `rules`, given the
/// ledger (a rotation that started before `year` and is still running makes the teacher
/// ineligible; one starting in `year` does not).
///
/// Checks in order: already rotating, on staff, near retirement, years at the school.
///
/// ```
/// use junheng_core::rulebook::RotationRules;
/// use junheng_rotation::{eligibility, Eligibility};
/// # let t = junheng_rotation::synth::example_teacher(2016, 1980);
/// // Started at the school in 2016: 8 years by 2024, eligible under the 6-year rule.
/// assert_eq!(eligibility(&t, 2024, &[], &RotationRules::default()), Eligibility::Eligible { years: 8 });
/// ```
pub fn eligibility(
    teacher: &Teacher,
    year: i32,
    ledger: &[Move],
    rules: &RotationRules,
) -> Eligibility {
    eligibility_among(teacher, year, ledger.iter(), rules)
}

/// [`eligibility`] over any moves (callers pass the teacher's own moves to skip a scan).
pub(crate) fn eligibility_among<'m>(
    teacher: &Teacher,
    year: i32,
    moves: impl Iterator<Item = &'m Move>,
    rules: &RotationRules,
) -> Eligibility {
    if let Some(m) = moves
        .filter(|m| m.teacher == teacher.id && m.start_year < year && m.active_in(year))
        .min_by_key(|m| m.start_year)
    {
        return Eligibility::AlreadyRotating {
            since: m.start_year,
        };
    }
    if rules.on_staff_only && !teacher.on_staff {
        return Eligibility::NotOnStaff;
    }
    let retirement = match teacher.sex {
        Sex::Male => rules.retirement_age_male,
        Sex::Female => rules.retirement_age_female,
    };
    let years_left = retirement as i32 - teacher.age(year);
    if years_left <= rules.exempt_years_to_retirement as i32 {
        return Eligibility::NearRetirement { years_left };
    }
    let years = teacher.years_at_school(year);
    if years >= rules.min_years as i32 {
        Eligibility::Eligible { years }
    } else {
        Eligibility::TooFewYears { years }
    }
}

#[cfg(test)]
mod tests {
    use junheng_core::school::SchoolCode;

    use super::*;
    use crate::ledger::MoveKind;
    use crate::synth::example_teacher;

    fn rules() -> RotationRules {
        RotationRules::default()
    }

    #[test]
    fn six_consecutive_years_make_a_teacher_eligible_five_do_not() {
        let t = example_teacher(2018, 1985);
        assert_eq!(
            eligibility(&t, 2024, &[], &rules()),
            Eligibility::Eligible { years: 6 }
        );
        assert_eq!(
            eligibility(&t, 2023, &[], &rules()),
            Eligibility::TooFewYears { years: 5 }
        );
        // A start year after the year (bad data) is simply too few years.
        assert!(!eligibility(&t, 2017, &[], &rules()).is_eligible());
    }

    #[test]
    fn retirement_exemption_is_inclusive_and_depends_on_sex() {
        // Man born 1969: 55 in 2024, 5 years left → exempt; born 1970: 6 left → eligible.
        let mut t = example_teacher(2000, 1969);
        assert_eq!(
            eligibility(&t, 2024, &[], &rules()),
            Eligibility::NearRetirement { years_left: 5 }
        );
        t.birth_year = 1970;
        assert!(eligibility(&t, 2024, &[], &rules()).is_eligible());
        // Woman born 1975: 49 in 2024, 6 years to 55 → eligible; born 1974 → exempt.
        t.sex = Sex::Female;
        t.birth_year = 1975;
        assert!(eligibility(&t, 2024, &[], &rules()).is_eligible());
        t.birth_year = 1974;
        assert_eq!(
            eligibility(&t, 2024, &[], &rules()),
            Eligibility::NearRetirement { years_left: 5 }
        );
        // Past retirement age: still exempt, never negative in words.
        t.birth_year = 1960;
        assert!(
            eligibility(&t, 2024, &[], &rules())
                .describe(&rules())
                .contains("距退休 0 年")
        );
    }

    #[test]
    fn staff_rule_and_running_rotations_exclude() {
        let mut t = example_teacher(2010, 1980);
        t.on_staff = false;
        assert_eq!(
            eligibility(&t, 2024, &[], &rules()),
            Eligibility::NotOnStaff
        );
        let lenient = RotationRules {
            on_staff_only: false,
            ..rules()
        };
        assert!(eligibility(&t, 2024, &[], &lenient).is_eligible());
        t.on_staff = true;
        let away = Move {
            teacher: t.id.clone(),
            from: t.school.clone(),
            to: SchoolCode::parse("5001120099").unwrap(),
            start_year: 2023,
            end_year: 2025,
            kind: MoveKind::Exchange,
        };
        assert_eq!(
            eligibility(&t, 2024, std::slice::from_ref(&away), &rules()),
            Eligibility::AlreadyRotating { since: 2023 }
        );
        // A rotation starting this year is this year's quota, not an exclusion.
        let starting = Move {
            start_year: 2024,
            ..away.clone()
        };
        assert!(eligibility(&t, 2024, &[starting], &rules()).is_eligible());
        // An ended one does not exclude either.
        assert!(eligibility(&t, 2026, &[away], &rules()).is_eligible());
    }

    #[test]
    fn the_minimum_years_is_a_setting() {
        let t = example_teacher(2020, 1985);
        let five = RotationRules {
            min_years: 4,
            ..rules()
        };
        assert!(eligibility(&t, 2024, &[], &five).is_eligible());
        assert!(!eligibility(&t, 2024, &[], &rules()).is_eligible());
    }
}
