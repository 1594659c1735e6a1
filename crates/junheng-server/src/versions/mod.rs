//! Nothing replaced by surprise: the comparison of a previewed file with the current version
//! (shared by `/import` and the roster upload, [`Choice`]), and the versions of a school year's
//! statistics or roster (`/versions/statistics`, `/versions/roster`): what each changed against
//! the one before, who, when (Beijing time), from which file; any earlier version restored as a
//! new version, confirmed and audited.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::versions::{Comparison, Mode, WriteOptions, roster_change, statistics_change};
use junheng_core::school::{SchoolCode, school_year};
use junheng_store::VersionKind;
use serde::Deserialize;

use crate::access::Admin;
use crate::error::AppError;
use crate::params::{Form, Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// Schools listed per comparison (all are counted).
const SHOWN_SCHOOLS: usize = 300;
/// Versions whose changes are computed on the versions page (older ones list their metadata).
const COMPARED_VERSIONS: usize = 20;

/// One line of a comparison: rows before and after, added, removed, changed.
pub(crate) struct Summary {
    pub before: usize,
    pub after: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub share: String,
    pub removed_schools: usize,
    pub needs_confirmation: bool,
}

impl Summary {
    fn new(c: &Comparison, threshold: f64) -> Self {
        Summary {
            before: c.before,
            after: c.after,
            added: c.added,
            removed: c.removed,
            changed: c.changed,
            share: format!("{:.1}%", c.removed_share() * 100.0),
            removed_schools: c.removed_schools.len(),
            needs_confirmation: c.needs_confirmation(threshold),
        }
    }
}

/// One school of a comparison.
pub(crate) struct SchoolRow {
    pub code: String,
    pub name: String,
    pub before: usize,
    pub after: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub gone: bool,
}

/// What one year of a file changes, replacing the year or updating the listed schools.
pub(crate) struct YearChoice {
    pub year: String,
    pub current: String,
    pub listed_schools: usize,
    pub partial: bool,
    pub replace: Summary,
    pub listed: Summary,
    pub schools: Vec<SchoolRow>,
    pub more_schools: usize,
}

/// The comparison part of a preview page (`version_compare.html`): each year of the file, the
/// mode proposed, whether a confirmation box is needed, and the error of a refused confirm.
pub(crate) struct Choice {
    pub years: Vec<YearChoice>,
    pub proposed: &'static str,
    pub needs_confirmation: bool,
    pub threshold: String,
    pub error: String,
}

fn school_rows(c: &Comparison, names: &BTreeMap<SchoolCode, String>) -> (Vec<SchoolRow>, usize) {
    let changed: Vec<_> = c.changed_schools().collect();
    let rows = changed
        .iter()
        .take(SHOWN_SCHOOLS)
        .map(|s| SchoolRow {
            code: s.school.to_string(),
            name: names.get(&s.school).cloned().unwrap_or_default(),
            before: s.before,
            after: s.after,
            added: s.added,
            removed: s.removed,
            changed: s.changed,
            gone: s.before > 0 && s.after == 0,
        })
        .collect();
    (rows, changed.len().saturating_sub(SHOWN_SCHOOLS))
}

impl Choice {
    /// Each year's comparison replacing the year (`replace`) and updating the listed schools
    /// (`listed`), in the same year order; `names` are school names for the tables.
    pub fn new(
        replace: &[Comparison],
        listed: &[Comparison],
        names: &BTreeMap<SchoolCode, String>,
        threshold: f64,
    ) -> Self {
        let years: Vec<YearChoice> = replace
            .iter()
            .zip(listed)
            .map(|(r, l)| {
                let (schools, more_schools) = school_rows(r, names);
                YearChoice {
                    year: school_year(r.year),
                    current: r.current_version.map_or(String::new(), |v| v.to_string()),
                    listed_schools: r.listed_schools,
                    partial: r.partial,
                    replace: Summary::new(r, threshold),
                    listed: Summary::new(l, threshold),
                    schools,
                    more_schools,
                }
            })
            .collect();
        let proposed = if replace
            .iter()
            .any(|c| c.proposed_mode() == Mode::UpdateListed)
        {
            Mode::UpdateListed
        } else {
            Mode::Replace
        };
        Choice {
            needs_confirmation: years
                .iter()
                .any(|y| y.replace.needs_confirmation || y.listed.needs_confirmation),
            years,
            proposed: proposed.id(),
            threshold: format!("{:.1}%", threshold * 100.0),
            error: String::new(),
        }
    }
}

/// The mode and confirmation a preview's form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct ConfirmWrite {
    pub pending: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub confirm_removals: String,
}

