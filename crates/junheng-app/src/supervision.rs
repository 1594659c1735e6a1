//! 责任督学: supervisors assigned to 学区 and education groups, their visits to schools with
//! what they found, and one 整改 task per finding, owned by the visited school.
//!
//! | standing | sees | may |
//! |---|---|---|
//! | operator (the command line), 管理员 | every assignment and visit of the district | assign and end assignments; record a visit under any active supervisor of the district; raise the missing tasks of a visit ([`complete`]) |
//! | 督学 | every assignment and visit of the district | record a visit to any school of the district, under their own login |
//! | 市级 / 省级 looking into the district | every assignment and visit of the district | nothing (read-only) |
//! | 集团负责人 | visits to the schools of their group; its assignments | nothing |
//! | 学区负责人 | visits to the schools of their 学区; its assignments | nothing |
//! | 学校 | visits to their school; the assignments of its 学区 and group | nothing |
//!
//! A school's 学区 and group are those of the latest school year's statistics, as every other
//! scoped page reads them ([`Scope::of`]).
//!
//! **Recording a visit** ([`record_visit`]) checks everything first — the caller, the school
//! (a school of the latest statistics), the day (not after today), the supervisor (an active
//! supervisor of the district), the summary, each finding and the deadline — then writes the
//! visit and its findings in one transaction with its audit entry, then raises one task per
//! finding through the tasks use-case ([`crate::tasks::create`]: source
//! `RecordRef { kind: Finding, key: id }`, owner the school, the finding's deadline) and links
//! each finding to its task ([`DistrictStore::link_finding`]).
//!
//! The tasks store writes a task in a transaction of its own, so the visit and its tasks are
//! **not** one transaction: should raising a task fail once the visit is stored (the database
//! going away between the writes), the visit stays stored, the findings already raised keep
//! their tasks, and [`SupervisionError::Incomplete`] says which visit and how many findings
//! lack their task. [`complete`] raises exactly the missing ones (a task already raised from a
//! finding but not yet linked is linked, never raised twice); the web page of the visit offers
//! it to administrators, the command line as `junheng supervision complete`.

use std::collections::{BTreeSet, HashMap};

use junheng_core::record::RecordKind;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::limits::{MAX_FINDING_TEXT, MAX_TASK_TITLE, MAX_VISIT_FINDINGS};
use junheng_store::{
    Actor, Assignment, DistrictStore, NewAssignment, NewFinding, NewTask, NewVisit, OwnerKind,
    Role, Scope as UserScope, Severity, StoreError, Task, TaskFilter, TaskOwner, TaskStatus,
    UnitKind, User, Visit, VisitFilter,
};

use crate::tasks::{self, TaskError, add_days};

/// Days after the visit a finding's 整改 is due when the form gives no deadline, unless the
/// server's settings say otherwise.
pub const DEFAULT_DEADLINE_DAYS: u32 = 30;

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

    fn check_assign(&self) -> Result<(), SupervisionError> {
        if self.may_assign() {
            Ok(())
        } else {
            Err(SupervisionError::Forbidden(
                "只有管理员可以指派责任督学".into(),
            ))
        }
    }

    fn check_record(&self) -> Result<(), SupervisionError> {
        if self.may_record() {
            Ok(())
        } else {
            Err(SupervisionError::Forbidden(
                "只有管理员和督学可以记录督导；市级、省级用户和学校只能查看".into(),
            ))
        }
    }

    /// The caller as the tasks use-case knows them (only callers who may record get here).
    fn tasks_who(&self) -> tasks::Who {
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

/// Why a 责任督学 operation failed.
#[derive(Debug)]
pub enum SupervisionError {
    /// The store refused (its code and Chinese message); nothing was written.
    Store(StoreError),
    /// The caller may not do this (a Chinese message saying who may); nothing was written.
    Forbidden(String),
    /// The visit is stored, but `missing` of its findings have no task yet: raising one failed
    /// with `cause`. [`complete`] raises them.
    Incomplete {
        /// The stored visit.
        visit: i64,
        /// Its findings still without a task.
        missing: usize,
        /// Why raising the first of them failed.
        cause: Box<TaskError>,
    },
}

impl SupervisionError {
    /// Stable code: the store's, `supervision.forbidden` or `supervision.incomplete`.
    pub fn code(&self) -> &'static str {
        match self {
            SupervisionError::Store(e) => e.code(),
            SupervisionError::Forbidden(_) => "supervision.forbidden",
            SupervisionError::Incomplete { .. } => "supervision.incomplete",
        }
    }
}

