//! Who calls: their standing, what they may do, and what they see of the district.

use std::collections::BTreeSet;

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{
    Actor, Assignment, DistrictStore, Role, Scope as UserScope, StoreError, UnitKind, User,
};

use super::SupervisionError;
use crate::tasks;

/// What a caller is, for 责任督学 (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The command line's operator.
    Operator,
    /// 管理员 of the district.
    Admin,
    /// 督学 of the district.
    Supervisor,
    /// A city or province user looking into the district.
    Reader,
    /// 集团负责人 of a group.
    GroupLead(String),
    /// 学区负责人 of a 学区.
    ZoneLead(String),
    /// A school's user.
    School(SchoolCode),
    /// Anyone else (a role whose scope does not fit it): nothing.
    Nobody,
}

/// A caller: their login and standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Login name (the operator's actor name).
    pub login: String,
    /// What they are.
    pub standing: Standing,
}

impl Caller {
    /// The command line's operator, acting as `actor`.
    pub fn operator(actor: &Actor) -> Caller {
        Caller {
            login: actor.name.clone(),
            standing: Standing::Operator,
        }
    }

    /// What `user` is; a role whose scope does not fit it is [`Standing::Nobody`] (fail
    /// closed).
    pub fn of(user: &User) -> Caller {
        let standing = match (user.role, &user.scope) {
            (Role::Admin, UserScope::District) => Standing::Admin,
            (Role::Supervisor, UserScope::District) => Standing::Supervisor,
            (Role::City, UserScope::City(_)) | (Role::Province, UserScope::Province(_)) => {
                Standing::Reader
            }
            (Role::GroupLead, UserScope::Group(g)) => Standing::GroupLead(g.clone()),
            (Role::ZoneLead, UserScope::Zone(z)) => Standing::ZoneLead(z.clone()),
            (Role::School, UserScope::School(c)) => Standing::School(c.clone()),
            _ => Standing::Nobody,
        };
        Caller {
            login: user.name.clone(),
            standing,
        }
    }

    /// The actor of the audit log.
    pub fn actor(&self) -> Actor {
        Actor::new(self.login.clone())
    }

    /// Whether every assignment and visit of the district is visible.
    pub fn sees_all(&self) -> bool {
        matches!(
            self.standing,
            Standing::Operator | Standing::Admin | Standing::Supervisor | Standing::Reader
        )
    }

    /// Whether they may assign supervisors and end assignments (管理员, the operator).
    pub fn may_assign(&self) -> bool {
        matches!(self.standing, Standing::Operator | Standing::Admin)
    }

    /// Whether they may record visits (管理员, 督学, the operator).
    pub fn may_record(&self) -> bool {
        matches!(
            self.standing,
            Standing::Operator | Standing::Admin | Standing::Supervisor
        )
    }

    pub(super) fn check_assign(&self) -> Result<(), SupervisionError> {
        if self.may_assign() {
            Ok(())
        } else {
            Err(SupervisionError::Forbidden(
                "只有管理员可以指派责任督学".into(),
            ))
        }
    }

    pub(super) fn check_record(&self) -> Result<(), SupervisionError> {
        if self.may_record() {
            Ok(())
        } else {
            Err(SupervisionError::Forbidden(
                "只有管理员和督学可以记录督导；市级、省级用户和学校只能查看".into(),
            ))
        }
    }

    /// The caller as the tasks use-case knows them (only callers who may record get here).
    pub(super) fn tasks_who(&self) -> tasks::Who {
        let standing = match self.standing {
            Standing::Operator => tasks::Standing::Operator,
            Standing::Admin => tasks::Standing::Admin,
            Standing::Supervisor => tasks::Standing::Supervisor,
            _ => tasks::Standing::Member,
        };
        tasks::Who {
            login: self.login.clone(),
            standing,
        }
    }
}

/// What a caller sees of the district: every school, or some (with their 学区 and groups, for
/// the assignments shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The visible schools; `None` for every school of the district.
    pub schools: Option<BTreeSet<SchoolCode>>,
    /// The 学区 whose assignments are visible (besides every one when all is visible).
    pub zones: BTreeSet<String>,
    /// The groups whose assignments are visible.
    pub groups: BTreeSet<String>,
}

pub(super) fn zone_of(r: &SchoolRecord) -> Option<&str> {
    r.zone.as_deref().map(str::trim).filter(|z| !z.is_empty())
}

impl Scope {
    /// What `caller` sees, with the schools' 学区 and groups from `records` (the latest school
    /// year's statistics).
    pub fn of(caller: &Caller, records: &[SchoolRecord]) -> Scope {
        let mut scope = Scope {
            schools: Some(BTreeSet::new()),
            zones: BTreeSet::new(),
            groups: BTreeSet::new(),
        };
        let schools = |keep: &dyn Fn(&SchoolRecord) -> bool| -> BTreeSet<SchoolCode> {
            records
                .iter()
                .filter(|r| keep(r))
                .map(|r| r.code.clone())
                .collect()
        };
        match &caller.standing {
            _ if caller.sees_all() => scope.schools = None,
            Standing::GroupLead(g) => {
                scope.schools = Some(schools(&|r| r.group.as_deref() == Some(g.as_str())));
                scope.groups.insert(g.clone());
            }
            Standing::ZoneLead(z) => {
                scope.schools = Some(schools(&|r| zone_of(r) == Some(z.as_str())));
                scope.zones.insert(z.clone());
            }
            Standing::School(code) => {
                scope.schools = Some([code.clone()].into());
                if let Some(r) = records.iter().find(|r| &r.code == code) {
                    scope.zones.extend(zone_of(r).map(str::to_owned));
                    scope.groups.extend(r.group.clone());
                }
            }
            _ => {}
        }
        scope
    }

    /// Whether visits to `school` are visible.
    pub fn sees(&self, school: &SchoolCode) -> bool {
        self.schools.as_ref().is_none_or(|s| s.contains(school))
    }

    /// Whether an assignment is visible.
    pub fn sees_assignment(&self, a: &Assignment) -> bool {
        self.schools.is_none()
            || match a.unit_kind {
                UnitKind::Zone => self.zones.contains(&a.unit_name),
                UnitKind::Group => self.groups.contains(&a.unit_name),
            }
    }
}

/// The latest school year's statistics (empty without any).
pub async fn latest_records(store: &DistrictStore) -> Result<Vec<SchoolRecord>, StoreError> {
    match store.years().await?.iter().map(|y| y.year).max() {
        Some(year) => store.statistics(year, None).await,
        None => Ok(Vec::new()),
    }
}
