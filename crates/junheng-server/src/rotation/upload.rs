//! Uploading the roster (教师花名册) or the ledger (交流轮岗台账): a preview that lists every
//! problem with file, sheet, row, column, value and what is expected, nothing stored; then an
//! explicit confirmation. After a roster is stored, the page shows where it disagrees with the
//! year's statistics (`reconcile`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, Multipart, State};
use axum::response::Response;
use junheng_core::school::school_year;
use junheng_io::school::{ImportFailure, Issue};
use junheng_rotation::{Move, Teacher, reconcile};
use junheng_store::MoveSource;

use crate::access::require_admin;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::import::IssueRow;
use crate::state::AppState;
use crate::upload::Confirm;
use crate::views::{Layout, render};

/// A previewed roster or ledger waiting for confirmation.
pub(crate) enum Pending {
    Roster(BTreeMap<i32, Vec<Teacher>>),
    Ledger(Vec<Move>),
}

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
}

impl UploadPage {
    fn new(viewer: &Viewer, what: &'static str, file_name: String, stage: &'static str) -> Self {
        let title = if what == "roster" {
            "教师花名册导入"
        } else {
            "交流轮岗台账导入"
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
        }
    }

    fn failed(mut self, failure: &ImportFailure) -> Self {
        self.issue_count = failure.issues.len();
        self.issues = failure
            .issues
            .iter()
            .take(SHOWN)
            .map(IssueRow::from)
            .collect();
        self.warnings = failure.warnings.iter().map(IssueRow::from).collect();
        self
    }
}

/// Reads an upload, and shows its problems or what it holds (counts per year from `accept`,
/// which also says what is kept for the confirmation).
async fn preview<T: Send + 'static>(
    state: &AppState,
    viewer: &Viewer,
    multipart: Multipart,
    what: &'static str,
    read: fn(&[u8], &str) -> Result<T, ImportFailure>,
    accept: impl FnOnce(T) -> (BTreeMap<i32, usize>, Vec<Issue>, Pending),
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    let (name, bytes) = crate::upload::read_checked(multipart, viewer)
        .await?
        .spreadsheet()?;
    let page = UploadPage::new(viewer, what, name.clone(), "preview");
    let page = match crate::upload::parse(bytes, name, read).await? {
        Err(failure) => UploadPage {
            stage: "issues",
            ..page
        }
        .failed(&failure),
        Ok(imported) => {
            let (counts, warnings, pending) = accept(imported);
            UploadPage {
                counts: counts
                    .into_iter()
                    .map(|(y, count)| CountRow {
                        label: school_year(y),
                        count,
                    })
                    .collect(),
                warnings: warnings.iter().map(IssueRow::from).collect(),
                pending: state.rotation_pending.keep(viewer.user.id, pending),
                ..page
            }
        }
    };
    Ok(render(&page))
}

/// `POST /rotation/roster`: preview of a roster file.
pub(crate) async fn preview_roster(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let read = junheng_io::teacher::read_bytes;
    preview(&state, &viewer, multipart, "roster", read, |imported| {
        let mut by_year: BTreeMap<i32, Vec<Teacher>> = BTreeMap::new();
        for t in imported.teachers {
            by_year.entry(t.year).or_default().push(t);
        }
        let counts = by_year.iter().map(|(y, ts)| (*y, ts.len())).collect();
        (counts, imported.warnings, Pending::Roster(by_year))
    })
    .await
}

/// `POST /rotation/ledger`: preview of a ledger file.
pub(crate) async fn preview_ledger(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let read = junheng_io::rotation::read_ledger_bytes;
    preview(&state, &viewer, multipart, "ledger", read, |imported| {
        let mut counts = BTreeMap::new();
        for m in &imported.moves {
            *counts.entry(m.start_year).or_default() += 1;
        }
        (counts, imported.warnings, Pending::Ledger(imported.moves))
    })
    .await
}

/// `POST /rotation/confirm`: stores a previewed roster (a new version per year) or ledger.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<Confirm>,
) -> Result<Response, AppError> {
    let pending = form.take(&viewer, &state.rotation_pending)?;
    let actor = viewer.actor();
    match pending {
        Pending::Ledger(moves) => {
            state
                .store
                .add_moves(&moves, MoveSource::Import, &actor, None)
                .await?;
            let mut page = UploadPage::new(&viewer, "ledger", String::new(), "stored");
            page.year = moves.iter().map(|m| m.start_year).max().unwrap_or(0);
            page.counts = vec![CountRow {
                label: String::new(),
                count: moves.len(),
            }];
            Ok(render(&page))
        }
        Pending::Roster(by_year) => {
            let mut page = UploadPage::new(&viewer, "roster", String::new(), "stored");
            for (year, teachers) in &by_year {
                let v = state.store.replace_roster(*year, teachers, &actor).await?;
                page.counts.push(CountRow {
                    label: format!("{} 第 {} 版", school_year(*year), v.version),
                    count: teachers.len(),
                });
                page.year = *year;
            }
            // The roster just stored is in hand; only the year's statistics are read (cached).
            let records = match state.current(Some(page.year)).await? {
                Some(y) => state.records(y.year, y.latest_version).await?,
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
    }
}
