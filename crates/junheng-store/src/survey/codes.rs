//! One-time codes as stored: batches, codes kept as the SHA-256 of their link token and of their
//! short code, and the one answer of a code.

use junheng_labour::calendar::Day;

use super::{CodeInfo, SurveyBatch};
use crate::audit::{action, append};
use crate::district::{DistrictId, DistrictStore};
use crate::limits::{check_actor, check_len};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, Store, StoreError};

use super::{MAX_ANSWERS, MAX_SURVEY_CODES};

impl Store {
    /// The code of a hash (of its link token or its short code), in whichever district it is.
    pub async fn survey_code(&self, hash: &str) -> Result<Option<CodeInfo>, StoreError> {
        if hash.len() != 64 {
            return Ok(None);
        }
        let row: Option<(i64, i64, String, Option<String>, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT c.district_id, b.survey_id, b.respondent_group, b.school, c.used \
                     FROM survey_codes c JOIN survey_batches b ON b.id = c.batch_id \
                     WHERE c.token_hash = $1 OR c.short_hash = $1",
            )
            .bind(hash)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(d, survey, group, school, used)| CodeInfo {
            district: DistrictId(d),
            survey,
            group,
            school,
            used: used != 0,
        }))
    }

    /// Answers with a code: in one transaction, marks the code used only if it was unused and
    /// its survey is open, inserts the response (group, school, `day`, answers — no reference
    /// to the code) and the audit entry (the survey only, at `day`'s midnight). `false`, with
    /// nothing written, when the code is unknown, used or its survey not open.
    pub async fn answer_survey_code(
        &self,
        hash: &str,
        code: &CodeInfo,
        answers: &str,
        day: Day,
    ) -> Result<bool, StoreError> {
        check_len(answers, "答案", MAX_ANSWERS)?;
        let at = format!("{day}T00:00:00.000Z");
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE survey_codes SET used = 1 WHERE (token_hash = $1 OR short_hash = $1) \
                 AND used = 0 AND district_id = $2 AND batch_id IN (SELECT b.id FROM \
                 survey_batches b JOIN surveys s ON s.id = b.survey_id WHERE s.id = $3 \
                 AND s.status = 'open')",
            )
            .bind(hash)
            .bind(code.district.0)
            .bind(code.survey)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO survey_responses (district_id, survey_id, respondent_group, school, \
                 source, import_id, received_on, answers) VALUES ($1, $2, $3, $4, 'code', NULL, \
                 $5, $6)",
            )
            .bind(code.district.0)
            .bind(code.survey)
            .bind(&code.group)
            .bind(&code.school)
            .bind(day.to_string())
            .bind(answers)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO audit_log (at, actor, action, target, detail, district_id) \
                 VALUES ($1, $2, $3, $4, '', $5)",
            )
            .bind(&at)
            .bind("调查对象（一次性问卷码）")
            .bind(action::SURVEY_ANSWER)
            .bind(format!("survey:{}", code.survey))
            .bind(code.district.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            true
        }))
    }
}

impl DistrictStore {
    /// Stores a batch of codes — (SHA-256 of the link token, SHA-256 of the short code) — for a
    /// group (and school), with one audit entry naming how many (never a code).
    pub async fn add_survey_batch(
        &self,
        survey: i64,
        group: &str,
        school: Option<&str>,
        hashes: &[(String, String)],
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        if hashes.is_empty() || hashes.len() > MAX_SURVEY_CODES {
            return Err(StoreError::Invalid(format!(
                "一批问卷码应为 1 至 {MAX_SURVEY_CODES} 个"
            )));
        }
        let at = now();
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO survey_batches (district_id, survey_id, respondent_group, school, \
                 codes, issued_by, issued_at) SELECT $1, id, $2, $3, $4, $5, $6 FROM surveys \
                 WHERE id = $7 AND district_id = $1 RETURNING id",
            )
            .bind(self.id)
            .bind(group)
            .bind(school)
            .bind(hashes.len() as i64)
            .bind(&actor.name)
            .bind(&at)
            .bind(survey)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("该问卷"))?;
            for (token, short) in hashes {
                sqlx::query(
                    "INSERT INTO survey_codes (token_hash, short_hash, district_id, batch_id, \
                     used) VALUES ($1, $2, $3, $4, 0)",
                )
                .bind(token)
                .bind(short)
                .bind(self.id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SURVEY_CODES,
                format!("survey:{survey}"),
                format!("group={group} codes={}", hashes.len())
            )?;
            tx.commit().await?;
            id
        }))
    }

    /// A survey's batches with how many codes of each were used.
    pub async fn survey_batches(&self, survey: i64) -> Result<Vec<SurveyBatch>, StoreError> {
        type Row = (i64, String, Option<String>, i64, i64, String, String);
        let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT b.id, b.respondent_group, b.school, b.codes, \
                 (SELECT COUNT(*) FROM survey_codes c WHERE c.batch_id = b.id AND c.used = 1), \
                 b.issued_by, b.issued_at FROM survey_batches b \
                 WHERE b.district_id = $1 AND b.survey_id = $2 ORDER BY b.id",
            )
            .bind(self.id)
            .bind(survey)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| SurveyBatch {
                id: r.0,
                group: r.1,
                school: r.2,
                codes: u64::try_from(r.3).unwrap_or(0),
                used: u64::try_from(r.4).unwrap_or(0),
                issued_by: r.5,
                issued_at: r.6,
            })
            .collect())
    }
}
