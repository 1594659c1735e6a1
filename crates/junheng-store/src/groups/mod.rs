//! Education groups (教育集团): type, status, founding date, legal form, lead school and dated
//! membership. The dated membership is the source of truth for a year's groups: the records
//! [`DistrictStore::statistics`] returns name the group each school belongs to on the year's
//! reference date ([`membership_date`]); the statistics' 教育集团 column only feeds it at import
//! (a school the registry places in no group on that date joins the group the column names).

mod import;
mod members;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::limits::{
    MAX_GROUP_KIND, MAX_GROUP_NAME, MAX_NOTE, check_actor, check_len, check_required, could_be_key,
};
use crate::pool::{Dialect, from_row, with_pool};
use crate::time::now;
use crate::{Actor, StoreError};

pub use import::{GroupImport, MemberLine};
pub use junheng_core::group::{GroupStatus, LegalForm};
pub use members::membership_date;

/// An education group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Row id.
    pub id: i64,
    /// Name, unique in the district.
    pub name: String,
    /// Type from the deployment's vocabulary (紧密型, 联盟型, 法人统筹型…); empty until set.
    pub kind: String,
    /// 牵头校 / 龙头校.
    pub lead_school: Option<SchoolCode>,
    /// 成立日期, `YYYY-MM-DD`.
    pub founded_on: Option<String>,
    /// 培育 or 正式.
    pub status: GroupStatus,
    /// 法人形式.
    pub legal_form: LegalForm,
    /// 备注.
    pub note: String,
    /// When the group was first recorded, RFC 3339 UTC.
    pub created_at: String,
}

/// What a bureau records about a group (everything but its name and members).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupInfo {
    /// Type (trimmed; at most [`MAX_GROUP_KIND`] characters).
    pub kind: String,
    /// 牵头校.
    pub lead_school: Option<SchoolCode>,
    /// 成立日期, `YYYY-MM-DD`.
    pub founded_on: Option<String>,
    /// 培育 or 正式.
    pub status: GroupStatus,
    /// 法人形式.
    pub legal_form: LegalForm,
    /// 备注 (trimmed; at most [`MAX_NOTE`] characters).
    pub note: String,
}

impl GroupInfo {
    /// A group of this type and lead school, 正式, nothing else recorded.
    pub fn new(kind: &str, lead_school: Option<&SchoolCode>) -> GroupInfo {
        GroupInfo {
            kind: kind.to_owned(),
            lead_school: lead_school.cloned(),
            ..GroupInfo::default()
        }
    }

    /// The audit detail: every field as `key=value`.
    fn detail(&self) -> String {
        format!(
            "kind={} lead={} status={} founded_on={} legal_form={}",
            self.kind,
            self.lead_school.as_ref().map_or("", SchoolCode::as_str),
            self.status.id(),
            self.founded_on.as_deref().unwrap_or(""),
            self.legal_form.id(),
        )
    }
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

impl Membership {
    /// Whether the school is a member on `date` (`YYYY-MM-DD`): joined on or before it, and not
    /// left on or before it.
    pub fn covers(&self, date: &str) -> bool {
        self.joined_on.as_str() <= date && self.left_on.as_deref().is_none_or(|l| l > date)
    }
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

impl GroupDetail {
    /// The members on `date` (`YYYY-MM-DD`), each once, by date joined.
    pub fn members_on(&self, date: &str) -> Vec<SchoolCode> {
        let mut out: Vec<SchoolCode> = Vec::new();
        for m in self.members.iter().filter(|m| m.covers(date)) {
            if !out.contains(&m.school) {
                out.push(m.school.clone());
            }
        }
        out
    }
}

struct GroupRow {
    id: i64,
    name: String,
    kind: String,
    lead_school: Option<String>,
    founded_on: Option<String>,
    status: String,
    legal_form: String,
    note: String,
    created_at: String,
}
from_row!(GroupRow {
    id,
    name,
    kind,
    lead_school,
    founded_on,
    status,
    legal_form,
    note,
    created_at
});

const GROUP_COLUMNS: &str =
    "id, name, kind, lead_school, founded_on, status, legal_form, note, created_at";

impl TryFrom<GroupRow> for Group {
    type Error = StoreError;

