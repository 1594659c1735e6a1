//! 学区 (zones) as records: a name, a head school (学区长学校) and a note. Which schools a zone
//! has in a year is the statistics' 学区 column of that year.

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_NOTE, MAX_SCHOOL_TEXT, check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// A 学区.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Zone {
    /// Row id.
    pub id: i64,
    /// Name, as the statistics' 学区 column writes it; unique in the district.
    pub name: String,
    /// The head school (学区长学校).
    pub head_school: Option<SchoolCode>,
    /// 备注.
    pub note: String,
    /// When it was first recorded, RFC 3339 UTC.
    pub created_at: String,
}

struct ZoneRow {
    id: i64,
    name: String,
    head_school: Option<String>,
    note: String,
    created_at: String,
}
from_row!(ZoneRow {
    id,
    name,
    head_school,
    note,
    created_at
});

impl DistrictStore {
    /// Every recorded 学区, by name.
    pub async fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        let rows: Vec<ZoneRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, name, head_school, note, created_at FROM zones \
                 WHERE district_id = $1 ORDER BY name",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Zone {
                    head_school: r
                        .head_school
                        .map(|c| school_code(&c, "zones", "head_school"))
                        .transpose()?,
                    id: r.id,
                    name: r.name,
                    note: r.note,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// The name of every 学区: those recorded and those the latest school year's statistics name
    /// in their 学区 column, sorted, each once.
    pub async fn zone_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names: Vec<String> = self.zones().await?.into_iter().map(|z| z.name).collect();
        if let Some(latest) = self.years().await?.iter().map(|y| y.year).max() {
            names.extend(
                self.statistics(latest, None)
                    .await?
                    .into_iter()
                    .filter_map(|r| r.zone)
                    .map(|z| z.trim().to_owned())
                    .filter(|z| !z.is_empty()),
            );
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// Records a 学区, or sets the head school and note of a recorded one.
    pub async fn save_zone(
        &self,
        name: &str,
        head_school: Option<&SchoolCode>,
        note: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let name = name.trim();
        check_required(name, "学区名称", MAX_SCHOOL_TEXT)?;
        let note = note.trim();
        check_len(note, "备注", MAX_NOTE)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO zones (district_id, name, head_school, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (district_id, name) DO UPDATE \
                 SET head_school = excluded.head_school, note = excluded.note RETURNING id",
            )
            .bind(self.id)
            .bind(name)
            .bind(head_school.map(SchoolCode::as_str))
            .bind(note)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::ZONE_SAVE,
                format!("zone:{id}"),
                format!(
                    "name={name} head={}",
                    head_school.map_or("", SchoolCode::as_str)
                )
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
