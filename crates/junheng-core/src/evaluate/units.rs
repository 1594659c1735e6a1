//! From schools to evaluated units: one unit per section of a school that has students, with
//! teaching points kept, merged or excluded, and shared facilities apportioned.

use std::collections::HashMap;

use serde::Serialize;

use crate::rulebook::{Policy, Quantity, TeachingPointPolicy};
use crate::school::{SchoolCode, SchoolKind, SchoolRecord, Section};

use super::EvaluateError;

/// One evaluated unit: a single-section school, a section of a multi-section school (小学部 /
/// 初中部), or a teaching point kept as its own unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// 学校标识码 of the school (the parent for merged teaching points).
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// 办学类型.
    pub kind: SchoolKind,
    /// The section this unit is evaluated in.
    pub section: Section,
    /// 在校生数 of the unit (teaching points merged in included).
    pub students: u32,
    /// Share of the school's facilities apportioned to this unit (1 for single-section schools).
    pub facility_share: f64,
    /// Teaching points merged into this unit.
    pub merged: Vec<SchoolCode>,
    /// Amount of every quantity, in base units, after apportionment.
    pub(crate) amounts: [f64; Quantity::COUNT],
}

impl Unit {
    /// The unit's id: the school code, or `code-primary` / `code-junior` for a section of a
    /// multi-section school.
    pub fn id(&self) -> String {
        if self.is_section_of_multi_section_school() {
            format!("{}-{}", self.school_code, self.section.id())
        } else {
            self.school_code.to_string()
        }
    }

    /// Whether this is one section of a school with several sections.
    pub fn is_section_of_multi_section_school(&self) -> bool {
        self.kind.sections().len() > 1
    }

    /// The amount of a quantity in base units (元 for equipment), after apportionment.
    pub fn amount(&self, quantity: Quantity) -> f64 {
        self.amounts[quantity.index()]
    }
}

/// A school that produced no unit, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    /// 学校标识码.
    pub school_code: SchoolCode,
    /// 学校名称.
    pub name: String,
    /// Why it is not evaluated.
    pub reason: ExclusionReason,
}

/// Why a school is not evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExclusionReason {
    /// 特殊教育学校 are outside the resource indicators.
    SpecialSchool,
    /// A teaching point below the policy's minimum number of students.
    SmallTeachingPoint {
        /// Its students.
        students: u32,
        /// The policy's minimum.
        min_students: u32,
    },
    /// No students in any evaluated section.
    NoStudents,
}

impl ExclusionReason {
    /// Chinese explanation.
    pub fn describe(&self) -> String {
        match self {
            ExclusionReason::SpecialSchool => "特殊教育学校不参加资源配置指标评估".into(),
            ExclusionReason::SmallTeachingPoint {
                students,
                min_students,
            } => {
                format!("教学点在校生 {students} 人，少于规则规定的 {min_students} 人，不单独计算")
            }
            ExclusionReason::NoStudents => "小学、初中在校生数均为 0，不构成评估单位".into(),
        }
    }
}

/// The units of a district, per evaluated section, and the schools left out.
pub(crate) struct Units {
    pub primary: Vec<Unit>,
    pub junior: Vec<Unit>,
    pub excluded: Vec<Excluded>,
}

