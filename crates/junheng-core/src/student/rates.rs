//! The rates the 督导评估 and the cities compute from students, each with its definition, its
//! inputs and its threshold (`domain/standard.md` §4 C1, C2 and B15).
//!
//! * **初中三年巩固率** (督导 item C1, ≥ 95 %): 当年初三毕业生数 ÷ (三年前初一招生数 + 三年内转入 −
//!   三年内转出) × 100 %, capped at 100 % — the county archives template. The variant that also
//!   deducts 死亡 from the denominator is [`ConsolidationVariant::DeathsDeducted`] (a setting).
//! * **九年巩固率** (what cities publish, e.g. 重庆 95.79 %): 当年初三毕业生数 ÷ 九年前小学一年级
//!   招生数 (the same cohort), capped at 100 %; the transfer-adjusted form uses the cohort's
//!   transfers as above.
//! * **残疾儿童少年入学率** (C2, ≥ 95 %): 在校（含随班就读、特殊教育学校、送教上门）适龄三类残疾
//!   儿童少年 ÷ 适龄三类残疾儿童少年数 (the 残联 count, an input).
//! * **随迁子女在公办学校或政府购买学位就读比例** (B15, ≥ 85 %): (公办学校就读 + 政府购买民办学位就读)
//!   ÷ 符合条件的随迁子女数.
//! * **入学率**: 在校适龄儿童 ÷ 适龄人口 (an input).
//! * **流失率** of a grade: 学年内辍学人数 ÷ 学年初在校人数.
//!
//! A rate whose denominator is 0 has no value (无数据), never 0 % or 100 %.

use serde::{Deserialize, Serialize};

/// The 督导评估's floor of 初中三年巩固率 and of 残疾儿童少年入学率.
pub const CONSOLIDATION_FLOOR: f64 = 0.95;
/// The 督导评估's floor of 随迁子女 in public schools or purchased places.
pub const MIGRANT_FLOOR: f64 = 0.85;

/// Which 巩固率 denominator a district uses (a setting; the template's is the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsolidationVariant {
    /// 招生 + 转入 − 转出.
    #[default]
    Standard,
    /// 招生 + 转入 − 转出 − 死亡.
    DeathsDeducted,
}

/// A rate of students, with what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentRate {
    /// Chinese name.
    pub name: &'static str,
    /// How it is computed, in Chinese.
    pub definition: &'static str,
    /// The numerator.
    pub numerator: u64,
    /// The denominator as computed (it may be adjusted by transfers).
    pub denominator: u64,
    /// `numerator / denominator`, capped at 1 where the definition caps it; `None` when the
    /// denominator is 0.
    pub value: Option<f64>,
    /// Whether the cap applied (more graduates than the adjusted cohort: a sign of unrecorded
    /// transfers in).
    pub capped: bool,
    /// The floor the 督导评估 sets, if any.
    pub floor: Option<f64>,
}

impl StudentRate {
    fn new(
        name: &'static str,
        definition: &'static str,
        numerator: u64,
        denominator: u64,
        cap: bool,
        floor: Option<f64>,
    ) -> StudentRate {
        let raw = (denominator > 0).then(|| numerator as f64 / denominator as f64);
        let capped = cap && raw.is_some_and(|v| v > 1.0);
        StudentRate {
            name,
            definition,
            numerator,
            denominator,
            value: raw.map(|v| if cap { v.min(1.0) } else { v }),
            capped,
            floor,
        }
    }

    /// Whether the rate reaches its floor; `None` without a floor or a value.
    pub fn meets_floor(&self) -> Option<bool> {
        Some(self.value? >= self.floor?)
    }
}

/// Why a rate cannot be computed from its inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    /// Transfers out (and deaths) exceed the cohort and transfers in.
    #[error(
        "{name}的分母为负：招生 {intake} + 转入 {transfers_in} − 转出 {transfers_out} − 死亡 {deaths} < 0，请核对转出和死亡人数"
    )]
    NegativeCohort {
        /// The rate.
        name: &'static str,
        /// 招生数.
        intake: u64,
        /// 转入.
        transfers_in: u64,
        /// 转出.
        transfers_out: u64,
        /// 死亡 (0 unless deducted).
        deaths: u64,
    },
}

