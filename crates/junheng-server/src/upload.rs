//! Reading an upload form: its CSRF token and one file.

use axum::body::Bytes;
use axum::extract::Multipart;

use crate::auth::Viewer;
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
