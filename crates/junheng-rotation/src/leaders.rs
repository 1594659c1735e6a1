//! 校长、副校长 rotation (干部交流, issue 17 item 8): each leader's posts over the years, how long
//! they have served in one school, and who is due to rotate under the term rule
//! ("在同一所学校连续任职满两届", standard.md §12) of the rulebook's
//! [`RotationRules::leader_years`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use junheng_core::rulebook::RotationRules;
use junheng_core::school::SchoolCode;

use crate::teacher::{TeacherId, words};

/// 职务 of a school leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaderPost {
    /// 校长 (书记兼校长 counts as 校长).
    Principal,
    /// 副校长.
    VicePrincipal,
}

words!(LeaderPost {
    Principal => "校长" | "书记兼校长" | "执行校长",
    VicePrincipal => "副校长",
});

/// One post of one leader at one school: 任职 from the first school year to the last
/// (inclusive; `None` while serving).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LeaderTerm {
    /// 教师编号 of the leader (the roster's id; never a name or a national ID).
    pub person: TeacherId,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 职务.
    pub post: LeaderPost,
    /// 任职起始学年.
    pub from_year: i32,
    /// 离任学年 (the last school year in post), `None` while serving.
    pub to_year: Option<i32>,
}

impl LeaderTerm {
    /// Whether the leader holds this post in school year `year`.
    pub fn serves_in(&self, year: i32) -> bool {
        self.from_year <= year && self.to_year.is_none_or(|t| year <= t)
    }
}

/// Why a list of terms cannot be taken: the 1-based positions of the terms concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaderTermError {
    /// The last year is before the first.
    #[error("第 {0} 条：离任学年早于任职起始学年")]
    EndsBeforeStart(usize),
    /// Two posts of one person overlap in some year.
    #[error("第 {0} 条与第 {1} 条：{2} 在 {3} 学年同时任两个职务")]
    Overlap(usize, usize, TeacherId, i32),
    /// Two 校长 of one school in one year.
    #[error("第 {0} 条与第 {1} 条：学校 {2} 在 {3} 学年有两位校长")]
    TwoPrincipals(usize, usize, SchoolCode, i32),
}

/// Checks a list of terms: each ends after it starts, no person holds two posts in one year, no
/// school has two 校长 in one year. The first problem found, naming both terms.
pub fn check_terms(terms: &[LeaderTerm]) -> Result<(), LeaderTermError> {
    for (i, t) in terms.iter().enumerate() {
        if t.to_year.is_some_and(|e| e < t.from_year) {
            return Err(LeaderTermError::EndsBeforeStart(i + 1));
        }
    }
    let first_common = |a: &LeaderTerm, b: &LeaderTerm| {
        let start = a.from_year.max(b.from_year);
        let end = a
            .to_year
            .unwrap_or(i32::MAX)
            .min(b.to_year.unwrap_or(i32::MAX));
        (start <= end).then_some(start)
    };
    let mut by_person: BTreeMap<&TeacherId, Vec<usize>> = BTreeMap::new();
    let mut principals: BTreeMap<&SchoolCode, Vec<usize>> = BTreeMap::new();
    for (i, t) in terms.iter().enumerate() {
        by_person.entry(&t.person).or_default().push(i);
        if t.post == LeaderPost::Principal {
            principals.entry(&t.school).or_default().push(i);
        }
    }
    for list in by_person.values() {
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                if let Some(y) = first_common(&terms[i], &terms[j]) {
                    let p = terms[i].person.clone();
                    return Err(LeaderTermError::Overlap(i + 1, j + 1, p, y));
                }
            }
        }
    }
    for list in principals.values() {
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                if let Some(y) = first_common(&terms[i], &terms[j]) {
                    let s = terms[i].school.clone();
                    return Err(LeaderTermError::TwoPrincipals(i + 1, j + 1, s, y));
                }
            }
        }
    }
    Ok(())
}

/// A leader serving in a school year, with the years served at that school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaderStanding<'a> {
    /// The post held in the year.
    pub term: &'a LeaderTerm,
    /// First year of the unbroken run of posts (any 职务) at this school.
    pub since: i32,
    /// Full years in post at the school by the start of the year (`year − since`).
    pub years: i32,
    /// Whether the term rule makes the leader due to rotate (`years ≥ leader_years`).
    pub due: bool,
    /// Whether the post began this year after a post at another school (rotated in).
    pub rotated_in: bool,
}

/// The leaders of a school year: every serving leader's standing and the district's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderYear<'a> {
    /// 学年.
    pub year: i32,
    /// Years in one school after which a leader is due ([`RotationRules::leader_years`]).
    pub due_after: u32,
    /// Every serving leader, by school then post.
    pub leaders: Vec<LeaderStanding<'a>>,
    /// Serving leaders due to rotate.
    pub due: u64,
    /// Leaders who began a post this year after serving at another school.
    pub rotated: u64,
}

