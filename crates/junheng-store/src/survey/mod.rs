//! 社会认可度自测 as stored (migration 0036): surveys, batches of one-time codes kept only as
//! SHA-256, responses and imported files. A response never refers to the code that answered
//! it, an address or a time finer than a day; the answer's audit entry names the survey only
//! and carries the day, not the time.

mod codes;

use junheng_labour::calendar::Day;

use crate::audit::{action, append, bounded};
use crate::district::{DistrictId, DistrictStore};
use crate::limits::{MAX_FILE_NAME, check_actor, check_len, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// The longest survey title.
pub const MAX_SURVEY_TITLE: usize = 100;
/// The most codes of one batch.
pub const MAX_SURVEY_CODES: usize = 2000;
/// The most responses of one imported file.
pub const MAX_SURVEY_IMPORT: usize = 20_000;
/// The longest answers text of one response (JSON).
pub(crate) const MAX_ANSWERS: usize = 1000;

/// A survey's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    /// Created, not yet answerable.
    Draft,
    /// Answerable between its days.
    Open,
    /// Closed: no more answers.
    Closed,
}

impl SurveyStatus {
    /// The stored key.
    pub fn id(self) -> &'static str {
        match self {
            SurveyStatus::Draft => "draft",
            SurveyStatus::Open => "open",
            SurveyStatus::Closed => "closed",
        }
    }

    /// The status of a stored key.
    pub fn parse(text: &str) -> Option<SurveyStatus> {
        match text {
            "draft" => Some(SurveyStatus::Draft),
            "open" => Some(SurveyStatus::Open),
            "closed" => Some(SurveyStatus::Closed),
            _ => None,
        }
    }
}

/// A survey to create (its questionnaire and settings checked by the caller).
#[derive(Debug, Clone)]
pub struct NewSurvey<'a> {
    /// The school year.
    pub year: i32,
    /// Its title.
    pub title: &'a str,
    /// The questionnaire's TOML.
    pub questionnaire: &'a str,
    /// `equal` or `sample`.
    pub weighting: &'a str,
    /// The smallest cell shown.
    pub min_cell: u32,
    /// First day answers are taken.
    pub opens_on: Day,
    /// Last day answers are taken.
    pub closes_on: Day,
}

/// A stored survey.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SurveyInfo {
    /// Its id.
    pub id: i64,
    /// The school year.
    pub year: i32,
    /// Its title.
    pub title: String,
    /// The questionnaire's TOML.
    #[serde(skip)]
    pub questionnaire: String,
    /// `equal` or `sample`.
    pub weighting: String,
    /// The smallest cell shown.
    pub min_cell: u32,
    /// First day answers are taken.
    pub opens_on: Day,
    /// Last day answers are taken.
    pub closes_on: Day,
    /// Its status.
    pub status: SurveyStatus,
    /// Who created it.
    pub created_by: String,
    /// Counted responses (withdrawn imports left out).
    pub responses: u64,
}

/// A batch of codes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SurveyBatch {
    /// Its id.
    pub id: i64,
    /// The respondent group's key.
    pub group: String,
    /// The school, if the batch is a school's.
    pub school: Option<String>,
    /// Codes issued.
    pub codes: u64,
    /// Codes used.
    pub used: u64,
    /// Who issued it.
    pub issued_by: String,
    /// When.
    pub issued_at: String,
}

/// An imported file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SurveyImport {
    /// Its id.
    pub id: i64,
    /// The respondent group's key.
    pub group: String,
    /// The school, if given.
    pub school: Option<String>,
    /// The file's name.
    pub file_name: String,
    /// The file's SHA-256 (hex).
    pub sha256: String,
    /// Responses it brought.
    pub responses: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: String,
    /// Whether it was withdrawn (撤回).
    pub withdrawn: bool,
}

/// A stored response: group, school, answers (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The respondent group's key.
    pub group: String,
    /// The school, if any.
    pub school: Option<String>,
    /// The answers' JSON.
    pub answers: String,
}

