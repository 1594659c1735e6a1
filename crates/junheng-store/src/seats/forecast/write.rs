//! Writing the forecast's inputs: each file replaces what it covers, in one transaction with its
//! audit entry.

use std::collections::{BTreeMap, BTreeSet};

use junheng_core::seats::forecast::BirthSeries;
use sqlx::AssertSqlSafe;

use super::{AreaZone, Birth, Capacity, Enrolment, seat_action};
use crate::audit::append;
use crate::district::DistrictStore;
use crate::limits::{MAX_SCHOOL_TEXT, check_actor, check_required};
use crate::pool::{Dialect, with_pool};
use crate::{Actor, StoreError};

/// A value bound to a statement.
enum P {
    I(i64),
    O(Option<i64>),
    T(String),
    R(f64),
}

fn opt(v: Option<u32>) -> P {
    P::O(v.map(i64::from))
}

/// Refuses a key given twice, naming it.
fn once<K: Ord + std::fmt::Debug>(
    keys: impl IntoIterator<Item = K>,
    what: impl Fn(&K) -> String,
) -> Result<(), StoreError> {
    let mut seen = BTreeSet::new();
    for k in keys {
        if let Some(k) = seen.replace(k) {
            return Err(StoreError::Conflict(format!("{}出现了两次", what(&k))));
        }
    }
    Ok(())
}

fn name(text: &str, field: &str) -> Result<(), StoreError> {
    check_required(text, field, MAX_SCHOOL_TEXT)
}

fn years_text(years: &BTreeSet<i32>) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// One replacement: the rows deleted first (statements with their parameters), the rows
/// inserted, and the audit entry.
struct Replace<'a> {
    actor: &'a Actor,
    deletes: Vec<(&'static str, Vec<P>)>,
    table: &'static str,
    columns: &'a [&'static str],
    rows: Vec<Vec<P>>,
    action: &'static str,
    target: &'static str,
    detail: String,
}

