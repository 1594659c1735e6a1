//! The district's bases, alliances and visits as stored.

use junheng_labour::bases::{Alliance, AllianceId, Base, BaseId, BaseKind, Visit};
use junheng_labour::calendar::Day;

use super::{StoredVisit, corrupt, day, int, school};
use crate::StoreError;
use crate::district::DistrictStore;
use crate::pool::with_pool;

/// An alliance's rows: (id, name), (alliance, school), (alliance, base).
type AllianceRows = (Vec<(i64, String)>, Vec<(i64, String)>, Vec<(i64, i64)>);

impl DistrictStore {
    /// The district's bases, by name.
    pub async fn labour_bases(&self) -> Result<Vec<Base>, StoreError> {
        const T: &str = "labour_bases";
        let rows: Vec<(i64, String, String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, name, kind, capacity, school FROM labour_bases \
                 WHERE district_id = $1 ORDER BY name, id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(id, name, kind, capacity, host)| {
                Ok(Base {
                    id: BaseId(id),
                    name,
                    kind: BaseKind::from_id(&kind).ok_or_else(|| corrupt(T, "kind"))?,
                    capacity: int(capacity, T, "capacity")?,
                    school: (!host.is_empty()).then(|| school(&host, T)).transpose()?,
                })
            })
            .collect()
    }

    /// The district's alliances, by name, with their schools and bases.
    pub async fn labour_alliances(&self) -> Result<Vec<Alliance>, StoreError> {
        const T: &str = "labour_alliance_schools";
        let (alliances, schools, bases): AllianceRows = with_pool!(&self.pool, |pool| {
            let a = sqlx::query_as(
                "SELECT id, name FROM labour_alliances WHERE district_id = $1 ORDER BY name, id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?;
            let s = sqlx::query_as(
                "SELECT s.alliance_id, s.school FROM labour_alliance_schools s JOIN \
                     labour_alliances a ON a.id = s.alliance_id WHERE a.district_id = $1 \
                     ORDER BY s.alliance_id, s.school",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?;
            let b = sqlx::query_as(
                "SELECT b.alliance_id, b.base_id FROM labour_alliance_bases b JOIN \
                     labour_alliances a ON a.id = b.alliance_id WHERE a.district_id = $1 \
                     ORDER BY b.alliance_id, b.base_id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?;
            (a, s, b)
        });
        alliances
            .into_iter()
            .map(|(id, name)| {
                Ok(Alliance {
                    id: AllianceId(id),
                    name,
                    schools: schools
                        .iter()
                        .filter(|(a, _)| *a == id)
                        .map(|(_, s)| school(s, T))
                        .collect::<Result<_, _>>()?,
                    bases: bases
                        .iter()
                        .filter(|(a, _)| *a == id)
                        .map(|(_, b)| BaseId(*b))
                        .collect(),
                })
            })
            .collect()
    }

    /// The district's visits from `first` to `last` (inclusive), by day, base and batch.
    pub async fn labour_visits(
        &self,
        first: Day,
        last: Day,
    ) -> Result<Vec<StoredVisit>, StoreError> {
        const T: &str = "labour_visits";
        let rows: Vec<(i64, String, String, i64, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT v.base_id, v.school, v.day, v.students, v.note FROM labour_visits v \
                 JOIN labour_batches b ON b.id = v.batch_id WHERE b.district_id = $1 \
                 AND v.day >= $2 AND v.day <= $3 ORDER BY v.day, v.base_id, v.batch_id, v.line",
            )
            .bind(self.id)
            .bind(first.to_string())
            .bind(last.to_string())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(base, s, d, students, note)| {
                Ok(StoredVisit {
                    visit: Visit {
                        base: BaseId(base),
                        school: school(&s, T)?,
                        day: day(&d, T)?,
                        students: int(students, T, "students")?,
                    },
                    note,
                })
            })
            .collect()
    }

    /// The school years with a visit, newest first.
    pub async fn labour_visit_years(&self) -> Result<Vec<i32>, StoreError> {
        let rows: Vec<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT SUBSTR(v.day, 1, 10) FROM labour_visits v \
                 JOIN labour_batches b ON b.id = v.batch_id WHERE b.district_id = $1",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let mut years: Vec<i32> = rows
            .iter()
            .map(|(d,)| day(d, "labour_visits").map(Day::school_year))
            .collect::<Result<_, _>>()?;
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(years)
    }
}