/// Builds the units. Records must all be of one year with unique codes.
pub(crate) fn build(records: &[SchoolRecord], policy: &Policy) -> Result<Units, EvaluateError> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        if index.insert(r.code.as_str(), i).is_some() {
            return Err(EvaluateError::DuplicateCode(r.code.clone()));
        }
    }
    // Teaching points merged into each host, when the policy merges them.
    let mut merged_into: HashMap<usize, Vec<usize>> = HashMap::new();
    if policy.teaching_points == TeachingPointPolicy::Merge {
        for (i, r) in records.iter().enumerate() {
            if r.kind != SchoolKind::TeachingPoint {
                continue;
            }
            let parent = r
                .parent_code
                .as_ref()
                .ok_or_else(|| EvaluateError::MissingParent {
                    school: r.code.clone(),
                    parent: None,
                })?;
            let host = *index
                .get(parent.as_str())
                .ok_or_else(|| EvaluateError::MissingParent {
                    school: r.code.clone(),
                    parent: Some(parent.clone()),
                })?;
            if records[host].kind == SchoolKind::TeachingPoint {
                return Err(EvaluateError::ParentIsTeachingPoint {
                    school: r.code.clone(),
                    parent: parent.clone(),
                });
            }
            merged_into.entry(host).or_default().push(i);
        }
    }

    let mut units = Units {
        primary: Vec::new(),
        junior: Vec::new(),
        excluded: Vec::new(),
    };
    for (i, record) in records.iter().enumerate() {
        let exclude = |reason| Excluded {
            school_code: record.code.clone(),
            name: record.name.clone(),
            reason,
        };
        match (record.kind, policy.teaching_points) {
            (SchoolKind::Special, _) => {
                units.excluded.push(exclude(ExclusionReason::SpecialSchool));
                continue;
            }
            (SchoolKind::TeachingPoint, TeachingPointPolicy::Merge) => continue,
            (SchoolKind::TeachingPoint, TeachingPointPolicy::ExcludeBelow { min_students })
                if record.primary.students < min_students =>
            {
                let students = record.primary.students;
                units
                    .excluded
                    .push(exclude(ExclusionReason::SmallTeachingPoint {
                        students,
                        min_students,
                    }));
                continue;
            }
            _ => {}
        }
        let guests = merged_into.get(&i).map(Vec::as_slice).unwrap_or(&[]);
        let before = units.primary.len() + units.junior.len();
        for section in Section::EVALUATED {
            if let Some(unit) = unit_of(records, i, guests, section, policy) {
                match section {
                    Section::Primary => units.primary.push(unit),
                    _ => units.junior.push(unit),
                }
            }
        }
        if units.primary.len() + units.junior.len() == before {
            units.excluded.push(exclude(ExclusionReason::NoStudents));
        }
    }
    Ok(units)
}

/// The unit of one section of a host record with its merged teaching points, if it has students.
fn unit_of(
    records: &[SchoolRecord],
    host: usize,
    guests: &[usize],
    section: Section,
    policy: &Policy,
) -> Option<Unit> {
    let record = &records[host];
    let own = if record.kind.has(section) {
        record.students(section)
    } else {
        0
    };
    // Teaching points only have a primary section.
    let guests = if section == Section::Primary {
        guests
    } else {
        &[]
    };
    let guest_students: u32 = guests.iter().map(|&g| records[g].primary.students).sum();
    let students = own + guest_students;
    if students == 0 {
        return None;
    }
    let share = facility_share(record, section, policy);
    let mut amounts = [0.0; Quantity::COUNT];
    for q in Quantity::ALL {
        let mut amount = if q.is_facility() {
            share * q.amount(record, section, policy)
        } else if record.kind.has(section) {
            q.amount(record, section, policy)
        } else {
            0.0
        };
        for &g in guests {
            amount += q.amount(&records[g], section, policy);
        }
        amounts[q.index()] = amount;
    }
    Some(Unit {
        school_code: record.code.clone(),
        name: record.name.clone(),
        kind: record.kind,
        section,
        students,
        facility_share: share,
        merged: guests.iter().map(|&g| records[g].code.clone()).collect(),
        amounts,
    })
}

/// A section's share of a school's facilities: `w_s · P_s / Σ w · P` over the sections the school
/// has, 高中 included; 1 when the school has no students in any section.
///
/// ```text
/// 166 小学生 + 210 初中生, weights 1 : 1.1  →  小学 share = 166 / (166 + 1.1 × 210)
/// ```
pub fn facility_share(record: &SchoolRecord, section: Section, policy: &Policy) -> f64 {
    let w = &policy.apportion_weights;
    let weighted = |s: Section| {
        if record.kind.has(s) {
            w.of(s) * f64::from(record.students(s))
        } else {
            0.0
        }
    };
    let total: f64 = [Section::Primary, Section::Junior, Section::Senior]
        .into_iter()
        .map(weighted)
        .sum();
    if total > 0.0 {
        weighted(section) / total
    } else {
        1.0
    }
}
