//! Records imported from a 劳动记录 file into a class (all or nothing): each 学籍号 matched to a
//! child of the class through the pseudonym key, each record checked by the engine against the
//! school's effective list for the class's grade; every problem located at its row and column.

use junheng_io::labour::records::{RecordsFile, codes, columns};
use junheng_io::school::{ImportFailure, Issue};
use junheng_labour::StudentKey;
use junheng_labour::passport::{LabourRecord, RecordError, RecordId};
use junheng_store::DistrictStore;

use super::records::{ClassSeat, Context, list_of};
use crate::pairings::{Caller, Refused};

/// The column a refused record is about.
fn column_of(e: &RecordError) -> &'static str {
    match e {
        RecordError::Minutes { .. } => columns::MINUTES,
        RecordError::Future { .. } => columns::DAY,
        RecordError::EvidenceTooLong { .. } | RecordError::EvidenceControl => columns::EVIDENCE,
        _ => columns::CODE,
    }
}

/// Writes a file's records into the class `seat`, or refuses it whole with every problem
/// ([`Refused::Problems`]): a 学籍号 of no child of the class, an item not on the school's list
/// or not for the grade, a day after `at.today`. Audited as one batch (`file:<sha256>`).
pub async fn import_records(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    file: &RecordsFile,
    sha256: &str,
    at: Context<'_>,
) -> Result<Vec<i64>, Refused> {
    let keys = at.keys;
    let list = list_of(store, &seat.school, at.required).await?;
    let mut issues: Vec<Issue> = Vec::new();
    let mut records = Vec::with_capacity(file.rows.len());
    for r in &file.rows {
        let id = store.student_id(&keys.pseudonym(&r.number)).await?;
        let Some(id) = id.filter(|id| seat.children.contains(id)) else {
            issues.push(file.issue(
                codes::NOT_IN_CLASS,
                r.row,
                columns::NUMBER,
                format!("该学籍号不是{}的学生（以最新学籍为准）", seat.label),
            ));
            continue;
        };
        let record = LabourRecord {
            id: RecordId(0),
            student: StudentKey(id),
            item: r.item.clone(),
            day: r.day,
            minutes: r.minutes,
            evidence: r.evidence.clone(),
            reporter: r.reporter,
        };
        if let Err(e) = record.check(&list, seat.grade, at.today) {
            issues.push(file.issue(codes::RULE, r.row, column_of(&e), e.to_string()));
            continue;
        }
        records.push(record);
    }
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: file.warnings.clone(),
        }));
    }
    let batch = format!("file:{}", &sha256[..sha256.len().min(64)]);
    Ok(store
        .add_labour_records(
            keys,
            &seat.school,
            &seat.label,
            &records,
            &batch,
            &caller.actor(),
        )
        .await?)
}
