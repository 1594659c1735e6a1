//! The map's boundaries of a district: its outline and optional townships as the canonical
//! GeoJSON texts junheng-io writes after checking an upload (this crate stores them, it does
//! not read them). Every upload is a new row; the newest is the district's boundary.

use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_FILE_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// A stored boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredBoundary {
    /// Row id.
    pub id: i64,
    /// The outline: a GeoJSON MultiPolygon geometry.
    pub outline: String,
    /// The townships: a GeoJSON FeatureCollection, when uploaded.
    pub townships: Option<String>,
    /// How many townships.
    pub township_count: i64,
    /// Positions of outline and townships together.
    pub vertices: i64,
    /// The uploaded file's name.
    pub file_name: String,
    /// When, RFC 3339 UTC.
    pub uploaded_at: String,
    /// Who.
    pub uploaded_by: String,
}

from_row!(StoredBoundary {
    id,
    outline,
    townships,
    township_count,
    vertices,
    file_name,
    uploaded_at,
    uploaded_by
});

/// A boundary to store: the checked, canonical texts and their counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBoundary<'a> {
    /// The outline (GeoJSON MultiPolygon geometry).
    pub outline: &'a str,
    /// The townships (GeoJSON FeatureCollection), if any.
    pub townships: Option<&'a str>,
    /// How many townships.
    pub township_count: usize,
    /// Positions of outline and townships together.
    pub vertices: usize,
    /// The uploaded file's name.
    pub file_name: &'a str,
}

impl DistrictStore {
    /// Stores a new boundary of the district (the earlier ones stay); returns its id.
    /// [`StoreError::Invalid`] for an empty outline or a file name longer than
    /// [`MAX_FILE_NAME`].
    pub async fn save_boundary(
        &self,
        boundary: &NewBoundary<'_>,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_required(boundary.file_name, "文件名", MAX_FILE_NAME)?;
        if boundary.outline.trim().is_empty() {
            return Err(StoreError::invalid("区县边界不能为空"));
        }
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO district_boundaries (district_id, outline, townships, \
                 township_count, vertices, file_name, uploaded_at, uploaded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(self.id)
            .bind(boundary.outline)
            .bind(boundary.townships)
            .bind(count(boundary.township_count))
            .bind(count(boundary.vertices))
            .bind(boundary.file_name)
            .bind(now())
            .bind(&actor.name)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::MAP_BOUNDARY,
                format!("boundary:{id}"),
                format!(
                    "vertices={} townships={}",
                    boundary.vertices, boundary.township_count
                )
            )?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The district's current boundary (the newest uploaded), if any.
    pub async fn boundary(&self) -> Result<Option<StoredBoundary>, StoreError> {
        with_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(
                "SELECT id, outline, townships, township_count, vertices, file_name, \
                 uploaded_at, uploaded_by FROM district_boundaries WHERE district_id = $1 \
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(self.id)
            .fetch_optional(pool)
            .await?)
        })
    }
}
