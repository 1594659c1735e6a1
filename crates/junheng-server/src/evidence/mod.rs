//! 佐证材料 (evidence): documents attached to a record of the district.
//!
//! - [`block`]: what a record's page shows of its documents (the latest version of each title,
//!   who uploaded it and when) and, for those allowed, the form to attach one; a page adds a
//!   field `evidence: evidence::Block` and includes `evidence_block.html`.
//! - `GET /evidence?kind=&key=` ([`list`]): every version of a record's documents (without
//!   `kind` and `key`: every document the viewer may read), sorted, filtered and downloaded as
//!   XLSX or CSV like every list; the upload form under it.
//! - `POST /evidence` ([`upload`]): attach a document (multipart: `csrf` first, then `kind`,
//!   `key`, `back`, `title`, `note`, `file`).
//! - `GET /evidence/{id}` ([`download`]): the document itself, always as an attachment, audited.
//!
//! Who may do what is `junheng_app::evidence::access`, the same for the command line.

mod download;
mod upload;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use junheng_app::evidence::{self as app, Caller, Refused};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_io::evidence::Kind;
use junheng_store::Evidence;

use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render, urlencode};

pub(crate) use download::download;
pub(crate) use upload::upload;

/// The catalogue key of a record kind's name.
pub(crate) fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::School => "evidence-kind-school",
        RecordKind::Group => "evidence-kind-group",
        RecordKind::Zone => "evidence-kind-zone",
        RecordKind::Finding => "evidence-kind-finding",
        RecordKind::SupervisionItem => "evidence-kind-supervision-item",
        RecordKind::Teacher => "evidence-kind-teacher",
        RecordKind::Task => "evidence-kind-task",
        RecordKind::Gap => "evidence-kind-gap",
        RecordKind::Warning => "evidence-kind-warning",
        RecordKind::Pairing => "evidence-kind-pairing",
        RecordKind::Review => "evidence-kind-review",
    }
}

/// The catalogue key of a stored media type's family.
fn media_key(media_type: &str) -> &'static str {
    match Kind::from_media_type(media_type) {
        Some(Kind::Pdf) => "evidence-media-pdf",
        Some(Kind::Png | Kind::Jpeg | Kind::Webp) => "evidence-media-image",
        Some(Kind::Docx | Kind::Doc) => "evidence-media-word",
        Some(Kind::Xlsx | Kind::Xls) => "evidence-media-excel",
        Some(Kind::Pptx) => "evidence-media-powerpoint",
        Some(Kind::Odt | Kind::Ods | Kind::Odp) => "evidence-media-opendocument",
        None => "evidence-media-other",
    }
}

/// A size as people read it: `1.2 MB`, `35 KB`.
fn size(bytes: i64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", ((bytes + 1023) >> 10).max(1))
    }
}

/// The page of a record's documents.
pub(crate) fn record_href(record: &RecordRef) -> String {
    format!(
        "/evidence?kind={}&key={}",
        record.kind.id(),
        urlencode(&record.key)
    )
}

/// A refusal of the use-case layer as the server answers it.
pub(crate) fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::File(e) => AppError::BadRequest(e.message),
        Refused::Store(e) => e.into(),
    }
}

/// One document as a record's page lists it.
pub(crate) struct BlockRow {
    pub title: String,
    pub version: i64,
    pub file_name: String,
    pub href: String,
    pub size: String,
    pub by: String,
    pub at: String,
    pub note: String,
}

/// What a record's page shows of its documents (`evidence_block.html`), and the upload form
/// (`evidence_form.html`) when the viewer may attach.
pub(crate) struct Block {
    /// Whether the viewer may read the record's documents (else the block shows nothing).
    pub shown: bool,
    /// Whether the viewer may attach documents.
    pub attach: bool,
    /// The record: its kind's identifier and its key.
    pub kind: &'static str,
    pub key: String,
    /// Where the form sends the browser back to.
    pub back: String,
    /// The latest version of each title.
    pub rows: Vec<BlockRow>,
    /// Titles offered in the form (data).
    pub titles: Vec<String>,
    /// The page of every version.
    pub all: String,
}

impl Block {
    /// A block that shows nothing.
    pub(crate) fn hidden() -> Block {
        Block {
            shown: false,
            attach: false,
            kind: "",
            key: String::new(),
            back: String::new(),
            rows: Vec::new(),
            titles: Vec::new(),
            all: String::new(),
        }
    }
}

fn block_row(e: &Evidence) -> BlockRow {
    BlockRow {
        title: e.title.clone(),
        version: e.version,
        file_name: e.file_name.clone(),
        href: format!("/evidence/{}", e.id),
        size: size(e.size),
        by: e.uploaded_by.clone(),
        at: crate::views::time(&e.uploaded_at),
        note: e.note.clone(),
    }
}

/// The documents of `record` as the page `back` (its own path) shows them to `viewer`: nothing
/// when the viewer may not read them.
pub(crate) async fn block(
    here: &Here,
    viewer: &Viewer,
    record: RecordRef,
    back: &str,
) -> Result<Block, AppError> {
    let caller = Caller::User(&viewer.user);
    let access = match app::access_to(&here.store, &caller, &record).await {
        Ok(access) => access,
        Err(junheng_store::StoreError::NotFound(_)) => return Ok(Block::hidden()),
        Err(e) => return Err(e.into()),
    };
    if !access.read {
        return Ok(Block::hidden());
    }
    let rows = here.store.evidence_of(&record).await?;
    Ok(Block {
        shown: true,
        attach: access.attach,
        kind: record.kind.id(),
        back: back.to_owned(),
        rows: rows.iter().map(block_row).collect(),
        titles: app::suggested_titles(record.kind)
            .iter()
            .map(ToString::to_string)
            .collect(),
        all: record_href(&record),
        key: record.key,
    })
}

