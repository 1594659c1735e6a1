//! What a submission does: the template fields it changes against the row it replaces (by their
//! Chinese headers, before → after) and the school's verdict before and after.
//!
//! A school's verdict depends on its own units only (each unit against the standards), so it is
//! evaluated on the school with the rows it shares units with — its 上级学校 and teaching points
//! — never on the whole district: a review page evaluates two tiny sets per submission.

use junheng_core::evaluate::{EvaluateError, evaluate};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_io::school::fields;
use junheng_store::{ImportInfo, SchoolVersion, Submission};

/// One template field a submission changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The template's header (学校名称, 小学在校生数 …).
    pub field: &'static str,
    /// The stored value (empty for an empty cell).
    pub before: String,
    /// The submitted value.
    pub after: String,
}

/// A school's verdict under a rulebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every unit of the school passes.
    Passes,
    /// A unit of the school fails.
    Fails,
    /// The school forms no unit (特殊教育学校, no students, a small teaching point).
    NotEvaluated,
    /// The rows cannot be evaluated (a teaching point whose 上级学校 is missing).
    Unknown,
}

impl Verdict {
    /// 达标 / 未达标 / 不参评 / 无法评估.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Passes => "达标",
            Verdict::Fails => "未达标",
            Verdict::NotEvaluated => "不参评",
            Verdict::Unknown => "无法评估",
        }
    }
}

/// What a submission changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// The row it replaces; `None` for a school new to the year.
    pub previous: Option<SchoolRecord>,
    /// The fields that differ (empty when the row is the same).
    pub changes: Vec<FieldChange>,
    /// The school's verdict with the stored row; `None` for a new school.
    pub verdict_before: Option<Verdict>,
    /// The school's verdict with the submitted row.
    pub verdict_after: Verdict,
}

/// The effect of `submitted` replacing `previous`, with `context` the year's other rows (for the
/// school's 上级学校 and teaching points).
pub fn effect(
    context: &[SchoolRecord],
    previous: Option<&SchoolRecord>,
    submitted: &SchoolRecord,
    rulebook: &Rulebook,
) -> Effect {
    let changes = match previous {
        Some(old) => fields(old)
            .into_iter()
            .zip(fields(submitted))
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, before), (_, after))| FieldChange {
                field,
                before,
                after,
            })
            .collect(),
        None => Vec::new(),
    };
    Effect {
        previous: previous.cloned(),
        changes,
        verdict_before: previous.map(|r| verdict(context, r, rulebook)),
        verdict_after: verdict(context, submitted, rulebook),
    }
}

/// The verdict of `record` among `context` (rows of its year; a row of the same school there
/// is replaced by `record`).
pub fn verdict(context: &[SchoolRecord], record: &SchoolRecord, rulebook: &Rulebook) -> Verdict {
    let code = &record.code;
    let mut rows: Vec<SchoolRecord> = context
        .iter()
        .filter(|r| &r.code != code)
        .filter(|r| {
            record.parent_code.as_ref() == Some(&r.code) || r.parent_code.as_ref() == Some(code)
        })
        .cloned()
        .collect();
    // The 上级学校's other teaching points share its unit too.
    if let Some(parent) = &record.parent_code {
        rows.extend(
            context
                .iter()
                .filter(|r| r.parent_code.as_ref() == Some(parent) && &r.code != code)
                .cloned(),
        );
    }
    rows.push(record.clone());
    let e = match evaluate(&rows, rulebook) {
        Ok(e) => e,
        Err(EvaluateError::NoUnits) => return Verdict::NotEvaluated,
        Err(_) => return Verdict::Unknown,
    };
    let mut evaluated = false;
    for s in &e.sections {
        for (unit, v) in s.units.iter().zip(&s.verdicts) {
            if unit.school_code() == code || unit.merged.iter().any(|r| &r.code == code) {
                evaluated = true;
                if v.passes == Some(false) {
                    return Verdict::Fails;
                }
            }
        }
    }
    if evaluated {
        Verdict::Passes
    } else {
        Verdict::NotEvaluated
    }
}

