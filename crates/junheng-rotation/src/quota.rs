//! The yearly rotation quota (交流轮岗比例): rotated ≥ share × eligible, and 骨干 among them ≥ share ×
//! the base (the rotated nationally, the eligible in 安徽) — per district, group and school.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use junheng_core::rulebook::{BackboneBase, RotationRules, SpecialEducation};
use junheng_core::school::SchoolCode;

use crate::eligibility::{Eligibility, eligibility_among};
use crate::ledger::Move;
use crate::teacher::{Teacher, TeacherId};

/// Slack for binary floating point when comparing a count with share × base.
const EPS: f64 = 1e-9;

/// The quota arithmetic of one scope (district, group or school) in one year. Its counts are
/// totals over the scope's schools, so `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quota {
    /// 符合交流条件教师数.
    pub eligible: u64,
    /// 交流轮岗教师数: distinct teachers with a move starting this year from a school of the scope.
    pub rotated: u64,
    /// Of the rotated, 骨干 (县级及以上).
    pub backbone_rotated: u64,
    /// Fewest rotations the share asks: ⌈share × eligible⌉.
    pub required: u64,
    /// Fewest 骨干 rotations the share asks: ⌈share × base⌉.
    pub backbone_required: u64,
    /// rotated / eligible, if there are eligible teachers.
    pub share: Option<f64>,
    /// 骨干 rotated / base, if the base is not zero.
    pub backbone_share: Option<f64>,
    /// Whether the rotated count meets its share.
    pub rotated_ok: bool,
    /// Whether the 骨干 count meets its share.
    pub backbone_ok: bool,
}

impl Quota {
    /// The arithmetic for given counts.
    ///
    /// ```
    /// use junheng_core::rulebook::{BackboneBase, RotationRules, SpecialEducation};
    /// use junheng_rotation::Quota;
    /// let national = RotationRules::default();
    /// let q = Quota::new(95, 10, 2, &national);
    /// assert_eq!((q.required, q.backbone_required), (10, 2));
    /// assert!(q.met());
    /// let anhui = RotationRules { backbone_base: BackboneBase::Eligible, ..national };
    /// assert_eq!(Quota::new(95, 10, 2, &anhui).backbone_required, 19);
    /// ```
    pub fn new(eligible: u64, rotated: u64, backbone_rotated: u64, rules: &RotationRules) -> Self {
        let base = match rules.backbone_base {
            BackboneBase::Rotated => rotated,
            BackboneBase::Eligible => eligible,
        };
        let need = |share: f64, of: u64| {
            let exact = share * of as f64;
            // Floating-point error grows with the product: a few units in its last place.
            let slack = EPS.max(exact * 4.0 * f64::EPSILON);
            (exact - slack).ceil().max(0.0) as u64
        };
        let ratio = |n: u64, of: u64| (of > 0).then(|| n as f64 / of as f64);
        let required = need(rules.quota_share, eligible);
        let backbone_required = need(rules.backbone_share, base);
        Quota {
            eligible,
            rotated,
            backbone_rotated,
            required,
            backbone_required,
            share: ratio(rotated, eligible),
            backbone_share: ratio(backbone_rotated, base),
            rotated_ok: rotated >= required,
            backbone_ok: backbone_rotated >= backbone_required,
        }
    }

    /// Whether both shares are met.
    pub fn met(&self) -> bool {
        self.rotated_ok && self.backbone_ok
    }
}

/// One roster teacher's standing in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherStanding<'a> {
    /// The teacher.
    pub teacher: &'a Teacher,
    /// Eligible or why not.
    pub eligibility: Eligibility,
    /// The move starting this year, if the teacher rotates this year.
    pub rotating: Option<&'a Move>,
}

