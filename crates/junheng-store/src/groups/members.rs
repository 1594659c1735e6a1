//! Dated membership of education groups: joining, leaving, and the groups of a year.
//!
//! A school belongs to at most one group on any date: a membership that would overlap another
//! of the same school (in any group of the district) is refused.

use std::collections::HashMap;

use junheng_core::school::{SchoolCode, SchoolRecord};

use super::{Membership, check_date, lookup_name};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::check_actor;
use crate::pool::{Dialect, from_row, with_pool};
use crate::{Actor, StoreError};

/// The date on which a school year's groups are read: 1 September of its first calendar year
/// (the 统计时点 of the school statistics), e.g. `2024-09-01` for 2024–2025.
pub fn membership_date(year: i32) -> String {
    format!("{year:04}-09-01")
}

struct MemberRow {
    group_id: i64,
    school_code: String,
    joined_on: String,
    left_on: Option<String>,
}
from_row!(MemberRow {
    group_id,
    school_code,
    joined_on,
    left_on
});

/// Whether two date ranges `[joined, left)` overlap (an open end is the far future).
pub(super) fn overlaps(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> bool {
    let before = |end: Option<&str>, start: &str| end.is_some_and(|e| e <= start);
    !(before(a.1, b.0) || before(b.1, a.0))
}

impl DistrictStore {
    /// Every membership of every group of the district, with its group's row id, by date joined.
    pub(crate) async fn memberships(&self) -> Result<Vec<(i64, Membership)>, StoreError> {
        let rows: Vec<MemberRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT m.group_id, m.school_code, m.joined_on, m.left_on FROM group_members m \
                 JOIN edu_groups g ON g.id = m.group_id WHERE g.district_id = $1 \
                 ORDER BY m.joined_on, m.school_code, m.id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|m| {
                Ok((
                    m.group_id,
                    Membership {
                        school: school_code(&m.school_code, "group_members", "school_code")?,
                        joined_on: m.joined_on,
                        left_on: m.left_on,
                    },
                ))
            })
            .collect()
    }

    /// The group of each school that is a member of one on `date` (`YYYY-MM-DD`).
    pub async fn groups_on(&self, date: &str) -> Result<HashMap<SchoolCode, String>, StoreError> {
        let rows: Vec<(String, String)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT m.school_code, g.name FROM group_members m \
                 JOIN edu_groups g ON g.id = m.group_id WHERE g.district_id = $1 \
                 AND m.joined_on <= $2 AND (m.left_on IS NULL OR m.left_on > $2) \
                 ORDER BY m.joined_on, m.id",
            )
            .bind(self.id)
            .bind(date)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(code, name)| Ok((school_code(&code, "group_members", "school_code")?, name)))
            .collect()
    }

    /// Sets each record's 教育集团 to the group the registry places it in on its year's
    /// [`membership_date`] (none when it is in no group then).
    pub(crate) async fn with_registry_groups(
        &self,
        mut records: Vec<SchoolRecord>,
    ) -> Result<Vec<SchoolRecord>, StoreError> {
        let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let mut by_year: HashMap<i32, HashMap<SchoolCode, String>> = HashMap::new();
        for year in years {
            by_year.insert(year, self.groups_on(&membership_date(year)).await?);
        }
        for r in &mut records {
            r.group = by_year[&r.year].get(&r.code).cloned();
        }
        Ok(records)
    }

    /// Records a membership of `school` in `group` from `joined_on` (`YYYY-MM-DD`), until
    /// `left_on` when given (after `joined_on`). [`StoreError::Conflict`] if it would overlap
    /// another membership of the school, in this group or another.
    pub async fn add_member(
        &self,
        group: &str,
        school: &SchoolCode,
        joined_on: &str,
        left_on: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_date(joined_on, "加入日期")?;
        if let Some(l) = left_on {
            check_date(l, "退出日期")?;
            if l <= joined_on {
                return Err(StoreError::Invalid(format!(
                    "退出日期 {l} 应晚于加入日期 {joined_on}"
                )));
            }
        }
        check_actor(actor)?;
        let group = lookup_name(group)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let id: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM edu_groups WHERE district_id = $2 AND name = $1")
                    .bind(group)
                    .bind(self.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((id,)) = id else {
                return Err(StoreError::NotFound("该教育集团"));
            };
            let others: Vec<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT g.name, m.joined_on, m.left_on FROM group_members m \
                 JOIN edu_groups g ON g.id = m.group_id \
                 WHERE g.district_id = $1 AND m.school_code = $2",
            )
            .bind(self.id)
            .bind(school.as_str())
            .fetch_all(&mut *tx)
            .await?;
            if let Some((name, j, l)) = others
                .iter()
                .find(|(_, j, l)| overlaps((joined_on, left_on), (j, l.as_deref())))
            {
                return Err(StoreError::Conflict(format!(
                    "学校 {school} 自 {j} 起{}是教育集团“{name}”的成员，与本次的成员关系时间重叠；\
                     一所学校同一时间只属于一个集团，请先办理退出",
                    l.as_deref().map_or(String::new(), |l| format!("至 {l} ")),
                )));
            }
            sqlx::query(
                "INSERT INTO group_members (group_id, school_code, joined_on, left_on) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(school.as_str())
            .bind(joined_on)
            .bind(left_on)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_MEMBER_ADD,
                format!("group:{id}"),
                format!(
                    "school={school} joined_on={joined_on}{}",
                    left_on.map_or(String::new(), |l| format!(" left_on={l}"))
                )
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Closes the open membership of `school` in `group` on `left_on` (`YYYY-MM-DD`, after it
    /// joined). [`StoreError::NotFound`] if there is no open membership.
    pub async fn end_membership(
        &self,
        group: &str,
        school: &SchoolCode,
        left_on: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_date(left_on, "退出日期")?;
        check_actor(actor)?;
        let group = lookup_name(group)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let open: Option<(i64, i64, String)> = sqlx::query_as(
                "SELECT m.id, g.id, m.joined_on FROM group_members m \
                 JOIN edu_groups g ON g.id = m.group_id \
                 WHERE g.district_id = $3 AND g.name = $1 AND m.school_code = $2 \
                 AND m.left_on IS NULL",
            )
            .bind(group)
            .bind(school.as_str())
            .bind(self.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((member, id, joined_on)) = open else {
                return Err(StoreError::NotFound("该学校在该集团中的有效成员关系"));
            };
            if left_on <= joined_on.as_str() {
                return Err(StoreError::Invalid(format!(
                    "退出日期 {left_on} 应晚于加入日期 {joined_on}"
                )));
            }
            sqlx::query("UPDATE group_members SET left_on = $1 WHERE id = $2")
                .bind(left_on)
                .bind(member)
                .execute(&mut *tx)
                .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_MEMBER_END,
                format!("group:{id}"),
                format!("school={school} left_on={left_on}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_overlap_unless_one_ends_before_the_other_starts() {
        assert!(overlaps(("2020-09-01", None), ("2024-09-01", None)));
        assert!(!overlaps(
            ("2020-09-01", Some("2024-09-01")),
            ("2024-09-01", None)
        ));
        assert!(overlaps(
            ("2020-09-01", Some("2024-09-02")),
            ("2024-09-01", None)
        ));
        assert!(!overlaps(
            ("2024-09-01", None),
            ("2019-01-01", Some("2020-01-01"))
        ));
    }

    #[test]
    fn a_year_reads_its_groups_on_the_first_of_september() {
        assert_eq!(membership_date(2024), "2024-09-01");
    }
}
