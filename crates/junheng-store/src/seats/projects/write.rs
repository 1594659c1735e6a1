//! Projects added, replaced, deleted and imported, each with its audit entry in its own
//! transaction.

use super::{MAX_PROJECTS, ProjectEntry, ProjectImport, checked};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::conflict_on_unique;
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

fn duplicate(name: &str) -> String {
    format!("本区县已有名为「{name}」的项目，项目名称不能重复")
}

/// Writes a project's fields (insert when `id` is `None`, else update) and its money, inside
/// the caller's transaction; returns its id.
macro_rules! write_project {
    ($tx:expr, $district:expr, $id:expr, $e:expr, $actor:expr, $at:expr) => {{
        let e: &ProjectEntry = $e;
        let adds = serde_json::to_string(&e.adds).expect("additions serialise");
        let id: i64 = match $id {
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO seat_projects (district_id, name, school_code, kind, status, \
                     year_planned, year_opened, additions, seats_added, cost, funding, \
                     started_on, completed_on, note, created_by, created_at, updated_by, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
                     $13, $14, $15, $16, $15, $16) RETURNING id",
                )
                .bind($district)
                .bind(&e.name)
                .bind(e.school.as_str())
                .bind(e.kind.id())
                .bind(e.status.id())
                .bind(i64::from(e.year_planned))
                .bind(e.year_opened.map(i64::from))
                .bind(&adds)
                .bind(i64::from(e.seats_added))
                .bind(e.cost)
                .bind(&e.funding)
                .bind(e.started_on.as_deref())
                .bind(e.completed_on.as_deref())
                .bind(&e.note)
                .bind(&$actor.name)
                .bind($at)
                .fetch_one(&mut *$tx)
                .await
                .map_err(conflict_on_unique(&duplicate(&e.name)))?;
                id
            }
            Some(id) => {
                sqlx::query(
                    "UPDATE seat_projects SET name = $1, school_code = $2, kind = $3, \
                     status = $4, year_planned = $5, year_opened = $6, additions = $7, \
                     seats_added = $8, cost = $9, funding = $10, started_on = $11, \
                     completed_on = $12, note = $13, updated_by = $14, updated_at = $15 \
                     WHERE district_id = $16 AND id = $17",
                )
                .bind(&e.name)
                .bind(e.school.as_str())
                .bind(e.kind.id())
                .bind(e.status.id())
                .bind(i64::from(e.year_planned))
                .bind(e.year_opened.map(i64::from))
                .bind(&adds)
                .bind(i64::from(e.seats_added))
                .bind(e.cost)
                .bind(&e.funding)
                .bind(e.started_on.as_deref())
                .bind(e.completed_on.as_deref())
                .bind(&e.note)
                .bind(&$actor.name)
                .bind($at)
                .bind($district)
                .bind(id)
                .execute(&mut *$tx)
                .await
                .map_err(conflict_on_unique(&duplicate(&e.name)))?;
                sqlx::query("DELETE FROM seat_project_money WHERE project_id = $1")
                    .bind(id)
                    .execute(&mut *$tx)
                    .await?;
                id
            }
        };
        for m in &e.money {
            sqlx::query(
                "INSERT INTO seat_project_money (project_id, year, planned, spent) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(i64::from(m.year))
            .bind(m.planned)
            .bind(m.spent)
            .execute(&mut *$tx)
            .await?;
        }
        id
    }};
}

/// The audit detail of a project: what finds it again and what it says in brief.
fn detail(e: &ProjectEntry) -> String {
    format!(
        "school={} kind={} status={} cost={}",
        e.school,
        e.kind.id(),
        e.status.id(),
        e.cost
    )
}

impl DistrictStore {
    /// Adds a project with its money and its audit entry; returns its id.
    /// [`StoreError::Invalid`] when it breaks a rule of [`checked`], [`StoreError::Conflict`]
    /// when the district has a project of that name.
    pub async fn add_seat_project(
        &self,
        entry: &ProjectEntry,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        let e = checked(entry)?;
        let at = now();
        Ok(with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = write_project!(tx, self.id, None::<i64>, &e, actor, &at);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEAT_PROJECT_ADD,
                format!("seat_project:{id}"),
                detail(&e)
            )?;
            tx.commit().await?;
            id
        }))
    }

    /// Replaces what project `id` says (its money too), with its audit entry.
    /// [`StoreError::NotFound`] when the district has no such project.
    pub async fn update_seat_project(
        &self,
        id: i64,
        entry: &ProjectEntry,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        let e = checked(entry)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM seat_projects WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::NotFound("该建设项目"));
            }
            write_project!(tx, self.id, Some(id), &e, actor, &at);
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEAT_PROJECT_UPDATE,
                format!("seat_project:{id}"),
                detail(&e)
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Deletes project `id` and its money, with its audit entry.
    pub async fn delete_seat_project(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String,)> =
                sqlx::query_as("SELECT name FROM seat_projects WHERE district_id = $1 AND id = $2")
                    .bind(self.id)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Err(StoreError::NotFound("该建设项目"));
            }
            sqlx::query("DELETE FROM seat_project_money WHERE project_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM seat_projects WHERE district_id = $1 AND id = $2")
                .bind(self.id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEAT_PROJECT_DELETE,
                format!("seat_project:{id}"),
                String::new()
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Writes a ledger file in one transaction: a project of a new name is added, one of a
    /// name the ledger has replaces it (its money too); projects the file does not name stay.
    /// Every entry is checked first: nothing is written when one breaks a rule (the error names
    /// it), or when the file names a project twice.
    pub async fn import_seat_projects(
        &self,
        entries: &[ProjectEntry],
        file_name: &str,
        actor: &Actor,
    ) -> Result<ProjectImport, StoreError> {
        check_actor(actor)?;
        if entries.len() > MAX_PROJECTS {
            return Err(StoreError::Invalid(format!(
                "一个台账文件最多 {MAX_PROJECTS} 个项目"
            )));
        }
        let mut checked_all = Vec::with_capacity(entries.len());
        for e in entries {
            let c = checked(e).map_err(|err| match err {
                StoreError::Invalid(m) => StoreError::Invalid(format!("项目「{}」：{m}", e.name)),
                other => other,
            })?;
            if checked_all.iter().any(|p: &ProjectEntry| p.name == c.name) {
                return Err(StoreError::Invalid(format!(
                    "项目「{}」在文件中出现了两次",
                    c.name
                )));
            }
            checked_all.push(c);
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let known: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM seat_projects WHERE district_id = $1")
                    .bind(self.id)
                    .fetch_all(&mut *tx)
                    .await?;
            let mut outcome = ProjectImport {
                added: 0,
                replaced: 0,
            };
            for e in &checked_all {
                let id = known.iter().find(|(_, n)| *n == e.name).map(|(id, _)| *id);
                match id {
                    Some(_) => outcome.replaced += 1,
                    None => outcome.added += 1,
                }
                write_project!(tx, self.id, id, e, actor, &at);
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::SEAT_PROJECT_IMPORT,
                format!("file:{file_name}"),
                format!("added={} replaced={}", outcome.added, outcome.replaced)
            )?;
            tx.commit().await?;
            Ok(outcome)
        })
    }
}
