//! The district's figures of `posts`: the approved totals of a school year (区管校聘), the moves
//! of posts between schools (recorded, cancelled, never edited) and the yearly pay figures.
//! Entering a year's totals or pay again replaces them; the audit entry keeps the figures.

use junheng_teachers::posts::{Approved, PayYear, PostDate, PostMove};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{MAX_NOTE, check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

use super::MAX_SCHOOL_STAFF;

/// Most posts or staff a district may enter.
pub const MAX_DISTRICT_POSTS: u32 = 1_000_000;
/// Most 元 of an average yearly pay.
pub const MAX_PAY: u64 = 10_000_000;

/// A recorded move of posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostMoveRecord {
    /// Row id.
    pub id: i64,
    /// The move (its `cancelled` set when cancelled).
    pub by_move: PostMove,
    /// Who recorded it.
    pub recorded_by: String,
    /// When, RFC 3339 UTC.
    pub recorded_at: String,
    /// Who cancelled it.
    pub cancelled_by: Option<String>,
    /// When, RFC 3339 UTC.
    pub cancelled_at: Option<String>,
}

type MoveRow = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: "post_moves",
        column,
    }
}

fn move_of(r: MoveRow) -> Result<PostMoveRecord, StoreError> {
    let (id, from, to, posts, on, reason, recorded_by, recorded_at, cancelled_by, cancelled_at) = r;
    Ok(PostMoveRecord {
        id,
        by_move: PostMove {
            from: school_code(&from, "post_moves", "from_school")?,
            to: school_code(&to, "post_moves", "to_school")?,
            count: u32::try_from(posts).map_err(|_| corrupt("posts"))?,
            date: PostDate::parse(&on).ok_or_else(|| corrupt("moved_on"))?,
            reason,
            cancelled: cancelled_at.is_some(),
        },
        recorded_by,
        recorded_at,
        cancelled_by,
        cancelled_at,
    })
}

fn year_ok(year: i32) -> Result<(), StoreError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "年度 {year} 应在 2000 至 2100 之间"
        )))
    }
}

