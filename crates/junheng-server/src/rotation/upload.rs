//! Uploading the roster (教师花名册) or the ledger (交流轮岗台账): a preview that lists every
//! problem with file, sheet, row, column, value and what is expected, nothing stored — for a
//! roster also what it changes against the current version, replacing the year or updating the
//! listed schools (`crate::versions`); then an explicit confirmation (a ticked box when the
//! roster removes past the threshold). After a roster is stored, the page shows where it
//! disagrees with the year's statistics (`reconcile`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::versions::{Mode, WriteOptions};
use junheng_core::school::school_year;
use junheng_io::school::{ImportFailure, Issue};
use junheng_rotation::{Teacher, reconcile};

use crate::access::{Admin, Viewer};
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Form, Multipart};
use crate::state::{AppState, Here};
use crate::upload::Kind;
use crate::versions::{Choice, ConfirmWrite};
use crate::views::{Layout, render};

/// At most this many problems or moves are listed (all are counted).
const SHOWN: usize = 500;

pub(crate) struct CountRow {
    pub label: String,
    pub count: usize,
}

pub(crate) struct MismatchRow {
    pub school: String,
    pub name: String,
    pub section: &'static str,
    pub field: &'static str,
    pub roster: u64,
    pub statistics: u64,
}

#[derive(Template)]
#[template(path = "rotation_upload.html")]
struct UploadPage {
    layout: Layout,
    /// "roster" or "ledger".
    what: &'static str,
    file_name: String,
    /// "issues", "preview" or "stored".
    stage: &'static str,
    issue_count: usize,
    issues: Vec<IssueRow>,
    warnings: Vec<IssueRow>,
    counts: Vec<CountRow>,
    pending: String,
    year: i32,
    mismatches: Vec<MismatchRow>,
    has_statistics: bool,
    choice: Option<Choice>,
    /// The version just stored (the last year's), for the message.
    saved: u32,
    /// The ledger batch just written, for the message.
    batch: i64,
}

impl UploadPage {
    /// How many moves the upload holds (all years).
    fn moved(&self) -> usize {
        self.counts.iter().map(|c| c.count).sum()
    }
}

impl UploadPage {
    fn new(viewer: &Viewer, what: &'static str, file_name: String, stage: &'static str) -> Self {
        let title = if what == "roster" {
            "rotation-roster-import"
        } else {
            "rotation-ledger-import"
        };
        Self {
            layout: Layout::new(title, viewer),
            what,
            file_name,
            stage,
            issue_count: 0,
            issues: Vec::new(),
            warnings: Vec::new(),
            counts: Vec::new(),
            pending: String::new(),
            year: 0,
            mismatches: Vec::new(),
            has_statistics: false,
            choice: None,
            saved: 0,
            batch: 0,
        }
    }

    fn failed(mut self, failure: &ImportFailure) -> Self {
        self.issue_count = failure.issue_count();
        self.issues = failure
            .issues
            .iter()
            .take(SHOWN)
            .map(IssueRow::from)
            .collect();
        self.warnings = failure
            .warnings
            .iter()
            .take(SHOWN)
            .map(IssueRow::from)
            .collect();
        self
    }
}

/// Reads an upload, and shows its problems or what it holds (`counts` per year); a file that
/// passes is kept (on disk) for the confirmation, and returned with the page.
async fn preview<T: Send + 'static>(
    here: &Here,
    admin: &Admin,
    multipart: Multipart,
    kind: Kind,
    read: fn(&[u8], &str) -> Result<T, ImportFailure>,
    counts: impl FnOnce(&T) -> (BTreeMap<i32, usize>, &Vec<Issue>),
) -> Result<(UploadPage, Option<T>), AppError> {
    let what = if kind == Kind::Roster {
        "roster"
    } else {
        "ledger"
    };
    let (name, bytes) = crate::upload::read(multipart).await?.spreadsheet()?;
    let page = UploadPage::new(admin, what, name.clone(), "preview");
    Ok(
        match crate::upload::parse(here, bytes.clone(), name.clone(), read).await? {
            Err(failure) => (
                UploadPage {
                    stage: "issues",
                    ..page
                }
                .failed(&failure),
                None,
            ),
            Ok(imported) => {
                let (per_year, warnings) = counts(&imported);
                let warnings = warnings.iter().take(SHOWN).map(IssueRow::from).collect();
                let page = UploadPage {
                    counts: count_rows(per_year),
                    warnings,
                    ..page
                };
                let page = UploadPage {
                    pending: here.previews.keep(admin.user.id, kind, name, bytes).await?,
                    ..page
                };
                (page, Some(imported))
            }
        },
    )
}

/// A roster's teachers compared with each year's current roster, replacing the year and
/// updating the listed schools.
async fn choice(here: &Here, teachers: &[Teacher]) -> Result<Choice, AppError> {
    let threshold = here.config.removal_threshold;
    let compare = |mode| {
        let options = WriteOptions {
            mode,
            confirm_removals: false,
            threshold,
        };
        async move {
            junheng_app::rotation::compare_roster(&here.store, teachers.to_vec(), &options)
                .await
                .map(|years| years.into_iter().map(|(_, c)| c).collect::<Vec<_>>())
        }
    };
    let replace = compare(Mode::Replace).await?;
    let listed = compare(Mode::UpdateListed).await?;
    let mut names = BTreeMap::new();
    for y in here.years().await?.iter() {
        if replace.iter().any(|c| c.year == y.year) {
            for r in here.records(y.year, y.latest_version).await?.iter() {
                names.insert(r.code.clone(), r.name.clone());
            }
        }
    }
    Ok(Choice::new(&replace, &listed, &names, threshold))
}

