//! 佐证材料 (evidence): documents attached to a record of a district — a school, an education
//! group, a 督导 finding, a task … ([`RecordRef`]) — under a title (集团章程, 三年发展规划 …).
//!
//! A new upload for the same record and title is the next version; earlier versions are kept
//! and stay downloadable. The same content uploaded again for the same record and title is
//! refused ([`StoreError::Conflict`] naming the version that has it). Every upload appends its
//! audit entry in its own transaction, and so does every read of a document's bytes
//! ([`DistrictStore::evidence_content`]): who downloaded which document is on record.
//!
//! This crate stores what it is given: the checks of the file itself (its type decided by
//! content, its size, its name) are `junheng_io::evidence`'s, and who may attach to or read a
//! record is `junheng_app::evidence`'s.

use junheng_core::record::RecordRef;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{
    MAX_EVIDENCE_BYTES, MAX_EVIDENCE_NOTE, MAX_EVIDENCE_TITLE, MAX_FILE_NAME, check_actor,
    check_len, check_required,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Serialises uploads (PostgreSQL advisory lock): two uploads for one record and title at once
/// must not both take the same next version.
const EVIDENCE_LOCK: i64 = 4_714_730_213;

/// Longest media type stored (the longest of the accepted kinds has 73 characters).
const MAX_MEDIA_TYPE: usize = 100;

/// A stored document's description (its bytes are read by [`DistrictStore::evidence_content`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Row id: the document's identifier in URLs and on the command line.
    pub id: i64,
    /// The record it is attached to.
    pub record: RecordRef,
    /// Its title (slot), e.g. 集团章程.
    pub title: String,
    /// Its version among the uploads of the same record and title, from 1.
    pub version: i64,
    /// The file name it was uploaded under (sanitised).
    pub file_name: String,
    /// The media type decided from its content when it was checked.
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The uploader's note (may be empty).
    pub note: String,
    /// Who uploaded it (login).
    pub uploaded_by: String,
    /// When, RFC 3339 UTC.
    pub uploaded_at: String,
}

struct EvidenceRow {
    id: i64,
    record_kind: String,
    record_key: String,
    title: String,
    version: i64,
    file_name: String,
    media_type: String,
    size: i64,
    sha256: String,
    note: String,
    uploaded_by: String,
    uploaded_at: String,
}

from_row!(EvidenceRow {
    id,
    record_kind,
    record_key,
    title,
    version,
    file_name,
    media_type,
    size,
    sha256,
    note,
    uploaded_by,
    uploaded_at
});

impl TryFrom<EvidenceRow> for Evidence {
    type Error = StoreError;

    fn try_from(r: EvidenceRow) -> Result<Self, StoreError> {
        let record =
            RecordRef::parse(&r.record_kind, &r.record_key).map_err(|_| StoreError::Corrupt {
                table: "evidence",
                column: "record_kind",
            })?;
        Ok(Evidence {
            id: r.id,
            record,
            title: r.title,
            version: r.version,
            file_name: r.file_name,
            media_type: r.media_type,
            size: r.size,
            sha256: r.sha256,
            note: r.note,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        })
    }
}

/// The columns of [`Evidence`], in `from_row!` order.
const COLUMNS: &str = "id, record_kind, record_key, title, version, file_name, media_type, \
                       size, sha256, note, uploaded_by, uploaded_at";

/// A document to store: a checked file and what it is attached as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence<'a> {
    /// The record it is attached to.
    pub record: &'a RecordRef,
    /// Its title (slot); trimmed, not empty, at most [`MAX_EVIDENCE_TITLE`] characters.
    pub title: &'a str,
    /// A note; trimmed, at most [`MAX_EVIDENCE_NOTE`] characters.
    pub note: &'a str,
    /// The (sanitised) file name, at most [`MAX_FILE_NAME`] characters.
    pub file_name: &'a str,
    /// The media type decided from the content.
    pub media_type: &'a str,
    /// SHA-256 of `content`, lower-case hex.
    pub sha256: &'a str,
    /// The bytes: not empty, at most [`MAX_EVIDENCE_BYTES`].
    pub content: &'a [u8],
}

/// Checks what a [`NewEvidence`] says before anything is written; the trimmed title and note.
fn checked<'a>(new: &NewEvidence<'a>) -> Result<(&'a str, &'a str), StoreError> {
    let record = RecordRef::new(new.record.kind, &new.record.key)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    if record != *new.record {
        return Err(StoreError::invalid("记录标识的首尾不能有空格"));
    }
    let title = new.title.trim();
    check_required(title, "材料名称", MAX_EVIDENCE_TITLE)?;
    let note = new.note.trim();
    check_len(note, "备注", MAX_EVIDENCE_NOTE)?;
    check_required(new.file_name, "文件名", MAX_FILE_NAME)?;
    check_required(new.media_type, "文件类型", MAX_MEDIA_TYPE)?;
    if !new.media_type.is_ascii() {
        return Err(StoreError::invalid("文件类型应为 ASCII 的媒体类型"));
    }
    let hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    if new.sha256.len() != 64 || !new.sha256.bytes().all(hex) {
        return Err(StoreError::invalid(
            "文件摘要应为 64 位小写十六进制的 SHA-256",
        ));
    }
    if new.content.is_empty() || new.content.len() > MAX_EVIDENCE_BYTES {
        return Err(StoreError::Invalid(format!(
            "文件应为 1 字节到 {} MiB",
            MAX_EVIDENCE_BYTES >> 20
        )));
    }
    Ok((title, note))
}

