//! What the 督导评估 keeps beside the district's statements: the verdicts computed (the history of a
//! year, kept once per data stamp) and the district's own 自评报告 template.

use serde::Serialize;

use super::{check_year, year_of};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// A district's own 自评报告 template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportTemplate {
    /// Row id.
    pub id: i64,
    /// The file name it was uploaded under.
    pub file_name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When (RFC 3339).
    pub uploaded_at: String,
}

/// A kept verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionSnapshot {
    /// School year.
    pub year: i32,
    /// Rulebook id and version.
    pub rulebook: String,
    /// Rulebook version.
    pub rulebook_version: String,
    /// Digest of everything the verdict was decided from.
    pub stamp: String,
    /// The overall result's id.
    pub overall: String,
    /// The verdict as JSON.
    pub verdict: String,
    /// When it was computed (RFC 3339).
    pub computed_at: String,
}

struct SnapshotRow {
    year: i64,
    rulebook: String,
    rulebook_version: String,
    stamp: String,
    overall: String,
    verdict: String,
    computed_at: String,
}
from_row!(SnapshotRow {
    year,
    rulebook,
    rulebook_version,
    stamp,
    overall,
    verdict,
    computed_at
});

impl DistrictStore {
    /// Keeps a verdict unless the newest kept one of its year and rulebook has the same stamp;
    /// whether it was kept.
    pub async fn keep_snapshot(&self, snapshot: &InspectionSnapshot) -> Result<bool, StoreError> {
        check_year(snapshot.year)?;
        let kept = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let last: Option<(String,)> = sqlx::query_as(
                "SELECT stamp FROM inspection_snapshots WHERE district_id = $1 AND year = $2 \
                 AND rulebook = $3 ORDER BY id DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(i64::from(snapshot.year))
            .bind(&snapshot.rulebook)
            .fetch_optional(&mut *tx)
            .await?;
            if last.is_some_and(|(s,)| s == snapshot.stamp) {
                false
            } else {
                sqlx::query(
                    "INSERT INTO inspection_snapshots (district_id, year, rulebook, \
                     rulebook_version, stamp, overall, verdict, computed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(self.id)
                .bind(i64::from(snapshot.year))
                .bind(&snapshot.rulebook)
                .bind(&snapshot.rulebook_version)
                .bind(&snapshot.stamp)
                .bind(&snapshot.overall)
                .bind(&snapshot.verdict)
                .bind(&snapshot.computed_at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                true
            }
        });
        Ok(kept)
    }

    /// Stores a checked 自评报告 template as the district's current one; audited.
    pub async fn save_report_template(
        &self,
        file_name: &str,
        sha256: &str,
        content: &[u8],
        actor: &Actor,
    ) -> Result<ReportTemplate, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", crate::limits::MAX_FILE_NAME)?;
        check_len(sha256, "文件摘要", 64)?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO inspection_templates (district_id, file_name, sha256, content, \
                 uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(self.id)
            .bind(file_name)
            .bind(sha256)
            .bind(content)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_TEMPLATE,
                format!("inspection_template:{id}"),
                format!("file={file_name} sha256={sha256}")
            )?;
            tx.commit().await?;
            id
        });
        Ok(ReportTemplate {
            id,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            uploaded_by: actor.name.clone(),
            uploaded_at: at,
        })
    }

    /// The district's current 自评报告 template and its bytes (`None`: the default is used).
    pub async fn report_template(&self) -> Result<Option<(ReportTemplate, Vec<u8>)>, StoreError> {
        let row: Option<(i64, String, String, Vec<u8>, String, String)> =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT id, file_name, sha256, content, uploaded_by, uploaded_at \
                     FROM inspection_templates WHERE district_id = $1 AND withdrawn_at IS NULL \
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(self.id)
                .fetch_optional(pool)
                .await?
            });
        Ok(row.map(
            |(id, file_name, sha256, content, uploaded_by, uploaded_at)| {
                (
                    ReportTemplate {
                        id,
                        file_name,
                        sha256,
                        uploaded_by,
                        uploaded_at,
                    },
                    content,
                )
            },
        ))
    }

    /// Withdraws (撤回) the current template: the one before it (or the default) is used again.
    pub async fn withdraw_report_template(&self, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        let Some((current, _)) = self.report_template().await? else {
            return Err(StoreError::NotFound("自定义的自评报告模板"));
        };
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE inspection_templates SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4 AND withdrawn_at IS NULL",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(current.id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::INSPECTION_WITHDRAW,
                format!("inspection_template:{}", current.id),
                format!("file={}", current.file_name)
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The newest kept verdict of every school year under `rulebook`, oldest year first.
    pub async fn snapshots(&self, rulebook: &str) -> Result<Vec<InspectionSnapshot>, StoreError> {
        let rows: Vec<SnapshotRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, rulebook, rulebook_version, stamp, overall, verdict, computed_at \
                 FROM inspection_snapshots s WHERE district_id = $1 AND rulebook = $2 \
                 AND id = (SELECT MAX(id) FROM inspection_snapshots x \
                 WHERE x.district_id = s.district_id AND x.year = s.year \
                 AND x.rulebook = s.rulebook) ORDER BY year",
            )
            .bind(self.id)
            .bind(rulebook)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(InspectionSnapshot {
                    year: year_of(r.year, "inspection_snapshots")?,
                    rulebook: r.rulebook,
                    rulebook_version: r.rulebook_version,
                    stamp: r.stamp,
                    overall: r.overall,
                    verdict: r.verdict,
                    computed_at: r.computed_at,
                })
            })
            .collect()
    }
}