    fn try_from(r: GroupRow) -> Result<Self, StoreError> {
        let corrupt = |column: &'static str, _: &str| StoreError::Corrupt {
            table: "edu_groups",
            column,
        };
        Ok(Group {
            id: r.id,
            status: GroupStatus::ALL
                .into_iter()
                .find(|s| s.id() == r.status)
                .ok_or_else(|| corrupt("status", &r.status))?,
            legal_form: LegalForm::ALL
                .into_iter()
                .find(|f| f.id() == r.legal_form)
                .ok_or_else(|| corrupt("legal_form", &r.legal_form))?,
            name: r.name,
            kind: r.kind,
            lead_school: r
                .lead_school
                .map(|c| school_code(&c, "edu_groups", "lead_school"))
                .transpose()?,
            founded_on: r.founded_on,
            note: r.note,
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

fn check_date(date: &str, field: &str) -> Result<(), StoreError> {
    crate::dated::check_day(date, |shown| {
        format!("{field}“{shown}”应写作 YYYY-MM-DD，例如 2024-09-01")
    })
}

impl DistrictStore {
    /// Every education group, in the order they were recorded.
    pub async fn groups(&self) -> Result<Vec<Group>, StoreError> {
        let sql =
            format!("SELECT {GROUP_COLUMNS} FROM edu_groups WHERE district_id = $1 ORDER BY id");
        let rows: Vec<GroupRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
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
        let sql =
            format!("SELECT {GROUP_COLUMNS} FROM edu_groups WHERE district_id = $2 AND name = $1");
        let group: Option<GroupRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(name)
                .bind(self.id)
                .fetch_optional(pool)
                .await?
        });
        let Some(group) = group else { return Ok(None) };
        let group = Group::try_from(group)?;
        let members = self
            .memberships()
            .await?
            .into_iter()
            .filter(|(id, _)| *id == group.id)
            .map(|(_, m)| m)
            .collect();
        Ok(Some(GroupDetail { group, members }))
    }

    /// Every group with its membership history, in the order they were recorded.
    pub async fn group_details(&self) -> Result<Vec<GroupDetail>, StoreError> {
        let groups = self.groups().await?;
        let mut members = self.memberships().await?;
        Ok(groups
            .into_iter()
            .map(|group| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    members.drain(..).partition(|(id, _)| *id == group.id);
                members = rest;
                GroupDetail {
                    group,
                    members: mine.into_iter().map(|(_, m)| m).collect(),
                }
            })
            .collect())
    }

    /// Creates a group, or sets what is recorded about an existing one. The audit entry names
    /// every field.
    pub async fn save_group(
        &self,
        name: &str,
        info: &GroupInfo,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let name = check_name(name)?;
        let kind = info.kind.trim();
        check_len(kind, "集团类型", MAX_GROUP_KIND)?;
        let note = info.note.trim();
        check_len(note, "备注", MAX_NOTE)?;
        if let Some(d) = &info.founded_on {
            check_date(d, "成立日期")?;
        }
        check_actor(actor)?;
        let info = GroupInfo {
            kind: kind.to_owned(),
            note: note.to_owned(),
            ..info.clone()
        };
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO edu_groups (name, kind, lead_school, created_at, district_id, \
                 founded_on, status, legal_form, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (district_id, name) \
                 DO UPDATE SET kind = excluded.kind, lead_school = excluded.lead_school, \
                 founded_on = excluded.founded_on, status = excluded.status, \
                 legal_form = excluded.legal_form, note = excluded.note RETURNING id",
            )
            .bind(name)
            .bind(&info.kind)
            .bind(info.lead_school.as_ref().map(SchoolCode::as_str))
            .bind(now())
            .bind(self.id)
            .bind(info.founded_on.as_deref())
            .bind(info.status.id())
            .bind(info.legal_form.id())
            .bind(&info.note)
            .fetch_one(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_SAVE,
                format!("group:{id}"),
                info.detail()
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
