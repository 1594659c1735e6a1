//! 责任督学: supervisors (督学, users of role `supervisor`) assigned to a 学区 or an education
//! group, their visits to schools with what they found (督导发现), and each finding's link to
//! the task (整改任务) raised from it.
//!
//! - **Assignments** ([`Assignment`]): a supervisor's login, a unit ([`UnitKind`] and its name)
//!   and the days it runs (`since`, and `until` once ended; both included). An assignment is
//!   ended, never deleted; the same supervisor cannot hold two overlapping assignments to one
//!   unit.
//! - **Visits** ([`Visit`]): a school, the day, the supervisor it is recorded under, a summary,
//!   and its findings ([`Finding`]: text, [`Severity`], the 整改 deadline given, and the task
//!   once raised). A visit and its findings are written at once, with their audit entry; they
//!   are never edited.
//! - **Links**: [`DistrictStore::link_finding`] records the task raised from a finding (whose
//!   source is `finding:<id>`), once.
//!
//! This crate checks what a record says by itself (limits, dates, a login's shape); that a
//! supervisor is an active supervisor of the district, that a unit and a school exist, who may
//! write and who may read, and the raising of the tasks are `junheng_app::supervision`'s.

use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::{parse_word, school_code, to_u32};
use crate::limits::{
    MAX_FINDING_TEXT, MAX_GROUP_NAME, MAX_SCHOOL_TEXT, MAX_USER_NAME, MAX_VISIT_FINDINGS,
    MAX_VISIT_SUMMARY, check_actor, check_required,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::users::{UserRow, user_select};
use crate::{Actor, Role, StoreError, User};

/// What a supervisor is assigned to. Stored as its [`UnitKind::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A 学区, by name.
    Zone,
    /// An education group (教育集团), by name.
    Group,
}

impl UnitKind {
    /// Both kinds.
    pub const ALL: [UnitKind; 2] = [UnitKind::Zone, UnitKind::Group];

    /// The stable identifier: `zone`, `group`.
    pub fn id(self) -> &'static str {
        match self {
            UnitKind::Zone => "zone",
            UnitKind::Group => "group",
        }
    }

    /// 学区 / 教育集团.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Zone => "学区",
            UnitKind::Group => "教育集团",
        }
    }

    /// The kind of an identifier (or of its Chinese name).
    pub fn parse(text: &str) -> Option<UnitKind> {
        let text = text.trim();
        UnitKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }
}

/// How serious a finding is. Stored as its [`Severity::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 一般.
    General,
    /// 较重.
    Serious,
    /// 严重.
    Severe,
}

impl Severity {
    /// Every severity, lightest first.
    pub const ALL: [Severity; 3] = [Severity::General, Severity::Serious, Severity::Severe];

    /// The stable identifier: `general`, `serious`, `severe`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::General => "general",
            Severity::Serious => "serious",
            Severity::Severe => "severe",
        }
    }

    /// 一般 / 较重 / 严重.
    pub fn label(self) -> &'static str {
        match self {
            Severity::General => "一般",
            Severity::Serious => "较重",
            Severity::Severe => "严重",
        }
    }

    /// The severity of an identifier or of its Chinese name.
    pub fn parse(text: &str) -> Option<Severity> {
        let text = text.trim();
        Severity::ALL
            .into_iter()
            .find(|s| s.id() == text || s.label() == text)
    }
}

/// A supervisor's assignment to a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// Row id.
    pub id: i64,
    /// The supervisor's login.
    pub supervisor: String,
    /// 学区 or 教育集团.
    pub unit_kind: UnitKind,
    /// The unit's name.
    pub unit_name: String,
    /// First day, `YYYY-MM-DD`.
    pub since: String,
    /// Last day, `YYYY-MM-DD`; `None` while it runs.
    pub until: Option<String>,
    /// Who recorded it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl Assignment {
    /// Whether the assignment runs on `date` (`YYYY-MM-DD`; both ends included).
    pub fn in_force(&self, date: &str) -> bool {
        self.since.as_str() <= date && self.until.as_deref().is_none_or(|u| date <= u)
    }
}

/// An assignment to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAssignment<'a> {
    /// The supervisor's login (trimmed; no spaces).
    pub supervisor: &'a str,
    /// 学区 or 教育集团.
    pub unit_kind: UnitKind,
    /// The unit's name (trimmed; a 学区 at most [`MAX_SCHOOL_TEXT`], a group at most
    /// [`MAX_GROUP_NAME`] characters).
    pub unit_name: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub since: &'a str,
}

