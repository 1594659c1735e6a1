//! 一校一案: the building projects of a district (新建, 改扩建, 挖潜扩容, 改造) and what they do to a
//! year's statistics before the bureau funds them (**what-if**).
//!
//! A project adds to its school's row what the statistics would then report: classes, 教学及辅助
//! 用房 (the gym counted in it, as the statistics tables count it), 体育馆, 运动场地, equipment
//! (万元) and rooms. [`apply`] returns the year's rows with every project added — exactly the rows
//! a bureau would import after the works — and [`what_if`] evaluates both and sets them side by
//! side: each unit's seven values and verdict, each 差异系数 against its limit.
//!
//! A 新建 school has no row to add to: it enters a what-if as a planned row of its own (the
//! statistics it will report), added to the year's rows by the caller.

use serde::{Deserialize, Serialize};

use crate::evaluate::{EvaluateError, Evaluation, evaluate};
use crate::rulebook::Rulebook;
use crate::school::{SchoolCode, SchoolRecord, Section};

/// What a project adds to its school's row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Additions {
    /// 小学 classes added.
    pub primary_classes: u32,
    /// 初中 classes added.
    pub junior_classes: u32,
    /// 教学及辅助用房 added (㎡), the gym left out (it is [`Additions::gym_area`]).
    pub teaching_room_area: f64,
    /// 体育馆 added (㎡); the statistics count it in the teaching room area as well.
    pub gym_area: f64,
    /// 运动场地 added (㎡).
    pub sports_ground_area: f64,
    /// 教学仪器设备 added (万元).
    pub equipment_value: f64,
    /// 网络多媒体教室 added.
    pub multimedia_rooms: u32,
    /// 音乐专用教室 added.
    pub music_rooms: u32,
    /// 美术专用教室 added.
    pub art_rooms: u32,
}

impl Additions {
    /// Adds these to a school's row.
    pub fn add_to(&self, record: &mut SchoolRecord) {
        record.primary.classes += self.primary_classes;
        record.junior.classes += self.junior_classes;
        let f = &mut record.facilities;
        f.teaching_room_area += self.teaching_room_area + self.gym_area;
        f.gym_area += self.gym_area;
        f.sports_ground_area += self.sports_ground_area;
        f.equipment_value += self.equipment_value;
        f.multimedia_rooms += self.multimedia_rooms;
        f.music_rooms += self.music_rooms;
        f.art_rooms += self.art_rooms;
    }
}

/// Why projects cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProjectError {
    /// A project names a school the year's statistics do not hold.
    #[error(
        "项目「{project}」的学校 {school} 不在该学年的学校基本情况表中；新建学校请以规划数据加入该校一行"
    )]
    UnknownSchool { project: String, school: SchoolCode },
    /// The evaluation of the rows before or after failed.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
}

/// A project as the what-if needs it: its name, its school and what it adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The project's name, for messages.
    pub project: String,
    /// 学校标识码 of the school it adds to.
    pub school: SchoolCode,
    /// What it adds.
    pub adds: Additions,
}

/// The year's rows with every change added to its school's row.
pub fn apply(
    records: &[SchoolRecord],
    changes: &[Change],
) -> Result<Vec<SchoolRecord>, ProjectError> {
    let mut out = records.to_vec();
    for change in changes {
        let row = out
            .iter_mut()
            .find(|r| r.code == change.school)
            .ok_or_else(|| ProjectError::UnknownSchool {
                project: change.project.clone(),
                school: change.school.clone(),
            })?;
        change.adds.add_to(row);
    }
    Ok(out)
}

/// One unit before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitChange {
    /// The unit's id (the code, or `code-primary` for a section of a multi-section school).
    pub unit: String,
    /// 学校名称.
    pub name: String,
    /// Its 学段.
    pub section: Section,
    /// The indicators' values before, in rulebook order.
    pub before: Vec<f64>,
    /// The same after.
    pub after: Vec<f64>,
    /// Whether it passed the unit rule before (`None` without one).
    pub passed: Option<bool>,
    /// Whether it passes after.
    pub passes: Option<bool>,
}

/// One 差异系数 before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpreadChange {
    /// Its 学段.
    pub section: Section,
    /// Indicator id.
    pub indicator: String,
    /// 差异系数 before (`None` when not computable).
    pub before: Option<f64>,
    /// 差异系数 after.
    pub after: Option<f64>,
    /// The limit, when the rulebook sets one.
    pub limit: Option<f64>,
    /// Whether it was within its limit before (`None` without a limit), as the evaluation
    /// compares (its decimals).
    pub met: Option<bool>,
    /// Whether it is within its limit after.
    pub meets: Option<bool>,
}

/// What a set of projects would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The units whose values or verdict change, in evaluation order.
    pub units: Vec<UnitChange>,
    /// Every 差异系数 of every 学段.
    pub spreads: Vec<SpreadChange>,
    /// Units failing the unit rule before and after.
    pub failing: (usize, usize),
    /// Whether the district passed before, and passes after.
    pub passes: (bool, bool),
}

