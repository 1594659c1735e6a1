//! The 劳动清单, versioned: the district's list (`school` empty) and each school's list on top
//! of it. A new version replaces the owner's list ([`DistrictStore::add_labour_list`]); the old
//! versions are kept; withdrawing (撤回, [`DistrictStore::withdraw_labour_list`]) marks the
//! newest version withdrawn so that the one before is the list again. Every write is audited in
//! its transaction. The rules of a list (nothing below the minimum) are the engine's and are
//! checked by the use-case layer before a version is written.

use junheng_core::school::SchoolCode;
use junheng_labour::checklist::{Checklist, Owner};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_DIGEST, MAX_FILE_NAME, check_actor, check_len, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// Most items of one list version.
pub const MAX_LIST_ITEMS: usize = 2_000;
/// The file name of a list written without a file (the demo's, or a restored copy).
pub const ENTERED: &str = "手工录入";
/// Serialises the writers of list versions (the next version number is read, then written).
const LIST_LOCK: i64 = 0x6c61_626f_7572;

/// A stored version of a list, without its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListVersion {
    /// Row id.
    pub id: i64,
    /// The school, or `None` for the district's list.
    pub school: Option<SchoolCode>,
    /// The version, from 1.
    pub version: u32,
    /// The version it replaced.
    pub parent_version: Option<u32>,
    /// Items (and dropped codes) in it.
    pub items: u64,
    /// The file's name ([`ENTERED`] without a file).
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex (empty without a file).
    pub sha256: String,
    /// Who wrote it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
    /// Who withdrew it, and when (RFC 3339 UTC), if it was withdrawn.
    pub withdrawn: Option<(String, String)>,
}

/// A version with its list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredList {
    /// The version's row.
    pub version: ListVersion,
    /// The list.
    pub list: Checklist,
}

type Row = (
    i64,
    String,
    i64,
    Option<i64>,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

const COLUMNS: &str = "id, school, version, parent_version, list, items, file_name, sha256, \
                       created_by, created_at, withdrawn_by, withdrawn_at";

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: "labour_lists",
        column,
    }
}

fn stored(r: Row) -> Result<StoredList, StoreError> {
    let (id, school, version, parent, list, items, file_name, sha256, by, at, wby, wat) = r;
    let school = if school.is_empty() {
        None
    } else {
        Some(SchoolCode::parse(&school).map_err(|_| corrupt("school"))?)
    };
    let list: Checklist = serde_json::from_str(&list).map_err(|_| corrupt("list"))?;
    let version32 = |v: i64, c| u32::try_from(v).map_err(|_| corrupt(c));
    Ok(StoredList {
        version: ListVersion {
            id,
            school,
            version: version32(version, "version")?,
            parent_version: parent.map(|p| version32(p, "parent_version")).transpose()?,
            items: u64::try_from(items).unwrap_or(0),
            file_name,
            sha256,
            created_by: by,
            created_at: at,
            withdrawn: wby.zip(wat),
        },
        list,
    })
}

/// The owner column of a list's owner.
fn owner_key(owner: &Owner) -> &str {
    match owner {
        Owner::District => "",
        Owner::School(code) => code.as_str(),
    }
}

fn school_key(school: Option<&SchoolCode>) -> &str {
    school.map_or("", SchoolCode::as_str)
}

