//! Who may see and do what with tasks.
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line), 管理员 | every task of the district | create, start, submit, close, return, cancel |
//! | 督学 | every task of the district | create from a 督导发现 or a gap; close (验收) and return submitted tasks |
//! | 市级 / 省级 looking into the district | every task of the district | nothing (read-only) |
//! | 集团负责人 | tasks owned by their group or by a school of it | start, submit them |
//! | 学区负责人 | tasks owned by their 学区 or by a school of it | start, submit them |
//! | 学校 | tasks owned by their school | start, submit them (with a note) |
//! | 责任部门 | tasks owned by their department | start, submit them (with a note) |
//! | anyone | tasks owned by them as a person (their login name) | start, submit them |
//!
//! A group's (a 学区's) schools are those the latest school year's statistics put in it (the
//! 教育集团 and 学区 columns), as every other scoped page reads them.

use std::collections::BTreeSet;

use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use junheng_store::{
    Actor, DistrictStore, OwnerKind, Role, Scope, StoreError, Task, TaskOwner, TaskStatus, User,
};

use super::TaskError;

/// A change a viewer may make to a task: the buttons of a task's page and the verbs of
/// `junheng task`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// 开始整改: 待办 → 进行中.
    Start,
    /// 提交验收: 进行中 → 待验收 (with what was done).
    Submit,
    /// 验收关闭: 待验收 → 已完成 (the source re-checked).
    Close,
    /// 退回: 待验收 → 进行中 (with the reason).
    Reopen,
    /// 撤销: 待办, 进行中 or 待验收 → 已撤销 (with the reason).
    Cancel,
}

impl Action {
    /// Every action, in the order a page offers them.
    pub const ALL: [Action; 5] = [
        Action::Start,
        Action::Submit,
        Action::Close,
        Action::Reopen,
        Action::Cancel,
    ];

    /// The stable identifier (forms, the command line): `start`, `submit`, `close`, `reopen`,
    /// `cancel`.
    pub fn id(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Submit => "submit",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Cancel => "cancel",
        }
    }

    /// The action of an [`Action::id`].
    pub fn parse(id: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == id.trim())
    }

    /// 开始整改 / 提交验收 / 验收关闭 / 退回 / 撤销.
    pub fn label(self) -> &'static str {
        match self {
            Action::Start => "开始整改",
            Action::Submit => "提交验收",
            Action::Close => "验收关闭",
            Action::Reopen => "退回",
            Action::Cancel => "撤销",
        }
    }

    /// The status the action reaches.
    pub fn to(self) -> TaskStatus {
        match self {
            Action::Start | Action::Reopen => TaskStatus::InProgress,
            Action::Submit => TaskStatus::Submitted,
            Action::Close => TaskStatus::Done,
            Action::Cancel => TaskStatus::Cancelled,
        }
    }

    /// Whether the action applies to a task of `status` (the machine's own check, with the
    /// return told apart from the start).
    pub fn applies(self, status: TaskStatus) -> bool {
        match self {
            Action::Start => status == TaskStatus::Open,
            Action::Reopen => status == TaskStatus::Submitted,
            other => status.can_become(other.to()),
        }
    }

    /// Whether the action needs a note (the store refuses it without one).
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Submit | Action::Reopen | Action::Cancel)
    }
}

/// What a viewer is, for tasks (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The command line's operator (holds the database itself).
    Operator,
    /// 管理员 of the district.
    Admin,
    /// 督学 of the district.
    Supervisor,
    /// A city or province user looking into the district.
    Reader,
    /// 集团负责人: the group and its schools.
    GroupLead {
        /// The group's name.
        group: String,
        /// Its schools in the latest school year.
        schools: BTreeSet<SchoolCode>,
    },
    /// 学区负责人: the 学区 and its schools.
    ZoneLead {
        /// The 学区's name.
        zone: String,
        /// Its schools in the latest school year.
        schools: BTreeSet<SchoolCode>,
    },
    /// A school's user.
    School(SchoolCode),
    /// A 责任部门's user: the department's name.
    Department(String),
    /// Anyone else: only tasks owned by them as a person.
    Member,
}