impl DistrictStore {
    /// Stores a document as the next version of its record's title, with its audit entry, in
    /// one transaction; returns it as stored.
    ///
    /// [`StoreError::Invalid`] for a field past its limit (see the crate's table) or a malformed
    /// digest; [`StoreError::Conflict`] when the same content (same SHA-256) is already a
    /// version of this record and title — the message names that version. Nothing is written
    /// then.
    pub async fn add_evidence(
        &self,
        new: &NewEvidence<'_>,
        actor: &Actor,
    ) -> Result<Evidence, StoreError> {
        check_actor(actor)?;
        let (title, note) = checked(new)?;
        let (kind, key) = (new.record.kind.id(), new.record.key.as_str());
        let at = now();
        let size = i64::try_from(new.content.len()).unwrap_or(i64::MAX);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(EVIDENCE_LOCK).await?;
            let same: Option<(i64,)> = sqlx::query_as(
                "SELECT version FROM evidence WHERE district_id = $1 AND record_kind = $2 \
                 AND record_key = $3 AND title = $4 AND sha256 = $5 ORDER BY version LIMIT 1",
            )
            .bind(self.id)
            .bind(kind)
            .bind(key)
            .bind(title)
            .bind(new.sha256)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((version,)) = same {
                return Err(StoreError::Conflict(format!(
                    "“{title}”的第 {version} 版已是相同内容的文件（SHA-256 相同），未重复保存"
                )));
            }
            let (latest,): (Option<i64>,) = sqlx::query_as(
                "SELECT MAX(version) FROM evidence WHERE district_id = $1 AND record_kind = $2 \
                 AND record_key = $3 AND title = $4",
            )
            .bind(self.id)
            .bind(kind)
            .bind(key)
            .bind(title)
            .fetch_one(&mut *tx)
            .await?;
            let version = latest.unwrap_or(0) + 1;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO evidence (district_id, record_kind, record_key, title, version, \
                 file_name, media_type, size, sha256, content, note, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(self.id)
            .bind(kind)
            .bind(key)
            .bind(title)
            .bind(version)
            .bind(new.file_name)
            .bind(new.media_type)
            .bind(size)
            .bind(new.sha256)
            .bind(new.content)
            .bind(note)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::EVIDENCE_ADD,
                format!("evidence:{id}"),
                format!("{} {title} v{version} {size} bytes", new.record)
            )?;
            tx.commit().await?;
            Ok(Evidence {
                id,
                record: new.record.clone(),
                title: title.to_owned(),
                version,
                file_name: new.file_name.to_owned(),
                media_type: new.media_type.to_owned(),
                size,
                sha256: new.sha256.to_owned(),
                note: note.to_owned(),
                uploaded_by: actor.name.clone(),
                uploaded_at: at,
            })
        })
    }

    /// The documents of a record: the latest version of each title, by title.
    pub async fn evidence_of(&self, record: &RecordRef) -> Result<Vec<Evidence>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM evidence e WHERE district_id = $1 AND record_kind = $2 \
             AND record_key = $3 AND version = (SELECT MAX(version) FROM evidence x \
             WHERE x.district_id = e.district_id AND x.record_kind = e.record_kind \
             AND x.record_key = e.record_key AND x.title = e.title) ORDER BY title"
        );
        self.evidence_where(&sql, Some(record)).await
    }

    /// Every version of every document of a record, by title, newest version first.
    pub async fn evidence_versions(&self, record: &RecordRef) -> Result<Vec<Evidence>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM evidence WHERE district_id = $1 AND record_kind = $2 \
             AND record_key = $3 ORDER BY title, version DESC"
        );
        self.evidence_where(&sql, Some(record)).await
    }

    /// Every version of every document of the district, by record, title and version (newest
    /// first); descriptions only.
    pub async fn all_evidence(&self) -> Result<Vec<Evidence>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM evidence WHERE district_id = $1 \
             ORDER BY record_kind, record_key, title, version DESC"
        );
        self.evidence_where(&sql, None).await
    }

    async fn evidence_where(
        &self,
        sql: &str,
        record: Option<&RecordRef>,
    ) -> Result<Vec<Evidence>, StoreError> {
        let rows: Vec<EvidenceRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
            if let Some(r) = record {
                q = q.bind(r.kind.id()).bind(r.key.as_str());
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter().map(Evidence::try_from).collect()
    }

    /// One document's description, if the district has it.
    pub async fn evidence(&self, id: i64) -> Result<Option<Evidence>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM evidence WHERE district_id = $1 AND id = $2");
        let row: Option<EvidenceRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Evidence::try_from).transpose()
    }

    /// A document's bytes, read for `actor`: the read is audited (`evidence.download`) in the
    /// same transaction. [`StoreError::NotFound`] when the district has no such document.
    pub async fn evidence_content(&self, id: i64, actor: &Actor) -> Result<Vec<u8>, StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(Vec<u8>, String, String, String, i64)> = sqlx::query_as(
                "SELECT content, record_kind, record_key, title, version FROM evidence \
                 WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((content, kind, key, title, version)) = found else {
                return Err(StoreError::NotFound("该佐证材料"));
            };
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::EVIDENCE_DOWNLOAD,
                format!("evidence:{id}"),
                format!("{kind}:{key} {title} v{version}")
            )?;
            tx.commit().await?;
            Ok(content)
        })
    }
}