/// Evaluates the year's rows before and after the changes and sets them side by side.
pub fn what_if(
    records: &[SchoolRecord],
    changes: &[Change],
    rulebook: &Rulebook,
) -> Result<WhatIf, ProjectError> {
    let changed = apply(records, changes)?;
    let before = evaluate(records, rulebook)?;
    let after = evaluate(&changed, rulebook)?;
    Ok(compare(&before, &after))
}

/// Sets two evaluations of the same schools side by side (the units are the same: projects add
/// to rows, never students).
fn compare(before: &Evaluation, after: &Evaluation) -> WhatIf {
    let mut units = Vec::new();
    let mut spreads = Vec::new();
    for (b, a) in before.sections.iter().zip(&after.sections) {
        for u in 0..b.units.len() {
            let values = |s: &crate::evaluate::SectionResult| -> Vec<f64> {
                s.values.iter().map(|column| column[u]).collect()
            };
            let (vb, va) = (values(b), values(a));
            let (pb, pa) = (b.verdicts[u].passes, a.verdicts[u].passes);
            if vb != va || pb != pa {
                units.push(UnitChange {
                    unit: b.units[u].id(),
                    name: b.units[u].name().to_owned(),
                    section: b.section,
                    before: vb,
                    after: va,
                    passed: pb,
                    passes: pa,
                });
            }
        }
        for (ib, ia) in b.indicators.iter().zip(&a.indicators) {
            spreads.push(SpreadChange {
                section: b.section,
                indicator: ib.id.clone(),
                before: ib.spread.cv,
                after: ia.spread.cv,
                limit: ib.cv_max,
                met: ib.passes,
                meets: ia.passes,
            });
        }
    }
    let failing = |e: &Evaluation| e.sections.iter().map(|s| s.failing_units).sum();
    WhatIf {
        units,
        spreads,
        failing: (failing(before), failing(after)),
        passes: (before.passes, after.passes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoSpec, generate};

    fn district() -> Vec<SchoolRecord> {
        generate(&DemoSpec {
            schools: 40,
            seed: 7,
            year: 2024,
        })
    }

    /// The what-if's "after" is the evaluation of the rows edited by hand.
    #[test]
    fn applying_a_project_equals_editing_the_statistics() {
        let records = district();
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let school = records[3].code.clone();
        let adds = Additions {
            primary_classes: 2,
            teaching_room_area: 1200.0,
            gym_area: 800.0,
            sports_ground_area: 5115.9,
            equipment_value: 40.0,
            multimedia_rooms: 3,
            ..Additions::default()
        };
        let change = Change {
            project: "一校一案".into(),
            school: school.clone(),
            adds,
        };
        let mut by_hand = records.clone();
        let row = &mut by_hand[3];
        row.primary.classes += 2;
        row.facilities.teaching_room_area += 2000.0;
        row.facilities.gym_area += 800.0;
        row.facilities.sports_ground_area += 5115.9;
        row.facilities.equipment_value += 40.0;
        row.facilities.multimedia_rooms += 3;
        let applied = apply(&records, std::slice::from_ref(&change)).unwrap();
        assert_eq!(applied, by_hand);
        let result = what_if(&records, &[change], &rulebook).unwrap();
        let expected = evaluate(&by_hand, &rulebook).unwrap();
        let ours: Vec<&UnitChange> = result
            .units
            .iter()
            .filter(|u| u.unit.starts_with(school.as_str()))
            .collect();
        assert!(!ours.is_empty(), "the school's units changed");
        for u in ours {
            let section = expected
                .sections
                .iter()
                .find(|s| s.section == u.section)
                .unwrap();
            let i = section.units.iter().position(|x| x.id() == u.unit).unwrap();
            let after: Vec<f64> = section.values.iter().map(|c| c[i]).collect();
            assert_eq!(u.after, after);
            assert_eq!(u.passes, section.verdicts[i].passes);
        }
        for s in &result.spreads {
            let section = expected
                .sections
                .iter()
                .find(|x| x.section == s.section)
                .unwrap();
            let indicator = section
                .indicators
                .iter()
                .find(|i| i.id == s.indicator)
                .unwrap();
            assert_eq!(s.after, indicator.spread.cv);
            assert_eq!(s.meets, indicator.passes);
        }
        assert_eq!(result.passes.1, expected.passes);
    }

    #[test]
    fn no_change_changes_nothing_and_an_unknown_school_is_named() {
        let records = district();
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let same = what_if(&records, &[], &rulebook).unwrap();
        assert!(same.units.is_empty());
        assert!(same.spreads.iter().all(|s| s.before == s.after));
        assert_eq!(same.failing.0, same.failing.1);
        let stranger = Change {
            project: "新校区".into(),
            school: SchoolCode::parse("9999999999").unwrap(),
            adds: Additions::default(),
        };
        let err = what_if(&records, &[stranger], &rulebook).unwrap_err();
        assert!(err.to_string().contains("9999999999"), "{err}");
        assert!(err.to_string().contains("新校区"), "{err}");
    }
}
