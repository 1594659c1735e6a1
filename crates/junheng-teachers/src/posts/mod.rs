//! 资格证, 编制 and 岗位 (区管校聘), teachers' pay (issue 17 items 2 and 7): the 政府保障 items 8,
//! 10 and 12 and the "有编不补" veto risk.
//!
//! - [`certificate`]: each 专任教师's 教师资格证 → holding rates per school, 学段 and district
//!   (item 12: 100 %) and the teachers without one or with one that does not cover their 学段.
//! - [`staffing`]: each school's 核定编制, 在编教职工 and 编外教师 of a year → the staff the
//!   教职工:学生 ratios require, 超编/缺编, the 编外 share and the 有编不补 warnings.
//! - [`approved`]: the district's approved total (区管校聘) and the moves of posts between
//!   schools, applied to the schools' 核定编制 → item 10.
//! - [`pay`]: average teacher pay against local civil servants' → item 8.
//!
//! Every rule and threshold is a field of [`Settings`] with its default and source.

pub mod approved;
pub mod certificate;
pub mod pay;
pub mod staffing;
#[cfg(test)]
mod tests;

pub use approved::{Approved, ApprovedCheck, PostDate, PostMove, apply_moves, check_approved};
pub use certificate::{
    CertificateKind, CertificateReport, CertificateRow, CertificateSettings, Gap, GapKind, Tally,
    TeacherCertificate, certificates,
};
pub use pay::{PayCheck, PayYear, check_pay};
pub use staffing::{
    Ratios, SchoolStaffing, Staffing, StaffingSettings, Warning, WarningReason, staffing,
};

use serde::{Deserialize, Serialize};

/// Every setting of the slice, with its default.
///
/// ```
/// let s = junheng_teachers::posts::Settings::default();
/// assert_eq!(s.staffing.ratios.primary, 19.0);
/// assert!(s.certificates.higher_covers_lower);
/// assert_eq!(s.min_pay_ratio, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// 资格证 rules.
    pub certificates: CertificateSettings,
    /// 编制 rules.
    pub staffing: StaffingSettings,
    /// Item 8: teachers' average pay / civil servants' average pay must reach this
    /// (default 1.0, 《义务教育法》第三十一条 and the 2017 办法).
    #[serde(default = "one")]
    pub min_pay_ratio: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            certificates: CertificateSettings::default(),
            staffing: StaffingSettings::default(),
            min_pay_ratio: 1.0,
        }
    }
}
