//! How a year's collection (数据收集) stands: per school of the district, whether it has
//! submitted its row for the year, whether that waits for review, was approved or was returned
//! (with the reason), and the same as a table to download.

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_io::export::{Cell, Table};
use junheng_store::Submission;

use junheng_core::date::beijing_text as beijing;

/// Where a school stands in a year's collection: its latest submission's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Returned to the school (its reason shown): it is to correct and submit again.
    Returned,
    /// Not submitted yet.
    NotSubmitted,
    /// Waiting for the bureau's review.
    Pending,
    /// Approved: the school's row is in a version of the year.
    Approved,
}

impl Stage {
    /// 已退回 / 未提交 / 待审核 / 已通过.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Returned => "已退回",
            Stage::NotSubmitted => "未提交",
            Stage::Pending => "待审核",
            Stage::Approved => "已通过",
        }
    }

    /// The stage of a submission's status.
    pub fn of(status: &str) -> Stage {
        match status {
            "pending" => Stage::Pending,
            "approved" => Stage::Approved,
            _ => Stage::Returned,
        }
    }
}

/// One school in a year's collection.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRow {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称 (as stored, or as submitted for a school new to the year).
    pub name: String,
    /// Its latest submission's state.
    pub stage: Stage,
    /// Submissions of the school for the year.
    pub submissions: usize,
    /// The latest submission's number.
    pub latest: Option<i64>,
    /// When it was submitted, Beijing time.
    pub submitted_at: String,
    /// When it was decided, Beijing time.
    pub decided_at: String,
    /// Why it was returned (the reviewer's note of a returned submission).
    pub reason: String,
}

/// A year's collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// 学年.
    pub year: i32,
    /// The schools, by code.
    pub rows: Vec<ProgressRow>,
}

impl Progress {
    /// Schools at `stage`.
    pub fn count(&self, stage: Stage) -> usize {
        self.rows.iter().filter(|r| r.stage == stage).count()
    }

    /// Schools that have submitted at least once.
    pub fn submitted(&self) -> usize {
        self.rows.iter().filter(|r| r.submissions > 0).count()
    }
}

/// The collection of `year`: every school of `schools` (the year's stored rows) and every school
/// that submitted for the year without a stored row, each with its latest submission of
/// `submissions` for that year.
pub fn progress(year: i32, schools: &[SchoolRecord], submissions: &[Submission]) -> Progress {
    let mut rows: Vec<ProgressRow> = schools
        .iter()
        .filter(|r| r.year == year)
        .map(|r| ProgressRow {
            code: r.code.clone(),
            name: r.name.clone(),
            stage: Stage::NotSubmitted,
            submissions: 0,
            latest: None,
            submitted_at: String::new(),
            decided_at: String::new(),
            reason: String::new(),
        })
        .collect();
    for s in submissions.iter().filter(|s| s.year == year) {
        let at = match rows.iter().position(|r| r.code == s.school_code) {
            Some(at) => at,
            None => {
                rows.push(ProgressRow {
                    code: s.school_code.clone(),
                    name: s.record.name.clone(),
                    stage: Stage::NotSubmitted,
                    submissions: 0,
                    latest: None,
                    submitted_at: String::new(),
                    decided_at: String::new(),
                    reason: String::new(),
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[at];
        row.submissions += 1;
        if row.latest.is_some_and(|id| id > s.id) {
            continue;
        }
        row.latest = Some(s.id);
        row.stage = Stage::of(&s.status);
        row.submitted_at = beijing(&s.submitted_at);
        row.decided_at = s.decided_at.as_deref().map(beijing).unwrap_or_default();
        row.reason = if row.stage == Stage::Returned {
            s.note.clone()
        } else {
            String::new()
        };
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    Progress { year, rows }
}

/// The collection as a table to download (XLSX or CSV).
pub fn progress_table(progress: &Progress) -> Table {
    let headers = [
        "学校标识码",
        "学校名称",
        "状态",
        "提交次数",
        "最近提交编号",
        "最近提交时间",
        "审核时间",
        "退回原因",
    ];
    Table {
        sheet: "收集进度",
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows: progress
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.code.as_str()),
                    Cell::text(&r.name),
                    Cell::text(r.stage.label()),
                    Cell::Number(r.submissions as f64),
                    Cell::number(r.latest.map(|id| id as f64)),
                    Cell::text(&r.submitted_at),
                    Cell::text(&r.decided_at),
                    Cell::text(&r.reason),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};

    use super::*;

    fn submission(id: i64, record: &SchoolRecord, status: &str, note: &str) -> Submission {
        Submission {
            id,
            year: record.year,
            school_code: record.code.clone(),
            record: record.clone(),
            submitted_by: "xiao".into(),
            submitted_at: "2024-09-30T16:05:00.000Z".into(),
            status: status.into(),
            decided_by: (status != "pending").then(|| "admin".into()),
            decided_at: (status != "pending").then(|| "2024-10-01T01:00:00.000Z".into()),
            note: note.into(),
            import_id: None,
        }
    }

    #[test]
    fn each_school_stands_where_its_latest_submission_is() {
        let schools = generate(&DemoSpec {
            schools: 10,
            seed: 1,
            year: 2024,
        });
        let mut newcomer = schools[0].clone();
        newcomer.code = SchoolCode::parse("5099999999").unwrap();
        let list = vec![
            submission(4, &schools[1], "pending", ""),
            submission(3, &schools[1], "rejected", "班数有误"),
            submission(2, &schools[2], "rejected", "在校生数与学籍系统不符"),
            submission(1, &schools[3], "approved", "核实无误"),
            submission(5, &newcomer, "pending", ""),
        ];
        let p = progress(2024, &schools, &list);
        assert_eq!(p.rows.len(), 11);
        assert_eq!(
            [
                p.count(Stage::NotSubmitted),
                p.count(Stage::Pending),
                p.count(Stage::Approved),
                p.count(Stage::Returned),
                p.submitted()
            ],
            [7, 2, 1, 1, 4]
        );
        let returned = p.rows.iter().find(|r| r.code == schools[2].code).unwrap();
        assert_eq!(returned.reason, "在校生数与学籍系统不符");
        assert_eq!(returned.submitted_at, "2024-10-01 00:05");
        assert_eq!(returned.decided_at, "2024-10-01 09:00");
        let again = p.rows.iter().find(|r| r.code == schools[1].code).unwrap();
        assert_eq!(
            (again.stage, again.submissions, again.reason.as_str()),
            (Stage::Pending, 2, "")
        );
        assert!(progress(2023, &schools, &list).rows.is_empty());
        let table = progress_table(&p);
        assert_eq!(table.rows.len(), 11);
        assert_eq!(table.rows[0].len(), table.headers.len());
    }
}
