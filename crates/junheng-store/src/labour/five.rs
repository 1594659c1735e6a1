//! 五育 coverage records (大课间, 美育, 特色学校, 校园足球, 研学) as stored, and the district's
//! targets ([`junheng_labour::five::FiveTargets`], audited when set).

use std::collections::BTreeMap;

use junheng_labour::calendar::{Day, Semester, Term};
use junheng_labour::five::{
    ArtsRecord, BreakRecord, FiveTargets, FootballSchool, Level, Specialty, SpecialtyKind,
    StudyTrip,
};

use super::{corrupt, day, int, school};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::check_actor;
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

/// The stored id of a 学期.
pub(crate) fn semester_id(s: Semester) -> &'static str {
    match s {
        Semester::First => "first",
        Semester::Second => "second",
    }
}

fn semester(id: &str) -> Option<Semester> {
    match id {
        "first" => Some(Semester::First),
        "second" => Some(Semester::Second),
        _ => None,
    }
}

/// Most per mille of a target.
pub const MAX_TARGET_PER_MILLE: u32 = 1000;

/// A stored `until_year` (0: still holding).
fn until(v: i64, table: &'static str) -> Result<Option<i32>, StoreError> {
    (v != 0).then(|| int(v, table, "until_year")).transpose()
}

impl DistrictStore {
    /// 大课间 records of school year `year`: per school and term the newest batch's.
    pub async fn five_breaks(&self, year: i32) -> Result<Vec<BreakRecord>, StoreError> {
        const T: &str = "five_breaks";
        let rows: Vec<(i64, String, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.batch_id, r.school, r.semester, r.days_held, r.school_days \
                 FROM five_breaks r JOIN labour_batches b ON b.id = r.batch_id \
                 WHERE b.district_id = $1 AND r.year = $2 ORDER BY r.batch_id, r.line",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        let mut newest: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        for (_, s, half, held, days) in rows {
            // Rows come in batch order: a later batch's record replaces an earlier one's.
            newest.insert((s, half), (held, days));
        }
        newest
            .into_iter()
            .map(|((s, half), (held, days))| {
                Ok(BreakRecord {
                    school: school(&s, T)?,
                    term: Term {
                        year,
                        semester: semester(&half).ok_or_else(|| corrupt(T, "semester"))?,
                    },
                    days_held: int(held, T, "days_held")?,
                    school_days: int(days, T, "school_days")?,
                })
            })
            .collect()
    }

