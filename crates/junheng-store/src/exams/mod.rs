//! 质量监测 (issue 15): exams, each school's scores as one sealed file (versioned: the latest
//! version is the school's), and the national monitoring's results as entered.
//!
//! The store does not interpret a file's columns: the use-case layer encodes a school's students
//! (by pseudonymous key), classes and cells as bytes, the store seals them bound to the exam and
//! the school (a file moved to another exam or school does not open) and opens them again for
//! the analyses. Files name children only by pseudonymous key; reading one named child's scores
//! is recorded by the use-case layer in the access log.

mod files;
mod naeq;
mod reseal;

use serde::Serialize;

pub use files::{ExamFile, ExamFileInput, OpenedExamFile};
pub use naeq::{NaeqEntry, NaeqUnit};

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_LOTTERY_TITLE, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Most bytes of an exam's papers (JSON).
const MAX_PAPERS_BYTES: usize = 16 << 10;

/// What kind of exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExamKind {
    /// 期末考试.
    Final,
    /// 统考.
    Unified,
    /// 联考.
    Joint,
    /// 质量监测 (literacy monitoring included).
    Monitoring,
}

impl ExamKind {
    /// Every kind.
    pub const ALL: [ExamKind; 4] = [
        ExamKind::Final,
        ExamKind::Unified,
        ExamKind::Joint,
        ExamKind::Monitoring,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            ExamKind::Final => "final",
            ExamKind::Unified => "unified",
            ExamKind::Joint => "joint",
            ExamKind::Monitoring => "monitoring",
        }
    }

    /// Parses an id or a label.
    pub fn parse(text: &str) -> Option<ExamKind> {
        let text = text.trim();
        ExamKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }

    /// 期末, 统考, 联考, 监测.
    pub fn label(self) -> &'static str {
        match self {
            ExamKind::Final => "期末",
            ExamKind::Unified => "统考",
            ExamKind::Joint => "联考",
            ExamKind::Monitoring => "监测",
        }
    }
}

/// Who sits an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExamScope {
    /// One school's own exam.
    School,
    /// The district's schools.
    District,
    /// Several districts or schools together (联考).
    Joint,
    /// The city's schools.
    City,
}

impl ExamScope {
    /// Every scope.
    pub const ALL: [ExamScope; 4] = [
        ExamScope::School,
        ExamScope::District,
        ExamScope::Joint,
        ExamScope::City,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            ExamScope::School => "school",
            ExamScope::District => "district",
            ExamScope::Joint => "joint",
            ExamScope::City => "city",
        }
    }

    /// Parses an id or a label.
    pub fn parse(text: &str) -> Option<ExamScope> {
        let text = text.trim();
        ExamScope::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }

    /// 校内, 区县, 联考, 全市.
    pub fn label(self) -> &'static str {
        match self {
            ExamScope::School => "校内",
            ExamScope::District => "区县",
            ExamScope::Joint => "联考",
            ExamScope::City => "全市",
        }
    }
}

/// An exam to create.
#[derive(Debug, Clone, Copy)]
pub struct NewExam<'a> {
    /// Its name (e.g. 2025学年八年级期末), unique in the district.
    pub name: &'a str,
    /// The school year (2025 = 2025–2026学年).
    pub year: i32,
    /// Its (first) day, `YYYY-MM-DD`.
    pub on_date: &'a str,
    /// 年级, 1–9.
    pub grade: u8,
    /// Its kind.
    pub kind: ExamKind,
    /// Who sits it.
    pub scope: ExamScope,
    /// Its papers (JSON, interpreted by the use-case layer).
    pub papers: &'a str,
}

/// An exam as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExamInfo {
    /// Row id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The school year.
    pub year: i32,
    /// Its day.
    pub on_date: String,
    /// 年级.
    pub grade: u8,
    /// Its kind.
    pub kind: ExamKind,
    /// Who sits it.
    pub scope: ExamScope,
    /// Its papers (JSON).
    pub papers: String,
    /// Who created it.
    pub created_by: String,
}

struct ExamRow {
    id: i64,
    name: String,
    year: i64,
    on_date: String,
    grade: i64,
    kind: String,
    scope: String,
    papers: String,
    created_by: String,
}
from_row!(ExamRow {
    id,
    name,
    year,
    on_date,
    grade,
    kind,
    scope,
    papers,
    created_by
});

impl TryFrom<ExamRow> for ExamInfo {
    type Error = StoreError;

