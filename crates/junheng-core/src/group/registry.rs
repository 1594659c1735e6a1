//! What a bureau records about an education group beside its members: whether it is still being
//! built up (培育) or established (正式), and its legal form. Shared by the importer of group
//! files and the store.

use serde::Serialize;

/// 培育 or 正式: whether a group is still being built up or fully established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// 培育集团: being built up.
    Cultivating,
    /// 正式集团.
    #[default]
    Formal,
}

impl GroupStatus {
    /// Both, in the order a form lists them.
    pub const ALL: [GroupStatus; 2] = [GroupStatus::Formal, GroupStatus::Cultivating];

    /// The stored identifier.
    pub const fn id(self) -> &'static str {
        match self {
            GroupStatus::Cultivating => "cultivating",
            GroupStatus::Formal => "formal",
        }
    }

    /// The Chinese name (正式 / 培育), as templates and downloads write it.
    pub const fn label(self) -> &'static str {
        match self {
            GroupStatus::Cultivating => "培育",
            GroupStatus::Formal => "正式",
        }
    }

    /// From the identifier or the Chinese name.
    pub fn parse(text: &str) -> Option<GroupStatus> {
        let t = text.trim();
        GroupStatus::ALL
            .into_iter()
            .find(|s| s.id() == t || s.label() == t || format!("{}集团", s.label()) == t)
    }
}

/// Whether a group is one legal person with several campuses or several legal persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LegalForm {
    /// Not recorded.
    #[default]
    Unknown,
    /// 一个法人、多个校区.
    Single,
    /// 多个法人.
    Multiple,
}

impl LegalForm {
    /// Every form, in the order a form lists them.
    pub const ALL: [LegalForm; 3] = [LegalForm::Unknown, LegalForm::Single, LegalForm::Multiple];

    /// The stored identifier (empty when not recorded).
    pub const fn id(self) -> &'static str {
        match self {
            LegalForm::Unknown => "",
            LegalForm::Single => "single",
            LegalForm::Multiple => "multiple",
        }
    }

    /// The Chinese name, as templates and downloads write it.
    pub const fn label(self) -> &'static str {
        match self {
            LegalForm::Unknown => "未记录",
            LegalForm::Single => "一法人多校区",
            LegalForm::Multiple => "多法人",
        }
    }

    /// From the identifier or the Chinese name.
    pub fn parse(text: &str) -> Option<LegalForm> {
        let t = text.trim();
        LegalForm::ALL
            .into_iter()
            .find(|f| f.id() == t || f.label() == t)
    }
}