/// The standings of `year` from every term (all years) under `rules`.
///
/// ```
/// use junheng_core::rulebook::RotationRules;
/// use junheng_rotation::{LeaderPost, LeaderTerm, TeacherId, leader_year};
/// use junheng_core::school::SchoolCode;
/// let term = LeaderTerm {
///     person: TeacherId::parse("T1").unwrap(),
///     school: SchoolCode::parse("5001120001").unwrap(),
///     post: LeaderPost::Principal,
///     from_year: 2018,
///     to_year: None,
/// };
/// // Two 3-year terms are complete at the start of 2024: due.
/// let y = leader_year(std::slice::from_ref(&term), 2024, &RotationRules::default());
/// assert_eq!((y.leaders[0].years, y.leaders[0].due, y.due), (6, true, 1));
/// let y = leader_year(std::slice::from_ref(&term), 2023, &RotationRules::default());
/// assert!(!y.leaders[0].due);
/// ```
pub fn leader_year<'a>(
    terms: &'a [LeaderTerm],
    year: i32,
    rules: &RotationRules,
) -> LeaderYear<'a> {
    let due_after = rules.leader_years();
    let mut leaders: Vec<LeaderStanding<'a>> = terms
        .iter()
        .filter(|t| t.serves_in(year))
        .map(|t| {
            let own = |o: &&LeaderTerm| o.person == t.person;
            // Walk back through posts at the same school that join without a gap.
            let mut since = t.from_year;
            while let Some(prev) = terms
                .iter()
                .filter(own)
                .find(|o| o.school == t.school && o.to_year == Some(since - 1))
            {
                since = prev.from_year;
            }
            let years = year - since;
            let rotated_in = t.from_year == year
                && terms
                    .iter()
                    .filter(own)
                    .any(|o| o.school != t.school && o.to_year == Some(year - 1));
            LeaderStanding {
                term: t,
                since,
                years,
                due: years >= due_after as i32,
                rotated_in,
            }
        })
        .collect();
    leaders.sort_by(|a, b| {
        (&a.term.school, a.term.post, &a.term.person).cmp(&(
            &b.term.school,
            b.term.post,
            &b.term.person,
        ))
    });
    LeaderYear {
        year,
        due_after,
        due: leaders.iter().filter(|l| l.due).count() as u64,
        rotated: leaders.iter().filter(|l| l.rotated_in).count() as u64,
        leaders,
    }
}

impl fmt::Display for LeaderTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_year {
            Some(end) => write!(
                f,
                "{} {} {}（{}–{} 学年）",
                self.person, self.school, self.post, self.from_year, end
            ),
            None => write!(
                f,
                "{} {} {}（{} 学年起）",
                self.person, self.school, self.post, self.from_year
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(
        person: &str,
        school: &str,
        post: LeaderPost,
        from: i32,
        to: Option<i32>,
    ) -> LeaderTerm {
        LeaderTerm {
            person: TeacherId::parse(person).unwrap(),
            school: SchoolCode::parse(school).unwrap(),
            post,
            from_year: from,
            to_year: to,
        }
    }
    const A: &str = "5001120001";
    const B: &str = "5001120002";

    #[test]
    fn years_run_across_posts_at_one_school_and_restart_at_another() {
        let terms = [
            term("T1", A, LeaderPost::VicePrincipal, 2016, Some(2019)),
            term("T1", A, LeaderPost::Principal, 2020, Some(2023)),
            term("T1", B, LeaderPost::Principal, 2024, None),
        ];
        check_terms(&terms).unwrap();
        let rules = RotationRules::default();
        let y = leader_year(&terms, 2023, &rules);
        assert_eq!(
            (y.leaders[0].since, y.leaders[0].years, y.due),
            (2016, 7, 1)
        );
        let y = leader_year(&terms, 2024, &rules);
        assert_eq!((y.leaders[0].years, y.leaders[0].due), (0, false));
        assert_eq!(y.rotated, 1);
        // The rule's boundary: 5 full years is not due, 6 is.
        let one = [term("T2", A, LeaderPost::Principal, 2019, None)];
        assert!(!leader_year(&one, 2024, &rules).leaders[0].due);
        assert!(leader_year(&one, 2025, &rules).leaders[0].due);
        let three_terms = RotationRules {
            leader_terms: 3,
            ..rules
        };
        assert!(!leader_year(&one, 2025, &three_terms).leaders[0].due);
    }

    #[test]
    fn a_gap_restarts_the_count() {
        let terms = [
            term("T1", A, LeaderPost::Principal, 2010, Some(2015)),
            term("T1", A, LeaderPost::Principal, 2017, None),
        ];
        let y = leader_year(&terms, 2020, &RotationRules::default());
        assert_eq!((y.leaders[0].since, y.leaders[0].years), (2017, 3));
    }

    #[test]
    fn overlaps_and_two_principals_are_refused_naming_both_terms() {
        let overlap = [
            term("T1", A, LeaderPost::Principal, 2018, Some(2022)),
            term("T1", B, LeaderPost::VicePrincipal, 2022, None),
        ];
        assert_eq!(
            check_terms(&overlap).unwrap_err().to_string(),
            "第 1 条与第 2 条：T1 在 2022 学年同时任两个职务"
        );
        let two = [
            term("T1", A, LeaderPost::Principal, 2018, None),
            term("T2", A, LeaderPost::Principal, 2020, Some(2021)),
        ];
        assert!(matches!(
            check_terms(&two),
            Err(LeaderTermError::TwoPrincipals(1, 2, _, 2020))
        ));
        let backwards = [term("T1", A, LeaderPost::Principal, 2020, Some(2019))];
        assert_eq!(
            check_terms(&backwards),
            Err(LeaderTermError::EndsBeforeStart(1))
        );
        assert_eq!(LeaderPost::parse("书记兼校长"), Some(LeaderPost::Principal));
    }
}