/// [`block`] of the record `kind` / `key` (a block that shows nothing when the key cannot name a
/// record): what a record's page calls, with its own path as `back`.
pub(crate) async fn record_block(
    here: &Here,
    viewer: &Viewer,
    kind: RecordKind,
    key: &str,
    back: &str,
) -> Result<Block, AppError> {
    match RecordRef::new(kind, key) {
        Ok(record) => block(here, viewer, record, back).await,
        Err(_) => Ok(Block::hidden()),
    }
}

/// The columns of the list of documents.
const COLUMNS: &[Column] = &[
    Column::plain("file", "evidence-file"),
    Column::choice("title", "evidence-title"),
    Column::plain("version", "evidence-version"),
    Column::choice("of", "evidence-record-kind"),
    Column::plain("record", "evidence-record"),
    Column::choice("media", "evidence-media"),
    Column::plain("kb", "evidence-size-kb"),
    Column::plain("by", "evidence-uploaded-by"),
    Column::plain("at", "evidence-uploaded-at"),
    Column::plain("note", "evidence-note"),
];

#[derive(Template)]
#[template(path = "evidence.html")]
struct Page {
    layout: Layout,
    /// The record's kind (catalogue key) and key, empty for every document of the district.
    record_kind: &'static str,
    record_key: String,
    list: ListView,
    evidence: Block,
    /// Why an upload was refused (HTML: the reason is data).
    error: String,
}

/// `kind` and `key` of the query: a record, or none (every document the viewer may read).
fn record_of(pairs: &[(String, String)]) -> Result<Option<RecordRef>, AppError> {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    match (value("kind"), value("key")) {
        (None, None) => Ok(None),
        (Some(kind), Some(key)) => RecordRef::parse(kind, key)
            .map(Some)
            .map_err(|e| AppError::BadRequest(e.to_string())),
        _ => Err(AppError::bad_request(crate::msg!("evidence-kind-and-key"))),
    }
}

/// `GET /evidence?kind=&key=&…`: the documents of a record (every version), or every document
/// the viewer may read; sorted, filtered, downloaded as every list.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let record = record_of(&pairs)?;
    page(&here, &viewer, record, pairs, None).await
}

/// The list page; shown again with the status and why (HTML) when an upload was refused.
pub(crate) async fn page(
    here: &Here,
    viewer: &Viewer,
    record: Option<RecordRef>,
    pairs: Vec<(String, String)>,
    refused: Option<(StatusCode, String)>,
) -> Result<Response, AppError> {
    let list = List::new(COLUMNS, pairs, &["kind", "key"])?;
    let caller = Caller::User(&viewer.user);
    let (documents, evidence) = match &record {
        Some(r) => {
            let documents = app::documents(&here.store, &caller, r, true)
                .await
                .map_err(refusal)?;
            let back = record_href(r);
            (documents, block(here, viewer, r.clone(), &back).await?)
        }
        None => (
            app::visible(&here.store, &caller).await.map_err(refusal)?,
            Block::hidden(),
        ),
    };
    let rows: Vec<Row> = documents
        .iter()
        .map(|e| {
            Row::new(vec![
                Value::text(&e.file_name),
                Value::text(&e.title),
                Value::Int(e.version),
                Value::Label(kind_key(e.record.kind)),
                Value::text(&e.record.key),
                Value::Label(media_key(&e.media_type)),
                Value::Decimal(e.size as f64 / 1024.0, 1),
                Value::text(&e.uploaded_by),
                Value::Time(e.uploaded_at.clone()),
                Value::maybe(Some(e.note.clone())),
            ])
            .link(format!("/evidence/{}", e.id))
        })
        .collect();
    let name = match &record {
        Some(r) => format!("佐证材料-{}", r.key),
        None => "佐证材料".to_owned(),
    };
    let (status, error) = refused.unwrap_or((StatusCode::OK, String::new()));
    let response = list.respond(&rows, &name, "佐证材料", |list| {
        render(&Page {
            layout: Layout::new("evidence-evidence", viewer),
            record_kind: record.as_ref().map_or("", |r| kind_key(r.kind)),
            record_key: record.as_ref().map_or(String::new(), |r| r.key.clone()),
            list,
            evidence,
            error,
        })
    })?;
    Ok((status, response).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_keys() {
        assert_eq!(size(1), "1 KB");
        assert_eq!(size(35 * 1024), "35 KB");
        assert_eq!(size(3 << 20), "3.0 MB");
        for kind in RecordKind::ALL {
            assert!(kind_key(kind).starts_with("evidence-kind-"));
        }
        for k in Kind::ALL {
            assert_ne!(media_key(k.media_type()), "evidence-media-other");
        }
        assert_eq!(
            record_href(&RecordRef::parse("group", "一 集团").unwrap()),
            "/evidence?kind=group&key=%E4%B8%80%20%E9%9B%86%E5%9B%A2"
        );
    }
}
