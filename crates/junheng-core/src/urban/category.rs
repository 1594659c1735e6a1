//! The 城乡分类 buckets, with an explicit one for records that have none.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::school::UrbanRural;

/// A 城乡分类 bucket: the record's [`UrbanRural`], or 未分类 when it has none.
///
/// ```
/// use junheng_core::{school::UrbanRural, urban::UrbanRuralCategory};
/// assert_eq!(UrbanRuralCategory::of(Some(UrbanRural::Rural)).label(), "乡村");
/// assert_eq!(UrbanRuralCategory::of(None).id(), "unclassified");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrbanRuralCategory {
    /// 城区.
    Urban,
    /// 镇区.
    Town,
    /// 乡村.
    Rural,
    /// 未分类: the record has no 城乡分类.
    Unclassified,
}

impl UrbanRuralCategory {
    /// Every bucket, in report order.
    pub const ALL: [UrbanRuralCategory; 4] = [
        UrbanRuralCategory::Urban,
        UrbanRuralCategory::Town,
        UrbanRuralCategory::Rural,
        UrbanRuralCategory::Unclassified,
    ];

    /// The three classified buckets, always reported.
    pub const CLASSIFIED: [UrbanRuralCategory; 3] = [
        UrbanRuralCategory::Urban,
        UrbanRuralCategory::Town,
        UrbanRuralCategory::Rural,
    ];

    /// The bucket of a record's 城乡分类.
    pub const fn of(setting: Option<UrbanRural>) -> UrbanRuralCategory {
        match setting {
            Some(UrbanRural::Urban) => UrbanRuralCategory::Urban,
            Some(UrbanRural::Town) => UrbanRuralCategory::Town,
            Some(UrbanRural::Rural) => UrbanRuralCategory::Rural,
            None => UrbanRuralCategory::Unclassified,
        }
    }

    /// Stable identifier (JSON, URLs).
    pub const fn id(self) -> &'static str {
        match self {
            UrbanRuralCategory::Urban => "urban",
            UrbanRuralCategory::Town => "town",
            UrbanRuralCategory::Rural => "rural",
            UrbanRuralCategory::Unclassified => "unclassified",
        }
    }

    /// The bucket of an identifier, `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<UrbanRuralCategory> {
        UrbanRuralCategory::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Chinese name: the template's for the three classes, 未分类 otherwise.
    pub const fn label(self) -> &'static str {
        match self {
            UrbanRuralCategory::Urban => "城区",
            UrbanRuralCategory::Town => "镇区",
            UrbanRuralCategory::Rural => "乡村",
            UrbanRuralCategory::Unclassified => "未分类",
        }
    }
}

impl fmt::Display for UrbanRuralCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The buckets to report: the three classes always, 未分类 only when `any_unclassified`.
pub(crate) fn reported(any_unclassified: bool) -> impl Iterator<Item = UrbanRuralCategory> {
    UrbanRuralCategory::ALL
        .into_iter()
        .filter(move |c| *c != UrbanRuralCategory::Unclassified || any_unclassified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_the_template_and_ids_round_trip() {
        for c in UrbanRuralCategory::CLASSIFIED {
            let setting = UrbanRural::parse(c.label()).unwrap();
            assert_eq!(UrbanRuralCategory::of(Some(setting)), c);
        }
        for c in UrbanRuralCategory::ALL {
            assert_eq!(UrbanRuralCategory::from_id(c.id()), Some(c));
        }
        assert_eq!(reported(false).count(), 3);
        assert_eq!(
            reported(true).last(),
            Some(UrbanRuralCategory::Unclassified)
        );
    }
}