impl DistrictStore {
    /// Replaces the births of every (series, year) the rows hold with the rows, with the audit
    /// entry `seats.births`. [`StoreError::Invalid`] for no rows or an empty or long area name,
    /// [`StoreError::Conflict`] for an (area, series, year) given twice; nothing is written then.
    pub async fn replace_births(&self, rows: &[Birth], actor: &Actor) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Err(StoreError::invalid("出生人口文件中没有任何数据行"));
        }
        for b in rows {
            name(b.area.trim(), "街道/乡镇")?;
        }
        once(
            rows.iter().map(|b| (b.area.trim(), b.series, b.year)),
            |(a, s, y)| format!("{a} {y} 年的{}出生数", s.label()),
        )?;
        let covered: BTreeSet<(BirthSeries, i32)> =
            rows.iter().map(|b| (b.series, b.year)).collect();
        let years: BTreeSet<i32> = covered.iter().map(|c| c.1).collect();
        self.replace(Replace {
            deletes: covered
                .iter()
                .map(|(s, y)| {
                    (
                        "DELETE FROM seat_births WHERE district_id = $1 AND series = $2 \
                         AND year = $3",
                        vec![P::I(self.id), P::T(s.id().into()), P::I(i64::from(*y))],
                    )
                })
                .collect(),
            table: "seat_births",
            columns: &["district_id", "area", "series", "year", "births"],
            rows: rows
                .iter()
                .map(|b| {
                    vec![
                        P::I(self.id),
                        P::T(b.area.trim().into()),
                        P::T(b.series.id().into()),
                        P::I(i64::from(b.year)),
                        P::I(i64::from(b.births)),
                    ]
                })
                .collect(),
            actor,
            action: seat_action::BIRTHS,
            target: "seats:births",
            detail: format!("rows={} years={}", rows.len(), years_text(&years)),
        })
        .await
    }

    /// Replaces the 街道/乡镇 → 学区 map as a whole, with the audit entry `seats.zones`.
    /// [`StoreError::Invalid`] for no rows, an empty or long name, a share outside (0, 1] or an
    /// area whose shares do not sum to 1 (within 0.001); [`StoreError::Conflict`] for an
    /// (area, 学区) given twice.
    pub async fn replace_area_zones(
        &self,
        rows: &[AreaZone],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Err(StoreError::invalid("学区对应表中没有任何数据行"));
        }
        let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
        for z in rows {
            name(z.area.trim(), "街道/乡镇")?;
            name(z.zone.trim(), "学区")?;
            if !(z.share > 0.0 && z.share <= 1.0) {
                return Err(StoreError::Invalid(format!(
                    "{} 划入{}的比例 {} 应大于 0 且不超过 1",
                    z.area, z.zone, z.share
                )));
            }
            *sums.entry(z.area.trim()).or_default() += z.share;
        }
        if let Some((area, sum)) = sums.iter().find(|(_, s)| (**s - 1.0).abs() > 1e-3) {
            return Err(StoreError::Invalid(format!(
                "{area} 划入各学区的比例之和为 {sum:.3}，应为 1"
            )));
        }
        once(
            rows.iter().map(|z| (z.area.trim(), z.zone.trim())),
            |(a, z)| format!("{a} → {z} "),
        )?;
        self.replace(Replace {
            deletes: vec![(
                "DELETE FROM seat_area_zones WHERE district_id = $1",
                vec![P::I(self.id)],
            )],
            table: "seat_area_zones",
            columns: &["district_id", "area", "zone", "share"],
            rows: rows
                .iter()
                .map(|z| {
                    vec![
                        P::I(self.id),
                        P::T(z.area.trim().into()),
                        P::T(z.zone.trim().into()),
                        P::R(z.share),
                    ]
                })
                .collect(),
            actor,
            action: seat_action::ZONES,
            target: "seats:zones",
            detail: format!("rows={} areas={}", rows.len(), sums.len()),
        })
        .await
    }

    /// Replaces the enrolment of every school year the rows hold with the rows, with the audit
    /// entry `seats.enrolment`. [`StoreError::Invalid`] for no rows, a grade outside 1–9 or more
    /// 随迁子女 than pupils; [`StoreError::Conflict`] for a (year, school, grade) given twice.
    pub async fn replace_enrolment(
        &self,
        rows: &[Enrolment],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Err(StoreError::invalid("在校生文件中没有任何数据行"));
        }
        for e in rows {
            if !(1..=9).contains(&e.grade) {
                return Err(StoreError::Invalid(format!(
                    "{} {} 学年的年级 {} 应为 1 至 9",
                    e.school, e.year, e.grade
                )));
            }
            if e.migrant > e.pupils {
                return Err(StoreError::Invalid(format!(
                    "{} {} 学年 {} 年级的随迁子女数 {} 多于在校生数 {}",
                    e.school, e.year, e.grade, e.migrant, e.pupils
                )));
            }
        }
        once(
            rows.iter().map(|e| (e.year, e.school.as_str(), e.grade)),
            |(y, s, g)| format!("{s} {y} 学年 {g} 年级"),
        )?;
        let years: BTreeSet<i32> = rows.iter().map(|e| e.year).collect();
        self.replace(Replace {
            deletes: self.of_years(
                "DELETE FROM seat_enrolment WHERE district_id = $1 AND year = $2",
                &years,
            ),
            table: "seat_enrolment",
            columns: &[
                "district_id",
                "year",
                "school",
                "grade",
                "pupils",
                "migrant",
            ],
            rows: rows
                .iter()
                .map(|e| {
                    vec![
                        P::I(self.id),
                        P::I(i64::from(e.year)),
                        P::T(e.school.to_string()),
                        P::I(i64::from(e.grade)),
                        P::I(i64::from(e.pupils)),
                        P::I(i64::from(e.migrant)),
                    ]
                })
                .collect(),
            actor,
            action: seat_action::ENROLMENT,
            target: "seats:enrolment",
            detail: format!("rows={} years={}", rows.len(), years_text(&years)),
        })
        .await
    }

    /// Replaces the capacity of every school year the rows hold with the rows, with the audit
    /// entry `seats.capacity`. [`StoreError::Invalid`] for no rows or a row without any
    /// 核定班数 or 核定学位; [`StoreError::Conflict`] for a (year, school) given twice.
    pub async fn replace_capacity(
        &self,
        rows: &[Capacity],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Err(StoreError::invalid("核定规模文件中没有任何数据行"));
        }
        if let Some(c) = rows.iter().find(|c| {
            [
                c.primary_classes,
                c.junior_classes,
                c.primary_seats,
                c.junior_seats,
            ]
            .iter()
            .all(Option::is_none)
        }) {
            return Err(StoreError::Invalid(format!(
                "{} {} 学年没有填写任何核定班数或核定学位",
                c.school, c.year
            )));
        }
        once(
            rows.iter().map(|c| (c.year, c.school.as_str())),
            |(y, s)| format!("{s} {y} 学年"),
        )?;
        let years: BTreeSet<i32> = rows.iter().map(|c| c.year).collect();
        self.replace(Replace {
            deletes: self.of_years(
                "DELETE FROM seat_capacity WHERE district_id = $1 AND year = $2",
                &years,
            ),
            table: "seat_capacity",
            columns: &[
                "district_id",
                "year",
                "school",
                "primary_classes",
                "junior_classes",
                "primary_seats",
                "junior_seats",
                "classrooms",
            ],
            rows: rows
                .iter()
                .map(|c| {
                    vec![
                        P::I(self.id),
                        P::I(i64::from(c.year)),
                        P::T(c.school.to_string()),
                        opt(c.primary_classes),
                        opt(c.junior_classes),
                        opt(c.primary_seats),
                        opt(c.junior_seats),
                        opt(c.classrooms),
                    ]
                })
                .collect(),
            actor,
            action: seat_action::CAPACITY,
            target: "seats:capacity",
            detail: format!("rows={} years={}", rows.len(), years_text(&years)),
        })
        .await
    }

    /// One delete statement per year.
    fn of_years(&self, sql: &'static str, years: &BTreeSet<i32>) -> Vec<(&'static str, Vec<P>)> {
        years
            .iter()
            .map(|y| (sql, vec![P::I(self.id), P::I(i64::from(*y))]))
            .collect()
    }

    /// Deletes, inserts and audits in one transaction.
    async fn replace(&self, r: Replace<'_>) -> Result<(), StoreError> {
        check_actor(r.actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            for (sql, params) in &r.deletes {
                let mut q = sqlx::query(*sql);
                for p in params {
                    q = match p {
                        P::I(v) => q.bind(*v),
                        P::O(v) => q.bind(*v),
                        P::T(v) => q.bind(v.as_str()),
                        P::R(v) => q.bind(*v),
                    };
                }
                q.execute(&mut *tx).await?;
            }
            let head = format!("INSERT INTO {} ({})", r.table, r.columns.join(", "));
            let per_statement = (pool.params_per_insert() / r.columns.len()).max(1);
            for chunk in r.rows.chunks(per_statement) {
                // Built from our own table and column names only.
                let sql = pool.values_sql(&head, r.columns.len(), chunk.len());
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for p in chunk.iter().flatten() {
                    q = match p {
                        P::I(v) => q.bind(*v),
                        P::O(v) => q.bind(*v),
                        P::T(v) => q.bind(v.as_str()),
                        P::R(v) => q.bind(*v),
                    };
                }
                q.execute(&mut *tx).await?;
            }
            append!(
                &mut *tx,
                Some(self.id),
                &r.actor.name,
                r.action,
                r.target,
                r.detail
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
