//! 佐证材料 (evidence): documents attached to a record of a district, written and read once here
//! for the server and the command line.
//!
//! **Who may do what** is one pure function, [`access`], over the caller's role and scope, the
//! record's kind and where the record sits ([`Placement`]: its school, group and 学区, found by
//! [`locate`]):
//!
//! | role | attaches to | reads the documents of |
//! |---|---|---|
//! | 管理员 (admin) | every record of the district | every record |
//! | 督学 (supervisor) | 督导 findings, 督导评估 items | every record |
//! | 市级, 省级 looking into a district | — | every record but teachers (person-level data) |
//! | 集团负责人 (group lead) | their group, its member schools | those, and the teachers, tasks and gaps of their member schools |
//! | 学区负责人 (zone lead) | their 学区 | that, and the schools, teachers, tasks and gaps of its schools |
//! | 学校 (school) | their school, tasks owned by their school | those, and their teachers and gaps |
//! | 责任部门 (department) | tasks owned by their department | those |
//! | others | — | — |
//!
//! Reading follows seeing: whoever may read a record's documents may list and download them;
//! attaching implies reading. The command line's operator holds the database and may do
//! everything ([`Caller::Operator`]).
//!
//! A document is checked by `junheng_io::evidence` (type by content, size, name) before it is
//! stored; only a [`Checked`] file can be attached. Every download is audited by the store.
//!
//! ```no_run
//! # async fn demo(store: &junheng_store::DistrictStore, user: &junheng_store::User,
//! #   bytes: Vec<u8>) -> Result<(), junheng_app::evidence::Refused> {
//! use junheng_app::evidence::{self, Caller, Upload};
//! use junheng_core::record::{RecordKind, RecordRef};
//! let charter = RecordRef::new(RecordKind::Group, "第一教育集团").unwrap();
//! let upload = Upload { record: &charter, title: "集团章程", note: "" };
//! let file = junheng_io::evidence::check(bytes, "集团章程.pdf")?;
//! let stored = evidence::attach(store, &Caller::User(user), &upload, &file).await?;
//! let shown = evidence::documents(store, &Caller::User(user), &charter, false).await?;
//! assert_eq!(shown[0].id, stored.id);
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::fmt;

use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use junheng_io::evidence::{Checked, EvidenceError};
use junheng_store::{
    Actor, DistrictStore, Evidence, NewEvidence, OwnerKind, Role, Scope, StoreError, User,
};

/// Who asks.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    /// The command line's operator (who holds the database), acting as this actor.
    Operator(&'a Actor),
    /// A logged-in user of the district.
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

/// Where a record sits: the school, the education group and the 学区 it belongs to, as far as
/// known. A school's group is the registry's on its latest school year's 1 September, its 学区
/// that year's 学区 column; a group is its own group, a 学区 its own 学区.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// The school the record belongs to.
    pub school: Option<SchoolCode>,
    /// The education group the record (or its school) belongs to.
    pub group: Option<String>,
    /// The 学区 the record (or its school) belongs to.
    pub zone: Option<String>,
    /// The 责任部门 that owns the record (a task owned by a department).
    pub department: Option<String>,
}

/// What a caller may do with a record's documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    /// List and download them.
    pub read: bool,
    /// Attach new ones (and new versions).
    pub attach: bool,
}

impl Access {
    const NONE: Access = Access {
        read: false,
        attach: false,
    };
    const READ: Access = Access {
        read: true,
        attach: false,
    };
    const FULL: Access = Access {
        read: true,
        attach: true,
    };
}