/// The rotation year of a district: every teacher's standing and the quotas per scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotationYear<'a> {
    /// 学年.
    pub year: i32,
    /// The rules used.
    pub rules: RotationRules,
    /// Every roster teacher of the year, in roster order.
    pub teachers: Vec<TeacherStanding<'a>>,
    /// The district.
    pub district: Quota,
    /// Per 教育集团 (schools without a group are in none).
    pub groups: BTreeMap<String, Quota>,
    /// Per home school that has teachers.
    pub schools: BTreeMap<SchoolCode, Quota>,
    /// Moves starting this year whose teacher is not in the year's roster (counted as rotated,
    /// not as 骨干).
    pub unknown_teachers: Vec<&'a Move>,
    /// Roster teachers of the year per 特殊教育学校: those the rules' `special_education`
    /// setting concerns (shown beside the quota, whichever way it is set).
    pub special_teachers: BTreeMap<SchoolCode, u64>,
}

impl<'a> RotationYear<'a> {
    /// The year restricted to a scope: the teachers, school quotas and moves of unknown teachers
    /// of the schools `school` admits, the group quotas `group` admits. The district quota stays
    /// (whether to show it is the caller's choice).
    pub fn within(
        mut self,
        school: impl Fn(&SchoolCode) -> bool,
        group: impl Fn(&str) -> bool,
    ) -> Self {
        self.teachers.retain(|s| school(&s.teacher.school));
        self.schools.retain(|c, _| school(c));
        self.groups.retain(|g, _| group(g));
        self.unknown_teachers.retain(|m| school(&m.from));
        self.special_teachers.retain(|c, _| school(c));
        self
    }

    /// Teachers at 特殊教育学校 in the year's (scoped) roster.
    pub fn special_total(&self) -> u64 {
        self.special_teachers.values().sum()
    }

    /// Eligible teachers of a scope who do not rotate this year, longest at their school first.
    pub fn eligible_not_rotated(
        &self,
        scope: impl Fn(&SchoolCode) -> bool,
    ) -> Vec<&TeacherStanding<'a>> {
        let mut list: Vec<_> = self
            .teachers
            .iter()
            .filter(|s| {
                s.eligibility.is_eligible() && s.rotating.is_none() && scope(&s.teacher.school)
            })
            .collect();
        list.sort_by(|a, b| {
            (a.teacher.start_year, &a.teacher.school, &a.teacher.id).cmp(&(
                b.teacher.start_year,
                &b.teacher.school,
                &b.teacher.id,
            ))
        });
        list
    }
}

/// The 教育集团 of each school in `year`, as the statistics' 教育集团 column gives it.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// let records = generate(&DemoSpec { schools: 30, seed: 1, year: 2024 });
/// let groups = junheng_rotation::groups_of(&records, 2024);
/// assert!(groups.values().all(|g| !g.is_empty()));
/// ```
pub fn groups_of(
    records: &[junheng_core::school::SchoolRecord],
    year: i32,
) -> BTreeMap<SchoolCode, String> {
    records
        .iter()
        .filter(|r| r.year == year)
        .filter_map(|r| {
            let g = r.group.as_deref()?.trim();
            (!g.is_empty()).then(|| (r.code.clone(), g.to_owned()))
        })
        .collect()
}

/// The 特殊教育学校 of the statistics of `year`: with
/// [`SpecialEducation::Exclude`](junheng_core::rulebook::SpecialEducation) their teachers are
/// out of the quota.
pub fn special_schools(
    records: &[junheng_core::school::SchoolRecord],
    year: i32,
) -> BTreeSet<SchoolCode> {
    records
        .iter()
        .filter(|r| r.year == year && r.kind == junheng_core::school::SchoolKind::Special)
        .map(|r| r.code.clone())
        .collect()
}

