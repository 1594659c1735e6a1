//! The activities recorded under a pairing — added, never edited — and their totals.

use std::collections::HashMap;

use junheng_core::pairing::HelpKind;
use serde::Serialize;

use super::{PERIOD_SQL, date};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_ACTIVITY_HOURS, MAX_NOTE, MAX_PARTICIPANTS, check_actor, check_len};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// A recorded activity of a pairing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// Row id.
    pub id: i64,
    /// The pairing.
    pub pairing: i64,
    /// Its day, `YYYY-MM-DD`.
    pub held_on: String,
    /// Its kind.
    pub kind: HelpKind,
    /// Hours.
    pub hours: f64,
    /// Participants.
    pub participants: u32,
    /// 备注.
    pub note: String,
    /// Who recorded it.
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// An activity to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewActivity<'a> {
    /// Its day, within the pairing's period.
    pub held_on: &'a str,
    /// Its kind.
    pub kind: HelpKind,
    /// Hours: more than 0, at most [`MAX_ACTIVITY_HOURS`].
    pub hours: f64,
    /// Participants: at most [`MAX_PARTICIPANTS`].
    pub participants: u32,
    /// 备注, at most [`MAX_NOTE`] characters (trimmed).
    pub note: &'a str,
}

/// Activities of one pairing, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ActivityTotals {
    /// Activities.
    pub activities: u32,
    /// Hours of them.
    pub hours: f64,
    /// Participants of them.
    pub participants: u64,
}

struct ActivityRow {
    id: i64,
    pairing_id: i64,
    held_on: String,
    kind: String,
    hours: f64,
    participants: i64,
    note: String,
    created_by: String,
    created_at: String,
}
from_row!(ActivityRow {
    id,
    pairing_id,
    held_on,
    kind,
    hours,
    participants,
    note,
    created_by,
    created_at
});

impl TryFrom<ActivityRow> for Activity {
    type Error = StoreError;

    fn try_from(r: ActivityRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "pairing_activities",
            column,
        };
        Ok(Activity {
            id: r.id,
            pairing: r.pairing_id,
            held_on: r.held_on,
            kind: HelpKind::ALL
                .into_iter()
                .find(|k| k.id() == r.kind)
                .ok_or_else(|| bad("kind"))?,
            hours: r.hours,
            participants: u32::try_from(r.participants).map_err(|_| bad("participants"))?,
            note: r.note,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

impl DistrictStore {
    /// Records an activity of a pairing, with its audit entry, in one transaction.
    /// [`StoreError::NotFound`] when the district has no such pairing; [`StoreError::Invalid`]
    /// for a day outside the pairing's period or a value past its limit.
    pub async fn add_activity(
        &self,
        pairing: i64,
        new: &NewActivity<'_>,
        actor: &Actor,
    ) -> Result<Activity, StoreError> {
        check_actor(actor)?;
        date(new.held_on, "活动日期")?;
        if !new.hours.is_finite() || new.hours <= 0.0 || new.hours > MAX_ACTIVITY_HOURS {
            return Err(StoreError::Invalid(format!(
                "活动时长应大于 0 小时、不超过 {MAX_ACTIVITY_HOURS} 小时"
            )));
        }
        if new.participants > MAX_PARTICIPANTS {
            return Err(StoreError::Invalid(format!(
                "参与人数应为 0 到 {MAX_PARTICIPANTS}"
            )));
        }
        let note = new.note.trim();
        check_len(note, "备注", MAX_NOTE)?;
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String, Option<String>)> = sqlx::query_as(PERIOD_SQL)
                .bind(self.id)
                .bind(pairing)
                .fetch_optional(&mut *tx)
                .await?;
            let Some((started_on, ended_on)) = found else {
                return Err(StoreError::NotFound("该结对帮扶"));
            };
            let after_end = ended_on.as_deref().is_some_and(|e| new.held_on > e);
            if new.held_on < started_on.as_str() || after_end {
                return Err(StoreError::Invalid(format!(
                    "活动日期 {} 不在结对帮扶的期间（{started_on} 至 {}）内",
                    new.held_on,
                    ended_on.as_deref().unwrap_or("今")
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO pairing_activities (pairing_id, held_on, kind, hours, \
                 participants, note, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(pairing)
            .bind(new.held_on)
            .bind(new.kind.id())
            .bind(new.hours)
            .bind(i64::from(new.participants))
            .bind(note)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::PAIRING_ACTIVITY,
                format!("pairing:{pairing}"),
                format!(
                    "date={} kind={} hours={}",
                    new.held_on,
                    new.kind.id(),
                    new.hours
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(Activity {
            id,
            pairing,
            held_on: new.held_on.to_owned(),
            kind: new.kind,
            hours: new.hours,
            participants: new.participants,
            note: note.to_owned(),
            created_by: actor.name.clone(),
            created_at: at,
        })
    }

    /// The activities of a pairing of the district, by day.
    pub async fn activities(&self, pairing: i64) -> Result<Vec<Activity>, StoreError> {
        let rows: Vec<ActivityRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT a.id, a.pairing_id, a.held_on, a.kind, a.hours, a.participants, a.note, \
                 a.created_by, a.created_at FROM pairing_activities a \
                 JOIN pairings p ON p.id = a.pairing_id \
                 WHERE p.district_id = $1 AND a.pairing_id = $2 ORDER BY a.held_on, a.id",
            )
            .bind(self.id)
            .bind(pairing)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Activity::try_from).collect()
    }

    /// The activities of every pairing of the district, counted, by pairing id.
    pub async fn activity_totals(&self) -> Result<HashMap<i64, ActivityTotals>, StoreError> {
        let rows: Vec<(i64, i64, Option<f64>, Option<i64>)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT a.pairing_id, COUNT(*), SUM(a.hours), CAST(SUM(a.participants) AS BIGINT) \
                 FROM pairing_activities a JOIN pairings p ON p.id = a.pairing_id \
                 WHERE p.district_id = $1 GROUP BY a.pairing_id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, n, hours, people)| {
                (
                    id,
                    ActivityTotals {
                        activities: u32::try_from(n).unwrap_or(u32::MAX),
                        hours: hours.unwrap_or(0.0),
                        participants: people.map_or(0, |p| u64::try_from(p).unwrap_or(0)),
                    },
                )
            })
            .collect())
    }
}
