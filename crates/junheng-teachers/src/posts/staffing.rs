//! 编制: each school's 核定编制, 在编教职工 and 编外教师 of a year against the 教职工:学生 ratios
//! of the 2014 unified urban–rural standard (中央编办 教育部 财政部〔2014〕72号: 小学 1:19, 初中
//! 1:13.5, 高中 1:12.5), and the "有编不补" warnings (a veto-item risk of the 2017 办法).
//!
//! A 一贯制 school's required staff is the sum over its 学段 of students / ratio. The roster holds
//! only 专任教师, so staff figures are entered per school.

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, SchoolRecord, Section};
use serde::{Deserialize, Serialize};

/// A tolerance for comparing sums of quotients: far below one student's share of a post.
const EPS: f64 = 1e-9;

/// One school's entered 编制 figures for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staffing {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 核定编制 (approved posts).
    pub approved: u32,
    /// 在编教职工 (staff on the establishment).
    pub on_post: u32,
    /// 编外教师 (teachers employed outside it).
    pub outside: u32,
}

/// 教职工:学生 ratios: students per member of staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ratios {
    /// 小学, default 19.
    pub primary: f64,
    /// 初中, default 13.5.
    pub junior: f64,
    /// 高中, default 12.5.
    pub senior: f64,
}

impl Default for Ratios {
    fn default() -> Self {
        Ratios {
            primary: 19.0,
            junior: 13.5,
            senior: 12.5,
        }
    }
}

impl Ratios {
    /// Students per member of staff in `section`.
    pub fn of(&self, section: Section) -> f64 {
        match section {
            Section::Primary => self.primary,
            Section::Junior => self.junior,
            Section::Senior => self.senior,
        }
    }

    /// Staff the ratios require for a school's students (full precision).
    ///
    /// ```
    /// use junheng_teachers::posts::Ratios;
    /// let r = Ratios::default();
    /// assert_eq!(r.required(361, 0, 0), 19.0);
    /// assert_eq!(r.required(0, 27, 0), 2.0);
    /// ```
    pub fn required(&self, primary: u32, junior: u32, senior: u32) -> f64 {
        f64::from(primary) / self.primary
            + f64::from(junior) / self.junior
            + f64::from(senior) / self.senior
    }
}

/// 编制 rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingSettings {
    /// The ratios (defaults 1:19, 1:13.5, 1:12.5; 〔2014〕72号).
    pub ratios: Ratios,
    /// 有编不补: vacant approved posts (核定 − 在编) at least this many … (default 3, a district's
    /// choice: the 办法 names "长期" without a number).
    pub vacancy_threshold: u32,
    /// … for at least this many consecutive years, this one included (default 2).
    pub vacancy_years: u32,
}

impl Default for StaffingSettings {
    fn default() -> Self {
        StaffingSettings {
            ratios: Ratios::default(),
            vacancy_threshold: 3,
            vacancy_years: 2,
        }
    }
}

/// Why a school is warned of 有编不补.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningReason {
    /// Vacant approved posts while 编外 teachers are employed.
    VacantWithOutside,
    /// Vacancies at or above the threshold for the set number of years.
    LongVacant,
}

impl WarningReason {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            WarningReason::VacantWithOutside => "有空编仍聘用编外教师",
            WarningReason::LongVacant => "空编连续多年未补",
        }
    }
}

/// A 有编不补 warning: a 一票否决 risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Why.
    pub reason: WarningReason,
    /// Vacant posts this year.
    pub vacancies: u32,
    /// Consecutive years (this one included) with vacancies ≥ the threshold.
    pub years: u32,
}