/// A viewer of tasks: their login name and standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// Login name (or the operator's actor name): a person's tasks are theirs.
    pub login: String,
    /// What they are.
    pub standing: Standing,
}

impl Who {
    /// The command line's operator, acting as `actor`.
    pub fn operator(actor: &Actor) -> Who {
        Who {
            login: actor.name.clone(),
            standing: Standing::Operator,
        }
    }

    /// What `user` is, given the schools of their group or 学区 (ignored unless they lead one).
    /// A role whose scope does not fit it is a [`Standing::Member`] (fail closed).
    pub fn of(user: &User, group_schools: BTreeSet<SchoolCode>) -> Who {
        let standing = match (user.role, &user.scope) {
            (Role::Admin, Scope::District) => Standing::Admin,
            (Role::Supervisor, Scope::District) => Standing::Supervisor,
            (Role::City, Scope::City(_)) | (Role::Province, Scope::Province(_)) => Standing::Reader,
            (Role::GroupLead, Scope::Group(g)) => Standing::GroupLead {
                group: g.clone(),
                schools: group_schools,
            },
            (Role::ZoneLead, Scope::Zone(z)) => Standing::ZoneLead {
                zone: z.clone(),
                schools: group_schools,
            },
            (Role::School, Scope::School(c)) => Standing::School(c.clone()),
            (Role::Department, Scope::Department(d)) => Standing::Department(d.clone()),
            _ => Standing::Member,
        };
        Who {
            login: user.name.clone(),
            standing,
        }
    }

    /// [`Who::of`], the group's (学区's) schools read from the latest school year's statistics.
    pub async fn load(store: &DistrictStore, user: &User) -> Result<Who, StoreError> {
        let schools = match (user.role, &user.scope) {
            (Role::GroupLead, Scope::Group(g)) => group_schools(store, g).await?,
            (Role::ZoneLead, Scope::Zone(z)) => zone_schools(store, z).await?,
            _ => BTreeSet::new(),
        };
        Ok(Who::of(user, schools))
    }

    /// The actor of the audit log.
    pub fn actor(&self) -> Actor {
        Actor::new(self.login.clone())
    }

    /// Whether every task of the district is visible.
    pub fn sees_all(&self) -> bool {
        matches!(
            self.standing,
            Standing::Operator | Standing::Admin | Standing::Supervisor | Standing::Reader
        )
    }