impl std::fmt::Display for SupervisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SupervisionError::Store(e) => e.fmt(f),
            SupervisionError::Forbidden(why) => f.write_str(why),
            SupervisionError::Incomplete {
                visit,
                missing,
                cause,
            } => write!(
                f,
                "督导记录 #{visit} 已保存，但其中 {missing} 条督导发现的整改任务未能生成：{cause}。\
                 请管理员在该督导记录页点击“补建整改任务”，或运行 junheng supervision complete \
                 {visit}"
            ),
        }
    }
}

impl std::error::Error for SupervisionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SupervisionError::Store(e) => Some(e),
            SupervisionError::Forbidden(_) => None,
            SupervisionError::Incomplete { cause, .. } => Some(cause.as_ref()),
        }
    }
}

impl From<StoreError> for SupervisionError {
    fn from(e: StoreError) -> Self {
        SupervisionError::Store(e)
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

fn zone_of(r: &SchoolRecord) -> Option<&str> {
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

/// An assignment as a form or the command line gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssignInput<'a> {
    /// The supervisor's login.
    pub supervisor: &'a str,
    /// `zone` (学区) or `group` (教育集团).
    pub unit_kind: &'a str,
    /// The unit's name.
    pub unit: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub since: &'a str,
}

/// Refuses a login that is not an active supervisor of the district.
async fn check_supervisor(store: &DistrictStore, login: &str) -> Result<(), SupervisionError> {
    let login = login.trim();
    if login.is_empty() {
        return Err(StoreError::invalid("请选择督学（本区县已启用的督学的登录名）").into());
    }
    let found = store
        .supervisors()
        .await?
        .into_iter()
        .find(|u| u.name == login);
    match found {
        Some(u) if u.active && u.scope == UserScope::District => Ok(()),
        Some(_) => Err(StoreError::Invalid(format!(
            "督学 {login} 的账号已停用或尚待确认，不能指派或记录督导"
        ))
        .into()),
        None => Err(StoreError::Invalid(format!(
            "本区县没有登录名为“{}”的督学（角色为督学的用户）",
            login.chars().take(40).collect::<String>()
        ))
        .into()),
    }
}

/// Assigns a supervisor to a 学区 or an education group (管理员, the operator).
///
/// Checks that the supervisor is an active supervisor of the district and that the unit is a
/// 学区 or a group of the district (recorded, or named by the latest statistics); the store
/// checks the day and refuses an overlapping assignment of the same supervisor to the unit.
pub async fn assign(
    store: &DistrictStore,
    caller: &Caller,
    input: &AssignInput<'_>,
) -> Result<Assignment, SupervisionError> {
    caller.check_assign()?;
    let kind = UnitKind::parse(input.unit_kind).ok_or_else(|| {
        StoreError::Invalid(format!(
            "负责单位类型应为 zone（学区）或 group（教育集团），收到「{}」",
            input.unit_kind.chars().take(20).collect::<String>()
        ))
    })?;
    check_supervisor(store, input.supervisor).await?;
    let unit = input.unit.trim();
    let known = match kind {
        UnitKind::Zone => store.zone_names().await?.iter().any(|z| z == unit),
        UnitKind::Group => {
            store.groups().await?.iter().any(|g| g.name == unit)
                || !tasks::group_schools(store, unit).await?.is_empty()
        }
    };
    if !known {
        return Err(StoreError::Invalid(format!(
            "本区县没有名为“{}”的{}",
            unit.chars().take(40).collect::<String>(),
            kind.label()
        ))
        .into());
    }
    Ok(store
        .assign_supervisor(
            &NewAssignment {
                supervisor: input.supervisor.trim(),
                unit_kind: kind,
                unit_name: unit,
                since: input.since.trim(),
            },
            &caller.actor(),
        )
        .await?)
}

/// Ends assignment `id` on `until` (its last day; 管理员, the operator).
pub async fn end(
    store: &DistrictStore,
    caller: &Caller,
    id: i64,
    until: &str,
) -> Result<Assignment, SupervisionError> {
    caller.check_assign()?;
    Ok(store
        .end_assignment(id, until.trim(), &caller.actor())
        .await?)
}

/// The assignments `scope` shows, by unit, then first day.
pub async fn assignments(
    store: &DistrictStore,
    scope: &Scope,
) -> Result<Vec<Assignment>, StoreError> {
    let mut all = store.assignments().await?;
    all.retain(|a| scope.sees_assignment(a));
    Ok(all)
}

/// Reads the findings of a form: one a line, empty lines left out, a leading list marker
/// (`1.`, `1、`, `（1）`, `-`, `•`) dropped; a line may start with its severity — `严重：`,
/// `较重：`, `一般：` (or `【严重】`, `[严重]`) — and is 一般 without.
///
/// ```
/// use junheng_app::supervision::parse_findings;
/// use junheng_store::Severity;
/// let found = parse_findings("1. 严重：实验室存在安全隐患\n\n【较重】图书更新不足\n功能室使用记录不全").unwrap();
/// assert_eq!(found[0], (Severity::Severe, "实验室存在安全隐患".to_owned()));
/// assert_eq!(found[1], (Severity::Serious, "图书更新不足".to_owned()));
/// assert_eq!(found[2], (Severity::General, "功能室使用记录不全".to_owned()));
/// assert!(parse_findings("严重：").is_err());
/// ```
pub fn parse_findings(text: &str) -> Result<Vec<(Severity, String)>, StoreError> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let n = out.len() + 1;
        let line = strip_marker(line);
        let (severity, rest) = severity_prefix(line);
        let rest = rest.trim();
        if rest.is_empty() {
            return Err(StoreError::Invalid(format!(
                "第 {n} 条督导发现只写了严重程度，没有写发现的问题"
            )));
        }
        if rest.chars().count() > MAX_FINDING_TEXT {
            return Err(StoreError::Invalid(format!(
                "第 {n} 条督导发现超过 {MAX_FINDING_TEXT} 个字，请拆成几条或精简"
            )));
        }
        out.push((severity, rest.to_owned()));
    }
    if out.len() > MAX_VISIT_FINDINGS {
        return Err(StoreError::Invalid(format!(
            "一次督导最多记录 {MAX_VISIT_FINDINGS} 条发现，收到 {} 条",
            out.len()
        )));
    }
    Ok(out)
}