impl DistrictStore {
    /// Enters (or replaces) a school year's approved totals, with the audit entry.
    pub async fn set_approved(&self, a: &Approved, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        year_ok(a.year)?;
        if a.posts > MAX_DISTRICT_POSTS || a.positions.is_some_and(|p| p > MAX_DISTRICT_POSTS) {
            return Err(StoreError::Invalid(format!(
                "编制和岗位总额应为 0 至 {MAX_DISTRICT_POSTS}"
            )));
        }
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM post_approved WHERE district_id = $1 AND year = $2")
                .bind(self.id)
                .bind(i64::from(a.year))
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO post_approved (district_id, year, posts, positions, entered_by, \
                 entered_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(self.id)
            .bind(i64::from(a.year))
            .bind(i64::from(a.posts))
            .bind(a.positions.map(i64::from))
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::POSTS_APPROVED,
                format!("post_approved:{}", a.year),
                format!(
                    "year={} posts={} positions={}",
                    a.year,
                    a.posts,
                    a.positions.map_or("-".to_owned(), |p| p.to_string())
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every year's approved totals, oldest first.
    pub async fn approved_totals(&self) -> Result<Vec<Approved>, StoreError> {
        let rows: Vec<(i64, i64, Option<i64>)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, posts, positions FROM post_approved WHERE district_id = $1 \
                 ORDER BY year",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "post_approved",
            column,
        };
        rows.into_iter()
            .map(|(year, posts, positions)| {
                Ok(Approved {
                    year: i32::try_from(year).map_err(|_| bad("year"))?,
                    posts: u32::try_from(posts).map_err(|_| bad("posts"))?,
                    positions: positions
                        .map(|p| u32::try_from(p).map_err(|_| bad("positions")))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Records a move of posts, with the audit entry; returns its id. [`StoreError::Invalid`]
    /// when it moves nothing, moves to the same school or has no reason.
    pub async fn record_post_move(&self, m: &PostMove, actor: &Actor) -> Result<i64, StoreError> {
        check_actor(actor)?;
        check_required(m.reason.trim(), "调整原因", MAX_NOTE)?;
        year_ok(m.date.school_year())?;
        if m.from == m.to {
            return Err(StoreError::invalid("调出学校和调入学校不能相同"));
        }
        if !(1..=MAX_SCHOOL_STAFF).contains(&m.count) {
            return Err(StoreError::Invalid(format!(
                "调整编制数应为 1 至 {MAX_SCHOOL_STAFF}"
            )));
        }
        let at = now();
        let year = m.date.school_year();
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO post_moves (district_id, year, from_school, to_school, posts, \
                 moved_on, reason, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(m.from.as_str())
            .bind(m.to.as_str())
            .bind(i64::from(m.count))
            .bind(m.date.to_string())
            .bind(m.reason.trim())
            .bind(&actor.name)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::POSTS_MOVE,
                format!("post_move:{id}"),
                format!("year={year} from={} to={} posts={}", m.from, m.to, m.count)
            )?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// The moves of `year` (every year when `None`), by date then id.
    pub async fn post_moves(&self, year: Option<i32>) -> Result<Vec<PostMoveRecord>, StoreError> {
        let rows: Vec<MoveRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, from_school, to_school, posts, moved_on, reason, recorded_by, \
                 recorded_at, cancelled_by, cancelled_at FROM post_moves \
                 WHERE district_id = $1 AND ($2 IS NULL OR year = $2) ORDER BY moved_on, id",
            )
            .bind(self.id)
            .bind(year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(move_of).collect()
    }

    /// Cancels a move, with the audit entry. [`StoreError::NotFound`] when the district has no
    /// such move, [`StoreError::Conflict`] when it is already cancelled.
    pub async fn cancel_post_move(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        let at = now();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(Option<String>,)> = sqlx::query_as(
                "SELECT cancelled_at FROM post_moves WHERE id = $1 AND district_id = $2",
            )
            .bind(id)
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            match found {
                None => return Err(StoreError::NotFound("编制调整")),
                Some((Some(_),)) => {
                    return Err(StoreError::Conflict(format!("编制调整 {id} 已撤销")));
                }
                Some((None,)) => {}
            }
            sqlx::query(
                "UPDATE post_moves SET cancelled_by = $1, cancelled_at = $2 \
                 WHERE id = $3 AND district_id = $4",
            )
            .bind(&actor.name)
            .bind(&at)
            .bind(id)
            .bind(self.id)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::POSTS_MOVE_CANCEL,
                format!("post_move:{id}"),
                String::new()
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Enters (or replaces) a year's average pay figures, with the audit entry.
    pub async fn set_pay(&self, p: &PayYear, actor: &Actor) -> Result<(), StoreError> {
        check_actor(actor)?;
        year_ok(p.year)?;
        if p.teachers > MAX_PAY || !(1..=MAX_PAY).contains(&p.civil_servants) {
            return Err(StoreError::Invalid(format!(
                "平均工资应为 1 至 {MAX_PAY} 元（教师可为 0）"
            )));
        }
        let at = now();
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM teacher_pay WHERE district_id = $1 AND year = $2")
                .bind(self.id)
                .bind(i64::from(p.year))
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO teacher_pay (district_id, year, teachers, civil_servants, \
                 entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(self.id)
            .bind(i64::from(p.year))
            .bind(n(p.teachers))
            .bind(n(p.civil_servants))
            .bind(&actor.name)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::POSTS_PAY,
                format!("teacher_pay:{}", p.year),
                format!(
                    "year={} teachers={} civil_servants={}",
                    p.year, p.teachers, p.civil_servants
                )
            )?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every year's pay figures, oldest first.
    pub async fn pay_years(&self) -> Result<Vec<PayYear>, StoreError> {
        let rows: Vec<(i64, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT year, teachers, civil_servants FROM teacher_pay WHERE district_id = $1 \
                 ORDER BY year",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "teacher_pay",
            column,
        };
        rows.into_iter()
            .map(|(year, teachers, civil)| {
                Ok(PayYear {
                    year: i32::try_from(year).map_err(|_| bad("year"))?,
                    teachers: u64::try_from(teachers).map_err(|_| bad("teachers"))?,
                    civil_servants: u64::try_from(civil).map_err(|_| bad("civil_servants"))?,
                })
            })
            .collect()
    }
}
