//! Reading an upload form (its CSRF token and one file), and keeping checked uploads until their
//! uploader confirms them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::Multipart;

use crate::auth::{Viewer, new_secret};
use crate::error::AppError;

/// A submitted upload form.
pub(crate) struct Upload {
    /// The form's CSRF token.
    pub csrf: String,
    /// The file's name and bytes, when one was chosen.
    pub file: Option<(String, Bytes)>,
}

/// Reads the `csrf` and `file` fields; an empty file counts as none.
pub(crate) async fn read(mut multipart: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload {
        csrf: String::new(),
        file: None,
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("上传的表单无法读取：{e}")))?
    {
        match field.name() {
            Some("csrf") => {
                upload.csrf = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.to_string()))?
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("上传文件").to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(format!("文件上传不完整：{e}")))?;
                upload.file = Some((name, bytes)).filter(|(_, b)| !b.is_empty());
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// Reads an upload form and refuses it unless it carries the viewer's CSRF token.
pub(crate) async fn read_checked(
    multipart: Multipart,
    viewer: &Viewer,
) -> Result<Upload, AppError> {
    let upload = read(multipart).await?;
    viewer.check_csrf(&upload.csrf)?;
    Ok(upload)
}

impl Upload {
    /// The chosen file (name, bytes), or a refusal asking for a spreadsheet.
    pub fn spreadsheet(self) -> Result<(String, Bytes), AppError> {
        self.file.ok_or_else(|| {
            AppError::BadRequest("请选择要导入的文件（.xlsx、.xls、.ods 或 .csv）".into())
        })
    }
}

/// Reads an uploaded file with `read(bytes, file name)` off the async runtime.
pub(crate) async fn parse<T: Send + 'static>(
    bytes: Bytes,
    name: String,
    read: fn(&[u8], &str) -> T,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(move || read(&bytes, &name))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A preview not confirmed within this time is forgotten.
const PREVIEW_TTL: Duration = Duration::from_secs(30 * 60);

/// Checked uploads waiting for their uploader's confirmation, under a random id.
pub(crate) struct Previews<T> {
    map: Mutex<HashMap<String, (i64, Instant, T)>>,
}

impl<T> Default for Previews<T> {
    fn default() -> Self {
        Self {
            map: Mutex::default(),
        }
    }
}

impl<T> Previews<T> {
    /// Keeps `value` for user `user_id`; returns its id (forgets expired previews).
    pub fn keep(&self, user_id: i64, value: T) -> String {
        let id = new_secret();
        let mut map = self.map.lock().expect("preview lock");
        map.retain(|_, (_, at, _)| at.elapsed() < PREVIEW_TTL);
        map.insert(id.clone(), (user_id, Instant::now(), value));
        id
    }

    /// Takes the preview `id` of user `user_id`, if it has not expired.
    pub fn take(&self, id: &str, user_id: i64) -> Result<T, AppError> {
        let found = self.map.lock().expect("preview lock").remove(id);
        match found {
            Some((owner, at, value)) if owner == user_id && at.elapsed() < PREVIEW_TTL => Ok(value),
            _ => Err(AppError::BadRequest(
                "预览已过期或不存在，请重新上传文件".into(),
            )),
        }
    }
}

/// The form that confirms a preview.
#[derive(serde::Deserialize)]
pub(crate) struct Confirm {
    csrf: String,
    pending: String,
}

impl Confirm {
    /// The confirmed preview: administrators only, with this session's CSRF token, their own
    /// preview.
    pub fn take<T>(&self, viewer: &Viewer, previews: &Previews<T>) -> Result<T, AppError> {
        crate::access::require_admin(&viewer.user)?;
        viewer.check_csrf(&self.csrf)?;
        previews.take(&self.pending, viewer.user.id)
    }
}