/// A finding to record with its visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewFinding<'a> {
    /// What was found (trimmed; not empty; at most [`MAX_FINDING_TEXT`] characters).
    pub text: &'a str,
    /// How serious it is.
    pub severity: Severity,
    /// The 整改 deadline, `YYYY-MM-DD`, not before the visit.
    pub deadline: &'a str,
}

/// A visit to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewVisit<'a> {
    /// The visited school.
    pub school: &'a SchoolCode,
    /// The day, `YYYY-MM-DD`.
    pub visited_on: &'a str,
    /// The supervisor's login the visit is recorded under.
    pub supervisor: &'a str,
    /// 督导情况 (trimmed; not empty; at most [`MAX_VISIT_SUMMARY`] characters).
    pub summary: &'a str,
    /// The findings, in order: at most [`MAX_VISIT_FINDINGS`].
    pub findings: &'a [NewFinding<'a>],
}

/// A finding of a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Row id (a finding's [`RecordRef`] key: `finding:<id>`).
    pub id: i64,
    /// The visit.
    pub visit: i64,
    /// Its place in the visit, from 1.
    pub seq: u32,
    /// What was found.
    pub text: String,
    /// How serious it is.
    pub severity: Severity,
    /// The 整改 deadline, `YYYY-MM-DD`.
    pub deadline: String,
    /// The task raised from it, once raised.
    pub task: Option<i64>,
}

impl Finding {
    /// The finding as a record (its task's source; evidence attaches to it).
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::Finding,
            key: self.id.to_string(),
        }
    }
}

/// A recorded visit with its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    /// Row id.
    pub id: i64,
    /// The visited school.
    pub school: SchoolCode,
    /// The day, `YYYY-MM-DD`.
    pub visited_on: String,
    /// The supervisor's login.
    pub supervisor: String,
    /// 督导情况.
    pub summary: String,
    /// Who recorded it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Its findings, in order.
    pub findings: Vec<Finding>,
}

/// Which visits [`DistrictStore::visits`] returns; the default is every visit of the district.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitFilter<'a> {
    /// Only visits to these schools (an empty slice: none).
    pub schools: Option<&'a [SchoolCode]>,
    /// Only visits recorded under this supervisor's login.
    pub supervisor: Option<&'a str>,
    /// Only visits on or after this day (`YYYY-MM-DD`).
    pub from: Option<&'a str>,
    /// Only visits on or before this day (`YYYY-MM-DD`).
    pub to: Option<&'a str>,
}

struct AssignmentRow {
    id: i64,
    supervisor: String,
    unit_kind: String,
    unit_name: String,
    since: String,
    until: Option<String>,
    created_by: String,
    created_at: String,
}
from_row!(AssignmentRow {
    id,
    supervisor,
    unit_kind,
    unit_name,
    since,
    until,
    created_by,
    created_at
});

struct VisitRow {
    id: i64,
    school_code: String,
    visited_on: String,
    supervisor: String,
    summary: String,
    created_by: String,
    created_at: String,
}
from_row!(VisitRow {
    id,
    school_code,
    visited_on,
    supervisor,
    summary,
    created_by,
    created_at
});

struct FindingRow {
    id: i64,
    visit_id: i64,
    seq: i64,
    content: String,
    severity: String,
    deadline: String,
    task_id: Option<i64>,
}
from_row!(FindingRow {
    id,
    visit_id,
    seq,
    content,
    severity,
    deadline,
    task_id
});

const ASSIGNMENT_COLUMNS: &str =
    "id, supervisor, unit_kind, unit_name, since, until, created_by, created_at";
const VISIT_COLUMNS: &str =
    "v.id, v.school_code, v.visited_on, v.supervisor, v.summary, v.created_by, v.created_at";
const FINDING_COLUMNS: &str =
    "f.id, f.visit_id, f.seq, f.content, f.severity, f.deadline, f.task_id";

impl TryFrom<AssignmentRow> for Assignment {
    type Error = StoreError;

