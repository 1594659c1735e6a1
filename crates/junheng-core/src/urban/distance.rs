//! One unit's distance from the district's 城区 mean, for gap sentences about rural schools.

use serde::Serialize;

use super::{UrbanRuralCategory, spread_of, units_of};
use crate::evaluate::Evaluation;
use crate::school::{SchoolCode, Section};

/// How far one unit's value lies from the student-weighted mean of the section's 城区 units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrbanDistance {
    /// The unit's id (see [`crate::evaluate::Unit::id`]).
    pub unit_id: String,
    /// 学校标识码 of the unit's school (the parent, when asked about a merged teaching point).
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// The unit's 城乡分类.
    pub category: UrbanRuralCategory,
    /// 学段.
    pub section: Section,
    /// Indicator id.
    pub indicator: String,
    /// The unit's value, as the evaluation computed it (apportioned).
    pub value: f64,
    /// The student-weighted mean of the section's 城区 units.
    pub urban_mean: f64,
    /// Number of 城区 units in the section.
    pub urban_units: usize,
    /// `value − urban_mean`: negative when the unit lies below the urban mean.
    pub difference: f64,
    /// `value ÷ urban_mean`; `None` when the urban mean is 0.
    pub ratio: Option<f64>,
}

/// Why a distance cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistanceError {
    /// The evaluation has no unit in the section.
    #[error("本次评估没有{0}学段")]
    NoSection(Section),
    /// The rulebook has no such indicator.
    #[error("评估规则中没有指标“{0}”")]
    NoIndicator(String),
    /// The school has no unit in the section.
    #[error("学校 {school} 在{section}学段没有评估单位")]
    NoUnit {
        /// The school asked about.
        school: SchoolCode,
        /// The section asked about.
        section: Section,
    },
    /// The section has no 城区 unit to compare with.
    #[error("本区县{0}学段没有城区学校，无法与城区均值比较")]
    NoUrbanUnits(Section),
}

/// The distance of `school`'s unit in `section` from the 城区 mean of `indicator`.
///
/// The unit is the school's own or, for a teaching point merged into its parent, the parent's.
/// The mean is the one [`super::split`] reports for 城区, so the two agree. Each call scans the
/// section's units once.
///
/// ```
/// use junheng_core::{demo, evaluate::evaluate, rulebook::Rulebook, school::Section, urban};
/// let schools = demo::generate(&demo::DemoSpec { schools: 60, seed: 3, year: 2024 });
/// let evaluation = evaluate(&schools, &Rulebook::builtin("cn-2017").unwrap()).unwrap();
/// let unit = &evaluation.sections[0].units[0];
/// let d = urban::distance_from_urban(&evaluation, unit.school_code(), Section::Primary,
///     "teaching_room_area_per_student").unwrap();
/// assert_eq!(d.difference, d.value - d.urban_mean);
/// ```
pub fn distance_from_urban(
    evaluation: &Evaluation<'_>,
    school: &SchoolCode,
    section: Section,
    indicator: &str,
) -> Result<UrbanDistance, DistanceError> {
    let s = evaluation
        .sections
        .iter()
        .find(|s| s.section == section)
        .ok_or(DistanceError::NoSection(section))?;
    let i = s
        .indicators
        .iter()
        .position(|ind| ind.id == indicator)
        .ok_or_else(|| DistanceError::NoIndicator(indicator.to_owned()))?;
    let u = s
        .units
        .iter()
        .position(|unit| &unit.record.code == school)
        .or_else(|| {
            s.units
                .iter()
                .position(|unit| unit.merged.iter().any(|m| &m.code == school))
        })
        .ok_or_else(|| DistanceError::NoUnit {
            school: school.clone(),
            section,
        })?;
    let urban = units_of(s, UrbanRuralCategory::Urban);
    let spread = spread_of(s, i, &urban).ok_or(DistanceError::NoUrbanUnits(section))?;
    let unit = &s.units[u];
    let value = s.values[i][u];
    Ok(UrbanDistance {
        unit_id: unit.id(),
        school_code: unit.record.code.clone(),
        name: unit.record.name.clone(),
        category: UrbanRuralCategory::of(unit.record.urban_rural),
        section,
        indicator: s.indicators[i].id.clone(),
        value,
        urban_mean: spread.mean,
        urban_units: urban.len(),
        difference: value - spread.mean,
        ratio: (spread.mean != 0.0).then(|| value / spread.mean),
    })
}
