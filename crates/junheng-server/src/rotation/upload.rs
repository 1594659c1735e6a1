//! Uploading the roster (教师花名册) or the ledger (交流轮岗台账): a preview that lists every
//! problem with file, sheet, row, column, value and what is expected, nothing stored; then an
//! explicit confirmation. After a roster is stored, the page shows where it disagrees with the
//! year's statistics (`reconcile`).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Form, Multipart, State};
use axum::response::Response;
use junheng_core::school::school_year;
use junheng_io::school::ImportFailure;
use junheng_rotation::{Move, Teacher, reconcile};
use junheng_store::MoveSource;
use serde::Deserialize;

use crate::access::require_admin;
use crate::auth::{Viewer, new_secret};
use crate::error::AppError;
use crate::import::IssueRow;
use crate::state::AppState;
use crate::views::{Layout, render};

/// A previewed roster or ledger waiting for confirmation.
pub(crate) struct Pending {
    user_id: i64,
    created: Instant,
    content: Content,
}

enum Content {
    Roster(BTreeMap<i32, Vec<Teacher>>),
    Ledger(Vec<Move>),
}

/// A preview not confirmed within this time is forgotten.
const PENDING_TTL: Duration = Duration::from_secs(30 * 60);
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
    pub roster: u32,
    pub statistics: u32,
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

/// Reads an admin's upload; the file's bytes and name.
async fn file(viewer: &Viewer, multipart: Multipart) -> Result<(String, Vec<u8>), AppError> {
    require_admin(&viewer.user)?;
    let upload = crate::upload::read_checked(multipart, viewer).await?;
    upload
        .file
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .ok_or_else(|| {
            AppError::BadRequest("请选择要导入的文件（.xlsx、.xls、.ods 或 .csv）".into())
        })
}

async fn parse<T: Send + 'static>(
    bytes: Vec<u8>,
    name: &str,
    read: fn(&[u8], &str) -> T,
) -> Result<T, AppError> {
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || read(&bytes, &name))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn remember(state: &AppState, viewer: &Viewer, content: Content) -> String {
    let id = new_secret();
    let mut pending = state.rotation_pending.lock().expect("pending lock");
    pending.retain(|_, p| p.created.elapsed() < PENDING_TTL);
    pending.insert(
        id.clone(),
        Pending {
            user_id: viewer.user.id,
            created: Instant::now(),
            content,
        },
    );
    id
}

/// `POST /rotation/roster`: preview of a roster file.
pub(crate) async fn preview_roster(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (name, bytes) = file(&viewer, multipart).await?;
    let page = UploadPage::new(&viewer, "roster", name.clone(), "preview");
    let page = match parse(bytes, &name, junheng_io::teacher::read_bytes).await? {
        Err(failure) => UploadPage {
            stage: "issues",
            ..page
        }
        .failed(&failure),
        Ok(imported) => {
            let mut by_year: BTreeMap<i32, Vec<Teacher>> = BTreeMap::new();
            for t in imported.teachers {
                by_year.entry(t.year).or_default().push(t);
            }
            let counts = by_year
                .iter()
                .map(|(y, ts)| CountRow {
                    label: school_year(*y),
                    count: ts.len(),
                })
                .collect();
            UploadPage {
                counts,
                warnings: imported.warnings.iter().map(IssueRow::from).collect(),
                pending: remember(&state, &viewer, Content::Roster(by_year)),
                ..page
            }
        }
    };
    Ok(render(&page))
}

/// `POST /rotation/ledger`: preview of a ledger file.
pub(crate) async fn preview_ledger(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (name, bytes) = file(&viewer, multipart).await?;
    let page = UploadPage::new(&viewer, "ledger", name.clone(), "preview");
    let page = match parse(bytes, &name, junheng_io::rotation::read_ledger_bytes).await? {
        Err(failure) => UploadPage {
            stage: "issues",
            ..page
        }
        .failed(&failure),
        Ok(imported) => {
            let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
            for m in &imported.moves {
                *by_year.entry(m.start_year).or_default() += 1;
            }
            let counts = by_year
                .iter()
                .map(|(y, n)| CountRow {
                    label: school_year(*y),
                    count: *n,
                })
                .collect();
            UploadPage {
                counts,
                warnings: imported.warnings.iter().map(IssueRow::from).collect(),
                pending: remember(&state, &viewer, Content::Ledger(imported.moves)),
                ..page
            }
        }
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub(crate) struct Confirm {
    csrf: String,
    pending: String,
}

/// `POST /rotation/confirm`: stores a previewed roster (a new version per year) or ledger.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<Confirm>,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    viewer.check_csrf(&form.csrf)?;
    let pending = state
        .rotation_pending
        .lock()
        .expect("pending lock")
        .remove(&form.pending);
    let Some(pending) =
        pending.filter(|p| p.user_id == viewer.user.id && p.created.elapsed() < PENDING_TTL)
    else {
        return Err(AppError::BadRequest(
            "预览已过期或不存在，请重新上传文件".into(),
        ));
    };
    let actor = viewer.actor();
    match pending.content {
        Content::Ledger(moves) => {
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
        Content::Roster(by_year) => {
            let mut page = UploadPage::new(&viewer, "roster", String::new(), "stored");
            for (year, teachers) in &by_year {
                let v = state.store.replace_roster(*year, teachers, &actor).await?;
                page.counts.push(CountRow {
                    label: format!("{} 第 {} 版", school_year(*year), v.version),
                    count: teachers.len(),
                });
                page.year = *year;
            }
            let data = super::require(&state, Some(page.year)).await?;
            page.has_statistics = !data.records.is_empty();
            page.mismatches = reconcile(&data.records, &data.roster, data.year)
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