/// What a code's hash finds: its survey, group and school, and whether it was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeInfo {
    /// The district.
    pub district: DistrictId,
    /// The survey.
    pub survey: i64,
    /// The respondent group's key.
    pub group: String,
    /// The school, if the batch was a school's.
    pub school: Option<String>,
    /// Whether it was answered.
    pub used: bool,
}

type SurveyRow = (
    i64,
    i64,
    String,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    i64,
);

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: "surveys",
        column,
    }
}

fn survey_of(r: SurveyRow) -> Result<SurveyInfo, StoreError> {
    Ok(SurveyInfo {
        id: r.0,
        year: i32::try_from(r.1).map_err(|_| corrupt("year"))?,
        title: r.2,
        questionnaire: r.3,
        weighting: r.4,
        min_cell: u32::try_from(r.5).map_err(|_| corrupt("min_cell"))?,
        opens_on: Day::parse(&r.6).ok_or_else(|| corrupt("opens_on"))?,
        closes_on: Day::parse(&r.7).ok_or_else(|| corrupt("closes_on"))?,
        status: SurveyStatus::parse(&r.8).ok_or_else(|| corrupt("status"))?,
        created_by: r.9,
        responses: u64::try_from(r.10).unwrap_or(0),
    })
}

const SURVEY_SELECT: &str = "SELECT s.id, s.year, s.title, s.questionnaire, s.weighting, \
     s.min_cell, s.opens_on, s.closes_on, s.status, s.created_by, \
     (SELECT COUNT(*) FROM survey_responses r LEFT JOIN survey_imports i ON i.id = r.import_id \
      WHERE r.survey_id = s.id AND i.withdrawn_at IS NULL) FROM surveys s";

