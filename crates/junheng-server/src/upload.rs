//! Uploads: reading the one file of an upload form, parsing it in a bounded number of parse
//! slots off the async runtime, and keeping a checked upload until its uploader confirms it.
//!
//! A preview keeps **the uploaded file on disk**, not what was parsed from it (a 300 000-row
//! preview held in memory for half an hour was ≈ 2 GB): as an unnamed temporary file (no path
//! anyone can open, gone when the server stops, however it stops), at most [`PER_USER`] per user,
//! [`MAX_PREVIEWS`] and [`TOTAL_UPLOADS`] uploads' worth of bytes in all (the oldest go first),
//! for at most [`PREVIEW_TTL`]. Confirming reads the file again, checks its SHA-256 and parses it
//! again, so what is stored is exactly what was previewed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::auth::{new_secret, sha256_hex};
use crate::error::AppError;
use crate::params::Multipart;
use crate::state::AppState;

/// A preview not confirmed within this time is forgotten.
const PREVIEW_TTL: Duration = Duration::from_secs(30 * 60);
/// Previews kept per user (a new one drops the user's oldest).
const PER_USER: usize = 3;
/// Previews kept in all, in multiples of the largest upload.
const TOTAL_UPLOADS: u64 = 8;
/// Previews kept in all (each holds a file descriptor).
const MAX_PREVIEWS: usize = 64;
/// Longest file name kept (the rest is cut).
const MAX_FILE_NAME: usize = 120;

/// The file of an upload form: its name (without folders, at most [`MAX_FILE_NAME`] characters)
/// and bytes, and the form's other fields (the school and year a file is for). The form's CSRF
/// token was checked by the middleware.
pub(crate) struct Upload {
    pub file: Option<(String, Bytes)>,
    /// The other fields: (name, text), each at most [`MAX_FIELD`] bytes, at most [`MAX_FIELDS`].
    pub fields: Vec<(String, String)>,
}

/// Longest text field of an upload form, in bytes.
const MAX_FIELD: usize = 1024;
/// Most text fields of an upload form.
const MAX_FIELDS: usize = 32;

/// Reads the `file` field of an upload form (an empty file counts as none) and its short text
/// fields.
pub(crate) async fn read(Multipart(mut multipart): Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload {
        file: None,
        fields: Vec::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::bad_request(crate::msg!("error-file-too-large"))
        } else {
            AppError::bad_request(crate::msg!("error-form-unreadable"))
        }
    })? {
        if field.name() != Some("file") {
            let name = field.name().unwrap_or_default().to_owned();
            let text = field
                .bytes()
                .await
                .map_err(|_| AppError::bad_request(crate::msg!("error-form-unreadable")))?;
            if text.len() > MAX_FIELD || upload.fields.len() >= MAX_FIELDS {
                return Err(AppError::bad_request(crate::msg!("error-form-unreadable")));
            }
            let text = String::from_utf8(text.to_vec())
                .map_err(|_| AppError::bad_request(crate::msg!("error-form-unreadable")))?;
            upload.fields.push((name, text));
            continue;
        }
        let name = field
            .file_name()
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("上传文件")
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_FILE_NAME)
            .collect::<String>();
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::bad_request(crate::msg!("error-file-too-large"))
            } else {
                AppError::bad_request(crate::msg!("error-upload-incomplete"))
            }
        })?;
        upload.file = Some((name, bytes)).filter(|(_, b)| !b.is_empty());
    }
    Ok(upload)
}

impl Upload {
    /// The text of field `name` (trimmed; empty when absent).
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The chosen file (name, bytes), or a refusal asking for a spreadsheet.
    pub fn spreadsheet(self) -> Result<(String, Bytes), AppError> {
        self.file
            .ok_or_else(|| AppError::bad_request(crate::msg!("error-choose-file")))
    }
}

/// Reads an uploaded file with `read(bytes, file name)` in a parse slot, off the async runtime.
pub(crate) async fn parse<T: Send + 'static>(
    state: &AppState,
    bytes: Bytes,
    name: String,
    read: impl FnOnce(&[u8], &str) -> T + Send + 'static,
) -> Result<T, AppError> {
    let _slot = state.parse_slot().await?;
    tokio::task::spawn_blocking(move || read(&bytes, &name))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// What a preview is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A 学校基本情况表 (`/import`).
    Statistics,
    /// A 教师花名册.
    Roster,
    /// A 交流轮岗台账.
    Ledger,
    /// A file of the school-age forecast (its kind is the form's).
    SeatForecast,
}

struct Entry {
    owner: i64,
    kind: Kind,
    at: Instant,
    file_name: String,
    sha256: String,
    size: u64,
    file: File,
}

/// A confirmed upload, read back.
pub(crate) struct Kept {
    pub file_name: String,
    pub sha256: String,
    pub bytes: Bytes,
}