    /// Whether the task is theirs to work on: owned by them as a person, by their school, or by
    /// their group or one of its schools.
    pub fn owns(&self, task: &Task) -> bool {
        let owner = &task.owner;
        if owner.kind == OwnerKind::User && owner.key == self.login {
            return true;
        }
        match &self.standing {
            Standing::School(code) => owner.kind == OwnerKind::School && owner.key == code.as_str(),
            Standing::Department(d) => owner.kind == OwnerKind::Department && &owner.key == d,
            Standing::GroupLead { group, schools } => match owner.kind {
                OwnerKind::Group => &owner.key == group,
                OwnerKind::School => schools.iter().any(|s| s.as_str() == owner.key),
                _ => false,
            },
            Standing::ZoneLead { zone, schools } => match owner.kind {
                OwnerKind::Zone => &owner.key == zone,
                OwnerKind::School => schools.iter().any(|s| s.as_str() == owner.key),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the task is visible.
    pub fn sees(&self, task: &Task) -> bool {
        self.sees_all() || self.owns(task)
    }

    /// The owners whose tasks are visible: `None` for every task of the district.
    pub fn owners(&self) -> Option<Vec<TaskOwner>> {
        if self.sees_all() {
            return None;
        }
        let owner = |kind, key: &str| TaskOwner {
            kind,
            key: key.to_owned(),
        };
        let mut owners = vec![owner(OwnerKind::User, &self.login)];
        match &self.standing {
            Standing::School(code) => owners.push(owner(OwnerKind::School, code.as_str())),
            Standing::Department(d) => owners.push(owner(OwnerKind::Department, d)),
            Standing::GroupLead { group, schools } => {
                owners.push(owner(OwnerKind::Group, group));
                owners.extend(schools.iter().map(|s| owner(OwnerKind::School, s.as_str())));
            }
            Standing::ZoneLead { zone, schools } => {
                owners.push(owner(OwnerKind::Zone, zone));
                owners.extend(schools.iter().map(|s| owner(OwnerKind::School, s.as_str())));
            }
            _ => {}
        }
        Some(owners)
    }

    /// Whether they may create tasks at all (管理员 and the operator: any; 督学: from a finding
    /// or a gap).
    pub fn may_create(&self) -> bool {
        matches!(
            self.standing,
            Standing::Operator | Standing::Admin | Standing::Supervisor
        )
    }

    /// Refuses a creation they may not make: [`TaskError::Forbidden`] saying who may.
    pub fn check_create(&self, source: Option<&RecordRef>) -> Result<(), TaskError> {
        match (&self.standing, source.map(|s| s.kind)) {
            (Standing::Operator | Standing::Admin, _) => Ok(()),
            (Standing::Supervisor, Some(RecordKind::Finding | RecordKind::Gap)) => Ok(()),
            (Standing::Supervisor, _) => Err(TaskError::Forbidden(
                "督学只能从督导发现或指标差距新建整改任务".into(),
            )),
            _ => Err(TaskError::Forbidden("只有管理员和督学可以新建任务".into())),
        }
    }

    /// Whether their standing allows `action` on the task at all, whatever its status.
    pub fn may_ever(&self, task: &Task, action: Action) -> bool {
        let admin = matches!(self.standing, Standing::Operator | Standing::Admin);
        match action {
            Action::Start | Action::Submit => admin || self.owns(task),
            Action::Close | Action::Reopen => admin || self.standing == Standing::Supervisor,
            Action::Cancel => admin,
        }
    }

    /// The actions they may take on the task now (none on a task they do not see).
    pub fn actions(&self, task: &Task) -> Vec<Action> {
        if !self.sees(task) {
            return Vec::new();
        }
        Action::ALL
            .into_iter()
            .filter(|a| a.applies(task.status) && self.may_ever(task, *a))
            .collect()
    }
}

/// The schools of group `group` in the latest school year's statistics (none without any).
pub async fn group_schools(
    store: &DistrictStore,
    group: &str,
) -> Result<BTreeSet<SchoolCode>, StoreError> {
    let Some(year) = store.years().await?.iter().map(|y| y.year).max() else {
        return Ok(BTreeSet::new());
    };
    Ok(store
        .statistics(year, None)
        .await?
        .into_iter()
        .filter(|r| r.group.as_deref() == Some(group))
        .map(|r| r.code)
        .collect())
}

/// The schools of 学区 `zone` in the latest school year's statistics (none without any).
pub async fn zone_schools(
    store: &DistrictStore,
    zone: &str,
) -> Result<BTreeSet<SchoolCode>, StoreError> {
    let Some(year) = store.years().await?.iter().map(|y| y.year).max() else {
        return Ok(BTreeSet::new());
    };
    Ok(store
        .statistics(year, None)
        .await?
        .into_iter()
        .filter(|r| r.zone.as_deref().map(str::trim) == Some(zone))
        .map(|r| r.code)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, scope: Scope) -> User {
        crate::testing::user("u", role, scope)
    }

    fn task(kind: OwnerKind, key: &str, status: TaskStatus) -> Task {
        Task {
            id: 1,
            title: "t".into(),
            detail: String::new(),
            owner: TaskOwner {
                kind,
                key: key.into(),
            },
            deadline: "2026-06-30".into(),
            status,
            source: None,
            created_by: "a".into(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn each_standing_sees_and_does_its_own() {
        let a = SchoolCode::parse("5001120001").unwrap();
        let b = SchoolCode::parse("5001120002").unwrap();
        let school = Who::of(
            &user(Role::School, Scope::School(a.clone())),
            BTreeSet::new(),
        );
        let lead = Who::of(
            &user(Role::GroupLead, Scope::Group("一集团".into())),
            [a.clone()].into(),
        );
        let dux = Who::of(&user(Role::Supervisor, Scope::District), BTreeSet::new());
        let admin = Who::of(&user(Role::Admin, Scope::District), BTreeSet::new());
        let city = Who::of(
            &user(Role::City, Scope::City("500100".into())),
            BTreeSet::new(),
        );
        let own = task(OwnerKind::School, a.as_str(), TaskStatus::Open);
        let other = task(OwnerKind::School, b.as_str(), TaskStatus::Open);
        let group = task(OwnerKind::Group, "一集团", TaskStatus::InProgress);
        let mine = task(OwnerKind::User, "u", TaskStatus::Open);
        assert!(school.sees(&own) && !school.sees(&other) && !school.sees(&group));
        assert!(lead.sees(&own) && lead.sees(&group) && !lead.sees(&other));
        assert!(city.sees(&other) && city.actions(&other).is_empty());
        assert!(school.sees(&mine) && school.actions(&mine) == [Action::Start]);
        assert_eq!(school.actions(&own), [Action::Start]);
        assert!(school.actions(&other).is_empty());
        assert_eq!(lead.actions(&group), [Action::Submit]);
        assert_eq!(admin.actions(&own), [Action::Start, Action::Cancel]);
        assert!(dux.actions(&own).is_empty());
        let submitted = task(OwnerKind::School, a.as_str(), TaskStatus::Submitted);
        assert_eq!(dux.actions(&submitted), [Action::Close, Action::Reopen]);
        assert!(school.actions(&submitted).is_empty());
        assert!(!school.may_ever(&submitted, Action::Close));
        // Creation.
        let gap = RecordRef::new(RecordKind::Gap, "5001120001/x").unwrap();
        assert!(dux.check_create(Some(&gap)).is_ok());
        assert!(dux.check_create(None).is_err());
        assert!(admin.check_create(None).is_ok());
        assert!(school.check_create(Some(&gap)).is_err() && city.check_create(None).is_err());
        // Owners for the list.
        assert_eq!(admin.owners(), None);
        let owners = lead.owners().unwrap();
        assert_eq!(owners.len(), 3, "person, group, one school: {owners:?}");
        // A zone lead: the 学区's tasks and those of its schools.
        let zone = Who::of(
            &user(Role::ZoneLead, Scope::Zone("城南学区".into())),
            [b.clone()].into(),
        );
        let zoned = task(OwnerKind::Zone, "城南学区", TaskStatus::Open);
        assert!(zone.sees(&zoned) && zone.sees(&other) && !zone.sees(&own));
        assert_eq!(zone.actions(&zoned), [Action::Start]);
        assert_eq!(zone.owners().unwrap().len(), 3);
        // A role with a scope that does not fit it: only a person's own tasks.
        let odd = Who::of(&user(Role::Supervisor, Scope::School(a)), BTreeSet::new());
        assert_eq!(odd.standing, Standing::Member);
        assert!(!odd.sees(&own) && odd.sees(&mine));
    }

    #[test]
    fn actions_apply_to_their_states() {
        use TaskStatus::*;
        assert!(Action::Start.applies(Open) && !Action::Start.applies(Submitted));
        assert!(Action::Reopen.applies(Submitted) && !Action::Reopen.applies(Open));
        assert!(Action::Cancel.applies(Submitted) && !Action::Cancel.applies(Done));
        assert!(Action::Close.applies(Submitted) && !Action::Close.applies(InProgress));
        for a in Action::ALL {
            assert_eq!(Action::parse(a.id()), Some(a));
        }
    }
}