/// What a user of `role` and `scope` may do with the documents of a record of `kind` placed at
/// `place` (see the module's table). A role whose scope does not fit it may do nothing.
///
/// ```
/// use junheng_app::evidence::{Placement, access};
/// use junheng_core::record::RecordKind;
/// use junheng_store::{Role, Scope};
/// let group = Placement { group: Some("一集团".into()), ..Placement::default() };
/// let lead = Scope::Group("一集团".into());
/// assert!(access(Role::GroupLead, &lead, RecordKind::Group, &group).attach);
/// let other = Scope::Group("二集团".into());
/// assert!(!access(Role::GroupLead, &other, RecordKind::Group, &group).read);
/// assert!(!access(Role::Supervisor, &Scope::District, RecordKind::Group, &group).attach);
/// ```
pub fn access(role: Role, scope: &Scope, kind: RecordKind, place: &Placement) -> Access {
    use RecordKind as K;
    if !role.accepts(scope) {
        return Access::NONE;
    }
    let in_group = |g: &String| place.group.as_ref() == Some(g);
    let in_school = |c: &SchoolCode| place.school.as_ref() == Some(c);
    match (role, scope) {
        (Role::Admin, Scope::District) => Access::FULL,
        (Role::Supervisor, Scope::District) => Access {
            read: true,
            attach: matches!(kind, K::Finding | K::SupervisionItem),
        },
        (Role::City, _) | (Role::Province, _) if kind != K::Teacher => Access::READ,
        (Role::GroupLead, Scope::Group(g)) => {
            let attach = match kind {
                K::Group => place.school.is_none() && in_group(g),
                K::School => place.school.is_some() && in_group(g),
                _ => false,
            };
            let read = attach || (matches!(kind, K::Teacher | K::Task | K::Gap) && in_group(g));
            Access { read, attach }
        }
        (Role::ZoneLead, Scope::Zone(z)) => {
            let in_zone = place.zone.as_ref() == Some(z);
            let attach = kind == K::Zone && place.school.is_none() && in_zone;
            let read =
                attach || (matches!(kind, K::School | K::Teacher | K::Task | K::Gap) && in_zone);
            Access { read, attach }
        }
        (Role::School, Scope::School(c)) if in_school(c) => match kind {
            K::School | K::Task => Access::FULL,
            K::Teacher | K::Gap => Access::READ,
            _ => Access::NONE,
        },
        (Role::Department, Scope::Department(d))
            if kind == K::Task && place.department.as_ref() == Some(d) =>
        {
            Access::FULL
        }
        _ => Access::NONE,
    }
}

/// Where `record` sits, checking that it exists where the district keeps such records: a
/// school in the statistics (its group from its latest year), a group in the registry, a
/// teacher in the latest roster (their school and its group). A gap (`学校标识码/indicator`)
/// sits at its school; a task at the school, group or 责任部门 that owns it (a person's task sits
/// nowhere). Kinds whose records this release does not place (findings, 督导评估 items,
/// warnings, pairings, reviews) sit nowhere: only district-wide roles reach them. A 学区 sits
/// at itself.
/// [`StoreError::NotFound`] for a school, group, teacher or task the district does not have.
pub async fn locate(store: &DistrictStore, record: &RecordRef) -> Result<Placement, StoreError> {
    match record.kind {
        RecordKind::School => {
            let code = SchoolCode::parse(&record.key)
                .map_err(|_| StoreError::invalid("学校标识码应为 10 位数字"))?;
            school(store, code).await
        }
        RecordKind::Gap => {
            let code = record
                .key
                .split_once('/')
                .and_then(|(code, _)| SchoolCode::parse(code).ok())
                .ok_or_else(|| StoreError::invalid("指标差距的标识应为“学校标识码/指标”"))?;
            school(store, code).await
        }
        RecordKind::Group => match store.group(&record.key).await? {
            Some(detail) => Ok(Placement {
                group: Some(detail.group.name),
                ..Placement::default()
            }),
            None => Err(StoreError::NotFound("该教育集团")),
        },
        RecordKind::Zone => {
            let name = record.key.trim();
            if store.zone_names().await?.iter().any(|z| z == name) {
                Ok(Placement {
                    zone: Some(name.to_owned()),
                    ..Placement::default()
                })
            } else {
                Err(StoreError::NotFound("该学区"))
            }
        }
        RecordKind::Teacher => {
            let Some(latest) = store.roster_years().await?.into_iter().next() else {
                return Err(StoreError::NotFound("该教师"));
            };
            let roster = store.roster(latest.year).await?;
            let found = roster.iter().find(|t| t.id.as_str() == record.key);
            match found {
                Some(t) => school(store, t.school.clone()).await,
                None => Err(StoreError::NotFound("该教师")),
            }
        }
        RecordKind::Task => {
            let task = match record.key.parse::<i64>() {
                Ok(id) => store.task(id).await?,
                Err(_) => None,
            };
            let Some(task) = task else {
                return Err(StoreError::NotFound("该任务"));
            };
            match (task.owner.kind, task.owner.school()) {
                // A school the statistics do not hold (yet) still owns its task.
                (_, Some(code)) => match school(store, code.clone()).await {
                    Err(StoreError::NotFound(_)) => Ok(Placement {
                        school: Some(code),
                        ..Placement::default()
                    }),
                    placed => placed,
                },
                (OwnerKind::Group, None) => Ok(Placement {
                    group: Some(task.owner.key),
                    ..Placement::default()
                }),
                (OwnerKind::Department, None) => Ok(Placement {
                    department: Some(task.owner.key),
                    ..Placement::default()
                }),
                _ => Ok(Placement::default()),
            }
        }
        RecordKind::SupervisionItem => {
            crate::inspection::item_key(&record.key)?;
            Ok(Placement::default())
        }
        _ => Ok(Placement::default()),
    }
}

