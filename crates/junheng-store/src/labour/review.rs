//! The 区/校/班 three-level review (issue 18 item 3): the classes' submitted term summaries,
//! each school's term review as a log of the engine's events, and the district's audit outcomes
//! of sampled children — each write audited. Which event may follow which is the engine's
//! (`junheng_labour::review::step`), applied by the use-case layer before an event is written
//! here; the store only keeps the log in order, refusing an event whose place in the log was
//! taken meanwhile.

use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Term};
use junheng_labour::review::ReviewEvent;
use serde::Serialize;

use super::records::{corrupt, day, semester_id};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::conflict_on_unique;
use crate::limits::{check_actor, check_len, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most characters of an audit outcome's note.
pub const MAX_AUDIT_NOTE: usize = 200;

/// A class's submitted term summary (the newest submission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSubmission {
    /// The school.
    pub school: SchoolCode,
    /// The class, as `3年级1班`.
    pub class: String,
    /// Children in the summary.
    pub children: u32,
    /// Who submitted (login).
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// One event of a school's review log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewEntry {
    /// The school.
    pub school: SchoolCode,
    /// Its place in the school's log (1, 2, …).
    pub seq: u32,
    /// The event.
    pub event: ReviewEvent,
    /// Who (login).
    pub actor: String,
    /// When it was written (RFC 3339).
    pub at: String,
}

/// The district's finding on a sampled child's passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    /// 符合: the passport matches what the school reported.
    Match,
    /// 不符合: a discrepancy.
    Mismatch,
}

impl AuditOutcome {
    /// The stable id (`match`, `mismatch`).
    pub fn id(self) -> &'static str {
        match self {
            AuditOutcome::Match => "match",
            AuditOutcome::Mismatch => "mismatch",
        }
    }

    /// The outcome in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            AuditOutcome::Match => "符合",
            AuditOutcome::Mismatch => "不符合",
        }
    }

    /// The outcome of an id, or of its Chinese label.
    pub fn from_id(text: &str) -> Option<AuditOutcome> {
        match text.trim() {
            "match" | "符合" => Some(AuditOutcome::Match),
            "mismatch" | "不符合" => Some(AuditOutcome::Mismatch),
            _ => None,
        }
    }
}

/// The recorded outcome of a sampled child (the newest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// The school.
    pub school: SchoolCode,
    /// The child (`students.id`).
    pub student: i64,
    /// 符合 / 不符合.
    pub outcome: AuditOutcome,
    /// The district's note.
    pub note: String,
    /// Who (login).
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// The stable id and the day of an event.
pub fn event_parts(e: ReviewEvent) -> (&'static str, Day) {
    match e {
        ReviewEvent::Summarise { on } => ("summarise", on),
        ReviewEvent::Publicise { start } => ("publicise", start),
        ReviewEvent::Review { on } => ("review", on),
        ReviewEvent::Reopen { on } => ("reopen", on),
        ReviewEvent::Export { on } => ("export", on),
    }
}

/// The event of a stable id and a day.
pub fn event_of(id: &str, on: Day) -> Option<ReviewEvent> {
    Some(match id {
        "summarise" => ReviewEvent::Summarise { on },
        "publicise" => ReviewEvent::Publicise { start: on },
        "review" => ReviewEvent::Review { on },
        "reopen" => ReviewEvent::Reopen { on },
        "export" => ReviewEvent::Export { on },
        _ => return None,
    })
}

/// The step of an event id in Chinese, for the audit log's sentence.
fn step_label(id: &str) -> &'static str {
    match id {
        "summarise" => "提交小结",
        "publicise" => "开始公示",
        "review" => "审核通过",
        "reopen" => "退回重新公示",
        _ => "导出",
    }
}

fn school_of(text: &str, table: &'static str) -> Result<SchoolCode, StoreError> {
    SchoolCode::parse(text).map_err(|_| corrupt(table, "school"))
}