    fn try_from(r: AssignmentRow) -> Result<Self, StoreError> {
        Ok(Assignment {
            id: r.id,
            supervisor: r.supervisor,
            unit_kind: parse_word(&r.unit_kind, "supervisor_assignments", "unit_kind")?,
            unit_name: r.unit_name,
            since: r.since,
            until: r.until,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

impl TryFrom<FindingRow> for Finding {
    type Error = StoreError;

    fn try_from(r: FindingRow) -> Result<Self, StoreError> {
        const F: &str = "supervision_findings";
        Ok(Finding {
            id: r.id,
            visit: r.visit_id,
            seq: to_u32(r.seq, F, "seq")?,
            text: r.content,
            severity: parse_word(&r.severity, F, "severity")?,
            deadline: r.deadline,
            task: r.task_id,
        })
    }
}

impl VisitRow {
    fn into_visit(self, findings: Vec<Finding>) -> Result<Visit, StoreError> {
        Ok(Visit {
            id: self.id,
            school: school_code(&self.school_code, "supervision_visits", "school_code")?,
            visited_on: self.visited_on,
            supervisor: self.supervisor,
            summary: self.summary,
            created_by: self.created_by,
            created_at: self.created_at,
            findings,
        })
    }
}

/// A `YYYY-MM-DD` date or a refusal naming the field.
fn date(text: &str, field: &str) -> Result<(), StoreError> {
    if is_date(text) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{field}应为实际存在的日期，写作 YYYY-MM-DD（如 2025-03-18），收到「{}」",
            text.chars().take(20).collect::<String>()
        )))
    }
}

/// A supervisor's login: not empty, at most [`MAX_USER_NAME`] characters, no spaces.
fn login(text: &str) -> Result<(), StoreError> {
    check_required(text, "督学（登录名）", MAX_USER_NAME)?;
    if text.chars().any(char::is_whitespace) {
        return Err(StoreError::invalid("督学的登录名不能包含空格"));
    }
    Ok(())
}

/// What a [`NewVisit`] says, checked; the findings' texts trimmed.
fn checked_visit<'a>(new: &NewVisit<'a>) -> Result<Vec<(&'a str, Severity, &'a str)>, StoreError> {
    login(new.supervisor.trim())?;
    date(new.visited_on, "督导日期")?;
    check_required(new.summary.trim(), "督导情况", MAX_VISIT_SUMMARY)?;
    if new.findings.len() > MAX_VISIT_FINDINGS {
        return Err(StoreError::Invalid(format!(
            "一次督导最多记录 {MAX_VISIT_FINDINGS} 条发现，收到 {} 条",
            new.findings.len()
        )));
    }
    let mut out = Vec::with_capacity(new.findings.len());
    for (i, f) in new.findings.iter().enumerate() {
        let text = f.text.trim();
        check_required(text, &format!("第 {} 条督导发现", i + 1), MAX_FINDING_TEXT)?;
        date(f.deadline, &format!("第 {} 条督导发现的整改期限", i + 1))?;
        if f.deadline < new.visited_on {
            return Err(StoreError::Invalid(format!(
                "第 {} 条督导发现的整改期限 {} 早于督导日期 {}",
                i + 1,
                f.deadline,
                new.visited_on
            )));
        }
        out.push((text, f.severity, f.deadline));
    }
    Ok(out)
}