/// A line without its list marker.
fn strip_marker(line: &str) -> &str {
    for bullet in ["-", "•", "·", "*"] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    if let Some(rest) = line.strip_prefix('（').or_else(|| line.strip_prefix('('))
        && let Some(end) = rest.find(['）', ')'])
        && !rest[..end].is_empty()
        && rest[..end].chars().all(|c| c.is_ascii_digit())
    {
        let close = rest[end..].chars().next().map_or(1, char::len_utf8);
        return rest[end + close..].trim_start();
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        for mark in ['.', '、', '．', ')', '）'] {
            if let Some(after) = rest.strip_prefix(mark) {
                return after.trim_start();
            }
        }
    }
    line
}

/// The severity a line starts with, and the rest.
fn severity_prefix(line: &str) -> (Severity, &str) {
    for s in Severity::ALL {
        let label = s.label();
        for (open, close) in [("【", "】"), ("[", "]")] {
            if let Some(rest) = line
                .strip_prefix(open)
                .and_then(|r| r.strip_prefix(label))
                .and_then(|r| r.strip_prefix(close))
            {
                return (s, rest);
            }
        }
        if let Some(rest) = line.strip_prefix(label)
            && let Some(rest) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))
        {
            return (s, rest);
        }
    }
    (Severity::General, line)
}

