//! 结对帮扶 (pairings) as a bureau keeps them: recording a pairing (its helped schools checked
//! against the district's statistics), its activities and its end, who may see which, and the
//! sets the comparison of helped with comparable unhelped schools is computed from
//! (`junheng_core::pairing::compare`).
//!
//! **Who may do what** ([`Reach`], [`may_write`]):
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line), 管理员 | every pairing and session of the district | record pairings, activities, ends, sessions; import session files |
//! | 督学; 市级 / 省级 looking into the district | every pairing and session | read |
//! | 集团负责人 | pairings and sessions involving a school of their group (the latest school year's statistics) | read |
//! | 学区负责人 | pairings and sessions involving a school of their 学区 (the latest school year's statistics) | read |
//! | 学校 | pairings and sessions involving their school | read |
//! | others | nothing | — |
//!
//! A scoped viewer sees the partner named on a pairing or session involving their own school
//! (as the rotation ledger names the other school of a move), but the comparison shows them
//! only the helped schools they may see, and the comparison group only when it holds at least
//! [`MIN_SCOPED_GROUP`] schools (a smaller group would show single schools' values).
//!
//! ```
//! use junheng_app::pairings::Reach;
//! use junheng_core::school::SchoolCode;
//! let a = SchoolCode::parse("5001120001").unwrap();
//! let reach = Reach::schools([a.clone()].into());
//! assert!(reach.school(&a) && !reach.all());
//! assert!(Reach::everything().school(&SchoolCode::parse("5001120002").unwrap()));
//! ```

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use junheng_core::school::SchoolCode;
use junheng_io::school::{ImportFailure, Issue};
use junheng_store::{
    Activity, Actor, ClassroomSession, DistrictStore, NewActivity, NewPairing, Pairing, Role,
    Scope, StoreError, User,
};

/// The smallest comparison group a scoped viewer (group lead, school) is shown.
pub const MIN_SCOPED_GROUP: usize = 3;

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    /// The command line's operator (who holds the database), acting as this actor.
    Operator(&'a Actor),
    /// A logged-in user.
    User(&'a User),
}

impl Caller<'_> {
    /// The actor recorded in the audit log.
    pub fn actor(&self) -> Actor {
        match self {
            Caller::Operator(actor) => (*actor).clone(),
            Caller::User(user) => Actor::new(user.name.clone()),
        }
    }
}

/// Why an operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this (HTTP 403, exit status 2).
    Denied,
    /// A file or an entry breaks rules: every problem, located (stable `classroom.*` codes).
    Problems(ImportFailure),
    /// The store refused (not found, invalid, conflict) or failed.
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看或修改该结对帮扶或课堂记录"),
            Refused::Problems(failure) => write!(f, "{failure}"),
            Refused::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refused {}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl Refused {
    /// A stable code: `pairing.denied`, the first problem's `classroom.*`, or the store's.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "pairing.denied",
            Refused::Problems(f) => f.issues.first().map_or("classroom.invalid", |i| i.code),
            Refused::Store(e) => e.code(),
        }
    }
}

/// Which schools' pairings and sessions a caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    all: bool,
    schools: BTreeSet<SchoolCode>,
}

impl Reach {
    /// Every school.
    pub fn everything() -> Reach {
        Reach {
            all: true,
            schools: BTreeSet::new(),
        }
    }

    /// These schools only.
    pub fn schools(schools: BTreeSet<SchoolCode>) -> Reach {
        Reach {
            all: false,
            schools,
        }
    }

    /// What `user` reaches, given the schools of the group or 学区 they lead (ignored for other
    /// roles). A role whose scope does not fit it reaches nothing (fail closed).
    pub fn of_user(user: &User, group_schools: BTreeSet<SchoolCode>) -> Reach {
        match (user.role, &user.scope) {
            (Role::Admin | Role::Supervisor, Scope::District)
            | (Role::City, Scope::City(_))
            | (Role::Province, Scope::Province(_)) => Reach::everything(),
            (Role::GroupLead, Scope::Group(_)) | (Role::ZoneLead, Scope::Zone(_)) => {
                Reach::schools(group_schools)
            }
            (Role::School, Scope::School(code)) => Reach::schools([code.clone()].into()),
            _ => Reach::schools(BTreeSet::new()),
        }
    }

