//! Education groups (教育集团): type, lead school and membership history.

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{
    MAX_GROUP_KIND, MAX_GROUP_NAME, check_actor, check_len, check_required, could_be_key,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::{is_date, now};
use crate::{Actor, StoreError};

/// An education group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Row id.
    pub id: i64,
    /// Name as the 教育集团 column writes it, unique.
    pub name: String,
    /// Type as the bureau names it (紧密型, 联盟型, 名校+新校…); empty until set.
    pub kind: String,
    /// 牵头校.
    pub lead_school: Option<SchoolCode>,
    /// When the group was first recorded, RFC 3339 UTC.
    pub created_at: String,
}

/// A school's membership of a group, open while `left_on` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The member school.
    pub school: SchoolCode,
    /// Date joined, `YYYY-MM-DD`.
    pub joined_on: String,
    /// Date left, `YYYY-MM-DD`.
    pub left_on: Option<String>,
}

/// A group with its whole membership history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupDetail {
    /// The group.
    #[serde(flatten)]
    pub group: Group,
    /// Memberships, by date joined.
    pub members: Vec<Membership>,
}

struct GroupRow {
    id: i64,
    name: String,
    kind: String,
    lead_school: Option<String>,
    created_at: String,
}
from_row!(GroupRow {
    id,
    name,
    kind,
    lead_school,
    created_at
});

struct MemberRow {
    school_code: String,
    joined_on: String,
    left_on: Option<String>,
}
from_row!(MemberRow {
    school_code,
    joined_on,
    left_on
});

impl TryFrom<GroupRow> for Group {
    type Error = StoreError;

    fn try_from(r: GroupRow) -> Result<Self, StoreError> {
        Ok(Group {
            id: r.id,
            name: r.name,
            kind: r.kind,
            lead_school: r
                .lead_school
                .map(|c| school_code(&c, "edu_groups", "lead_school"))
                .transpose()?,
            created_at: r.created_at,
        })
    }
}

fn check_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    check_required(name, "集团名称", MAX_GROUP_NAME)?;
    Ok(name)
}

/// A group name to look up: [`StoreError::NotFound`] without a query for a name no group can
/// have.
fn lookup_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    if could_be_key(name, MAX_GROUP_NAME) {
        Ok(name)
    } else {
        Err(StoreError::NotFound("该教育集团"))
    }
}

fn check_date(date: &str) -> Result<(), StoreError> {
    if is_date(date) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "日期应写作 YYYY-MM-DD，例如 2024-09-01",
        ))
    }
}

impl DistrictStore {
    /// Every education group, in the order they were recorded.
    pub async fn groups(&self) -> Result<Vec<Group>, StoreError> {
        let rows: Vec<GroupRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, name, kind, lead_school, created_at FROM edu_groups \
                 WHERE district_id = $1 ORDER BY id",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Group::try_from).collect()
    }

    /// A group and its membership history; `None` if there is no group of that name.
    pub async fn group(&self, name: &str) -> Result<Option<GroupDetail>, StoreError> {
        let Ok(name) = lookup_name(name) else {
            return Ok(None);
        };
        let (group, members): (Option<GroupRow>, Vec<MemberRow>) = with_pool!(&self.pool, |pool| {
            let group: Option<GroupRow> = sqlx::query_as(
                "SELECT id, name, kind, lead_school, created_at FROM edu_groups \
                 WHERE district_id = $2 AND name = $1",
            )
            .bind(name)
            .bind(self.id)
            .fetch_optional(pool)
            .await?;
            let members = match &group {
                None => Vec::new(),
                Some(g) => {
                    sqlx::query_as(
                        "SELECT school_code, joined_on, left_on FROM group_members \
                     WHERE group_id = $1 ORDER BY joined_on, school_code, id",
                    )
                    .bind(g.id)
                    .fetch_all(pool)
                    .await?
                }
            };
            (group, members)
        });
        let Some(group) = group else { return Ok(None) };
        let members = members
            .into_iter()
            .map(|m| {
                Ok(Membership {
                    school: school_code(&m.school_code, "group_members", "school_code")?,
                    joined_on: m.joined_on,
                    left_on: m.left_on,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(GroupDetail {
            group: Group::try_from(group)?,
            members,
        }))
    }

    /// Creates a group, or sets the type and lead school of an existing one.
    pub async fn save_group(
        &self,
        name: &str,
        kind: &str,
        lead: Option<&SchoolCode>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let name = check_name(name)?;
        let kind = kind.trim();
        check_len(kind, "集团类型", MAX_GROUP_KIND)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO edu_groups (name, kind, lead_school, created_at, district_id) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (district_id, name) DO UPDATE \
                 SET kind = excluded.kind, lead_school = excluded.lead_school RETURNING id",
            )
            .bind(name)
            .bind(kind)
            .bind(lead.map(SchoolCode::as_str))
            .bind(now())
            .bind(self.id)
            .fetch_one(&mut *tx)
            .await?;
            let detail = format!("kind={kind} lead={}", lead.map_or("", SchoolCode::as_str));
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_SAVE,
                format!("group:{id}"),
                &detail
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Opens a membership of `school` in `group` from `joined_on` (`YYYY-MM-DD`).
    /// [`StoreError::Conflict`] if the school already is an open member.
    pub async fn add_member(
        &self,
        group: &str,
        school: &SchoolCode,
        joined_on: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_date(joined_on)?;
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
            let inserted = sqlx::query(
                "INSERT INTO group_members (group_id, school_code, joined_on) \
                 SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM group_members \
                 WHERE group_id = $1 AND school_code = $2 AND left_on IS NULL)",
            )
            .bind(id)
            .bind(school.as_str())
            .bind(joined_on)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                return Err(StoreError::Conflict(format!(
                    "学校 {school} 已是该集团的成员"
                )));
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_MEMBER_ADD,
                format!("group:{id}"),
                format!("school={school} joined_on={joined_on}")
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Closes the open membership of `school` in `group` on `left_on` (`YYYY-MM-DD`, not before
    /// it joined). [`StoreError::NotFound`] if there is no open membership.
    pub async fn end_membership(
        &self,
        group: &str,
        school: &SchoolCode,
        left_on: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_date(left_on)?;
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
            if left_on < joined_on.as_str() {
                return Err(StoreError::Invalid(format!(
                    "退出日期 {left_on} 早于加入日期 {joined_on}"
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