/// A visit as a form or the command line gives it: every field as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitInput<'a> {
    /// The school's 学校标识码.
    pub school: &'a str,
    /// The day, `YYYY-MM-DD`.
    pub visited_on: &'a str,
    /// The supervisor's login: required from 管理员 and the operator; a 督学 records under
    /// their own (empty, or their own login).
    pub supervisor: &'a str,
    /// 督导情况.
    pub summary: &'a str,
    /// The findings, one a line ([`parse_findings`]).
    pub findings: &'a str,
    /// The 整改 deadline of every finding, `YYYY-MM-DD`; empty: the visit's day plus the
    /// default number of days.
    pub deadline: &'a str,
}

/// A recorded visit and the tasks raised from its findings (in the findings' order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The visit, its findings linked to their tasks.
    pub visit: Visit,
    /// The tasks.
    pub tasks: Vec<Task>,
}

/// Whether `text` is a real day written `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    add_days(text, 0).is_some()
}

/// Records a visit and raises one task per finding (see the module documentation): everything
/// is checked before anything is written; `today` is the Beijing date the visit may not be
/// after, `default_days` the days after the visit a finding is due without a deadline.
///
/// [`SupervisionError::Forbidden`] for a caller who may not record, or a 督学 naming another
/// supervisor; [`StoreError::Invalid`] (nothing written) for a school that is not in the latest
/// statistics, a day that is not a real `YYYY-MM-DD` or after today, a login that is not an
/// active supervisor of the district, an empty summary, a bad finding, a deadline before the
/// visit; [`SupervisionError::Incomplete`] when the visit is stored but a task could not be
/// raised.
pub async fn record_visit(
    store: &DistrictStore,
    caller: &Caller,
    input: &VisitInput<'_>,
    today: &str,
    default_days: u32,
) -> Result<Recorded, SupervisionError> {
    caller.check_record()?;
    let code = input.school.trim();
    let school = SchoolCode::parse(code).map_err(|_| {
        StoreError::Invalid(format!(
            "学校应为 10 位数字的学校标识码，收到「{}」",
            code.chars().take(40).collect::<String>()
        ))
    })?;
    if !store.has_school(&school).await? {
        return Err(StoreError::Invalid(format!(
            "最新学年的统计数据中没有学校 {school}，请核对学校标识码"
        ))
        .into());
    }
    let visited_on = input.visited_on.trim();
    if !is_day(visited_on) {
        return Err(StoreError::Invalid(format!(
            "督导日期应为实际存在的日期，写作 YYYY-MM-DD（如 2025-03-18），收到「{}」",
            visited_on.chars().take(20).collect::<String>()
        ))
        .into());
    }
    if visited_on > today {
        return Err(StoreError::Invalid(format!(
            "督导日期 {visited_on} 晚于今天（{today}），请记录已经进行的督导"
        ))
        .into());
    }
    let named = input.supervisor.trim();
    let supervisor = match caller.standing {
        Standing::Supervisor => {
            if !named.is_empty() && named != caller.login {
                return Err(SupervisionError::Forbidden(
                    "督学只能以本人名义记录督导".into(),
                ));
            }
            caller.login.clone()
        }
        _ => named.to_owned(),
    };
    check_supervisor(store, &supervisor).await?;
    let findings = parse_findings(input.findings)?;
    let deadline = match input.deadline.trim() {
        "" => add_days(visited_on, i64::from(default_days)).unwrap_or_default(),
        d if is_day(d) => d.to_owned(),
        d => {
            return Err(StoreError::Invalid(format!(
                "整改期限应为实际存在的日期，写作 YYYY-MM-DD（如 2025-04-30），收到「{}」",
                d.chars().take(20).collect::<String>()
            ))
            .into());
        }
    };
    if deadline.as_str() < visited_on {
        return Err(
            StoreError::Invalid(format!("整改期限 {deadline} 早于督导日期 {visited_on}")).into(),
        );
    }
    // Whoever may record may raise a finding's task; asked here so that nothing is written
    // when the tasks use-case would refuse.
    let who = caller.tasks_who();
    if !findings.is_empty() {
        let probe = junheng_core::record::RecordRef {
            kind: RecordKind::Finding,
            key: "0".into(),
        };
        who.check_create(Some(&probe))
            .map_err(|e| SupervisionError::Forbidden(e.to_string()))?;
    }
    let new: Vec<NewFinding<'_>> = findings
        .iter()
        .map(|(severity, text)| NewFinding {
            text,
            severity: *severity,
            deadline: &deadline,
        })
        .collect();
    let visit = store
        .record_visit(
            &NewVisit {
                school: &school,
                visited_on,
                supervisor: &supervisor,
                summary: input.summary,
                findings: &new,
            },
            &caller.actor(),
        )
        .await?;
    complete(store, caller, visit.id).await
}

