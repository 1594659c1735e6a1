//! A file of groups and memberships written in one transaction: all of it or nothing.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use serde::Serialize;

use super::members::overlaps;
use super::{GroupInfo, check_date, check_name};
use crate::audit::{action, append};
use crate::district::DistrictStore;
use crate::limits::{MAX_GROUP_KIND, MAX_NOTE, check_actor, check_len};
use crate::pool::{Dialect, with_pool};
use crate::{Actor, StoreError};

/// One membership line of a group file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLine {
    /// The group's name.
    pub group: String,
    /// The school.
    pub school: SchoolCode,
    /// 加入日期, `YYYY-MM-DD`.
    pub joined_on: String,
    /// 退出日期, `YYYY-MM-DD`.
    pub left_on: Option<String>,
}

/// What a group file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct GroupImport {
    /// Groups recorded for the first time.
    pub groups_created: usize,
    /// Groups already recorded, their fields set from the file.
    pub groups_updated: usize,
    /// Memberships recorded for the first time.
    pub members_added: usize,
    /// Memberships already recorded that the file closed (or whose 退出日期 it changed).
    pub members_closed: usize,
}

impl DistrictStore {
    /// Writes a group file: every group created or set, every membership added (a line with
    /// the same group, school and 加入日期 as a recorded one sets its 退出日期 instead). One
    /// transaction with one audit entry; [`StoreError::Conflict`] naming the school and both
    /// periods, with nothing written, when a school would be in two groups at once.
    pub async fn import_groups(
        &self,
        groups: &[(String, GroupInfo)],
        members: &[MemberLine],
        file_name: &str,
        actor: &Actor,
    ) -> Result<GroupImport, StoreError> {
        check_actor(actor)?;
        for (name, info) in groups {
            check_name(name)?;
            check_len(info.kind.trim(), "集团类型", MAX_GROUP_KIND)?;
            check_len(info.note.trim(), "备注", MAX_NOTE)?;
            if let Some(d) = &info.founded_on {
                check_date(d, "成立日期")?;
            }
        }
        for m in members {
            check_name(&m.group)?;
            check_date(&m.joined_on, "加入日期")?;
            if let Some(l) = &m.left_on {
                check_date(l, "退出日期")?;
            }
        }
        let mut out = GroupImport::default();
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut ids: HashMap<String, i64> = HashMap::new();
            for (name, info) in groups {
                let name = name.trim();
                let existed: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM edu_groups WHERE district_id = $1 AND name = $2",
                )
                .bind(self.id)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO edu_groups (name, kind, lead_school, created_at, district_id, \
                     founded_on, status, legal_form, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (district_id, name) \
                     DO UPDATE SET kind = excluded.kind, lead_school = excluded.lead_school, \
                     founded_on = excluded.founded_on, status = excluded.status, \
                     legal_form = excluded.legal_form, note = excluded.note RETURNING id",
                )
                .bind(name)
                .bind(info.kind.trim())
                .bind(info.lead_school.as_ref().map(SchoolCode::as_str))
                .bind(crate::time::now())
                .bind(self.id)
                .bind(info.founded_on.as_deref())
                .bind(info.status.id())
                .bind(info.legal_form.id())
                .bind(info.note.trim())
                .fetch_one(&mut *tx)
                .await?;
                if existed.is_some() {
                    out.groups_updated += 1;
                } else {
                    out.groups_created += 1;
                }
                ids.insert(name.to_owned(), id);
            }
            for m in members {
                let group = m.group.trim();
                let id = match ids.get(group) {
                    Some(id) => *id,
                    None => {
                        let found: Option<(i64,)> = sqlx::query_as(
                            "SELECT id FROM edu_groups WHERE district_id = $1 AND name = $2",
                        )
                        .bind(self.id)
                        .bind(group)
                        .fetch_optional(&mut *tx)
                        .await?;
                        let Some((id,)) = found else {
                            return Err(StoreError::Invalid(format!(
                                "成员所属的教育集团“{group}”既不在文件的“集团”表中，也未登记"
                            )));
                        };
                        ids.insert(group.to_owned(), id);
                        id
                    }
                };
                let recorded: Option<(i64, Option<String>)> = sqlx::query_as(
                    "SELECT id, left_on FROM group_members \
                     WHERE group_id = $1 AND school_code = $2 AND joined_on = $3",
                )
                .bind(id)
                .bind(m.school.as_str())
                .bind(&m.joined_on)
                .fetch_optional(&mut *tx)
                .await?;
                match recorded {
                    Some((row, left)) if left != m.left_on => {
                        sqlx::query("UPDATE group_members SET left_on = $1 WHERE id = $2")
                            .bind(m.left_on.as_deref())
                            .bind(row)
                            .execute(&mut *tx)
                            .await?;
                        out.members_closed += 1;
                    }
                    Some(_) => {}
                    None => {
                        sqlx::query(
                            "INSERT INTO group_members (group_id, school_code, joined_on, \
                             left_on) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(id)
                        .bind(m.school.as_str())
                        .bind(&m.joined_on)
                        .bind(m.left_on.as_deref())
                        .execute(&mut *tx)
                        .await?;
                        out.members_added += 1;
                    }
                }
            }
            // Every school the file names: its memberships must not overlap.
            let mut schools: Vec<&SchoolCode> = members.iter().map(|m| &m.school).collect();
            schools.sort();
            schools.dedup();
            for school in schools {
                let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
                    "SELECT g.name, m.joined_on, m.left_on FROM group_members m \
                     JOIN edu_groups g ON g.id = m.group_id \
                     WHERE g.district_id = $1 AND m.school_code = $2 ORDER BY m.joined_on",
                )
                .bind(self.id)
                .bind(school.as_str())
                .fetch_all(&mut *tx)
                .await?;
                for (i, a) in rows.iter().enumerate() {
                    if let Some(left) = &a.2
                        && left <= &a.1
                    {
                        return Err(StoreError::Invalid(format!(
                            "学校 {school} 在“{}”的退出日期 {left} 应晚于加入日期 {}",
                            a.0, a.1
                        )));
                    }
                    for b in &rows[i + 1..] {
                        if overlaps((&a.1, a.2.as_deref()), (&b.1, b.2.as_deref())) {
                            let period = |r: &(String, String, Option<String>)| {
                                format!(
                                    "“{}”（{} 起{}）",
                                    r.0,
                                    r.1,
                                    r.2.as_deref()
                                        .map_or(String::new(), |l| format!("，{l} 退出"))
                                )
                            };
                            return Err(StoreError::Conflict(format!(
                                "学校 {school} 将同时属于{}和{}；一所学校同一时间只属于一个集团，\
                                 本次未写入任何内容",
                                period(a),
                                period(b)
                            )));
                        }
                    }
                }
            }
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::GROUP_IMPORT,
                "groups".to_owned(),
                format!(
                    "file={} created={} updated={} added={} closed={}",
                    crate::limits::cut(file_name, 100),
                    out.groups_created,
                    out.groups_updated,
                    out.members_added,
                    out.members_closed
                )
            )?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }
}
