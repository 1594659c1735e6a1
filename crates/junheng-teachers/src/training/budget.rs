//! Training budgets: per school and year, the 公用经费 budget and the part of it for teacher
//! training, and the 教育质量 item 4 (every school budgets ≥ 5 % for teacher training).

use junheng_core::school::SchoolCode;
use serde::{Deserialize, Serialize};

use super::{TrainingRules, Verdict};

/// Most 元 one budget cell may hold (10¹²).
pub const MAX_BUDGET_YUAN: i64 = 1_000_000_000_000;

/// One school's budget of one year, in whole 元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 年度 (calendar budget year).
    pub year: i32,
    /// 公用经费预算（元）, > 0.
    pub public_funds: i64,
    /// 其中教师培训经费（元）, 0 to `public_funds`.
    pub training: i64,
}

impl Budget {
    /// What is wrong with the amounts, if anything (in Chinese).
    pub fn problem(&self) -> Option<String> {
        if !(1..=MAX_BUDGET_YUAN).contains(&self.public_funds) {
            return Some(format!("公用经费预算应为 1 到 {MAX_BUDGET_YUAN} 元的整数"));
        }
        if !(0..=self.public_funds).contains(&self.training) {
            return Some("教师培训经费应为 0 到公用经费预算之间的整数（元）".into());
        }
        None
    }

    /// The training part as a share of the budget (0–1).
    pub fn share(&self) -> f64 {
        if self.public_funds > 0 {
            self.training as f64 / self.public_funds as f64
        } else {
            0.0
        }
    }

    /// Whether the training part reaches `percent` % of the budget (exactly at it passes).
    pub fn meets(&self, percent: f64) -> bool {
        // In 元 × 100, exact for whole amounts below 2⁵³ / 100.
        self.training as f64 * 100.0 >= self.public_funds as f64 * percent
    }
}

/// One school's line of item 4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetLine {
    /// 学校标识码.
    pub school: SchoolCode,
    /// The school's budget of the year, if entered.
    pub budget: Option<Budget>,
    /// Share, when entered.
    pub share: Option<f64>,
    /// Whether it reaches the threshold (a school without a budget does not).
    pub meets: bool,
}

/// 教育质量 item 4 for a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item4 {
    /// 年度.
    pub year: i32,
    /// The threshold, percent ([`TrainingRules::budget_percent`]).
    pub percent: f64,
    /// Every school expected, by code.
    pub lines: Vec<BudgetLine>,
    /// 达标 when every school reaches it; 未接入 when no budget of the year was entered.
    pub verdict: Verdict,
}

impl Item4 {
    /// The schools below the threshold (or without a budget).
    pub fn failing(&self) -> impl Iterator<Item = &BudgetLine> {
        self.lines.iter().filter(|l| !l.meets)
    }
}

/// Item 4 of `year` for the `schools` expected (the schools of the roster or statistics; a
/// budget of another school is listed too).
pub fn budget_item(
    rules: &TrainingRules,
    year: i32,
    schools: &[SchoolCode],
    budgets: &[Budget],
) -> Item4 {
    let of_year: Vec<&Budget> = budgets.iter().filter(|b| b.year == year).collect();
    let mut codes: Vec<&SchoolCode> = schools
        .iter()
        .chain(of_year.iter().map(|b| &b.school))
        .collect();
    codes.sort();
    codes.dedup();
    let lines: Vec<BudgetLine> = codes
        .into_iter()
        .map(|s| {
            let budget = of_year
                .iter()
                .find(|b| &b.school == s)
                .map(|b| (*b).clone());
            BudgetLine {
                school: s.clone(),
                share: budget.as_ref().map(Budget::share),
                meets: budget
                    .as_ref()
                    .is_some_and(|b| b.meets(rules.budget_percent)),
                budget,
            }
        })
        .collect();
    let verdict = if of_year.is_empty() {
        Verdict::NotConnected
    } else if lines.iter().all(|l| l.meets) {
        Verdict::Met
    } else {
        Verdict::NotMet
    };
    Item4 {
        year,
        percent: rules.budget_percent,
        lines,
        verdict,
    }
}
