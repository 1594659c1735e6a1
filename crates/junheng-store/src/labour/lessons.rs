//! The inputs of compliance as stored: 劳动课 课时 per class and week and each school's 劳动周
//! (batches of kinds `lessons` and `weeks`; for a class and week, a school and school year, the
//! newest batch's row counts), and the records of whole schools for a term's sums.

use std::collections::BTreeMap;

use junheng_core::school::SchoolCode;
use junheng_labour::ClassRef;
use junheng_labour::calendar::{Day, Span};
use junheng_labour::compliance::{LabourWeek, LessonRecord};

use super::{corrupt, day, int, school};
use crate::StoreError;
use crate::district::DistrictStore;
use crate::pool::with_pool;

impl DistrictStore {
    /// 劳动课 课时 of the weeks from `first` to `last` (by Monday), of one school or all: per
    /// class and week the newest batch's.
    pub async fn labour_lessons(
        &self,
        only: Option<&SchoolCode>,
        first: Day,
        last: Day,
    ) -> Result<Vec<LessonRecord>, StoreError> {
        const T: &str = "labour_lessons";
        let rows: Vec<(String, String, String, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.class, r.week, r.lessons FROM labour_lessons r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1 \
                 AND ($2 IS NULL OR r.school = $2) AND r.week >= $3 AND r.week <= $4 \
                 ORDER BY r.batch_id, r.line",
            )
            .bind(self.id)
            .bind(only.map(SchoolCode::as_str))
            .bind(first.monday().to_string())
            .bind(last.to_string())
            .fetch_all(pool)
            .await?
        });
        let mut newest: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        for (s, class, week, lessons) in rows {
            // Rows come in batch order: a later batch's row replaces an earlier one's.
            newest.insert((s, class, week), lessons);
        }
        newest
            .into_iter()
            .map(|((s, class, week), lessons)| {
                Ok(LessonRecord {
                    class: ClassRef {
                        school: school(&s, T)?,
                        class,
                    },
                    week: day(&week, T)?,
                    lessons: int(lessons, T, "lessons")?,
                })
            })
            .collect()
    }

    /// The 劳动周 of school year `year` (every year when `None`), of one school or all: per school
    /// and year the newest batch's.
    pub async fn labour_weeks(
        &self,
        only: Option<&SchoolCode>,
        year: Option<i32>,
    ) -> Result<Vec<LabourWeek>, StoreError> {
        const T: &str = "labour_weeks";
        let rows: Vec<(String, i64, String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT r.school, r.year, r.first_day, r.last_day FROM labour_weeks r \
                 JOIN labour_batches b ON b.id = r.batch_id WHERE b.district_id = $1 \
                 AND ($2 IS NULL OR r.school = $2) AND ($3 IS NULL OR r.year = $3) \
                 ORDER BY r.batch_id, r.line",
            )
            .bind(self.id)
            .bind(only.map(SchoolCode::as_str))
            .bind(year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        let mut newest: BTreeMap<(String, i64), (String, String)> = BTreeMap::new();
        for (s, y, first, last) in rows {
            newest.insert((s, y), (first, last));
        }
        newest
            .into_iter()
            .map(|((s, y), (first, last))| {
                Ok(LabourWeek {
                    school: school(&s, T)?,
                    year: int(y, T, "year")?,
                    span: Span::new(day(&first, T)?, day(&last, T)?)
                        .ok_or_else(|| corrupt(T, "last_day"))?,
                })
            })
            .collect()
    }

    /// The first day of any labour record of the district (of one school when given), if any:
    /// where a trend of terms starts.
    pub async fn labour_first_day(
        &self,
        school: Option<&SchoolCode>,
    ) -> Result<Option<Day>, StoreError> {
        let row: (Option<String>,) = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT MIN(day) FROM labour_records WHERE district_id = $1 \
                 AND ($2 IS NULL OR school = $2)",
            )
            .bind(self.id)
            .bind(school.map(SchoolCode::as_str))
            .fetch_one(pool)
            .await?
        });
        row.0.map(|d| day(&d, "labour_records")).transpose()
    }
}
