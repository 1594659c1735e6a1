//! 校长、副校长任职表 (issue 17 item 8): the district's terms of school leaders. A file is
//! written whole or not at all with its audit entry ([`DistrictStore::import_leaders`]); the
//! latest file is the current list, and withdrawing it ([`DistrictStore::withdraw_leaders`])
//! brings the previous one back.

use junheng_rotation::{LeaderPost, LeaderTerm, TeacherId, check_terms};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::check_actor;
use crate::pool::{Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most terms one file may hold.
pub const MAX_LEADER_TERMS: usize = 20_000;

/// An imported 校长副校长任职表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaderFile {
    /// Row id.
    pub id: i64,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Terms in it.
    pub terms: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

const TERM_INSERT: &str =
    "INSERT INTO leader_terms (file_id, position, person, school, post, from_year, to_year)";
const PER_TERM: usize = 7;
const FILE_COLUMNS: &str = "id, file_name, sha256, terms, imported_by, imported_at";

fn post_id(p: LeaderPost) -> &'static str {
    match p {
        LeaderPost::Principal => "principal",
        LeaderPost::VicePrincipal => "vice_principal",
    }
}

type TermRow = (String, String, String, i64, Option<i64>);

fn term(r: TermRow) -> Result<LeaderTerm, StoreError> {
    let bad = |column| StoreError::Corrupt {
        table: "leader_terms",
        column,
    };
    let (person, school, post, from_year, to_year) = r;
    let year = |y: i64, c| i32::try_from(y).map_err(|_| bad(c));
    Ok(LeaderTerm {
        person: TeacherId::parse(&person).map_err(|_| bad("person"))?,
        school: school_code(&school, "leader_terms", "school")?,
        post: match post.as_str() {
            "principal" => LeaderPost::Principal,
            "vice_principal" => LeaderPost::VicePrincipal,
            _ => return Err(bad("post")),
        },
        from_year: year(from_year, "from_year")?,
        to_year: to_year.map(|y| year(y, "to_year")).transpose()?,
    })
}

impl DistrictStore {
    /// Writes a 校长副校长任职表 — every term, the file's record and the audit entry — in one
    /// transaction, as the district's current list. [`StoreError::Invalid`] when the terms
    /// break [`check_terms`], when there are none or more than [`MAX_LEADER_TERMS`], or when the
    /// file's name or digest is malformed.
    pub async fn import_leaders(
        &self,
        terms: &[LeaderTerm],
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<LeaderFile, StoreError> {
        check_actor(actor)?;
        crate::seats::check_named_file(file_name, sha256)?;
        if terms.is_empty() || terms.len() > MAX_LEADER_TERMS {
            return Err(StoreError::Invalid(format!(
                "一个任职表应有 1 到 {MAX_LEADER_TERMS} 条任职记录"
            )));
        }
        check_terms(terms).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let at = now();
        let count = terms.len() as u64;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO leader_files (district_id, file_name, sha256, terms, imported_by, \
                 imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(self.id)
            .bind(file_name)
            .bind(sha256)
            .bind(i64::try_from(count).unwrap_or(i64::MAX))
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let per = (pool.params_per_insert() / PER_TERM).max(1);
            for (c, chunk) in terms.chunks(per).enumerate() {
                let sql = insert_values_sql(TERM_INSERT, PER_TERM, chunk.len());
                // Built from our own constants only.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (i, t) in chunk.iter().enumerate() {
                    q = q
                        .bind(id)
                        .bind((c * per + i + 1) as i64)
                        .bind(t.person.as_str())
                        .bind(t.school.as_str())
                        .bind(post_id(t.post))
                        .bind(i64::from(t.from_year))
                        .bind(t.to_year.map(i64::from));
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LEADERS_IMPORT,
                format!("leader_file:{id}"),
                format!("file={} terms={count}", file_name.replace(' ', "_"))
            )?;
            tx.commit().await?;
            id
        });
        Ok(LeaderFile {
            id,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            terms: count,
            imported_by: actor.name.clone(),
            imported_at: at,
        })
    }

    /// The imported 任职表, newest (current) first.
    pub async fn leader_files(&self) -> Result<Vec<LeaderFile>, StoreError> {
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM leader_files WHERE district_id = $1 ORDER BY id DESC"
        );
        let rows: Vec<(i64, String, String, i64, String, String)> =
            with_pool!(&self.pool, |pool| {
                // Built from our own constants only.
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(self.id)
                    .fetch_all(pool)
                    .await?
            });
        Ok(rows
            .into_iter()
            .map(
                |(id, file_name, sha256, terms, imported_by, imported_at)| LeaderFile {
                    id,
                    file_name,
                    sha256,
                    terms: u64::try_from(terms).unwrap_or(0),
                    imported_by,
                    imported_at,
                },
            )
            .collect())
    }

    /// The current 任职表 and its terms in file order, if any.
    pub async fn leaders(&self) -> Result<Option<(LeaderFile, Vec<LeaderTerm>)>, StoreError> {
        let Some(current) = self.leader_files().await?.into_iter().next() else {
            return Ok(None);
        };
        let rows: Vec<TermRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT person, school, post, from_year, to_year FROM leader_terms \
                 WHERE file_id = $1 ORDER BY position",
            )
            .bind(current.id)
            .fetch_all(pool)
            .await?
        });
        let terms = rows.into_iter().map(term).collect::<Result<_, _>>()?;
        Ok(Some((current, terms)))
    }

    /// Withdraws the current 任职表 (the previous one, if any, is current again), with its audit
    /// entry. [`StoreError::NotFound`] when there is none.
    pub async fn withdraw_leaders(&self, actor: &Actor) -> Result<LeaderFile, StoreError> {
        check_actor(actor)?;
        let current = self
            .leader_files()
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("导入的校长副校长任职表"))?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM leader_terms WHERE file_id = $1")
                .bind(current.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM leader_files WHERE id = $1 AND district_id = $2")
                .bind(current.id)
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LEADERS_WITHDRAW,
                format!("leader_file:{}", current.id),
                format!("terms={}", current.terms)
            )?;
            tx.commit().await?;
        });
        Ok(current)
    }
}
