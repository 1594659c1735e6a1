//! 增值评价 between two exams of one cohort (an earlier exam as input, a later one as output):
//! per school, class and 任课教师, as the caller may see it (a teacher each class in the subject
//! they teach it, and their own unit), with the stability caveats the page shows.

use junheng_core::exam::{
    QualitySettings, UnitLevel, VALUE_ADDED_CAVEATS, VaUnit, ValueAddedMethod,
    value_added as compute,
};
use junheng_store::{DistrictStore, ExamInfo, StudentKeys};
use serde::Serialize;

use super::Refused;
use super::load::load;
use super::report::teacher_name;
use super::who::{Sight, sight};
use crate::pairings::Caller;

/// One unit's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaRow {
    /// School, class or teacher.
    pub level: UnitLevel,
    /// The school's code.
    pub code: String,
    /// Its name (a class as 学校 · 班级, a teacher as 学校 · 教师编号（班级、班级）).
    pub name: String,
    /// The figures.
    pub unit: VaUnit,
}

/// One subject's value added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaSubject {
    /// 学科 or 总分.
    pub subject: String,
    /// The correlation of input and output over matched students.
    pub r: Option<f64>,
    /// The pool's row.
    pub all: VaUnit,
    /// Visible schools, then their classes, then their teachers.
    pub rows: Vec<VaRow>,
}

/// Value added between two exams.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VaReport {
    /// The input exam.
    pub input: ExamInfo,
    /// The output exam.
    pub output: ExamInfo,
    /// The method.
    pub method: ValueAddedMethod,
    /// The coverage a unit needs to be banded.
    pub min_coverage: f64,
    /// Per subject, then 总分.
    pub subjects: Vec<VaSubject>,
    /// What the page says about stability.
    pub caveats: [&'static str; 4],
}

/// Value added from `input` to `output` (a later exam of the same cohort).
pub async fn value_added(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    input: i64,
    output: i64,
    settings: &QualitySettings,
) -> Result<VaReport, Refused> {
    let sight = sight(caller);
    if matches!(sight, Sight::Nothing | Sight::District) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let a = load(store, keys, input).await?;
    let b = load(store, keys, output).await?;
    if a.info.on_date >= b.info.on_date || a.info.grade > b.info.grade {
        return Err(Refused::Store(junheng_store::StoreError::Invalid(format!(
            "增值评价要求同一批学生的先后两次考试：「{}」（{} 年级，{}）应早于「{}」（{} 年级，{}）",
            a.info.name, a.info.grade, a.info.on_date, b.info.name, b.info.grade, b.info.on_date
        ))));
    }
    let va = compute(&a.exam, &b.exam, settings);
    let exam = &b.exam;
    let subjects = va
        .subjects
        .into_iter()
        .map(|s| {
            // The output paper (past the papers for 总分, which no teacher teaches).
            let paper = exam
                .papers()
                .iter()
                .position(|p| p.subject == s.subject)
                .unwrap_or(usize::MAX);
            let mut rows: Vec<VaRow> = s
                .schools
                .iter()
                .enumerate()
                .filter(|(i, _)| sight.shows_school_row(exam, *i))
                .map(|(i, u)| VaRow {
                    level: UnitLevel::School,
                    code: exam.schools()[i].code.clone(),
                    name: exam.schools()[i].name.clone(),
                    unit: *u,
                })
                .collect();
            rows.extend(
                s.classes
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| sight.shows_class_row(exam, *c, paper, b.info.grade))
                    .map(|(c, u)| {
                        let class = &exam.classes()[c];
                        let school = &exam.schools()[class.school as usize];
                        VaRow {
                            level: UnitLevel::Class,
                            code: school.code.clone(),
                            name: format!("{} · {}", school.name, class.name),
                            unit: *u,
                        }
                    }),
            );
            rows.extend(
                s.teachers
                    .iter()
                    .filter(|t| sight.shows_teacher(exam, t.school as usize, &t.teacher))
                    .map(|t| VaRow {
                        level: UnitLevel::Teacher,
                        code: exam.schools()[t.school as usize].code.clone(),
                        name: teacher_name(exam, t.school, &t.teacher, &t.classes),
                        unit: t.unit,
                    }),
            );
            VaSubject {
                subject: s.subject,
                r: s.r,
                all: s.all,
                rows,
            }
        })
        .collect();
    Ok(VaReport {
        input: a.info,
        output: b.info,
        method: settings.value_added.method,
        min_coverage: settings.value_added.min_coverage,
        subjects,
        caveats: VALUE_ADDED_CAVEATS,
    })
}