/// `POST /rotation/roster`: preview of a roster file.
pub(crate) async fn preview_roster(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let read = junheng_io::teacher::read_bytes;
    let (mut page, imported) = preview(&here, &admin, multipart, Kind::Roster, read, |imported| {
        (per_year(&imported.teachers), &imported.warnings)
    })
    .await?;
    if let Some(imported) = imported {
        page.choice = Some(choice(&here, &imported.teachers).await?);
    }
    Ok(render(&page))
}

/// `POST /rotation/ledger`: preview of a ledger file.
pub(crate) async fn preview_ledger(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let read = junheng_io::rotation::read_ledger_bytes;
    let (page, _) = preview(&here, &admin, multipart, Kind::Ledger, read, |imported| {
        let mut counts = BTreeMap::new();
        for m in &imported.moves {
            *counts.entry(m.start_year).or_default() += 1;
        }
        (counts, &imported.warnings)
    })
    .await?;
    Ok(render(&page))
}

/// Teachers per school year.
fn per_year(teachers: &[Teacher]) -> BTreeMap<i32, usize> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for t in teachers {
        *counts.entry(t.year).or_default() += 1;
    }
    counts
}

/// The preview's table: a count per school year.
fn count_rows(per_year: BTreeMap<i32, usize>) -> Vec<CountRow> {
    per_year
        .into_iter()
        .map(|(y, count)| CountRow {
            label: school_year(y),
            count,
        })
        .collect()
}

/// A kept file that no longer reads as it did at the preview.
fn changed() -> AppError {
    AppError::conflict(crate::msg!("error-preview-unreadable"))
}

/// `POST /rotation/confirm`: stores a previewed roster (a new version per year, as a whole or
/// for the listed schools; refused and shown again when removals need the box ticked) or
/// ledger (one batch), read again from the kept file.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<ConfirmWrite>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let actor = admin.actor();
    let owner = admin.user.id;
    let kind = if state
        .previews
        .sha256(&form.pending, owner, Kind::Roster)
        .is_some()
    {
        Kind::Roster
    } else {
        Kind::Ledger
    };
    let kept = state.previews.take(&form.pending, owner, kind).await?;
    if kind == Kind::Ledger {
        let read = junheng_io::rotation::read_ledger_bytes;
        let moves = crate::upload::parse(&here, kept.bytes, kept.file_name, read)
            .await?
            .map_err(|_| changed())?
            .moves;
        let ids = junheng_app::rotation::import_ledger(&here.store, &moves, &actor, None).await?;
        let mut page = UploadPage::new(&admin, "ledger", String::new(), "stored");
        page.year = moves.iter().map(|m| m.start_year).max().unwrap_or(0);
        page.counts = vec![CountRow {
            label: String::new(),
            count: moves.len(),
        }];
        page.batch = ids[0];
        return Ok(render(&page));
    }
    let options = form.options(state.config.removal_threshold)?;
    let read = junheng_io::teacher::read_bytes;
    let roster = crate::upload::parse(&here, kept.bytes.clone(), kept.file_name.clone(), read)
        .await?
        .map_err(|_| changed())?;
    let compared =
        junheng_app::rotation::compare_roster(&here.store, roster.teachers.clone(), &options)
            .await?;
    if let Some(refused) = compared
        .iter()
        .find_map(|(_, c)| c.check(&options, "教师花名册").err())
    {
        // Kept again, so that ticking the box does not need another upload.
        let mut page = UploadPage::new(&admin, "roster", kept.file_name.clone(), "preview");
        page.counts = count_rows(per_year(&roster.teachers));
        page.pending = state
            .previews
            .keep(owner, Kind::Roster, kept.file_name, kept.bytes)
            .await?;
        let mut choice = choice(&here, &roster.teachers).await?;
        choice.error = refused.to_string();
        choice.proposed = options.mode.id();
        page.choice = Some(choice);
        return Ok(render(&page));
    }
    // The years as stored: the file's teachers, or the file merged into the current roster.
    let by_year: BTreeMap<i32, Vec<Teacher>> = compared
        .into_iter()
        .map(|(teachers, c)| (c.year, teachers))
        .collect();
    let mut page = UploadPage::new(&admin, "roster", String::new(), "stored");
    // Every year of the file in one transaction: all or none.
    let stored = junheng_app::rotation::import_roster(
        &here.store,
        roster.teachers,
        &kept.file_name,
        &options,
        &actor,
    )
    .await?;
    for v in stored {
        page.counts.push(CountRow {
            label: crate::tr!(
                admin.lang,
                "versions-year-version",
                v = school_year(v.year),
                n = v.version
            ),
            count: v.teachers as usize,
        });
        page.year = v.year;
        page.saved = v.version;
    }
    // The roster just stored is in hand; only the year's statistics are read (cached).
    let records = match here.current(Some(page.year)).await? {
        Some(y) => here.records(y.year, y.latest_version).await?,
        None => Default::default(),
    };
    let roster = by_year.get(&page.year).map_or(&[][..], Vec::as_slice);
    page.has_statistics = !records.is_empty();
    page.mismatches = reconcile(&records, roster, page.year)
        .into_iter()
        .map(|m| MismatchRow {
            school: m.school.to_string(),
            name: m.name,
            section: m.section.label(),
            field: m.field,
            roster: m.roster,
            statistics: m.statistics,
        })
        .collect();
    Ok(render(&page))
}
