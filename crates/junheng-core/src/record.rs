//! [`RecordRef`]: one name for "a record of the district" that documents ([`Evidence`]) attach to
//! and that a task comes from or is about. A reference is a kind and a key: a school's 学校标识码,
//! a group's name, a row id of a finding or task. It names; it does not prove that the record
//! exists — the layer that stores the record checks that.
//!
//! [`Evidence`]: ../../junheng_store/struct.Evidence.html

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kinds of record that evidence attaches to and tasks refer to. The identifiers
/// ([`RecordKind::id`]) are stored and appear in URLs; they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A school, by its 学校标识码.
    School,
    /// An education group (教育集团), by its name.
    Group,
    /// A 学区, by its name.
    Zone,
    /// A 责任督学's visit finding (督导发现), by row id.
    Finding,
    /// An item of the 督导评估 (e.g. a 政府保障 item), by its identifier.
    SupervisionItem,
    /// A teacher (e.g. a certificate), by the roster's teacher id.
    Teacher,
    /// A task (整改 and other things to do by a date), by row id.
    Task,
    /// A gap of a school on an indicator: `学校标识码/indicator-id`.
    Gap,
    /// A warning raised by a rule (集而不团, 三线 escalation): `rule/unit`.
    Warning,
    /// A pairing (结对帮扶), by row id.
    Pairing,
    /// A 综合考核 result of a unit in a year, by row id.
    Review,
}

impl RecordKind {
    /// Every kind, in a stable order.
    pub const ALL: [RecordKind; 11] = [
        RecordKind::School,
        RecordKind::Group,
        RecordKind::Zone,
        RecordKind::Finding,
        RecordKind::SupervisionItem,
        RecordKind::Teacher,
        RecordKind::Task,
        RecordKind::Gap,
        RecordKind::Warning,
        RecordKind::Pairing,
        RecordKind::Review,
    ];

    /// The stable identifier: stored in the database and used in URLs.
    pub const fn id(self) -> &'static str {
        match self {
            RecordKind::School => "school",
            RecordKind::Group => "group",
            RecordKind::Zone => "zone",
            RecordKind::Finding => "finding",
            RecordKind::SupervisionItem => "supervision_item",
            RecordKind::Teacher => "teacher",
            RecordKind::Task => "task",
            RecordKind::Gap => "gap",
            RecordKind::Warning => "warning",
            RecordKind::Pairing => "pairing",
            RecordKind::Review => "review",
        }
    }

    /// The kind of an identifier, `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The Chinese name of the kind, as data and in downloads.
    pub const fn label(self) -> &'static str {
        match self {
            RecordKind::School => "学校",
            RecordKind::Group => "教育集团",
            RecordKind::Zone => "学区",
            RecordKind::Finding => "督导发现",
            RecordKind::SupervisionItem => "督导评估指标",
            RecordKind::Teacher => "教师",
            RecordKind::Task => "任务",
            RecordKind::Gap => "指标差距",
            RecordKind::Warning => "预警",
            RecordKind::Pairing => "结对帮扶",
            RecordKind::Review => "综合考核",
        }
    }
}

/// The longest key a reference may have, in characters.
pub const MAX_RECORD_KEY: usize = 200;

/// A reference to one record of a district: its kind and key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordRef {
    /// What kind of record.
    pub kind: RecordKind,
    /// Its key within the kind (trimmed, not empty, at most [`MAX_RECORD_KEY`] characters, no
    /// control characters).
    pub key: String,
}

/// Why a text is not a record reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRefError {
    /// The kind identifier is not one of [`RecordKind::ALL`].
    UnknownKind(String),
    /// The key is empty, too long or holds a control character.
    BadKey,
}

impl fmt::Display for RecordRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordRefError::UnknownKind(k) => write!(
                f,
                "记录类型“{}”未知，应为 school、group、zone、finding、task 等",
                k.chars().take(40).collect::<String>()
            ),
            RecordRefError::BadKey => {
                write!(f, "记录标识应为 1 到 {MAX_RECORD_KEY} 个字符，不含控制字符")
            }
        }
    }
}

impl std::error::Error for RecordRefError {}

impl RecordRef {
    /// A checked reference.
    pub fn new(kind: RecordKind, key: &str) -> Result<RecordRef, RecordRefError> {
        let key = key.trim();
        if key.is_empty()
            || key.chars().count() > MAX_RECORD_KEY
            || key.chars().any(char::is_control)
        {
            return Err(RecordRefError::BadKey);
        }
        Ok(RecordRef {
            kind,
            key: key.to_owned(),
        })
    }

    /// A reference from its stored parts (kind identifier and key).
    pub fn parse(kind: &str, key: &str) -> Result<RecordRef, RecordRefError> {
        let k = RecordKind::from_id(kind)
            .ok_or_else(|| RecordRefError::UnknownKind(kind.to_owned()))?;
        RecordRef::new(k, key)
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.id(), self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_ids() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_id(k.id()), Some(k));
        }
        assert_eq!(RecordKind::from_id("nope"), None);
    }

    #[test]
    fn keys_are_trimmed_and_bounded() {
        let r = RecordRef::parse("group", " 第一教育集团 ").unwrap();
        assert_eq!(r.to_string(), "group:第一教育集团");
        assert_eq!(RecordRef::parse("group", "  "), Err(RecordRefError::BadKey));
        assert_eq!(
            RecordRef::parse("group", "a\u{0}b"),
            Err(RecordRefError::BadKey)
        );
        assert!(RecordRef::parse("group", &"集".repeat(MAX_RECORD_KEY)).is_ok());
        assert!(RecordRef::parse("group", &"集".repeat(MAX_RECORD_KEY + 1)).is_err());
        assert!(matches!(
            RecordRef::parse("x", "1"),
            Err(RecordRefError::UnknownKind(_))
        ));
    }
}