/// One school's 编制 picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolStaffing {
    /// The entered figures, 核定编制 after the year's post moves.
    pub input: Staffing,
    /// Staff the ratios require (full precision); `None` without the year's statistics.
    pub required: Option<f64>,
    /// 在编 − 核定 (positive: 超编 against 核定; negative: vacancies).
    pub against_approved: i64,
    /// 超编 against the ratio: 在编 above the required staff rounded up.
    pub over_ratio: bool,
    /// 缺编 against the ratio: 在编 below the required staff (exactly at it is not).
    pub under_ratio: bool,
    /// 编外 / (在编 + 编外); `None` without staff.
    pub outside_share: Option<f64>,
    /// The 有编不补 warnings.
    pub warnings: Vec<Warning>,
}

impl SchoolStaffing {
    /// Vacant approved posts (核定 − 在编, at least 0).
    pub fn vacancies(&self) -> u32 {
        self.input.approved.saturating_sub(self.input.on_post)
    }

    /// 超编 against 核定.
    pub fn over_approved(&self) -> bool {
        self.against_approved > 0
    }

    /// Required staff rounded up (the posts the ratio gives).
    pub fn required_posts(&self) -> Option<u32> {
        self.required.map(|r| (r - EPS).ceil().max(0.0) as u32)
    }
}

/// The year's 编制 picture of every school with entered figures.
///
/// `history` holds earlier years' figures (any order; years at or after `year` are ignored) for
/// the "vacancies for years" rule.
///
/// ```
/// use junheng_teachers::posts::{staffing, StaffingSettings};
/// assert!(staffing(2024, &[], &[], &[], &StaffingSettings::default()).is_empty());
/// ```
pub fn staffing(
    year: i32,
    inputs: &[Staffing],
    statistics: &[SchoolRecord],
    history: &[(i32, Vec<Staffing>)],
    settings: &StaffingSettings,
) -> Vec<SchoolStaffing> {
    let stats: BTreeMap<&SchoolCode, &SchoolRecord> =
        statistics.iter().map(|r| (&r.code, r)).collect();
    let mut past: BTreeMap<&SchoolCode, BTreeMap<i32, u32>> = BTreeMap::new();
    for (y, rows) in history.iter().filter(|(y, _)| *y < year) {
        for s in rows {
            past.entry(&s.school)
                .or_default()
                .insert(*y, s.approved.saturating_sub(s.on_post));
        }
    }
    let mut out: Vec<SchoolStaffing> = inputs
        .iter()
        .map(|s| {
            let required = stats.get(&s.school).map(|r| {
                settings.ratios.required(
                    r.students(Section::Primary),
                    r.students(Section::Junior),
                    r.students(Section::Senior),
                )
            });
            let on = f64::from(s.on_post);
            let staff = s.on_post + s.outside;
            let vacancies = s.approved.saturating_sub(s.on_post);
            let mut warnings = Vec::new();
            if vacancies > 0 && s.outside > 0 {
                warnings.push(Warning {
                    reason: WarningReason::VacantWithOutside,
                    vacancies,
                    years: 1,
                });
            }
            if vacancies >= settings.vacancy_threshold && settings.vacancy_threshold > 0 {
                let mut years = 1;
                let earlier = past.get(&s.school);
                while earlier
                    .and_then(|m| m.get(&(year - years as i32)))
                    .is_some_and(|v| *v >= settings.vacancy_threshold)
                {
                    years += 1;
                }
                if years >= settings.vacancy_years {
                    warnings.push(Warning {
                        reason: WarningReason::LongVacant,
                        vacancies,
                        years,
                    });
                }
            }
            let mut row = SchoolStaffing {
                input: s.clone(),
                required,
                against_approved: i64::from(s.on_post) - i64::from(s.approved),
                over_ratio: false,
                under_ratio: required.is_some_and(|r| on < r - EPS),
                outside_share: (staff > 0).then(|| f64::from(s.outside) / f64::from(staff)),
                warnings,
            };
            row.over_ratio = row.required_posts().is_some_and(|p| s.on_post > p);
            row
        })
        .collect();
    out.sort_by(|a, b| a.input.school.cmp(&b.input.school));
    out
}