/// A school of the district's statistics, with its group of its latest year.
async fn school(store: &DistrictStore, code: SchoolCode) -> Result<Placement, StoreError> {
    let history = store.school_history(&code).await?;
    let Some(latest) = history.into_iter().next() else {
        return Err(StoreError::NotFound("该学校"));
    };
    let group = store
        .groups_on(&junheng_store::membership_date(latest.year))
        .await?
        .remove(&code);
    Ok(Placement {
        group,
        zone: latest
            .record
            .zone
            .map(|z| z.trim().to_owned())
            .filter(|z| !z.is_empty()),
        school: Some(code),
        department: None,
    })
}

/// What `caller` may do with the documents of `record` ([`locate`], then [`access`]).
pub async fn access_to(
    store: &DistrictStore,
    caller: &Caller<'_>,
    record: &RecordRef,
) -> Result<Access, StoreError> {
    let place = locate(store, record).await?;
    Ok(match caller {
        Caller::Operator(_) => Access::FULL,
        Caller::User(user) => access(user.role, &user.scope, record.kind, &place),
    })
}

/// Why an evidence operation did nothing.
#[derive(Debug)]
pub enum Refused {
    /// The caller may not do this with this record (HTTP 403, exit status 2).
    Denied,
    /// The file is not accepted: its stable `evidence.*` code and Chinese message.
    File(EvidenceError),
    /// The store refused (not found, invalid, conflict) or failed.
    Store(StoreError),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Denied => f.write_str("无权查看或上传该记录的佐证材料"),
            Refused::File(e) => write!(f, "{e}"),
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

impl From<EvidenceError> for Refused {
    fn from(e: EvidenceError) -> Self {
        Refused::File(e)
    }
}

impl Refused {
    /// A stable code: `evidence.denied`, the file's `evidence.*`, or the store's `store.*`.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Denied => "evidence.denied",
            Refused::File(e) => e.code,
            Refused::Store(e) => e.code(),
        }
    }
}

/// The titles a record of `kind` usually has documents under, offered when attaching one (any
/// other title may be written).
pub fn suggested_titles(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Group => &["集团章程", "三年发展规划", "考核奖励办法", "联盟要约"],
        RecordKind::School => &["学校章程", "办学条件佐证", "年度工作计划"],
        RecordKind::Finding | RecordKind::Task => &["整改报告", "整改照片"],
        RecordKind::SupervisionItem => &["佐证文件"],
        RecordKind::Teacher => &["教师资格证", "职称证书", "荣誉证书"],
        _ => &[],
    }
}

/// What a document is attached as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upload<'a> {
    /// The record.
    pub record: &'a RecordRef,
    /// The title (slot), e.g. 集团章程.
    pub title: &'a str,
    /// A note (may be empty).
    pub note: &'a str,
}