    /// 美育 records of school year `year`: per school the newest batch's.
    pub async fn five_arts(&self, year: i32) -> Result<Vec<ArtsRecord>, StoreError> {
        const T: &str = "five_arts";
        let rows: Vec<(String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.students_reached, r.students FROM five_arts r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1 \
                 AND r.year = $2 ORDER BY r.batch_id, r.line",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_all(pool)
            .await?
        });
        let newest: BTreeMap<String, (i64, i64)> =
            rows.into_iter().map(|(s, r, n)| (s, (r, n))).collect();
        newest
            .into_iter()
            .map(|(s, (reached, students))| {
                Ok(ArtsRecord {
                    school: school(&s, T)?,
                    year,
                    students_reached: int(reached, T, "students_reached")?,
                    students: int(students, T, "students")?,
                })
            })
            .collect()
    }

    /// Every 特色学校 recognition, by school.
    pub async fn five_specialties(&self) -> Result<Vec<Specialty>, StoreError> {
        const T: &str = "five_specialties";
        let rows: Vec<(String, String, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.kind, r.level, r.since, r.until_year FROM five_specialties r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1 \
                 ORDER BY r.school, r.batch_id, r.line",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(s, kind, level, since, u)| {
                Ok(Specialty {
                    school: school(&s, T)?,
                    kind: SpecialtyKind::from_id(&kind).ok_or_else(|| corrupt(T, "kind"))?,
                    level: Level::from_id(&level).ok_or_else(|| corrupt(T, "level"))?,
                    since: int(since, T, "since")?,
                    until: until(u, T)?,
                })
            })
            .collect()
    }

    /// Every 校园足球 recognition, by school.
    pub async fn five_football(&self) -> Result<Vec<FootballSchool>, StoreError> {
        const T: &str = "five_football";
        let rows: Vec<(String, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.level, r.since, r.until_year FROM five_football r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1 \
                 ORDER BY r.school, r.batch_id, r.line",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(s, level, since, u)| {
                Ok(FootballSchool {
                    school: school(&s, T)?,
                    level: Level::from_id(&level).ok_or_else(|| corrupt(T, "level"))?,
                    since: int(since, T, "since")?,
                    until: until(u, T)?,
                })
            })
            .collect()
    }

    /// 研学 trips that left from `first` to `last` (inclusive), by day and school.
    pub async fn five_trips(&self, first: Day, last: Day) -> Result<Vec<StudyTrip>, StoreError> {
        const T: &str = "five_trips";
        let rows: Vec<(String, String, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.day, r.destination, r.participants, r.students \
                 FROM five_trips r JOIN labour_batches b ON b.id = r.batch_id \
                 WHERE b.district_id = $1 AND r.day >= $2 AND r.day <= $3 \
                 ORDER BY r.day, r.school, r.batch_id, r.line",
            )
            .bind(self.id)
            .bind(first.to_string())
            .bind(last.to_string())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(s, d, destination, went, invited)| {
                Ok(StudyTrip {
                    school: school(&s, T)?,
                    day: day(&d, T)?,
                    destination,
                    participants: int(went, T, "participants")?,
                    students: int(invited, T, "students")?,
                })
            })
            .collect()
    }

    /// The school years holding any 大课间, 美育 or 研学 record, newest first.
    pub async fn five_years(&self) -> Result<Vec<i32>, StoreError> {
        let rows: Vec<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.year FROM five_breaks r JOIN labour_batches b ON b.id = r.batch_id \
                 WHERE b.district_id = $1 UNION SELECT r.year FROM five_arts r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let mut years: Vec<i32> = rows
            .into_iter()
            .map(|(y,)| int(y, "five_breaks", "year"))
            .collect::<Result<_, _>>()?;
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years)
    }

    /// The district's 五育 targets (the defaults until set).
    pub async fn five_targets(&self) -> Result<FiveTargets, StoreError> {
        const T: &str = "five_targets";
        let row: Option<(i64, i64, i64, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT breaks_per_mille, arts_per_mille, specialty_per_mille, \
                 football_per_mille, trips_per_mille FROM five_targets WHERE district_id = $1",
            )
            .bind(self.id)
            .fetch_optional(pool)
            .await?
        });
        let Some((breaks, arts, specialty, football, trips)) = row else {
            return Ok(FiveTargets::default());
        };
        Ok(FiveTargets {
            breaks_per_mille: int(breaks, T, "breaks_per_mille")?,
            arts_per_mille: int(arts, T, "arts_per_mille")?,
            specialty_per_mille: int(specialty, T, "specialty_per_mille")?,
            football_per_mille: int(football, T, "football_per_mille")?,
            trips_per_mille: int(trips, T, "trips_per_mille")?,
        })
    }

    /// Sets the district's 五育 targets, with the audit entry naming the old and new values.
    /// [`StoreError::Invalid`] when a target is above [`MAX_TARGET_PER_MILLE`].
    pub async fn set_five_targets(
        &self,
        targets: &FiveTargets,
        actor: &Actor,
    ) -> Result<FiveTargets, StoreError> {
        check_actor(actor)?;
        let t = targets;
        let all = [
            t.breaks_per_mille,
            t.arts_per_mille,
            t.specialty_per_mille,
            t.football_per_mille,
            t.trips_per_mille,
        ];
        if all.iter().any(|v| *v > MAX_TARGET_PER_MILLE) {
            return Err(StoreError::Invalid(
                "目标应为 0 至 1000 之间的千分数（0 表示不设目标）".into(),
            ));
        }
        let old = self.five_targets().await?;
        let shown = |t: &FiveTargets| {
            format!(
                "{}/{}/{}/{}/{}",
                t.breaks_per_mille,
                t.arts_per_mille,
                t.specialty_per_mille,
                t.football_per_mille,
                t.trips_per_mille
            )
        };
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM five_targets WHERE district_id = $1")
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            let mut q = sqlx::query(
                "INSERT INTO five_targets (district_id, breaks_per_mille, arts_per_mille, \
                 specialty_per_mille, football_per_mille, trips_per_mille, updated_by, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(self.id);
            for v in all {
                q = q.bind(i64::from(v));
            }
            q.bind(&actor.name).bind(&at).execute(&mut *tx).await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::FIVE_TARGETS,
                "five_targets".to_owned(),
                format!("from={} to={}", shown(&old), shown(t))
            )?;
            tx.commit().await?;
        });
        Ok(*t)
    }
}
