//! Pairings written with their helped schools, ended (never deleted), and read back.

use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::SchoolCode;

use super::{Helper, NewPairing, PERIOD_SQL, Pairing, checked, date};
use crate::audit::{action, append};
use crate::dated::{still_running, with_children};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::check_actor;
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

struct PairingRow {
    id: i64,
    kind: String,
    helper_school: Option<String>,
    helper_name: String,
    helper_place: String,
    team_teachers: Option<i64>,
    help_kinds: String,
    started_on: String,
    ended_on: Option<String>,
    note: String,
    created_by: String,
    created_at: String,
}
from_row!(PairingRow {
    id,
    kind,
    helper_school,
    helper_name,
    helper_place,
    team_teachers,
    help_kinds,
    started_on,
    ended_on,
    note,
    created_by,
    created_at
});

const PAIRING_COLUMNS: &str = "id, kind, helper_school, helper_name, helper_place, \
                               team_teachers, help_kinds, started_on, ended_on, note, \
                               created_by, created_at";

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: "pairings",
        column,
    }
}

impl PairingRow {
    fn into_pairing(self, schools: Vec<SchoolCode>) -> Result<Pairing, StoreError> {
        let kind = PairingKind::ALL
            .into_iter()
            .find(|k| k.id() == self.kind)
            .ok_or_else(|| corrupt("kind"))?;
        let helper = match (self.helper_school, self.team_teachers) {
            (Some(code), _) => Helper::School {
                code: school_code(&code, "pairings", "helper_school")?,
            },
            (None, Some(n)) => Helper::Team {
                name: self.helper_name,
                teachers: u32::try_from(n).map_err(|_| corrupt("team_teachers"))?,
            },
            (None, None) => Helper::Outside {
                name: self.helper_name,
                place: self.helper_place,
            },
        };
        Ok(Pairing {
            id: self.id,
            kind,
            helper,
            schools,
            help: HelpKind::split(&self.help_kinds).ok_or_else(|| corrupt("help_kinds"))?,
            started_on: self.started_on,
            ended_on: self.ended_on,
            note: self.note,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

impl DistrictStore {
    /// Records a pairing and its helped schools, with its audit entry, in one transaction;
    /// returns it as stored. [`StoreError::Invalid`] when it breaks a rule of [`NewPairing`]
    /// (nothing is written then).
    pub async fn add_pairing(
        &self,
        new: &NewPairing<'_>,
        actor: &Actor,
    ) -> Result<Pairing, StoreError> {
        check_actor(actor)?;
        let schools = checked(new)?;
        let (school, name, place, teachers) = match new.helper {
            Helper::School { code } => (Some(code.as_str()), "", "", None),
            Helper::Outside { name, place } => (None, name.trim(), place.trim(), None),
            Helper::Team { name, teachers } => (None, name.trim(), "", Some(i64::from(*teachers))),
        };
        let help = HelpKind::join(new.help);
        let note = new.note.trim();
        let at = now();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO pairings (district_id, kind, helper_school, helper_name, \
                 helper_place, team_teachers, help_kinds, started_on, ended_on, note, \
                 created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(self.id)
            .bind(new.kind.id())
            .bind(school)
            .bind(name)
            .bind(place)
            .bind(teachers)
            .bind(&help)
            .bind(new.started_on)
            .bind(new.ended_on)
            .bind(note)
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            for code in &schools {
                sqlx::query(
                    "INSERT INTO pairing_schools (pairing_id, school_code) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(code.as_str())
                .execute(&mut *tx)
                .await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::PAIRING_ADD,
                format!("pairing:{id}"),
                format!(
                    "kind={} schools={} from={}",
                    new.kind.id(),
                    schools.len(),
                    new.started_on
                )
            )?;
            tx.commit().await?;
            id
        });
        Ok(Pairing {
            id,
            kind: new.kind,
            helper: match new.helper {
                Helper::School { code } => Helper::School { code: code.clone() },
                Helper::Outside { .. } => Helper::Outside {
                    name: name.to_owned(),
                    place: place.to_owned(),
                },
                Helper::Team { teachers, .. } => Helper::Team {
                    name: name.to_owned(),
                    teachers: *teachers,
                },
            },
            schools,
            help: HelpKind::split(&help).unwrap_or_default(),
            started_on: new.started_on.to_owned(),
            ended_on: new.ended_on.map(str::to_owned),
            note: note.to_owned(),
            created_by: actor.name.clone(),
            created_at: at,
        })
    }

    /// Every pairing of the district, oldest first, with its helped schools.
    pub async fn pairings(&self) -> Result<Vec<Pairing>, StoreError> {
        self.pairings_where(None).await
    }

    /// One pairing of the district, if it has it.
    pub async fn pairing(&self, id: i64) -> Result<Option<Pairing>, StoreError> {
        Ok(self.pairings_where(Some(id)).await?.into_iter().next())
    }

    async fn pairings_where(&self, id: Option<i64>) -> Result<Vec<Pairing>, StoreError> {
        let sql = format!(
            "SELECT {PAIRING_COLUMNS} FROM pairings WHERE district_id = $1 \
             AND ($2 IS NULL OR id = $2) ORDER BY started_on, id"
        );
        let (rows, members): (Vec<PairingRow>, Vec<(i64, String)>) =
            with_pool!(&self.pool, |pool| {
                let mut tx = pool.begin_snapshot().await?;
                // Built from our own constants only.
                let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(self.id)
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                let members = sqlx::query_as(
                    "SELECT s.pairing_id, s.school_code FROM pairing_schools s \
                     JOIN pairings p ON p.id = s.pairing_id \
                     WHERE p.district_id = $1 AND ($2 IS NULL OR p.id = $2) \
                     ORDER BY s.pairing_id, s.school_code",
                )
                .bind(self.id)
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                (rows, members)
            });
        let members = members
            .into_iter()
            .map(|(pairing, code)| {
                Ok((
                    pairing,
                    school_code(&code, "pairing_schools", "school_code")?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        with_children(rows, members, |r| r.id, PairingRow::into_pairing)
    }

    /// Sets the last day of a running pairing, with its audit entry. [`StoreError::NotFound`]
    /// when the district has no such pairing; [`StoreError::Conflict`] when it has ended
    /// already; [`StoreError::Invalid`] for a day before its start or before one of its
    /// activities.
    pub async fn end_pairing(
        &self,
        id: i64,
        ended_on: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        date(ended_on, "结束日期")?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String, Option<String>)> = sqlx::query_as(PERIOD_SQL)
                .bind(self.id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let started_on = still_running(found, "该结对帮扶")?;
            if ended_on < started_on.as_str() {
                return Err(StoreError::Invalid(format!(
                    "结束日期不能早于开始日期 {started_on}"
                )));
            }
            let (last,): (Option<String>,) =
                sqlx::query_as("SELECT MAX(held_on) FROM pairing_activities WHERE pairing_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if let Some(last) = last.filter(|l| l.as_str() > ended_on) {
                return Err(StoreError::Invalid(format!(
                    "结束日期不能早于已记录的活动日期 {last}"
                )));
            }
            sqlx::query("UPDATE pairings SET ended_on = $1 WHERE district_id = $2 AND id = $3")
                .bind(ended_on)
                .bind(self.id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::PAIRING_END,
                format!("pairing:{id}"),
                format!("ended_on={ended_on}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