    /// What `caller` reaches, a group's or 学区's schools read from the latest school year's
    /// statistics.
    pub async fn of(store: &DistrictStore, caller: &Caller<'_>) -> Result<Reach, StoreError> {
        let user = match caller {
            Caller::Operator(_) => return Ok(Reach::everything()),
            Caller::User(user) => user,
        };
        let schools = match (user.role, &user.scope) {
            (Role::GroupLead, Scope::Group(g)) => {
                latest_schools(store, |r| r.group.as_deref() == Some(g.as_str())).await?
            }
            (Role::ZoneLead, Scope::Zone(z)) => {
                latest_schools(store, |r| {
                    r.zone.as_deref().map(str::trim) == Some(z.as_str())
                })
                .await?
            }
            _ => BTreeSet::new(),
        };
        Ok(Reach::of_user(user, schools))
    }

    /// Whether every school is reached.
    pub fn all(&self) -> bool {
        self.all
    }

    /// Whether school `code` is reached.
    pub fn school(&self, code: &SchoolCode) -> bool {
        self.all || self.schools.contains(code)
    }

    /// Whether a pairing involves a reached school (as helper or helped).
    pub fn pairing(&self, p: &Pairing) -> bool {
        self.all
            || p.helper.school().is_some_and(|c| self.school(c))
            || p.schools.iter().any(|c| self.school(c))
    }

    /// Whether a session involves a reached school (as giver or receiver).
    pub fn session(&self, s: &ClassroomSession) -> bool {
        self.school(&s.receiver) || s.giver.school().is_some_and(|c| self.school(c))
    }

    /// Whether a comparison group of `units` units may be shown.
    pub fn shows_group(&self, units: usize) -> bool {
        self.all || units >= MIN_SCOPED_GROUP
    }
}

/// The schools of the latest school year's statistics that `keep` keeps (none without any).
async fn latest_schools(
    store: &DistrictStore,
    keep: impl Fn(&junheng_core::school::SchoolRecord) -> bool,
) -> Result<BTreeSet<SchoolCode>, StoreError> {
    let Some(year) = store.years().await?.iter().map(|y| y.year).max() else {
        return Ok(BTreeSet::new());
    };
    Ok(store
        .statistics(year, None)
        .await?
        .into_iter()
        .filter(|r| keep(r))
        .map(|r| r.code)
        .collect())
}

/// Whether `caller` keeps the district's pairings and sessions: the operator, or an
/// administrator of the district.
pub fn may_write(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => u.role == Role::Admin && u.scope == Scope::District,
    }
}

fn writer(caller: &Caller<'_>) -> Result<(), Refused> {
    if may_write(caller) {
        Ok(())
    } else {
        Err(Refused::Denied)
    }
}

/// Every school code of every stored school year.
pub(crate) async fn known_schools(
    store: &DistrictStore,
) -> Result<HashSet<SchoolCode>, StoreError> {
    Ok(store.school_codes().await?.into_iter().collect())
}

/// School codes written in one text: separated by commas, 、, spaces or line breaks.
/// [`StoreError::Invalid`] naming the first that is not 10 digits.
pub fn parse_schools(text: &str) -> Result<Vec<SchoolCode>, StoreError> {
    text.split(|c: char| [',', '，', '、', ';', '；'].contains(&c) || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| {
            SchoolCode::parse(p).map_err(|_| {
                StoreError::Invalid(format!(
                    "学校标识码“{}”应为 10 位数字",
                    p.chars().take(20).collect::<String>()
                ))
            })
        })
        .collect()
}

