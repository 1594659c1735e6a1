//! From schools to evaluated units: one unit per section of a school that has students, with
//! teaching points kept, merged or excluded, and shared facilities apportioned.

use std::collections::HashMap;

use serde::Serialize;

use crate::rulebook::{Policy, Quantity, TeachingPointPolicy};
use crate::school::{SchoolCode, SchoolKind, SchoolRecord, Section};

use super::EvaluateError;

/// One evaluated unit: a single-section school, a section of a multi-section school (小学部 /
/// 初中部), or a teaching point kept as its own unit.
///
/// A unit borrows its school's record: evaluating 200 000 units copies no names or codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'a> {
    /// The school (the parent for merged teaching points).
    pub record: &'a SchoolRecord,
    /// The section this unit is evaluated in.
    pub section: Section,
    /// 在校生数 of the unit (teaching points merged in included): a sum over schools, so `u64`.
    pub students: u64,
    /// Share of the school's facilities apportioned to this unit (1 for single-section schools).
    pub facility_share: f64,
    /// Teaching points merged into this unit.
    pub merged: Vec<&'a SchoolRecord>,
}

impl<'a> Unit<'a> {
    /// 学校标识码 of the school.
    pub fn school_code(&self) -> &'a SchoolCode {
        &self.record.code
    }

    /// 学校名称.
    pub fn name(&self) -> &'a str {
        &self.record.name
    }

    /// 办学类型.
    pub fn kind(&self) -> SchoolKind {
        self.record.kind
    }

    /// The unit's id: the school code, or `code-primary` / `code-junior` for a section of a
    /// multi-section school.
    pub fn id(&self) -> String {
        if self.is_section_of_multi_section_school() {
            format!("{}-{}", self.record.code, self.section.id())
        } else {
            self.record.code.to_string()
        }
    }

    /// Whether this is one section of a school with several sections.
    pub fn is_section_of_multi_section_school(&self) -> bool {
        self.record.kind.sections().len() > 1
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
pub(crate) struct Units<'a> {
    pub primary: SectionUnits<'a>,
    pub junior: SectionUnits<'a>,
    pub excluded: Vec<Excluded>,
}

/// The units of one section with, column by column, the amount of each indicator's quantity
/// (base units, after apportionment): `amounts[indicator][unit]`.
pub(crate) struct SectionUnits<'a> {
    pub units: Vec<Unit<'a>>,
    pub amounts: Vec<Vec<f64>>,
}

impl<'a> SectionUnits<'a> {
    /// Empty, with room for `rows` units (untouched room costs no memory).
    fn new(columns: usize, rows: usize) -> Self {
        Self {
            units: Vec::with_capacity(rows),
            amounts: (0..columns).map(|_| Vec::with_capacity(rows)).collect(),
        }
    }
}

/// Builds the units. Records must all be of one year with unique codes.
/// Only the `quantities` the rulebook's indicators use are computed.
pub(crate) fn build<'a>(
    records: &'a [SchoolRecord],
    policy: &Policy,
    quantities: &[Quantity],
) -> Result<Units<'a>, EvaluateError> {
    // Teaching points merged into each host, when the policy merges them (the codes checked
    // first); otherwise the codes are checked beside the units' building.
    let merge = policy.teaching_points == TeachingPointPolicy::Merge;
    let merged_into = if merge {
        merged_into(records, &code_index(records)?)?
    } else {
        HashMap::new()
    };

    // Each section on its own thread, over every record in file order: the units land in their
    // final vectors with nothing to join (joining chunks of both sections copied every unit
    // again, into fresh memory: a third of the evaluation at national scale).
    let section = |section: Section| {
        let mut out = SectionUnits::new(quantities.len(), records.len());
        for i in 0..records.len() {
            if evaluated(&records[i], policy) {
                let guests = guests_of(&merged_into, i);
                push_unit(records, i, guests, section, policy, quantities, &mut out);
            }
        }
        out
    };
    // The junior section (the smaller), the exclusions and the codes' check on one thread, the
    // primary section on the other.
    let rest = || {
        let codes = if merge {
            Ok(())
        } else {
            code_index(records).map(drop)
        };
        let junior = section(Section::Junior);
        let excluded = (0..records.len())
            .filter_map(|i| exclusion(records, i, &merged_into, policy))
            .collect::<Vec<_>>();
        (codes, junior, excluded)
    };
    let (primary, (codes, junior, excluded)) = if records.len() < crate::parallel::MIN_CHUNK {
        (section(Section::Primary), rest())
    } else {
        std::thread::scope(|scope| {
            let rest = scope.spawn(rest);
            let primary = section(Section::Primary);
            (primary, rest.join().expect("unit builder panicked"))
        })
    };
    codes?;
    Ok(Units {
        primary,
        junior,
        excluded,
    })
}

