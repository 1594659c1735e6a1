//! How a version of a school year's statistics or roster was made: the kind of write and the
//! earlier version it was built from (migration 0011).

use serde::{Deserialize, Serialize};

use crate::StoreError;

/// How a version was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// A file replaced the year as a whole (also every version written before migration 0011).
    #[default]
    Replace,
    /// A file updated only the schools it lists; the others were carried over.
    Merge,
    /// An earlier version copied as a new version.
    Restore,
    /// A school's approved submission (statistics only).
    Submission,
}

impl VersionKind {
    /// Stable identifier, as stored and audited: `replace`, `merge`, `restore`, `submission`.
    pub fn id(self) -> &'static str {
        match self {
            VersionKind::Replace => "replace",
            VersionKind::Merge => "merge",
            VersionKind::Restore => "restore",
            VersionKind::Submission => "submission",
        }
    }

    /// The Chinese label shown on the versions pages.
    pub fn label(self) -> &'static str {
        match self {
            VersionKind::Replace => "整体替换",
            VersionKind::Merge => "只更新文件中的学校",
            VersionKind::Restore => "恢复旧版本",
            VersionKind::Submission => "学校提交",
        }
    }

    pub(crate) fn parse(text: &str, table: &'static str) -> Result<Self, StoreError> {
        crate::error::parse_word(text, table, "kind")
    }
}

/// How a new version is made: its kind and, for a merge or a restore, the version it was built
/// from.
///
/// ```
/// use junheng_store::{VersionKind, VersionOrigin};
/// let o = VersionOrigin::restore(2);
/// assert_eq!((o.kind, o.based_on), (VersionKind::Restore, Some(2)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VersionOrigin {
    /// The kind of write.
    pub kind: VersionKind,
    /// The version a merge or a restore was built from.
    pub based_on: Option<u32>,
}

impl VersionOrigin {
    /// A file that replaces the year as a whole.
    pub const REPLACE: VersionOrigin = VersionOrigin {
        kind: VersionKind::Replace,
        based_on: None,
    };

    /// A file merged into version `base` (`None` when the year had no version yet).
    pub fn merge(base: Option<u32>) -> Self {
        VersionOrigin {
            kind: VersionKind::Merge,
            based_on: base,
        }
    }

    /// Version `version` restored as a new version.
    pub fn restore(version: u32) -> Self {
        VersionOrigin {
            kind: VersionKind::Restore,
            based_on: Some(version),
        }
    }

    /// The audit detail's words for the origin: ` kind=merge based_on=3`; nothing for a plain
    /// replacement (the detail every version had before origins were kept).
    pub(crate) fn detail(&self) -> String {
        match (self.kind, self.based_on) {
            (VersionKind::Replace, None) => String::new(),
            (kind, Some(v)) => format!(" kind={} based_on={v}", kind.id()),
            (kind, None) => format!(" kind={}", kind.id()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_stored_by_their_serde_names() {
        for k in [
            VersionKind::Replace,
            VersionKind::Merge,
            VersionKind::Restore,
            VersionKind::Submission,
        ] {
            assert_eq!(crate::error::word(&k), k.id());
            assert_eq!(VersionKind::parse(k.id(), "imports").unwrap(), k);
        }
        assert_eq!(
            VersionKind::parse("append", "imports").unwrap_err().code(),
            "store.corrupt"
        );
        assert_eq!(
            VersionOrigin::merge(Some(3)).detail(),
            " kind=merge based_on=3"
        );
        assert_eq!(VersionOrigin::REPLACE.detail(), "");
        assert_eq!(VersionOrigin::merge(None).detail(), " kind=merge");
    }
}