/// Records a pairing for an administrator (or the operator): its helper school and helped
/// schools must be schools of the district's statistics (of some stored year).
pub async fn add(
    store: &DistrictStore,
    caller: &Caller<'_>,
    new: &NewPairing<'_>,
) -> Result<Pairing, Refused> {
    writer(caller)?;
    let known = known_schools(store).await?;
    let unknown: BTreeSet<String> = new
        .helper
        .school()
        .into_iter()
        .chain(new.schools)
        .filter(|c| !known.contains(*c))
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(StoreError::Invalid(format!(
            "学校标识码 {} 不在本区县任何学年的学校统计数据中；区县外的学校请按名称和所在区县记录",
            unknown.into_iter().collect::<Vec<_>>().join("、")
        ))
        .into());
    }
    Ok(store.add_pairing(new, &caller.actor()).await?)
}

/// Records an activity of a pairing (administrators, the operator).
pub async fn add_activity(
    store: &DistrictStore,
    caller: &Caller<'_>,
    pairing: i64,
    new: &NewActivity<'_>,
) -> Result<Activity, Refused> {
    writer(caller)?;
    Ok(store.add_activity(pairing, new, &caller.actor()).await?)
}

/// Ends a running pairing on `ended_on` (administrators, the operator).
pub async fn end(
    store: &DistrictStore,
    caller: &Caller<'_>,
    pairing: i64,
    ended_on: &str,
) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store
        .end_pairing(pairing, ended_on.trim(), &caller.actor())
        .await?)
}

/// The pairings `caller` sees, oldest first, and what they reach.
pub async fn visible(
    store: &DistrictStore,
    caller: &Caller<'_>,
) -> Result<(Reach, Vec<Pairing>), Refused> {
    let reach = Reach::of(store, caller).await?;
    let mut all = store.pairings().await?;
    all.retain(|p| reach.pairing(p));
    Ok((reach, all))
}