/// The records' codes as integers with their positions, sorted (codes are 10 digits: sorting
/// them as integers finds duplicates and parents fast), or the first duplicate.
fn code_index(records: &[SchoolRecord]) -> Result<Vec<(u64, usize)>, EvaluateError> {
    let mut index: Vec<(u64, usize)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (key(&r.code), i))
        .collect();
    index.sort_unstable();
    if let Some(w) = index.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(EvaluateError::DuplicateCode(records[w[1].1].code.clone()));
    }
    Ok(index)
}

/// For each host, the teaching points merged into it; every teaching point must name a host
/// that is in the file and is not itself a teaching point.
fn merged_into(
    records: &[SchoolRecord],
    index: &[(u64, usize)],
) -> Result<HashMap<usize, Vec<usize>>, EvaluateError> {
    let find = |code: &SchoolCode| {
        index
            .binary_search_by_key(&key(code), |&(k, _)| k)
            .ok()
            .map(|at| index[at].1)
    };
    let mut merged_into: HashMap<usize, Vec<usize>> = HashMap::new();
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
        let host = find(parent).ok_or_else(|| EvaluateError::MissingParent {
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
    Ok(merged_into)
}

/// The teaching points merged into record `i`.
fn guests_of(merged_into: &HashMap<usize, Vec<usize>>, i: usize) -> &[usize] {
    merged_into.get(&i).map(Vec::as_slice).unwrap_or(&[])
}

/// Whether a record is evaluated in its own units: not a special school, not a teaching point
/// merged into its host or left out for its size.
fn evaluated(record: &SchoolRecord, policy: &Policy) -> bool {
    match (record.kind, policy.teaching_points) {
        (SchoolKind::Special, _) | (SchoolKind::TeachingPoint, TeachingPointPolicy::Merge) => false,
        (SchoolKind::TeachingPoint, TeachingPointPolicy::ExcludeBelow { min_students }) => {
            record.primary.students >= min_students
        }
        _ => true,
    }
}

/// Why record `i` has no unit, if it has none and is not merged into another.
fn exclusion(
    records: &[SchoolRecord],
    i: usize,
    merged_into: &HashMap<usize, Vec<usize>>,
    policy: &Policy,
) -> Option<Excluded> {
    let record = &records[i];
    let reason = match (record.kind, policy.teaching_points) {
        (SchoolKind::Special, _) => ExclusionReason::SpecialSchool,
        (SchoolKind::TeachingPoint, TeachingPointPolicy::Merge) => return None,
        (SchoolKind::TeachingPoint, TeachingPointPolicy::ExcludeBelow { min_students })
            if record.primary.students < min_students =>
        {
            ExclusionReason::SmallTeachingPoint {
                students: record.primary.students,
                min_students,
            }
        }
        _ => {
            let guests = guests_of(merged_into, i);
            if Section::EVALUATED
                .iter()
                .any(|&s| unit_students(records, i, guests, s) > 0)
            {
                return None;
            }
            ExclusionReason::NoStudents
        }
    };
    Some(Excluded {
        school_code: record.code.clone(),
        name: record.name.clone(),
        reason,
    })
}

/// A school code as an integer (codes are exactly 10 ASCII digits).
fn key(code: &SchoolCode) -> u64 {
    code.as_str()
        .bytes()
        .fold(0, |k, b| k * 10 + u64::from(b - b'0'))
}

/// The students of one section of a host record with its merged teaching points (which have
/// only a primary section).
fn unit_students(records: &[SchoolRecord], host: usize, guests: &[usize], section: Section) -> u64 {
    let record = &records[host];
    let own = if record.kind.has(section) {
        u64::from(record.students(section))
    } else {
        0
    };
    if section != Section::Primary {
        return own;
    }
    own + guests
        .iter()
        .map(|&g| u64::from(records[g].primary.students))
        .sum::<u64>()
}

/// Appends the unit of one section of a host record with its merged teaching points, if it has
/// students.
fn push_unit<'a>(
    records: &'a [SchoolRecord],
    host: usize,
    guests: &[usize],
    section: Section,
    policy: &Policy,
    quantities: &[Quantity],
    out: &mut SectionUnits<'a>,
) {
    let record = &records[host];
    let students = unit_students(records, host, guests, section);
    if students == 0 {
        return;
    }
    // Teaching points only have a primary section.
    let guests = if section == Section::Primary {
        guests
    } else {
        &[]
    };
    let share = facility_share(record, section, policy);
    for (column, &q) in out.amounts.iter_mut().zip(quantities) {
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
        column.push(amount);
    }
    out.units.push(Unit {
        record,
        section,
        students,
        facility_share: share,
        merged: guests.iter().map(|&g| &records[g]).collect(),
    });
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