/// Computes every teacher's eligibility and the quotas of `year`.
///
/// `roster` is the year's roster, `ledger` every move (all years), `groups` the 教育集团 of each
/// school in that year, `special` its 特殊教育学校 ([`special_schools`]). A teacher rotates this
/// year when a move of theirs starts in `year`; the move counts for the scope of its 调出 school.
/// Under [`SpecialEducation::Exclude`](junheng_core::rulebook::SpecialEducation) the teachers of
/// `special` are [`Eligibility::SpecialEducation`] and their moves are not counted as rotated.
pub fn rotation_year<'a>(
    year: i32,
    roster: &'a [Teacher],
    ledger: &'a [Move],
    groups: &BTreeMap<SchoolCode, String>,
    special: &BTreeSet<SchoolCode>,
    rules: &RotationRules,
) -> RotationYear<'a> {
    let excluded = |school: &SchoolCode| {
        rules.special_education == SpecialEducation::Exclude && special.contains(school)
    };
    let mut by_teacher: HashMap<&TeacherId, Vec<&'a Move>> = HashMap::new();
    for m in ledger {
        by_teacher.entry(&m.teacher).or_default().push(m);
    }
    let mut starting: BTreeMap<&TeacherId, &'a Move> = BTreeMap::new();
    for m in ledger.iter().filter(|m| m.start_year == year) {
        starting.entry(&m.teacher).or_insert(m);
    }
    let in_roster: HashMap<&TeacherId, &Teacher> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| (&t.id, t))
        .collect();
    let teachers: Vec<TeacherStanding<'a>> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| {
            let moves = by_teacher.get(&t.id).into_iter().flatten().copied();
            TeacherStanding {
                teacher: t,
                eligibility: if excluded(&t.school) {
                    Eligibility::SpecialEducation
                } else {
                    eligibility_among(t, year, moves, rules)
                },
                rotating: starting.get(&t.id).copied(),
            }
        })
        .collect();

    #[derive(Default, Clone, Copy)]
    struct Tally {
        eligible: u64,
        rotated: u64,
        backbone: u64,
    }
    let mut district = Tally::default();
    let mut group_tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut school_tally: BTreeMap<SchoolCode, Tally> = BTreeMap::new();
    let mut add = |school: &SchoolCode, f: &dyn Fn(&mut Tally)| {
        f(&mut district);
        f(school_tally.entry(school.clone()).or_default());
        if let Some(g) = groups.get(school) {
            f(group_tally.entry(g.clone()).or_default());
        }
    };
    for s in &teachers {
        let eligible = s.eligibility.is_eligible();
        add(&s.teacher.school, &|t: &mut Tally| {
            t.eligible += u64::from(eligible);
        });
    }
    let mut unknown_teachers = Vec::new();
    for (id, m) in starting.iter().filter(|(_, m)| !excluded(&m.from)) {
        let backbone = in_roster.get(id).is_some_and(|t| t.backbone.counts());
        if !in_roster.contains_key(id) {
            unknown_teachers.push(*m);
        }
        add(&m.from, &|t: &mut Tally| {
            t.rotated += 1;
            t.backbone += u64::from(backbone);
        });
    }
    let quota = |t: &Tally| Quota::new(t.eligible, t.rotated, t.backbone, rules);
    RotationYear {
        year,
        rules: *rules,
        teachers,
        district: quota(&district),
        groups: group_tally
            .iter()
            .map(|(g, t)| (g.clone(), quota(t)))
            .collect(),
        schools: school_tally
            .iter()
            .map(|(s, t)| (s.clone(), quota(t)))
            .collect(),
        unknown_teachers,
        special_teachers: roster
            .iter()
            .filter(|t| t.year == year && special.contains(&t.school))
            .fold(BTreeMap::new(), |mut m, t| {
                *m.entry(t.school.clone()).or_default() += 1;
                m
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::MoveKind;
    use crate::synth::example_teacher;
    use crate::teacher::BackboneLevel;

    fn code(n: u32) -> SchoolCode {
        SchoolCode::parse(&format!("50011200{n:02}")).unwrap()
    }

    #[test]
    fn quota_arithmetic_rounds_up_and_tolerates_float_error() {
        let r = RotationRules::default();
        // 10 % of 30 is exactly 3 even though 0.1 × 30 = 3.0000000000000004 in binary.
        assert_eq!(Quota::new(30, 3, 1, &r).required, 3);
        assert!(Quota::new(30, 3, 1, &r).met());
        assert_eq!(Quota::new(31, 3, 1, &r).required, 4);
        assert!(!Quota::new(31, 3, 1, &r).rotated_ok);
        // 骨干 20 % of 11 rotated = 2.2 → 3.
        let q = Quota::new(100, 11, 2, &r);
        assert_eq!(q.backbone_required, 3);
        assert!(q.rotated_ok && !q.backbone_ok);
        // Nobody eligible: nothing required, shares undefined.
        let none = Quota::new(0, 0, 0, &r);
        assert!(none.met() && none.share.is_none() && none.backbone_share.is_none());
    }

    #[test]
    fn the_anhui_base_measures_backbone_against_the_eligible() {
        let anhui = RotationRules {
            backbone_base: BackboneBase::Eligible,
            ..RotationRules::default()
        };
        let q = Quota::new(50, 5, 5, &anhui);
        assert_eq!(q.backbone_required, 10);
        assert!(q.rotated_ok && !q.backbone_ok);
        assert_eq!(q.backbone_share, Some(0.1));
        // The same counts pass nationally: 5 of 5 rotated are 骨干.
        assert!(Quota::new(50, 5, 5, &RotationRules::default()).met());
    }

    #[test]
    fn scopes_count_moves_of_their_home_schools() {
        let mut roster = Vec::new();
        for (i, school) in [1, 1, 1, 2, 2].into_iter().enumerate() {
            let mut t = example_teacher(2010, 1980);
            t.id = TeacherId::parse(&format!("T{i}")).unwrap();
            t.school = code(school);
            roster.push(t);
        }
        roster[4].start_year = 2022; // not eligible
        roster[0].backbone = BackboneLevel::City;
        let ledger = vec![
            Move {
                teacher: roster[0].id.clone(),
                from: code(1),
                to: code(2),
                start_year: 2024,
                end_year: 2026,
                kind: MoveKind::Exchange,
            },
            Move {
                teacher: TeacherId::parse("GONE").unwrap(),
                from: code(2),
                to: code(1),
                start_year: 2024,
                end_year: 2024,
                kind: MoveKind::Support,
            },
        ];
        let groups = BTreeMap::from([(code(1), "一集团".to_owned())]);
        let y = rotation_year(
            2024,
            &roster,
            &ledger,
            &groups,
            &BTreeSet::new(),
            &RotationRules::default(),
        );
        assert_eq!(
            (
                y.district.eligible,
                y.district.rotated,
                y.district.backbone_rotated
            ),
            (4, 2, 1)
        );
        assert_eq!(y.schools[&code(1)].eligible, 3);
        assert_eq!(y.schools[&code(1)].rotated, 1);
        assert_eq!(y.schools[&code(2)].rotated, 1);
        assert_eq!(y.groups["一集团"].rotated, 1);
        assert_eq!(y.unknown_teachers.len(), 1);
        let waiting = y.eligible_not_rotated(|s| *s == code(1));
        assert_eq!(waiting.len(), 2);
        assert!(waiting.iter().all(|s| s.rotating.is_none()));
    }

    #[test]
    fn special_education_teachers_count_or_not_as_the_rules_say() {
        let mut roster = Vec::new();
        for (i, school) in [1, 1, 9].into_iter().enumerate() {
            let mut t = example_teacher(2010, 1980);
            t.id = TeacherId::parse(&format!("T{i}")).unwrap();
            t.school = code(school);
            roster.push(t);
        }
        let ledger = vec![Move {
            teacher: roster[2].id.clone(),
            from: code(9),
            to: code(1),
            start_year: 2024,
            end_year: 2024,
            kind: MoveKind::Support,
        }];
        let special = BTreeSet::from([code(9)]);
        let groups = BTreeMap::new();
        let run = |rules: &RotationRules| {
            let y = rotation_year(2024, &roster, &ledger, &groups, &special, rules);
            (
                y.district.eligible,
                y.district.rotated,
                y.special_total(),
                y.teachers[2].eligibility,
            )
        };
        let include = RotationRules::default();
        let (eligible, rotated, special_total, standing) = run(&include);
        assert_eq!((eligible, rotated, special_total), (3, 1, 1));
        assert!(standing.is_eligible());
        let exclude = RotationRules {
            special_education: SpecialEducation::Exclude,
            ..include
        };
        let (eligible, rotated, special_total, standing) = run(&exclude);
        assert_eq!((eligible, rotated, special_total), (2, 0, 1));
        assert_eq!(standing, Eligibility::SpecialEducation);
        assert!(standing.describe(&exclude).contains("特殊教育"));
    }
}