/// One pairing and its activities, for a caller who sees it: [`StoreError::NotFound`] when the
/// district has no such pairing, [`Refused::Denied`] when it involves none of the caller's
/// schools.
pub async fn open(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<(Reach, Pairing, Vec<Activity>), Refused> {
    let pairing = store
        .pairing(id)
        .await?
        .ok_or(StoreError::NotFound("该结对帮扶"))?;
    let reach = Reach::of(store, caller).await?;
    if !reach.pairing(&pairing) {
        return Err(Refused::Denied);
    }
    let activities = store.activities(id).await?;
    Ok((reach, pairing, activities))
}

/// The schools helped by any pairing in force in school year `year`.
pub fn helped_in(pairings: &[Pairing], year: i32) -> BTreeSet<SchoolCode> {
    pairings
        .iter()
        .filter(|p| p.in_force(year))
        .flat_map(|p| p.schools.iter().cloned())
        .collect()
}

/// What the comparison of `pairing` in school year `year` is computed from: its helped schools
/// the viewer may see, and the schools kept out of the comparison group (every school helped by
/// a pairing in force in the year, and every school of this pairing).
pub fn comparison_sets(
    pairing: &Pairing,
    pairings: &[Pairing],
    reach: &Reach,
    year: i32,
) -> (BTreeSet<SchoolCode>, BTreeSet<SchoolCode>) {
    let helped = pairing
        .schools
        .iter()
        .filter(|c| reach.school(c))
        .cloned()
        .collect();
    let mut excluded = helped_in(pairings, year);
    excluded.extend(pairing.schools.iter().cloned());
    (helped, excluded)
}

/// A problem of an entry checked like a file's row (a form on the web, a line on the command
/// line): the `classroom.*` code and its Chinese message, without a file.
pub(crate) fn problem(code: &'static str, column: &str, value: String, message: String) -> Issue {
    Issue {
        code,
        file: "表单".into(),
        sheet: None,
        row: None,
        column: Some(column.to_owned()),
        value: Some(value),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_core::pairing::{HelpKind, PairingKind};
    use junheng_store::Helper;

    fn code(n: u32) -> SchoolCode {
        SchoolCode::parse(&format!("50011200{n:02}")).unwrap()
    }

    fn pairing(id: i64, helper: u32, helped: &[u32], start: &str, end: Option<&str>) -> Pairing {
        Pairing {
            id,
            kind: PairingKind::UrbanRural,
            helper: Helper::School { code: code(helper) },
            schools: helped.iter().map(|n| code(*n)).collect(),
            help: vec![HelpKind::TeachingVisit],
            started_on: start.into(),
            ended_on: end.map(str::to_owned),
            note: String::new(),
            created_by: "dux".into(),
            created_at: String::new(),
        }
    }

    fn user(role: Role, scope: Scope) -> User {
        crate::testing::user("u", role, scope)
    }

    #[test]
    fn reach_follows_role_and_scope_and_fails_closed() {
        let p = pairing(1, 1, &[2, 3], "2023-09-01", None);
        let school = Reach::of_user(&user(Role::School, Scope::School(code(3))), BTreeSet::new());
        assert!(school.pairing(&p) && !school.all());
        let helper = Reach::of_user(&user(Role::School, Scope::School(code(1))), BTreeSet::new());
        assert!(helper.pairing(&p));
        let stranger = Reach::of_user(&user(Role::School, Scope::School(code(9))), BTreeSet::new());
        assert!(!stranger.pairing(&p));
        let lead = Reach::of_user(
            &user(Role::GroupLead, Scope::Group("一集团".into())),
            [code(2)].into(),
        );
        assert!(lead.pairing(&p) && lead.school(&code(2)) && !lead.school(&code(3)));
        let zone = Reach::of_user(
            &user(Role::ZoneLead, Scope::Zone("玉林学区".into())),
            [code(9)].into(),
        );
        assert!(!zone.pairing(&p) && zone.school(&code(9)));
        for role in [Role::Admin, Role::Supervisor] {
            assert!(Reach::of_user(&user(role, Scope::District), BTreeSet::new()).all());
        }
        assert!(
            Reach::of_user(
                &user(Role::City, Scope::City("500100".into())),
                BTreeSet::new()
            )
            .all()
        );
        // A supervisor given a school scope by a corrupt row reaches nothing.
        let odd = Reach::of_user(
            &user(Role::Supervisor, Scope::School(code(2))),
            BTreeSet::new(),
        );
        assert!(!odd.pairing(&p));
        assert!(!odd.shows_group(2) && odd.shows_group(MIN_SCOPED_GROUP));
        assert!(may_write(&Caller::User(&user(
            Role::Admin,
            Scope::District
        ))));
        assert!(!may_write(&Caller::User(&user(
            Role::Supervisor,
            Scope::District
        ))));
        assert!(may_write(&Caller::Operator(&Actor::system())));
    }

    #[test]
    fn comparison_sets_keep_every_helped_school_out_of_the_comparison() {
        let mine = pairing(1, 1, &[2, 3], "2023-09-01", None);
        let other = pairing(2, 1, &[4], "2022-09-01", Some("2024-08-31"));
        let later = pairing(3, 1, &[5], "2025-09-01", None);
        let all = [mine.clone(), other, later];
        let lead = Reach::schools([code(2)].into());
        let (helped, excluded) = comparison_sets(&mine, &all, &lead, 2024);
        assert_eq!(helped, [code(2)].into());
        // Pairing 2 ended before 2024–2025, pairing 3 starts after it.
        assert_eq!(excluded, [code(2), code(3)].into());
        let (_, excluded) = comparison_sets(&mine, &all, &Reach::everything(), 2023);
        assert_eq!(excluded, [code(2), code(3), code(4)].into());
        assert_eq!(helped_in(&all, 2025), [code(2), code(3), code(5)].into());
    }

    #[test]
    fn school_lists_take_every_separator() {
        let codes = parse_schools("5001120001, 5001120002、5001120003\n5001120004；").unwrap();
        assert_eq!(codes.len(), 4);
        let err = parse_schools("5001120001 500112000").unwrap_err();
        assert!(err.to_string().contains("“500112000”"), "{err}");
        assert!(parse_schools("").unwrap().is_empty());
    }
}