impl DistrictStore {
    /// Creates a survey (draft) with its audit entry; returns its id.
    pub async fn create_survey(&self, s: &NewSurvey<'_>, actor: &Actor) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_required(s.title.trim(), "问卷名称", MAX_SURVEY_TITLE)?;
        check_len(s.questionnaire, "问卷", 64 * 1024)?;
        let at = now();
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO surveys (district_id, year, title, questionnaire, weighting, \
                 min_cell, opens_on, closes_on, status, created_by, created_at) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10) RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(s.year))
            .bind(s.title.trim())
            .bind(s.questionnaire)
            .bind(s.weighting)
            .bind(i64::from(s.min_cell))
            .bind(s.opens_on.to_string())
            .bind(s.closes_on.to_string())
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SURVEY_CREATE,
                format!("survey:{id}"),
                format!("year={} title={}", s.year, bounded(&s.title.trim(), 100))
            )?;
            tx.commit().await?;
            id
        }))
    }

    /// The district's surveys, newest year first.
    pub async fn surveys(&self) -> Result<Vec<SurveyInfo>, StoreError> {
        let rows: Vec<SurveyRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SURVEY_SELECT} WHERE s.district_id = $1 ORDER BY s.year DESC, s.id DESC"
            )))
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(survey_of).collect()
    }

    /// One survey of the district.
    pub async fn survey(&self, id: i64) -> Result<Option<SurveyInfo>, StoreError> {
        let row: Option<SurveyRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SURVEY_SELECT} WHERE s.district_id = $1 AND s.id = $2"
            )))
            .bind(self.id)
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        row.map(survey_of).transpose()
    }

    /// Sets a survey's status, with its audit entry.
    pub async fn set_survey_status(
        &self,
        id: i64,
        status: SurveyStatus,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done =
                sqlx::query("UPDATE surveys SET status = $1 WHERE id = $2 AND district_id = $3")
                    .bind(status.id())
                    .bind(id)
                    .bind(self.id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if done != 1 {
                return Err(StoreError::NotFound("该问卷"));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SURVEY_STATUS,
                format!("survey:{id}"),
                format!("status={}", status.id())
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A survey's counted responses (withdrawn imports left out).
    pub async fn survey_responses(&self, survey: i64) -> Result<Vec<StoredResponse>, StoreError> {
        let rows: Vec<(String, Option<String>, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.respondent_group, r.school, r.answers FROM survey_responses r \
                 LEFT JOIN survey_imports i ON i.id = r.import_id \
                 WHERE r.district_id = $1 AND r.survey_id = $2 AND i.withdrawn_at IS NULL \
                 ORDER BY r.id",
            )
            .bind(self.id)
            .bind(survey)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(group, school, answers)| StoredResponse {
                group,
                school,
                answers,
            })
            .collect())
    }

    /// Stores an imported file's responses (answers' JSON, one per response) for a group (and
    /// school), received on `day`, with its row and audit entry, all in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn import_survey(
        &self,
        survey: i64,
        group: &str,
        school: Option<&str>,
        file_name: &str,
        sha256: &str,
        answers: &[String],
        day: Day,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", MAX_FILE_NAME)?;
        check_len(sha256, "文件摘要", 64)?;
        if answers.is_empty() || answers.len() > MAX_SURVEY_IMPORT {
            return Err(StoreError::Invalid(format!(
                "一个文件应有 1 至 {MAX_SURVEY_IMPORT} 份答卷"
            )));
        }
        for a in answers {
            check_len(a, "答案", MAX_ANSWERS)?;
        }
        let at = now();
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO survey_imports (district_id, survey_id, respondent_group, school, \
                 file_name, sha256, responses, imported_by, imported_at) SELECT $1, id, $2, $3, \
                 $4, $5, $6, $7, $8 FROM surveys WHERE id = $9 AND district_id = $1 RETURNING id",
            )
            .bind(self.id)
            .bind(group)
            .bind(school)
            .bind(file_name)
            .bind(sha256)
            .bind(answers.len() as i64)
            .bind(&actor.name)
            .bind(&at)
            .bind(survey)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("该问卷"))?;
            for a in answers {
                sqlx::query(
                    "INSERT INTO survey_responses (district_id, survey_id, respondent_group, \
                     school, source, import_id, received_on, answers) VALUES ($1, $2, $3, $4, \
                     'import', $5, $6, $7)",
                )
                .bind(self.id)
                .bind(survey)
                .bind(group)
                .bind(school)
                .bind(id)
                .bind(day.to_string())
                .bind(a)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SURVEY_IMPORT,
                format!("survey:{survey}"),
                format!("import={id} group={group} responses={}", answers.len())
            )?;
            tx.commit().await?;
            id
        }))
    }

    /// A survey's imported files, newest first.
    pub async fn survey_imports(&self, survey: i64) -> Result<Vec<SurveyImport>, StoreError> {
        type Row = (
            i64,
            String,
            Option<String>,
            String,
            String,
            i64,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, respondent_group, school, file_name, sha256, responses, imported_by, \
                 imported_at, withdrawn_at FROM survey_imports WHERE district_id = $1 AND \
                 survey_id = $2 ORDER BY id DESC",
            )
            .bind(self.id)
            .bind(survey)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| SurveyImport {
                id: r.0,
                group: r.1,
                school: r.2,
                file_name: r.3,
                sha256: r.4,
                responses: u64::try_from(r.5).unwrap_or(0),
                imported_by: r.6,
                imported_at: r.7,
                withdrawn: r.8.is_some(),
            })
            .collect())
    }

    /// 撤回 of an imported file: its responses no longer count. [`StoreError::NotFound`] for
    /// a file of another survey or already withdrawn.
    pub async fn withdraw_survey_import(
        &self,
        survey: i64,
        import: i64,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE survey_imports SET withdrawn_by = $1, withdrawn_at = $2 WHERE id = $3 \
                 AND survey_id = $4 AND district_id = $5 AND withdrawn_at IS NULL",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(import)
            .bind(survey)
            .bind(self.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Err(StoreError::NotFound("该导入文件（不存在或已撤回）"));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SURVEY_WITHDRAW,
                format!("survey:{survey}"),
                format!("import={import}")
            )?;
            tx.commit().await?;
        });
        Ok(())
    }
}
