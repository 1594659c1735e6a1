//! 责任督学 on the web. `GET /supervision`: the supervisors' assignments (学区 and groups) and
//! the visits as a list (sort, filter by 学区, group and supervisor, dates, XLSX/CSV), each visit
//! with its findings and how many of their 整改 tasks are done and overdue; the forms to assign
//! (administrators) and to record a visit (administrators and supervisors). `GET
//! /supervision/visits/{id}`: a visit, its findings and each finding's task (status, overdue,
//! link). `GET /supervision/findings/{id}`: the visit of a finding (where a task's source
//! links). `POST /supervision/assignments`, `POST /supervision/assignments/{id}/end`, `POST
//! /supervision/visits`, `POST /supervision/visits/{id}/tasks` (raise the tasks a visit lacks)
//! and `GET /api/v1/supervision/visits`.
//!
//! Who sees and does what is `junheng_app::supervision` ([`Caller`], [`Scope`]), built here
//! once per request ([`scoped`]): a school sees visits to itself, a group or 学区 lead those to
//! their schools; district users and city or province users looking in see every visit; only
//! administrators and supervisors write.

mod form;
mod page;

pub(crate) use form::{assign, complete, end, record};
pub(crate) use page::{finding, json, list, visit};

use std::collections::BTreeMap;
use std::sync::Arc;

use junheng_app::supervision::{Caller, Scope, SupervisionError};
use junheng_core::school::SchoolRecord;
use junheng_store::{Severity, UnitKind};

use crate::access::Viewer;
use crate::error::AppError;
use crate::state::Here;

/// What the viewer is and sees, with the latest school year's statistics (their schools' names,
/// 学区 and groups).
pub(crate) struct Scoped {
    pub caller: Caller,
    pub scope: Scope,
    pub records: Arc<Vec<SchoolRecord>>,
}

impl Scoped {
    /// `名称（学校标识码）`, or the code alone for a school the statistics do not name.
    pub fn school(&self, code: &str) -> String {
        match self.records.iter().find(|r| r.code.as_str() == code) {
            Some(r) => format!("{}（{code}）", r.name),
            None => code.to_owned(),
        }
    }

    /// A school's 学区 and group in the latest statistics.
    pub fn units(&self, code: &str) -> (Option<String>, Option<String>) {
        self.records
            .iter()
            .find(|r| r.code.as_str() == code)
            .map_or((None, None), |r| {
                (
                    r.zone
                        .as_deref()
                        .map(str::trim)
                        .filter(|z| !z.is_empty())
                        .map(str::to_owned),
                    r.group.clone(),
                )
            })
    }
}

/// The viewer's caller and scope for 责任督学 pages.
pub(crate) async fn scoped(here: &Here, viewer: &Viewer) -> Result<Scoped, AppError> {
    let records = match here.current(None).await? {
        Some(y) => here.records(y.year, y.latest_version).await?,
        None => Arc::new(Vec::new()),
    };
    let caller = Caller::of(&viewer.user);
    let scope = Scope::of(&caller, &records);
    Ok(Scoped {
        caller,
        scope,
        records,
    })
}

/// A refusal of the use-case layer as the server answers it.
pub(crate) fn refused(e: SupervisionError) -> AppError {
    match e {
        SupervisionError::Store(e) => e.into(),
        SupervisionError::Forbidden(_) => AppError::Forbidden,
        // The visit is stored: say so, and what to do (the message names the visit).
        e @ SupervisionError::Incomplete { .. } => {
            let unavailable = matches!(
                &e,
                SupervisionError::Incomplete { cause, .. } if cause.code() == "store.unavailable"
            );
            if unavailable {
                AppError::Busy(e.to_string())
            } else {
                AppError::Conflict(e.to_string())
            }
        }
    }
}

/// The catalogue key of a severity.
pub(crate) fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::General => "supervision-severity-general",
        Severity::Serious => "supervision-severity-serious",
        Severity::Severe => "supervision-severity-severe",
    }
}

/// The catalogue key of a unit's kind.
pub(crate) fn unit_key(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Zone => "supervision-unit-zone",
        UnitKind::Group => "supervision-unit-group",
    }
}

/// Display names of the district's supervisors, by login.
pub(crate) async fn supervisor_names(here: &Here) -> Result<BTreeMap<String, String>, AppError> {
    Ok(here
        .store
        .supervisors()
        .await?
        .into_iter()
        .map(|u| {
            let shown = if u.display_name.is_empty() {
                u.name.clone()
            } else {
                format!("{}（{}）", u.display_name, u.name)
            };
            (u.name, shown)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each key says in Chinese what the store's labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for s in Severity::ALL {
            assert_eq!(Lang::Zh.t(severity_key(s)), s.label());
        }
        for k in UnitKind::ALL {
            assert_eq!(Lang::Zh.t(unit_key(k)), k.label());
        }
    }
}
