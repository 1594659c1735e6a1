//! The 骨干 pipeline (issue 17, item 5): from the stored rosters over years (the 骨干级别 of every
//! teacher in every year) and the imported titles, per school and per 城乡 bucket and year:
//! how many 骨干 (区级及以上), their share among all teachers against the target (¼ by default,
//! [`PipelineSettings::target_share`]), the teachers on each [`Stage`], and the gains and losses
//! between consecutive years ([`Flows`]); and the thin spots: schools of the watched 城乡 buckets
//! without any 骨干 in a subject they teach ([`ThinSpot`]).
//!
//! The rules:
//! * A teacher's stage in a year is the higher of the roster's level and every title awarded by
//!   that year ([`stage_in`]); 骨干 is 区级 and above (培养对象 is not).
//! * A teacher counts once in a year (the first roster row of their 教师编号), at the school of
//!   that row.
//! * Between years Y−1 and Y, per school: 晋升 (same school, became 骨干), 降级/到期 (same
//!   school, no longer 骨干), 调入/调出 (the roster's school changed: 骨干 in the year at the
//!   school they arrived at or left), 新入职 (not in Y−1's roster, 骨干 in Y), 离开 (not in Y's
//!   roster, 骨干 in Y−1); 升级 and 降低 count level changes within 骨干 at the same school. The
//!   count of 骨干 changes by exactly 晋升 + 调入 + 新入职 − 降级 − 调出 − 离开.

mod compute;
mod stage;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use junheng_core::school::SchoolCode;
use junheng_core::urban::UrbanRuralCategory;

pub use compute::pipeline;
pub use stage::{HonourTitle, Stage, stage_in};

/// The pipeline's settings, with the reports' figures as defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineSettings {
    /// The target share of 骨干 among all teachers: ¼ (沙坪坝: «各类优秀骨干教师占在职教师总数的
    /// 四分之一»). A school or bucket at exactly the target meets it.
    pub target_share: f64,
    /// The subjects whose lack of 骨干 is a thin spot (default 语文, 数学, 英语); empty: every
    /// subject taught.
    pub thin_subjects: Vec<String>,
    /// The 城乡 buckets whose schools are checked for thin spots (default 乡村).
    pub thin_areas: Vec<UrbanRuralCategory>,
}

impl Default for PipelineSettings {
    fn default() -> Self {
        Self {
            target_share: 0.25,
            thin_subjects: vec!["语文".into(), "数学".into(), "英语".into()],
            thin_areas: vec![UrbanRuralCategory::Rural],
        }
    }
}

/// What the pipeline knows of a school: its name and 城乡 bucket (from the year's statistics).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolPlace {
    /// 学校名称.
    pub name: String,
    /// 城乡分类.
    pub area: UrbanRuralCategory,
}

/// The schools' places by code; a school absent from it is 未分类 and named by its code.
pub type Places = BTreeMap<SchoolCode, SchoolPlace>;

/// Gains and losses of 骨干 between the previous year and this one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flows {
    /// 晋升: same school, became 骨干.
    pub promoted: u32,
    /// 升级: same school, 骨干 both years, a higher stage.
    pub raised: u32,
    /// 调入: moved in from another school, 骨干 this year.
    pub rotated_in: u32,
    /// 新入职: not in last year's roster, 骨干 this year.
    pub joined: u32,
    /// 降级/到期: same school, 骨干 last year, not this year.
    pub demoted: u32,
    /// 降低: same school, 骨干 both years, a lower stage.
    pub lowered: u32,
    /// 调出: moved to another school, 骨干 last year.
    pub rotated_out: u32,
    /// 离开: not in this year's roster, 骨干 last year.
    pub left: u32,
}

impl Flows {
    /// 骨干 gained: 晋升 + 调入 + 新入职.
    pub fn gained(&self) -> u32 {
        self.promoted + self.rotated_in + self.joined
    }

    /// 骨干 lost: 降级 + 调出 + 离开.
    pub fn lost(&self) -> u32 {
        self.demoted + self.rotated_out + self.left
    }

    fn add(&mut self, o: &Flows) {
        self.promoted += o.promoted;
        self.raised += o.raised;
        self.rotated_in += o.rotated_in;
        self.joined += o.joined;
        self.demoted += o.demoted;
        self.lowered += o.lowered;
        self.rotated_out += o.rotated_out;
        self.left += o.left;
    }
}

/// The counts of one school (or bucket) in one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// 专任教师 in the roster.
    pub teachers: u32,
    /// 骨干 (区级及以上).
    pub backbone: u32,
    /// Teachers on each stage, in [`Stage::ALL`] order (培养对象 first).
    pub stages: [u32; 4],
    /// 骨干 / teachers (`None` without teachers).
    pub share: Option<f64>,
    /// Whether the share reaches the target (`None` without teachers).
    pub meets_target: Option<bool>,
    /// Gains and losses since the previous year (`None` in the first year of the rosters).
    pub flows: Option<Flows>,
}

impl Tally {
    /// Sets the share and whether it meets `target` from the counts.
    pub fn finish(&mut self, target: f64) {
        self.share =
            (self.teachers > 0).then(|| f64::from(self.backbone) / f64::from(self.teachers));
        self.meets_target = self.share.map(|s| s >= target);
    }

    /// Adds another tally's counts and flows (a sum of schools); call [`Tally::finish`] after.
    pub fn merge(&mut self, o: &Tally) {
        self.teachers += o.teachers;
        self.backbone += o.backbone;
        for (a, b) in self.stages.iter_mut().zip(o.stages) {
            *a += b;
        }
        if let Some(f) = &o.flows {
            self.flows.get_or_insert_with(Flows::default).add(f);
        }
    }
}

/// One school's line of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolLine {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称 (the code when unknown).
    pub name: String,
    /// 城乡分类.
    pub area: UrbanRuralCategory,
    /// Its counts.
    pub tally: Tally,
}

/// One 城乡 bucket's line of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaLine {
    /// The bucket.
    pub area: UrbanRuralCategory,
    /// Its counts (the sum of its schools').
    pub tally: Tally,
}

/// A school of a watched bucket with no 骨干 in a subject it teaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThinSpot {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 学科.
    pub subject: String,
    /// Teachers of that subject at the school (none of them 骨干).
    pub teachers: u32,
}

/// The pipeline of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearPipeline {
    /// 学年.
    pub year: i32,
    /// The previous roster year the flows compare with (`None`: the first year).
    pub previous: Option<i32>,
    /// Every school of the year's roster, by code.
    pub schools: Vec<SchoolLine>,
    /// Every bucket with teachers, in report order.
    pub areas: Vec<AreaLine>,
    /// The whole district.
    pub district: Tally,
    /// The thin spots, by school then subject.
    pub thin: Vec<ThinSpot>,
}

#[cfg(test)]
mod tests;
