//! Who sees and does what with children's health data — stricter than anywhere else.
//!
//! | standing | 体质健康, 视力 | 心理 |
//! |---|---|---|
//! | operator (the command line, holding the database and the keys) | everything | everything |
//! | 校医 (a school) | the school's children, named: report cards, referrals; imports | — |
//! | 班主任 (a class) | the class's children, named (report cards for parents) | the class's **tier and action only**, never answers or scores |
//! | 心理教师 (a school) | — | the school's answers, scores and cases; imports; keeps cases |
//! | 心理危机干预小组 (the district) | — | every answer, score and case of the district; imports; keeps cases |
//! | 学校 | the school's aggregates; imports | — |
//! | 管理员 | the district's aggregates; imports any school; rounds, packs, erasure | the district's aggregates by grade (no school is shown, none ranked) |
//! | 督学, 市级, 省级 | aggregates, small cells suppressed | 督学: as 管理员; 市级, 省级: nothing |
//! | 关爱专干, 控辍保学专干 | — | a yes/no "在册关注" beside a child they already see |
//! | others | nothing | nothing |
//!
//! Everything not granted is refused (fail closed).

use junheng_core::school::SchoolCode;
use junheng_store::{HealthKind, Role, Scope};

use crate::pairings::Caller;
use crate::students::who::class_matches;

/// What a caller sees of one kind of health data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    /// Every child, named, every detail (the operator; for 心理, the crisis team).
    Everything,
    /// The children of one school (or one class of it), named, every detail.
    Named {
        /// The school.
        school: SchoolCode,
        /// The class, for a 班主任 (as their scope names it).
        class: Option<String>,
    },
    /// The 心理 tier and action of one class's children, named — nothing else (a 班主任).
    Tiers {
        /// The school.
        school: SchoolCode,
        /// The class.
        class: String,
    },
    /// Aggregates only, small cells suppressed: the district's (`None`) or one school's.
    Aggregates {
        /// The school, for a school account.
        school: Option<SchoolCode>,
    },
    /// Nothing.
    Nothing,
}

impl Sight {
    /// Whether this sight reads the named records of a child of `school`, `grade`, `class`.
    pub fn names_at(&self, school: &SchoolCode, grade: u8, class: &str) -> bool {
        match self {
            Sight::Everything => true,
            Sight::Named {
                school: s,
                class: None,
            } => s == school,
            Sight::Named {
                school: s,
                class: Some(c),
            } => s == school && class_matches(c, grade, class),
            _ => false,
        }
    }

    /// Whether this sight sees the aggregates of `school` (the district's when `None`).
    pub fn aggregates_of(&self, school: Option<&SchoolCode>) -> bool {
        match (self, school) {
            (Sight::Everything | Sight::Aggregates { school: None }, _) => true,
            (
                Sight::Named { school: s, .. }
                | Sight::Tiers { school: s, .. }
                | Sight::Aggregates { school: Some(s) },
                Some(x),
            ) => s == x,
            _ => false,
        }
    }

    /// Whether this sight sees the district's aggregates.
    pub fn district(&self) -> bool {
        matches!(self, Sight::Everything | Sight::Aggregates { school: None })
    }

    /// The one school this sight is limited to, if any.
    pub fn school(&self) -> Option<&SchoolCode> {
        match self {
            Sight::Named { school, .. }
            | Sight::Tiers { school, .. }
            | Sight::Aggregates {
                school: Some(school),
            } => Some(school),
            _ => None,
        }
    }
}

/// What `caller` sees of `kind`. A role whose scope does not fit it sees nothing.
pub fn sight(caller: &Caller<'_>, kind: HealthKind) -> Sight {
    let user = match caller {
        Caller::Operator(_) => return Sight::Everything,
        Caller::User(u) => u,
    };
    if !user.active {
        return Sight::Nothing;
    }
    let school = |s: &SchoolCode| Sight::Named {
        school: s.clone(),
        class: None,
    };
    match kind {
        HealthKind::Fitness | HealthKind::Vision => match (user.role, &user.scope) {
            (Role::SchoolDoctor, Scope::School(s)) => school(s),
            (Role::ClassTeacher, Scope::Class { school, class }) => Sight::Named {
                school: school.clone(),
                class: Some(class.clone()),
            },
            (Role::School, Scope::School(s)) => Sight::Aggregates {
                school: Some(s.clone()),
            },
            (Role::Admin | Role::Supervisor, Scope::District)
            | (Role::City, Scope::City(_))
            | (Role::Province, Scope::Province(_)) => Sight::Aggregates { school: None },
            _ => Sight::Nothing,
        },
        HealthKind::Mental => match (user.role, &user.scope) {
            (Role::CrisisTeam, Scope::District) => Sight::Everything,
            (Role::PsychTeacher, Scope::School(s)) => school(s),
            (Role::ClassTeacher, Scope::Class { school, class }) => Sight::Tiers {
                school: school.clone(),
                class: class.clone(),
            },
            (Role::Admin | Role::Supervisor, Scope::District) => Sight::Aggregates { school: None },
            _ => Sight::Nothing,
        },
    }
}