/// The title of a finding's task: `整改：` and the finding, cut to the tasks' limit.
fn task_title(text: &str) -> String {
    let title = format!("整改：{text}");
    if title.chars().count() <= MAX_TASK_TITLE {
        return title;
    }
    let mut cut: String = title.chars().take(MAX_TASK_TITLE - 1).collect();
    cut.push('…');
    cut
}

/// Raises the task of every finding of visit `id` that has none and links it (管理员, 督学,
/// the operator): a task raised from a finding but not linked (a link that failed) is linked,
/// never raised again. Returns the visit with its findings linked and their tasks, in the
/// findings' order.
///
/// [`SupervisionError::Incomplete`] when a task cannot be raised or linked (the findings before
/// it keep theirs).
pub async fn complete(
    store: &DistrictStore,
    caller: &Caller,
    id: i64,
) -> Result<Recorded, SupervisionError> {
    caller.check_record()?;
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    let who = caller.tasks_who();
    let owner = TaskOwner::new(OwnerKind::School, visit.school.as_str())?;
    let missing = visit.findings.iter().filter(|f| f.task.is_none()).count();
    for (raised, f) in visit
        .findings
        .iter()
        .filter(|f| f.task.is_none())
        .enumerate()
    {
        let step = async {
            let source = f.record();
            let earlier = store
                .tasks(&TaskFilter {
                    source: Some(&source),
                    ..TaskFilter::default()
                })
                .await?;
            let task = match earlier.into_iter().next() {
                Some(t) => t,
                None => {
                    let detail = format!(
                        "督导发现（{}）：{}\n督导日期：{}；责任督学：{}",
                        f.severity.label(),
                        f.text,
                        visit.visited_on,
                        visit.supervisor
                    );
                    tasks::create(
                        store,
                        &who,
                        &NewTask {
                            title: &task_title(&f.text),
                            detail: &detail,
                            owner: &owner,
                            deadline: &f.deadline,
                            source: Some(&source),
                        },
                    )
                    .await?
                }
            };
            store.link_finding(f.id, task.id, &caller.actor()).await?;
            Ok::<(), TaskError>(())
        };
        if let Err(cause) = step.await {
            return Err(SupervisionError::Incomplete {
                visit: visit.id,
                missing: missing - raised,
                cause: Box::new(cause),
            });
        }
    }
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    let mut tasks = Vec::new();
    for f in &visit.findings {
        if let Some(task) = f.task
            && let Some(t) = store.task(task).await?
        {
            tasks.push(t);
        }
    }
    Ok(Recorded { visit, tasks })
}

/// Which visits to list, besides the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitQuery {
    /// Only visits to this school.
    pub school: Option<SchoolCode>,
    /// Only visits recorded under this supervisor's login.
    pub supervisor: Option<String>,
    /// Only visits to the schools of this 学区 or group (in the latest statistics).
    pub unit: Option<(UnitKind, String)>,
    /// Only visits on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only visits on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
}

