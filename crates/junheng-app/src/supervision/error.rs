//! Why a 责任督学 operation failed.

use junheng_store::StoreError;

use crate::tasks::TaskError;

/// Why a 责任督学 operation failed.
#[derive(Debug)]
pub enum SupervisionError {
    /// The store refused (its code and Chinese message); nothing was written.
    Store(StoreError),
    /// The caller may not do this (a Chinese message saying who may); nothing was written.
    Forbidden(String),
    /// The visit is stored, but `missing` of its findings have no task yet: raising one failed
    /// with `cause`. [`complete`](super::complete) raises them.
    Incomplete {
        /// The stored visit.
        visit: i64,
        /// Its findings still without a task.
        missing: usize,
        /// Why raising the first of them failed.
        cause: Box<TaskError>,
    },
}

impl SupervisionError {
    /// Stable code: the store's, `supervision.forbidden` or `supervision.incomplete`.
    pub fn code(&self) -> &'static str {
        match self {
            SupervisionError::Store(e) => e.code(),
            SupervisionError::Forbidden(_) => "supervision.forbidden",
            SupervisionError::Incomplete { .. } => "supervision.incomplete",
        }
    }
}

impl std::fmt::Display for SupervisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SupervisionError::Store(e) => e.fmt(f),
            SupervisionError::Forbidden(why) => f.write_str(why),
            SupervisionError::Incomplete {
                visit,
                missing,
                cause,
            } => write!(
                f,
                "督导记录 #{visit} 已保存，但其中 {missing} 条督导发现的整改任务未能生成：{cause}。\
                 请管理员在该督导记录页点击“补建整改任务”，或运行 junheng supervision complete \
                 {visit}"
            ),
        }
    }
}

impl std::error::Error for SupervisionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SupervisionError::Store(e) => Some(e),
            SupervisionError::Forbidden(_) => None,
            SupervisionError::Incomplete { cause, .. } => Some(cause.as_ref()),
        }
    }
}

impl From<StoreError> for SupervisionError {
    fn from(e: StoreError) -> Self {
        SupervisionError::Store(e)
    }
}
