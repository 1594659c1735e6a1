//! 资格证, 编制 and 岗位 (区管校聘), teachers' pay (issue 17, `posts`): each operation written
//! once for the CLI and the server — the year's status (items 8, 10, 12, the 编制 table and the
//! 有编不补 warnings) and the writes (two files imported whole or not at all and withdrawn, the
//! approved totals, post moves recorded and cancelled, pay).

mod write;

use std::collections::HashMap;

use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::teachers::posts::{PostFile, PostFileKind, PostMoveRecord};
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::posts::{
    ApprovedCheck, CertificateReport, PayCheck, SchoolStaffing, Settings, apply_moves,
    certificates, check_approved, check_pay, staffing,
};
use serde::Serialize;

pub use write::{
    cancel_move, import_certificates, import_staffing, read_certificates, read_staffing,
    record_move, set_approved, set_pay, withdraw,
};

/// One school's 编制 row with its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingRow {
    /// 学校名称 (the code when the school is not in the year's statistics).
    pub school_name: String,
    /// The figures and verdicts.
    #[serde(flatten)]
    pub staffing: SchoolStaffing,
}

/// A school year's picture of the slice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostsStatus {
    /// 学年.
    pub year: i32,
    /// The settings used.
    pub settings: Settings,
    /// The year's 教师资格证 file (`None`: 未导入).
    pub certificate_file: Option<PostFile>,
    /// Item 12 and the teachers without a covering certificate (`None` without file or roster).
    pub certificates: Option<CertificateReport>,
    /// The year's 编制 file (`None`: 未导入).
    pub staffing_file: Option<PostFile>,
    /// Each school's 编制, 核定 after the year's moves.
    pub staffing: Vec<StaffingRow>,
    /// Item 10.
    pub approved: ApprovedCheck,
    /// The year's moves of posts, cancelled ones included.
    pub moves: Vec<PostMoveRecord>,
    /// Item 8, every year entered, oldest first.
    pub pay: Vec<PayCheck>,
    /// Schools' names of the year's statistics.
    pub names: HashMap<SchoolCode, String>,
}

impl PostsStatus {
    /// Item 12 met for the district (`None`: not computable).
    pub fn item12(&self) -> Option<bool> {
        self.certificates
            .as_ref()
            .map(|r| r.district.item12_met(&self.settings.certificates))
    }

    /// Item 8 of this year's pay (`None`: not entered).
    pub fn item8(&self) -> Option<&PayCheck> {
        self.pay.iter().find(|p| p.pay.year == self.year)
    }

    /// Schools warned of 有编不补.
    pub fn warned(&self) -> impl Iterator<Item = &StaffingRow> {
        self.staffing
            .iter()
            .filter(|s| !s.staffing.warnings.is_empty())
    }

    /// A school's name, or its code.
    pub fn name(&self, code: &SchoolCode) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// Keeps only what one school may see: its certificate rows and gaps, its 编制 row and the
    /// moves that touch it; district totals (items 8, 10 and the district rate) are dropped.
    pub fn for_school(self, school: &SchoolCode) -> Self {
        self.within(|code| code == school)
    }

    /// Keeps only what a viewer of some schools (a school, a 集团 or 学区 lead) may see: the
    /// certificate rows and gaps, 编制 rows and moves of the schools `sees` keeps (the rate is
    /// recomputed over them); district totals (items 8, 10, the sections) are dropped.
    pub fn within(mut self, sees: impl Fn(&SchoolCode) -> bool) -> Self {
        if let Some(r) = &mut self.certificates {
            r.rows.retain(|row| sees(&row.school));
            r.gaps.retain(|g| sees(&g.school));
            r.sections.clear();
            r.district = r.rows.iter().fold(
                Default::default(),
                |mut acc: junheng_teachers::posts::Tally, row| {
                    acc.teachers += row.tally.teachers;
                    acc.holding += row.tally.holding;
                    acc.covering += row.tally.covering;
                    acc
                },
            );
        }
        self.staffing.retain(|s| sees(&s.staffing.input.school));
        self.moves
            .retain(|m| sees(&m.by_move.from) || sees(&m.by_move.to));
        self.approved = check_approved(None, &[]);
        self.pay.clear();
        self.names.retain(|code, _| sees(code));
        self
    }
}

/// The year's status under `settings`.
pub async fn status(
    store: &DistrictStore,
    year: i32,
    settings: &Settings,
) -> Result<PostsStatus, StoreError> {
    let schools: Vec<SchoolRecord> = store.statistics(year, None).await?;
    let names: HashMap<SchoolCode, String> = schools
        .iter()
        .map(|s| (s.code.clone(), s.name.clone()))
        .collect();
    let roster = store.roster(year).await?;
    let cert = store.certificates(year).await?;
    let (certificate_file, certificates) = match cert {
        Some((file, certs)) => (
            Some(file),
            (!roster.is_empty()).then(|| certificates(&roster, &certs, &settings.certificates)),
        ),
        None => (None, None),
    };
    let moves = store.post_moves(Some(year)).await?;
    let live: Vec<_> = moves.iter().map(|m| m.by_move.clone()).collect();
    let (staffing_file, inputs) = match store.staffing(year).await? {
        Some((file, rows)) => (Some(file), apply_moves(year, &rows, &live)),
        None => (None, Vec::new()),
    };
    let history = store.staffing_history(year).await?;
    let rows = staffing(year, &inputs, &schools, &history, &settings.staffing);
    let approved_total = store
        .approved_totals()
        .await?
        .into_iter()
        .find(|a| a.year == year);
    let approved = check_approved(approved_total.as_ref(), &inputs);
    let pay = check_pay(&store.pay_years().await?, settings.min_pay_ratio);
    let staffing = rows
        .into_iter()
        .map(|s| StaffingRow {
            school_name: names
                .get(&s.input.school)
                .cloned()
                .unwrap_or_else(|| s.input.school.to_string()),
            staffing: s,
        })
        .collect();
    Ok(PostsStatus {
        year,
        settings: settings.clone(),
        certificate_file,
        certificates,
        staffing_file,
        staffing,
        approved,
        moves,
        pay,
        names,
    })
}

/// The kind of a file by its command-line or form name (`certificates`, `staffing`).
pub fn file_kind(text: &str) -> Option<PostFileKind> {
    match text {
        "certificates" => Some(PostFileKind::Certificates),
        "staffing" => Some(PostFileKind::Staffing),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