impl ConfirmWrite {
    /// The write's options under the deployment's threshold.
    pub fn options(&self, threshold: f64) -> Result<WriteOptions, AppError> {
        let mode = match self.mode.trim() {
            "" => Mode::Replace,
            m => Mode::parse(m).ok_or_else(|| {
                AppError::bad_request(crate::msg!("versions-error-mode", v = crate::views::cut(m)))
            })?,
        };
        Ok(WriteOptions {
            mode,
            confirm_removals: !self.confirm_removals.trim().is_empty(),
            threshold,
        })
    }
}

/// What a versions page is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Statistics,
    Roster,
}

impl What {
    fn parse(text: &str) -> Result<Self, AppError> {
        match text {
            "statistics" => Ok(What::Statistics),
            "roster" => Ok(What::Roster),
            _ => Err(AppError::not_found(crate::msg!("error-no-page"))),
        }
    }

    fn id(self) -> &'static str {
        match self {
            What::Statistics => "statistics",
            What::Roster => "roster",
        }
    }
}

/// One version as the versions page lists it.
pub(crate) struct VersionRow {
    pub version: u32,
    pub kind: &'static str,
    pub based_on: String,
    pub file_name: String,
    pub by: String,
    pub at: String,
    pub rows: u64,
    /// Against the version before: "" when not compared.
    pub compared: bool,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub schools_changed: usize,
    pub latest: bool,
}

#[derive(Template)]
#[template(path = "versions.html")]
struct VersionsPage {
    layout: Layout,
    what: &'static str,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    versions: Vec<VersionRow>,
    saved: Option<u32>,
    /// The version whose changes per school are listed, with them.
    detail: Option<(u32, Vec<SchoolRow>, usize)>,
}

/// `?year=2024&saved=3&detail=2`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct VersionsQuery {
    year: Option<i32>,
    saved: Option<u32>,
    detail: Option<u32>,
}

/// One stored version's metadata, whatever it is of.
struct Meta {
    version: u32,
    kind: VersionKind,
    based_on: Option<u32>,
    file_name: String,
    by: String,
    at: String,
    rows: u64,
}

async fn metas(here: &Here, what: What, year: i32) -> Result<Vec<Meta>, AppError> {
    Ok(match what {
        What::Statistics => here
            .store
            .imports(Some(year))
            .await?
            .into_iter()
            .map(|i| Meta {
                version: i.version,
                kind: i.kind,
                based_on: i.based_on,
                file_name: i.file_name,
                by: i.imported_by,
                at: i.imported_at,
                rows: i.rows,
            })
            .collect(),
        What::Roster => here
            .store
            .roster_versions(year)
            .await?
            .into_iter()
            .map(|v| Meta {
                version: v.version,
                kind: v.kind,
                based_on: v.based_on,
                file_name: v.file_name,
                by: v.uploaded_by,
                at: v.uploaded_at,
                rows: v.teachers,
            })
            .collect(),
    })
}

/// What version `v` changed against version `v - 1` (everything added for the first).
async fn change(here: &Here, what: What, year: i32, v: u32) -> Result<Comparison, AppError> {
    Ok(match what {
        What::Statistics => {
            let after = here.records(year, v).await?;
            let before = match v {
                1 => Default::default(),
                _ => here.records(year, v - 1).await?,
            };
            statistics_change(year, &before, &after)
        }
        What::Roster => {
            let after = here.roster(year, v).await?;
            let before = match v {
                1 => Default::default(),
                _ => here.roster(year, v - 1).await?,
            };
            roster_change(year, &before, &after)
        }
    })
}

