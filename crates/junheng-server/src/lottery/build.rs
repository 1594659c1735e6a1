//! A lottery built in the browser: the bureau uploads the three tables (学区, 学位计划, 报名),
//! sees every problem as a cell table, and a list without problems is sealed with a new lottery
//! key and frozen — its digest published on the public page at once. The receipts (回执, with
//! 报名号 and 回执校验码, for the families only) are remade from the stored key and the same 报名
//! table. The operations are `junheng_app::lottery`'s, as for `junheng lottery freeze`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::lottery::{self as app, BuildError, ReceiptsError, Tables};
use junheng_io::lottery::{Source, write_receipts};
use junheng_lottery::LotteryKey;
use junheng_store::AuditEntry;

use super::{list_page, sentence};
use crate::access::Admin;
use crate::error::AppError;
use crate::i18n::marks;
use crate::import::IssueRow;
use crate::params::{Multipart, Path};
use crate::state::AppState;
use crate::views::{XLSX, download};

/// Problems shown at most (the count says how many there are).
const SHOWN_ISSUES: usize = 200;

/// What the build and receipts forms carry: named files and the title.
#[derive(Default)]
struct Fields {
    title: String,
    files: Vec<(String, String, Bytes)>,
}

impl Fields {
    /// Takes the file of field `name` (its file name, bytes), if one was chosen.
    fn take(&mut self, name: &str) -> Option<(String, Bytes)> {
        let at = self
            .files
            .iter()
            .position(|(n, _, b)| n == name && !b.is_empty())?;
        let (_, file, bytes) = self.files.swap_remove(at);
        Some((file, bytes))
    }
}

async fn read_fields(Multipart(mut multipart): Multipart) -> Result<Fields, AppError> {
    let bad = |_| AppError::bad_request(crate::msg!("error-form-unreadable"));
    let mut fields = Fields::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "title" => fields.title = field.text().await.map_err(bad)?.chars().take(200).collect(),
            "zones" | "seats" | "applicants" => {
                let file = field
                    .file_name()
                    .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default().to_owned())
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| format!("{name}.csv"));
                let bytes = field.bytes().await.map_err(bad)?;
                fields.files.push((name, file, bytes));
            }
            _ => {}
        }
    }
    Ok(fields)
}

fn rows(failure: &junheng_io::lottery::ImportFailure) -> (usize, Vec<IssueRow>) {
    let shown = failure
        .issues
        .iter()
        .take(SHOWN_ISSUES)
        .map(IssueRow::from)
        .collect();
    (failure.issue_count(), shown)
}

fn source((file, bytes): &(String, Bytes)) -> Source<'_> {
    Source {
        bytes,
        file: file.as_str(),
    }
}

/// 32 bytes from the operating system's generator: a new lottery key.
fn new_key() -> Result<LotteryKey, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(LotteryKey::from_bytes(bytes))
}

/// `POST /lottery/build`: the three tables checked, sealed with a new key, frozen and stored;
/// or every problem shown and nothing written.
pub(crate) async fn build(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let lang = admin.lang;
    let mut fields = read_fields(multipart).await?;
    let (Some(zones), Some(seats), Some(applicants)) = (
        fields.take("zones"),
        fields.take("seats"),
        fields.take("applicants"),
    ) else {
        let message = sentence(lang, crate::msg!("lottery-build-choose-tables"), &[]);
        return list_page(&here, &admin, message, Vec::new(), 0).await;
    };
    let (title, key) = (fields.title, new_key()?);
    let slot = here.parse_slot().await?;
    let checked = tokio::task::spawn_blocking(move || {
        let tables = Tables {
            zones: source(&zones),
            seats: source(&seats),
            applicants: source(&applicants),
        };
        app::freeze_tables(tables, &title, key)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    drop(slot);
    let checked = match checked {
        Ok(c) => c,
        Err(BuildError::Tables(failure)) => {
            let (count, shown) = rows(&failure);
            let message = sentence(lang, crate::msg!("lottery-build-problems", n = count), &[]);
            return list_page(&here, &admin, message, shown, count).await;
        }
        Err(BuildError::Inputs(problem)) => {
            let said = crate::msg!("lottery-build-refused");
            let message = sentence(lang, said, &[("problem", marks::zh(lang, &problem))]);
            return list_page(&here, &admin, message, Vec::new(), 0).await;
        }
    };
    let id = app::create(&here.store, checked, &admin.actor()).await?;
    Ok(Redirect::to(&format!("/lottery?frozen={id}")).into_response())
}

/// `POST /lottery/{id}/receipts`: the receipts workbook of a stored lottery, remade from its key
/// and the 报名 table it was built from. Audited: it lists 报名号.
pub(crate) async fn receipts(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let lang = admin.lang;
    let Some(table) = read_fields(multipart).await?.take("applicants") else {
        let message = sentence(lang, crate::msg!("lottery-receipts-choose-table"), &[]);
        return list_page(&here, &admin, message, Vec::new(), 0).await;
    };
    let (registered, receipts) = match app::receipts(&here.store, id, source(&table)).await {
        Ok(r) => r,
        Err(ReceiptsError::Store(e)) => return Err(e.into()),
        Err(ReceiptsError::Refused(message)) => {
            let message = marks::zh(lang, &message);
            return list_page(&here, &admin, message, Vec::new(), 0).await;
        }
        Err(ReceiptsError::Table(failure)) => {
            let (count, shown) = rows(&failure);
            let said = crate::msg!("lottery-receipts-problems", n = count);
            let message = sentence(lang, said, &[]);
            return list_page(&here, &admin, message, shown, count).await;
        }
    };
    let tiers: Vec<String> = junheng_io::lottery::DEFAULT_TIERS
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    let workbook = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("receipts.xlsx");
        write_receipts(&registered, &receipts, &tiers, &path).map_err(|e| e.to_string())?;
        std::fs::read(&path).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(AppError::Internal)?;
    here.audit(AuditEntry {
        district: None,
        actor: admin.user.name.clone(),
        action: "lottery.receipts",
        target: format!("lottery:{id}"),
        detail: String::new(),
    })
    .await?;
    Ok(download(XLSX, &format!("派位回执-{id}.xlsx"), workbook))
}
