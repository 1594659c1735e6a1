//! Student health (issue 14): 体质健康 rounds, 视力筛查 rounds and 心理测评 waves, each school's
//! file of a round (versioned, with its aggregate counts), every child's record **sealed**, the
//! scoring packs a district loaded, and 心理 follow-up cases with their notes.
//!
//! The store does not interpret a record: the use-case layer gives it JSON, the store seals it
//! under the student key bound to the child's pseudonym and the round (a record moved to another
//! child or round does not open), and opens it again only through [`DistrictStore::open_health`],
//! which records who read which children for what in the same transaction. Counts (what every
//! aggregate page reads) are written beside each file and never name a child.

mod cases;
mod erase;
mod files;
mod reads;
mod reseal;
mod rounds;

use serde::Serialize;

pub use cases::{MentalCase, MentalNote, NewMentalCase};
pub use erase::Erased;
pub use files::{HealthFile, HealthFileInput, NewHealthRecord, OpenedRecord};
pub use rounds::{HealthPack, HealthRound};

/// What a round measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthKind {
    /// 体质健康测试.
    Fitness,
    /// 视力筛查.
    Vision,
    /// 心理测评.
    Mental,
}

impl HealthKind {
    /// Every kind.
    pub const ALL: [HealthKind; 3] = [HealthKind::Fitness, HealthKind::Vision, HealthKind::Mental];

    /// Stable id: `fitness`, `vision`, `mental`.
    pub fn id(self) -> &'static str {
        match self {
            HealthKind::Fitness => "fitness",
            HealthKind::Vision => "vision",
            HealthKind::Mental => "mental",
        }
    }

    /// Parses an [`HealthKind::id`].
    pub fn parse(id: &str) -> Option<HealthKind> {
        HealthKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// 体质健康测试, 视力筛查, 心理测评.
    pub fn label(self) -> &'static str {
        match self {
            HealthKind::Fitness => "体质健康测试",
            HealthKind::Vision => "视力筛查",
            HealthKind::Mental => "心理测评",
        }
    }
}

/// The seal context of a child's record in a round.
pub(crate) fn record_context(round: i64, pseudonym: &str) -> String {
    format!("health.record:{round}:{pseudonym}")
}

/// The seal context of a child's 心理 case and of its notes.
pub(crate) fn case_context(pseudonym: &str) -> String {
    format!("health.case:{pseudonym}")
}
