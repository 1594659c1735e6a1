//! A student's 成绩单 (for the school and the parents, through the school): each paper's score,
//! 标准分 and rank in the school and the pool. The read is recorded before anything is shown.

use junheng_core::exam::{QualitySettings, StudentCard, figures, student_card};
use junheng_core::school::SchoolCode;
use junheng_store::{DistrictStore, StudentKeys};

use super::Refused;
use super::import::key_of_pseudonym;
use super::load::load;
use super::who::may_name;
use crate::pairings::Caller;

/// A student's card with the class it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The exam's name.
    pub exam: String,
    /// The school's name.
    pub school: String,
    /// 班级.
    pub class: String,
    /// The card.
    pub card: StudentCard,
}

/// The card of registry child `student` in `exam`, for `caller` (the school, the class's
/// 班主任, the operator); `None` when the child has no row in the exam. `what` names the page or
/// command in the access log.
#[allow(clippy::too_many_arguments)]
pub async fn card(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    exam: i64,
    school: &SchoolCode,
    student: i64,
    settings: &QualitySettings,
    what: &str,
) -> Result<Option<Card>, Refused> {
    let keys = keys.ok_or(Refused::NoKeys)?;
    let info = store.exam(exam).await?;
    // Whether the caller may name anyone at the school (the class is checked once known).
    let at_school = match caller {
        Caller::Operator(_) => true,
        Caller::User(_) => matches!(
            super::who::sight(caller),
            super::who::Sight::School(ref s) | super::who::Sight::Class { school: ref s, .. } if s == school
        ),
    };
    if !at_school {
        return Err(Refused::Denied);
    }
    let loaded = load(store, keys, exam).await?;
    let key = {
        let pseudonym = store
            .student_pseudonym(student)
            .await?
            .ok_or(Refused::Store(junheng_store::StoreError::NotFound("学生")))?;
        key_of_pseudonym(&pseudonym).ok_or(Refused::Store(junheng_store::StoreError::Corrupt {
            table: "students",
            column: "pseudonym",
        }))?
    };
    let Some(ix) = loaded.exam.student_of(key) else {
        return Ok(None);
    };
    let class = &loaded.exam.classes()[loaded.exam.class_of()[ix] as usize];
    let unit = &loaded.exam.schools()[class.school as usize];
    if unit.code != school.as_str() || !may_name(caller, school, info.grade, &class.name) {
        return Err(Refused::Denied);
    }
    // Recorded before it is shown.
    store
        .record_exam_read(exam, student, &caller.actor(), what)
        .await?;
    let f = figures(&loaded.exam, settings);
    Ok(student_card(&loaded.exam, &f, ix).map(|card| Card {
        exam: info.name,
        school: unit.name.clone(),
        class: class.name.clone(),
        card,
    }))
}
