//! Visits (督导): a visit and its findings written at once with their audit entry, never
//! edited; read back with their findings, by id or as a filter selects them.

use junheng_core::school::SchoolCode;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use super::findings::{FINDING_COLUMNS, FindingRow};
use super::{Finding, NewFinding, Severity, date, login};
use crate::audit::{action, append};
use crate::dated::with_children;
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{
    MAX_FINDING_TEXT, MAX_VISIT_FINDINGS, MAX_VISIT_SUMMARY, check_actor, check_required,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

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

const VISIT_COLUMNS: &str =
    "v.id, v.school_code, v.visited_on, v.supervisor, v.summary, v.created_by, v.created_at";

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
        let findings = findings
            .into_iter()
            .map(|f| Finding::try_from(f).map(|f| (f.visit, f)))
            .collect::<Result<Vec<_>, _>>()?;
        with_children(rows, findings, |r| r.id, VisitRow::into_visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