/// A cohort followed from its intake to its graduation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cohort {
    /// 招生数: 初一 (three years before) or 小学一年级 (nine years before).
    pub intake: u64,
    /// Transfers into the cohort since.
    pub transfers_in: u64,
    /// Transfers out of the cohort since.
    pub transfers_out: u64,
    /// Deaths in the cohort since.
    pub deaths: u64,
    /// 当年初三毕业生数.
    pub graduates: u64,
}

const CONSOLIDATION_3: &str = "初中三年巩固率 = 当年初三毕业生数 ÷（三年前初一招生数 + 三年内转入 − 三年内转出）× 100%，超过 100% 按 100% 计。";
const CONSOLIDATION_3_DEATHS: &str = "初中三年巩固率 = 当年初三毕业生数 ÷（三年前初一招生数 + 三年内转入 − 三年内转出 − 三年内死亡）× 100%，超过 100% 按 100% 计。";
const CONSOLIDATION_9: &str = "九年义务教育巩固率 = 当年初三毕业生数 ÷（九年前小学一年级招生数 + 九年内转入 − 九年内转出）× 100%，超过 100% 按 100% 计。";
const CONSOLIDATION_9_DEATHS: &str = "九年义务教育巩固率 = 当年初三毕业生数 ÷（九年前小学一年级招生数 + 九年内转入 − 九年内转出 − 九年内死亡）× 100%，超过 100% 按 100% 计。";

