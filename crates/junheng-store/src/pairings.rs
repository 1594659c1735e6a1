//! 结对帮扶 (pairings): who helps whom, since when, with what kinds of help, and the activities
//! recorded under each pairing.
//!
//! A pairing's helper is a school of the district, a partner outside it (its name and its 区县 or
//! 省, no code) or an expert team (a name and a number of teachers), as its kind allows
//! ([`PairingKind::helper`]); the helped schools are schools of the district. Dates are
//! `YYYY-MM-DD`, both ends included. Activities are added, never edited; a pairing is ended
//! (an end date set once), never deleted. Every write appends its audit entry in its own
//! transaction.
//!
//! This crate checks what a pairing says by itself (limits, dates, who may help under its kind);
//! that its schools are schools of the district, and who may see or write it, is
//! `junheng_app::pairings`'.

use std::collections::HashMap;

use junheng_core::pairing::{HelpKind, HelperRule, PairingKind};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{
    MAX_ACTIVITY_HOURS, MAX_NOTE, MAX_PAIRING_SCHOOLS, MAX_PARTICIPANTS, MAX_PARTNER_NAME,
    MAX_PARTNER_PLACE, MAX_TEAM_TEACHERS, check_actor, check_len, check_required,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// Who helps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Helper {
    /// A school of the district.
    School {
        /// 学校标识码.
        code: SchoolCode,
    },
    /// A partner outside the district, by name (no code).
    Outside {
        /// The partner's name, e.g. 邻水县实验小学.
        name: String,
        /// Its 区县 or 省, e.g. 四川省广安市邻水县.
        place: String,
    },
    /// An expert team (专家团队).
    Team {
        /// The team's name.
        name: String,
        /// Its number of teachers.
        teachers: u32,
    },
}

impl Helper {
    /// The helper's school, when it is a school of the district.
    pub fn school(&self) -> Option<&SchoolCode> {
        match self {
            Helper::School { code } => Some(code),
            _ => None,
        }
    }
}

/// A stored pairing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairing {
    /// Row id: the pairing's identifier in URLs, the command line and [`RecordRef`]s.
    pub id: i64,
    /// Its kind.
    pub kind: PairingKind,
    /// Who helps.
    pub helper: Helper,
    /// The helped schools, by code.
    pub schools: Vec<SchoolCode>,
    /// The kinds of help, in [`HelpKind::ALL`] order.
    pub help: Vec<HelpKind>,
    /// First day, `YYYY-MM-DD`.
    pub started_on: String,
    /// Last day, `YYYY-MM-DD`; `None` while it runs.
    pub ended_on: Option<String>,
    /// 备注.
    pub note: String,
    /// Who recorded it (login).
    pub created_by: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl Pairing {
    /// Whether the pairing is in force in school year `year`.
    pub fn in_force(&self, year: i32) -> bool {
        junheng_core::pairing::in_force(&self.started_on, self.ended_on.as_deref(), year)
    }

    /// Whether `code` helps or is helped in this pairing.
    pub fn involves(&self, code: &SchoolCode) -> bool {
        self.helper.school() == Some(code) || self.schools.contains(code)
    }

    /// The pairing as a record (evidence and tasks refer to it).
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::Pairing,
            key: self.id.to_string(),
        }
    }
}

/// A pairing to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewPairing<'a> {
    /// Its kind.
    pub kind: PairingKind,
    /// Who helps: as the kind allows.
    pub helper: &'a Helper,
    /// The helped schools: 1 to [`MAX_PAIRING_SCHOOLS`], each once, not the helper school.
    pub schools: &'a [SchoolCode],
    /// The kinds of help: at least one.
    pub help: &'a [HelpKind],
    /// First day, `YYYY-MM-DD`.
    pub started_on: &'a str,
    /// Last day, `YYYY-MM-DD`, not before the first.
    pub ended_on: Option<&'a str>,
    /// 备注, at most [`MAX_NOTE`] characters (trimmed).
    pub note: &'a str,
}

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

