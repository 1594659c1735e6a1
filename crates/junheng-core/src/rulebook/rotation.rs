//! The rotation (交流轮岗) settings of a rulebook: who is eligible, the yearly quotas, and where a
//! rotating teacher counts in the evaluation.

use serde::{Deserialize, Serialize};

use super::percent;

/// What the 骨干 share of the rotation quota is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackboneBase {
    /// 骨干 rotated ≥ share × all rotated teachers (national, 教师〔2014〕4号).
    Rotated,
    /// 骨干 rotated ≥ share × all eligible teachers (安徽).
    Eligible,
}

impl BackboneBase {
    /// Chinese description of the base.
    pub fn label(self) -> &'static str {
        match self {
            BackboneBase::Rotated => "交流轮岗教师总数",
            BackboneBase::Eligible => "符合交流条件教师总数",
        }
    }
}

/// Where a rotating teacher's counts go in the evaluation of a year they rotate in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountAt {
    /// The host (receiving) school counts the teacher for the year (走教 stays at home).
    Host,
    /// The home school keeps counting the teacher.
    Home,
}

/// How the teachers of 特殊教育学校 stand in the rotation quota (issue 17 item 8): the national
/// rule names no exemption, while districts often rotate special-education teachers only among
/// special-education posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialEducation {
    /// Counted like every other teacher: in the eligible base and, when they rotate, in the rotated.
    Include,
    /// Left out of the quota: neither eligible nor counted as rotated; the page says how many.
    Exclude,
}

impl SpecialEducation {
    /// Chinese description, for the rules line.
    pub fn label(self) -> &'static str {
        match self {
            SpecialEducation::Include => "特殊教育学校教师与其他教师一样计入交流基数",
            SpecialEducation::Exclude => "特殊教育学校教师不计入交流基数和交流人数",
        }
    }
}

/// The rotation rules. Defaults are the national ones (standard.md §3 item 11, §12).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RotationRules {
    /// A teacher becomes eligible after this many consecutive years in one school (6).
    pub min_years: u32,
    /// Teachers this close to retirement (years, inclusive) are exempt (5).
    pub exempt_years_to_retirement: u32,
    /// Retirement age of men (60).
    pub retirement_age_male: u32,
    /// Retirement age of women (55).
    pub retirement_age_female: u32,
    /// Only 在编 teachers are eligible (true).
    pub on_staff_only: bool,
    /// Rotated teachers ≥ this share of the eligible (0.10).
    pub quota_share: f64,
    /// 骨干 rotated ≥ this share of the base (0.20).
    pub backbone_share: f64,
    /// The base of the 骨干 share.
    pub backbone_base: BackboneBase,
    /// Where a rotating teacher counts in the evaluation.
    pub count_at: CountAt,
    /// Length in school years of a rotation the planner proposes (3).
    pub term_years: u32,
    /// How the teachers of 特殊教育学校 count in the quota (counted, as the national rule).
    pub special_education: SpecialEducation,
    /// Length in years of one term (任期) of a 校长 or 副校长 (3).
    pub leader_term_years: u32,
    /// A 校长 or 副校长 who has served this many full terms in one school is due to rotate (2:
    /// "在同一所学校连续任职满两届", standard.md §12).
    pub leader_terms: u32,
}

impl Default for RotationRules {
    fn default() -> Self {
        Self {
            min_years: 6,
            exempt_years_to_retirement: 5,
            retirement_age_male: 60,
            retirement_age_female: 55,
            on_staff_only: true,
            quota_share: 0.10,
            backbone_share: 0.20,
            backbone_base: BackboneBase::Rotated,
            count_at: CountAt::Host,
            term_years: 3,
            special_education: SpecialEducation::Include,
            leader_term_years: 3,
            leader_terms: 2,
        }
    }
}

impl RotationRules {
    /// Checks the numbers; returns the offending key and what is expected.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        if self.min_years == 0 || self.min_years > 40 {
            return Err(("rotation.min_years", "应为 1 到 40 之间的整数，例如 6"));
        }
        if self.exempt_years_to_retirement > 20 {
            return Err((
                "rotation.exempt_years_to_retirement",
                "应为 0 到 20 之间的整数，例如 5",
            ));
        }
        for (key, age) in [
            ("rotation.retirement_age_male", self.retirement_age_male),
            ("rotation.retirement_age_female", self.retirement_age_female),
        ] {
            if !(40..=75).contains(&age) {
                return Err((key, "应为 40 到 75 之间的整数"));
            }
        }
        for (key, share) in [
            ("rotation.quota_share", self.quota_share),
            ("rotation.backbone_share", self.backbone_share),
        ] {
            if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
                return Err((key, "应为 0 到 1 之间的比例，例如 0.1"));
            }
        }
        if self.term_years == 0 || self.term_years > 10 {
            return Err(("rotation.term_years", "应为 1 到 10 之间的整数，例如 3"));
        }
        if self.leader_term_years == 0 || self.leader_term_years > 10 {
            return Err((
                "rotation.leader_term_years",
                "应为 1 到 10 之间的整数，例如 3",
            ));
        }
        if self.leader_terms == 0 || self.leader_terms > 5 {
            return Err(("rotation.leader_terms", "应为 1 到 5 之间的整数，例如 2"));
        }
        Ok(())
    }

    /// Years in post at one school after which a 校长 or 副校长 is due to rotate.
    pub fn leader_years(&self) -> u32 {
        self.leader_term_years * self.leader_terms
    }

    /// The rules in one Chinese line, for report headers.
    pub fn describe(&self) -> String {
        format!(
            "在同一学校连续任教满 {} 年的在{}教师符合交流条件，距退休 {} 年以内（男 {} 岁、女 {} 岁退休）者免于交流；每年交流人数不低于符合条件人数的 {}%，其中骨干教师不低于{}的 {}%；交流教师当年计入{}；{}；校长、副校长在同一学校任职满 {} 届（每届 {} 年）应交流",
            self.min_years,
            if self.on_staff_only { "编" } else { "岗" },
            self.exempt_years_to_retirement,
            self.retirement_age_male,
            self.retirement_age_female,
            percent(self.quota_share),
            self.backbone_base.label(),
            percent(self.backbone_share),
            match self.count_at {
                CountAt::Host => "流入学校（走教仍计入原学校）",
                CountAt::Home => "原学校",
            },
            self.special_education.label(),
            self.leader_terms,
            self.leader_term_years,
        )
    }
}