fn consolidation(
    cohort: &Cohort,
    variant: ConsolidationVariant,
    name: &'static str,
    definitions: [&'static str; 2],
    floor: Option<f64>,
) -> Result<StudentRate, RateError> {
    let deaths = match variant {
        ConsolidationVariant::Standard => 0,
        ConsolidationVariant::DeathsDeducted => cohort.deaths,
    };
    let denominator = (cohort.intake + cohort.transfers_in)
        .checked_sub(cohort.transfers_out + deaths)
        .ok_or(RateError::NegativeCohort {
            name,
            intake: cohort.intake,
            transfers_in: cohort.transfers_in,
            transfers_out: cohort.transfers_out,
            deaths,
        })?;
    let definition = match variant {
        ConsolidationVariant::Standard => definitions[0],
        ConsolidationVariant::DeathsDeducted => definitions[1],
    };
    Ok(StudentRate::new(
        name,
        definition,
        cohort.graduates,
        denominator,
        true,
        floor,
    ))
}

/// 初中三年巩固率 of the cohort that entered 初一 three years ago (督导 item, floor 95 %).
///
/// ```
/// use junheng_core::student::{Cohort, ConsolidationVariant, junior_consolidation};
/// let c = Cohort { intake: 1000, transfers_in: 40, transfers_out: 60, deaths: 2, graduates: 951 };
/// let r = junior_consolidation(&c, ConsolidationVariant::Standard).unwrap();
/// assert_eq!((r.numerator, r.denominator), (951, 980));
/// assert!((r.value.unwrap() - 951.0 / 980.0).abs() < 1e-12);
/// assert_eq!(r.meets_floor(), Some(true));
/// let d = junior_consolidation(&c, ConsolidationVariant::DeathsDeducted).unwrap();
/// assert_eq!(d.denominator, 978);
/// ```
pub fn junior_consolidation(
    cohort: &Cohort,
    variant: ConsolidationVariant,
) -> Result<StudentRate, RateError> {
    consolidation(
        cohort,
        variant,
        "初中三年巩固率",
        [CONSOLIDATION_3, CONSOLIDATION_3_DEATHS],
        Some(CONSOLIDATION_FLOOR),
    )
}

/// 九年义务教育巩固率 of the cohort that entered 小学一年级 nine years ago (published by cities;
/// no 督导 floor of its own).
pub fn nine_year_consolidation(
    cohort: &Cohort,
    variant: ConsolidationVariant,
) -> Result<StudentRate, RateError> {
    consolidation(
        cohort,
        variant,
        "九年义务教育巩固率",
        [CONSOLIDATION_9, CONSOLIDATION_9_DEATHS],
        None,
    )
}

/// 残疾儿童少年入学率: enrolled 适龄三类残疾儿童少年 (in ordinary classes, special schools or
/// taught at home) ÷ the 残联's count of them (督导 item, floor 95 %). Not capped: more enrolled
/// than counted means the count is out of date, and the page says so.
pub fn disabled_enrolment(enrolled: u64, counted: u64) -> StudentRate {
    StudentRate::new(
        "残疾儿童少年入学率",
        "残疾儿童少年入学率 = 在校（含随班就读、特殊教育学校、送教上门）适龄三类残疾儿童少年数 ÷ 适龄三类残疾儿童少年数（残联提供）× 100%。",
        enrolled,
        counted,
        false,
        Some(CONSOLIDATION_FLOOR),
    )
}

/// 随迁子女在公办学校或政府购买学位就读比例 (督导 item, floor 85 %).
pub fn migrant_public_share(public: u64, purchased: u64, eligible: u64) -> StudentRate {
    StudentRate::new(
        "随迁子女在公办学校或政府购买学位就读比例",
        "随迁子女公办就读比例 =（在公办学校就读 + 在政府购买学位的民办学校就读的随迁子女数）÷ 符合条件的随迁子女数 × 100%。",
        public + purchased,
        eligible,
        false,
        Some(MIGRANT_FLOOR),
    )
}

/// 入学率: school-age children enrolled ÷ the school-age population (an input).
pub fn enrolment_rate(enrolled: u64, population: u64) -> StudentRate {
    StudentRate::new(
        "入学率",
        "入学率 = 在校适龄儿童少年数 ÷ 适龄人口数 × 100%。",
        enrolled,
        population,
        false,
        None,
    )
}

/// 流失率 of a grade in a school year: dropouts ÷ students at the start of the year.
pub fn attrition(dropouts: u64, at_start: u64) -> StudentRate {
    StudentRate::new(
        "流失率",
        "流失率 = 学年内辍学人数 ÷ 学年初在校人数 × 100%。",
        dropouts,
        at_start,
        false,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_cohort_that_lost_more_than_it_had_is_refused_not_guessed() {
        let c = Cohort {
            intake: 10,
            transfers_in: 0,
            transfers_out: 11,
            deaths: 0,
            graduates: 0,
        };
        let e = junior_consolidation(&c, ConsolidationVariant::Standard).unwrap_err();
        assert!(e.to_string().contains("转出 11"));
    }

    #[test]
    fn no_denominator_no_value() {
        let r = junior_consolidation(&Cohort::default(), ConsolidationVariant::Standard).unwrap();
        assert_eq!((r.value, r.meets_floor()), (None, None));
        assert_eq!(migrant_public_share(0, 0, 0).value, None);
        assert_eq!(migrant_public_share(80, 6, 100).meets_floor(), Some(true));
        assert_eq!(disabled_enrolment(94, 100).meets_floor(), Some(false));
        // Counted 100, enrolled 103: shown as it is, not capped.
        assert!(disabled_enrolment(103, 100).value.unwrap() > 1.0);
    }

    proptest! {
        #[test]
        fn consolidation_is_a_capped_share(
            intake in 0u64..5000, tin in 0u64..500, tout in 0u64..500, deaths in 0u64..5,
            graduates in 0u64..6000,
        ) {
            let c = Cohort { intake, transfers_in: tin, transfers_out: tout, deaths, graduates };
            for v in [ConsolidationVariant::Standard, ConsolidationVariant::DeathsDeducted] {
                match junior_consolidation(&c, v) {
                    Ok(r) => {
                        if let Some(x) = r.value {
                            prop_assert!((0.0..=1.0).contains(&x));
                            prop_assert_eq!(r.capped, graduates > r.denominator);
                        } else {
                            prop_assert_eq!(r.denominator, 0);
                        }
                    }
                    Err(_) => {
                        let deducted = match v {
                            ConsolidationVariant::Standard => 0,
                            ConsolidationVariant::DeathsDeducted => deaths,
                        };
                        prop_assert!(intake + tin < tout + deducted);
                    }
                }
            }
        }
    }
}