/// A `YYYY-MM-DD` date or a refusal naming the field.
fn date(text: &str, field: &str) -> Result<(), StoreError> {
    if is_date(text) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{field}“{}”应写作 YYYY-MM-DD，例如 2024-09-01",
            text.chars().take(20).collect::<String>()
        )))
    }
}

/// What a [`NewPairing`] says, checked: the helped schools sorted and each once.
fn checked(new: &NewPairing<'_>) -> Result<Vec<SchoolCode>, StoreError> {
    let rule = new.kind.helper();
    let fits = matches!(
        (rule, new.helper),
        (
            HelperRule::DistrictSchool | HelperRule::SchoolInOrOut,
            Helper::School { .. }
        ) | (
            HelperRule::SchoolInOrOut | HelperRule::Outside,
            Helper::Outside { .. }
        ) | (HelperRule::Team, Helper::Team { .. })
    );
    if !fits {
        let expected = match rule {
            HelperRule::DistrictSchool => "本区县的一所学校（学校标识码）",
            HelperRule::SchoolInOrOut => "本区县的一所学校，或区县外学校的名称和所在区县",
            HelperRule::Outside => "区县外学校的名称和所在区县或省（不填学校标识码）",
            HelperRule::Team => "专家团队的名称和教师人数",
        };
        return Err(StoreError::Invalid(format!(
            "{}的帮扶方应为{expected}",
            new.kind.label()
        )));
    }
    match new.helper {
        Helper::School { .. } => {}
        Helper::Outside { name, place } => {
            check_required(name.trim(), "帮扶方名称", MAX_PARTNER_NAME)?;
            check_required(place.trim(), "帮扶方所在区县或省", MAX_PARTNER_PLACE)?;
        }
        Helper::Team { name, teachers } => {
            check_required(name.trim(), "专家团队名称", MAX_PARTNER_NAME)?;
            if !(1..=MAX_TEAM_TEACHERS).contains(teachers) {
                return Err(StoreError::Invalid(format!(
                    "专家团队的教师人数应为 1 到 {MAX_TEAM_TEACHERS}"
                )));
            }
        }
    }
    let mut schools = new.schools.to_vec();
    schools.sort();
    schools.dedup();
    if schools.is_empty() || schools.len() > MAX_PAIRING_SCHOOLS {
        return Err(StoreError::Invalid(format!(
            "受援学校应为 1 到 {MAX_PAIRING_SCHOOLS} 所"
        )));
    }
    if let Some(code) = new.helper.school()
        && schools.contains(code)
    {
        return Err(StoreError::Invalid(format!(
            "学校 {code} 不能既是帮扶方又是受援学校"
        )));
    }
    if new.help.is_empty() {
        return Err(StoreError::invalid(
            "请至少选择一种帮扶方式（送教、联合教研、骨干支援、干部挂职、师徒结对、专递课堂）",
        ));
    }
    date(new.started_on, "开始日期")?;
    if let Some(end) = new.ended_on {
        date(end, "结束日期")?;
        if end < new.started_on {
            return Err(StoreError::invalid("结束日期不能早于开始日期"));
        }
    }
    check_len(new.note.trim(), "备注", MAX_NOTE)?;
    Ok(schools)
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
        let mut schools: HashMap<i64, Vec<SchoolCode>> = HashMap::new();
        for (pairing, code) in members {
            schools.entry(pairing).or_default().push(school_code(
                &code,
                "pairing_schools",
                "school_code",
            )?);
        }
        rows.into_iter()
            .map(|r| {
                let mine = schools.remove(&r.id).unwrap_or_default();
                r.into_pairing(mine)
            })
            .collect()
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
            let found: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT started_on, ended_on FROM pairings WHERE district_id = $1 AND id = $2",
            )
            .bind(self.id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((started_on, ended)) = found else {
                return Err(StoreError::NotFound("该结对帮扶"));
            };
            if let Some(ended) = ended {
                return Err(StoreError::Conflict(format!("该结对帮扶已于 {ended} 结束")));
            }
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
            let found: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT started_on, ended_on FROM pairings WHERE district_id = $1 AND id = $2",
            )
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