/// Whether `caller` may import `kind` files of `school`.
pub fn may_import(caller: &Caller<'_>, kind: HealthKind, school: &SchoolCode) -> bool {
    let Caller::User(u) = caller else {
        return true;
    };
    u.active
        && match (kind, u.role, &u.scope) {
            (HealthKind::Fitness | HealthKind::Vision, Role::Admin, Scope::District) => true,
            (
                HealthKind::Fitness | HealthKind::Vision,
                Role::School | Role::SchoolDoctor,
                Scope::School(s),
            ) => s == school,
            (HealthKind::Mental, Role::CrisisTeam, Scope::District) => true,
            (HealthKind::Mental, Role::PsychTeacher, Scope::School(s)) => s == school,
            _ => false,
        }
}

/// Whether `caller` may keep the 心理 cases of `school` (复核, plans, referrals, steps).
pub fn may_keep(caller: &Caller<'_>, school: &SchoolCode) -> bool {
    match sight(caller, HealthKind::Mental) {
        Sight::Everything => true,
        Sight::Named {
            school: s,
            class: None,
        } => &s == school,
        _ => false,
    }
}

/// Whether `caller` administers the district's health data: rounds, scoring packs, erasure.
pub fn may_administer(caller: &Caller<'_>) -> bool {
    crate::students::who::may_administer(caller)
}

/// Whether `caller` may learn that a child they already see has an open 心理 case (the one
/// boolean other capabilities receive): the 控辍保学 roles and the 心理 roles.
pub fn may_see_flag(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => {
            u.active
                && matches!(
                    u.role,
                    Role::CareOfficer
                        | Role::DropoutOfficer
                        | Role::PsychTeacher
                        | Role::CrisisTeam
                )
        }
    }
}

/// The one thing another capability learns of a child's mental health: whether a 心理 case of
/// theirs is open — `None` when `caller` may not know even that (nothing is opened or recorded).
pub async fn mental_flag(
    store: &junheng_store::DistrictStore,
    caller: &Caller<'_>,
    student: i64,
) -> Result<Option<bool>, junheng_store::StoreError> {
    if !may_see_flag(caller) {
        return Ok(None);
    }
    Ok(Some(!store.mental_watch(&[student]).await?.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_store::{Actor, User};

    fn code(n: u32) -> SchoolCode {
        SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
    }

    fn user(role: Role, scope: Scope) -> User {
        crate::testing::user("someone", role, scope)
    }

    #[test]
    fn the_matrix_holds_for_every_role() {
        let (a, b) = (code(1), code(2));
        let class = Scope::Class {
            school: a.clone(),
            class: "七年级3班".into(),
        };
        let cases = [
            (Role::SchoolDoctor, Scope::School(a.clone())),
            (Role::ClassTeacher, class.clone()),
            (Role::PsychTeacher, Scope::School(a.clone())),
            (Role::CrisisTeam, Scope::District),
            (Role::School, Scope::School(a.clone())),
            (Role::Admin, Scope::District),
            (Role::Supervisor, Scope::District),
            (Role::CareOfficer, Scope::School(a.clone())),
            (Role::DropoutOfficer, Scope::District),
            (Role::City, Scope::City("500100".into())),
            (Role::GroupLead, Scope::Group("一集团".into())),
        ];
        for (role, scope) in cases {
            let u = user(role, scope);
            let c = Caller::User(&u);
            let fit = sight(&c, HealthKind::Fitness);
            let mental = sight(&c, HealthKind::Mental);
            // Named fitness records: the school doctor (school), the class teacher (class).
            assert_eq!(
                fit.names_at(&a, 7, "3班"),
                matches!(role, Role::SchoolDoctor | Role::ClassTeacher),
                "{role:?}"
            );
            assert!(!fit.names_at(&b, 7, "3班"), "{role:?}");
            assert_eq!(
                fit.names_at(&a, 7, "4班"),
                role == Role::SchoolDoctor,
                "{role:?}"
            );
            // 心理 answers and scores: the psych teacher (school) and the crisis team only.
            assert_eq!(
                mental.names_at(&a, 7, "3班"),
                matches!(role, Role::PsychTeacher | Role::CrisisTeam),
                "{role:?}"
            );
            assert_eq!(
                mental.names_at(&b, 7, "3班"),
                role == Role::CrisisTeam,
                "{role:?}"
            );
            // The class teacher: tiers of their class, nothing more.
            assert_eq!(
                matches!(mental, Sight::Tiers { .. }),
                role == Role::ClassTeacher,
                "{role:?}"
            );
            // District aggregates of 心理: administrators and supervisors only; the city none.
            assert_eq!(
                mental == Sight::Aggregates { school: None },
                matches!(role, Role::Admin | Role::Supervisor),
                "{role:?}"
            );
            assert_eq!(
                may_import(&c, HealthKind::Mental, &a),
                matches!(role, Role::PsychTeacher | Role::CrisisTeam),
                "{role:?}"
            );
            assert_eq!(
                may_import(&c, HealthKind::Fitness, &a),
                matches!(role, Role::SchoolDoctor | Role::School | Role::Admin),
                "{role:?}"
            );
            assert_eq!(
                may_keep(&c, &a),
                matches!(role, Role::PsychTeacher | Role::CrisisTeam),
                "{role:?}"
            );
            assert!(!may_keep(&c, &b) || role == Role::CrisisTeam, "{role:?}");
        }
        let mut off = user(Role::CrisisTeam, Scope::District);
        off.active = false;
        assert_eq!(
            sight(&Caller::User(&off), HealthKind::Mental),
            Sight::Nothing
        );
        let actor = Actor::new("operator");
        assert_eq!(
            sight(&Caller::Operator(&actor), HealthKind::Mental),
            Sight::Everything
        );
    }
}
