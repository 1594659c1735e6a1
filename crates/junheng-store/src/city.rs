//! What a city compares of its districts, read in a few grouped queries: each district's latest
//! statistics version of each year, its latest roster version, and a mark of its ledger. A page
//! over 41 districts asks three queries, not 41 × 3; the marks name cached results.

use serde::Serialize;

use crate::district::DistrictId;
use crate::error::{narrow, to_u32};
use crate::pool::{from_row, with_pool};
use crate::{Store, StoreError};

/// The latest statistics of one district and school year, and the latest roster of that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Freshness {
    /// The district.
    pub district: DistrictId,
    /// 学年.
    pub year: i32,
    /// Latest statistics version.
    pub version: u32,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// Who imported it.
    pub imported_by: String,
    /// The file it came from (a package names itself here).
    pub file_name: String,
    /// Latest roster version of the year, if any.
    pub roster_version: Option<u32>,
}

struct FreshRow {
    district_id: i64,
    year: i64,
    version: i64,
    imported_at: String,
    imported_by: String,
    file_name: String,
    roster_version: Option<i64>,
}
from_row!(FreshRow {
    district_id,
    year,
    version,
    imported_at,
    imported_by,
    file_name,
    roster_version
});

struct MarkRow {
    district_id: i64,
    moves: i64,
    last: i64,
    sum: i64,
}
from_row!(MarkRow {
    district_id,
    moves,
    last,
    sum
});

impl Store {
    /// The latest statistics of every district and year (newest year first), with the year's
    /// latest roster version.
    pub async fn freshness(&self) -> Result<Vec<Freshness>, StoreError> {
        let rows: Vec<FreshRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT i.district_id, i.year, i.version, i.imported_at, i.imported_by, \
                 i.file_name, (SELECT MAX(r.version) FROM roster_versions r \
                   WHERE r.district_id = i.district_id AND r.year = i.year) AS roster_version \
                 FROM imports i WHERE i.version = (SELECT MAX(j.version) FROM imports j \
                   WHERE j.district_id = i.district_id AND j.year = i.year) \
                 ORDER BY i.district_id, i.year DESC",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Freshness {
                    district: DistrictId(r.district_id),
                    year: narrow(r.year, "imports", "year")?,
                    version: to_u32(r.version, "imports", "version")?,
                    imported_at: r.imported_at,
                    imported_by: r.imported_by,
                    file_name: r.file_name,
                    roster_version: r
                        .roster_version
                        .map(|v| to_u32(v, "roster_versions", "version"))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// A mark of each district's active ledger that changes whenever a move is added or
    /// cancelled (count, last id and sum of ids of the active moves); districts without moves
    /// are absent.
    pub async fn ledger_marks(&self) -> Result<Vec<(DistrictId, String)>, StoreError> {
        let rows: Vec<MarkRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT district_id, COUNT(*) AS moves, MAX(id) AS last, \
                 CAST(SUM(id) AS BIGINT) AS sum FROM rotation_moves \
                 WHERE cancelled_at IS NULL GROUP BY district_id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    DistrictId(r.district_id),
                    format!("{}:{}:{}", r.moves, r.last, r.sum),
                )
            })
            .collect())
    }
}