/// Refuses unless `caller` may attach to `record` (a record the district does not have is not
/// found).
pub async fn may_attach(
    store: &DistrictStore,
    caller: &Caller<'_>,
    record: &RecordRef,
) -> Result<(), Refused> {
    if access_to(store, caller, record).await?.attach {
        Ok(())
    } else {
        Err(Refused::Denied)
    }
}

/// Attaches a checked file to a record as the next version of its title: the caller's right to
/// attach is checked first, then the store writes the document and its audit entry in one
/// transaction. A conflict when the same content is already a version of that title.
pub async fn attach(
    store: &DistrictStore,
    caller: &Caller<'_>,
    upload: &Upload<'_>,
    file: &Checked,
) -> Result<Evidence, Refused> {
    may_attach(store, caller, upload.record).await?;
    let new = NewEvidence {
        record: upload.record,
        title: upload.title,
        note: upload.note,
        file_name: &file.file_name,
        media_type: file.kind.media_type(),
        sha256: &file.sha256,
        content: file.bytes(),
    };
    Ok(store.add_evidence(&new, &caller.actor()).await?)
}

/// [`attach`] of a file not checked yet (the command line): the right to attach, then the
/// file's check within `max_bytes`, then the store.
pub async fn attach_file(
    store: &DistrictStore,
    caller: &Caller<'_>,
    upload: &Upload<'_>,
    file_name: &str,
    bytes: Vec<u8>,
    max_bytes: u64,
) -> Result<Evidence, Refused> {
    may_attach(store, caller, upload.record).await?;
    let file = junheng_io::evidence::check_with(bytes, file_name, max_bytes)?;
    attach(store, caller, upload, &file).await
}

/// The documents of a record the caller may read: the latest version of each title, or every
/// version (`all_versions`).
pub async fn documents(
    store: &DistrictStore,
    caller: &Caller<'_>,
    record: &RecordRef,
    all_versions: bool,
) -> Result<Vec<Evidence>, Refused> {
    if !access_to(store, caller, record).await?.read {
        return Err(Refused::Denied);
    }
    Ok(if all_versions {
        store.evidence_versions(record).await?
    } else {
        store.evidence_of(record).await?
    })
}

/// Every version of every document of the district whose record the caller may read.
pub async fn visible(store: &DistrictStore, caller: &Caller<'_>) -> Result<Vec<Evidence>, Refused> {
    let all = store.all_evidence().await?;
    let mut decided: BTreeMap<RecordRef, bool> = BTreeMap::new();
    let mut out = Vec::with_capacity(all.len());
    for e in all {
        let read = match decided.get(&e.record) {
            Some(read) => *read,
            None => {
                // A record the district no longer has (a school left the statistics) sits
                // nowhere: district-wide roles still read its documents.
                let place = match locate(store, &e.record).await {
                    Ok(place) => place,
                    Err(StoreError::NotFound(_) | StoreError::Invalid(_)) => Placement::default(),
                    Err(other) => return Err(other.into()),
                };
                let read = match caller {
                    Caller::Operator(_) => true,
                    Caller::User(u) => access(u.role, &u.scope, e.record.kind, &place).read,
                };
                decided.insert(e.record.clone(), read);
                read
            }
        };
        if read {
            out.push(e);
        }
    }
    Ok(out)
}

/// One document's description, if the caller may read its record's documents; not found when
/// the district has no such document.
pub async fn describe(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<Evidence, Refused> {
    let e = store
        .evidence(id)
        .await?
        .ok_or(StoreError::NotFound("该佐证材料"))?;
    let place = match locate(store, &e.record).await {
        Ok(place) => place,
        Err(StoreError::NotFound(_) | StoreError::Invalid(_)) => Placement::default(),
        Err(other) => return Err(other.into()),
    };
    let read = match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => access(u.role, &u.scope, e.record.kind, &place).read,
    };
    if read { Ok(e) } else { Err(Refused::Denied) }
}

/// A document and its bytes, for a caller who may read it: the read is audited.
pub async fn open(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<(Evidence, Vec<u8>), Refused> {
    let e = describe(store, caller, id).await?;
    let bytes = store.evidence_content(id, &caller.actor()).await?;
    Ok((e, bytes))
}

#[cfg(test)]
mod tests;
