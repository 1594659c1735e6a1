//! Teachers' pay (政府保障 item 8): the average pay of teachers against local civil servants'
//! of the same year, entered in 元.

use serde::{Deserialize, Serialize};

/// One year's entered averages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayYear {
    /// 年度 (calendar year of the pay).
    pub year: i32,
    /// 教师年平均工资, 元.
    pub teachers: u64,
    /// 当地公务员年平均工资, 元.
    pub civil_servants: u64,
}

/// One year's item 8 verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayCheck {
    /// The entered figures.
    pub pay: PayYear,
    /// teachers / civil servants; `None` when the latter is 0.
    pub ratio: Option<f64>,
    /// ratio ≥ the setting.
    pub met: bool,
    /// 元 the teachers' average falls short (0 when met).
    pub shortfall: u64,
}

/// Item 8 for every year, oldest first.
///
/// ```
/// use junheng_teachers::posts::{check_pay, PayYear};
/// let c = check_pay(&[PayYear { year: 2024, teachers: 100, civil_servants: 100 }], 1.0);
/// assert!(c[0].met);
/// ```
pub fn check_pay(years: &[PayYear], min_ratio: f64) -> Vec<PayCheck> {
    let mut out: Vec<PayCheck> = years
        .iter()
        .map(|p| {
            let ratio = (p.civil_servants > 0).then(|| p.teachers as f64 / p.civil_servants as f64);
            let met = ratio.is_some_and(|r| r >= min_ratio);
            let needed = (p.civil_servants as f64 * min_ratio).ceil() as u64;
            PayCheck {
                pay: p.clone(),
                ratio,
                met,
                shortfall: if met {
                    0
                } else {
                    needed.saturating_sub(p.teachers)
                },
            }
        })
        .collect();
    out.sort_by_key(|c| c.pay.year);
    out
}