impl DistrictStore {
    /// Marks a class's term summary as submitted, with its audit entry.
    pub async fn submit_labour_class(
        &self,
        school: &SchoolCode,
        class: &str,
        term: Term,
        children: u32,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_required(class, "班级", 64)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO labour_class_submissions (district_id, school, class, year, \
                 semester, children, submitted_by, submitted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(class)
            .bind(i64::from(term.year))
            .bind(semester_id(term.semester))
            .bind(i64::from(children))
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_CLASS_SUBMIT,
                format!("labour_class:{}/{class}", school.as_str()),
                format!(
                    "class={}/{} term={}-{} children={children}",
                    school.as_str(),
                    class.replace(' ', "_"),
                    term.year,
                    semester_id(term.semester)
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The newest submission of each class of a term (of one school, or every school), by
    /// school and class.
    pub async fn labour_class_submissions(
        &self,
        school: Option<&SchoolCode>,
        term: Term,
    ) -> Result<Vec<ClassSubmission>, StoreError> {
        const T: &str = "labour_class_submissions";
        let rows: Vec<(String, String, i64, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT school, class, children, submitted_by, submitted_at \
                 FROM labour_class_submissions WHERE district_id = $1 AND year = $2 \
                 AND semester = $3 AND ($4 IS NULL OR school = $4) ORDER BY school, class, id",
            )
            .bind(self.id)
            .bind(i64::from(term.year))
            .bind(semester_id(term.semester))
            .bind(school.map(SchoolCode::as_str))
            .fetch_all(pool)
            .await?
        });
        let mut out: Vec<ClassSubmission> = Vec::new();
        for (s, class, children, by, at) in rows {
            let row = ClassSubmission {
                school: school_of(&s, T)?,
                class,
                children: u32::try_from(children).map_err(|_| corrupt(T, "children"))?,
                by,
                at,
            };
            match out.last_mut() {
                Some(last) if last.school == row.school && last.class == row.class => *last = row,
                _ => out.push(row),
            }
        }
        Ok(out)
    }

    /// The review log of a term (of one school, or every school), by school and place.
    pub async fn labour_review_log(
        &self,
        school: Option<&SchoolCode>,
        term: Term,
    ) -> Result<Vec<ReviewEntry>, StoreError> {
        const T: &str = "labour_reviews";
        let rows: Vec<(String, i64, String, String, String, String)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT school, seq, event, day, actor, at FROM labour_reviews \
                     WHERE district_id = $1 AND year = $2 AND semester = $3 \
                     AND ($4 IS NULL OR school = $4) ORDER BY school, seq",
                )
                .bind(self.id)
                .bind(i64::from(term.year))
                .bind(semester_id(term.semester))
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
            });
        rows.into_iter()
            .map(|(s, seq, event, d, actor, at)| {
                Ok(ReviewEntry {
                    school: school_of(&s, T)?,
                    seq: u32::try_from(seq).map_err(|_| corrupt(T, "seq"))?,
                    event: event_of(&event, day(&d, T)?).ok_or_else(|| corrupt(T, "event"))?,
                    actor,
                    at,
                })
            })
            .collect()
    }

    /// Appends an event to a school's review log at place `seq` (the number of events the caller
    /// folded, plus one), with its audit entry. [`StoreError::Conflict`] when that place was
    /// taken meanwhile (someone else stepped first): nothing is written.
    pub async fn add_labour_review_event(
        &self,
        school: &SchoolCode,
        term: Term,
        seq: u32,
        event: ReviewEvent,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let (id, on) = event_parts(event);
        let at = now();
        let semester = semester_id(term.semester);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (count,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM labour_reviews WHERE district_id = $1 AND school = $2 \
                 AND year = $3 AND semester = $4",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(i64::from(term.year))
            .bind(semester)
            .fetch_one(&mut *tx)
            .await?;
            if count + 1 != i64::from(seq) {
                return Err(StoreError::Conflict(
                    "该校本学期的考评状态刚被他人更改，本次操作未执行；请刷新后重试".into(),
                ));
            }
            sqlx::query(
                "INSERT INTO labour_reviews (district_id, school, year, semester, seq, event, \
                 day, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(i64::from(term.year))
            .bind(semester)
            .bind(i64::from(seq))
            .bind(id)
            .bind(on.to_string())
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(conflict_on_unique(
                "该校本学期的考评状态刚被他人更改，本次操作未执行；请刷新后重试",
            ))?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_REVIEW_STEP,
                format!("labour_review:{}/{}-{semester}", school.as_str(), term.year),
                format!(
                    "school={} term={}-{semester} event={id} step={} day={on}",
                    school.as_str(),
                    term.year,
                    step_label(id)
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Records the district's outcome of a sampled child of a school and term, with its audit
    /// entry (the child's id, never a name).
    pub async fn record_labour_audit(
        &self,
        school: &SchoolCode,
        term: Term,
        student: i64,
        outcome: AuditOutcome,
        note: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_len(note, "说明", MAX_AUDIT_NOTE)?;
        let at = now();
        let semester = semester_id(term.semester);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO labour_audits (district_id, school, year, semester, student_id, \
                 outcome, note, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(self.id)
            .bind(school.as_str())
            .bind(i64::from(term.year))
            .bind(semester)
            .bind(student)
            .bind(outcome.id())
            .bind(note)
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_AUDIT,
                format!("labour_review:{}/{}-{semester}", school.as_str(), term.year),
                format!(
                    "school={} term={}-{semester} student={student} outcome={} result={}",
                    school.as_str(),
                    term.year,
                    outcome.id(),
                    outcome.label()
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The newest outcome of each audited child of a term (of one school, or every school), by
    /// school and child.
    pub async fn labour_audits(
        &self,
        school: Option<&SchoolCode>,
        term: Term,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        const T: &str = "labour_audits";
        let rows: Vec<(String, i64, String, String, String, String)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT school, student_id, outcome, note, recorded_by, recorded_at \
                     FROM labour_audits WHERE district_id = $1 AND year = $2 AND semester = $3 \
                     AND ($4 IS NULL OR school = $4) ORDER BY school, student_id, id",
                )
                .bind(self.id)
                .bind(i64::from(term.year))
                .bind(semester_id(term.semester))
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
            });
        let mut out: Vec<AuditRecord> = Vec::new();
        for (s, student, outcome, note, by, at) in rows {
            let row = AuditRecord {
                school: school_of(&s, T)?,
                student,
                outcome: AuditOutcome::from_id(&outcome).ok_or_else(|| corrupt(T, "outcome"))?,
                note,
                by,
                at,
            };
            match out.last_mut() {
                Some(last) if last.school == row.school && last.student == row.student => {
                    *last = row
                }
                _ => out.push(row),
            }
        }
        Ok(out)
    }
}