/// The stored row a submission is measured against, from the year's imports and the school's
/// history (read once for many submissions): for a pending one the school's row in the year's
/// latest version; for an approved one the row in the version before the one it made; for a
/// returned one the row in the version current when it was decided. `None` when the school had
/// no row in that version.
pub fn previous(
    imports: &[ImportInfo],
    history: &[SchoolVersion],
    submission: &Submission,
) -> Option<SchoolRecord> {
    let imports = imports.iter().filter(|i| i.year == submission.year);
    let version = match (
        submission.status.as_str(),
        submission.import_id,
        &submission.decided_at,
    ) {
        ("pending", _, _) => imports.map(|i| i.version).max(),
        (_, Some(made), _) => imports
            .clone()
            .find(|i| i.id == made)
            .and_then(|i| i.version.checked_sub(1)),
        (_, None, Some(at)) => imports
            .filter(|i| &i.imported_at <= at)
            .map(|i| i.version)
            .max(),
        _ => None,
    }?;
    history
        .iter()
        .find(|h| {
            h.year == submission.year
                && h.version == version
                && h.record.code == submission.school_code
        })
        .map(|h| h.record.clone())
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::school::SchoolKind;

    use super::*;

    #[test]
    fn changes_name_the_template_fields_and_the_verdict_follows_the_row() {
        let records = generate(&DemoSpec {
            schools: 60,
            seed: 3,
            year: 2024,
        });
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let school = records
            .iter()
            .find(|r| {
                r.kind == SchoolKind::Primary && verdict(&records, r, &rulebook) == Verdict::Passes
            })
            .expect("a passing primary school");
        let mut worse = school.clone();
        worse.primary.backbone_teachers = 0;
        worse.facilities.multimedia_rooms = 1;
        let e = effect(&records, Some(school), &worse, &rulebook);
        let fields: Vec<&str> = e.changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["小学骨干教师数", "网络多媒体教室数"]);
        assert_eq!(e.changes[1].after, "1");
        assert_eq!(
            (e.verdict_before, e.verdict_after),
            (Some(Verdict::Passes), Verdict::Fails)
        );
        let same = effect(&records, Some(school), school, &rulebook);
        assert!(same.changes.is_empty());
        let new = effect(&records, None, school, &rulebook);
        assert_eq!((new.verdict_before, new.changes.len()), (None, 0));
    }

    #[test]
    fn a_teaching_point_is_judged_with_its_host() {
        let records = generate(&DemoSpec {
            schools: 60,
            seed: 3,
            year: 2024,
        });
        // The 2012 rulebook merges teaching points into their 中心校.
        let rulebook = Rulebook::builtin("cn-2012").unwrap();
        let point = records
            .iter()
            .find(|r| r.kind == SchoolKind::TeachingPoint)
            .expect("a teaching point");
        assert_ne!(verdict(&records, point, &rulebook), Verdict::Unknown);
        assert_eq!(verdict(&[], point, &rulebook), Verdict::Unknown);
        let special = records
            .iter()
            .find(|r| r.kind == SchoolKind::Special)
            .expect("a special school");
        assert_eq!(verdict(&records, special, &rulebook), Verdict::NotEvaluated);
    }

    #[test]
    fn a_submission_is_measured_against_the_version_it_met() {
        let rows = generate(&DemoSpec {
            schools: 3,
            seed: 3,
            year: 2024,
        });
        let (first, mut second) = (rows[0].clone(), rows[0].clone());
        second.facilities.books += 10;
        let import = |id, version, at: &str| ImportInfo {
            id,
            year: 2024,
            version,
            file_name: String::new(),
            sha256: String::new(),
            note: String::new(),
            rows: 3,
            imported_at: at.into(),
            imported_by: "admin".into(),
            kind: Default::default(),
            based_on: None,
        };
        let imports = [
            import(10, 1, "2024-09-01T00:00:00.000Z"),
            import(11, 2, "2024-10-01T00:00:00.000Z"),
        ];
        let version = |import_id, version, record: &SchoolRecord| SchoolVersion {
            year: 2024,
            version,
            import_id,
            imported_at: String::new(),
            imported_by: String::new(),
            record: record.clone(),
        };
        let history = [version(11, 2, &second), version(10, 1, &first)];
        let submission = |status: &str, import_id, decided_at: Option<&str>| Submission {
            id: 1,
            year: 2024,
            school_code: first.code.clone(),
            record: second.clone(),
            submitted_by: "school".into(),
            submitted_at: "2024-09-10T00:00:00.000Z".into(),
            status: status.into(),
            decided_by: None,
            decided_at: decided_at.map(str::to_owned),
            note: String::new(),
            import_id,
        };
        let at = |s: &Submission| previous(&imports, &history, s);
        assert_eq!(at(&submission("pending", None, None)), Some(second.clone()));
        assert_eq!(
            at(&submission(
                "approved",
                Some(11),
                Some("2024-10-01T00:00:00.000Z")
            )),
            Some(first.clone())
        );
        assert_eq!(
            at(&submission(
                "rejected",
                None,
                Some("2024-09-15T00:00:00.000Z")
            )),
            Some(first.clone())
        );
        assert_eq!(
            at(&submission(
                "rejected",
                None,
                Some("2024-10-02T00:00:00.000Z")
            )),
            Some(second.clone())
        );
        assert_eq!(
            previous(&imports, &[], &submission("pending", None, None)),
            None
        );
    }
}
