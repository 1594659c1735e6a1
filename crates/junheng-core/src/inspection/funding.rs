//! 政府保障程度 6 and 7: 公用经费 of small rural schools and of special-education schools
//! (standard.md §3). Amounts are compared in 分 so that an edge such as 6 000 元 exactly is met.

use super::{Computed, Figure, Outcome, Shortfall};

/// A school's 公用经费 for the year, as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolFunds {
    /// The school's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// 在校生.
    pub students: u32,
    /// 公用经费 for the year in 元, if entered.
    pub funds: Option<f64>,
}

fn fen(yuan: f64) -> i64 {
    (yuan * 100.0).round() as i64
}

/// 政府保障程度 6: every 村小学 and 教学点 (the caller passes only those) with fewer than
/// `min_students` pupils is funded as if it had `min_students`: funds ≥ `per_student ×
/// min_students`. `per_student` is the province's 生均公用经费基准定额; without it the item is not
/// connected unless no school is that small.
///
/// ```
/// use junheng_core::inspection::{funding::{small_schools, SchoolFunds}, Outcome};
/// let school = |students, funds| SchoolFunds { code: "1".into(), name: "村小".into(), students, funds: Some(funds) };
/// // 99 pupils at 650 元 are funded as 100: 65 000 元 needed.
/// assert_eq!(small_schools(&[school(99, 65_000.0)], Some(650.0), 100).outcome, Outcome::Met);
/// assert_eq!(small_schools(&[school(99, 64_350.0)], Some(650.0), 100).outcome, Outcome::NotMet);
/// ```
pub fn small_schools(
    schools: &[SchoolFunds],
    per_student: Option<f64>,
    min_students: u32,
) -> Computed {
    let small: Vec<&SchoolFunds> = schools
        .iter()
        .filter(|s| s.students < min_students)
        .collect();
    if small.is_empty() {
        return Computed {
            outcome: Outcome::Met,
            value: None,
            figures: vec![Figure {
                label: format!("不足 {min_students} 人的村小、教学点"),
                value: "0 所".to_owned(),
            }],
            failing: Vec::new(),
            provenance: Vec::new(),
            note: format!("没有在校生不足 {min_students} 人的村小学和教学点"),
        };
    }
    let Some(per_student) = per_student else {
        return Computed::not_connected(format!(
            "有 {} 所不足 {min_students} 人的村小学和教学点，但规则未设置生均公用经费基准定额（省定）",
            small.len()
        ));
    };
    let required = fen(per_student) * i64::from(min_students);
    judge(
        &small,
        |s| {
            let funds = s.funds.map(fen)?;
            Some((
                funds >= required,
                format!(
                    "在校生 {} 人，应按 {min_students} 人核定 {:.2} 元，实际 {:.2} 元",
                    s.students,
                    required as f64 / 100.0,
                    funds as f64 / 100.0
                ),
            ))
        },
        "村小学、教学点",
    )
}

/// 政府保障程度 7: every 特殊教育学校 has 生均公用经费 ≥ `per_student` (6 000 元): funds ≥
/// `per_student × students`. No special-education school: met, and said so.
///
/// ```
/// use junheng_core::inspection::{funding::{special_schools, SchoolFunds}, Outcome};
/// let school = |funds| SchoolFunds { code: "9".into(), name: "特校".into(), students: 100, funds: Some(funds) };
/// assert_eq!(special_schools(&[school(600_000.0)], 6000.0).outcome, Outcome::Met);
/// assert_eq!(special_schools(&[school(599_999.0)], 6000.0).outcome, Outcome::NotMet);
/// ```
pub fn special_schools(schools: &[SchoolFunds], per_student: f64) -> Computed {
    let taught: Vec<&SchoolFunds> = schools.iter().filter(|s| s.students > 0).collect();
    if taught.is_empty() {
        return Computed {
            outcome: Outcome::Met,
            value: None,
            figures: Vec::new(),
            failing: Vec::new(),
            provenance: Vec::new(),
            note: "县域内没有在校生的特殊教育学校".to_owned(),
        };
    }
    let per = fen(per_student);
    judge(
        &taught,
        |s| {
            let funds = s.funds.map(fen)?;
            Some((
                funds >= per * i64::from(s.students),
                format!(
                    "生均 {:.2} 元（{} 人，{:.2} 元），标准 {:.2} 元",
                    funds as f64 / 100.0 / f64::from(s.students),
                    s.students,
                    funds as f64 / 100.0,
                    per as f64 / 100.0
                ),
            ))
        },
        "特殊教育学校",
    )
}

/// Judges each school with `test` (`None`: its funds are not entered).
fn judge(
    schools: &[&SchoolFunds],
    test: impl Fn(&SchoolFunds) -> Option<(bool, String)>,
    kind: &str,
) -> Computed {
    let mut figures = Vec::new();
    let mut failing = Vec::new();
    let mut missing = Vec::new();
    for s in schools {
        match test(s) {
            Some((met, text)) => {
                if !met {
                    failing.push(Shortfall {
                        unit: s.code.clone(),
                        name: s.name.clone(),
                        remedy: format!("{text}，应补足公用经费"),
                    });
                }
                figures.push(Figure {
                    label: s.name.clone(),
                    value: text,
                });
            }
            None => missing.push(s.name.clone()),
        }
    }
    let assessed = schools.len() - missing.len();
    let (outcome, note) = if !failing.is_empty() {
        (
            Outcome::NotMet,
            format!("{} 所{kind}中 {} 所公用经费不足", assessed, failing.len()),
        )
    } else if !missing.is_empty() {
        (
            Outcome::NotConnected,
            format!(
                "{} 所{kind}未录入公用经费：{}",
                missing.len(),
                missing.join("、")
            ),
        )
    } else {
        (Outcome::Met, format!("{assessed} 所{kind}公用经费均达标"))
    };
    Computed {
        outcome,
        value: Some((assessed - failing.len()) as f64 / schools.len() as f64),
        figures,
        failing,
        provenance: Vec::new(),
        note,
    }
}
