//! The files of a kind and the current rows of each kind.

use junheng_teachers::mentors::{Outcome, Pair};
use junheng_teachers::studios::{Level, Output, OutputKind, Status, Studio};

use super::{StudioFile, StudioFileKind};
use crate::StoreError;
use crate::district::DistrictStore;
use crate::error::{school_code, teacher_id, to_u32};
use crate::pool::with_pool;

const FILE_COLUMNS: &str = "id, kind, file_name, sha256, row_count, imported_by, imported_at";

type FileRow = (i64, String, String, String, i64, String, String);

fn file(r: FileRow) -> Result<StudioFile, StoreError> {
    let (id, kind, file_name, sha256, rows, imported_by, imported_at) = r;
    Ok(StudioFile {
        id,
        kind: StudioFileKind::from_id(&kind).ok_or(StoreError::Corrupt {
            table: "teacher_studio_files",
            column: "kind",
        })?,
        file_name,
        sha256,
        rows: u64::try_from(rows).unwrap_or(0),
        imported_by,
        imported_at,
    })
}

fn word<T>(
    text: &str,
    from_id: fn(&str) -> Option<T>,
    table: &'static str,
    column: &'static str,
) -> Result<T, StoreError> {
    from_id(text).ok_or(StoreError::Corrupt { table, column })
}

/// The items of a comma-joined column.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').filter(|s| !s.is_empty())
}

type StudioRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

type PairRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    Option<String>,
);

impl DistrictStore {
    /// The files of `kind` (every kind when `None`), newest first; the first of a kind is
    /// current.
    pub async fn studio_files(
        &self,
        kind: Option<StudioFileKind>,
    ) -> Result<Vec<StudioFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM teacher_studio_files WHERE district_id = $1 \
             AND ($2 IS NULL OR kind = $2) ORDER BY id DESC"
        );
        let rows: Vec<FileRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(kind.map(StudioFileKind::id))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(file).collect()
    }

    /// The current file of `kind`.
    pub async fn current_studio_file(
        &self,
        kind: StudioFileKind,
    ) -> Result<Option<StudioFile>, StoreError> {
        Ok(self.studio_files(Some(kind)).await?.into_iter().next())
    }

    /// The current studios, in file order, with their file.
    pub async fn studios(&self) -> Result<Option<(StudioFile, Vec<Studio>)>, StoreError> {
        let Some(f) = self.current_studio_file(StudioFileKind::Studios).await? else {
            return Ok(None);
        };
        let rows: Vec<StudioRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT name, kind, level, subject, host, host_school, start_on, end_on, status, \
                 members FROM teacher_studios WHERE file_id = $1 ORDER BY position",
            )
            .bind(f.id)
            .fetch_all(pool)
            .await?
        });
        const T: &str = "teacher_studios";
        let studios = rows
            .into_iter()
            .map(|r| {
                let (name, kind, level, subject, host, host_school, start, end, status, members) =
                    r;
                Ok(Studio {
                    name,
                    kind,
                    level: word(&level, Level::from_id, T, "level")?,
                    subject,
                    host: teacher_id(&host, T, "host")?,
                    host_school: school_code(&host_school, T, "host_school")?,
                    start,
                    end,
                    status: word(&status, Status::from_id, T, "status")?,
                    members: items(&members)
                        .map(|m| teacher_id(m, T, "members"))
                        .collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some((f, studios)))
    }

    /// The current outputs, in file order, with their file.
    pub async fn studio_outputs(&self) -> Result<Option<(StudioFile, Vec<Output>)>, StoreError> {
        let Some(f) = self.current_studio_file(StudioFileKind::Outputs).await? else {
            return Ok(None);
        };
        let rows: Vec<(String, i64, String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT studio, year, kind, count, schools FROM teacher_studio_outputs \
                 WHERE file_id = $1 ORDER BY position",
            )
            .bind(f.id)
            .fetch_all(pool)
            .await?
        });
        const T: &str = "teacher_studio_outputs";
        let outputs = rows
            .into_iter()
            .map(|(studio, year, kind, count, schools)| {
                Ok(Output {
                    studio,
                    year: i32::try_from(year).map_err(|_| StoreError::Corrupt {
                        table: T,
                        column: "year",
                    })?,
                    kind: word(&kind, OutputKind::from_id, T, "kind")?,
                    count: to_u32(count, T, "count")?,
                    schools: items(&schools)
                        .map(|c| school_code(c, T, "schools"))
                        .collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some((f, outputs)))
    }

    /// The current 师徒结对 pairs, in file order (a pair's index is its position), with
    /// their file.
    pub async fn mentor_pairs(&self) -> Result<Option<(StudioFile, Vec<Pair>)>, StoreError> {
        let Some(f) = self.current_studio_file(StudioFileKind::Mentors).await? else {
            return Ok(None);
        };
        let rows: Vec<PairRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT mentor, mentor_school, mentee, mentee_school, subject, start_on, end_on, \
                 goals, meetings_held, meetings_planned, outcome FROM teacher_mentor_pairs \
                 WHERE file_id = $1 ORDER BY position",
            )
            .bind(f.id)
            .fetch_all(pool)
            .await?
        });
        const T: &str = "teacher_mentor_pairs";
        let pairs = rows
            .into_iter()
            .map(|r| {
                let (mentor, ms, mentee, es, subject, start, end, goals, held, planned, outcome) =
                    r;
                Ok(Pair {
                    mentor: teacher_id(&mentor, T, "mentor")?,
                    mentor_school: school_code(&ms, T, "mentor_school")?,
                    mentee: teacher_id(&mentee, T, "mentee")?,
                    mentee_school: school_code(&es, T, "mentee_school")?,
                    subject,
                    start,
                    end,
                    goals,
                    meetings_held: to_u32(held, T, "meetings_held")?,
                    meetings_planned: to_u32(planned, T, "meetings_planned")?,
                    outcome: outcome
                        .map(|o| word(&o, Outcome::from_id, T, "outcome"))
                        .transpose()?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some((f, pairs)))
    }
}