impl DistrictStore {
    /// The supervisors (督学) of the district: its users of role `supervisor`, active or not,
    /// by login.
    pub async fn supervisors(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                user_select!(),
                " FROM users u WHERE u.district_id = $1 AND u.role = $2 ORDER BY u.name"
            ))
            .bind(self.id)
            .bind(Role::Supervisor.id())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(User::try_from).collect()
    }

    /// Records an assignment, with its audit entry, in one transaction; returns it as stored.
    ///
    /// [`StoreError::Invalid`] (nothing written) for a bad login, an empty or too long unit
    /// name, a day that is not a real `YYYY-MM-DD`; [`StoreError::Conflict`] when the same
    /// supervisor already holds an assignment to the unit that runs on or after `since`.
    pub async fn assign_supervisor(
        &self,
        new: &NewAssignment<'_>,
        actor: &Actor,
    ) -> Result<Assignment, StoreError> {
        check_actor(actor)?;
        let supervisor = new.supervisor.trim();
        login(supervisor)?;
        let unit = new.unit_name.trim();
        match new.unit_kind {
            UnitKind::Zone => check_required(unit, "学区名称", MAX_SCHOOL_TEXT)?,
            UnitKind::Group => check_required(unit, "教育集团名称", MAX_GROUP_NAME)?,
        }
        date(new.since, "开始日期")?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let held: Option<(String,)> = sqlx::query_as(
                "SELECT since FROM supervisor_assignments WHERE district_id = $1 \
                 AND supervisor = $2 AND unit_kind = $3 AND unit_name = $4 \
                 AND (until IS NULL OR until >= $5) ORDER BY since LIMIT 1",
            )
            .bind(self.id)
            .bind(supervisor)
            .bind(new.unit_kind.id())
            .bind(unit)
            .bind(new.since)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((since,)) = held {
                return Err(StoreError::Conflict(format!(
                    "督学 {supervisor} 已负责{}“{unit}”（自 {since} 起），不能重复指派",
                    new.unit_kind.label()
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO supervisor_assignments (district_id, supervisor, unit_kind, \
                 unit_name, since, until, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(supervisor)
            .bind(new.unit_kind.id())
            .bind(unit)
            .bind(new.since)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_ASSIGN,
                format!("assignment:{id}"),
                format!(
                    "supervisor={supervisor} unit={}:{unit} since={}",
                    new.unit_kind.id(),
                    new.since
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(Assignment {
            id,
            supervisor: supervisor.to_owned(),
            unit_kind: new.unit_kind,
            unit_name: unit.to_owned(),
            since: new.since.to_owned(),
            until: None,
            created_by: actor.name.clone(),
            created_at: at,
        })
    }

    /// Sets the last day of a running assignment, with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such assignment;
    /// [`StoreError::Conflict`] when it has ended already; [`StoreError::Invalid`] for a day
    /// before its first.
    pub async fn end_assignment(
        &self,
        id: i64,
        until: &str,
        actor: &Actor,
    ) -> Result<Assignment, StoreError> {
        check_actor(actor)?;
        date(until, "结束日期")?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT since, until FROM supervisor_assignments \
                 WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((since, ended)) = found else {
                return Err(StoreError::NotFound("该督学指派"));
            };
            if let Some(ended) = ended {
                return Err(StoreError::Conflict(format!("该督学指派已于 {ended} 结束")));
            }
            if until < since.as_str() {
                return Err(StoreError::Invalid(format!(
                    "结束日期 {until} 不能早于开始日期 {since}"
                )));
            }
            sqlx::query(
                "UPDATE supervisor_assignments SET until = $1 WHERE district_id = $2 AND id = $3",
            )
            .bind(until)
            .bind(self.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_END,
                format!("assignment:{id}"),
                format!("until={until}")
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.assignment(id)
            .await?
            .ok_or(StoreError::NotFound("该督学指派"))
    }

    /// Every assignment of the district, by unit, then first day.
    pub async fn assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        self.assignments_where(None).await
    }

    /// Assignment `id` of the district, if it has it.
    pub async fn assignment(&self, id: i64) -> Result<Option<Assignment>, StoreError> {
        Ok(self.assignments_where(Some(id)).await?.into_iter().next())
    }

    async fn assignments_where(&self, id: Option<i64>) -> Result<Vec<Assignment>, StoreError> {
        let rows: Vec<AssignmentRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {ASSIGNMENT_COLUMNS} FROM supervisor_assignments \
                 WHERE district_id = $1 AND ($2 IS NULL OR id = $2) \
                 ORDER BY unit_kind DESC, unit_name, since, id"
            )))
            .bind(self.id)
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Assignment::try_from).collect()
    }

    /// Records a visit and its findings, with its audit entry, in one transaction; returns it
    /// as stored.
    ///
    /// [`StoreError::Invalid`] (nothing written) for a bad login, a day that is not a real
    /// `YYYY-MM-DD`, an empty or too long summary or finding, more than
    /// [`MAX_VISIT_FINDINGS`] findings, or a finding's deadline before the visit.
    pub async fn record_visit(
        &self,
        new: &NewVisit<'_>,
        actor: &Actor,
    ) -> Result<Visit, StoreError> {
        check_actor(actor)?;
        let findings = checked_visit(new)?;
        let supervisor = new.supervisor.trim();
        let summary = new.summary.trim();
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO supervision_visits (district_id, school_code, visited_on, \
                 supervisor, summary, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(self.id)
            .bind(new.school.as_str())
            .bind(new.visited_on)
            .bind(supervisor)
            .bind(summary)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            for (i, (text, severity, deadline)) in findings.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO supervision_findings (visit_id, seq, content, severity, \
                     deadline, task_id) VALUES ($1, $2, $3, $4, $5, NULL)",
                )
                .bind(id)
                .bind(i as i64 + 1)
                .bind(*text)
                .bind(severity.id())
                .bind(*deadline)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_VISIT,
                format!("visit:{id}"),
                format!(
                    "school={} date={} supervisor={supervisor} findings={}",
                    new.school,
                    new.visited_on,
                    findings.len()
                )
            )?;
            tx.commit().await?;
            id
        });
        self.visit(id)
            .await?
            .ok_or(StoreError::NotFound("刚记录的督导"))
    }

    /// Visit `id` of the district with its findings, if it has it.
    pub async fn visit(&self, id: i64) -> Result<Option<Visit>, StoreError> {
        Ok(self
            .visits_where(Some(id), &VisitFilter::default())
            .await?
            .into_iter()
            .next())
    }

    /// The district's visits that `filter` selects, with their findings, newest first.
    pub async fn visits(&self, filter: &VisitFilter<'_>) -> Result<Vec<Visit>, StoreError> {
        self.visits_where(None, filter).await
    }

    async fn visits_where(
        &self,
        id: Option<i64>,
        filter: &VisitFilter<'_>,
    ) -> Result<Vec<Visit>, StoreError> {
        if filter.schools.is_some_and(<[SchoolCode]>::is_empty) {
            return Ok(Vec::new());
        }
        // Every value but the district and the id is text: the SQL names them $3, $4… in
        // order; the same condition selects the visits and their findings.
        let mut binds: Vec<String> = Vec::new();
        let mut arg = |value: &str| {
            binds.push(value.to_owned());
            format!("${}", binds.len() + 2)
        };
        let mut cond = String::from("v.district_id = $1 AND ($2 IS NULL OR v.id = $2)");
        if let Some(schools) = filter.schools {
            let codes: Vec<String> = schools.iter().map(|s| arg(s.as_str())).collect();
            cond.push_str(&format!(" AND v.school_code IN ({})", codes.join(", ")));
        }
        if let Some(supervisor) = filter.supervisor {
            cond.push_str(&format!(" AND v.supervisor = {}", arg(supervisor)));
        }
        if let Some(from) = filter.from {
            cond.push_str(&format!(" AND v.visited_on >= {}", arg(from)));
        }
        if let Some(to) = filter.to {
            cond.push_str(&format!(" AND v.visited_on <= {}", arg(to)));
        }
        let visits_sql = format!(
            "SELECT {VISIT_COLUMNS} FROM supervision_visits v WHERE {cond} \
             ORDER BY v.visited_on DESC, v.id DESC"
        );
        let findings_sql = format!(
            "SELECT {FINDING_COLUMNS} FROM supervision_findings f \
             JOIN supervision_visits v ON v.id = f.visit_id WHERE {cond} \
             ORDER BY f.visit_id, f.seq"
        );
        let (rows, findings): (Vec<VisitRow>, Vec<FindingRow>) = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            // Built from our own constants and numbered placeholders only.
            let mut query = sqlx::query_as(AssertSqlSafe(visits_sql.clone()))
                .bind(self.id)
                .bind(id);
            for value in &binds {
                query = query.bind(value.as_str());
            }
            let rows = query.fetch_all(&mut *tx).await?;
            let mut query = sqlx::query_as(AssertSqlSafe(findings_sql.clone()))
                .bind(self.id)
                .bind(id);
            for value in &binds {
                query = query.bind(value.as_str());
            }
            let findings = query.fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (rows, findings)
        });
        let mut by_visit: std::collections::HashMap<i64, Vec<Finding>> =
            std::collections::HashMap::new();
        for f in findings {
            let f = Finding::try_from(f)?;
            by_visit.entry(f.visit).or_default().push(f);
        }
        rows.into_iter()
            .map(|r| {
                let mine = by_visit.remove(&r.id).unwrap_or_default();
                r.into_visit(mine)
            })
            .collect()
    }

    /// Finding `id` of a visit of the district, if there is one.
    pub async fn finding(&self, id: i64) -> Result<Option<Finding>, StoreError> {
        let row: Option<FindingRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {FINDING_COLUMNS} FROM supervision_findings f \
                 JOIN supervision_visits v ON v.id = f.visit_id \
                 WHERE v.district_id = $1 AND f.id = $2"
            )))
            .bind(self.id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Finding::try_from).transpose()
    }

    /// Records that task `task` was raised from finding `finding`, with its audit entry.
    ///
    /// [`StoreError::NotFound`] when the district has no such finding or task;
    /// [`StoreError::Invalid`] when the task's source is not this finding;
    /// [`StoreError::Conflict`] when the finding is linked to another task already (linking it
    /// to the same task again changes nothing).
    pub async fn link_finding(
        &self,
        finding: i64,
        task: i64,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let source = finding.to_string();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(Option<i64>,)> = sqlx::query_as(
                "SELECT f.task_id FROM supervision_findings f \
                 JOIN supervision_visits v ON v.id = f.visit_id \
                 WHERE v.district_id = $1 AND f.id = $2",
            )
            .bind(self.id)
            .bind(finding)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((linked,)) = found else {
                return Err(StoreError::NotFound("该督导发现"));
            };
            match linked {
                Some(t) if t == task => return Ok(()),
                Some(t) => {
                    return Err(StoreError::Conflict(format!(
                        "督导发现 #{finding} 已对应整改任务 #{t}"
                    )));
                }
                None => {}
            }
            let raised: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT source_kind, source_key FROM tasks WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(task)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((kind, key)) = raised else {
                return Err(StoreError::NotFound("该任务"));
            };
            if kind.as_deref() != Some(RecordKind::Finding.id()) || key.as_deref() != Some(&source)
            {
                return Err(StoreError::Invalid(format!(
                    "任务 #{task} 不是由督导发现 #{finding} 产生的，不能对应"
                )));
            }
            sqlx::query(
                "UPDATE supervision_findings SET task_id = $1 WHERE id = $2 AND task_id IS NULL",
            )
            .bind(task)
            .bind(finding)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SUPERVISION_LINK,
                format!("finding:{finding}"),
                format!("task={task}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::word;

    #[test]
    fn kinds_and_severities_keep_their_words() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.id()), Some(k));
            assert_eq!(UnitKind::parse(k.label()), Some(k));
            assert_eq!(word(&k), k.id());
        }
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.id()), Some(s));
            assert_eq!(Severity::parse(s.label()), Some(s));
            assert_eq!(word(&s), s.id());
        }
        assert_eq!(Severity::parse("重大"), None);
    }

    #[test]
    fn assignments_run_between_their_days() {
        let a = Assignment {
            id: 1,
            supervisor: "dux".into(),
            unit_kind: UnitKind::Zone,
            unit_name: "第一学区".into(),
            since: "2025-09-01".into(),
            until: Some("2026-01-31".into()),
            created_by: "admin".into(),
            created_at: String::new(),
        };
        assert!(!a.in_force("2025-08-31"));
        assert!(a.in_force("2025-09-01") && a.in_force("2026-01-31"));
        assert!(!a.in_force("2026-02-01"));
    }

    #[test]
    fn a_visit_is_checked_before_anything_is_written() {
        let school = SchoolCode::parse("5001120001").unwrap();
        let ok = [NewFinding {
            text: " 功能室使用记录不全 ",
            severity: Severity::General,
            deadline: "2025-04-30",
        }];
        let visit = |findings| NewVisit {
            school: &school,
            visited_on: "2025-03-18",
            supervisor: "dux",
            summary: "随堂听课两节",
            findings,
        };
        let checked = checked_visit(&visit(&ok)).unwrap();
        assert_eq!(checked[0].0, "功能室使用记录不全");
        let early = [NewFinding {
            deadline: "2025-03-17",
            ..ok[0]
        }];
        let e = checked_visit(&visit(&early)).unwrap_err();
        assert!(e.to_string().contains("早于督导日期"), "{e}");
        let blank = [NewFinding {
            text: "  ",
            ..ok[0]
        }];
        assert!(checked_visit(&visit(&blank)).is_err());
        let many = vec![ok[0]; MAX_VISIT_FINDINGS + 1];
        assert!(checked_visit(&visit(&many)).is_err());
        let mut spaced = visit(&ok);
        spaced.supervisor = "du xue";
        assert!(checked_visit(&spaced).is_err());
        let mut empty = visit(&ok);
        empty.summary = " ";
        assert!(checked_visit(&empty).is_err());
        let long = "字".repeat(MAX_FINDING_TEXT + 1);
        let long = [NewFinding {
            text: &long,
            ..ok[0]
        }];
        assert!(checked_visit(&visit(&long)).is_err());
    }
}