/// The visits of `scope` that `query` selects, newest first; `records` are the latest school
/// year's statistics (a unit's schools). [`StoreError::Invalid`] for a date that is not a real
/// `YYYY-MM-DD`.
pub async fn visits(
    store: &DistrictStore,
    scope: &Scope,
    query: &VisitQuery,
    records: &[SchoolRecord],
) -> Result<Vec<Visit>, StoreError> {
    for (day, field) in [(&query.from, "起始日期"), (&query.to, "截止日期")] {
        if let Some(day) = day
            && !is_day(day)
        {
            return Err(StoreError::Invalid(format!(
                "{field}应写作 YYYY-MM-DD（如 2025-03-18），收到「{}」",
                day.chars().take(20).collect::<String>()
            )));
        }
    }
    let mut schools: Option<BTreeSet<SchoolCode>> = scope.schools.clone();
    let mut narrow = |only: BTreeSet<SchoolCode>| {
        schools = Some(match schools.take() {
            Some(s) => s.intersection(&only).cloned().collect(),
            None => only,
        });
    };
    if let Some(code) = &query.school {
        narrow([code.clone()].into());
    }
    if let Some((kind, name)) = &query.unit {
        let name = name.trim();
        narrow(
            records
                .iter()
                .filter(|r| match kind {
                    UnitKind::Zone => zone_of(r) == Some(name),
                    UnitKind::Group => r.group.as_deref() == Some(name),
                })
                .map(|r| r.code.clone())
                .collect(),
        );
    }
    let schools: Option<Vec<SchoolCode>> = schools.map(|s| s.into_iter().collect());
    store
        .visits(&VisitFilter {
            schools: schools.as_deref(),
            supervisor: query.supervisor.as_deref(),
            from: query.from.as_deref(),
            to: query.to.as_deref(),
        })
        .await
}

/// Visit `id`, if `scope` shows it: [`StoreError::NotFound`] for no visit of the district,
/// [`SupervisionError::Forbidden`] for a visit to a school outside the scope.
pub async fn visit(
    store: &DistrictStore,
    scope: &Scope,
    id: i64,
) -> Result<Visit, SupervisionError> {
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    if !scope.sees(&visit.school) {
        return Err(SupervisionError::Forbidden(
            "该督导记录不在您的范围内".into(),
        ));
    }
    Ok(visit)
}

/// The visit of finding `id`, if `scope` shows it (as [`visit`]).
pub async fn visit_of_finding(
    store: &DistrictStore,
    scope: &Scope,
    id: i64,
) -> Result<Visit, SupervisionError> {
    let finding = store
        .finding(id)
        .await?
        .ok_or(StoreError::NotFound("该督导发现"))?;
    visit(store, scope, finding.visit).await
}

/// How the 整改 of a visit's findings stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Findings.
    pub findings: usize,
    /// Findings with a task.
    pub raised: usize,
    /// Their tasks done (已完成).
    pub done: usize,
    /// Their tasks overdue on the day asked.
    pub overdue: usize,
}

/// How the findings of `visit` stand on `today`, their tasks looked up in `tasks` (by id).
pub fn progress(visit: &Visit, tasks: &HashMap<i64, Task>, today: &str) -> Progress {
    let mut p = Progress {
        findings: visit.findings.len(),
        ..Progress::default()
    };
    for task in visit
        .findings
        .iter()
        .filter_map(|f| f.task.and_then(|t| tasks.get(&t)))
    {
        p.raised += 1;
        p.done += usize::from(task.status == TaskStatus::Done);
        p.overdue += usize::from(task.is_overdue(today));
    }
    p
}

/// Every task of the district raised from a finding, by id (what [`progress`] reads).
pub async fn finding_tasks(store: &DistrictStore) -> Result<HashMap<i64, Task>, StoreError> {
    Ok(store
        .tasks(&TaskFilter::default())
        .await?
        .into_iter()
        .filter(|t| {
            t.source
                .as_ref()
                .is_some_and(|s| s.kind == RecordKind::Finding)
        })
        .map(|t| (t.id, t))
        .collect())
}

#[cfg(test)]
mod tests;
