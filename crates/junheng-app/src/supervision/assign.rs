//! Assignments of supervisors to 学区 and education groups: made, ended, listed.

use junheng_store::{
    Assignment, DistrictStore, NewAssignment, Scope as UserScope, StoreError, UnitKind,
};

use super::{Caller, Scope, SupervisionError, head};
use crate::tasks;

/// An assignment as a form or the command line gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssignInput<'a> {
    /// The supervisor's login.
    pub supervisor: &'a str,
    /// `zone` (学区) or `group` (教育集团).
    pub unit_kind: &'a str,
    /// The unit's name.
    pub unit: &'a str,
    /// First day, `YYYY-MM-DD`.
    pub since: &'a str,
}

/// Refuses a login that is not an active supervisor of the district.
pub(super) async fn check_supervisor(
    store: &DistrictStore,
    login: &str,
) -> Result<(), SupervisionError> {
    let login = login.trim();
    if login.is_empty() {
        return Err(StoreError::invalid("请选择督学（本区县已启用的督学的登录名）").into());
    }
    let found = store
        .supervisors()
        .await?
        .into_iter()
        .find(|u| u.name == login);
    match found {
        Some(u) if u.active && u.scope == UserScope::District => Ok(()),
        Some(_) => Err(StoreError::Invalid(format!(
            "督学 {login} 的账号已停用或尚待确认，不能指派或记录督导"
        ))
        .into()),
        None => Err(StoreError::Invalid(format!(
            "本区县没有登录名为“{}”的督学（角色为督学的用户）",
            head(login, 40)
        ))
        .into()),
    }
}

/// Assigns a supervisor to a 学区 or an education group (管理员, the operator).
///
/// Checks that the supervisor is an active supervisor of the district and that the unit is a
/// 学区 or a group of the district (recorded, or named by the latest statistics); the store
/// checks the day and refuses an overlapping assignment of the same supervisor to the unit.
pub async fn assign(
    store: &DistrictStore,
    caller: &Caller,
    input: &AssignInput<'_>,
) -> Result<Assignment, SupervisionError> {
    caller.check_assign()?;
    let kind = UnitKind::parse(input.unit_kind).ok_or_else(|| {
        StoreError::Invalid(format!(
            "负责单位类型应为 zone（学区）或 group（教育集团），收到「{}」",
            head(input.unit_kind, 20)
        ))
    })?;
    check_supervisor(store, input.supervisor).await?;
    let unit = input.unit.trim();
    let known = match kind {
        UnitKind::Zone => store.zone_names().await?.iter().any(|z| z == unit),
        UnitKind::Group => {
            store.groups().await?.iter().any(|g| g.name == unit)
                || !tasks::group_schools(store, unit).await?.is_empty()
        }
    };
    if !known {
        return Err(StoreError::Invalid(format!(
            "本区县没有名为“{}”的{}",
            head(unit, 40),
            kind.label()
        ))
        .into());
    }
    Ok(store
        .assign_supervisor(
            &NewAssignment {
                supervisor: input.supervisor.trim(),
                unit_kind: kind,
                unit_name: unit,
                since: input.since.trim(),
            },
            &caller.actor(),
        )
        .await?)
}

/// Ends assignment `id` on `until` (its last day; 管理员, the operator).
pub async fn end(
    store: &DistrictStore,
    caller: &Caller,
    id: i64,
    until: &str,
) -> Result<Assignment, SupervisionError> {
    caller.check_assign()?;
    Ok(store
        .end_assignment(id, until.trim(), &caller.actor())
        .await?)
}

/// The assignments `scope` shows, by unit, then first day.
pub async fn assignments(
    store: &DistrictStore,
    scope: &Scope,
) -> Result<Vec<Assignment>, StoreError> {
    let mut all = store.assignments().await?;
    all.retain(|a| scope.sees_assignment(a));
    Ok(all)
}