impl DistrictStore {
    /// Every version of the district's list (`None`) or of a school's list, newest first,
    /// withdrawn ones included.
    pub async fn labour_list_versions(
        &self,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<StoredList>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM labour_lists WHERE district_id = $1 AND school = $2 \
             ORDER BY version DESC"
        );
        let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(school_key(school))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(stored).collect()
    }

    /// The current list of the district (`None`) or of a school: its newest version not
    /// withdrawn, if any.
    pub async fn labour_list(
        &self,
        school: Option<&SchoolCode>,
    ) -> Result<Option<StoredList>, StoreError> {
        Ok(self
            .labour_list_versions(school)
            .await?
            .into_iter()
            .find(|l| l.version.withdrawn.is_none()))
    }

    /// The current list of every school that has one, by school.
    pub async fn school_labour_lists(&self) -> Result<Vec<StoredList>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM labour_lists l WHERE district_id = $1 AND school <> '' \
             AND withdrawn_at IS NULL AND version = (SELECT MAX(version) FROM labour_lists m \
             WHERE m.district_id = l.district_id AND m.school = l.school \
             AND m.withdrawn_at IS NULL) ORDER BY school"
        );
        let rows: Vec<Row> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(stored).collect()
    }

    /// Writes `list` as its owner's next version, with its audit entry, in one transaction.
    /// The list's `version` must be one more than the owner's highest stored version (withdrawn
    /// ones count: a number is never reused) and its `parent_version` the current version, else
    /// [`StoreError::Conflict`] (someone else wrote a version meanwhile).
    /// [`StoreError::Invalid`] without items or beyond [`MAX_LIST_ITEMS`].
    pub async fn add_labour_list(
        &self,
        list: &Checklist,
        file_name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<ListVersion, StoreError> {
        check_actor(actor)?;
        check_required(file_name, "文件名", MAX_FILE_NAME)?;
        check_len(sha256, "文件摘要", MAX_DIGEST)?;
        let count = list.items.len() + list.removals.len();
        if count == 0 || count > MAX_LIST_ITEMS {
            return Err(StoreError::Invalid(format!(
                "一个劳动清单应有 1 到 {MAX_LIST_ITEMS} 个项目"
            )));
        }
        let school = owner_key(&list.owner).to_owned();
        let json = serde_json::to_string(list)
            .map_err(|_| StoreError::Invalid("劳动清单无法保存".into()))?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(LIST_LOCK).await?;
            let (highest,): (Option<i64>,) = sqlx::query_as(
                "SELECT MAX(version) FROM labour_lists WHERE district_id = $1 AND school = $2",
            )
            .bind(self.id)
            .bind(&school)
            .fetch_one(&mut *tx)
            .await?;
            let (current,): (Option<i64>,) = sqlx::query_as(
                "SELECT MAX(version) FROM labour_lists WHERE district_id = $1 AND school = $2 \
                 AND withdrawn_at IS NULL",
            )
            .bind(self.id)
            .bind(&school)
            .fetch_one(&mut *tx)
            .await?;
            if i64::from(list.version) != highest.unwrap_or(0) + 1
                || list.parent_version.map(i64::from) != current
            {
                return Err(StoreError::Conflict(
                    "清单刚被他人更新：请刷新页面后重新导入".into(),
                ));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO labour_lists (district_id, school, version, parent_version, list, \
                 items, file_name, sha256, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(self.id)
            .bind(&school)
            .bind(i64::from(list.version))
            .bind(list.parent_version.map(i64::from))
            .bind(&json)
            .bind(count as i64)
            .bind(file_name)
            .bind(sha256)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_LIST_IMPORT,
                format!("labour_list:{id}"),
                format!(
                    "school={} version={} items={count} file={}",
                    if school.is_empty() {
                        "district"
                    } else {
                        &school
                    },
                    list.version,
                    file_name.replace(' ', "_")
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(ListVersion {
            id,
            school: match &list.owner {
                Owner::District => None,
                Owner::School(c) => Some(c.clone()),
            },
            version: list.version,
            parent_version: list.parent_version,
            items: count as u64,
            file_name: file_name.to_owned(),
            sha256: sha256.to_owned(),
            created_by: actor.name.clone(),
            created_at: at,
            withdrawn: None,
        })
    }

    /// Withdraws the current version of the district's (`None`) or a school's list: marks it
    /// withdrawn (kept), with its audit entry; the version before, if any, is the list again.
    /// [`StoreError::NotFound`] when the owner has no current list.
    pub async fn withdraw_labour_list(
        &self,
        school: Option<&SchoolCode>,
        actor: &Actor,
    ) -> Result<ListVersion, StoreError> {
        check_actor(actor)?;
        let at = now();
        let key = school_key(school).to_owned();
        let found = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write_locked(LIST_LOCK).await?;
            let sql = format!(
                "SELECT {COLUMNS} FROM labour_lists WHERE district_id = $1 AND school = $2 \
                 AND withdrawn_at IS NULL ORDER BY version DESC LIMIT 1"
            );
            // Built from our own constants only.
            let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(&key)
                .fetch_optional(&mut *tx)
                .await?;
            let found = stored(row.ok_or(StoreError::NotFound("可撤回的劳动清单版本"))?)?;
            sqlx::query(
                "UPDATE labour_lists SET withdrawn_by = $1, withdrawn_at = $2 \
                 WHERE id = $3 AND district_id = $4",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(found.version.id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::LABOUR_LIST_WITHDRAW,
                format!("labour_list:{}", found.version.id),
                format!(
                    "school={} version={}",
                    if key.is_empty() { "district" } else { &key },
                    found.version.version
                )
            )?;
            tx.commit().await?;
            found
        });
        Ok(ListVersion {
            withdrawn: Some((actor.name.clone(), at)),
            ..found.version
        })
    }
}