    fn try_from(r: ExamRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "exams",
            column,
        };
        Ok(ExamInfo {
            id: r.id,
            name: r.name,
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            on_date: r.on_date,
            grade: u8::try_from(r.grade).map_err(|_| bad("grade"))?,
            kind: ExamKind::parse(&r.kind).ok_or_else(|| bad("kind"))?,
            scope: ExamScope::parse(&r.scope).ok_or_else(|| bad("scope"))?,
            papers: r.papers,
            created_by: r.created_by,
        })
    }
}

const EXAM_COLUMNS: &str = "id, name, year, on_date, grade, kind, scope, papers, created_by";

impl DistrictStore {
    /// Creates an exam, or returns the existing exam of that name when it is the same (year,
    /// day, grade, kind, scope and papers: a second import into the same exam); audited.
    ///
    /// [`StoreError::Conflict`] when an exam of that name exists and differs.
    pub async fn create_exam(
        &self,
        exam: &NewExam<'_>,
        actor: &Actor,
    ) -> Result<ExamInfo, StoreError> {
        check_actor(actor)?;
        let name = exam.name.trim();
        check_required(name, "考试名称", MAX_LOTTERY_TITLE)?;
        if !(2000..=2100).contains(&exam.year) {
            return Err(StoreError::invalid("学年应在 2000 到 2100 之间"));
        }
        if !is_date(exam.on_date) {
            return Err(StoreError::invalid("考试日期应写作 YYYY-MM-DD"));
        }
        if !(1..=9).contains(&exam.grade) {
            return Err(StoreError::invalid("义务教育的年级应为 1 到 9"));
        }
        if exam.papers.is_empty() || exam.papers.len() > MAX_PAPERS_BYTES {
            return Err(StoreError::invalid("科目设置为空或过长"));
        }
        if let Some(e) = self.exam_named(name).await? {
            let same = e.year == exam.year
                && e.on_date == exam.on_date
                && e.grade == exam.grade
                && e.kind == exam.kind
                && e.scope == exam.scope
                && e.papers == exam.papers;
            if same {
                return Ok(e);
            }
            return Err(StoreError::Conflict(format!(
                "已有名为「{name}」的考试（{} 学年 {} 年级，{}），设置不同：请换一个名称",
                e.year, e.grade, e.on_date
            )));
        }
        let at = now();
        let id: i64 = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO exams (district_id, name, year, on_date, grade, kind, scope, papers, \
                 created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 RETURNING id",
            )
            .bind(self.id)
            .bind(name)
            .bind(i64::from(exam.year))
            .bind(exam.on_date)
            .bind(i64::from(exam.grade))
            .bind(exam.kind.id())
            .bind(exam.scope.id())
            .bind(exam.papers)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::EXAM_CREATE,
                format!("exam:{id}"),
                format!(
                    "name={name} year={} grade={} kind={}",
                    exam.year,
                    exam.grade,
                    exam.kind.id()
                )
            )?;
            tx.commit().await?;
            id
        });
        self.exam(id).await
    }

    /// An exam of the district.
    pub async fn exam(&self, id: i64) -> Result<ExamInfo, StoreError> {
        self.exams_where(Some(id), None)
            .await?
            .pop()
            .ok_or(StoreError::NotFound("考试"))
    }

    /// The exam of that name, if any.
    pub async fn exam_named(&self, name: &str) -> Result<Option<ExamInfo>, StoreError> {
        Ok(self.exams_where(None, Some(name.trim())).await?.pop())
    }

    /// The district's exams, latest first.
    pub async fn exams(&self) -> Result<Vec<ExamInfo>, StoreError> {
        self.exams_where(None, None).await
    }

    /// The district's exams, all or the one of that id or name.
    async fn exams_where(
        &self,
        id: Option<i64>,
        name: Option<&str>,
    ) -> Result<Vec<ExamInfo>, StoreError> {
        let sql = format!(
            "SELECT {EXAM_COLUMNS} FROM exams WHERE district_id = $1 AND ($2 IS NULL OR id = $2) \
             AND ($3 IS NULL OR name = $3) ORDER BY on_date DESC, id DESC"
        );
        let rows: Vec<ExamRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .bind(name)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(ExamInfo::try_from).collect()
    }
}

/// The seal context of a school's file of an exam.
pub(crate) fn file_context(exam: i64, school: &str) -> String {
    format!("exam.file:{exam}:{school}")
}