/// `GET /versions/{statistics|roster}?year=&saved=` (administrators): every version of a
/// school year, newest first.
pub(crate) async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Path(what): Path<String>,
    Query(q): Query<VersionsQuery>,
) -> Result<Response, AppError> {
    let what = What::parse(&what)?;
    let here = state.here(admin.district()?);
    let mut all_years: Vec<i32> = match what {
        What::Statistics => here.years().await?.iter().map(|y| y.year).collect(),
        What::Roster => here
            .store
            .roster_years()
            .await?
            .iter()
            .map(|v| v.year)
            .collect(),
    };
    let title = match what {
        What::Statistics => "versions-statistics-versions",
        What::Roster => "common-roster-versions",
    };
    let year = q.year.or_else(|| all_years.first().copied()).unwrap_or(0);
    if year != 0 && !all_years.contains(&year) {
        all_years.push(year);
        all_years.sort_by(|a, b| b.cmp(a));
    }
    let metas = if year == 0 {
        Vec::new()
    } else {
        metas(&here, what, year).await?
    };
    let latest = metas.first().map(|m| m.version);
    let mut versions = Vec::with_capacity(metas.len());
    for (i, m) in metas.into_iter().enumerate() {
        let c = if i < COMPARED_VERSIONS {
            Some(change(&here, what, year, m.version).await?)
        } else {
            None
        };
        versions.push(VersionRow {
            version: m.version,
            kind: crate::i18n::labels::version_kind(m.kind),
            based_on: m.based_on.map_or(String::new(), |b| b.to_string()),
            file_name: m.file_name,
            by: m.by,
            at: crate::views::time(&m.at),
            rows: m.rows,
            compared: c.is_some(),
            added: c.as_ref().map_or(0, |c| c.added),
            removed: c.as_ref().map_or(0, |c| c.removed),
            changed: c.as_ref().map_or(0, |c| c.changed),
            schools_changed: c.as_ref().map_or(0, |c| c.changed_schools().count()),
            latest: Some(m.version) == latest,
        });
    }
    let saved = q.saved.filter(|s| versions.iter().any(|v| v.version == *s));
    let detail = match q
        .detail
        .filter(|d| versions.iter().any(|v| v.version == *d))
    {
        Some(v) => {
            let names: BTreeMap<SchoolCode, String> = match here.current(Some(year)).await? {
                Some(y) => here
                    .records(y.year, y.latest_version)
                    .await?
                    .iter()
                    .map(|r| (r.code.clone(), r.name.clone()))
                    .collect(),
                None => BTreeMap::new(),
            };
            let (rows, more) = school_rows(&change(&here, what, year, v).await?, &names);
            Some((v, rows, more))
        }
        None => None,
    };
    Ok(render(&VersionsPage {
        layout: Layout::new(title, &admin),
        what: what.id(),
        year,
        year_label: school_year(year),
        years: all_years
            .into_iter()
            .map(|y| (y, school_year(y), y == year))
            .collect(),
        versions,
        saved,
        detail,
    }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct Restore {
    year: i32,
    version: u32,
    #[serde(default)]
    confirm: String,
}

/// `POST /versions/{statistics|roster}/restore` (administrators): version `version` of `year`
/// stored again as a new version, once the confirmation box is ticked.
pub(crate) async fn restore(
    State(state): State<AppState>,
    admin: Admin,
    Path(what): Path<String>,
    Form(form): Form<Restore>,
) -> Result<Response, AppError> {
    let what = What::parse(&what)?;
    let here = state.here(admin.district()?);
    let confirmed = !form.confirm.trim().is_empty();
    let actor = admin.actor();
    let saved = match what {
        What::Statistics => {
            let info = junheng_app::statistics::restore(
                &here.store,
                form.year,
                form.version,
                confirmed,
                &actor,
            )
            .await?;
            here.years_changed();
            info.version
        }
        What::Roster => {
            junheng_app::rotation::restore_roster(
                &here.store,
                form.year,
                form.version,
                confirmed,
                &actor,
            )
            .await?
            .version
        }
    };
    Ok(Redirect::to(&saved_href(what.id(), form.year, saved)).into_response())
}

/// The versions page that says a version was just saved.
pub(crate) fn saved_href(what: &str, year: i32, version: u32) -> String {
    format!("/versions/{what}?year={year}&saved={version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(mode: &str, confirm: &str) -> ConfirmWrite {
        ConfirmWrite {
            pending: "p".into(),
            mode: mode.into(),
            confirm_removals: confirm.into(),
        }
    }

    #[test]
    fn the_form_names_the_mode_and_the_confirmation() {
        let o = form("listed", "1").options(0.05).unwrap();
        assert_eq!(
            (o.mode, o.confirm_removals, o.threshold),
            (Mode::UpdateListed, true, 0.05)
        );
        let o = form("", "").options(0.1).unwrap();
        assert_eq!((o.mode, o.confirm_removals), (Mode::Replace, false));
        assert!(matches!(
            form("all", "").options(0.05),
            Err(e) if e.status() == 400
        ));
    }
}