/// Checked uploads waiting for their uploader's confirmation, under a random id.
pub(crate) struct Previews {
    max_total: u64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Previews {
    pub fn new(max_upload: usize) -> Self {
        Previews {
            max_total: TOTAL_UPLOADS * max_upload as u64,
            entries: Mutex::default(),
        }
    }

    /// Drops expired previews, the owner's beyond [`PER_USER`] − 1, and the oldest beyond the
    /// totals, to make room for `incoming` bytes of `owner` (a dropped preview's file is gone
    /// with its descriptor).
    fn make_room(&self, entries: &mut HashMap<String, Entry>, owner: i64, incoming: u64) {
        let mut dropped: Vec<String> = entries
            .iter()
            .filter(|(_, e)| e.at.elapsed() >= PREVIEW_TTL)
            .map(|(id, _)| id.clone())
            .collect();
        let mut mine: Vec<(&String, Instant)> = entries
            .iter()
            .filter(|(_, e)| e.owner == owner)
            .map(|(id, e)| (id, e.at))
            .collect();
        mine.sort_by_key(|(_, at)| *at);
        let excess = (mine.len() + 1).saturating_sub(PER_USER);
        dropped.extend(mine.iter().take(excess).map(|(id, _)| (*id).clone()));
        for id in dropped {
            entries.remove(&id);
        }
        while entries.len() >= MAX_PREVIEWS
            || entries.values().map(|e| e.size).sum::<u64>() + incoming > self.max_total
        {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.at)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
    }

    /// Keeps an upload of `owner` on disk; returns its id.
    pub async fn keep(
        &self,
        owner: i64,
        kind: Kind,
        file_name: String,
        bytes: Bytes,
    ) -> Result<String, AppError> {
        let id = new_secret();
        let size = bytes.len() as u64;
        self.make_room(&mut self.entries.lock().expect("preview lock"), owner, size);
        let (sha256, file) = tokio::task::spawn_blocking(move || {
            let mut file = tempfile::tempfile()?;
            file.write_all(&bytes)?;
            Ok::<_, std::io::Error>((sha256_hex(&bytes), file))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("preview not written: {e}")))?;
        self.entries.lock().expect("preview lock").insert(
            id.clone(),
            Entry {
                owner,
                kind,
                at: Instant::now(),
                file_name,
                sha256,
                size,
                file,
            },
        );
        Ok(id)
    }

    /// The SHA-256 of a kept upload, if it is `owner`'s of `kind` and has not expired.
    pub fn sha256(&self, id: &str, owner: i64, kind: Kind) -> Option<String> {
        let entries = self.entries.lock().expect("preview lock");
        entries
            .get(id)
            .filter(|e| e.owner == owner && e.kind == kind && e.at.elapsed() < PREVIEW_TTL)
            .map(|e| e.sha256.clone())
    }

    /// Takes the preview `id` of `owner` and `kind` (once), if it has not expired: its file read
    /// back and checked against the SHA-256 taken at upload.
    pub async fn take(&self, id: &str, owner: i64, kind: Kind) -> Result<Kept, AppError> {
        let expired = || AppError::bad_request(crate::msg!("error-preview-expired"));
        let entry = {
            let mut entries = self.entries.lock().expect("preview lock");
            match entries.get(id) {
                Some(e) if e.owner == owner && e.kind == kind => entries.remove(id),
                _ => None,
            }
        }
        .ok_or_else(expired)?;
        if entry.at.elapsed() >= PREVIEW_TTL {
            return Err(expired());
        }
        let Entry {
            file_name,
            sha256,
            mut file,
            ..
        } = entry;
        let bytes = tokio::task::spawn_blocking(move || {
            let mut bytes = Vec::new();
            file.rewind()?;
            file.read_to_end(&mut bytes)?;
            Ok::<_, std::io::Error>(bytes)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|_| expired())?;
        if sha256_hex(&bytes) != sha256 {
            return Err(AppError::Internal("a kept upload changed on disk".into()));
        }
        Ok(Kept {
            file_name,
            sha256,
            bytes: Bytes::from(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn previews_are_bounded_and_owned() {
        let p = Previews::new(10);
        let a = p
            .keep(
                1,
                Kind::Statistics,
                "a.csv".into(),
                Bytes::from_static(b"0123456789"),
            )
            .await
            .unwrap();
        // Another user, or another kind, cannot take it.
        assert!(p.take(&a, 2, Kind::Statistics).await.is_err());
        assert!(p.take(&a, 1, Kind::Roster).await.is_err());
        let kept = p.take(&a, 1, Kind::Statistics).await.unwrap();
        assert_eq!(&kept.bytes[..], b"0123456789");
        assert!(p.take(&a, 1, Kind::Statistics).await.is_err(), "once");
        // Per user: the oldest goes.
        let mut ids = Vec::new();
        for k in 0..PER_USER + 1 {
            ids.push(
                p.keep(
                    1,
                    Kind::Roster,
                    format!("{k}.csv"),
                    Bytes::from_static(b"x"),
                )
                .await
                .unwrap(),
            );
        }
        assert!(p.sha256(&ids[0], 1, Kind::Roster).is_none());
        assert!(p.sha256(&ids[PER_USER], 1, Kind::Roster).is_some());
        // In all: at most TOTAL_UPLOADS uploads' worth of bytes stay on disk.
        for owner in 10..30 {
            p.keep(
                owner,
                Kind::Ledger,
                "l.csv".into(),
                Bytes::from(vec![0u8; 10]),
            )
            .await
            .unwrap();
        }
        let total: u64 = p.entries.lock().unwrap().values().map(|e| e.size).sum();
        assert!(total <= TOTAL_UPLOADS * 10, "{total}");
        // And at most MAX_PREVIEWS open files, whatever their size.
        for owner in 100..100 + MAX_PREVIEWS as i64 + 5 {
            p.keep(owner, Kind::Ledger, "l.csv".into(), Bytes::new())
                .await
                .unwrap();
        }
        assert_eq!(p.entries.lock().unwrap().len(), MAX_PREVIEWS);
    }
}
