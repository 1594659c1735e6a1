//! A school's own row (提交本校数据) and the district's decision on it (审核): the checks a
//! submission must pass before it waits for review, and the decision stored with its note — a
//! return (退回) always with its reason, which the school reads. `effect` tells what a
//! submission changes and what it does to the school's verdict; `progress` how a year's
//! collection stands, school by school.

mod effect;
mod progress;

pub use effect::{Effect, FieldChange, Verdict, effect, previous, verdict};
pub use progress::{Progress, ProgressRow, Stage, progress, progress_table};

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{Actor, DistrictStore, ImportInfo, StoreError};

/// Longest note of a decision, in characters (longer notes are cut).
pub const MAX_NOTE: usize = 500;

/// Stores the school `school`'s submission: `records` must be exactly one row, of that school.
/// Returns the submission's number.
pub async fn submit(
    store: &DistrictStore,
    school: &SchoolCode,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<i64, StoreError> {
    let [record] = records else {
        return Err(StoreError::Invalid(format!(
            "文件应只含本校（{school}）一行数据，实际有 {} 行",
            records.len()
        )));
    };
    if &record.code != school {
        return Err(StoreError::Invalid(format!(
            "只能提交本校（{school}）的数据，文件中的学校标识码是 {}",
            record.code
        )));
    }
    store.submit(record, actor).await
}

/// Approves (`"approve"`: a new version of the year with the school's row replaced) or rejects
/// (`"reject"`, returned to the school) submission `id`, with a note cut to [`MAX_NOTE`]
/// characters; an approval returns the new version it stored. A return without a reason is
/// refused ([`StoreError::Invalid`]): the school must learn what to correct.
pub async fn decide(
    store: &DistrictStore,
    id: i64,
    decision: &str,
    note: &str,
    actor: &Actor,
) -> Result<Option<ImportInfo>, StoreError> {
    let approve = match decision {
        "approve" => true,
        "reject" => false,
        _ => return Err(StoreError::invalid("审核结论应为通过或退回")),
    };
    let note: String = note.trim().chars().take(MAX_NOTE).collect();
    if !approve && note.is_empty() {
        return Err(StoreError::invalid(
            "退回须写明原因（学校将看到它，据此修改后重新提交）",
        ));
    }
    store.decide(id, approve, &note, actor).await
}
